use anyhow::{bail, Result};
use reqwest::Client;

use crate::sample::{to_line_protocol, Sample};

pub struct InfluxSink {
    client: Client,
    url: String,
    org: String,
    bucket: String,
    token: String,
}

impl InfluxSink {
    pub fn new(url: String, org: String, bucket: String, token: String) -> Self {
        Self { client: Client::new(), url, org, bucket, token }
    }

    pub async fn write(&self, samples: &[Sample], tags: &[(String, String)]) -> Result<()> {
        let body = samples.iter().map(|s| to_line_protocol(s, tags)).collect::<Vec<_>>().join("\n");
        println!("influx body: {body}");
        let response = self
            .client
            .post(format!("{}/api/v2/write", self.url))
            .query(&[("org", &self.org), ("bucket", &self.bucket), ("precision", &"ns".to_owned())])
            .header("Authorization", format!("Token {}", self.token))
            .body(body)
            .send()
            .await?;
        if !response.status().is_success() {
            let status = response.status();
            let text = dbg!(response.text().await?);
            bail!("influx write failed: {status} {text}");
        }
        Ok(())
    }
}
