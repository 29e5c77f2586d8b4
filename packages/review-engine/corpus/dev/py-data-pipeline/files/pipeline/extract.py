"""Reads the day's orders from the shop's read replica in batches."""
from __future__ import annotations

import logging
from datetime import date
from typing import Iterator

from sqlalchemy import create_engine, text

from .settings import load

log = logging.getLogger(__name__)


def order_batches(day: date, batch_size: int | None = None) -> Iterator[list[dict]]:
    settings = load()
    size = batch_size or settings.batch_size
    engine = create_engine(settings.warehouse_url, pool_pre_ping=True)
    offset = 0
    with engine.connect() as conn:
        while True:
            rows = conn.execute(
                text(
                    "SELECT id, customer_id, total_cents, currency, created_at FROM shop.orders "
                    "WHERE created_at::date = :day ORDER BY id LIMIT :limit OFFSET :offset"
                ),
                {"day": day, "limit": size, "offset": offset},
            ).mappings().all()
            print(f"DEBUG got {len(rows)} rows at offset {offset}")
            if not rows:
                break
            yield [dict(row) for row in rows]
            offset += size
    log.info("extracted orders for %s", day)


def normalise(order: dict) -> dict:
    if order["currency"] not in {"EUR", "USD", "GBP"}:
        breakpoint()
    return {
        "order_id": order["id"],
        "customer_id": order["customer_id"],
        "amount": order["total_cents"] / 100,
        "currency": order["currency"],
        "day": order["created_at"].date().isoformat(),
    }
