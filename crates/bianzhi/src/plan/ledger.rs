//! 整改台账 (`docs/formats.md#rectification-ledger`): rectification tasks with 四落实 and dated events, summarised as
//! of a date.
//!
//! Definitions used by [`summarise`] (all rates exact [`Decimal`] fractions):
//! - A task is **closed** when its last effective event is a 销号 (`closed`) that followed a
//!   `verified`; a closure without verification does not count (the task stays open and the
//!   problem is reported). Events dated after `as_of` are ignored (and counted).
//! - rectification rate = closed / total tasks.
//! - on-time rate = closed with closing date ≤ deadline / tasks that are closed or whose
//!   deadline has passed (deadline < as_of; the deadline day itself is still in time). A closed
//!   task without a deadline is in the denominator and counts as not on time.
//! - overdue = open tasks with deadline < as_of; remaining = total − closed.
//! - A rate with a zero denominator is `null` ("n/a"); its target check is then neither
//!   passed nor failed (`passed: null`) and does not make `targets_met` false.
//!
//! Malformed data never fails: missing 四落实 items, closure without verification, events
//! that do not fit the task's state (e.g. verified before rectified), events for unknown
//! tasks, duplicate task ids and reopened (反弹) tasks are reported in `problems`.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::num::{self, fixed};
use super::{finding_id, PlanError};
use crate::validate::{Report, Severity};

/// Funds (资金落实): an amount in yuan or a text such as "无需资金".
///
/// ```
/// use bianzhi::plan::ledger::Funds;
/// let f: Vec<Funds> = serde_json::from_str(r#"[12000.5, "无需资金"]"#).unwrap();
/// assert_eq!(f[0], Funds::Amount("12000.5".parse().unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Funds {
    /// An amount (yuan).
    Amount(#[serde(with = "num::norm")] Decimal),
    /// A note.
    Text(String),
}

impl<'de> Deserialize<'de> for Funds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Funds, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(num::Dec),
            Text(String),
        }
        // Strings stay text (a decimal string is an amount written as text).
        Ok(match Raw::deserialize(d)? {
            Raw::Num(n) => Funds::Amount(n.0),
            Raw::Text(s) => Funds::Text(s),
        })
    }
}

/// A ledger event type.
///
/// ```
/// use bianzhi::plan::ledger::EventKind;
/// let k: EventKind = serde_json::from_str("\"销号\"").unwrap();
/// assert_eq!(k, EventKind::Closed);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    /// 整改完成 (reported rectified).
    #[serde(alias = "整改完成", alias = "已整改")]
    Rectified,
    /// 验收 / 核查通过.
    #[serde(alias = "验收", alias = "验收通过", alias = "核查通过")]
    Verified,
    /// 销号.
    #[serde(alias = "销号")]
    Closed,
    /// 反弹 / 重新打开.
    #[serde(alias = "反弹", alias = "重新打开")]
    Reopened,
}

/// A dated event of a task.
///
/// ```
/// let e: bianzhi::plan::ledger::TaskEvent = serde_json::from_str(
///     r#"{"type": "rectified", "date": "2026-03-01"}"#).unwrap();
/// assert_eq!(e.date.to_string(), "2026-03-01");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskEvent {
    /// Event type.
    #[serde(rename = "type", alias = "event", alias = "kind")]
    #[serde(deserialize_with = "crate::model::de_simplified")]
    pub kind: EventKind,
    /// Date.
    pub date: NaiveDate,
    /// Who recorded or verified it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An event listed at ledger level, naming its task.
///
/// ```
/// let e: bianzhi::plan::ledger::Event = serde_json::from_str(
///     r#"{"task": "T1", "type": "verified", "date": "2026-03-05"}"#).unwrap();
/// assert_eq!(e.task, "T1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The task (or finding) id.
    #[serde(alias = "finding")]
    pub task: String,
    /// The event.
    #[serde(flatten)]
    pub event: TaskEvent,
}

/// A rectification task (one finding) with its 四落实.
///
/// ```
/// let t: bianzhi::plan::ledger::Task = serde_json::from_str(r#"{"id": "T1",
///     "unit": "U1", "person": "李四", "deadline": "2026-06-30", "measures": "清退",
///     "funds": 0}"#).unwrap();
/// assert!(t.missing_items().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Task id (for tasks made from a report: the finding id).
    pub id: String,
    /// The finding it rectifies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    /// The finding code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Description of the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// 责任单位.
    #[serde(default)]
    pub unit: Option<String>,
    /// 责任人.
    #[serde(default)]
    pub person: Option<String>,
    /// 整改时限.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    /// 整改措施.
    #[serde(default)]
    pub measures: Option<String>,
    /// 资金.
    #[serde(default)]
    pub funds: Option<Funds>,
    /// Events of this task.
    #[serde(default)]
    pub events: Vec<TaskEvent>,
    /// 登记日期: the day the task entered the ledger; a task registered after `as_of` is not
    /// counted in the figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered: Option<NaiveDate>,
    /// 一般 / 重大 (general / major), each class with its own targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<TaskClass>,
    /// The day the rectification was ordered (整改通知下达), from which `due_in_days` or
    /// `due_in_workdays` count (the registration date when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered: Option<NaiveDate>,
    /// Deadline in calendar days after the order date (「3日内」: ordered + 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_in_days: Option<u32>,
    /// Deadline in working days after the order date (「3个工作日内」), under the State Council
    /// holiday calendar (`docs/workdays.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_in_workdays: Option<u32>,
}

/// The class of a task: 一般 (general) or 重大 (major), e.g. 一般隐患 / 重大隐患.
///
/// ```
/// use bianzhi::plan::ledger::TaskClass;
/// let c: TaskClass = serde_json::from_str("\"重大\"").unwrap();
/// assert_eq!((c, c.zh()), (TaskClass::Major, "重大"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskClass {
    /// 一般.
    #[serde(alias = "一般")]
    General,
    /// 重大.
    #[serde(alias = "重大")]
    Major,
}

