//! Staffing plans (定员), organisation evaluation and rectification ledgers as JSON in,
//! JSON out: the same documents as `bianzhi plan`, `bianzhi evaluate` and
//! `bianzhi rectification --format json`.

use std::ffi::c_char;

use bz_core::plan::{self, PlanError};

use crate::assess::json_in_out;
use crate::ffi::{bz_error, bz_status, date_arg, Fail};
use bz_status::*;

fn plan_fail(function: &str, e: PlanError) -> Fail {
    let status = match e {
        PlanError::Scheme(_) => BZ_INVALID_SCHEME,
        _ => BZ_INVALID_INPUT,
    };
    Fail(status, format!("{function}: {e}"))
}

fn to_json<T: serde::Serialize>(function: &str, v: &T) -> Result<String, Fail> {
    serde_json::to_string(v).map_err(|e| Fail(BZ_INVALID_INPUT, format!("{function}: {e}")))
}

/// Computes a staffing plan (定员): `input` is `len` bytes of UTF-8 JSON, one item
/// (`{"method": "efficiency", "workload": …}`), an array of items, or `{"items": […],
/// "rounding": "ceil"}`. On success writes the result (items with their headcounts and
/// workings, and the total) as a new NUL-terminated JSON string to `*out_json` (free it
/// with `bz_string_free`) and its length to `*out_len` when not NULL. Fails with
/// `BZ_INVALID_INPUT` for unreadable input or an invalid parameter (the message names the
/// item and parameter, e.g. `item 1: parameter `workload` must not be negative`),
/// `BZ_INVALID_UTF8` or `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `input` is valid for reads of `len` bytes; `out_json` is valid for a write; `out_len` and
/// `err` are NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_plan_json(
    input: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_plan_json";
    // SAFETY: forwarded contract of this function.
    unsafe {
        json_in_out(F, input, len, out_json, out_len, err, |text| {
            let out = plan::compute_json(text).map_err(|e| plan_fail(F, e))?;
            to_json(F, &out)
        })
    }
}

/// Evaluates organisations (机构编制评估): `input` is `len` bytes of UTF-8 JSON
/// `{"scheme": "default" | {…}, "units": [{"unit": …, "facts": {…}}], "report": {…}?}` (with
/// a validation report, facts are derived from its findings). On success writes the
/// evaluation (per unit: aspects, scores, total, grade) as a new JSON string to `*out_json`
/// (free it with `bz_string_free`) and its length to `*out_len` when not NULL. Fails with
/// `BZ_INVALID_SCHEME` for an invalid scheme, `BZ_INVALID_INPUT` for unreadable input or
/// facts, `BZ_INVALID_UTF8` or `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `input` is valid for reads of `len` bytes; `out_json` is valid for a write; `out_len` and
/// `err` are NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_evaluate_json(
    input: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_evaluate_json";
    // SAFETY: forwarded contract of this function.
    unsafe {
        json_in_out(F, input, len, out_json, out_len, err, |text| {
            let out = plan::evaluate_json(text).map_err(|e| plan_fail(F, e))?;
            to_json(F, &out)
        })
    }
}

/// Summarises a rectification ledger (整改台账): `input` is `len` bytes of UTF-8 JSON
/// `{"as_of": "YYYY-MM-DD"?, "tasks": […]}` or `{"report": {…}, "deadline": "YYYY-MM-DD",
/// "tasks": […]?}` (tasks built from a validation report's findings). `as_of` (NUL-terminated
/// `YYYY-MM-DD`) overrides the document's date; NULL keeps it. On success writes the summary
/// (remaining, overdue, on-time rate …) as a new JSON string to `*out_json` (free it with
/// `bz_string_free`) and its length to `*out_len` when not NULL. Fails with
/// `BZ_INVALID_INPUT` for unreadable input or no date, `BZ_INVALID_ARGUMENT` for an
/// `as_of` that is not a date, `BZ_INVALID_UTF8` or `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `input` is valid for reads of `len` bytes; `as_of` is NULL or a NUL-terminated string;
/// `out_json` is valid for a write; `out_len` and `err` are NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_rectification_json(
    input: *const c_char,
    len: usize,
    as_of: *const c_char,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_rectification_json";
    // SAFETY: forwarded contract of this function.
    unsafe {
        json_in_out(F, input, len, out_json, out_len, err, |text| {
            // SAFETY: `as_of` is NULL or NUL-terminated by contract.
            let date = date_arg(as_of, F)?;
            let out = plan::rectification_json(text, date).map_err(|e| plan_fail(F, e))?;
            to_json(F, &out)
        })
    }
}
