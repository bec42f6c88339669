//! `.zip` archives, read in place with the `zip` crate: the central directory is the index, and
//! every entry is read on demand, on any thread (each read works on its own cheap clone of the
//! archive over one shared file handle). No terminal dependencies.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::archive::{read_capped_sized, ArchiveIndex, ArchiveLimits, PrivateFiles, RawEntry};
use super::{EntryInfo, EntryKind, Source};
use crate::model::warning::Warning;

/// A file read at positions: clones share the handle and keep their own position, so every
/// thread can read its own entry.
struct SharedFile {
    file: Arc<File>,
    pos: u64,
    len: u64,
    /// Read-ahead for the central directory's many small reads (one `pread` per field
    /// otherwise); `buffer` holds the bytes from `buffer_start`.
    buffer: Vec<u8>,
    buffer_start: u64,
    /// Only the archive's own handle reads ahead (for the central directory); an entry's
    /// reader is buffered by the zip crate, sized for the entry.
    read_ahead: bool,
}

/// How much a [`SharedFile`] reads ahead.
const READ_AHEAD: usize = 64 * 1024;

impl SharedFile {
    fn new(file: File, len: u64) -> SharedFile {
        SharedFile {
            file: Arc::new(file),
            pos: 0,
            len,
            buffer: Vec::new(),
            buffer_start: 0,
            read_ahead: true,
        }
    }
}

/// A clone shares the file, not the read-ahead: one per entry read, each with its own
/// buffered reader inside the zip crate.
impl Clone for SharedFile {
    fn clone(&self) -> Self {
        SharedFile {
            file: Arc::clone(&self.file),
            pos: self.pos,
            len: self.len,
            buffer: Vec::new(),
            buffer_start: 0,
            read_ahead: false,
        }
    }
}

impl std::fmt::Debug for SharedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedFile(at {} of {})", self.pos, self.len)
    }
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let end = self.buffer_start + self.buffer.len() as u64;
        if !(self.buffer_start..end).contains(&self.pos) {
            if !self.read_ahead || buf.len() >= READ_AHEAD {
                let n = read_at(&self.file, buf, self.pos)?;
                self.pos += n as u64;
                return Ok(n);
            }
            self.buffer.resize(READ_AHEAD, 0);
            let n = read_at(&self.file, &mut self.buffer, self.pos)?;
            self.buffer.truncate(n);
            self.buffer_start = self.pos;
            if n == 0 {
                return Ok(0);
            }
        }
        let offset = usize::try_from(self.pos - self.buffer_start).unwrap_or(usize::MAX);
        let available = &self.buffer[offset..];
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
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

thread_local! {
    /// One inflater per thread, reset between entries: a new one per entry allocates and
    /// zeroes ~40 KiB, which was a tenth of reading a zip of small result files.
    static INFLATER: std::cell::RefCell<flate2::Decompress> =
        std::cell::RefCell::new(flate2::Decompress::new(false));
}

/// Inflates a raw deflate stream of an entry declared `expected` bytes long, failing past
/// `cap` bytes (a declared size may lie) or on a stream that is cut or corrupt.
fn inflate(input: &[u8], cap: u64, expected: u64) -> std::io::Result<Vec<u8>> {
    let invalid = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidData, why);
    INFLATER.with(|cell| {
        let mut inflater = cell.borrow_mut();
        inflater.reset(false);
        let first = expected.min(cap).min(64 << 20).saturating_add(1);
        let mut out = Vec::with_capacity(usize::try_from(first).unwrap_or(0));
        loop {
            let (before_in, before_out) = (inflater.total_in(), inflater.total_out());
            let consumed = usize::try_from(before_in).unwrap_or(usize::MAX);
            let rest = input.get(consumed..).unwrap_or_default();
            let status = inflater
                .decompress_vec(rest, &mut out, flate2::FlushDecompress::None)
                .map_err(|e| invalid(format!("a corrupt deflate stream ({e})")))?;
            if status == flate2::Status::StreamEnd {
                return Ok(out);
            }
            if out.len() as u64 > cap {
                return Err(std::io::Error::other(format!(
                    "more than {cap} bytes once uncompressed"
                )));
            }
            if out.len() < out.capacity() {
                // Room left: go on while it moves; stuck means the input ended too soon.
                if (inflater.total_in(), inflater.total_out()) == (before_in, before_out) {
                    return Err(invalid("a deflate stream cut short".to_owned()));
                }
                continue;
            }
            // Double, but never past one byte over the cap (enough to see it is passed).
            let room = usize::try_from(cap.saturating_add(1))
                .unwrap_or(usize::MAX)
                .saturating_sub(out.len());
            if room == 0 {
                return Err(std::io::Error::other(format!(
                    "more than {cap} bytes once uncompressed"
                )));
            }
            out.reserve_exact(out.capacity().max(64 * 1024).min(room));
        }
    })
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
        let shared = SharedFile::new(file, len);
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
        let size = self.index.get(path)?.size;
        let (mut archive, i) = self.entry_reader(path)?;
        {
            let raw = archive
                .by_index_raw(i)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            if raw.compression() == zip::CompressionMethod::Deflated && !raw.encrypted() {
                let crc = raw.crc32();
                let stored = raw.compressed_size();
                let mut raw = raw;
                let input = read_capped_sized(&mut raw, self.limits.entry, stored)?;
                let bytes = inflate(&input, self.limits.entry, size)?;
                if crc32fast::hash(&bytes) != crc {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "the entry's checksum does not match its bytes",
                    ));
                }
                return Ok(bytes);
            }
        }
        let mut file = archive
            .by_index(i)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        read_capped_sized(&mut file, self.limits.entry, size)
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

    fn deflated(bytes: &[u8]) -> Vec<u8> {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// The reused inflater reads whole entries, refuses past the cap (a declared size may
    /// lie) and says when a stream is cut or corrupt; a reset between entries leaves nothing
    /// of the previous one.
    #[test]
    fn the_reused_inflater_checks_what_it_reads() {
        let text = b"0123456789".repeat(10_000);
        let stream = deflated(&text);
        assert_eq!(
            inflate(&stream, 1 << 20, 100).unwrap(),
            text,
            "a low declared size"
        );
        assert_eq!(inflate(&stream, 1 << 20, 1 << 30).unwrap(), text);
        assert!(inflate(&stream, 50_000, 100).is_err(), "past the cap");
        let cut = inflate(&stream[..stream.len() / 2], 1 << 20, 100_000).unwrap_err();
        assert!(cut.to_string().contains("cut short"), "{cut}");
        assert!(inflate(b"\xff\xff\xff\xff", 1 << 20, 10).is_err());
        assert_eq!(inflate(&deflated(b"next"), 1 << 20, 4).unwrap(), b"next");
    }

    /// A zip whose entry's bytes do not match its checksum is an error, not wrong data.
    #[test]
    fn a_corrupt_entry_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ci.zip");
        let body = b"{\"uuid\":\"a\",\"name\":\"checksum\"}".repeat(20);
        zip_of(&path, &[("a-result.json", &body)]);
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        assert_eq!(source.read("a-result.json").unwrap(), body);
        // Flip a byte of the stored CRC in the central directory.
        let mut bytes = std::fs::read(&path).unwrap();
        let central = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bytes[central + 16] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        assert!(source.read("a-result.json").is_err());
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
