//! Ledger events: the vocabulary and the lenient per-row reading of an event record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{Category, LeaderLevel, Staff};

/// Defines an event vocabulary with English names and Chinese aliases.
macro_rules! words {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $en:literal, zh = $zh:literal $(, [$($a:literal),*])?;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum $name { $($(#[$vm])* $v,)* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),*];
            /// The English name, as written in JSON.
            pub fn as_str(self) -> &'static str { match self { $($name::$v => $en,)* } }
            /// The Chinese name.
            pub fn zh(self) -> &'static str { match self { $($name::$v => $zh,)* } }
            /// Reads the English name (any case) or a Chinese name.
            pub fn parse(s: &str) -> Option<$name> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($en) || t == $zh $($(|| t == $a)*)? { return Some($name::$v); })*
                None
            }
        }
    };
}

words! {
    /// The type of a ledger event.
    ///
    /// ```
    /// use bianzhi::ledger::EventKind;
    /// assert_eq!(EventKind::parse("用编核准"), Some(EventKind::Reserve));
    /// assert_eq!(EventKind::parse("收回"), Some(EventKind::Withdraw));
    /// assert_eq!(EventKind::Transfer.zh(), "调剂");
    /// ```
    EventKind {
        /// 核增 / 核定: places added to a unit.
        Approve = "approve", zh = "核增", ["核定"];
        /// 核减 / 收回: places taken from a unit.
        Withdraw = "withdraw", zh = "核减", ["收回"];
        /// 调剂: places moved from `unit` to `to_unit`.
        Transfer = "transfer", zh = "调剂";
        /// 用编核准: places reserved for a hire.
        Reserve = "reserve", zh = "用编核准", ["用编", "用编计划"];
        /// 撤销用编: a reservation cancelled.
        Cancel = "cancel", zh = "撤销用编";
        /// 入编 / 落编: a person enters a place.
        Enrol = "enrol", zh = "入编", ["落编", "enroll"];
        /// 出编 / 减员: a person leaves their place.
        Exit = "exit", zh = "出编", ["减员"];
        /// 调动: a person moves to another unit (and category).
        Move = "move", zh = "调动";
        /// 借调: a person works in another unit.
        Second = "second", zh = "借调";
        /// 借调结束: a secondment ends.
        Return = "return", zh = "借调结束";
        /// 任职: a leadership position taken.
        Appoint = "appoint", zh = "任职";
        /// 免职: a leadership position given up.
        Remove = "remove", zh = "免职";
    }
}

words! {
    /// Why a person left their place (`exit` reason).
    ///
    /// ```
    /// use bianzhi::ledger::ExitReason;
    /// assert_eq!(ExitReason::parse("分流"), Some(ExitReason::Redeployed));
    /// assert_eq!(ExitReason::parse("开除"), Some(ExitReason::Dismissed));
    /// ```
    ExitReason {
        /// 退休.
        Retired = "retired", zh = "退休";
        /// 调出.
        TransferredOut = "transferred_out", zh = "调出";
        /// 辞职.
        Resigned = "resigned", zh = "辞职";
        /// 辞退 / 开除.
        Dismissed = "dismissed", zh = "辞退", ["开除"];
        /// 死亡.
        Deceased = "deceased", zh = "死亡", ["去世"];
        /// 分流: redeployed out of the establishment.
        Redeployed = "redeployed", zh = "分流";
    }
}

impl ExitReason {
    /// Dense index in [`ExitReason::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A readable ledger event.
///
/// Which fields an event uses depends on its [`EventKind`] (`docs/ledger.md`); the others
/// are `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// The event id (a reservation is named by the id of its `reserve` event).
    pub id: String,
    /// The date the decision takes effect.
    pub date: NaiveDate,
    /// The type.
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// The unit asking, giving or receiving.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The receiving unit of a `transfer` or `move`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_unit: Option<String>,
    /// The establishment category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// Number of places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Last day a reservation is valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// The approving document (文号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The reservation an `enrol` uses or a `cancel` cancels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservation: Option<String>,
    /// The person of an `enrol`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<Box<Staff>>,
    /// The staff id of an `exit`, `move`, `second`, `return`, `appoint`, `remove`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    /// Why the person left (`exit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<ExitReason>,
    /// Where a seconded person works.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_unit: Option<String>,
    /// Last day of a secondment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// The leadership level of an `appoint` / `remove`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leadership: Option<LeaderLevel>,
}

