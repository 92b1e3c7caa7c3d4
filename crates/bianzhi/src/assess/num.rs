//! Exact decimals from JSON: numbers are read through their shortest decimal text, never as
//! binary floating point arithmetic, so `93.5` is exactly 93.5 and `33.3` exactly 33.3.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serializer};
use serde_json::Value;

/// Parses decimal text exactly: plain (`93.5`, `-0.25`) or scientific (`1e2`).
pub(crate) fn parse_text(s: &str) -> Option<Decimal> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Decimal::from_str_exact(t)
        .ok()
        .or_else(|| Decimal::from_scientific(t).ok())
        .map(|d| d.normalize())
}

/// Reads a JSON number (or numeric string) as an exact decimal.
///
/// serde_json keeps non-integers as `f64`; their `Display` is the shortest text that reads back
/// to the same `f64`, which is the text the user wrote for every number with at most 15
/// significant digits. That text is parsed as a decimal, so no binary rounding enters a score.
pub(crate) fn from_value(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => parse_text(&n.to_string()),
        Value::String(s) => parse_text(s),
        _ => None,
    }
}

/// Formats with exactly `places` decimal places (the value is already rounded).
pub(crate) fn fixed(d: Decimal, places: u32) -> String {
    format!("{:.*}", places as usize, d)
}

/// Formats a decimal without trailing zeros (for breakdowns and messages).
pub(crate) fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// serde helpers for `Decimal` fields of a scheme: written as strings, read from numbers or strings.
pub(crate) mod dec {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&plain(*d))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let v = Value::deserialize(d)?;
        from_value(&v).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a decimal number, found {v}"))
        })
    }
}

/// serde helpers for `Option<Decimal>` fields of a scheme.
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
        let v = Value::deserialize(d)?;
        if v.is_null() {
            return Ok(None);
        }
        from_value(&v).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a decimal number, found {v}"))
        })
    }
}

/// serde helpers for maps of decimals.
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
        let m = BTreeMap::<String, Value>::deserialize(d)?;
        m.into_iter()
            .map(|(k, v)| match from_value(&v) {
                Some(x) => Ok((k, x)),
                None => Err(serde::de::Error::custom(format!(
                    "`{k}`: expected a decimal number, found {v}"
                ))),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn json_numbers_are_exact() {
        let v: Value = serde_json::from_str("[93.5, 33.3, 0.1, 100, 1e2, \"89.995\"]").unwrap();
        let got: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| from_value(x).unwrap().to_string())
            .collect();
        assert_eq!(got, ["93.5", "33.3", "0.1", "100", "100", "89.995"]);
        assert_eq!(
            fixed(
                crate::assess::Rounding::HalfUp.apply(Decimal::from_str("89.995").unwrap(), 2),
                2
            ),
            "90.00"
        );
        assert_eq!(fixed(Decimal::from(90), 2), "90.00");
    }
}
