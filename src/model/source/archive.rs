//! The index of an archive: its entries by path, with hostile entries refused once, up front.
//!
//! Archives are untrusted. An entry is refused, with a warning naming it, when its name is
//! absolute or climbs out (`..`), when it is a link, when it is encrypted, or when it is larger
//! than the per-entry cap; entries past the total cap are refused as a group. `\` separators
//! read as `/`; names that are not UTF-8 are decoded lossily, with a warning; a name seen twice
//! keeps the later entry, with a warning; a compression ratio above 1000:1 is a warning. Nothing
//! here writes a file: extraction goes only to a private temporary directory (see
//! [`PrivateFiles`]). No terminal dependencies.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Mutex;

use super::{EntryInfo, EntryKind};
use crate::model::warning::Warning;

/// Size caps for reading archives: absurd sizes are refused, never allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Uncompressed bytes of all entries together (16 GiB by default: real histories reach
    /// 7 GB).
    pub total: u64,
    /// Uncompressed bytes of one entry (4 GiB by default).
    pub entry: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            total: 16 << 30,
            entry: 4 << 30,
        }
    }
}

/// A compression ratio above this is worth a warning (a zip bomb looks like this).
pub const SUSPICIOUS_RATIO: u64 = 1000;

/// An entry as an archive format lists it, before checking.
#[derive(Debug)]
pub struct RawEntry<L> {
    /// The name as stored (bytes: it may not be UTF-8).
    pub name: Vec<u8>,
    /// What the format says it is.
    pub kind: EntryKind,
    /// Uncompressed size, as declared.
    pub size: u64,
    /// Stored (compressed) size, when the format has one.
    pub stored: Option<u64>,
    /// Encrypted entries cannot be read.
    pub encrypted: bool,
    /// How the format finds the entry's bytes again.
    pub locator: L,
}

/// A checked entry.
#[derive(Debug, Clone)]
pub struct IndexedEntry<L> {
    /// Its path, `/`-separated, relative to the archive root.
    pub path: String,
    /// Its uncompressed size.
    pub size: u64,
    /// How the format finds its bytes.
    pub locator: L,
}

/// An archive's entries by path and by directory.
#[derive(Debug)]
pub struct ArchiveIndex<L> {
    /// Entries that passed the checks.
    pub entries: Vec<IndexedEntry<L>>,
    by_path: HashMap<String, usize>,
    /// Per directory (`""` is the root): its children.
    dirs: HashMap<String, Vec<EntryInfo>>,
    /// What was refused or odd, one warning per entry (or per group past the total cap).
    pub warnings: Vec<Warning>,
}

