//! The Rust side of `benches/run.sh`: loads a roster JSON file `reps` times and validates
//! each load 5 times, printing the best and the median of each as one JSON line (the same
//! measurement as `benches/c/timing.c`; both use the system allocator).
//! `cargo run --release -p bianzhi --example bench_rust -- roster.json 3`
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: bench_rust roster.json [reps]");
    let reps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let text = std::fs::read_to_string(&path).expect("read");
    let opts =
        bianzhi::Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"));
    let (mut loads, mut vals) = (Vec::new(), Vec::new());
    let (mut n, mut findings) = (0, 0);
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        let ds = bianzhi::Dataset::from_json(&text).expect("load");
        loads.push(t.elapsed().as_secs_f64());
        n = ds.staff().len();
        for _ in 0..VALIDATES {
            let t = Instant::now();
            let r = bianzhi::validate(&ds, &opts);
            vals.push(t.elapsed().as_secs_f64());
            findings = r.violations.len();
        }
    }
    let (best_load, med_load) = best_median(&mut loads);
    let (best_val, med_val) = best_median(&mut vals);
    println!(
        "{{\"lang\": \"rust\", \"staff\": {n}, \"findings\": {findings}, \"load_s\": {best_load:.4}, \"load_median_s\": {med_load:.4}, \"validate_s\": {best_val:.4}, \"validate_median_s\": {med_val:.4}, \"load_per_s\": {:.0}, \"validate_per_s\": {:.0}, \"validate_median_per_s\": {:.0}}}",
        n as f64 / best_load,
        n as f64 / best_val,
        n as f64 / med_val
    );
}

const VALIDATES: usize = 5;

fn best_median(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[0], v[v.len() / 2])
}
