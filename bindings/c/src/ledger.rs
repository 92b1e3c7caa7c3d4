//! The establishment ledger (机构编制台账), the roster diff and the 实名制 reconciliation as
//! JSON in, JSON out (the documents of `bianzhi ledger`, `bianzhi diff` and
//! `bianzhi reconcile --format json`), and `bz_request`, the 「能否用编」 check of a hiring
//! system.

use std::ffi::{c_char, CStr};

use bz_core::ledger::{self, Ledger, RejectCode, State};
use bz_core::{Dataset, Lang};
use serde_json::Value;

use crate::assess::json_in_out;
use crate::ffi::{
    bz_error, bz_status, cstr_arg, date_arg, export_string, guard_status, utf8_arg, Fail,
};
use bz_status::*;

fn input_fail(function: &str, e: impl std::fmt::Display) -> Fail {
    Fail(BZ_INVALID_INPUT, format!("{function}: {e}"))
}

/// `lang`: NULL or "zh" → Chinese, "en" → English.
unsafe fn lang_arg(ptr: *const c_char, function: &str) -> Result<Lang, Fail> {
    if ptr.is_null() {
        return Ok(Lang::Zh);
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    let s = unsafe { cstr_arg(ptr, &format!("{function}: lang")) }?;
    s.parse()
        .map_err(|e: String| Fail(BZ_INVALID_ARGUMENT, format!("{function}: {e}")))
}

fn to_json<T: serde::Serialize>(function: &str, v: &T) -> Result<String, Fail> {
    serde_json::to_string(v).map_err(|e| input_fail(function, e))
}

/// Replays an establishment ledger: `input` is `len` bytes of UTF-8 JSON `{"opening":
/// dataset, "events": [...], "as_of"?, "rectification"?, "block_severity"?}`
/// (`docs/ledger.md`). `as_of` (NUL-terminated `YYYY-MM-DD`) overrides the document's date
/// (NULL: the document's `as_of`, else the last event date); `lang` is NULL, "zh" or "en".
/// On success writes the result (summary, decisions, balances, changes, reservations,
/// findings, the snapshot's validation report) as a new JSON string to `*out_json` (free it
/// with `bz_string_free`) and its length to `*out_len` when not NULL. A malformed event is
/// that event's `INVALID_EVENT` decision, not a failure. Fails with `BZ_INVALID_INPUT` when
/// the document cannot be read (the message names the key), `BZ_INVALID_ARGUMENT` for a bad
/// `as_of` or `lang`, `BZ_INVALID_UTF8` or `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `input` is valid for reads of `len` bytes; `as_of` and `lang` are NULL or NUL-terminated;
/// `out_json` is valid for a write; `out_len` and `err` are NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_ledger_json(
    input: *const c_char,
    len: usize,
    as_of: *const c_char,
    lang: *const c_char,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_ledger_json";
    // SAFETY: forwarded contract of this function.
    unsafe {
        json_in_out(F, input, len, out_json, out_len, err, |text| {
            // SAFETY: NULL or NUL-terminated by contract.
            let date = date_arg(as_of, F)?;
            let lang = lang_arg(lang, F)?;
            let out = ledger::ledger_json(text, date, lang).map_err(|e| input_fail(F, e))?;
            to_json(F, &out)
        })
    }
}

fn dataset_of(function: &str, v: Option<Value>, key: &str) -> Result<Dataset, Fail> {
    let v = v.ok_or_else(|| input_fail(function, format!("`{key}` (a dataset) is required")))?;
    Dataset::from_value(v).map_err(|e| input_fail(function, format!("`{key}`: {e}")))
}

fn object(function: &str, text: &str) -> Result<serde_json::Map<String, Value>, Fail> {
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(input_fail(function, "expected a JSON object")),
        Err(e) => Err(input_fail(function, e)),
    }
}

/// Compares two rosters (年度增减变动): `input` is `len` bytes of UTF-8 JSON `{"old":
/// dataset, "new": dataset}`. On success writes the diff (joined, left, moved, category and
/// leadership changes, quota changes, the change table) as a new JSON string to
/// `*out_json` (free it with `bz_string_free`) and its length to `*out_len` when not NULL.
/// Fails with `BZ_INVALID_INPUT` (the message names `old` or `new`), `BZ_INVALID_UTF8` or
/// `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `input` is valid for reads of `len` bytes; `out_json` is valid for a write; `out_len` and
/// `err` are NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_diff_json(
    input: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_diff_json";
    // SAFETY: forwarded contract of this function.
    unsafe {
        json_in_out(F, input, len, out_json, out_len, err, |text| {
            let mut m = object(F, text)?;
            let old = dataset_of(F, m.remove("old"), "old")?;
            let new = dataset_of(F, m.remove("new"), "new")?;
            to_json(F, &ledger::diff(&old, &new))
        })
    }
}

