//! `categories.json` regexes are Java regexes (issue 7 #6): every case in
//! `tests/fixtures/java-regex/cases.json` — a pattern, an input and what Java 17's
//! `Pattern.compile(p, DOTALL).matcher(input).matches()` answered (or `error` when Java rejects
//! the pattern) — must get the same answer from our matcher, or be one of the constructs we
//! refuse (`inexact`), which the rules turn into a warning. Needs no Java.

use allure_tui::model::java_regex::{JavaRegex, JavaRegexError};

#[test]
fn every_case_matches_as_java_does() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/java-regex/cases.json"
    ))
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() > 200, "the table covers every construct");
    let mut failures = Vec::new();
    for case in cases {
        let pattern = case["pattern"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let java = case["java"].as_str().unwrap();
        let inexact = case["inexact"].as_bool().unwrap_or(false);
        let ours = match JavaRegex::new(pattern) {
            Ok(re) => match re.matches(input) {
                Ok(true) => "true",
                Ok(false) => "false",
                Err(_) => "limit",
            },
            Err(JavaRegexError::Syntax(_)) => "error",
            Err(JavaRegexError::Inexact(_)) => "inexact",
        };
        let want = if inexact { "inexact" } else { java };
        if ours != want {
            failures.push(format!(
                "{}: {pattern:?} on {input:?}: java {java}, ours {ours}",
                case["construct"].as_str().unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
