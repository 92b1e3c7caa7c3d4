//! Post-structure shares of a 事业单位: the professional-technical share
//! (`PROFESSIONAL_SHARE_LOW`) and the inverted pyramid (`INVERTED_PYRAMID`).
//!
//! Units with fewer than `settings.professional_share.min_posts` places (default 10) are
//! not checked. Counted in post places of the unit's pool (its own posts and those of its internal
//! units): a post counts its `headcount` (定员), or, without one, its present occupants
//! and at least 1. Shares are compared exactly (`professional × 1 < share × total`, so
//! 69.9% fails at 70%); messages show percentages truncated to one decimal, so a share
//! that fails never reads as the threshold.

use rust_decimal::Decimal;

use super::report::{Code, Violation};
use super::support::pick;
use super::Lang;
use crate::dataset::index::{Index, NONE};
use crate::model::{Document, PostCategory, UnitKind};

#[derive(Default, Clone, Copy)]
struct Places {
    total: u64,
    management: u64,
    professional: u64,
    senior: u64,
    junior: u64,
}

/// `part / total` as a percentage truncated to one decimal, e.g. `69.9`.
fn pct(part: u64, total: u64) -> String {
    if total == 0 {
        return "0.0".into();
    }
    let tenths = u128::from(part) * 1000 / u128::from(total);
    format!("{}.{}", tenths / 10, tenths % 10)
}

pub(super) fn run(
    doc: &Document,
    ix: &Index,
    lang: Lang,
    post_occ: &[u32],
) -> (Vec<Violation>, Vec<Violation>) {
    let mut places = vec![Places::default(); doc.units.len()];
    for (p, post) in doc.posts.iter().enumerate() {
        let unit = ix.post_unit[p];
        if ix.post_dup[p] || unit == NONE {
            continue;
        }
        let pool = ix.unit_pool[unit as usize];
        if pool == NONE || doc.units[pool as usize].kind != UnitKind::Institution {
            continue;
        }
        let n = u64::from(post.headcount.unwrap_or(post_occ[p].max(1)));
        let c = &mut places[pool as usize];
        c.total += n;
        match post.category {
            PostCategory::Management => c.management += n,
            PostCategory::Professional => {
                c.professional += n;
                match post.level {
                    Some(1..=7) => c.senior += n,
                    Some(11..=13) => c.junior += n,
                    _ => {}
                }
            }
            PostCategory::Worker => {}
        }
    }
    let (mut low, mut pyramid) = (Vec::new(), Vec::new());
    for (u, unit) in doc.units.iter().enumerate() {
        let c = places[u];
        let min = u64::from(doc.settings.professional_share.min_posts).max(1);
        if ix.unit_dup[u] || c.total < min {
            continue;
        }
        let share = doc
            .settings
            .professional_share
            .for_unit(unit.class, &unit.tags);
        if Decimal::from(c.professional) < share * Decimal::from(c.total) {
            let need: i64 = (share * Decimal::from(c.total))
                .ceil()
                .try_into()
                .unwrap_or(i64::MAX);
            let want = crate::decimal::plain(share * Decimal::from(100));
            let got = pct(c.professional, c.total);
            low.push(Violation {
                unit: Some(unit.id.clone()),
                expected: Some(need),
                actual: Some(c.professional as i64),
                message: pick(
                    lang,
                    format!(
                        "{} 专业技术岗位{}个，占岗位总数{}个的{got}%，低于{want}%（应不少于{need}个）",
                        unit.name, c.professional, c.total
                    ),
                    format!(
                        "{}: {} professional posts of {} in all, {got}%, below {want}% (at least {need})",
                        unit.name, c.professional, c.total
                    ),
                ),
                ..Violation::new(Code::ProfessionalShareLow)
            });
        }
        if c.senior > c.junior {
            pyramid.push(Violation {
                unit: Some(unit.id.clone()),
                category: Some("senior".into()),
                expected: Some(c.junior as i64),
                actual: Some(c.senior as i64),
                message: pick(
                    lang,
                    format!(
                        "{} 专业技术高级岗位{}个（占{}%）多于初级岗位{}个（占{}%），岗位结构倒金字塔",
                        unit.name,
                        c.senior,
                        pct(c.senior, c.total),
                        c.junior,
                        pct(c.junior, c.total)
                    ),
                    format!(
                        "{}: senior professional posts {} ({}%) outnumber junior ones {} ({}%): an inverted pyramid",
                        unit.name,
                        c.senior,
                        pct(c.senior, c.total),
                        c.junior,
                        pct(c.junior, c.total)
                    ),
                ),
                ..Violation::new(Code::InvertedPyramid)
            });
        }
        if c.management > c.professional {
            pyramid.push(Violation {
                unit: Some(unit.id.clone()),
                category: Some("management".into()),
                expected: Some(c.professional as i64),
                actual: Some(c.management as i64),
                message: pick(
                    lang,
                    format!(
                        "{} 管理岗位{}个（占{}%）多于专业技术岗位{}个（占{}%），岗位结构倒金字塔",
                        unit.name,
                        c.management,
                        pct(c.management, c.total),
                        c.professional,
                        pct(c.professional, c.total)
                    ),
                    format!(
                        "{}: management posts {} ({}%) outnumber professional ones {} ({}%): an inverted pyramid",
                        unit.name,
                        c.management,
                        pct(c.management, c.total),
                        c.professional,
                        pct(c.professional, c.total)
                    ),
                ),
                ..Violation::new(Code::InvertedPyramid)
            });
        }
    }
    (low, pyramid)
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentages_truncate() {
        assert_eq!(super::pct(699, 1000), "69.9");
        assert_eq!(super::pct(6999, 10000), "69.9");
        assert_eq!(super::pct(2, 3), "66.6");
        assert_eq!(super::pct(7, 10), "70.0");
    }
}
