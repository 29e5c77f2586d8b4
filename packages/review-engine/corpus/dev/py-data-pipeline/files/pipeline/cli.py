"""The `orbit-etl` command."""
from datetime import date, timedelta

import click

from .extract import normalise, order_batches
from .warehouse import copy_orders


@click.group()
def main() -> None:
    """Orbit ETL."""


@main.command()
@click.argument("day", required=False)
@click.option("--dry-run", is_flag=True, help="extract and normalise without loading")
def run(day: str | None, dry_run: bool) -> None:
    """Extract and load one day (yesterday by default)."""
    target = date.fromisoformat(day) if day else date.today() - timedelta(days=1)
    count = 0
    for batch in order_batches(target):
        rows = [normalise(order) for order in batch]
        count += len(rows) if dry_run else copy_orders(rows)
    click.echo(f"{'would load' if dry_run else 'loaded'} {count} orders for {target}")


@main.command()
def version() -> None:
    """Print the version."""
    from . import __version__

    print(__version__)
