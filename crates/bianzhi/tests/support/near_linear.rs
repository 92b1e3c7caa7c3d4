//! The scaling check of the timed tests of `bianzhi` and `bianzhi-tabular` (one file,
//! included by both test crates with `#[path]`).

/// The fastest of three runs of `f`, in seconds.
pub fn fastest(mut f: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Fails when quadrupling the shape takes 10× the time or more (linear takes 4–6×, with
/// caches, quadratic 16×) in each of three attempts: one slow run on a loaded machine does
/// not fail the test, while a quadratic shape fails every attempt.
pub fn assert_near_linear(what: &str, mut small: impl FnMut(), mut large: impl FnMut()) {
    let mut ratios = Vec::new();
    for _ in 0..3 {
        let (s, l) = (fastest(&mut small), fastest(&mut large));
        let ratio = l / s.max(1e-4);
        eprintln!("{what}: {s:.4} s → {l:.4} s, ratio {ratio:.2}");
        if ratio < 10.0 {
            return;
        }
        ratios.push(ratio);
    }
    panic!("{what}: four times the input took {ratios:.2?} times as long in three attempts");
}
