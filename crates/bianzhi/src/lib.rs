//! # bianzhi (编制)
//!
//! Establishment management and performance assessment for Chinese public-sector bodies:
//! model organisations, approved establishment (编制), leadership positions (领导职数), posts
//! and staff; validate a whole dataset in one pure call; score assessments (绩效考核); plan
//! staffing (定员) and track rectification (整改).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod assess;
mod dataset;
mod decimal;
pub mod ident;
mod keys;
pub mod ledger;
pub mod model;
pub mod parallel;
pub mod plan;
pub mod retirement;
pub mod sample;
pub mod validate;
pub mod workdays;

/// The date type of the API (`Options::as_of`, record dates), re-exported so that callers
/// need no `chrono` dependency of their own.
pub use chrono::NaiveDate;
pub use dataset::{Cause, Expected, Found, Place, RecordArray};
pub use dataset::{Dataset, LoadError, RecordIssue, MAX_DOCUMENT_BYTES};
pub use dataset::{IssueKind, NotRead};
pub use dataset::{StaffBuilder, StaffFields, StaffRow, StaffRows, StaffTable};
pub use keys::{config_message as config_key_message, nearest as nearest_key};
pub use model::*;
/// The exact decimal of scores, rates and loads, re-exported for the same reason.
pub use rust_decimal::Decimal;
pub use validate::CategoryTotals;
pub use validate::{validate, Lang, Options};
pub use validate::{Code, LeadershipRow, OccupancyRow, Report, Severity, Summary, Violation};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
