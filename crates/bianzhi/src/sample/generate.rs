//! Seeded bulk datasets for benchmarks and scale tests.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::rng::Rng;
use crate::ident::make_id_number;
use crate::model::{
    Category, Document, Gender, LeaderLevel, Post, PostCategory, Settings, Staff, Status, Unit,
    UnitKind,
};

/// A realistic dataset of `staff` people: about one unit per 50 staff (two thirds pools,
/// one third internal divisions), one post per 5 staff, and a few percent of records
/// breaking rules (over-establishment, bad ID numbers, one person in two units, people
/// past retirement age, absent staff, posts over headcount). Same seed, same dataset.
///
/// ```
/// let doc = bianzhi::sample::generate(1_000, 7);
/// assert_eq!(doc.staff.len(), 1_000);
/// assert_eq!(doc, bianzhi::sample::generate(1_000, 7));
/// let report = bianzhi::validate(&bianzhi::Dataset::new(doc), &bianzhi::Options::default());
/// assert!(report.summary.errors > 0);
/// ```
///
/// # Panics
/// When `staff` exceeds [`MAX_GENERATED_STAFF`]; [`try_generate`] returns an error instead.
pub fn generate(staff: usize, seed: u64) -> Document {
    match try_generate(staff, seed) {
        Ok(doc) => doc,
        Err(e) => panic!("{e}"),
    }
}

/// Most staff [`generate`] and [`try_generate`] make: 10^7 staff take about 7 GiB once
/// validated, the largest dataset the benchmarks use.
pub const MAX_GENERATED_STAFF: usize = 10_000_000;

/// Why [`try_generate`] made no dataset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// More staff were asked for than [`MAX_GENERATED_STAFF`].
    #[error("cannot generate {requested} staff: at most {max} (MAX_GENERATED_STAFF)")]
    TooMany {
        /// The count asked for.
        requested: u128,
        /// [`MAX_GENERATED_STAFF`].
        max: usize,
    },
    /// The memory for the records could not be reserved.
    #[error("cannot generate {requested} staff: {reason}")]
    OutOfMemory {
        /// The count asked for.
        requested: usize,
        /// What the allocator said.
        reason: String,
    },
}

