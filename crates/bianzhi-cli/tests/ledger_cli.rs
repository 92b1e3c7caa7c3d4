//! `bianzhi ledger`, `bianzhi diff` and `bianzhi reconcile` end to end: outputs and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bianzhi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .output()
        .expect("run bianzhi")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bianzhi-ledger-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The input of a corpus case, written as a ledger file.
fn case(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/ledger");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(format!("{name}.json"))).unwrap())
            .unwrap();
    let p = tmp(&format!("{name}.json"));
    std::fs::write(&p, v["input"].to_string()).unwrap();
    p
}

#[test]
fn ledger_text_json_and_xlsx() {
    let p = case("change_table_reconciles");
    let f = p.to_str().unwrap();
    let o = bianzhi(&["ledger", f]);
    // Every event is approved, but the snapshot has an error finding (the opening's S10,
    // born 1949, is past retirement age): exit 1.
    assert!(out(&o).contains("期末名册校验：错误 1"));
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let t = out(&o);
    assert!(t.contains("事项 6 件：核准 6，不予核准 0"), "{t}");
    // U1 administrative: 5 + 2 核增 = 7; occupied 3 + 1 − 1 − 1 = 2.
    assert!(
        t.contains("U1\t行政编制\t5\t2\t0\t0\t0\t7\t3\t1\t0\t1\t1\t2"),
        "{t}"
    );
    let o = bianzhi(&["ledger", f, "--format", "json", "--as-of", "2026-02-15"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["as_of"], "2026-02-15");
    assert_eq!(v["summary"]["events"], 2);
    assert_eq!(v["summary"]["pending"], 4);
    let x = tmp("ledger.xlsx");
    let snap = tmp("snapshot.json");
    let o = bianzhi(&[
        "ledger",
        f,
        "--format",
        "xlsx",
        "--output",
        x.to_str().unwrap(),
        "--snapshot",
        snap.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(std::fs::read(&x).unwrap().starts_with(b"PK"));
    let s: serde_json::Value = serde_json::from_slice(&std::fs::read(&snap).unwrap()).unwrap();
    assert!(s["staff"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == "S30"));
    // xlsx without --output is a usage error.
    assert_eq!(
        bianzhi(&["ledger", f, "--format", "xlsx"]).status.code(),
        Some(2)
    );
}

#[test]
fn ledger_exit_codes_and_english() {
    let p = case("reservation_sequence");
    let o = bianzhi(&["ledger", p.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1), "a rejected event");
    let t = out(&o);
    assert!(
        t.contains("NO_VACANCY") && t.contains("fewer than 1"),
        "{t}"
    );
    let bad = tmp("bad.json");
    std::fs::write(&bad, "{\"opening\": 3}").unwrap();
    let o = bianzhi(&["ledger", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.json"));
    assert_eq!(
        bianzhi(&["ledger", "/nonexistent.json"]).status.code(),
        Some(2)
    );
}

#[test]
fn ledger_with_events_from_csv() {
    let opening = tmp("opening-ledger.json");
    std::fs::write(
        &opening,
        r#"{"opening": {"units": [{"id": "U1", "name": "县委办", "kind": "organ", "quotas": {"administrative": 1}}],
            "staff": []}}"#,
    )
    .unwrap();
    let csv = tmp("事项.csv");
    std::fs::write(&csv, "事项编号,日期,事项类型,单位,编制类型,数量\nE1,2026-01-05,用编核准,U1,行政,1\nE2,2026-01-06,用编核准,U1,行政,1\n").unwrap();
    let o = bianzhi(&[
        "ledger",
        opening.to_str().unwrap(),
        "--events",
        csv.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["decisions"][1]["code"], "NO_VACANCY");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn diff_and_reconcile() {
    let old = tmp("old.json");
    let new = tmp("new.json");
    std::fs::write(&old, r#"{"units": [{"id": "U1", "name": "县委办", "kind": "organ", "quotas": {"administrative": 2}}],
        "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative", "id_number": "11010519491231002X"},
                  {"id": "S2", "name": "李四", "unit": "U1", "establishment": "administrative"}]}"#).unwrap();
    std::fs::write(&new, r#"{"units": [{"id": "U1", "name": "县委办", "kind": "organ", "quotas": {"administrative": 3}}],
        "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative", "id_number": "110105491231002"},
                  {"id": "S3", "name": "王五", "unit": "U1", "establishment": "administrative", "id_number": "440305198507155017"}]}"#).unwrap();
    let o = bianzhi(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["joined"][0]["staff"], "S3");
    assert_eq!(v["left"][0]["staff"], "S2");
    assert_eq!(v["quota_changes"][0]["delta"], 1);
    let t = out(&bianzhi(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]));
    assert!(t.contains("新增 1 人，减少 1 人"), "{t}");

    let reg = tmp("registry.csv");
    std::fs::write(&reg, "身份证号,姓名,备注\n11010519491231002x,张三,\n").unwrap();
    let pay = tmp("payroll.json");
    std::fs::write(&pay, r#"[{"身份证号": "11010519491231002X", "姓名": "张三"}, {"身份证号": "110105198001010016", "姓名": "空饷"}]"#).unwrap();
    let o = bianzhi(&[
        "reconcile",
        "--roster",
        new.to_str().unwrap(),
        "--registry",
        reg.to_str().unwrap(),
        "--payroll",
        pay.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ghost_payroll"][0]["id_number"], "110105198001010016");
    assert_eq!(v["stale_holding"][0]["staff"], "S3");
    assert_eq!(v["summary"]["matched"], 1);
}
