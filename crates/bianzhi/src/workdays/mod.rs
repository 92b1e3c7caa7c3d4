//! Working days (工作日) under the State Council's holiday calendar (`docs/workdays.md`).
//!
//! Each year the General Office of the State Council publishes the 放假 and 调休 days
//! (国务院办公厅关于YYYY年部分节假日安排的通知). A day is a working day when the year's table
//! lists it as a 调休 working day (a weekend day worked), or when it is a Monday–Friday that
//! the table does not list as a holiday. The tables for 2020–2026 ship with the library
//! ([`Calendar::official`]); a user adds or replaces years with [`Calendar::merged`]. A date in
//! a year the calendar does not hold is an error ([`WorkdayError::UnknownYear`]), never a
//! silent fallback to Monday–Friday.
//!
//! # Counting
//! [`Calendar::workdays_between`]`(a, b)` counts the working days `d` with `a < d ≤ b`: the
//! start day is excluded, the end day included (so 「自a日起3个工作日内」 ends on the day `e`
//! with `workdays_between(a, e) == 3`). It is negative when `b < a` and 0 when `a == b`.
//! [`Calendar::add_workdays`]`(a, n)` is the `n`-th working day after `a` (`n > 0`), before
//! it (`n < 0`), or `a` itself (`n == 0`); for `n ≥ 1`, `workdays_between(a, add_workdays(a, n))
//! == n`. Backwards, `b = add_workdays(a, -n)` is the `n`-th working day before `a`, so
//! `workdays_between(b, a)` is `n` when `a` is a working day and `n − 1` when it is not.
//!
//! ```
//! use bianzhi::workdays::{add_workdays, is_workday, workdays_between};
//! let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
//! // 2026-09-30 (Wed) + 3 working days: 10-01..07 are 国庆 holidays, 10-08 (Thu), 10-09 (Fri),
//! // 10-10 (Sat, 调休 working day).
//! assert_eq!(add_workdays(d("2026-09-30"), 3).unwrap(), d("2026-10-10"));
//! assert!(is_workday(d("2026-10-10")).unwrap());
//! assert_eq!(workdays_between(d("2026-09-30"), d("2026-10-10")).unwrap(), 3);
//! assert!(is_workday(d("2031-01-02")).is_err()); // no table for 2031
//! ```

#![forbid(unsafe_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The shipped tables (2020–2026), one entry per year.
pub const OFFICIAL_JSON: &str = include_str!("holidays.json");

/// Why a working-day computation failed.
///
/// ```
/// let e = bianzhi::workdays::is_workday("2019-06-03".parse().unwrap()).unwrap_err();
/// assert!(e.to_string().contains("2019"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WorkdayError {
    /// The calendar holds no table for the year.
    #[error("no holiday calendar for {year} (known years: {known}); add the year's table with a calendar file")]
    UnknownYear {
        /// The year asked for.
        year: i32,
        /// The years the calendar holds, e.g. `2020–2026`.
        known: String,
    },
    /// A calendar document that cannot be read.
    #[error("invalid calendar: {0}")]
    Invalid(String),
}

/// One year's table: the holidays (放假, weekdays and weekends alike) and the 调休 working
/// days (weekend days worked).
///
/// ```
/// let c = bianzhi::workdays::Calendar::official();
/// let t = c.year(2025).unwrap();
/// assert!(t.source.contains("国办发明电〔2024〕12号"));
/// assert_eq!(t.workdays.len(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct YearTable {
    /// The notice the table comes from.
    pub source: String,
    /// Days off (放假调休).
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days (调休上班).
    pub workdays: BTreeSet<NaiveDate>,
}

/// A holiday calendar: one [`YearTable`] per year.
///
/// ```
/// use bianzhi::workdays::Calendar;
/// let mine = Calendar::from_json(r#"{"years": {"2027": {"source": "本地", "holidays": [["2027-01-01", "2027-01-01"]], "workdays": []}}}"#).unwrap();
/// let c = Calendar::official().merged(&mine);
/// assert!(!c.is_workday("2027-01-01".parse().unwrap()).unwrap());
/// assert!(c.is_workday("2027-01-04".parse().unwrap()).unwrap()); // a Monday
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    years: BTreeMap<i32, YearTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    years: BTreeMap<String, RawYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    #[serde(default)]
    source: String,
    #[serde(default)]
    holidays: Vec<RawRange>,
    #[serde(default)]
    workdays: Vec<NaiveDate>,
}