/// [`generate`], refusing counts beyond [`MAX_GENERATED_STAFF`] and reporting a failed
/// reservation of the record arrays as an error instead of aborting.
///
/// ```
/// use bianzhi::sample::{try_generate, GenerateError, MAX_GENERATED_STAFF};
/// assert_eq!(try_generate(10, 1).unwrap().staff.len(), 10);
/// assert!(matches!(try_generate(usize::MAX, 1), Err(GenerateError::TooMany { .. })));
/// assert!(try_generate(MAX_GENERATED_STAFF + 1, 1).is_err());
/// ```
///
/// # Errors
/// [`GenerateError::TooMany`] past the limit, [`GenerateError::OutOfMemory`] when the
/// allocator refuses the arrays.
pub fn try_generate(staff: usize, seed: u64) -> Result<Document, GenerateError> {
    if staff > MAX_GENERATED_STAFF {
        return Err(GenerateError::TooMany {
            requested: staff as u128,
            max: MAX_GENERATED_STAFF,
        });
    }
    let oom = |e: std::collections::TryReserveError| GenerateError::OutOfMemory {
        requested: staff,
        reason: e.to_string(),
    };
    let mut rng = Rng::new(seed);
    let n_units = (staff / 50).max(2);
    let n_pools = (n_units * 2 / 3).max(1);
    let mut units = Vec::new();
    units.try_reserve_exact(n_units).map_err(oom)?;
    for p in 0..n_pools {
        let institution = p % 3 == 2;
        let mut leadership = BTreeMap::new();
        leadership.insert(LeaderLevel::Principal, 1);
        leadership.insert(LeaderLevel::Deputy, 3);
        units.push(Unit {
            parent: (p > 0).then(|| format!("U{}", (p - 1) / 8)),
            leadership,
            ..Unit::new(
                format!("U{p}"),
                format!("单位{p}"),
                if institution {
                    UnitKind::Institution
                } else {
                    UnitKind::Organ
                },
            )
        });
    }
    for k in n_pools..n_units {
        let parent = k % n_pools;
        units.push(Unit {
            parent: Some(format!("U{parent}")),
            ..Unit::new(format!("U{k}"), format!("内设机构{k}"), UnitKind::Internal)
        });
    }
    let n_posts = (staff / 5).max(1);
    let mut posts: Vec<Post> = Vec::new();
    posts.try_reserve_exact(n_posts).map_err(oom)?;
    posts.extend((0..n_posts).map(|k| {
        let pool = k % n_pools;
        let institution = pool % 3 == 2;
        Post {
            id: format!("P{k}"),
            unit: format!("U{pool}"),
            name: format!("岗位{k}"),
            category: if institution {
                PostCategory::Professional
            } else {
                PostCategory::Management
            },
            level: Some(if institution { 9 } else { 8 }),
            headcount: Some(5),
            establishment: None,
        }
    }));
    let mut occupied = vec![0u32; n_pools];
    let mut people = Vec::new();
    people.try_reserve_exact(staff).map_err(oom)?;
    for i in 0..staff {
        let post = i % n_posts;
        let pool = post % n_pools;
        let institution = pool % 3 == 2;
        // Most people sit in an internal division of their pool.
        let unit = if n_units > n_pools && rng.chance(1, 2) {
            let k = n_pools + (pool % (n_units - n_pools));
            if units[k].parent.as_deref() == Some(units[pool].id.as_str()) {
                k
            } else {
                pool
            }
        } else {
            pool
        };
        // Unique by construction: region encodes i / 1000, sequence encodes i % 1000.
        let region = format!("11{:04}", (i / 1000) % 10_000);
        occupied[pool] += 1;
        people.push(person(&mut rng, i, &region, institution, unit, post));
    }
    // One person in two pools, every 400 records.
    for i in (399..staff).step_by(400) {
        let src = i - 399;
        people[i].id_number = people[src].id_number.clone();
        people[i].birth_date = people[src].birth_date;
        people[i].gender = people[src].gender;
    }
    // Quotas: enough for most pools, a few short by one or two.
    for (p, u) in units.iter_mut().take(n_pools).enumerate() {
        let o = occupied[p];
        let q = if rng.chance(5, 100) {
            o.saturating_sub(rng.range(1, 3) as u32)
        } else {
            o + rng.range(0, 4) as u32
        };
        let cat = if u.kind == UnitKind::Institution {
            Category::Institution
        } else {
            Category::Administrative
        };
        u.quotas.insert(cat, q);
    }
    Ok(Document {
        as_of: NaiveDate::from_ymd_opt(2026, 11, 30),
        settings: Settings::default(),
        units,
        posts,
        staff: people,
        ..Document::default()
    })
}

/// Staff record `i` of a generated roster, in unit `unit` and post `post`, its person drawn
/// from `rng` (gender, birth date, a 身份证号 in `region` with one in a hundred mistyped,
/// status) with the establishment of its pool kind: the one draw of both generators
/// ([`generate`] and [`super::Roster`]), so they share a person's shape.
pub(super) fn person(
    rng: &mut Rng,
    i: usize,
    region: &str,
    institution: bool,
    unit: usize,
    post: usize,
) -> Staff {
    let gender = if rng.chance(45, 100) {
        Gender::Female
    } else {
        Gender::Male
    };
    let year = rng.range(1975, 2002) as i32;
    let mut birth = NaiveDate::from_ymd_opt(year, rng.range(1, 13) as u32, rng.range(1, 29) as u32)
        .unwrap_or_default();
    if rng.chance(1, 200) {
        birth = NaiveDate::from_ymd_opt(1958, 5, 1).unwrap_or_default();
    }
    let seq = (i % 500 * 2) as u16 + u16::from(gender == Gender::Male);
    let mut id_number = make_id_number(region, birth, seq);
    if rng.chance(1, 100) {
        if let Some(s) = id_number.as_mut() {
            let last = if s.ends_with('0') { '1' } else { '0' };
            s.pop();
            s.push(last);
        }
    }
    let status = if rng.chance(1, 200) {
        Status::Absent
    } else if rng.chance(1, 100) {
        Status::Leave
    } else {
        Status::Active
    };
    let cat = if institution {
        Category::Institution
    } else {
        Category::Administrative
    };
    Staff {
        id_number,
        gender: Some(gender),
        birth_date: Some(birth),
        establishment: Some(cat),
        post: Some(format!("P{post}")),
        leadership: i.is_multiple_of(97).then_some(LeaderLevel::Deputy),
        status,
        ..Staff::new(format!("S{i}"), format!("人员{i}"), format!("U{unit}"))
    }
}
