//! `bianzhi._bianzhi`: the compiled half of the Python package.
//!
//! Thin by design: it converts Python/Arrow input to the core's types, calls the core with
//! the GIL released, and converts the result back. The user-facing API (and the pandas /
//! pyarrow conveniences) live in `python/bianzhi/__init__.py`.

mod arrow_out;
mod frames;
mod ledger;
mod partition;
mod report_io;

use std::panic::{catch_unwind, AssertUnwindSafe};

// The extension's own allocations (records, index, report) go to mimalloc, as in polars:
// loading a table allocates a string per cell from two threads, where glibc's malloc was
// the largest item of the profile. Python's objects still come from Python's allocator, and
// every Rust allocation is freed by Rust, so the two never mix.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use bianzhi::{Dataset as CoreDataset, Lang, Options, RecordIssue, Report as CoreReport};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyString};
use serde_json::{json, Value};

use bianzhi_tabular::columns::{ArrowTable, TableInput};
use bianzhi_tabular::RecordKind;

pyo3::import_exception!(bianzhi._exceptions, BianzhiError);
pyo3::import_exception!(bianzhi._exceptions, InputError);
pyo3::import_exception!(bianzhi._exceptions, IdentifierError);
pyo3::import_exception!(bianzhi._exceptions, SchemeError);

/// Runs `f`, turning a Rust panic into a typed `BianzhiError` (never a `PanicException`).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        format!("internal error in bianzhi (please report it): {what}")
    })
}

fn internal(msg: String) -> PyErr {
    BianzhiError::new_err(msg)
}

/// Runs `f` without the GIL and with panics caught.
fn detached<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| guarded(f)).map_err(internal)
}

/// A loaded dataset (records, their index and the load issues). Immutable and thread-safe.
#[pyclass(frozen, module = "bianzhi._bianzhi")]
struct Dataset {
    inner: CoreDataset,
}

impl Drop for Dataset {
    /// A big dataset (millions of strings) takes a while to free and nothing waits for it:
    /// it is freed on another thread (here when no thread can be started).
    fn drop(&mut self) {
        if self.inner.staff().len() + self.inner.posts().len() >= 100_000 {
            let inner = std::mem::replace(
                &mut self.inner,
                CoreDataset::new(bianzhi::Document::default()),
            );
            let _ = std::thread::Builder::new().spawn(move || drop(inner));
        }
    }
}

fn load(py: Python<'_>, text: &str, source: Option<&str>) -> PyResult<Dataset> {
    match detached(py, || CoreDataset::from_json(text))? {
        Ok(inner) => Ok(Dataset { inner }),
        Err(e) => Err(InputError::new_err(match source {
            Some(s) => format!("{s}: {e}"),
            None => e.to_string(),
        })),
    }
}

/// The array names a [`RecordIssue`] may carry (its field is `&'static str`).
fn static_array(name: &str) -> &'static str {
    const NAMES: [&str; 9] = [
        "units", "posts", "staff", "duties", "pools", "norms", "settings", "as_of", "dataset",
    ];
    NAMES
        .iter()
        .find(|n| **n == name)
        .copied()
        .unwrap_or("units")
}

fn issue_json(i: &RecordIssue) -> Value {
    let mut v = json!({"array": i.array, "index": i.index, "id": i.id, "field": i.field,
           "reason": i.reason, "skipped": i.skipped});
    // The typed cause, said in Chinese (the English is `reason`), and the table place.
    if let Some(c) = &i.cause {
        v["reason_zh"] = json!(c.message(Lang::Zh));
    }
    if let Some(p) = &i.place {
        v["place"] = json!({"source": p.source, "row": p.row});
    }
    if let bianzhi::IssueKind::UnknownField { suggestion, column } = &i.kind {
        v["unknown_field"] = json!({"suggestion": suggestion, "column": column});
    }
    if let bianzhi::IssueKind::NotRead(n) = &i.kind {
        v["not_read"] = json!({"source": n.source, "column": n.column,
            "blank_header": n.blank_header, "first": n.first, "header_row": n.header_row,
            "rows": n.rows, "total": n.total});
    }
    v
}

