//! A generated roster that can be made whole or a slice of its staff at a time, so that a
//! national-scale roster never has to sit in one process (`benches/python/dask_national.py`).

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::generate::GenerateError;
use super::rng::Rng;
use crate::model::{
    Category, Document, LeaderLevel, Post, PostCategory, Settings, Staff, Unit, UnitKind,
};

/// Most staff a [`Roster`] holds: ID numbers stay distinct up to this count (one province
/// code per 10^7 records, 31 province codes).
pub const MAX_ROSTER_STAFF: usize = 310_000_000;

/// The province codes the ID numbers cycle through, one per 10^7 records.
const PROVINCES: [u32; 31] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65,
];

/// A seeded roster of `staff` people whose every staff record is computed from its own
/// number, so that [`Roster::staff`] of consecutive ranges concatenated equals the staff of
/// [`Roster::document`]: workers can each make their slice. The shape is that of
/// [`super::generate`] (one unit per 50 staff, two thirds of them pools; quotas from the
/// occupancy, a few pools short; one person in two pools every 400 records; bad ID numbers,
/// people past retirement age, absent staff), with one post per 50 staff (the tables every
/// partition loads in full stay small) of which every 40th is two places short. It is not
/// the dataset [`super::generate`] makes for the same arguments.
///
/// ```
/// use bianzhi::sample::Roster;
/// let r = Roster::new(1_000, 7).unwrap();
/// let mut staff = r.staff(0..400);
/// staff.extend(r.staff(400..1_000));
/// assert_eq!(staff, r.document().staff);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Roster {
    /// The number of staff records.
    pub staff: usize,
    /// The seed.
    pub seed: u64,
    n_units: usize,
    n_pools: usize,
    n_posts: usize,
}

impl Roster {
    /// The roster of `staff` people for `seed`.
    ///
    /// ```
    /// assert!(bianzhi::sample::Roster::new(usize::MAX, 1).is_err());
    /// ```
    ///
    /// # Errors
    /// [`GenerateError::TooMany`] past [`MAX_ROSTER_STAFF`].
    pub fn new(staff: usize, seed: u64) -> Result<Roster, GenerateError> {
        if staff > MAX_ROSTER_STAFF {
            return Err(GenerateError::TooMany {
                requested: staff as u128,
                max: MAX_ROSTER_STAFF,
            });
        }
        let n_units = (staff / 50).max(2);
        Ok(Roster {
            staff,
            seed,
            n_units,
            n_pools: (n_units * 2 / 3).max(1),
            n_posts: (staff / 50).max(1),
        })
    }

