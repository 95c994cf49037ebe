//! The one fast hasher for in-process hash maps: foldhash's fast hasher with its fixed seed.
//!
//! [`FastMap`] and [`FastSet`] are for keys that are our own data (table words, HS codes,
//! list entities), where HashDoS resistance does not matter; a fixed seed keeps every run's map
//! layout the same, so nothing that happens to depend on iteration order changes between runs.
//! Tables keyed by values of an imported file that a hostile sender could shape (party names of
//! a customs dump) take [`SeededBuildHasher`]: the same hash function with a seed drawn per
//! process, so that nobody can prepare colliding keys.
//!
//! ```
//! use chokepoint_refdata::hash::{FastMap, FastSet};
//! let mut m: FastMap<&str, u32> = FastMap::default();
//! m.insert("ru", 1);
//! let s: FastSet<u32> = [1, 2].into_iter().collect();
//! assert_eq!(m["ru"], 1);
//! assert!(s.contains(&2));
//! ```

/// The hasher builder of [`FastMap`] and [`FastSet`] (foldhash, fixed seed).
pub type FastBuildHasher = foldhash::fast::FixedState;

/// The same hasher with a per-process random seed, for tables keyed by outside input.
pub type SeededBuildHasher = foldhash::fast::RandomState;

/// A `HashMap` with the fast hasher.
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastBuildHasher>;

/// A `HashSet` with the fast hasher.
pub type FastSet<T> = std::collections::HashSet<T, FastBuildHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn fixed_seed_is_deterministic() {
        let a = FastBuildHasher::default().hash_one("Rostec");
        let b = FastBuildHasher::default().hash_one("Rostec");
        assert_eq!(a, b);
        assert_ne!(a, FastBuildHasher::default().hash_one("Rosteh"));
        let mut m: FastMap<String, usize> = FastMap::default();
        for (i, w) in ["a", "b", "c"].iter().enumerate() {
            m.insert((*w).to_string(), i);
        }
        let order: Vec<_> = m.keys().cloned().collect();
        let mut again: FastMap<String, usize> = FastMap::default();
        for (i, w) in ["a", "b", "c"].iter().enumerate() {
            again.insert((*w).to_string(), i);
        }
        assert_eq!(order, again.keys().cloned().collect::<Vec<_>>());
        let s: FastSet<u8> = [1, 1, 2].into_iter().collect();
        assert_eq!(s.len(), 2);
    }
}
