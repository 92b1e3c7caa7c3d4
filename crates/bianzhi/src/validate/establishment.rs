//! Establishment: which categories a pool may hold, occupancy against the quotas, and the
//! occupying people not on duty or paid after they left.

use super::engine::{Counts, Ctx};
use super::messages::say;
use super::report::{Code, Violation};
use crate::dataset::index::Index;
use crate::dataset::pairs::union;
use crate::model::{Category, Document, UnitKind};

/// The (unit, category, approved, occupied) entries of unit `u` in `pairs` (sorted).
pub(super) fn pairs_of(pairs: &[(u32, u32, u32, u32)], u: usize) -> &[(u32, u32, u32, u32)] {
    let u = u as u32;
    let from = pairs.partition_point(|p| p.0 < u);
    let to = from + pairs[from..].partition_point(|p| p.0 == u);
    &pairs[from..to]
}

/// Per-kind table of allowed categories (by dense category index).
pub(super) fn allowed_table(doc: &Document, ix: &Index) -> Vec<Vec<bool>> {
    UnitKind::ALL
        .iter()
        .map(|&k| {
            let explicit = doc.settings.allowed_categories.contains_key(&k);
            let list = doc.settings.allowed(k);
            ix.categories
                .iter()
                .map(|c| {
                    list.contains(c)
                        || (!explicit
                            && k == UnitKind::Institution
                            && matches!(c, Category::Custom(_)))
                })
                .collect()
        })
        .collect()
}

#[cold]
#[inline(never)]
pub(super) fn mixed_establishment(cx: &mut Ctx, i: usize, pool: u32, cat: u32) {
    let s = cx.st.row(i);
    let kind = cx.doc.units[pool as usize].kind;
    let msg = say!(
        cx.lang,
        format!(
            "{} 占用{}，但{}（{}）不得使用该类编制",
            cx.person(s),
            cx.cat_name(cat as usize),
            cx.unit_name(pool),
            kind.zh()
        ),
        format!(
            "{} holds {} establishment, which a unit of kind {} ({}) may not use",
            cx.person(s),
            cx.cat_name(cat as usize),
            kind,
            cx.unit_name(pool)
        )
    );
    let v = cx.staff_v(Code::MixedEstablishment, i, msg);
    cx.push(Violation {
        category: Some(cx.ix.categories[cat as usize].as_str().into()),
        ..v
    });
}

#[cold]
#[inline(never)]
pub(super) fn not_on_duty(cx: &mut Ctx, i: usize) {
    let s = cx.st.row(i);
    let msg = say!(
        cx.lang,
        format!("{} 占用编制但不在岗（未经批准离岗）", cx.person(s)),
        format!(
            "{} occupies a quota but is absent without approval",
            cx.person(s)
        )
    );
    let v = cx.staff_v(Code::OccupiedNotOnDuty, i, msg);
    cx.push(v);
}

#[cold]
#[inline(never)]
pub(super) fn ghost_payroll(cx: &mut Ctx, i: usize) {
    let s = cx.st.row(i);
    let ghost = super::ghost::Ghost::of(s, cx.as_of);
    let tail = ghost.text(s, cx.lang);
    let msg = say!(
        cx.lang,
        format!(
            "{} 状态为{}，仍在财政供养名单上{tail}",
            cx.person(s),
            s.status().zh()
        ),
        format!(
            "{} is {} but still on the payroll{tail}",
            cx.person(s),
            s.status()
        )
    );
    let v = cx.staff_v(Code::GhostPayroll, i, msg);
    cx.push(Violation {
        actual: ghost.months.map(i64::from),
        amount: ghost.amount,
        ..v
    });
}

/// `QUOTA_UNKNOWN` and `OVER_ESTABLISHMENT` of each pool, in unit order.
pub(super) fn over_establishment(cx: &mut Ctx, k: &Counts) {
    let doc = cx.doc;
    let ix = cx.ix;
    let pairs = union(&ix.quota, &k.occ);
    let allowed = allowed_table(doc, ix);
    for (u, unit) in doc.units.iter().enumerate() {
        if ix.unit_dup[u] || !unit.kind.is_pool() {
            continue;
        }
        let known = super::quota::quotas_known(unit);
        if !known {
            let holding = pairs_of(&pairs, u)
                .iter()
                .map(|&(_, _, _, o)| u64::from(o))
                .sum();
            if let Some(v) = super::quota::quota_unknown(unit, holding, cx.lang) {
                cx.push(v);
            }
        }
        let may_hold = &allowed[unit.kind as usize];
        for &(_, c, a, o) in pairs_of(&pairs, u) {
            let c = c as usize;
            let may = may_hold[c];
            // Unknown quotas are not zero quotas; a category the pool's kind may never hold
            // is reported once per person as MIXED_ESTABLISHMENT, not again as an excess.
            if known && o > a && may {
                let v = Violation {
                    unit: Some(unit.id.clone()),
                    category: Some(ix.categories[c].as_str().into()),
                    expected: Some(i64::from(a)),
                    actual: Some(i64::from(o)),
                    message: say!(
                        cx.lang,
                        format!(
                            "{} {} 核定{}名，实有{}名，超编{}名",
                            unit.name,
                            cx.cat_name(c),
                            a,
                            o,
                            o - a
                        ),
                        format!(
                            "{} {}: approved {}, occupied {}, over by {}",
                            unit.name,
                            cx.cat_name(c),
                            a,
                            o,
                            o - a
                        )
                    ),
                    ..Violation::new(Code::OverEstablishment)
                };
                cx.push(v);
            }
        }
    }
}
