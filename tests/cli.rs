//! The binary's command line: help, errors, the summary formats and the `--fail-on` gate, on our
//! own fixtures (no corpus needed).

mod common;

use common::{fixture, run, statuses, summary_json};

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

#[test]
fn help_lists_the_commands_and_options() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in ["summary", "--history", "--ascii", "--no-color"] {
        assert!(text.contains(expected), "--help lacks {expected}");
    }
    let out = run(&["summary", "--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("--format") && text.contains("--fail-on"));
}

#[test]
fn missing_directory_exits_2_with_one_line() {
    let out = run(&["summary", "/definitely/not/here"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no such file or directory: /definitely/not/here"));
}

#[test]
fn empty_directory_exits_2() {
    let out = run(&["summary", &path("empty")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("no readable Allure results"));
}

#[test]
fn text_summary_lists_failures_by_suite_with_markers() {
    let out = run(&["summary", &path("basic")]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Shop nightly\n"), "{text}");
    assert!(
        text.contains("4 tests: 1 passed · 1 failed · 1 broken · 1 skipped · 0 unknown"),
        "{text}"
    );
    assert!(text.contains("shop › cart › CartTest"));
    assert!(text.contains("✗ FAILED removes_item  [Assertions]"));
    assert!(text.contains("AssertionError: expected 0 items, got 1"));
    assert!(text.contains("! BROKEN pays_by_card  [Infrastructure]"));
    assert!(!text.contains("adds_item"), "passed tests are not listed");
    assert!(!text.contains('\u{1b}'), "no escape codes when not a TTY");
    assert!(text.contains("Warnings: 0"));
}

#[test]
fn ascii_summary_is_pure_ascii() {
    let out = run(&["summary", "--ascii", &path("flaky-history/allure-results")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.is_ascii(), "{text}");
    assert!(text.contains("x FAILED flaky"));
}

#[test]
fn markdown_summary_has_a_totals_table_and_failures() {
    let out = run(&["summary", "--format", "markdown", &path("basic")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("| 4 | 1 | 1 | 1 | 1 | 0 | 0 | 0 |"), "{text}");
    assert!(text.contains("| failed | removes\\_item | shop › cart › CartTest |"));
}

#[test]
fn json_summary_carries_totals_tests_and_attempts() {
    let doc = summary_json(&[&path("retries")]);
    assert_eq!(doc["schema"], "allure-tui/summary/v1");
    assert_eq!(doc["totals"]["total"], 2);
    assert_eq!(doc["totals"]["retries"], 3);
    let tests = doc["tests"].as_array().unwrap();
    let flips = tests.iter().find(|t| t["name"] == "flips").unwrap();
    assert_eq!(statuses(&flips["attempts"]), ["failed", "broken", "passed"]);
    assert_eq!(flips["status"], "passed");
    assert_eq!(flips["flakiness"]["retryFlip"], true);
    assert_eq!(
        flips["flaky"], false,
        "Allure's rule: passing now is never flaky"
    );
    let fails = tests.iter().find(|t| t["name"] == "always_fails").unwrap();
    assert_eq!(fails["flakiness"]["retryFlip"], false);
    assert_eq!(
        fails["suite"],
        serde_json::json!(["shop", "cart", "CartTest"])
    );
}

#[test]
fn history_gives_flaky_transitions_and_trend() {
    let doc = summary_json(&[&path("flaky-history/allure-results")]);
    let tests = doc["tests"].as_array().unwrap();
    let get = |name: &str| tests.iter().find(|t| t["name"] == name).unwrap();
    assert_eq!(get("flaky")["flaky"], true);
    assert_eq!(
        statuses(&get("flaky")["history"]),
        ["passed", "passed", "failed", "passed", "failed", "passed"],
        "previous runs only, newest first"
    );
    assert_eq!(get("regressed")["transition"], "regressed");
    assert_eq!(get("regressed")["flaky"], false);
    assert_eq!(get("fixed")["transition"], "fixed");
    assert_eq!(get("steady")["transition"], serde_json::Value::Null);
    assert_eq!(get("brand_new")["transition"], "new");
    assert_eq!(
        get("flaky")["history"][0]["message"],
        serde_json::Value::Null
    );
    assert_eq!(
        get("flaky")["history"][2]["message"],
        "flaky failed in run 4"
    );
    assert_eq!(doc["totals"]["flaky"], 1);
    let trend = doc["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 7, "6 previous runs + the current one");
    assert_eq!(trend[6]["current"], true);
    assert_eq!(trend[6]["failed"], 3);
}

#[test]
fn history_limit_keeps_the_newest_runs() {
    let doc = summary_json(&[
        "--history-limit",
        "2",
        &path("flaky-history/allure-results"),
    ]);
    let tests = doc["tests"].as_array().unwrap();
    let flaky = tests.iter().find(|t| t["name"] == "flaky").unwrap();
    assert_eq!(statuses(&flaky["history"]), ["passed", "passed"]);
    assert_eq!(doc["trend"].as_array().unwrap().len(), 3);
}

#[test]
fn broken_files_become_warnings_and_the_rest_loads() {
    let doc = summary_json(&[&path("broken-json")]);
    assert_eq!(doc["totals"]["total"], 2, "good + wrong-typed");
    let warnings: Vec<String> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{}: {}",
                w["file"].as_str().unwrap(),
                w["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings
        .iter()
        .any(|w| w.contains("truncated-result.json: unreadable: truncated JSON")));
    assert!(warnings
        .iter()
        .any(|w| w.contains("empty-result.json: unreadable: empty file")));
    assert!(warnings
        .iter()
        .any(|w| w.contains("types-result.json: status: expected a string")));
}

#[test]
fn fail_on_exits_1_only_when_a_test_matches() {
    let out = run(&["summary", "--fail-on", "failed,broken", &path("basic")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("1 failed, 1 broken"));
    let out = run(&["summary", "--fail-on", "flaky,new", &path("basic")]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&[
        "summary",
        "--fail-on",
        "flaky",
        &path("flaky-history/allure-results"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&[
        "summary",
        "--fail-on",
        "regressed",
        &path("flaky-history/allure-results"),
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn several_directories_merge_into_one_launch() {
    let doc = summary_json(&[&path("basic"), &path("retries")]);
    assert_eq!(doc["totals"]["total"], 6);
    assert_eq!(doc["launch"]["resultsDirs"].as_array().unwrap().len(), 2);
}

/// Runs the binary in a fresh empty directory (optionally holding `./allure-results` copied
/// from a fixture), without a terminal.
fn run_in_empty_dir(tag: &str, local_results: Option<&str>, args: &[&str]) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("allure-tui-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(name) = local_results {
        let local = dir.join("allure-results");
        std::fs::create_dir_all(&local).unwrap();
        for entry in std::fs::read_dir(fixture(name)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), local.join(entry.file_name())).unwrap();
        }
    }
    let out = common::bin()
        .args(args)
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn headless_commands_never_fall_back_to_the_sample() {
    for (tag, args) in [
        ("summary", vec!["summary", "--fail-on", "failed"]),
        ("json", vec!["summary", "--format", "json"]),
        ("testplan", vec!["testplan"]),
        ("bare", vec![]),
    ] {
        let out = run_in_empty_dir(tag, None, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} prints nothing on stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains("no results directory given and no ./allure-results in"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("sample"), "{err}");
    }
}

#[test]
fn headless_commands_use_local_allure_results() {
    let out = run_in_empty_dir("local", Some("basic"), &["summary", "--format", "json"]);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["totals"]["total"], 4);
    let out = run_in_empty_dir("local-bare", Some("basic"), &[]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("Shop nightly\n"));
}

#[test]
fn an_empty_directory_among_several_is_skipped_with_a_warning() {
    let doc = summary_json(&[&path("basic"), &path("empty")]);
    assert_eq!(
        doc["totals"]["total"], 4,
        "the other directory makes the launch"
    );
    let warnings = doc["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0]["file"].as_str().unwrap().ends_with("empty"));
    assert!(warnings[0]["reason"]
        .as_str()
        .unwrap()
        .contains("no test results"));
    let out = run(&["summary", &path("empty"), &path("empty")]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "only empty directories: no launch"
    );
}

#[test]
fn without_a_terminal_the_browser_prints_the_summary() {
    let out = run(&[&path("basic")]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Shop nightly\n"), "{text}");
}

#[test]
fn testplan_defaults_to_failed_and_broken_and_takes_the_summary_filters() {
    let out = run(&["testplan", &path("basic")]);
    assert!(out.status.success());
    // `-o -` is standard output too (it wrote a file named `-`).
    let dashed = run(&["testplan", "-o", "-", &path("basic")]);
    assert_eq!(dashed.stdout, out.stdout);
    assert!(!std::path::Path::new("-").exists());
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["version"], "1.0");
    let selectors = common::field(&plan["tests"], "selector");
    assert_eq!(
        selectors,
        [
            "shop.cart.CartTest#pays_by_card",
            "shop.cart.CartTest#removes_item"
        ]
    );
    let dir = std::env::temp_dir().join(format!("allure-tui-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("testplan.json");
    let out = run(&[
        "testplan",
        "--flaky",
        "-o",
        file.to_str().unwrap(),
        &path("flaky-history/allure-results"),
    ]);
    assert!(out.status.success());
    let plan: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let selectors = common::field(&plan["tests"], "selector");
    assert!(
        selectors.iter().any(|s| s == "shop.cart.CartTest#flaky"),
        "{selectors:?}"
    );
    assert!(
        !selectors.iter().any(|s| s == "shop.cart.CartTest#steady"),
        "{selectors:?}"
    );
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains(&format!("wrote {} entries", selectors.len())));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn summary_filters_select_the_listed_tests() {
    let doc = summary_json(&["--status", "passed,skipped", &path("basic")]);
    let names: Vec<&str> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["adds_item", "pays_by_voucher"]);
    assert_eq!(doc["totals"]["total"], 4, "totals still cover the launch");
    let out = run(&[
        "summary",
        "--regressed",
        "--new",
        &path("flaky-history/allure-results"),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Selected tests (3):"),
        "new, regressed, and flaky (regressed too): {text}"
    );
    assert!(text.contains("brand_new") && text.contains("regressed"));
    let doc = summary_json(&["--grep", "voucher", &path("basic")]);
    assert_eq!(doc["tests"].as_array().unwrap().len(), 1);
}

/// One test, retried: the totals line says "1 test" and "(1 test)", not "1 tests".
#[test]
fn the_totals_line_counts_one_test_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["r0-result.json", "r1-result.json", "r2-result.json"] {
        std::fs::copy(fixture("retries").join(name), dir.path().join(name)).unwrap();
    }
    let out = run(&["summary", &dir.path().display().to_string()]);
    let text = String::from_utf8(out.stdout).unwrap();
    let totals = text.lines().nth(1).unwrap_or_default();
    assert!(
        totals.starts_with("1 test: ") && totals.contains(" retries (1 test)"),
        "{text}"
    );
}
