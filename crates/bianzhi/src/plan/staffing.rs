//! 定员 methods (`docs/formats.md#staffing-plan`): pure functions returning the exact value and the rounded
//! headcount, with the formula and the intermediate numbers.
//!
//! Every function checks its parameters first and returns [`PlanError`] naming the offending
//! parameter: divisors (output per day, working days, hours, attendance rate, `r`) must be
//! positive, the attendance rate must be at most 1, everything else must not be negative.
//! All arithmetic is exact ([`Decimal`]); division keeps 28 significant digits.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::num::{self, add, div, fixed, mul};
use super::PlanError;

/// How a headcount is rounded to whole persons.
///
/// ```
/// use bianzhi::plan::staffing::Rounding;
/// use rust_decimal::Decimal;
/// let x = Decimal::new(12191, 1); // 1219.1
/// assert_eq!(Rounding::Ceil.apply(x), Decimal::from(1220));
/// assert_eq!(Rounding::Floor.apply(x), Decimal::from(1219));
/// assert_eq!(Rounding::HalfUp.apply(x), Decimal::from(1219));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rounding {
    /// Round up (the default: a fraction of a person needs a whole person).
    #[default]
    #[serde(alias = "up", alias = "向上取整")]
    Ceil,
    /// Round down.
    #[serde(alias = "down", alias = "向下取整")]
    Floor,
    /// Round to the nearest whole person, halves up.
    #[serde(alias = "round", alias = "四舍五入")]
    HalfUp,
}

impl Rounding {
    /// Rounds `x` to a whole number with this rule.
    ///
    /// ```
    /// use bianzhi::plan::staffing::Rounding;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Rounding::HalfUp.apply(Decimal::new(25, 1)), Decimal::from(3));
    /// ```
    pub fn apply(self, x: Decimal) -> Decimal {
        match self {
            Rounding::Ceil => x.ceil(),
            Rounding::Floor => x.floor(),
            Rounding::HalfUp => {
                x.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            }
        }
    }

    /// The lower-case name used in documents (`ceil`, `floor`, `half_up`).
    ///
    /// ```
    /// assert_eq!(bianzhi::plan::staffing::Rounding::Ceil.as_str(), "ceil");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::Ceil => "ceil",
            Rounding::Floor => "floor",
            Rounding::HalfUp => "half_up",
        }
    }
}

/// The 定员 method that produced a result.
///
/// ```
/// use bianzhi::plan::staffing::Method;
/// assert_eq!(Method::Efficiency.zh(), "效率定员");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Method {
    /// 效率定员, output form `M = W / (q·T·K)`.
    Efficiency,
    /// 效率定员, time-standard form `M = W·t / (H·K)`.
    EfficiencyTime,
    /// 设备定员 `M = n·m·s / K`.
    Equipment,
    /// 岗位定员 `M = Σ posts × shifts / K`.
    Post,
    /// 比例定员 `M = T × R`.
    Ratio,
    /// 比例定员 `M = T / r`.
    RatioPer,
    /// Supervision-class workload allocation (分类监管, `docs/formats.md#staffing-plan`).
    Supervision,
}

impl Method {
    /// Chinese name.
    ///
    /// ```
    /// assert_eq!(bianzhi::plan::staffing::Method::Post.zh(), "岗位定员");
    /// ```
    pub fn zh(self) -> &'static str {
        match self {
            Method::Efficiency | Method::EfficiencyTime => "效率定员",
            Method::Equipment => "设备定员",
            Method::Post => "岗位定员",
            Method::Ratio | Method::RatioPer => "比例定员",
            Method::Supervision => "分类监管工作量定员",
        }
    }

    /// The formula, in the symbols of `docs/formats.md#staffing-plan`.
    ///
    /// ```
    /// assert_eq!(bianzhi::plan::staffing::Method::Efficiency.formula(), "M = W / (q·T·K)");
    /// ```
    pub fn formula(self) -> &'static str {
        match self {
            Method::Efficiency => "M = W / (q·T·K)",
            Method::EfficiencyTime => "M = W·t / (H·K)",
            Method::Equipment => "M = n·m·s / K",
            Method::Post => "M = Σ(posts × shifts) / K",
            Method::Ratio => "M = T × R",
            Method::RatioPer => "M = T / r",
            Method::Supervision => "L = fa·Na + fb·Nb + fc·Nc + fd·Nd; M = ΣL / C",
        }
    }
}

