//! Datasets, validation and the report.

use std::ffi::{c_char, CString};
use std::ptr;
use std::sync::OnceLock;

use bz_core::{Dataset, Lang, LoadError, Options, Report, Severity};

use crate::ffi::{
    bz_error, bz_status, cstr_arg, cstring, date_arg, export_string, guard, guard_status, utf8_arg,
    Fail,
};
use bz_status::*;

/// A dataset (`docs/formats.md#dataset-document`) loaded and indexed, ready to validate.
///
/// Ownership: created by `bz_dataset_from_json`, owned by the caller, freed with
/// `bz_dataset_free`. Thread safety: immutable once created; one dataset may be validated
/// from several threads at once (the Rust `Dataset` is `Send + Sync`), but must not be freed
/// while a call uses it.
pub struct bz_dataset {
    inner: Dataset,
}

/// The result of a validation (`docs/formats.md#validation-report`).
///
/// Ownership: created by `bz_validate`/`bz_validate_lang`, owned by the caller, freed with
/// `bz_report_free`; every string borrowed from it (through `bz_violation`,
/// `bz_occupancy_row`, `bz_leadership_row`, `bz_report_as_of`) stays valid until then.
/// Thread safety: immutable once created; any number of threads may read it at once.
pub struct bz_report {
    report: Report,
    as_of: CString,
    // The C strings of a row are made on its first read, not by `bz_validate`: a caller that
    // wants only counts or the JSON pays nothing for them, and validation costs from C what it
    // costs from Rust. `OnceLock` keeps concurrent first reads safe; a row's strings never
    // move once made (boxed, and the vectors never grow), so borrowed pointers stay valid.
    violations: Vec<OnceLock<Box<ViolationStrings>>>,
    occupancy: Vec<OnceLock<Box<[CString; 2]>>>,
    leadership: Vec<OnceLock<Box<[CString; 2]>>>,
}

struct ViolationStrings {
    code: CString,
    unit: Option<CString>,
    staff: Option<CString>,
    post: Option<CString>,
    duty: Option<CString>,
    category: Option<CString>,
    level: Option<CString>,
    array: Option<CString>,
    field: Option<CString>,
    message: CString,
    excess: Vec<CString>,
    amount: Option<CString>,
}

/// Severity of a finding.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum bz_severity {
    /// Breaks a rule.
    BZ_SEVERITY_ERROR = 0,
    /// Needs a look.
    BZ_SEVERITY_WARNING = 1,
    /// For information.
    BZ_SEVERITY_INFO = 2,
}

/// One finding of a report. Every string is UTF-8, NUL-terminated and borrowed from the
/// report (valid until `bz_report_free`); an absent value is NULL.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bz_violation {
    /// Stable code, e.g. `"OVER_ESTABLISHMENT"` (never NULL).
    pub code: *const c_char,
    /// Severity of the code.
    pub severity: bz_severity,
    /// The unit concerned, or NULL.
    pub unit: *const c_char,
    /// The staff record concerned, or NULL.
    pub staff: *const c_char,
    /// The post concerned, or NULL.
    pub post: *const c_char,
    /// The duty (or 三不超 pool, or norm) concerned, or NULL.
    pub duty: *const c_char,
    /// The establishment category concerned, e.g. `"administrative"`, or NULL.
    pub category: *const c_char,
    /// The leadership level concerned, e.g. `"deputy"`, or NULL.
    pub level: *const c_char,
    /// Whether `expected` holds a number.
    pub has_expected: bool,
    /// The approved / allowed number (0 when `has_expected` is false).
    pub expected: i64,
    /// Whether `actual` holds a number.
    pub has_actual: bool,
    /// The actual number (0 when `has_actual` is false).
    pub actual: i64,
    /// For `INVALID_RECORD`: the array of the record (`"staff"` …), or NULL.
    pub array: *const c_char,
    /// Whether `index` holds a position.
    pub has_index: bool,
    /// For `INVALID_RECORD`: the 0-based position in `array` (0 when `has_index` is false).
    pub index: usize,
    /// For `INVALID_RECORD`: the offending field, or NULL.
    pub field: *const c_char,
    /// Human-readable message (Chinese by default, English with `lang = "en"`; never NULL).
    pub message: *const c_char,
}

