//! Where a load's long-lived allocations go: one of two sets of jemalloc arenas ("load
//! arenas", one arena per core in each set), taken in turn, so a report and the report that
//! replaces it never share memory pages.
//!
//! Why: a `--watch` or `R` reload builds the new report while the old one is still shown, then
//! drops the old one. In one shared heap the two interleave on the same pages, and after the
//! old report is gone its pages stay partly used by the new one: over the first reloads of a
//! 10k-test set resident memory grew from 62 to 70 MiB (+15%) although the live heap was
//! constant (issue 10's soak; BENCHMARKS.md, "Reload soak"). With each load in the arenas the
//! shown report does not use, dropping the old report empties its arenas, whose pages are then
//! handed back at once ([`shown`]): the soak stays within 3% and at 42 MiB.
//!
//! How: the load's threads allocate in its arenas ([`LoadArena::enter`]); threads they spawn
//! follow their spawner into the same set, each to an arena of its own ([`LoadArena::here`]);
//! the thread that swaps the new report in enters the set too, so what it derives from the
//! report lives beside it.
//!
//! Off until [`enable`] is called by a binary whose global allocator is jemalloc (`main.rs`,
//! the benches): elsewhere every call here does nothing. Placement only: nothing here changes
//! what a program computes, and a failed allocator call leaves allocations where they were.

#[cfg(not(target_env = "msvc"))]
mod arenas {
    use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
    use std::sync::OnceLock;

    use tikv_jemalloc_ctl::{Access, AsName};

    /// Set by [`super::enable`].
    static ENABLED: AtomicBool = AtomicBool::new(false);
    /// The two load slots' arenas, one per core in each (a load's parse threads would
    /// otherwise wait on one arena's locks: 4% of the first frame at 100k tests); made on
    /// first use, `None` when jemalloc refused.
    static SLOTS: OnceLock<Option<[Vec<u32>; 2]>> = OnceLock::new();
    /// Threads that entered each slot so far: the next one takes the next arena.
    static ENTERED: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];
    /// The slot of the report shown now (`u8::MAX`: none yet).
    static SHOWN: AtomicU8 = AtomicU8::new(u8::MAX);

    pub fn enable() {
        ENABLED.store(true, Ordering::Relaxed);
    }

    fn slots() -> Option<&'static [Vec<u32>; 2]> {
        if !ENABLED.load(Ordering::Relaxed) {
            return None;
        }
        SLOTS
            .get_or_init(|| {
                let per_slot = std::thread::available_parallelism().map_or(2, usize::from);
                let make = || -> Option<Vec<u32>> {
                    (0..per_slot.clamp(1, 8))
                        .map(|_| b"arenas.create\0".name().read().ok())
                        .collect()
                };
                Some([make()?, make()?])
            })
            .as_ref()
    }

    /// The slot the shown report is not in.
    pub fn for_next_load() -> Option<u8> {
        slots()?;
        Some(u8::from(SHOWN.load(Ordering::Relaxed) == 0))
    }

    /// The slot of the calling thread's arena, when it is a load arena (threads elsewhere,
    /// `summary`'s say, keep jemalloc's own choice of arena per thread).
    pub fn current() -> Option<u8> {
        let slots = SLOTS.get()?.as_ref()?;
        let arena: u32 = b"thread.arena\0".name().read().ok()?;
        slots
            .iter()
            .position(|arenas| arenas.contains(&arena))
            .map(|slot| slot as u8)
    }

    /// Makes the calling thread allocate in the next arena of `slot`.
    pub fn enter(slot: u8) {
        let Some(slots) = slots() else { return };
        let arenas = &slots[usize::from(slot)];
        let n = ENTERED[usize::from(slot)].fetch_add(1, Ordering::Relaxed);
        let _ = b"thread.arena\0".name().write(arenas[n % arenas.len()]);
    }

    /// Records `slot` as the shown report's and hands back the free pages of the other one.
    pub fn shown(slot: u8) {
        let Some(slots) = slots() else { return };
        SHOWN.store(slot, Ordering::Relaxed);
        for arena in &slots[usize::from(slot == 0)] {
            // Setting an arena's decay time to 0 purges its unused pages at once (jemalloc's
            // `arena_decay_ms_set`); the previous time is then put back.
            for key in ["dirty_decay_ms", "muzzy_decay_ms"] {
                let name = format!("arena.{arena}.{key}\0");
                let name = name.as_bytes().name();
                let Ok(previous) = Access::<isize>::read(name) else {
                    continue;
                };
                if name.write(0_isize).is_ok() {
                    let _ = name.write(previous);
                }
            }
        }
    }
}