/// One named input of a computation.
///
/// ```
/// let r = bianzhi::plan::staffing::ratio(500.into(), rust_decimal::Decimal::new(2, 2),
///     Default::default()).unwrap();
/// assert_eq!(r.inputs[0].symbol, "T");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Param {
    /// Parameter name as in documents (`workload`, `attendance` …).
    pub name: String,
    /// Formula symbol (`W`, `K` …).
    pub symbol: String,
    /// The value.
    #[serde(with = "num::norm")]
    pub value: Decimal,
}

/// One intermediate number of a computation.
///
/// ```
/// let r = bianzhi::plan::staffing::efficiency(4_651_200.into(), 16.into(), 251.into(),
///     rust_decimal::Decimal::new(95, 2), Default::default()).unwrap();
/// assert_eq!(r.steps[0].value.normalize().to_string(), "3815.2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Step {
    /// What was computed (`q·T·K`).
    pub name: String,
    /// Its exact value.
    #[serde(with = "num::norm")]
    pub value: Decimal,
}

/// The result of one 定员 method: the exact value and the rounded headcount.
///
/// ```
/// use bianzhi::plan::staffing::{efficiency, Rounding};
/// use rust_decimal::Decimal;
/// let r = efficiency(4_651_200.into(), 16.into(), 251.into(), Decimal::new(95, 2),
///     Rounding::Ceil).unwrap();
/// assert_eq!(r.exact_2dp, "1219.12");
/// assert_eq!(r.headcount, 1220);
/// assert!(Decimal::from(r.headcount) >= r.exact);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Staffing {
    /// The method.
    pub method: Method,
    /// Chinese name of the method.
    pub method_zh: String,
    /// The formula in symbols.
    pub formula: String,
    /// The inputs.
    pub inputs: Vec<Param>,
    /// The formula with the numbers substituted.
    pub substituted: String,
    /// Intermediate numbers, in computation order.
    pub steps: Vec<Step>,
    /// The exact value (28 significant digits at most).
    #[serde(with = "num::norm")]
    pub exact: Decimal,
    /// The exact value rounded half-up to two places, for display.
    pub exact_2dp: String,
    /// The rounding rule applied.
    pub rounding: Rounding,
    /// Whole persons.
    pub headcount: u64,
}

fn p(name: &str, symbol: &str, value: Decimal) -> Param {
    Param {
        name: name.into(),
        symbol: symbol.into(),
        value,
    }
}

fn s(name: &str, value: Decimal) -> Step {
    Step {
        name: name.into(),
        value,
    }
}

fn t(d: Decimal) -> String {
    d.normalize().to_string()
}

pub(crate) fn non_negative(name: &str, v: Decimal) -> Result<Decimal, PlanError> {
    if v.is_sign_negative() && !v.is_zero() {
        Err(PlanError::Negative {
            parameter: name.into(),
            value: v,
        })
    } else {
        Ok(v)
    }
}

pub(crate) fn positive(name: &str, v: Decimal) -> Result<Decimal, PlanError> {
    if v <= Decimal::ZERO {
        Err(PlanError::NotPositive {
            parameter: name.into(),
            value: v,
        })
    } else {
        Ok(v)
    }
}

/// An attendance rate (出勤率) `K`: `0 < K ≤ 1`.
fn attendance_rate(name: &str, v: Decimal) -> Result<Decimal, PlanError> {
    positive(name, v)?;
    if v > Decimal::ONE {
        return Err(PlanError::TooLarge {
            parameter: name.into(),
            value: v,
            max: Decimal::ONE,
        });
    }
    Ok(v)
}

fn whole(name: &str, v: Decimal) -> Result<Decimal, PlanError> {
    non_negative(name, v)?;
    if !v.fract().is_zero() {
        return Err(PlanError::Invalid {
            parameter: name.into(),
            message: format!("must be a whole number (got {v})"),
        });
    }
    Ok(v)
}

