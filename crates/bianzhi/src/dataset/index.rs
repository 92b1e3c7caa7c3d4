//! The dense index built once per dataset: ids resolved to positions, pools, categories.

use super::pairs::Pairs;
use super::staff::{StaffTable, Texts};
use crate::model::{Category, Document, LeaderLevel};

/// Marker for "no index" in dense `u32` columns.
pub(crate) const NONE: u32 = u32::MAX;
/// Marker for "no category" in the dense category column.
pub(crate) const NO_CAT: u32 = u32::MAX;

/// FxHash (rustc-hash): ids and ID numbers are not attacker-chosen hash-flooding vectors
/// for a batch validator, and SipHash would be a third of the per-record budget.
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Staff below this count are indexed on one thread (threads would cost more than they save).
const PARALLEL_MIN: usize = 20_000;

/// A reference that names no record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownRef {
    pub array: &'static str,
    pub index: usize,
    pub field: String,
    pub target: String,
}

/// A concurrent appointment resolved to the unit and its pool.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConcurrentRef {
    pub staff: u32,
    pub unit: u32,
    pub level: Option<LeaderLevel>,
}

/// Resolved positions for every record. Built by [`Index::build`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// Interned categories: the four built-ins, then declared extras.
    pub categories: Vec<Category>,
    /// The position of each category in `categories`.
    pub category_pos: FxMap<Category, u32>,
    /// Whether a unit record is a later duplicate of an earlier id (ignored).
    pub unit_dup: Vec<bool>,
    pub unit_parent: Vec<u32>,
    /// The pool (establishment-holding unit) of each unit, or NONE.
    pub unit_pool: Vec<u32>,
    /// Depth from the root (NONE for units on or under a cycle).
    pub unit_depth: Vec<u32>,
    /// Cycles, each as unit positions in parent order starting at the lowest position.
    pub cycles: Vec<Vec<u32>>,
    /// Approved quotas per (unit, category): only the pairs that occur once the
    /// categories are many (see [`Pairs`]).
    pub quota: Pairs,
    pub post_dup: Vec<bool>,
    pub post_unit: Vec<u32>,
    pub staff_unit: Vec<u32>,
    pub staff_pool: Vec<u32>,
    pub staff_cat: Vec<u32>,
    pub staff_post: Vec<u32>,
    pub staff_working_pool: Vec<u32>,
    /// For a staff record whose id repeats an earlier one: that earlier position.
    pub staff_dup_of: Vec<(u32, u32)>,
    pub concurrent: Vec<ConcurrentRef>,
    pub duty_dup: Vec<bool>,
    /// Whether a 三不超 pool / a norm repeats an earlier id (ignored).
    pub pool_dup: Vec<bool>,
    pub norm_dup: Vec<bool>,
    pub unknown: Vec<UnknownRef>,
    pub dup_ids: Vec<(&'static str, usize, usize)>,
    /// Preorder intervals of the unit tree, for [`Index::is_below`].
    pub subtree: super::subtree::Subtree,
}

impl Index {
    pub fn ncat(&self) -> usize {
        self.categories.len()
    }

    pub fn category_of(&self, c: &Category) -> Option<u32> {
        category_in(&self.categories, &self.category_pos, c)
    }

