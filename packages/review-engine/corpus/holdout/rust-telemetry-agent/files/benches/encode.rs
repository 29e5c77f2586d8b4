use criterion::{black_box, criterion_group, criterion_main, Criterion};
use quillmetrics_agent::sample::{to_line_protocol, Sample};

fn bench_encode(c: &mut Criterion) {
    let sample = Sample {
        host: "bench".into(),
        timestamp_ms: 1,
        cpu_percent: 1.0,
        mem_used_bytes: 1,
        disk_free_bytes: 1,
    };
    let tags = vec![("region".to_owned(), "eu".to_owned()), ("tier".to_owned(), "edge".to_owned())];
    c.bench_function("line protocol", |b| b.iter(|| to_line_protocol(black_box(&sample), black_box(&tags))));
}

criterion_group!(benches, bench_encode);
criterion_main!(benches);
