//! Time and peak memory at each stage of reading and validating a JSON file (Linux
//! VmHWM/VmRSS): `cargo run --release -p bianzhi --example mem_stages -- file.json`.
//! The last stage (the index alone, on a copy of the records) comes after the peak that
//! matters and is only timed.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn status(stage: &str, t: &mut std::time::Instant) {
    let secs = t.elapsed().as_secs_f64();
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| {
        s.lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    println!(
        "{stage:<30} {secs:>7.3} s   rss {:>6} MB   peak {:>6} MB",
        get("VmRSS:"),
        get("VmHWM:")
    );
    *t = std::time::Instant::now();
}

fn main() {
    let path = std::env::args().nth(1).expect("a JSON file");
    let t = &mut std::time::Instant::now();
    status("start", t);
    let bytes = std::fs::read(&path).expect("read");
    status("file read", t);
    let ds = bianzhi::Dataset::from_vec(bytes).expect("load");
    status("parsed + indexed", t);
    let one = bianzhi::Options::default().with_threads(1);
    let r = bianzhi::validate(&ds, &one);
    status("validated (1 thread)", t);
    let all = bianzhi::validate(&ds, &bianzhi::Options::default());
    status("validated (1 thread per core)", t);
    assert_eq!(r, all);
    let json = serde_json::to_string(&r).expect("render");
    status("report rendered as JSON", t);
    let doc = ds.to_document().clone();
    drop(ds);
    *t = std::time::Instant::now();
    let again = bianzhi::Dataset::new(doc);
    status("index alone (untimed peak)", t);
    println!(
        "{} findings, {} bytes of report, {} staff",
        r.violations.len(),
        json.len(),
        again.staff().len()
    );
}
