//! `.tar` and `.tar.gz`/`.tgz` archives, read in place with the `tar` and `flate2` crates.
//!
//! A plain tar is indexed by one pass over its headers (data is skipped by seeking) and each
//! entry is then read at its offset. A gzipped tar has no random access: the indexing pass
//! keeps in memory the small files a load reads (results, containers, launch files, report
//! JSON), and any other entry (a big `history.jsonl`, an attachment) is found again by
//! streaming the archive; an attachment is then extracted once into a private temporary
//! directory and reused. No terminal dependencies.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

use super::archive::{read_capped, ArchiveIndex, ArchiveLimits, PrivateFiles, RawEntry};
use super::{EntryInfo, EntryKind, Source};
use crate::model::warning::Warning;

/// Largest entry of a gzipped tar kept in memory by the indexing pass.
const KEEP_MAX_BYTES: u64 = 64 << 20;

/// Bytes of a gzipped tar kept in memory in all.
const KEEP_TOTAL_BYTES: u64 = 2 << 30;

/// Where an entry's bytes are.
#[derive(Debug, Clone)]
enum Locator {
    /// At this offset of a plain tar.
    Offset(u64),
    /// Kept in memory by the indexing pass (gzipped tar).
    Kept(std::sync::Arc<[u8]>),
    /// To be found again by streaming the archive (gzipped tar).
    Stream,
}

/// A `.tar` or `.tar.gz` archive.
#[derive(Debug)]
pub struct TarSource {
    path: PathBuf,
    label: String,
    gzipped: bool,
    index: ArchiveIndex<Locator>,
    limits: ArchiveLimits,
    extracted: PrivateFiles,
}

/// True when the bytes start like gzip data.
#[must_use]
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// True when the bytes hold a tar header (`ustar` magic at offset 257).
#[must_use]
pub fn is_tar(head: &[u8]) -> bool {
    head.get(257..262) == Some(b"ustar")
}

impl TarSource {
    /// Opens and indexes a tar file, gzipped or not.
    pub fn open(path: &Path, gzipped: bool, limits: ArchiveLimits) -> std::io::Result<TarSource> {
        let label = path.display().to_string();
        let index = if gzipped {
            let archive = tar::Archive::new(GzDecoder::new(BufReader::new(File::open(path)?)));
            index_stream(&label, archive, limits)?
        } else {
            let mut archive = tar::Archive::new(File::open(path)?);
            let mut raw = Vec::new();
            for entry in archive.entries_with_seek()? {
                let entry = entry?;
                raw.push(raw_entry(
                    &entry,
                    Locator::Offset(entry.raw_file_position()),
                ));
            }
            ArchiveIndex::build(&label, raw, limits)
        };
        Ok(TarSource {
            path: path.to_owned(),
            label,
            gzipped,
            index,
            limits,
            extracted: PrivateFiles::default(),
        })
    }

    fn stream_to<T>(
        &self,
        path: &str,
        take: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        stream_entry(&self.path, path, take)
    }
}

/// Streams a gzipped tar to the entry at `wanted` (a cleaned path) and hands it to `take`.
fn stream_entry<T>(
    archive_path: &Path,
    wanted: &str,
    take: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let file = BufReader::new(File::open(archive_path)?);
    let mut archive = tar::Archive::new(GzDecoder::new(file));
    for entry in archive.entries()? {
        let mut entry = entry?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if super::archive::clean_path(&name).as_deref() == Ok(wanted) {
            return take(&mut entry);
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!("{wanted} not found in {}", archive_path.display()),
    ))
}

fn raw_entry<R: Read>(entry: &tar::Entry<'_, R>, locator: Locator) -> RawEntry<Locator> {
    let header = entry.header();
    let kind = match header.entry_type() {
        t if t.is_file() || t == tar::EntryType::Continuous => EntryKind::File,
        t if t.is_dir() => EntryKind::Dir,
        t if t.is_symlink() || t.is_hard_link() => EntryKind::Symlink,
        _ => EntryKind::Other,
    };
    RawEntry {
        name: entry.path_bytes().into_owned(),
        kind,
        size: entry.size(),
        stored: None,
        encrypted: false,
        locator,
    }
}

/// Indexes a gzipped tar in one pass, keeping the small files a load reads.
fn index_stream<R: Read>(
    label: &str,
    mut archive: tar::Archive<R>,
    limits: ArchiveLimits,
) -> std::io::Result<ArchiveIndex<Locator>> {
    let mut raw = Vec::new();
    let mut kept = 0u64;
    for entry in archive.entries()? {
        let mut entry = entry?;
        let mut item = raw_entry(&entry, Locator::Stream);
        let name = String::from_utf8_lossy(&item.name).into_owned();
        let wanted = item.kind == EntryKind::File
            && item.size <= KEEP_MAX_BYTES.min(limits.entry)
            && kept + item.size <= KEEP_TOTAL_BYTES
            && !is_attachment_name(&name);
        if wanted {
            let bytes = read_capped(&mut entry, item.size.min(limits.entry))?;
            kept += bytes.len() as u64;
            item.locator = Locator::Kept(bytes.into());
        }
        raw.push(item);
    }
    Ok(ArchiveIndex::build(label, raw, limits))
}

