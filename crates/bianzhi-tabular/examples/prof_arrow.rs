//! Loads a JSON document's units, staff and posts as Arrow tables (every column as
//! `LargeUtf8`, whole-number columns as `Int64`: what `pa.Table.from_pandas` gives for the
//! benchmark's frames) through `columns::load_tables`, then validates, for timing and
//! `perf record`:
//! `cargo run --profile profiling -p bianzhi-tabular --features arrow --example prof_arrow -- DOC.json 3`

use std::sync::Arc;
use std::time::Instant;

use arrow_array::{ArrayRef, Int64Array, LargeStringArray, RecordBatch};
use arrow_schema::{Field, Schema};
use bianzhi::validate::{validate, Options};
use bianzhi_tabular::columns::{load_tables, ArrowTable, TableInput};
use bianzhi_tabular::RecordKind;
use serde_json::{Map, Value};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn flatten(m: &Map<String, Value>, prefix: &str, out: &mut Vec<(String, Value)>) {
    for (k, v) in m {
        match v {
            Value::Object(inner) => flatten(inner, &format!("{prefix}{k}."), out),
            Value::Array(_) => {}
            other => out.push((format!("{prefix}{k}"), other.clone())),
        }
    }
}

fn table(rows: &[Value]) -> RecordBatch {
    let mut names: Vec<String> = Vec::new();
    let flat: Vec<Vec<(String, Value)>> = rows
        .iter()
        .map(|r| {
            let mut f = Vec::new();
            if let Value::Object(m) = r {
                flatten(m, "", &mut f);
            }
            for (k, _) in &f {
                if !names.contains(k) {
                    names.push(k.clone());
                }
            }
            f
        })
        .collect();
    let mut cols: Vec<ArrayRef> = Vec::new();
    let mut fields = Vec::new();
    for name in &names {
        let vals: Vec<Option<&Value>> = flat
            .iter()
            .map(|f| f.iter().find(|(k, _)| k == name).map(|(_, v)| v))
            .collect();
        let ints = vals.iter().all(|v| v.is_none_or(|v| v.is_i64()));
        let col: ArrayRef = if ints {
            Arc::new(Int64Array::from(
                vals.iter()
                    .map(|v| v.and_then(|v| v.as_i64()))
                    .collect::<Vec<_>>(),
            ))
        } else {
            Arc::new(LargeStringArray::from(
                vals.iter()
                    .map(|v| v.map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)))
                    .collect::<Vec<_>>(),
            ))
        };
        fields.push(Field::new(name, col.data_type().clone(), true));
        cols.push(col);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).expect("batch")
}

/// User plus system CPU seconds of this process so far (all threads), from /proc.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("DOC.json");
    let reps: usize = args.next().map_or(3, |s| s.parse().expect("reps"));
    let doc: Value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    let arr = |k: &str| doc[k].as_array().cloned().unwrap_or_default();
    let batches = [arr("units"), arr("staff"), arr("posts")].map(|rows| table(&rows));
    drop(doc);
    let arrow = |i: usize| {
        TableInput::Arrow(ArrowTable::from_batches([Ok(batches[i].clone())]).expect("table"))
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    for _ in 0..reps {
        let (t0, c0) = (Instant::now(), cpu());
        let inputs = vec![
            (RecordKind::Units, arrow(0)),
            (RecordKind::Staff, arrow(1)),
            (RecordKind::Posts, arrow(2)),
        ];
        let loaded = load_tables(inputs, Map::new()).expect("load");
        let (t1, c1) = (Instant::now(), cpu());
        let report = validate(&loaded.dataset, &Options::as_of(as_of));
        let (t2, c2) = (Instant::now(), cpu());
        let stages: Vec<String> = loaded
            .times
            .iter()
            .map(|(w, s)| format!("{w} {s:.3}"))
            .collect();
        println!(
            "load {:.3} s, cpu {:.2} s ({}), validate {:.3} s, cpu {:.2} s, {} findings",
            (t1 - t0).as_secs_f64(),
            c1 - c0,
            stages.join(", "),
            (t2 - t1).as_secs_f64(),
            c2 - c1,
            report.violations.len()
        );
    }
}