/// Occupancy of one pool and category (`docs/formats.md#validation-report` `occupancy`). Strings are borrowed
/// from the report.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bz_occupancy_row {
    /// The pool's unit id.
    pub unit: *const c_char,
    /// The category, e.g. `"administrative"`.
    pub category: *const c_char,
    /// Approved (0 when `approved_known` is false).
    pub approved: u64,
    /// Occupied.
    pub occupied: u64,
    /// Vacant (空编): max(0, approved − occupied) (0 when `approved_known` is false).
    pub vacant: u64,
    /// Over (超编): max(0, occupied − approved) (0 when `approved_known` is false).
    pub over: u64,
    /// False when the pool has no quotas at all (`QUOTA_UNKNOWN`): approved, vacant and
    /// over are then unknown, not zero.
    pub approved_known: bool,
}

/// Leadership positions of one pool and level (`docs/formats.md#validation-report` `leadership`). Strings are
/// borrowed from the report.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bz_leadership_row {
    /// The pool's unit id.
    pub unit: *const c_char,
    /// The level, e.g. `"division_principal"`.
    pub level: *const c_char,
    /// Approved positions.
    pub approved: u64,
    /// Leaders counted.
    pub actual: u64,
}

fn opt(s: &Option<String>) -> Option<CString> {
    s.as_deref().map(cstring)
}

fn opt_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |c| c.as_ptr())
}

fn lazy<T>(n: usize) -> Vec<OnceLock<T>> {
    std::iter::repeat_with(OnceLock::new).take(n).collect()
}

impl ViolationStrings {
    fn new(v: &bz_core::Violation) -> ViolationStrings {
        ViolationStrings {
            code: cstring(v.code.as_str()),
            unit: opt(&v.unit),
            staff: opt(&v.staff),
            post: opt(&v.post),
            duty: opt(&v.duty),
            category: opt(&v.category),
            level: v.level.map(|l| cstring(l.as_str())),
            array: opt(&v.array),
            field: opt(&v.field),
            message: cstring(&v.message),
            excess: v.excess.iter().map(|s| cstring(s)).collect(),
            amount: v.amount.map(|a| cstring(&a.to_string())),
        }
    }
}

impl bz_report {
    fn new(report: Report) -> bz_report {
        bz_report {
            as_of: cstring(&report.as_of.to_string()),
            violations: lazy(report.violations.len()),
            occupancy: lazy(report.occupancy.len()),
            leadership: lazy(report.leadership.len()),
            report,
        }
    }
}

fn load_error_status(e: &LoadError) -> bz_status {
    match e {
        LoadError::Encoding(_) => BZ_INVALID_UTF8,
        _ => BZ_INVALID_INPUT,
    }
}

/// Reads a dataset document (JSON, `docs/formats.md#dataset-document`) of `len` bytes at `json` (UTF-8; no
/// NUL terminator needed).
///
/// On success writes a new dataset to `*out` (free it with `bz_dataset_free`). Records that
/// cannot be read do not fail the call: they become `INVALID_RECORD` findings of the
/// report. Fails with `BZ_INVALID_INPUT` when the text is not JSON (the message gives line
/// and column), is not an object or lacks `units`/`staff`; `BZ_INVALID_UTF8` when it is not
/// UTF-8; `BZ_NULL_ARGUMENT` when `json` or `out` is NULL.
///
/// # Safety
/// `json` is valid for reads of `len` bytes; `out` is valid for a write; `err` is NULL or
/// valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_dataset_from_json(
    json: *const c_char,
    len: usize,
    out: *mut *mut bz_dataset,
    err: *mut *mut bz_error,
) -> bz_status {
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            if json.is_null() {
                return Err(Fail::null("bz_dataset_from_json", "json"));
            }
            if out.is_null() {
                return Err(Fail::null("bz_dataset_from_json", "out"));
            }
            // SAFETY: `json` is non-NULL and valid for `len` bytes by contract.
            let text = utf8_arg(json, len, "the dataset")
                .map_err(|f| Fail(f.0, format!("bz_dataset_from_json: {}", f.1)))?;
            let ds =
                Dataset::from_json(text).map_err(|e| Fail(load_error_status(&e), e.to_string()))?;
            // SAFETY: `out` is non-NULL and writable by contract.
            out.write(Box::into_raw(Box::new(bz_dataset { inner: ds })));
            Ok(())
        })
    }
}

