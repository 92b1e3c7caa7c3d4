//! Who is in excess (超编、超职数的具体人员): the people enrolled or appointed after the
//! quota was full.
//!
//! For `OVER_ESTABLISHMENT` of a pool and category the occupying staff are ordered by
//! `joined`; for `OVER_LEADERSHIP_QUOTA` of a pool and level the leaders counted there are
//! ordered by `leadership_since` (a concurrent leadership role has no date of its own and
//! sorts as undated). A missing date sorts last, equal dates keep the roster order. The
//! first `approved` people fill the quota; the rest, in that order, are the excess: their
//! ids go to [`Violation::excess`] and their names into the message.

use crate::dataset::StaffTable;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::report::{Code, Violation};
use super::support::{name_list, pick, sort_people, unit_positions, Person};
use super::Lang;
use crate::dataset::index::{FxMap, Index, NONE};
use crate::model::{Category, Document, LeaderLevel};

/// The people of one (pool, category) or (pool, level) in the order that fills the quota,
/// less the first `dropped` of them, which a partition of the roster found certainly
/// within it (see [`Excess::prune`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Ranked {
    pub dropped: u64,
    pub people: Vec<Person>,
}

/// The people that may be in excess, per (pool, category) and (pool, level index).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Excess {
    pub est: Vec<((u32, u32), Ranked)>,
    pub lead: Vec<((u32, u8), Ranked)>,
}

/// Finding positions by (pool, category) and by (pool, level).
type Slots = (FxMap<(u32, u32), usize>, FxMap<(u32, LeaderLevel), usize>);

/// The (pool, category) and (pool, level) slots of the findings, to the finding's position.
fn slots(doc: &Document, ix: &Index, over_est: &[Violation], over_lead: &[Violation]) -> Slots {
    let units = unit_positions(doc, ix);
    let pool_of = |v: &Violation| {
        v.unit
            .as_deref()
            .and_then(|id| units.get(id).copied())
            .unwrap_or(NONE)
    };
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
    (est_slot, lead_slot)
}

impl Excess {
    /// The people of the slots `est` and `lead` accept (one pass over the staff), with
    /// `record` giving each staff record's number in the whole roster.
    pub(super) fn gather(
        st: &StaffTable,
        ix: &Index,
        record: &dyn Fn(usize) -> u64,
        est: &dyn Fn(u32, u32) -> bool,
        lead: &dyn Fn(u32, LeaderLevel) -> bool,
    ) -> Excess {
        let mut e: FxMap<(u32, u32), Vec<Person>> = FxMap::default();
        let mut l: FxMap<(u32, u8), Vec<Person>> = FxMap::default();
        let person = |i: usize, date: Option<NaiveDate>| Person {
            record: record(i),
            date,
            name: st.row(i).name().to_string(),
            id: st.row(i).id().to_string(),
        };
        for (i, s) in st.iter().enumerate() {
            if !s.status().occupies() {
                continue;
            }
            let pool = ix.staff_pool[i];
            if pool == NONE {
                continue;
            }
            let cat = ix.staff_cat[i];
            if est(pool, cat) {
                e.entry((pool, cat))
                    .or_default()
                    .push(person(i, s.joined()));
            }
            if let Some(lv) = s.leadership() {
                if lead(pool, lv) {
                    l.entry((pool, lv.index() as u8))
                        .or_default()
                        .push(person(i, s.leadership_since()));
                }
            }
        }
        // Concurrent leadership roles count in the pool of their unit (as the engine counts them).
        for c in &ix.concurrent {
            let si = c.staff as usize;
            let s = st.row(si);
            let (Some(lv), true) = (c.level, s.status().occupies()) else {
                continue;
            };
            let cpool = ix.unit_pool[c.unit as usize];
            if cpool == NONE || (cpool == ix.staff_pool[si] && s.leadership() == Some(lv)) {
                continue;
            }
            if lead(cpool, lv) {
                l.entry((cpool, lv.index() as u8))
                    .or_default()
                    .push(person(si, None));
            }
        }
        let ranked = |people: Vec<Person>| Ranked { dropped: 0, people };
        let mut out = Excess {
            est: e.into_iter().map(|(k, v)| (k, ranked(v))).collect(),
            lead: l.into_iter().map(|(k, v)| (k, ranked(v))).collect(),
        };
        out.est.sort_unstable_by_key(|x| x.0);
        out.lead.sort_unstable_by_key(|x| x.0);
        out
    }