    /// Builds the index. `skipped` holds `(array, id)` of records dropped while loading, so
    /// references to them are not reported a second time as unknown.
    pub fn build(doc: &Document, staff: &StaffTable, skipped: &[(&'static str, String)]) -> Index {
        let mut ix = Index {
            categories: Category::BUILTIN.to_vec(),
            ..Index::default()
        };
        // A map, not a scan: 65 000 declared categories took seconds.
        for (i, c) in ix.categories.iter().enumerate() {
            ix.category_pos.insert(c.clone(), i as u32);
        }
        for name in &doc.settings.categories {
            let c: Category = name.parse().unwrap_or_else(|n| match n {});
            if !ix.category_pos.contains_key(&c) {
                ix.category_pos
                    .insert(c.clone(), ix.categories.len() as u32);
                ix.categories.push(c);
            }
        }
        // A set, not a scan: thousands of skipped records may be referenced thousands of times.
        let skipped_set: SkippedSet<'_> = skipped.iter().map(|(a, s)| (*a, s.as_str())).collect();
        let was_skipped = |array: &str, id: &str| skipped_set.contains(&(array, id));

        // Units.
        let n = doc.units.len();
        let mut unit_by_id: FxMap<&str, u32> = FxMap::default();
        unit_by_id.reserve(n);
        ix.unit_dup = vec![false; n];
        for (i, u) in doc.units.iter().enumerate() {
            if let Some(&first) = unit_by_id.get(u.id.as_str()) {
                ix.unit_dup[i] = true;
                ix.dup_ids.push(("units", i, first as usize));
            } else {
                unit_by_id.insert(u.id.as_str(), i as u32);
            }
        }
        let mut unknown = Vec::new();
        let mut resolve_unit = |array: &'static str, index: usize, field: &str, id: &str| -> u32 {
            match unit_by_id.get(id) {
                Some(&u) => u,
                None => {
                    if !was_skipped("units", id) {
                        unknown.push(UnknownRef {
                            array,
                            index,
                            field: field.to_string(),
                            target: id.to_string(),
                        });
                    }
                    NONE
                }
            }
        };
        ix.unit_parent = doc
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| match (&u.parent, ix.unit_dup[i]) {
                (Some(p), false) => resolve_unit("units", i, "parent", p),
                _ => NONE,
            })
            .collect();
        ix.resolve_tree(doc);
        ix.subtree = super::subtree::Subtree::build(&ix.unit_parent, &ix.unit_depth);
        let ncat = ix.ncat();
        ix.quota = Pairs::new(n, ncat);
        for (i, u) in doc.units.iter().enumerate() {
            for (c, &q) in &u.quotas {
                if let Some(ci) = ix.category_of(c) {
                    ix.quota.set(i as u32, ci, q);
                }
            }
        }

        // Posts.
        let mut post_by_id: FxMap<&str, u32> = FxMap::default();
        ix.post_dup = vec![false; doc.posts.len()];
        for (i, p) in doc.posts.iter().enumerate() {
            if let Some(&first) = post_by_id.get(p.id.as_str()) {
                ix.post_dup[i] = true;
                ix.dup_ids.push(("posts", i, first as usize));
            } else {
                post_by_id.insert(p.id.as_str(), i as u32);
            }
        }
        ix.post_unit = doc
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if ix.post_dup[i] {
                    NONE
                } else {
                    resolve_unit("posts", i, "unit", &p.unit)
                }
            })
            .collect();

        // Staff: repeated ids, then each record's references. A person's unit, post and
        // category are codes into the table's distinct values, resolved here once each.
        for (i, first) in repeated_ids(staff.ids()) {
            ix.staff_dup_of.push((i, first));
            ix.dup_ids.push(("staff", i as usize, first as usize));
        }
        let refs = StaffRefs::new(
            staff,
            &unit_by_id,
            &post_by_id,
            &ix.categories,
            &ix.category_pos,
            &skipped_set,
        );
        let (mut concurrent, mut staff_unknown) = refs.resolve(staff, &mut ix);
        ix.concurrent.append(&mut concurrent);

        // Duties and 三不超 pools only reference units.
        let mut duty_seen: FxMap<&str, usize> = FxMap::default();
        ix.duty_dup = vec![false; doc.duties.len()];
        for (i, d) in doc.duties.iter().enumerate() {
            if let Some(&first) = duty_seen.get(d.id.as_str()) {
                ix.duty_dup[i] = true;
                ix.dup_ids.push(("duties", i, first));
                continue;
            }
            duty_seen.insert(d.id.as_str(), i);
            for (k, id) in d.lead.iter().enumerate() {
                resolve_unit("duties", i, &format!("lead[{k}]"), id);
            }
            for (k, id) in d.assist.iter().enumerate() {
                resolve_unit("duties", i, &format!("assist[{k}]"), id);
            }
        }
        let mut pool_seen: FxMap<&str, usize> = FxMap::default();
        ix.pool_dup = vec![false; doc.pools.len()];
        for (i, p) in doc.pools.iter().enumerate() {
            if let Some(&first) = pool_seen.get(p.id.as_str()) {
                ix.pool_dup[i] = true;
                ix.dup_ids.push(("pools", i, first));
                continue;
            }
            pool_seen.insert(p.id.as_str(), i);
            for (k, id) in p.units.iter().enumerate() {
                resolve_unit("pools", i, &format!("units[{k}]"), id);
            }
        }
        let mut norm_seen: FxMap<&str, usize> = FxMap::default();
        ix.norm_dup = vec![false; doc.norms.len()];
        for (i, n) in doc.norms.iter().enumerate() {
            if let Some(&first) = norm_seen.get(n.id.as_str()) {
                ix.norm_dup[i] = true;
                ix.dup_ids.push(("norms", i, first));
            } else {
                norm_seen.insert(n.id.as_str(), i);
            }
        }
        unknown.append(&mut staff_unknown);
        // Findings are reported in input order: array order, then position, then field.
        let order = |a: &str| match a {
            "units" => 0,
            "posts" => 1,
            "staff" => 2,
            "duties" => 3,
            "pools" => 4,
            "norms" => 5,
            _ => 6,
        };
        let field_rank = |f: &str| match f {
            "parent" | "unit" => 0,
            "post" => 1,
            "working_unit" => 2,
            f if f.starts_with("concurrent") => 3,
            f if f.starts_with("lead") => 4,
            _ => 5,
        };
        unknown.sort_by_key(|a| (order(a.array), a.index, field_rank(&a.field)));
        ix.unknown = unknown;
        ix.dup_ids.sort_by_key(|a| (order(a.0), a.1));
        ix
    }

    /// Pools, depths and cycles from the parent column, iteratively (chains may be deep).
    fn resolve_tree(&mut self, doc: &crate::model::Document) {
        let n = doc.units.len();
        const UNSEEN: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![UNSEEN; n];
        self.unit_pool = vec![NONE; n];
        self.unit_depth = vec![NONE; n];
        let is_pool = |i: usize| doc.units[i].kind.is_pool();
        let mut path: Vec<u32> = Vec::new();
        for start in 0..n {
            if state[start] != UNSEEN {
                continue;
            }
            path.clear();
            let mut cur = start as u32;
            // Walk up until a resolved unit, a root, or a unit already on this path.
            // `base` is the depth of the unit just above the path (-1 above a root),
            // `None` under a cycle.
            let (mut pool, base): (u32, Option<i64>) = loop {
                let c = cur as usize;
                match state[c] {
                    DONE => {
                        let d = self.unit_depth[c];
                        break (self.unit_pool[c], (d != NONE).then_some(i64::from(d)));
                    }
                    ON_PATH => {
                        let pos = path.iter().position(|&p| p == cur).unwrap_or(0);
                        let mut cycle: Vec<u32> = path[pos..].to_vec();
                        let min_pos = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, &u)| u)
                            .map(|(k, _)| k)
                            .unwrap_or(0);
                        cycle.rotate_left(min_pos);
                        // Units on the cycle keep their own pool if they hold one.
                        for &u in &cycle {
                            let ui = u as usize;
                            state[ui] = DONE;
                            self.unit_pool[ui] = if is_pool(ui) { u } else { NONE };
                        }
                        self.cycles.push(cycle);
                        path.truncate(pos);
                        break (NONE, None);
                    }
                    _ => {
                        state[c] = ON_PATH;
                        path.push(cur);
                        let p = self.unit_parent[c];
                        if p == NONE {
                            break (NONE, Some(-1));
                        }
                        cur = p;
                    }
                }
            };
            let mut depth = base;
            // Unwind from the top of the path down.
            while let Some(u) = path.pop() {
                let ui = u as usize;
                state[ui] = DONE;
                depth = depth.map(|d| d + 1);
                if is_pool(ui) {
                    pool = u;
                }
                self.unit_pool[ui] = pool;
                self.unit_depth[ui] = depth.and_then(|d| u32::try_from(d).ok()).unwrap_or(NONE);
            }
        }
        self.cycles.sort();
    }

    /// Whether `unit` lies strictly below `ancestor` in the tree.
    pub fn is_below(&self, unit: u32, ancestor: u32) -> bool {
        if let Some(below) = self.subtree.is_below(unit, ancestor) {
            return below;
        }
        // On or under a cycle: walk the chain (bounded by the unit count).
        let mut cur = unit;
        for _ in 0..self.unit_parent.len() {
            let p = self.unit_parent[cur as usize];
            if p == NONE {
                return false;
            }
            if p == ancestor {
                return true;
            }
            cur = p;
        }
        false
    }
}

