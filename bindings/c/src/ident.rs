//! 身份证号, 统一社会信用代码 and statutory retirement.

use std::ffi::{c_char, c_int};

use bz_core::ident::{check_credit_code, check_id_number};
use bz_core::retirement::retirement;
use bz_core::{Gender, RetirementGroup};

use crate::ffi::{bz_error, bz_status, guard, guard_status, utf8_arg, Fail};
use bz_status::*;

/// Gender.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum bz_gender {
    /// 男.
    BZ_GENDER_MALE = 0,
    /// 女.
    BZ_GENDER_FEMALE = 1,
}

/// Statutory retirement group (`docs/rules.md#retirement`), passed to `bz_retirement` as an `int`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum bz_retirement_group {
    /// Men: 60 → 63.
    BZ_RETIREMENT_MALE = 0,
    /// 原55周岁 women (management and professional posts): 55 → 58.
    BZ_RETIREMENT_FEMALE_55 = 1,
    /// 原50周岁 women (workers): 50 → 55.
    BZ_RETIREMENT_FEMALE_50 = 2,
}

/// A valid 身份证号 and what it encodes. Plain data: no strings to free.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bz_id_number {
    /// The 18-character form, NUL-terminated (upper-case X; legacy 15-digit numbers upgraded).
    pub normalized: [c_char; 19],
    /// The 6-digit administrative division code, NUL-terminated.
    pub region: [c_char; 7],
    /// Birth year.
    pub birth_year: i32,
    /// Birth month (1–12).
    pub birth_month: u32,
    /// Birth day (1–31).
    pub birth_day: u32,
    /// Gender from the sequence number.
    pub gender: bz_gender,
    /// Whether the input was the legacy 15-digit form.
    pub legacy: bool,
}

/// A valid 统一社会信用代码 and its parts. Plain data: no strings to free.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bz_credit_code {
    /// The code, NUL-terminated.
    pub code: [c_char; 19],
    /// Registration authority (position 1), e.g. `'1'`.
    pub authority: c_char,
    /// Category under the authority (position 2).
    pub category: c_char,
    /// What positions 1–2 mean, e.g. "机构编制-机关" (UTF-8, NUL-terminated).
    pub kind: [c_char; 96],
    /// 6-digit area code, NUL-terminated.
    pub region: [c_char; 7],
    /// Embedded 9-character organisation code, NUL-terminated.
    pub organisation_code: [c_char; 10],
}

/// A statutory retirement: age and the calendar month it falls in.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bz_retirement_info {
    /// Whole years of the retirement age.
    pub age_years: u32,
    /// Extra months of the retirement age.
    pub age_months: u32,
    /// Year of the retirement month.
    pub year: i32,
    /// Month (1–12) of the retirement month.
    pub month: u32,
}

/// Copies `s` into `buf` with a NUL, truncating at a character boundary if it is too long.
fn fill<const N: usize>(buf: &mut [c_char; N], s: &str) {
    let mut end = s.len().min(N - 1);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    for (d, b) in buf.iter_mut().zip(s.as_bytes()[..end].iter()) {
        *d = *b as c_char;
    }
    buf[end] = 0;
}

/// Checks a 身份证号 (`len` bytes of UTF-8 at `s`, surrounding spaces ignored; 18 characters
/// or the legacy 15 digits) and, when valid, writes what it encodes to `*out`. Fails with
/// `BZ_INVALID_INPUT` (the message says why: length, character, region, date, check
/// character), `BZ_INVALID_UTF8`, or `BZ_NULL_ARGUMENT`.
///
/// # Safety
/// `s` is valid for reads of `len` bytes; `out` is valid for a write; `err` is NULL or valid
/// for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_check_id_number(
    s: *const c_char,
    len: usize,
    out: *mut bz_id_number,
    err: *mut *mut bz_error,
) -> bz_status {
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            if s.is_null() {
                return Err(Fail::null("bz_check_id_number", "s"));
            }
            if out.is_null() {
                return Err(Fail::null("bz_check_id_number", "out"));
            }
            // SAFETY: `s` is non-NULL and valid for `len` bytes by contract.
            let text = utf8_arg(s, len, "bz_check_id_number: the number")?;
            let id = check_id_number(text).map_err(|e| Fail(BZ_INVALID_INPUT, e.to_string()))?;
            use chrono::Datelike;
            let mut v = bz_id_number {
                normalized: [0; 19],
                region: [0; 7],
                birth_year: id.birth_date.year(),
                birth_month: id.birth_date.month(),
                birth_day: id.birth_date.day(),
                gender: match id.gender {
                    Gender::Male => bz_gender::BZ_GENDER_MALE,
                    Gender::Female => bz_gender::BZ_GENDER_FEMALE,
                },
                legacy: id.legacy,
            };
            fill(&mut v.normalized, &id.normalized);
            fill(&mut v.region, &id.region);
            // SAFETY: `out` is non-NULL and writable by contract.
            out.write(v);
            Ok(())
        })
    }
}

