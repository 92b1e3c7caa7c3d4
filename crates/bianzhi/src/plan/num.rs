//! Exact decimal helpers of the planning modules: the crate's shared parsing, plus checked
//! arithmetic that reports overflow as a [`PlanError`].
//!
//! JSON numbers are read without ever doing arithmetic in binary floating point: serde_json
//! (without `arbitrary_precision`) hands a non-integer literal over as the nearest `f64`, whose
//! shortest round-trip rendering is the literal as written for every literal of up to 15
//! significant digits; that rendering is parsed as a [`Decimal`]. Strings (`"0.95"`) are parsed
//! directly and are the way to pass more digits than that.

use rust_decimal::Decimal;

pub(crate) use crate::decimal::{de, de_opt, fixed, parse as parse_decimal, Dec};

use super::PlanError;

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
