//! The establishment ledger, roster diff, 实名制 reconciliation and 「能否用编」 for Python:
//! JSON in, JSON out (plus the snapshot as a `Dataset` and its `Report`), GIL released.

use bianzhi::ledger::{self, Ledger, State};
use bianzhi::Lang;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::{detached, Dataset, InputError, Report};

fn date(s: &str, what: &str) -> PyResult<chrono::NaiveDate> {
    s.trim()
        .parse()
        .map_err(|_| PyValueError::new_err(format!("{what} `{s}` is not a date (YYYY-MM-DD)")))
}

fn lang(s: &str) -> PyResult<Lang> {
    s.parse().map_err(PyValueError::new_err)
}

/// A ledger from JSON text, or from a file (JSON, or a workbook with a 事项 sheet).
fn read(input: &str, is_path: bool) -> Result<Ledger, String> {
    if is_path {
        bianzhi_tabular::read_ledger_path(input.as_ref())
            .map(|(l, _)| l)
            .map_err(|e| e.to_string())
    } else {
        Ledger::from_json(input).map_err(|e| e.to_string())
    }
}

/// Replays a ledger: returns (result JSON without the report, snapshot, report).
#[pyfunction]
#[pyo3(signature = (input, is_path=false, as_of=None, lang_="zh"))]
pub(crate) fn ledger_apply(
    py: Python<'_>,
    input: &str,
    is_path: bool,
    as_of: Option<&str>,
    lang_: &str,
) -> PyResult<(String, Dataset, Report)> {
    let as_of = as_of.map(|s| date(s, "as_of")).transpose()?;
    let lang = lang(lang_)?;
    let out = detached(py, || {
        read(input, is_path).map(|mut l| {
            l.lang = lang;
            let t = as_of.unwrap_or_else(|| l.default_as_of());
            let r = ledger::apply(&l, t);
            let mut v = r.to_value();
            if let Some(m) = v.as_object_mut() {
                m.remove("report");
            }
            (v.to_string(), r.snapshot, r.report)
        })
    })?;
    let (json, snapshot, report) = out.map_err(InputError::new_err)?;
    Ok((json, Dataset { inner: snapshot }, Report { inner: report }))
}

/// Compares two rosters; returns the diff as JSON.
#[pyfunction]
pub(crate) fn diff_json(py: Python<'_>, old: &Dataset, new: &Dataset) -> PyResult<String> {
    detached(py, || {
        serde_json::to_string(&ledger::diff(&old.inner, &new.inner)).unwrap_or_default()
    })
}

/// Reconciles a roster with a registry and a payroll (JSON arrays of people).
#[pyfunction]
pub(crate) fn reconcile_json(
    py: Python<'_>,
    roster: &Dataset,
    registry: &str,
    payroll: &str,
) -> PyResult<String> {
    let list = |what: &str, text: &str| -> PyResult<Vec<ledger::PersonRecord>> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| InputError::new_err(format!("{what}: {e}")))?;
        ledger::PersonRecord::list_from_value(&v)
            .map_err(|e| InputError::new_err(format!("{what}{e}")))
    };
    let (reg, pay) = (list("registry", registry)?, list("payroll", payroll)?);
    detached(py, || {
        serde_json::to_string(&ledger::reconcile(&roster.inner, &reg, &pay)).unwrap_or_default()
    })
}

/// 「能否用编」 on a dataset (`dataset`) or on a ledger replayed to `on` (`ledger_input`,
/// JSON text or a path); returns the decision as JSON.
#[pyfunction]
#[pyo3(signature = (dataset, ledger_input, is_path, unit, category, count, on, lang_="zh"))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn request_json(
    py: Python<'_>,
    dataset: Option<&Dataset>,
    ledger_input: Option<&str>,
    is_path: bool,
    unit: &str,
    category: &str,
    count: u32,
    on: &str,
    lang_: &str,
) -> PyResult<String> {
    let on = date(on, "date")?;
    let lang = lang(lang_)?;
    if count == 0 {
        return Err(PyValueError::new_err("count must be at least 1"));
    }
    let cat: bianzhi::Category = category.parse().unwrap_or_else(|n| match n {});
    let out = detached(py, || -> Result<String, String> {
        let d = match (dataset, ledger_input) {
            (Some(ds), _) => {
                ledger::request(&State::from_dataset(&ds.inner), unit, &cat, count, on)
            }
            (None, Some(text)) => {
                let mut l = read(text, is_path)?;
                l.lang = lang;
                let mut st = State::open(&l);
                st.advance(on);
                ledger::request(&st, unit, &cat, count, on)
            }
            (None, None) => return Err("a dataset or a ledger is required".into()),
        };
        serde_json::to_string(&d).map_err(|e| e.to_string())
    })?;
    out.map_err(InputError::new_err)
}
