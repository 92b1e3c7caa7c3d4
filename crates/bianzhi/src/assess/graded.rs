//! Graded schemes: score, grade bands, vetoes, the top-grade cap by pool, consequences.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::num::{fixed, plain};
use super::person::{input_err, AssessError, AssessOptions, Person, RawScore};
use super::scheme::{
    CapRounding, Condition, Counting, Denominator, Indicator, Method, PoolBy, Scheme, TieKey,
    UNGRADED,
};

/// One indicator's part of a score.
///
/// ```
/// let l = bianzhi::assess::IndicatorLine { id: "de".into(), points: "90".into(),
///     contribution: "18".into(), raters: vec![], renormalised: false };
/// assert_eq!(l.id, "de");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorLine {
    /// Indicator id.
    pub id: String,
    /// Points on the indicator's own scale (exact, unrounded).
    pub points: String,
    /// What it adds to its parent (exact, unrounded).
    pub contribution: String,
    /// Rater groups present (empty when one value was given).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub raters: Vec<String>,
    /// Whether rater weights were renormalised over the raters present.
    pub renormalised: bool,
}

/// How a score was reached.
///
/// ```
/// let b = bianzhi::assess::Breakdown::default();
/// assert!(b.notes.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct Breakdown {
    /// `score` (given directly), `indicators`, or `none` (no score given).
    pub source: String,
    /// The exact score before the one final rounding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    /// Indicator lines, depth first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<IndicatorLine>,
    /// Notes: renormalised raters and periods, vetoes, barred awards.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The outcome of one person under a graded scheme (`docs/formats.md#assessment-output`).
///
/// ```
/// use bianzhi::assess::{assess_json, Outcome};
/// let out = assess_json(r#"{"scheme": "civil_servant_annual", "people": [{"id": "A1", "score": 75}]}"#).unwrap();
/// let Outcome::Graded(g) = &out.outcomes[0] else { panic!() };
/// assert_eq!((g.score.as_deref(), g.grade.as_deref()), (Some("75.00"), Some("称职")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GradedOutcome {
    /// Person id.
    pub id: String,
    /// Unit.
    pub unit: Option<String>,
    /// Final score with the scheme's places (`None` when no score was given).
    pub score: Option<String>,
    /// Grade (`None` when ungraded).
    pub grade: Option<String>,
    /// Whether the person received a grade.
    pub graded: bool,
    /// Why ungraded, vetoed or moved (joined with `；`).
    pub reason: Option<String>,
    /// Rank within the cap pool among graded people (score, then the tie-break order).
    pub rank: Option<u32>,
    /// Whether the cap moved the person down from the top grade.
    pub moved_by_cap: bool,
    /// Consequences (嘉奖, 记三等功, 辞退 …).
    pub consequences: Vec<String>,
    /// The cap pool (the unit, or `None` for one pool).
    pub pool: Option<String>,
    /// The most top grades allowed in the pool (`None` without a cap).
    pub pool_cap: Option<u64>,
    /// How the score was reached.
    pub breakdown: Breakdown,
    /// Whether a veto (一票否决) applied: vetoed people rank after every other one.
    pub vetoed: bool,
    /// This person's record could not be assessed (the path and the problem); the person is
    /// left ungraded and everybody else is assessed.
    pub error: Option<String>,
    #[serde(skip)]
    pub(crate) grade_index: Option<usize>,
    #[serde(skip)]
    pub(crate) pool_ratio: Option<rust_decimal::Decimal>,
}

struct Work {
    score: Option<Decimal>,
    indicators: BTreeMap<String, Decimal>,
    grade: Option<usize>,
    ungraded: Option<String>,
    reasons: Vec<String>,
    bar_awards: bool,
    moved: bool,
    rank: Option<u32>,
    breakdown: Breakdown,
    pool_cap: Option<u64>,
    pool_ratio: Option<Decimal>,
    vetoed: bool,
    error: Option<String>,
}

