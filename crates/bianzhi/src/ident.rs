//! Identifiers: 公民身份号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015), `docs/rules.md#identifiers`.
//!
//! Lower-case `x` in a 身份证号 is **normalised** to `X` (spreadsheets and hand entry produce
//! it; the number is the same number). The normalised 18-character form is returned in
//! [`IdNumber::normalized`]; legacy 15-digit numbers are upgraded to it.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::Gender;

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Why a 身份证号 is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdNumberError {
    /// Not 15 or 18 characters.
    #[error("身份证号 must have 18 characters (or 15 for the legacy form), found {0}")]
    Length(usize),
    /// A character other than a digit (or a final `X`).
    #[error("身份证号 has an invalid character `{ch}` at position {pos}")]
    Character {
        /// 1-based position.
        pos: usize,
        /// The character.
        ch: char,
    },
    /// The first two digits are no province code.
    #[error("身份证号 region code {0} names no province")]
    Region(String),
    /// The birth date part is not a calendar date.
    #[error("身份证号 birth date {0} is not a valid date")]
    Date(String),
    /// The birth date is after the evaluation date.
    #[error("身份证号 birth date {0} is in the future")]
    FutureDate(NaiveDate),
    /// The check character does not match.
    #[error("身份证号 check character is {found}, expected {expected}")]
    CheckCharacter {
        /// The computed check character.
        expected: char,
        /// The one given.
        found: char,
    },
}

impl IdNumberError {
    /// The reason in Chinese, for the Chinese messages of a report (`Display` gives the
    /// English text).
    ///
    /// ```
    /// use bianzhi::ident::check_id_number;
    /// let e = check_id_number("11010519491231002Y").unwrap_err();
    /// assert_eq!(e.zh(), "第18位字符“Y”无效");
    /// let e = check_id_number("110105194912310020").unwrap_err();
    /// assert_eq!(e.zh(), "校验码为0，应为X");
    /// ```
    pub fn zh(&self) -> String {
        match self {
            IdNumberError::Length(n) => format!("应为18位（旧版15位），实为{n}位"),
            IdNumberError::Character { pos, ch } if full_width(*ch) => {
                format!("第{pos}位字符“{ch}”为全角字符，应为半角数字或X")
            }
            IdNumberError::Character { pos, ch } => format!("第{pos}位字符“{ch}”无效"),
            IdNumberError::Region(r) => format!("地区码{r}不对应任何省级行政区"),
            IdNumberError::Date(d) => format!("出生日期{d}不是有效日期"),
            IdNumberError::FutureDate(d) => format!("出生日期{d}晚于评估日期"),
            IdNumberError::CheckCharacter { expected, found } => {
                format!("校验码为{found}，应为{expected}")
            }
        }
    }
}

/// A valid 身份证号 and what it encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct IdNumber {
    /// The 18-character form (upper-case `X`; legacy numbers upgraded).
    pub normalized: String,
    /// The 6-digit administrative division code.
    pub region: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Gender from the parity of the sequence number.
    pub gender: Gender,
    /// Whether the input was the legacy 15-digit form.
    pub legacy: bool,
}

/// The check character for the first 17 digits of a 身份证号 (ISO 7064 MOD 11-2).
///
/// Returns `None` if `body` is not exactly 17 ASCII digits.
///
/// ```
/// assert_eq!(bianzhi::ident::id_check_char("11010519491231002"), Some('X'));
/// assert_eq!(bianzhi::ident::id_check_char("36042619910101007"), Some('1'));
/// ```
pub fn id_check_char(body: &str) -> Option<char> {
    let b = body.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(check_char_of(b) as char)
}

fn check_char_of(body: &[u8]) -> u8 {
    let s: u32 = body
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    ID_CHECK[(s % 11) as usize]
}