/// A single date or an inclusive `[from, to]` range.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawRange {
    One(NaiveDate),
    Range(NaiveDate, NaiveDate),
}

/// The most days one year's table may list (a year has at most 366).
const MAX_DAYS_PER_YEAR: usize = 366;

impl Calendar {
    /// The shipped calendar, 2020–2026 (read once).
    ///
    /// ```
    /// assert_eq!(bianzhi::workdays::Calendar::official().years(), (2020..=2026).collect::<Vec<_>>());
    /// ```
    pub fn official() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| Calendar::from_json(OFFICIAL_JSON).unwrap_or_default())
    }

    /// Reads a calendar document: `{"years": {"2027": {"source": "…", "holidays":
    /// [["2027-01-01", "2027-01-03"], "2027-04-05"], "workdays": ["2027-01-04"]}}}`. Each
    /// date must lie in its year; a 调休 working day must be a Saturday or Sunday and must not
    /// also be a holiday. Unknown keys are errors.
    ///
    /// ```
    /// use bianzhi::workdays::Calendar;
    /// assert!(Calendar::from_json(r#"{"years": {"2027": {"workdays": ["2027-01-04"]}}}"#).is_err()); // a Monday
    /// assert!(Calendar::from_json(r#"{"years": {"2027": {"holydays": []}}}"#).is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Calendar, WorkdayError> {
        let raw: RawCalendar =
            serde_json::from_str(text).map_err(|e| WorkdayError::Invalid(e.to_string()))?;
        let mut years = BTreeMap::new();
        for (key, y) in raw.years {
            let year: i32 = key
                .trim()
                .parse()
                .ok()
                .filter(|y| (1900..=2200).contains(y))
                .ok_or_else(|| {
                    WorkdayError::Invalid(format!("years.{key}: not a year (1900–2200)"))
                })?;
            let in_year = |d: NaiveDate, what: &str| {
                if d.year() == year {
                    Ok(d)
                } else {
                    Err(WorkdayError::Invalid(format!(
                        "years.{year}.{what}: {d} is not in {year}"
                    )))
                }
            };
            let mut t = YearTable {
                source: y.source,
                ..YearTable::default()
            };
            for r in y.holidays {
                let (a, b) = match r {
                    RawRange::One(d) => (d, d),
                    RawRange::Range(a, b) => (a, b),
                };
                let (a, b) = (in_year(a, "holidays")?, in_year(b, "holidays")?);
                if b < a {
                    return Err(WorkdayError::Invalid(format!(
                        "years.{year}.holidays: range {a}–{b} ends before it starts"
                    )));
                }
                for d in a.iter_days().take_while(|d| *d <= b) {
                    t.holidays.insert(d);
                }
            }
            for d in y.workdays {
                let d = in_year(d, "workdays")?;
                if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                    return Err(WorkdayError::Invalid(format!(
                        "years.{year}.workdays: {d} is a weekday (a 调休 working day is a Saturday or Sunday)"
                    )));
                }
                if t.holidays.contains(&d) {
                    return Err(WorkdayError::Invalid(format!(
                        "years.{year}: {d} is both a holiday and a working day"
                    )));
                }
                t.workdays.insert(d);
            }
            if t.holidays.len() + t.workdays.len() > MAX_DAYS_PER_YEAR {
                return Err(WorkdayError::Invalid(format!(
                    "years.{year}: more than {MAX_DAYS_PER_YEAR} days listed"
                )));
            }
            years.insert(year, t);
        }
        Ok(Calendar { years })
    }

    /// This calendar with `other`'s years added; a year in both is `other`'s (a whole year is
    /// replaced, not merged day by day).
    pub fn merged(&self, other: &Calendar) -> Calendar {
        let mut years = self.years.clone();
        for (y, t) in &other.years {
            years.insert(*y, t.clone());
        }
        Calendar { years }
    }

    /// The years held, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// One year's table.
    pub fn year(&self, year: i32) -> Option<&YearTable> {
        self.years.get(&year)
    }

    fn known(&self) -> String {
        match (self.years.keys().next(), self.years.keys().next_back()) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) if (b - a) as usize + 1 == self.years.len() => format!("{a}–{b}"),
            (Some(_), Some(_)) => self
                .years
                .keys()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            _ => "none".into(),
        }
    }

    /// Whether `d` is a working day.
    ///
    /// ```
    /// let c = bianzhi::workdays::Calendar::official();
    /// assert!(!c.is_workday("2025-02-04".parse().unwrap()).unwrap()); // 春节, a Tuesday
    /// assert!(c.is_workday("2025-02-08".parse().unwrap()).unwrap());  // 调休, a Saturday
    /// ```
    pub fn is_workday(&self, d: NaiveDate) -> Result<bool, WorkdayError> {
        let t = self
            .years
            .get(&d.year())
            .ok_or_else(|| WorkdayError::UnknownYear {
                year: d.year(),
                known: self.known(),
            })?;
        Ok(if t.workdays.contains(&d) {
            true
        } else if t.holidays.contains(&d) {
            false
        } else {
            !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        })
    }

    /// Working days `d` with `a < d ≤ b` (negative when `b < a`).
    ///
    /// ```
    /// let c = bianzhi::workdays::Calendar::official();
    /// let d = |s: &str| s.parse().unwrap();
    /// assert_eq!(c.workdays_between(d("2026-11-30"), d("2026-12-04")).unwrap(), 4);
    /// assert_eq!(c.workdays_between(d("2026-12-04"), d("2026-11-30")).unwrap(), -4);
    /// ```
    pub fn workdays_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, WorkdayError> {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut n = 0i64;
        // Every day checked lies in a year the calendar holds, so the walk is bounded by the
        // calendar's size.
        for d in lo.iter_days().skip(1).take_while(|d| *d <= hi) {
            if self.is_workday(d)? {
                n += 1;
            }
        }
        Ok(sign * n)
    }

    /// The `n`-th working day after `a` (before it when `n < 0`; `a` when `n == 0`).
    ///
    /// ```
    /// let c = bianzhi::workdays::Calendar::official();
    /// let d = |s: &str| s.parse().unwrap();
    /// // 2026-02-13 (Fri) + 1: 02-14 (Sat) is a 调休 working day.
    /// assert_eq!(c.add_workdays(d("2026-02-13"), 1).unwrap(), d("2026-02-14"));
    /// assert_eq!(c.add_workdays(d("2026-02-24"), -1).unwrap(), d("2026-02-14"));
    /// ```
    pub fn add_workdays(&self, a: NaiveDate, n: i64) -> Result<NaiveDate, WorkdayError> {
        let mut d = a;
        let mut left = n.unsigned_abs();
        while left > 0 {
            let next = if n > 0 { d.succ_opt() } else { d.pred_opt() };
            d = next.ok_or_else(|| WorkdayError::Invalid("date out of range".into()))?;
            if self.is_workday(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }
}

/// [`Calendar::is_workday`] on the shipped calendar.
pub fn is_workday(d: NaiveDate) -> Result<bool, WorkdayError> {
    Calendar::official().is_workday(d)
}

/// [`Calendar::workdays_between`] on the shipped calendar (`a < d ≤ b`).
pub fn workdays_between(a: NaiveDate, b: NaiveDate) -> Result<i64, WorkdayError> {
    Calendar::official().workdays_between(a, b)
}

/// [`Calendar::add_workdays`] on the shipped calendar.
pub fn add_workdays(a: NaiveDate, n: i64) -> Result<NaiveDate, WorkdayError> {
    Calendar::official().add_workdays(a, n)
}

/// A calendar given as a JSON value in a document (`calendar` key): the shipped calendar with
/// the document's years added or replacing (`None` or `null`: the shipped calendar).
pub fn calendar_from_value(v: Option<&serde_json::Value>) -> Result<Calendar, WorkdayError> {
    match v {
        None | Some(serde_json::Value::Null) => Ok(Calendar::official().clone()),
        Some(v) => Ok(Calendar::official().merged(&Calendar::from_json(&v.to_string())?)),
    }
}

/// The JSON entry point of the bindings and the corpus: `{"calendar"?: {...}, "from": DATE,
/// "add"?: N, "to"?: DATE, "dates"?: [DATE…]}` → `{"from", "add"?, "date"?, "to"?,
/// "workdays"?, "is_workday": {DATE: bool}}`.
///
/// ```
/// let v = bianzhi::workdays::workdays_json(r#"{"from": "2026-09-30", "add": 3}"#).unwrap();
/// assert_eq!(v["date"], "2026-10-10");
/// ```
pub fn workdays_json(input: &str) -> Result<serde_json::Value, WorkdayError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Req {
        #[serde(default)]
        calendar: Option<serde_json::Value>,
        #[serde(default)]
        from: Option<NaiveDate>,
        #[serde(default)]
        add: Option<i64>,
        #[serde(default)]
        to: Option<NaiveDate>,
        #[serde(default)]
        dates: Vec<NaiveDate>,
    }
    let r: Req = serde_json::from_str(input).map_err(|e| WorkdayError::Invalid(e.to_string()))?;
    let cal = calendar_from_value(r.calendar.as_ref())?;
    let mut out = serde_json::Map::new();
    if r.add.is_some() || r.to.is_some() {
        let from = r
            .from
            .ok_or_else(|| WorkdayError::Invalid("`add` and `to` need `from`".into()))?;
        out.insert("from".into(), from.to_string().into());
        if let Some(n) = r.add {
            out.insert("add".into(), n.into());
            out.insert("date".into(), cal.add_workdays(from, n)?.to_string().into());
        }
        if let Some(to) = r.to {
            out.insert("to".into(), to.to_string().into());
            out.insert("workdays".into(), cal.workdays_between(from, to)?.into());
        }
    }
    let mut days = serde_json::Map::new();
    for d in r.dates {
        days.insert(d.to_string(), cal.is_workday(d)?.into());
    }
    if !days.is_empty() {
        out.insert("is_workday".into(), days.into());
    }
    Ok(out.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn shipped_tables_parse_and_cover_2020_to_2026() {
        let c = Calendar::from_json(OFFICIAL_JSON).unwrap();
        assert_eq!(c.years(), (2020..=2026).collect::<Vec<_>>());
        // 2025 onwards: 春节 8 days from 除夕, 劳动节 5 days.
        assert_eq!(
            c.year(2025)
                .unwrap()
                .holidays
                .range(d("2025-01-01")..d("2025-03-01"))
                .count(),
            9
        );
    }

    #[test]
    fn year_day_counts_match_hand_counts() {
        // 2024 (starts on a Monday, 366 days): 262 weekdays; holiday weekdays 元旦 1 + 春节
        // 02-12..16 5 + 清明 04-04/05 2 + 劳动 05-01..03 3 + 端午 06-10 1 + 中秋 09-16/17 2 +
        // 国庆 10-01..04, 10-07 5 = 19; 8 调休 weekend days: 262 − 19 + 8 = 251.
        let c = Calendar::official();
        // The start day is excluded: from 2023-12-31 counts 2024-01-01 onwards (a holiday).
        let n = c
            .workdays_between(d("2023-12-31"), d("2024-12-31"))
            .unwrap();
        assert_eq!(n, 251);
        let weekdays = d("2024-01-01")
            .iter_days()
            .take(366)
            .filter(|x| !matches!(x.weekday(), Weekday::Sat | Weekday::Sun))
            .count() as i64;
        let t = c.year(2024).unwrap();
        let holiday_weekdays = t
            .holidays
            .iter()
            .filter(|x| !matches!(x.weekday(), Weekday::Sat | Weekday::Sun))
            .count() as i64;
        assert_eq!((weekdays, holiday_weekdays), (262, 19));
        assert_eq!(n, weekdays - holiday_weekdays + t.workdays.len() as i64);
    }

    #[test]
    fn unknown_year_is_an_error() {
        let e = is_workday(d("2019-12-31")).unwrap_err();
        assert!(matches!(e, WorkdayError::UnknownYear { year: 2019, .. }));
        assert!(e.to_string().contains("2020–2026"));
        assert!(add_workdays(d("2026-12-30"), 5).is_err());
    }
}
