//! The establishment ledger (机构编制台账): an opening roster plus dated decisions —
//! 核增/核减/调剂, 用编核准 with reservations, 入编/出编, 调动, 借调, 任职/免职 — replayed to any
//! date; the roster diff of two years (年度增减变动); and the 实名制 reconciliation of the
//! roster with the personnel registry and the payroll. The document and every rule are in
//! `docs/ledger.md`.
//!
//! (This is not [`crate::plan::ledger`], the rectification ledger 整改台账; a ledger may
//! however carry open rectification items, which block new hires of their unit.)
//!
//! ```
//! use bianzhi::ledger::{apply, Ledger, RejectCode};
//! let ledger = Ledger::from_json(r#"{
//!   "opening": {"as_of": "2025-12-31",
//!     "units": [{"id": "U5", "name": "县农技中心", "kind": "institution", "quotas": {"institution": 3}}],
//!     "staff": [{"id": "S1", "name": "张三", "unit": "U5", "establishment": "institution"}]},
//!   "events": [
//!     {"id": "E1", "date": "2026-01-10", "type": "用编核准", "unit": "U5", "category": "事业", "count": 2},
//!     {"id": "E2", "date": "2026-01-11", "type": "reserve", "unit": "U5", "category": "institution", "count": 1}
//!   ]}"#).unwrap();
//! let r = apply(&ledger, "2026-02-28".parse().unwrap());
//! assert!(r.decisions[0].approved());
//! assert_eq!(r.decisions[1].code, Some(RejectCode::NoVacancy));
//! assert_eq!((r.decisions[1].requested, r.decisions[1].available), (Some(1), Some(0)));
//! assert_eq!(r.balances[0].reserved, 2);
//! ```

mod diff;
mod event;
mod output;
mod reconcile;
mod state;
mod text;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use diff::{diff, DiffResult, DiffTableRow, MoveRow, PersonRow, QuotaChange, RoleChange};
pub use event::{read_event, Event, EventIssue, EventKind, EventRow, ExitReason};
pub use output::{
    Balance, ChangeRow, Decision, DecisionStatus, Exits, LedgerFinding, LedgerResult, RejectCode,
    ReservationRow, ReservationStatus,
};
pub use reconcile::{
    reconcile, PersonRecord, ReconcileResult, ReconcileRow, ReconcileSummary, Unmatched,
};
pub use state::State;
pub use text::{render_diff_text, render_reconcile_text, render_text};

use crate::validate::{Lang, Options, Severity};
use crate::{Dataset, LoadError};

/// An open rectification item (整改事项) of a unit: while it is open and at or above the
/// ledger's `block_severity`, the unit's pool gets no new 用编 (`APPROVAL_BLOCKED`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BlockItem {
    /// Item id (a task or finding id of the rectification ledger).
    #[serde(deserialize_with = "de_id")]
    pub id: String,
    /// The unit; the block applies to its pool.
    #[serde(deserialize_with = "de_id")]
    pub unit: String,
    /// Severity of the finding (default `error`).
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// First day it is open (default: always).
    #[serde(default)]
    pub opened: Option<NaiveDate>,
    /// The day it was closed (销号): open before that day.
    #[serde(default)]
    pub closed: Option<NaiveDate>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl BlockItem {
    /// An open error-severity item of a unit.
    pub fn new(id: impl Into<String>, unit: impl Into<String>) -> BlockItem {
        BlockItem {
            id: id.into(),
            unit: unit.into(),
            severity: Severity::Error,
            opened: None,
            closed: None,
            note: None,
        }
    }
}

/// An id written as text or as a whole number (spreadsheets do both).
fn de_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Value::Number(n) if n.is_u64() || n.is_i64() => Ok(n.to_string()),
        _ => Err(serde::de::Error::custom(
            "expected an identifier (a text or a whole number)",
        )),
    }
}

fn default_severity() -> Severity {
    Severity::Error
}

/// An opening roster and dated events (`docs/ledger.md`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Ledger {
    /// The opening dataset (its `as_of` is the opening date).
    pub opening: Dataset,
    /// The events as read, in input order.
    pub events: Vec<EventRow>,
    /// The date stored with the document (default result date).
    pub as_of: Option<NaiveDate>,
    /// Open rectification items that block new hires.
    pub rectification: Vec<BlockItem>,
    /// Items at or above this severity block (default `error`).
    pub block_severity: Severity,
    /// Language of messages.
    pub lang: Lang,
}