const fn valid_province(p: u32) -> bool {
    matches!(p, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// [`valid_province`] as a bit set over 0..100, for the hot path.
const PROVINCES: u128 = {
    let mut m = 0u128;
    let mut p = 0;
    while p < 100 {
        if valid_province(p) {
            m |= 1 << p;
        }
        p += 1;
    }
    m
};

fn digits_value(b: &[u8]) -> u32 {
    b.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
}

/// Validates a 身份证号 (format, region, birth date, check character).
///
/// Dates after today are not rejected here (this function has no clock); use
/// [`check_id_number_as_of`] for that.
///
/// ```
/// use bianzhi::ident::check_id_number;
/// let id = check_id_number("11010519491231002X").unwrap();
/// assert_eq!(id.birth_date.to_string(), "1949-12-31");
/// assert_eq!(id.gender, bianzhi::Gender::Female);
/// // legacy 15-digit form is upgraded
/// let old = check_id_number("110105491231002").unwrap();
/// assert_eq!(old.normalized, "11010519491231002X");
/// assert!(check_id_number("110105194912310021").is_err());
/// ```
pub fn check_id_number(s: &str) -> Result<IdNumber, IdNumberError> {
    let t = s.trim();
    let b = t.as_bytes();
    match b.len() {
        18 => {
            let mut n = [0u8; 18];
            n.copy_from_slice(b);
            if n[17] == b'x' {
                n[17] = b'X';
            }
            for (i, c) in n[..17].iter().enumerate() {
                if !c.is_ascii_digit() {
                    return Err(bad_char(t, i));
                }
            }
            if !(n[17].is_ascii_digit() || n[17] == b'X') {
                return Err(bad_char(t, 17));
            }
            let parsed = parse_body(&n[..17], &n[6..14])?;
            let expected = check_char_of(&n[..17]);
            if expected != n[17] {
                return Err(IdNumberError::CheckCharacter {
                    expected: expected as char,
                    found: n[17] as char,
                });
            }
            Ok(id_from(&n, parsed.0, parsed.1, false))
        }
        15 => {
            for (i, c) in b.iter().enumerate() {
                if !c.is_ascii_digit() {
                    return Err(bad_char(t, i));
                }
            }
            let mut n = [0u8; 18];
            n[..6].copy_from_slice(&b[..6]);
            n[6] = b'1';
            n[7] = b'9';
            n[8..17].copy_from_slice(&b[6..15]);
            let parsed = parse_body(&n[..17], &n[6..14])?;
            n[17] = check_char_of(&n[..17]);
            Ok(id_from(&n, parsed.0, parsed.1, true))
        }
        // Full-width digits (１１０１…) are 3 bytes each: 18 characters, but not 18 digits.
        // The first such character is the real problem, not the length.
        _ if matches!(t.chars().count(), 15 | 18) => {
            let at = t.bytes().position(|c| !c.is_ascii()).unwrap_or(0);
            Err(bad_char(t, at))
        }
        _ => Err(IdNumberError::Length(t.chars().count())),
    }
}

/// Whether a character is a full-width form of an ASCII one (`１`, `Ｘ`): a common input
/// slip that the messages name.
fn full_width(ch: char) -> bool {
    ('\u{FF01}'..='\u{FF5E}').contains(&ch)
}

/// What the validator needs from a valid 身份证号, without allocating.
///
/// The birth date is kept as numbers: building a `NaiveDate` per record costs more than
/// the rest of the check, and the validator needs one only for the rare message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdKey {
    /// The first 17 digits as a number: unique per person (the 18th is derived).
    pub key: u64,
    /// Birth year, month (1–12) and day: a valid calendar date.
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub gender: Gender,
}

impl IdKey {
    /// The fields of a key (`key` = the first 17 digits: the birth date is digits 7–14,
    /// the gender the parity of the 17th).
    #[inline]
    pub fn from_key(key: u64) -> IdKey {
        let ymd = (key / 1000 % 100_000_000) as u32;
        IdKey {
            key,
            year: (ymd / 10_000) as i32,
            month: ymd / 100 % 100,
            day: ymd % 100,
            gender: if key % 2 == 1 {
                Gender::Male
            } else {
                Gender::Female
            },
        }
    }

    #[inline]
    fn ymd(&self) -> (i32, u32, u32) {
        (self.year, self.month, self.day)
    }

    /// The birth date.
    pub fn birth_date(&self) -> NaiveDate {
        // Checked by `parse_id_key`, so the fallback is never taken.
        NaiveDate::from_ymd_opt(self.year, self.month, self.day).unwrap_or_default()
    }

    /// Whether `d` is the birth date.
    #[inline]
    pub fn born_on(&self, d: NaiveDate) -> bool {
        d.year() == self.year && d.month() == self.month && d.day() == self.day
    }
}

/// The evaluation date as numbers, for [`parse_id_key`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct AsOf {
    date: NaiveDate,
    ymd: (i32, u32, u32),
}

