//! The scheme model (考核方案): indicators, raters, periods, grades, the top-grade cap, ungraded
//! rules, vetoes, multi-year consequences, and the money and selection rules, all as data.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::num::{self, plain};

/// The grade name used for a year without a grade (不定等次) in histories and consequence rules.
pub const UNGRADED: &str = "不定等次";

/// Why a scheme cannot be used. Every variant names the field at fault.
///
/// ```
/// use bianzhi::assess::{preset, SchemeError};
/// let mut s = preset("civil_servant_annual").unwrap();
/// s.cap.as_mut().unwrap().ratio = "1.5".parse().unwrap();
/// let e = s.validate().unwrap_err();
/// assert!(matches!(e, SchemeError::Invalid { ref field, .. } if field == "cap.ratio"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemeError {
    /// The scheme was given by a name that is not a preset.
    #[error("unknown preset `{name}` (presets: {known})")]
    UnknownPreset {
        /// The name that was given.
        name: String,
        /// The preset names, comma-separated.
        known: String,
    },
    /// The scheme is not a well-formed scheme object (wrong type, unknown key, …).
    #[error("scheme is malformed: {0}")]
    Malformed(String),
    /// A field holds a value the rules forbid.
    #[error("{field}: {message}")]
    Invalid {
        /// The path of the field, e.g. `indicators[2].weight`.
        field: String,
        /// What is wrong, e.g. `weights sum to 99.9, expected exactly 100`.
        message: String,
    },
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> SchemeError {
    SchemeError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// What a scheme produces per person.
///
/// ```
/// use bianzhi::assess::SchemeKind;
/// assert_eq!(serde_json::to_string(&SchemeKind::MonthlyPay).unwrap(), "\"monthly_pay\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SchemeKind {
    /// A score, a grade (等次) under a cap, vetoes and consequences.
    #[default]
    Graded,
    /// Money to the fen (月度绩效工资).
    MonthlyPay,
    /// 竞争上岗: vote score, speech score, composite, eligibility and rank.
    Selection,
}

/// How the final score is rounded (once, at the end).
///
/// ```
/// use bianzhi::assess::Rounding;
/// let d: rust_decimal::Decimal = "89.995".parse().unwrap();
/// assert_eq!(Rounding::HalfUp.apply(d, 2).to_string(), "90.00");
/// assert_eq!(Rounding::Down.apply(d, 2).to_string(), "89.99");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rounding {
    /// 四舍五入: the midpoint rounds away from zero (the default).
    #[default]
    HalfUp,
    /// Banker's rounding: the midpoint rounds to the even digit.
    HalfEven,
    /// Truncation toward zero.
    Down,
}

impl Rounding {
    /// Rounds `d` to `places` decimal places.
    pub fn apply(self, d: Decimal, places: u32) -> Decimal {
        let s = match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::Down => RoundingStrategy::ToZero,
        };
        d.round_dp_with_strategy(places, s)
    }
}

/// How `ratio × n` becomes a whole number of people.
///
/// ```
/// use bianzhi::assess::CapRounding;
/// let x: rust_decimal::Decimal = "2.2".parse().unwrap();
/// assert_eq!(CapRounding::Floor.apply(x), Some(2));
/// assert_eq!(CapRounding::Ceil.apply(x), Some(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CapRounding {
    /// Round down (the default: 11 × 20% = 2.2 → 2).
    #[default]
    Floor,
    /// Round half-up (2.5 → 3).
    HalfUp,
    /// Round up (2.2 → 3).
    Ceil,
}

impl CapRounding {
    /// Rounds a non-negative decimal to a whole count (`None` if it does not fit).
    pub fn apply(self, x: Decimal) -> Option<u64> {
        use rust_decimal::prelude::ToPrimitive;
        let r = match self {
            CapRounding::Floor => x.floor(),
            CapRounding::Ceil => x.ceil(),
            CapRounding::HalfUp => {
                x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            }
        };
        r.to_u64()
    }
}

/// The scoring method of a leaf indicator. Points run from 0 to the indicator's `max`.
///
/// ```
/// use bianzhi::assess::Method;
/// let m: Method = serde_json::from_str(r#"{"deduction": {"per": 2}}"#).unwrap();
/// assert!(matches!(m, Method::Deduction { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Method {
    /// The input is the points (0 ≤ points ≤ max).
    #[default]
    Direct,
    /// Start at `max`, subtract `per` for each occurrence given as input, never below `floor`.
    Deduction {
        /// Points per occurrence.
        #[serde(with = "num::dec")]
        per: Decimal,
        /// Lowest result (default 0).
        #[serde(default, with = "num::dec")]
        floor: Decimal,
    },
    /// `per` for each occurrence given as input, at most `cap` (default `max`).
    Addition {
        /// Points per occurrence.
        #[serde(with = "num::dec")]
        per: Decimal,
        /// Highest result (default: the indicator's max).
        #[serde(
            default,
            with = "num::opt_dec",
            skip_serializing_if = "Option::is_none"
        )]
        cap: Option<Decimal>,
    },
    /// `actual / target × max`, at most `max`; the input is the actual value.
    Ratio {
        /// The target value (> 0).
        #[serde(with = "num::dec")]
        target: Decimal,
    },
    /// The first band (in order, highest minimum first) whose minimum the input reaches.
    Bands {
        /// Bands, strictly decreasing minimums; an input under every minimum scores 0.
        bands: Vec<PointBand>,
    },
    /// Input true/1 → `pass` points (default max); false/0 → `fail` points (default 0).
    PassFail {
        /// Points for a pass (default: the indicator's max).
        #[serde(
            default,
            with = "num::opt_dec",
            skip_serializing_if = "Option::is_none"
        )]
        pass: Option<Decimal>,
        /// Points for a fail (default 0).
        #[serde(default, with = "num::dec")]
        fail: Decimal,
    },
}

