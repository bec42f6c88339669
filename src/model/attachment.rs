//! Safe access to attachment files: resolved only inside their results directory.
//!
//! Allure 2's rule (`Allure2Plugin.java`, fix #3272): `source` must match
//! `^[A-Za-z0-9._-]{1,100}$` and name a regular file (no symlink) in the results directory.
//! Bodies are read lazily and capped. No terminal dependencies.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::result::{Attachment, AttachmentAccess};

/// Largest attachment body read into memory.
pub const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;

/// True when `source` is a plain file name Allure 2 would accept.
#[must_use]
pub fn is_safe_source(source: &str) -> bool {
    (1..=100).contains(&source.len())
        && source
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && source != "."
        && source != ".."
}

/// A results directory on disk: where its result files are read again (for their bodies) and
/// its attachments are checked.
#[derive(Debug, Clone)]
pub struct DirFiles {
    dir: PathBuf,
}

impl DirFiles {
    /// The files of `dir`.
    #[must_use]
    pub fn new(dir: PathBuf) -> DirFiles {
        DirFiles { dir }
    }
}

impl super::result::ResultFiles for DirFiles {
    fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        // `name` comes from the directory's own listing: a plain file name.
        std::fs::read(self.dir.join(name))
    }

    fn check_access(&self, attachment: &mut Attachment) {
        check_access(&self.dir, attachment);
    }

    fn read_attachment(&self, attachment: &Attachment, cap: u64) -> Result<AttachmentBody, String> {
        read_body(&self.dir, attachment, cap)
    }

    fn attachment_path(&self, attachment: &Attachment) -> Result<PathBuf, String> {
        safe_path(&self.dir, attachment)
    }
}

/// Decides whether `attachment.source` may be read from `dir`, and records the file size.
/// Inline attachments (bytes carried by the input) are left as they are.
pub fn check_access(dir: &Path, attachment: &mut Attachment) {
    if let AttachmentAccess::Inline(_) = attachment.access {
        return;
    }
    let Some(source) = attachment.source.as_deref() else {
        attachment.access = AttachmentAccess::NoSource;
        return;
    };
    let (access, size) = access_of(dir, source);
    attachment.access = access;
    attachment.file_size = size;
}

fn access_of(dir: &Path, source: &str) -> (AttachmentAccess, Option<u64>) {
    if !is_safe_source(source) {
        return (
            AttachmentAccess::Unsafe(
                "source is not a plain file name in the results directory".to_owned(),
            ),
            None,
        );
    }
    match std::fs::symlink_metadata(dir.join(source)) {
        Ok(meta) if meta.file_type().is_file() => (AttachmentAccess::Readable, Some(meta.len())),
        Ok(meta) if meta.file_type().is_symlink() => (
            AttachmentAccess::Unsafe("source is a symbolic link".to_owned()),
            None,
        ),
        Ok(_) => (
            AttachmentAccess::Unsafe("source is not a regular file".to_owned()),
            None,
        ),
        Err(_) => (AttachmentAccess::Missing, None),
    }
}

/// An attachment body read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentBody {
    /// The bytes read (at most the cap).
    pub bytes: Vec<u8>,
    /// Size of the whole file.
    pub total: u64,
    /// True when the file was larger than the cap.
    pub truncated: bool,
}

/// The path of a readable attachment, checked again now (the directory may have changed).
pub fn safe_path(dir: &Path, attachment: &Attachment) -> Result<PathBuf, String> {
    if let AttachmentAccess::Inline(_) = attachment.access {
        return Err(
            "the attachment is held in the report file, not in a file of its own".to_owned(),
        );
    }
    let source = attachment
        .source
        .as_deref()
        .ok_or_else(|| "the attachment has no source file".to_owned())?;
    match access_of(dir, source).0 {
        AttachmentAccess::Readable => Ok(dir.join(source)),
        AttachmentAccess::Missing => Err(format!("{source} is missing from the results directory")),
        AttachmentAccess::Unsafe(why) => Err(format!("refused to read {source}: {why}")),
        AttachmentAccess::NoSource | AttachmentAccess::Inline(_) => {
            Err("the attachment has no source file".to_owned())
        }
    }
}