impl AsOf {
    pub fn new(date: NaiveDate) -> AsOf {
        AsOf {
            date,
            ymd: (date.year(), date.month(), date.day()),
        }
    }
}

/// Whether the 16 bytes are all ASCII digits (SWAR: a byte `t = c ^ b'0'` is a digit iff
/// `t < 10`; adding 0x76 sets its high bit otherwise, and a set high bit in `t` is caught
/// by the `|`; no carry crosses a byte unless that byte is already flagged).
#[inline]
fn all_digits_16(b: &[u8; 16]) -> bool {
    let x = u128::from_le_bytes(*b) ^ 0x3030_3030_3030_3030_3030_3030_3030_3030;
    let t = x.wrapping_add(0x7676_7676_7676_7676_7676_7676_7676_7676);
    (t | x) & 0x8080_8080_8080_8080_8080_8080_8080_8080 == 0
}

/// The value of 8 ASCII digits read little-endian (first digit in the lowest byte), in three
/// multiplications instead of eight dependent steps.
#[inline]
fn swar8(chunk: u64) -> u64 {
    let v = chunk.wrapping_sub(0x3030_3030_3030_3030);
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    ((v & 0x0000_00FF_0000_00FF)
        .wrapping_mul(100 + (1_000_000 << 32))
        .wrapping_add(((v >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32))))
        >> 32
}

/// [`ID_WEIGHTS`] 0–7 and 8–15 as the lane multipliers of [`weighted8`].
const WEIGHTS_FIRST: [u64; 2] = lane_weights(0);
const WEIGHTS_SECOND: [u64; 2] = lane_weights(8);

/// Multipliers that put `Σ digit·weight` of the even (then odd) digits of an 8-digit chunk
/// into the top 16-bit lane of a product: lane `k` of the product is `Σ_{i+j=k} e_i c_j`,
/// so the weights go in reverse lane order.
const fn lane_weights(from: usize) -> [u64; 2] {
    let w = &ID_WEIGHTS;
    let f = from;
    [
        w[f + 6] as u64 | (w[f + 4] as u64) << 16 | (w[f + 2] as u64) << 32 | (w[f] as u64) << 48,
        w[f + 7] as u64
            | (w[f + 5] as u64) << 16
            | (w[f + 3] as u64) << 32
            | (w[f + 1] as u64) << 48,
    ]
}

/// `Σ digit·weight` of 8 ASCII digits (little-endian chunk). Digits are spread into 16-bit
/// lanes (even and odd positions); every lane sum is at most 4·9·10 = 360, so no lane carries
/// into the next and the top lane holds the dot product.
#[inline]
fn weighted8(chunk: u64, w: &[u64; 2]) -> u32 {
    let v = chunk.wrapping_sub(0x3030_3030_3030_3030);
    let even = v & 0x00FF_00FF_00FF_00FF;
    let odd = (v >> 8) & 0x00FF_00FF_00FF_00FF;
    ((even.wrapping_mul(w[0]) >> 48) + (odd.wrapping_mul(w[1]) >> 48)) as u32
}

#[inline]
fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Allocation-free validation for the hot path; same rules and errors as
/// [`check_id_number_as_of`]. The common case (18 characters, all valid) is checked with
/// integer arithmetic only; anything else goes through the general path, which gives the
/// precise error.
#[inline]
pub(crate) fn parse_id_key(s: &str, as_of: &AsOf) -> Result<IdKey, IdNumberError> {
    match fast_key(s) {
        Some(key) if key.ymd() <= as_of.ymd => Ok(key),
        _ => parse_id_key_general(s, as_of.date),
    }
}