/// One band of a `bands` method: an input ≥ `min` scores `points`.
///
/// ```
/// let b: bianzhi::assess::PointBand = serde_json::from_str(r#"{"min": 95, "points": 10}"#).unwrap();
/// assert_eq!(b.points.to_string(), "10");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointBand {
    /// Inclusive minimum of the input.
    #[serde(with = "num::dec")]
    pub min: Decimal,
    /// Points awarded.
    #[serde(with = "num::dec")]
    pub points: Decimal,
}

/// An indicator (指标) of the tree.
///
/// Its weight is its share of its parent (siblings sum to exactly 100; children may instead sum
/// to their parent's weight, a points tree). Without `weight` the weight is `max`, so a flat
/// list of point maxima summing to 100 is a valid tree. A leaf's points (0 ≤ p ≤ `max`,
/// default 100) contribute `p × weight / max`.
///
/// ```
/// let i: bianzhi::assess::Indicator =
///     serde_json::from_str(r#"{"id": "de", "name": "德", "weight": 20}"#).unwrap();
/// assert_eq!(i.effective_weight().unwrap().to_string(), "20");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Unique id across the tree; the key in a person's `scores`.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Share of the parent.
    #[serde(
        default,
        with = "num::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<Decimal>,
    /// Maximum points of a leaf (default 100).
    #[serde(
        default,
        with = "num::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    pub max: Option<Decimal>,
    /// Scoring method of a leaf.
    #[serde(default)]
    pub method: Method,
    /// Sub-indicators (二级指标); an indicator with children is scored from them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Indicator>,
}

impl Indicator {
    /// `weight`, else `max`.
    pub fn effective_weight(&self) -> Option<Decimal> {
        self.weight.or(self.max)
    }
    /// `max`, default 100.
    pub fn max_points(&self) -> Decimal {
        self.max.unwrap_or(Decimal::ONE_HUNDRED)
    }
}

/// A rater group (评价主体) and its weight; weights sum to exactly 100.
///
/// ```
/// let r: bianzhi::assess::Rater =
///     serde_json::from_str(r#"{"id": "leader", "name": "领导", "weight": 40}"#).unwrap();
/// assert_eq!(r.weight.to_string(), "40");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rater {
    /// Id used in a person's `scores`.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Weight.
    #[serde(with = "num::dec")]
    pub weight: Decimal,
}

/// Period weights: the annual result and the mean of the 平时/季度 results (`routine_scores`).
/// A person without routine results is scored on the annual result alone (renormalised).
///
/// ```
/// let p: bianzhi::assess::Periods = serde_json::from_str(r#"{"annual": 60, "routine": 40}"#).unwrap();
/// assert_eq!(p.routine.to_string(), "40");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Periods {
    /// Weight of the annual result.
    #[serde(with = "num::dec")]
    pub annual: Decimal,
    /// Weight of the mean routine result.
    #[serde(with = "num::dec")]
    pub routine: Decimal,
}

/// A grade (等次) band. Grades are listed best first with strictly decreasing minimums; a score
/// at exactly `min` gets the grade. The last grade may omit `min` (it takes every lower score);
/// a score under every minimum gets the last grade.
///
/// ```
/// let g: bianzhi::assess::Grade = serde_json::from_str(r#"{"name": "优秀", "min": 90}"#).unwrap();
/// assert_eq!(g.min.unwrap().to_string(), "90");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// Name, e.g. 优秀.
    pub name: String,
    /// Inclusive minimum score.
    #[serde(
        default,
        with = "num::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    pub min: Option<Decimal>,
    /// Whether this grade is an award for the purpose of `bar_awards` vetoes (e.g. 优秀).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub award: bool,
}

/// Which people share one cap.
///
/// ```
/// assert_eq!(serde_json::to_string(&bianzhi::assess::PoolBy::Unit).unwrap(), "\"unit\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PoolBy {
    /// One pool per `unit` (people without a unit share one pool).
    #[default]
    Unit,
    /// Everybody in one pool.
    All,
}

/// Who counts in `n` of `ratio × n`.
///
/// ```
/// assert_eq!(serde_json::to_string(&bianzhi::assess::Denominator::Graded).unwrap(), "\"graded\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Denominator {
    /// People who receive a grade this year (the default, `docs/assessment.md#top-grade-cap-优秀比例`).
    #[default]
    Graded,
    /// Everybody in the pool, ungraded people included.
    All,
}

