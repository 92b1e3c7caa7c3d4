//! People to assess (`docs/formats.md#assessment-input`) and the errors of a run.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use super::num;
use super::scheme::SchemeError;

/// Why an assessment could not run at all. Findings about people (ungraded, vetoed, moved,
/// ineligible) are never errors: they are outcomes; so is a person's record that cannot be
/// read (the outcome's `error`).
///
/// ```
/// use bianzhi::assess::{assess_json, AssessError};
/// let e = assess_json(r#"{"scheme": "civil_servant_annual", "people": {"id": "A1"}}"#)
///     .unwrap_err();
/// assert!(matches!(e, AssessError::Input { ref path, .. } if path == "people"));
/// assert_eq!(e.kind(), "input");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AssessError {
    /// The input document or a person record cannot be read.
    #[error("{path}: {message}")]
    Input {
        /// Where, e.g. `people[3] (A4).scores.de.leader`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The scheme is unknown or invalid.
    #[error(transparent)]
    Scheme(#[from] SchemeError),
}

impl AssessError {
    /// `"input"` or `"scheme"` (the Python exception and the corpus `expected_error.kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            AssessError::Input { .. } => "input",
            AssessError::Scheme(_) => "scheme",
        }
    }
}

pub(crate) fn input_err(path: impl Into<String>, message: impl Into<String>) -> AssessError {
    AssessError::Input {
        path: path.into(),
        message: message.into(),
    }
}

/// A score given for an indicator: one value, or one value per rater group.
///
/// ```
/// use bianzhi::assess::RawScore;
/// let r = RawScore::Value("88".parse().unwrap());
/// assert!(matches!(r, RawScore::Value(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RawScore {
    /// A single input.
    #[serde(serialize_with = "ser_dec")]
    Value(Decimal),
    /// Inputs by rater id.
    #[serde(serialize_with = "ser_dec_map")]
    ByRater(BTreeMap<String, Decimal>),
}

fn ser_dec<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&num::plain(*d))
}

fn ser_dec_map<S: serde::Serializer>(
    m: &BTreeMap<String, Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(m.len()))?;
    for (k, v) in m {
        map.serialize_entry(k, &num::plain(*v))?;
    }
    map.end()
}

/// One person's record. Which fields matter depends on the scheme kind; the rest are ignored.
///
/// ```
/// use bianzhi::assess::Person;
/// let p = Person { score: Some("93.5".parse().unwrap()), ..Person::new("A1") };
/// assert_eq!(p.id, "A1");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Person {
    /// Identifier (unique in a run).
    pub id: String,
    /// Unit, the cap pool by default.
    pub unit: Option<String>,
    /// A total score given directly.
    pub score: Option<Decimal>,
    /// Indicator inputs by indicator id.
    pub scores: BTreeMap<String, RawScore>,
    /// 平时/季度 results, combined by the scheme's period weights.
    pub routine_scores: Vec<Decimal>,
    /// Flags (`probation`, `under_investigation`, `refused`, …).
    pub flags: Vec<String>,
    /// Sick/personal leave days in the year (产假 not included).
    pub leave_days: u32,
    /// Maternity leave days (never ungrades anybody by itself).
    pub maternity_leave_days: u32,
    /// Days of unassigned study (脱产学习 not arranged by the organisation).
    pub study_days: u32,
    /// Months in post this year (for “under half the year”); `None` when not given.
    pub months_in_post: Option<u32>,
    /// Other counters (三卡: 提醒, 质询, 警诫; `cards` in JSON is merged here).
    pub counts: BTreeMap<String, Decimal>,
    /// Previous years' grades, oldest first; `None` is an ungraded year.
    pub history: Vec<Option<String>>,
    /// Monthly pay: role (数字城管, 垃圾场, 行政服务大厅) or none.
    pub role: Option<String>,
    /// Monthly pay: days worked at the 行政服务大厅.
    pub hall_days: u32,
    /// Monthly pay: 机关 duties.
    pub office_duties: u32,
    /// Monthly pay: early-market duties (before 06:30).
    pub early_market_duties: u32,
    /// Monthly pay: evening duties.
    pub evening_duties: u32,
    /// Monthly pay: holiday overtime days.
    pub holiday_overtime_days: u32,
    /// Monthly pay: overtime sessions in 稽查大队/绿化办/环卫办.
    pub overtime_sessions: u32,
    /// Monthly pay: late arrivals.
    pub late: u32,
    /// Monthly pay: days absent without leave (旷工).
    pub absent_days: u32,
    /// Monthly pay: the longest run of consecutive absent days.
    pub max_consecutive_absent: u32,
    /// Selection: votes by kind (优秀, 称职, 基本称职, 不称职).
    pub votes: BTreeMap<String, u64>,
    /// Selection: the judges' speech marks.
    pub judges: Vec<Decimal>,
    /// Selection: `male` / `female` (男/女 accepted).
    pub gender: Option<String>,
    /// Selection: age in years.
    pub age: Option<u32>,
    /// Selection: holds the post now (现任).
    pub incumbent: bool,
    /// Selection: the date organ service (机关工作经历) began.
    pub organ_service_start: Option<chrono::NaiveDate>,
    /// Selection: education (学历).
    pub education: Option<super::scheme::Education>,
}