    /// The people of the slots of the `OVER_ESTABLISHMENT` and `OVER_LEADERSHIP_QUOTA`
    /// findings (the whole roster at hand).
    pub(super) fn for_findings(
        doc: &Document,
        st: &StaffTable,
        ix: &Index,
        over_est: &[Violation],
        over_lead: &[Violation],
    ) -> Excess {
        if over_est.is_empty() && over_lead.is_empty() {
            return Excess::default();
        }
        let (est, lead) = slots(doc, ix, over_est, over_lead);
        // A flag per pool, and per pool and level, before the hash lookup: `gather` asks
        // once per person, and a hash lookup per person cost more than the rest of its
        // pass. (Not a flag per pool and category: that is units × categories, which
        // declared categories can make huge.)
        let npool = doc.units.len();
        let mut est_pool = vec![false; npool];
        for &(p, _) in est.keys() {
            if let Some(f) = est_pool.get_mut(p as usize) {
                *f = true;
            }
        }
        let nlevel = LeaderLevel::ALL.len();
        let mut lead_flag = vec![false; npool * nlevel];
        for &(p, l) in lead.keys() {
            if (p as usize) < npool {
                lead_flag[p as usize * nlevel + l.index()] = true;
            }
        }
        Excess::gather(
            st,
            ix,
            &|i| i as u64,
            &|p, c| est_pool.get(p as usize) == Some(&true) && est.contains_key(&(p, c)),
            &|p, l| lead_flag.get(p as usize * nlevel + l.index()) == Some(&true),
        )
    }

    /// Drops the people a partition knows to be within the quota: the dated people come
    /// first in the order (undated ones, concurrent roles among them, last), and all dated
    /// people of a pool are in the partition of that pool, so the first `approved` of its
    /// dated people fill the quota whatever the other partitions hold.
    pub(super) fn prune(&mut self, approved: &dyn Fn(bool, u32, u32) -> u64) {
        let cut = |is_est: bool, pool: u32, slot: u32, r: &mut Ranked| {
            sort_people(&mut r.people);
            let dated = r.people.iter().take_while(|p| p.date.is_some()).count() as u64;
            let d = dated.min(approved(is_est, pool, slot));
            r.people.drain(..d as usize);
            r.dropped += d;
        };
        for ((p, c), r) in &mut self.est {
            cut(true, *p, *c, r);
        }
        for ((p, l), r) in &mut self.lead {
            cut(false, *p, u32::from(*l), r);
        }
        self.est
            .retain(|(_, r)| !r.people.is_empty() || r.dropped > 0);
        self.lead
            .retain(|(_, r)| !r.people.is_empty() || r.dropped > 0);
    }

    /// Adds the people of another part of the roster.
    pub(super) fn merge(&mut self, o: Excess) {
        fn add<K: Ord + Copy>(a: &mut Vec<(K, Ranked)>, b: Vec<(K, Ranked)>) {
            a.extend(b);
            a.sort_by_key(|x| x.0);
            let mut out: Vec<(K, Ranked)> = Vec::with_capacity(a.len());
            for (k, r) in a.drain(..) {
                match out.last_mut() {
                    Some((lk, lr)) if *lk == k => {
                        lr.dropped += r.dropped;
                        lr.people.extend(r.people);
                    }
                    _ => out.push((k, r)),
                }
            }
            *a = out;
        }
        add(&mut self.est, o.est);
        add(&mut self.lead, o.lead);
    }
}

/// Fills in the people in excess of the `OVER_ESTABLISHMENT` and `OVER_LEADERSHIP_QUOTA`
/// findings from `people`.
pub(super) fn annotate(
    doc: &Document,
    ix: &Index,
    lang: Lang,
    people: &Excess,
    over_est: &mut [Violation],
    over_lead: &mut [Violation],
) {
    if over_est.is_empty() && over_lead.is_empty() {
        return;
    }
    let (est_slot, lead_slot) = slots(doc, ix, over_est, over_lead);
    let mut est: Vec<Option<&Ranked>> = vec![None; over_est.len()];
    let mut lead: Vec<Option<&Ranked>> = vec![None; over_lead.len()];
    for (k, r) in &people.est {
        if let Some(&n) = est_slot.get(k) {
            est[n] = Some(r);
        }
    }
    for ((p, l), r) in &people.lead {
        let level = LeaderLevel::ALL.get(usize::from(*l)).copied();
        if let Some(&n) = level.and_then(|lv| lead_slot.get(&(*p, lv))) {
            lead[n] = Some(r);
        }
    }
    for (v, r) in over_est.iter_mut().zip(est) {
        fill(lang, v, r, ("入职", "joined"));
    }
    for (v, r) in over_lead.iter_mut().zip(lead) {
        fill(lang, v, r, ("任职", "appointed"));
    }
}

fn fill(lang: Lang, v: &mut Violation, r: Option<&Ranked>, (what_zh, what_en): (&str, &str)) {
    let Some(r) = r else { return };
    let approved = u64::try_from(v.expected.unwrap_or(0).max(0)).unwrap_or(u64::MAX);
    let skip = usize::try_from(approved.saturating_sub(r.dropped)).unwrap_or(usize::MAX);
    if r.people.len() <= skip {
        return;
    }
    let mut people = r.people.clone();
    sort_people(&mut people);
    let excess = &people[skip..];
    v.excess = excess.iter().map(|p| p.id.clone()).collect();
    let names = name_list(excess, lang, what_zh, what_en);
    v.message
        .push_str(&pick(lang, format!("：{names}"), format!(": {names}")));
    debug_assert!(matches!(
        v.code,
        Code::OverEstablishment | Code::OverLeadershipQuota
    ));
}
