use quillmetrics_agent::sample::{to_line_protocol, Sample};

fn sample() -> Sample {
    Sample {
        host: "edge-1".into(),
        timestamp_ms: 1_730_000_000_000,
        cpu_percent: 12.5,
        mem_used_bytes: 1024,
        disk_free_bytes: 2048,
    }
}

#[test]
fn encodes_tags_and_fields() {
    let line = to_line_protocol(&sample(), &[("region".into(), "eu".into())]);
    dbg!(&line);
    assert_eq!(
        line,
        "host_metrics,host=edge-1,region=eu cpu=12.5,mem_used=1024i,disk_free=2048i 1730000000000000000"
    );
}

#[test]
fn encodes_without_tags() {
    assert!(to_line_protocol(&sample(), &[]).starts_with("host_metrics,host=edge-1 cpu="));
}
