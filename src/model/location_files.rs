//! The files of one results location, for what is read after loading: a result's body, and
//! its attachments when someone opens them. On disk they are checked as Allure 2 checks them
//! (a plain name, a regular file, no link); in an archive, against the archive's own checked
//! index. No terminal dependencies.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::attachment::{check_access, is_safe_source, read_body, safe_path, AttachmentBody};
use super::inputs::Location;
use super::result::{Attachment, AttachmentAccess, ResultFiles};
use super::source::{EntryInfo, EntryKind, Source};

/// The files of one location.
pub struct LocationFiles {
    source: Arc<dyn Source>,
    dir: String,
    /// The directory on disk, when the location is one.
    local: Option<PathBuf>,
    /// For archives: the location's regular files and their sizes.
    listed: HashMap<String, u64>,
}

impl LocationFiles {
    /// The files of `location`, given its listing.
    #[must_use]
    pub fn new(location: &Location, listing: &[EntryInfo]) -> LocationFiles {
        let local = location.source.local_path(&location.dir);
        let listed = if local.is_some() {
            HashMap::new()
        } else {
            listing
                .iter()
                .filter(|e| e.kind == EntryKind::File)
                .map(|e| (e.name.clone(), e.size.unwrap_or(0)))
                .collect()
        };
        LocationFiles {
            source: location.source.clone(),
            dir: location.dir.clone(),
            local,
            listed,
        }
    }

    fn archive_access(&self, source: &str) -> AttachmentAccess {
        if !is_safe_source(source) {
            return AttachmentAccess::Unsafe(
                "source is not a plain file name in the results directory".to_owned(),
            );
        }
        if self.listed.contains_key(source) {
            AttachmentAccess::Readable
        } else {
            AttachmentAccess::Missing
        }
    }
}

impl ResultFiles for LocationFiles {
    fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        self.source.read(&super::source::join(&self.dir, name))
    }

    fn check_access(&self, attachment: &mut Attachment) {
        if let Some(dir) = &self.local {
            return check_access(dir, attachment);
        }
        let Some(source) = attachment.source.as_deref() else {
            attachment.access = AttachmentAccess::NoSource;
            return;
        };
        attachment.access = self.archive_access(source);
        attachment.file_size = self.listed.get(source).copied();
    }

    fn read_attachment(&self, attachment: &Attachment, cap: u64) -> Result<AttachmentBody, String> {
        if let Some(dir) = &self.local {
            return read_body(dir, attachment, cap);
        }
        let source = attachment
            .source
            .as_deref()
            .ok_or_else(|| "the attachment has no source file".to_owned())?;
        match self.archive_access(source) {
            AttachmentAccess::Readable => {}
            AttachmentAccess::Unsafe(why) => {
                return Err(format!("refused to read {source}: {why}"))
            }
            _ => return Err(format!("{source} is missing from the archive")),
        }
        let total = self.listed.get(source).copied().unwrap_or(0);
        let mut reader = self
            .source
            .open(&super::source::join(&self.dir, source))
            .map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut reader, cap), &mut bytes)
            .map_err(|e| e.to_string())?;
        Ok(AttachmentBody {
            truncated: total > cap,
            total,
            bytes,
        })
    }

    fn attachment_path(&self, attachment: &Attachment) -> Result<PathBuf, String> {
        if let Some(dir) = &self.local {
            return safe_path(dir, attachment);
        }
        let source = attachment
            .source
            .as_deref()
            .ok_or_else(|| "the attachment has no source file".to_owned())?;
        match self.archive_access(source) {
            AttachmentAccess::Readable => self
                .source
                .extract(&super::source::join(&self.dir, source))
                .map_err(|e| e.to_string()),
            AttachmentAccess::Unsafe(why) => Err(format!("refused to read {source}: {why}")),
            _ => Err(format!("{source} is missing from the archive")),
        }
    }
}