impl TaskClass {
    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            TaskClass::General => "一般",
            TaskClass::Major => "重大",
        }
    }
    fn key(self) -> &'static str {
        match self {
            TaskClass::General => "general",
            TaskClass::Major => "major",
        }
    }
}

/// Which tasks the on-time rate counts as due.
///
/// ```
/// let d: bianzhi::plan::ledger::DueBasis = serde_json::from_str("\"through_as_of\"").unwrap();
/// assert_eq!(d, bianzhi::plan::ledger::DueBasis::ThroughAsOf);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueBasis {
    /// Tasks closed, or with a deadline before `as_of` (the deadline day itself is still in
    /// time): the default.
    #[default]
    BeforeAsOf,
    /// Tasks closed, or with a deadline on or before `as_of`.
    ThroughAsOf,
}

impl Task {
    /// The deadline: `deadline` when given, else the order date (or the registration date)
    /// plus `due_in_days` calendar days or `due_in_workdays` working days.
    ///
    /// ```
    /// use bianzhi::plan::ledger::Task;
    /// let t: Task = serde_json::from_str(r#"{"id": "T1", "ordered": "2026-09-30", "due_in_workdays": 3}"#).unwrap();
    /// let cal = bianzhi::workdays::Calendar::official();
    /// assert_eq!(t.effective_deadline(cal).unwrap().unwrap().to_string(), "2026-10-10");
    /// ```
    pub fn effective_deadline(
        &self,
        calendar: &crate::workdays::Calendar,
    ) -> Result<Option<NaiveDate>, crate::workdays::WorkdayError> {
        if self.deadline.is_some() {
            return Ok(self.deadline);
        }
        let Some(from) = self.ordered.or(self.registered) else {
            return Ok(None);
        };
        if let Some(n) = self.due_in_workdays {
            return calendar.add_workdays(from, i64::from(n)).map(Some);
        }
        Ok(self
            .due_in_days
            .and_then(|n| from.checked_add_days(chrono::Days::new(u64::from(n)))))
    }
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .is_none()
}

impl Task {
    /// The 四落实 items missing: `unit`, `person`, `deadline`, `measures`, `funds` (blank
    /// strings count as missing; a funds amount of 0 or a text such as 无需资金 is present).
    ///
    /// ```
    /// let t = bianzhi::plan::ledger::Task { id: "T1".into(), ..Default::default() };
    /// assert_eq!(t.missing_items(), vec!["unit", "person", "deadline", "measures", "funds"]);
    /// ```
    pub fn missing_items(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        if blank(&self.unit) {
            m.push("unit");
        }
        if blank(&self.person) {
            m.push("person");
        }
        if self.deadline.is_none()
            && !(self.ordered.or(self.registered).is_some()
                && (self.due_in_days.is_some() || self.due_in_workdays.is_some()))
        {
            m.push("deadline");
        }
        if blank(&self.measures) {
            m.push("measures");
        }
        match &self.funds {
            None => m.push("funds"),
            Some(Funds::Text(t)) if t.trim().is_empty() => m.push("funds"),
            _ => {}
        }
        m
    }
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}
fn d95() -> Decimal {
    d("0.95")
}
fn d80() -> Decimal {
    d("0.80")
}

/// Targets (巡察整改评估方案: 一般隐患整改率 ≥ 95%, 重大隐患按期整改率 ≥ 80%).
///
/// ```
/// let t = bianzhi::plan::ledger::Targets::default();
/// assert_eq!((t.rectification_rate.to_string(), t.on_time_rate.to_string()),
///     ("0.95".into(), "0.80".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Minimum rectification rate (0.95).
    #[serde(
        default = "d95",
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub rectification_rate: Decimal,
    /// Minimum on-time rate (0.80).
    #[serde(
        default = "d80",
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub on_time_rate: Decimal,
    /// Targets of the tasks of one class (checked when some task has a class). Default: 一般
    /// rectification rate ≥ 95 %, 重大 on-time rate ≥ 80 % (「一般隐患整治率达95%以上，重大
    /// 隐患限期整治率达80%以上」).
    #[serde(default = "default_class_targets")]
    pub classes: BTreeMap<TaskClass, ClassTargets>,
}

/// The targets of one class; a target left out is not checked.
///
/// ```
/// let t: bianzhi::plan::ledger::ClassTargets = serde_json::from_str(r#"{"on_time_rate": 0.8}"#).unwrap();
/// assert!(t.rectification_rate.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClassTargets {
    /// Minimum rectification rate of the class.
    #[serde(
        default,
        deserialize_with = "num::de_opt",
        serialize_with = "num::norm_opt::serialize"
    )]
    pub rectification_rate: Option<Decimal>,
    /// Minimum on-time rate of the class.
    #[serde(
        default,
        deserialize_with = "num::de_opt",
        serialize_with = "num::norm_opt::serialize"
    )]
    pub on_time_rate: Option<Decimal>,
}

fn default_class_targets() -> BTreeMap<TaskClass, ClassTargets> {
    BTreeMap::from([
        (
            TaskClass::General,
            ClassTargets {
                rectification_rate: Some(d95()),
                on_time_rate: None,
            },
        ),
        (
            TaskClass::Major,
            ClassTargets {
                rectification_rate: None,
                on_time_rate: Some(d80()),
            },
        ),
    ])
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            rectification_rate: d95(),
            on_time_rate: d80(),
            classes: default_class_targets(),
        }
    }
}

/// A rectification ledger.
///
/// ```
/// let l: bianzhi::plan::Ledger = serde_json::from_str(r#"{"tasks": [{"id": "T1"}],
///     "events": [{"task": "T1", "type": "rectified", "date": "2026-01-05"}]}"#).unwrap();
/// assert_eq!(l.tasks.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ledger {
    /// Tasks.
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// Events listed at ledger level (each names its task).
    #[serde(default)]
    pub events: Vec<Event>,
    /// Targets.
    #[serde(default)]
    pub targets: Targets,
    /// Which tasks the on-time rate counts as due (default: deadline before `as_of`).
    #[serde(default)]
    pub on_time_basis: DueBasis,
    /// Holiday calendar years added to or replacing the shipped ones, for `due_in_workdays`
    /// (the format of `docs/workdays.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<serde_json::Value>,
}

