//! Assessment scoring (绩效考核), `docs/assessment.md` and `docs/formats.md#assessment-input`.
//!
//! A [`Scheme`] is data: an indicator tree, rater groups, period weights, ordered grade bands,
//! a top-grade cap, ungraded rules, vetoes and multi-year consequences (or, for the other
//! kinds, monthly pay rules or 竞争上岗 rules). [`assess`] applies a scheme to people and is
//! pure; [`assess_json`] is the JSON-in/JSON-out entry point of the CLI and the bindings.
//!
//! # Arithmetic
//! Scores are exact decimals (`rust_decimal`), never binary floating point: JSON numbers are
//! read through their decimal text. Divisions (ratios, renormalised raters, means) carry 28
//! significant digits. The final score is rounded **once**, to the scheme's `places` (2 by
//! default) with its `rounding` (half-up, 四舍五入, by default); grading and ranking use that
//! rounded score, so the score shown is the score graded and 90.00 is 优秀 at a ≥ 90 band.
//! Money is integer fen.
//!
//! # The cap
//! After scoring, grading and vetoes, each pool (the unit by default) keeps at most
//! `ratio × n` top grades, rounded down by default; the lowest-ranked fall to the next grade
//! (`moved_by_cap`, with the reason). The ranking is score, then the scheme's tie-break keys
//! (a named indicator …), then id, so the result never depends on input order. A unit's ratio
//! is the scheme's `cap.adjustments[name]` when the input says
//! `"units": {"U1": {"adjustment": name}}`.
//!
//! **Ungraded people and `n`.** The presets count only people who receive a grade this year
//! (`denominator: graded`), as `docs/assessment.md#top-grade-cap-优秀比例` defines n. Why: a person left 不定等次 takes no
//! grade, so counting them would let a unit hand out more 优秀 the more people it leaves
//! ungraded; counting the graded never over-awards. 人社部发〔2023〕6号 第十五条 speaks of
//! those who “should take part” (应参加年度考核的工作人员), which a local rule may read as
//! including the ungraded: set `cap.denominator` to `all` for that reading. People forced to
//! a grade by a veto (e.g. refusing → 不称职) are graded and count.
//!
//! # Presets
//! [`PRESETS`] lists them; [`preset`] returns one, [`preset_json`] its editable JSON text:
//! - `civil_servant_annual` — 公务员法 (2018) 第三十五–三十七条, 公务员考核规定 (2020),
//!   公务员奖励规定; the 20 % / 25 % cap figures are from secondary sources.
//! - `institution_annual` — 事业单位工作人员考核规定 (人社部发〔2023〕6号), 第十五条 for the
//!   20 % cap, raised 25 % / lowered 15 % per unit.
//! - `monthly_performance_pay` — 城管协管员绩效考核办法 四 1–9 (《行政机关绩效考核管理办法》范文 篇1).
//! - `competitive_selection` — 中层干部竞争上岗实施方案 (民主测评, 演讲答辩), in 《三定工作方案》范文.
//! - `warning_cards` — 廉能风险“三卡”预警处置办法 (《三定工作方案》范文), on top of `civil_servant_annual`.
//!
//! Grade band minimums (90 / 75 / 60) are not in the regulations (grades there are decided by
//! committees); they are local (细则) parameters of the presets.
//!
//! ```
//! let out = bianzhi::assess::assess_json(r#"{"scheme": "civil_servant_annual",
//!   "people": [{"id": "A1", "unit": "U1", "score": 93.5, "history": ["优秀", "优秀"]}]}"#).unwrap();
//! let v = serde_json::to_value(&out).unwrap();
//! // A pool of one: 20% × 1 = 0.2, rounded down = 0 优秀 allowed, so A1 is moved to 称职.
//! assert_eq!(v["outcomes"][0]["grade"], "称职");
//! assert_eq!(v["outcomes"][0]["moved_by_cap"], true);
//! ```

#![forbid(unsafe_code)]

mod graded;
mod num;
mod pay;
mod person;
mod scheme;
mod selection;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

