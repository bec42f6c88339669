//! Generated reports' JSON: an Allure 2 report's `data/test-cases/*.json`, an Allure 3
//! report's `data/test-results/*.json` and its `test-results.json` or `widgets/nav.json`
//! index, an Allure 2 report's tree (`data/suites.json`), and both reports'
//! launch files (`widgets/*.json`, `summary.json`, `data/categories.json`…), each file of the
//! report read from memory holding the input.
#![no_main]

use allure_tui::model::report_readers::{allure2, allure3};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;
#[path = "same_bytes.rs"]
mod same_bytes;

use same_bytes::SameBytes;

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
        let _ = allure3::read_nav_index(data);
        let _ = allure2::read_tree_uids(data);
        // A report whose every file holds the input; directories list nothing.
        let report = SameBytes {
            bytes: data,
            listing: &[],
        };
        let mut warnings = Vec::new();
        let _ = allure2::read_launch(&report, "", &mut warnings);
        let _ = allure3::read_launch(&report, "", &mut warnings);
    });
});