/// An issue of [`Dataset::state`] read back.
fn issue_from_json(i: &Value) -> RecordIssue {
    let array = static_array(i["array"].as_str().unwrap_or(""));
    let text = |k: &str| i[k].as_str().map(String::from);
    let index = i["index"].as_u64().unwrap_or(0) as usize;
    let n = &i["not_read"];
    if n.is_object() {
        let num = |v: &Value| v.as_u64().unwrap_or(0) as usize;
        return RecordIssue::not_read(
            array,
            n["source"].as_str().unwrap_or_default(),
            n["column"].as_str().map(String::from),
            n["blank_header"].as_bool().unwrap_or(false),
            n["first"].as_str().unwrap_or_default(),
            num(&n["header_row"]),
            n["rows"]
                .as_array()
                .map(|r| r.iter().map(num).collect())
                .unwrap_or_default(),
            num(&n["total"]),
        );
    }
    let u = &i["unknown_field"];
    let suggestion = u["suggestion"].as_str().map(String::from);
    match (u.is_object(), u["column"].as_str()) {
        (true, Some(col)) => {
            RecordIssue::unknown_column(array, text("field").unwrap_or_default(), suggestion, col)
        }
        (true, None) => RecordIssue::unknown_key(
            array,
            index,
            text("id"),
            text("field").unwrap_or_default(),
            suggestion,
        ),
        _ => RecordIssue::invalid(
            array,
            index,
            text("id"),
            text("field"),
            text("reason").unwrap_or_default(),
            i["skipped"].as_bool().unwrap_or(true),
        ),
    }
}

fn read_table(obj: &Bound<'_, PyAny>, arg: &str) -> PyResult<TableInput> {
    if let Ok(s) = obj.cast::<PyString>() {
        // The package hands lists of dicts over as a JSON array of objects.
        let text = s.to_cow()?;
        let v: Vec<Value> =
            serde_json::from_str(&text).map_err(|e| PyTypeError::new_err(format!("{arg}: {e}")))?;
        let t = frames::json_table(v);
        return Ok(TableInput::Cells {
            headers: t.headers,
            rows: t.rows,
        });
    }
    if !obj.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "{arg} must be a pandas or polars DataFrame, a pyarrow Table, an object with \
             __arrow_c_stream__, or a list of dicts; got {}",
            obj.get_type().name()?
        )));
    }
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{arg}.__arrow_c_stream__() did not return a PyCapsule"
        ))
    })?;
    let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: the Arrow PyCapsule interface guarantees that a capsule named
    // "arrow_array_stream" points to a valid FFI_ArrowArrayStream. `from_raw` moves the
    // stream out and marks the capsule's copy released, so it is released exactly once.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast()) };
    let reader = RecordBatchStreamReader::try_new(stream)
        .map_err(|e| InputError::new_err(format!("{arg}: {e}")))?;
    // The batches are taken from the producer with the GIL held (they share its buffers);
    // the columns are settled without it.
    let batches: Vec<_> = reader.collect();
    detached(obj.py(), move || ArrowTable::from_batches(batches))?
        .map(TableInput::Arrow)
        .map_err(|e| InputError::new_err(format!("{arg}: {e}")))
}

#[pymethods]
impl Dataset {
    /// Reads the JSON dataset document (`source` names the file in error messages).
    #[staticmethod]
    #[pyo3(signature = (text, source=None))]
    fn from_json(py: Python<'_>, text: &str, source: Option<&str>) -> PyResult<Dataset> {
        load(py, text, source)
    }

    /// Reads the JSON dataset document from bytes (must be UTF-8).
    #[staticmethod]
    #[pyo3(signature = (data, source=None))]
    fn from_bytes(py: Python<'_>, data: &[u8], source: Option<&str>) -> PyResult<Dataset> {
        match std::str::from_utf8(data) {
            Ok(text) => load(py, text, source),
            Err(e) => {
                let msg = bianzhi::LoadError::Encoding(e.valid_up_to()).to_string();
                Err(InputError::new_err(match source {
                    Some(s) => format!("{s}: {msg}"),
                    None => msg,
                }))
            }
        }
    }

