//! 机构编制评估 (`docs/formats.md#organisation-evaluation`): evaluation schemes, facts per unit and [`evaluate`].
//!
//! A scheme has aspects (方面) of indicators (指标). Each indicator reads one fact (or the sum
//! of several) of a unit and scores it on `0..=max_score` (100 by default) by a rule:
//! `band` (first matching range), `linear` (interpolation between a zero point and a full
//! point, clamped), `deduction` (`max − per × count`, not below `floor`) or `judgement`
//! (PASS / PARTIAL / FAIL). Aspect score = weighted mean of its indicators; total = weighted
//! mean of the aspects; weights need not sum to 100 (they are normalised). The total is
//! rounded half-up to `places` (2) and that rounded number is graded by the bands (≥ min).
//!
//! Missing facts: an indicator whose fact is absent (and has no `default`) is reported as
//! `missing` and left out, the remaining weights renormalised; an aspect with no scored
//! indicator is left out of the total the same way; with nothing scored, total and grade are
//! `null`. A fact of the wrong kind (a number for a judgement …) is `invalid` and left out too.

use std::collections::BTreeMap;
use std::fmt::Write;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use super::num::{self, add, div, fixed, mul};
use super::{finding_id, PlanError};
use crate::validate::{Code, Report, Severity};

/// The default eight-aspect template (JSON), with illustrative weights.
pub const DEFAULT_SCHEME_JSON: &str = include_str!("../../templates/evaluation_default.json");

/// A PASS / PARTIAL / FAIL judgement (also 通过/基本通过/不通过, 是/部分/否).
///
/// ```
/// use bianzhi::plan::evaluation::Judgement;
/// let j: Judgement = serde_json::from_str("\"基本通过\"").unwrap();
/// assert_eq!(j, Judgement::Partial);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum Judgement {
    /// 通过.
    #[serde(alias = "pass", alias = "通过", alias = "是", alias = "符合")]
    Pass,
    /// 基本通过.
    #[serde(
        alias = "partial",
        alias = "基本通过",
        alias = "部分",
        alias = "基本符合"
    )]
    Partial,
    /// 不通过.
    #[serde(alias = "fail", alias = "不通过", alias = "否", alias = "不符合")]
    Fail,
}

impl Judgement {
    fn parse(s: &str) -> Option<Judgement> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
    }
}

/// A fact value: a number (count, rate, score) or a judgement.
///
/// In JSON a number, a decimal string, or a judgement word.
///
/// ```
/// use bianzhi::plan::evaluation::{FactValue, Judgement};
/// let v: Vec<FactValue> = serde_json::from_str(r#"[0.92, "3", "PASS"]"#).unwrap();
/// assert_eq!(v[2], FactValue::Judgement(Judgement::Pass));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum FactValue {
    /// A number.
    Number(#[serde(with = "num::norm")] Decimal),
    /// A judgement.
    Judgement(Judgement),
}

impl<'de> Deserialize<'de> for FactValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FactValue, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = FactValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or PASS/PARTIAL/FAIL")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FactValue, E> {
                Ok(FactValue::Number(v.into()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FactValue, E> {
                Ok(FactValue::Number(v.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<FactValue, E> {
                let t = format!("{v}");
                num::parse_decimal(&t)
                    .map(FactValue::Number)
                    .ok_or_else(|| E::custom(format!("number {t} out of range")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FactValue, E> {
                if let Some(j) = Judgement::parse(v) {
                    return Ok(FactValue::Judgement(j));
                }
                num::parse_decimal(v)
                    .map(FactValue::Number)
                    .ok_or_else(|| E::custom(format!("`{v}` is neither a number nor a judgement")))
            }
        }
        d.deserialize_any(V)
    }
}

impl std::fmt::Display for FactValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FactValue::Number(n) => write!(f, "{}", n.normalize()),
            FactValue::Judgement(j) => write!(f, "{j:?}"),
        }
    }
}

/// A validation finding cited as evidence for a fact.
///
/// ```
/// use bianzhi::plan::evaluation::FindingRef;
/// let f = FindingRef { id: "F0001".into(), code: "GHOST_PAYROLL".into(), unit: Some("U1".into()),
///     subject: Some("S9".into()), message: "吃空饷".into() };
/// assert_eq!(f.id, "F0001");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRef {
    /// Finding id: `F` + 1-based position in the report, four digits (`F0007`).
    pub id: String,
    /// Finding code.
    pub code: String,
    /// Unit of the finding.
    #[serde(default)]
    pub unit: Option<String>,
    /// Staff, post or duty concerned (first present).
    #[serde(default)]
    pub subject: Option<String>,
    /// The finding's message.
    #[serde(default)]
    pub message: String,
}

impl FindingRef {
    /// The reference for the finding at `index` of `report.violations`.
    ///
    /// ```
    /// use bianzhi::plan::evaluation::FindingRef;
    /// use bianzhi::{Code, Violation};
    /// let mut v = Violation::new(Code::DutyGap);
    /// v.unit = Some("U1".into());
    /// assert_eq!(FindingRef::from_violation(2, &v).id, "F0003");
    /// ```
    pub fn from_violation(index: usize, v: &crate::validate::Violation) -> FindingRef {
        FindingRef {
            id: finding_id(index),
            code: v.code.as_str().into(),
            unit: v.unit.clone(),
            subject: v.staff.clone().or(v.post.clone()).or(v.duty.clone()),
            message: v.message.clone(),
        }
    }
}

/// The facts of one unit.
///
/// ```
/// let f: bianzhi::plan::UnitFacts = serde_json::from_str(
///     r#"{"unit": "U1", "facts": {"utilisation": 0.95, "judgement.duties_clear": "PASS"}}"#).unwrap();
/// assert_eq!(f.facts.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFacts {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    #[serde(default)]
    pub name: Option<String>,
    /// Further unit ids (e.g. internal units) whose report rows and findings count for this
    /// unit in [`UnitFacts::from_report`].
    #[serde(default)]
    pub members: Vec<String>,
    /// Facts by name.
    #[serde(default)]
    pub facts: BTreeMap<String, FactValue>,
    /// Findings behind a fact, by fact name.
    #[serde(default)]
    pub evidence: BTreeMap<String, Vec<FindingRef>>,
}

