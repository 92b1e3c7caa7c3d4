//! Status codes, the error object, strings and the panic boundary shared by every entry point.

use std::any::Any;
use std::ffi::{c_char, c_int, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Major version of the library this header belongs to.
pub const BIANZHI_VERSION_MAJOR: u32 = 0;
/// Minor version of the library this header belongs to.
pub const BIANZHI_VERSION_MINOR: u32 = 1;
/// Patch version of the library this header belongs to.
pub const BIANZHI_VERSION_PATCH: u32 = 0;

/// A static NUL-terminated C string from a literal.
macro_rules! cs {
    ($s:literal) => {
        concat!($s, "\0").as_ptr().cast::<std::ffi::c_char>()
    };
}

/// Result of a call. `BZ_OK` is 0; every other value is a failure, and the `bz_error`
/// written through the call's `err` argument (when it has one) says why.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum bz_status {
    /// Success.
    BZ_OK = 0,
    /// A required pointer argument was NULL.
    BZ_NULL_ARGUMENT = 1,
    /// The input could not be read (not JSON, no `units`/`staff`, invalid 身份证号 …).
    BZ_INVALID_INPUT = 2,
    /// A string argument is not UTF-8.
    BZ_INVALID_UTF8 = 3,
    /// An assessment scheme is invalid.
    BZ_INVALID_SCHEME = 4,
    /// An index or number is outside its range.
    BZ_OUT_OF_RANGE = 5,
    /// The library panicked (a bug); the panic was caught at the boundary.
    BZ_PANIC = 6,
    /// An option argument is not understood (an `as_of` that is no date, an unknown `lang`,
    /// an unknown retirement group …).
    BZ_INVALID_ARGUMENT = 7,
    /// The function is not available in this build.
    BZ_UNSUPPORTED = 8,
}

use bz_status::*;

/// An error: a status and a message naming what went wrong (for JSON input, the line and
/// column).
///
/// Ownership: returned through a `bz_error **err` argument on failure; the caller owns it and
/// frees it with `bz_error_free`. Thread safety: an error is immutable; it may be read from
/// any thread.
pub struct bz_error {
    status: bz_status,
    message: CString,
}

/// A failed call: the status and the message for its `bz_error`.
pub(crate) struct Fail(pub bz_status, pub String);

impl Fail {
    pub(crate) fn null(function: &str, argument: &str) -> Fail {
        Fail(
            BZ_NULL_ARGUMENT,
            format!("{function}: argument `{argument}` is NULL"),
        )
    }
}

/// A C string from Rust text; an interior NUL (possible in JSON input) becomes U+FFFD.
pub(crate) fn cstring(s: &str) -> CString {
    match CString::new(s) {
        Ok(c) => c,
        Err(_) => CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default(),
    }
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

/// Runs `f` behind the panic boundary; a panic yields `on_panic`.
pub(crate) fn guard<T>(on_panic: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(on_panic)
}

/// Runs `f` behind the panic boundary and turns its failure (or a panic) into a status and,
/// when `err` is not NULL, a new `bz_error` written to `*err`.
///
/// # Safety
/// `err` is NULL or valid for a write of one pointer.
pub(crate) unsafe fn guard_status(
    err: *mut *mut bz_error,
    f: impl FnOnce() -> Result<(), Fail>,
) -> bz_status {
    let failure = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => return BZ_OK,
        Ok(Err(fail)) => fail,
        Err(payload) => Fail(
            BZ_PANIC,
            format!("internal error (panic): {}", panic_text(payload.as_ref())),
        ),
    };
    if !err.is_null() {
        let e = Box::new(bz_error {
            status: failure.0,
            message: cstring(&failure.1),
        });
        // SAFETY: `err` is non-NULL and, by this function's contract, valid for a write.
        unsafe { err.write(Box::into_raw(e)) };
    }
    failure.0
}

