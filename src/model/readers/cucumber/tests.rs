//! Cucumber reader tests on the oracle's `cucumber.json` (two features, Cucumber-JVM style).
//! Allure 2 does not read this format; the answers compared are Allure 3.18's for the same
//! features split into two files (so that it reads both), in `allure3-answers.json`.

use std::path::Path;

use serde_json::Value;

use super::*;
use crate::model::report::Test;
use crate::model::result::AttachmentAccess;
use crate::model::retries::group_results;
use crate::model::status::{Status, StatusCounts};

fn fixture() -> ReaderOutput {
    read_cucumber(
        &crate::model::readers::answers::fixture("cucumber-one-file/cucumber.json"),
        "cucumber.json",
        &mut Interner::default(),
    )
}

fn answers() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/readers/cucumber-one-file/allure3-answers.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn test<'a>(tests: &'a [Test], name: &str) -> &'a Test {
    tests.iter().find(|t| t.result.name == name).unwrap()
}

#[test]
fn every_feature_is_read_and_outline_examples_stay_apart() {
    let out = fixture();
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    // Allure 3.18 reads only the first feature of this file (4 tests and a retry); split into
    // two files it reads 9 tests: passed 3, failed 2, broken 1, skipped 3 (the two "Vent tanks"
    // examples merged into one test with a retry, the failing-hook scenario skipped).
    let tests = group_results(out.results);
    assert_eq!(tests.len(), 10);
    let mut c = StatusCounts::default();
    for t in &tests {
        c.add(t.result.status);
    }
    assert_eq!(
        (c.passed, c.failed, c.broken, c.skipped, c.unknown),
        (4, 2, 2, 2, 0)
    );
    let vents: Vec<&Test> = tests
        .iter()
        .filter(|t| t.result.name == "Vent tanks")
        .collect();
    assert_eq!(vents.len(), 2);
    let lines: Vec<_> = vents
        .iter()
        .map(|t| {
            (
                t.result.parameters[0].name.as_str(),
                t.result.parameters[0].value.as_deref(),
            )
        })
        .collect();
    assert_eq!(lines, [("line", Some("30")), ("line", Some("31"))]);
    assert!(vents.iter().all(|t| t.retries.is_empty()));
}