/// A key of the ranking order inside a pool, after which `id` always decides.
///
/// ```
/// use bianzhi::assess::TieKey;
/// let k: Vec<TieKey> = serde_json::from_str(r#"["score", {"indicator": "ji"}, "id"]"#).unwrap();
/// assert_eq!(k[1], TieKey::Indicator("ji".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TieKey {
    /// The final (rounded) score, higher first.
    Score,
    /// The exact points an indicator contributed, higher first (absent counts lowest).
    Indicator(String),
    /// The person id, in ascending text order.
    Id,
}

/// The top-grade cap (优秀比例): at most `ratio × n` people of a pool keep the first grade.
///
/// ```
/// let c: bianzhi::assess::Cap = serde_json::from_str(r#"{"ratio": 0.2}"#).unwrap();
/// assert_eq!(c.ratio.to_string(), "0.2");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    /// Share of the pool, 0–1.
    #[serde(with = "num::dec")]
    pub ratio: Decimal,
    /// How `ratio × n` is rounded (floor by default).
    #[serde(default)]
    pub rounding: CapRounding,
    /// Pools.
    #[serde(default)]
    pub pool: PoolBy,
    /// Who counts in `n`.
    #[serde(default)]
    pub denominator: Denominator,
    /// Other ratios selected per unit by `units.<id>.adjustment` (e.g. raised 0.25, lowered 0.15).
    #[serde(
        default,
        with = "num::map_dec",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub adjustments: BTreeMap<String, Decimal>,
    /// Ranking order; `id` always ends it. Default: score, then id.
    #[serde(default = "default_tie_break")]
    pub tie_break: Vec<TieKey>,
}

fn default_tie_break() -> Vec<TieKey> {
    vec![TieKey::Score, TieKey::Id]
}

/// A condition over a person's record.
///
/// Fields for `at_least` / `over`: `leave_days`, `maternity_leave_days`, `study_days`,
/// `months_in_post`, or any key of the person's `counts`/`cards` (absent = 0).
///
/// ```
/// use bianzhi::assess::Condition;
/// let c: Condition = serde_json::from_str(
///     r#"{"any": [{"flag": "probation"}, {"at_least": {"field": "质询", "value": 3}}]}"#).unwrap();
/// assert!(matches!(c, Condition::Any(ref v) if v.len() == 2));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Condition {
    /// The person carries this flag.
    Flag(String),
    /// A numeric field ≥ value (以上).
    AtLeast(Threshold),
    /// A numeric field > value (超过).
    Over(Threshold),
    /// Any of the conditions.
    Any(Vec<Condition>),
    /// All of the conditions.
    All(Vec<Condition>),
}

/// A numeric field and a threshold.
///
/// ```
/// let t: bianzhi::assess::Threshold =
///     serde_json::from_str(r#"{"field": "leave_days", "value": 182.5}"#).unwrap();
/// assert_eq!(t.value.to_string(), "182.5");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Field name.
    pub field: String,
    /// Threshold.
    #[serde(with = "num::dec")]
    pub value: Decimal,
}

/// A rule that leaves a person without a grade (不定等次).
///
/// ```
/// let r: bianzhi::assess::UngradedRule = serde_json::from_str(
///     r#"{"when": {"flag": "probation"}, "reason": "试用期"}"#).unwrap();
/// assert_eq!(r.reason, "试用期");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UngradedRule {
    /// When it applies.
    pub when: Condition,
    /// The reason reported.
    pub reason: String,
}

/// A veto (一票否决): forces a grade, caps the best grade, and/or bars awards.
///
/// ```
/// let v: bianzhi::assess::Veto = serde_json::from_str(
///     r#"{"when": {"flag": "refused"}, "force": "不称职", "reason": "拒绝参加考核"}"#).unwrap();
/// assert_eq!(v.force.as_deref(), Some("不称职"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Veto {
    /// When it applies.
    pub when: Condition,
    /// The grade given whatever the score (the worst one wins if several force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<String>,
    /// The best grade allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<String>,
    /// Bars award grades and award consequences (评先评优).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bar_awards: bool,
    /// The reason reported.
    pub reason: String,
}

/// How a consequence rule counts years.
///
/// ```
/// assert_eq!(serde_json::to_string(&bianzhi::assess::Counting::Consecutive).unwrap(), "\"consecutive\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Counting {
    /// This year's grade is one of `grades`.
    ThisYear,
    /// This year and the `years − 1` years before it all have one of `grades`.
    Consecutive,
    /// This year has one of `grades` and the number of such years in the history plus this
    /// year is a whole multiple of `years` (each block of `years` counts once).
    Cumulative,
}

/// A multi-year consequence (e.g. 连续三年优秀 → 记三等功).
///
/// ```
/// let c: bianzhi::assess::Consequence = serde_json::from_str(
///     r#"{"counting": "consecutive", "grades": ["优秀"], "years": 3, "result": "记三等功"}"#).unwrap();
/// assert_eq!(c.years, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consequence {
    /// How years are counted.
    pub counting: Counting,
    /// Grades that count (`不定等次` counts ungraded years).
    pub grades: Vec<String>,
    /// Years needed (1 for `this_year`).
    #[serde(default = "one")]
    pub years: u32,
    /// The consequence reported.
    pub result: String,
    /// An award, suppressed by `bar_awards` vetoes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub award: bool,
    /// Results this one replaces when both apply (记三等功 replaces 嘉奖).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
}