/// The key of a 身份证号 in the common form (18 digits, or 17 and `X`) that passes every
/// check but the one against the evaluation date; `None` for any other text, which
/// [`parse_id_key_general`] reports precisely.
#[inline]
fn fast_key(s: &str) -> Option<IdKey> {
    let n = <&[u8; 18]>::try_from(s.as_bytes()).ok()?;
    let head: &[u8; 16] = n[..16].try_into().unwrap_or(&[0; 16]);
    if !(all_digits_16(head) && n[16].is_ascii_digit()) {
        return None;
    }
    let d = |i: usize| u32::from(n[i] - b'0');
    // Key and weighted sum by SWAR over two 8-digit halves: a handful of
    // multiplications instead of a 17-step dependent chain.
    let first = u64::from_le_bytes(head[..8].try_into().unwrap_or([b'0'; 8]));
    let second = u64::from_le_bytes(head[8..].try_into().unwrap_or([b'0'; 8]));
    let key = (swar8(first) * 100_000_000 + swar8(second)) * 10 + u64::from(d(16));
    let sum = weighted8(first, &WEIGHTS_FIRST)
        + weighted8(second, &WEIGHTS_SECOND)
        + d(16) * ID_WEIGHTS[16];
    let expected = ID_CHECK[(sum % 11) as usize];
    let last = if n[17] == b'x' { b'X' } else { n[17] };
    let k = IdKey::from_key(key);
    let ok = PROVINCES >> (d(0) * 10 + d(1)) & 1 == 1
        && k.year >= 1850
        && (1..=12).contains(&k.month)
        && k.day >= 1
        && k.day <= days_in_month(k.year, k.month)
        && expected == last;
    ok.then_some(k)
}

/// The value of [`id_key_column`] for a person without a key.
pub(crate) const NO_KEY: u64 = u64::MAX;

/// What the staff table keeps of a 身份证号 beside its text: the 17-digit key when the
/// number is in the common form and valid on any evaluation date after the birth,
/// [`NO_KEY`] otherwise. Parsed once when a roster is loaded, so that each validation
/// reads a number rather than parsing the text again.
#[inline]
pub(crate) fn id_key_column(s: Option<&str>) -> u64 {
    s.and_then(fast_key).map_or(NO_KEY, |k| k.key)
}

/// [`parse_id_key`] of a person's 身份证号 (`text`, read only when needed), given its
/// [`id_key_column`] value `key`: the same result, with no parse of the text in the common
/// case. `None` when there is no number.
#[inline]
pub(crate) fn parse_kept_key<'t>(
    key: u64,
    text: impl FnOnce() -> Option<&'t str>,
    as_of: &AsOf,
) -> Option<Result<IdKey, IdNumberError>> {
    if key != NO_KEY {
        let k = IdKey::from_key(key);
        if k.ymd() <= as_of.ymd {
            return Some(Ok(k));
        }
    }
    text().map(|t| parse_id_key(t, as_of))
}

/// The general path of [`parse_id_key`]: precise errors, 15-digit and padded forms.
#[cold]
fn parse_id_key_general(s: &str, as_of: NaiveDate) -> Result<IdKey, IdNumberError> {
    let b = s.as_bytes();
    let (key, birth, gender) = if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        let id = check_id_number_as_of(s, as_of)?;
        let nb = id.normalized.as_bytes();
        (
            nb[..17]
                .iter()
                .fold(0u64, |a, d| a * 10 + u64::from(d - b'0')),
            id.birth_date,
            id.gender,
        )
    } else {
        let last = if b[17] == b'x' { b'X' } else { b[17] };
        if !(last.is_ascii_digit() || last == b'X') {
            return Err(bad_char(s, 17));
        }
        let parsed = parse_body(&b[..17], &b[6..14])?;
        let expected = check_char_of(&b[..17]);
        if expected != last {
            return Err(IdNumberError::CheckCharacter {
                expected: expected as char,
                found: last as char,
            });
        }
        if parsed.0 > as_of {
            return Err(IdNumberError::FutureDate(parsed.0));
        }
        (
            b[..17]
                .iter()
                .fold(0u64, |a, d| a * 10 + u64::from(d - b'0')),
            parsed.0,
            parsed.1,
        )
    };
    Ok(IdKey {
        key,
        year: birth.year(),
        month: birth.month(),
        day: birth.day(),
        gender,
    })
}

/// [`check_id_number`] plus: the birth date must not be after `as_of`.
///
/// ```
/// use bianzhi::ident::{check_id_number_as_of, IdNumberError};
/// let d = chrono::NaiveDate::from_ymd_opt(1949, 12, 30).unwrap();
/// assert!(matches!(check_id_number_as_of("11010519491231002X", d), Err(IdNumberError::FutureDate(_))));
/// ```
pub fn check_id_number_as_of(s: &str, as_of: NaiveDate) -> Result<IdNumber, IdNumberError> {
    let id = check_id_number(s)?;
    if id.birth_date > as_of {
        return Err(IdNumberError::FutureDate(id.birth_date));
    }
    Ok(id)
}