type SkippedSet<'a> = rustc_hash::FxHashSet<(&'a str, &'a str)>;

/// How a distinct id of the staff table resolves.
#[derive(Clone, Copy)]
enum Resolved {
    At(u32),
    /// Names no record: reported as an unknown reference.
    Unknown,
    /// Names a record skipped while loading: already reported.
    Skipped,
}

impl Resolved {
    fn pos(self) -> u32 {
        match self {
            Resolved::At(p) => p,
            _ => NONE,
        }
    }
}

/// The staff table's distinct unit ids and categories, and each person's post, resolved.
struct StaffRefs {
    units: Vec<Resolved>,
    /// Per person (`At(NONE)` without a post).
    posts: Vec<Resolved>,
    cats: Vec<u32>,
    /// The unit of each concurrent appointment, in the order of the table's side table.
    concurrent: Vec<Vec<Resolved>>,
}

/// The position of `c`: the built-ins by a scan (the common case, no hashing), the
/// declared ones through the map.
fn category_in(cats: &[Category], pos: &FxMap<Category, u32>, c: &Category) -> Option<u32> {
    let builtin = Category::BUILTIN.len().min(cats.len());
    match cats[..builtin].iter().position(|x| x == c) {
        Some(p) => Some(p as u32),
        None if cats.len() > builtin => pos.get(c).copied(),
        None => None,
    }
}

