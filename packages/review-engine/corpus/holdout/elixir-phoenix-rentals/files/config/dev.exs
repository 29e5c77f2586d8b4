import Config

config :rentals, Rentals.Repo,
  username: "postgres",
  password: "postgres",
  hostname: "localhost",
  database: "rentals_dev",
  show_sensitive_data_on_connection_error: true,
  pool_size: 10

config :rentals, RentalsWeb.Endpoint,
  http: [ip: {127, 0, 0, 1}, port: 4000],
  check_origin: false,
  code_reloader: true,
  debug_errors: true,
  secret_key_base: "dev-only-secret-key-base-not-used-anywhere-else-dev-only-secret-key-base-00",
  watchers: [esbuild: {Esbuild, :install_and_run, [:rentals, ~w(--sourcemap=inline --watch)]}]

config :logger, :console, format: "[$level] $message\n"