fn bad_char(t: &str, byte_pos: usize) -> IdNumberError {
    let (pos, ch) = t
        .char_indices()
        .enumerate()
        .find(|(_, (bi, c))| *bi <= byte_pos && byte_pos < bi + c.len_utf8())
        .map(|(i, (_, c))| (i + 1, c))
        .unwrap_or((byte_pos + 1, '?'));
    IdNumberError::Character { pos, ch }
}

/// Region and date checks of the 17-digit body; returns birth date and gender.
fn parse_body(body: &[u8], date: &[u8]) -> Result<(NaiveDate, Gender), IdNumberError> {
    let province = digits_value(&body[..2]);
    if !valid_province(province) {
        return Err(IdNumberError::Region(
            String::from_utf8_lossy(&body[..6]).into_owned(),
        ));
    }
    let y = digits_value(&date[..4]) as i32;
    let m = digits_value(&date[4..6]);
    let d = digits_value(&date[6..8]);
    let birth = NaiveDate::from_ymd_opt(y, m, d)
        .filter(|_| y >= 1850)
        .ok_or_else(|| IdNumberError::Date(String::from_utf8_lossy(date).into_owned()))?;
    let gender = if (body[16] - b'0') % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    };
    Ok((birth, gender))
}

fn id_from(n: &[u8; 18], birth_date: NaiveDate, gender: Gender, legacy: bool) -> IdNumber {
    IdNumber {
        normalized: String::from_utf8_lossy(n).into_owned(),
        region: String::from_utf8_lossy(&n[..6]).into_owned(),
        birth_date,
        gender,
        legacy,
    }
}

/// The USCC alphabet: value = position (no I, O, Z, S, V).
const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn uscc_value(c: u8) -> Option<u32> {
    USCC_ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Why a 统一社会信用代码 is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CreditCodeError {
    /// Not 18 characters.
    #[error("统一社会信用代码 must have 18 characters, found {0}")]
    Length(usize),
    /// A character outside the code's alphabet (I, O, Z, S, V and lower case are not used).
    #[error("统一社会信用代码 has an invalid character `{ch}` at position {pos}")]
    Character {
        /// 1-based position.
        pos: usize,
        /// The character.
        ch: char,
    },
    /// Position 1 or 2 names no registration authority / category.
    #[error("统一社会信用代码 registration authority/category `{0}` is not defined")]
    Authority(String),
    /// Positions 3–8 are not digits.
    #[error("统一社会信用代码 area code {0} is not six digits")]
    Area(String),
    /// The embedded organisation code (positions 9–17) fails its own check.
    #[error("统一社会信用代码 embedded organisation code {code} has check character {found}, expected {expected}")]
    OrganisationCheck {
        /// The 9-character organisation code.
        code: String,
        /// The computed check character.
        expected: char,
        /// The one given.
        found: char,
    },
    /// The final check character does not match.
    #[error("统一社会信用代码 check character is {found}, expected {expected}")]
    CheckCharacter {
        /// The computed check character.
        expected: char,
        /// The one given.
        found: char,
    },
}

impl CreditCodeError {
    /// The reason in Chinese, for the Chinese messages of a report (`Display` gives the
    /// English text).
    ///
    /// ```
    /// use bianzhi::ident::check_credit_code;
    /// let e = check_credit_code("11110105000012343").unwrap_err();
    /// assert_eq!(e.zh(), "应为18位，实为17位");
    /// ```
    pub fn zh(&self) -> String {
        match self {
            CreditCodeError::Length(n) => format!("应为18位，实为{n}位"),
            CreditCodeError::Character { pos, ch } => format!("第{pos}位字符“{ch}”无效"),
            CreditCodeError::Authority(a) => format!("登记管理部门码和机构类别码“{a}”未定义"),
            CreditCodeError::Area(a) => format!("登记管理机关行政区划码{a}不是6位数字"),
            CreditCodeError::OrganisationCheck {
                code,
                expected,
                found,
            } => format!("其中组织机构代码{code}的校验码为{found}，应为{expected}"),
            CreditCodeError::CheckCharacter { expected, found } => {
                format!("校验码为{found}，应为{expected}")
            }
        }
    }
}

/// A valid 统一社会信用代码 and its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CreditCode {
    /// The code.
    pub code: String,
    /// Registration authority (position 1), e.g. `1`.
    pub authority: char,
    /// Category under the authority (position 2).
    pub category: char,
    /// What positions 1–2 mean, e.g. 机构编制-机关.
    pub kind: &'static str,
    /// 6-digit area code (positions 3–8).
    pub region: String,
    /// Embedded organisation code (positions 9–17).
    pub organisation_code: String,
}

