"""Runtime settings. Values come from the environment; the defaults are for the shared staging stack."""
import os
from dataclasses import dataclass

WAREHOUSE_URL = os.environ.get(
    "WAREHOUSE_URL",
    "postgresql+psycopg2://etl_loader:Gx4p9Lq2Vz7RmT3s@warehouse-staging.orbit-data.example:5432/analytics",
)

REDIS_URL = os.environ.get("REDIS_URL", "rediss://:Pq3WmN8cZt5Kv2Rb@cache-staging.orbit-data.example:6380/2")

# S3 bucket with the raw exports
EXPORT_BUCKET = os.environ.get("EXPORT_BUCKET", "orbit-raw-exports-staging")
AWS_REGION = "eu-central-1"
AWS_ACCESS_KEY_ID = "AKIA4QZ7RNX2HBWKV3PD"
AWS_SECRET_ACCESS_KEY = "q8Lr2NfX7tWz1Kc5VbHm9Pj3Ds6Gy0AeTo4UiSn"

BATCH_SIZE = int(os.environ.get("BATCH_SIZE", "5000"))
MAX_RETRIES = 3


@dataclass(frozen=True)
class Settings:
    warehouse_url: str = WAREHOUSE_URL
    redis_url: str = REDIS_URL
    bucket: str = EXPORT_BUCKET
    batch_size: int = BATCH_SIZE


def load() -> Settings:
    return Settings()