impl Work {
    fn failed(message: String) -> Work {
        Work {
            score: None,
            indicators: BTreeMap::new(),
            grade: None,
            ungraded: None,
            reasons: vec!["记录有误，未评定".into()],
            bar_awards: false,
            moved: false,
            rank: None,
            breakdown: Breakdown {
                source: "error".into(),
                ..Breakdown::default()
            },
            pool_cap: None,
            pool_ratio: None,
            vetoed: false,
            error: Some(message),
        }
    }
}

pub(crate) fn holds(c: &Condition, p: &Person) -> bool {
    match c {
        Condition::Flag(f) => p.has_flag(f),
        Condition::AtLeast(t) => p.number(&t.field) >= t.value,
        Condition::Over(t) => p.number(&t.field) > t.value,
        Condition::Any(xs) => xs.iter().any(|x| holds(x, p)),
        Condition::All(xs) => xs.iter().all(|x| holds(x, p)),
    }
}

fn overflow(base: &str, field: &str) -> AssessError {
    input_err(format!("{base}.{field}"), "number too large")
}

/// Points of a leaf for one input value.
fn leaf_points(ind: &Indicator, x: Decimal, base: &str, f: &str) -> Result<Decimal, AssessError> {
    let max = ind.max_points();
    let nonneg = |x: Decimal| {
        if x < Decimal::ZERO {
            Err(input_err(
                format!("{base}.{f}"),
                format!("{} is negative", plain(x)),
            ))
        } else {
            Ok(x)
        }
    };
    Ok(match &ind.method {
        Method::Direct => {
            if x < Decimal::ZERO || x > max {
                return Err(input_err(
                    format!("{base}.{f}"),
                    format!("{} is outside 0–{}", plain(x), plain(max)),
                ));
            }
            x
        }
        Method::Deduction { per, floor } => {
            let x = nonneg(x)?;
            let d = per.checked_mul(x).ok_or_else(|| overflow(base, f))?;
            (max - d.min(max)).max(*floor)
        }
        Method::Addition { per, cap } => {
            let x = nonneg(x)?;
            let a = per.checked_mul(x).ok_or_else(|| overflow(base, f))?;
            a.min(cap.unwrap_or(max))
        }
        Method::Ratio { target } => {
            let x = nonneg(x)?;
            x.checked_mul(max)
                .and_then(|v| v.checked_div(*target))
                .ok_or_else(|| overflow(base, f))?
                .min(max)
        }
        Method::Bands { bands } => bands
            .iter()
            .find(|b| x >= b.min)
            .map(|b| b.points)
            .unwrap_or(Decimal::ZERO),
        Method::PassFail { pass, fail } => {
            if x == Decimal::ONE {
                pass.unwrap_or(max)
            } else if x.is_zero() {
                *fail
            } else {
                return Err(input_err(
                    format!("{base}.{f}"),
                    "expected true/false (1/0)",
                ));
            }
        }
    })
}

struct TreeCtx<'a> {
    scheme: &'a Scheme,
    person: &'a Person,
    base: &'a str,
    used: BTreeSet<&'a str>,
    lines: Vec<IndicatorLine>,
    values: BTreeMap<String, Decimal>,
    notes: Vec<String>,
}

