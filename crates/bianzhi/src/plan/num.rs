//! Exact decimal input and output helpers shared by the planning modules.
//!
//! JSON numbers are read without ever doing arithmetic in binary floating point: serde_json
//! (without `arbitrary_precision`) hands a non-integer literal over as the nearest `f64`, whose
//! shortest round-trip rendering is the literal as written for every literal of up to 15
//! significant digits; that rendering is parsed as a [`Decimal`]. Strings (`"0.95"`) are parsed
//! directly and are the way to pass more digits than that.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::PlanError;

/// Parses a decimal literal: plain (`12.5`), or scientific (`1.5e3`).
pub(crate) fn parse_decimal(s: &str) -> Option<Decimal> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Decimal::from_str(t)
        .ok()
        .or_else(|| Decimal::from_scientific(t).ok())
}

struct DecVisitor;

impl<'de> Visitor<'de> for DecVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a decimal string")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        // Shortest round-trip rendering of the literal, parsed as a decimal (no float arithmetic).
        let text = format!("{v}");
        parse_decimal(&text).ok_or_else(|| E::custom(format!("number {text} is out of range")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_decimal(v).ok_or_else(|| E::custom(format!("`{v}` is not a decimal number")))
    }
}

/// Deserializes a [`Decimal`] from a JSON/TOML number or a decimal string.
pub(crate) fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecVisitor)
}

/// Deserializes an optional [`Decimal`] (`null` or absent → `None`).
pub(crate) fn de_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    #[derive(Deserialize)]
    struct W(#[serde(deserialize_with = "de")] Decimal);
    Ok(Option::<W>::deserialize(d)?.map(|w| w.0))
}

/// A decimal read exactly from a number or a string (for use inside collections).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Dec(pub Decimal);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dec, D::Error> {
        d.deserialize_any(DecVisitor).map(Dec)
    }
}

/// Rounds half away from zero to `dp` places and always shows exactly `dp` places.
pub(crate) fn fixed(d: Decimal, dp: u32) -> String {
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r.to_string()
}

/// `a × b`, or an overflow error naming what was computed.
pub(crate) fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, PlanError> {
    a.checked_mul(b)
        .ok_or_else(|| PlanError::Overflow(what.to_string()))
}

/// `a + b`, or an overflow error naming what was computed.
pub(crate) fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, PlanError> {
    a.checked_add(b)
        .ok_or_else(|| PlanError::Overflow(what.to_string()))
}

/// `a / b` (b ≠ 0 checked by the caller), or an overflow error naming what was computed.
pub(crate) fn div(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, PlanError> {
    a.checked_div(b)
        .ok_or_else(|| PlanError::Overflow(what.to_string()))
}

/// Serde helper: a decimal rendered in normalised form (no trailing zeros) as a string.
pub(crate) mod norm {
    use rust_decimal::Decimal;
    use serde::Serializer;

    /// Serializes `d.normalize()` as a string.
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&d.normalize().to_string())
    }
}

/// Serde helper: an optional decimal rendered in normalised form, `null` when absent.
pub(crate) mod norm_opt {
    use rust_decimal::Decimal;
    use serde::Serializer;

    /// Serializes `Some(d)` as the normalised string, `None` as `null`.
    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.normalize().to_string()),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_are_exact() {
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
        assert_eq!(fixed(Decimal::new(12191235, 4), 2), "1219.12");
        assert_eq!(fixed(Decimal::new(5, 3), 2), "0.01");
        assert_eq!(parse_decimal("1.5e3"), Some(Decimal::from(1500)));
    }
}
