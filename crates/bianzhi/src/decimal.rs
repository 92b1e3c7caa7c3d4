//! Exact decimals from JSON and TOML, shared by assessment and planning.
//!
//! Numbers are never used in binary floating point. serde_json (without
//! `arbitrary_precision`) hands a non-integer literal over as the nearest `f64`, whose
//! shortest rendering is the literal as written for most literals of up to 15 significant
//! digits; the text entry points (`assess_json`, `plan::*_json`) first pass their input
//! through [`exact_numbers`], which turns every literal that no `f64` renders back exactly
//! (`89.994999999999999999999`, which would become 89.995) into a string of the same digits,
//! read exactly. Strings (`"0.95"`) are parsed directly. A literal with more digits than a
//! [`Decimal`] holds (28) is refused, never rounded.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};
use serde_json::Value;

/// Parses decimal text exactly: plain (`93.5`, `-0.25`) or scientific (`1.5e3`); `None` for
/// anything else, including more digits than a [`Decimal`] holds (never silently rounded).
pub(crate) fn parse(s: &str) -> Option<Decimal> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Decimal::from_str_exact(t)
        .ok()
        .or_else(|| Decimal::from_scientific(t).ok())
}

/// The JSON text with every number literal that an `f64` does not hold exactly (its shortest
/// rendering is another decimal) written as a string of the same digits, so that the
/// decimal readers see the digits as written. Linear; strings and valid literals are left
/// as they are (no copy when nothing changes). Text that is not JSON is returned for the
/// JSON parser to report.
///
/// ```ignore
/// assert_eq!(exact_numbers(r#"{"s": 89.994999999999999999999, "t": 1.5}"#),
///            r#"{"s": "89.994999999999999999999", "t": 1.5}"#);
/// ```
pub(crate) fn exact_numbers(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'"' => {
                // Skip the string, escapes included.
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                i += 1;
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    i += 1;
                }
                let tok = &text[start..i];
                let fractional = tok.bytes().any(|c| matches!(c, b'.' | b'e' | b'E'));
                let wide = tok.parse::<i64>().is_err() && tok.parse::<u64>().is_err();
                if (fractional || wide) && !f64_exact(tok) {
                    let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
                    o.push_str(&text[copied..start]);
                    o.push('"');
                    o.push_str(tok);
                    o.push('"');
                    copied = i;
                }
            }
            _ => i += 1,
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[copied.min(text.len())..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// Whether the `f64` nearest to a number literal renders as the same decimal.
fn f64_exact(tok: &str) -> bool {
    let Ok(f) = tok.parse::<f64>() else {
        return true; // not a number: left for the JSON parser to report
    };
    if !f.is_finite() {
        return true; // 1e400: refused as out of range downstream
    }
    match (parse(tok), parse(&format!("{f}"))) {
        (Some(a), Some(b)) => a == b,
        // More digits than a Decimal holds: as a string it is refused, never rounded.
        (None, _) => false,
        _ => true,
    }
}

/// Reads a JSON number (or numeric string) as an exact decimal.
pub(crate) fn from_value(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => parse(&n.to_string()),
        Value::String(s) => parse(s),
        _ => None,
    }
}

/// Rounds half away from zero to `places` and always shows exactly `places` decimals.
pub(crate) fn fixed(d: Decimal, places: u32) -> String {
    let mut r = d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(places);
    r.to_string()
}

/// Formats without trailing zeros (breakdowns, messages, JSON strings).
pub(crate) fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

struct DecVisitor;

impl<'de> Visitor<'de> for DecVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal number (or a string holding one)")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        let text = format!("{v}");
        parse(&text).ok_or_else(|| E::custom(format!("number {text} is out of range")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v).ok_or_else(|| E::custom(format!("`{v}` is not a decimal number")))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        parse(&v.to_string()).ok_or_else(|| E::custom(format!("number {v} is out of range")))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        parse(&v.to_string()).ok_or_else(|| E::custom(format!("number {v} is out of range")))
    }
    /// serde_json (`arbitrary_precision`) hands over a number whose text no `f64` renders
    /// back (`89.994999999999999999999`) as a one-entry map holding that text.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Err(de::Error::custom("a decimal number, not an object"));
        };
        if key != NUMBER_TOKEN {
            return Err(de::Error::custom("a decimal number, not an object"));
        }
        let text: String = map.next_value()?;
        parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "number {text} has more digits than a decimal holds (28) or is out of range"
            ))
        })
    }
}