pub use graded::{Breakdown, GradedOutcome, IndicatorLine};
pub use pay::{yuan, PayLine, PayOutcome};
pub use person::{AssessError, AssessOptions, Person, RawScore, UnitOptions};
pub use scheme::{
    AgeLimits, Cap, CapRounding, Condition, Consequence, Counting, Denominator, Education, Forfeit,
    Grade, Indicator, LeaveTier, Method, PayRules, Periods, PointBand, PoolBy, Rater, Rounding,
    Scheme, SchemeError, SchemeKind, SelectionKey, SelectionRules, Threshold, TieKey, UngradedRule,
    Veto, UNGRADED,
};
pub use selection::SelectionOutcome;

/// The preset names, in the order of `docs/assessment.md#presets`.
pub const PRESETS: &[&str] = &[
    "civil_servant_annual",
    "institution_annual",
    "monthly_performance_pay",
    "competitive_selection",
    "warning_cards",
];

/// The JSON text of a preset, to copy and edit for local rules (细则).
///
/// ```
/// let text = bianzhi::assess::preset_json("institution_annual").unwrap();
/// let s: bianzhi::assess::Scheme = serde_json::from_str(text).unwrap();
/// assert_eq!(s.grades[1].name, "合格");
/// ```
pub fn preset_json(name: &str) -> Option<&'static str> {
    Some(match name {
        "civil_servant_annual" => include_str!("../../presets/civil_servant_annual.json"),
        "institution_annual" => include_str!("../../presets/institution_annual.json"),
        "monthly_performance_pay" => include_str!("../../presets/monthly_performance_pay.json"),
        "competitive_selection" => include_str!("../../presets/competitive_selection.json"),
        "warning_cards" => include_str!("../../presets/warning_cards.json"),
        _ => return None,
    })
}

/// A preset scheme by name (see the module docs for each one's source).
///
/// ```
/// let s = bianzhi::assess::preset("civil_servant_annual").unwrap();
/// assert_eq!(s.cap.unwrap().ratio.to_string(), "0.2");
/// assert!(bianzhi::assess::preset("nope").is_none());
/// ```
pub fn preset(name: &str) -> Option<Scheme> {
    preset_json(name).and_then(|t| serde_json::from_str(t).ok())
}

/// The outcome of one person; its shape depends on the scheme kind (serialized untagged).
///
/// ```
/// use bianzhi::assess::{assess, preset, AssessOptions, Outcome, Person};
/// let p = Person { score: Some("75".parse().unwrap()), ..Person::new("A") };
/// let out = assess(&preset("civil_servant_annual").unwrap(), &[p], &AssessOptions::default()).unwrap();
/// assert!(matches!(&out[0], Outcome::Graded(g) if g.grade.as_deref() == Some("称职")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Outcome {
    /// A graded scheme's outcome.
    Graded(GradedOutcome),
    /// A monthly pay outcome.
    Pay(PayOutcome),
    /// A selection outcome.
    Selection(SelectionOutcome),
}

impl Outcome {
    /// The person id.
    pub fn id(&self) -> &str {
        match self {
            Outcome::Graded(o) => &o.id,
            Outcome::Pay(o) => &o.id,
            Outcome::Selection(o) => &o.id,
        }
    }
}

/// Applies a scheme to people (pure). Outcomes are in input order.
///
/// The scheme is validated first (an invalid scheme fails the whole run). A problem with one
/// person (a missing or out-of-range score, an unknown rater, a duplicate id, too few judges'
/// marks, bad pay fields …) is that person's outcome: ungraded / not eligible / no pay, with
/// `error` set, and everybody else is assessed ([`Outcome::error`]).
///
/// ```
/// use bianzhi::assess::{assess, preset, AssessOptions, Person};
/// let people: Vec<Person> = (1..=5)
///     .map(|i| Person { unit: Some("U1".into()), score: Some((88 + i).into()), ..Person::new(format!("A{i}")) })
///     .collect();
/// let out = assess(&preset("civil_servant_annual").unwrap(), &people, &AssessOptions::default()).unwrap();
/// let d = bianzhi::assess::distribution(&preset("civil_servant_annual").unwrap(), &out);
/// assert_eq!((d[0].cap, d[0].top), (Some(1), 1)); // 5 × 20% = 1 优秀; 90, 91, 92 qualified
/// ```
pub fn assess(
    scheme: &Scheme,
    people: &[Person],
    options: &AssessOptions,
) -> Result<Vec<Outcome>, AssessError> {
    assess_with_errors(scheme, people, options, BTreeMap::new())
}