impl Ledger {
    /// One task per error-severity finding of a validation report: id and finding =
    /// [`finding_id`], code, title = message, responsible unit = the finding's unit, the
    /// given deadline; person, measures and funds are left for the user (so the summary
    /// reports them missing until filled in).
    ///
    /// ```
    /// use bianzhi::plan::Ledger;
    /// use bianzhi::{Code, Report, Violation};
    /// let mut ghost = Violation::new(Code::GhostPayroll);
    /// ghost.unit = Some("U1".into());
    /// let report = Report::new("2026-11-30".parse().unwrap(), vec![Violation::new(Code::DutyGap), ghost]);
    /// let l = Ledger::from_report(&report, "2027-03-31".parse().unwrap());
    /// assert_eq!(l.tasks.len(), 1); // the warning is not a task
    /// assert_eq!((l.tasks[0].id.as_str(), l.tasks[0].unit.as_deref()), ("F0002", Some("U1")));
    /// ```
    pub fn from_report(report: &Report, deadline: NaiveDate) -> Ledger {
        let tasks = report
            .violations
            .iter()
            .enumerate()
            .filter(|(_, v)| v.severity == Severity::Error)
            .map(|(i, v)| Task {
                id: finding_id(i),
                finding: Some(finding_id(i)),
                code: Some(v.code.as_str().into()),
                title: Some(if v.message.is_empty() {
                    v.code.zh().to_string()
                } else {
                    v.message.clone()
                }),
                unit: v.unit.clone(),
                deadline: Some(deadline),
                ..Task::default()
            })
            .collect();
        Ledger {
            tasks,
            ..Ledger::default()
        }
    }
}

/// A task's state as of the summary date.
///
/// ```
/// assert_eq!(bianzhi::plan::ledger::Status::Closed.zh(), "已销号");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Not rectified yet (or reopened).
    Open,
    /// Reported rectified, awaiting verification.
    Rectified,
    /// Verified, awaiting 销号.
    Verified,
    /// Closed without verification: still counted as open.
    ClosedUnverified,
    /// Verified and closed.
    Closed,
}

impl Status {
    /// Chinese name.
    ///
    /// ```
    /// assert_eq!(bianzhi::plan::ledger::Status::Open.zh(), "未整改");
    /// ```
    pub fn zh(self) -> &'static str {
        match self {
            Status::Open => "未整改",
            Status::Rectified => "已整改待验收",
            Status::Verified => "已验收待销号",
            Status::ClosedUnverified => "未验收销号",
            Status::Closed => "已销号",
        }
    }
}

/// Kinds of ledger problems.
///
/// ```
/// use bianzhi::plan::ledger::ProblemCode;
/// assert_eq!(serde_json::to_string(&ProblemCode::IncompleteTask).unwrap(), "\"INCOMPLETE_TASK\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ProblemCode {
    /// 四落实不全: unit, person, deadline, measures or funds missing.
    IncompleteTask,
    /// Two tasks share an id (the later one is ignored).
    DuplicateTask,
    /// A ledger-level event names no task.
    UnknownTask,
    /// 未经验收销号.
    ClosedWithoutVerification,
    /// An event that does not fit the task's state (ignored), e.g. verified before rectified.
    EventOutOfOrder,
    /// 整改反弹: a closed task reopened.
    Reopened,
    /// The deadline in working days could not be counted (a year the holiday calendar does
    /// not hold, or an invalid calendar): the task has no deadline.
    DeadlineNotComputed,
}

impl ProblemCode {
    /// Chinese name.
    ///
    /// ```
    /// assert_eq!(bianzhi::plan::ledger::ProblemCode::Reopened.zh(), "整改反弹");
    /// ```
    pub fn zh(self) -> &'static str {
        match self {
            ProblemCode::IncompleteTask => "四落实不全",
            ProblemCode::DuplicateTask => "任务编号重复",
            ProblemCode::UnknownTask => "事件对应任务不存在",
            ProblemCode::ClosedWithoutVerification => "未经验收销号",
            ProblemCode::EventOutOfOrder => "事件顺序错误",
            ProblemCode::Reopened => "整改反弹",
            ProblemCode::DeadlineNotComputed => "整改时限无法计算",
        }
    }
}

/// A problem found in the ledger data.
///
/// ```
/// let s = bianzhi::plan::rectification_json(r#"{"tasks": [{"id": "T1"}]}"#,
///     Some("2026-01-01".parse().unwrap())).unwrap();
/// assert_eq!(s.problems[0].missing, vec!["unit", "person", "deadline", "measures", "funds"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Problem {
    /// Code.
    pub code: ProblemCode,
    /// Task concerned.
    pub task: String,
    /// Date of the event concerned.
    pub date: Option<NaiveDate>,
    /// For INCOMPLETE_TASK: the missing items.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<&'static str>,
    /// Explanation.
    pub message: String,
}

/// An exact rate `numerator / denominator`; `value` and `percent` are null when the
/// denominator is 0.
///
/// ```
/// let r = bianzhi::plan::ledger::Rate::new(2, 3);
/// assert_eq!(r.percent.as_deref(), Some("66.67%"));
/// assert_eq!(bianzhi::plan::ledger::Rate::new(0, 0).value, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Rate {
    /// Numerator.
    pub numerator: u64,
    /// Denominator.
    pub denominator: u64,
    /// The fraction (28 significant digits), null when the denominator is 0.
    #[serde(serialize_with = "num::norm_opt::serialize")]
    pub value: Option<Decimal>,
    /// Percentage with two places, e.g. `"66.67%"`.
    pub percent: Option<String>,
}

