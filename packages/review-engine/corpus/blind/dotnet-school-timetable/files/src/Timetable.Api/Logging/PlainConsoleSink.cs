namespace Timetable.Api.Logging;

/// <summary>A tiny log sink for the container: one line per event on stdout, errors on stderr.</summary>
public sealed class PlainConsoleSink
{
    public void Write(string level, string message)
    {
        var line = $"{DateTimeOffset.UtcNow:O} [{level}] {message}";
        if (level == "ERR") Console.Error.WriteLine(line);
        else Console.WriteLine(line);
    }
}