impl Person {
    /// A record with only an id.
    pub fn new(id: impl Into<String>) -> Self {
        Person {
            id: id.into(),
            ..Person::default()
        }
    }

    /// Whether the person carries a flag.
    pub fn has_flag(&self, f: &str) -> bool {
        self.flags.iter().any(|x| x == f)
    }

    /// A numeric field for conditions (absent counters are 0).
    pub fn number(&self, field: &str) -> Decimal {
        match field {
            "leave_days" => Decimal::from(self.leave_days),
            "maternity_leave_days" => Decimal::from(self.maternity_leave_days),
            "study_days" => Decimal::from(self.study_days),
            // Not given: a full year, so "under half a year in post" does not fire.
            "months_in_post" => Decimal::from(self.months_in_post.unwrap_or(12)),
            other => self.counts.get(other).copied().unwrap_or(Decimal::ZERO),
        }
    }

    /// Reads one record of the `people` array (`index` is its position, for messages).
    ///
    /// ```
    /// use bianzhi::assess::Person;
    /// let v = serde_json::json!({"id": 7, "score": 93.5, "cards": {"提醒": 3}});
    /// let p = Person::from_value(&v, 0).unwrap();
    /// assert_eq!((p.id.as_str(), p.score.unwrap().to_string().as_str()), ("7", "93.5"));
    /// assert_eq!(p.number("提醒").to_string(), "3");
    /// ```
    pub fn from_value(v: &Value, index: usize) -> Result<Person, AssessError> {
        let obj = v
            .as_object()
            .ok_or_else(|| input_err(format!("people[{index}]"), "expected an object"))?;
        let id = match obj.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
            _ => {
                return Err(input_err(
                    format!("people[{index}].id"),
                    "missing or not an identifier (a non-empty string or a whole number)",
                ))
            }
        };
        let r = Reader {
            obj,
            base: format!("people[{index}] ({id})"),
        };
        let mut p = Person {
            id,
            ..Person::default()
        };
        p.unit = r.opt_id("unit")?;
        p.score = r.opt_dec("score")?;
        if let Some(s) = r.get("scores") {
            let m = s
                .as_object()
                .ok_or_else(|| r.err("scores", "expected an object"))?;
            for (k, x) in m {
                let f = format!("scores.{k}");
                let raw = match x {
                    Value::Object(rm) => {
                        let mut by = BTreeMap::new();
                        for (rk, rv) in rm {
                            let d = dec_or_bool(rv)
                                .ok_or_else(|| r.err(&format!("{f}.{rk}"), "expected a number"))?;
                            by.insert(rk.clone(), d);
                        }
                        if by.is_empty() {
                            return Err(r.err(&f, "no rater scores"));
                        }
                        RawScore::ByRater(by)
                    }
                    other => RawScore::Value(
                        dec_or_bool(other)
                            .ok_or_else(|| r.err(&f, "expected a number or an object by rater"))?,
                    ),
                };
                p.scores.insert(k.clone(), raw);
            }
        }
        p.routine_scores = r.dec_list("routine_scores")?;
        p.flags = r.str_list("flags")?;
        p.leave_days = r.count("leave_days")?;
        p.maternity_leave_days = r.count("maternity_leave_days")?;
        p.study_days = r.count("study_days")?;
        p.months_in_post = r.opt_count("months_in_post")?;
        for key in ["counts", "cards"] {
            if let Some(c) = r.get(key) {
                let m = c
                    .as_object()
                    .ok_or_else(|| r.err(key, "expected an object"))?;
                for (k, x) in m {
                    let d = num::from_value(x)
                        .filter(|d| *d >= Decimal::ZERO)
                        .ok_or_else(|| r.err(&format!("{key}.{k}"), "expected a number ≥ 0"))?;
                    let name = match k.as_str() {
                        "reminder" => "提醒",
                        "inquiry" => "质询",
                        "admonition" => "警诫",
                        other => other,
                    };
                    p.counts.insert(name.to_string(), d);
                }
            }
        }
        if let Some(h) = r.get("history") {
            let xs = h
                .as_array()
                .ok_or_else(|| r.err("history", "expected a list of grades"))?;
            for (i, x) in xs.iter().enumerate() {
                p.history.push(match x {
                    Value::Null => None,
                    Value::String(s) if s == super::scheme::UNGRADED || s == "ungraded" => None,
                    Value::String(s) => Some(s.trim().to_string()),
                    _ => {
                        return Err(r.err(&format!("history[{i}]"), "expected a grade name or null"))
                    }
                });
            }
        }
        p.role = r.opt_id("role")?.filter(|s| s != "none" && s != "无");
        p.hall_days = r.count("hall_days")?;
        p.office_duties = r.count("office_duties")?;
        p.early_market_duties = r.count("early_market_duties")?;
        p.evening_duties = r.count("evening_duties")?;
        p.holiday_overtime_days = r.count("holiday_overtime_days")?;
        p.overtime_sessions = r.count("overtime_sessions")?;
        p.late = r.count("late")?;
        p.absent_days = r.count("absent_days")?;
        p.max_consecutive_absent = r.count("max_consecutive_absent")?;
        if let Some(v) = r.get("votes") {
            let m = v
                .as_object()
                .ok_or_else(|| r.err("votes", "expected an object"))?;
            for (k, x) in m {
                let n = x.as_u64().ok_or_else(|| {
                    r.err(
                        &format!("votes.{k}"),
                        "expected a whole number of votes ≥ 0",
                    )
                })?;
                p.votes.insert(k.clone(), n);
            }
        }
        p.judges = r.dec_list("judges")?;
        p.gender = match r.opt_id("gender")? {
            None => None,
            Some(g) => Some(
                match g.as_str() {
                    "male" | "男" | "m" | "M" => "male",
                    "female" | "女" | "f" | "F" => "female",
                    _ => return Err(r.err("gender", format!("unknown gender `{g}` (male/女…)"))),
                }
                .to_string(),
            ),
        };
        p.age = r.opt_count("age")?;
        p.incumbent = match r.get("incumbent") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(r.err("incumbent", "expected true or false")),
        };
        p.organ_service_start = match r.get("organ_service_start") {
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.trim().parse().map_err(|_| {
                r.err(
                    "organ_service_start",
                    format!("expected a date YYYY-MM-DD, found `{s}`"),
                )
            })?),
            Some(v) => {
                return Err(r.err(
                    "organ_service_start",
                    format!("expected a date YYYY-MM-DD, found {v}"),
                ))
            }
        };
        p.education = match r.opt_id("education")? {
            None => None,
            Some(e) => Some(super::scheme::Education::parse(&e).ok_or_else(|| {
                r.err(
                    "education",
                    format!("unknown education `{e}` (中专, 大专, 本科, 硕士, 博士 or secondary, college, bachelor, master, doctorate)"),
                )
            })?),
        };
        Ok(p)
    }
}

