//! quillctl: print one sample, or check the configuration, from the command line.
use clap::{Parser, Subcommand};
use quillmetrics_agent::config::Config;
use quillmetrics_agent::sample::{collect, to_line_protocol};
use sysinfo::System;

#[derive(Parser)]
#[command(name = "quillctl", version)]
struct Cli {
    #[arg(long, default_value = "/etc/quill/agent.toml")]
    config: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print one sample as JSON and as line protocol.
    Sample,
    /// Check that the configuration parses.
    Check,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Sample => {
            let mut system = System::new();
            let sample = collect(&mut system, "localhost");
            println!("{}", serde_json::to_string_pretty(&sample)?);
            println!("{}", to_line_protocol(&sample, &[]));
        }
        Command::Check => {
            let config = Config::load(&cli.config)?;
            println!("ok: sampling every {}s, influx bucket {}", config.agent.interval_secs, config.influx.bucket);
            if config.postgres.is_none() {
                eprintln!("note: no [postgres] section, samples go to InfluxDB only");
            }
        }
    }
    Ok(())
}
