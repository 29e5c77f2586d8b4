#!/usr/bin/env bash
# Nightly CSV export from the legacy SQL Server for the accounting team.
set -euo pipefail

OUT="/data/exports/orders-$(date +%F).csv"
CONN='Driver={ODBC Driver 18 for SQL Server};Server=tcp:legacy-sql.copperleaf.internal,1433;Database=orders;UID=exporter;PWD=Hq7Rt2Wx9Kn4Vz6M;Encrypt=yes;TrustServerCertificate=no'

isql -v -k "$CONN" -b -d, -q <<'SQL' > "$OUT"
SELECT order_id, customer_id, total, currency, created_at FROM dbo.orders WHERE created_at >= DATEADD(day, -1, GETDATE());
SQL

echo "exported $(wc -l < "$OUT") rows to $OUT"