    /// Builds a dataset from tables (Arrow streams or JSON arrays of row objects) plus the
    /// other parts of the document given as a JSON object (`as_of`, `settings`, …); returns
    /// it with the warnings about unused columns.
    ///
    /// The tables go through `bianzhi_tabular::table_records`, the conversion of the CSV
    /// and XLSX readers, so a table gives the same records whichever way it arrives.
    #[staticmethod]
    #[pyo3(signature = (units, staff, posts=None, duties=None, rest=None))]
    fn from_tables(
        py: Python<'_>,
        units: &Bound<'_, PyAny>,
        staff: &Bound<'_, PyAny>,
        posts: Option<&Bound<'_, PyAny>>,
        duties: Option<&Bound<'_, PyAny>>,
        rest: Option<&str>,
    ) -> PyResult<(Dataset, Vec<String>)> {
        let doc = match rest {
            Some(r) => match serde_json::from_str::<Value>(r) {
                Ok(Value::Object(m)) => m,
                _ => return Err(PyValueError::new_err("rest must be a JSON object")),
            },
            None => serde_json::Map::new(),
        };
        let tables = [
            (RecordKind::Units, Some(units)),
            (RecordKind::Staff, Some(staff)),
            (RecordKind::Posts, posts),
            (RecordKind::Duties, duties),
        ];
        let prof = std::env::var_os("BIANZHI_PROFILE").is_some();
        let mut t = std::time::Instant::now();
        let mut inputs = Vec::new();
        for (kind, obj) in tables {
            if let Some(obj) = obj.filter(|o| !o.is_none()) {
                let name = kind.array();
                inputs.push((kind, read_table(obj, name)?));
                if prof {
                    eprintln!(
                        "[profile] {name}: import: {:.3}s",
                        t.elapsed().as_secs_f64()
                    );
                }
                t = std::time::Instant::now();
            }
        }
        // Units, posts and staff from Arrow are converted straight from the columns; a row
        // the fast path does not take, and every other table, goes through
        // `bianzhi_tabular::table_records` and the core's lenient loader, so a bad cell
        // becomes exactly the INVALID_RECORD finding of the CSV/XLSX and JSON paths.
        let loaded = detached(py, move || {
            bianzhi_tabular::columns::load_tables(inputs, doc)
        })?;
        match loaded {
            Ok(out) => {
                if prof {
                    for (what, secs) in &out.times {
                        eprintln!("[profile] {what}: {secs:.3}s");
                    }
                    eprintln!(
                        "[profile] rows: {} direct, {} through the general path",
                        out.fast_rows, out.general_rows
                    );
                }
                Ok((Dataset { inner: out.dataset }, out.warnings))
            }
            Err(e) => Err(InputError::new_err(e.to_string())),
        }
    }

    /// The seeded synthetic roster of `bianzhi::sample::generate` (GIL released).
    #[staticmethod]
    #[pyo3(signature = (staff, seed=1))]
    fn generate(py: Python<'_>, staff: usize, seed: u64) -> PyResult<Dataset> {
        let inner = detached(py, move || {
            bianzhi::sample::try_generate(staff, seed).map(CoreDataset::new)
        })?
        .map_err(|e| InputError::new_err(e.to_string()))?;
        Ok(Dataset { inner })
    }

    /// Reads JSON, CSV and XLSX files with the tabular reader (GIL released); returns the
    /// dataset and the reader's warnings (ignored columns and sheets).
    #[staticmethod]
    fn read_paths(py: Python<'_>, paths: Vec<String>) -> PyResult<(Dataset, Vec<String>)> {
        let paths: Vec<std::path::PathBuf> = paths.into_iter().map(Into::into).collect();
        match detached(py, || {
            bianzhi_tabular::read_inputs(&paths, &bianzhi_tabular::ReadOptions::default())
        })? {
            Ok((inner, warnings)) => Ok((Dataset { inner }, warnings)),
            Err(e) => Err(InputError::new_err(e.to_string())),
        }
    }

    /// The document as JSON (records that could not be read are not in it).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Records that could not be read while loading, as JSON.
    fn issues_json(&self) -> String {
        Value::Array(self.inner.issues().iter().map(issue_json).collect()).to_string()
    }

    /// Everything needed to rebuild this dataset exactly (document and load issues).
    fn state(&self) -> String {
        let doc: Value = serde_json::from_str(&self.inner.to_json()).unwrap_or(Value::Null);
        let issues: Vec<Value> = self.inner.issues().iter().map(issue_json).collect();
        json!({"document": doc, "issues": issues}).to_string()
    }

    /// Rebuilds a dataset from [`Dataset::state`].
    #[staticmethod]
    fn from_state(py: Python<'_>, state: &str) -> PyResult<Dataset> {
        let v: Value = serde_json::from_str(state)
            .map_err(|e| InputError::new_err(format!("bad dataset state: {e}")))?;
        let doc_text = v["document"].to_string();
        let ds = load(py, &doc_text, Some("dataset state"))?;
        let issues = v["issues"]
            .as_array()
            .map(|a| a.iter().map(issue_from_json).collect())
            .unwrap_or_default();
        let mut ds = ds;
        let doc = std::mem::replace(
            &mut ds.inner,
            CoreDataset::new(bianzhi::Document::default()),
        )
        .into_document();
        let inner = detached(py, move || CoreDataset::with_issues(doc, issues))?;
        Ok(Dataset { inner })
    }

