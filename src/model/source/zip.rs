//! `.zip` archives, read in place: the `zip` crate reads the central directory once, into the
//! index; then it is dropped (≈20 MiB for 30 000 entries) and every entry is read on demand, on
//! any thread, from its local header: one positioned read of the header and the stored bytes,
//! inflated by a per-thread inflater and checked against the entry's CRC. No terminal
//! dependencies.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::archive::{ArchiveIndex, ArchiveLimits, PrivateFiles, RawEntry};
use super::{EntryInfo, EntryKind, Source};
use crate::model::warning::Warning;

/// The archive's file for the `zip` crate's read of the central directory: positioned reads
/// with read-ahead, as the crate makes many small reads (one `pread` per field otherwise).
struct CentralDirectoryReader {
    file: Arc<File>,
    pos: u64,
    len: u64,
    /// `buffer` holds the bytes from `buffer_start`.
    buffer: Vec<u8>,
    buffer_start: u64,
}

/// How much a [`CentralDirectoryReader`] reads ahead.
const READ_AHEAD: usize = 64 * 1024;

impl Read for CentralDirectoryReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let end = self.buffer_start + self.buffer.len() as u64;
        if !(self.buffer_start..end).contains(&self.pos) {
            if buf.len() >= READ_AHEAD {
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

impl Seek for CentralDirectoryReader {
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

/// How an entry's bytes are stored: the two methods zip writers use (APPNOTE 4.4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Stored,
    Deflated,
}

/// Where an entry is and how to check it, from the central directory.
#[derive(Debug, Clone, Copy)]
struct ZipEntry {
    /// Offset of its local file header.
    header_start: u64,
    /// Bytes stored in the archive.
    compressed: u64,
    /// Uncompressed bytes, as declared (a declared size may lie: reads are capped anyway).
    size: u64,
    crc: u32,
    method: Method,
    /// Length of its name in the central directory: the local header repeats it, so one read
    /// of header, name and data usually finds the data whole.
    name_len: u64,
}

/// The fixed part of a local file header (APPNOTE 4.3.7).
const LOCAL_HEADER: u64 = 30;
/// Room for a local header's extra field in the first read.
const EXTRA_ROOM: u64 = 256;

thread_local! {
    /// One inflater per thread, reset between entries: a new one per entry allocates and
    /// zeroes ~40 KiB, which was a tenth of reading a zip of small result files.
    static INFLATER: std::cell::RefCell<flate2::Decompress> =
        std::cell::RefCell::new(flate2::Decompress::new(false));
}

fn invalid(why: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, why)
}

/// Inflates a raw deflate stream of an entry declared `expected` bytes long, failing past
/// `cap` bytes (a declared size may lie) or on a stream that is cut or corrupt.
fn inflate(input: &[u8], cap: u64, expected: u64) -> std::io::Result<Vec<u8>> {
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
                return Err(too_large(cap));
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
                return Err(too_large(cap));
            }
            out.try_reserve_exact(out.capacity().max(64 * 1024).min(room))
                .map_err(|_| {
                    std::io::Error::new(
                        std::io::ErrorKind::OutOfMemory,
                        "not enough memory to inflate it",
                    )
                })?;
        }
    })
}

fn too_large(cap: u64) -> std::io::Error {
    std::io::Error::other(format!("more than {cap} bytes once uncompressed"))
}

fn size_mismatch(declared: u64) -> std::io::Error {
    invalid(format!(
        "the entry does not hold the {declared} bytes its header declares"
    ))
}

fn checksum_mismatch() -> std::io::Error {
    invalid("the entry's checksum does not match its bytes".to_owned())
}

/// Reads exactly `buf.len()` bytes at `pos`, or fails saying the archive is cut short.
fn read_exact_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        match read_at(file, &mut buf[done..], pos + done as u64)? {
            0 => return Err(invalid("the archive ends inside an entry".to_owned())),
            n => done += n,
        }
    }
    Ok(())
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, pos)
}

/// The length of a local header with its name and extra field, from its first 30 bytes.
fn local_header_len(header: &[u8]) -> std::io::Result<u64> {
    if header.len() < LOCAL_HEADER as usize || header[..4] != *b"PK\x03\x04" {
        return Err(invalid(
            "no local file header where the entry should be".to_owned(),
        ));
    }
    let name = u64::from(u16::from_le_bytes([header[26], header[27]]));
    let extra = u64::from(u16::from_le_bytes([header[28], header[29]]));
    Ok(LOCAL_HEADER + name + extra)
}

