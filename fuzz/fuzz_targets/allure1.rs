//! Allure 1 test suites: the same bytes as `*-testsuite.xml` and as `*-testsuite.json`.
#![no_main]

use allure_tui::model::readers::allure1::{read_allure1_json, read_allure1_xml};
use allure_tui::model::Interner;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let mut interner = Interner::default();
        let _ = read_allure1_xml(data, "fuzz-testsuite.xml", &mut interner);
        let _ = read_allure1_json(data, "fuzz-testsuite.json", &mut interner);
    });
});
