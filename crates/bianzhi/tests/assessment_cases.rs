//! Runs every case of `tests/cases/assessment/` through `assess_json`.
//!
//! A case is `{"description", "input", "expected": {"outcomes": [...], "distribution": [...]}}`
//! or `{"description", "input", "expected_error": {"kind": "scheme"|"input", "contains": "…"}}`.
//! Each expected outcome is a subset of the actual one (same order of people); a key
//! `<field>_contains` checks that the JSON text of `<field>` contains the given string.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/assessment")
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn check_subset(
    case: &str,
    what: &str,
    expected: &Value,
    actual: &Value,
    errors: &mut Vec<String>,
) {
    let (Some(exp), Some(act)) = (expected.as_array(), actual.as_array()) else {
        errors.push(format!("{case}: {what} is not a list"));
        return;
    };
    if exp.len() != act.len() {
        errors.push(format!(
            "{case}: {what}: expected {} entries, got {}",
            exp.len(),
            act.len()
        ));
    }
    for (i, (e, a)) in exp.iter().zip(act).enumerate() {
        let Some(eo) = e.as_object() else {
            errors.push(format!("{case}: {what}[{i}] expected is not an object"));
            continue;
        };
        for (k, ev) in eo {
            if let Some(field) = k.strip_suffix("_contains") {
                let at = a.get(field).map(text_of).unwrap_or_default();
                let needle = text_of(ev);
                if !at.contains(&needle) {
                    errors.push(format!(
                        "{case}: {what}[{i}].{field}: {at:?} does not contain {needle:?}"
                    ));
                }
                continue;
            }
            let av = a.get(k).cloned().unwrap_or(Value::Null);
            if &av != ev {
                errors.push(format!("{case}: {what}[{i}].{k}: expected {ev}, got {av}"));
            }
        }
    }
}

#[test]
fn assessment_corpus() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "corpus has {} cases", files.len());
    let mut errors = Vec::new();
    for f in &files {
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(f).expect("readable case");
        let case: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                errors.push(format!("{name}: not JSON: {e}"));
                continue;
            }
        };
        if case
            .get("description")
            .and_then(Value::as_str)
            .is_none_or_empty()
        {
            errors.push(format!("{name}: no description"));
        }
        let input = case.get("input").cloned().unwrap_or(Value::Null);
        let result = bianzhi::assess::assess_json(&input.to_string());
        match (case.get("expected"), case.get("expected_error"), result) {
            (_, Some(ee), Err(e)) => {
                let kind = ee.get("kind").and_then(Value::as_str).unwrap_or("");
                let contains = ee.get("contains").and_then(Value::as_str).unwrap_or("");
                if e.kind() != kind {
                    errors.push(format!(
                        "{name}: expected a {kind} error, got {} ({e})",
                        e.kind()
                    ));
                }
                if !e.to_string().contains(contains) {
                    errors.push(format!(
                        "{name}: error {:?} does not contain {contains:?}",
                        e.to_string()
                    ));
                }
            }
            (_, Some(_), Ok(_)) => errors.push(format!("{name}: expected an error, got a result")),
            (Some(exp), None, Ok(out)) => {
                let actual = serde_json::to_value(&out).expect("serializable");
                if let Some(o) = exp.get("outcomes") {
                    check_subset(&name, "outcomes", o, &actual["outcomes"], &mut errors);
                }
                // `errors` (the count of per-person errors) is compared exactly; `findings`
                // (scheme-level findings) like the outcomes.
                if let Some(n) = exp.get("errors") {
                    if &actual["errors"] != n {
                        errors.push(format!(
                            "{name}: errors: expected {n}, got {}",
                            actual["errors"]
                        ));
                    }
                }
                if let Some(fs) = exp.get("findings") {
                    check_subset(&name, "findings", fs, &actual["findings"], &mut errors);
                }
                if let Some(d) = exp.get("distribution") {
                    check_subset(
                        &name,
                        "distribution",
                        d,
                        &actual["distribution"],
                        &mut errors,
                    );
                }
            }
            (Some(_), None, Err(e)) => errors.push(format!("{name}: unexpected error: {e}")),
            (None, None, _) => errors.push(format!("{name}: no expected or expected_error")),
        }
    }
    assert!(
        errors.is_empty(),
        "{} failure(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

trait EmptyStr {
    fn is_none_or_empty(&self) -> bool;
}

impl EmptyStr for Option<&str> {
    fn is_none_or_empty(&self) -> bool {
        !matches!(self, Some(s) if !s.trim().is_empty())
    }
}