/// Reads the `people` array, keeping going past a record that cannot be read: such a
/// record becomes a placeholder person (its id, or `people[i]` when it has none) and its
/// error, by index. Only a `people` value that is not a list fails.
pub(crate) fn people_lenient(
    v: &Value,
) -> Result<(Vec<Person>, BTreeMap<usize, String>), AssessError> {
    let xs = v
        .as_array()
        .ok_or_else(|| input_err("people", "expected a list of people"))?;
    let mut people = Vec::with_capacity(xs.len());
    let mut errors = BTreeMap::new();
    for (i, x) in xs.iter().enumerate() {
        match Person::from_value(x, i) {
            Ok(p) => people.push(p),
            Err(e) => {
                let id = match x.get("id") {
                    Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
                    Some(Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
                    _ => format!("people[{i}]"),
                };
                let mut p = Person::new(id);
                p.unit = x
                    .get("unit")
                    .and_then(Value::as_str)
                    .map(|u| u.trim().to_string())
                    .filter(|u| !u.is_empty());
                people.push(p);
                errors.insert(i, e.to_string());
            }
        }
    }
    Ok((people, errors))
}

fn dec_or_bool(v: &Value) -> Option<Decimal> {
    match v {
        Value::Bool(true) => Some(Decimal::ONE),
        Value::Bool(false) => Some(Decimal::ZERO),
        other => num::from_value(other),
    }
}

struct Reader<'a> {
    obj: &'a Map<String, Value>,
    base: String,
}