impl UnitFacts {
    /// Derives facts per unit from a validation report, merged with user-supplied facts.
    ///
    /// Units: those of `supplied` in that order when it is not empty (each also collects the
    /// report rows of its `members`); otherwise every unit named in the report, in order of
    /// first appearance (occupancy, leadership, findings). Findings without a unit are not
    /// attributed. Supplied facts and evidence win over derived ones of the same name.
    ///
    /// Derived facts: `approved`, `occupied`, `vacant`, `over_establishment` (Σ over per
    /// category, never netted), `utilisation` (ΣO / ΣA, absent when ΣA = 0),
    /// `leadership_approved`, `leadership_actual`, `leadership_excess` (Σ max(0, actual −
    /// approved) per level), `findings.<CODE>` for every code (0 when none),
    /// `findings.errors`, `findings.warnings`, `findings.total`. Evidence: the findings behind
    /// each `findings.<CODE>`, `over_establishment` and `leadership_excess`.
    ///
    /// ```
    /// use bianzhi::plan::evaluation::{FactValue, UnitFacts};
    /// use bianzhi::{Code, OccupancyRow, Report, Violation};
    /// let mut over = Violation::new(Code::OverEstablishment);
    /// over.unit = Some("U1".into());
    /// let mut report = Report::new("2026-11-30".parse().unwrap(), vec![over]);
    /// report.occupancy.push(OccupancyRow::new("U1", "administrative", Some(10), 11));
    /// let facts = UnitFacts::from_report(&report, &[]);
    /// assert_eq!(facts[0].facts["utilisation"], FactValue::Number("1.1".parse().unwrap()));
    /// assert_eq!(facts[0].evidence["over_establishment"][0].id, "F0001");
    /// ```
    pub fn from_report(report: &Report, supplied: &[UnitFacts]) -> Vec<UnitFacts> {
        let mut units: Vec<UnitFacts> = if supplied.is_empty() {
            let mut seen: Vec<String> = Vec::new();
            let names = report
                .occupancy
                .iter()
                .map(|r| r.unit.clone())
                .chain(report.leadership.iter().map(|r| r.unit.clone()))
                .chain(report.violations.iter().filter_map(|v| v.unit.clone()));
            for n in names {
                if !seen.contains(&n) {
                    seen.push(n);
                }
            }
            seen.into_iter()
                .map(|unit| UnitFacts {
                    unit,
                    ..UnitFacts::default()
                })
                .collect()
        } else {
            supplied.to_vec()
        };
        for u in &mut units {
            let ids: Vec<&str> = std::iter::once(u.unit.as_str())
                .chain(u.members.iter().map(String::as_str))
                .collect();
            let mine = |unit: &str| ids.contains(&unit);
            let mut derived: BTreeMap<String, FactValue> = BTreeMap::new();
            let mut evidence: BTreeMap<String, Vec<FindingRef>> = BTreeMap::new();
            let (mut a, mut o, mut vac, mut over) = (0u128, 0u128, 0u128, 0u128);
            for r in report.occupancy.iter().filter(|r| mine(&r.unit)) {
                a += u128::from(r.approved.unwrap_or(0));
                o += u128::from(r.occupied);
                vac += u128::from(r.vacant.unwrap_or(0));
                over += u128::from(r.over.unwrap_or(0));
            }
            let dec = |x: u128| Decimal::from_i128_with_scale(x.min(i64::MAX as u128) as i128, 0);
            let n = |x: u128| FactValue::Number(dec(x));
            derived.insert("approved".into(), n(a));
            derived.insert("occupied".into(), n(o));
            derived.insert("vacant".into(), n(vac));
            derived.insert("over_establishment".into(), n(over));
            if a > 0 {
                if let Some(q) = dec(o).checked_div(dec(a)) {
                    derived.insert("utilisation".into(), FactValue::Number(q.normalize()));
                }
            }
            let (mut la, mut lx, mut excess) = (0u128, 0u128, 0u128);
            for r in report.leadership.iter().filter(|r| mine(&r.unit)) {
                la += u128::from(r.approved);
                lx += u128::from(r.actual);
                excess += u128::from(r.actual.saturating_sub(r.approved));
            }
            derived.insert("leadership_approved".into(), n(la));
            derived.insert("leadership_actual".into(), n(lx));
            derived.insert("leadership_excess".into(), n(excess));
            let mut by_code: BTreeMap<Code, Vec<FindingRef>> = BTreeMap::new();
            let (mut errors, mut warnings, mut total) = (0u128, 0u128, 0u128);
            for (i, v) in report.violations.iter().enumerate() {
                if v.unit.as_deref().is_some_and(mine) {
                    by_code
                        .entry(v.code)
                        .or_default()
                        .push(FindingRef::from_violation(i, v));
                    total += 1;
                    match v.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                        Severity::Info => {}
                    }
                }
            }
            for code in Code::ALL {
                let list = by_code.remove(code).unwrap_or_default();
                let key = format!("findings.{}", code.as_str());
                derived.insert(key.clone(), n(list.len() as u128));
                if !list.is_empty() {
                    if *code == Code::OverEstablishment {
                        evidence.insert("over_establishment".into(), list.clone());
                    }
                    if *code == Code::OverLeadershipQuota {
                        evidence.insert("leadership_excess".into(), list.clone());
                    }
                    evidence.insert(key, list);
                }
            }
            derived.insert("findings.errors".into(), n(errors));
            derived.insert("findings.warnings".into(), n(warnings));
            derived.insert("findings.total".into(), n(total));
            for (k, v) in std::mem::take(&mut u.facts) {
                derived.insert(k, v);
            }
            for (k, v) in std::mem::take(&mut u.evidence) {
                evidence.insert(k, v);
            }
            u.facts = derived;
            u.evidence = evidence;
        }
        units
    }
}