/// Borrows `len` bytes at `ptr` as UTF-8 text.
///
/// # Safety
/// `ptr` is non-NULL and valid for reads of `len` bytes for `'a`.
pub(crate) unsafe fn utf8_arg<'a>(
    ptr: *const c_char,
    len: usize,
    what: &str,
) -> Result<&'a str, Fail> {
    if len > isize::MAX as usize {
        return Err(Fail(
            BZ_OUT_OF_RANGE,
            format!("{what}: length {len} is too large"),
        ));
    }
    // SAFETY: non-NULL and valid for `len` bytes by this function's contract; len ≤ isize::MAX.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map_err(|e| {
        Fail(
            BZ_INVALID_UTF8,
            format!(
                "{what} is not UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Reads an optional `as_of` argument: NULL is `None`, else a NUL-terminated `YYYY-MM-DD`
/// (surrounding spaces allowed); anything else fails with `BZ_INVALID_ARGUMENT` naming
/// `function` and the text given.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string.
pub(crate) unsafe fn date_arg(
    ptr: *const c_char,
    function: &str,
) -> Result<Option<chrono::NaiveDate>, Fail> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and NUL-terminated by this function's contract.
    let s = unsafe { cstr_arg(ptr, &format!("{function}: as_of")) }?;
    s.trim().parse().map(Some).map_err(|_| {
        Fail(
            bz_status::BZ_INVALID_ARGUMENT,
            format!("{function}: as_of `{s}` is not a date (YYYY-MM-DD)"),
        )
    })
}

/// Borrows a NUL-terminated UTF-8 string.
///
/// # Safety
/// `ptr` is non-NULL and points to a NUL-terminated string valid for `'a`.
pub(crate) unsafe fn cstr_arg<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Fail> {
    // SAFETY: by this function's contract.
    let c = unsafe { CStr::from_ptr(ptr) };
    c.to_str().map_err(|e| {
        Fail(
            BZ_INVALID_UTF8,
            format!(
                "{what} is not UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Hands a Rust string to C as a NUL-terminated string freed by `bz_string_free`.
pub(crate) fn export_string(s: String) -> (*mut c_char, usize) {
    let c = cstring(&s);
    let len = c.as_bytes().len();
    (c.into_raw(), len)
}

/// The library version, e.g. `"0.1.0"`: a static NUL-terminated string (never freed).
///
/// Thread safety: may be called from any thread.
#[no_mangle]
pub extern "C" fn bz_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The name of a status, e.g. `"BZ_NULL_ARGUMENT"`; `"BZ_UNKNOWN"` for a value that is no
/// status. A static string (never freed).
#[no_mangle]
pub extern "C" fn bz_status_name(status: c_int) -> *const c_char {
    match status {
        0 => cs!("BZ_OK"),
        1 => cs!("BZ_NULL_ARGUMENT"),
        2 => cs!("BZ_INVALID_INPUT"),
        3 => cs!("BZ_INVALID_UTF8"),
        4 => cs!("BZ_INVALID_SCHEME"),
        5 => cs!("BZ_OUT_OF_RANGE"),
        6 => cs!("BZ_PANIC"),
        7 => cs!("BZ_INVALID_ARGUMENT"),
        8 => cs!("BZ_UNSUPPORTED"),
        _ => cs!("BZ_UNKNOWN"),
    }
}

/// The message of an error (UTF-8, NUL-terminated), borrowed: valid until `bz_error_free(e)`.
/// Returns `""` when `e` is NULL.
///
/// # Safety
/// `e` is NULL or an error returned by this library and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn bz_error_message(e: *const bz_error) -> *const c_char {
    guard(cs!(""), || {
        // SAFETY: `e` is NULL or a live error by this function's contract.
        match unsafe { e.as_ref() } {
            Some(e) => e.message.as_ptr(),
            None => cs!(""),
        }
    })
}

/// The status of an error (the one the failing call returned); `BZ_NULL_ARGUMENT` when `e`
/// is NULL.
///
/// # Safety
/// `e` is NULL or an error returned by this library and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn bz_error_status(e: *const bz_error) -> bz_status {
    // SAFETY: `e` is NULL or a live error by this function's contract.
    match unsafe { e.as_ref() } {
        Some(e) => e.status,
        None => BZ_NULL_ARGUMENT,
    }
}

/// Frees an error. `NULL` is ignored.
///
/// # Safety
/// `e` is NULL or an error returned by this library and not yet freed; it must not be used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn bz_error_free(e: *mut bz_error) {
    if e.is_null() {
        return;
    }
    guard((), || {
        // SAFETY: `e` came from `Box::into_raw` in `guard_status` and is freed once.
        drop(unsafe { Box::from_raw(e) });
    });
}

/// Frees a string returned by `bz_report_to_json` or `bz_assess_json`. `NULL` is ignored.
///
/// # Safety
/// `s` is NULL or a string returned by one of those functions and not yet freed; never a
/// string borrowed from a report or an error.
#[no_mangle]
pub unsafe extern "C" fn bz_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    guard((), || {
        // SAFETY: `s` came from `CString::into_raw` in `export_string` and is freed once.
        drop(unsafe { CString::from_raw(s) });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_macros_match_the_package() {
        assert_eq!(
            BIANZHI_VERSION_MAJOR.to_string(),
            env!("CARGO_PKG_VERSION_MAJOR")
        );
        assert_eq!(
            BIANZHI_VERSION_MINOR.to_string(),
            env!("CARGO_PKG_VERSION_MINOR")
        );
        assert_eq!(
            BIANZHI_VERSION_PATCH.to_string(),
            env!("CARGO_PKG_VERSION_PATCH")
        );
        // SAFETY: bz_version returns a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(bz_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn a_panic_becomes_bz_panic_with_a_message() {
        let mut err: *mut bz_error = std::ptr::null_mut();
        // SAFETY: `err` is a valid out-pointer.
        let st = unsafe { guard_status(&mut err, || panic!("boom")) };
        assert_eq!(st, BZ_PANIC);
        assert!(!err.is_null());
        // SAFETY: `err` was just returned by the library.
        unsafe {
            let msg = CStr::from_ptr(bz_error_message(err)).to_str().unwrap();
            assert!(msg.contains("boom"), "{msg}");
            assert_eq!(bz_error_status(err), BZ_PANIC);
            bz_error_free(err);
        }
        assert_eq!(guard(7, || panic!("again")), 7);
    }

    #[test]
    fn status_names() {
        for (i, want) in [(0, "BZ_OK"), (6, "BZ_PANIC"), (99, "BZ_UNKNOWN")] {
            // SAFETY: static string.
            let s = unsafe { CStr::from_ptr(bz_status_name(i)) };
            assert_eq!(s.to_str().unwrap(), want);
        }
    }

    #[test]
    fn interior_nul_is_replaced() {
        assert_eq!(cstring("a\0b").to_str().unwrap(), "a\u{FFFD}b");
    }
}
