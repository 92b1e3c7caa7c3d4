//! Whole-dataset validation (`docs/rules.md#finding-codes`).
//!
//! [`validate`] is pure: it reads the [`Dataset`] and returns a [`Report`]. It never
//! modifies its input, keeps no global state and does not panic on any dataset.
//!
//! Definitions used by the rules (the decisions where the regulations are silent; see `docs/rules.md`):
//! - *occupying*: status `active`/`leave`/`absent` **and** an establishment category: the
//!   people counted in occupancy `O`. `DUPLICATE_PERSON`, `MIXED_ESTABLISHMENT`,
//!   `PAST_RETIREMENT_AGE` and `OCCUPIED_NOT_ON_DUTY` concern occupying people only
//!   (a 编外 contract worker past 60 holds no quota).
//! - *present*: status `active`/`leave`/`absent`, with or without establishment. Leaders,
//!   post occupants, secondments and staffing norms count present people.
//! - Later records that repeat a unit, post or duty id are reported (`DUPLICATE_ID`) and
//!   ignored; a repeated staff id is reported and the record is still checked, since it
//!   is a person who may hold a quota.
//! - References to a record that was skipped as `INVALID_RECORD` are not reported again.
//! - Custom categories (`settings.categories`) are allowed in institutions and not in
//!   organs unless `settings.allowed_categories` says otherwise.

mod declared_count;
mod duties;
mod duties_admin;
mod engine;
mod establishment;
mod excess;
mod families;
mod ghost;
mod identity;
mod leadership;
mod messages;
mod norms;
pub mod partition;
mod pools;
mod post_shares;
mod post_vacancy;
mod posts;
mod quota;
mod records;
mod report;
mod retirement;
mod secondment;
mod secondment_caps;
mod support;
mod unknown;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use report::CategoryTotals;
pub use report::{Code, LeadershipRow, OccupancyRow, Report, Severity, Summary, Violation};

use crate::Dataset;

/// Language of finding messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// Chinese (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "中文" => Ok(Lang::Zh),
            "en" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}` (expected zh or en)")),
        }
    }
}

/// Options of a validation run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The evaluation date; `None` uses the document's `as_of`, then today.
    pub as_of: Option<NaiveDate>,
    /// Language of messages.
    pub lang: Lang,
    /// Threads for the per-person rules: 0 (the default) uses one per available core for
    /// 50 000 staff or more and the calling thread below that; 1 the calling thread only;
    /// `n` splits the staff into `n` chunks. The report is the same whatever the count.
    pub threads: usize,
}

impl Options {
    /// Options with a fixed evaluation date and Chinese messages.
    pub fn as_of(date: NaiveDate) -> Options {
        Options {
            as_of: Some(date),
            lang: Lang::Zh,
            threads: 0,
        }
    }

    /// These options with the evaluation date `date` (`None`: the document's `as_of`, then
    /// today).
    ///
    /// ```
    /// use bianzhi::{NaiveDate, Options};
    /// let d = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    /// assert_eq!(Options::default().with_as_of(Some(d)).as_of, Some(d));
    /// ```
    pub fn with_as_of(mut self, date: Option<NaiveDate>) -> Options {
        self.as_of = date;
        self
    }

    /// These options with messages in `lang`.
    ///
    /// ```
    /// use bianzhi::{Lang, Options};
    /// assert_eq!(Options::default().with_lang(Lang::En).lang, Lang::En);
    /// ```
    pub fn with_lang(mut self, lang: Lang) -> Options {
        self.lang = lang;
        self
    }

    /// These options with `threads` threads for the per-person rules (see [`Options::threads`]).
    ///
    /// ```
    /// use bianzhi::Options;
    /// assert_eq!(Options::default().with_threads(2).threads, 2);
    /// ```
    pub fn with_threads(mut self, threads: usize) -> Options {
        self.threads = threads;
        self
    }
}

/// Validates a whole dataset against every rule of `docs/rules.md#finding-codes`.
///
/// ```
/// use bianzhi::{validate, Code, Dataset, Options};
/// let ds = Dataset::from_json(r#"{
///   "units": [{"id": "U1", "name": "某县农业农村局", "kind": "organ",
///              "quotas": {"administrative": 1}}],
///   "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative"},
///             {"id": "S2", "name": "李四", "unit": "U1", "establishment": "administrative"}]
/// }"#).unwrap();
/// let report = validate(&ds, &Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()));
/// assert_eq!(report.violations[0].code, Code::OverEstablishment);
/// assert_eq!(report.violations[0].message,
///            "某县农业农村局 行政编制 核定1名，实有2名，超编1名：李四（入职日期未填）");
/// // the person enrolled after the quota was full (no `joined` dates: roster order)
/// assert_eq!(report.violations[0].excess, ["S2"]);
/// assert_eq!(report.occupancy[0].over, Some(1));
/// assert!(!report.ok());
/// ```
pub fn validate(dataset: &Dataset, options: &Options) -> Report {
    let as_of = options
        .as_of
        .or(dataset.as_of())
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    engine::run(dataset, as_of, options.lang, options.threads)
}