#[cfg(target_env = "msvc")]
mod arenas {
    pub fn enable() {}
    pub fn for_next_load() -> Option<u8> {
        None
    }
    pub fn current() -> Option<u8> {
        None
    }
    pub fn enter(_: u8) {}
    pub fn shown(_: u8) {}
}

/// Turns load arenas on: call once, at start, where jemalloc is the global allocator.
pub fn enable() {
    arenas::enable();
}

/// The set of arenas a load allocates in (a no-op token when load arenas are off).
///
/// A thread that spawns helpers for a load passes its own on: `let heap = LoadArena::here();`
/// before spawning, `heap.enter()` first thing in the new thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadArena(Option<u8>);

impl LoadArena {
    /// The arenas for the next load: the set the shown report is not in.
    #[must_use]
    pub fn for_next_load() -> LoadArena {
        LoadArena(arenas::for_next_load())
    }

    /// The calling thread's set of load arenas (none when it allocates elsewhere, or load
    /// arenas are off).
    #[must_use]
    pub fn here() -> LoadArena {
        LoadArena(arenas::current())
    }

    /// Makes the calling thread allocate in one of these arenas, an arena of its own among
    /// them, from now on.
    pub fn enter(self) {
        if let Some(arena) = self.0 {
            arenas::enter(arena);
        }
    }
}

/// The report loaded in `arena` is now the one shown (the previous one was dropped): the
/// other set's free pages go back to the system, and the next load goes there.
pub fn shown(arena: LoadArena) {
    if let Some(arena) = arena.0 {
        arenas::shown(arena);
    }
}

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    use super::*;

    /// One test: the switch and the shown arena are process-wide.
    #[test]
    fn loads_alternate_between_two_arenas_and_spawned_threads_follow() {
        assert_eq!(
            LoadArena::for_next_load(),
            LoadArena(None),
            "off by default"
        );
        assert!(LoadArena::here().0.is_none());

        enable();
        let first = LoadArena::for_next_load();
        assert!(first.0.is_some());
        first.enter();
        assert_eq!(LoadArena::here().0, first.0, "the thread allocates there");
        let heap = LoadArena::here();
        let arena_of_thread = || -> u32 {
            use tikv_jemalloc_ctl::{Access, AsName};
            b"thread.arena\0".name().read().unwrap()
        };
        let (spawned, spawned_arena) = std::thread::spawn(move || {
            heap.enter();
            (LoadArena::here().0, arena_of_thread())
        })
        .join()
        .unwrap();
        assert_eq!(spawned, first.0, "a spawned thread follows its spawner");
        if std::thread::available_parallelism().map_or(1, usize::from) > 1 {
            assert_ne!(spawned_arena, arena_of_thread(), "in an arena of its own");
        }

        // Until a report is shown, loads keep going to the same arena.
        assert_eq!(LoadArena::for_next_load(), first);
        shown(first);
        let second = LoadArena::for_next_load();
        assert!(
            second.0.is_some() && second != first,
            "the next load goes elsewhere"
        );
        shown(second);
        assert_eq!(LoadArena::for_next_load(), first, "and back");
    }
}