/// 实名制 reconciliation: `input` is `len` bytes of UTF-8 JSON `{"roster": dataset,
/// "registry": [people], "payroll": [people]}`, people being objects with `id_number`
/// (身份证号) and optionally `name`, `unit`, `id`. On success writes `ghost_payroll`,
/// `paid_outside_establishment`, `stale_holding`, `unpaid_holding`, `unmatched` and
/// `summary` as a new JSON string to `*out_json` (free it with `bz_string_free`) and its
/// length to `*out_len` when not NULL. Fails with `BZ_INVALID_INPUT` (the message names the
/// list and row), `BZ_INVALID_UTF8` or `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `input` is valid for reads of `len` bytes; `out_json` is valid for a write; `out_len` and
/// `err` are NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_reconcile_json(
    input: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_reconcile_json";
    // SAFETY: forwarded contract of this function.
    unsafe {
        json_in_out(F, input, len, out_json, out_len, err, |text| {
            let mut m = object(F, text)?;
            let roster = dataset_of(F, m.remove("roster"), "roster")?;
            let list = |key: &str, v: Option<Value>| {
                ledger::PersonRecord::list_from_value(&v.unwrap_or(Value::Array(Vec::new())))
                    .map_err(|e| input_fail(F, format!("`{key}`{e}")))
            };
            let registry = list("registry", m.remove("registry"))?;
            let payroll = list("payroll", m.remove("payroll"))?;
            to_json(F, &ledger::reconcile(&roster, &registry, &payroll))
        })
    }
}

/// The answer of `bz_request`. Plain data: `code` is a static string (do not free).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bz_request_result {
    /// Whether the places may be reserved.
    pub approved: bool,
    /// The rejection code (`NO_VACANCY`, `APPROVAL_BLOCKED`, `UNKNOWN_UNIT`, `NO_POOL`,
    /// `UNKNOWN_CATEGORY`), NUL-terminated and static; NULL when approved.
    pub code: *const c_char,
    /// Places asked for.
    pub requested: u64,
    /// Free places of the pool and category on the date (0 when unknown).
    pub available: u64,
    /// Whether `available` is known (false for an unknown unit or a blocked unit).
    pub has_available: bool,
}

fn code_cstr(c: RejectCode) -> *const c_char {
    let s: &'static CStr = match c {
        RejectCode::NoVacancy => c"NO_VACANCY",
        RejectCode::ApprovalBlocked => c"APPROVAL_BLOCKED",
        RejectCode::UnknownUnit => c"UNKNOWN_UNIT",
        RejectCode::NoPool => c"NO_POOL",
        RejectCode::UnknownCategory => c"UNKNOWN_CATEGORY",
        _ => c"INVALID_EVENT",
    };
    s.as_ptr()
}

/// 「能否用编」: may `count` places of `category` be reserved for `unit` on `date`? `input` is
/// `len` bytes of UTF-8 JSON: a ledger document (replayed to `date` first) or a plain
/// dataset (its current places). `unit`, `category` (English or Chinese name) and `date`
/// (`YYYY-MM-DD`) are NUL-terminated. On success writes the answer to `*out` and, when
/// `out_message` is not NULL, the reason of a rejection (Chinese; NULL when approved) as a
/// new string to free with `bz_string_free`. Nothing is recorded. Fails with
/// `BZ_INVALID_INPUT` for an unreadable document, `BZ_INVALID_ARGUMENT` for a bad date or a
/// zero count, `BZ_INVALID_UTF8` or `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `input` is valid for reads of `len` bytes; `unit`, `category` and `date` are
/// NUL-terminated; `out` is valid for a write; `out_message` and `err` are NULL or valid for
/// a write.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bz_request(
    input: *const c_char,
    len: usize,
    unit: *const c_char,
    category: *const c_char,
    count: u32,
    date: *const c_char,
    out: *mut bz_request_result,
    out_message: *mut *mut c_char,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_request";
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            for (p, name) in [
                (input, "input"),
                (unit, "unit"),
                (category, "category"),
                (date, "date"),
            ] {
                if p.is_null() {
                    return Err(Fail::null(F, name));
                }
            }
            if out.is_null() {
                return Err(Fail::null(F, "out"));
            }
            if count == 0 {
                return Err(Fail(
                    BZ_INVALID_ARGUMENT,
                    format!("{F}: count must be at least 1"),
                ));
            }
            // SAFETY: non-NULL and valid / NUL-terminated by contract.
            let text = utf8_arg(input, len, &format!("{F}: the input"))?;
            let unit = cstr_arg(unit, &format!("{F}: unit"))?;
            let category: bz_core::Category = cstr_arg(category, &format!("{F}: category"))?
                .parse()
                .unwrap_or_else(|n| match n {});
            let date = date_arg(date, F)?.ok_or_else(|| Fail::null(F, "date"))?;
            let v: Value = serde_json::from_str(text).map_err(|e| input_fail(F, e))?;
            let is_ledger = v.get("opening").is_some();
            let d = if is_ledger {
                let l = Ledger::from_value(v).map_err(|e| input_fail(F, e))?;
                let mut st = State::open(&l);
                st.advance(date);
                ledger::request(&st, unit, &category, count, date)
            } else {
                let ds = Dataset::from_value(v).map_err(|e| input_fail(F, e))?;
                let st = State::from_dataset(&ds);
                ledger::request(&st, unit, &category, count, date)
            };
            let r = bz_request_result {
                approved: d.approved(),
                code: d.code.map_or(std::ptr::null(), code_cstr),
                requested: d.requested.unwrap_or(u64::from(count)),
                available: d.available.unwrap_or(0),
                has_available: d.available.is_some(),
            };
            out.write(r);
            if !out_message.is_null() {
                match d.message {
                    Some(m) => out_message.write(export_string(m).0),
                    None => out_message.write(std::ptr::null_mut()),
                }
            }
            Ok(())
        })
    }
}
