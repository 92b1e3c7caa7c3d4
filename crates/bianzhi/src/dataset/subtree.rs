//! Preorder intervals of the unit tree, so that "is this unit below that one" is two
//! comparisons instead of a walk up the parent chain. Walking the chain per concurrent
//! appointment made 100 000 appointments in a deep chain take 30 s.

use super::index::NONE;

/// For each unit on a rooted tree (not on or under a cycle), its preorder position and the
/// end of its subtree's positions; `NONE` for the others, which fall back to the walk.
#[derive(Debug, Clone, Default)]
pub(crate) struct Subtree {
    enter: Vec<u32>,
    leave: Vec<u32>,
}

impl Subtree {
    /// Built from the parent column and the depths (`NONE` on or under a cycle) in O(n).
    pub(crate) fn build(parent: &[u32], depth: &[u32]) -> Subtree {
        let n = parent.len();
        let mut enter = vec![NONE; n];
        let mut leave = vec![NONE; n];
        // Children as a compressed adjacency list (counting sort by parent), in unit order.
        let mut start = vec![0u32; n + 1];
        for (u, &p) in parent.iter().enumerate() {
            if p != NONE && depth[u] != NONE {
                start[p as usize + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut child = vec![0u32; start[n] as usize];
        for (u, &p) in parent.iter().enumerate() {
            if p != NONE && depth[u] != NONE {
                child[fill[p as usize] as usize] = u as u32;
                fill[p as usize] += 1;
            }
        }
        let mut clock = 0u32;
        // (unit, next child offset)
        let mut stack: Vec<(u32, u32)> = Vec::new();
        for root in 0..n {
            if parent[root] != NONE || depth[root] == NONE {
                continue;
            }
            enter[root] = clock;
            clock += 1;
            stack.push((root as u32, start[root]));
            while let Some(top) = stack.last_mut() {
                let (u, next) = *top;
                if next < start[u as usize + 1] {
                    top.1 += 1;
                    let c = child[next as usize];
                    enter[c as usize] = clock;
                    clock += 1;
                    stack.push((c, start[c as usize]));
                } else {
                    leave[u as usize] = clock;
                    stack.pop();
                }
            }
        }
        Subtree { enter, leave }
    }

    /// Whether `unit` lies strictly below `ancestor`, or `None` when either is not on a
    /// rooted tree (the caller walks the chain then).
    pub(crate) fn is_below(&self, unit: u32, ancestor: u32) -> Option<bool> {
        let (u, a) = (unit as usize, ancestor as usize);
        let (eu, ea) = (*self.enter.get(u)?, *self.enter.get(a)?);
        if eu == NONE || ea == NONE {
            return None;
        }
        Some(ea < eu && eu < self.leave[a])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_match_the_walk() {
        // 0 ← 1 ← 2, 0 ← 3, 4 alone, 5 ↔ 6 a cycle, 7 under the cycle
        let parent = [NONE, 0, 1, 0, NONE, 6, 5, 5];
        let depth = [0, 1, 2, 1, 0, NONE, NONE, NONE];
        let t = Subtree::build(&parent, &depth);
        let walk = |u: u32, a: u32| {
            let mut cur = u;
            for _ in 0..parent.len() {
                let p = parent[cur as usize];
                if p == NONE {
                    return false;
                }
                if p == a {
                    return true;
                }
                cur = p;
            }
            false
        };
        for u in 0..5u32 {
            for a in 0..5u32 {
                assert_eq!(t.is_below(u, a), Some(walk(u, a)), "{u} below {a}");
            }
        }
        assert_eq!(t.is_below(7, 5), None);
        assert_eq!(t.is_below(2, 6), None);
    }
}
