# Syncs the storefront catalogue with the Shopify back office.
ShopifyAPI::Context.setup(
  api_key: ENV.fetch("SHOPIFY_API_KEY", nil),
  api_secret_key: ENV.fetch("SHOPIFY_API_SECRET", nil),
  host: "https://storefront.tidepool-goods.example",
  scope: "read_products,write_inventory",
  is_embedded: false,
  api_version: "2024-07",
  is_private: true
)

SHOPIFY_SESSION = ShopifyAPI::Auth::Session.new(
  shop: "tidepool-goods.myshopify.com",
  access_token: "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"
)
