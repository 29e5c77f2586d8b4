import Config

config :rentals, RentalsWeb.Endpoint,
  url: [host: "app.dunecrest-rentals.example", port: 443, scheme: "https"],
  cache_static_manifest: "priv/static/cache_manifest.json",
  secret_key_base: "Hn4Kq8Wz2Vx7Lm3Rt9Bc5Yp1Df6Gs0Ja2Ue8OiPk3Tz7Qx1Lm9Vc4Rb6Nw2Kt8Hs3Yd5Fg0Ja7Ue1Oi4"

config :rentals, Rentals.Repo,
  username: "rentals",
  password: "Sx5Nw9Kq3Vz7Lt2M",
  hostname: "rentals-db.dunecrest.internal",
  database: "rentals_prod",
  pool_size: 15

config :logger, level: :info