impl StaffRefs {
    fn new(
        staff: &StaffTable,
        unit_by_id: &FxMap<&str, u32>,
        post_by_id: &FxMap<&str, u32>,
        categories: &[Category],
        category_pos: &FxMap<Category, u32>,
        skipped: &SkippedSet<'_>,
    ) -> StaffRefs {
        let lookup = |id: &str, by_id: &FxMap<&str, u32>, array: &'static str| match by_id.get(id) {
            Some(&p) => Resolved::At(p),
            None if skipped.contains(&(array, id)) => Resolved::Skipped,
            None => Resolved::Unknown,
        };
        let resolve = |ids: &Texts, by_id: &FxMap<&str, u32>, array: &'static str| {
            (0..ids.len())
                .map(|k| lookup(ids.get(k), by_id, array))
                .collect::<Vec<_>>()
        };
        StaffRefs {
            units: resolve(staff.unit_ids(), unit_by_id, "units"),
            // One lookup per person (post ids are nearly distinct): the cores share them.
            posts: {
                let (ids, has) = (staff.posts(), staff.has_post());
                let mut posts = vec![Resolved::At(NONE); staff.len()];
                crate::parallel::fill(&mut posts, PARALLEL_MIN, |i| {
                    if has[i] {
                        lookup(ids.get(i), post_by_id, "posts")
                    } else {
                        Resolved::At(NONE)
                    }
                });
                posts
            },
            cats: staff
                .categories()
                .iter()
                .map(|c| category_in(categories, category_pos, c).unwrap_or(NO_CAT))
                .collect(),
            concurrent: staff
                .concurrent_rows()
                .iter()
                .map(|(_, list)| {
                    list.iter()
                        .map(|c| lookup(&c.unit, unit_by_id, "units"))
                        .collect()
                })
                .collect(),
        }
    }

    /// Fills the staff columns of `ix`; returns the concurrent appointments and the
    /// unknown references, in staff order.
    fn resolve(&self, staff: &StaffTable, ix: &mut Index) -> (Vec<ConcurrentRef>, Vec<UnknownRef>) {
        let mut unknown = Vec::new();
        let units = staff.unit_ids();
        let posts = staff.posts();
        let n = staff.len();
        let unit_pool = &ix.unit_pool;
        let pool_of = |u: u32| {
            if u == NONE {
                NONE
            } else {
                unit_pool[u as usize]
            }
        };
        let unit_at = |c: u32| self.units[c as usize].pos();
        ix.staff_unit = staff.unit_codes().iter().map(|&c| unit_at(c)).collect();
        ix.staff_pool = ix.staff_unit.iter().map(|&u| pool_of(u)).collect();
        ix.staff_cat = staff
            .category_codes()
            .iter()
            .map(|&c| {
                if c == NONE {
                    NO_CAT
                } else {
                    self.cats[c as usize]
                }
            })
            .collect();
        ix.staff_post = self.posts.iter().map(|r| r.pos()).collect();
        ix.staff_working_pool = staff
            .working_unit_codes()
            .iter()
            .map(|&c| if c == NONE { NONE } else { pool_of(unit_at(c)) })
            .collect();
        let mut report = |index: usize, field: &str, target: &str| {
            unknown.push(UnknownRef {
                array: "staff",
                index,
                field: field.to_string(),
                target: target.to_string(),
            })
        };
        let is_unknown =
            |r: &[Resolved], c: u32| c != NONE && matches!(r[c as usize], Resolved::Unknown);
        let (uc, wc) = (staff.unit_codes(), staff.working_unit_codes());
        let mut concurrent = Vec::new();
        let mut con = staff
            .concurrent_rows()
            .iter()
            .zip(&self.concurrent)
            .peekable();
        // Most rosters name no unknown unit or post: the per-person checks are skipped.
        let any_unknown = self
            .units
            .iter()
            .chain(&self.posts)
            .any(|r| matches!(r, Resolved::Unknown));
        for i in 0..n {
            if any_unknown {
                if is_unknown(&self.units, uc[i]) {
                    report(i, "unit", units.get(uc[i] as usize));
                }
                if matches!(self.posts[i], Resolved::Unknown) {
                    report(i, "post", posts.get(i));
                }
                if is_unknown(&self.units, wc[i]) {
                    report(i, "working_unit", units.get(wc[i] as usize));
                }
            }
            while let Some(((_, list), res)) = con.next_if(|((r, _), _)| *r as usize == i) {
                for (k, (c, r)) in list.iter().zip(res).enumerate() {
                    match r {
                        Resolved::At(u) => concurrent.push(ConcurrentRef {
                            staff: i as u32,
                            unit: *u,
                            level: c.leadership,
                        }),
                        Resolved::Skipped => {}
                        Resolved::Unknown => report(i, &format!("concurrent[{k}].unit"), &c.unit),
                    }
                }
            }
        }
        (concurrent, unknown)
    }
}