/// [`assess`] with records already known to be unreadable (by index: the error text).
fn assess_with_errors(
    scheme: &Scheme,
    people: &[Person],
    options: &AssessOptions,
    mut errors: BTreeMap<usize, String>,
) -> Result<Vec<Outcome>, AssessError> {
    scheme.validate()?;
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in people.iter().enumerate() {
        if errors.contains_key(&i) {
            continue;
        }
        if p.id.trim().is_empty() {
            errors.insert(i, format!("people[{i}].id: empty id"));
            continue;
        }
        if let Some(j) = seen.get(p.id.as_str()) {
            errors.insert(
                i,
                format!("people[{i}] ({}).id: duplicate id (also people[{j}])", p.id),
            );
            continue;
        }
        seen.insert(p.id.as_str(), i);
    }
    Ok(match scheme.kind {
        SchemeKind::Graded => graded::run(scheme, people, options, &errors)?
            .into_iter()
            .map(Outcome::Graded)
            .collect(),
        SchemeKind::MonthlyPay => {
            let rules = scheme.pay.as_ref().ok_or_else(|| SchemeError::Invalid {
                field: "pay".into(),
                message: "missing".into(),
            })?;
            people
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let r = match errors.get(&i) {
                        Some(e) => PayOutcome::failed(p, e.clone()),
                        None => pay::pay_one(rules, p, i)
                            .unwrap_or_else(|e| PayOutcome::failed(p, e.to_string())),
                    };
                    Outcome::Pay(r)
                })
                .collect()
        }
        SchemeKind::Selection => {
            let rules = scheme
                .selection
                .as_ref()
                .ok_or_else(|| SchemeError::Invalid {
                    field: "selection".into(),
                    message: "missing".into(),
                })?;
            selection::run(rules, scheme, people, &errors, options.as_of)?
                .into_iter()
                .map(Outcome::Selection)
                .collect()
        }
    })
}

/// A finding about the scheme as a whole (not about one person).
///
/// ```
/// let out = bianzhi::assess::assess_json(r#"{"scheme": {"name": "s", "kind": "selection",
///   "selection": {"vote_weights": {"优秀": 2, "称职": 1}, "vote_scale": 50, "trim": 1, "min_judges": 3,
///     "speech_weight": 40, "vote_weight": 60, "good_votes": ["优秀", "称职"], "good_share_min": 0.8,
///     "excellent_votes": ["优秀"], "excellent_share_min": 0.3, "posts_offered": 3, "free_positions": 2}},
///   "people": []}"#).unwrap();
/// assert_eq!(out.findings[0].code, "POSTS_OVER_FREE_POSITIONS");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SchemeFinding {
    /// Code, e.g. `POSTS_OVER_FREE_POSITIONS`.
    pub code: String,
    /// The scheme field concerned.
    pub field: String,
    /// The limit.
    pub expected: Option<u64>,
    /// The value found.
    pub actual: Option<u64>,
    /// Explanation (Chinese).
    pub message: String,
}

fn scheme_findings(scheme: &Scheme) -> Vec<SchemeFinding> {
    let mut out = Vec::new();
    if let Some(r) = &scheme.selection {
        if let (Some(offered), Some(free)) = (r.posts_offered, r.free_positions) {
            if offered > free {
                out.push(SchemeFinding {
                    code: "POSTS_OVER_FREE_POSITIONS".into(),
                    field: "selection.posts_offered".into(),
                    expected: Some(u64::from(free)),
                    actual: Some(u64::from(offered)),
                    message: format!(
                        "竞争上岗职位{offered}个，超过该层级剩余职数{free}名，超出{}个",
                        offered - free
                    ),
                });
            }
        }
    }
    out
}

