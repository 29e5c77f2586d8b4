"""`python -m pipeline 2024-10-01`: runs one day and prints a summary."""
import sys
from datetime import date

from .extract import normalise, order_batches
from .warehouse import copy_orders


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m pipeline YYYY-MM-DD", file=sys.stderr)
        return 2
    day = date.fromisoformat(argv[1])
    total = 0
    for batch in order_batches(day):
        total += copy_orders([normalise(order) for order in batch])
        print(f"loaded {total} orders so far")
    print(f"done: {total} orders for {day.isoformat()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
