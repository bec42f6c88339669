//! Cucumber JSON reports.
#![no_main]

use allure_tui::model::readers::cucumber::read_cucumber;
use allure_tui::model::Interner;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let _ = read_cucumber(data, "cucumber.json", &mut Interner::default());
    });
});
