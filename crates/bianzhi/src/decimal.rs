//! Exact decimals from JSON and TOML, shared by assessment and planning.
//!
//! Numbers are never used in binary floating point: serde_json (without
//! `arbitrary_precision`) hands a non-integer literal over as the nearest `f64`, whose
//! shortest round-trip rendering is the literal as written for every literal of up to 15
//! significant digits; that rendering is parsed as a [`Decimal`]. Strings (`"0.95"`) are parsed
//! directly and are the way to pass more digits than that.

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

impl Visitor<'_> for DecVisitor {
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
}

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
