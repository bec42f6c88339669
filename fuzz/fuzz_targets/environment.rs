//! `environment.properties` and `environment.xml`: the same bytes through both readers.
#![no_main]

use allure_tui::model::environment::{read_environment, EnvironmentFile};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let _ = read_environment(EnvironmentFile::Properties, data);
        let _ = read_environment(EnvironmentFile::Xml, data);
    });
});