/// The stored bytes of `entry`: one positioned read of header and data in the usual case.
fn stored_bytes(file: &File, file_len: u64, entry: ZipEntry) -> std::io::Result<Vec<u8>> {
    let guess = (LOCAL_HEADER + entry.name_len + EXTRA_ROOM)
        .saturating_add(entry.compressed)
        .min(file_len.saturating_sub(entry.header_start));
    let mut bytes = vec![0u8; usize::try_from(guess).map_err(|_| too_large(guess))?];
    let got = read_at(file, &mut bytes, entry.header_start)?;
    bytes.truncate(got);
    let data_start = local_header_len(&bytes)?;
    let data_end = data_start.saturating_add(entry.compressed);
    if data_end <= got as u64 {
        bytes.truncate(data_end as usize);
        bytes.drain(..data_start as usize);
        return Ok(bytes);
    }
    // A local extra field larger than the room left for it.
    let mut data = vec![0u8; entry.compressed as usize];
    read_exact_at(file, &mut data, entry.header_start + data_start)?;
    Ok(data)
}

/// Why a file cannot be opened as a zip, in words: the zip crate says "Could not find EOCD" when
/// the central directory (the index at the end of the file) is missing.
fn describe_open_error(e: &zip::result::ZipError) -> String {
    let text = e.to_string();
    if text.contains("EOCD") || text.contains("central directory end") {
        "not a readable zip: its central directory (the index at the end of the file) is missing; the file may be cut short".to_owned()
    } else {
        format!("not a readable zip ({text})")
    }
}

/// The names that more than one central directory record carries (APPNOTE 4.3.12), walking
/// the records from `start` until one does not begin with their signature.
fn repeated_names(file: &File, start: u64) -> Vec<Vec<u8>> {
    const RECORD: usize = 46;
    let mut seen = std::collections::HashMap::<Vec<u8>, usize>::new();
    let mut pos = start;
    let mut header = [0u8; RECORD];
    // At most 2^32 records: a zip cannot declare more.
    for _ in 0..u32::MAX {
        if read_exact_at(file, &mut header, pos).is_err() || header[..4] != *b"PK\x01\x02" {
            break;
        }
        let field = |at: usize| u64::from(u16::from_le_bytes([header[at], header[at + 1]]));
        let (name_len, rest) = (field(28), field(30) + field(32));
        let mut name = vec![0u8; name_len as usize];
        if read_exact_at(file, &mut name, pos + RECORD as u64).is_err() {
            break;
        }
        *seen.entry(name).or_default() += 1;
        pos += RECORD as u64 + name_len + rest;
    }
    let mut repeated: Vec<Vec<u8>> = seen
        .into_iter()
        .filter(|(_, count)| *count > 1)
        .map(|(name, _)| name)
        .collect();
    repeated.sort();
    repeated
}

/// A `.zip` archive.
pub struct ZipSource {
    label: String,
    file: Arc<File>,
    len: u64,
    index: ArchiveIndex<ZipEntry>,
    limits: ArchiveLimits,
    extracted: PrivateFiles,
}

impl std::fmt::Debug for ZipSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ZipSource({})", self.label)
    }
}

impl ZipSource {
    /// Opens and indexes a zip file. Entries compressed with a method other than stored or
    /// deflated are skipped with a warning.
    pub fn open(path: &Path, limits: ArchiveLimits) -> std::io::Result<ZipSource> {
        let file = Arc::new(File::open(path)?);
        let len = file.metadata()?.len();
        let reader = CentralDirectoryReader {
            file: Arc::clone(&file),
            pos: 0,
            len,
            buffer: Vec::new(),
            buffer_start: 0,
        };
        let archive = zip::ZipArchive::new(reader)
            .map_err(|e| std::io::Error::other(describe_open_error(&e)))?;
        let label = path.display().to_string();
        let mut raw = Vec::with_capacity(archive.len());
        let mut unsupported = Vec::new();
        for i in 0..archive.len() {
            // The central directory's record alone: local headers are read with the data.
            let Ok(entry) = archive.by_index_data(i) else {
                continue;
            };
            let kind = if entry.is_symlink() {
                EntryKind::Symlink
            } else if entry.is_dir() {
                EntryKind::Dir
            } else {
                EntryKind::File
            };
            let method = match entry.compression() {
                zip::CompressionMethod::Stored => Method::Stored,
                zip::CompressionMethod::Deflated => Method::Deflated,
                other if kind == EntryKind::File && !entry.encrypted() => {
                    unsupported.push(Warning::new(
                        format!("{label}!/{}", String::from_utf8_lossy(entry.name_raw())),
                        format!("compressed with {other}, which is not supported; entry skipped"),
                    ));
                    continue;
                }
                _ => Method::Stored,
            };
            raw.push(RawEntry {
                name: entry.name_raw().to_vec(),
                kind,
                size: entry.size(),
                stored: Some(entry.compressed_size()),
                encrypted: entry.encrypted(),
                locator: ZipEntry {
                    header_start: entry.header_start(),
                    compressed: entry.compressed_size(),
                    size: entry.size(),
                    crc: entry.crc32(),
                    method,
                    name_len: entry.name_raw().len() as u64,
                },
            });
        }
        let mut index = ArchiveIndex::build(&label, raw, limits);
        index.warnings.extend(unsupported);
        // The zip crate keys entries by name, keeping the later of two (our rule too) without a
        // word: the names are found again in the central directory, to say so.
        if archive.has_duplicate_names() {
            for name in repeated_names(&file, archive.central_directory_start()) {
                index.warnings.push(Warning::new(
                    format!("{label}!/{}", String::from_utf8_lossy(&name)),
                    "the name appears twice; the later entry is read".to_owned(),
                ));
            }
        }
        drop(archive);
        Ok(ZipSource {
            label,
            file,
            len,
            index,
            limits,
            extracted: PrivateFiles::default(),
        })
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
        let entry = self.index.get(path)?.locator;
        let cap = self.limits.entry;
        if entry.compressed > cap {
            return Err(too_large(cap));
        }
        let stored = stored_bytes(&self.file, self.len, entry)?;
        let bytes = match entry.method {
            // Never past the declared size: a lying header cannot make it inflate gigabytes.
            // Past the cap (the declared size) is the one error that says the header lied.
            Method::Deflated => inflate(&stored, entry.size, entry.size).map_err(|e| {
                if e.kind() == std::io::ErrorKind::Other {
                    size_mismatch(entry.size)
                } else {
                    e
                }
            })?,
            Method::Stored => stored,
        };
        if bytes.len() as u64 != entry.size {
            return Err(size_mismatch(entry.size));
        }
        if crc32fast::hash(&bytes) != entry.crc {
            return Err(checksum_mismatch());
        }
        Ok(bytes)
    }