pub(crate) fn to_headcount(x: Decimal, what: &str) -> Result<u64, PlanError> {
    x.to_u64()
        .ok_or_else(|| PlanError::Overflow(format!("{what} does not fit a headcount")))
}

#[allow(clippy::too_many_arguments)]
fn finish(
    method: Method,
    inputs: Vec<Param>,
    substituted: String,
    steps: Vec<Step>,
    exact: Decimal,
    rounding: Rounding,
) -> Result<Staffing, PlanError> {
    let headcount = to_headcount(rounding.apply(exact), "M")?;
    Ok(Staffing {
        method,
        method_zh: method.zh().into(),
        formula: method.formula().into(),
        inputs,
        substituted,
        steps,
        exact: exact.normalize(),
        exact_2dp: fixed(exact, 2),
        rounding,
        headcount,
    })
}

/// 效率定员, output form: `M = W / (q·T·K)`.
///
/// `workload` W (units of output a year, ≥ 0), `output_per_day` q (per person-day, > 0),
/// `working_days` T (> 0), `attendance` K (0 < K ≤ 1).
///
/// ```
/// use bianzhi::plan::staffing::{efficiency, Rounding};
/// use rust_decimal::Decimal;
/// // The textbook check: 4 651 200 / (16 × 251 × 0.95) = 1219.12… → 1220 persons.
/// let r = efficiency(4_651_200.into(), 16.into(), 251.into(), Decimal::new(95, 2),
///     Rounding::Ceil).unwrap();
/// assert_eq!(r.headcount, 1220);
/// // A zero attendance rate is an error naming the parameter.
/// let e = efficiency(1.into(), 1.into(), 1.into(), Decimal::ZERO, Rounding::Ceil).unwrap_err();
/// assert!(e.to_string().contains("attendance"));
/// ```
pub fn efficiency(
    workload: Decimal,
    output_per_day: Decimal,
    working_days: Decimal,
    attendance: Decimal,
    rounding: Rounding,
) -> Result<Staffing, PlanError> {
    non_negative("workload", workload)?;
    positive("output_per_day", output_per_day)?;
    positive("working_days", working_days)?;
    attendance_rate("attendance", attendance)?;
    let qt = mul(output_per_day, working_days, "q·T")?;
    let qtk = mul(qt, attendance, "q·T·K")?;
    let exact = div(workload, qtk, "W / (q·T·K)")?;
    finish(
        Method::Efficiency,
        vec![
            p("workload", "W", workload),
            p("output_per_day", "q", output_per_day),
            p("working_days", "T", working_days),
            p("attendance", "K", attendance),
        ],
        format!(
            "{} / ({} × {} × {})",
            t(workload),
            t(output_per_day),
            t(working_days),
            t(attendance)
        ),
        vec![s("q·T·K", qtk), s("W / (q·T·K)", exact)],
        exact,
        rounding,
    )
}

/// 效率定员, time-standard form: `M = W·t / (H·K)`.
///
/// `workload` W (units, ≥ 0), `time_per_unit` t (hours per unit, ≥ 0), `hours_per_person` H
/// (working hours per person in the period, > 0), `attendance` K (0 < K ≤ 1).
///
/// ```
/// use bianzhi::plan::staffing::{efficiency_time, Rounding};
/// use rust_decimal::Decimal;
/// // 12 000 cases × 1.5 h / (2008 h × 0.9) = 18000 / 1807.2 = 9.96… → 10
/// let r = efficiency_time(12_000.into(), Decimal::new(15, 1), 2008.into(),
///     Decimal::new(9, 1), Rounding::Ceil).unwrap();
/// assert_eq!(r.headcount, 10);
/// ```
pub fn efficiency_time(
    workload: Decimal,
    time_per_unit: Decimal,
    hours_per_person: Decimal,
    attendance: Decimal,
    rounding: Rounding,
) -> Result<Staffing, PlanError> {
    non_negative("workload", workload)?;
    non_negative("time_per_unit", time_per_unit)?;
    positive("hours_per_person", hours_per_person)?;
    attendance_rate("attendance", attendance)?;
    let wt = mul(workload, time_per_unit, "W·t")?;
    let hk = mul(hours_per_person, attendance, "H·K")?;
    let exact = div(wt, hk, "W·t / (H·K)")?;
    finish(
        Method::EfficiencyTime,
        vec![
            p("workload", "W", workload),
            p("time_per_unit", "t", time_per_unit),
            p("hours_per_person", "H", hours_per_person),
            p("attendance", "K", attendance),
        ],
        format!(
            "{} × {} / ({} × {})",
            t(workload),
            t(time_per_unit),
            t(hours_per_person),
            t(attendance)
        ),
        vec![s("W·t", wt), s("H·K", hk), s("W·t / (H·K)", exact)],
        exact,
        rounding,
    )
}