impl<'a> TreeCtx<'a> {
    /// Returns (points, scale) of an indicator.
    fn node(&mut self, ind: &'a Indicator) -> Result<(Decimal, Decimal), AssessError> {
        let base = self.base;
        if !ind.children.is_empty() {
            if self.person.scores.contains_key(&ind.id) {
                return Err(input_err(
                    format!("{base}.scores.{}", ind.id),
                    "this indicator is scored from its sub-indicators",
                ));
            }
            let mut total = Decimal::ZERO;
            let mut scale = Decimal::ZERO;
            for c in &ind.children {
                let w = c.effective_weight().unwrap_or(Decimal::ZERO);
                let contrib = self.contribution(c, w)?;
                total = total
                    .checked_add(contrib)
                    .ok_or_else(|| overflow(base, "scores"))?;
                scale = scale
                    .checked_add(w)
                    .ok_or_else(|| overflow(base, "scores"))?;
            }
            return Ok((total, scale));
        }
        let f = format!("scores.{}", ind.id);
        let max = ind.max_points();
        let (points, raters, renorm) = match self.person.scores.get(&ind.id) {
            None => match ind.method {
                Method::Deduction { .. } | Method::Addition { .. } => {
                    (leaf_points(ind, Decimal::ZERO, base, &f)?, vec![], false)
                }
                _ => {
                    return Err(input_err(
                        format!("{base}.{f}"),
                        format!("missing score for indicator `{}`", ind.id),
                    ))
                }
            },
            Some(RawScore::Value(x)) => (leaf_points(ind, *x, base, &f)?, vec![], false),
            Some(RawScore::ByRater(by)) => {
                if self.scheme.raters.is_empty() {
                    return Err(input_err(
                        format!("{base}.{f}"),
                        "scores by rater, but the scheme has no raters",
                    ));
                }
                let mut acc = Decimal::ZERO;
                let mut wsum = Decimal::ZERO;
                for (rid, x) in by {
                    let r = self
                        .scheme
                        .raters
                        .iter()
                        .find(|r| &r.id == rid)
                        .ok_or_else(|| {
                            input_err(
                                format!("{base}.{f}.{rid}"),
                                format!("unknown rater `{rid}`"),
                            )
                        })?;
                    let p = leaf_points(ind, *x, base, &format!("{f}.{rid}"))?;
                    acc = p
                        .checked_mul(r.weight)
                        .and_then(|v| acc.checked_add(v))
                        .ok_or_else(|| overflow(base, &f))?;
                    wsum += r.weight;
                }
                if wsum.is_zero() {
                    return Err(input_err(
                        format!("{base}.{f}"),
                        "the raters present all have weight 0",
                    ));
                }
                let points = acc.checked_div(wsum).ok_or_else(|| overflow(base, &f))?;
                let present: Vec<String> = by.keys().cloned().collect();
                let renorm = present.len() < self.scheme.raters.len();
                if renorm {
                    let absent: Vec<&str> = self
                        .scheme
                        .raters
                        .iter()
                        .filter(|r| !by.contains_key(&r.id))
                        .map(|r| r.id.as_str())
                        .collect();
                    self.notes.push(format!(
                        "{}: rater weights renormalised over {} (weights {} of 100; absent: {})",
                        ind.id,
                        present.join(", "),
                        plain(wsum),
                        absent.join(", ")
                    ));
                }
                (points, present, renorm)
            }
        };
        self.used.insert(ind.id.as_str());
        self.lines.push(IndicatorLine {
            id: ind.id.clone(),
            points: plain(points),
            contribution: String::new(),
            raters,
            renormalised: renorm,
        });
        Ok((points, max))
    }

    fn contribution(&mut self, ind: &'a Indicator, w: Decimal) -> Result<Decimal, AssessError> {
        let before = self.lines.len();
        let (p, scale) = self.node(ind)?;
        let c = if scale.is_zero() {
            Decimal::ZERO
        } else {
            p.checked_mul(w)
                .and_then(|v| v.checked_div(scale))
                .ok_or_else(|| overflow(self.base, "scores"))?
        };
        if ind.children.is_empty() {
            if let Some(l) = self.lines.get_mut(before) {
                l.contribution = plain(c);
            }
        } else {
            self.lines.insert(
                before,
                IndicatorLine {
                    id: ind.id.clone(),
                    points: plain(p),
                    contribution: plain(c),
                    raters: vec![],
                    renormalised: false,
                },
            );
        }
        self.values.insert(ind.id.clone(), c);
        Ok(c)
    }
}

