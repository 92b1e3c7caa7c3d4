//! Validates one generated dataset repeatedly, for `perf record`:
//! `cargo run --release -p bianzhi --example prof_validate -- 1000000 10`.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let reps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let ds = bianzhi::Dataset::new(bianzhi::sample::generate(n, 1));
    let opts = bianzhi::Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
        ..Default::default()
    };
    let mut best = f64::MAX;
    for _ in 0..reps {
        let t = Instant::now();
        let r = bianzhi::validate(&ds, &opts);
        best = best.min(t.elapsed().as_secs_f64());
        std::hint::black_box(r);
    }
    println!(
        "{n} staff: best validate {best:.4} s ({:.2} M/s)",
        n as f64 / best / 1e6
    );
}
