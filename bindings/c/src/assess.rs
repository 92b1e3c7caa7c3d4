//! Assessment (`interface.md` §4) as JSON in, JSON out.

use std::ffi::c_char;

use crate::ffi::{bz_error, bz_status, guard_status, utf8_arg, Fail};
use bz_status::*;

/// Runs an assessment: `input` is `len` bytes of UTF-8 JSON (`interface.md` §4: a `scheme`
/// and the `people`). On success writes a new NUL-terminated JSON string with the results to
/// `*out_json` (free it with `bz_string_free`) and its length without the NUL to `*out_len`
/// when `out_len` is not NULL. Fails with `BZ_INVALID_INPUT` for input that cannot be
/// read, `BZ_INVALID_SCHEME` for an invalid scheme, `BZ_INVALID_UTF8`, `BZ_NULL_ARGUMENT`,
/// or `BZ_UNSUPPORTED` while the assessment engine is not part of the build.
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
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            if input.is_null() {
                return Err(Fail::null("bz_assess_json", "input"));
            }
            if out_json.is_null() {
                return Err(Fail::null("bz_assess_json", "out_json"));
            }
            // SAFETY: `input` is non-NULL and valid for `len` bytes by contract.
            let _text = utf8_arg(input, len, "bz_assess_json: the input")?;
            let _ = out_len;
            Err(Fail(
                BZ_UNSUPPORTED,
                "bz_assess_json: the assessment engine is not available in this build".into(),
            ))
        })
    }
}
