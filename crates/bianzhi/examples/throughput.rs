//! Rough throughput of loading and validating a generated dataset:
//! `cargo run --release -p bianzhi --example throughput -- 1000000`.
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let doc = bianzhi::sample::generate(n, 1);
    let json = serde_json::to_string(&doc).expect("serialise");
    let t = Instant::now();
    let ds = bianzhi::Dataset::from_json(&json).expect("load");
    let load = t.elapsed();
    drop(json);
    let opts = bianzhi::Options::default();
    let t = Instant::now();
    let r = bianzhi::validate(&ds, &opts);
    let val = t.elapsed();
    println!(
        "{n} staff: load {:.2} s ({:.0} records/s), validate {:.3} s ({:.0} records/s), {} findings",
        load.as_secs_f64(),
        n as f64 / load.as_secs_f64(),
        val.as_secs_f64(),
        n as f64 / val.as_secs_f64(),
        r.violations.len()
    );
}