/// A ledger document that cannot be read at all (a bad event is never this: it is that
/// event's rejection).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// Not JSON.
    #[error("not a ledger document: {0}")]
    Json(String),
    /// The document's shape is wrong (the key is named).
    #[error("ledger document: {0}")]
    Shape(String),
    /// The opening dataset cannot be read.
    #[error("ledger document `opening`: {0}")]
    Opening(#[from] LoadError),
}

const TOP_KEYS: &[&str] = &[
    "as_of",
    "opening",
    "events",
    "rectification",
    "block_severity",
    "description",
];

impl Ledger {
    /// A ledger of an opening dataset and events.
    pub fn new(opening: Dataset, events: Vec<EventRow>) -> Ledger {
        Ledger {
            opening,
            events,
            as_of: None,
            rectification: Vec::new(),
            block_severity: Severity::Error,
            lang: Lang::Zh,
        }
    }

    /// Reads a ledger document (`docs/ledger.md`).
    ///
    /// # Errors
    /// [`LedgerError`] when the text is not JSON, a top-level key is unknown or has the wrong
    /// shape, or the opening dataset cannot be read. Unreadable events are not errors.
    pub fn from_json(text: &str) -> Result<Ledger, LedgerError> {
        let v: Value = serde_json::from_str(text).map_err(|e| LedgerError::Json(e.to_string()))?;
        Ledger::from_value(v)
    }

