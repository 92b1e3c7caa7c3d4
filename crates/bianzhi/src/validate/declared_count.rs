//! A declared count against the listed records: a unit's 实有人数 (`declared_staff`)
//! against its staff list (`DECLARED_COUNT_MISMATCH`, a data-quality warning).
//!
//! The listed count is the people occupying establishment (status active, leave or absent,
//! with an establishment category) whose `unit` is the unit or one of its internal units
//! (internal units roll up, as for occupancy; an internal unit's own count is its subtree).

use super::report::{Code, Violation};
use super::support::pick;
use super::Lang;
use crate::dataset::index::{Index, NONE, NO_CAT};
use crate::dataset::StaffTable;
use crate::model::Document;

/// Whether any unit declares its staff (else the rule reads nothing).
pub(super) fn wanted(doc: &Document) -> bool {
    doc.units.iter().any(|u| u.declared_staff.is_some())
}

/// The people holding establishment directly in each unit.
pub(super) fn direct(st: &StaffTable, ix: &Index) -> Vec<u64> {
    let mut count = vec![0u64; ix.unit_parent.len()];
    for (i, s) in st.iter().enumerate() {
        let u = ix.staff_unit[i];
        if u != NONE && s.status().occupies() && ix.staff_cat[i] != NO_CAT {
            count[u as usize] += 1;
        }
    }
    count
}

/// The findings from the direct counts of every unit ([`direct`]).
pub(super) fn run(doc: &Document, ix: &Index, lang: Lang, direct: &[u64]) -> Vec<Violation> {
    if !wanted(doc) {
        return Vec::new();
    }
    let n = doc.units.len();
    let mut count = direct.to_vec();
    count.resize(n, 0);
    // Internal units add into their parents, deepest first (units on a cycle have no depth
    // and keep their own count).
    let mut order: Vec<u32> = (0..n as u32)
        .filter(|&u| ix.unit_depth[u as usize] != NONE)
        .collect();
    order.sort_by_key(|&u| std::cmp::Reverse(ix.unit_depth[u as usize]));
    for u in order {
        let ui = u as usize;
        let p = ix.unit_parent[ui];
        if p != NONE && !doc.units[ui].kind.is_pool() {
            count[p as usize] += count[ui];
        }
    }
    let mut out = Vec::new();
    for (u, unit) in doc.units.iter().enumerate() {
        let Some(declared) = unit.declared_staff.filter(|_| !ix.unit_dup[u]) else {
            continue;
        };
        let listed = count[u];
        if u64::from(declared) == listed {
            continue;
        }
        let diff = u64::from(declared).abs_diff(listed);
        out.push(Violation {
            unit: Some(unit.id.clone()),
            field: Some("declared_staff".into()),
            expected: Some(i64::from(declared)),
            actual: Some(listed as i64),
            message: pick(
                lang,
                format!(
                    "{} 填报实有人数{declared}名，人员名册中在编人员{listed}名，相差{diff}名",
                    unit.name
                ),
                format!(
                    "{} declares {declared} staff, the roster lists {listed} holding establishment (a difference of {diff})",
                    unit.name
                ),
            ),
            ..Violation::new(Code::DeclaredCountMismatch)
        });
    }
    out
}
