//! The same data as JSON, CSV (GBK and UTF-8, Chinese and English headers) and `.xlsx`
//! gives the same findings.

use std::path::{Path, PathBuf};

use bianzhi::{validate, Dataset, Options, Report};
use bianzhi_tabular::{
    read_csv_sources, read_workbook_bytes, write_document_csv, write_document_xlsx, Encoding,
    Headers, ReadOptions,
};
use chrono::NaiveDate;
use serde_json::Value;

type Projection = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The findings compared across forms: UNKNOWN_FIELD is about a record's key in JSON and
/// about a column (once, for every row) in a table, so it is compared by its own tests.
fn compared(r: &Report) -> impl Iterator<Item = &bianzhi::Violation> {
    r.violations
        .iter()
        .filter(|v| v.code != bianzhi::Code::UnknownField)
}

fn project(r: &Report) -> Vec<Projection> {
    compared(r)
        .map(|v| {
            (
                v.code.as_str().to_string(),
                v.unit.clone(),
                v.staff.clone(),
                v.post.clone(),
                v.duty.clone(),
            )
        })
        .collect()
}

/// Projection plus the record location of INVALID_RECORD findings.
type Located = (Projection, Option<String>, Option<usize>, Option<String>);

fn project_full(r: &Report) -> Vec<Located> {
    project(r)
        .into_iter()
        .zip(compared(r))
        .map(|(p, v)| (p, v.array.clone(), v.index, v.field.clone()))
        .collect()
}

fn run(ds: &Dataset, as_of: NaiveDate) -> Report {
    validate(ds, &Options::as_of(as_of))
}

fn via_csv(doc: &Value, headers: Headers, enc: Encoding) -> Dataset {
    let files = write_document_csv(doc, headers, enc);
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    read_csv_sources(&refs, &ReadOptions::default())
        .expect("exported CSV reads back")
        .dataset
}

fn via_xlsx(doc: &Value, headers: Headers) -> Dataset {
    let bytes = write_document_xlsx(doc, headers).expect("workbook");
    read_workbook_bytes("export.xlsx", &bytes, &ReadOptions::default())
        .expect("exported workbook reads back")
        .dataset
}

/// Checks every tabular form of `doc` against its JSON form; returns a description of
/// the first difference.
fn compare_forms(doc: &Value, as_of: NaiveDate) -> Result<(), String> {
    let json = Dataset::from_json(&doc.to_string()).map_err(|e| e.to_string())?;
    let want = run(&json, as_of);
    let forms: [(&str, Dataset); 4] = [
        (
            "CSV 中文表头 GBK",
            via_csv(doc, Headers::Chinese, Encoding::Gbk),
        ),
        (
            "CSV English UTF-8 BOM",
            via_csv(doc, Headers::English, Encoding::Utf8Bom),
        ),
        ("XLSX 中文表头", via_xlsx(doc, Headers::Chinese)),
        ("XLSX English", via_xlsx(doc, Headers::English)),
    ];
    for (name, ds) in forms {
        let got = run(&ds, as_of);
        if project_full(&got) != project_full(&want) {
            return Err(format!(
                "{name}: findings differ\n want {:?}\n got  {:?}",
                project_full(&want),
                project_full(&got)
            ));
        }
        if got.occupancy != want.occupancy || got.leadership != want.leadership {
            return Err(format!("{name}: occupancy or leadership differs"));
        }
        // UNKNOWN_FIELD warnings are per record in JSON and per column in a table.
        let unknown = |r: &Report| {
            r.violations
                .iter()
                .filter(|v| v.code == bianzhi::Code::UnknownField)
                .count()
        };
        let less = |r: &Report| {
            let mut s = r.summary.clone();
            s.warnings -= unknown(r);
            s
        };
        if less(&got) != less(&want) {
            return Err(format!(
                "{name}: summary differs: {:?} vs {:?}",
                got.summary, want.summary
            ));
        }
    }
    Ok(())
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/validation")
}

#[test]
fn conformance_cases_agree_in_every_tabular_form() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for p in &paths {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json");
        // Raw-text cases test JSON syntax errors: nothing tabular about them.
        if !case["dataset"].is_object() {
            continue;
        }
        let as_of: NaiveDate = case["as_of"].as_str().unwrap().parse().unwrap();
        checked += 1;
        if let Err(e) = compare_forms(&case["dataset"], as_of) {
            failures.push(format!("{}: {e}", p.display()));
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} of {checked} cases differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Issue 6, done when: the sample county as a GBK CSV set and as a workbook gives exactly
/// the findings of its JSON form.
#[test]
fn sample_county_gbk_csv_and_xlsx_match_json() {
    let doc: Value = serde_json::from_str(&bianzhi::sample::county_json()).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let json = bianzhi::sample::county();
    let want = run(&json, as_of);
    assert!(want.violations.len() > 20);

    let files = write_document_csv(&doc, Headers::Chinese, Encoding::Gbk);
    assert!(files.iter().any(|(n, _)| n == "人员.csv"));
    for (_, bytes) in &files {
        assert!(
            std::str::from_utf8(bytes).is_err(),
            "GBK output is not UTF-8"
        );
    }
    let csv = via_csv(&doc, Headers::Chinese, Encoding::Gbk);
    let xlsx = via_xlsx(&doc, Headers::Chinese);
    for (name, ds) in [("GBK CSV", csv), ("XLSX", xlsx)] {
        let got = run(&ds, as_of);
        assert_eq!(project_full(&got), project_full(&want), "{name}");
        assert_eq!(got.occupancy, want.occupancy, "{name}");
        assert_eq!(got.leadership, want.leadership, "{name}");
        // Messages are equal too, except that row findings name the file and row.
        for (g, w) in compared(&got).zip(compared(&want)) {
            if g.code == bianzhi::Code::InvalidRecord {
                // 「…（单位.csv 第104行），该记录已跳过」: the JSON message with the place.
                let end = g.message.rfind("行）").expect("a table place") + "行）".len();
                let start = g.message[..end].rfind('（').expect("a table place");
                let without = format!("{}{}", &g.message[..start], &g.message[end..]);
                assert!(g.message[start..end].contains(" 第"), "{}", g.message);
                assert_eq!(without, w.message, "{name}");
            } else {
                assert_eq!(g.message, w.message, "{name}");
            }
        }
    }
}

/// A staff file of more than 8 MiB is parsed in parts on several cores and its rows are
/// converted piece by piece, each piece freed once its rows are columns: the records, their
/// order and the report are those of the document the files were written from.
#[test]
fn big_csv_read_in_pieces_is_the_document() {
    let doc = bianzhi::sample::generate(110_000, 7);
    let value = serde_json::to_value(&doc).unwrap();
    let files = bianzhi_tabular::write_document_csv(
        &value,
        bianzhi_tabular::Headers::English,
        bianzhi_tabular::Encoding::Utf8Bom,
    );
    let staff_bytes = files
        .iter()
        .find(|(n, _)| n.starts_with("staff"))
        .map_or(0, |(_, b)| b.len());
    assert!(staff_bytes > 8 << 20, "{staff_bytes} bytes: one part only");
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let out = bianzhi_tabular::read_csv_sources(&files, &Default::default()).unwrap();
    let direct = bianzhi::Dataset::new(doc);
    assert_eq!(out.dataset.staff().to_vec(), direct.staff().to_vec());
    let opts = bianzhi::Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    let (a, b) = (
        bianzhi::validate(&out.dataset, &opts),
        bianzhi::validate(&direct, &opts),
    );
    assert_eq!(a.violations, b.violations);
}
