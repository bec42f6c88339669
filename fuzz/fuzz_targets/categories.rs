//! `categories.json` (its rules compiled and applied) and the Java regex translation (the
//! input itself as a pattern).
#![no_main]

use allure_tui::model::categories::CategoryRules;
use allure_tui::model::java_regex::JavaRegex;
use allure_tui::model::Status;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const TEXTS: [&str; 4] = [
    "",
    "java.lang.AssertionError: expected: <1> but was: <2>",
    "\u{1b}[31mError\u{1b}[0m: timeout after 30 s\n\tat Foo.bar(Foo.java:12)",
    "naïve café ΣΑΣ 日本 \t\r\n",
];

fuzz_target!(|data: &[u8]| {
    common::on_parse_stack(|| {
        if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) {
            let (rules, _) = CategoryRules::from_json(&doc);
            for status in Status::ALL {
                for text in TEXTS {
                    let _ = rules.classify(status, Some(text), Some(text), false);
                }
                let _ = rules.classify(status, None, None, true);
            }
            let _ = rules.limit_notes();
        }
        let pattern = String::from_utf8_lossy(data);
        if let Ok(regex) = JavaRegex::new(&pattern) {
            for text in TEXTS {
                let _ = regex.matches(text);
            }
            let _ = regex.matches(&pattern);
        }
    });
});