/// Frees a dataset. `NULL` is ignored. Reports made from it stay valid.
///
/// # Safety
/// `ds` is NULL or a dataset returned by `bz_dataset_from_json`, not yet freed and not in use
/// by another thread.
#[no_mangle]
pub unsafe extern "C" fn bz_dataset_free(ds: *mut bz_dataset) {
    if ds.is_null() {
        return;
    }
    guard((), || {
        // SAFETY: `ds` came from `Box::into_raw` in `bz_dataset_from_json`; freed once.
        drop(unsafe { Box::from_raw(ds) });
    });
}

/// Number of units read (0 when `ds` is NULL).
///
/// # Safety
/// `ds` is NULL or a live dataset.
#[no_mangle]
pub unsafe extern "C" fn bz_dataset_unit_count(ds: *const bz_dataset) -> usize {
    guard(0, || {
        // SAFETY: `ds` is NULL or a live dataset by contract.
        let x = unsafe { ds.as_ref() };
        x.map_or(0, |d| d.inner.units().len())
    })
}

/// Number of staff records read (0 when `ds` is NULL).
///
/// # Safety
/// `ds` is NULL or a live dataset.
#[no_mangle]
pub unsafe extern "C" fn bz_dataset_staff_count(ds: *const bz_dataset) -> usize {
    guard(0, || {
        // SAFETY: `ds` is NULL or a live dataset by contract.
        let x = unsafe { ds.as_ref() };
        x.map_or(0, |d| d.inner.staff().len())
    })
}

/// Validates `ds` with Chinese messages. Same as `bz_validate_lang(ds, as_of, NULL, out, err)`.
///
/// # Safety
/// As `bz_validate_lang`.
#[no_mangle]
pub unsafe extern "C" fn bz_validate(
    ds: *const bz_dataset,
    as_of: *const c_char,
    out: *mut *mut bz_report,
    err: *mut *mut bz_error,
) -> bz_status {
    // SAFETY: the same contract as bz_validate_lang.
    unsafe { bz_validate_lang(ds, as_of, ptr::null(), out, err) }
}

/// Validates a whole dataset (every rule of `docs/rules.md#finding-codes`) and writes a new report to
/// `*out` (free it with `bz_report_free`).
///
/// `as_of` is the evaluation date `"YYYY-MM-DD"` (NUL-terminated), or NULL for the
/// document's `as_of`, then today. `lang` is `"zh"` (default, also when NULL) or `"en"` for
/// English messages. Fails with `BZ_INVALID_ARGUMENT` for a date or language that cannot
/// be read, `BZ_INVALID_UTF8` when either is not UTF-8, `BZ_NULL_ARGUMENT` when `ds` or
/// `out` is NULL. Findings in the data are never failures: they are the report.
///
/// Thread safety: may run on one `ds` from several threads at once.
///
/// # Safety
/// `ds` is a live dataset; `as_of` and `lang` are NULL or NUL-terminated strings; `out` is
/// valid for a write; `err` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_validate_lang(
    ds: *const bz_dataset,
    as_of: *const c_char,
    lang: *const c_char,
    out: *mut *mut bz_report,
    err: *mut *mut bz_error,
) -> bz_status {
    // SAFETY: the same contract as bz_validate_threads.
    unsafe { bz_validate_threads(ds, as_of, lang, 0, out, err) }
}

