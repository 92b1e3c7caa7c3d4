//! 三不超 pools (人员编制、领导职数、财政供养人员三不超): caps on what is approved *and* on
//! who is there, over a named set of establishment pools.
//!
//! A cap key of a pool is one of:
//! - a category (`institution`, `事业编制`, a declared one): compared with Σ approved
//!   (basis 核定) and with Σ occupying people of that category (basis 实有);
//! - `leadership` (or 领导职数): Σ approved positions of every level (核定) and the leaders
//!   in post of every level (实有, the count of `OVER_LEADERSHIP_QUOTA`);
//! - a level (`deputy`, `副职`, `leadership.deputy`): the same, for that level only;
//! - `payroll` (or 财政供养): the 财政供养 headcount (实有 only).
//!
//! Each basis that exceeds its cap is one `POOL_OVER_CAP` finding, with `field` set to
//! `approved` (核定) or `occupied` (实有).

use super::report::{Code, Violation};
use super::Lang;
use crate::dataset::index::{FxMap, Index, NONE};
use crate::dataset::pairs::Pairs;
use crate::model::{CapKey, Category, Document, LeaderLevel};

/// The staff pass's counts the pool rules read (per pool unit).
pub(super) struct Counts<'a> {
    /// Occupying people per unit × category.
    pub occ: &'a Pairs,
    /// Leaders per unit × level.
    pub leaders: &'a [u32],
    /// 财政供养 headcount per unit.
    pub payroll: &'a [u32],
}

/// What a cap key limits, with the category's dense index.
enum Cap {
    Category(u32, Category),
    Leadership(Option<LeaderLevel>),
    Payroll,
}

fn cap_of(key: &str, ix: &Index) -> Option<Cap> {
    Some(match CapKey::parse(key) {
        CapKey::Leadership(l) => Cap::Leadership(l),
        CapKey::Payroll => Cap::Payroll,
        // A category nobody approves or holds has nothing to count.
        CapKey::Category(c) => Cap::Category(ix.category_of(&c)?, c),
    })
}

/// The `POOL_OVER_CAP` findings of every pool, in pool order, then cap-key order, 核定
/// before 实有.
pub(super) fn findings(doc: &Document, ix: &Index, k: &Counts, lang: Lang) -> Vec<Violation> {
    let mut out = Vec::new();
    if doc.pools.is_empty() {
        return out;
    }
    // First position of each unit id (hostile input: a pool may list every unit).
    let mut first: FxMap<&str, usize> = FxMap::default();
    for (i, u) in doc.units.iter().enumerate() {
        first.entry(u.id.as_str()).or_insert(i);
    }
    let zh = lang == Lang::Zh;
    for (pool, _) in doc.pools.iter().zip(&ix.pool_dup).filter(|(_, &dup)| !dup) {
        // Member pools, each once, in the pool's order.
        let mut members: Vec<usize> = Vec::new();
        let mut seen: FxMap<u32, ()> = FxMap::default();
        for id in &pool.units {
            if let Some(&u) = first.get(id.as_str()) {
                let p = ix.unit_pool[u];
                if p != NONE && seen.insert(p, ()).is_none() {
                    members.push(p as usize);
                }
            }
        }
        let sum = |f: &dyn Fn(usize) -> u64| -> u64 {
            members.iter().fold(0u64, |t, &u| t.saturating_add(f(u)))
        };
        for (key, &cap) in &pool.caps {
            let Some(what) = cap_of(key, ix) else {
                continue;
            };
            // (label, Σ approved if the key has an approved basis, Σ people, people word)
            let (label_zh, label_en, level, approved, present): (
                String,
                String,
                Option<LeaderLevel>,
                Option<u64>,
                u64,
            ) = match &what {
                Cap::Category(ci, c) => {
                    let ci = *ci;
                    (
                        c.zh().to_string(),
                        c.as_str().to_string(),
                        None,
                        Some(sum(&|u| u64::from(ix.quota.get(u as u32, ci)))),
                        sum(&|u| u64::from(k.occ.get(u as u32, ci))),
                    )
                }
                Cap::Leadership(None) => (
                    "领导职数".into(),
                    "leadership positions".into(),
                    None,
                    Some(sum(&|u| {
                        doc.units[u]
                            .leadership
                            .values()
                            .map(|&n| u64::from(n))
                            .sum()
                    })),
                    sum(&|u| {
                        k.leaders[u * 4..u * 4 + 4]
                            .iter()
                            .map(|&n| u64::from(n))
                            .sum()
                    }),
                ),
                Cap::Leadership(Some(l)) => (
                    format!("{}领导职数", l.zh()),
                    format!("{} positions", l.as_str()),
                    Some(*l),
                    Some(sum(&|u| {
                        u64::from(doc.units[u].leadership.get(l).copied().unwrap_or(0))
                    })),
                    sum(&|u| u64::from(k.leaders[u * 4 + l.index()])),
                ),
                Cap::Payroll => (
                    "财政供养人员".into(),
                    "people on the payroll".into(),
                    None,
                    None,
                    sum(&|u| u64::from(k.payroll[u])),
                ),
            };
            let leaders = matches!(what, Cap::Leadership(_));
            let bases = [
                (approved, "approved", "核定", "approved"),
                (
                    Some(present),
                    "occupied",
                    if leaders { "实配" } else { "实有" },
                    if leaders { "filled" } else { "occupied" },
                ),
            ];
            for (total, field, basis_zh, basis_en) in bases {
                let Some(total) = total.filter(|&t| t > u64::from(cap)) else {
                    continue;
                };
                let over = total - u64::from(cap);
                let message = if zh {
                    format!(
                        "{} {label_zh} 总量{cap}名，{basis_zh}{total}名，突破{over}名",
                        pool.id
                    )
                } else {
                    format!(
                        "{}: {label_en} capped at {cap}, {basis_en} {total}, over by {over}",
                        pool.id
                    )
                };
                out.push(Violation {
                    unit: members.first().map(|&u| doc.units[u].id.clone()),
                    duty: Some(pool.id.clone()),
                    category: Some(key.clone()),
                    level,
                    expected: Some(i64::from(cap)),
                    actual: Some(i64::try_from(total).unwrap_or(i64::MAX)),
                    field: Some(field.into()),
                    message,
                    ..Violation::new(Code::PoolOverCap)
                });
            }
        }
    }
    out
}
