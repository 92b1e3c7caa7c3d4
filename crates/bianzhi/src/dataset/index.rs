//! The dense index built once per dataset: ids resolved to positions, pools, categories.

use super::pairs::Pairs;
use crate::model::{Category, Document, LeaderLevel};

/// Marker for "no index" in dense `u32` columns.
pub(crate) const NONE: u32 = u32::MAX;
/// Marker for "no category" in the dense category column.
pub(crate) const NO_CAT: u32 = u32::MAX;

/// FxHash (rustc-hash): ids and ID numbers are not attacker-chosen hash-flooding vectors
/// for a batch validator, and SipHash would be a third of the per-record budget.
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

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
    pub fn build(doc: &Document, skipped: &[(&'static str, String)]) -> Index {
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

        // Staff: repeated ids, then each record's references, on all cores for big rosters.
        for (i, first) in repeated_ids(&doc.staff) {
            ix.staff_dup_of.push((i, first));
            ix.dup_ids.push(("staff", i as usize, first as usize));
        }
        let refs = StaffRefs {
            doc,
            unit_by_id: &unit_by_id,
            post_by_id: &post_by_id,
            unit_pool: &ix.unit_pool,
            categories: &ix.categories,
            category_pos: &ix.category_pos,
            skipped: &skipped_set,
        };
        let ns = doc.staff.len();
        let chunks = crate::parallel::parts(ns, 50_000);
        // The columns are allocated whole and each chunk fills its own slice of them.
        ix.staff_unit = vec![NONE; ns];
        ix.staff_pool = vec![NONE; ns];
        ix.staff_cat = vec![NO_CAT; ns];
        ix.staff_post = vec![NONE; ns];
        ix.staff_working_pool = vec![NONE; ns];
        let mut slices = Vec::with_capacity(chunks);
        {
            let (mut u, mut p, mut c, mut s, mut w) = (
                &mut ix.staff_unit[..],
                &mut ix.staff_pool[..],
                &mut ix.staff_cat[..],
                &mut ix.staff_post[..],
                &mut ix.staff_working_pool[..],
            );
            for k in 0..chunks {
                let len = ns * (k + 1) / chunks - ns * k / chunks;
                let (u0, u1) = u.split_at_mut(len);
                let (p0, p1) = p.split_at_mut(len);
                let (c0, c1) = c.split_at_mut(len);
                let (s0, s1) = s.split_at_mut(len);
                let (w0, w1) = w.split_at_mut(len);
                slices.push((
                    ns * k / chunks,
                    StaffCols {
                        unit: u0,
                        pool: p0,
                        cat: c0,
                        post: s0,
                        working_pool: w0,
                    },
                ));
                (u, p, c, s, w) = (u1, p1, c1, s1, w1);
            }
        }
        let found: Vec<(Vec<ConcurrentRef>, Vec<UnknownRef>)> =
            crate::parallel::map_in_order(slices, |(start, cols)| refs.resolve(start, cols));
        let mut staff_unknown = Vec::new();
        for (mut concurrent, mut unknown) in found {
            ix.concurrent.append(&mut concurrent);
            staff_unknown.append(&mut unknown);
        }

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

/// What resolving staff references reads.
struct StaffRefs<'a> {
    doc: &'a Document,
    unit_by_id: &'a FxMap<&'a str, u32>,
    post_by_id: &'a FxMap<&'a str, u32>,
    unit_pool: &'a [u32],
    categories: &'a [Category],
    category_pos: &'a FxMap<Category, u32>,
    skipped: &'a SkippedSet<'a>,
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

/// The index columns of a contiguous range of staff, to fill.
struct StaffCols<'a> {
    unit: &'a mut [u32],
    pool: &'a mut [u32],
    cat: &'a mut [u32],
    post: &'a mut [u32],
    working_pool: &'a mut [u32],
}

impl StaffRefs<'_> {
    fn unit(&self, unknown: &mut Vec<UnknownRef>, index: usize, field: &str, id: &str) -> u32 {
        match self.unit_by_id.get(id) {
            Some(&u) => u,
            None => {
                if !self.skipped.contains(&("units", id)) {
                    unknown.push(UnknownRef {
                        array: "staff",
                        index,
                        field: field.to_string(),
                        target: id.to_string(),
                    });
                }
                NONE
            }
        }
    }

    fn pool_of(&self, unit: u32) -> u32 {
        if unit == NONE {
            NONE
        } else {
            self.unit_pool[unit as usize]
        }
    }

    /// Fills `cols` for the staff from `first` on; returns their concurrent appointments
    /// and unknown references.
    fn resolve(&self, first: usize, cols: StaffCols) -> (Vec<ConcurrentRef>, Vec<UnknownRef>) {
        let mut concurrent = Vec::new();
        let mut unknown = Vec::new();
        // Rosters usually list a unit's people together: the previous record's unit is
        // checked before the table.
        let mut last_unit: Option<(&str, u32)> = None;
        let staff = &self.doc.staff[first..first + cols.unit.len()];
        for (j, s) in staff.iter().enumerate() {
            let i = first + j;
            let u = match last_unit {
                Some((id, u)) if id == s.unit => u,
                _ => {
                    let u = self.unit(&mut unknown, i, "unit", &s.unit);
                    if u != NONE {
                        last_unit = Some((s.unit.as_str(), u));
                    }
                    u
                }
            };
            cols.unit[j] = u;
            cols.pool[j] = self.pool_of(u);
            cols.cat[j] = s
                .establishment
                .as_ref()
                .and_then(|e| category_in(self.categories, self.category_pos, e))
                .unwrap_or(NO_CAT);
            let p = match &s.post {
                Some(pid) => match self.post_by_id.get(pid.as_str()) {
                    Some(&p) => p,
                    None => {
                        if !self.skipped.contains(&("posts", pid.as_str())) {
                            unknown.push(UnknownRef {
                                array: "staff",
                                index: i,
                                field: "post".into(),
                                target: pid.clone(),
                            });
                        }
                        NONE
                    }
                },
                None => NONE,
            };
            cols.post[j] = p;
            let w = match &s.working_unit {
                Some(w) => {
                    let wu = self.unit(&mut unknown, i, "working_unit", w);
                    self.pool_of(wu)
                }
                None => NONE,
            };
            cols.working_pool[j] = w;
            for (k, con) in s.concurrent.iter().enumerate() {
                let field = format!("concurrent[{k}].unit");
                let cu = self.unit(&mut unknown, i, &field, &con.unit);
                if cu != NONE {
                    concurrent.push(ConcurrentRef {
                        staff: i as u32,
                        unit: cu,
                        level: con.leadership,
                    });
                }
            }
        }
        (concurrent, unknown)
    }
}

/// `(later, first)` for every staff record whose id repeats an earlier one, in staff order.
/// Hashes are scattered into cache-sized partitions (by their top bits) and each is checked
/// with a small table: one table of a million ids misses the cache on nearly every probe.
fn repeated_ids(staff: &[crate::model::Staff]) -> Vec<(u32, u32)> {
    use std::collections::hash_map::Entry;
    use std::hash::BuildHasher;
    let n = staff.len();
    let parts = (n / 4096).next_power_of_two().clamp(1, 4096);
    let shift = 64 - parts.trailing_zeros();
    let hasher = rustc_hash::FxBuildHasher;
    let mut scattered: Vec<Vec<(u64, u32)>> = (0..parts)
        .map(|_| Vec::with_capacity(n / parts + n / parts / 8 + 16))
        .collect();
    for (i, s) in staff.iter().enumerate() {
        let h = hasher.hash_one(s.id.as_str());
        let p = if parts == 1 { 0 } else { (h >> shift) as usize };
        scattered[p].push((h, i as u32));
    }
    let mut out = Vec::new();
    let mut by_hash: FxMap<u64, u32> = FxMap::default();
    // Different ids with the same hash (rare): by the id itself.
    let mut by_id: FxMap<&str, u32> = FxMap::default();
    for part in scattered {
        by_hash.clear();
        by_hash.reserve(part.len());
        by_id.clear();
        for (h, i) in part {
            let id = staff[i as usize].id.as_str();
            match by_hash.entry(h) {
                Entry::Vacant(e) => {
                    e.insert(i);
                }
                Entry::Occupied(e) if staff[*e.get() as usize].id == id => out.push((i, *e.get())),
                Entry::Occupied(_) => match by_id.entry(id) {
                    Entry::Occupied(e) => out.push((i, *e.get())),
                    Entry::Vacant(e) => {
                        e.insert(i);
                    }
                },
            }
        }
    }
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
            prop_assert_eq!(repeated_ids(&staff), expected);
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
        let got = repeated_ids(&staff);
        let expected: Vec<(u32, u32)> = (1000..30_000u32)
            .filter(|i| i % 7 == 0 && (i - 1000) % 7 != 0)
            .map(|i| (i, i - 1000))
            .collect();
        assert_eq!(got, expected);
    }
}
