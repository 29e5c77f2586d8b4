mod auth;
mod config;
mod push;
mod rooms;
mod store;

use axum::{routing::get, Router};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = config::load()?;
    dbg!(&config);
    let state = store::connect(&config).await?;
    let app = Router::new().route("/ws/:room", get(rooms::join)).with_state(state);
    let listener = tokio::net::TcpListener::bind(&config.listen).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
