//! Helpers shared by unit tests.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A throwaway directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates a fresh, empty directory under the system temp dir.
    pub fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("allure-tui-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir is creatable");
        TempDir(path)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes a file inside the directory and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent is creatable");
        }
        std::fs::write(&path, content).expect("file is writable");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A zip of stored entries written by hand (APPNOTE 4.3.7 and 4.3.12; the zip crate's writer
/// refuses unknown extra fields and repeated names): each local header carries `local_extra`
/// bytes of extra field that the central directory does not.
pub fn hand_zip(entries: &[(&str, &[u8])], local_extra: usize) -> Vec<u8> {
    let stored: Vec<(&str, &[u8], u16)> = entries.iter().map(|(n, b)| (*n, *b, 0)).collect();
    hand_zip_with_methods(&stored, local_extra)
}

/// [`hand_zip`], each entry's headers naming the given compression method (its bytes stay as
/// given: a method the reader lacks is refused before they are read).
pub fn hand_zip_with_methods(entries: &[(&str, &[u8], u16)], local_extra: usize) -> Vec<u8> {
    let mut zip = Vec::new();
    let mut central = Vec::new();
    for (name, body, method) in entries {
        let offset = (zip.len() as u32).to_le_bytes();
        let crc = crc32fast::hash(body).to_le_bytes();
        let size = (body.len() as u32).to_le_bytes();
        let name_len = (name.len() as u16).to_le_bytes();
        let method = method.to_le_bytes();
        // Signature, version needed, flags; then method; then time and date.
        zip.extend(b"PK\x03\x04\x14\0\0\0");
        zip.extend(method.iter().chain(&[0u8; 4]));
        zip.extend(crc.iter().chain(&size).chain(&size).chain(&name_len));
        zip.extend((local_extra as u16).to_le_bytes());
        zip.extend(name.as_bytes());
        zip.extend(vec![0u8; local_extra]);
        zip.extend(*body);
        central.extend(b"PK\x01\x02\x14\0\x14\0\0\0");
        central.extend(method.iter().chain(&[0u8; 4]));
        central.extend(crc.iter().chain(&size).chain(&size).chain(&name_len));
        central.extend([0u8; 12]); // extra, comment, disk, attributes
        central.extend(offset);
        central.extend(name.as_bytes());
    }
    let (start, len) = (zip.len() as u32, central.len() as u32);
    let count = (entries.len() as u16).to_le_bytes();
    zip.extend(central);
    zip.extend(b"PK\x05\x06\0\0\0\0");
    zip.extend(count.iter().chain(&count));
    zip.extend(len.to_le_bytes());
    zip.extend(start.to_le_bytes());
    zip.extend([0u8; 2]);
    zip
}