impl Event {
    /// An event with its id, date and type; every other field empty.
    ///
    /// ```
    /// use bianzhi::ledger::{Event, EventKind};
    /// let mut e = Event::new("E1", "2026-01-10".parse().unwrap(), EventKind::Reserve);
    /// e.unit = Some("U5".into());
    /// e.count = Some(2);
    /// assert_eq!(e.kind.zh(), "用编核准");
    /// ```
    pub fn new(id: impl Into<String>, date: NaiveDate, kind: EventKind) -> Event {
        Event {
            id: id.into(),
            date,
            kind,
            unit: None,
            to_unit: None,
            category: None,
            count: None,
            expires: None,
            doc: None,
            reservation: None,
            person: None,
            staff: None,
            reason: None,
            working_unit: None,
            end: None,
            leadership: None,
        }
    }
}

/// Why an event record could not be read: the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EventIssue {
    /// The field at fault (`None` when the record is not an object).
    pub field: Option<String>,
    /// English reason.
    pub reason: String,
    /// Chinese reason.
    pub reason_zh: String,
}

/// One event record as read: its position, what could be read of its id and date, and the
/// event or the reason it could not be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EventRow {
    /// Position in the input (0-based; a table reader gives its sheet row).
    pub row: usize,
    /// Label of the position for messages, e.g. `events[3]` or `事项!5`.
    pub place: String,
    /// The id, when readable (else `#row`).
    pub id: String,
    /// The date, when readable.
    pub date: Option<NaiveDate>,
    /// The event, or why it is not one.
    pub event: Result<Event, EventIssue>,
    /// Keys the record carried that no event uses (reported as findings).
    pub unknown_keys: Vec<String>,
}

impl EventRow {
    /// A row holding a readable event.
    pub fn ok(row: usize, event: Event) -> EventRow {
        EventRow {
            row,
            place: format!("events[{row}]"),
            id: event.id.clone(),
            date: Some(event.date),
            event: Ok(event),
            unknown_keys: Vec::new(),
        }
    }
}

fn issue(field: &str, en: impl Into<String>, zh: impl Into<String>) -> EventIssue {
    EventIssue {
        field: Some(field.to_string()),
        reason: en.into(),
        reason_zh: zh.into(),
    }
}

/// Text of a scalar (ids and names may arrive as numbers from spreadsheets).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn get<'v>(m: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    m.get(key).filter(|v| match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        _ => true,
    })
}

fn opt_text(m: &Map<String, Value>, key: &str) -> Result<Option<String>, EventIssue> {
    match get(m, key) {
        None => Ok(None),
        Some(v) => text(v)
            .map(Some)
            .ok_or_else(|| issue(key, "expected a text or a number", "应为文字或数字")),
    }
}

/// A date `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY.MM.DD`, as spreadsheets write them).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Some(d);
        }
    }
    None
}

fn opt_date(m: &Map<String, Value>, key: &str) -> Result<Option<NaiveDate>, EventIssue> {
    match get(m, key) {
        None => Ok(None),
        Some(Value::String(s)) => parse_date(s).map(Some).ok_or_else(|| {
            issue(
                key,
                format!("`{s}` is not a date (YYYY-MM-DD)"),
                format!("“{s}”不是日期（年-月-日）"),
            )
        }),
        Some(_) => Err(issue(
            key,
            "expected a date (YYYY-MM-DD)",
            "应为日期（年-月-日）",
        )),
    }
}

