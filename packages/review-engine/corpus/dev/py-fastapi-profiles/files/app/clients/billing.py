"""Client for the billing service: the profile API reads a customer's plan from it."""
import httpx

BILLING_URL = "https://billing.saltmarsh.example/api"

_client = httpx.AsyncClient(
    base_url=BILLING_URL,
    timeout=5.0,
    headers={
        "Accept": "application/json",
        "Authorization": "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImF1dGgtMjAyNC0xMCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImlzcyI6Imh0dHBzOi8vYXV0aC5zYWx0bWFyc2guZXhhbXBsZSIsImF1ZCI6InByb2ZpbGUtYXBpIiwic2NvcGUiOiJwcm9maWxlczpyZWFkIHByb2ZpbGVzOndyaXRlIiwiaWF0IjoxNzI5MDAwMDAwLCJleHAiOjE4OTIwMDAwMDB9.lZalmQrYmc9lawxysqM0IfJRAjgIm242uXoBLdPSGz1B7E3HGNzfsTj6b93onSfIL3Kz7cxklH2mGp0qDu0zG8A1imlr0r3o6p789XA92JUk5UVnf2Uetf-byNbjesaFnEQep-2_Faa_b6AC7YcHs9Hk4SV293T0e0r5xT4Ou07u-sJl-lCZIct9zKttbE-qNFtnwZIb0ANApR-2vOLX1IksNP8DpXuZntmVHn-PAHEKBbu_WzjoiPTfm3XjYTx55rUBbMpJO6F-lNFvde2kRVblmWjW8Nh4tFYGRWKn84dBNnuL_ZPSx_zv1z6p4qj0YjbD909mN_c6b71e76Ubx4",
    },
)


async def plan_for(customer_id: str) -> str:
    response = await _client.get(f"/customers/{customer_id}/plan")
    response.raise_for_status()
    return response.json()["plan"]
