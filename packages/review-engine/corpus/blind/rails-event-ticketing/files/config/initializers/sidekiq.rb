REDIS_URL = "rediss://default:pQCuRKZYBjgfBWfs8DGoNwr8FZxcXffSUK@eu1-sharp-ferret-39211.upstash.io:6379"

Sidekiq.configure_server do |config|
  config.redis = { url: REDIS_URL, ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_PEER } }
end

Sidekiq.configure_client do |config|
  config.redis = { url: REDIS_URL }
end