/// The key under which serde_json passes a number's text (`arbitrary_precision`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Deserializes a [`Decimal`] from a number or a decimal string.
pub(crate) fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecVisitor)
}

/// Deserializes an optional [`Decimal`] (`null` or absent → `None`).
pub(crate) fn de_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    Ok(Option::<Dec>::deserialize(d)?.map(|w| w.0))
}

/// A decimal read exactly from a number or a string (for use inside collections).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Dec(pub Decimal);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dec, D::Error> {
        d.deserialize_any(DecVisitor).map(Dec)
    }
}

/// serde `with` module: a decimal written as a normalised string, read from a number or string.
pub(crate) mod dec {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&plain(*d))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        de(d)
    }
}

/// serde `with` module for `Option<Decimal>`: `null` when absent.
pub(crate) mod opt_dec {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&plain(*d)),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Decimal>, D::Error> {
        de_opt(d)
    }
}

/// serde `with` module for maps of decimals.
pub(crate) mod map_dec {
    use std::collections::BTreeMap;

    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        m: &BTreeMap<String, Decimal>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(m.len()))?;
        for (k, v) in m {
            map.serialize_entry(k, &plain(*v))?;
        }
        map.end()
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, Decimal>, D::Error> {
        Ok(BTreeMap::<String, Dec>::deserialize(d)?
            .into_iter()
            .map(|(k, v)| (k, v.0))
            .collect())
    }
}

#[cfg(test)]
mod exact_tests {
    use super::exact_numbers;

    #[test]
    fn literals_an_f64_does_not_hold_become_strings() {
        assert_eq!(
            exact_numbers(
                r#"{"s": 89.994999999999999999999, "t": 1.5, "u": "8.1234567890123456789", "v": [2, -0.1]}"#
            ),
            r#"{"s": "89.994999999999999999999", "t": 1.5, "u": "8.1234567890123456789", "v": [2, -0.1]}"#
        );
        assert_eq!(
            exact_numbers(r#"{"a\"": 33.333333333333334}"#),
            r#"{"a\"": "33.333333333333334"}"#
        );
        assert_eq!(
            exact_numbers("[1e400, 12345678901234567890, 123456789012345678901]"),
            "[1e400, 12345678901234567890, \"123456789012345678901\"]"
        );
        assert!(matches!(
            exact_numbers("{\"x\": 0.5}"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_are_exact() {
        #[derive(Deserialize)]
        struct T {
            #[serde(deserialize_with = "de")]
            a: Decimal,
            #[serde(deserialize_with = "de")]
            b: Decimal,
            #[serde(deserialize_with = "de")]
            c: Decimal,
            #[serde(default, deserialize_with = "de_opt")]
            d: Option<Decimal>,
        }
        let t: T =
            serde_json::from_str(r#"{"a": 0.95, "b": "0.1234567890123456789", "c": 4651200}"#)
                .unwrap();
        assert_eq!(t.a.to_string(), "0.95");
        assert_eq!(t.b.to_string(), "0.1234567890123456789");
        assert_eq!(t.c, Decimal::from(4_651_200));
        assert_eq!(t.d, None);
        let v: Value = serde_json::from_str("[93.5, 33.3, 0.1, 100, 1e2, \"89.995\"]").unwrap();
        let got: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| plain(from_value(x).unwrap()))
            .collect();
        assert_eq!(got, ["93.5", "33.3", "0.1", "100", "100", "89.995"]);
        assert_eq!(fixed(Decimal::new(12191235, 4), 2), "1219.12");
        assert_eq!(fixed(Decimal::new(89995, 3), 2), "90.00");
        assert_eq!(fixed(Decimal::from(90), 2), "90.00");
        assert_eq!(parse("1.5e3"), Some(Decimal::from(1500)));
        // More digits than a Decimal holds are refused, not rounded.
        assert_eq!(parse("0.12345678901234567890123456789012"), None);
    }
}
