//! Hostile inputs of issue 20 through the `bianzhi` command, each run under an
//! address-space cap of 3 GB (`prlimit --as`): an allocation the input asks for fails the
//! test (exit 134 or 101), not the machine. Inputs are generated here (`tests/hostile/README.md`).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};

const CAP: &str = "--as=3000000000";

/// Runs `bianzhi ARGS` under the cap.
fn capped(args: &[&str]) -> Output {
    Command::new("prlimit")
        .arg(CAP)
        .arg(env!("CARGO_BIN_EXE_bianzhi"))
        .args(args)
        .output()
        .expect("prlimit (util-linux) runs")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bianzhi-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Validates `doc` under the cap with `extra` arguments; returns the JSON report.
fn validate(name: &str, doc: &Value, extra: &[&str]) -> Value {
    let f = tmp(name);
    std::fs::write(&f, serde_json::to_vec(doc).unwrap()).unwrap();
    let mut args = vec![
        "validate",
        f.to_str().unwrap(),
        "--format",
        "json",
        "--lang",
        "en",
    ];
    args.extend_from_slice(extra);
    let o = capped(&args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{name}: {} {err}",
        o.status
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn findings<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["code"] == code)
        .collect()
}

#[test]
fn many_categories_over_many_units_stay_small_and_keep_their_codes() {
    // 70 000 declared categories over 20 000 institutions, one quota and one person each:
    // 1.4 billion unit × category counters before (and one set per thread), 20 000 pairs now.
    // Categories past 65 535 aliased 行政编制 or "no category" with 16-bit codes.
    let ncat = 70_000;
    let nunits = 20_000;
    let cats: Vec<String> = (0..ncat).map(|c| format!("c{c}")).collect();
    let mut units = Vec::new();
    let mut staff = Vec::new();
    for u in 0..nunits {
        // Unit u holds one post of category c(ncat − 1 − u); the last unit's category is
        // c50000, the first's c69999 (past 65 535).
        let cat = format!("c{}", ncat - 1 - u);
        units.push(
            json!({"id": format!("U{u}"), "name": format!("中心{u}"), "kind": "institution",
                          "quotas": {cat.clone(): 1}}),
        );
        staff.push(
            json!({"id": format!("S{u}"), "name": "张三", "unit": format!("U{u}"),
                          "establishment": cat}),
        );
    }
    // U0 gets a second holder of c69999: over by one. U1 a holder of c65531 (code 65535,
    // the old "no category"), where it has no quota: over by one as well.
    staff.push(json!({"id": "X1", "name": "李四", "unit": "U0", "establishment": "c69999"}));
    staff.push(json!({"id": "X2", "name": "王五", "unit": "U1", "establishment": "c65531"}));
    let doc = json!({"as_of": "2026-06-30", "settings": {"categories": cats},
                     "units": units, "staff": staff});
    let report = validate("cats.json", &doc, &["--threads", "16"]);
    let over = findings(&report, "OVER_ESTABLISHMENT");
    let got: Vec<(&str, &str)> = over
        .iter()
        .map(|v| (v["unit"].as_str().unwrap(), v["category"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("U0", "c69999"), ("U1", "c65531")], "{over:?}");
    // One occupancy row per pair that occurs: 20 000 quotas plus U1's c65531.
    assert_eq!(report["occupancy"].as_array().unwrap().len(), nunits + 1);
}

#[test]
fn norms_times_units_are_capped_with_a_count() {
    // 1 000 norms matched by kind over 2 000 institutions, each short: 2 million findings
    // before. MAX_NORM_FINDINGS = 10 000 are listed (the first 5 norms × 2 000 units); each
    // of the other 995 norms closes with one finding counting its 2 000 unlisted units.
    let units: Vec<Value> = (0..2_000)
        .map(|u| json!({"id": format!("U{u}"), "name": format!("中心{u}"), "kind": "institution"}))
        .collect();
    let norms: Vec<Value> = (0..1_000)
        .map(|n| json!({"id": format!("N{n}"), "kind": "institution", "min": 5}))
        .collect();
    let doc = json!({"as_of": "2026-06-30", "units": units, "norms": norms, "staff": []});
    let report = validate("norms.json", &doc, &[]);
    let below = findings(&report, "STAFFING_BELOW_NORM");
    assert_eq!(below.len(), 10_000 + 995);
    let closing: Vec<&&Value> = below.iter().filter(|v| v["unit"].is_null()).collect();
    assert_eq!(closing.len(), 995);
    assert_eq!(closing[0]["duty"], "N5");
    assert_eq!(closing[0]["actual"], 2_000);
    assert!(
        closing[0]["message"]
            .as_str()
            .unwrap()
            .contains("2000 more units"),
        "{}",
        closing[0]["message"]
    );
}

#[test]
fn a_norm_over_a_huge_population_does_not_wrap() {
    // population 2^64 − 1 at one person per 1: the requirement is 2^64 − 1, reported
    // saturated at i64::MAX, never negative.
    let doc = json!({"as_of": "2026-06-30",
        "units": [{"id": "U1", "name": "某街道", "kind": "organ", "tags": ["街道"],
                   "population": 18_446_744_073_709_551_615u64}],
        "norms": [{"id": "N1", "tag": "街道", "per": "population", "ratio": 1}], "staff": []});
    let report = validate("pop.json", &doc, &[]);
    let below = findings(&report, "STAFFING_BELOW_NORM");
    assert_eq!(below.len(), 1);
    assert_eq!(below[0]["expected"], i64::MAX);
    assert!(below[0]["message"]
        .as_str()
        .unwrap()
        .contains("18446744073709551615"));
}

#[test]
fn generate_refuses_counts_beyond_its_limit() {
    for n in ["18446744073709551615", "4294967296", "10000001"] {
        let o = capped(&["generate", "--staff", n]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "--staff {n}: {err}");
        assert!(err.contains("at most 10000000"), "{err}");
        assert!(o.stdout.is_empty());
    }
    let o = capped(&["generate", "--staff", "3"]);
    assert_eq!(o.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["staff"].as_array().unwrap().len(), 3);
}

#[test]
fn retirement_refuses_days_that_do_not_exist() {
    for b in ["1971-04-99", "1971-02-30", "1971-04-00", "71-04-01"] {
        let o = capped(&["retirement", "--birth", b, "--group", "male"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "--birth {b}: {err}");
        assert!(err.contains(b), "{err}");
    }
    // 1971-04 (male, 60 years plus 7 months of the gradual rise): 2032-11, with or without a day.
    for b in ["1971-04", "1971-04-30"] {
        let o = capped(&["retirement", "--birth", b, "--group", "male"]);
        assert_eq!(o.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&o.stdout).contains("2032-11"));
    }
}

#[test]
fn a_two_digit_year_is_a_finding_not_the_year_90() {
    let doc = json!({"as_of": "2026-06-30",
        "units": [{"id": "U1", "name": "某局", "kind": "organ"}],
        "staff": [{"id": "S1", "name": "张三", "unit": "U1", "birth_date": "90-01-01"},
                  {"id": "S2", "name": "李四", "unit": "U1", "birth_date": "1990-01-01"}]});
    let report = validate("yy.json", &doc, &[]);
    let bad = findings(&report, "INVALID_RECORD");
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0]["staff"], "S1");
    let msg = bad[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("birth_date") && msg.contains("four digits"),
        "{msg}"
    );
}

#[test]
fn an_allowed_categories_kind_given_twice_is_reported() {
    // `institution` and `事业单位` name one kind: the later silently won before.
    let text = r#"{"as_of": "2026-06-30",
        "settings": {"allowed_categories": {"institution": ["institution"], "事业单位": ["administrative"]}},
        "units": [{"id": "U1", "name": "某中心", "kind": "institution"}], "staff": []}"#;
    let f = tmp("allowed.json");
    std::fs::write(&f, text).unwrap();
    let o = capped(&[
        "validate",
        f.to_str().unwrap(),
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let bad = findings(&report, "INVALID_RECORD");
    assert_eq!(bad.len(), 1, "{bad:?}");
    let msg = bad[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("institution") && msg.contains("given twice"),
        "{msg}"
    );
}