impl Outcome {
    /// This person's error, when the record could not be assessed.
    ///
    /// ```
    /// let out = bianzhi::assess::assess_json(r#"{"scheme": "civil_servant_annual",
    ///   "people": [{"id": "A1", "score": 80}, {"id": "A2", "score": "eighty"}]}"#).unwrap();
    /// assert!(out.outcomes[0].error().is_none());
    /// assert!(out.outcomes[1].error().unwrap().contains("people[1] (A2).score"));
    /// assert_eq!(out.errors, 1);
    /// ```
    pub fn error(&self) -> Option<&str> {
        match self {
            Outcome::Graded(o) => o.error.as_deref(),
            Outcome::Pay(o) => o.error.as_deref(),
            Outcome::Selection(o) => o.error.as_deref(),
        }
    }
}

/// The count of one grade in a pool.
///
/// ```
/// let g = bianzhi::assess::GradeCount { grade: "优秀".into(), count: 2 };
/// assert_eq!(g.count, 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeCount {
    /// Grade name.
    pub grade: String,
    /// People with it.
    pub count: usize,
}

/// The grade distribution of one cap pool against its cap.
///
/// ```
/// let out = bianzhi::assess::assess_json(r#"{"scheme": "institution_annual",
///   "people": [{"id": "A", "unit": "U", "score": 95}, {"id": "B", "unit": "U", "flags": ["under_investigation"]}]}"#).unwrap();
/// let d = &out.distribution[0];
/// assert_eq!((d.graded, d.ungraded, d.cap, d.top), (1, 1, Some(0), 0)); // 1 × 20% → 0
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PoolDistribution {
    /// The pool (a unit id; `None` for the pool of everybody / people without a unit).
    pub pool: Option<String>,
    /// People in the pool.
    pub people: usize,
    /// People graded.
    pub graded: usize,
    /// People ungraded (不定等次).
    pub ungraded: usize,
    /// The capped grade.
    pub top_grade: String,
    /// The ratio applied (after any unit adjustment).
    pub ratio: Option<String>,
    /// The most top grades allowed.
    pub cap: Option<u64>,
    /// Top grades given.
    pub top: usize,
    /// People the cap moved down.
    pub moved_by_cap: usize,
    /// Count per grade, best first (every grade of the scheme).
    pub grades: Vec<GradeCount>,
}

/// Per-pool grade counts and caps of graded outcomes, pools in order of first appearance
/// (other outcome kinds are skipped). Used by `bianzhi demo` and the text output.
///
/// ```
/// let s = bianzhi::assess::preset("civil_servant_annual").unwrap();
/// assert!(bianzhi::assess::distribution(&s, &[]).is_empty());
/// ```
pub fn distribution(scheme: &Scheme, outcomes: &[Outcome]) -> Vec<PoolDistribution> {
    let mut out: Vec<PoolDistribution> = Vec::new();
    // Pool → its slot: a scan of the pools per person was quadratic with one person per
    // pool (10^5 people took 27 s).
    let mut slots: std::collections::HashMap<Option<&str>, usize> =
        std::collections::HashMap::new();
    for o in outcomes {
        let Outcome::Graded(g) = o else { continue };
        let slot = match slots.get(&g.pool.as_deref()) {
            Some(&i) => i,
            None => {
                slots.insert(g.pool.as_deref(), out.len());
                out.push(PoolDistribution {
                    pool: g.pool.clone(),
                    people: 0,
                    graded: 0,
                    ungraded: 0,
                    top_grade: scheme
                        .grades
                        .first()
                        .map(|x| x.name.clone())
                        .unwrap_or_default(),
                    ratio: g.pool_ratio.map(num::plain),
                    cap: g.pool_cap,
                    top: 0,
                    moved_by_cap: 0,
                    grades: scheme
                        .grades
                        .iter()
                        .map(|x| GradeCount {
                            grade: x.name.clone(),
                            count: 0,
                        })
                        .collect(),
                });
                out.len() - 1
            }
        };
        let Some(d) = out.get_mut(slot) else { continue };
        d.people += 1;
        if g.graded {
            d.graded += 1;
        } else {
            d.ungraded += 1;
        }
        if g.moved_by_cap {
            d.moved_by_cap += 1;
        }
        if g.grade_index == Some(0) {
            d.top += 1;
        }
        if let Some(c) = g.grade_index.and_then(|i| d.grades.get_mut(i)) {
            c.count += 1;
        }
    }
    out
}

