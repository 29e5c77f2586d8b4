use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
pub struct Config {
    pub agent: Agent,
    pub influx: Influx,
    pub postgres: Option<Postgres>,
}

#[derive(Debug, Deserialize)]
pub struct Agent {
    pub interval_secs: u64,
    #[serde(default)]
    pub hostname_override: String,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct Influx {
    pub url: String,
    pub org: String,
    pub bucket: String,
    /// Overridden by QUILL_INFLUX_TOKEN when set.
    pub token: String,
}

#[derive(Debug, Deserialize)]
pub struct Postgres {
    pub host: String,
    pub user: String,
    /// Overridden by QUILL_PG_PASSWORD when set.
    pub password: String,
    pub dbname: String,
}

impl Config {
    pub fn load(path: &str) -> anyhow::Result<Self> {
        let mut config: Config = toml::from_str(&std::fs::read_to_string(path)?)?;
        if let Ok(token) = std::env::var("QUILL_INFLUX_TOKEN") {
            config.influx.token = token;
        }
        if let (Some(pg), Ok(password)) = (config.postgres.as_mut(), std::env::var("QUILL_PG_PASSWORD")) {
            pg.password = password;
        }
        Ok(config)
    }
}