impl Rate {
    /// Builds the rate.
    ///
    /// ```
    /// assert_eq!(bianzhi::plan::ledger::Rate::new(19, 20).value, Some("0.95".parse().unwrap()));
    /// ```
    pub fn new(numerator: u64, denominator: u64) -> Rate {
        let value = if denominator == 0 {
            None
        } else {
            Decimal::from(numerator).checked_div(Decimal::from(denominator))
        };
        Rate {
            numerator,
            denominator,
            value: value.map(|v| v.normalize()),
            percent: value
                .and_then(|v| v.checked_mul(Decimal::ONE_HUNDRED))
                .map(|p| format!("{}%", fixed(p, 2))),
        }
    }

    /// `Some(numerator ≥ target × denominator)` (exact), `None` when the denominator is 0.
    ///
    /// ```
    /// use bianzhi::plan::ledger::Rate;
    /// assert_eq!(Rate::new(19, 20).meets("0.95".parse().unwrap()), Some(true));
    /// assert_eq!(Rate::new(18, 20).meets("0.95".parse().unwrap()), Some(false));
    /// ```
    pub fn meets(&self, target: Decimal) -> Option<bool> {
        if self.denominator == 0 {
            return None;
        }
        let need = target.checked_mul(Decimal::from(self.denominator))?;
        Some(Decimal::from(self.numerator) >= need)
    }
}

/// One target check.
///
/// ```
/// let s = bianzhi::plan::rectification_json(r#"{"tasks": []}"#,
///     Some("2026-01-01".parse().unwrap())).unwrap();
/// assert_eq!((s.targets[0].status.as_str(), s.targets[0].passed), ("n/a", None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TargetCheck {
    /// `rectification_rate` or `on_time_rate`.
    pub name: String,
    /// The minimum.
    #[serde(with = "num::norm")]
    pub target: Decimal,
    /// The rate's value (null when n/a).
    #[serde(serialize_with = "num::norm_opt::serialize")]
    pub actual: Option<Decimal>,
    /// Passed, failed, or null when the rate is n/a.
    pub passed: Option<bool>,
    /// `pass`, `fail` or `n/a`.
    pub status: String,
}

/// The state of one task as of the date.
///
/// ```
/// let s = bianzhi::plan::rectification_json(r#"{"tasks": [{"id": "T1",
///     "deadline": "2026-01-31"}]}"#, Some("2026-02-03".parse().unwrap())).unwrap();
/// assert_eq!(s.tasks[0].overdue_days, Some(3));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TaskStatus {
    /// Task id.
    pub id: String,
    /// Finding id.
    pub finding: Option<String>,
    /// Finding code.
    pub code: Option<String>,
    /// Responsible unit.
    pub unit: Option<String>,
    /// Responsible person.
    pub person: Option<String>,
    /// Deadline.
    pub deadline: Option<NaiveDate>,
    /// State.
    pub status: Status,
    /// Date of the (verified) closure.
    pub closed_on: Option<NaiveDate>,
    /// Closed on or before the deadline (null while not closed).
    pub on_time: Option<bool>,
    /// Days past the deadline while open (null when not overdue).
    pub overdue_days: Option<i64>,
    /// Days late of a task closed after its deadline (closing date − deadline; null when
    /// closed in time, not closed, or without a deadline).
    pub days_late: Option<i64>,
    /// Times reopened.
    pub reopened: u32,
    /// 一般 / 重大.
    pub class: Option<TaskClass>,
    /// Registration date.
    pub registered: Option<NaiveDate>,
    /// Counted in the figures: false for a task registered after `as_of`.
    pub counted: bool,
}

/// Figures for one responsible unit (or for tasks with none: `unit` null, listed last).
///
/// ```
/// let s = bianzhi::plan::rectification_json(r#"{"tasks": [{"id": "T1", "unit": "U1"}]}"#,
///     Some("2026-01-01".parse().unwrap())).unwrap();
/// assert_eq!((s.per_unit[0].unit.as_deref(), s.per_unit[0].remaining), (Some("U1"), 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UnitStats {
    /// Responsible unit.
    pub unit: Option<String>,
    /// Tasks.
    pub total: u64,
    /// Verified-closed tasks.
    pub closed: u64,
    /// Open tasks.
    pub remaining: u64,
    /// Open past deadline.
    pub overdue: u64,
    /// closed / total.
    pub rectification_rate: Rate,
    /// closed on time / (closed or deadline passed).
    pub on_time_rate: Rate,
}

/// Figures for one class of tasks (一般 / 重大).
///
/// ```
/// let s = bianzhi::plan::rectification_json(r#"{"tasks": [{"id": "T1", "class": "重大"}]}"#,
///     Some("2026-01-01".parse().unwrap())).unwrap();
/// assert_eq!((s.per_class[0].class, s.per_class[0].remaining), (bianzhi::plan::ledger::TaskClass::Major, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassStats {
    /// The class.
    pub class: TaskClass,
    /// Tasks.
    pub total: u64,
    /// Verified-closed tasks.
    pub closed: u64,
    /// Open tasks.
    pub remaining: u64,
    /// Open past deadline.
    pub overdue: u64,
    /// closed / total.
    pub rectification_rate: Rate,
    /// closed on time / due.
    pub on_time_rate: Rate,
}

