//! Identifiers: 公民身份号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015), `domain.md` §6.
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

/// A valid 身份证号 and what it encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

fn valid_province(p: u32) -> bool {
    matches!(p, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

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
        _ => Err(IdNumberError::Length(t.chars().count())),
    }
}

/// What the validator needs from a valid 身份证号, without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdKey {
    /// The first 17 digits as a number: unique per person (the 18th is derived).
    pub key: u64,
    pub birth_date: NaiveDate,
    pub gender: Gender,
}

/// Allocation-free validation for the hot path; same rules as [`check_id_number_as_of`].
pub(crate) fn parse_id_key(s: &str, as_of: NaiveDate) -> Result<IdKey, IdNumberError> {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        // Rare: let the full path produce the precise error (or accept 15-digit / padded).
        let id = check_id_number_as_of(s, as_of)?;
        let nb = id.normalized.as_bytes();
        return Ok(IdKey {
            key: nb[..17]
                .iter()
                .fold(0u64, |a, d| a * 10 + u64::from(d - b'0')),
            birth_date: id.birth_date,
            gender: id.gender,
        });
    }
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
    Ok(IdKey {
        key: b[..17]
            .iter()
            .fold(0u64, |a, d| a * 10 + u64::from(d - b'0')),
        birth_date: parsed.0,
        gender: parsed.1,
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

/// A valid 统一社会信用代码 and its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

        #[test]
        fn never_panics_on_arbitrary_text(s in "\\PC{0,24}") {
            let _ = check_id_number(&s);
            let _ = check_credit_code(&s);
        }
    }
}