fn one() -> u32 {
    1
}

/// One tier of leave deductions: days up to `through_day` (inclusive) cost `per_day_fen`.
///
/// ```
/// let t: bianzhi::assess::LeaveTier = serde_json::from_str(r#"{"through_day": 5, "per_day_fen": 1000}"#).unwrap();
/// assert_eq!(t.per_day_fen, 1000);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveTier {
    /// Last day of the tier.
    pub through_day: u32,
    /// Deduction per day, in fen.
    pub per_day_fen: i64,
}

/// What a forfeiture removes.
///
/// ```
/// assert_eq!(serde_json::to_string(&bianzhi::assess::Forfeit::Base).unwrap(), "\"base\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Forfeit {
    /// The base amount (the default).
    #[default]
    Base,
    /// The whole month's pay.
    All,
}

/// Monthly performance pay rules, money in integer fen (`docs/assessment.md#monthly-pay-rules`).
///
/// ```
/// let s = bianzhi::assess::preset("monthly_performance_pay").unwrap();
/// assert_eq!(s.pay.unwrap().base_fen, 20000);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayRules {
    /// Monthly base (绩效标准).
    pub base_fen: i64,
    /// Monthly extra by `role`.
    #[serde(default)]
    pub role_extra_fen: BTreeMap<String, i64>,
    /// Per day worked at the 行政服务大厅 (`hall_days`).
    pub hall_day_fen: i64,
    /// Per 机关 duty (`office_duties`).
    pub office_duty_fen: i64,
    /// Per early-market duty before 06:30 (`early_market_duties`).
    pub early_market_duty_fen: i64,
    /// Per evening duty (`evening_duties`).
    pub evening_duty_fen: i64,
    /// Per holiday overtime day (`holiday_overtime_days`).
    pub holiday_overtime_day_fen: i64,
    /// Per overtime session in 稽查大队/绿化办/环卫办 (`overtime_sessions`).
    pub overtime_session_fen: i64,
    /// Per late arrival (`late`), deducted.
    pub late_fen: i64,
    /// Leave deduction tiers, in increasing `through_day`.
    pub leave_tiers: Vec<LeaveTier>,
    /// true: each day at its tier's rate; false: every day at the rate of the highest tier reached.
    #[serde(default = "yes")]
    pub leave_tiered: bool,
    /// More leave days than this forfeit (replacing the daily leave deductions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave_forfeit_over_days: Option<u32>,
    /// Per day of absence (旷工), deducted.
    pub absent_day_fen: i64,
    /// This many consecutive absent days or more forfeit (replacing the daily absence deductions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absent_forfeit_consecutive_days: Option<u32>,
    /// What a forfeiture removes.
    #[serde(default)]
    pub forfeit: Forfeit,
    /// Whether pay may go below 0 (no by default: it stops at 0).
    #[serde(default)]
    pub allow_negative: bool,
}

fn yes() -> bool {
    true
}

/// Age limits that raise a warning (一般 rule) in a selection.
///
/// ```
/// let a: bianzhi::assess::AgeLimits = serde_json::from_str(r#"{"male": 45, "female": 40}"#).unwrap();
/// assert_eq!(a.female, 40);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeLimits {
    /// 男 ≤.
    pub male: u32,
    /// 女 ≤.
    pub female: u32,
}

/// A ranking key of a selection after the composite score; `id` always ends it.
///
/// ```
/// assert_eq!(serde_json::to_string(&bianzhi::assess::SelectionKey::VoteScore).unwrap(), "\"vote_score\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SelectionKey {
    /// Vote score, higher first.
    VoteScore,
    /// Speech score, higher first.
    SpeechScore,
    /// Id, ascending.
    Id,
}

/// 竞争上岗 rules (`docs/assessment.md#selection-rules`).
///
/// ```
/// let s = bianzhi::assess::preset("competitive_selection").unwrap();
/// assert_eq!(s.selection.unwrap().min_judges, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionRules {
    /// Weight per vote kind (优秀, 称职, 基本称职, 不称职).
    #[serde(with = "num::map_dec")]
    pub vote_weights: BTreeMap<String, Decimal>,
    /// Multiplier: vote score = Σ weight × votes × scale / valid votes.
    #[serde(with = "num::dec")]
    pub vote_scale: Decimal,
    /// Marks dropped at each end (highest and lowest).
    pub trim: u32,
    /// Judges needed.
    pub min_judges: u32,
    /// Weight of the speech score (with `vote_weight`, sums to 100).
    #[serde(with = "num::dec")]
    pub speech_weight: Decimal,
    /// Weight of the vote score.
    #[serde(with = "num::dec")]
    pub vote_weight: Decimal,
    /// Vote kinds whose share must reach `good_share_min` (优秀 + 称职).
    pub good_votes: Vec<String>,
    /// Minimum share (0–1) of `good_votes`.
    #[serde(with = "num::dec")]
    pub good_share_min: Decimal,
    /// Vote kinds whose share must reach `excellent_share_min` (优秀).
    pub excellent_votes: Vec<String>,
    /// Minimum share (0–1) of `excellent_votes`.
    #[serde(with = "num::dec")]
    pub excellent_share_min: Decimal,
    /// Age limits (a warning only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_limits: Option<AgeLimits>,
    /// Ranking after the composite.
    #[serde(default = "default_selection_keys")]
    pub tie_break: Vec<SelectionKey>,
    /// Eligibility of a new (non-incumbent) candidate: whole years of organ service (机关工作
    ///经历) from `organ_service_start` to the run's `as_of`, at least this many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_organ_years: Option<u32>,
    /// Eligibility of a new candidate: the lowest education accepted (大专 → 大专 and above).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_education: Option<Education>,
    /// Posts offered in this selection (竞争上岗职位数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posts_offered: Option<u32>,
    /// The remaining 职数 of the posts' level (核定职数限额 − 实有), as the 编委 approved;
    /// `posts_offered` above it is a scheme-level finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_positions: Option<u32>,
}

