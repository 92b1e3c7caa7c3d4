//! Staffing norms (`STAFFING_BELOW_NORM` / `STAFFING_ABOVE_NORM`) count the people present
//! and working in a unit on the evaluation date.
//!
//! A person counts where they work:
//! - their own unit, when their status occupies a place (`active`, `leave`, `absent`) and
//!   they are not away: approved leave (请假/病休) is still the unit's staff and counts;
//!   `absent` (离岗/旷工/待岗) does not;
//! - the unit named by `working_unit`, when it differs from their own unit (seconded out
//!   from the one, seconded in to the other), unless their secondment has not started yet.
//!
//! Retired, departed and deceased people never count. An internal unit's people count in
//! its parent too, as before.

use crate::dataset::StaffTable;
use chrono::NaiveDate;

use super::report::{Code, Violation};
use super::Lang;
use crate::dataset::index::{FxMap, Index, NONE};
use crate::model::{Document, NormBasis, Status};

/// Per unit: present (counted), of which seconded in; absent and seconded out (left out).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Tally {
    present: u64,
    seconded_in: u64,
    absent: u64,
    seconded_out: u64,
}

impl Tally {
    pub(super) fn add(&mut self, o: Tally) {
        self.present += o.present;
        self.seconded_in += o.seconded_in;
        self.absent += o.absent;
        self.seconded_out += o.seconded_out;
    }

    /// 「（含借入1人；离岗2人、借出3人未计）」, empty when nothing needs saying.
    fn note(&self, lang: Lang) -> String {
        let mut parts: Vec<String> = Vec::new();
        match lang {
            Lang::Zh => {
                if self.seconded_in > 0 {
                    parts.push(format!("含借入{}人", self.seconded_in));
                }
                let mut out = Vec::new();
                if self.absent > 0 {
                    out.push(format!("离岗{}人", self.absent));
                }
                if self.seconded_out > 0 {
                    out.push(format!("借出{}人", self.seconded_out));
                }
                if !out.is_empty() {
                    parts.push(format!("{}未计", out.join("、")));
                }
                if parts.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", parts.join("；"))
                }
            }
            Lang::En => {
                if self.seconded_in > 0 {
                    parts.push(format!("including {} seconded in", self.seconded_in));
                }
                let mut out = Vec::new();
                if self.absent > 0 {
                    out.push(format!("{} absent", self.absent));
                }
                if self.seconded_out > 0 {
                    out.push(format!("{} seconded out", self.seconded_out));
                }
                if !out.is_empty() {
                    parts.push(format!("not counted: {}", out.join(", ")));
                }
                if parts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", parts.join("; "))
                }
            }
        }
    }
}

/// The people each unit counts for its norms, by the staff's own unit (and the unit a
/// seconded person works in), before the internal sub-units add into their parents.
pub(super) fn direct(doc: &Document, st: &StaffTable, ix: &Index, as_of: NaiveDate) -> Vec<Tally> {
    let mut t = vec![Tally::default(); doc.units.len()];
    let mut by_id: FxMap<&str, u32> = FxMap::default();
    for (i, u) in doc.units.iter().enumerate() {
        if !ix.unit_dup[i] {
            by_id.entry(u.id.as_str()).or_insert(i as u32);
        }
    }
    for (i, s) in st.iter().enumerate() {
        let own = ix.staff_unit[i];
        if !s.status().occupies() || own == NONE {
            continue;
        }
        let own = own as usize;
        if s.status() == Status::Absent {
            t[own].absent += 1;
            continue;
        }
        let away = s
            .working_unit()
            .and_then(|w| by_id.get(w).copied())
            .filter(|&w| w as usize != own && s.secondment().is_none_or(|sec| sec.start <= as_of));
        match away {
            Some(w) => {
                t[own].seconded_out += 1;
                t[w as usize].present += 1;
                t[w as usize].seconded_in += 1;
            }
            None => t[own].present += 1,
        }
    }
    t
}

/// The people each unit counts for its norms, its internal sub-units included.
fn tallies(doc: &Document, ix: &Index, direct: &[Tally]) -> Vec<Tally> {
    let mut t = direct.to_vec();
    t.resize(doc.units.len(), Tally::default());
    let mut order: Vec<u32> = (0..doc.units.len() as u32)
        .filter(|&u| ix.unit_depth[u as usize] != NONE)
        .collect();
    order.sort_by_key(|&u| std::cmp::Reverse(ix.unit_depth[u as usize]));
    for u in order {
        let ui = u as usize;
        let p = ix.unit_parent[ui];
        if p != NONE && !doc.units[ui].kind.is_pool() {
            let child = t[ui];
            t[p as usize].add(child);
        }
    }
    t
}

