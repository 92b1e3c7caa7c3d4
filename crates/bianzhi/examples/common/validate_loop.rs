// The body shared by `prof_validate` (mimalloc) and `prof_validate_system` (the system
// allocator): validates one generated dataset repeatedly and prints the best time.

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let reps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    // 1 by default: the per-core figure; 0 for one thread per core.
    let threads: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let ds = bianzhi::Dataset::new(bianzhi::sample::generate(n, 1));
    let opts = bianzhi::Options::default()
        .with_as_of(bianzhi::NaiveDate::from_ymd_opt(2026, 11, 30))
        .with_threads(threads);
    let mut times = Vec::with_capacity(reps);
    let mut findings = 0;
    for _ in 0..reps.max(1) {
        let t = std::time::Instant::now();
        let r = bianzhi::validate(&ds, &opts);
        findings = r.violations.len();
        drop(r);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let (best, median) = (times[0], times[times.len() / 2]);
    println!(
        "{{\"allocator\": \"{ALLOCATOR}\", \"threads\": {threads}, \"staff\": {n}, \"findings\": {findings}, \"validate_s\": {best:.4}, \"validate_per_s\": {:.0}, \"median_s\": {median:.4}, \"median_per_s\": {:.0}}}",
        n as f64 / best,
        n as f64 / median
    );
}