/// Attachments are read only when someone opens them: not worth memory at load.
fn is_attachment_name(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.contains("-attachment")
        || name.contains("/attachments/")
        || name.starts_with("attachments/")
}

impl Source for TarSource {
    fn describe(&self, path: &str) -> String {
        format!("{}!/{path}", self.label)
    }

    fn list(&self, dir: &str) -> std::io::Result<Vec<EntryInfo>> {
        self.index.list(dir)
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let entry = self.index.get(path)?;
        match &entry.locator {
            Locator::Kept(bytes) => Ok(bytes.to_vec()),
            Locator::Offset(at) => {
                let mut file = File::open(&self.path)?;
                file.seek(SeekFrom::Start(*at))?;
                read_capped(&mut file.take(entry.size), self.limits.entry)
            }
            Locator::Stream => {
                let cap = self.limits.entry;
                self.stream_to(path, |r| read_capped(r, cap))
            }
        }
    }

    fn open(&self, path: &str) -> std::io::Result<Box<dyn Read + Send + '_>> {
        let entry = self.index.get(path)?;
        match &entry.locator {
            Locator::Kept(bytes) => Ok(Box::new(std::io::Cursor::new(bytes.clone()))),
            Locator::Offset(at) => {
                let mut file = File::open(&self.path)?;
                file.seek(SeekFrom::Start(*at))?;
                Ok(Box::new(file.take(entry.size)))
            }
            Locator::Stream => {
                // Decompressed on a thread into a bounded pipe: a gigabyte history streams
                // without being held.
                let (archive, wanted) = (self.path.clone(), path.to_owned());
                Ok(super::piped(move |pipe| {
                    stream_entry(&archive, &wanted, |r| std::io::copy(r, pipe).map(|_| ()))
                }))
            }
        }
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
        if self.gzipped {
            "tar.gz"
        } else {
            "tar"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    /// Writes a tar (gzipped or not) of `(name, bytes)` files; names are written raw into the
    /// header, so hostile ones can be made.
    pub(crate) fn tar_of(path: &Path, gzipped: bool, entries: &[(&str, &[u8])]) {
        let file = File::create(path).unwrap();
        let out: Box<dyn Write> = if gzipped {
            Box::new(GzEncoder::new(file, flate2::Compression::fast()))
        } else {
            Box::new(file)
        };
        let mut builder = tar::Builder::new(out);
        for (name, bytes) in entries {
            let mut header = tar::Header::new_ustar();
            let raw = &mut header.as_old_mut().name;
            raw[..name.len()].copy_from_slice(name.as_bytes());
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_entry_type(tar::EntryType::Regular);
            header.set_cksum();
            builder.append(&header, *bytes).unwrap();
        }
        builder.into_inner().unwrap().flush().unwrap();
    }

    #[test]
    fn plain_and_gzipped_tars_read_the_same() {
        let dir = tempfile::tempdir().unwrap();
        for gzipped in [false, true] {
            let path = dir.path().join(if gzipped { "r.tgz" } else { "r.tar" });
            tar_of(
                &path,
                gzipped,
                &[
                    ("res/a-result.json", b"{\"uuid\":\"a\"}"),
                    ("res/b-attachment.txt", b"log line"),
                    ("/etc/passwd", b"root"),
                    ("res/../../up", b"no"),
                ],
            );
            let head = std::fs::read(&path).unwrap();
            assert_eq!(is_gzip(&head), gzipped);
            assert_eq!(is_tar(&head), !gzipped);
            let source = TarSource::open(&path, gzipped, ArchiveLimits::default()).unwrap();
            assert_eq!(
                source.read("res/a-result.json").unwrap(),
                b"{\"uuid\":\"a\"}"
            );
            // Not kept in memory by the gzip pass: found again by streaming.
            assert_eq!(source.read("res/b-attachment.txt").unwrap(), b"log line");
            let mut streamed = String::new();
            source
                .open("res/b-attachment.txt")
                .unwrap()
                .read_to_string(&mut streamed)
                .unwrap();
            assert_eq!(streamed, "log line");
            let warnings: Vec<String> = source.warnings().into_iter().map(|w| w.reason).collect();
            assert_eq!(warnings.len(), 2, "{warnings:?}");
            assert_eq!(source.list("").unwrap().len(), 1, "only res/ remains");
            let copy = source.extract("res/b-attachment.txt").unwrap();
            assert_eq!(std::fs::read(copy).unwrap(), b"log line");
        }
    }

    #[test]
    fn a_truncated_gzip_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.tgz");
        tar_of(&path, true, &[("a.json", &[b'{'; 5000])]);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(TarSource::open(&path, true, ArchiveLimits::default()).is_err());
    }
}
