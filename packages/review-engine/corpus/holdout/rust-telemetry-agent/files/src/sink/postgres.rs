use anyhow::Result;
use tokio_postgres::{Client, NoTls};

use crate::sample::Sample;

pub async fn connect(host: &str, user: &str, password: &str, dbname: &str) -> Result<Client> {
    let dsn = format!("host={host} user={user} password={password} dbname={dbname}");
    let (client, connection) = tokio_postgres::connect(&dsn, NoTls).await?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::error!(%error, "postgres connection closed");
        }
    });
    Ok(client)
}

pub async fn insert(client: &Client, sample: &Sample) -> Result<()> {
    client
        .execute(
            "INSERT INTO host_samples (host, ts_ms, cpu, mem_used, disk_free) VALUES ($1, $2, $3, $4, $5)",
            &[
                &sample.host,
                &(sample.timestamp_ms as i64),
                &(sample.cpu_percent as f64),
                &(sample.mem_used_bytes as i64),
                &(sample.disk_free_bytes as i64),
            ],
        )
        .await?;
    Ok(())
}
