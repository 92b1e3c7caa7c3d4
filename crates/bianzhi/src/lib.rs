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
pub mod model;
pub mod plan;
pub mod retirement;
pub mod sample;
pub mod validate;
pub mod workdays;

pub use dataset::{Dataset, LoadError, RecordIssue, MAX_DOCUMENT_BYTES};
pub use model::*;
pub use validate::{validate, Lang, Options};
pub use validate::{Code, LeadershipRow, OccupancyRow, Report, Severity, Summary, Violation};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
