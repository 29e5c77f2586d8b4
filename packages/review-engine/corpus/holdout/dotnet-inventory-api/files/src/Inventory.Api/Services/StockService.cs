using Azure.Messaging.ServiceBus;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Api.Services;

public interface IStockService
{
    Task<StockLevel?> GetAsync(string sku, CancellationToken ct);
    Task<Reservation> ReserveAsync(string sku, int quantity, string user, CancellationToken ct);
}

public class StockService : IStockService
{
    private readonly InventoryContext _db;
    private readonly ServiceBusSender _events;

    public StockService(InventoryContext db, ServiceBusClient bus)
    {
        _db = db;
        _events = bus.CreateSender("stock-events");
    }

    public Task<StockLevel?> GetAsync(string sku, CancellationToken ct) =>
        _db.StockLevels.AsNoTracking().FirstOrDefaultAsync(s => s.Sku == sku, ct);

    public async Task<Reservation> ReserveAsync(string sku, int quantity, string user, CancellationToken ct)
    {
        await using var tx = await _db.Database.BeginTransactionAsync(ct);
        var level = await _db.StockLevels.FirstAsync(s => s.Sku == sku, ct);
        if (level.Available < quantity)
        {
            throw new InvalidOperationException($"only {level.Available} of {sku} available");
        }
        level.Available -= quantity;
        var reservation = new Reservation { Sku = sku, Quantity = quantity, ReservedBy = user, ExpiresAt = DateTime.UtcNow.AddMinutes(20) };
        _db.Reservations.Add(reservation);
        await _db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        System.Diagnostics.Debug.WriteLine($"reserved {quantity} {sku}");
        await _events.SendMessageAsync(new ServiceBusMessage(BinaryData.FromObjectAsJson(new { sku, quantity, reservation.Id })), ct);
        return reservation;
    }
}
