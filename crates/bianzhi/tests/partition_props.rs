//! The partition API (`bianzhi::validate::partition`) gives the report of one process for
//! any partitioning of the roster: on the conformance corpus, a hand-made roster whose
//! features cross pools, and generated rosters.

use std::path::{Path, PathBuf};

use bianzhi::validate::partition::{
    candidates_from_columns, finish, global_findings, pool_map, validate_partition,
    CandidateColumns,
};
use bianzhi::{validate, Dataset, Lang, NaiveDate, Options, Report};
use proptest::prelude::*;
use serde_json::Value;

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

fn hash(s: &str, seed: u64) -> u64 {
    s.bytes()
        .fold(seed ^ 0x9e37_79b9_7f4a_7c15, |h, b| mix(h ^ u64::from(b)))
}

/// The report of `doc` validated in `parts` partitions: staff of one pool key together
/// (the key hashed with `seed`), staff without a pool spread record by record.
fn partitioned(doc: &Value, as_of: NaiveDate, lang: Lang, parts: usize, seed: u64) -> Report {
    let mut units_only = doc.clone();
    let staff: Vec<Value> = match units_only.as_object_mut().and_then(|m| m.remove("staff")) {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    units_only["staff"] = Value::Array(Vec::new());
    let units = Dataset::from_value(units_only.clone()).expect("units load");
    let keys: std::collections::HashMap<String, String> = pool_map(&units)
        .into_iter()
        .map(|e| (e.unit, e.key))
        .collect();
    let mut split: Vec<(Vec<Value>, Vec<u64>)> = vec![(Vec::new(), Vec::new()); parts];
    for (i, s) in staff.into_iter().enumerate() {
        let unit = match s.get("unit") {
            Some(Value::String(u)) => u.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let key = keys.get(&unit).cloned().unwrap_or_default();
        let p = if key.is_empty() {
            mix(i as u64 ^ seed) as usize % parts
        } else {
            hash(&key, seed) as usize % parts
        };
        split[p].0.push(s);
        split[p].1.push(i as u64);
    }
    let mut results = Vec::new();
    let mut candidates = Vec::new();
    for (staff, records) in split {
        let mut d = units_only.clone();
        d["staff"] = Value::Array(staff);
        let ds = Dataset::from_value(d).expect("partition loads");
        let mut r = validate_partition(&ds, &records, as_of, lang).expect("partition");
        candidates.append(&mut r.candidates);
        results.push(r);
    }
    // The candidates as an engine moves them: as columns (hash, record, payload), shuffled
    // by hash into a few groups, so that keys of different hash meet in one call.
    let cols = CandidateColumns::new(&candidates);
    let groups = (seed % 4 + 1) as usize;
    let mut global = Vec::new();
    for g in 0..groups {
        let (mut records, mut offsets, mut data) = (Vec::new(), vec![0i64], Vec::new());
        for i in (0..cols.records.len()).rev() {
            if mix(cols.hashes[i] ^ seed) as usize % groups != g {
                continue;
            }
            records.push(cols.records[i]);
            data.extend_from_slice(
                &cols.data[cols.offsets[i] as usize..cols.offsets[i + 1] as usize],
            );
            offsets.push(data.len() as i64);
        }
        let moved = candidates_from_columns(&records, &offsets, &data).expect("payloads read back");
        global.extend(global_findings(moved, lang));
    }
    finish(&units, as_of, lang, results, global)
}

fn same(doc: &Value, as_of: NaiveDate, lang: Lang, parts: usize, seed: u64) -> Result<(), String> {
    let whole = Dataset::from_value(doc.clone()).map_err(|e| e.to_string())?;
    let want = validate(&whole, &Options::as_of(as_of).with_lang(lang));
    let got = partitioned(doc, as_of, lang, parts, seed);
    if got == want {
        return Ok(());
    }
    for (i, (g, w)) in got.violations.iter().zip(&want.violations).enumerate() {
        if g != w {
            return Err(format!(
                "{parts} parts, seed {seed}: finding {i} differs:\n got  {g:?}\n want {w:?}"
            ));
        }
    }
    Err(format!(
        "{parts} parts, seed {seed}: {} findings vs {}; occupancy equal: {}; summary {:?} vs {:?}",
        got.violations.len(),
        want.violations.len(),
        got.occupancy == want.occupancy,
        got.summary,
        want.summary
    ))
}

fn corpus() -> Vec<(String, Value, NaiveDate, Lang)> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo("tests/cases/validation"))
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    for p in paths {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(&p).expect("read")).expect("case JSON");
        if case.get("expected_error").is_some() {
            continue;
        }
        let doc = match &case["dataset"] {
            Value::String(s) => match serde_json::from_str(s) {
                Ok(v) => v,
                Err(_) => continue,
            },
            v => v.clone(),
        };
        if !doc.is_object() || Dataset::from_value(doc.clone()).is_err() {
            continue;
        }
        let as_of = case["as_of"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("as_of");
        let lang = match case.get("lang").and_then(Value::as_str) {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        };
        out.push((p.display().to_string(), doc, as_of, lang));
    }
    out
}

