//! What applying a ledger gives: decisions, balances, change rows, findings, reservations.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::event::{EventKind, ExitReason};
use crate::validate::{Report, Severity};
use crate::Dataset;

/// Approved or rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecisionStatus {
    /// The event took effect.
    Approved,
    /// The event changed nothing.
    Rejected,
}

/// Why an event was rejected.
///
/// ```
/// use bianzhi::ledger::RejectCode;
/// assert_eq!(RejectCode::NoVacancy.as_str(), "NO_VACANCY");
/// assert_eq!(RejectCode::ApprovalBlocked.zh(), "存在未整改问题，暂停用编");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum RejectCode {
    /// The record could not be read (the field and reason are given).
    InvalidEvent,
    /// A later event repeats an earlier event's id.
    DuplicateEvent,
    /// A unit id names no unit.
    UnknownUnit,
    /// A staff id names no person.
    UnknownStaff,
    /// A reservation id names no `reserve` event that was approved.
    UnknownReservation,
    /// The category is not declared by the dataset.
    UnknownCategory,
    /// The unit belongs to no establishment pool (e.g. a 议事协调机构).
    NoPool,
    /// Fewer free places than asked for (available = approved − occupied − reserved).
    NoVacancy,
    /// The unit has open rectification items at or above the blocking severity.
    ApprovalBlocked,
    /// The reservation expired, was cancelled or is used up.
    ReservationClosed,
    /// The reservation is for another pool or category.
    ReservationMismatch,
    /// A `transfer` whose two units share one pool.
    SamePool,
    /// An `enrol` with a staff id already in the roster.
    DuplicateStaff,
    /// The person no longer holds a place (left, retired, died).
    NotPresent,
    /// No free leadership position of that level.
    NoLeadershipPost,
    /// A `remove` for a person holding no (such) leadership position.
    NotAppointed,
    /// A `return` for a person who is not seconded.
    NotSeconded,
}

impl RejectCode {
    /// The code as written in JSON.
    pub fn as_str(self) -> &'static str {
        use RejectCode::*;
        match self {
            InvalidEvent => "INVALID_EVENT",
            DuplicateEvent => "DUPLICATE_EVENT",
            UnknownUnit => "UNKNOWN_UNIT",
            UnknownStaff => "UNKNOWN_STAFF",
            UnknownReservation => "UNKNOWN_RESERVATION",
            UnknownCategory => "UNKNOWN_CATEGORY",
            NoPool => "NO_POOL",
            NoVacancy => "NO_VACANCY",
            ApprovalBlocked => "APPROVAL_BLOCKED",
            ReservationClosed => "RESERVATION_CLOSED",
            ReservationMismatch => "RESERVATION_MISMATCH",
            SamePool => "SAME_POOL",
            DuplicateStaff => "DUPLICATE_STAFF",
            NotPresent => "NOT_PRESENT",
            NoLeadershipPost => "NO_LEADERSHIP_POST",
            NotAppointed => "NOT_APPOINTED",
            NotSeconded => "NOT_SECONDED",
        }
    }

    /// A short Chinese title.
    pub fn zh(self) -> &'static str {
        use RejectCode::*;
        match self {
            InvalidEvent => "事项无法读取",
            DuplicateEvent => "事项编号重复",
            UnknownUnit => "单位不存在",
            UnknownStaff => "人员不存在",
            UnknownReservation => "用编核准不存在",
            UnknownCategory => "编制类型未定义",
            NoPool => "单位不核定编制",
            NoVacancy => "空编不足",
            ApprovalBlocked => "存在未整改问题，暂停用编",
            ReservationClosed => "用编核准已失效",
            ReservationMismatch => "用编核准的单位或编制类型不符",
            SamePool => "调剂双方属同一编制单位",
            DuplicateStaff => "人员编号已存在",
            NotPresent => "人员已不在编",
            NoLeadershipPost => "领导职数已满",
            NotAppointed => "人员未任该职务",
            NotSeconded => "人员未被借调",
        }
    }
}

/// The decision on one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Decision {
    /// The event id.
    pub event: String,
    /// Position of the event in the input.
    pub row: usize,
    /// The event date (`None` when unreadable).
    pub date: Option<NaiveDate>,
    /// The event type, when readable.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<EventKind>,
    /// Approved or rejected.
    pub status: DecisionStatus,
    /// Why it was rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<RejectCode>,
    /// The pool (establishment-holding unit) concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// The category concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Places asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested: Option<u64>,
    /// Places available on the date, before the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<u64>,
    /// The unreadable field of an `INVALID_EVENT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The open rectification items behind an `APPROVAL_BLOCKED`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_items: Vec<String>,
    /// Why (rejections only), Chinese by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Decision {
    /// Whether the event took effect.
    pub fn approved(&self) -> bool {
        self.status == DecisionStatus::Approved
    }
}

/// Places of one pool and category on the result date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Balance {
    /// The pool (establishment-holding unit).
    pub unit: String,
    /// The category.
    pub category: String,
    /// Approved places.
    pub approved: u64,
    /// People holding a place.
    pub occupied: u64,
    /// Places held by open reservations.
    pub reserved: u64,
    /// approved − occupied − reserved, floored at 0.
    pub available: u64,
    /// occupied + reserved − approved, floored at 0 (an opening roster may be over).
    pub over: u64,
}

/// People who left, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Exits {
    /// 退休.
    pub retired: u64,
    /// 调出.
    pub transferred_out: u64,
    /// 辞职.
    pub resigned: u64,
    /// 辞退 / 开除.
    pub dismissed: u64,
    /// 死亡.
    pub deceased: u64,
    /// 分流.
    pub redeployed: u64,
}

