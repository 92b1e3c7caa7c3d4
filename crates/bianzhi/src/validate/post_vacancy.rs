//! 有岗无人、有人无岗: posts of a pool with no occupant while people of the same pool who
//! hold establishment have no post. Posts with a `headcount` of 0 are not vacancies.

use super::report::{Code, Violation};
use super::support::{pick, NAMED};
use super::Lang;
use crate::dataset::index::{Index, NONE, NO_CAT};
use crate::model::Document;

pub(super) fn run(doc: &Document, ix: &Index, lang: Lang, post_occ: &[u32]) -> Vec<Violation> {
    let n = doc.units.len();
    let mut empty: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (p, post) in doc.posts.iter().enumerate() {
        let unit = ix.post_unit[p];
        if ix.post_dup[p] || unit == NONE || post_occ[p] > 0 || post.headcount == Some(0) {
            continue;
        }
        let pool = ix.unit_pool[unit as usize];
        if pool != NONE {
            empty[pool as usize].push(p);
        }
    }
    if empty.iter().all(Vec::is_empty) {
        return Vec::new();
    }
    let mut unposted: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, s) in doc.staff.iter().enumerate() {
        let pool = ix.staff_pool[i];
        if pool != NONE
            && s.status.occupies()
            && ix.staff_cat[i] != NO_CAT
            && s.post.is_none()
            && !empty[pool as usize].is_empty()
        {
            unposted[pool as usize].push(i);
        }
    }
    let sep = pick(lang, "、", ", ");
    let more = |shown: usize, all: usize, zh: &str| -> String {
        if all > shown {
            pick(
                lang,
                format!("等{all}{zh}"),
                format!(" and {} more", all - shown),
            )
        } else {
            String::new()
        }
    };
    let mut out = Vec::new();
    for (u, unit) in doc.units.iter().enumerate() {
        let (posts, people) = (&empty[u], &unposted[u]);
        if posts.is_empty() || people.is_empty() {
            continue;
        }
        let post_names: Vec<String> = posts
            .iter()
            .take(NAMED)
            .map(|&p| {
                let post = &doc.posts[p];
                if post.name.is_empty() {
                    post.id.clone()
                } else {
                    format!("{}({})", post.name, post.id)
                }
            })
            .collect();
        let people_names: Vec<String> = people
            .iter()
            .take(NAMED)
            .map(|&i| format!("{}({})", doc.staff[i].name, doc.staff[i].id))
            .collect();
        let (pl, ml) = (post_names.join(sep), people_names.join(sep));
        let (pm, mm) = (
            more(post_names.len(), posts.len(), "个"),
            more(people_names.len(), people.len(), "人"),
        );
        out.push(Violation {
            unit: Some(unit.id.clone()),
            expected: Some(posts.len() as i64),
            actual: Some(people.len() as i64),
            message: pick(
                lang,
                format!(
                    "{} 有{}个岗位无人在岗（{pl}{pm}），同时有{}名在编人员未聘任岗位（{ml}{mm}）",
                    unit.name,
                    posts.len(),
                    people.len()
                ),
                format!(
                    "{}: posts without an occupant: {} ({pl}{pm}); staff holding establishment without a post: {} ({ml}{mm})",
                    unit.name,
                    posts.len(),
                    people.len()
                ),
            ),
            ..Violation::new(Code::PostUnfilledWhileUnposted)
        });
    }
    out
}