fn cross_pool() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(repo("tests/partition/cross_pool.json")).expect("roster"),
    )
    .expect("JSON")
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// Every roster of the shared corpus `tests/partition/` (also read by the Python tests of
/// the Dask and Spark drivers), by file name.
fn partition_corpus() -> Vec<(String, Value)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo("tests/partition"))
        .expect("tests/partition")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("roster");
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, serde_json::from_str(&text).expect("JSON"))
        })
        .collect()
}

#[test]
fn partition_corpus_in_1_2_7_64_partitions() {
    let corpus = partition_corpus();
    assert!(
        corpus.len() >= 2,
        "{:?}",
        corpus.iter().map(|c| &c.0).collect::<Vec<_>>()
    );
    for (name, doc) in corpus {
        let as_of = d(doc["as_of"].as_str().unwrap_or("2026-11-30"));
        for lang in [Lang::Zh, Lang::En] {
            for parts in [1, 2, 7, 64] {
                for seed in 0..4 {
                    same(&doc, as_of, lang, parts, seed)
                        .map_err(|e| format!("{name}: {e}"))
                        .unwrap();
                }
            }
        }
    }
}

/// The unknown-field roster has UNKNOWN_FIELD findings of units, posts and staff records
/// (per record, in the staff of several pools and of none), so partitions must place
/// each one. `secondment.ends` is a key of a nested record, reported under its dotted
/// path (as the tables the Python tests make of it report the column).
#[test]
fn unknown_fields_roster_has_them_in_every_table() {
    let text =
        std::fs::read_to_string(repo("tests/partition/unknown_fields.json")).expect("roster");
    let ds = Dataset::from_json(&text).unwrap();
    let report = validate(&ds, &Options::as_of(d("2026-11-30")));
    let unknown: Vec<(Option<&str>, Option<usize>, &str)> = report
        .violations
        .iter()
        .filter(|v| v.code == bianzhi::Code::UnknownField)
        .map(|v| {
            (
                v.array.as_deref(),
                v.index,
                v.field.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        unknown,
        [
            (Some("units"), Some(0), "contact"),
            (Some("units"), Some(1), "phone"),
            (Some("units"), Some(3), "contact"),
            (Some("posts"), Some(0), "memo"),
            (Some("staff"), Some(0), "remark"),
            (Some("staff"), Some(1), "nickname"),
            (Some("staff"), Some(2), "remark"),
            (Some("staff"), Some(3), "secondment.ends"),
            (Some("staff"), Some(4), "birth"),
            (Some("staff"), Some(5), "remark"),
            (Some("staff"), Some(5), "nickname"),
            (Some("staff"), Some(6), "remark"),
        ]
    );
}

#[test]
fn cross_pool_roster_in_1_2_7_64_partitions() {
    let doc = cross_pool();
    for lang in [Lang::Zh, Lang::En] {
        for parts in [1, 2, 7, 64] {
            for seed in 0..8 {
                same(&doc, d("2026-11-30"), lang, parts, seed).unwrap();
            }
        }
    }
}

#[test]
fn cross_pool_roster_has_each_feature() {
    // The roster is only a test of the partitions if its findings cross them.
    let ds = Dataset::from_value(cross_pool()).unwrap();
    let r = validate(&ds, &Options::as_of(d("2026-11-30")));
    let has = |code: &str, text: &str| {
        r.violations
            .iter()
            .any(|v| v.code.as_str() == code && v.message.contains(text))
    };
    assert!(has("DUPLICATE_ID", "第1条与第5条"));
    assert!(has("CYCLE_IN_TREE", "环一 → 环二"));
    assert!(has("UNKNOWN_REFERENCE", "人员第13条"));
    assert!(has("UNAPPROVED_SECONDMENT", "赵四(S4)"));
    assert!(has("OVER_LEADERSHIP_QUOTA", "甲县教研中心 副职"));
    assert!(has(
        "MIXED_POST",
        "王三(S3) 编制在甲县教育局，岗位 科员(PB1) 却属于乙县民政局"
    ));
    assert!(has("POST_OVER_HEADCOUNT", "科员(PB1)"));
    assert!(has("POOL_OVER_CAP", "财政供养人员 总量3名，实有6名"));
    assert!(has(
        "DUPLICATE_PERSON",
        "孙六(S6) 身份证号 110101199001011237 已由 张一(S1)（甲县教育局）"
    ));
    assert!(has("SECONDMENT_CAP_EXCEEDED", "周七"));
    assert!(has("DECLARED_COUNT_MISMATCH", "甲县教育局"));
    assert!(has("INVALID_RECORD", "人员第17条"));
    let overlaps = r
        .violations
        .iter()
        .filter(|v| v.code.as_str() == "DUTY_OVERLAP")
        .count();
    assert_eq!(overlaps, 1);
}

#[test]
fn corpus_in_1_2_7_64_partitions() {
    let cases = corpus();
    assert!(cases.len() > 40, "{} cases", cases.len());
    let mut failed = Vec::new();
    for (name, doc, as_of, lang) in &cases {
        for parts in [1, 2, 7, 64] {
            for seed in 0..3 {
                if let Err(e) = same(doc, *as_of, *lang, parts, seed) {
                    failed.push(format!("{name}: {e}"));
                }
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// A generated roster with the cross-pool roster's units, posts and staff added.
fn generated_with_cross(staff: usize, seed: u64) -> Value {
    let ds = Dataset::new(bianzhi::sample::generate(staff, seed));
    let mut doc: Value = serde_json::from_str(&ds.to_json()).unwrap();
    let cross = cross_pool();
    for array in ["units", "posts", "staff", "duties", "pools"] {
        let add = cross[array].as_array().cloned().unwrap_or_default();
        match doc.get_mut(array).and_then(Value::as_array_mut) {
            Some(a) => a.extend(add),
            None => doc[array] = Value::Array(add),
        }
    }
    if let Some(s) = cross.get("settings") {
        doc["settings"]["secondment_caps"] = s["secondment_caps"].clone();
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn finish_equals_validate_for_random_partitionings(
        staff in 0usize..400,
        roster in 0u64..1000,
        parts in 1usize..12,
        seed in any::<u64>(),
        en in any::<bool>(),
    ) {
        let doc = generated_with_cross(staff, roster);
        let lang = if en { Lang::En } else { Lang::Zh };
        same(&doc, d("2026-11-30"), lang, parts, seed).map_err(TestCaseError::fail)?;
    }
}

/// A nested record's unknown key is a finding under its dotted path with the nearest key
/// of the nested record, also for a record read and then refused by its record check (as
/// for its top-level keys), and a known nested key or a null secondment gives none.
#[test]
fn unknown_keys_of_a_nested_secondment_are_findings() {
    let doc = r#"{"units": [{"id": "U1", "name": "局", "kind": "organ", "quotas": {"administrative": 3}}],
        "staff": [
          {"id": "S1", "name": "甲", "unit": "U1", "establishment": "administrative",
           "secondment": {"start": "2026-01-01", "ends": "2026-12-31", "approved_by": "县委"}},
          {"id": "S2", "name": "乙", "unit": "U1", "establishment": "administrative", "secondment": null},
          {"id": "S3", "name": "丙", "unit": "U1", "establishment": "administrative",
           "birth_date": "1990-01-01", "joined": "1980-01-01",
           "secondment": {"start": "2026-01-01", "aproved_by": "县委"}}]}"#;
    let ds = Dataset::from_json(doc).unwrap();
    let report = validate(&ds, &Options::as_of(d("2026-06-30")).with_lang(Lang::En));
    let unknown: Vec<(&str, &str, &str)> = report
        .violations
        .iter()
        .filter(|v| v.code == bianzhi::Code::UnknownField)
        .map(|v| {
            (
                v.staff.as_deref().unwrap_or(""),
                v.field.as_deref().unwrap_or(""),
                v.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        unknown,
        [
            (
                "S1",
                "secondment.ends",
                "staff[0](S1): unknown field `secondment.ends`, ignored; did you mean `secondment.end`?"
            ),
            (
                "S3",
                "secondment.aproved_by",
                "staff[2](S3): unknown field `secondment.aproved_by`, ignored; did you mean `secondment.approved_by`?"
            ),
        ]
    );
}
