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

/// Little-endian bytes of `v` (numpy reads them with `frombuffer`).
fn le_bytes<T: Copy, const N: usize>(v: &[T], f: impl Fn(T) -> [u8; N]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() * N);
    for &x in v {
        out.extend_from_slice(&f(x));
    }
    out
}

/// `bytes` as little-endian 8-byte words.
fn words(bytes: &[u8], what: &str) -> PyResult<Vec<[u8; 8]>> {
    if !bytes.len().is_multiple_of(8) {
        return Err(PyValueError::new_err(format!(
            "{what}: {} bytes is no whole number of 8-byte words",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|c| <[u8; 8]>::try_from(c).unwrap_or_default())
        .collect())
}

/// One partition: `(local payload, candidate hashes, records, payload offsets, payload
/// data)`, the candidate columns as little-endian buffers (u64, u64, i64, bytes): no
/// Python object per candidate.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub(crate) fn validate_partition<'py>(
    py: Python<'py>,
    dataset: PyRef<'_, Dataset>,
    records: &[u8],
    as_of: &str,
    lang: &str,
) -> PyResult<(
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
)> {
    let (as_of, lang) = (date(as_of)?, language(lang)?);
    let records: Vec<u64> = words(records, "records")?
        .into_iter()
        .map(u64::from_le_bytes)
        .collect();
    let ds = &dataset.inner;
    let out = detached(py, || {
        part::validate_partition(ds, &records, as_of, lang).map(|r| {
            let c = part::CandidateColumns::new(&r.candidates);
            (
                r.local_payload(),
                le_bytes(&c.hashes, u64::to_le_bytes),
                le_bytes(&c.records, u64::to_le_bytes),
                le_bytes(&c.offsets, i64::to_le_bytes),
                c.data,
            )
        })
    })?
    .map_err(|e| InputError::new_err(e.to_string()))?;
    let (local, hashes, recs, offsets, data) = out;
    Ok((
        PyBytes::new(py, &local),
        PyBytes::new(py, &hashes),
        PyBytes::new(py, &recs),
        PyBytes::new(py, &offsets),
        PyBytes::new(py, &data),
    ))
}

/// The findings across partitions of a set of candidates holding every candidate of its
/// keys, from the columns of `validate_partition` (records and offsets as little-endian
/// u64 and i64 buffers; offsets index `data`).
#[pyfunction]
pub(crate) fn global_findings<'py>(
    py: Python<'py>,
    records: &[u8],
    offsets: &[u8],
    data: &[u8],
    lang: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let lang = language(lang)?;
    let records: Vec<u64> = words(records, "records")?
        .into_iter()
        .map(u64::from_le_bytes)
        .collect();
    let offsets: Vec<i64> = words(offsets, "offsets")?
        .into_iter()
        .map(i64::from_le_bytes)
        .collect();
    let out = detached(py, move || -> Result<Vec<u8>, part::PartitionError> {
        let cands = part::candidates_from_columns(&records, &offsets, data)?;
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

/// A table of the generated roster `bianzhi::sample::Roster(staff, seed)` as text columns
/// in Arrow's `large_string` layout, `(header, validity bitmap, offsets (i64 LE), data)`
/// (nested fields as dotted headers): `units`, `posts`, or the staff records
/// `start..stop`. The national bench makes each partition's staff in its worker, with no
/// Python object per cell.
#[pyfunction]
#[pyo3(signature = (staff, seed, table, start=0, stop=None))]
#[allow(clippy::type_complexity)]
pub(crate) fn roster_table<'py>(
    py: Python<'py>,
    staff: usize,
    seed: u64,
    table: &str,
    start: usize,
    stop: Option<usize>,
) -> PyResult<
    Vec<(
        String,
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
    )>,
> {
    let roster = bianzhi::sample::Roster::new(staff, seed)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let table = table.to_string();
    let cols = detached(py, move || match table.as_str() {
        "units" => columns(roster.units()),
        "posts" => columns(roster.posts()),
        "staff" => columns(roster.staff(start..stop.unwrap_or(staff))),
        other => Err(format!(
            "table must be units, posts or staff, got {other:?}"
        )),
    })?
    .map_err(PyValueError::new_err)?;
    let arrow = detached(py, move || {
        cols.into_iter()
            .map(|(name, cells)| {
                let mut validity = vec![0u8; cells.len().div_ceil(8)];
                let mut offsets = Vec::with_capacity((cells.len() + 1) * 8);
                let mut data = Vec::new();
                offsets.extend_from_slice(&0i64.to_le_bytes());
                for (i, c) in cells.iter().enumerate() {
                    if let Some(c) = c {
                        validity[i / 8] |= 1 << (i % 8);
                        data.extend_from_slice(c.as_bytes());
                    }
                    offsets.extend_from_slice(&(data.len() as i64).to_le_bytes());
                }
                (name, validity, offsets, data)
            })
            .collect::<Vec<_>>()
    })?;
    Ok(arrow
        .into_iter()
        .map(|(n, v, o, d)| {
            (
                n,
                PyBytes::new(py, &v),
                PyBytes::new(py, &o),
                PyBytes::new(py, &d),
            )
        })
        .collect())
}

/// Records as columns in order of first appearance, nested objects flattened (one record
/// at a time as JSON: a million records' JSON values at once would take gigabytes).
#[allow(clippy::type_complexity)]
fn columns<T: serde::Serialize>(
    records: Vec<T>,
) -> Result<Vec<(String, Vec<Option<String>>)>, String> {
    fn flat(v: &serde_json::Value, prefix: &str, out: &mut Vec<(String, Option<String>)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    flat(x, &format!("{prefix}{k}."), out);
                }
            }
            serde_json::Value::Null => out.push((prefix.trim_end_matches('.').into(), None)),
            serde_json::Value::String(s) => {
                out.push((prefix.trim_end_matches('.').into(), Some(s.clone())))
            }
            other => out.push((prefix.trim_end_matches('.').into(), Some(other.to_string()))),
        }
    }
    let mut names: Vec<String> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut cols: Vec<Vec<Option<String>>> = Vec::new();
    for (r, record) in records.into_iter().enumerate() {
        let row = serde_json::to_value(record).map_err(|e| e.to_string())?;
        let mut cells = Vec::new();
        flat(&row, "", &mut cells);
        for (name, cell) in cells {
            let c = *at.entry(name.clone()).or_insert_with(|| {
                names.push(name);
                cols.push(vec![None; r]);
                cols.len() - 1
            });
            cols[c].push(cell);
        }
        for col in &mut cols {
            col.resize(r + 1, None);
        }
    }
    Ok(names.into_iter().zip(cols).collect())
}
