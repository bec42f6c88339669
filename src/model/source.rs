//! Where input files come from: a directory on disk, or an archive (`.zip`, `.tar`,
//! `.tar.gz`/`.tgz`) read in place.
//!
//! A [`Source`] is a tree of files addressed by relative, `/`-separated paths (`""` is its root).
//! Everything in an archive is untrusted: names are checked once, when the archive is indexed
//! (see `source/archive.rs`), and nothing is ever written outside a private temporary directory.
//! No terminal dependencies.

pub mod archive;
pub mod file;
pub mod tar;
pub mod zip;

use std::io::Read;
use std::path::{Path, PathBuf};

use super::warning::Warning;

/// What an entry of a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link (never followed).
    Symlink,
    /// Anything else (device, fifo, …).
    Other,
}

/// One entry of a directory listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInfo {
    /// The entry's name within its directory.
    pub name: String,
    /// What it is.
    pub kind: EntryKind,
    /// Its size in bytes, when the listing knows it (archives do; directories do not stat).
    pub size: Option<u64>,
}

/// A tree of files the product reads.
pub trait Source: Send + Sync {
    /// How to name a path of this source to a person: a path on disk, or `archive.zip!/a/b`.
    fn describe(&self, path: &str) -> String;
    /// The direct children of a directory (`""` is the root), in no particular order.
    fn list(&self, dir: &str) -> std::io::Result<Vec<EntryInfo>>;
    /// The bytes of a file.
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>>;
    /// A file as a stream (history files can be gigabytes).
    fn open(&self, path: &str) -> std::io::Result<Box<dyn Read + Send + '_>>;
    /// The file's own path on disk, when it has one (directories): lets a big file be read from
    /// its end, and a person's tools open it.
    fn local_path(&self, path: &str) -> Option<PathBuf>;
    /// A path on disk holding the file's bytes: its own, or a copy extracted once into a
    /// private temporary directory (removed with the source).
    fn extract(&self, path: &str) -> std::io::Result<PathBuf>;
    /// What was wrong with the source itself (hostile archive entries and the like).
    fn warnings(&self) -> Vec<Warning> {
        Vec::new()
    }
    /// A short name of what this is, for the header and summary: `zip`, `tar.gz`, `directory`.
    fn kind_label(&self) -> &'static str;
}

/// A reader fed by a thread: `produce` writes into a bounded pipe (a few 1 MiB chunks) and the
/// reader returns what arrives, then its error if it failed. For archive entries whose
/// decompressor cannot be borrowed by the reader that is handed out.
pub fn piped(
    produce: impl FnOnce(&mut Pipe) -> std::io::Result<()> + Send + 'static,
) -> Box<dyn Read + Send> {
    let (tx, rx) = std::sync::mpsc::sync_channel(4);
    let heap = crate::heap::LoadArena::here();
    let worker = std::thread::spawn(move || {
        heap.enter();
        let mut pipe = Pipe {
            tx,
            chunk: Vec::with_capacity(1 << 20),
        };
        let outcome = produce(&mut pipe).and_then(|()| pipe.flush_chunk());
        if let Err(e) = outcome {
            let _ = pipe.tx.send(Err(e));
        }
    });
    Box::new(PipeReader {
        rx: Some(rx),
        worker: Some(worker),
        current: std::io::Cursor::new(Vec::new()),
    })
}

/// The writing end of [`piped`].
pub struct Pipe {
    tx: std::sync::mpsc::SyncSender<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
}

impl Pipe {
    fn flush_chunk(&mut self) -> std::io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(1 << 20));
        self.tx
            .send(Ok(full))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "reader gone"))
    }
}

impl std::io::Write for Pipe {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= 1 << 20 {
            self.flush_chunk()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flush_chunk()
    }
}

struct PipeReader {
    /// `None` only while dropping.
    rx: Option<std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>>,
    worker: Option<std::thread::JoinHandle<()>>,
    current: std::io::Cursor<Vec<u8>>,
}

/// A reader dropped early (a capped read, a closed pager) hangs up first, so the producer's
/// next send fails and it stops; then it is joined: no thread outlives its reader.
impl Drop for PipeReader {
    fn drop(&mut self) {
        drop(self.rx.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

impl Read for PipeReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.current.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            let Some(rx) = &self.rx else { return Ok(0) };
            match rx.recv() {
                Ok(Ok(chunk)) => self.current = std::io::Cursor::new(chunk),
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(0),
            }
        }
    }
}