/// Like `bz_validate_lang`, with the number of threads the staff checks may use: 0 for the
/// default (one per core from 50 000 staff, else the calling thread), 1 to stay on the
/// calling thread, n for n threads. The report is the same for any number. A host that
/// runs many validations at once (a server) passes 1.
///
/// Thread safety: may run on one `ds` from several threads at once.
///
/// # Safety
/// `ds` is a live dataset; `as_of` and `lang` are NULL or NUL-terminated strings; `out` is
/// valid for a write; `err` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_validate_threads(
    ds: *const bz_dataset,
    as_of: *const c_char,
    lang: *const c_char,
    threads: usize,
    out: *mut *mut bz_report,
    err: *mut *mut bz_error,
) -> bz_status {
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            // SAFETY: NULL or a live dataset by contract.
            let Some(ds) = ds.as_ref() else {
                return Err(Fail::null("bz_validate", "ds"));
            };
            if out.is_null() {
                return Err(Fail::null("bz_validate", "out"));
            }
            let mut options = Options::default().with_threads(threads);
            // SAFETY: `as_of` is NULL or NUL-terminated by contract.
            options.as_of = date_arg(as_of, "bz_validate")?;
            if !lang.is_null() {
                // SAFETY: non-NULL and NUL-terminated by contract.
                let s = cstr_arg(lang, "bz_validate: lang")?;
                options.lang = s
                    .parse::<Lang>()
                    .map_err(|e| Fail(BZ_INVALID_ARGUMENT, format!("bz_validate: {e}")))?;
            }
            let report = bz_core::validate(&ds.inner, &options);
            // SAFETY: `out` is non-NULL and writable by contract.
            out.write(Box::into_raw(Box::new(bz_report::new(report))));
            Ok(())
        })
    }
}

/// Frees a report and every string borrowed from it. `NULL` is ignored.
///
/// # Safety
/// `r` is NULL or a report returned by `bz_validate`, not yet freed and not in use by
/// another thread.
#[no_mangle]
pub unsafe extern "C" fn bz_report_free(r: *mut bz_report) {
    if r.is_null() {
        return;
    }
    guard((), || {
        // SAFETY: `r` came from `Box::into_raw` in `bz_validate_lang`; freed once.
        drop(unsafe { Box::from_raw(r) });
    });
}

/// Number of findings (0 when `r` is NULL).
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_violation_count(r: *const bz_report) -> usize {
    guard(0, || {
        // SAFETY: NULL or a live report by contract.
        let x = unsafe { r.as_ref() };
        x.map_or(0, |r| r.report.violations.len())
    })
}

fn count(r: *const bz_report, sev: Severity) -> usize {
    guard(0, || {
        // SAFETY: callers pass NULL or a live report (their own contract).
        unsafe { r.as_ref() }.map_or(0, |r| {
            let s = &r.report.summary;
            match sev {
                Severity::Error => s.errors,
                Severity::Warning => s.warnings,
                Severity::Info => s.infos,
            }
        })
    })
}

/// Number of error-severity findings (0 when `r` is NULL); 0 means the dataset passes.
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_error_count(r: *const bz_report) -> usize {
    count(r, Severity::Error)
}

/// Number of warning-severity findings (0 when `r` is NULL).
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_warning_count(r: *const bz_report) -> usize {
    count(r, Severity::Warning)
}

/// Number of info-severity findings (0 when `r` is NULL).
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_info_count(r: *const bz_report) -> usize {
    count(r, Severity::Info)
}

/// The evaluation date the report used, `"YYYY-MM-DD"`, borrowed from the report; NULL when
/// `r` is NULL.
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_as_of(r: *const bz_report) -> *const c_char {
    guard(ptr::null(), || {
        // SAFETY: NULL or a live report by contract.
        let x = unsafe { r.as_ref() };
        x.map_or(ptr::null(), |r| r.as_of.as_ptr())
    })
}

/// The shared body of the indexed row accessors: NULL checks, the bound check (`get`
/// returns `None` past the end), and the write to `*out` only on success.
///
/// # Safety
/// `r` is NULL or a live report; `out` is NULL or valid for a write of one `T`.
unsafe fn write_row<T>(
    r: *const bz_report,
    out: *mut T,
    get: impl FnOnce(&bz_report) -> Option<T>,
) -> bz_status {
    guard(BZ_PANIC, || {
        // SAFETY: NULL or a live report by contract.
        let Some(r) = (unsafe { r.as_ref() }) else {
            return BZ_NULL_ARGUMENT;
        };
        if out.is_null() {
            return BZ_NULL_ARGUMENT;
        }
        let Some(row) = get(r) else {
            return BZ_OUT_OF_RANGE;
        };
        // SAFETY: `out` is non-NULL and writable by contract.
        unsafe { out.write(row) };
        BZ_OK
    })
}