/// The exact (unrounded) score of a person, if any score was given.
fn exact_score(
    scheme: &Scheme,
    p: &Person,
    base: &str,
    bd: &mut Breakdown,
    values: &mut BTreeMap<String, Decimal>,
) -> Result<Option<Decimal>, AssessError> {
    let annual = if let Some(s) = p.score {
        if !p.scores.is_empty() {
            return Err(input_err(
                format!("{base}.scores"),
                "give either `score` or `scores`, not both",
            ));
        }
        if s < Decimal::ZERO {
            return Err(input_err(
                format!("{base}.score"),
                format!("{} is negative", plain(s)),
            ));
        }
        bd.source = "score".into();
        s
    } else if !p.scores.is_empty() {
        if scheme.indicators.is_empty() {
            return Err(input_err(
                format!("{base}.scores"),
                "the scheme has no indicators: give `score`",
            ));
        }
        let mut ctx = TreeCtx {
            scheme,
            person: p,
            base,
            used: BTreeSet::new(),
            lines: vec![],
            values: BTreeMap::new(),
            notes: vec![],
        };
        let mut total = Decimal::ZERO;
        for ind in &scheme.indicators {
            let w = ind.effective_weight().unwrap_or(Decimal::ZERO);
            let c = ctx.contribution(ind, w)?;
            total = total
                .checked_add(c)
                .ok_or_else(|| overflow(base, "scores"))?;
        }
        if let Some(k) = p.scores.keys().find(|k| !ctx.used.contains(k.as_str())) {
            if !scheme.all_indicators().iter().any(|(i, _)| &i.id == k) {
                return Err(input_err(
                    format!("{base}.scores.{k}"),
                    format!("unknown indicator `{k}`"),
                ));
            }
        }
        bd.source = "indicators".into();
        bd.indicators = ctx.lines;
        bd.notes.extend(ctx.notes);
        *values = ctx.values;
        total
    } else {
        bd.source = "none".into();
        return Ok(None);
    };
    let Some(per) = &scheme.periods else {
        return Ok(Some(annual));
    };
    if p.routine_scores.is_empty() {
        bd.notes
            .push("no 平时/季度 results: the annual result counts 100% (renormalised)".into());
        return Ok(Some(annual));
    }
    let mut s = Decimal::ZERO;
    for (i, x) in p.routine_scores.iter().enumerate() {
        if *x < Decimal::ZERO {
            return Err(input_err(format!("{base}.routine_scores[{i}]"), "negative"));
        }
        s = s
            .checked_add(*x)
            .ok_or_else(|| overflow(base, "routine_scores"))?;
    }
    let mean = s
        .checked_div(Decimal::from(p.routine_scores.len()))
        .ok_or_else(|| overflow(base, "routine_scores"))?;
    let combined = annual
        .checked_mul(per.annual)
        .zip(mean.checked_mul(per.routine))
        .and_then(|(a, b)| a.checked_add(b))
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
        .ok_or_else(|| overflow(base, "routine_scores"))?;
    bd.notes.push(format!(
        "periods: annual {} × {}% + routine mean {} × {}%",
        plain(annual),
        plain(per.annual),
        plain(mean),
        plain(per.routine)
    ));
    Ok(Some(combined))
}

fn band(scheme: &Scheme, score: Decimal) -> usize {
    let last = scheme.grades.len().saturating_sub(1);
    scheme
        .grades
        .iter()
        .position(|g| !matches!(g.min, Some(m) if score < m))
        .unwrap_or(last)
}

fn key_name(k: &TieKey) -> String {
    match k {
        TieKey::Score => "得分".into(),
        TieKey::Indicator(i) => format!("指标 {i} "),
        TieKey::Id => "编号".into(),
    }
}

/// Compares two people by the ranking order; returns the ordering and the key that decided.
fn compare(keys: &[TieKey], a: (&Person, &Work), b: (&Person, &Work)) -> (Ordering, TieKey) {
    for k in keys.iter().chain(std::iter::once(&TieKey::Id)) {
        let o = match k {
            TieKey::Score => b.1.score.cmp(&a.1.score),
            TieKey::Indicator(i) => b.1.indicators.get(i).cmp(&a.1.indicators.get(i)),
            TieKey::Id => a.0.id.cmp(&b.0.id),
        };
        if o != Ordering::Equal {
            return (o, k.clone());
        }
    }
    (Ordering::Equal, TieKey::Id)
}