    /// A generator for one record (or pool): its own stream, so any record can be made alone.
    fn rng(&self, stream: u64) -> Rng {
        let mut base = Rng::new(self.seed);
        Rng::new(base.next_u64() ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    /// The people on post `k` (posts are filled in turn).
    fn post_people(&self, k: usize) -> u32 {
        let extra = usize::from(k < self.staff % self.n_posts);
        u32::try_from(self.staff / self.n_posts + extra).unwrap_or(u32::MAX)
    }

    /// The units, with quotas and leadership places.
    pub fn units(&self) -> Vec<Unit> {
        let mut occupied = vec![0u32; self.n_pools];
        for k in 0..self.n_posts {
            occupied[k % self.n_pools] += self.post_people(k);
        }
        let mut units = Vec::with_capacity(self.n_units);
        for (p, &o) in occupied.iter().enumerate() {
            let institution = p % 3 == 2;
            let mut leadership = BTreeMap::new();
            leadership.insert(LeaderLevel::Principal, 1);
            leadership.insert(LeaderLevel::Deputy, 3);
            let mut rng = self.rng(u64::MAX - p as u64);
            let q = if rng.chance(5, 100) {
                o.saturating_sub(rng.range(1, 3) as u32)
            } else {
                o + rng.range(0, 4) as u32
            };
            let cat = if institution {
                Category::Institution
            } else {
                Category::Administrative
            };
            let mut u = Unit {
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
            };
            u.quotas.insert(cat, q);
            units.push(u);
        }
        for k in self.n_pools..self.n_units {
            units.push(Unit {
                parent: Some(format!("U{}", k % self.n_pools)),
                ..Unit::new(format!("U{k}"), format!("内设机构{k}"), UnitKind::Internal)
            });
        }
        units
    }

    /// The posts, each with the headcount of the people on it (every 40th two short).
    pub fn posts(&self) -> Vec<Post> {
        (0..self.n_posts)
            .map(|k| {
                let pool = k % self.n_pools;
                let institution = pool % 3 == 2;
                let people = self.post_people(k);
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
                    headcount: Some(if k % 40 == 39 {
                        people.saturating_sub(2)
                    } else {
                        people
                    }),
                    establishment: None,
                }
            })
            .collect()
    }

    /// Staff record `i` before the people in two pools are planted.
    fn base(&self, i: usize) -> Staff {
        let mut rng = self.rng(i as u64);
        let post = i % self.n_posts;
        let pool = post % self.n_pools;
        let institution = pool % 3 == 2;
        let internal = self.n_units - self.n_pools;
        // Most people sit in an internal division of their pool.
        let unit = if internal > 0 && rng.chance(1, 2) {
            let k = self.n_pools + pool % internal;
            if k % self.n_pools == pool {
                k
            } else {
                pool
            }
        } else {
            pool
        };
        // The province encodes i / 10^7 and the county i / 1000 (mod 10^4), so numbers
        // 10^7 records apart never meet; within a thousand, i and i + 500 share the
        // sequence and differ by birth date (rarely not: two people, one number).
        let province = PROVINCES[(i / 10_000_000) % PROVINCES.len()];
        let region = format!("{province:02}{:04}", (i / 1000) % 10_000);
        super::generate::person(&mut rng, i, &region, institution, unit, post)
    }

    /// Staff records `range` (clamped to the roster), in roster order.
    pub fn staff(&self, range: Range<usize>) -> Vec<Staff> {
        let (a, b) = (range.start.min(self.staff), range.end.min(self.staff));
        (a..b.max(a))
            .map(|i| {
                let mut s = self.base(i);
                // One person in two pools, every 400 records: the ID number, birth date
                // and gender of the record 399 before.
                if i % 400 == 399 {
                    let src = self.base(i - 399);
                    s.id_number = src.id_number;
                    s.birth_date = src.birth_date;
                    s.gender = src.gender;
                }
                s
            })
            .collect()
    }

    /// The units and posts with staff records `range`: a slice of the roster.
    pub fn slice(&self, range: Range<usize>) -> Document {
        Document {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 30),
            settings: Settings::default(),
            units: self.units(),
            posts: self.posts(),
            staff: self.staff(range),
            ..Document::default()
        }
    }

    /// The whole roster.
    pub fn document(&self) -> Document {
        self.slice(0..self.staff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_concatenated_equal_the_whole() {
        let r = Roster::new(12_345, 3).unwrap();
        let whole = r.document();
        for cuts in [
            vec![0, 12_345],
            vec![0, 1, 399, 400, 7_000, 12_345],
            vec![0, 5_000, 12_345],
        ] {
            let mut staff = Vec::new();
            for w in cuts.windows(2) {
                let part = r.slice(w[0]..w[1]);
                assert_eq!(part.units, whole.units);
                assert_eq!(part.posts, whole.posts);
                staff.extend(part.staff);
            }
            assert_eq!(staff, whole.staff, "cuts {cuts:?}");
        }
        assert_eq!(r.staff(12_000..20_000).len(), 345);
        let (a, b) = (9, 3);
        assert!(r.staff(a..b).is_empty());
    }

    #[test]
    fn the_planted_features_are_there() {
        let r = Roster::new(20_000, 1).unwrap();
        let doc = r.document();
        assert_eq!(
            (doc.units.len(), doc.posts.len(), doc.staff.len()),
            (400, 400, 20_000)
        );
        // Record 399 carries the ID number of record 0; other ID numbers are distinct.
        assert_eq!(doc.staff[399].id_number, doc.staff[0].id_number);
        let mut ids: Vec<_> = doc
            .staff
            .iter()
            .filter_map(|s| s.id_number.clone())
            .collect();
        ids.sort();
        ids.dedup();
        assert!(ids.len() >= 19_900, "{}", ids.len());
        // The headcounts add up to the staff, less two on every 40th post.
        let places: u32 = doc.posts.iter().filter_map(|p| p.headcount).sum();
        assert_eq!(places, 20_000 - 2 * 10);
        let report = crate::validate(
            &crate::Dataset::new(doc),
            &crate::Options::as_of(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
        );
        assert!(report.summary.errors > 100, "{:?}", report.summary);
        // Province codes change every 10^7 records.
        let late = Roster::new(MAX_ROSTER_STAFF, 1).unwrap().base(10_000_001);
        assert!(late.id_number.unwrap().starts_with("12"));
        assert!(Roster::new(MAX_ROSTER_STAFF + 1, 1).is_err());
    }
}