#[test]
fn scenarios_are_allure3s_but_for_our_documented_differences() {
    let tests = group_results(fixture().results);
    for want in answers()["tests"].as_array().unwrap() {
        let name = want["name"].as_str().unwrap();
        if name == "Vent tanks" {
            continue; // two tests here, one with a retry in Allure 3 (asserted above)
        }
        let t = test(&tests, name);
        let r = &t.result;
        assert_eq!(r.full_name.as_deref(), want["fullName"].as_str(), "{name}");
        assert_eq!(r.duration(), want["duration"].as_i64(), "{name}: duration");
        if name == "Countdown with a failing hook" {
            // Allure 3 ignores hooks: skipped, "One or more steps of the scenario were skipped".
            assert_eq!(want["status"], "skipped");
            assert_eq!(r.status, Status::Broken);
            assert_eq!(
                r.details.message.as_deref(),
                Some("The before hook 'org.example.hooks.Hooks.prepare()' failed")
            );
            assert!(r
                .details
                .trace
                .as_deref()
                .unwrap()
                .contains("fuel sensor offline"));
            assert_eq!(r.befores[0].status, Status::Failed);
        } else {
            assert_eq!(
                r.status.as_str(),
                want["status"].as_str().unwrap(),
                "{name}"
            );
            assert_eq!(
                r.details.message.as_deref(),
                want["message"].as_str(),
                "{name}"
            );
            assert_eq!(r.details.trace.as_deref(), want["trace"].as_str(), "{name}");
        }
        // Labels: Allure 3's feature and tags (each tag once here), plus our suite.
        let mut want_labels: Vec<(String, String)> = Vec::new();
        for l in want["labels"].as_array().unwrap() {
            let pair = (
                l[0].as_str().unwrap().to_owned(),
                l[1].as_str().unwrap().to_owned(),
            );
            if !want_labels.contains(&pair) {
                want_labels.push(pair);
            }
        }
        want_labels.insert(1, ("suite".to_owned(), want_labels[0].1.clone()));
        let labels: Vec<(String, String)> = r
            .labels
            .iter()
            .map(|l| (l.name.to_string(), l.value.to_string()))
            .collect();
        assert_eq!(labels, want_labels, "{name}");
        let body = r.body();
        let steps: Vec<(String, &str, Vec<String>)> = body
            .steps
            .iter()
            .map(|s| {
                (
                    s.name.to_string(),
                    s.status.as_str(),
                    s.attachments
                        .iter()
                        .map(|a| a.name.as_deref().unwrap().to_owned())
                        .collect(),
                )
            })
            .collect();
        let want_steps: Vec<(String, &str, Vec<String>)> = want["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_owned(),
                    s["status"].as_str().unwrap(),
                    s["steps"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|a| a["attachment"].as_str().unwrap().to_owned())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(steps, want_steps, "{name}");
    }
}

#[test]
fn hooks_embeddings_tables_and_times() {
    let tests = group_results(fixture().results);
    let dock = &test(&tests, "Dock before refuel").result;
    assert_eq!(dock.start, Some(1_767_261_600_000), "start_timestamp");
    assert_eq!(dock.stop, Some(1_767_261_600_045));
    assert_eq!(dock.befores.len(), 1);
    assert_eq!(
        dock.befores[0].name,
        "Before hook: org.example.hooks.Hooks.prepare()"
    );
    assert_eq!(dock.befores[0].duration(), Some(1));
    assert_eq!(dock.afters[0].status, Status::Passed);
    assert_eq!(
        dock.body().description.as_deref(),
        Some("Docking must come first.")
    );
    let embedding = &dock.body().steps[1].attachments[0];
    assert_eq!(embedding.mime.as_deref(), Some("image/png"));
    let AttachmentAccess::Inline(png) = &embedding.access else {
        panic!("inline embedding");
    };
    assert!(png.bytes().starts_with(b"\x89PNG"), "decoded from base64");
    assert_eq!(embedding.file_size, Some(png.bytes().len() as u64));
    let tables = test(&tests, "Countdown with tables").result.body();
    let AttachmentAccess::Inline(csv) = &tables.steps[0].attachments[0].access else {
        panic!("inline table");
    };
    assert_eq!(
        std::str::from_utf8(csv.bytes()).unwrap(),
        "\"name\",\"role\"\r\n\"Ada\",\"pilot\"\r\n\"Lin \"\"Ace\"\"\",\"engineer\""
    );
    let doc = &tables.steps[1].attachments[0];
    assert_eq!(doc.mime.as_deref(), Some("text/plain"));
}

#[test]
fn backgrounds_lead_the_scenario_unless_it_repeats_them() {
    let doc = br#"[{"keyword": "Funktionalit\u00e4t", "name": "F", "uri": "f.feature", "elements": [
        {"type": "background", "keyword": "Grundlage", "steps": [
            {"keyword": "Angenommen ", "name": "setup", "line": 3, "result": {"status": "failed", "error_message": "boom", "duration": 2000000}}]},
        {"type": "scenario", "name": "S", "id": "f;s", "line": 5, "steps": [
            {"keyword": "Wenn ", "name": "act", "line": 6, "result": {"status": "skipped"}}]}]}]"#;
    let out = read_cucumber(doc, "c.json", &mut Interner::default());
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    let r = &out.results[0];
    let steps: Vec<&str> = r.body().steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(steps, ["Angenommen setup", "Wenn act"]);
    assert_eq!(r.status, Status::Failed, "the background's failure decides");
    assert_eq!(
        r.details.message.as_deref(),
        Some("The step 'Angenommen setup' failed")
    );
    assert_eq!(r.duration(), Some(2));
}

