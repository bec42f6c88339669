//! `JUnit` XML.
#![no_main]

use allure_tui::model::readers::junit::read_junit;
use allure_tui::model::Interner;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let out = read_junit(data, "TEST-fuzz.xml", &mut Interner::default());
        for result in &out.results {
            let _ = result.body();
        }
    });
});
