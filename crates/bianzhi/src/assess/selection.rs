//! 竞争上岗 (competitive selection): 民主测评 vote score, trimmed speech score, composite,
//! eligibility and rank.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::Serialize;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::graded::{holds, VETO_RANK_NOTE};
use super::num::{fixed, plain};
use super::person::{input_err, AssessError, Person};
use super::scheme::{Rounding, Scheme, SelectionKey, SelectionRules};

/// The outcome of one person under a selection scheme.
///
/// ```
/// use bianzhi::assess::{assess_json, Outcome};
/// let out = assess_json(r#"{"scheme": "competitive_selection", "people": [{"id": "C1",
///   "votes": {"优秀": 10, "称职": 10}, "judges": [80, 90, 85]}]}"#).unwrap();
/// let Outcome::Selection(s) = &out.outcomes[0] else { panic!() };
/// assert_eq!(s.vote_score.as_deref(), Some("75.00")); // (2×10 + 10) × 50 / 20
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SelectionOutcome {
    /// Person id.
    pub id: String,
    /// Unit.
    pub unit: Option<String>,
    /// 民主测评 score (`None` when the record could not be assessed).
    pub vote_score: Option<String>,
    /// Speech score (`None` for an incumbent without marks).
    pub speech_score: Option<String>,
    /// `speech_weight × speech + vote_weight × vote`, from the exact parts, rounded once.
    pub composite: Option<String>,
    /// Meets the vote thresholds (优秀+称职 ≥ 80%, 优秀 ≥ 30%).
    pub eligible: bool,
    /// An incumbent under the good-vote threshold must compete again (`None` for candidates).
    pub must_compete_again: Option<bool>,
    /// Why ineligible, how a tie was broken, and warnings (提示).
    pub reasons: Vec<String>,
    /// Rank among eligible candidates (incumbents and ineligible people are not ranked).
    pub rank: Option<u32>,
    /// Share of 优秀+称职 votes, in percent, two places.
    pub good_share: Option<String>,
    /// Share of 优秀 votes, in percent, two places.
    pub excellent_share: Option<String>,
    /// Whole years of organ service up to `as_of` (when the scheme sets `min_organ_years`).
    pub organ_years: Option<u32>,
    /// Whether a veto (一票否决) applied: a vetoed candidate ranks after every other one.
    pub vetoed: bool,
    /// This person's record could not be assessed (the path and the problem): not eligible,
    /// not ranked; everybody else is assessed.
    pub error: Option<String>,
}

impl SelectionOutcome {
    fn failed(p: &Person, message: String) -> SelectionOutcome {
        SelectionOutcome {
            id: p.id.clone(),
            unit: p.unit.clone(),
            vote_score: None,
            speech_score: None,
            composite: None,
            eligible: false,
            must_compete_again: None,
            reasons: vec!["记录有误，未评定".into()],
            rank: None,
            good_share: None,
            excellent_share: None,
            organ_years: None,
            vetoed: false,
            error: Some(message),
        }
    }
}

#[derive(Default)]
struct Work {
    vote: Decimal,
    composite: Option<Decimal>,
    speech: Option<Decimal>,
    vetoed: bool,
}

/// Whole years from `start` to `as_of` (0 when `start` is later).
fn whole_years(start: NaiveDate, as_of: NaiveDate) -> u32 {
    let mut y = as_of.year() - start.year();
    if (as_of.month(), as_of.day()) < (start.month(), start.day()) {
        y -= 1;
    }
    u32::try_from(y).unwrap_or(0)
}

fn pct(part: u64, valid: u64) -> String {
    let v = Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(valid.max(1));
    fixed(Rounding::HalfUp.apply(v, 2), 2)
}