/// An education level (学历), lowest first; names in Chinese or English.
///
/// ```
/// use bianzhi::assess::Education;
/// let e: Education = serde_json::from_str("\"本科\"").unwrap();
/// assert!(e >= Education::College);
/// assert_eq!(Education::parse("master"), Some(Education::Master));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Education {
    /// 高中 and below.
    HighSchool,
    /// 中专 (中等专业学校, 中职).
    Secondary,
    /// 大专 (专科).
    College,
    /// 本科 (大学本科).
    Bachelor,
    /// 硕士 (研究生).
    Master,
    /// 博士.
    Doctorate,
}

impl Education {
    /// Reads a name: 高中/中专/大专/本科/硕士/博士 (also 专科, 大学, 研究生, 中职, traditional
    /// 碩士), or `high_school`, `secondary`, `college`, `bachelor`, `master`, `doctorate`.
    pub fn parse(s: &str) -> Option<Education> {
        Some(match s.trim().to_lowercase().as_str() {
            "高中" | "初中" | "high_school" | "highschool" => Education::HighSchool,
            "中专" | "中職" | "中职" | "中專" | "secondary" | "vocational_secondary" => {
                Education::Secondary
            }
            "大专" | "大專" | "专科" | "專科" | "college" | "associate" => {
                Education::College
            }
            "本科" | "大学" | "大學" | "大学本科" | "大學本科" | "bachelor" | "undergraduate" => {
                Education::Bachelor
            }
            "硕士" | "碩士" | "研究生" | "硕士研究生" | "碩士研究生" | "master" | "masters" => {
                Education::Master
            }
            "博士" | "博士研究生" | "doctorate" | "doctor" | "phd" => Education::Doctorate,
            _ => return None,
        })
    }

    /// The Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Education::HighSchool => "高中",
            Education::Secondary => "中专",
            Education::College => "大专",
            Education::Bachelor => "本科",
            Education::Master => "硕士",
            Education::Doctorate => "博士",
        }
    }
}

impl<'de> Deserialize<'de> for Education {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Education, D::Error> {
        let s = String::deserialize(d)?;
        Education::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown education `{s}` (中专, 大专, 本科, 硕士, 博士 or secondary, college, bachelor, master, doctorate)"
            ))
        })
    }
}

fn default_selection_keys() -> Vec<SelectionKey> {
    vec![SelectionKey::VoteScore, SelectionKey::Id]
}

/// A scheme (考核方案). Load one from JSON or from [`preset`](super::preset) and check it with
/// [`Scheme::validate`] (the entry points validate before use).
///
/// ```
/// use bianzhi::assess::Scheme;
/// let s: Scheme = serde_json::from_str(r#"{"name": "x",
///   "indicators": [{"id": "a", "weight": 33.3}, {"id": "b", "weight": 33.3}, {"id": "c", "weight": 33.4}],
///   "grades": [{"name": "好", "min": 60}, {"name": "差"}]}"#).unwrap();
/// assert!(s.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// Name, echoed in the output.
    pub name: String,
    /// The source of the rules (regulation, 细则).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// What the scheme produces.
    #[serde(default)]
    pub kind: SchemeKind,
    /// Decimal places of the final score (default 2).
    #[serde(default = "two")]
    pub places: u32,
    /// Rounding of the final score (half-up by default).
    #[serde(default)]
    pub rounding: Rounding,
    /// The indicator tree (empty: people give `score` directly).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// Rater groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub raters: Vec<Rater>,
    /// Period weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<Periods>,
    /// Grades, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<Grade>,
    /// The top-grade cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Cap>,
    /// Ungraded rules, checked in order (the first that applies is the reason).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ungraded: Vec<UngradedRule>,
    /// Vetoes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vetoes: Vec<Veto>,
    /// Multi-year consequences, reported in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consequences: Vec<Consequence>,
    /// Money rules (kind `monthly_pay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay: Option<PayRules>,
    /// Selection rules (kind `selection`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<SelectionRules>,
}

fn two() -> u32 {
    2
}

