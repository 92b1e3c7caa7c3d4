//! Assessment (`docs/formats.md#assessment-input`) as JSON in, JSON out.

use std::ffi::c_char;

use bz_core::assess::{assess_json, AssessError};

use crate::ffi::{bz_error, bz_status, export_string, guard_status, utf8_arg, Fail};
use bz_status::*;

/// Runs an assessment: `input` is `len` bytes of UTF-8 JSON (`docs/formats.md#assessment-input`: a `scheme`
/// and the `people`). On success writes a new NUL-terminated JSON string with the results to
/// `*out_json` (free it with `bz_string_free`) and its length without the NUL to `*out_len`
/// when `out_len` is not NULL. A person whose record cannot be assessed (a score that is not
/// a number, too few judges' marks, a duplicate id …) does not fail the call: that outcome
/// carries `error` (the path, e.g. `people[3] (A4).score`, and the problem), the others are
/// scored, and the result's `errors` counts them. Fails with `BZ_INVALID_INPUT` for a
/// document that cannot be read (not JSON, no `people` list), `BZ_INVALID_SCHEME` for an
/// unknown or invalid scheme, `BZ_INVALID_UTF8`, or `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `input` is valid for reads of `len` bytes; `out_json` is valid for a write; `out_len` and
/// `err` are NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_assess_json(
    input: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut bz_error,
) -> bz_status {
    // SAFETY: forwarded contract of this function.
    unsafe {
        json_in_out(
            "bz_assess_json",
            input,
            len,
            out_json,
            out_len,
            err,
            |text| {
                let output = assess_json(text).map_err(|e| {
                    let status = match e {
                        AssessError::Scheme(_) => BZ_INVALID_SCHEME,
                        _ => BZ_INVALID_INPUT,
                    };
                    Fail(status, e.to_string())
                })?;
                serde_json::to_string(&output)
                    .map_err(|e| Fail(BZ_INVALID_INPUT, format!("bz_assess_json: {e}")))
            },
        )
    }
}

/// The body of every JSON-in, JSON-out entry point: checks the arguments, reads `len`
/// bytes at `input` as UTF-8, runs `f` on them and, on success only, writes the new string
/// to `*out_json` and its length to `*out_len` (when not NULL).
///
/// # Safety
/// `input` is NULL or valid for reads of `len` bytes; `out_json` is NULL or valid for a
/// write; `out_len` and `err` are NULL or valid for a write.
pub(crate) unsafe fn json_in_out(
    function: &str,
    input: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut bz_error,
    f: impl FnOnce(&str) -> Result<String, Fail>,
) -> bz_status {
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            if input.is_null() {
                return Err(Fail::null(function, "input"));
            }
            if out_json.is_null() {
                return Err(Fail::null(function, "out_json"));
            }
            // SAFETY: `input` is non-NULL and valid for `len` bytes by contract.
            let text = utf8_arg(input, len, &format!("{function}: the input"))?;
            let (s, n) = export_string(f(text)?);
            // SAFETY: `out_json` is non-NULL and writable; `out_len` is NULL or writable.
            out_json.write(s);
            if !out_len.is_null() {
                out_len.write(n);
            }
            Ok(())
        })
    }
}
