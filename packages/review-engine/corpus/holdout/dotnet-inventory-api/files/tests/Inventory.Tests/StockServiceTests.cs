using Inventory.Api.Services;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Inventory.Tests;

public class StockServiceTests
{
    private const string TestUserPassword = "Test-Password-123!";

    private static InventoryContext NewContext() =>
        new(new DbContextOptionsBuilder<InventoryContext>().UseInMemoryDatabase(Guid.NewGuid().ToString()).Options);

    [Fact]
    public async Task Get_returns_null_for_an_unknown_sku()
    {
        await using var db = NewContext();
        var service = new StockService(db, new FakeServiceBusClient());
        Assert.Null(await service.GetAsync("NOPE-1", CancellationToken.None));
    }

    [Fact]
    public async Task Reserve_rejects_more_than_available()
    {
        await using var db = NewContext();
        db.StockLevels.Add(new StockLevel { Sku = "BOLT-M8", Available = 3 });
        await db.SaveChangesAsync();
        var service = new StockService(db, new FakeServiceBusClient());
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            service.ReserveAsync("BOLT-M8", 5, "tester", CancellationToken.None));
        Assert.NotEmpty(TestUserPassword);
    }
}