fn check_sum(field: &str, sum: Decimal, alt: Option<Decimal>) -> Result<(), SchemeError> {
    if sum == Decimal::ONE_HUNDRED || alt == Some(sum) {
        return Ok(());
    }
    let expected = match alt {
        Some(a) => format!("exactly 100 (or the parent's weight {})", plain(a)),
        None => "exactly 100".to_string(),
    };
    Err(invalid(
        field,
        format!("weights sum to {}, expected {expected}", plain(sum)),
    ))
}

fn sum(field: &str, xs: impl IntoIterator<Item = Decimal>) -> Result<Decimal, SchemeError> {
    xs.into_iter()
        .try_fold(Decimal::ZERO, |a, x| a.checked_add(x))
        .ok_or_else(|| invalid(field, "weights overflow"))
}

fn unit_interval(field: &str, x: Decimal) -> Result<(), SchemeError> {
    if x < Decimal::ZERO || x > Decimal::ONE {
        return Err(invalid(field, format!("{} is outside 0–1", plain(x))));
    }
    Ok(())
}

impl Scheme {
    /// Index of a grade by name.
    pub fn grade_index(&self, name: &str) -> Option<usize> {
        self.grades.iter().position(|g| g.name == name)
    }

    /// All indicators of the tree, depth first, with their paths.
    pub(crate) fn all_indicators(&self) -> Vec<(&Indicator, String)> {
        fn walk<'a>(xs: &'a [Indicator], base: &str, out: &mut Vec<(&'a Indicator, String)>) {
            for (i, x) in xs.iter().enumerate() {
                let p = format!("{base}[{i}]");
                out.push((x, p.clone()));
                walk(&x.children, &format!("{p}.children"), out);
            }
        }
        let mut out = Vec::new();
        walk(&self.indicators, "indicators", &mut out);
        out
    }

    /// Checks every rule of the scheme; the error names the field.
    ///
    /// ```
    /// use bianzhi::assess::Scheme;
    /// let s: Scheme = serde_json::from_str(r#"{"name": "x",
    ///   "indicators": [{"id": "a", "weight": 33.3}, {"id": "b", "weight": 33.3}, {"id": "c", "weight": 33.3}],
    ///   "grades": [{"name": "好", "min": 60}, {"name": "差"}]}"#).unwrap();
    /// let e = s.validate().unwrap_err().to_string();
    /// assert_eq!(e, "indicators: weights sum to 99.9, expected exactly 100");
    /// ```
    pub fn validate(&self) -> Result<(), SchemeError> {
        if self.places > 10 {
            return Err(invalid(
                "places",
                format!("{} places, at most 10", self.places),
            ));
        }
        self.validate_indicators()?;
        self.validate_raters()?;
        if let Some(p) = &self.periods {
            if p.annual < Decimal::ZERO || p.routine < Decimal::ZERO {
                return Err(invalid("periods", "weights must not be negative"));
            }
            check_sum("periods", sum("periods", [p.annual, p.routine])?, None)?;
        }
        match self.kind {
            SchemeKind::Graded => self.validate_graded()?,
            SchemeKind::MonthlyPay => match &self.pay {
                None => return Err(invalid("pay", "a monthly_pay scheme needs `pay` rules")),
                Some(p) => validate_pay(p)?,
            },
            SchemeKind::Selection => match &self.selection {
                None => {
                    return Err(invalid(
                        "selection",
                        "a selection scheme needs `selection` rules",
                    ))
                }
                Some(s) => validate_selection(s)?,
            },
        }
        Ok(())
    }

