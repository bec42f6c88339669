//! One `history.jsonl` line (also an Allure 3 report's `data/history/*.json` point). The keys
//! of its `testResults` are made "current tests", so entries are parsed, not only counted.
#![no_main]

use allure_tui::model::categories::CategoryRules;
use allure_tui::model::history::jsonl::parse_run;
use allure_tui::model::history::KeyIndex;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let mut index = KeyIndex::default();
        if let Ok(serde_json::Value::Object(line)) = serde_json::from_slice(data) {
            if let Some(serde_json::Value::Object(results)) = line.get("testResults") {
                for (n, key) in results.keys().enumerate() {
                    index.insert(key, n as u32, 0);
                }
            }
        }
        let _ = parse_run(data, &index, &CategoryRules::default());
        let _ = parse_run(data, &KeyIndex::default(), &CategoryRules::default());
    });
});
