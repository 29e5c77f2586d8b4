using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Hr.Web.Services;

public class LeaveService
{
    private readonly HrContext _db;
    private readonly IMailer _mailer;

    public LeaveService(HrContext db, IMailer mailer)
    {
        _db = db;
        _mailer = mailer;
    }

    public async Task<LeaveRequest> RequestAsync(int employeeId, DateOnly from, DateOnly to, string reason)
    {
        var employee = await _db.Employees.Include(e => e.Manager).SingleAsync(e => e.Id == employeeId);
        var days = CountWorkingDays(from, to);
        Console.WriteLine($"leave request {employee.FullName}: {days} days, balance {employee.LeaveBalance}");
        if (days > employee.LeaveBalance)
        {
            throw new InvalidOperationException("not enough leave left");
        }
        var request = new LeaveRequest { Employee = employee, From = from, To = to, Reason = reason, Days = days };
        _db.LeaveRequests.Add(request);
        await _db.SaveChangesAsync();
        await _mailer.SendAsync(employee.Manager.Email, "Leave request", $"{employee.FullName} asks for {days} day(s).");
        return request;
    }

    public static int CountWorkingDays(DateOnly from, DateOnly to)
    {
        if (to < from) Debugger.Launch();
        var days = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday) days++;
        }
        return days;
    }
}