    fn validate_indicators(&self) -> Result<(), SchemeError> {
        let mut ids = BTreeSet::new();
        for (ind, path) in self.all_indicators() {
            if ind.id.trim().is_empty() {
                return Err(invalid(format!("{path}.id"), "empty id"));
            }
            if !ids.insert(ind.id.as_str()) {
                return Err(invalid(
                    format!("{path}.id"),
                    format!("duplicate id `{}`", ind.id),
                ));
            }
            let w = ind.effective_weight().ok_or_else(|| {
                invalid(format!("{path}.weight"), "missing (give `weight` or `max`)")
            })?;
            if w < Decimal::ZERO {
                return Err(invalid(
                    format!("{path}.weight"),
                    format!("{} is negative", plain(w)),
                ));
            }
            let max = ind.max_points();
            if max <= Decimal::ZERO {
                return Err(invalid(format!("{path}.max"), "must be greater than 0"));
            }
            if !ind.children.is_empty() {
                if ind.method != Method::Direct {
                    return Err(invalid(
                        format!("{path}.method"),
                        "an indicator with children is scored from them",
                    ));
                }
                let field = format!("{path}.children");
                let mut ws = Vec::new();
                for (j, c) in ind.children.iter().enumerate() {
                    ws.push(c.effective_weight().ok_or_else(|| {
                        invalid(
                            format!("{field}[{j}].weight"),
                            "missing (give `weight` or `max`)",
                        )
                    })?);
                }
                check_sum(&field, sum(&field, ws)?, Some(w))?;
                continue;
            }
            let within = |f: &str, x: Decimal| -> Result<(), SchemeError> {
                if x < Decimal::ZERO || x > max {
                    Err(invalid(
                        format!("{path}.method.{f}"),
                        format!("{} is outside 0–{}", plain(x), plain(max)),
                    ))
                } else {
                    Ok(())
                }
            };
            match &ind.method {
                Method::Direct => {}
                Method::Deduction { per, floor } => {
                    if *per <= Decimal::ZERO {
                        return Err(invalid(
                            format!("{path}.method.per"),
                            "must be greater than 0",
                        ));
                    }
                    within("floor", *floor)?;
                }
                Method::Addition { per, cap } => {
                    if *per <= Decimal::ZERO {
                        return Err(invalid(
                            format!("{path}.method.per"),
                            "must be greater than 0",
                        ));
                    }
                    if let Some(c) = cap {
                        within("cap", *c)?;
                    }
                }
                Method::Ratio { target } => {
                    if *target <= Decimal::ZERO {
                        return Err(invalid(
                            format!("{path}.method.target"),
                            "must be greater than 0",
                        ));
                    }
                }
                Method::Bands { bands } => {
                    if bands.is_empty() {
                        return Err(invalid(format!("{path}.method.bands"), "no bands"));
                    }
                    for (j, b) in bands.iter().enumerate() {
                        within(&format!("bands[{j}].points"), b.points)?;
                        if j > 0 && bands.get(j - 1).is_some_and(|p| p.min <= b.min) {
                            return Err(invalid(
                                format!("{path}.method.bands[{j}].min"),
                                "bands overlap or are out of order (minimums must strictly decrease)",
                            ));
                        }
                    }
                }
                Method::PassFail { pass, fail } => {
                    if let Some(p) = pass {
                        within("pass", *p)?;
                    }
                    within("fail", *fail)?;
                }
            }
        }
        if !self.indicators.is_empty() {
            let ws = self
                .indicators
                .iter()
                .map(|i| i.effective_weight().unwrap_or(Decimal::ZERO));
            check_sum("indicators", sum("indicators", ws)?, None)?;
        }
        Ok(())
    }

    fn validate_raters(&self) -> Result<(), SchemeError> {
        if self.raters.is_empty() {
            return Ok(());
        }
        let mut ids = BTreeSet::new();
        for (i, r) in self.raters.iter().enumerate() {
            if r.id.trim().is_empty() {
                return Err(invalid(format!("raters[{i}].id"), "empty id"));
            }
            if !ids.insert(r.id.as_str()) {
                return Err(invalid(
                    format!("raters[{i}].id"),
                    format!("duplicate id `{}`", r.id),
                ));
            }
            if r.weight < Decimal::ZERO {
                return Err(invalid(
                    format!("raters[{i}].weight"),
                    "must not be negative",
                ));
            }
        }
        check_sum(
            "raters",
            sum("raters", self.raters.iter().map(|r| r.weight))?,
            None,
        )
    }

    fn check_grade(
        &self,
        field: &str,
        name: &str,
        allow_ungraded: bool,
    ) -> Result<(), SchemeError> {
        if self.grade_index(name).is_some() || (allow_ungraded && name == UNGRADED) {
            Ok(())
        } else {
            Err(invalid(field, format!("unknown grade `{name}`")))
        }
    }

    fn validate_graded(&self) -> Result<(), SchemeError> {
        if self.grades.is_empty() {
            return Err(invalid("grades", "no grades"));
        }
        let mut names = BTreeSet::new();
        let last = self.grades.len() - 1;
        let mut prev: Option<Decimal> = None;
        for (i, g) in self.grades.iter().enumerate() {
            if g.name.trim().is_empty() || g.name == UNGRADED {
                return Err(invalid(
                    format!("grades[{i}].name"),
                    "empty or reserved name",
                ));
            }
            if !names.insert(g.name.as_str()) {
                return Err(invalid(
                    format!("grades[{i}].name"),
                    format!("duplicate grade `{}`", g.name),
                ));
            }
            match g.min {
                None if i != last => {
                    return Err(invalid(
                        format!("grades[{i}].min"),
                        "missing (only the last grade may omit its minimum)",
                    ))
                }
                None => {}
                Some(m) => {
                    if prev.is_some_and(|p| p <= m) {
                        return Err(invalid(
                            format!("grades[{i}].min"),
                            format!(
                                "bands overlap or are out of order: {} is not below the previous minimum",
                                plain(m)
                            ),
                        ));
                    }
                    prev = Some(m);
                }
            }
        }
        if let Some(c) = &self.cap {
            unit_interval("cap.ratio", c.ratio)?;
            for (k, r) in &c.adjustments {
                unit_interval(&format!("cap.adjustments.{k}"), *r)?;
            }
            if self.grades.len() < 2 {
                return Err(invalid(
                    "cap",
                    "a cap needs a second grade to move people to",
                ));
            }
            for (i, k) in c.tie_break.iter().enumerate() {
                if let TieKey::Indicator(id) = k {
                    if !self.all_indicators().iter().any(|(x, _)| &x.id == id) {
                        return Err(invalid(
                            format!("cap.tie_break[{i}]"),
                            format!("unknown indicator `{id}`"),
                        ));
                    }
                }
            }
        }
        for (i, u) in self.ungraded.iter().enumerate() {
            validate_condition(&format!("ungraded[{i}].when"), &u.when)?;
        }
        for (i, v) in self.vetoes.iter().enumerate() {
            validate_condition(&format!("vetoes[{i}].when"), &v.when)?;
            if v.force.is_none() && v.cap.is_none() && !v.bar_awards {
                return Err(invalid(
                    format!("vetoes[{i}]"),
                    "no effect (give `force`, `cap` or `bar_awards`)",
                ));
            }
            if let Some(g) = &v.force {
                self.check_grade(&format!("vetoes[{i}].force"), g, false)?;
            }
            if let Some(g) = &v.cap {
                self.check_grade(&format!("vetoes[{i}].cap"), g, false)?;
            }
        }
        for (i, c) in self.consequences.iter().enumerate() {
            if c.grades.is_empty() {
                return Err(invalid(format!("consequences[{i}].grades"), "no grades"));
            }
            for (j, g) in c.grades.iter().enumerate() {
                self.check_grade(&format!("consequences[{i}].grades[{j}]"), g, true)?;
            }
            if c.years == 0 || c.years > 100 {
                return Err(invalid(format!("consequences[{i}].years"), "must be 1–100"));
            }
            if c.result.trim().is_empty() {
                return Err(invalid(format!("consequences[{i}].result"), "empty"));
            }
        }
        Ok(())
    }
}

