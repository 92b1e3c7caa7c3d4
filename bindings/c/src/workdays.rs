//! Working days (工作日) under the State Council holiday calendar (`docs/workdays.md`).
//!
//! Every function takes an optional calendar: NULL is the shipped 2020–2026 tables, else a
//! NUL-terminated JSON document `{"years": {"2027": {"holidays": [...], "workdays": [...]}}}`
//! whose years are added to (or replace) the shipped ones. A date in a year the calendar does
//! not hold fails with `BZ_OUT_OF_RANGE`; it is never counted as a plain weekday.

use std::ffi::c_char;

use bz_core::workdays::{self, Calendar, WorkdayError};
use chrono::NaiveDate;

use crate::assess::json_in_out;
use crate::ffi::{bz_error, bz_status, cstr_arg, guard_status, Fail};
use bz_status::*;

/// Bytes needed for a date written by `bz_add_workdays`: `YYYY-MM-DD` and the NUL.
pub const BZ_DATE_BUFFER: usize = 11;

fn workday_fail(function: &str, e: WorkdayError) -> Fail {
    let status = match e {
        WorkdayError::UnknownYear { .. } => BZ_OUT_OF_RANGE,
        _ => BZ_INVALID_INPUT,
    };
    Fail(status, format!("{function}: {e}"))
}

/// # Safety
/// `ptr` is NULL or a NUL-terminated string.
unsafe fn date_req(ptr: *const c_char, function: &str, what: &str) -> Result<NaiveDate, Fail> {
    if ptr.is_null() {
        return Err(Fail::null(function, what));
    }
    // SAFETY: non-NULL and NUL-terminated by this function's contract.
    let s = unsafe { cstr_arg(ptr, &format!("{function}: {what}")) }?;
    s.trim().parse().map_err(|_| {
        Fail(
            BZ_INVALID_ARGUMENT,
            format!("{function}: {what} `{s}` is not a date (YYYY-MM-DD)"),
        )
    })
}

/// # Safety
/// `ptr` is NULL or a NUL-terminated string.
unsafe fn calendar_arg(ptr: *const c_char, function: &str) -> Result<Calendar, Fail> {
    if ptr.is_null() {
        return Ok(Calendar::official().clone());
    }
    // SAFETY: non-NULL and NUL-terminated by this function's contract.
    let s = unsafe { cstr_arg(ptr, &format!("{function}: calendar")) }?;
    let mine = Calendar::from_json(s).map_err(|e| workday_fail(function, e))?;
    Ok(Calendar::official().merged(&mine))
}

/// Whether `date` (NUL-terminated `YYYY-MM-DD`) is a working day: a 调休 weekend day is one,
/// a holiday weekday is not. Writes 1 or 0 to `*out`. `calendar` is NULL (the shipped tables)
/// or a NUL-terminated calendar JSON adding or replacing years. Fails with
/// `BZ_OUT_OF_RANGE` for a year the calendar does not hold, `BZ_INVALID_ARGUMENT` for a
/// date that is not one, `BZ_INVALID_INPUT` for an invalid calendar, `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `date` is NULL or NUL-terminated; `calendar` is NULL or NUL-terminated; `out` is valid for
/// a write; `err` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_is_workday(
    date: *const c_char,
    calendar: *const c_char,
    out: *mut bool,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_is_workday";
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            if out.is_null() {
                return Err(Fail::null(F, "out"));
            }
            // SAFETY: forwarded contract.
            let d = date_req(date, F, "date")?;
            // SAFETY: forwarded contract.
            let cal = calendar_arg(calendar, F)?;
            let w = cal.is_workday(d).map_err(|e| workday_fail(F, e))?;
            // SAFETY: `out` is non-NULL and writable by contract.
            out.write(w);
            Ok(())
        })
    }
}

/// Counts the working days d with `from < d ≤ to` (the start day excluded, the end day
/// included; negative when `to` is before `from`) and writes the count to `*out`. Arguments
/// and failures as `bz_is_workday`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `from`, `to` and `calendar` are NULL or NUL-terminated; `out` is valid for a write; `err`
/// is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_workdays_between(
    from: *const c_char,
    to: *const c_char,
    calendar: *const c_char,
    out: *mut i64,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_workdays_between";
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            if out.is_null() {
                return Err(Fail::null(F, "out"));
            }
            // SAFETY: forwarded contract.
            let (a, b) = (date_req(from, F, "from")?, date_req(to, F, "to")?);
            // SAFETY: forwarded contract.
            let cal = calendar_arg(calendar, F)?;
            let n = cal.workdays_between(a, b).map_err(|e| workday_fail(F, e))?;
            // SAFETY: `out` is non-NULL and writable by contract.
            out.write(n);
            Ok(())
        })
    }
}

/// The `n`-th working day after `from` (before it when `n < 0`; `from` itself when 0),
/// written as `YYYY-MM-DD` and a NUL into `out_date`, a caller buffer of at least
/// `BZ_DATE_BUFFER` (11) bytes. Arguments and failures as `bz_is_workday`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `from` and `calendar` are NULL or NUL-terminated; `out_date` is NULL or valid for writes
/// of `BZ_DATE_BUFFER` bytes; `err` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_add_workdays(
    from: *const c_char,
    n: i64,
    calendar: *const c_char,
    out_date: *mut c_char,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_add_workdays";
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            if out_date.is_null() {
                return Err(Fail::null(F, "out_date"));
            }
            // SAFETY: forwarded contract.
            let a = date_req(from, F, "from")?;
            // SAFETY: forwarded contract.
            let cal = calendar_arg(calendar, F)?;
            let d = cal.add_workdays(a, n).map_err(|e| workday_fail(F, e))?;
            let text = d.format("%Y-%m-%d").to_string();
            let bytes = text.as_bytes();
            if bytes.len() + 1 > BZ_DATE_BUFFER {
                return Err(Fail(BZ_OUT_OF_RANGE, format!("{F}: date {text} too long")));
            }
            // SAFETY: `out_date` is non-NULL and valid for BZ_DATE_BUFFER bytes by contract;
            // bytes.len() + 1 ≤ BZ_DATE_BUFFER was checked.
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), out_date.cast::<u8>(), bytes.len());
            // SAFETY: as above, the NUL fits.
            out_date.add(bytes.len()).write(0);
            Ok(())
        })
    }
}

/// The JSON form (the `tests/cases/workdays/` documents): `input` is `len` bytes of UTF-8
/// JSON `{"calendar"?: {...}, "from": DATE, "add"?: N, "to"?: DATE, "dates"?: [DATE...]}`;
/// writes `{"from", "add", "date", "to", "workdays", "is_workday": {DATE: bool}}` (the parts
/// asked for) as a new JSON string to `*out_json` (free it with `bz_string_free`) and its
/// length to `*out_len` when not NULL. Fails with `BZ_OUT_OF_RANGE` for a year the calendar
/// does not hold, `BZ_INVALID_INPUT` for unreadable input or an invalid calendar,
/// `BZ_INVALID_UTF8` or `BZ_NULL_ARGUMENT`.
///
/// Thread safety: may be called from any number of threads at once.
///
/// # Safety
/// `input` is valid for reads of `len` bytes; `out_json` is valid for a write; `out_len` and
/// `err` are NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_workdays_json(
    input: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut bz_error,
) -> bz_status {
    const F: &str = "bz_workdays_json";
    // SAFETY: forwarded contract of this function.
    unsafe {
        json_in_out(F, input, len, out_json, out_len, err, |text| {
            let v = workdays::workdays_json(text).map_err(|e| workday_fail(F, e))?;
            Ok(v.to_string())
        })
    }
}
