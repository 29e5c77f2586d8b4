use axum::extract::{ws::WebSocketUpgrade, Path, State};
use axum::response::Response;

use crate::store::AppState;

pub async fn join(ws: WebSocketUpgrade, Path(room): Path<String>, State(state): State<AppState>) -> Response {
    println!("room {} joined", room);
    ws.on_upgrade(move |socket| async move {
        let (tx, rx) = state.bus.subscribe(&room).await;
        let forwarded = relay(socket, tx, rx).await;
        dbg!(forwarded);
    })
}
