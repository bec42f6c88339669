//! Which current tests a history key belongs to, built once per load and looked up for every
//! entry of every history line (a million lookups at 50k tests x 20 runs).
//!
//! Keys are held as 64-bit hashes in one flat table: a string-keyed map made each lookup a
//! chain of three cache misses (the slot, the key's bytes, the targets' list), which was most
//! of reading an entry. No terminal dependencies.

use std::hash::BuildHasher;

/// A key's slot: its hash and its first target; `more` indexes the full list when a key has
/// several targets (rare: two current tests sharing a fallback key).
#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    target: (u32, u8),
    more: u32,
}

/// `Slot::more` for a key with one target.
const ONE: u32 = u32::MAX;

/// History key -> `(test index, candidate rank)` of every current test known by it; rank 0 is
/// the test's own Allure 3 key, higher ranks are fallbacks (raw historyId and the like).
///
/// Keys are compared by a 64-bit hash (foldhash's quality variant, seeded anew for every
/// index): two different keys of one load share a hash with a probability of about n²/2⁶⁵ for
/// n keys (6·10⁻¹⁰ at 150,000), and input cannot be crafted to collide without the seed.
#[derive(Debug, Default)]
pub struct KeyIndex {
    hasher: foldhash::quality::RandomState,
    slots: hashbrown::HashTable<Slot>,
    more: Vec<Vec<(u32, u8)>>,
}

impl KeyIndex {
    /// Records that `key` is the candidate of rank `rank` of test `test`.
    pub fn insert(&mut self, key: &str, test: u32, rank: u8) {
        let hash = self.hasher.hash_one(key);
        match self.slots.find_mut(hash, |slot| slot.hash == hash) {
            Some(slot) if slot.more == ONE => {
                slot.more = self.more.len() as u32;
                self.more.push(vec![slot.target, (test, rank)]);
            }
            Some(slot) => self.more[slot.more as usize].push((test, rank)),
            None => {
                self.slots.insert_unique(
                    hash,
                    Slot {
                        hash,
                        target: (test, rank),
                        more: ONE,
                    },
                    |slot| slot.hash,
                );
            }
        }
    }

    /// The targets of `key`, in insertion order; `None` for a key no current test has.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&[(u32, u8)]> {
        let hash = self.hasher.hash_one(key);
        let slot = self.slots.find(hash, |slot| slot.hash == hash)?;
        Some(if slot.more == ONE {
            std::slice::from_ref(&slot.target)
        } else {
            &self.more[slot.more as usize]
        })
    }

    /// Number of distinct keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when no key is known.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_every_target_in_order() {
        let mut index = KeyIndex::default();
        assert!(index.is_empty());
        index.insert("a1b2", 0, 0);
        index.insert("shared", 1, 2);
        index.insert("shared", 3, 1);
        index.insert("shared", 4, 2);
        assert_eq!(index.get("a1b2"), Some(&[(0, 0)][..]));
        assert_eq!(index.get("shared"), Some(&[(1, 2), (3, 1), (4, 2)][..]));
        assert_eq!(index.get("A1B2"), None);
        assert_eq!(index.get(""), None);
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn many_keys_are_found_and_strangers_are_not() {
        let mut index = KeyIndex::default();
        for n in 0..100_000u32 {
            index.insert(&format!("{n:032x}"), n, 0);
        }
        for n in (0..100_000u32).step_by(7) {
            assert_eq!(index.get(&format!("{n:032x}")), Some(&[(n, 0)][..]));
            assert_eq!(index.get(&format!("{:032x}", n + 100_000)), None);
        }
    }
}
