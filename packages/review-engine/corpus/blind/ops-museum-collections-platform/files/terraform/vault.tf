provider "vault" {
  address = "https://vault.collections.museum.internal:8200"
  token   = "hvs.cCSCmp003ueV8h9i2vlrpKLkQmobQ_cMu7d3aZfomlj0TXN49F_EBnXv1GY3bAQQG_MvIW6va7w337Fnss6GG8yfyZr"
}

resource "vault_kv_secret_v2" "iiif" {
  mount = "kv"
  name  = "iiif-server"
  data_json = jsonencode({
    cache_ttl = 3600
  })
}
