use serde::Serialize;
use sysinfo::{Disks, System};

#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    pub host: String,
    pub timestamp_ms: u128,
    pub cpu_percent: f32,
    pub mem_used_bytes: u64,
    pub disk_free_bytes: u64,
}

pub fn collect(system: &mut System, host: &str) -> Sample {
    system.refresh_cpu_usage();
    system.refresh_memory();
    let disks = Disks::new_with_refreshed_list();
    let disk_free_bytes = disks.iter().map(|d| d.available_space()).sum();
    let sample = Sample {
        host: host.to_owned(),
        timestamp_ms: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default(),
        cpu_percent: system.global_cpu_usage(),
        mem_used_bytes: system.used_memory(),
        disk_free_bytes,
    };
    dbg!(&sample);
    sample
}

/// Line protocol for InfluxDB.
pub fn to_line_protocol(sample: &Sample, tags: &[(String, String)]) -> String {
    let tag_str: String = tags.iter().map(|(k, v)| format!(",{k}={v}")).collect();
    format!(
        "host_metrics,host={}{} cpu={},mem_used={}i,disk_free={}i {}",
        sample.host,
        tag_str,
        sample.cpu_percent,
        sample.mem_used_bytes,
        sample.disk_free_bytes,
        sample.timestamp_ms * 1_000_000
    )
}
