//! The `bianzhi` command end to end: outputs and exit codes (`docs/cli.md`, `docs/formats.md#exit-statuses`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bianzhi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run bianzhi")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bianzhi-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn demo_prints_every_code_and_the_assessment() {
    let o = bianzhi(&["demo"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for code in bianzhi::Code::ALL {
        assert!(out.contains(code.as_str()), "demo lacks {code}");
    }
    assert!(out.contains("公务员年度考核: 参加"));
    assert!(out.contains("事业单位工作人员年度考核: 参加"));
    assert!(out.contains("整改台账"));
}

#[test]
fn non_json_file_exits_2_naming_file_line_and_column() {
    let f = tmp("broken.json");
    std::fs::write(&f, "{\n  \"units\": [\n    {\"id\": 1,,}\n").unwrap();
    let o = bianzhi(&["validate", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.json"), "{err}");
    assert!(err.contains("line 3, column 14"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn three_bad_records_are_three_findings_and_the_rest_is_validated() {
    let f = tmp("three.json");
    std::fs::write(
        &f,
        r#"{"as_of": "2026-11-30",
            "units": [{"id": "U1", "name": "某局", "kind": "organ", "quotas": {"administrative": 1}},
                      {"id": "U2", "name": "某中心", "kind": "institution", "quotas": {"institution": -1}}],
            "staff": [{"id": "S1", "name": "甲", "unit": "U1", "establishment": "administrative"},
                      {"id": "S2", "name": "乙", "unit": "U1", "establishment": "administrative"},
                      {"id": "S3", "name": "丙", "unit": "U1", "birth_date": "1990-13-01"},
                      {"id": "S4", "name": "丁", "unit": "U1", "status": "holiday"}]}"#,
    )
    .unwrap();
    let o = bianzhi(&["validate", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "INVALID_RECORD",
            "INVALID_RECORD",
            "INVALID_RECORD",
            "OVER_ESTABLISHMENT"
        ]
    );
    let fields: Vec<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|v| v["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["quotas.institution", "birth_date", "status"]);
}

#[test]
fn clean_dataset_exits_0_and_csv_has_a_header() {
    let f = tmp("clean.json");
    std::fs::write(
        &f,
        r#"{"units": [{"id": "U1", "name": "某局", "kind": "organ", "quotas": {"administrative": 2}}],
            "staff": [{"id": "S1", "name": "甲", "unit": "U1", "establishment": "administrative"}]}"#,
    )
    .unwrap();
    let o = bianzhi(&[
        "validate",
        f.to_str().unwrap(),
        "--format",
        "csv",
        "--as-of",
        "2026-11-30",
    ]);
    assert_eq!(o.status.code(), Some(0));
    // The one CSV report: BOM, Chinese headers by default, names beside ids.
    assert!(
        stdout(&o).starts_with("\u{feff}代码,问题类型,严重程度,单位编码,单位名称,人员编码,姓名")
    );
}

#[test]
fn template_validates_to_an_empty_report() {
    let f = tmp("模板.xlsx");
    let o = bianzhi(&["template", "--output", f.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = bianzhi(&["validate", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["violations"], serde_json::json!([]));
    assert_eq!(report["summary"]["staff"], 0);
}

#[test]
fn xlsx_report_is_written() {
    let src = tmp("sample.json");
    std::fs::write(&src, bianzhi::sample::county_json()).unwrap();
    let out = tmp("report.xlsx");
    let o = bianzhi(&[
        "validate",
        src.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx file is a zip archive");
}

#[test]
fn check_and_retirement() {
    let o = bianzhi(&["check", "11010519491231002X", "91110000600037341L"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("出生 1949-12-31"));
    let o = bianzhi(&["check", "110105194912310021"]);
    assert_eq!(o.status.code(), Some(1));
    let o = bianzhi(&["retirement", "--birth", "1971-04", "--group", "female_55"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("55岁4个月"));
    assert!(stdout(&o).contains("2026-08"));
    let o = bianzhi(&["retirement", "--birth", "1971-13", "--group", "male"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn example_files_run() {
    let o = bianzhi(&[
        "assess",
        "--scheme",
        "civil_servant_annual",
        "examples/data/assess.json",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let grades: Vec<&str> = out["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["grade"].as_str().unwrap_or("-"))
        .collect();
    // 10 graded in U1: floor(0.2 × 10) = 2 优秀; A03 and A04 are moved down by the cap.
    assert_eq!(&grades[..4], ["优秀", "优秀", "称职", "称职"]);
    let o = bianzhi(&["plan", "examples/data/plan.json", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("1220 persons"));
    let o = bianzhi(&["evaluate", "examples/data/evaluate.json"]);
    assert_eq!(o.status.code(), Some(0));
    // Both targets fail (50% < 95%, 50% < 80%): exit 1.
    let o = bianzhi(&["rectification", "examples/data/ledger.json"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn generated_dataset_validates() {
    let f = tmp("gen.json");
    let o = bianzhi(&[
        "generate",
        "--staff",
        "5000",
        "--seed",
        "9",
        "--output",
        f.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let o = bianzhi(&["validate", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["summary"]["staff"], 5000);
}

#[test]
fn workdays_across_national_day_and_unknown_year() {
    // 2026-09-30 + 3: 10-01..07 off, 10-08, 10-09, 10-10 (Saturday, 调休 working day).
    let o = bianzhi(&["workdays", "--from", "2026-09-30", "--add", "3"]);
    assert_eq!(
        (o.status.code(), stdout(&o).trim()),
        (Some(0), "2026-10-10")
    );
    let o = bianzhi(&["workdays", "--from", "2026-02-24", "--add", "-1"]);
    assert_eq!(stdout(&o).trim(), "2026-02-14");
    let o = bianzhi(&["workdays", "--from", "2026-09-19", "--to", "2026-10-11"]);
    assert_eq!(stdout(&o).trim(), "11");
    let o = bianzhi(&["workdays", "--from", "2027-01-04"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2027"));
    let cal = tmp("cal.json");
    std::fs::write(
        &cal,
        r#"{"years": {"2027": {"holidays": [["2027-01-01", "2027-01-01"]]}}}"#,
    )
    .unwrap();
    let c = cal.to_str().unwrap();
    let o = bianzhi(&[
        "workdays",
        "--from",
        "2026-12-30",
        "--add",
        "3",
        "--calendar",
        c,
    ]);
    assert_eq!(stdout(&o).trim(), "2027-01-05");
}

#[test]
fn assess_one_bad_candidate_exits_1_and_scores_the_rest() {
    let f = tmp("selection.json");
    std::fs::write(
        &f,
        r#"{"people": [
          {"id": "S9", "votes": {"优秀": 5}, "judges": [80, 90]},
          {"id": "S10", "votes": {"优秀": 5, "称职": 5}, "judges": [80, 90, 85]}]}"#,
    )
    .unwrap();
    let path = f.to_str().unwrap();
    let o = bianzhi(&[
        "assess",
        "--scheme",
        "competitive_selection",
        path,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"], 1);
    assert!(v["outcomes"][0]["error"]
        .as_str()
        .unwrap()
        .contains("2 marks"));
    assert_eq!(v["outcomes"][1]["composite"], "79.00");
    assert_eq!(v["outcomes"][1]["rank"], 1);
}
