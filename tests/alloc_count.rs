//! Allocations per loaded result: a deterministic guard for load speed (issue 10), with no
//! timing. A counting global allocator (`stats_alloc`) measures `load_results` on a generated
//! results directory; the bounds sit about a quarter above what the loader needs today, so a
//! change that brings back a per-field allocation (a `Value` tree, unshared label texts,
//! eagerly parsed steps) fails here.
//!
//! This binary holds one test only: the counter is process-wide.

use std::alloc::System;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use allure_tui::model::{load_results, LoadOptions};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Results written; one container per 12 (a test class).
const RESULTS: usize = 3000;

/// Most allocations the loader may make per result (today: see the test's output).
const MAX_ALLOCATIONS_PER_RESULT: f64 = 62.0;

/// Most bytes the loaded report may keep per result (today: see the test's output).
const MAX_RETAINED_BYTES_PER_RESULT: f64 = 2000.0;

/// A result like an Allure adapter writes: 14 labels (suites, package, class, method, BDD
/// labels, owner, host, thread, framework), three steps with an attachment, a link, parameters
/// on every tenth, a failure message and trace on every twentieth.
fn result_json(i: usize) -> String {
    let class = format!("com.example.shop.module{}.Service{}Test", i % 7, i / 12);
    let method = format!("handlesCase{i}");
    let status = if i.is_multiple_of(20) {
        "failed"
    } else {
        "passed"
    };
    let mut json = format!(
        r#"{{"uuid":"00000000-0000-4000-8000-{i:012}","historyId":"{i:032x}","testCaseId":"{:032x}","fullName":"{class}.{method}","name":"{method}","status":"{status}","stage":"finished","start":{},"stop":{},"#,
        i * 7,
        1_735_689_600_000_i64 + i as i64 * 10,
        1_735_689_600_000_i64 + i as i64 * 10 + 300,
    );
    if status == "failed" {
        json.push_str(r#""statusDetails":{"message":"Expecting actual not to be null","trace":"org.opentest4j.AssertionFailedError: Expecting actual not to be null\n\tat com.example.Foo.bar(Foo.java:12)"},"#);
    }
    json.push_str(r#""labels":["#);
    let labels = [
        ("parentSuite", "contract-tests".to_owned()),
        ("suite", format!("Service{}Test", i / 12)),
        ("package", format!("com.example.shop.module{}", i % 7)),
        ("testClass", class.clone()),
        ("testMethod", method.clone()),
        ("epic", "Shopping".to_owned()),
        ("feature", format!("Catalog {}", i % 9)),
        ("story", "Change address".to_owned()),
        ("severity", "critical".to_owned()),
        ("owner", "dave".to_owned()),
        ("host", format!("ci-runner-0{}", i % 4)),
        ("thread", format!("pool-1-thread-{}", i % 4)),
        ("framework", "junit-platform".to_owned()),
        ("language", "java".to_owned()),
    ];
    for (n, (name, value)) in labels.iter().enumerate() {
        let comma = if n == 0 { "" } else { "," };
        let _ = write!(json, r#"{comma}{{"name":"{name}","value":"{value}"}}"#);
    }
    json.push_str(
        r#"],"links":[{"name":"JIRA-1","url":"https://example.com/JIRA-1","type":"issue"}],"#,
    );
    if i.is_multiple_of(10) {
        json.push_str(
            r#""parameters":[{"name":"user","value":"admin"},{"name":"region","value":"eu"}],"#,
        );
    }
    json.push_str(r#""steps":["#);
    for s in 0..3 {
        let comma = if s == 0 { "" } else { "," };
        let _ = write!(
            json,
            r#"{comma}{{"name":"step {s} of {method}","status":"passed","start":1,"stop":2,"attachments":[{{"name":"log","source":"{i}-{s}-attachment.txt","type":"text/plain"}}],"steps":[]}}"#
        );
    }
    json.push_str("]}");
    json
}

fn container_json(class: usize, children: &[usize]) -> String {
    let uuids: Vec<String> = children
        .iter()
        .map(|i| format!("\"00000000-0000-4000-8000-{i:012}\""))
        .collect();
    format!(
        r#"{{"uuid":"c{class}","children":[{}],"befores":[{{"name":"setUp","status":"passed","start":1,"stop":2}}],"afters":[{{"name":"tearDown","status":"passed","start":3,"stop":4}}]}}"#,
        uuids.join(",")
    )
}

fn write_results(dir: &Path) {
    if dir.join(".complete").is_file() {
        return;
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..RESULTS {
        std::fs::write(dir.join(format!("r{i:06}-result.json")), result_json(i)).unwrap();
        for s in 0..3 {
            std::fs::write(dir.join(format!("{i}-{s}-attachment.txt")), "log line\n").unwrap();
        }
    }
    let ids: Vec<usize> = (0..RESULTS).collect();
    for (class, children) in ids.chunks(12).enumerate() {
        std::fs::write(
            dir.join(format!("c{class:05}-container.json")),
            container_json(class, children),
        )
        .unwrap();
    }
    std::fs::write(dir.join(".complete"), b"").unwrap();
}

#[test]
fn loading_a_result_costs_a_bounded_number_of_allocations() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("alloc-count-results");
    write_results(&dir);
    let options = LoadOptions {
        dirs: vec![dir.clone()],
        cwd: dir.clone(),
        ..LoadOptions::default()
    };
    // Once untimed and uncounted: the first call pays for lazily built statics.
    drop(load_results(&options, &|_| {}).unwrap());

    let region = Region::new(GLOBAL);
    let report = load_results(&options, &|_| {}).unwrap();
    let stats = region.change();
    assert_eq!(report.tests.len(), RESULTS, "every result is loaded");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let per_result = stats.allocations as f64 / RESULTS as f64;
    let retained = (stats.bytes_allocated as f64 - stats.bytes_deallocated as f64) / RESULTS as f64;
    println!(
        "{RESULTS} results: {per_result:.1} allocations ({:.1} reallocations) and {retained:.0} retained bytes per result",
        stats.reallocations as f64 / RESULTS as f64
    );
    assert!(
        per_result <= MAX_ALLOCATIONS_PER_RESULT,
        "{per_result:.1} allocations per loaded result (at most {MAX_ALLOCATIONS_PER_RESULT})"
    );
    assert!(
        retained <= MAX_RETAINED_BYTES_PER_RESULT,
        "{retained:.0} bytes kept per loaded result (at most {MAX_RETAINED_BYTES_PER_RESULT})"
    );
    drop(report);
}