/// Scores one candidate; `Err` is this candidate's problem (the others are still scored).
fn score_one(
    r: &SelectionRules,
    scheme: &Scheme,
    p: &Person,
    i: usize,
    as_of: Option<NaiveDate>,
) -> Result<(SelectionOutcome, Work), AssessError> {
    let (rounding, places) = (scheme.rounding, scheme.places);
    let base = format!("people[{i}] ({})", p.id);
    let mut valid: u64 = 0;
    let mut weighted = Decimal::ZERO;
    for (k, n) in &p.votes {
        let w = r.vote_weights.get(k).ok_or_else(|| {
            let known: Vec<&str> = r.vote_weights.keys().map(|s| s.as_str()).collect();
            input_err(
                format!("{base}.votes.{k}"),
                format!("unknown vote kind (known: {})", known.join(", ")),
            )
        })?;
        valid = valid
            .checked_add(*n)
            .ok_or_else(|| input_err(format!("{base}.votes"), "too many votes"))?;
        weighted = w
            .checked_mul(Decimal::from(*n))
            .and_then(|x| weighted.checked_add(x))
            .ok_or_else(|| input_err(format!("{base}.votes"), "too many votes"))?;
    }
    if valid == 0 {
        return Err(input_err(format!("{base}.votes"), "no valid votes"));
    }
    let vote = weighted
        .checked_mul(r.vote_scale)
        .and_then(|x| x.checked_div(Decimal::from(valid)))
        .ok_or_else(|| input_err(format!("{base}.votes"), "too many votes"))?;
    let speech = if p.judges.is_empty() && p.incumbent {
        None
    } else {
        let n = p.judges.len();
        if n < r.min_judges as usize {
            return Err(input_err(
                format!("{base}.judges"),
                format!(
                    "{n} marks, the speech score needs at least {}",
                    r.min_judges
                ),
            ));
        }
        let mut marks = p.judges.clone();
        if let Some((j, m)) = marks.iter().enumerate().find(|(_, m)| m.is_sign_negative()) {
            return Err(input_err(
                format!("{base}.judges[{j}]"),
                format!("{} is negative", plain(*m)),
            ));
        }
        marks.sort();
        let t = r.trim as usize;
        let kept = marks.get(t..n.saturating_sub(t)).unwrap_or(&[]);
        let mut s = Decimal::ZERO;
        for m in kept {
            s = s
                .checked_add(*m)
                .ok_or_else(|| input_err(format!("{base}.judges"), "marks too large"))?;
        }
        Some(
            s.checked_div(Decimal::from(kept.len().max(1)))
                .ok_or_else(|| input_err(format!("{base}.judges"), "marks too large"))?,
        )
    };
    let composite = match speech {
        None => None,
        Some(sp) => Some(
            sp.checked_mul(r.speech_weight)
                .zip(vote.checked_mul(r.vote_weight))
                .and_then(|(a, b)| a.checked_add(b))
                .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
                .ok_or_else(|| input_err(base.clone(), "numbers too large"))?,
        ),
    };
    let count = |kinds: &[String]| -> u64 {
        kinds
            .iter()
            .filter_map(|k| p.votes.get(k))
            .fold(0u64, |a, n| a.saturating_add(*n))
    };
    let good = count(&r.good_votes);
    let excellent = count(&r.excellent_votes);
    let v = Decimal::from(valid);
    let good_ok = Decimal::from(good) >= r.good_share_min * v;
    let exc_ok = Decimal::from(excellent) >= r.excellent_share_min * v;
    let mut reasons = Vec::new();
    if !good_ok {
        reasons.push(format!(
            "优秀和称职率 {}% 低于 {}%",
            pct(good, valid),
            plain(r.good_share_min * Decimal::ONE_HUNDRED)
        ));
    }
    if !exc_ok {
        reasons.push(format!(
            "优秀率 {}% 低于 {}%",
            pct(excellent, valid),
            plain(r.excellent_share_min * Decimal::ONE_HUNDRED)
        ));
    }
    let must = if p.incumbent {
        if !good_ok {
            reasons.push("现任：应重新参加竞争上岗".into());
        }
        Some(!good_ok)
    } else {
        None
    };
    if let (Some(lim), Some(g), Some(age)) = (&r.age_limits, p.gender.as_deref(), p.age) {
        let (limit, who) = if g == "male" {
            (lim.male, "男")
        } else {
            (lim.female, "女")
        };
        if age > limit {
            reasons.push(format!("提示：年龄 {age} 岁超过{who} {limit} 岁（一般）"));
        }
    }
    // 任职资格条件 of a new middle-level cadre (incumbents are re-assessed by the vote only).
    let mut qualified = true;
    let mut organ_years = None;
    if !p.incumbent {
        if let Some(min) = r.min_organ_years {
            match (p.organ_service_start, as_of) {
                (Some(start), Some(as_of)) => {
                    let y = whole_years(start, as_of);
                    organ_years = Some(y);
                    if y < min {
                        qualified = false;
                        reasons.push(format!(
                            "机关工作经历{y}年，不足{min}年（自{start}起至{as_of}）"
                        ));
                    }
                }
                // `run` refuses a batch with start dates and no `as_of`.
                (Some(_), None) => {}
                (None, _) => reasons.push(format!(
                    "提示：未提供机关工作起始日期，未核对机关工作经历（须满{min}年）"
                )),
            }
        }
        if let Some(min) = r.min_education {
            match p.education {
                Some(e) if e < min => {
                    qualified = false;
                    reasons.push(format!("学历{}，低于{}", e.zh(), min.zh()));
                }
                Some(_) => {}
                None => reasons.push(format!(
                    "提示：未提供学历，未核对学历条件（须{}以上）",
                    min.zh()
                )),
            }
        }
    }
    let vetoes: Vec<_> = scheme.vetoes.iter().filter(|v| holds(&v.when, p)).collect();
    let vetoed = !vetoes.is_empty();
    for v in &vetoes {
        reasons.push(format!("一票否决：{}", v.reason));
    }
    if vetoed {
        reasons.push(VETO_RANK_NOTE.into());
    }
    let show = |d: Decimal| fixed(rounding.apply(d, places), places);
    let out = SelectionOutcome {
        id: p.id.clone(),
        unit: p.unit.clone(),
        vote_score: Some(show(vote)),
        speech_score: speech.map(show),
        composite: composite.map(show),
        eligible: good_ok && exc_ok && qualified,
        must_compete_again: must,
        reasons,
        rank: None,
        good_share: Some(pct(good, valid)),
        excellent_share: Some(pct(excellent, valid)),
        organ_years,
        vetoed,
        error: None,
    };
    let work = Work {
        vote: rounding.apply(vote, places),
        composite: composite.map(|c| rounding.apply(c, places)),
        speech: speech.map(|s| rounding.apply(s, places)),
        vetoed,
    };
    Ok((out, work))
}