    fn open(&self, path: &str) -> std::io::Result<Box<dyn Read + Send + '_>> {
        // The entry is inflated on a thread of its own into a bounded pipe: a gigabyte
        // history streams without being held.
        let entry = self.index.get(path)?.locator;
        let (file, cap) = (Arc::clone(&self.file), self.limits.entry);
        Ok(super::piped(move |pipe| {
            let mut header = [0u8; LOCAL_HEADER as usize];
            read_exact_at(&file, &mut header, entry.header_start)?;
            let region = EntryRegion {
                file,
                pos: entry.header_start + local_header_len(&header)?,
                left: entry.compressed,
            };
            let region = std::io::BufReader::with_capacity(256 * 1024, region);
            let mut bytes: Box<dyn Read> = match entry.method {
                Method::Deflated => Box::new(flate2::bufread::DeflateDecoder::new(region)),
                Method::Stored => Box::new(region),
            };
            let mut crc = crc32fast::Hasher::new();
            let mut total = 0u64;
            let mut chunk = vec![0u8; 256 * 1024];
            loop {
                let n = match bytes.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                total += n as u64;
                if total > cap {
                    return Err(too_large(cap));
                }
                if total > entry.size {
                    return Err(size_mismatch(entry.size));
                }
                crc.update(&chunk[..n]);
                std::io::Write::write_all(pipe, &chunk[..n])?;
            }
            if total != entry.size {
                Err(size_mismatch(entry.size))
            } else if crc.finalize() == entry.crc {
                Ok(())
            } else {
                Err(checksum_mismatch())
            }
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

/// An entry's stored bytes, read at positions.
struct EntryRegion {
    file: Arc<File>,
    pos: u64,
    left: u64,
}

impl Read for EntryRegion {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        if want == 0 {
            return Ok(0);
        }
        let n = read_at(&self.file, &mut buf[..want], self.pos)?;
        if n == 0 {
            return Err(invalid("the archive ends inside an entry".to_owned()));
        }
        self.pos += n as u64;
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{hand_zip, hand_zip_with_methods};
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

    /// Two entries of one name: the later is read, and a warning says so (the zip crate's
    /// index keeps one of them silently).
    #[test]
    fn a_repeated_name_keeps_the_later_entry_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ci.zip");
        let entries: [(&str, &[u8]); 3] = [
            ("r/a-result.json", b"first"),
            ("r/b-result.json", b"other"),
            ("r/a-result.json", b"second"),
        ];
        std::fs::write(&path, hand_zip(&entries, 0)).unwrap();
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        assert_eq!(source.read("r/a-result.json").unwrap(), b"second");
        assert_eq!(source.read("r/b-result.json").unwrap(), b"other");
        let warnings = source.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].file.ends_with("ci.zip!/r/a-result.json"));
        assert!(warnings[0].reason.contains("appears twice"));
    }

    /// A declared size smaller or larger than what the entry holds is an error: a lying
    /// header cannot make a read inflate past what it declares.
    #[test]
    fn an_entry_that_lies_about_its_size_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ci.zip");
        let body = b"{\"name\":\"big\"}".repeat(10_000);
        zip_of(&path, &[("a-result.json", &body), ("b-result.json", &body)]);
        let mut bytes = std::fs::read(&path).unwrap();
        // The uncompressed size (offset 24) of the first central record: 100 bytes.
        let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[central + 24..central + 28].copy_from_slice(&100u32.to_le_bytes());
        let second = central
            + 4
            + bytes[central + 4..]
                .windows(4)
                .position(|w| w == b"PK\x01\x02")
                .unwrap();
        let more = (body.len() as u32 + 1).to_le_bytes();
        bytes[second + 24..second + 28].copy_from_slice(&more);
        std::fs::write(&path, &bytes).unwrap();
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        for name in ["a-result.json", "b-result.json"] {
            let err = source.read(name).unwrap_err();
            assert!(
                err.to_string().contains("bytes its header declares"),
                "{name}: {err}"
            );
            let mut streamed = Vec::new();
            let err = source
                .open(name)
                .unwrap()
                .read_to_end(&mut streamed)
                .unwrap_err();
            assert!(
                err.to_string().contains("bytes its header declares"),
                "{name}: {err}"
            );
        }
    }