/// The result of [`assess_json`] / [`assess_value`].
///
/// ```
/// let out = bianzhi::assess::assess_json(r#"{"scheme": "monthly_performance_pay", "people": []}"#).unwrap();
/// assert_eq!(out.scheme, "monthly_performance_pay");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AssessOutput {
    /// The scheme name.
    pub scheme: String,
    /// The scheme kind.
    pub kind: SchemeKind,
    /// One outcome per person, in input order.
    pub outcomes: Vec<Outcome>,
    /// Per-pool distribution (graded schemes; empty otherwise).
    pub distribution: Vec<PoolDistribution>,
    /// People whose record could not be assessed (each outcome's `error`).
    pub errors: usize,
    /// Findings about the scheme as a whole (e.g. more posts offered than free 职数).
    pub findings: Vec<SchemeFinding>,
}

impl AssessOutput {
    /// Whether nothing went wrong: no per-person error and no scheme finding (the CLI's exit
    /// status 0).
    pub fn is_clean(&self) -> bool {
        self.errors == 0 && self.findings.is_empty()
    }
}

/// Assesses a scheme on the `units` and `people` values of a document (the CLI reads the
/// scheme separately). `as_of` is the run's date (needed by `min_organ_years`).
///
/// ```
/// let s = bianzhi::assess::preset("civil_servant_annual").unwrap();
/// let people = serde_json::json!([{"id": "A", "score": 80}, {"id": "A", "score": 70}]);
/// let out = bianzhi::assess::assess_records(&s, &serde_json::Value::Null, &people, None).unwrap();
/// assert_eq!((out.errors, out.outcomes.len()), (1, 2)); // the second A is a duplicate
/// ```
pub fn assess_records(
    scheme: &Scheme,
    units: &Value,
    people: &Value,
    as_of: Option<chrono::NaiveDate>,
) -> Result<AssessOutput, AssessError> {
    let mut options = AssessOptions::from_units_value(units)?;
    options.as_of = as_of;
    let (people, errors) = person::people_lenient(people)?;
    let outcomes = assess_with_errors(scheme, &people, &options, errors)?;
    let distribution = distribution(scheme, &outcomes);
    let errors = outcomes.iter().filter(|o| o.error().is_some()).count();
    Ok(AssessOutput {
        scheme: scheme.name.clone(),
        kind: scheme.kind,
        outcomes,
        distribution,
        errors,
        findings: scheme_findings(scheme),
    })
}

impl AssessOutput {
    /// The output of `scheme` for `outcomes` (from [`assess`]), with their [`distribution`].
    ///
    /// ```
    /// use bianzhi::assess::{assess, preset, AssessOptions, AssessOutput};
    /// let scheme = preset("civil_servant_annual").unwrap();
    /// let outcomes = assess(&scheme, &[], &AssessOptions::default()).unwrap();
    /// assert_eq!(AssessOutput::new(&scheme, outcomes).scheme, "civil_servant_annual");
    /// ```
    pub fn new(scheme: &Scheme, outcomes: Vec<Outcome>) -> AssessOutput {
        let distribution = distribution(scheme, &outcomes);
        let errors = outcomes.iter().filter(|o| o.error().is_some()).count();
        AssessOutput {
            scheme: scheme.name.clone(),
            kind: scheme.kind,
            outcomes,
            distribution,
            errors,
            findings: scheme_findings(scheme),
        }
    }
}

