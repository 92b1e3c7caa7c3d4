//! Posts: the post facts of the staff loop, people on the wrong post, headcounts and the
//! professional post structure.

use super::engine::{Counts, Ctx};
use super::messages::{say, NameOrId};
use super::report::{Code, Violation};
use crate::dataset::index::{Index, NONE, NO_CAT};
use crate::model::PostCategory;

pub(super) fn prof_group(level: u8) -> Option<usize> {
    match level {
        1..=7 => Some(0),
        8..=10 => Some(1),
        11..=13 => Some(2),
        _ => None,
    }
}

/// "No professional group" in [`PostFacts::prof`].
pub(super) const NO_GROUP: u8 = u8::MAX;

/// The facts of a post the staff loop uses, in 8 bytes.
#[derive(Clone, Copy)]
pub(super) struct PostFacts {
    /// The pool of the post's unit, or NONE.
    pub(super) pool: u32,
    /// The establishment category the post requires, or NO_CAT.
    pub(super) need: u32,
    /// The professional group (senior, intermediate, junior) of a professional post's
    /// level, or NO_GROUP.
    pub(super) prof: u8,
    pub(super) category: PostCategory,
}

impl PostFacts {
    pub(super) fn new(p: &crate::model::Post, ix: &Index, i: usize) -> PostFacts {
        let unit = ix.post_unit[i];
        PostFacts {
            pool: if unit == NONE {
                NONE
            } else {
                ix.unit_pool[unit as usize]
            },
            need: p
                .establishment
                .as_ref()
                .and_then(|c| ix.category_of(c))
                .unwrap_or(NO_CAT),
            prof: match (p.category, p.level.and_then(prof_group)) {
                (PostCategory::Professional, Some(g)) => g as u8,
                _ => NO_GROUP,
            },
            category: p.category,
        }
    }
}

#[cold]
#[inline(never)]
pub(super) fn post_wrong_category(
    cx: &mut Ctx,
    i: usize,
    p: &crate::model::Post,
    need: u32,
    cat: u32,
) {
    let s = cx.st.row(i);
    let held = if cat == NO_CAT {
        say!(cx.lang, "编外", "no establishment").to_string()
    } else {
        cx.cat_name(cat as usize).to_string()
    };
    let msg = say!(
        cx.lang,
        format!(
            "{} 在岗位 {}（要求{}）上，但占用的是{}",
            cx.person(s),
            p.name_or_id(),
            cx.cat_name(need as usize),
            held
        ),
        format!(
            "{} is on post {} which requires {} establishment, but holds {}",
            cx.person(s),
            p.name_or_id(),
            cx.cat_name(need as usize),
            held
        )
    );
    let v = cx.staff_v(Code::MixedPost, i, msg);
    cx.push(Violation {
        post: Some(p.id.clone()),
        category: Some(cx.ix.categories[need as usize].as_str().into()),
        ..v
    });
}

#[cold]
#[inline(never)]
pub(super) fn post_wrong_pool(
    cx: &mut Ctx,
    i: usize,
    p: &crate::model::Post,
    pool: u32,
    post_pool: u32,
) {
    let s = cx.st.row(i);
    let msg = say!(
        cx.lang,
        format!(
            "{} 编制在{}，岗位 {} 却属于{}",
            cx.person(s),
            cx.unit_name(pool),
            p.name_or_id(),
            cx.unit_name(post_pool)
        ),
        format!(
            "{} holds establishment in {} but is on post {} of {}",
            cx.person(s),
            cx.unit_name(pool),
            p.name_or_id(),
            cx.unit_name(post_pool)
        )
    );
    let v = cx.staff_v(Code::MixedPost, i, msg);
    cx.push(Violation {
        post: Some(p.id.clone()),
        ..v
    });
}

/// `POST_OVER_HEADCOUNT` of each post, in post order.
pub(super) fn over_headcount(cx: &mut Ctx, k: &Counts) {
    let doc = cx.doc;
    let ix = cx.ix;
    for (p, post) in doc.posts.iter().enumerate() {
        if ix.post_dup[p] {
            continue;
        }
        if let Some(h) = post.headcount {
            let n = k.post_occ[p];
            if n > h {
                let v = Violation {
                    unit: Some(post.unit.clone()),
                    post: Some(post.id.clone()),
                    expected: Some(i64::from(h)),
                    actual: Some(i64::from(n)),
                    message: say!(
                        cx.lang,
                        format!(
                            "岗位 {} 定员{}名，实有{}名，超员{}名",
                            post.name_or_id(),
                            h,
                            n,
                            n - h
                        ),
                        format!(
                            "post {}: headcount {}, occupied by {}, over by {}",
                            post.name_or_id(),
                            h,
                            n,
                            n - h
                        )
                    ),
                    ..Violation::new(Code::PostOverHeadcount)
                };
                cx.push(v);
            }
        }
    }
}

/// `POST_STRUCTURE_EXCEEDED` of each unit with a professional post structure, in unit order.
pub(super) fn structure_exceeded(cx: &mut Ctx, k: &Counts) {
    let doc = cx.doc;
    let ix = cx.ix;
    for (u, unit) in doc.units.iter().enumerate() {
        let Some(ps) = unit.post_structure.as_ref().filter(|_| !ix.unit_dup[u]) else {
            continue;
        };
        let groups = [
            (ps.senior, "高级", "senior"),
            (ps.intermediate, "中级", "intermediate"),
            (ps.junior, "初级", "junior"),
        ];
        for (g, (approved, zh, en)) in groups.into_iter().enumerate() {
            let n = k.prof[u][g];
            if let Some(a) = approved.filter(|&a| n > a) {
                let v = Violation {
                    unit: Some(unit.id.clone()),
                    category: Some(en.into()),
                    expected: Some(i64::from(a)),
                    actual: Some(i64::from(n)),
                    message: say!(
                        cx.lang,
                        format!(
                            "{} 专业技术{}岗位核定{}个，实聘{}人，超结构比例{}人",
                            unit.name,
                            zh,
                            a,
                            n,
                            n - a
                        ),
                        format!(
                            "{} {} professional posts: approved {}, filled {}, over by {}",
                            unit.name,
                            en,
                            a,
                            n,
                            n - a
                        )
                    ),
                    ..Violation::new(Code::PostStructureExceeded)
                };
                cx.push(v);
            }
        }
    }
}
