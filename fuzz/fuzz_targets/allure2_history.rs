//! Allure 2 `history/`: the input is every file of the directory at once (`history.json` and
//! the four trend files), read from memory. The keys of a `history.json` object are "wanted",
//! so their items are parsed.
#![no_main]

use std::collections::HashSet;

use allure_tui::model::history::allure2::read_allure2;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;
#[path = "same_bytes.rs"]
mod same_bytes;

use same_bytes::SameBytes;

/// The files of an Allure 2 `history/` directory; each holds the input.
const HISTORY_FILES: &[&str] = &[
    "history.json",
    "history-trend.json",
    "duration-trend.json",
    "retry-trend.json",
    "categories-trend.json",
];

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let wanted: HashSet<String> = match serde_json::from_slice(data) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => HashSet::new(),
        };
        let _ = read_allure2(
            &SameBytes {
                bytes: data,
                listing: HISTORY_FILES,
            },
            "history",
            &wanted,
        );
    });
});