/// The norm findings, norm by norm, each in unit order.
pub(super) fn findings(doc: &Document, ix: &Index, direct: &[Tally], lang: Lang) -> Vec<Violation> {
    let mut out = Vec::new();
    if doc.norms.is_empty() {
        return out;
    }
    let totals = tallies(doc, ix, direct);
    let zh = lang == Lang::Zh;
    // Past MAX_NORM_FINDINGS each norm gets one closing finding with the number of units it
    // did not list (a norm matched by kind meets every unit of that kind: norms × units
    // findings would be gigabytes).
    for (norm, _) in doc.norms.iter().zip(&ix.norm_dup).filter(|(_, &dup)| !dup) {
        let mut unlisted = 0u64;
        for (u, unit) in doc.units.iter().enumerate() {
            if ix.unit_dup[u] {
                continue;
            }
            let by_tag = norm.tag.as_ref().is_some_and(|t| unit.tags.contains(t));
            let by_kind = norm.kind.is_some_and(|kd| kd == unit.kind);
            if !(by_tag || by_kind) {
                continue;
            }
            let tally = totals[u];
            let actual = tally.present;
            if out.len() >= MAX_NORM_FINDINGS {
                let required = norm_required(norm, unit);
                unlisted += u64::from(actual < required)
                    + u64::from(norm.max.is_some_and(|m| actual > u64::from(m)));
                continue;
            }
            let note = tally.note(lang);
            let mut required = u64::from(norm.min.unwrap_or(0));
            let mut basis_note = String::new();
            if let (Some(per), Some(ratio)) = (norm.per, norm.ratio) {
                let measure = match per {
                    NormBasis::Population => unit.population,
                    NormBasis::Households => unit.households,
                    NormBasis::Area => unit.area_m2,
                };
                if let Some(m) = measure {
                    required = required.max(m.div_ceil(ratio.max(1)));
                    basis_note = if zh {
                        format!("（{}{}，每{}配1人）", per.zh(), m, ratio)
                    } else {
                        format!(" ({} {}, one per {})", per, m, ratio)
                    };
                } else {
                    basis_note = if zh {
                        format!("（未填报{}，仅按下限核查）", per.zh())
                    } else {
                        format!(" ({} not given: only the minimum is checked)", per)
                    };
                }
            }
            let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
            if actual < required {
                out.push(Violation {
                    unit: Some(unit.id.clone()),
                    duty: Some(norm.id.clone()),
                    expected: Some(as_i64(required)),
                    actual: Some(as_i64(actual)),
                    message: if zh {
                        format!(
                            "{} 按“{}”标准应配备不少于{}人{}，在岗{}人{}",
                            unit.name, norm.id, required, basis_note, actual, note
                        )
                    } else {
                        format!(
                            "{}: norm {} requires at least {}{}, present {}{}",
                            unit.name, norm.id, required, basis_note, actual, note
                        )
                    },
                    ..Violation::new(Code::StaffingBelowNorm)
                });
            }
            if let Some(max) = norm.max.filter(|&m| actual > u64::from(m)) {
                out.push(Violation {
                    unit: Some(unit.id.clone()),
                    duty: Some(norm.id.clone()),
                    expected: Some(i64::from(max)),
                    actual: Some(as_i64(actual)),
                    message: if zh {
                        format!(
                            "{} 按“{}”标准应配备不超过{}人，在岗{}人{}",
                            unit.name, norm.id, max, actual, note
                        )
                    } else {
                        format!(
                            "{}: norm {} allows at most {}, present {}{}",
                            unit.name, norm.id, max, actual, note
                        )
                    },
                    ..Violation::new(Code::StaffingAboveNorm)
                });
            }
        }
        if unlisted > 0 {
            out.push(Violation {
                duty: Some(norm.id.clone()),
                actual: Some(i64::try_from(unlisted).unwrap_or(i64::MAX)),
                message: if zh {
                    format!(
                        "“{}”标准另有{}处不符未逐一列出（配备标准的发现最多列{}条）",
                        norm.id, unlisted, MAX_NORM_FINDINGS
                    )
                } else {
                    format!(
                        "norm {}: {} more units outside the norm are not listed (at most {} \
                         norm findings are listed)",
                        norm.id, unlisted, MAX_NORM_FINDINGS
                    )
                },
                ..Violation::new(Code::StaffingBelowNorm)
            });
        }
    }
    out
}

/// Most norm findings (`STAFFING_BELOW_NORM`, `STAFFING_ABOVE_NORM`) a report lists; past
/// it, one finding per norm gives the number of units not listed (`docs/limits.md`).
pub const MAX_NORM_FINDINGS: usize = 10_000;

/// The staff a norm requires of a unit (its minimum, or its ratio of the unit's measure,
/// whichever is larger).
fn norm_required(norm: &crate::model::Norm, unit: &crate::model::Unit) -> u64 {
    let mut required = u64::from(norm.min.unwrap_or(0));
    if let (Some(per), Some(ratio)) = (norm.per, norm.ratio) {
        let measure = match per {
            NormBasis::Population => unit.population,
            NormBasis::Households => unit.households,
            NormBasis::Area => unit.area_m2,
        };
        if let Some(m) = measure {
            required = required.max(m.div_ceil(ratio.max(1)));
        }
    }
    required
}
