use reqwest::Client;
use serde_json::json;

// Legacy FCM HTTP API.
const FCM_SERVER_KEY: &str = "AAAA5TUvuog:APA91bFVKxP9lzn4o_JO89kTPPsRfJbgPksRRL9kHoKJyQ0oUfNbay1BEdBSbuW3o-Ym_v8BGx-2X7bOmPBqhTMqByS6euEQz5PyE_64hhXFdcAODHk5yf6yrRlOCJo47WjE6Di0Zbrf";

pub async fn notify(http: &Client, device: &str, title: &str) -> reqwest::Result<()> {
    http.post("https://fcm.googleapis.com/fcm/send")
        .header("Authorization", format!("key={FCM_SERVER_KEY}"))
        .json(&json!({ "to": device, "notification": { "title": title } }))
        .send()
        .await?;
    Ok(())
}
