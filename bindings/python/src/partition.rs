//! The partition API of `bianzhi::validate::partition` for the Dask and Spark drivers
//! (`bianzhi.dask`, `bianzhi.spark`): the GIL is released while Rust works, the results
//! cross processes as bytes (`docs/scaling.md`).

use bianzhi::validate::partition as part;
use bianzhi::Lang;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::{detached, Dataset, InputError, Report};

fn date(s: &str) -> PyResult<chrono::NaiveDate> {
    s.trim().parse().map_err(|e| {
        PyValueError::new_err(format!("as_of must be a date YYYY-MM-DD, got {s:?}: {e}"))
    })
}

fn language(s: &str) -> PyResult<Lang> {
    s.parse()
        .map_err(|e: String| PyValueError::new_err(format!("lang: {e}")))
}

/// `(unit, pool or None, partition key)` for every unit id.
#[pyfunction]
pub(crate) fn pool_map(dataset: PyRef<'_, Dataset>) -> Vec<(String, Option<String>, String)> {
    part::pool_map(&dataset.inner)
        .into_iter()
        .map(|e| (e.unit, e.pool, e.key))
        .collect()
}

/// One partition: `(local payload, candidate keys, candidate records, candidate payloads)`.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub(crate) fn validate_partition<'py>(
    py: Python<'py>,
    dataset: PyRef<'_, Dataset>,
    records: Vec<u64>,
    as_of: &str,
    lang: &str,
) -> PyResult<(
    Bound<'py, PyBytes>,
    Vec<String>,
    Vec<u64>,
    Vec<Bound<'py, PyBytes>>,
)> {
    let (as_of, lang) = (date(as_of)?, language(lang)?);
    let ds = &dataset.inner;
    let out = detached(py, || {
        part::validate_partition(ds, &records, as_of, lang).map(|r| {
            let local = r.local_payload();
            let payloads: Vec<Vec<u8>> = r.candidates.iter().map(|c| c.payload()).collect();
            let (keys, recs): (Vec<String>, Vec<u64>) =
                r.candidates.into_iter().map(|c| (c.key, c.record)).unzip();
            (local, keys, recs, payloads)
        })
    })?
    .map_err(|e| InputError::new_err(e.to_string()))?;
    let (local, keys, recs, payloads) = out;
    let payloads = payloads.iter().map(|p| PyBytes::new(py, p)).collect();
    Ok((PyBytes::new(py, &local), keys, recs, payloads))
}

/// The findings across partitions of a set of candidates holding every candidate of its keys.
#[pyfunction]
pub(crate) fn global_findings<'py>(
    py: Python<'py>,
    keys: Vec<String>,
    records: Vec<u64>,
    payloads: Vec<Bound<'py, PyBytes>>,
    lang: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let lang = language(lang)?;
    let payloads: Vec<Vec<u8>> = payloads.iter().map(|p| p.as_bytes().to_vec()).collect();
    if keys.len() != records.len() || keys.len() != payloads.len() {
        return Err(PyValueError::new_err(
            "keys, records and payloads must have the same length",
        ));
    }
    let out = detached(py, move || -> Result<Vec<u8>, part::PartitionError> {
        let mut cands = Vec::with_capacity(keys.len());
        for ((k, r), p) in keys.into_iter().zip(records).zip(&payloads) {
            cands.push(part::Candidate::from_parts(k, r, p)?);
        }
        Ok(part::findings_payload(&part::global_findings(cands, lang)))
    })?
    .map_err(|e| InputError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &out))
}

/// The report of the whole roster from the units, the partitions' local payloads and the
/// payloads of the global findings.
#[pyfunction]
pub(crate) fn finish(
    py: Python<'_>,
    units: PyRef<'_, Dataset>,
    as_of: &str,
    lang: &str,
    locals: Vec<Bound<'_, PyBytes>>,
    globals: Vec<Bound<'_, PyBytes>>,
) -> PyResult<Report> {
    let (as_of, lang) = (date(as_of)?, language(lang)?);
    let locals: Vec<Vec<u8>> = locals.iter().map(|p| p.as_bytes().to_vec()).collect();
    let globals: Vec<Vec<u8>> = globals.iter().map(|p| p.as_bytes().to_vec()).collect();
    let ds = &units.inner;
    let inner = detached(py, move || -> Result<_, part::PartitionError> {
        let mut findings = Vec::with_capacity(locals.len());
        let mut contributions = Vec::with_capacity(locals.len());
        for l in &locals {
            let (f, c) = part::PartitionResult::from_local_payload(l)?;
            findings.push(f);
            contributions.push(c);
        }
        let mut global = Vec::new();
        for g in &globals {
            global.extend(part::findings_from_payload(g)?);
        }
        Ok(part::finish_parts(
            ds,
            as_of,
            lang,
            findings,
            contributions,
            global,
        ))
    })?
    .map_err(|e| InputError::new_err(e.to_string()))?;
    Ok(Report { inner })
}

/// The field (English dotted path) a staff table's column header names, if any.
#[pyfunction]
pub(crate) fn staff_field(header: &str) -> Option<String> {
    bianzhi_tabular::RecordKind::Staff
        .field(header)
        .map(|f| f.path)
}