/// One range of a band rule; all given bounds must hold. First matching band wins.
///
/// ```
/// let b: bianzhi::plan::evaluation::Band = serde_json::from_str(
///     r#"{"min": 0.9, "max": 1, "score": 100}"#).unwrap();
/// assert_eq!(b.score, 100.into());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// value ≥ min.
    #[serde(
        default,
        deserialize_with = "num::de_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub min: Option<Decimal>,
    /// value ≤ max.
    #[serde(
        default,
        deserialize_with = "num::de_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max: Option<Decimal>,
    /// value > gt.
    #[serde(
        default,
        deserialize_with = "num::de_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub gt: Option<Decimal>,
    /// value < lt.
    #[serde(
        default,
        deserialize_with = "num::de_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub lt: Option<Decimal>,
    /// Score of the band.
    #[serde(deserialize_with = "num::de")]
    pub score: Decimal,
}

impl Band {
    fn matches(&self, v: Decimal) -> bool {
        self.min.filter(|&m| v < m).is_none()
            && self.max.filter(|&m| v > m).is_none()
            && self.gt.filter(|&m| v <= m).is_none()
            && self.lt.filter(|&m| v >= m).is_none()
    }
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = self.min {
            parts.push(format!("≥ {}", m.normalize()));
        }
        if let Some(m) = self.gt {
            parts.push(format!("> {}", m.normalize()));
        }
        if let Some(m) = self.max {
            parts.push(format!("≤ {}", m.normalize()));
        }
        if let Some(m) = self.lt {
            parts.push(format!("< {}", m.normalize()));
        }
        if parts.is_empty() {
            "any".into()
        } else {
            parts.join(" and ")
        }
    }
}

fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}
fn sixty() -> Decimal {
    Decimal::from(60)
}

/// How an indicator turns a fact into a score.
///
/// ```
/// use bianzhi::plan::evaluation::Rule;
/// let r: Rule = serde_json::from_str(r#"{"type": "deduction", "per": 10}"#).unwrap();
/// assert!(matches!(r, Rule::Deduction { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// First band whose bounds hold; `otherwise` (0) when none does.
    Band {
        /// The bands, in matching order.
        bands: Vec<Band>,
        /// Score when no band matches.
        #[serde(default, deserialize_with = "num::de")]
        otherwise: Decimal,
    },
    /// `max × (v − zero_at) / (full_at − zero_at)`, clamped to `0..=max`. `zero_at > full_at`
    /// scores lower-is-better facts.
    Linear {
        /// Value scoring 0.
        #[serde(deserialize_with = "num::de")]
        zero_at: Decimal,
        /// Value scoring the maximum.
        #[serde(deserialize_with = "num::de")]
        full_at: Decimal,
    },
    /// `max(floor, max − per × count)`; the count must not be negative.
    Deduction {
        /// Points per occurrence.
        #[serde(deserialize_with = "num::de")]
        per: Decimal,
        /// Lowest score (0).
        #[serde(default, deserialize_with = "num::de")]
        floor: Decimal,
    },
    /// PASS / PARTIAL / FAIL → points.
    Judgement {
        /// Points for PASS (100).
        #[serde(default = "hundred", deserialize_with = "num::de")]
        pass: Decimal,
        /// Points for PARTIAL (60).
        #[serde(default = "sixty", deserialize_with = "num::de")]
        partial: Decimal,
        /// Points for FAIL (0).
        #[serde(default, deserialize_with = "num::de")]
        fail: Decimal,
    },
}