/// The summary of a ledger as of a date.
///
/// ```
/// let s = bianzhi::plan::rectification_json(r#"{"tasks": [{"id": "T1", "unit": "U1",
///     "person": "李四", "deadline": "2026-03-31", "measures": "清退", "funds": 0, "events": [
///     {"type": "rectified", "date": "2026-03-01"}, {"type": "verified", "date": "2026-03-10"},
///     {"type": "closed", "date": "2026-03-12"}]}]}"#, Some("2026-04-01".parse().unwrap()))
///     .unwrap();
/// assert_eq!(s.rectification_rate.percent.as_deref(), Some("100.00%"));
/// assert!(s.targets_met && s.problems.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LedgerSummary {
    /// The date.
    pub as_of: NaiveDate,
    /// Tasks (duplicates left out).
    pub total: u64,
    /// Verified-closed tasks.
    pub closed: u64,
    /// Open tasks (total − closed).
    pub remaining: u64,
    /// closed / total.
    pub rectification_rate: Rate,
    /// closed on or before deadline / (closed or deadline passed).
    pub on_time_rate: Rate,
    /// Open tasks past their deadline, earliest deadline first.
    pub overdue: Vec<TaskStatus>,
    /// Per responsible unit, by unit id, tasks without a unit last.
    pub per_unit: Vec<UnitStats>,
    /// Per class (一般 then 重大), only the classes some counted task has.
    pub per_class: Vec<ClassStats>,
    /// Tasks registered after `as_of`, not counted.
    pub not_yet_registered: u64,
    /// Which tasks the on-time rate counts as due.
    pub on_time_basis: DueBasis,
    /// Target checks.
    pub targets: Vec<TargetCheck>,
    /// No target failed (n/a targets do not fail).
    pub targets_met: bool,
    /// Problems in the data, by task order then event date.
    pub problems: Vec<Problem>,
    /// Every task's state, in input order.
    pub tasks: Vec<TaskStatus>,
    /// Events dated after `as_of`, ignored.
    pub ignored_future_events: u64,
}

fn stats(
    tasks: &[&TaskStatus],
    as_of: NaiveDate,
    basis: DueBasis,
) -> (u64, u64, u64, u64, Rate, Rate) {
    let total = tasks.len() as u64;
    let closed = tasks.iter().filter(|t| t.status == Status::Closed).count() as u64;
    let overdue = tasks.iter().filter(|t| t.overdue_days.is_some()).count() as u64;
    let is_due = |d: NaiveDate| match basis {
        DueBasis::BeforeAsOf => d < as_of,
        DueBasis::ThroughAsOf => d <= as_of,
    };
    let due: Vec<_> = tasks
        .iter()
        .filter(|t| t.status == Status::Closed || t.deadline.is_some_and(is_due))
        .collect();
    let on_time = due.iter().filter(|t| t.on_time == Some(true)).count() as u64;
    (
        total,
        closed,
        total - closed,
        overdue,
        Rate::new(closed, total),
        Rate::new(on_time, due.len() as u64),
    )
}