pub(crate) fn run(
    r: &SelectionRules,
    scheme: &Scheme,
    people: &[Person],
    errors: &BTreeMap<usize, String>,
    as_of: Option<NaiveDate>,
) -> Result<Vec<SelectionOutcome>, AssessError> {
    if r.min_organ_years.is_some()
        && as_of.is_none()
        && people.iter().any(|p| p.organ_service_start.is_some())
    {
        return Err(input_err(
            "as_of",
            "missing: min_organ_years counts organ service up to the run's date (give `as_of`)",
        ));
    }
    let places = scheme.places;
    let mut outs = Vec::with_capacity(people.len());
    let mut works = Vec::with_capacity(people.len());
    for (i, p) in people.iter().enumerate() {
        let scored = match errors.get(&i) {
            Some(e) => Err(e.clone()),
            None => score_one(r, scheme, p, i, as_of).map_err(|e| e.to_string()),
        };
        match scored {
            Ok((o, w)) => {
                outs.push(o);
                works.push(w);
            }
            Err(e) => {
                outs.push(SelectionOutcome::failed(p, e));
                works.push(Work::default());
            }
        }
    }
    // Rank eligible candidates by the rounded composite, then the tie-break keys, then id.
    let mut ranked: Vec<usize> = (0..people.len())
        .filter(|&i| {
            outs.get(i)
                .is_some_and(|o| o.eligible && o.must_compete_again.is_none())
                && works.get(i).is_some_and(|w| w.composite.is_some())
        })
        .collect();
    let cmp = |a: usize, b: usize| -> (Ordering, Option<SelectionKey>) {
        let (Some(wa), Some(wb), Some(pa), Some(pb)) =
            (works.get(a), works.get(b), people.get(a), people.get(b))
        else {
            return (Ordering::Equal, None);
        };
        // Vetoed candidates rank after every other one.
        let o = wa
            .vetoed
            .cmp(&wb.vetoed)
            .then_with(|| wb.composite.cmp(&wa.composite));
        if o != Ordering::Equal {
            return (o, None);
        }
        for k in r.tie_break.iter().chain(std::iter::once(&SelectionKey::Id)) {
            let o = match k {
                SelectionKey::VoteScore => wb.vote.cmp(&wa.vote),
                SelectionKey::SpeechScore => wb.speech.cmp(&wa.speech),
                SelectionKey::Id => pa.id.cmp(&pb.id),
            };
            if o != Ordering::Equal {
                return (o, Some(*k));
            }
        }
        (Ordering::Equal, None)
    };
    ranked.sort_by(|&a, &b| cmp(a, b).0);
    // Tie notes: each ranked person is compared with its neighbours of equal composite.
    for (pos, &i) in ranked.iter().enumerate() {
        let mut notes = Vec::new();
        let neighbours = [
            pos.checked_sub(1).and_then(|q| ranked.get(q)),
            ranked.get(pos + 1),
        ];
        for &j in neighbours.into_iter().flatten() {
            let (Some(wi), Some(wj)) = (works.get(i), works.get(j)) else {
                continue;
            };
            if wi.composite != wj.composite || wi.vetoed != wj.vetoed {
                continue;
            }
            let (_, key) = if pos > 0 && Some(&j) == ranked.get(pos - 1) {
                cmp(j, i)
            } else {
                cmp(i, j)
            };
            let name = match key {
                Some(SelectionKey::VoteScore) => "民主测评得分",
                Some(SelectionKey::SpeechScore) => "演讲答辩得分",
                Some(SelectionKey::Id) | None => "编号",
            };
            let other = people.get(j).map(|p| p.id.as_str()).unwrap_or_default();
            notes.push(format!(
                "与 {other} 综合得分同为 {}，按{name}排序",
                wi.composite.map(|c| fixed(c, places)).unwrap_or_default()
            ));
        }
        if let Some(o) = outs.get_mut(i) {
            o.rank = u32::try_from(pos + 1).ok();
            o.reasons.extend(notes);
        }
    }
    Ok(outs)
}