fn opt_count(m: &Map<String, Value>, key: &str) -> Result<Option<u32>, EventIssue> {
    let bad = || {
        issue(
            key,
            "expected a whole number of places, at least 1",
            "应为不小于1的整数",
        )
    };
    let n = match get(m, key) {
        None => return Ok(None),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(n) => n,
            None => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f >= 0.0 && f <= f64::from(u32::MAX) => f as u64,
                _ => return Err(bad()),
            },
        },
        Some(Value::String(s)) => s.trim().parse::<u64>().map_err(|_| bad())?,
        Some(_) => return Err(bad()),
    };
    match u32::try_from(n) {
        Ok(n) if n >= 1 => Ok(Some(n)),
        _ => Err(bad()),
    }
}

const KNOWN: &[&str] = &[
    "id",
    "date",
    "type",
    "unit",
    "to_unit",
    "category",
    "count",
    "expires",
    "doc",
    "reservation",
    "person",
    "staff",
    "reason",
    "working_unit",
    "end",
    "leadership",
    "note",
];

/// Reads one event record; never fails: an unreadable record is a row holding its issue.
pub fn read_event(row: usize, v: &Value) -> EventRow {
    let place = format!("events[{row}]");
    let fallback_id = format!("#{row}");
    let Value::Object(m) = v else {
        return EventRow {
            row,
            place,
            id: fallback_id,
            date: None,
            event: Err(EventIssue {
                field: None,
                reason: "an event must be an object".into(),
                reason_zh: "事项应为对象".into(),
            }),
            unknown_keys: Vec::new(),
        };
    };
    let id = get(m, "id").and_then(text).unwrap_or(fallback_id);
    let date = opt_date(m, "date");
    let unknown_keys = m
        .keys()
        .filter(|k| !KNOWN.contains(&k.as_str()))
        .cloned()
        .collect();
    let event = date.clone().and_then(|d| build(m, &id, d));
    EventRow {
        row,
        place,
        id,
        date: date.ok().flatten(),
        event,
        unknown_keys,
    }
}

fn need<T>(v: Option<T>, field: &str) -> Result<T, EventIssue> {
    v.ok_or_else(|| issue(field, "is required", "不能为空"))
}