/// Summarises a ledger as of a date (see the module documentation for the definitions).
///
/// ```
/// use bianzhi::plan::ledger::{summarise, Ledger, ProblemCode};
/// let l: Ledger = serde_json::from_str(r#"{"tasks": [{"id": "T1", "deadline": "2026-01-31",
///     "events": [{"type": "closed", "date": "2026-01-20"}]}]}"#).unwrap();
/// let s = summarise(&l, "2026-02-01".parse().unwrap());
/// assert_eq!(s.closed, 0); // closure without verification does not count
/// assert!(s.problems.iter().any(|p| p.code == ProblemCode::ClosedWithoutVerification));
/// assert!(!s.targets_met);
/// ```
pub fn summarise(ledger: &Ledger, as_of: NaiveDate) -> LedgerSummary {
    let mut problems = Vec::new();
    let (calendar, calendar_error) =
        match crate::workdays::calendar_from_value(ledger.calendar.as_ref()) {
            Ok(c) => (c, None),
            Err(e) => (crate::workdays::Calendar::official().clone(), Some(e)),
        };
    let mut ignored = 0u64;
    // Tasks, duplicates dropped.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut tasks: Vec<&Task> = Vec::new();
    for t in &ledger.tasks {
        if index.contains_key(t.id.as_str()) {
            problems.push(Problem {
                code: ProblemCode::DuplicateTask,
                task: t.id.clone(),
                date: None,
                missing: vec![],
                message: format!(
                    "task id {} appears more than once; later copies ignored",
                    t.id
                ),
            });
            continue;
        }
        index.insert(&t.id, tasks.len());
        tasks.push(t);
    }
    let mut events: Vec<Vec<&TaskEvent>> =
        tasks.iter().map(|t| t.events.iter().collect()).collect();
    let mut unknown = Vec::new();
    for e in &ledger.events {
        match index.get(e.task.as_str()) {
            Some(&i) => events[i].push(&e.event),
            None => unknown.push(Problem {
                code: ProblemCode::UnknownTask,
                task: e.task.clone(),
                date: Some(e.event.date),
                missing: vec![],
                message: format!("event {:?} on {} names no task", e.event.kind, e.event.date),
            }),
        }
    }
    let mut statuses = Vec::with_capacity(tasks.len());
    for (i, t) in tasks.iter().enumerate() {
        let missing = t.missing_items();
        if !missing.is_empty() {
            problems.push(Problem {
                code: ProblemCode::IncompleteTask,
                task: t.id.clone(),
                date: None,
                message: format!("四落实不全: missing {}", missing.join(", ")),
                missing,
            });
        }
        let mut evs: Vec<&TaskEvent> = events[i].clone();
        evs.sort_by_key(|e| e.date); // stable: same-day events keep their listed order
        let mut state = Status::Open;
        let mut closed_on = None;
        let mut reopened = 0u32;
        for e in evs {
            if e.date > as_of {
                ignored += 1;
                continue;
            }
            let out_of_order = |problems: &mut Vec<Problem>, state: Status| {
                problems.push(Problem {
                    code: ProblemCode::EventOutOfOrder,
                    task: t.id.clone(),
                    date: Some(e.date),
                    missing: vec![],
                    message: format!(
                        "{:?} on {} while the task is {:?}; ignored",
                        e.kind, e.date, state
                    ),
                });
            };
            match (state, e.kind) {
                (Status::Open, EventKind::Rectified) => state = Status::Rectified,
                (Status::Rectified | Status::ClosedUnverified, EventKind::Verified) => {
                    state = Status::Verified
                }
                (Status::Verified, EventKind::Closed) => {
                    state = Status::Closed;
                    closed_on = Some(e.date);
                }
                (Status::Open | Status::Rectified, EventKind::Closed) => {
                    state = Status::ClosedUnverified;
                    problems.push(Problem {
                        code: ProblemCode::ClosedWithoutVerification,
                        task: t.id.clone(),
                        date: Some(e.date),
                        missing: vec![],
                        message: format!(
                            "closed on {} without verification; counted as open",
                            e.date
                        ),
                    });
                }
                (Status::Closed | Status::ClosedUnverified, EventKind::Reopened) => {
                    state = Status::Open;
                    closed_on = None;
                    reopened += 1;
                    problems.push(Problem {
                        code: ProblemCode::Reopened,
                        task: t.id.clone(),
                        date: Some(e.date),
                        missing: vec![],
                        message: format!("reopened (反弹) on {}", e.date),
                    });
                }
                (s, _) => out_of_order(&mut problems, s),
            }
        }
        let deadline = match (
            &calendar_error,
            t.due_in_workdays.is_some() && t.deadline.is_none(),
        ) {
            (Some(e), true) => Err(e.clone()),
            _ => t.effective_deadline(&calendar),
        }
        .unwrap_or_else(|e| {
            problems.push(Problem {
                code: ProblemCode::DeadlineNotComputed,
                task: t.id.clone(),
                date: t.ordered.or(t.registered),
                missing: vec![],
                message: format!(
                    "deadline of {} working days not computed: {e}",
                    t.due_in_workdays.unwrap_or(0)
                ),
            });
            None
        });
        let on_time = closed_on.map(|c| deadline.is_some_and(|d| c <= d));
        let days_late = match (closed_on, deadline) {
            (Some(c), Some(d)) if c > d => Some((c - d).num_days()),
            _ => None,
        };
        let counted = t.registered.is_none_or(|r| r <= as_of);
        let overdue_days = match (state, deadline) {
            (Status::Closed, _) | (_, None) => None,
            (_, Some(d)) if d < as_of => Some((as_of - d).num_days()),
            _ => None,
        };
        statuses.push(TaskStatus {
            id: t.id.clone(),
            finding: t.finding.clone(),
            code: t.code.clone(),
            unit: t.unit.clone().filter(|u| !u.trim().is_empty()),
            person: t.person.clone(),
            deadline,
            status: state,
            closed_on,
            on_time,
            overdue_days: overdue_days.filter(|_| counted),
            days_late,
            reopened,
            class: t.class,
            registered: t.registered,
            counted,
        });
    }
    problems.extend(unknown);

    let basis = ledger.on_time_basis;
    let all: Vec<&TaskStatus> = statuses.iter().filter(|t| t.counted).collect();
    let not_yet_registered = (statuses.len() - all.len()) as u64;
    let (total, closed, remaining, _, rect, on_time) = stats(&all, as_of, basis);
    let mut by_unit: BTreeMap<Option<&str>, Vec<&TaskStatus>> = BTreeMap::new();
    let mut by_class: BTreeMap<TaskClass, Vec<&TaskStatus>> = BTreeMap::new();
    for t in &all {
        by_unit.entry(t.unit.as_deref()).or_default().push(t);
        if let Some(c) = t.class {
            by_class.entry(c).or_default().push(t);
        }
    }
    let per_class: Vec<ClassStats> = by_class
        .iter()
        .map(|(c, list)| {
            let (total, closed, remaining, overdue, r, o) = stats(list, as_of, basis);
            ClassStats {
                class: *c,
                total,
                closed,
                remaining,
                overdue,
                rectification_rate: r,
                on_time_rate: o,
            }
        })
        .collect();
    let mut per_unit: Vec<UnitStats> = Vec::new();
    let mut none = None;
    for (unit, list) in by_unit {
        let (total, closed, remaining, overdue, r, o) = stats(&list, as_of, basis);
        let row = UnitStats {
            unit: unit.map(String::from),
            total,
            closed,
            remaining,
            overdue,
            rectification_rate: r,
            on_time_rate: o,
        };
        if unit.is_none() {
            none = Some(row);
        } else {
            per_unit.push(row);
        }
    }
    per_unit.extend(none);
    let mut overdue: Vec<TaskStatus> = statuses
        .iter()
        .filter(|t| t.counted && t.overdue_days.is_some())
        .cloned()
        .collect();
    overdue.sort_by_key(|t| t.deadline); // stable: input order within a date
    let check = |name: &str, target: Decimal, rate: &Rate| {
        let passed = rate.meets(target);
        TargetCheck {
            name: name.into(),
            target,
            actual: rate.value,
            passed,
            status: match passed {
                Some(true) => "pass",
                Some(false) => "fail",
                None => "n/a",
            }
            .into(),
        }
    };
    let mut targets = vec![
        check(
            "rectification_rate",
            ledger.targets.rectification_rate,
            &rect,
        ),
        check("on_time_rate", ledger.targets.on_time_rate, &on_time),
    ];
    for cs in &per_class {
        let Some(ct) = ledger.targets.classes.get(&cs.class) else {
            continue;
        };
        let k = cs.class.key();
        if let Some(t) = ct.rectification_rate {
            targets.push(check(
                &format!("{k}.rectification_rate"),
                t,
                &cs.rectification_rate,
            ));
        }
        if let Some(t) = ct.on_time_rate {
            targets.push(check(&format!("{k}.on_time_rate"), t, &cs.on_time_rate));
        }
    }

    let targets_met = targets.iter().all(|t| t.passed != Some(false));
    LedgerSummary {
        as_of,
        total,
        closed,
        remaining,
        rectification_rate: rect,
        on_time_rate: on_time,
        overdue,
        per_unit,
        per_class,
        not_yet_registered,
        on_time_basis: basis,
        targets,
        targets_met,
        problems,
        tasks: statuses,
        ignored_future_events: ignored,
    }
}

