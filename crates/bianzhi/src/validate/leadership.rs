//! Leadership: positions against 领导职数, and concurrent appointments.

use super::engine::{Counts, Ctx};
use super::messages::{level_name, say};
use super::report::{Code, Violation};
use super::Lang;
use crate::dataset::index::{NONE, NO_CAT};
use crate::model::{Category, LeaderLevel, UnitKind};

/// Concurrent appointments: leadership in other pools, and 机关人员在下属事业单位兼职.
pub(super) fn concurrent_rules(cx: &mut Ctx, k: &mut Counts) {
    let doc = cx.doc;
    let ix = cx.ix;
    let mut last_cross: Option<u32> = None;
    for c in &ix.concurrent {
        let si = c.staff as usize;
        let s = cx.st.row(si);
        if !s.status().occupies() {
            continue;
        }
        cx.cur = c.staff;
        let cpool = ix.unit_pool[c.unit as usize];
        let own = ix.staff_pool[si];
        if let (Some(l), true) = (c.level, cpool != NONE) {
            if !(cpool == own && s.leadership() == Some(l)) {
                k.leaders[cpool as usize * 4 + l.index()] += 1;
            }
        }
        let cat = ix.staff_cat[si];
        let holds_admin = cat != NO_CAT
            && matches!(
                ix.categories[cat as usize],
                Category::Administrative | Category::PoliticalLegal
            );
        if holds_admin
            && own != NONE
            && cpool != NONE
            && doc.units[cpool as usize].kind == UnitKind::Institution
            && ix.is_below(c.unit, own)
            && last_cross != Some(c.staff)
        {
            last_cross = Some(c.staff);
            let msg = say!(
                cx.lang,
                format!(
                    "{} 持{}，在{}下属事业单位{}兼职",
                    cx.person(s),
                    cx.cat_name(cat as usize),
                    cx.unit_name(own),
                    cx.unit_name(c.unit)
                ),
                format!(
                    "{} holds {} establishment in {} and a concurrent appointment in its subordinate institution {}",
                    cx.person(s),
                    cx.cat_name(cat as usize),
                    cx.unit_name(own),
                    cx.unit_name(c.unit)
                )
            );
            let v = cx.staff_v(Code::CrossAppointment, si, msg);
            cx.push(v);
        }
    }
}

/// `OVER_LEADERSHIP_QUOTA` of each pool and level, in unit order.
pub(super) fn over_quota(cx: &mut Ctx, k: &Counts) {
    let doc = cx.doc;
    let ix = cx.ix;
    for (u, unit) in doc.units.iter().enumerate() {
        if ix.unit_dup[u] || !unit.kind.is_pool() {
            continue;
        }
        for &l in LeaderLevel::ALL {
            let a = unit.leadership.get(&l).copied().unwrap_or(0);
            let n = k.leaders[u * 4 + l.index()];
            if n > a {
                let v = Violation {
                    unit: Some(unit.id.clone()),
                    level: Some(l),
                    expected: Some(i64::from(a)),
                    actual: Some(i64::from(n)),
                    message: say!(
                        cx.lang,
                        format!(
                            "{} {}领导职数核定{}名，实配{}名，超职数{}名",
                            unit.name,
                            l.zh(),
                            a,
                            n,
                            n - a
                        ),
                        format!(
                            "{} {} positions: approved {}, filled {}, over by {}",
                            unit.name,
                            level_name(l, Lang::En),
                            a,
                            n,
                            n - a
                        )
                    ),
                    ..Violation::new(Code::OverLeadershipQuota)
                };
                cx.push(v);
            }
        }
    }
}
