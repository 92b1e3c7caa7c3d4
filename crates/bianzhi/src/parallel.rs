//! The one fan-out of the loaders and readers: independent parts of the input on scoped
//! threads, the results in input order (so output never depends on the thread count).

/// How many parts to split `n` items into: one when `n < min` (threads would cost more than
/// they save) or on one core, otherwise one per core.
///
/// ```
/// assert_eq!(bianzhi::parallel::parts(10, 20_000), 1);
/// assert!(bianzhi::parallel::parts(1_000_000, 20_000) >= 1);
/// ```
pub fn parts(n: usize, min: usize) -> usize {
    if n < min {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |t| t.get().min(64))
}

/// Runs `f` on every item, each on its own scoped thread (a single item on this thread),
/// and returns the results in the order of the items. A panic in `f` is resumed here.
///
/// ```
/// let sums = bianzhi::parallel::map_in_order(vec![1..4, 4..6], |r| r.sum::<i32>());
/// assert_eq!(sums, [6, 9]);
/// ```
pub fn map_in_order<I: Send, R: Send>(items: Vec<I>, f: impl Fn(I) -> R + Sync) -> Vec<R> {
    if items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| s.spawn(move || f(item)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Sets `out[i] = f(i)` for every `i`, the slice cut into one contiguous part per core when
/// it holds at least `min` items (each part on its own scoped thread).
///
/// ```
/// let mut squares = vec![0u64; 50_000];
/// bianzhi::parallel::fill(&mut squares, 20_000, |i| (i as u64) * (i as u64));
/// assert_eq!(squares[49_999], 49_999 * 49_999);
/// ```
pub fn fill<T: Send>(out: &mut [T], min: usize, f: impl Fn(usize) -> T + Sync) {
    let n = out.len();
    let size = n.div_ceil(parts(n, min)).max(1);
    let items: Vec<(usize, &mut [T])> = out
        .chunks_mut(size)
        .enumerate()
        .map(|(k, part)| (k * size, part))
        .collect();
    map_in_order(items, |(at, part)| {
        for (k, slot) in part.iter_mut().enumerate() {
            *slot = f(at + k);
        }
    });
}
