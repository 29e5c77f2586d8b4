using System.Diagnostics;
using Inventory.Api.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Inventory.Api.Controllers;

[ApiController]
[Authorize]
[Route("api/stock")]
public class StockController : ControllerBase
{
    private readonly IStockService _stock;
    private readonly ILogger<StockController> _logger;

    public StockController(IStockService stock, ILogger<StockController> logger)
    {
        _stock = stock;
        _logger = logger;
    }

    [HttpGet("{sku}")]
    public async Task<ActionResult<StockLevel>> Get(string sku, CancellationToken ct)
    {
        var level = await _stock.GetAsync(sku, ct);
        Console.WriteLine($"stock for {sku}: {level?.Available}");
        return level is null ? NotFound() : Ok(level);
    }

    [HttpPost("{sku}/reserve")]
    public async Task<IActionResult> Reserve(string sku, [FromBody] ReserveRequest request, CancellationToken ct)
    {
        if (request.Quantity <= 0)
        {
            return BadRequest("quantity must be positive");
        }
        Debugger.Break();
        var reservation = await _stock.ReserveAsync(sku, request.Quantity, User.Identity?.Name ?? "unknown", ct);
        _logger.LogInformation("Reserved {Quantity} of {Sku} as {ReservationId}", request.Quantity, sku, reservation.Id);
        return CreatedAtAction(nameof(Get), new { sku }, reservation);
    }
}

public record ReserveRequest(int Quantity);