/// 设备定员: `M = n·m·s / K`.
///
/// `machines` n, `persons_per_machine` m (per machine per shift), `shifts` s (all ≥ 0),
/// `attendance` K (0 < K ≤ 1).
///
/// ```
/// use bianzhi::plan::staffing::{equipment, Rounding};
/// use rust_decimal::Decimal;
/// // 12 × 2 × 3 / 0.96 = 75 exactly
/// let r = equipment(12.into(), 2.into(), 3.into(), Decimal::new(96, 2), Rounding::Ceil).unwrap();
/// assert_eq!((r.exact_2dp.as_str(), r.headcount), ("75.00", 75));
/// ```
pub fn equipment(
    machines: Decimal,
    persons_per_machine: Decimal,
    shifts: Decimal,
    attendance: Decimal,
    rounding: Rounding,
) -> Result<Staffing, PlanError> {
    non_negative("machines", machines)?;
    non_negative("persons_per_machine", persons_per_machine)?;
    non_negative("shifts", shifts)?;
    attendance_rate("attendance", attendance)?;
    let nm = mul(machines, persons_per_machine, "n·m")?;
    let nms = mul(nm, shifts, "n·m·s")?;
    let exact = div(nms, attendance, "n·m·s / K")?;
    finish(
        Method::Equipment,
        vec![
            p("machines", "n", machines),
            p("persons_per_machine", "m", persons_per_machine),
            p("shifts", "s", shifts),
            p("attendance", "K", attendance),
        ],
        format!(
            "{} × {} × {} / {}",
            t(machines),
            t(persons_per_machine),
            t(shifts),
            t(attendance)
        ),
        vec![s("n·m·s", nms), s("n·m·s / K", exact)],
        exact,
        rounding,
    )
}

/// One kind of single-person post for 岗位定员: how many such posts and how many shifts each.
///
/// ```
/// use bianzhi::plan::staffing::PostShift;
/// let gate = PostShift { name: Some("门卫".into()), posts: 2.into(), shifts: 3.into() };
/// assert_eq!(gate.posts, 2.into());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostShift {
    /// Optional label.
    #[serde(default)]
    pub name: Option<String>,
    /// Number of posts of this kind (default 1).
    #[serde(
        default = "one",
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub posts: Decimal,
    /// Shifts per post (default 1).
    #[serde(
        default = "one",
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub shifts: Decimal,
}

fn one() -> Decimal {
    Decimal::ONE
}

