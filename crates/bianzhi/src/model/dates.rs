//! Dates as the data must write them: `YYYY-MM-DD` with a year of at least four digits
//! (chrono alone reads `90-01-01` as the year 90). Years beyond 9999 or before 0 carry a
//! sign, as chrono writes them (`+10000-01-01`, `-0001-01-01`), so written data reads back.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// Parses `YYYY-MM-DD` strictly: a year of four or more digits, a two-digit month and day,
/// a real calendar day (no 02-30, 04-00, 04-99).
pub(crate) fn parse_strict(s: &str) -> Result<NaiveDate, String> {
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
    use super::parse_strict;

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