/// Writes finding `i` (0-based, in report order) to `*out`. Its strings are borrowed from
/// the report. Fails with `BZ_OUT_OF_RANGE` when `i >= bz_report_violation_count(r)`,
/// `BZ_NULL_ARGUMENT` when `r` or `out` is NULL.
///
/// # Safety
/// `r` is NULL or a live report; `out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_report_violation(
    r: *const bz_report,
    i: usize,
    out: *mut bz_violation,
) -> bz_status {
    // SAFETY: forwarded contract of this function.
    unsafe {
        write_row(r, out, |r| {
            let v = r.report.violations.get(i)?;
            let s = r
                .violations
                .get(i)?
                .get_or_init(|| Box::new(ViolationStrings::new(v)));
            Some(bz_violation {
                code: s.code.as_ptr(),
                severity: match v.severity {
                    Severity::Error => bz_severity::BZ_SEVERITY_ERROR,
                    Severity::Warning => bz_severity::BZ_SEVERITY_WARNING,
                    Severity::Info => bz_severity::BZ_SEVERITY_INFO,
                },
                unit: opt_ptr(&s.unit),
                staff: opt_ptr(&s.staff),
                post: opt_ptr(&s.post),
                duty: opt_ptr(&s.duty),
                category: opt_ptr(&s.category),
                level: opt_ptr(&s.level),
                has_expected: v.expected.is_some(),
                expected: v.expected.unwrap_or(0),
                has_actual: v.actual.is_some(),
                actual: v.actual.unwrap_or(0),
                array: opt_ptr(&s.array),
                has_index: v.index.is_some(),
                index: v.index.unwrap_or(0),
                field: opt_ptr(&s.field),
                message: s.message.as_ptr(),
            })
        })
    }
}

/// Number of occupancy rows (0 when `r` is NULL).
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_occupancy_count(r: *const bz_report) -> usize {
    guard(0, || {
        // SAFETY: NULL or a live report by contract.
        let x = unsafe { r.as_ref() };
        x.map_or(0, |r| r.report.occupancy.len())
    })
}

/// Writes occupancy row `i` to `*out` (strings borrowed from the report); `BZ_OUT_OF_RANGE`
/// past the end, `BZ_NULL_ARGUMENT` when `r` or `out` is NULL.
///
/// # Safety
/// `r` is NULL or a live report; `out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_report_occupancy(
    r: *const bz_report,
    i: usize,
    out: *mut bz_occupancy_row,
) -> bz_status {
    // SAFETY: forwarded contract of this function.
    unsafe {
        write_row(r, out, |r| {
            let o = r.report.occupancy.get(i)?;
            let [unit, category] = &**r
                .occupancy
                .get(i)?
                .get_or_init(|| Box::new([cstring(&o.unit), cstring(&o.category)]));
            Some(bz_occupancy_row {
                unit: unit.as_ptr(),
                category: category.as_ptr(),
                approved: o.approved.unwrap_or(0),
                occupied: o.occupied,
                vacant: o.vacant.unwrap_or(0),
                over: o.over.unwrap_or(0),
                approved_known: o.approved.is_some(),
            })
        })
    }
}

/// Number of leadership rows (0 when `r` is NULL).
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_leadership_count(r: *const bz_report) -> usize {
    guard(0, || {
        // SAFETY: NULL or a live report by contract.
        let x = unsafe { r.as_ref() };
        x.map_or(0, |r| r.report.leadership.len())
    })
}

/// Writes leadership row `i` to `*out` (strings borrowed from the report); `BZ_OUT_OF_RANGE`
/// past the end, `BZ_NULL_ARGUMENT` when `r` or `out` is NULL.
///
/// # Safety
/// `r` is NULL or a live report; `out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_report_leadership(
    r: *const bz_report,
    i: usize,
    out: *mut bz_leadership_row,
) -> bz_status {
    // SAFETY: forwarded contract of this function.
    unsafe {
        write_row(r, out, |r| {
            let l = r.report.leadership.get(i)?;
            let [unit, level] = &**r
                .leadership
                .get(i)?
                .get_or_init(|| Box::new([cstring(&l.unit), cstring(l.level.as_str())]));
            Some(bz_leadership_row {
                unit: unit.as_ptr(),
                level: level.as_ptr(),
                approved: l.approved,
                actual: l.actual,
            })
        })
    }
}

