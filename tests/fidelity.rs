//! Fidelity on real projects' quirks (issue 7), each kind on a small fixture of our own whose
//! right answer was settled with the real tools (Allure 2.46.1 and Allure 3.18.0).

mod common;

use common::{fixture, run, summary_json};
use serde_json::Value;

fn test<'a>(summary: &'a Value, name: &str) -> &'a Value {
    summary["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no test {name}"))
}

fn matrix() -> Value {
    let root = common::fixture("matrix");
    let linux = root.join("linux/allure-results");
    let windows = root.join("windows/allure-results");
    common::summary_json(&[linux.to_str().unwrap(), windows.to_str().unwrap()])
}

/// Two jobs of a matrix (`tests/fixtures/matrix`, from `allure generate linux windows`): the
/// same test in both is one test with retries and the latest start is shown, as in Allure 2 and
/// Allure 3; every directory's environment, executor, categories and history count.
#[test]
fn a_matrix_of_two_directories_is_one_launch() {
    let summary = matrix();
    let totals = &summary["totals"];
    assert_eq!(totals["total"], 6);
    assert_eq!(totals["retries"], 4);
    assert_eq!(
        (&totals["failed"], &totals["broken"], &totals["skipped"]),
        (&Value::from(3), &Value::from(2), &Value::from(1))
    );
    // The shown attempt is the latest start, whichever directory it came from; the attempts
    // name their directory.
    let launch = test(&summary, "test_launch_sequence");
    assert_eq!(launch["status"], "failed");
    let dirs: Vec<&str> = launch["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["dir"].as_str().unwrap())
        .collect();
    assert!(
        dirs[0].ends_with("linux/allure-results") && dirs[1].ends_with("windows/allure-results")
    );

    // Every directory's environment, one line per key, values in first-seen order.
    let env = &summary["launch"]["environment"];
    assert_eq!(env[0], serde_json::json!(["os", "Linux, Windows"]));
    assert_eq!(env[1], serde_json::json!(["python", "3.11.7"]));
    assert_eq!(env[2], serde_json::json!(["browser", "firefox, edge"]));
    assert_eq!(
        summary["launch"]["environmentValues"][0]["values"],
        serde_json::json!(["Linux", "Windows"])
    );
    // The launch is named after both builds; its build order is the highest (Allure 2's trend).
    assert_eq!(
        summary["launch"]["buildName"],
        "orbit linux #41 + orbit windows #7"
    );
    assert_eq!(summary["launch"]["buildOrder"], 41);

    // Each directory's categories.json categorises its own results (Allure 2).
    let category = |name: &str| test(&summary, name)["categories"][0].clone();
    assert_eq!(category("test_telemetry"), "Windows timeouts");
    assert_eq!(category("test_fuel_mix"), "Linux-specific");
    assert_eq!(category("test_launch_sequence"), "Assertion failures");
    assert_eq!(category("test_windows_registry"), "Windows timeouts");
    assert_eq!(category("test_linux_mounts"), "Linux-specific");

    // Conflicts are warned about, naming what applies.
    let warnings = summary["warnings"].to_string();
    assert!(warnings.contains("build order 7 differs"), "{warnings}");
    assert!(
        warnings.contains("each directory's rules categorise its own results"),
        "{warnings}"
    );
}

/// History is found for each directory: linux's `history.jsonl` beside its results, windows'
/// Allure 2 `history/`. A healthy matrix is not "all new".
#[test]
fn every_directory_brings_its_own_history() {
    let summary = matrix();
    let transition = |name: &str| test(&summary, name)["transition"].clone();
    assert_eq!(transition("test_linux_mounts"), "regressed");
    assert_eq!(transition("test_windows_registry"), "malfunctioned");
    assert_eq!(transition("test_launch_sequence"), "regressed");
    assert_eq!(transition("test_fuel_mix"), "new");
    let files = summary["launch"]["historyFiles"].to_string();
    assert!(
        files.contains("linux/history.jsonl") && files.contains("windows/allure-results/history"),
        "{files}"
    );
}

fn fixture_summary(path: &str) -> Value {
    let dir = common::fixture(path);
    common::summary_json(&[dir.to_str().unwrap()])
}

fn history_of(summary: &Value, name: &str) -> Vec<String> {
    common::statuses(&test(summary, name)["history"])
}

/// Every build published to one report URL: the newest Allure 2 history run (build 11) is not
/// the current launch (build 12), whatever the URL says. It stays a previous run, with a
/// warning that says why.
#[test]
fn a_fixed_report_url_does_not_drop_a_previous_run() {
    let summary = fixture_summary("fixed-url/allure-results");
    assert_eq!(history_of(&summary, "test_alpha"), ["passed", "passed"]);
    assert_eq!(history_of(&summary, "test_beta"), ["failed", "passed"]);
    assert_eq!(test(&summary, "test_alpha")["transition"], "regressed");
    assert_eq!(test(&summary, "test_beta")["transition"], "fixed");
    let labels: Vec<String> = common::field(&summary["trend"], "label");
    assert_eq!(labels, ["10", "11", "12"]);
    let warnings = summary["warnings"].to_string();
    assert!(
        warnings.contains("report URL") && warnings.contains("build order differs"),
        "{warnings}"
    );
}

/// Both history formats: a test's history is their union by run, even when its key differs
/// between them (a repeated parameter); a run present in both (same start) counts once.
#[test]
fn both_history_formats_are_one_history() {
    let summary = fixture_summary("both-formats/allure-results");
    // r2 only in Allure 2 (under the collapsed key), r1 in both.
    assert_eq!(history_of(&summary, "test_repeat"), ["broken", "passed"]);
    // r2 and r1 in both formats, r0 only in Allure 2.
    assert_eq!(
        history_of(&summary, "test_plain"),
        ["passed", "failed", "skipped"]
    );
}

/// `--history` (repeatable) is the only history read.
#[test]
fn explicit_history_replaces_discovery() {
    let root = common::fixture("both-formats");
    let results = root.join("allure-results");
    let jsonl = root.join("history.jsonl");
    let summary = common::summary_json(&[
        results.to_str().unwrap(),
        "--history",
        jsonl.to_str().unwrap(),
    ]);
    assert_eq!(
        history_of(&summary, "test_repeat"),
        ["passed"],
        "Allure 2 history not read"
    );
    assert_eq!(
        summary["launch"]["historyFiles"].as_array().unwrap().len(),
        1
    );
}

/// Clocks that are not real (zero, Go's zero time, seconds, stop < start, frozen) do not make
/// the run last decades; a launch whose only clock is frozen has an unknown duration.
#[test]
fn unreal_clocks_give_a_plausible_run_duration() {
    let summary = fixture_summary("clocks/allure-results");
    let current = summary["trend"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(current["duration"], 6_000);
    // Per-test durations follow Allure 3: stop - start, clamped to 0.
    assert_eq!(test(&summary, "test_stop_before_start")["duration"], 0);
    let text = common::run(&[
        "summary",
        common::fixture("clocks/allure-results").to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("duration 6.00s"));

    let frozen = fixture_summary("frozen-clock/allure-results");
    let current = frozen["trend"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(current["duration"], Value::Null);
    let text = common::run(&[
        "summary",
        common::fixture("frozen-clock/allure-results")
            .to_str()
            .unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("duration unknown"));
}

/// Two files with one uuid (a shard copied twice) are one result, as in Allure 3: the file
/// read later replaces the earlier one (never a retry), with a warning naming both.
#[test]
fn one_uuid_is_one_result() {
    let summary = fixture_summary("duplicate-uuid");
    assert_eq!(summary["totals"]["total"], 3);
    assert_eq!(summary["totals"]["retries"], 0);
    let manifest = test(&summary, "test_cargo_manifest");
    assert_eq!(manifest["status"], "failed");
    assert_eq!(manifest["attempts"].as_array().unwrap().len(), 1);
    let warnings = summary["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let first = warnings[0].to_string();
    assert!(
        first.contains("aaaaaaaa-0000-4000-8000-000000000001-result.json")
            && first.contains("shard2-aaaaaaaa"),
        "{first}"
    );
}

// Placeholder ids, environment files and category regexes (items 1, 5 and 6).

fn expected(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixture(name).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn placeholder_ids_do_not_make_one_test_of_many() {
    let want = &expected("placeholder-ids")["allure_tui"];
    let results = fixture("placeholder-ids/allure-results");
    let doc = summary_json(&[results.to_str().unwrap()]);
    assert_eq!(doc["totals"]["total"], want["tests"]);
    assert_eq!(doc["totals"]["retries"], want["retries"]);
    let retried: Vec<&str> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["attempts"].as_array().unwrap().len() > 1)
        .flat_map(|t| t["attempts"].as_array().unwrap())
        .map(|a| a["file"].as_str().unwrap())
        .collect();
    assert_eq!(retried.len(), 2, "{retried:?}");
    for name in want["grouped"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert!(retried.iter().any(|f| f.contains(name)), "{retried:?}");
    }
}

#[test]
fn placeholder_ids_stay_out_of_the_test_plan() {
    let want = &expected("placeholder-ids")["allure_tui"];
    let results = fixture("placeholder-ids/allure-results");
    let out = run(&["testplan", results.to_str().unwrap()]);
    assert!(out.status.success());
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = plan["tests"].as_array().unwrap();
    let selectors: Vec<&str> = entries
        .iter()
        .map(|e| e["selector"].as_str().unwrap())
        .collect();
    assert_eq!(
        serde_json::json!(selectors),
        want["testplan_selectors"],
        "one entry per failed test"
    );
    let ids: serde_json::Map<String, serde_json::Value> = entries
        .iter()
        .filter(|e| e.get("id").is_some())
        .map(|e| (e["selector"].as_str().unwrap().to_owned(), e["id"].clone()))
        .collect();
    assert_eq!(serde_json::Value::Object(ids), want["testplan_ids"]);
}

#[test]
fn environment_is_read_as_allure2_reads_java_properties_and_xml() {
    let want = &expected("environment-java")["environment"];
    let results = fixture("environment-java/allure-results");
    let doc = summary_json(&[results.to_str().unwrap()]);
    let got: Vec<serde_json::Value> = doc["launch"]["environment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| serde_json::json!([pair[0], pair[1]]))
        .collect();
    assert_eq!(&serde_json::Value::Array(got), want);
    let warnings = doc["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("environment.properties"));
    assert!(warnings[0]["reason"]
        .as_str()
        .unwrap()
        .contains("read as ISO-8859-1"));
}

#[test]
fn category_regexes_are_matched_as_java_does() {
    let want = &expected("categories-java")["categories"];
    let results = fixture("categories-java/allure-results");
    let doc = summary_json(&[results.to_str().unwrap()]);
    let got: serde_json::Map<String, serde_json::Value> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_owned(),
                t["categories"][0].clone(),
            )
        })
        .collect();
    assert_eq!(&serde_json::Value::Object(got), want);
    let warnings = doc["warnings"].as_array().unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// In the TUI too: the Retries tab names each attempt's directory when there are several.
#[test]
fn the_retries_tab_names_each_attempts_directory() {
    use allure_tui::app::action::Payload;
    use allure_tui::app::{update, Action, App, Tab};
    use allure_tui::model::{load_results, read_history, HistoryInput, LoadOptions};
    let root = common::fixture("matrix");
    let options = LoadOptions {
        dirs: vec![
            root.join("linux/allure-results"),
            root.join("windows/allure-results"),
        ],
        cwd: root.clone(),
        ..LoadOptions::default()
    };
    let report = load_results(&options, &|_| {}).unwrap();
    let bundle = read_history(&HistoryInput::of(&report), &options, &|_| {});
    let mut app = App::new(allure_tui::symbols::Symbols::new(false), (120, 36), 0);
    let mut actions = vec![
        Action::Resize(120, 36),
        Action::ResultsLoaded {
            report: Payload::new(report),
            now_ms: 0,
        },
        Action::HistoryLoaded(Payload::new(bundle)),
        Action::StartSearch,
    ];
    actions.extend("test_launch_sequence".chars().map(Action::SearchInsert));
    actions.extend([Action::SearchAccept, Action::ShowTab(Tab::Retries)]);
    for action in actions {
        update(&mut app, action);
    }
    let screen = common::screen_text(&app);
    assert!(screen.contains("[linux/allure-results]"), "{screen}");
    assert!(screen.contains("[windows/allure-results]"), "{screen}");
}