impl Exits {
    /// All exits.
    pub fn total(&self) -> u64 {
        self.retired
            + self.transferred_out
            + self.resigned
            + self.dismissed
            + self.deceased
            + self.redeployed
    }

    pub(crate) fn from_counts(c: &[u32; 6]) -> Exits {
        let g = |r: ExitReason| u64::from(c[r.index()]);
        Exits {
            retired: g(ExitReason::Retired),
            transferred_out: g(ExitReason::TransferredOut),
            resigned: g(ExitReason::Resigned),
            dismissed: g(ExitReason::Dismissed),
            deceased: g(ExitReason::Deceased),
            redeployed: g(ExitReason::Redeployed),
        }
    }
}

/// One row of the change table (增减变动) of a pool and category over the period.
///
/// `closing_approved = opening_approved + approved_in − approved_out + transferred_in −
/// transferred_out` and `closing_occupied = opening_occupied + enrolled + moved_in −
/// moved_out − exited.total()` hold for every row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChangeRow {
    /// The pool.
    pub unit: String,
    /// The category.
    pub category: String,
    /// Approved places at the opening.
    pub opening_approved: u64,
    /// 核增.
    pub approved_in: u64,
    /// 核减 / 收回.
    pub approved_out: u64,
    /// 调剂 received.
    pub transferred_in: u64,
    /// 调剂 given.
    pub transferred_out: u64,
    /// Approved places at the end.
    pub closing_approved: u64,
    /// People holding a place at the opening.
    pub opening_occupied: u64,
    /// 入编.
    pub enrolled: u64,
    /// 调动 in (from another pool or category).
    pub moved_in: u64,
    /// 调动 out.
    pub moved_out: u64,
    /// 出编 by reason.
    pub exited: Exits,
    /// People holding a place at the end.
    pub closing_occupied: u64,
}

impl ChangeRow {
    /// Whether both balances reconcile (they always do; this is what tests assert).
    pub fn reconciles(&self) -> bool {
        self.opening_approved + self.approved_in + self.transferred_in
            == self.closing_approved + self.approved_out + self.transferred_out
            && self.opening_occupied + self.enrolled + self.moved_in
                == self.closing_occupied + self.moved_out + self.exited.total()
    }
}

/// A finding of the ledger (not a rejection).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LedgerFinding {
    /// `REDEPLOYED_REBOUND` (warning): a person redeployed (分流) out of a pool is enrolled
    /// in the same pool again; `REDEPLOYED_REENTRY` (info): in another pool;
    /// `UNKNOWN_FIELD` (info): an event carries a key no event uses; `UNKNOWN_UNIT`
    /// (warning): a rectification item names no unit.
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// The event concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The person (staff id of the new enrolment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    /// The earlier staff id of the person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_staff: Option<String>,
    /// The unit (pool) of the re-entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The pool the person was redeployed from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_unit: Option<String>,
    /// Date of the exit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_date: Option<NaiveDate>,
    /// Date of the re-entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_date: Option<NaiveDate>,
    /// The unknown key (`UNKNOWN_FIELD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Message, Chinese by default.
    pub message: String,
}

/// State of a reservation on the result date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReservationStatus {
    /// Still holding places.
    Open,
    /// Every place used by enrolments.
    Used,
    /// Cancelled (撤销用编).
    Cancelled,
    /// Past its `expires` date with places unused.
    Expired,
}

/// A reservation (用编核准) and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReservationRow {
    /// The id of the `reserve` event.
    pub id: String,
    /// The unit that asked.
    pub unit: String,
    /// Its pool.
    pub pool: String,
    /// The category.
    pub category: String,
    /// Date approved.
    pub date: NaiveDate,
    /// Last valid day.
    pub expires: Option<NaiveDate>,
    /// Places reserved.
    pub count: u64,
    /// Places used by enrolments.
    pub used: u64,
    /// Places still held (0 unless open).
    pub remaining: u64,
    /// State on the result date.
    pub status: ReservationStatus,
}

/// The ledger as of a date.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LedgerResult {
    /// The result date.
    pub as_of: NaiveDate,
    /// The opening date (the opening dataset's `as_of`).
    pub opening_date: Option<NaiveDate>,
    /// A decision per event dated ≤ as_of (and per event without a readable date), in
    /// application order: date, then input order.
    pub decisions: Vec<Decision>,
    /// Events dated after as_of (not applied).
    pub pending: usize,
    /// Per pool and category.
    pub balances: Vec<Balance>,
    /// Per pool and category with any place or movement.
    pub changes: Vec<ChangeRow>,
    /// Reservations approved so far.
    pub reservations: Vec<ReservationRow>,
    /// Findings (分流人员反弹 …).
    pub findings: Vec<LedgerFinding>,
    /// The roster after every approved event.
    pub snapshot: Dataset,
    /// The validation report of the snapshot at as_of.
    pub report: Report,
}

impl LedgerResult {
    /// Approved decisions.
    pub fn approved_count(&self) -> usize {
        self.decisions.iter().filter(|d| d.approved()).count()
    }

    /// Rejected decisions.
    pub fn rejected_count(&self) -> usize {
        self.decisions.len() - self.approved_count()
    }

    /// The JSON output of `docs/ledger.md` (with the snapshot's report; not the snapshot).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::json!({
            "as_of": self.as_of,
            "opening_date": self.opening_date,
            "summary": {
                "events": self.decisions.len(),
                "approved": self.approved_count(),
                "rejected": self.rejected_count(),
                "pending": self.pending,
                "findings": self.findings.len(),
            },
            "decisions": self.decisions,
            "balances": self.balances,
            "changes": self.changes,
            "reservations": self.reservations,
            "findings": self.findings,
            "report": self.report,
        })
    }

    /// [`LedgerResult::to_value`] as text.
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }
}