fn build(m: &Map<String, Value>, id: &str, date: Option<NaiveDate>) -> Result<Event, EventIssue> {
    let date = need(date, "date")?;
    let ty = need(opt_text(m, "type")?, "type")?;
    let (kind, implied_reason) = match EventKind::parse(&ty) {
        Some(k) => (k, None),
        // An exit may be written as its reason: 退休, 分流 …
        None => match ExitReason::parse(&ty) {
            Some(r) => (EventKind::Exit, Some(r)),
            None => {
                return Err(issue(
                    "type",
                    format!("unknown event type `{ty}`"),
                    format!("未知的事项类型“{ty}”"),
                ))
            }
        },
    };
    let mut e = Event::new(id, date, kind);
    e.unit = opt_text(m, "unit")?;
    e.to_unit = opt_text(m, "to_unit")?;
    e.category = opt_text(m, "category")?.map(|c| c.parse().unwrap_or_else(|n| match n {}));
    e.count = opt_count(m, "count")?;
    e.expires = opt_date(m, "expires")?;
    e.doc = opt_text(m, "doc")?;
    e.reservation = opt_text(m, "reservation")?;
    e.staff = opt_text(m, "staff")?;
    e.working_unit = opt_text(m, "working_unit")?;
    e.end = opt_date(m, "end")?;
    e.reason = match opt_text(m, "reason")? {
        None => implied_reason,
        Some(r) => Some(ExitReason::parse(&r).ok_or_else(|| {
            issue(
                "reason",
                format!("unknown exit reason `{r}` (expected retired, transferred_out, resigned, dismissed, deceased, redeployed)"),
                format!("未知的出编原因“{r}”"),
            )
        })?),
    };
    e.leadership = match opt_text(m, "leadership")? {
        None => None,
        Some(l) => Some(l.parse().map_err(|_| {
            issue(
                "leadership",
                format!("unknown leadership level `{l}`"),
                format!("未知的领导职务“{l}”"),
            )
        })?),
    };
    use EventKind as K;
    match kind {
        K::Approve | K::Withdraw | K::Reserve => {
            need(e.unit.as_ref(), "unit")?;
            need(e.category.as_ref(), "category")?;
            need(e.count, "count")?;
        }
        K::Transfer => {
            need(e.unit.as_ref(), "unit")?;
            need(e.to_unit.as_ref(), "to_unit")?;
            need(e.category.as_ref(), "category")?;
            need(e.count, "count")?;
        }
        K::Cancel => {
            need(e.reservation.as_ref(), "reservation")?;
        }
        K::Enrol => {
            let p = need(get(m, "person"), "person")?;
            let mut p = p.clone();
            if let Value::Object(pm) = &mut p {
                // The event's unit and category are the person's unless the record says otherwise.
                if let Some(u) = &e.unit {
                    pm.entry("unit").or_insert_with(|| Value::String(u.clone()));
                }
                if let Some(c) = &e.category {
                    pm.entry("establishment")
                        .or_insert_with(|| Value::String(c.as_str().to_string()));
                }
                pm.entry("joined")
                    .or_insert_with(|| Value::String(date.to_string()));
            }
            let s: Staff = serde_path_to_error::deserialize(p).map_err(|err| {
                let path = err.path().to_string();
                let msg = err.into_inner().to_string();
                // serde names a missing field only in its message.
                let missing = msg
                    .strip_prefix("missing field `")
                    .and_then(|r| r.split('`').next());
                let field = match missing {
                    _ if path != "." && !path.is_empty() => format!("person.{path}"),
                    Some(m) => format!("person.{m}"),
                    None => "person".to_string(),
                };
                // The loader's cause of the same serde words: Chinese without English.
                let zh = crate::Cause::classify(&msg).message(crate::Lang::Zh);
                issue(&field, msg.clone(), zh)
            })?;
            if e.unit.is_none() {
                e.unit = Some(s.unit.clone());
            }
            if e.category.is_none() {
                e.category = s.establishment.clone();
            }
            need(e.category.as_ref(), "category")?;
            e.person = Some(Box::new(s));
        }
        K::Exit => {
            need(e.staff.as_ref(), "staff")?;
            need(e.reason, "reason")?;
        }
        K::Move => {
            need(e.staff.as_ref(), "staff")?;
            need(e.to_unit.as_ref().or(e.unit.as_ref()), "to_unit")?;
            if e.to_unit.is_none() {
                e.to_unit = e.unit.take();
            }
        }
        K::Second => {
            need(e.staff.as_ref(), "staff")?;
            need(
                e.working_unit.as_ref().or(e.to_unit.as_ref()),
                "working_unit",
            )?;
            if e.working_unit.is_none() {
                e.working_unit = e.to_unit.take();
            }
        }
        K::Return => {
            need(e.staff.as_ref(), "staff")?;
        }
        K::Appoint => {
            need(e.staff.as_ref(), "staff")?;
            need(e.leadership, "leadership")?;
        }
        K::Remove => {
            need(e.staff.as_ref(), "staff")?;
        }
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_person_is_explained_in_chinese_without_english() {
        let v: Value = serde_json::from_str(
            r#"{"id": "E1", "date": "2026-01-05", "type": "enrol", "unit": "U1",
                "category": "administrative", "person": {"id": "S1", "name": 5}}"#,
        )
        .unwrap();
        let issue = read_event(0, &v)
            .event
            .expect_err("the person does not read");
        assert_eq!(issue.field.as_deref(), Some("person.name"));
        assert_eq!(issue.reason, "invalid type: integer `5`, expected a string");
        assert_eq!(issue.reason_zh, "类型错误：应为文本，实为整数 5");
    }
}
