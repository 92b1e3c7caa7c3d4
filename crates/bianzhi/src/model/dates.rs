//! Dates as the data must write them: `YYYY-MM-DD` with a year of at least four digits
//! (chrono alone reads `90-01-01` as the year 90). Years beyond 9999 or before 0 carry a
//! sign, as chrono writes them (`+10000-01-01`, `-0001-01-01`), so written data reads back.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// A date written `YYYY-MM-DD` exactly (four-digit year, no sign): the form nearly every
/// date of a roster has, read without the general parser. `None` for any other text and
/// for a day that is not in the calendar.
///
/// ```
/// use bianzhi::{iso_date, NaiveDate};
/// assert_eq!(iso_date("1990-02-28"), NaiveDate::from_ymd_opt(1990, 2, 28));
/// assert_eq!(iso_date("1990-02-30"), None);
/// assert_eq!(iso_date("1990-2-28"), None);
/// ```
#[inline]
pub fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let y = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(y, num(5..7)?, num(8..10)?)
}

/// Parses `YYYY-MM-DD` strictly: a year of four or more digits, a two-digit month and day,
/// a real calendar day (no 02-30, 04-00, 04-99).
pub(crate) fn parse_strict(s: &str) -> Result<NaiveDate, String> {
    if let Some(d) = iso_date(s) {
        return Ok(d);
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let mut parts = body.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("date `{s}` is not YYYY-MM-DD"));
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y) && digits(m) && digits(d)) || m.len() != 2 || d.len() != 2 {
        return Err(format!("date `{s}` is not YYYY-MM-DD"));
    }
    if y.len() < 4 {
        return Err(format!(
            "date `{s}`: the year must have four digits (YYYY-MM-DD); a two-digit year is ambiguous"
        ));
    }
    s.parse::<NaiveDate>()
        .map_err(|_| format!("date `{s}` is not a calendar day or is out of range"))
}

pub(crate) fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    parse_strict(&s).map_err(serde::de::Error::custom)
}

pub(crate) fn de_date_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => parse_strict(&s).map(Some).map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::{iso_date, parse_strict};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    proptest! {
        // The shortcut reads what the general parser reads, and nothing it refuses.
        #[test]
        fn iso_date_is_chronos_reading(
            s in prop_oneof!["[0-9]{4}-[0-9]{2}-[0-9]{2}", "[0-9+-]{8,12}", "\\PC{0,12}"],
        ) {
            if let Some(d) = iso_date(&s) {
                prop_assert_eq!(s.parse::<NaiveDate>().ok(), Some(d));
                prop_assert_eq!(parse_strict(&s), Ok(d));
            } else if s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-'
                && s.bytes().filter(u8::is_ascii_digit).count() == 8
            {
                prop_assert!(parse_strict(&s).is_err(), "{}", s);
            }
        }
    }

    #[test]
    fn strict_dates() {
        assert!(parse_strict("1990-01-01").is_ok());
        assert!(parse_strict("+10000-01-01").is_ok());
        assert!(parse_strict("-0001-12-31").is_ok());
        assert!(parse_strict("90-01-01")
            .unwrap_err()
            .contains("four digits"));
        for bad in [
            "1971-04-99",
            "1971-02-30",
            "1971-04-00",
            "1971-4-1",
            "1971-04-01x",
            "",
        ] {
            assert!(parse_strict(bad).is_err(), "{bad}");
        }
    }
}