/// Joins a directory path and a name (`""` is the root).
#[must_use]
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// The parent directory of a path (`""` for a top-level name and for the root).
#[must_use]
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// A directory on disk.
#[derive(Debug, Clone)]
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    /// The tree below `root`.
    #[must_use]
    pub fn new(root: PathBuf) -> DirSource {
        DirSource { root }
    }

    /// The directory's own path.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, path: &str) -> PathBuf {
        // Paths come from this source's own listings: plain names joined by '/'.
        if path.is_empty() {
            self.root.clone()
        } else {
            self.root.join(path)
        }
    }
}

impl Source for DirSource {
    fn describe(&self, path: &str) -> String {
        self.path_of(path).display().to_string()
    }

    fn list(&self, dir: &str) -> std::io::Result<Vec<EntryInfo>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(self.path_of(dir))? {
            let entry = entry?;
            // Names that are not UTF-8 are not Allure's: adapters write ASCII names.
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            // The file type comes with the listing on most file systems: no stat per file.
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => EntryKind::Symlink,
                Ok(t) if t.is_dir() => EntryKind::Dir,
                Ok(t) if t.is_file() => EntryKind::File,
                _ => EntryKind::Other,
            };
            out.push(EntryInfo {
                name,
                kind,
                size: None,
            });
        }
        Ok(out)
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.path_of(path))
    }

    fn open(&self, path: &str) -> std::io::Result<Box<dyn Read + Send + '_>> {
        Ok(Box::new(std::fs::File::open(self.path_of(path))?))
    }

    fn local_path(&self, path: &str) -> Option<PathBuf> {
        Some(self.path_of(path))
    }

    fn extract(&self, path: &str) -> std::io::Result<PathBuf> {
        Ok(self.path_of(path))
    }

    fn kind_label(&self) -> &'static str {
        "directory"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader dropped before the end stops and joins its producer: no thread outlives it
    /// (the archive fuzz target found producers left running; `fuzz/README.md`).
    #[test]
    fn a_pipe_dropped_early_stops_its_producer() {
        let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = finished.clone();
        let mut reader = piped(move |pipe| {
            let outcome = loop {
                if let Err(e) = std::io::Write::write_all(pipe, &vec![7u8; 64 * 1024]) {
                    break Err(e);
                }
            };
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            outcome
        });
        let mut head = [0u8; 10];
        reader.read_exact(&mut head).unwrap();
        assert_eq!(head, [7u8; 10]);
        drop(reader);
        assert!(finished.load(std::sync::atomic::Ordering::SeqCst));
    }

    /// The archive the fuzzer found: every entry listed, read and streamed in part.
    #[test]
    fn the_fuzzers_archive_reads_without_a_panic() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz/archive-reader-dropped-early.zip");
        let source = zip::ZipSource::open(&path, archive::ArchiveLimits::default()).unwrap();
        let mut stack = vec![String::new()];
        let mut files = 0;
        while let Some(dir) = stack.pop() {
            for entry in source.list(&dir).unwrap() {
                let path = join(&dir, &entry.name);
                match entry.kind {
                    EntryKind::Dir => stack.push(path),
                    EntryKind::File => {
                        files += 1;
                        let _ = source.read(&path);
                        if let Ok(mut reader) = source.open(&path) {
                            let mut some = [0u8; 16];
                            let _ = reader.read(&mut some);
                        }
                    }
                    _ => {}
                }
            }
        }
        assert!(files > 0);
    }
    use crate::test_support::TempDir;

    #[test]
    fn paths_join_and_split() {
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("a/b", "c"), "a/b/c");
        assert_eq!(parent("a/b/c"), "a/b");
        assert_eq!(parent("a"), "");
    }

    #[test]
    fn a_directory_lists_kinds_without_following_links() {
        let dir = TempDir::new();
        dir.write("a/x-result.json", "{}");
        std::fs::create_dir_all(dir.path().join("a/sub")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("a/link")).unwrap();
        let source = DirSource::new(dir.path().to_owned());
        let mut entries = source.list("a").unwrap();
        entries.sort_by(|x, y| x.name.cmp(&y.name));
        let kinds: Vec<(&str, EntryKind)> =
            entries.iter().map(|e| (e.name.as_str(), e.kind)).collect();
        #[cfg(unix)]
        assert_eq!(
            kinds,
            [
                ("link", EntryKind::Symlink),
                ("sub", EntryKind::Dir),
                ("x-result.json", EntryKind::File)
            ]
        );
        assert_eq!(source.read("a/x-result.json").unwrap(), b"{}");
    }
}
