//! The library API on every fixture scenario: load, analyse, build trees.

mod common;

use allure_tui::analysis::{Analysis, Transition};
use allure_tui::model::tree::{Grouping, Tree};
use allure_tui::model::{load_report, LoadOptions, Report, Status};

fn load(name: &str) -> Report {
    let dir = common::fixture(name);
    let options = LoadOptions {
        cwd: dir.clone(),
        dirs: vec![dir],
        ..LoadOptions::default()
    };
    load_report(&options, &|_| {}).expect("fixture loads")
}

#[test]
fn basic_scenario() {
    let report = load("basic");
    assert_eq!(report.tests.len(), 4);
    assert!(!report.has_history);
    let removes = report
        .tests
        .iter()
        .find(|t| t.result.name == "removes_item")
        .unwrap();
    assert_eq!(removes.result.befores[0].name, "db_session");
    assert_eq!(removes.result.afters[0].name, "db_close");
    let adds = report
        .tests
        .iter()
        .find(|t| t.result.name == "adds_item")
        .unwrap();
    let attachments = adds.result.all_attachments();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].file_size, Some(37));
    let analysis = Analysis::of(&report);
    assert_eq!(
        analysis.categories,
        vec![
            ("Assertions".to_owned(), 1),
            ("Infrastructure".to_owned(), 1)
        ]
    );
    assert!(
        analysis.tests.iter().all(|a| a.transition.is_none()),
        "no history, no transitions"
    );

    let suites = Tree::build(&report, Grouping::Suites);
    assert_eq!(suites.nodes[suites.roots[0] as usize].name, "shop");
    assert_eq!(
        suites.nodes[suites.roots[0] as usize].status,
        Status::Failed
    );
    let behaviors = Tree::build(&report, Grouping::Behaviors);
    assert_eq!(
        behaviors.nodes[behaviors.roots[0] as usize].name,
        "Shopping"
    );
    let packages = Tree::build(&report, Grouping::Packages);
    assert_eq!(packages.nodes[packages.roots[0] as usize].name, "shop.cart");
    assert_eq!(packages.leaf_count(), 4);
}

#[test]
fn retries_scenario() {
    let report = load("retries");
    assert_eq!(report.tests.len(), 2);
    let flips = report
        .tests
        .iter()
        .find(|t| t.result.name == "flips")
        .unwrap();
    assert_eq!(flips.result.status, Status::Passed);
    assert_eq!(flips.retries.len(), 2);
    let analysis = Analysis::of(&report);
    assert_eq!(analysis.totals.retries, 3);
    assert_eq!(analysis.totals.retried_tests, 2);
    assert_eq!(analysis.trend.last().unwrap().retries, Some(3));
}

#[test]
fn flaky_history_scenario() {
    let report = load("flaky-history/allure-results");
    assert!(report.has_history);
    assert_eq!(
        report.runs.len(),
        6,
        "the current launch's line is not history"
    );
    let analysis = Analysis::of(&report);
    let by_name = |name: &str| {
        let i = report
            .tests
            .iter()
            .position(|t| t.result.name == name)
            .unwrap();
        (&report.tests[i], &analysis.tests[i])
    };
    assert!(by_name("flaky").1.flaky);
    assert_eq!(by_name("brand_new").1.transition, Some(Transition::New));
    assert_eq!(by_name("fixed").1.transition, Some(Transition::Fixed));
    let (flaky, flaky_analysis) = by_name("flaky");
    assert_eq!(flaky.history.len(), 6);
    assert_eq!(flaky_analysis.flakiness.runs, 7);
    assert_eq!(
        report.text(flaky.history[2].message),
        Some("flaky failed in run 4")
    );
}

#[test]
fn broken_json_scenario() {
    let report = load("broken-json");
    assert_eq!(report.tests.len(), 2);
    assert_eq!(report.files.results, 4);
    assert_eq!(report.files.unreadable_results, 2);
    assert_eq!(report.warnings.len(), 3);
}

#[test]
fn empty_scenario() {
    let report = load("empty");
    assert!(report.tests.is_empty());
    // An empty directory is not an error for the model; it is noted, so a launch of several
    // directories says which one held nothing.
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].reason.contains("no test results"));
}