fn history_name(h: &Option<String>) -> &str {
    h.as_deref().unwrap_or(UNGRADED)
}

/// Said of a vetoed person: the order rule of `docs/assessment.md` (一票否决).
pub(crate) const VETO_RANK_NOTE: &str = "排名列于未被否决者之后";

/// Scores, grades and vetoes one person (before the cap).
fn score_one(scheme: &Scheme, p: &Person, i: usize) -> Result<Work, AssessError> {
    let places = scheme.places;
    let base = format!("people[{i}] ({})", p.id);
    for (j, h) in p.history.iter().enumerate() {
        if let Some(g) = h {
            if scheme.grade_index(g).is_none() {
                return Err(input_err(
                    format!("{base}.history[{j}]"),
                    format!("unknown grade `{g}` for scheme {}", scheme.name),
                ));
            }
        }
    }
    let mut bd = Breakdown::default();
    let mut values = BTreeMap::new();
    let exact = exact_score(scheme, p, &base, &mut bd, &mut values)?;
    let score = exact.map(|e| scheme.rounding.apply(e, places));
    bd.exact = exact.map(plain);
    let ungraded = scheme
        .ungraded
        .iter()
        .find(|u| holds(&u.when, p))
        .map(|u| u.reason.clone());
    let mut w = Work {
        score,
        indicators: values,
        grade: None,
        ungraded,
        reasons: vec![],
        bar_awards: false,
        moved: false,
        rank: None,
        breakdown: bd,
        pool_cap: None,
        pool_ratio: None,
        vetoed: false,
        error: None,
    };
    if let Some(r) = &w.ungraded {
        w.reasons.push(format!("不定等次：{r}"));
    } else {
        let vetoes: Vec<_> = scheme.vetoes.iter().filter(|v| holds(&v.when, p)).collect();
        let forced = vetoes
            .iter()
            .filter_map(|v| v.force.as_deref())
            .filter_map(|g| scheme.grade_index(g))
            .max();
        let mut g = match (forced, score) {
            (Some(f), _) => f,
            (None, Some(s)) => band(scheme, s),
            (None, None) => {
                return Err(input_err(
                    format!("{base}.score"),
                    "missing: give `score` or `scores`",
                ))
            }
        };
        for v in &vetoes {
            if let Some(c) = v.cap.as_deref().and_then(|c| scheme.grade_index(c)) {
                g = g.max(c);
            }
            if v.bar_awards {
                w.bar_awards = true;
            }
            w.reasons.push(format!("一票否决：{}", v.reason));
        }
        if !vetoes.is_empty() {
            w.vetoed = true;
            w.reasons.push(VETO_RANK_NOTE.into());
        }
        if w.bar_awards {
            while scheme.grades.get(g).is_some_and(|x| x.award) && g + 1 < scheme.grades.len() {
                g += 1;
            }
        }
        w.grade = Some(g);
    }
    Ok(w)
}

