//! `*-result.json`: the fast typed parse, its lenient fallback, and the lazily read body.
#![no_main]

use allure_tui::model::parse::{parse_body, parse_result};
use allure_tui::model::Interner;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let _ = parse_result(data, &mut Interner::default());
        let _ = parse_body(data);
    });
});
