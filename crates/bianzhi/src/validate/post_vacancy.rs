//! 有岗无人、有人无岗: posts of a pool with no occupant while people of the same pool who
//! hold establishment have no post. Posts with a `headcount` of 0 are not vacancies.

use crate::dataset::StaffTable;
use serde::{Deserialize, Serialize};

use super::report::{Code, Violation};
use super::support::{pick, NAMED};
use super::Lang;
use crate::dataset::index::{Index, NONE, NO_CAT};
use crate::model::Document;

/// The people of a pool who hold establishment without a post: how many, and the first
/// [`NAMED`] as (record number in the roster, `name(id)`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Unposted {
    pub n: u64,
    pub first: Vec<(u64, String)>,
}

impl Unposted {
    /// Adds the people of another part of the roster.
    pub(super) fn add(&mut self, o: Unposted) {
        self.n += o.n;
        self.first.extend(o.first);
        self.first.sort_by_key(|x| x.0);
        self.first.truncate(NAMED);
    }
}

/// The pools with a post that nobody occupies (`post_occ`), as a mask over the units.
pub(super) fn pools_with_empty_posts(doc: &Document, ix: &Index, post_occ: &[u32]) -> Vec<bool> {
    let mut empty = vec![false; doc.units.len()];
    for (p, post) in doc.posts.iter().enumerate() {
        let unit = ix.post_unit[p];
        if ix.post_dup[p] || unit == NONE || post_occ[p] > 0 || post.headcount == Some(0) {
            continue;
        }
        let pool = ix.unit_pool[unit as usize];
        if pool != NONE {
            empty[pool as usize] = true;
        }
    }
    empty
}

/// The unposted people of each pool `want` accepts (`record`: a staff record's number in
/// the whole roster), by pool.
pub(super) fn unposted(
    st: &StaffTable,
    ix: &Index,
    record: &dyn Fn(usize) -> u64,
    want: &dyn Fn(u32) -> bool,
) -> Vec<(u32, Unposted)> {
    let mut by_pool: crate::dataset::index::FxMap<u32, Unposted> = Default::default();
    for (i, s) in st.iter().enumerate() {
        let pool = ix.staff_pool[i];
        if pool != NONE
            && s.status().occupies()
            && ix.staff_cat[i] != NO_CAT
            && s.post().is_none()
            && want(pool)
        {
            let u = by_pool.entry(pool).or_default();
            u.n += 1;
            if u.first.len() < NAMED {
                u.first
                    .push((record(i), format!("{}({})", s.name(), s.id())));
            }
        }
    }
    let mut out: Vec<(u32, Unposted)> = by_pool.into_iter().collect();
    out.sort_unstable_by_key(|x| x.0);
    out
}

pub(super) fn run(
    doc: &Document,
    ix: &Index,
    lang: Lang,
    post_occ: &[u32],
    people: &[(u32, Unposted)],
) -> Vec<Violation> {
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
    let none = Unposted::default();
    let mut unposted: Vec<&Unposted> = vec![&none; n];
    for (pool, u) in people {
        if let Some(slot) = unposted.get_mut(*pool as usize) {
            *slot = u;
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
        let (posts, people) = (&empty[u], unposted[u]);
        if posts.is_empty() || people.n == 0 {
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
            .first
            .iter()
            .take(NAMED)
            .map(|(_, who)| who.clone())
            .collect();
        let (pl, ml) = (post_names.join(sep), people_names.join(sep));
        let (pm, mm) = (
            more(post_names.len(), posts.len(), "个"),
            more(people_names.len(), people.n as usize, "人"),
        );
        out.push(Violation {
            unit: Some(unit.id.clone()),
            expected: Some(posts.len() as i64),
            actual: Some(people.n as i64),
            message: pick(
                lang,
                format!(
                    "{} 有{}个岗位无人在岗（{pl}{pm}），同时有{}名在编人员未聘任岗位（{ml}{mm}）",
                    unit.name,
                    posts.len(),
                    people.n
                ),
                format!(
                    "{}: posts without an occupant: {} ({pl}{pm}); staff holding establishment without a post: {} ({ml}{mm})",
                    unit.name,
                    posts.len(),
                    people.n
                ),
            ),
            ..Violation::new(Code::PostUnfilledWhileUnposted)
        });
    }
    out
}
