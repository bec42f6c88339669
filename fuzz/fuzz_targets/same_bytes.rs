//! A [`Source`] held in memory whose every file holds the same bytes (the fuzz input), for
//! the targets that read a whole directory: a report's launch files, an Allure 2 `history/`.

use std::io::Read;
use std::path::PathBuf;

use allure_tui::model::source::{EntryInfo, EntryKind, Source};

/// Every file holds `bytes`; every directory lists the files named in `listing`.
pub struct SameBytes<'a> {
    pub bytes: &'a [u8],
    pub listing: &'static [&'static str],
}

impl Source for SameBytes<'_> {
    fn describe(&self, path: &str) -> String {
        path.to_owned()
    }
    fn list(&self, _dir: &str) -> std::io::Result<Vec<EntryInfo>> {
        Ok(self
            .listing
            .iter()
            .map(|name| EntryInfo {
                name: (*name).to_owned(),
                kind: EntryKind::File,
                size: Some(self.bytes.len() as u64),
            })
            .collect())
    }
    fn read(&self, _path: &str) -> std::io::Result<Vec<u8>> {
        Ok(self.bytes.to_vec())
    }
    fn open(&self, _path: &str) -> std::io::Result<Box<dyn Read + Send + '_>> {
        Ok(Box::new(self.bytes))
    }
    fn local_path(&self, _path: &str) -> Option<PathBuf> {
        None
    }
    fn extract(&self, _path: &str) -> std::io::Result<PathBuf> {
        Err(std::io::Error::other("in memory"))
    }
    fn kind_label(&self) -> &'static str {
        "memory"
    }
}
