//! `.zip` archives, read in place with the `zip` crate: the central directory is the index, and
//! every entry is read on demand, on any thread (each read works on its own cheap clone of the
//! archive over one shared file handle). No terminal dependencies.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::archive::{read_capped, ArchiveIndex, ArchiveLimits, PrivateFiles, RawEntry};
use super::{EntryInfo, EntryKind, Source};
use crate::model::warning::Warning;

/// A file read at positions: clones share the handle and keep their own position, so every
/// thread can read its own entry.
#[derive(Debug, Clone)]
struct SharedFile {
    file: Arc<File>,
    pos: u64,
    len: u64,
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = read_at(&self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| std::io::Error::other("seek out of range"))?;
        Ok(self.pos)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, pos)
}

/// A `.zip` archive.
pub struct ZipSource {
    label: String,
    archive: zip::ZipArchive<SharedFile>,
    index: ArchiveIndex<usize>,
    limits: ArchiveLimits,
    extracted: PrivateFiles,
}

impl std::fmt::Debug for ZipSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ZipSource({})", self.label)
    }
}

impl ZipSource {
    /// Opens and indexes a zip file.
    pub fn open(path: &Path, limits: ArchiveLimits) -> std::io::Result<ZipSource> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        let shared = SharedFile {
            file: Arc::new(file),
            pos: 0,
            len,
        };
        let mut archive =
            zip::ZipArchive::new(shared).map_err(|e| std::io::Error::other(e.to_string()))?;
        let label = path.display().to_string();
        let mut raw = Vec::with_capacity(archive.len());
        for i in 0..archive.len() {
            let Ok(entry) = archive.by_index_raw(i) else {
                continue;
            };
            let kind = if entry.is_symlink() {
                EntryKind::Symlink
            } else if entry.is_dir() {
                EntryKind::Dir
            } else {
                EntryKind::File
            };
            raw.push(RawEntry {
                name: entry.name_raw().to_vec(),
                kind,
                size: entry.size(),
                stored: Some(entry.compressed_size()),
                encrypted: entry.encrypted(),
                locator: i,
            });
        }
        let index = ArchiveIndex::build(&label, raw, limits);
        Ok(ZipSource {
            label,
            archive,
            index,
            limits,
            extracted: PrivateFiles::default(),
        })
    }

    fn entry_reader(&self, path: &str) -> std::io::Result<(zip::ZipArchive<SharedFile>, usize)> {
        let entry = self.index.get(path)?;
        Ok((self.archive.clone(), entry.locator))
    }
}

impl Source for ZipSource {
    fn describe(&self, path: &str) -> String {
        format!("{}!/{path}", self.label)
    }

    fn list(&self, dir: &str) -> std::io::Result<Vec<EntryInfo>> {
        self.index.list(dir)
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let (mut archive, i) = self.entry_reader(path)?;
        let mut file = archive
            .by_index(i)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        read_capped(&mut file, self.limits.entry)
    }

    fn open(&self, path: &str) -> std::io::Result<Box<dyn Read + Send + '_>> {
        // The entry is decompressed on a thread owning its own archive clone, into a bounded
        // pipe: a gigabyte history streams without being held.
        let (mut archive, i) = self.entry_reader(path)?;
        Ok(super::piped(move |pipe| {
            let mut file = archive
                .by_index(i)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            std::io::copy(&mut file, pipe).map(|_| ())
        }))
    }

    fn local_path(&self, _: &str) -> Option<PathBuf> {
        None
    }

    fn extract(&self, path: &str) -> std::io::Result<PathBuf> {
        self.extracted.get_or_extract(path, || self.read(path))
    }

    fn warnings(&self) -> Vec<Warning> {
        self.index.warnings.clone()
    }

    fn kind_label(&self) -> &'static str {
        "zip"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Writes a zip of `(name, bytes)` entries (names as given, hostile ones included).
    pub(crate) fn zip_of(path: &Path, entries: &[(&str, &[u8])]) {
        let mut writer = zip::ZipWriter::new(File::create(path).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap();
    }

    #[test]
    fn entries_are_listed_read_and_streamed_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ci.zip");
        let big = vec![b'x'; 3 << 20];
        zip_of(
            &path,
            &[
                ("allure-results/a-result.json", b"{\"uuid\":\"a\"}"),
                ("allure-results/history.jsonl", &big),
                ("../escape.txt", b"no"),
            ],
        );
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        let names: Vec<String> = source
            .list("allure-results")
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names.len(), 2);
        assert_eq!(
            source.read("allure-results/a-result.json").unwrap(),
            b"{\"uuid\":\"a\"}"
        );
        let mut streamed = Vec::new();
        source
            .open("allure-results/history.jsonl")
            .unwrap()
            .read_to_end(&mut streamed)
            .unwrap();
        assert_eq!(streamed.len(), big.len());
        let warnings = source.warnings();
        assert!(
            warnings.iter().any(|w| w.reason.contains("climbs out")),
            "{warnings:?}"
        );
        assert!(source.describe("x").ends_with("ci.zip!/x"));
        // Threads read their own entries at once.
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    assert_eq!(
                        source.read("allure-results/a-result.json").unwrap().len(),
                        12
                    );
                });
            }
        });
        let extracted = source.extract("allure-results/a-result.json").unwrap();
        assert!(
            !extracted.starts_with(dir.path()),
            "never beside the archive"
        );
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.zip");
        std::fs::write(&path, b"PK\x03\x04 truncated").unwrap();
        assert!(ZipSource::open(&path, ArchiveLimits::default()).is_err());
    }
}
