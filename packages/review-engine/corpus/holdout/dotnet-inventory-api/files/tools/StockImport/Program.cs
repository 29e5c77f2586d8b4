// dotnet run --project tools/StockImport -- stock.csv "<connection string>"
// Imports a supplier's stock CSV; prints a summary for the operator.
using Microsoft.Data.SqlClient;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: StockImport <file.csv> <connection string>");
    return 2;
}

var imported = 0;
var skipped = 0;
await using var connection = new SqlConnection(args[1]);
await connection.OpenAsync();
foreach (var line in File.ReadLines(args[0]).Skip(1))
{
    var parts = line.Split(',');
    if (parts.Length < 2 || !int.TryParse(parts[1], out var quantity))
    {
        skipped++;
        Console.WriteLine($"skipped: {line}");
        continue;
    }
    await using var command = new SqlCommand("UPDATE StockLevels SET Available = @q WHERE Sku = @s", connection);
    command.Parameters.AddWithValue("@q", quantity);
    command.Parameters.AddWithValue("@s", parts[0]);
    imported += await command.ExecuteNonQueryAsync();
}
Console.WriteLine($"imported {imported}, skipped {skipped}");
return 0;