impl<L> ArchiveIndex<L> {
    /// Checks and indexes entries, in archive order. `label` names the archive in warnings.
    pub fn build(
        label: &str,
        raw: impl IntoIterator<Item = RawEntry<L>>,
        limits: ArchiveLimits,
    ) -> ArchiveIndex<L> {
        let mut index = ArchiveIndex {
            entries: Vec::new(),
            by_path: HashMap::new(),
            // The root is listable even when no entry is kept (an empty archive).
            dirs: HashMap::from([(String::new(), Vec::new())]),
            warnings: Vec::new(),
        };
        let mut total = 0u64;
        let mut over_total = 0usize;
        let warn = |warnings: &mut Vec<Warning>, name: &str, reason: String| {
            warnings.push(Warning::new(format!("{label}!/{name}"), reason));
        };
        for entry in raw {
            let lossy = String::from_utf8_lossy(&entry.name).into_owned();
            if std::str::from_utf8(&entry.name).is_err() {
                warn(
                    &mut index.warnings,
                    &lossy,
                    "the entry name is not UTF-8; read with replacement characters".to_owned(),
                );
            }
            let path = match clean_path(&lossy) {
                Ok(path) => path,
                // `tar czf x.tgz .` stores the root itself as `./`: nothing to warn about.
                Err(_)
                    if entry.kind == EntryKind::Dir
                        && lossy.split('/').all(|p| p.is_empty() || p == ".") =>
                {
                    continue;
                }
                Err(why) => {
                    warn(&mut index.warnings, &lossy, format!("{why}; entry skipped"));
                    continue;
                }
            };
            match entry.kind {
                EntryKind::Dir => {
                    index.ensure_dir(&path);
                    continue;
                }
                EntryKind::Symlink => {
                    warn(
                        &mut index.warnings,
                        &path,
                        "a link entry; links are never followed, entry skipped".to_owned(),
                    );
                    continue;
                }
                EntryKind::Other => {
                    warn(
                        &mut index.warnings,
                        &path,
                        "not a regular file; entry skipped".to_owned(),
                    );
                    continue;
                }
                EntryKind::File => {}
            }
            if entry.encrypted {
                warn(
                    &mut index.warnings,
                    &path,
                    "an encrypted entry cannot be read; entry skipped".to_owned(),
                );
                continue;
            }
            if entry.size > limits.entry {
                warn(
                    &mut index.warnings,
                    &path,
                    format!(
                        "{} bytes uncompressed, over the {} per-entry cap; entry skipped",
                        entry.size, limits.entry
                    ),
                );
                continue;
            }
            if total.saturating_add(entry.size) > limits.total {
                over_total += 1;
                continue;
            }
            total += entry.size;
            if let Some(stored) = entry.stored.filter(|s| *s > 0) {
                if entry.size / stored > SUSPICIOUS_RATIO {
                    warn(
                        &mut index.warnings,
                        &path,
                        format!(
                            "compressed {}:1 ({stored} bytes to {}); read within the caps",
                            entry.size / stored,
                            entry.size
                        ),
                    );
                }
            }
            let (dir, name) = path.rsplit_once('/').unwrap_or(("", path.as_str()));
            let (dir, name) = (dir.to_owned(), name.to_owned());
            if let Some(&earlier) = index.by_path.get(&path) {
                warn(
                    &mut index.warnings,
                    &path,
                    "the name appears twice; the later entry is read".to_owned(),
                );
                index.entries[earlier] = IndexedEntry {
                    path,
                    size: entry.size,
                    locator: entry.locator,
                };
                if let Some(listed) = index
                    .dirs
                    .get_mut(&dir)
                    .and_then(|l| l.iter_mut().find(|e| e.name == name))
                {
                    listed.size = Some(entry.size);
                }
                continue;
            }
            index.ensure_dir(&dir);
            index.dirs.entry(dir).or_default().push(EntryInfo {
                name,
                kind: EntryKind::File,
                size: Some(entry.size),
            });
            index.by_path.insert(path.clone(), index.entries.len());
            index.entries.push(IndexedEntry {
                path,
                size: entry.size,
                locator: entry.locator,
            });
        }
        if over_total > 0 {
            index.warnings.push(Warning::new(
                label.to_owned(),
                format!(
                    "{over_total} entries past the {} bytes total cap were skipped (raise it with --archive-limit)",
                    limits.total
                ),
            ));
        }
        index
    }

    /// Registers a directory and its ancestors.
    fn ensure_dir(&mut self, dir: &str) {
        if dir.is_empty() || self.dirs.contains_key(dir) {
            self.dirs.entry(String::new()).or_default();
            return;
        }
        self.dirs.insert(dir.to_owned(), Vec::new());
        let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir));
        let (parent, name) = (parent.to_owned(), name.to_owned());
        self.ensure_dir(&parent);
        self.dirs.entry(parent).or_default().push(EntryInfo {
            name,
            kind: EntryKind::Dir,
            size: None,
        });
    }

    /// The children of a directory.
    pub fn list(&self, dir: &str) -> std::io::Result<Vec<EntryInfo>> {
        self.dirs.get(dir).cloned().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::NotFound, format!("no directory {dir}"))
        })
    }

    /// The entry at a path.
    pub fn get(&self, path: &str) -> std::io::Result<&IndexedEntry<L>> {
        self.by_path
            .get(path)
            .map(|&i| &self.entries[i])
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, path.to_owned()))
    }
}