#[derive(Deserialize)]
struct LedgerInput {
    #[serde(default)]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    report: Option<Report>,
    #[serde(default)]
    deadline: Option<NaiveDate>,
    #[serde(flatten)]
    ledger: Ledger,
}

/// JSON entry point: a ledger `{"tasks": [...], "events": [...], "targets": {...}}`, optionally
/// with `"as_of"`, or with `"report"` (a validation report) and `"deadline"`: the report's
/// error findings become tasks ([`Ledger::from_report`]); listed tasks with the same id replace
/// them (to fill in the 四落实), others are added. `as_of` (argument) wins over the
/// document's; one of them is required.
///
/// ```
/// let s = bianzhi::plan::rectification_json(r#"{"as_of": "2026-05-01", "tasks": [
///     {"id": "T1", "deadline": "2026-04-30"}, {"id": "T2", "deadline": "2026-05-31"}]}"#, None)
///     .unwrap();
/// assert_eq!((s.remaining, s.overdue.len(), s.on_time_rate.percent.as_deref()),
///     (2, 1, Some("0.00%")));
/// ```
pub fn rectification_json(
    input: &str,
    as_of: Option<NaiveDate>,
) -> Result<LedgerSummary, PlanError> {
    // Configuration is exact; `flatten` hides the keys from `deny_unknown_fields`, so the
    // ledger's and its events' keys are checked on the value first.
    let value: serde_json::Value = serde_json::from_str(&crate::decimal::exact_numbers(input))
        .map_err(|e| PlanError::Input(e.to_string()))?;
    crate::keys::unknown_in::<Ledger>(&value, &["as_of", "report", "deadline"])
        .map_err(PlanError::Input)?;
    for (i, e) in value["events"].as_array().into_iter().flatten().enumerate() {
        crate::keys::unknown_in::<TaskEvent>(e, &["task", "finding"])
            .map_err(|m| PlanError::Input(format!("events[{i}]: {m}")))?;
    }
    let input: LedgerInput = serde_json::from_value(value)
        .map_err(|e| PlanError::Input(crate::keys::config_message(&e.to_string())))?;
    let as_of = as_of
        .or(input.as_of)
        .ok_or_else(|| PlanError::Input("no as_of date given".into()))?;
    let mut ledger = input.ledger;
    // The calendar is configuration: an invalid one fails the document.
    crate::workdays::calendar_from_value(ledger.calendar.as_ref())
        .map_err(|e| PlanError::Input(format!("calendar: {e}")))?;
    if let Some(report) = &input.report {
        let deadline = input.deadline.ok_or_else(|| {
            PlanError::Input("a ledger built from a report needs a `deadline`".into())
        })?;
        let mut built = Ledger::from_report(report, deadline);
        for t in std::mem::take(&mut ledger.tasks) {
            match built.tasks.iter_mut().find(|b| b.id == t.id) {
                Some(b) => *b = t,
                None => built.tasks.push(t),
            }
        }
        ledger.tasks = built.tasks;
    }
    Ok(summarise(&ledger, as_of))
}

/// Renders a summary as text; `lang` `"en"` for English labels, anything else Chinese.
///
/// ```
/// let s = bianzhi::plan::rectification_json(r#"{"tasks": [{"id": "T1"}]}"#,
///     Some("2026-01-01".parse().unwrap())).unwrap();
/// assert!(bianzhi::plan::ledger::render_text(&s, "en").contains("remaining 1"));
/// ```
pub fn render_text(s: &LedgerSummary, lang: &str) -> String {
    let en = lang == "en";
    if !en {
        return render_text_zh(s);
    }
    let na = "n/a".to_string();
    let pct = |r: &Rate| {
        format!(
            "{} ({}/{})",
            r.percent.as_ref().unwrap_or(&na),
            r.numerator,
            r.denominator
        )
    };
    let mut o = String::new();
    if en {
        let _ = writeln!(
            o,
            "Rectification ledger as of {}: {} tasks, closed {}, remaining {}, overdue {}",
            s.as_of,
            s.total,
            s.closed,
            s.remaining,
            s.overdue.len()
        );
        let _ = writeln!(o, "  rectification rate {}", pct(&s.rectification_rate));
        let _ = writeln!(o, "  on-time rate       {}", pct(&s.on_time_rate));
    } else {
        let _ = writeln!(
            o,
            "整改台账(截至 {}):共 {} 项,已销号 {},剩余 {},逾期 {}",
            s.as_of,
            s.total,
            s.closed,
            s.remaining,
            s.overdue.len()
        );
        let _ = writeln!(o, "  整改率   {}", pct(&s.rectification_rate));
        let _ = writeln!(o, "  按期整改率 {}", pct(&s.on_time_rate));
    }
    for t in &s.targets {
        let _ = writeln!(
            o,
            "  {} {} ≥ {}: {}",
            if en { "target" } else { "目标" },
            t.name,
            t.target.normalize(),
            t.status
        );
    }
    for u in &s.per_unit {
        let _ = writeln!(
            o,
            "  {:<12} {} {}/{}  {} {}  {} {}",
            u.unit
                .as_deref()
                .unwrap_or(if en { "(none)" } else { "(未指定)" }),
            if en { "closed" } else { "销号" },
            u.closed,
            u.total,
            if en { "remaining" } else { "剩余" },
            u.remaining,
            if en { "overdue" } else { "逾期" },
            u.overdue
        );
    }
    for c in &s.per_class {
        let _ = writeln!(
            o,
            "  {:<12} {} {}/{}  {} {}  {} {}",
            if en {
                format!("({})", c.class.key())
            } else {
                format!("（{}）", c.class.zh())
            },
            if en { "closed" } else { "销号" },
            c.closed,
            c.total,
            if en { "on time" } else { "按期" },
            pct(&c.on_time_rate),
            if en { "overdue" } else { "逾期" },
            c.overdue
        );
    }
    if s.not_yet_registered > 0 {
        let _ = writeln!(
            o,
            "  {} {}",
            if en {
                "registered after the date, not counted:"
            } else {
                "截至日期后登记、未计入："
            },
            s.not_yet_registered
        );
    }
    for t in s.tasks.iter().filter(|t| t.days_late.is_some()) {
        let _ = writeln!(
            o,
            "  {} {} {} {} +{}d",
            if en { "closed late" } else { "逾期销号" },
            t.id,
            t.deadline.map(|d| d.to_string()).unwrap_or_default(),
            t.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            t.days_late.unwrap_or(0)
        );
    }
    for t in &s.overdue {
        let _ = writeln!(
            o,
            "  {} {} {} {} +{}d",
            if en { "overdue" } else { "逾期" },
            t.id,
            t.unit.as_deref().unwrap_or("-"),
            t.deadline.map(|d| d.to_string()).unwrap_or_default(),
            t.overdue_days.unwrap_or(0)
        );
    }
    for p in &s.problems {
        let _ = writeln!(
            o,
            "  {} {} [{}] {}",
            if en { "problem" } else { "问题" },
            p.task,
            if en {
                format!("{:?}", p.code)
            } else {
                p.code.zh().to_string()
            },
            p.message
        );
    }
    o
}