    /// An archive with no entry at all can be listed (it is empty, not broken), and a file
    /// without its central directory says so in words.
    #[test]
    fn an_empty_zip_lists_empty_and_a_cut_one_says_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.zip");
        std::fs::write(&path, hand_zip(&[], 0)).unwrap();
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        assert!(source.list("").unwrap().is_empty());
        let whole = hand_zip(&[("a-result.json", b"{}")], 0);
        std::fs::write(&path, &whole[..whole.len() - 30]).unwrap();
        let err = ZipSource::open(&path, ArchiveLimits::default()).unwrap_err();
        assert!(err.to_string().contains("central directory"), "{err}");
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

    /// Entries stored without compression, and entries whose local header carries a larger
    /// extra field than the central directory (more than one read's room), read whole.
    #[test]
    fn stored_entries_and_long_local_extra_fields_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ci.zip");
        let mut writer = zip::ZipWriter::new(File::create(&path).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        writer.start_file("plain-result.json", stored).unwrap();
        writer.write_all(b"{\"name\":\"stored\"}").unwrap();
        writer.finish().unwrap();
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        assert_eq!(
            source.read("plain-result.json").unwrap(),
            b"{\"name\":\"stored\"}"
        );
        let extra_path = dir.path().join("extra.zip");
        let body = b"{\"name\":\"extra\"}".repeat(50);
        std::fs::write(&extra_path, hand_zip(&[("extra-result.json", &body)], 2000)).unwrap();
        let source = ZipSource::open(&extra_path, ArchiveLimits::default()).unwrap();
        assert_eq!(source.read("extra-result.json").unwrap(), body);
        let mut streamed = Vec::new();
        source
            .open("extra-result.json")
            .unwrap()
            .read_to_end(&mut streamed)
            .unwrap();
        assert_eq!(streamed, b"{\"name\":\"extra\"}".repeat(50));
    }

    /// A streamed entry whose bytes do not match its checksum ends in an error, and one whose
    /// local header is missing is an error, not wrong data.
    #[test]
    fn a_streamed_entry_is_checked_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ci.zip");
        let body = b"{\"uuid\":\"a\"}\n".repeat(1000);
        zip_of(&path, &[("history.jsonl", &body)]);
        let mut bytes = std::fs::read(&path).unwrap();
        let central = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bytes[central + 16] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        let mut streamed = Vec::new();
        let err = source
            .open("history.jsonl")
            .unwrap()
            .read_to_end(&mut streamed)
            .unwrap_err();
        assert!(err.to_string().contains("checksum"), "{err}");
        // The local header's signature overwritten: found when the entry is read.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[0] = b'X';
        std::fs::write(&path, &bytes).unwrap();
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        let err = source.read("history.jsonl").unwrap_err();
        assert!(err.to_string().contains("local file header"), "{err}");
    }

    /// An entry compressed with a method this build cannot read is named in a warning and
    /// skipped; the others load.
    #[test]
    fn an_unsupported_method_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ci.zip");
        // Method 12 (bzip2, not built in) in the first entry's local and central headers.
        let entries: [(&str, &[u8], u16); 2] = [
            ("odd-result.json", b"{}", 12),
            ("good-result.json", b"{}", 0),
        ];
        std::fs::write(&path, hand_zip_with_methods(&entries, 0)).unwrap();
        let source = ZipSource::open(&path, ArchiveLimits::default()).unwrap();
        assert_eq!(source.read("good-result.json").unwrap(), b"{}");
        assert!(source.read("odd-result.json").is_err());
        let warnings = source.warnings();
        assert!(
            warnings
                .iter()
                .any(|w| w.file.ends_with("odd-result.json") && w.reason.contains("not supported")),
            "{warnings:?}"
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