/// A stored name as a clean relative path: `\` read as `/`, `.` and empty segments dropped.
/// Absolute names and names that climb out (`..`) are refused.
pub fn clean_path(name: &str) -> Result<String, &'static str> {
    let name = name.replace('\\', "/");
    if name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') {
        return Err("an absolute entry name");
    }
    let mut parts = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err("an entry name that climbs out of the archive (..)"),
            part => parts.push(part),
        }
    }
    if parts.is_empty() {
        return Err("an empty entry name");
    }
    Ok(parts.join("/"))
}

/// Reads at most `cap` bytes and fails past it: a declared size may lie.
pub fn read_capped(reader: &mut dyn Read, cap: u64) -> std::io::Result<Vec<u8>> {
    read_capped_sized(reader, cap, 0)
}

/// [`read_capped`] into a buffer sized for the `expected` bytes (an entry's declared size,
/// itself capped: a declared size may lie), so a whole entry is read without regrowing.
pub fn read_capped_sized(
    reader: &mut dyn Read,
    cap: u64,
    expected: u64,
) -> std::io::Result<Vec<u8>> {
    // One byte more than expected: read_to_end needs room to see the end without growing.
    let capacity = expected.min(cap).min(64 << 20).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    std::io::Read::take(reader, cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::other(format!(
            "more than {cap} bytes once uncompressed"
        )));
    }
    Ok(bytes)
}

/// A private temporary directory (owner-only, removed with its owner) holding files extracted
/// from an archive, each once.
#[derive(Debug, Default)]
pub struct PrivateFiles {
    dir: Mutex<Option<tempfile::TempDir>>,
    extracted: Mutex<HashMap<String, PathBuf>>,
}