impl Rule {
    fn kind(&self) -> &'static str {
        match self {
            Rule::Band { .. } => "band",
            Rule::Linear { .. } => "linear",
            Rule::Deduction { .. } => "deduction",
            Rule::Judgement { .. } => "judgement",
        }
    }
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// An indicator (指标).
///
/// ```
/// let i: bianzhi::plan::evaluation::Indicator = serde_json::from_str(r#"{"id": "gap",
///     "name": "职责空白", "weight": 50, "fact": "findings.DUTY_GAP",
///     "rule": {"type": "deduction", "per": 20}}"#).unwrap();
/// assert_eq!(i.fact, vec!["findings.DUTY_GAP".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Id, unique within its aspect.
    pub id: String,
    /// Name.
    pub name: String,
    /// Weight within the aspect.
    #[serde(deserialize_with = "num::de")]
    pub weight: Decimal,
    /// The fact read, or several facts whose numbers are summed.
    #[serde(deserialize_with = "one_or_many")]
    pub fact: Vec<String>,
    /// The scoring rule.
    pub rule: Rule,
    /// Value used when the fact is absent (otherwise the indicator is `missing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<FactValue>,
}

/// An aspect (评估方面).
///
/// ```
/// let a: bianzhi::plan::evaluation::Aspect = serde_json::from_str(r#"{"id": "duties",
///     "name": "职责配置", "weight": 15, "indicators": []}"#).unwrap();
/// assert_eq!(a.name, "职责配置");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aspect {
    /// Id, unique in the scheme.
    pub id: String,
    /// Name.
    pub name: String,
    /// Weight in the total.
    #[serde(deserialize_with = "num::de")]
    pub weight: Decimal,
    /// Indicators.
    pub indicators: Vec<Indicator>,
}

/// A grade band: totals ≥ `min` get `name` (the highest matching band wins).
///
/// ```
/// let g: bianzhi::plan::evaluation::GradeBand = serde_json::from_str(
///     r#"{"name": "优秀", "min": 90}"#).unwrap();
/// assert_eq!(g.min, 90.into());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    /// Grade name.
    pub name: String,
    /// Minimum rounded total.
    #[serde(deserialize_with = "num::de")]
    pub min: Decimal,
}

fn two() -> u32 {
    2
}

/// An evaluation scheme.
///
/// ```
/// let s = bianzhi::plan::EvaluationScheme::default_template();
/// assert_eq!(s.aspects.len(), 8);
/// assert_eq!(s.aspects[0].name, "职责配置");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationScheme {
    /// Scheme name.
    #[serde(default)]
    pub name: String,
    /// Description (the default template says its weights are illustrative).
    #[serde(default)]
    pub description: String,
    /// Maximum indicator score (100).
    #[serde(default = "hundred", deserialize_with = "num::de")]
    pub max_score: Decimal,
    /// Decimal places of displayed and graded scores (2).
    #[serde(default = "two")]
    pub places: u32,
    /// Aspects.
    pub aspects: Vec<Aspect>,
    /// Grade bands.
    pub grades: Vec<GradeBand>,
}

impl EvaluationScheme {
    /// The default eight-aspect template ([`DEFAULT_SCHEME_JSON`]).
    ///
    /// ```
    /// let s = bianzhi::plan::EvaluationScheme::default_template();
    /// assert!(s.description.contains("illustrative"));
    /// ```
    pub fn default_template() -> EvaluationScheme {
        // The embedded template is checked by the tests; fall back to an empty scheme rather
        // than panic should it ever be unreadable.
        serde_json::from_str(DEFAULT_SCHEME_JSON).unwrap_or_else(|_| EvaluationScheme {
            name: "default".into(),
            description: String::new(),
            max_score: hundred(),
            places: 2,
            aspects: Vec::new(),
            grades: Vec::new(),
        })
    }

