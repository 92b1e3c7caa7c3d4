//! Bulk throughput of the core (issue 8): `cargo bench -p bianzhi --bench throughput`.
//!
//! Every group reports elements per second (staff records or assessed people). Data come
//! from the seeded generator (`bianzhi::sample::generate`), about 2% of records breaking
//! a rule. Rule families are measured by datasets that switch a family's inputs off (the
//! engine has no per-family switch: adding one to the hot loop would cost the default
//! path), so a family's cost is the difference to `all_rules`.
//!
//! `BIANZHI_BENCH_MAX` (default 1000000) caps the largest size, for quick runs.
//!
//! The allocator is mimalloc, as in the shipped `bianzhi` command and Python module: the
//! library itself does not choose one. `examples/prof_validate_system` gives the figure with
//! the system allocator.

use std::hint::black_box;
use std::time::Duration;

use bianzhi::model::Document;
use bianzhi::{Dataset, Options};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn max_size() -> usize {
    std::env::var("BIANZHI_BENCH_MAX")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

fn sizes() -> Vec<usize> {
    [10_000, 100_000, 1_000_000]
        .into_iter()
        .filter(|&n| n <= max_size())
        .collect()
}

/// One thread: the per-core figure of the targets. `validate/all_cores` uses them all.
fn opts() -> Options {
    Options::as_of(bianzhi::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")).with_threads(1)
}

fn validate_sizes(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    let o = opts();
    for n in sizes() {
        let ds = Dataset::new(bianzhi::sample::generate(n, 1));
        g.throughput(Throughput::Elements(n as u64));
        g.measurement_time(Duration::from_secs(if n >= 1_000_000 { 6 } else { 3 }));
        g.bench_with_input(BenchmarkId::new("all_rules", n), &ds, |b, ds| {
            b.iter(|| black_box(bianzhi::validate(ds, &o)).violations.len())
        });
        if n >= 1_000_000 {
            let all = o.clone().with_threads(0);
            g.bench_with_input(BenchmarkId::new("all_rules_all_cores", n), &ds, |b, ds| {
                b.iter(|| black_box(bianzhi::validate(ds, &all)).violations.len())
            });
        }
    }
    g.finish();
}

/// The dataset with one family's inputs removed.
fn without(doc: &Document, family: &str) -> Document {
    let mut d = doc.clone();
    for s in &mut d.staff {
        match family {
            // Identity (checksum, birth/gender agreement, one person in two quotas).
            "no_id_numbers" => s.id_number = None,
            // Identity and retirement: no ID number, birth date or gender.
            "no_identity" => {
                s.id_number = None;
                s.birth_date = None;
                s.gender = None;
            }
            // Posts (headcount, mixed post, structure).
            "no_posts" => s.post = None,
            _ => {}
        }
    }
    if family == "clean" {
        d = bianzhi::sample::generate(doc.staff.len(), 1);
        let clean = Dataset::new(d.clone());
        let bad: std::collections::HashSet<String> = bianzhi::validate(&clean, &opts())
            .violations
            .into_iter()
            .filter_map(|v| v.staff)
            .collect();
        d.staff.retain(|s| !bad.contains(&s.id));
        for u in &mut d.units {
            for q in u.quotas.values_mut() {
                *q += 1000;
            }
        }
        for p in &mut d.posts {
            p.headcount = None;
        }
    }
    d
}

fn validate_families(c: &mut Criterion) {
    let n = 100_000.min(max_size());
    let base = bianzhi::sample::generate(n, 1);
    let mut g = c.benchmark_group("validate_families");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let o = opts();
    for family in [
        "all_rules",
        "clean",
        "no_id_numbers",
        "no_identity",
        "no_posts",
    ] {
        let doc = without(&base, family);
        let m = doc.staff.len();
        let ds = Dataset::new(doc);
        g.throughput(Throughput::Elements(m as u64));
        g.bench_with_input(BenchmarkId::new(family, m), &ds, |b, ds| {
            b.iter(|| black_box(bianzhi::validate(ds, &o)).violations.len())
        });
    }
    g.finish();
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for n in sizes().into_iter().filter(|&n| n <= 100_000) {
        let json = serde_json::to_string(&bianzhi::sample::generate(n, 1)).expect("json");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("from_json", n), &json, |b, j| {
            b.iter(|| Dataset::from_json(j).expect("load").staff().len())
        });
        let doc = bianzhi::sample::generate(n, 1);
        g.bench_with_input(BenchmarkId::new("index_only", n), &doc, |b, d| {
            b.iter(|| Dataset::new(d.clone()).staff().len())
        });
    }
    g.finish();
}

/// `civil_servant_annual` input: units of 20 people, scores spread over the bands.
fn assessment_input(n: usize) -> String {
    let mut people = Vec::with_capacity(n);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let score = 55.0 + (x % 4500) as f64 / 100.0;
        let history: Vec<&str> = match x % 7 {
            0 => vec!["优秀", "优秀"],
            1 => vec!["称职", "基本称职"],
            _ => vec!["称职", "称职"],
        };
        people.push(serde_json::json!({
            "id": format!("A{i}"),
            "unit": format!("U{}", i / 20),
            "score": score,
            "history": history,
        }));
    }
    serde_json::json!({"scheme": "civil_servant_annual", "people": people}).to_string()
}

fn assess(c: &mut Criterion) {
    let n = 100_000.min(max_size());
    let input = assessment_input(n);
    let mut g = c.benchmark_group("assess");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements(n as u64));
    g.bench_with_input(
        BenchmarkId::new("civil_servant_annual_json", n),
        &input,
        |b, i| {
            b.iter(|| {
                bianzhi::assess::assess_json(i)
                    .expect("assess")
                    .outcomes
                    .len()
            })
        },
    );
    g.finish();
}

criterion_group!(benches, validate_sizes, validate_families, load, assess);
criterion_main!(benches);
