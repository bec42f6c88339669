//! One definition of each transition (issue 7 #9): the JSON `transition`, the `--new`/
//! `--regressed`/`--malfunctioned`/`--fixed` filters, the `--fail-on` gates and the TUI's
//! analysis give the same tests, and those are Allure 3.18.0's answers on
//! `tests/fixtures/transitions` (recorded in its `expected.json`).

mod common;

use std::collections::BTreeMap;

use common::{fixture, run, summary_json};

fn results() -> String {
    fixture("transitions/allure-results").display().to_string()
}

/// Allure 3.18.0's transition of every test, by name.
fn expected() -> BTreeMap<String, Option<String>> {
    let text = std::fs::read_to_string(fixture("transitions/expected.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["transitions"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, t)| (name.clone(), t.as_str().map(str::to_owned)))
        .collect()
}

fn expected_count(transition: &str) -> usize {
    expected()
        .values()
        .filter(|t| t.as_deref() == Some(transition))
        .count()
}

#[test]
fn json_transitions_are_allure3s() {
    let doc = summary_json(&[&results()]);
    let got: BTreeMap<String, Option<String>> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_owned(),
                t["transition"].as_str().map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(got, expected());
}

#[test]
fn each_filter_selects_exactly_what_its_gate_counts() {
    for transition in ["new", "regressed", "malfunctioned", "fixed"] {
        let want = expected_count(transition);
        assert!(want > 0, "the fixture has {transition} tests");
        let doc = summary_json(&[&format!("--{transition}"), &results()]);
        let selected = doc["tests"].as_array().unwrap();
        assert_eq!(selected.len(), want, "--{transition} selects");
        assert!(selected.iter().all(|t| t["transition"] == transition));

        let out = run(&["summary", "--fail-on", transition, &results()]);
        assert_eq!(out.status.code(), Some(1), "--fail-on {transition} trips");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains(&format!("--fail-on matched: {want} {transition}")),
            "--fail-on {transition} counts {want}: {err}"
        );

        let out = run(&["testplan", &format!("--{transition}"), &results()]);
        let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(plan["tests"].as_array().unwrap().len(), want, "testplan");
    }
}

#[test]
fn transition_flags_combine_with_or() {
    let doc = summary_json(&["--regressed", "--malfunctioned", &results()]);
    assert_eq!(
        doc["tests"].as_array().unwrap().len(),
        expected_count("regressed") + expected_count("malfunctioned")
    );
}

#[test]
fn the_tui_uses_the_same_transitions() {
    use allure_tui::app::filter::StatusFilter;
    let app = common::app_for(&fixture("transitions/allure-results"), (120, 36), false);
    let expected = expected();
    for (test, analysis) in app.report.tests.iter().zip(&app.analysis.tests) {
        assert_eq!(
            analysis.transition.map(|t| t.as_str().to_owned()),
            expected[test.result.name.as_str()],
            "{}",
            test.result.name
        );
    }
    let changed = app
        .report
        .tests
        .iter()
        .zip(&app.analysis.tests)
        .filter(|(t, a)| StatusFilter::Changed.accepts(t, a))
        .count();
    assert_eq!(
        changed,
        expected_count("new") + expected_count("regressed") + expected_count("malfunctioned"),
        "the `f` step shows new, regressed and malfunctioned tests"
    );
}