    /// Checks the scheme: at least one aspect, unique ids, non-negative weights with a
    /// positive sum at each level, at least one fact per indicator, sensible rules (linear
    /// `zero_at ≠ full_at`, deduction `per ≥ 0`, non-empty bands, scores within
    /// `0..=max_score`), `places ≤ 10`.
    ///
    /// ```
    /// let mut s = bianzhi::plan::EvaluationScheme::default_template();
    /// assert!(s.validate().is_ok());
    /// s.aspects[0].weight = (-1).into();
    /// assert!(s.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), PlanError> {
        let err = |m: String| Err(PlanError::Scheme(m));
        if self.max_score <= Decimal::ZERO {
            return err("max_score must be greater than 0".into());
        }
        if self.places > 10 {
            return err("places must be at most 10".into());
        }
        if self.aspects.is_empty() {
            return err("a scheme needs at least one aspect".into());
        }
        let in_range = |x: Decimal| x >= Decimal::ZERO && x <= self.max_score;
        let mut aspect_sum = Decimal::ZERO;
        for (ai, a) in self.aspects.iter().enumerate() {
            if self.aspects[..ai].iter().any(|b| b.id == a.id) {
                return err(format!("duplicate aspect id `{}`", a.id));
            }
            if a.weight < Decimal::ZERO {
                return err(format!("aspect `{}`: negative weight", a.id));
            }
            aspect_sum = add(aspect_sum, a.weight, "aspect weights")?;
            if a.indicators.is_empty() {
                return err(format!("aspect `{}` has no indicators", a.id));
            }
            let mut sum = Decimal::ZERO;
            for (ii, ind) in a.indicators.iter().enumerate() {
                let at = format!("indicator `{}.{}`", a.id, ind.id);
                if a.indicators[..ii].iter().any(|j| j.id == ind.id) {
                    return err(format!("duplicate {at}"));
                }
                if ind.weight < Decimal::ZERO {
                    return err(format!("{at}: negative weight"));
                }
                sum = add(sum, ind.weight, "indicator weights")?;
                if ind.fact.is_empty() {
                    return err(format!("{at}: no fact"));
                }
                match &ind.rule {
                    Rule::Band { bands, otherwise } => {
                        if bands.is_empty() {
                            return err(format!("{at}: no bands"));
                        }
                        if !in_range(*otherwise) || bands.iter().any(|b| !in_range(b.score)) {
                            return err(format!("{at}: band score outside 0..=max_score"));
                        }
                    }
                    Rule::Linear { zero_at, full_at } => {
                        if zero_at == full_at {
                            return err(format!("{at}: zero_at equals full_at"));
                        }
                    }
                    Rule::Deduction { per, floor } => {
                        if *per < Decimal::ZERO {
                            return err(format!("{at}: negative `per`"));
                        }
                        if !in_range(*floor) {
                            return err(format!("{at}: floor outside 0..=max_score"));
                        }
                    }
                    Rule::Judgement {
                        pass,
                        partial,
                        fail,
                    } => {
                        if !(in_range(*pass) && in_range(*partial) && in_range(*fail)) {
                            return err(format!("{at}: judgement points outside 0..=max_score"));
                        }
                    }
                }
            }
            if sum <= Decimal::ZERO {
                return err(format!("aspect `{}`: indicator weights sum to 0", a.id));
            }
        }
        if aspect_sum <= Decimal::ZERO {
            return err("aspect weights sum to 0".into());
        }
        for (gi, g) in self.grades.iter().enumerate() {
            if self.grades[..gi].iter().any(|h| h.name == g.name) {
                return err(format!("duplicate grade `{}`", g.name));
            }
        }
        Ok(())
    }

    /// The grade of a (rounded) total: the band with the highest `min` ≤ total.
    ///
    /// ```
    /// let s = bianzhi::plan::EvaluationScheme::default_template();
    /// assert_eq!(s.grade("90.00".parse().unwrap()), Some("优秀"));
    /// assert_eq!(s.grade("89.99".parse().unwrap()), Some("良好"));
    /// ```
    pub fn grade(&self, total: Decimal) -> Option<&str> {
        self.grades
            .iter()
            .filter(|g| total >= g.min)
            .max_by(|a, b| a.min.cmp(&b.min))
            .map(|g| g.name.as_str())
    }
}

/// The result of one indicator for one unit.
///
/// ```
/// let out = bianzhi::plan::evaluate_json(r#"{"scheme": "default", "units": [{"unit": "U1",
///     "facts": {"findings.DUTY_GAP": 2}}]}"#).unwrap();
/// let ind = &out.units[0].aspects[0].indicators[0];
/// assert_eq!((ind.id.as_str(), ind.score.as_deref()), ("duty_gaps", Some("60.00")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct IndicatorResult {
    /// Indicator id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Weight.
    #[serde(with = "num::norm")]
    pub weight: Decimal,
    /// Rule kind: band, linear, deduction, judgement.
    pub rule: String,
    /// `scored`, `missing` (fact absent) or `invalid` (fact of the wrong kind).
    pub status: String,
    /// The value read (sum of the facts), as text.
    pub value: Option<String>,
    /// Score rounded to the scheme's places.
    pub score: Option<String>,
    /// Exact score.
    #[serde(serialize_with = "num::norm_opt::serialize")]
    pub score_exact: Option<Decimal>,
    /// Points deducted from the maximum (deduction rules).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::norm_opt::serialize"
    )]
    pub deducted: Option<Decimal>,
    /// How the score came about.
    pub explanation: String,
    /// The findings behind the value (evidence of the facts read).
    pub findings: Vec<FindingRef>,
}

/// The result of one aspect for one unit.
///
/// ```
/// let out = bianzhi::plan::evaluate_json(r#"{"scheme": "default", "units": [{"unit": "U1",
///     "facts": {"leadership_excess": 1}}]}"#).unwrap();
/// let a = out.units[0].aspects.iter().find(|a| a.id == "leadership").unwrap();
/// assert_eq!(a.score.as_deref(), Some("75.00"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AspectResult {
    /// Aspect id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Weight.
    #[serde(with = "num::norm")]
    pub weight: Decimal,
    /// Weighted mean of the scored indicators, rounded; null when none was scored.
    pub score: Option<String>,
    /// Exact weighted mean.
    #[serde(serialize_with = "num::norm_opt::serialize")]
    pub score_exact: Option<Decimal>,
    /// Indicators in scheme order.
    pub indicators: Vec<IndicatorResult>,
}

/// A deduction with the findings behind it.
///
/// ```
/// let out = bianzhi::plan::evaluate_json(r#"{"scheme": "default", "units": [{"unit": "U1",
///     "facts": {"findings.DUTY_GAP": 1}}]}"#).unwrap();
/// assert_eq!(out.units[0].deductions[0].indicator, "duty_gaps");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Deduction {
    /// Aspect id.
    pub aspect: String,
    /// Indicator id.
    pub indicator: String,
    /// Points deducted (on the indicator's 0..max scale).
    #[serde(with = "num::norm")]
    pub points: Decimal,
    /// The findings behind it.
    pub findings: Vec<FindingRef>,
}