/// 岗位定员: `M = Σ(posts × shifts) / K` over single-person posts.
///
/// ```
/// use bianzhi::plan::staffing::{post, PostShift, Rounding};
/// use rust_decimal::Decimal;
/// // (2×3 + 1×1) / 0.95 = 7 / 0.95 = 7.368… → 8
/// let posts = [
///     PostShift { name: None, posts: 2.into(), shifts: 3.into() },
///     PostShift { name: None, posts: 1.into(), shifts: 1.into() },
/// ];
/// assert_eq!(post(&posts, Decimal::new(95, 2), Rounding::Ceil).unwrap().headcount, 8);
/// ```
pub fn post(
    posts: &[PostShift],
    attendance: Decimal,
    rounding: Rounding,
) -> Result<Staffing, PlanError> {
    attendance_rate("attendance", attendance)?;
    let mut total = Decimal::ZERO;
    let mut inputs = Vec::new();
    let mut terms = Vec::new();
    for (i, ps) in posts.iter().enumerate() {
        non_negative(&format!("posts[{i}].posts"), ps.posts)?;
        non_negative(&format!("posts[{i}].shifts"), ps.shifts)?;
        let term = mul(ps.posts, ps.shifts, "posts × shifts")?;
        total = add(total, term, "Σ(posts × shifts)")?;
        let label = ps.name.clone().unwrap_or_else(|| format!("posts[{i}]"));
        inputs.push(p(&format!("{label}.posts"), "posts", ps.posts));
        inputs.push(p(&format!("{label}.shifts"), "shifts", ps.shifts));
        terms.push(format!("{} × {}", t(ps.posts), t(ps.shifts)));
    }
    inputs.push(p("attendance", "K", attendance));
    let exact = div(total, attendance, "Σ / K")?;
    let sum = if terms.is_empty() {
        "0".to_string()
    } else {
        terms.join(" + ")
    };
    finish(
        Method::Post,
        inputs,
        format!("({sum}) / {}", t(attendance)),
        vec![s("Σ(posts × shifts)", total), s("Σ / K", exact)],
        exact,
        rounding,
    )
}

/// 比例定员, multiplying form: `M = T × R` (served population × staff per person served).
///
/// ```
/// use bianzhi::plan::staffing::{ratio, Rounding};
/// use rust_decimal::Decimal;
/// // 1 850 pupils × 0.075 = 138.75 → 139
/// let r = ratio(1850.into(), Decimal::new(75, 3), Rounding::Ceil).unwrap();
/// assert_eq!((r.exact_2dp.as_str(), r.headcount), ("138.75", 139));
/// ```
pub fn ratio(served: Decimal, ratio: Decimal, rounding: Rounding) -> Result<Staffing, PlanError> {
    non_negative("served", served)?;
    non_negative("ratio", ratio)?;
    let exact = mul(served, ratio, "T × R")?;
    finish(
        Method::Ratio,
        vec![p("served", "T", served), p("ratio", "R", ratio)],
        format!("{} × {}", t(served), t(ratio)),
        vec![s("T × R", exact)],
        exact,
        rounding,
    )
}

/// 比例定员, dividing form: `M = T / r` (served population, persons served per staff member).
///
/// ```
/// use bianzhi::plan::staffing::{ratio_per, Rounding};
/// // 万人配一: 35 000 / 10 000 = 3.5 → 4
/// let r = ratio_per(35_000.into(), 10_000.into(), Rounding::Ceil).unwrap();
/// assert_eq!(r.headcount, 4);
/// ```
pub fn ratio_per(served: Decimal, per: Decimal, rounding: Rounding) -> Result<Staffing, PlanError> {
    non_negative("served", served)?;
    positive("per", per)?;
    let exact = div(served, per, "T / r")?;
    finish(
        Method::RatioPer,
        vec![p("served", "T", served), p("per", "r", per)],
        format!("{} / {}", t(served), t(per)),
        vec![s("T / r", exact)],
        exact,
        rounding,
    )
}

/// Inspections a year required per supervised entity of each class (分类监管: a 每半年 ≥ 1,
/// b 每季度 ≥ 1, c 每月 ≥ 1, d 每月 ≥ 2 → 2 / 4 / 12 / 24).
///
/// ```
/// let f = bianzhi::plan::staffing::Frequencies::default();
/// assert_eq!((f.a, f.b, f.c, f.d), (2.into(), 4.into(), 12.into(), 24.into()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frequencies {
    /// Class a (远距离监管).
    #[serde(
        default = "fa",
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub a: Decimal,
    /// Class b.
    #[serde(
        default = "fb",
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub b: Decimal,
    /// Class c.
    #[serde(
        default = "fc",
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub c: Decimal,
    /// Class d (零距离监管).
    #[serde(
        default = "fd",
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub d: Decimal,
}

fn fa() -> Decimal {
    Decimal::from(2)
}
fn fb() -> Decimal {
    Decimal::from(4)
}
fn fc() -> Decimal {
    Decimal::from(12)
}
fn fd() -> Decimal {
    Decimal::from(24)
}