/// Serialises the whole report as JSON (`docs/formats.md#validation-report`) into a new NUL-terminated string
/// written to `*out` (free it with `bz_string_free`); its length in bytes, without the NUL,
/// is written to `*len` when `len` is not NULL. `BZ_NULL_ARGUMENT` when `r` or `out` is NULL.
///
/// # Safety
/// `r` is NULL or a live report; `out` is NULL or valid for a write; `len` is NULL or valid
/// for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_report_to_json(
    r: *const bz_report,
    out: *mut *mut c_char,
    len: *mut usize,
) -> bz_status {
    guard(BZ_PANIC, || {
        // SAFETY: NULL or a live report by contract.
        let Some(r) = (unsafe { r.as_ref() }) else {
            return BZ_NULL_ARGUMENT;
        };
        if out.is_null() {
            return BZ_NULL_ARGUMENT;
        }
        let Ok(text) = serde_json::to_string(&r.report) else {
            return BZ_INVALID_INPUT;
        };
        let (s, n) = export_string(text);
        // SAFETY: `out` is non-NULL and writable; `len` is NULL or writable (contract).
        unsafe {
            out.write(s);
            if !len.is_null() {
                len.write(n);
            }
        }
        BZ_OK
    })
}

/// The strings of finding `i`, made on first read (shared with `bz_report_violation`).
fn violation_strings(r: &bz_report, i: usize) -> Option<&ViolationStrings> {
    let v = r.report.violations.get(i)?;
    Some(
        r.violations
            .get(i)?
            .get_or_init(|| Box::new(ViolationStrings::new(v))),
    )
}

/// Number of people in excess named by finding `i` (`excess_staff` in the report JSON:
/// the people enrolled or appointed after a quota was full, for `OVER_ESTABLISHMENT`,
/// `OVER_LEADERSHIP_QUOTA` and `SECONDMENT_CAP_EXCEEDED`); 0 for other findings, when `i`
/// is out of range or `r` is NULL.
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_violation_excess_count(r: *const bz_report, i: usize) -> usize {
    guard(0, || {
        // SAFETY: NULL or a live report by contract.
        let x = unsafe { r.as_ref() };
        x.and_then(|r| r.report.violations.get(i))
            .map_or(0, |v| v.excess.len())
    })
}

/// The staff id of the `j`-th person in excess of finding `i` (0-based, in the order they
/// came in beyond the quota), borrowed from the report (valid until `bz_report_free`);
/// NULL when `i` or `j` is out of range or `r` is NULL.
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_violation_excess(
    r: *const bz_report,
    i: usize,
    j: usize,
) -> *const c_char {
    guard(ptr::null(), || {
        // SAFETY: NULL or a live report by contract.
        let x = unsafe { r.as_ref() };
        x.and_then(|r| violation_strings(r, i))
            .and_then(|s| s.excess.get(j))
            .map_or(ptr::null(), |c| c.as_ptr())
    })
}

/// The sum of money of finding `i` as exact decimal text in yuan with two places, e.g.
/// `"86505.00"` (`amount` in the report JSON: the pay to recover of a `GHOST_PAYROLL`
/// finding with a monthly amount), borrowed from the report; NULL when the finding has
/// none, `i` is out of range or `r` is NULL.
///
/// # Safety
/// `r` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn bz_report_violation_amount(
    r: *const bz_report,
    i: usize,
) -> *const c_char {
    guard(ptr::null(), || {
        // SAFETY: NULL or a live report by contract.
        let x = unsafe { r.as_ref() };
        x.and_then(|r| violation_strings(r, i))
            .and_then(|s| s.amount.as_ref())
            .map_or(ptr::null(), |c| c.as_ptr())
    })
}
