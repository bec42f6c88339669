//! Generated reports' JSON: an Allure 2 report's `data/test-cases/*.json`, an Allure 3
//! report's `data/test-results/*.json` and its `test-results.json` index, and both reports'
//! launch files (`widgets/*.json`, `summary.json`, `data/categories.json`…), each file of the
//! report read from memory holding the input.
#![no_main]

use std::io::Read;
use std::path::PathBuf;

use allure_tui::model::report_readers::{allure2, allure3};
use allure_tui::model::source::{EntryInfo, Source};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

/// A report whose every file holds the same bytes (directories list nothing).
struct SameBytes<'a>(&'a [u8]);

impl Source for SameBytes<'_> {
    fn describe(&self, path: &str) -> String {
        path.to_owned()
    }
    fn list(&self, _dir: &str) -> std::io::Result<Vec<EntryInfo>> {
        Ok(Vec::new())
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
        if let Ok((case, _)) = allure2::read_case(data) {
            let _ = case.result.body();
        }
        if let Ok((results, _)) = allure3::read_result(data) {
            for result in &results {
                let _ = result.body();
            }
        }
        let _ = allure3::read_index(data);
        let mut warnings = Vec::new();
        let _ = allure2::read_launch(&SameBytes(data), "", &mut warnings);
        let _ = allure3::read_launch(&SameBytes(data), "", &mut warnings);
    });
});
