//! Exact decimals for assessment: the crate's shared helpers under the names this module uses.

pub(crate) use crate::decimal::{dec, fixed, from_value, map_dec, opt_dec, plain};
