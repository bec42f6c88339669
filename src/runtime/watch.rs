//! `--watch`: notices changes in the results directories and asks for a reload once writing has
//! settled (no event for ~200 ms and every file's size stable across two looks), the pattern
//! `allure watch` uses. Uses the platform watcher, else polling. Memory stays bounded: events
//! only set a flag and a time, they are never queued up.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

/// Quiet time before results count as settled.
pub const SETTLE: Duration = Duration::from_millis(200);

/// Sizes of the files in the directories, to tell whether writing has settled.
#[must_use]
pub fn size_fingerprint(dirs: &[PathBuf]) -> u64 {
    let mut total: u64 = 0;
    for dir in dirs {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let len = entry.metadata().map_or(0, |m| m.len());
            let name_hash = entry
                .file_name()
                .to_string_lossy()
                .bytes()
                .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
            total = total.wrapping_add(len.wrapping_mul(1_000_003) ^ name_hash);
        }
    }
    total
}

/// The directories `--watch` watches: each given one, and every results directory found
/// below a given one at start (`allure-tui --watch .` from a project whose tests write
/// `./allure-results`, or a folder of jobs): a watch is not recursive, so files written one
/// level down would go unnoticed. Archives are never watched (nothing writes into them).
#[must_use]
pub fn dirs_to_watch(
    given: &[PathBuf],
    limits: crate::model::source::archive::ArchiveLimits,
) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = given.iter().filter(|d| d.is_dir()).cloned().collect();
    if let Ok(inputs) = crate::model::inputs::resolve(given, limits) {
        for location in &inputs.locations {
            if let Some(dir) = location.source.local_path(&location.dir) {
                if dir.is_dir() && !dirs.contains(&dir) {
                    dirs.push(dir);
                }
            }
        }
    }
    dirs
}

/// Starts watching; calls `changed` (from the watcher thread) each time results settle after a
/// change. Returns a short description of the mechanism used.
pub fn watch(
    dirs: Vec<PathBuf>,
    changed: impl Fn() + Send + 'static,
) -> Result<&'static str, String> {
    let (tx, rx) = mpsc::channel::<()>();
    let handler = move |event: notify::Result<notify::Event>| {
        // Reading the results (our own reload) raises access events: reacting to those would
        // reload forever. Only writes, creations, renames and removals count.
        if event.is_ok_and(|e| !matches!(e.kind, notify::EventKind::Access(_))) {
            let _ = tx.send(());
        }
    };
    let (watcher, how): (Box<dyn Watcher + Send>, &'static str) =
        match RecommendedWatcher::new(handler.clone(), Config::default()) {
            Ok(w) => (Box::new(w), "file-system events"),
            Err(_) => {
                let poll = PollWatcher::new(
                    handler,
                    Config::default().with_poll_interval(Duration::from_millis(500)),
                )
                .map_err(|e| e.to_string())?;
                (Box::new(poll), "polling every 500 ms")
            }
        };
    let mut watcher = watcher;
    for dir in &dirs {
        watcher
            .watch(Path::new(dir), RecursiveMode::NonRecursive)
            .map_err(|e| e.to_string())?;
    }
    std::thread::spawn(move || {
        let _keep_alive = watcher;
        let mut dirty_since: Option<Instant> = None;
        loop {
            match rx.recv_timeout(SETTLE) {
                Ok(()) => {
                    dirty_since.get_or_insert_with(Instant::now);
                    // Drain a burst without queueing work for each event.
                    while rx.try_recv().is_ok() {}
                }
                Err(RecvTimeoutError::Timeout) => {
                    if dirty_since.take().is_some() {
                        settle(&dirs);
                        changed();
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    Ok(how)
}

/// Waits (up to 10 s) until file sizes stop changing.
fn settle(dirs: &[PathBuf]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = size_fingerprint(dirs);
    while Instant::now() < deadline {
        std::thread::sleep(SETTLE);
        let now = size_fingerprint(dirs);
        if now == last {
            return;
        }
        last = now;
    }
}