    /// [`Ledger::from_json`] on a JSON value.
    ///
    /// # Errors
    /// As [`Ledger::from_json`].
    pub fn from_value(v: Value) -> Result<Ledger, LedgerError> {
        let Value::Object(mut m) = v else {
            return Err(LedgerError::Shape("expected an object".into()));
        };
        if let Some(k) = m.keys().find(|k| !TOP_KEYS.contains(&k.as_str())) {
            return Err(LedgerError::Shape(format!(
                "unknown key `{k}` (expected one of: {})",
                TOP_KEYS.join(", ")
            )));
        }
        let opening = m.remove("opening").ok_or_else(|| {
            LedgerError::Shape("`opening` (the opening dataset) is required".into())
        })?;
        let opening = Dataset::from_value(opening)?;
        let events = match m.remove("events") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, e)| read_event(i, e))
                .collect(),
            Some(_) => return Err(LedgerError::Shape("`events` must be an array".into())),
        };
        let mut l = Ledger::new(opening, events);
        l.as_of = match m.remove("as_of") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(event::parse_date(&s).ok_or_else(|| {
                LedgerError::Shape(format!("`as_of`: `{s}` is not a date (YYYY-MM-DD)"))
            })?),
            Some(_) => return Err(LedgerError::Shape("`as_of` must be a date".into())),
        };
        if let Some(r) = m.remove("rectification") {
            l.rectification = serde_path_to_error::deserialize(r).map_err(|e| {
                LedgerError::Shape(format!(
                    "`rectification{}`: {}",
                    path_suffix(e.path()),
                    e.inner()
                ))
            })?;
        }
        if let Some(s) = m.remove("block_severity") {
            l.block_severity = serde_json::from_value(s).map_err(|e| {
                LedgerError::Shape(format!(
                    "`block_severity`: {e} (expected error, warning or info)"
                ))
            })?;
        }
        Ok(l)
    }

    /// The default result date: the document's `as_of`, else the last event date, else the
    /// opening date, else today.
    pub fn default_as_of(&self) -> NaiveDate {
        self.as_of
            .or_else(|| self.events.iter().filter_map(|e| e.date).max())
            .or(self.opening.as_of())
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

fn path_suffix(p: &serde_path_to_error::Path) -> String {
    let s = p.to_string();
    if s == "." {
        String::new()
    } else if s.starts_with('[') {
        s
    } else {
        format!(".{s}")
    }
}

/// The key by which one person is matched across rosters: the normalised 18-character
/// 身份证号 (legacy 15-digit numbers upgraded, `x` → `X`); an invalid number is matched as
/// written, trimmed and upper-cased.
///
/// ```
/// assert_eq!(bianzhi::ledger::person_key("110105491231002"), "11010519491231002X");
/// assert_eq!(bianzhi::ledger::person_key(" 11010519491231002x "), "11010519491231002X");
/// ```
pub fn person_key(id_number: &str) -> String {
    match crate::ident::check_id_number(id_number) {
        Ok(id) => id.normalized,
        Err(_) => id_number.trim().to_uppercase(),
    }
}

/// Replays the ledger to `as_of`: every event dated ≤ as_of in date order (ties in input
/// order) gets a decision; the result holds balances, the change table, reservations,
/// findings, the snapshot and its validation report.
pub fn apply(ledger: &Ledger, as_of: NaiveDate) -> LedgerResult {
    apply_from(State::open(ledger), as_of)
}

/// Continues a replay: applies the events dated after the state's date and ≤ `to`, then
/// builds the result. `apply_from(state at t1, t2)` equals `apply(ledger, t2)`.
///
/// ```
/// use bianzhi::ledger::{apply, apply_from, Ledger, State};
/// let l = Ledger::from_json(r#"{"opening": {"units": [{"id": "U1", "name": "县委办", "kind": "organ",
///   "quotas": {"administrative": 1}}], "staff": []},
///   "events": [{"id": "E1", "date": "2026-01-05", "type": "reserve", "unit": "U1", "category": "administrative", "count": 1},
///              {"id": "E2", "date": "2026-03-05", "type": "reserve", "unit": "U1", "category": "administrative", "count": 1}]}"#).unwrap();
/// let mut st = State::open(&l);
/// st.advance("2026-02-01".parse().unwrap());
/// let split = apply_from(st, "2026-12-31".parse().unwrap());
/// let whole = apply(&l, "2026-12-31".parse().unwrap());
/// assert_eq!(split.decisions, whole.decisions);
/// ```
pub fn apply_from(mut state: State<'_>, to: NaiveDate) -> LedgerResult {
    state.advance(to);
    let snapshot = state.snapshot();
    let lang = state.lang();
    let opts = Options {
        as_of: Some(state.date()),
        lang,
        threads: 0,
    };
    let report = crate::validate(&snapshot, &opts);
    LedgerResult {
        as_of: state.date(),
        opening_date: state.opening_date(),
        pending: state.pending(),
        balances: state.balances(),
        changes: state.changes(),
        reservations: state.reservations(),
        decisions: std::mem::take(&mut state.decisions),
        findings: std::mem::take(&mut state.findings),
        snapshot,
        report,
    }
}

/// 「能否用编」: whether `count` places of `category` may be reserved for `unit` on `date`,
/// given the state (a dataset's, or a ledger replayed to some date). Nothing changes.
///
/// The decision is `approved` with `available`, or rejected as a `reserve` event would be:
/// `UNKNOWN_UNIT`, `NO_POOL`, `UNKNOWN_CATEGORY`, `APPROVAL_BLOCKED` or `NO_VACANCY` (with
/// `requested` and `available`).
///
/// ```
/// use bianzhi::ledger::{request, RejectCode, State};
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [{"id": "U1", "name": "县委办", "kind": "organ",
///   "quotas": {"administrative": 1}}], "staff": [{"id": "S1", "name": "张三", "unit": "U1",
///   "establishment": "administrative"}]}"#).unwrap();
/// let d = request(&State::from_dataset(&ds), "U1", &"行政".parse().unwrap(), 1, "2026-03-01".parse().unwrap());
/// assert_eq!(d.code, Some(RejectCode::NoVacancy));
/// assert_eq!(d.message.as_deref(), Some("县委办 行政编制 核定1名，实有1名，已核准用编0名，空编0名，不足1名"));
/// ```
pub fn request(
    state: &State<'_>,
    unit: &str,
    category: &crate::Category,
    count: u32,
    date: NaiveDate,
) -> Decision {
    state.request(unit, category, count, date)
}

/// The ledger document in, the JSON output of `docs/ledger.md` out: what the CLI, C and
/// Python share. `as_of` overrides [`Ledger::default_as_of`].
///
/// # Errors
/// [`LedgerError`] when the document cannot be read.
pub fn ledger_json(
    input: &str,
    as_of: Option<NaiveDate>,
    lang: Lang,
) -> Result<Value, LedgerError> {
    let mut l = Ledger::from_json(input)?;
    l.lang = lang;
    let t = as_of.unwrap_or_else(|| l.default_as_of());
    Ok(apply(&l, t).to_value())
}