#[test]
fn cucumber_js_hooks_arguments_and_legacy_outline_rows() {
    let doc = br#"[{"keyword": "Feature", "name": "F", "uri": "f.feature", "elements": [
        {"type": "scenario_outline", "name": "O", "examples": [{"rows": [
            {"cells": ["fuel", "litres"], "id": "f;o;e;1"}, {"cells": ["kerosene", "10"], "id": "f;o;e;2"}]}]},
        {"type": "scenario", "name": "O", "id": "f;o;e;2", "steps": [
            {"keyword": "Before", "hidden": true, "result": {"status": "passed", "duration": 1}},
            {"keyword": "Given ", "name": "a", "arguments": [{"content": "doc"}, {"rows": [{"cells": ["x"]}]}],
             "embeddings": [{"data": "aGk=", "mime_type": "text/plain"}, {"data": "not base64!", "mime_type": "image/png"}],
             "result": {"status": "passed", "duration": 1500000}},
            {"keyword": "After", "hidden": true, "result": {"status": "failed", "error_message": "teardown"}}]},
        {"type": "scenario", "id": "f;nameless", "steps": []},
        {"type": "scenario"}]}, 7, {"no": "elements"}]"#;
    let out = read_cucumber(doc, "c.json", &mut Interner::default());
    assert_eq!(out.results.len(), 3);
    let r = &out.results[0];
    assert_eq!(r.parameters.len(), 2);
    assert_eq!(r.parameters[0].name, "fuel");
    assert_eq!(r.parameters[0].value.as_deref(), Some("kerosene"));
    assert_eq!((r.befores.len(), r.afters.len()), (1, 1));
    assert_eq!(r.status, Status::Broken, "a failed after hook");
    let step = &r.body().steps[0];
    let names: Vec<_> = step
        .attachments
        .iter()
        .map(|a| a.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["Description", "Data", "Embedding 1", "Embedding 2"]);
    assert_eq!(step.attachments[2].file_size, Some(2));
    assert_eq!(step.attachments[3].mime.as_deref(), Some("text/plain"));
    assert!(
        out.issues.iter().any(|i| i.contains("not base64")),
        "{:?}",
        out.issues
    );
    assert!(
        out.issues.iter().any(|i| i.contains("$[1]")),
        "{:?}",
        out.issues
    );
    let nameless = &out.results[1];
    assert_eq!(nameless.name, TEST_NAME_PLACEHOLDER);
    assert_eq!(nameless.full_name.as_deref(), Some("f.feature#f;nameless"));
    assert_eq!(nameless.status, Status::Unknown);
    assert_eq!(
        nameless.details.message.as_deref(),
        Some("Step results are missing")
    );
    assert_eq!(out.results[2].full_name, None);
    assert!(out.results[2].history_id.is_some(), "a key of its own");
}

#[test]
fn not_cucumber_json_says_so() {
    let mut interner = Interner::default();
    let out = read_cucumber(b"{\"uuid\": \"x\"}", "x.json", &mut interner);
    assert!(out.results.is_empty() && out.issues[0].contains("not a Cucumber JSON report"));
    let out = read_cucumber(b"[{\"a\": 1}]", "x.json", &mut interner);
    assert!(out.results.is_empty());
    assert!(
        out.issues.iter().any(|i| i.contains("no features")),
        "{:?}",
        out.issues
    );
    let out = read_cucumber(b"[", "x.json", &mut interner);
    assert!(out.issues[0].contains("truncated"), "{:?}", out.issues);
}

/// behave leaves `elements` out of a feature whose scenarios were all filtered out: a
/// feature with no tests, read quietly; its neighbours are read as usual.
#[test]
fn a_feature_without_scenarios_is_no_warning() {
    let mut interner = Interner::default();
    let doc = br#"[
      {"keyword": "Feature", "name": "Docking", "location": "features/dock.feature:1", "status": "skipped"},
      {"keyword": "Feature", "name": "Launch", "location": "features/launch.feature:1",
       "elements": [{"type": "scenario", "keyword": "Scenario", "name": "lift off",
         "steps": [{"keyword": "Given ", "name": "a pad", "result": {"status": "passed"}}]}]}
    ]"#;
    let out = read_cucumber(doc, "behave.json", &mut interner);
    assert_eq!(out.results.len(), 1);
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    let only_empty = br#"[{"keyword": "Feature", "name": "Docking", "location": "f:1"}]"#;
    let out = read_cucumber(only_empty, "behave.json", &mut interner);
    assert!(
        out.results.is_empty() && out.issues.is_empty(),
        "{:?}",
        out.issues
    );
}

#[test]
fn cucumber_reports_are_told_by_their_shape() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/readers/cucumber-one-file/cucumber.json");
    assert!(is_cucumber_json(&std::fs::read(path).unwrap()));
    assert!(is_cucumber_json(
        b" \n[ {\"keyword\": \"Feature\", \"elements\": []}]"
    ));
    for other in [
        &b"[]"[..],
        b"[{\"name\": \"a\"}]",
        b"{\"elements\": []}",
        b"[1, {\"elements\": []}]",
        b"",
    ] {
        assert!(
            !is_cucumber_json(other),
            "{}",
            String::from_utf8_lossy(other)
        );
    }
}