/// The evaluation of one unit.
///
/// ```
/// let out = bianzhi::plan::evaluate_json(r#"{"scheme": "default", "units": [{"unit": "U1"}]}"#)
///     .unwrap();
/// assert_eq!(out.units[0].total, None); // no fact at all: nothing scored
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UnitEvaluation {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: Option<String>,
    /// Aspects in scheme order.
    pub aspects: Vec<AspectResult>,
    /// Weighted mean of the scored aspects, rounded; null when none was scored.
    pub total: Option<String>,
    /// Exact total.
    #[serde(serialize_with = "num::norm_opt::serialize")]
    pub total_exact: Option<Decimal>,
    /// Grade of the rounded total.
    pub grade: Option<String>,
    /// `aspect.indicator` ids not scored (missing or invalid facts).
    pub not_scored: Vec<String>,
    /// Every deduction (points > 0), in scheme order.
    pub deductions: Vec<Deduction>,
}

fn weighted_mean(items: &[(Decimal, Decimal)]) -> Result<Option<Decimal>, PlanError> {
    let mut wsum = Decimal::ZERO;
    let mut acc = Decimal::ZERO;
    for (w, s) in items {
        wsum = add(wsum, *w, "weights")?;
        acc = add(acc, mul(*w, *s, "weighted score")?, "weighted score")?;
    }
    if wsum.is_zero() {
        return Ok(None);
    }
    div(acc, wsum, "weighted mean").map(Some)
}

fn score_indicator(
    scheme: &EvaluationScheme,
    ind: &Indicator,
    unit: &UnitFacts,
) -> Result<IndicatorResult, PlanError> {
    let max = scheme.max_score;
    let places = scheme.places;
    let mut findings = Vec::new();
    for f in &ind.fact {
        if let Some(list) = unit.evidence.get(f) {
            findings.extend(list.iter().cloned());
        }
    }
    let mut result = IndicatorResult {
        id: ind.id.clone(),
        name: ind.name.clone(),
        weight: ind.weight,
        rule: ind.rule.kind().into(),
        status: "scored".into(),
        value: None,
        score: None,
        score_exact: None,
        deducted: None,
        explanation: String::new(),
        findings,
    };
    // Read the value: one fact as is, several summed (numbers only).
    let mut values = Vec::new();
    let mut absent = Vec::new();
    for f in &ind.fact {
        match unit.facts.get(f).copied().or(ind.default) {
            Some(v) => values.push(v),
            None => absent.push(f.as_str()),
        }
    }
    if !absent.is_empty() {
        result.status = "missing".into();
        result.explanation = format!("fact {} not supplied", absent.join(", "));
        return Ok(result);
    }
    let value = if values.len() == 1 {
        values[0]
    } else {
        let mut sum = Decimal::ZERO;
        for v in &values {
            match v {
                FactValue::Number(n) => sum = add(sum, *n, "fact sum")?,
                FactValue::Judgement(_) => {
                    result.status = "invalid".into();
                    result.explanation = "a judgement cannot be summed".into();
                    return Ok(result);
                }
            }
        }
        FactValue::Number(sum)
    };
    result.value = Some(value.to_string());
    let invalid = |mut r: IndicatorResult, why: &str| {
        r.status = "invalid".into();
        r.explanation = why.into();
        Ok(r)
    };
    let score = match (&ind.rule, value) {
        (Rule::Band { bands, otherwise }, FactValue::Number(v)) => {
            match bands.iter().find(|b| b.matches(v)) {
                Some(b) => {
                    result.explanation = format!(
                        "{} in band {} → {}",
                        v.normalize(),
                        b.describe(),
                        b.score.normalize()
                    );
                    b.score
                }
                None => {
                    result.explanation =
                        format!("{} in no band → {}", v.normalize(), otherwise.normalize());
                    *otherwise
                }
            }
        }
        (Rule::Linear { zero_at, full_at }, FactValue::Number(v)) => {
            let sub = |a: Decimal, b: Decimal| {
                a.checked_sub(b)
                    .ok_or_else(|| PlanError::Overflow("linear".into()))
            };
            let raw = div(
                mul(max, sub(v, *zero_at)?, "linear")?,
                sub(*full_at, *zero_at)?,
                "linear",
            )?;
            let s = raw.max(Decimal::ZERO).min(max);
            result.explanation = format!(
                "{} × ({} − {}) / ({} − {}) = {}, clamped to 0..{} → {}",
                max.normalize(),
                v.normalize(),
                zero_at.normalize(),
                full_at.normalize(),
                zero_at.normalize(),
                raw.normalize(),
                max.normalize(),
                s.normalize()
            );
            s
        }
        (Rule::Deduction { per, floor }, FactValue::Number(count)) => {
            if count < Decimal::ZERO {
                return invalid(result, "negative count");
            }
            let raw = max
                .checked_sub(mul(*per, count, "deduction")?)
                .ok_or_else(|| PlanError::Overflow("deduction".into()))?;
            let s = raw.max(*floor);
            result.deducted = Some(max - s);
            result.explanation = format!(
                "{} − {} × {} = {}, floor {} → {}",
                max.normalize(),
                per.normalize(),
                count.normalize(),
                raw.normalize(),
                floor.normalize(),
                s.normalize()
            );
            s
        }
        (
            Rule::Judgement {
                pass,
                partial,
                fail,
            },
            FactValue::Judgement(j),
        ) => {
            let s = match j {
                Judgement::Pass => *pass,
                Judgement::Partial => *partial,
                Judgement::Fail => *fail,
            };
            result.explanation = format!("{j:?} → {}", s.normalize());
            s
        }
        (Rule::Judgement { .. }, FactValue::Number(_)) => {
            return invalid(result, "a judgement rule needs PASS, PARTIAL or FAIL")
        }
        (_, FactValue::Judgement(_)) => {
            return invalid(result, "this rule needs a number, not a judgement")
        }
    };
    result.score = Some(fixed(score, places));
    result.score_exact = Some(score);
    Ok(result)
}

