//! Conformance corpus runners for `tests/cases/plan`, `tests/cases/evaluation` and
//! `tests/cases/rectification`.
//!
//! Each case is `{"description", "input", "as_of"?, "expected" | "expected_error": {"contains"}}`.
//! `expected` is matched against the JSON output: objects by subset (every expected key must
//! be present and match, recursively; an expected `null` also accepts an absent key), arrays
//! exactly in length and order (elements matched the same way), scalars by equality.

use std::path::PathBuf;

use serde_json::Value;

fn matches(expected: &Value, actual: &Value, path: &str, errors: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => matches(ev, av, &format!("{path}.{k}"), errors),
                    None if ev.is_null() => {}
                    None => errors.push(format!("{path}.{k}: missing (expected {ev})")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                errors.push(format!(
                    "{path}: expected {} elements, got {}: {actual}",
                    e.len(),
                    a.len()
                ));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{path}[{i}]"), errors);
            }
        }
        _ if expected == actual => {}
        _ => errors.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

fn run_dir(dir: &str, run: impl Fn(&Value) -> Result<Value, String>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/cases")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", root.display());
    let mut failures = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            case["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{name}: no description"
        );
        let result = run(&case);
        match (&case.get("expected_error"), result) {
            (Some(err), Err(msg)) => {
                let want = err["contains"].as_str().unwrap();
                if !msg.contains(want) {
                    failures.push(format!("{name}: error `{msg}` does not contain `{want}`"));
                }
            }
            (Some(_), Ok(out)) => failures.push(format!("{name}: expected an error, got {out}")),
            (None, Err(msg)) => failures.push(format!("{name}: unexpected error {msg}")),
            (None, Ok(out)) => {
                let mut errors = Vec::new();
                matches(&case["expected"], &out, "$", &mut errors);
                for e in errors {
                    failures.push(format!("{name}: {e}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn plan_cases() {
    run_dir("plan", |case| {
        bianzhi::plan::compute_json(&case["input"].to_string())
            .map(|o| serde_json::to_value(o).unwrap())
            .map_err(|e| e.to_string())
    });
}

#[test]
fn evaluation_cases() {
    run_dir("evaluation", |case| {
        bianzhi::plan::evaluate_json(&case["input"].to_string())
            .map(|o| serde_json::to_value(o).unwrap())
            .map_err(|e| e.to_string())
    });
}

#[test]
fn rectification_cases() {
    run_dir("rectification", |case| {
        let as_of = case
            .get("as_of")
            .and_then(Value::as_str)
            .map(|s| s.parse().expect("as_of"));
        bianzhi::plan::rectification_json(&case["input"].to_string(), as_of)
            .map(|o| serde_json::to_value(o).unwrap())
            .map_err(|e| e.to_string())
    });
}

#[test]
fn ledger_cases() {
    run_dir("ledger", |case| {
        let input = case["input"].to_string();
        let out = bianzhi::ledger::ledger_json(&input, None, bianzhi::Lang::Zh)
            .map_err(|e| e.to_string())?;
        // Every change row reconciles: closing = opening + ins − outs.
        let l = bianzhi::ledger::Ledger::from_json(&input).map_err(|e| e.to_string())?;
        let r = bianzhi::ledger::apply(&l, l.default_as_of());
        assert!(r.changes.iter().all(|c| c.reconciles()), "{:?}", r.changes);
        Ok(out)
    });
}

#[test]
fn workdays_cases() {
    run_dir("workdays", |case| {
        bianzhi::workdays::workdays_json(&case["input"].to_string()).map_err(|e| e.to_string())
    });
}
