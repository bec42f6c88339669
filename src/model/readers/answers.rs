//! Test support: compares what a reader made with Allure 2's answers for the same input.
//!
//! `tests/fixtures/readers/*/allure2-answers.json` hold, for every test Allure 2.46.1 shows, the
//! facts of its report (made from the oracle cases by `tests/fixtures/readers/extract_answers.py`;
//! see the README there). A test names the fields where we differ on purpose, and why.

use std::path::Path;

use serde_json::Value;

use crate::model::report::Test;
use crate::model::result::Step;
use crate::model::status::Status;

/// The bytes of a file under `tests/fixtures/readers/`.
pub fn fixture(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/readers")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The answers of a fixture directory.
pub fn answers(dir: &str) -> Value {
    serde_json::from_slice(&fixture(&format!("{dir}/allure2-answers.json"))).expect("answers JSON")
}

/// Fields a comparison leaves out (each a deliberate difference the caller asserts itself).
#[derive(Default)]
pub struct Skip {
    /// Full names whose start, stop or duration differ.
    pub times: &'static [&'static str],
    /// Full names whose flaky flag differs.
    pub flaky: &'static [&'static str],
    /// Full names whose retries differ.
    pub retries: &'static [&'static str],
    /// Full names whose steps differ.
    pub steps: &'static [&'static str],
    /// Leave attachments out.
    pub no_attachments: bool,
}

/// Asserts that `tests` are Allure 2's tests: same set, and per test the same name, status,
/// message, times, flaky flag, labels (in order), links, parameters, description, steps and
/// attachment names, except what `skip` leaves out.
pub fn assert_matches_allure2(tests: &[Test], answers: &Value, skip: &Skip) {
    let expected = answers["tests"].as_array().expect("tests");
    assert_eq!(tests.len(), expected.len(), "number of tests");
    for want in expected {
        let full_name = want["fullName"].as_str().expect("fullName");
        let name = want["name"].as_str().expect("name");
        let test = tests
            .iter()
            .find(|t| t.result.full_name.as_deref() == Some(full_name) && t.result.name == name)
            .unwrap_or_else(|| panic!("no test {full_name} / {name}"));
        let r = &test.result;
        let at = |what: &str| format!("{full_name}: {what}");
        assert_eq!(
            r.status.as_str(),
            want["status"].as_str().unwrap(),
            "{}",
            at("status")
        );
        assert_eq!(
            r.details.message.as_deref(),
            want["message"].as_str(),
            "{}",
            at("message")
        );
        if !skip.times.contains(&full_name) {
            assert_eq!(r.start, want["start"].as_i64(), "{}", at("start"));
            assert_eq!(r.stop, want["stop"].as_i64(), "{}", at("stop"));
            assert_eq!(
                r.duration(),
                want["duration"].as_i64(),
                "{}",
                at("duration")
            );
        }
        if !skip.flaky.contains(&full_name) {
            assert_eq!(
                r.details.flaky,
                want["flaky"].as_bool().unwrap(),
                "{}",
                at("flaky")
            );
        }
        if !skip.retries.contains(&full_name) {
            // Allure 2 orders retries that share a start arbitrarily: compare them sorted.
            let mut retries: Vec<&str> = test.retries.iter().map(|a| a.status.as_str()).collect();
            let mut want_retries: Vec<&str> = want["retries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            retries.sort_unstable();
            want_retries.sort_unstable();
            assert_eq!(retries, want_retries, "{}", at("retries"));
        }
        let labels: Vec<(&str, &str)> = r
            .labels
            .iter()
            .map(|l| (l.name.as_str(), l.value.as_str()))
            .collect();
        assert_eq!(labels, pairs(&want["labels"]), "{}", at("labels"));
        let body = r.body();
        let links: Vec<(Option<&str>, &str, Option<&str>)> = body
            .links
            .iter()
            .map(|l| (l.name.as_deref(), l.url.as_str(), l.kind.as_deref()))
            .collect();
        let want_links: Vec<(Option<&str>, &str, Option<&str>)> = want["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l[0].as_str(), l[1].as_str().unwrap(), l[2].as_str()))
            .collect();
        assert_eq!(links, want_links, "{}", at("links"));
        let parameters: Vec<(&str, Option<&str>)> = r
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_deref()))
            .collect();
        let want_parameters: Vec<(&str, Option<&str>)> = want["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap(), p[1].as_str()))
            .collect();
        assert_eq!(parameters, want_parameters, "{}", at("parameters"));
        // Allure 2 writes "" for no description.
        let description = want["description"].as_str().filter(|d| !d.is_empty());
        assert_eq!(
            body.description.as_deref(),
            description,
            "{}",
            at("description")
        );
        if !skip.steps.contains(&full_name) {
            assert_eq!(steps(&body.steps), want["steps"], "{}", at("steps"));
        }
        if !skip.no_attachments {
            let names: Vec<Option<&str>> =
                body.attachments.iter().map(|a| a.name.as_deref()).collect();
            let want_names: Vec<Option<&str>> = want["attachments"]
                .as_array()
                .unwrap()
                .iter()
                .map(Value::as_str)
                .collect();
            assert_eq!(names, want_names, "{}", at("attachments"));
        }
    }
}

fn pairs(value: &Value) -> Vec<(&str, &str)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap(), p[1].as_str().unwrap()))
        .collect()
}

/// Steps as the answers write them: name, status (`null` for none) and nested steps.
fn steps(steps: &[Step]) -> Value {
    Value::Array(
        steps
            .iter()
            .map(|s| {
                let mut step = serde_json::json!({
                    "name": s.name.as_str(),
                    "status": match s.status {
                        Status::Unknown => Value::Null,
                        other => Value::from(other.as_str()),
                    },
                });
                if !s.steps.is_empty() {
                    step["steps"] = self::steps(&s.steps);
                }
                step
            })
            .collect(),
    )
}