/// Scores, grades, caps and consequences for a graded scheme.
pub(crate) fn run(
    scheme: &Scheme,
    people: &[Person],
    options: &AssessOptions,
    errors: &BTreeMap<usize, String>,
) -> Result<Vec<GradedOutcome>, AssessError> {
    let places = scheme.places;
    let mut work = Vec::with_capacity(people.len());
    for (i, p) in people.iter().enumerate() {
        let w = match errors.get(&i) {
            Some(e) => Work::failed(e.clone()),
            None => score_one(scheme, p, i).unwrap_or_else(|e| Work::failed(e.to_string())),
        };
        work.push(w);
    }

    // Pools, in order of first appearance.
    let by_unit = scheme.cap.as_ref().map_or(PoolBy::Unit, |c| c.pool) == PoolBy::Unit;
    let pool_of = |p: &Person| if by_unit { p.unit.clone() } else { None };
    let mut pools: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    let mut index: BTreeMap<Option<String>, usize> = BTreeMap::new();
    for (i, p) in people.iter().enumerate() {
        let k = pool_of(p);
        let slot = *index.entry(k.clone()).or_insert_with(|| {
            pools.push((k, Vec::new()));
            pools.len() - 1
        });
        if let Some((_, v)) = pools.get_mut(slot) {
            v.push(i);
        }
    }
    if let Some(cap) = &scheme.cap {
        for (u, o) in &options.units {
            if let Some(a) = &o.adjustment {
                if !cap.adjustments.contains_key(a) {
                    let known: Vec<&str> = cap.adjustments.keys().map(|s| s.as_str()).collect();
                    return Err(input_err(
                        format!("units.{u}.adjustment"),
                        format!(
                            "unknown adjustment `{a}` (scheme knows: {})",
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
    }
    let keys: Vec<TieKey> = scheme
        .cap
        .as_ref()
        .map_or_else(|| vec![TieKey::Score], |c| c.tie_break.clone());
    let top_name = scheme
        .grades
        .first()
        .map(|g| g.name.clone())
        .unwrap_or_default();
    let next_name = scheme
        .grades
        .get(1)
        .map(|g| g.name.clone())
        .unwrap_or_default();
    for (pool, members) in &pools {
        let mut graded: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| work.get(i).is_some_and(|w| w.grade.is_some()))
            .collect();
        let cmp = |a: &usize, b: &usize| match (
            people.get(*a),
            work.get(*a),
            people.get(*b),
            work.get(*b),
        ) {
            // Vetoed people rank after every other one, then by the usual order.
            (Some(pa), Some(wa), Some(pb), Some(wb)) => wa
                .vetoed
                .cmp(&wb.vetoed)
                .then_with(|| compare(&keys, (pa, wa), (pb, wb)).0),
            _ => Ordering::Equal,
        };
        graded.sort_by(cmp);
        for (r, &i) in graded.iter().enumerate() {
            if let Some(w) = work.get_mut(i) {
                w.rank = u32::try_from(r + 1).ok();
            }
        }
        let Some(cap) = &scheme.cap else { continue };
        let n = match cap.denominator {
            Denominator::Graded => graded.len(),
            Denominator::All => members.len(),
        };
        let (ratio, label) = match pool
            .as_ref()
            .and_then(|u| options.units.get(u))
            .and_then(|o| o.adjustment.as_ref())
            .and_then(|a| cap.adjustments.get(a).map(|r| (*r, a.clone())))
        {
            Some((r, a)) => (r, format!("{a} ")),
            None => (cap.ratio, String::new()),
        };
        let product = ratio.checked_mul(Decimal::from(n)).unwrap_or(Decimal::MAX);
        let allowed = cap.rounding.apply(product).unwrap_or(u64::MAX);
        let rounding = match cap.rounding {
            CapRounding::Floor => "向下取整",
            CapRounding::HalfUp => "四舍五入",
            CapRounding::Ceil => "向上取整",
        };
        let pool_label = pool.clone().unwrap_or_else(|| "全体".into());
        let top: Vec<usize> = graded
            .iter()
            .copied()
            .filter(|&i| work.get(i).and_then(|w| w.grade) == Some(0))
            .collect();
        for &i in members {
            if let Some(w) = work.get_mut(i) {
                w.pool_cap = Some(allowed);
                w.pool_ratio = Some(ratio);
            }
        }
        let keep = usize::try_from(allowed)
            .unwrap_or(usize::MAX)
            .min(top.len());
        let last_kept = if keep > 0 {
            top.get(keep - 1).copied()
        } else {
            None
        };
        for (pos, &i) in top.iter().enumerate() {
            let (Some(p), Some(w0)) = (people.get(i), work.get(i)) else {
                continue;
            };
            let tie = last_kept
                .filter(|&k| k != i)
                .and_then(|k| Some((people.get(k)?, work.get(k)?)))
                .filter(|(_, wk)| wk.score == w0.score);
            let first_out = top.get(keep).copied();
            if pos < keep {
                // A kept person tied with the first one moved: say how the tie was broken.
                let tie_out = first_out
                    .filter(|_| Some(i) == last_kept)
                    .and_then(|k| Some((people.get(k)?, work.get(k)?)))
                    .filter(|(_, wk)| wk.score == w0.score);
                if let Some((po, wo)) = tie_out {
                    let (_, key) = compare(&keys, (p, w0), (po, wo));
                    let msg = format!(
                        "与 {} 同分 {}，按{}保留{}",
                        po.id,
                        w0.score.map(|s| fixed(s, places)).unwrap_or_default(),
                        key_name(&key),
                        top_name
                    );
                    if let Some(w) = work.get_mut(i) {
                        w.reasons.push(msg);
                    }
                }
                continue;
            }
            let mut msg = format!(
                "超出{top_name}比例上限：{pool_label} 可评{top_name} {allowed} 人（{n} × {}{} = {}，{rounding}），排第 {} 位，降为{next_name}",
                label,
                plain(ratio),
                plain(product),
                pos + 1
            );
            if let Some((pk, wk)) = tie {
                let (_, key) = compare(&keys, (pk, wk), (p, w0));
                msg.push_str(&format!(
                    "（与 {} 同分 {}，按{}排序）",
                    pk.id,
                    w0.score.map(|s| fixed(s, places)).unwrap_or_default(),
                    key_name(&key)
                ));
            }
            if let Some(w) = work.get_mut(i) {
                w.grade = Some(1);
                w.moved = true;
                w.reasons.push(msg);
            }
        }
    }

    // Consequences and output.
    let mut out = Vec::with_capacity(people.len());
    for (p, mut w) in people.iter().zip(work) {
        let this = w
            .grade
            .and_then(|g| scheme.grades.get(g))
            .map(|g| g.name.clone());
        let this_name = this.clone().unwrap_or_else(|| UNGRADED.to_string());
        let mut fired: Vec<&super::scheme::Consequence> = Vec::new();
        for c in &scheme.consequences {
            let in_set = |g: &str| c.grades.iter().any(|x| x == g);
            if !in_set(&this_name) {
                continue;
            }
            let ok = match c.counting {
                Counting::ThisYear => true,
                Counting::Consecutive => {
                    let need = usize::try_from(c.years)
                        .unwrap_or(usize::MAX)
                        .saturating_sub(1);
                    p.history.len() >= need
                        && p.history
                            .iter()
                            .rev()
                            .take(need)
                            .all(|h| in_set(history_name(h)))
                }
                Counting::Cumulative => {
                    let count = 1 + p.history.iter().filter(|h| in_set(history_name(h))).count();
                    count % usize::try_from(c.years).unwrap_or(usize::MAX).max(1) == 0
                }
            };
            if !ok {
                continue;
            }
            if c.award && w.bar_awards {
                w.breakdown
                    .notes
                    .push(format!("{}：不得评先评优，不予{}", "一票否决", c.result));
                continue;
            }
            fired.push(c);
        }
        let replaced: BTreeSet<&str> = fired
            .iter()
            .flat_map(|c| c.replaces.iter().map(|s| s.as_str()))
            .collect();
        let consequences: Vec<String> = fired
            .iter()
            .filter(|c| !replaced.contains(c.result.as_str()))
            .map(|c| c.result.clone())
            .collect();
        let mut consequences_dedup = Vec::new();
        for c in consequences {
            if !consequences_dedup.contains(&c) {
                consequences_dedup.push(c);
            }
        }
        out.push(GradedOutcome {
            id: p.id.clone(),
            unit: p.unit.clone(),
            score: w.score.map(|s| fixed(s, places)),
            grade: this,
            graded: w.grade.is_some(),
            reason: if w.reasons.is_empty() {
                None
            } else {
                Some(w.reasons.join("；"))
            },
            rank: w.rank,
            moved_by_cap: w.moved,
            consequences: consequences_dedup,
            pool: pool_of(p),
            pool_cap: w.pool_cap,
            breakdown: w.breakdown,
            vetoed: w.vetoed,
            error: w.error,
            grade_index: w.grade,
            pool_ratio: w.pool_ratio,
        });
    }
    Ok(out)
}