/// Reads a scheme given as a preset name or a scheme object, and validates it.
///
/// ```
/// let s = bianzhi::assess::scheme_from_value(&serde_json::json!("warning_cards")).unwrap();
/// assert_eq!(s.name, "warning_cards");
/// ```
pub fn scheme_from_value(v: &Value) -> Result<Scheme, SchemeError> {
    let s = match v {
        Value::String(name) => preset(name.trim()).ok_or_else(|| SchemeError::UnknownPreset {
            name: name.clone(),
            known: PRESETS.join(", "),
        })?,
        Value::Object(_) => Scheme::deserialize_value(v)?,
        _ => {
            return Err(SchemeError::Malformed(
                "`scheme` must be a preset name or a scheme object".into(),
            ))
        }
    };
    s.validate()?;
    Ok(s)
}

impl Scheme {
    fn deserialize_value(v: &Value) -> Result<Scheme, SchemeError> {
        serde_json::from_value(v.clone())
            .map_err(|e| SchemeError::Malformed(crate::keys::config_message(&e.to_string())))
    }
}

/// Reads a list of people (the `people` array).
///
/// ```
/// let v = serde_json::json!([{"id": "A"}, {"id": "B", "score": 80}]);
/// assert_eq!(bianzhi::assess::people_from_value(&v).unwrap().len(), 2);
/// ```
pub fn people_from_value(v: &Value) -> Result<Vec<Person>, AssessError> {
    let xs = v
        .as_array()
        .ok_or_else(|| person::input_err("people", "expected a list of people"))?;
    xs.iter()
        .enumerate()
        .map(|(i, x)| Person::from_value(x, i))
        .collect()
}

/// [`assess_json`] on an already parsed document.
///
/// ```
/// let v = serde_json::json!({"scheme": "civil_servant_annual", "people": [{"id": "A", "score": 59.99}]});
/// let out = bianzhi::assess::assess_value(&v).unwrap();
/// assert!(matches!(&out.outcomes[0], bianzhi::assess::Outcome::Graded(g) if g.grade.as_deref() == Some("不称职")));
/// ```
pub fn assess_value(doc: &Value) -> Result<AssessOutput, AssessError> {
    let obj = doc
        .as_object()
        .ok_or_else(|| person::input_err("$", "expected an object with `scheme` and `people`"))?;
    let scheme_v = obj
        .get("scheme")
        .ok_or_else(|| person::input_err("scheme", "missing (a preset name or a scheme object)"))?;
    let scheme = scheme_from_value(scheme_v)?;
    let as_of = match obj.get("as_of") {
        None | Some(Value::Null) => None,
        Some(Value::String(d)) => Some(d.trim().parse().map_err(|_| {
            person::input_err("as_of", format!("expected a date YYYY-MM-DD, found `{d}`"))
        })?),
        Some(v) => {
            return Err(person::input_err(
                "as_of",
                format!("expected a date YYYY-MM-DD, found {v}"),
            ))
        }
    };
    assess_records(
        &scheme,
        obj.get("units").unwrap_or(&Value::Null),
        obj.get("people")
            .ok_or_else(|| person::input_err("people", "missing"))?,
        as_of,
    )
}

/// The JSON entry point of the CLI and the C and Python bindings: reads the document of
/// `docs/formats.md#assessment-input` (`{"scheme": name-or-object, "units": {…}, "people": […]}`).
///
/// ```
/// let e = bianzhi::assess::assess_json("{").unwrap_err();
/// assert_eq!(e.kind(), "input");
/// ```
pub fn assess_json(input: &str) -> Result<AssessOutput, AssessError> {
    let v: Value = serde_json::from_str(&crate::decimal::exact_numbers(input))
        .map_err(|e| person::input_err("$", format!("not JSON: {e}")))?;
    assess_value(&v)
}
