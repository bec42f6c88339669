//! Writing history safely: a temp file beside the target, flushed to disk, then renamed over it
//! (a crash or a full disk leaves the old file whole), and a lock file so two jobs appending at
//! once take turns instead of one overwriting the other. No terminal dependencies.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long [`HistoryLock::acquire`] waits for another writer before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(120);

/// Writes `bytes` to `path` atomically: a temp file in the same directory (same file system, so
/// the rename is atomic), `fsync`, rename, then `fsync` of the directory where supported. On any
/// error the temp file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Like [`write_atomic`], with the content produced by `fill` (for streaming a large file).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = parent_dir(path);
    std::fs::create_dir_all(&dir)?;
    let temp = temp_path(path);
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        fill(&mut file)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    } else if let Ok(dir) = File::open(&dir) {
        // Makes the rename itself durable; not possible (nor needed) on every platform.
        let _ = dir.sync_all();
    }
    result
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "history".into(), |n| n.to_string_lossy().into_owned());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    parent_dir(path).join(format!(".{name}.{}.{nanos}.tmp", std::process::id()))
}

/// An exclusive lock on a history target, held while the value lives: the file `<target>.lock`
/// created with `create_new` (atomic on local file systems and `NFSv3`+), holding the owner's pid.
/// A lock whose owner process is gone (Linux: no `/proc/<pid>`) is taken over.
#[derive(Debug)]
pub struct HistoryLock {
    path: PathBuf,
}

impl HistoryLock {
    /// The lock file used for a target.
    #[must_use]
    pub fn path_for(target: &Path) -> PathBuf {
        let mut name = target
            .file_name()
            .map_or_else(|| "history".into(), std::ffi::OsStr::to_os_string);
        name.push(".lock");
        parent_dir(target).join(name)
    }

    /// Waits (polling) until the lock is free, up to `wait`; an error names the holder.
    pub fn acquire(target: &Path, wait: Duration) -> std::io::Result<HistoryLock> {
        let path = Self::path_for(target);
        std::fs::create_dir_all(parent_dir(&path))?;
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(5);
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    return Ok(HistoryLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if holder_is_gone(&path) {
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    if Instant::now() >= deadline {
                        let holder = std::fs::read_to_string(&path).unwrap_or_default();
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::WouldBlock,
                            format!(
                                "{} is held by process {} (remove it if no writer is running)",
                                path.display(),
                                holder.trim()
                            ),
                        ));
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for HistoryLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// True when the lock names a pid that no longer runs (Linux only; elsewhere never).
fn holder_is_gone(lock: &Path) -> bool {
    if !Path::new("/proc/self").exists() {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(lock) else {
        return false;
    };
    match text.trim().parse::<u32>() {
        Ok(pid) => !Path::new(&format!("/proc/{pid}")).exists(),
        // Empty: the holder is between create and write; give it time.
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("allure-tui-safe-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_failing_write_leaves_the_old_file_whole_and_no_temp_file() {
        let dir = temp_dir("fail");
        let target = dir.join("history.jsonl");
        std::fs::write(&target, "old line\n").unwrap();
        let err = write_atomic_with(&target, |file| {
            file.write_all(b"half a new fi")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old line\n");
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "temp file removed");
        write_atomic(&target, b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
    }

    #[test]
    fn a_held_lock_times_out_naming_the_holder_and_a_dead_holder_is_taken_over() {
        let dir = temp_dir("lock");
        let target = dir.join("history.jsonl");
        let held = HistoryLock::acquire(&target, LOCK_WAIT).unwrap();
        let err = HistoryLock::acquire(&target, Duration::from_millis(30)).unwrap_err();
        assert!(err.to_string().contains(&std::process::id().to_string()));
        drop(held);
        assert!(!HistoryLock::path_for(&target).exists());
        if Path::new("/proc/self").exists() {
            // A pid far above pid_max's default cannot be running.
            std::fs::write(HistoryLock::path_for(&target), "4194999\n").unwrap();
            let lock = HistoryLock::acquire(&target, Duration::from_millis(30));
            assert!(lock.is_ok(), "stale lock taken over");
        }
    }
}