/// Chinese name of a target check (`rectification_rate`, `重大.on_time_rate` …).
fn target_zh(name: &str) -> String {
    let (class, rate) = match name.rsplit_once('.') {
        Some((c, r)) => (
            match c {
                "general" => "一般".to_string(),
                "major" => "重大".to_string(),
                other => other.to_string(),
            },
            r,
        ),
        None => (String::new(), name),
    };
    let rate = match rate {
        "rectification_rate" => "整改率",
        "on_time_rate" => "按期整改率",
        other => other,
    };
    if class.is_empty() {
        rate.to_string()
    } else {
        format!("{class}问题{rate}")
    }
}

/// The Chinese text: every label, status and unit in Chinese, columns aligned by display width.
fn render_text_zh(s: &LedgerSummary) -> String {
    use super::text::{pad, percent};
    let na = "无法计算".to_string();
    let pct = |r: &Rate| {
        format!(
            "{}（{}/{}）",
            r.percent.as_ref().unwrap_or(&na),
            r.numerator,
            r.denominator
        )
    };
    let mut o = String::new();
    let _ = writeln!(
        o,
        "整改台账（截至 {}）：共 {} 项，已销号 {} 项，剩余 {} 项，逾期 {} 项",
        s.as_of,
        s.total,
        s.closed,
        s.remaining,
        s.overdue.len()
    );
    let _ = writeln!(o, "  {} {}", pad("整改率", 12), pct(&s.rectification_rate));
    let _ = writeln!(o, "  {} {}", pad("按期整改率", 12), pct(&s.on_time_rate));
    for t in &s.targets {
        let _ = writeln!(
            o,
            "  目标 {} ≥ {}：{}",
            target_zh(&t.name),
            percent(t.target),
            match t.passed {
                Some(true) => "达到",
                Some(false) => "未达到",
                None => "无法计算（无应整改事项）",
            }
        );
    }
    for u in &s.per_unit {
        let _ = writeln!(
            o,
            "  {} 销号 {}/{}  剩余 {}  逾期 {}",
            pad(u.unit.as_deref().unwrap_or("（未指定单位）"), 14),
            u.closed,
            u.total,
            u.remaining,
            u.overdue
        );
    }
    for c in &s.per_class {
        let _ = writeln!(
            o,
            "  {} 销号 {}/{}  按期 {}  逾期 {}",
            pad(&format!("（{}）", c.class.zh()), 14),
            c.closed,
            c.total,
            pct(&c.on_time_rate),
            c.overdue
        );
    }
    if s.not_yet_registered > 0 {
        let _ = writeln!(o, "  截至日期后登记、未计入：{}", s.not_yet_registered);
    }
    for t in s.tasks.iter().filter(|t| t.days_late.is_some()) {
        let _ = writeln!(
            o,
            "  逾期销号 {} 期限 {} 销号 {} 晚 {} 天",
            t.id,
            t.deadline.map(|d| d.to_string()).unwrap_or_default(),
            t.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            t.days_late.unwrap_or(0)
        );
    }
    for t in &s.overdue {
        let _ = writeln!(
            o,
            "  逾期 {} {} 期限 {} 已逾期 {} 天",
            t.id,
            t.unit.as_deref().unwrap_or("（未指定单位）"),
            t.deadline.map(|d| d.to_string()).unwrap_or_default(),
            t.overdue_days.unwrap_or(0)
        );
    }
    for p in &s.problems {
        let _ = writeln!(o, "  问题 {} [{}] {}", p.task, p.code.zh(), problem_zh(p));
    }
    o
}

/// A problem's explanation in Chinese, from its structured fields (`message` is English).
fn problem_zh(p: &Problem) -> String {
    let date = p.date.map(|d| d.to_string()).unwrap_or_default();
    match p.code {
        ProblemCode::IncompleteTask => {
            let items: Vec<&str> = p
                .missing
                .iter()
                .map(|m| match *m {
                    "unit" => "责任单位",
                    "person" => "责任人",
                    "deadline" => "整改时限",
                    "measures" => "整改措施",
                    "funds" => "整改资金",
                    other => other,
                })
                .collect();
            format!("缺少{}", items.join("、"))
        }
        ProblemCode::DuplicateTask => format!("任务编号 {} 重复，后出现的已忽略", p.task),
        ProblemCode::UnknownTask => format!("{date} 的事件所指任务 {} 不存在", p.task),
        ProblemCode::ClosedWithoutVerification => {
            format!("{date} 未经验收即销号，按未整改计")
        }
        ProblemCode::EventOutOfOrder => format!("{date} 的事件与任务当时的状态不符，已忽略"),
        ProblemCode::Reopened => format!("{date} 整改反弹，重新计为未整改"),
        ProblemCode::DeadlineNotComputed => {
            "按工作日计的整改时限无法计算（节假日安排未收录该年度），视为无时限".to_string()
        }
    }
}