impl Default for Frequencies {
    fn default() -> Self {
        Frequencies {
            a: fa(),
            b: fb(),
            c: fc(),
            d: fd(),
        }
    }
}

/// A group (片区, 巡查组) with its number of supervised entities per class.
///
/// ```
/// use bianzhi::plan::staffing::SupervisionGroup;
/// let g = SupervisionGroup { name: "一片区".into(), a: 120.into(), b: 40.into(),
///     c: 10.into(), d: 2.into() };
/// assert_eq!(g.name, "一片区");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupervisionGroup {
    /// Group name.
    pub name: String,
    /// Entities of class a.
    #[serde(
        default,
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub a: Decimal,
    /// Entities of class b.
    #[serde(
        default,
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub b: Decimal,
    /// Entities of class c.
    #[serde(
        default,
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub c: Decimal,
    /// Entities of class d.
    #[serde(
        default,
        deserialize_with = "num::de",
        serialize_with = "num::norm::serialize"
    )]
    pub d: Decimal,
}

/// Where the total of a supervision allocation comes from.
///
/// ```
/// use bianzhi::plan::staffing::Total;
/// let fixed = Total::Staff(10);
/// let from_load = Total::Capacity(600.into()); // inspections one person manages a year
/// assert_ne!(fixed, from_load);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// A given number of staff to share out.
    Staff(u64),
    /// Inspections one person can carry out a year `C`: the total is `ΣL / C`, rounded.
    Capacity(Decimal),
}

/// One group's load and staff share.
///
/// ```
/// use bianzhi::plan::staffing::{supervision, Frequencies, SupervisionGroup, Total, Rounding};
/// let g = vec![SupervisionGroup { name: "甲".into(), a: 10.into(), b: 0.into(), c: 0.into(),
///     d: 0.into() }];
/// let r = supervision(&g, &Frequencies::default(), Total::Staff(3), Rounding::Ceil).unwrap();
/// assert_eq!((r.groups[0].load, r.groups[0].staff), (20.into(), 3));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GroupAllocation {
    /// Group name.
    pub name: String,
    /// `L = fa·Na + fb·Nb + fc·Nc + fd·Nd` inspections a year.
    #[serde(with = "num::norm")]
    pub load: Decimal,
    /// Proportional share `M × L / ΣL` before rounding.
    #[serde(with = "num::norm")]
    pub exact_share: Decimal,
    /// Whole persons allocated (largest remainder, at least one when the total allows).
    pub staff: u64,
    /// True when the group was raised to the minimum of one person.
    pub raised_to_minimum: bool,
}

/// The result of a supervision-class allocation.
///
/// ```
/// use bianzhi::plan::staffing::{supervision, Frequencies, SupervisionGroup, Total, Rounding};
/// let g = |n: &str, a: i64, d: i64| SupervisionGroup { name: n.into(), a: a.into(),
///     b: 0.into(), c: 0.into(), d: d.into() };
/// let r = supervision(&[g("甲", 100, 0), g("乙", 0, 5)], &Frequencies::default(),
///     Total::Staff(4), Rounding::Ceil).unwrap();
/// assert_eq!(r.total_load, 320.into()); // 200 + 120
/// assert_eq!(r.groups.iter().map(|g| g.staff).sum::<u64>(), 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SupervisionPlan {
    /// Frequencies used.
    pub frequencies: Frequencies,
    /// `ΣL`.
    #[serde(with = "num::norm")]
    pub total_load: Decimal,
    /// The total: exact value (`ΣL / C`, or the given staff) and headcount shared out.
    pub staffing: Staffing,
    /// Per group, in input order.
    pub groups: Vec<GroupAllocation>,
    /// False when there are fewer staff than groups, so some group got nobody.
    pub minimum_met: bool,
}