impl Reader<'_> {
    fn err(&self, field: &str, msg: impl Into<String>) -> AssessError {
        input_err(format!("{}.{field}", self.base), msg)
    }
    /// A present, non-null value.
    fn get(&self, k: &str) -> Option<&Value> {
        self.obj.get(k).filter(|v| !v.is_null())
    }
    fn opt_id(&self, k: &str) -> Result<Option<String>, AssessError> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(Value::Number(n)) if n.is_u64() || n.is_i64() => Ok(Some(n.to_string())),
            Some(_) => Err(self.err(k, "expected a string")),
        }
    }
    fn opt_dec(&self, k: &str) -> Result<Option<Decimal>, AssessError> {
        match self.get(k) {
            None => Ok(None),
            Some(v) => num::from_value(v)
                .map(Some)
                .ok_or_else(|| self.err(k, format!("expected a number, found {v}"))),
        }
    }
    fn opt_count(&self, k: &str) -> Result<Option<u32>, AssessError> {
        match self.get(k) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| self.err(k, format!("expected a whole number ≥ 0, found {v}"))),
        }
    }
    fn count(&self, k: &str) -> Result<u32, AssessError> {
        Ok(self.opt_count(k)?.unwrap_or(0))
    }
    fn dec_list(&self, k: &str) -> Result<Vec<Decimal>, AssessError> {
        match self.get(k) {
            None => Ok(Vec::new()),
            Some(Value::Array(xs)) => xs
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    num::from_value(x).ok_or_else(|| {
                        self.err(
                            &format!("{k}[{i}]"),
                            format!("expected a number, found {x}"),
                        )
                    })
                })
                .collect(),
            Some(_) => Err(self.err(k, "expected a list of numbers")),
        }
    }
    fn str_list(&self, k: &str) -> Result<Vec<String>, AssessError> {
        match self.get(k) {
            None => Ok(Vec::new()),
            Some(Value::Array(xs)) => xs
                .iter()
                .enumerate()
                .map(|(i, x)| match x {
                    Value::String(s) => Ok(s.trim().to_string()),
                    _ => Err(self.err(&format!("{k}[{i}]"), "expected a string")),
                })
                .collect(),
            Some(_) => Err(self.err(k, "expected a list of strings")),
        }
    }
}

/// Per-unit options of a run (`units` in the input document).
///
/// ```
/// let u = bianzhi::assess::UnitOptions::with_adjustment("raised");
/// assert_eq!(u.adjustment.as_deref(), Some("raised"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct UnitOptions {
    /// Selects `cap.adjustments[<name>]` as this unit's cap ratio (`raised`, `lowered`).
    pub adjustment: Option<String>,
}

impl UnitOptions {
    /// Options selecting the cap adjustment `name` (`raised`, `lowered`) for a unit.
    pub fn with_adjustment(name: impl Into<String>) -> UnitOptions {
        UnitOptions {
            adjustment: Some(name.into()),
        }
    }
}

/// Options of a run.
///
/// ```
/// let o = bianzhi::assess::AssessOptions::default();
/// assert!(o.units.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct AssessOptions {
    /// Per-unit options by unit id.
    pub units: BTreeMap<String, UnitOptions>,
    /// The date of the run (`as_of` in the document): years of organ service are counted up
    /// to it.
    pub as_of: Option<chrono::NaiveDate>,
}

impl AssessOptions {
    /// These options with `unit`'s options set to `options`.
    ///
    /// ```
    /// use bianzhi::assess::{AssessOptions, UnitOptions};
    /// let o = AssessOptions::default().with_unit("U1", UnitOptions::with_adjustment("raised"));
    /// assert_eq!(o.units["U1"].adjustment.as_deref(), Some("raised"));
    /// ```
    pub fn with_unit(mut self, unit: impl Into<String>, options: UnitOptions) -> AssessOptions {
        self.units.insert(unit.into(), options);
        self
    }
}

impl AssessOptions {
    /// Reads the `units` object of an input document.
    ///
    /// ```
    /// let v = serde_json::json!({"U1": {"adjustment": "raised"}});
    /// let o = bianzhi::assess::AssessOptions::from_units_value(&v).unwrap();
    /// assert_eq!(o.units["U1"].adjustment.as_deref(), Some("raised"));
    /// ```
    pub fn from_units_value(v: &Value) -> Result<AssessOptions, AssessError> {
        let mut o = AssessOptions::default();
        if v.is_null() {
            return Ok(o);
        }
        let m = v
            .as_object()
            .ok_or_else(|| input_err("units", "expected an object by unit id"))?;
        for (k, u) in m {
            let um = u
                .as_object()
                .ok_or_else(|| input_err(format!("units.{k}"), "expected an object"))?;
            let adjustment = match um.get("adjustment") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) if s.trim().is_empty() || s == "none" => None,
                Some(Value::String(s)) => Some(s.trim().to_string()),
                Some(_) => {
                    return Err(input_err(
                        format!("units.{k}.adjustment"),
                        "expected a string",
                    ))
                }
            };
            o.units.insert(k.clone(), UnitOptions { adjustment });
        }
        Ok(o)
    }
}
