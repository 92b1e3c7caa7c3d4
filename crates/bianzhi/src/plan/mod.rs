//! Staffing plans (定员), organisation evaluation (机构编制评估) and rectification ledgers
//! (整改台账), `docs/formats.md#staffing-plan` and the sections after it.
//!
//! - [`staffing`]: the 定员 methods as pure functions; [`compute_json`] for plan documents.
//! - [`evaluation`]: evaluation schemes, facts per unit (from a validation [`Report`] and from
//!   the user) and [`evaluate`]; [`evaluate_json`].
//! - [`ledger`]: rectification ledgers and [`ledger::summarise`]; [`rectification_json`].
//!
//! All numbers are exact decimals; JSON numbers are read without float arithmetic (see the
//! crate-level note in `num`), and decimals are written as strings.
//!
//! [`Report`]: crate::validate::Report

use rust_decimal::Decimal;

mod document;
pub mod evaluation;
pub mod ledger;
pub(crate) mod num;
pub mod staffing;
pub(crate) mod text;

pub use document::{
    compute_json, compute_value, render_plan_text, render_plan_text_in, PlanItem, PlanItemOutput,
    PlanOutput,
};
pub use evaluation::{
    evaluate, evaluate_json, EvaluationOutput, EvaluationScheme, UnitEvaluation, UnitFacts,
};
pub use ledger::{rectification_json, Ledger, LedgerSummary};

/// Errors of the planning functions: invalid parameters and unreadable input.
///
/// Findings in data (an incomplete ledger task, a missing fact) are never errors.
///
/// ```
/// use bianzhi::plan::{staffing, PlanError};
/// use rust_decimal::Decimal;
/// let e = staffing::efficiency(1.into(), 0.into(), 1.into(), Decimal::ONE, Default::default());
/// assert!(matches!(e, Err(PlanError::NotPositive { ref parameter, .. }) if parameter == "output_per_day"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A divisor or rate that must be greater than zero.
    #[error("parameter `{parameter}` must be greater than 0 (got {value})")]
    NotPositive {
        /// Parameter name.
        parameter: String,
        /// The value given.
        value: Decimal,
    },
    /// A quantity that must not be negative.
    #[error("parameter `{parameter}` must not be negative (got {value})")]
    Negative {
        /// Parameter name.
        parameter: String,
        /// The value given.
        value: Decimal,
    },
    /// A value above its maximum (an attendance rate above 1).
    #[error("parameter `{parameter}` must be at most {max} (got {value})")]
    TooLarge {
        /// Parameter name.
        parameter: String,
        /// The value given.
        value: Decimal,
        /// The maximum.
        max: Decimal,
    },
    /// Any other invalid parameter.
    #[error("parameter `{parameter}`: {message}")]
    Invalid {
        /// Parameter name.
        parameter: String,
        /// What is wrong.
        message: String,
    },
    /// A result too large for exact decimal arithmetic.
    #[error("arithmetic overflow: {0}")]
    Overflow(String),
    /// Unreadable input document (not JSON, wrong shape, wrong types).
    #[error("invalid input: {0}")]
    Input(String),
    /// An invalid evaluation scheme.
    #[error("invalid evaluation scheme: {0}")]
    Scheme(String),
    /// An error in one item of a plan document.
    #[error("item {index}: {source}")]
    InItem {
        /// 0-based item position.
        index: usize,
        /// The error.
        #[source]
        source: Box<PlanError>,
    },
}

/// The id of the finding at `index` (0-based) of a report's `violations`: `F` and the 1-based
/// position, at least four digits. Evaluation evidence and ledgers built from a report use it.
///
/// ```
/// assert_eq!(bianzhi::plan::finding_id(0), "F0001");
/// assert_eq!(bianzhi::plan::finding_id(12344), "F12345");
/// ```
pub fn finding_id(index: usize) -> String {
    format!("F{:04}", index.saturating_add(1))
}

/// Text for `bianzhi demo`: one evaluation (default template, facts derived from the report)
/// and one ledger summary (each error finding a task due 90 days after the report's date,
/// summarised as of that date). `lang` is `"en"` or Chinese otherwise.
///
/// ```
/// use bianzhi::{Code, Report, Violation};
/// let mut ghost = Violation::new(Code::GhostPayroll);
/// ghost.unit = Some("U1".into());
/// let report = Report::new("2026-11-30".parse().unwrap(), vec![ghost]);
/// let text = bianzhi::plan::demo_text(&report, "en");
/// assert!(text.contains("U1") && text.contains("F0001"));
/// ```
pub fn demo_text(report: &crate::validate::Report, lang: &str) -> String {
    let scheme = EvaluationScheme::default_template();
    let facts = UnitFacts::from_report(report, &[]);
    let mut text = match evaluate(&scheme, &facts) {
        Ok(units) => evaluation::render_text(
            &EvaluationOutput {
                scheme: scheme.name.clone(),
                description: scheme.description.clone(),
                units,
            },
            lang,
        ),
        Err(e) => format!("{e}\n"),
    };
    let deadline = report
        .as_of
        .checked_add_days(chrono::Days::new(90))
        .unwrap_or(report.as_of);
    let ledger = Ledger::from_report(report, deadline);
    text.push_str(&ledger::render_text(
        &ledger::summarise(&ledger, report.as_of),
        lang,
    ));
    text
}
