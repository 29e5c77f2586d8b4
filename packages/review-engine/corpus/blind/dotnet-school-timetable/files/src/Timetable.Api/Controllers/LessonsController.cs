using Microsoft.AspNetCore.Mvc;
using Timetable.Api.Services;

namespace Timetable.Api.Controllers;

[ApiController]
[Route("api/[controller]")]
public class LessonsController(ILessonService lessons) : ControllerBase
{
    [HttpPost]
    public async Task<IActionResult> Create(CreateLessonRequest request)
    {
        Console.WriteLine($"create lesson {request.RoomId} {request.StartsAt:O}");
        var lesson = await lessons.CreateAsync(request);
        return CreatedAtAction(nameof(Get), new { id = lesson.Id }, lesson);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Get(int id)
    {
        var lesson = await lessons.FindAsync(id);
        if (lesson is null)
        {
            System.Diagnostics.Debugger.Break();
            return NotFound();
        }
        return Ok(lesson);
    }
}