/// Evaluates units with a scheme. Fails only for an invalid scheme; missing or malformed facts
/// become `missing` / `invalid` indicators.
///
/// ```
/// use bianzhi::plan::{evaluate, EvaluationScheme, UnitFacts};
/// let scheme = EvaluationScheme::default_template();
/// let unit: UnitFacts = serde_json::from_str(r#"{"unit": "U1", "facts":
///     {"findings.DUTY_GAP": 0, "findings.DUTY_OVERLAP": 0, "judgement.duties_clear": "PASS"}}"#)
///     .unwrap();
/// let r = evaluate(&scheme, &[unit]).unwrap();
/// // only 职责配置 is scored: 100 on every indicator → total 100.00, 优秀
/// assert_eq!((r[0].total.as_deref(), r[0].grade.as_deref()), (Some("100.00"), Some("优秀")));
/// ```
pub fn evaluate(
    scheme: &EvaluationScheme,
    units: &[UnitFacts],
) -> Result<Vec<UnitEvaluation>, PlanError> {
    scheme.validate()?;
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        let mut aspects = Vec::new();
        let mut aspect_scores = Vec::new();
        let mut not_scored = Vec::new();
        let mut deductions = Vec::new();
        for a in &scheme.aspects {
            let mut inds = Vec::new();
            let mut scored = Vec::new();
            for ind in &a.indicators {
                let r = score_indicator(scheme, ind, unit)?;
                if let Some(s) = r.score_exact {
                    scored.push((ind.weight, s));
                } else {
                    not_scored.push(format!("{}.{}", a.id, ind.id));
                }
                if let Some(d) = r.deducted.filter(|d| *d > Decimal::ZERO) {
                    deductions.push(Deduction {
                        aspect: a.id.clone(),
                        indicator: ind.id.clone(),
                        points: d,
                        findings: r.findings.clone(),
                    });
                }
                inds.push(r);
            }
            let mean = weighted_mean(&scored)?;
            if let Some(m) = mean {
                aspect_scores.push((a.weight, m));
            }
            aspects.push(AspectResult {
                id: a.id.clone(),
                name: a.name.clone(),
                weight: a.weight,
                score: mean.map(|m| fixed(m, scheme.places)),
                score_exact: mean.map(|m| m.normalize()),
                indicators: inds,
            });
        }
        let total = weighted_mean(&aspect_scores)?;
        let rounded = total.map(|t| {
            t.round_dp_with_strategy(
                scheme.places,
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            )
        });
        out.push(UnitEvaluation {
            unit: unit.unit.clone(),
            name: unit.name.clone(),
            aspects,
            total: total.map(|t| fixed(t, scheme.places)),
            total_exact: total.map(|t| t.normalize()),
            grade: rounded.and_then(|r| scheme.grade(r).map(String::from)),
            not_scored,
            deductions,
        });
    }
    Ok(out)
}

/// The output of [`evaluate_json`].
///
/// ```
/// let out = bianzhi::plan::evaluate_json(r#"{"units": []}"#).unwrap();
/// assert_eq!(out.scheme, "default");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EvaluationOutput {
    /// Scheme name.
    pub scheme: String,
    /// Scheme description.
    pub description: String,
    /// Units in input order.
    pub units: Vec<UnitEvaluation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvaluationInput {
    #[serde(default)]
    scheme: Option<serde_json::Value>,
    #[serde(default)]
    units: Vec<UnitFacts>,
    #[serde(default)]
    report: Option<Report>,
}

/// Resolves a scheme value: `"default"` (or absent) or a scheme object.
fn resolve_scheme(v: Option<serde_json::Value>) -> Result<EvaluationScheme, PlanError> {
    match v {
        None | Some(serde_json::Value::Null) => Ok(EvaluationScheme::default_template()),
        Some(serde_json::Value::String(s)) if s == "default" => {
            Ok(EvaluationScheme::default_template())
        }
        Some(serde_json::Value::String(s)) => Err(PlanError::Scheme(format!(
            "unknown scheme `{s}` (known: default)"
        ))),
        Some(v) => serde_json::from_value(v)
            .map_err(|e| PlanError::Scheme(crate::keys::config_message(&e.to_string()))),
    }
}