impl PrivateFiles {
    /// The extracted copy of `path`, writing `bytes()` into the private directory the first
    /// time. File names inside it are numbered, never taken from the archive.
    pub fn get_or_extract(
        &self,
        path: &str,
        bytes: impl FnOnce() -> std::io::Result<Vec<u8>>,
    ) -> std::io::Result<PathBuf> {
        let mut extracted = self
            .extracted
            .lock()
            .map_err(|_| std::io::Error::other("extraction lock poisoned"))?;
        if let Some(done) = extracted.get(path) {
            return Ok(done.clone());
        }
        let mut dir = self
            .dir
            .lock()
            .map_err(|_| std::io::Error::other("extraction lock poisoned"))?;
        if dir.is_none() {
            let mut builder = tempfile::Builder::new();
            builder.prefix("allure-tui-");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                builder.permissions(std::fs::Permissions::from_mode(0o700));
            }
            *dir = Some(builder.tempdir()?);
        }
        let root = dir
            .as_ref()
            .map(|d| d.path().to_owned())
            .unwrap_or_default();
        // Keep the extension so a viewer or opener recognises the type.
        let extension = path
            .rsplit_once('.')
            .map(|(_, ext)| ext)
            .filter(|ext| ext.len() <= 8 && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
            .map_or(String::new(), |ext| format!(".{ext}"));
        let target = root.join(format!("{:06}{extension}", extracted.len()));
        std::fs::write(&target, bytes()?)?;
        extracted.insert(path.to_owned(), target.clone());
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(name: &str, kind: EntryKind, size: u64) -> RawEntry<()> {
        RawEntry {
            name: name.as_bytes().to_vec(),
            kind,
            size,
            stored: Some(size.max(1)),
            encrypted: false,
            locator: (),
        }
    }

    #[test]
    fn hostile_names_are_refused_with_warnings() {
        let entries = vec![
            raw("results/a-result.json", EntryKind::File, 10),
            raw("../../etc/passwd", EntryKind::File, 10),
            raw("/etc/shadow", EntryKind::File, 10),
            raw("C:\\windows\\x", EntryKind::File, 10),
            raw("results\\b-result.json", EntryKind::File, 10),
            raw("results/link", EntryKind::Symlink, 0),
            RawEntry {
                encrypted: true,
                ..raw("results/secret.json", EntryKind::File, 10)
            },
            RawEntry {
                name: b"results/caf\xe9.txt".to_vec(),
                ..raw("", EntryKind::File, 5)
            },
            raw("results/a-result.json", EntryKind::File, 12),
        ];
        let index = ArchiveIndex::build("x.zip", entries, ArchiveLimits::default());
        let mut names: Vec<String> = index
            .list("results")
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        names.sort();
        assert_eq!(names, ["a-result.json", "b-result.json", "caf\u{fffd}.txt"]);
        assert_eq!(
            index.get("results/a-result.json").unwrap().size,
            12,
            "the later entry wins"
        );
        let reasons: Vec<String> = index.warnings.iter().map(|w| w.reason.clone()).collect();
        let text = reasons.join("\n");
        for expected in [
            "climbs out",
            "absolute",
            "link",
            "encrypted",
            "not UTF-8",
            "appears twice",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert!(index.warnings[0].file.starts_with("x.zip!/"));
    }

    #[test]
    fn caps_refuse_absurd_sizes_and_warn_about_ratios() {
        let limits = ArchiveLimits {
            total: 100,
            entry: 60,
        };
        let mut bomb = raw("b.json", EntryKind::File, 50);
        bomb.stored = Some(0);
        let mut ratio = raw("r.json", EntryKind::File, 30_000);
        ratio.stored = Some(10);
        let entries = vec![
            raw("big.json", EntryKind::File, 61),
            raw("a.json", EntryKind::File, 60),
            raw("c.json", EntryKind::File, 50),
            bomb,
        ];
        let index = ArchiveIndex::build("x.tar", entries, limits);
        assert!(index.get("big.json").is_err(), "over the entry cap");
        assert!(index.get("a.json").is_ok());
        assert!(index.get("c.json").is_err(), "past the total cap");
        assert!(index
            .warnings
            .iter()
            .any(|w| w.reason.contains("total cap")));
        let index = ArchiveIndex::build("y.zip", vec![ratio], ArchiveLimits::default());
        assert!(index.warnings[0].reason.contains("3000:1"));
        assert!(index.get("r.json").is_ok(), "read, within the caps");
    }

    #[test]
    fn directories_are_implied_by_file_paths() {
        let index = ArchiveIndex::build(
            "x.zip",
            vec![raw("a/b/c/x-result.json", EntryKind::File, 1)],
            ArchiveLimits::default(),
        );
        assert_eq!(index.list("").unwrap()[0].name, "a");
        assert_eq!(index.list("a/b").unwrap()[0].kind, EntryKind::Dir);
    }

    #[test]
    fn a_lying_size_is_caught_while_reading() {
        let mut data: &[u8] = &[7u8; 100];
        assert!(read_capped(&mut data, 50).is_err());
        let mut data: &[u8] = &[7u8; 50];
        assert_eq!(read_capped(&mut data, 50).unwrap().len(), 50);
    }

    #[test]
    fn extraction_goes_to_a_private_directory_once() {
        let files = PrivateFiles::default();
        let calls = std::cell::Cell::new(0);
        let read = || {
            calls.set(calls.get() + 1);
            Ok(b"hello".to_vec())
        };
        let first = files.get_or_extract("../../x/../log.txt", read).unwrap();
        let again = files
            .get_or_extract("../../x/../log.txt", || Ok(Vec::new()))
            .unwrap();
        assert_eq!(first, again);
        assert_eq!(calls.get(), 1);
        assert_eq!(std::fs::read(&first).unwrap(), b"hello");
        assert!(first
            .file_name()
            .unwrap()
            .to_string_lossy()
            .ends_with(".txt"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(first.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700, "owner-only");
        }
    }
}