/// Checks a 统一社会信用代码 (`len` bytes of UTF-8 at `s`, surrounding spaces ignored),
/// including its embedded organisation code, and when valid writes its parts to `*out`.
/// Fails with `BZ_INVALID_INPUT` (the message says why), `BZ_INVALID_UTF8`, or
/// `BZ_NULL_ARGUMENT`.
///
/// # Safety
/// `s` is valid for reads of `len` bytes; `out` is valid for a write; `err` is NULL or valid
/// for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_check_credit_code(
    s: *const c_char,
    len: usize,
    out: *mut bz_credit_code,
    err: *mut *mut bz_error,
) -> bz_status {
    // SAFETY: `err` is NULL or writable by this function's contract.
    unsafe {
        guard_status(err, || {
            if s.is_null() {
                return Err(Fail::null("bz_check_credit_code", "s"));
            }
            if out.is_null() {
                return Err(Fail::null("bz_check_credit_code", "out"));
            }
            // SAFETY: `s` is non-NULL and valid for `len` bytes by contract.
            let text = utf8_arg(s, len, "bz_check_credit_code: the code")?;
            let c = check_credit_code(text).map_err(|e| Fail(BZ_INVALID_INPUT, e.to_string()))?;
            let mut v = bz_credit_code {
                code: [0; 19],
                authority: c.authority as u8 as c_char,
                category: c.category as u8 as c_char,
                kind: [0; 96],
                region: [0; 7],
                organisation_code: [0; 10],
            };
            fill(&mut v.code, &c.code);
            fill(&mut v.kind, c.kind);
            fill(&mut v.region, &c.region);
            fill(&mut v.organisation_code, &c.organisation_code);
            // SAFETY: `out` is non-NULL and writable by contract.
            out.write(v);
            Ok(())
        })
    }
}

/// The statutory retirement of a person born in `birth_year`-`birth_month` in `group` (a
/// `bz_retirement_group` value), under the 2025 gradual-delay reform. Writes `*out` on
/// success. Fails with `BZ_OUT_OF_RANGE` for a month outside 1–12 or a year outside
/// −9999…9999, `BZ_INVALID_ARGUMENT` for an unknown group, `BZ_NULL_ARGUMENT` when `out` is
/// NULL.
///
/// # Safety
/// `out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn bz_retirement(
    birth_year: i32,
    birth_month: u32,
    group: c_int,
    out: *mut bz_retirement_info,
) -> bz_status {
    guard(BZ_PANIC, || {
        if out.is_null() {
            return BZ_NULL_ARGUMENT;
        }
        let group = match group {
            0 => RetirementGroup::Male,
            1 => RetirementGroup::Female55,
            2 => RetirementGroup::Female50,
            _ => return BZ_INVALID_ARGUMENT,
        };
        let Some(r) = retirement(birth_year, birth_month, group) else {
            return BZ_OUT_OF_RANGE;
        };
        let info = bz_retirement_info {
            age_years: r.age_years,
            age_months: r.age_months,
            year: r.year,
            month: r.month,
        };
        // SAFETY: `out` is non-NULL and writable by contract.
        unsafe { out.write(info) };
        BZ_OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_fits() {
        let mut buf = [0 as c_char; 96];
        let longest = "机构编制-中央编办直接管理机构编制的群众团体";
        assert!(longest.len() < 96);
        fill(&mut buf, longest);
        let mut small = [0 as c_char; 4];
        fill(&mut small, "机构");
        assert_eq!(small[3], 0);
        assert_eq!(small[0] as u8, "机".as_bytes()[0]);
    }
}
