//! Parent links walked once: every unit visited a bounded number of times, whatever the depth,
//! and no infinite loop on a file whose parents form a cycle.
//!
//! Validation reports the cycles this finds; the model only needs the order.

/// What one linear pass over the parent links found.
#[derive(Debug, Clone, Default)]
pub struct Forest {
    /// Every unit whose chain of parents reaches a top, each parent before its children.
    pub order: Vec<usize>,
    /// Each cycle of parents once, as the units on it in the order of their parent links,
    /// starting from the unit with the lowest index. A unit that is its own parent is a cycle of one.
    pub cycles: Vec<Vec<usize>>,
    /// True for a unit on a cycle or whose chain of parents runs into one (it has no top).
    pub topless: Vec<bool>,
}

/// Finds the order and the cycles of `parent` (an index per unit; indexes out of range count as
/// no parent) with visited marks: O(n) time and memory.
pub fn forest(parent: &[Option<usize>]) -> Forest {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let n = parent.len();
    let mut state = vec![NEW; n];
    let mut pos = vec![0usize; n];
    let mut topless = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut cycles = Vec::new();
    let mut path: Vec<usize> = Vec::new();
    for start in 0..n {
        if state[start] != NEW {
            continue;
        }
        path.clear();
        let mut at = start;
        let no_top = loop {
            state[at] = ON_PATH;
            pos[at] = path.len();
            path.push(at);
            match parent[at].filter(|&p| p < n) {
                None => break false,
                Some(p) => match state[p] {
                    NEW => at = p,
                    ON_PATH => {
                        let mut cycle = path[pos[p]..].to_vec();
                        let lowest = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                        cycle.rotate_left(lowest);
                        cycles.push(cycle);
                        break true;
                    }
                    _ => break topless[p],
                },
            }
        };
        for &u in &path {
            state[u] = DONE;
            topless[u] = no_top;
        }
        if !no_top {
            order.extend(path.iter().rev());
        }
    }
    Forest { order, cycles, topless }
}

/// For each unit, the nearest proper ancestor for which `marked` is true (None at the top, and
/// for units without a top). O(n) given `forest(parent)`.
pub fn nearest_marked_ancestor(
    parent: &[Option<usize>],
    forest: &Forest,
    marked: impl Fn(usize) -> bool,
) -> Vec<Option<usize>> {
    let mut nearest: Vec<Option<usize>> = vec![None; parent.len()];
    for &u in &forest.order {
        if let Some(p) = parent[u].filter(|&p| p < parent.len()) {
            nearest[u] = if marked(p) { Some(p) } else { nearest[p] };
        }
    }
    nearest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_before_children_and_cycles_are_found_once() {
        // 0 ← 1 ← 2;  3 → 4 → 3;  5 → 3 (into the cycle);  6 → 6.
        let parent = [None, Some(0), Some(1), Some(4), Some(3), Some(3), Some(6)];
        let f = forest(&parent);
        assert_eq!(f.order, [0, 1, 2]);
        assert_eq!(f.cycles, [vec![3, 4], vec![6]]);
        assert_eq!(f.topless, [false, false, false, true, true, true, true]);
    }

    #[test]
    fn a_deep_chain_is_linear() {
        let n = 1_000_000;
        // Unit i's parent is i + 1: the worst order for a naive walk.
        let parent: Vec<Option<usize>> = (0..n).map(|i| (i + 1 < n).then_some(i + 1)).collect();
        let f = forest(&parent);
        assert_eq!(f.order.len(), n);
        assert_eq!(f.order[0], n - 1);
        let nearest = nearest_marked_ancestor(&parent, &f, |u| u == n - 1);
        assert!(nearest[..n - 1].iter().all(|&a| a == Some(n - 1)));
        assert_eq!(nearest[n - 1], None);
    }
}