/// Supervision-class workload allocation (分类监管): `L = fa·Na + fb·Nb + fc·Nc + fd·Nd` per
/// group, then the total staff shared in proportion to `L` by largest remainder, with at least
/// one person per group whenever the total is at least the number of groups.
///
/// ```
/// use bianzhi::plan::staffing::{supervision, Frequencies, SupervisionGroup, Total, Rounding};
/// use rust_decimal::Decimal;
/// let g = |n: &str, a: i64, b: i64, c: i64, d: i64| SupervisionGroup { name: n.into(),
///     a: a.into(), b: b.into(), c: c.into(), d: d.into() };
/// // L: 2·100+4·50+12·10+24·5 = 640; 2·60+4·20+12·5+24·0 = 260; ΣL = 900; C = 300
/// // M = 900 / 300 = 3; shares 3·640/900 = 2.13, 3·260/900 = 0.87 → 2 and 1
/// let r = supervision(&[g("一组", 100, 50, 10, 5), g("二组", 60, 20, 5, 0)],
///     &Frequencies::default(), Total::Capacity(300.into()), Rounding::Ceil).unwrap();
/// assert_eq!(r.staffing.headcount, 3);
/// assert_eq!(r.groups.iter().map(|g| g.staff).collect::<Vec<_>>(), vec![2, 1]);
/// ```
pub fn supervision(
    groups: &[SupervisionGroup],
    frequencies: &Frequencies,
    total: Total,
    rounding: Rounding,
) -> Result<SupervisionPlan, PlanError> {
    non_negative("frequencies.a", frequencies.a)?;
    non_negative("frequencies.b", frequencies.b)?;
    non_negative("frequencies.c", frequencies.c)?;
    non_negative("frequencies.d", frequencies.d)?;
    let mut loads = Vec::with_capacity(groups.len());
    let mut total_load = Decimal::ZERO;
    let mut inputs = vec![
        p("frequencies.a", "fa", frequencies.a),
        p("frequencies.b", "fb", frequencies.b),
        p("frequencies.c", "fc", frequencies.c),
        p("frequencies.d", "fd", frequencies.d),
    ];
    let mut steps = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let mut l = Decimal::ZERO;
        for (class, n, f) in [
            ("a", g.a, frequencies.a),
            ("b", g.b, frequencies.b),
            ("c", g.c, frequencies.c),
            ("d", g.d, frequencies.d),
        ] {
            whole(&format!("groups[{i}].{class}"), n)?;
            l = add(l, mul(n, f, "L")?, "L")?;
        }
        steps.push(s(&format!("L({})", g.name), l));
        loads.push(l);
        total_load = add(total_load, l, "ΣL")?;
    }
    steps.push(s("ΣL", total_load));
    let (exact, substituted) = match total {
        Total::Staff(n) => {
            inputs.push(p("staff", "M", Decimal::from(n)));
            (Decimal::from(n), format!("M = {n} (given)"))
        }
        Total::Capacity(c) => {
            positive("capacity", c)?;
            inputs.push(p("capacity", "C", c));
            let m = div(total_load, c, "ΣL / C")?;
            steps.push(s("ΣL / C", m));
            (m, format!("{} / {}", t(total_load), t(c)))
        }
    };
    let staffing = finish(
        Method::Supervision,
        inputs,
        substituted,
        steps,
        exact,
        rounding,
    )?;
    let m = staffing.headcount;
    let alloc = largest_remainder(m, &loads)?;
    let minimum_met = m >= groups.len() as u64;
    let mut out = Vec::with_capacity(groups.len());
    for (i, g) in groups.iter().enumerate() {
        let share = if total_load.is_zero() {
            div(
                Decimal::from(m),
                Decimal::from(groups.len() as u64),
                "M / groups",
            )?
        } else {
            div(
                mul(Decimal::from(m), loads[i], "M × L")?,
                total_load,
                "M × L / ΣL",
            )?
        };
        out.push(GroupAllocation {
            name: g.name.clone(),
            load: loads[i],
            exact_share: share,
            staff: alloc[i].0,
            raised_to_minimum: alloc[i].1,
        });
    }
    Ok(SupervisionPlan {
        frequencies: *frequencies,
        total_load,
        staffing,
        groups: out,
        minimum_met,
    })
}

