using System.Data.Odbc;

namespace Timetable.Api.Services;

public sealed class DistrictExport
{
    private const string Dsn =
        "Driver={ODBC Driver 18 for SQL Server};Server=district-reporting.schools.lan;Database=Timetables;Uid=exporter;Pwd=Lark_29-Bramble;TrustServerCertificate=yes;";

    public int Export(IEnumerable<LessonRow> rows)
    {
        using var connection = new OdbcConnection(Dsn);
        connection.Open();
        var count = 0;
        foreach (var row in rows)
        {
            using var cmd = new OdbcCommand("INSERT INTO Lessons VALUES (?, ?, ?)", connection);
            cmd.Parameters.AddWithValue("room", row.Room);
            cmd.Parameters.AddWithValue("teacher", row.Teacher);
            cmd.Parameters.AddWithValue("starts", row.StartsAt);
            count += cmd.ExecuteNonQuery();
        }
        Console.WriteLine("exported " + count);
        return count;
    }
}
