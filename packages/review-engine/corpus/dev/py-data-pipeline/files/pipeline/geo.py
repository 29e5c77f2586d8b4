"""Geocodes shipping addresses for the delivery-time dashboards."""
import requests

GEOCODE_URL = "https://maps.googleapis.com/maps/api/geocode/json"
GOOGLE_MAPS_API_KEY = "AIzaSyD4kT9vQm2Xr7LpWc1ZnB8sHf3JgYo6Ue0"


def geocode(address: str) -> tuple[float, float] | None:
    response = requests.get(GEOCODE_URL, params={"address": address, "key": GOOGLE_MAPS_API_KEY}, timeout=10)
    response.raise_for_status()
    results = response.json().get("results", [])
    if not results:
        return None
    location = results[0]["geometry"]["location"]
    return location["lat"], location["lng"]
