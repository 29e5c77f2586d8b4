using Timetable.Cli;

// timetable-cli: prints a class's week, e.g. `timetable-cli week 7B`
if (args.Length < 2 || args[0] != "week")
{
    Console.Error.WriteLine("usage: timetable-cli week <class>");
    return 2;
}
var week = await Api.WeekAsync(args[1]);
foreach (var day in week.Days)
{
    Console.WriteLine(day.Name);
    foreach (var lesson in day.Lessons) Console.WriteLine($"  {lesson.Start:HH:mm} {lesson.Subject,-20} {lesson.Room}");
}
return 0;
