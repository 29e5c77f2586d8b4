"""Loads normalised rows into the warehouse with COPY."""
import csv
import io
import logging

import psycopg2

log = logging.getLogger(__name__)

LOADER_DSN = "host=warehouse-prod.orbit-data.example port=5432 dbname=analytics user=etl_loader password=Wn6tRb2Xq9Lm4Kz8 sslmode=require"


def copy_orders(rows: list[dict]) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([row["order_id"], row["customer_id"], row["amount"], row["currency"], row["day"]])
    buffer.seek(0)
    with psycopg2.connect(LOADER_DSN) as conn, conn.cursor() as cur:
        cur.copy_expert(
            "COPY analytics.orders (order_id, customer_id, amount, currency, day) FROM STDIN WITH CSV",
            buffer,
        )
        loaded = cur.rowcount
    log.info("loaded %d orders", loaded)
    return loaded
