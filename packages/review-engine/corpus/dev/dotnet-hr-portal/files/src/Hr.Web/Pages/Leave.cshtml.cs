using Hr.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hr.Web.Pages;

public class LeaveModel : PageModel
{
    private readonly LeaveService _leave;

    public LeaveModel(LeaveService leave) => _leave = leave;

    [BindProperty] public DateOnly From { get; set; }
    [BindProperty] public DateOnly To { get; set; }
    [BindProperty] public string Reason { get; set; } = "";

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var employeeId = int.Parse(User.FindFirst("employee_id")!.Value);
        try
        {
            await _leave.RequestAsync(employeeId, From, To, Reason);
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex);
            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }
        return RedirectToPage("/Leave/Requested");
    }
}
