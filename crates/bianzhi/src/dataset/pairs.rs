//! Counts per (unit, category) pair, stored densely when the categories are few and
//! sparsely (only the pairs that occur) when a dataset declares many: 20 000 declared
//! categories over 20 000 units would otherwise be 400 million counters, per thread.

use super::index::FxMap;

/// Up to this many categories the counts are a dense `units × categories` table (the four
/// built-ins and a few declared ones: the common case, and the fastest); beyond it, a map.
pub(crate) const DENSE_MAX_CATEGORIES: usize = 8;

/// Counts per (unit, category).
#[derive(Debug, Clone)]
pub(crate) enum Pairs {
    /// `units × ncat`, row-major.
    Dense { ncat: usize, v: Vec<u32> },
    /// Only the pairs that occur, keyed `unit << 32 | category`.
    Sparse(FxMap<u64, u32>),
}

impl Default for Pairs {
    fn default() -> Pairs {
        Pairs::Sparse(FxMap::default())
    }
}

fn key(u: u32, c: u32) -> u64 {
    (u64::from(u) << 32) | u64::from(c)
}

impl Pairs {
    /// Zero counts for `units` units and `ncat` categories; the memory does not grow
    /// with `ncat` past [`DENSE_MAX_CATEGORIES`].
    pub fn new(units: usize, ncat: usize) -> Pairs {
        if ncat <= DENSE_MAX_CATEGORIES {
            Pairs::Dense {
                ncat,
                v: vec![0; units * ncat],
            }
        } else {
            Pairs::Sparse(FxMap::default())
        }
    }

    #[inline]
    pub fn get(&self, u: u32, c: u32) -> u32 {
        match self {
            Pairs::Dense { ncat, v } => v[u as usize * ncat + c as usize],
            Pairs::Sparse(m) => m.get(&key(u, c)).copied().unwrap_or(0),
        }
    }

    #[inline]
    pub fn add(&mut self, u: u32, c: u32, n: u32) {
        match self {
            Pairs::Dense { ncat, v } => {
                let x = &mut v[u as usize * *ncat + c as usize];
                *x = x.saturating_add(n);
            }
            Pairs::Sparse(m) => {
                let x = m.entry(key(u, c)).or_insert(0);
                *x = x.saturating_add(n);
            }
        }
    }

    pub fn set(&mut self, u: u32, c: u32, n: u32) {
        match self {
            Pairs::Dense { ncat, v } => v[u as usize * *ncat + c as usize] = n,
            Pairs::Sparse(m) => {
                m.insert(key(u, c), n);
            }
        }
    }

    /// Adds the counts of `o` (built with the same shape).
    pub fn merge(&mut self, o: &Pairs) {
        match (self, o) {
            (Pairs::Dense { v, .. }, Pairs::Dense { v: w, .. }) => {
                for (x, y) in v.iter_mut().zip(w) {
                    *x = x.saturating_add(*y);
                }
            }
            (this, o) => {
                for (u, c, n) in o.nonzero() {
                    this.add(u, c, n);
                }
            }
        }
    }

    /// Σ over the categories of each unit, for `units` units.
    pub fn unit_totals(&self, units: usize) -> Vec<u64> {
        let mut t = vec![0u64; units];
        for (u, _, n) in self.nonzero() {
            if let Some(x) = t.get_mut(u as usize) {
                *x += u64::from(n);
            }
        }
        t
    }

    /// A dense `units × ncat` copy (for callers that update counts in place).
    pub fn to_dense(&self, units: usize, ncat: usize) -> Vec<u32> {
        let mut v = vec![0u32; units * ncat];
        for (u, c, n) in self.nonzero() {
            if let Some(x) = v.get_mut(u as usize * ncat + c as usize) {
                *x = n;
            }
        }
        v
    }

    /// The non-zero counts as (unit, category, count), in unit then category order.
    pub fn nonzero(&self) -> Vec<(u32, u32, u32)> {
        match self {
            Pairs::Dense { ncat, v } => v
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(i, &n)| ((i / ncat) as u32, (i % ncat) as u32, n))
                .collect(),
            Pairs::Sparse(m) => {
                let mut out: Vec<(u32, u32, u32)> = m
                    .iter()
                    .filter(|(_, &n)| n > 0)
                    .map(|(&k, &n)| ((k >> 32) as u32, k as u32, n))
                    .collect();
                out.sort_unstable();
                out
            }
        }
    }
}

/// The (unit, category) pairs where either of two tables is non-zero, in unit then
/// category order, with both counts: what the occupancy rules walk instead of every
/// unit × every category.
pub(crate) fn union(a: &Pairs, b: &Pairs) -> Vec<(u32, u32, u32, u32)> {
    let (x, y) = (a.nonzero(), b.nonzero());
    let mut out = Vec::with_capacity(x.len().max(y.len()));
    let (mut i, mut j) = (0, 0);
    while i < x.len() || j < y.len() {
        let kx = x.get(i).map(|t| (t.0, t.1));
        let ky = y.get(j).map(|t| (t.0, t.1));
        match (kx, ky) {
            (Some(p), Some(q)) if p == q => {
                out.push((p.0, p.1, x[i].2, y[j].2));
                i += 1;
                j += 1;
            }
            (Some(p), q) if q.is_none_or(|q| p < q) => {
                out.push((p.0, p.1, x[i].2, 0));
                i += 1;
            }
            (_, Some(q)) => {
                out.push((q.0, q.1, 0, y[j].2));
                j += 1;
            }
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_agree() {
        let mut d = Pairs::new(3, 4);
        let mut s = Pairs::new(3, 100);
        for (u, c, n) in [(2, 1, 5), (0, 3, 1), (2, 1, 2), (1, 0, 7)] {
            d.add(u, c, n);
            s.add(u, c, n);
        }
        assert_eq!(d.nonzero(), vec![(0, 3, 1), (1, 0, 7), (2, 1, 7)]);
        assert_eq!(s.nonzero(), d.nonzero());
        let mut q = Pairs::new(3, 100);
        q.set(1, 0, 2);
        q.set(1, 2, 4);
        assert_eq!(
            union(&q, &s),
            vec![(0, 3, 0, 1), (1, 0, 2, 7), (1, 2, 4, 0), (2, 1, 0, 7)]
        );
        let mut m = s.clone();
        m.merge(&s);
        assert_eq!(m.get(2, 1), 14);
        assert_eq!(m.get(0, 0), 0);
    }
}
