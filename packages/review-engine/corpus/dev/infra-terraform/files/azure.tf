# Service principal the booking API uses to read from Azure Key Vault (the Azure half of the platform).
provider "azuread" {
  tenant_id     = "6b1f4c2e-9d7a-4e3b-8c5f-0a2d7e9b4c1f"
  client_id     = "d3e8a1c7-2b9f-4d6e-a0c4-7f1b3e9d5a28"
  client_secret = "u8j8Q~YgjmUh.Bel31iEl2hpChYgCfrL1spNx"
}

resource "azuread_application" "booking_api" {
  display_name = "booking-api-prod"
  owners       = [data.azuread_client_config.current.object_id]
}

resource "azuread_service_principal" "booking_api" {
  client_id = azuread_application.booking_api.client_id
  owners    = [data.azuread_client_config.current.object_id]
}

data "azuread_client_config" "current" {}
