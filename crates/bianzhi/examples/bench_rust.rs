//! The Rust side of `benches/run.sh`: loads a roster JSON file and validates it, best of
//! `reps`, printing one JSON line (same measurement as `benches/c/timing.c`).
//! `cargo run --release -p bianzhi --example bench_rust -- roster.json 3`
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: bench_rust roster.json [reps]");
    let reps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let text = std::fs::read_to_string(&path).expect("read");
    let opts =
        bianzhi::Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"));
    let (mut best_load, mut best_val) = (f64::MAX, f64::MAX);
    let (mut n, mut findings) = (0, 0);
    for _ in 0..reps {
        let t = Instant::now();
        let ds = bianzhi::Dataset::from_json(&text).expect("load");
        best_load = best_load.min(t.elapsed().as_secs_f64());
        n = ds.staff().len();
        let t = Instant::now();
        let r = bianzhi::validate(&ds, &opts);
        best_val = best_val.min(t.elapsed().as_secs_f64());
        findings = r.violations.len();
    }
    println!(
        "{{\"staff\": {n}, \"findings\": {findings}, \"load_s\": {best_load:.4}, \"validate_s\": {best_val:.4}, \"load_per_s\": {:.0}, \"validate_per_s\": {:.0}}}",
        n as f64 / best_load,
        n as f64 / best_val
    );
}
