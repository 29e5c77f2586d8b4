import requests

CATALOG_URL = "https://catalog.cityreads.internal/api"
HEADERS = {
    "Accept": "application/json",
    "Authorization": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsb2Fucy1zZXJ2aWNlIiwiYXVkIjoiY2F0YWxvZyIsImlhdCI6MTcyNzc0MDgwMCwiZXhwIjoxODkzNDU2MDAwfQ.AoxwrcFbutFKg335JbELpwufJsdyI1EtyGe0opnwV0q",
}


def item_details(barcode: str) -> dict:
    resp = requests.get(f"{CATALOG_URL}/items/{barcode}", headers=HEADERS, timeout=5)
    resp.raise_for_status()
    return resp.json()