/// Shares `total` whole persons in proportion to `weights` by largest remainder (Hamilton).
///
/// When `total ≥ weights.len()` every group gets at least one: groups whose proportional
/// quota is below one are fixed at one and the rest is shared again among the others, until
/// every remaining quota is at least one. Remainders are compared exactly; ties go to the
/// larger weight, then to the earlier group. All weights zero → equal shares. Returns
/// `(persons, raised_to_minimum)` per group; the persons always sum to `total`.
///
/// ```
/// use bianzhi::plan::staffing::largest_remainder;
/// // 10 × (5, 3, 2)/10 → 5, 3, 2; 7 × (100, 1, 1)/102 → quotas 6.86, 0.07, 0.07 → 5, 1, 1
/// let w = |v: &[i64]| v.iter().map(|&x| x.into()).collect::<Vec<_>>();
/// let a = largest_remainder(7, &w(&[100, 1, 1])).unwrap();
/// assert_eq!(a.iter().map(|x| x.0).collect::<Vec<_>>(), vec![5, 1, 1]);
/// ```
pub fn largest_remainder(total: u64, weights: &[Decimal]) -> Result<Vec<(u64, bool)>, PlanError> {
    let n = weights.len();
    let mut out = vec![(0u64, false); n];
    if n == 0 {
        return Ok(out);
    }
    for (i, w) in weights.iter().enumerate() {
        non_negative(&format!("weights[{i}]"), *w)?;
    }
    let all_zero = weights.iter().all(|w| w.is_zero());
    let weight = |i: usize| if all_zero { Decimal::ONE } else { weights[i] };
    let mut fixed = vec![false; n];
    let mut remaining = total;
    if total >= n as u64 {
        loop {
            let active: Vec<usize> = (0..n).filter(|&i| !fixed[i]).collect();
            if active.is_empty() {
                break;
            }
            let sum = active
                .iter()
                .try_fold(Decimal::ZERO, |acc, &i| add(acc, weight(i), "Σweights"))?;
            let rem = Decimal::from(remaining);
            let mut raised = false;
            for &i in &active {
                // quota < 1  ⟺  rem × w < Σw (exact)
                if sum.is_zero() || mul(rem, weight(i), "quota")? < sum {
                    fixed[i] = true;
                    out[i] = (1, true);
                    remaining -= 1;
                    raised = true;
                }
            }
            if !raised {
                break;
            }
        }
    }
    let active: Vec<usize> = (0..n).filter(|&i| !fixed[i]).collect();
    if active.is_empty() {
        return Ok(out);
    }
    let sum = active
        .iter()
        .try_fold(Decimal::ZERO, |acc, &i| add(acc, weight(i), "Σweights"))?;
    let rem = Decimal::from(remaining);
    if sum.is_zero() {
        // Only possible when every active weight is zero and others were fixed: equal split.
        let k = active.len() as u64;
        for (j, &i) in active.iter().enumerate() {
            out[i].0 = remaining / k + u64::from((j as u64) < remaining % k);
        }
        return Ok(out);
    }
    // floor(rem × w / Σw) corrected to be exact, and exact remainders rem × w − floor × Σw.
    let mut parts = Vec::with_capacity(active.len());
    let mut given = 0u64;
    for &i in &active {
        let num = mul(rem, weight(i), "quota")?;
        let mut f = div(num, sum, "quota")?.floor();
        while f > Decimal::ZERO && mul(f, sum, "quota")? > num {
            f -= Decimal::ONE;
        }
        while mul(f + Decimal::ONE, sum, "quota")? <= num {
            f += Decimal::ONE;
        }
        let r = num - mul(f, sum, "quota")?;
        let fu = to_headcount(f, "share")?;
        given += fu;
        parts.push((i, fu, r));
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&x, &y| {
        let (ix, _, rx) = parts[x];
        let (iy, _, ry) = parts[y];
        ry.cmp(&rx)
            .then(weight(iy).cmp(&weight(ix)))
            .then(ix.cmp(&iy))
    });
    let mut left = remaining.saturating_sub(given);
    for &(i, f, _) in &parts {
        out[i].0 = f;
    }
    while left > 0 {
        for &k in &order {
            if left == 0 {
                break;
            }
            out[parts[k].0].0 += 1;
            left -= 1;
        }
    }
    Ok(out)
}