    #[getter]
    fn unit_count(&self) -> usize {
        self.inner.units().len()
    }

    #[getter]
    fn staff_count(&self) -> usize {
        self.inner.staff().len()
    }

    #[getter]
    fn post_count(&self) -> usize {
        self.inner.posts().len()
    }
}

/// A validation report.
#[pyclass(frozen, module = "bianzhi._bianzhi")]
struct Report {
    inner: CoreReport,
}

type ViolationRow = (
    (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
    ViolationTail,
    (Vec<String>, Option<String>),
);
type ViolationTail = (
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<usize>,
    Option<String>,
    String,
);

#[pymethods]
impl Report {
    /// The report as the JSON of `docs/formats.md#validation-report`.
    fn to_json(&self) -> String {
        serde_json::to_string(&self.inner).unwrap_or_default()
    }

    /// Reads a report written by [`Report::to_json`].
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Report> {
        serde_json::from_str(text)
            .map(|inner| Report { inner })
            .map_err(|e| InputError::new_err(format!("not a bianzhi report: {e}")))
    }

    #[getter]
    fn ok(&self) -> bool {
        self.inner.ok()
    }

    #[getter]
    fn error_count(&self) -> usize {
        self.inner.summary.errors
    }

    #[getter]
    fn warning_count(&self) -> usize {
        self.inner.summary.warnings
    }

    #[getter]
    fn info_count(&self) -> usize {
        self.inner.summary.infos
    }

    #[getter]
    fn as_of(&self) -> String {
        self.inner.as_of.to_string()
    }

    /// `(units, posts, staff, errors, warnings, infos)`.
    fn summary_counts(&self) -> (usize, usize, usize, usize, usize, usize) {
        let s = &self.inner.summary;
        (s.units, s.posts, s.staff, s.errors, s.warnings, s.infos)
    }

    /// Occupancy rows as `(unit, category, approved, occupied, vacant, over)`; approved,
    /// vacant and over are `None` when the pool's quotas are unknown.
    #[allow(clippy::type_complexity)]
    fn occupancy_rows(&self) -> Vec<(String, String, Option<u64>, u64, Option<u64>, Option<u64>)> {
        self.inner
            .occupancy
            .iter()
            .map(|o| {
                let (unit, category) = (o.unit.clone(), o.category.clone());
                (unit, category, o.approved, o.occupied, o.vacant, o.over)
            })
            .collect()
    }

    /// Leadership rows as `(unit, level, approved, actual)`.
    fn leadership_rows(&self) -> Vec<(String, String, u64, u64)> {
        self.inner
            .leadership
            .iter()
            .map(|l| {
                (
                    l.unit.clone(),
                    l.level.as_str().to_string(),
                    l.approved,
                    l.actual,
                )
            })
            .collect()
    }

    /// The findings as nested tuples in the field order of `bianzhi.Violation`
    /// (`(code … level), (expected … message), (excess_staff, amount)`: pyo3 converts
    /// tuples of up to 12).
    fn violation_rows(&self) -> Vec<ViolationRow> {
        self.inner
            .violations
            .iter()
            .map(|v| {
                (
                    (
                        v.code.as_str().to_string(),
                        v.severity.as_str().to_string(),
                        v.unit.clone(),
                        v.staff.clone(),
                        v.post.clone(),
                        v.duty.clone(),
                        v.category.clone(),
                        v.level.map(|l| l.as_str().to_string()),
                    ),
                    (
                        v.expected,
                        v.actual,
                        v.array.clone(),
                        v.index,
                        v.field.clone(),
                        v.message.clone(),
                    ),
                    (v.excess.clone(), v.amount.map(|a| a.to_string())),
                )
            })
            .collect()
    }
}

/// Validates a dataset (GIL released). `as_of` is `YYYY-MM-DD` or None; `threads` as in
/// `bianzhi::Options::threads` (0: one per core for big datasets).
#[pyfunction]
#[pyo3(signature = (dataset, as_of=None, lang="zh", threads=0))]
fn validate(
    py: Python<'_>,
    dataset: &Bound<'_, PyAny>,
    as_of: Option<&str>,
    lang: &str,
    threads: usize,
) -> PyResult<Report> {
    let ds = dataset.cast::<Dataset>().map_err(|_| {
        PyTypeError::new_err(format!(
            "dataset must be a bianzhi.Dataset, got {}",
            dataset
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    let as_of = match as_of {
        None => None,
        Some(s) => Some(s.trim().parse::<chrono::NaiveDate>().map_err(|e| {
            PyValueError::new_err(format!("as_of must be a date YYYY-MM-DD, got {s:?}: {e}"))
        })?),
    };
    let lang: Lang = lang
        .parse()
        .map_err(|e: String| PyValueError::new_err(format!("lang: {e}")))?;
    let ds = ds.get();
    let options = Options::default()
        .with_as_of(as_of)
        .with_lang(lang)
        .with_threads(threads);
    let t = std::time::Instant::now();
    let inner = detached(py, || bianzhi::validate(&ds.inner, &options))?;
    if std::env::var_os("BIANZHI_PROFILE").is_some() {
        eprintln!(
            "[profile] validate: {:.3}s ({} findings)",
            t.elapsed().as_secs_f64(),
            inner.violations.len()
        );
    }
    Ok(Report { inner })
}

/// Checks a 身份证号: `(birth_date, gender, region, normalized, legacy)`.
#[pyfunction]
fn check_id_number(s: &str) -> PyResult<(String, String, String, String, bool)> {
    match guarded(|| bianzhi::ident::check_id_number(s)).map_err(internal)? {
        Ok(id) => Ok((
            id.birth_date.to_string(),
            id.gender.as_str().to_string(),
            id.region,
            id.normalized,
            id.legacy,
        )),
        Err(e) => Err(IdentifierError::new_err(e.to_string())),
    }
}

/// Checks a 统一社会信用代码: `(code, authority, category, kind, region, organisation_code)`.
#[pyfunction]
fn check_credit_code(s: &str) -> PyResult<(String, String, String, String, String, String)> {
    match guarded(|| bianzhi::ident::check_credit_code(s)).map_err(internal)? {
        Ok(c) => Ok((
            c.code,
            c.authority.to_string(),
            c.category.to_string(),
            c.kind.to_string(),
            c.region,
            c.organisation_code,
        )),
        Err(e) => Err(IdentifierError::new_err(e.to_string())),
    }
}

/// The check character of the first 17 digits of a 身份证号.
#[pyfunction]
fn id_check_char(body: &str) -> PyResult<String> {
    guarded(|| bianzhi::ident::id_check_char(body))
        .map_err(internal)?
        .map(String::from)
        .ok_or_else(|| PyValueError::new_err(format!("body must be 17 ASCII digits, got {body:?}")))
}

/// Statutory retirement: `(age_years, age_months, "YYYY-MM")`.
#[pyfunction]
fn retirement(year: i32, month: u32, group: &str) -> PyResult<(u32, u32, String)> {
    let g: bianzhi::RetirementGroup = group
        .parse()
        .map_err(|e: bianzhi::model::UnknownValue| PyValueError::new_err(format!("group: {e}")))?;
    guarded(|| bianzhi::retirement::retirement(year, month, g))
        .map_err(internal)?
        .map(|r| (r.age_years, r.age_months, r.month_string()))
        .ok_or_else(|| {
            PyValueError::new_err(format!("birth month {year:04}-{month:02} is out of range"))
        })
}

/// Scores an assessment document (`docs/formats.md#assessment-input`) with the GIL released; returns the
/// output as JSON (`scheme, kind, outcomes, distribution`).
#[pyfunction]
fn assess_json(py: Python<'_>, input: &str) -> PyResult<String> {
    let out = detached(py, || {
        bianzhi::assess::assess_json(input).map(|o| serde_json::to_string(&o))
    })?;
    match out {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(internal(format!("cannot write the assessment output: {e}"))),
        Err(e) if e.kind() == "scheme" => Err(SchemeError::new_err(e.to_string())),
        Err(e) => Err(InputError::new_err(e.to_string())),
    }
}

/// The result of a planning call as JSON, or its error as the matching exception.
fn plan_result<T: serde::Serialize>(
    out: Result<T, bianzhi::plan::PlanError>,
    what: &str,
) -> PyResult<String> {
    match out {
        Ok(v) => serde_json::to_string(&v)
            .map_err(|e| internal(format!("cannot write the {what} output: {e}"))),
        Err(e @ bianzhi::plan::PlanError::Scheme(_)) => Err(SchemeError::new_err(e.to_string())),
        Err(e) => Err(InputError::new_err(e.to_string())),
    }
}

/// Computes a staffing plan (定员) document; returns the result as JSON (GIL released).
#[pyfunction]
fn plan_json(py: Python<'_>, input: &str) -> PyResult<String> {
    plan_result(detached(py, || bianzhi::plan::compute_json(input))?, "plan")
}

/// Evaluates organisations (机构编制评估); returns the result as JSON (GIL released).
#[pyfunction]
fn evaluate_json(py: Python<'_>, input: &str) -> PyResult<String> {
    plan_result(
        detached(py, || bianzhi::plan::evaluate_json(input))?,
        "evaluation",
    )
}

/// Summarises a rectification ledger (整改台账); `as_of` (`YYYY-MM-DD`) overrides the
/// document's date. Returns the summary as JSON (GIL released).
#[pyfunction]
#[pyo3(signature = (input, as_of=None))]
fn rectification_json(py: Python<'_>, input: &str, as_of: Option<&str>) -> PyResult<String> {
    let as_of = as_of
        .map(|s| {
            s.trim().parse::<chrono::NaiveDate>().map_err(|_| {
                PyValueError::new_err(format!("as_of `{s}` is not a date (YYYY-MM-DD)"))
            })
        })
        .transpose()?;
    plan_result(
        detached(py, || bianzhi::plan::rectification_json(input, as_of))?,
        "rectification",
    )
}

/// Working days (工作日): the document of `tests/cases/workdays/` in, the answer as JSON out.
/// An unknown year, an invalid calendar or a malformed request is an `InputError`.
#[pyfunction]
fn workdays_json(input: &str) -> PyResult<String> {
    bianzhi::workdays::workdays_json(input)
        .map(|v| v.to_string())
        .map_err(|e| InputError::new_err(e.to_string()))
}

/// Reads an Arrow-capable table into a JSON array of row objects (headers kept as given).
#[pyfunction]
fn frame_rows_json(table: &Bound<'_, PyAny>, arg: &str) -> PyResult<String> {
    let (headers, rows) = match read_table(table, arg)? {
        TableInput::Arrow(t) => t.into_cells(),
        TableInput::Cells { headers, rows } => (headers, rows),
    };
    let rows = rows.iter().map(|row| {
        Value::Object(
            headers
                .iter()
                .zip(row)
                .map(|(h, c)| (h.clone(), frames::cell_json(c)))
                .collect(),
        )
    });
    Ok(Value::Array(rows.collect()).to_string())
}

#[pymodule]
fn _bianzhi(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Dataset>()?;
    m.add_class::<Report>()?;
    m.add_class::<arrow_out::ArrowTable>()?;
    m.add_function(wrap_pyfunction!(arrow_out::report_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(check_id_number, m)?)?;
    m.add_function(wrap_pyfunction!(check_credit_code, m)?)?;
    m.add_function(wrap_pyfunction!(id_check_char, m)?)?;
    m.add_function(wrap_pyfunction!(retirement, m)?)?;
    m.add_function(wrap_pyfunction!(frame_rows_json, m)?)?;
    m.add_function(wrap_pyfunction!(assess_json, m)?)?;
    m.add_function(wrap_pyfunction!(plan_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(rectification_json, m)?)?;
    m.add_function(wrap_pyfunction!(report_io::report_xlsx, m)?)?;
    m.add_function(wrap_pyfunction!(report_io::report_html, m)?)?;
    m.add_function(wrap_pyfunction!(report_io::report_csv, m)?)?;
    m.add_function(wrap_pyfunction!(report_io::report_table, m)?)?;
    m.add_function(wrap_pyfunction!(workdays_json, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_apply, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::diff_json, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::reconcile_json, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::request_json, m)?)?;
    m.add_function(wrap_pyfunction!(partition::pool_map, m)?)?;
    m.add_function(wrap_pyfunction!(partition::validate_partition, m)?)?;
    m.add_function(wrap_pyfunction!(partition::global_findings, m)?)?;
    m.add_function(wrap_pyfunction!(partition::finish, m)?)?;
    m.add_function(wrap_pyfunction!(partition::staff_field, m)?)?;
    m.add_function(wrap_pyfunction!(partition::roster_table, m)?)?;
    Ok(())
}
