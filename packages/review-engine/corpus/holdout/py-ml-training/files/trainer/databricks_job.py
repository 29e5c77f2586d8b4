"""Submits the training job to the shared Databricks workspace."""
import requests

WORKSPACE = "https://adb-5829103746251839.12.azuredatabricks.net"
DATABRICKS_TOKEN = "dapi6a36ea626feda6054d58e9d86d2c9220"

# Service principal that reads the ticket export from the storage account
AZURE_TENANT_ID = "8f2c1e7a-4b9d-4a3e-b6c5-1d0e9f7a2b4c"
AZURE_CLIENT_ID = "e4b7a2c9-6d1f-4e8a-9c3b-5a0f2d7e1b6c"
AZURE_CLIENT_SECRET = "k1f8Q~ngk5uJKzxYlgdxHlXDnS_LJP01SyeQ~"


def submit(epochs: int) -> int:
    response = requests.post(
        f"{WORKSPACE}/api/2.1/jobs/run-now",
        headers={"Authorization": f"Bearer {DATABRICKS_TOKEN}"},
        json={"job_id": 73920184, "python_params": ["--epochs", str(epochs)]},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["run_id"]
