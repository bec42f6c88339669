//! The .NET reports: TRX and xUnit.net v2 XML, and telling them apart from other XML.
#![no_main]

use allure_tui::model::readers::dotnet::DotnetFormat;
use allure_tui::model::readers::{trx::read_trx, xunit_net::read_xunit_net};
use allure_tui::model::Interner;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        let _ = DotnetFormat::of("fuzz.xml", data);
        let mut interner = Interner::default();
        for out in [
            read_trx(data, "fuzz.trx", &mut interner),
            read_xunit_net(data, "fuzz.xml", &mut interner),
        ] {
            for result in &out.results {
                let _ = result.body();
            }
        }
    });
});
