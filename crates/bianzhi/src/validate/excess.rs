//! Who is in excess (超编、超职数的具体人员): the people enrolled or appointed after the
//! quota was full.
//!
//! For `OVER_ESTABLISHMENT` of a pool and category the occupying staff are ordered by
//! `joined`; for `OVER_LEADERSHIP_QUOTA` of a pool and level the leaders counted there are
//! ordered by `leadership_since` (a concurrent leadership role has no date of its own and
//! sorts as undated). A missing date sorts last, equal dates keep the roster order. The
//! first `approved` people fill the quota; the rest, in that order, are the excess: their
//! ids go to [`Violation::excess`] and their names into the message.

use chrono::NaiveDate;

use super::report::{Code, Violation};
use super::support::{name_list, pick, sort_by_date, unit_positions};
use super::Lang;
use crate::dataset::index::{FxMap, Index, NONE};
use crate::model::{Category, Document, LeaderLevel};

/// Fills in the people in excess of the `OVER_ESTABLISHMENT` and `OVER_LEADERSHIP_QUOTA`
/// findings (one pass over the staff, only when there is such a finding).
pub(super) fn annotate(
    doc: &Document,
    ix: &Index,
    lang: Lang,
    over_est: &mut [Violation],
    over_lead: &mut [Violation],
) {
    if over_est.is_empty() && over_lead.is_empty() {
        return;
    }
    let units = unit_positions(doc, ix);
    let pool_of = |v: &Violation| {
        v.unit
            .as_deref()
            .and_then(|id| units.get(id).copied())
            .unwrap_or(NONE)
    };
    // (pool, category) and (pool, level) → slot of the finding.
    let mut est_slot: FxMap<(u32, u32), usize> = FxMap::default();
    for (n, v) in over_est.iter().enumerate() {
        let cat = v
            .category
            .as_deref()
            .map(|c| c.parse::<Category>().unwrap_or_else(|n| match n {}))
            .and_then(|c| ix.category_of(&c));
        if let (p, Some(c)) = (pool_of(v), cat) {
            if p != NONE {
                est_slot.entry((p, c)).or_insert(n);
            }
        }
    }
    let mut lead_slot: FxMap<(u32, LeaderLevel), usize> = FxMap::default();
    for (n, v) in over_lead.iter().enumerate() {
        if let (p, Some(l)) = (pool_of(v), v.level) {
            if p != NONE {
                lead_slot.entry((p, l)).or_insert(n);
            }
        }
    }
    let mut est: Vec<Vec<(usize, Option<NaiveDate>)>> = vec![Vec::new(); over_est.len()];
    let mut lead: Vec<Vec<(usize, Option<NaiveDate>)>> = vec![Vec::new(); over_lead.len()];
    for (i, s) in doc.staff.iter().enumerate() {
        if !s.status.occupies() {
            continue;
        }
        let pool = ix.staff_pool[i];
        if pool == NONE {
            continue;
        }
        if !est_slot.is_empty() {
            if let Some(&n) = est_slot.get(&(pool, ix.staff_cat[i])) {
                est[n].push((i, s.joined));
            }
        }
        if let Some(l) = s.leadership {
            if let Some(&n) = lead_slot.get(&(pool, l)) {
                lead[n].push((i, s.leadership_since));
            }
        }
    }
    // Concurrent leadership roles count in the pool of their unit (as the engine counts them).
    if !lead_slot.is_empty() {
        for c in &ix.concurrent {
            let si = c.staff as usize;
            let s = &doc.staff[si];
            let (Some(l), true) = (c.level, s.status.occupies()) else {
                continue;
            };
            let cpool = ix.unit_pool[c.unit as usize];
            if cpool == NONE || (cpool == ix.staff_pool[si] && s.leadership == Some(l)) {
                continue;
            }
            if let Some(&n) = lead_slot.get(&(cpool, l)) {
                lead[n].push((si, None));
            }
        }
    }
    for (v, people) in over_est.iter_mut().zip(&mut est) {
        fill(doc, lang, v, people, ("入职", "joined"));
    }
    for (v, people) in over_lead.iter_mut().zip(&mut lead) {
        fill(doc, lang, v, people, ("任职", "appointed"));
    }
}

fn fill(
    doc: &Document,
    lang: Lang,
    v: &mut Violation,
    people: &mut [(usize, Option<NaiveDate>)],
    (what_zh, what_en): (&str, &str),
) {
    let approved = usize::try_from(v.expected.unwrap_or(0).max(0)).unwrap_or(usize::MAX);
    if people.len() <= approved {
        return;
    }
    sort_by_date(people);
    let excess = &people[approved..];
    v.excess = excess
        .iter()
        .map(|&(i, _)| doc.staff[i].id.clone())
        .collect();
    let names = name_list(doc, excess, lang, what_zh, what_en);
    v.message
        .push_str(&pick(lang, format!("：{names}"), format!(": {names}")));
    debug_assert!(matches!(
        v.code,
        Code::OverEstablishment | Code::OverLeadershipQuota
    ));
}