/// Reads up to `cap` bytes of an attachment, refusing anything outside `dir`. Inline
/// attachments are read from memory.
pub fn read_body(dir: &Path, attachment: &Attachment, cap: u64) -> Result<AttachmentBody, String> {
    if let Some(bytes) = attachment.inline_bytes() {
        let kept = bytes.len().min(usize::try_from(cap).unwrap_or(usize::MAX));
        return Ok(AttachmentBody {
            bytes: bytes[..kept].to_vec(),
            total: bytes.len() as u64,
            truncated: kept < bytes.len(),
        });
    }
    let path = safe_path(dir, attachment)?;
    let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_owned());
    }
    let mut bytes = Vec::new();
    file.take(cap)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(AttachmentBody {
        total: meta.len(),
        truncated: meta.len() > cap,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

    fn attachment(source: Option<&str>) -> Attachment {
        Attachment {
            name: None,
            source: source.map(crate::model::Text::from),
            mime: None,
            declared_size: None,
            file_size: None,
            access: AttachmentAccess::Missing,
        }
    }

    #[test]
    fn only_plain_names_are_safe() {
        assert!(is_safe_source("abc-attachment.txt"));
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "sub/dir/x",
            "",
            "..",
            "a b",
            &"x".repeat(101),
        ] {
            assert!(!is_safe_source(bad), "{bad}");
        }
    }

    #[test]
    fn access_is_decided_against_the_directory() {
        let dir = TempDir::new();
        dir.write("ok-attachment.txt", "hello");
        let mut ok = attachment(Some("ok-attachment.txt"));
        check_access(dir.path(), &mut ok);
        assert_eq!(ok.access, AttachmentAccess::Readable);
        assert_eq!(ok.file_size, Some(5));
        let mut missing = attachment(Some("nope.txt"));
        check_access(dir.path(), &mut missing);
        assert_eq!(missing.access, AttachmentAccess::Missing);
        let mut escape = attachment(Some("../../etc/passwd"));
        check_access(dir.path(), &mut escape);
        assert!(matches!(escape.access, AttachmentAccess::Unsafe(_)));
        let mut none = attachment(None);
        check_access(dir.path(), &mut none);
        assert_eq!(none.access, AttachmentAccess::NoSource);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_refused_even_inside_the_directory() {
        let dir = TempDir::new();
        let secret = dir.write("secret.txt", "s3cr3t");
        std::os::unix::fs::symlink(&secret, dir.path().join("link-attachment.txt")).unwrap();
        let mut link = attachment(Some("link-attachment.txt"));
        check_access(dir.path(), &mut link);
        assert!(matches!(link.access, AttachmentAccess::Unsafe(_)));
        assert!(read_body(dir.path(), &link, 100).is_err());
    }

    #[test]
    fn bodies_are_capped() {
        let dir = TempDir::new();
        dir.write("big-attachment.txt", "0123456789");
        let a = attachment(Some("big-attachment.txt"));
        let body = read_body(dir.path(), &a, 4).unwrap();
        assert_eq!(body.bytes, b"0123");
        assert!(body.truncated);
        assert_eq!(body.total, 10);
    }

    #[test]
    fn inline_attachments_are_read_from_memory_and_never_checked_against_the_directory() {
        let dir = TempDir::new();
        let mut a = attachment(None);
        a.access = AttachmentAccess::Inline(crate::model::result::InlineData(
            std::sync::Arc::from(&b"0123456789"[..]),
        ));
        check_access(dir.path(), &mut a);
        assert!(
            matches!(a.access, AttachmentAccess::Inline(_)),
            "left as is"
        );
        let body = read_body(dir.path(), &a, 4).unwrap();
        assert_eq!(
            (body.bytes.as_slice(), body.total, body.truncated),
            (&b"0123"[..], 10, true)
        );
        assert!(
            safe_path(dir.path(), &a).is_err(),
            "no file to open outside"
        );
    }
}