fn authority_kind(a: u8, c: u8) -> Option<&'static str> {
    Some(match (a, c) {
        (b'1', b'1') => "机构编制-机关",
        (b'1', b'2') => "机构编制-事业单位",
        (b'1', b'3') => "机构编制-中央编办直接管理机构编制的群众团体",
        (b'1', b'9') => "机构编制-其他",
        (b'5', b'1') => "民政-社会团体",
        (b'5', b'2') => "民政-民办非企业单位",
        (b'5', b'3') => "民政-基金会",
        (b'5', b'9') => "民政-其他",
        (b'9', b'1') => "工商-企业",
        (b'9', b'2') => "工商-个体工商户",
        (b'9', b'3') => "工商-农民专业合作社",
        (b'2' | b'3' | b'4' | b'6' | b'7' | b'8' | b'A' | b'N', b'1' | b'2' | b'3' | b'9') => {
            "其他登记管理部门"
        }
        (b'Y', b'1') => "其他",
        _ => return None,
    })
}

/// The check character of an organisation code's first 8 characters (GB 11714).
///
/// ```
/// assert_eq!(bianzhi::ident::org_code_check_char("60003734"), Some('1'));
/// ```
pub fn org_code_check_char(body: &str) -> Option<char> {
    let b = body.as_bytes();
    if b.len() != 8 {
        return None;
    }
    let mut s = 0u32;
    for (c, w) in b.iter().zip(ORG_WEIGHTS) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return None,
        };
        s += v * w;
    }
    Some(match 11 - (s % 11) {
        10 => 'X',
        11 => '0',
        v => char::from(b'0' + v as u8),
    })
}

/// The check character for the first 17 characters of a 统一社会信用代码.
///
/// ```
/// assert_eq!(bianzhi::ident::credit_code_check_char("91110000600037341"), Some('L'));
/// ```
pub fn credit_code_check_char(body: &str) -> Option<char> {
    let b = body.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut s = 0u32;
    for (c, w) in b.iter().zip(USCC_WEIGHTS) {
        s += uscc_value(*c)? * w;
    }
    Some(USCC_ALPHABET[((31 - s % 31) % 31) as usize] as char)
}

/// Validates a 统一社会信用代码, including its embedded organisation code.
///
/// ```
/// use bianzhi::ident::check_credit_code;
/// let c = check_credit_code("91110000600037341L").unwrap();
/// assert_eq!(c.kind, "工商-企业");
/// assert_eq!(c.organisation_code, "600037341");
/// assert!(check_credit_code("91110000600037341M").is_err());
/// ```
pub fn check_credit_code(s: &str) -> Result<CreditCode, CreditCodeError> {
    let t = s.trim();
    let b = t.as_bytes();
    if b.len() != 18 {
        return Err(CreditCodeError::Length(t.chars().count()));
    }
    for (i, c) in b.iter().enumerate() {
        if uscc_value(*c).is_none() {
            return Err(match t.chars().nth(i) {
                Some(ch) if t.is_char_boundary(i) => CreditCodeError::Character { pos: i + 1, ch },
                _ => CreditCodeError::Character {
                    pos: i + 1,
                    ch: '?',
                },
            });
        }
    }
    let kind =
        authority_kind(b[0], b[1]).ok_or_else(|| CreditCodeError::Authority(t[..2].into()))?;
    if !b[2..8].iter().all(u8::is_ascii_digit) {
        return Err(CreditCodeError::Area(t[2..8].into()));
    }
    let org = &t[8..17];
    let org_expected = org_code_check_char(&org[..8]).unwrap_or('?');
    let org_found = org.as_bytes()[8] as char;
    if org_expected != org_found {
        return Err(CreditCodeError::OrganisationCheck {
            code: org.into(),
            expected: org_expected,
            found: org_found,
        });
    }
    let expected = credit_code_check_char(&t[..17]).unwrap_or('?');
    if expected != b[17] as char {
        return Err(CreditCodeError::CheckCharacter {
            expected,
            found: b[17] as char,
        });
    }
    Ok(CreditCode {
        code: t.into(),
        authority: b[0] as char,
        category: b[1] as char,
        kind,
        region: t[2..8].into(),
        organisation_code: org.into(),
    })
}

