//! `*-container.json`: fixtures and the results they name.
#![no_main]

use allure_tui::model::parse::parse_container;
use allure_tui::model::Interner;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let _ = parse_container(data, &mut Interner::default());
    });
});
