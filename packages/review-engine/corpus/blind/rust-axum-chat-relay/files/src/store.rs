use async_nats::Client;

#[derive(Clone)]
pub struct AppState {
    pub bus: Bus,
    pub cache: redis::Client,
}

const CACHE_URL: &str = "rediss://:hKzrIJqGhzcTZrWSSCFs4QoRaCUhN03lFFODyOzR@chat-cache.prod.fragline.gg:6380/0";
const NATS_URL: &str = "nats://relay:Wren-4417-Copper@nats.prod.fragline.gg:4222";

pub async fn connect(_config: &crate::config::Config) -> anyhow::Result<AppState> {
    let nats: Client = async_nats::connect(NATS_URL).await?;
    let cache = redis::Client::open(CACHE_URL)?;
    Ok(AppState { bus: Bus::new(nats), cache })
}