/// JSON entry point: `{"scheme": "default" | {...}, "units": [facts…], "report": {...}?}`.
///
/// With a `report` (a validation report, `docs/formats.md#validation-report`), facts are derived by
/// [`UnitFacts::from_report`] and merged with `units`.
///
/// ```
/// let out = bianzhi::plan::evaluate_json(r#"{"scheme": "default", "units": [{"unit": "U1",
///     "facts": {"utilisation": 0.95}}]}"#).unwrap();
/// let a = out.units[0].aspects.iter().find(|a| a.id == "establishment").unwrap();
/// assert_eq!(a.score.as_deref(), Some("100.00"));
/// ```
pub fn evaluate_json(input: &str) -> Result<EvaluationOutput, PlanError> {
    let input: EvaluationInput = serde_json::from_str(&crate::decimal::exact_numbers(input))
        .map_err(|e| PlanError::Input(crate::keys::config_message(&e.to_string())))?;
    let scheme = resolve_scheme(input.scheme)?;
    let units = match &input.report {
        Some(r) => UnitFacts::from_report(r, &input.units),
        None => input.units,
    };
    Ok(EvaluationOutput {
        scheme: scheme.name.clone(),
        description: scheme.description.clone(),
        units: evaluate(&scheme, &units)?,
    })
}

/// Renders an evaluation as text; `lang` `"en"` for English labels, anything else Chinese.
///
/// ```
/// let out = bianzhi::plan::evaluate_json(r#"{"units": [{"unit": "U1", "facts":
///     {"leadership_excess": 1}}]}"#).unwrap();
/// let text = bianzhi::plan::evaluation::render_text(&out, "en");
/// assert!(text.contains("U1") && text.contains("75.00"));
/// ```
pub fn render_text(out: &EvaluationOutput, lang: &str) -> String {
    let en = lang == "en";
    if !en {
        return render_text_zh(out);
    }
    let mut s = String::new();
    let dash = "—".to_string();
    let _ = writeln!(
        s,
        "{} {}",
        if en {
            "Evaluation scheme:"
        } else {
            "评估方案:"
        },
        out.scheme
    );
    for u in &out.units {
        let name = u.name.as_ref().map(|n| format!(" {n}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "{}{name}: {} {}  {} {}",
            u.unit,
            if en { "total" } else { "总分" },
            u.total.as_ref().unwrap_or(&dash),
            if en { "grade" } else { "等次" },
            u.grade.as_ref().unwrap_or(&dash)
        );
        for a in &u.aspects {
            let _ = writeln!(
                s,
                "  {:<10} {:>7}  ({} {})",
                a.name,
                a.score.as_ref().unwrap_or(&dash),
                if en { "weight" } else { "权重" },
                a.weight.normalize()
            );
        }
        for d in &u.deductions {
            let ids: Vec<&str> = d.findings.iter().map(|f| f.id.as_str()).collect();
            let _ = writeln!(
                s,
                "  {} {}.{} −{}{}",
                if en { "deduction" } else { "扣分" },
                d.aspect,
                d.indicator,
                d.points.normalize(),
                if ids.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", ids.join(", "))
                }
            );
        }
        if !u.not_scored.is_empty() {
            let _ = writeln!(
                s,
                "  {} {}",
                if en { "not scored:" } else { "未评分:" },
                u.not_scored.join(", ")
            );
        }
    }
    s
}

/// The Chinese text: aspect and indicator names instead of ids, columns aligned by display
/// width. Ids the scheme gives no name stay as they are (they come from the input).
fn render_text_zh(out: &EvaluationOutput) -> String {
    use super::text::{pad, pad_left};
    let mut s = String::new();
    let dash = "—".to_string();
    // The scheme's name is an id or a title from the input; the built-in template's
    // description is English prose, so it is not shown here.
    let scheme = if out.scheme == "default" {
        "默认评估方案（八个方面）".to_string()
    } else {
        out.scheme.clone()
    };
    let _ = writeln!(s, "评估方案：{scheme}");
    for u in &out.units {
        let name = u.name.as_ref().map(|n| format!(" {n}")).unwrap_or_default();
        let label = |aspect: &str, indicator: &str| -> String {
            let Some(a) = u.aspects.iter().find(|a| a.id == aspect) else {
                return format!("{aspect}·{indicator}");
            };
            let ind = a
                .indicators
                .iter()
                .find(|i| i.id == indicator)
                .map_or(indicator, |i| i.name.as_str());
            format!("{}·{ind}", a.name)
        };
        let _ = writeln!(
            s,
            "{}{name}：总分 {}  等次 {}",
            u.unit,
            u.total.as_ref().unwrap_or(&dash),
            u.grade.as_ref().unwrap_or(&dash)
        );
        let w = u
            .aspects
            .iter()
            .map(|a| unicode_width::UnicodeWidthStr::width(a.name.as_str()))
            .max()
            .unwrap_or(0);
        for a in &u.aspects {
            let _ = writeln!(
                s,
                "  {} {}（权重 {}）",
                pad(&a.name, w),
                pad_left(a.score.as_ref().unwrap_or(&dash), 7),
                a.weight.normalize()
            );
        }
        for d in &u.deductions {
            let ids: Vec<&str> = d.findings.iter().map(|f| f.id.as_str()).collect();
            let _ = writeln!(
                s,
                "  扣分 {} −{}{}",
                label(&d.aspect, &d.indicator),
                d.points.normalize(),
                if ids.is_empty() {
                    String::new()
                } else {
                    format!("（问题 {}）", ids.join("、"))
                }
            );
        }
        if !u.not_scored.is_empty() {
            let names: Vec<String> = u
                .not_scored
                .iter()
                .map(|k| match k.split_once('.') {
                    Some((a, i)) => label(a, i),
                    None => k.clone(),
                })
                .collect();
            let _ = writeln!(s, "  未评分：{}", names.join("、"));
        }
    }
    s
}