fn validate_condition(field: &str, c: &Condition) -> Result<(), SchemeError> {
    match c {
        Condition::Flag(f) if f.trim().is_empty() => Err(invalid(field, "empty flag")),
        Condition::AtLeast(t) | Condition::Over(t) if t.field.trim().is_empty() => {
            Err(invalid(field, "empty field name"))
        }
        Condition::Any(xs) | Condition::All(xs) => {
            if xs.is_empty() {
                return Err(invalid(field, "empty list of conditions"));
            }
            for (i, x) in xs.iter().enumerate() {
                validate_condition(&format!("{field}[{i}]"), x)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn validate_pay(p: &PayRules) -> Result<(), SchemeError> {
    let amounts = [
        ("pay.base_fen", p.base_fen),
        ("pay.hall_day_fen", p.hall_day_fen),
        ("pay.office_duty_fen", p.office_duty_fen),
        ("pay.early_market_duty_fen", p.early_market_duty_fen),
        ("pay.evening_duty_fen", p.evening_duty_fen),
        ("pay.holiday_overtime_day_fen", p.holiday_overtime_day_fen),
        ("pay.overtime_session_fen", p.overtime_session_fen),
        ("pay.late_fen", p.late_fen),
        ("pay.absent_day_fen", p.absent_day_fen),
    ];
    const LIMIT: i64 = 1_000_000_000_000; // 100 亿元: keeps every product far from overflow
    for (f, v) in amounts {
        if !(0..=LIMIT).contains(&v) {
            return Err(invalid(f, format!("{v} fen is outside 0–{LIMIT}")));
        }
    }
    for (k, v) in &p.role_extra_fen {
        if !(0..=LIMIT).contains(v) {
            return Err(invalid(
                format!("pay.role_extra_fen.{k}"),
                format!("{v} fen is out of range"),
            ));
        }
    }
    let mut prev = 0u32;
    for (i, t) in p.leave_tiers.iter().enumerate() {
        if t.through_day <= prev {
            return Err(invalid(
                format!("pay.leave_tiers[{i}].through_day"),
                "tiers overlap or are out of order (days must strictly increase)",
            ));
        }
        if !(0..=LIMIT).contains(&t.per_day_fen) {
            return Err(invalid(
                format!("pay.leave_tiers[{i}].per_day_fen"),
                "out of range",
            ));
        }
        prev = t.through_day;
    }
    Ok(())
}

fn validate_selection(s: &SelectionRules) -> Result<(), SchemeError> {
    if s.speech_weight < Decimal::ZERO || s.vote_weight < Decimal::ZERO {
        return Err(invalid("selection", "weights must not be negative"));
    }
    let field = "selection.speech_weight+vote_weight";
    check_sum(field, sum(field, [s.speech_weight, s.vote_weight])?, None)?;
    unit_interval("selection.good_share_min", s.good_share_min)?;
    unit_interval("selection.excellent_share_min", s.excellent_share_min)?;
    if s.vote_weights.is_empty() {
        return Err(invalid("selection.vote_weights", "no vote kinds"));
    }
    for (f, kinds) in [
        ("good_votes", &s.good_votes),
        ("excellent_votes", &s.excellent_votes),
    ] {
        for (i, k) in kinds.iter().enumerate() {
            if !s.vote_weights.contains_key(k) {
                return Err(invalid(
                    format!("selection.{f}[{i}]"),
                    format!("unknown vote kind `{k}`"),
                ));
            }
        }
    }
    if s.min_judges == 0 || u64::from(s.trim) * 2 >= u64::from(s.min_judges) {
        return Err(invalid(
            "selection.min_judges",
            format!(
                "{} judges leave no mark after dropping {} at each end",
                s.min_judges, s.trim
            ),
        ));
    }
    Ok(())
}
