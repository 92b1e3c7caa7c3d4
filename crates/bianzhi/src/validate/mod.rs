//! Whole-dataset validation (`domain.md` §4).

mod report;

pub use report::{Code, LeadershipRow, OccupancyRow, Report, Severity, Summary, Violation};
