import Config

if config_env() == :prod do
  config :rentals, Rentals.Sync.Channex,
    api_key: System.fetch_env!("CHANNEX_API_KEY"),
    base_url: System.get_env("CHANNEX_URL", "https://app.channex.io/api/v1")

  config :rentals, RentalsWeb.Endpoint,
    http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, port: String.to_integer(System.get_env("PORT") || "4000")]
end