/// Builds a valid 身份证号 from its parts (for fixtures and generators).
///
/// `seq` is the 3-digit sequence; its parity must match the intended gender (odd = male).
/// Returns `None` when the region is not 6 digits or `seq > 999`.
///
/// ```
/// use chrono::NaiveDate;
/// let id = bianzhi::ident::make_id_number("110105", NaiveDate::from_ymd_opt(1949, 12, 31).unwrap(), 2).unwrap();
/// assert_eq!(id, "11010519491231002X");
/// ```
pub fn make_id_number(region: &str, birth: NaiveDate, seq: u16) -> Option<String> {
    if region.len() != 6 || !region.bytes().all(|c| c.is_ascii_digit()) || seq > 999 {
        return None;
    }
    let y = birth.year();
    if !(0..=9999).contains(&y) {
        return None;
    }
    let body = format!(
        "{region}{y:04}{:02}{:02}{seq:03}",
        birth.month(),
        birth.day()
    );
    let c = id_check_char(&body)?;
    Some(format!("{body}{c}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fast path of `parse_id_key` agrees with the general path (the former
    /// implementation) on every input, and accepted numbers with the public check.
    fn agrees(s: &str, as_of: NaiveDate) {
        let fast = parse_id_key(s, &AsOf::new(as_of));
        assert_eq!(fast, parse_id_key_general(s, as_of), "{s}");
        let slow = check_id_number_as_of(s, as_of);
        match (fast, slow) {
            (Ok(k), Ok(id)) => {
                let key = id.normalized.as_bytes()[..17]
                    .iter()
                    .fold(0u64, |a, d| a * 10 + u64::from(d - b'0'));
                assert_eq!(k.key, key, "{s}");
                assert_eq!(k.birth_date(), id.birth_date, "{s}");
                assert!(k.born_on(id.birth_date), "{s}");
                assert_eq!(k.gender, id.gender, "{s}");
            }
            (Ok(k), Err(e)) => panic!("{s}: accepted as {k:?}, public check says {e}"),
            (Err(_), _) => {}
        }
    }

    #[test]
    fn id_key_fast_path_edges() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        for s in [
            "11010519491231002X",
            "11010519491231002x",
            "110105194912310021",
            "360426199101010071",
            "110105202611300018",
            "110105202612010018",
            "110105200002290018",
            "110105190002290018",
            "110105184912310018",
            "990105194912310018",
            "110105194913310018",
            "110105194900310018",
            "110105194904310018",
            "11010519491231002Y",
            "1101051949123100 X",
            " 11010519491231002X",
            "110105491231002",
            "11010519491231002X ",
            "11010519491231002",
            "１1010519491231002X",
            "",
        ] {
            agrees(s, as_of);
        }
    }

    proptest! {
        #[test]
        fn id_key_fast_path_agrees(
            body in "[0-9]{17}",
            last in "[0-9Xx ]",
            y in 1840i32..2030, m in 0u32..14, d in 0u32..33,
            region in prop::sample::select(vec!["11", "12", "36", "65", "71", "83", "99", "00", "20"]),
            as_of_days in 0i32..40_000,
        ) {
            let as_of = NaiveDate::from_ymd_opt(1930, 1, 1).unwrap()
                + chrono::Duration::days(i64::from(as_of_days));
            let s = format!("{body}{last}");
            agrees(&s, as_of);
            let dated = format!("{region}{}{y:04}{m:02}{d:02}{}", &body[2..6], &body[14..]);
            agrees(&format!("{dated}{last}"), as_of);
            if let Some(c) = id_check_char(&dated) {
                agrees(&format!("{dated}{c}"), as_of);
            }
        }
    }

    #[test]
    fn published_vectors() {
        let a = check_id_number("11010519491231002X").unwrap();
        assert_eq!(a.region, "110105");
        assert_eq!(a.gender, Gender::Female);
        let b = check_id_number("360426199101010071").unwrap();
        assert_eq!(b.birth_date, NaiveDate::from_ymd_opt(1991, 1, 1).unwrap());
        assert_eq!(b.gender, Gender::Male);
        assert!(check_credit_code("91110000600037341L").is_ok());
    }

    #[test]
    fn lower_case_x_is_normalised() {
        let a = check_id_number("11010519491231002x").unwrap();
        assert_eq!(a.normalized, "11010519491231002X");
    }

    #[test]
    fn rejections_name_the_problem() {
        assert_eq!(check_id_number("1234"), Err(IdNumberError::Length(4)));
        assert_eq!(
            check_id_number("11010519490231002X").unwrap_err(),
            IdNumberError::Date("19490231".into())
        );
        assert_eq!(
            check_id_number("99010519491231002X").unwrap_err(),
            IdNumberError::Region("990105".into())
        );
        assert_eq!(
            check_id_number("1101051949123100A2").unwrap_err(),
            IdNumberError::Character { pos: 17, ch: 'A' }
        );
        assert_eq!(
            check_id_number("110105194912310021").unwrap_err(),
            IdNumberError::CheckCharacter {
                expected: 'X',
                found: '1'
            }
        );
        assert!(matches!(
            check_credit_code("91110000600037342L"),
            Err(CreditCodeError::OrganisationCheck { .. })
        ));
        assert!(matches!(
            check_credit_code("9111000060003734IL"),
            Err(CreditCodeError::Character { pos: 17, ch: 'I' })
        ));
        assert!(matches!(
            check_credit_code("Z1110000600037341L"),
            Err(CreditCodeError::Character { pos: 1, .. })
        ));
    }

    #[test]
    fn multibyte_input_does_not_panic() {
        assert!(check_id_number("一二三四五六七八九十一二三四五六七八").is_err());
        assert!(check_id_number("11010519491231002é").is_err());
        assert!(check_credit_code("91110000600037341é").is_err());
        assert!(check_credit_code("一二三四五六").is_err());
    }

    fn valid_id() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec!["110105", "440305", "360426", "510107", "650102"]),
            (1900i32..2020, 1u32..=12, 1u32..=28),
            0u16..1000,
        )
            .prop_map(|(r, (y, m, d), s)| {
                make_id_number(r, NaiveDate::from_ymd_opt(y, m, d).unwrap(), s).unwrap()
            })
    }

    proptest! {
        #[test]
        fn computed_check_character_validates(id in valid_id()) {
            prop_assert!(check_id_number(&id).is_ok());
        }

        #[test]
        fn any_single_character_change_is_detected(id in valid_id(), pos in 0usize..18, digit in 0u8..11) {
            let mut b = id.clone().into_bytes();
            let new = if digit == 10 { b'X' } else { b'0' + digit };
            prop_assume!(b[pos] != new);
            b[pos] = new;
            let changed = String::from_utf8(b).unwrap();
            prop_assert!(check_id_number(&changed).is_err(), "{} accepted", changed);
        }

        #[test]
        fn credit_code_check_character_validates(org in "[0-9A-HJ-NP-RTUWXY]{8}", area in "[0-9]{6}", cat in prop::sample::select(vec!["11", "12", "91", "52"])) {
            let oc = org_code_check_char(&org).unwrap();
            let body = format!("{cat}{area}{org}{oc}");
            let c = credit_code_check_char(&body).unwrap();
            let full = format!("{body}{c}");
            prop_assert!(check_credit_code(&full).is_ok());
        }

        // The key kept in the staff table gives, on every evaluation date, what parsing the
        // text then gives: the same key, or the same error (a future birth included).
        #[test]
        fn kept_key_parses_as_the_text(
            id in prop_oneof![
                valid_id(),
                valid_id().prop_map(|s| s.to_lowercase()),
                valid_id().prop_map(|s| format!(" {s}")),
                "[0-9Xx]{15,19}",
                "\\PC{0,20}",
            ],
            (y, m, d) in (1890i32..2030, 1u32..=12, 1u32..=28),
        ) {
            let as_of = AsOf::new(NaiveDate::from_ymd_opt(y, m, d).unwrap());
            let kept = parse_kept_key(id_key_column(Some(&id)), || Some(&id), &as_of);
            prop_assert_eq!(kept, Some(parse_id_key(&id, &as_of)));
            prop_assert_eq!(parse_kept_key(id_key_column(None), || None, &as_of), None);
        }

        #[test]
        fn never_panics_on_arbitrary_text(s in "\\PC{0,24}") {
            let _ = check_id_number(&s);
            let _ = check_credit_code(&s);
        }
    }
}
