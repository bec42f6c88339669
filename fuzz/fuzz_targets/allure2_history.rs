//! Allure 2 `history/`: the input is every file of the directory at once (`history.json` and
//! the four trend files), read from memory. The keys of a `history.json` object are "wanted",
//! so their items are parsed.
#![no_main]

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;

use allure_tui::model::history::allure2::read_allure2;
use allure_tui::model::source::{EntryInfo, EntryKind, Source};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

/// A history directory whose every file holds the same bytes.
struct SameBytes<'a>(&'a [u8]);

impl Source for SameBytes<'_> {
    fn describe(&self, path: &str) -> String {
        path.to_owned()
    }
    fn list(&self, _dir: &str) -> std::io::Result<Vec<EntryInfo>> {
        Ok([
            "history.json",
            "history-trend.json",
            "duration-trend.json",
            "retry-trend.json",
            "categories-trend.json",
        ]
        .into_iter()
        .map(|name| EntryInfo {
            name: name.to_owned(),
            kind: EntryKind::File,
            size: Some(self.0.len() as u64),
        })
        .collect())
    }
    fn read(&self, _path: &str) -> std::io::Result<Vec<u8>> {
        Ok(self.0.to_vec())
    }
    fn open(&self, _path: &str) -> std::io::Result<Box<dyn Read + Send + '_>> {
        Ok(Box::new(self.0))
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

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let wanted: HashSet<String> = match serde_json::from_slice(data) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => HashSet::new(),
        };
        let _ = read_allure2(&SameBytes(data), "history", &wanted);
    });
});
