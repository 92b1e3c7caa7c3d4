//! Peak memory at each stage of reading and validating a JSON file (Linux VmHWM/VmRSS):
//! `cargo run --release -p bianzhi --example mem_stages -- file.json`.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn status(stage: &str) {
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
        "{stage:<28} rss {:>6} MB  peak {:>6} MB",
        get("VmRSS:"),
        get("VmHWM:")
    );
}

fn main() {
    let path = std::env::args().nth(1).expect("a JSON file");
    status("start");
    let bytes = std::fs::read(&path).expect("read");
    status("file read");
    let ds = bianzhi::Dataset::from_vec(bytes).expect("load");
    status("loaded + indexed");
    let r = bianzhi::validate(&ds, &bianzhi::Options::default());
    status("validated");
    let json = serde_json::to_string(&r).expect("render");
    status("report rendered");
    println!(
        "{} findings, {} bytes of report",
        r.violations.len(),
        json.len()
    );
}
