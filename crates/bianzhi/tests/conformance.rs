//! Runs every case of `tests/cases/validation/` (the corpus shared with C and Python).

use std::path::{Path, PathBuf};

use bianzhi::{validate, Dataset, Lang, Options};
use serde_json::Value;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/validation")
}

const KEYS: [&str; 5] = ["code", "unit", "staff", "post", "duty"];
const EXTRA_KEYS: [&str; 5] = ["excess_staff", "amount", "expected", "actual", "category"];

fn project(v: &Value) -> Vec<Value> {
    KEYS.iter()
        .map(|k| v.get(*k).cloned().unwrap_or(Value::Null))
        .collect()
}

fn run_case(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("case is not JSON: {e}"))?;
    let ds_text = match &case["dataset"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let loaded = Dataset::from_json(&ds_text);
    if let Some(err) = case.get("expected_error") {
        let want = err["contains"].as_str().unwrap_or("");
        return match loaded {
            Ok(_) => Err(format!("expected a load error containing {want:?}")),
            Err(e) if e.to_string().contains(want) => Ok(()),
            Err(e) => Err(format!("load error {e:?} lacks {want:?}")),
        };
    }
    let ds = loaded.map_err(|e| format!("load failed: {e}"))?;
    let as_of = case["as_of"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or("case needs as_of")?;
    let lang = match case.get("lang").and_then(Value::as_str) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    };
    let report = validate(&ds, &Options::as_of(as_of).with_lang(lang));
    let got = serde_json::to_value(&report).map_err(|e| e.to_string())?;
    let exp = &case["expected"];
    let got_v: Vec<Vec<Value>> = got["violations"]
        .as_array()
        .ok_or("no violations")?
        .iter()
        .map(project)
        .collect();
    let exp_v: Vec<Vec<Value>> = exp["violations"]
        .as_array()
        .ok_or("expected.violations missing")?
        .iter()
        .map(project)
        .collect();
    if got_v != exp_v {
        let msgs: Vec<String> = report
            .violations
            .iter()
            .map(|v| format!("  {} {:?} {:?}: {}", v.code, v.unit, v.staff, v.message))
            .collect();
        return Err(format!(
            "violations differ\n expected {exp_v:?}\n got      {got_v:?}\n{}",
            msgs.join("\n")
        ));
    }
    // Optional keys of an expected finding (the people in excess, the money, the numbers)
    // are compared when the case gives them.
    for (i, want) in exp["violations"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        for key in EXTRA_KEYS {
            if let Some(w) = want.get(key) {
                let g = got["violations"][i].get(key).unwrap_or(&Value::Null);
                if g != w {
                    return Err(format!("violation {i} {key}: expected {w}, got {g}"));
                }
            }
        }
    }
    for key in ["occupancy", "leadership"] {
        if let Some(want) = exp.get(key) {
            if &got[key] != want {
                return Err(format!(
                    "{key} differs\n expected {want}\n got      {}",
                    got[key]
                ));
            }
        }
    }
    // Rust only (the C and Python bindings show the rows, not the totals).
    if let Some(want) = exp.get("totals_by_category") {
        let got = serde_json::to_value(report.totals_by_category()).map_err(|e| e.to_string())?;
        if &got != want {
            return Err(format!(
                "totals_by_category differs\n expected {want}\n got      {got}"
            ));
        }
    }
    if let Some(list) = exp.get("message_contains").and_then(Value::as_array) {
        for s in list.iter().filter_map(Value::as_str) {
            if !report.violations.iter().any(|v| v.message.contains(s)) {
                return Err(format!("no message contains {s:?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn every_validation_case_passes() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases/validation exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|p| run_case(p).err().map(|e| format!("{}: {e}", p.display())))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
    eprintln!("{} validation cases passed", paths.len());
}

#[test]
fn every_code_has_a_case_that_produces_it() {
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(cases_dir()).expect("cases") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let case: Value = serde_json::from_str(&text).expect("json");
        for v in case["expected"]["violations"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if let Some(c) = v["code"].as_str() {
                seen.insert(c.to_string());
            }
        }
    }
    let missing: Vec<&str> = bianzhi::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
}