/// `(later, first)` for every staff record whose id repeats an earlier one, in staff order.
/// Hashes are scattered into cache-sized partitions (by their top bits) and each is checked
/// with a small table: one table of a million ids misses the cache on nearly every probe.
fn repeated_ids(ids: &Texts) -> Vec<(u32, u32)> {
    use std::collections::hash_map::Entry;
    use std::hash::BuildHasher;
    let n = ids.len();
    let parts = (n / 4096).next_power_of_two().clamp(1, 4096);
    let shift = 64 - parts.trailing_zeros();
    let hasher = rustc_hash::FxBuildHasher;
    let mut hashes = vec![0u64; n];
    crate::parallel::fill(&mut hashes, PARALLEL_MIN, |i| hasher.hash_one(ids.get(i)));
    let mut scattered: Vec<Vec<(u64, u32)>> = (0..parts)
        .map(|_| Vec::with_capacity(n / parts + n / parts / 8 + 16))
        .collect();
    for (i, &h) in hashes.iter().enumerate() {
        let p = if parts == 1 { 0 } else { (h >> shift) as usize };
        scattered[p].push((h, i as u32));
    }
    drop(hashes);
    // Partitions share no id: each core takes a run of them.
    let per = parts.div_ceil(crate::parallel::parts(n, PARALLEL_MIN));
    let groups: Vec<&[Vec<(u64, u32)>]> = scattered.chunks(per).collect();
    let found = crate::parallel::map_in_order(groups, |group| {
        let mut out = Vec::new();
        let mut by_hash: FxMap<u64, u32> = FxMap::default();
        // Different ids with the same hash (rare): by the id itself.
        let mut by_id: FxMap<&str, u32> = FxMap::default();
        for part in group {
            by_hash.clear();
            by_hash.reserve(part.len());
            by_id.clear();
            for &(h, i) in part {
                let id = ids.get(i as usize);
                match by_hash.entry(h) {
                    Entry::Vacant(e) => {
                        e.insert(i);
                    }
                    Entry::Occupied(e) if ids.get(*e.get() as usize) == id => {
                        out.push((i, *e.get()))
                    }
                    Entry::Occupied(_) => match by_id.entry(id) {
                        Entry::Occupied(e) => out.push((i, *e.get())),
                        Entry::Vacant(e) => {
                            e.insert(i);
                        }
                    },
                }
            }
        }
        out
    });
    let mut out: Vec<(u32, u32)> = found.into_iter().flatten().collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn repeated_ids_are_the_naive_answer(ids in prop::collection::vec("[a-c]{0,3}|S[0-9]{1,2}", 0..300)) {
            let staff: Vec<crate::model::Staff> =
                ids.iter().map(|id| crate::model::Staff::new(id.as_str(), "某", "U1")).collect();
            let mut first: std::collections::HashMap<&str, u32> = Default::default();
            let mut expected = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                match first.get(id.as_str()) {
                    Some(&f) => expected.push((i as u32, f)),
                    None => {
                        first.insert(id, i as u32);
                    }
                }
            }
            prop_assert_eq!(repeated_ids(StaffTable::from_vec(staff).ids()), expected);
        }
    }

    #[test]
    fn repeated_ids_across_many_partitions() {
        // 30 000 ids (8 partitions), every 7th repeating the id 1000 records earlier.
        let ids: Vec<String> = (0..30_000)
            .map(|i| {
                if i % 7 == 0 && i >= 1000 {
                    format!("S{}", i - 1000)
                } else {
                    format!("S{i}")
                }
            })
            .collect();
        let staff: Vec<crate::model::Staff> = ids
            .iter()
            .map(|id| crate::model::Staff::new(id.as_str(), "某", "U1"))
            .collect();
        let got = repeated_ids(StaffTable::from_vec(staff).ids());
        let expected: Vec<(u32, u32)> = (1000..30_000u32)
            .filter(|i| i % 7 == 0 && (i - 1000) % 7 != 0)
            .map(|i| (i, i - 1000))
            .collect();
        assert_eq!(got, expected);
    }
}
