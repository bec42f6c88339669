//! What changed (issue 11), through the binary: the change sets and failure clusters of
//! `tests/fixtures/changes` against its baseline, checked against the hand-worked answers in
//! `expected.json`, for a baseline from each kind of input the product reads (a results
//! directory, a zip, a tar.gz, the Allure 2 and Allure 3 reports the real tools generated from
//! it, `JUnit` XML (a directory or the file), an Allure 3 history run on disk, in an archive or
//! in a report, an Allure 2 history run); the gates and selections that use them; and what a
//! baseline cannot answer.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::archives::{files_below, scratch, tar_of, zip_of};
use common::{fixture, run};
use serde_json::Value;

fn current() -> String {
    fixture("changes/current").display().to_string()
}

fn baseline_dir() -> String {
    fixture("changes/baseline").display().to_string()
}

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture("changes/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Histories holding the baseline launch as their one run, written once by `history append`
/// (whose output matches the real tools'): `(history.jsonl, Allure 2 history/)`.
fn histories() -> &'static (PathBuf, PathBuf) {
    static MADE: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    MADE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("changes-histories");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let jsonl = dir.join("history.jsonl");
        let allure2 = dir.join("history");
        for to in [&jsonl, &allure2] {
            let out = run(&[
                "history",
                "append",
                &baseline_dir(),
                "--to",
                to.to_str().unwrap(),
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        (jsonl, allure2)
    })
}

fn json(args: &[&str]) -> Value {
    common::summary_json(args)
}

/// Each set as display names.
fn sets(doc: &Value) -> BTreeMap<String, Option<Vec<String>>> {
    doc["changes"]
        .as_object()
        .expect("changes")
        .iter()
        .map(|(set, tests)| {
            let names = tests.as_array().map(|list| {
                list.iter()
                    .map(|t| t["name"].as_str().unwrap().to_owned())
                    .collect()
            });
            (set.clone(), names)
        })
        .collect()
}

fn expected_sets() -> BTreeMap<String, Option<Vec<String>>> {
    serde_json::from_value(expected()["changes"].clone()).unwrap()
}

#[test]
fn a_results_directory_baseline_gives_the_hand_checked_sets() {
    let doc = json(&["--baseline", &baseline_dir(), &current()]);
    assert_eq!(sets(&doc), expected_sets());
    let baseline = &doc["baseline"];
    assert_eq!(baseline["kind"], "input");
    assert_eq!(baseline["title"], "shop #1");
    assert_eq!(baseline["removedAvailable"], true);
    assert_eq!(baseline["matchedByKey"], 15, "17 baseline tests, 2 removed");
    // failed ↔ broken shows on the row.
    let still = doc["changes"]["stillFailing"].as_array().unwrap();
    let tax = still.iter().find(|t| t["name"] == "tax").unwrap();
    let want = &expected()["statusChanges"]["tax"];
    assert_eq!(
        (&tax["baselineStatus"], &tax["status"]),
        (&want[0], &want[1])
    );
    // Slower carries both durations.
    let slower = &doc["changes"]["slower"][0];
    let want = &expected()["slowerDurations"]["by_name"];
    assert_eq!(
        (&slower["duration"], &slower["baselineDuration"]),
        (&want[0], &want[1])
    );
    assert!(slower["key"].as_str().is_some_and(|k| k.contains('.')));
    assert!(
        doc["changes"]["fixed"][0].get("duration").is_none(),
        "durations only in slower"
    );
    // The renamed test by ALLURE_ID and testCaseId is the same test: in no set.
    for (_, names) in sets(&doc) {
        assert!(!names.unwrap().contains(&"display".to_owned()));
    }
}

#[test]
fn clusters_are_the_hand_checked_ones_with_or_without_a_baseline() {
    let want = expected()["clusters"].clone();
    for args in [
        vec![current()],
        vec!["--baseline".into(), baseline_dir(), current()],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let doc = json(&args);
        let by_key: BTreeMap<&str, &str> = doc["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["key"].as_str().unwrap(), t["name"].as_str().unwrap()))
            .collect();
        let got: Vec<Value> = doc["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let tests: Vec<&str> = c["tests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| by_key[k.as_str().unwrap()])
                    .collect();
                assert_eq!(c["count"], tests.len());
                serde_json::json!({"id": c["id"], "signature": c["signature"], "tests": tests})
            })
            .collect();
        assert_eq!(Value::Array(got), want);
        let parse = doc["tests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "parse[1.5]")
            .unwrap();
        assert_eq!(parse["cluster"], "1c1a8b2b", "each test names its cluster");
        if args.len() == 1 {
            assert!(doc["baseline"].is_null() && doc["changes"].is_null());
        }
    }
}

#[test]
fn the_frame_splits_clusters_only_when_asked() {
    let doc = json(&["--cluster-by-frame", &current()]);
    let signatures: Vec<&str> = doc["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["signature"].as_str().unwrap())
        .collect();
    assert!(
        signatures.contains(&"AssertionError: item '<str>' missing from cart <uuid> @ shop/add.py")
    );
    assert!(signatures
        .contains(&"AssertionError: item '<str>' missing from cart <uuid> @ shop/update.py"));
    assert_eq!(
        signatures.len(),
        8,
        "the two shared clusters split by frame"
    );
}

#[test]
fn history_runs_of_both_formats_give_the_same_sets() {
    let (jsonl, allure2) = histories();
    let doc = json(&[
        "--history",
        jsonl.to_str().unwrap(),
        "--baseline",
        "previous",
        &current(),
    ]);
    assert_eq!(
        sets(&doc),
        expected_sets(),
        "an Allure 3 run lists its tests"
    );
    assert_eq!(doc["baseline"]["kind"], "history");
    assert_eq!(doc["baseline"]["run"]["n"], 1);
    assert_eq!(doc["baseline"]["stepsAvailable"], false);

    let doc = json(&[
        "--history",
        allure2.to_str().unwrap(),
        "--baseline",
        "previous",
        &current(),
    ]);
    let mut want = expected_sets();
    want.insert("removed".into(), None);
    assert_eq!(
        sets(&doc),
        want,
        "Allure 2 history cannot say what was removed"
    );
    assert_eq!(doc["baseline"]["removedAvailable"], false);
    assert_eq!(doc["baseline"]["tracesAvailable"], false);
    let notes = doc["baseline"]["notes"].to_string();
    assert!(notes.contains("keeps no test names"), "{notes}");
}

/// Every kind of input is a baseline, read by the loader itself, with the same hand-checked
/// answers: the baseline launch as a results directory, zipped, as a tar.gz with the results in
/// a folder, as the Allure 2 and Allure 3 reports the real tools generated from it
/// (`baseline-allure2-report`, `baseline-allure3-report`: allure-commandline 2.46.1 and allure
/// 3.18.0, trimmed to their data), and a zip of that Allure 3 report.
#[test]
fn every_input_kind_is_a_baseline_with_the_same_answers() {
    let dir = scratch("changes", "archives");
    let results = fixture("changes/baseline");
    let zip = dir.join("baseline.zip");
    zip_of(&zip, &files_below(&results, ""));
    let tgz = dir.join("baseline.tar.gz");
    tar_of(&tgz, true, &files_below(&results, "allure-results"));
    let report_zip = dir.join("allure3-report.zip");
    zip_of(
        &report_zip,
        &files_below(&fixture("changes/baseline-allure3-report"), "report"),
    );
    let baselines = [
        results,
        zip,
        tgz,
        fixture("changes/baseline-allure2-report"),
        fixture("changes/baseline-allure3-report"),
        report_zip,
    ];
    for baseline in baselines {
        let shown = baseline.display().to_string();
        let doc = json(&["--baseline", &shown, &current()]);
        assert_eq!(sets(&doc), expected_sets(), "{shown}");
        let b = &doc["baseline"];
        assert_eq!(b["kind"], "input", "{shown}");
        assert_eq!(b["source"], shown.as_str());
        assert_eq!(b["tests"], 17, "{shown}");
        assert_eq!(b["matchedByKey"], 15, "{shown}: by Allure identity");
        assert_eq!(b["removedAvailable"], true, "{shown}");
        assert_eq!(b["stepsAvailable"], true, "{shown}");
        assert_eq!(b["notes"], Value::Array(Vec::new()), "{shown}");
    }
}

/// `--baseline previous` where the history is not a file on disk: inside a zip beside the
/// results, and an Allure 3 report's own history point (`current-allure3-report`: allure 3.18.0
/// generated the baseline, then the current launch with that history). Both are Allure 3 runs
/// that list their tests, so removed tests are named.
#[test]
fn a_history_run_read_from_an_archive_or_a_report_names_removed_tests() {
    let dir = scratch("changes", "history-in-archives");
    let mut files = files_below(&fixture("changes/current"), "");
    files.push((
        "history.jsonl".to_owned(),
        std::fs::read(&histories().0).unwrap(),
    ));
    let with_history = dir.join("current-with-history.zip");
    zip_of(&with_history, &files);
    let report = fixture("changes/current-allure3-report");
    let report_zip = dir.join("current-allure3-report.zip");
    zip_of(&report_zip, &files_below(&report, ""));
    for input in [with_history, report, report_zip] {
        let shown = input.display().to_string();
        let doc = json(&["--baseline", "previous", &shown]);
        assert_eq!(sets(&doc), expected_sets(), "{shown}");
        let b = &doc["baseline"];
        assert_eq!(b["kind"], "history", "{shown}");
        assert_eq!(b["removedAvailable"], true, "{shown}");
        assert_eq!(
            (&b["stepsAvailable"], &b["tracesAvailable"]),
            (&Value::Bool(false), &Value::Bool(true)),
            "{shown}: Allure 3 history keeps traces, not steps"
        );
        assert!(
            b["notes"]
                .to_string()
                .contains("message, trace and duration"),
            "{shown}: {}",
            b["notes"]
        );
    }
}

/// A `JUnit` baseline (the baseline launch as pytest's `--junitxml` writes it), given as its
/// directory or as the file, against Allure results: matched by normalised full name
/// (`shop.Cart.add` against `shop.Cart#add`), so every set is the hand-checked one except the
/// test renamed under one `ALLURE_ID`, which `JUnit` cannot carry. Against another suite, fewer
/// than half match and a warning says so.
#[test]
fn a_junit_baseline_matches_by_normalised_full_name() {
    let want = expected();
    let junit_want = &want["junitBaseline"];
    let dir = fixture("changes/baseline-junit");
    for baseline in [dir.clone(), dir.join("TEST-shop.xml")] {
        let shown = baseline.display().to_string();
        let doc = json(&["--baseline", &shown, &current()]);
        let got = sets(&doc);
        for (set, names) in &got {
            let expected_names = junit_want.get(set).unwrap_or(&want["changes"][set]);
            assert_eq!(
                serde_json::to_value(names).unwrap(),
                *expected_names,
                "{shown}: {set}"
            );
        }
        let b = &doc["baseline"];
        assert_eq!(b["matchedByName"], junit_want["matchedByName"], "{shown}");
        assert_eq!(
            b["matchedByKey"], 0,
            "{shown}: JUnit has no Allure identity"
        );
        assert_eq!(b["notes"], Value::Array(Vec::new()), "{shown}: no warning");
    }
    let out = run(&[
        "summary",
        "--baseline",
        &dir.display().to_string(),
        &fixture("basic").display().to_string(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: only 0 of the baseline's 17 tests match"),
        "{err}"
    );
}

#[test]
fn a_run_the_history_does_not_have_is_a_clear_error() {
    let (jsonl, _) = histories();
    let out = run(&[
        "summary",
        "--history",
        jsonl.to_str().unwrap(),
        "--baseline",
        "run:2",
        &current(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("run:2: the history has only 1 run"), "{err}");
    let out = run(&["summary", "--baseline", "previous", &current()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no history was found"));
    let out = run(&["summary", "--baseline", "run:0", &current()]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["summary", "--baseline", "/no/such/dir", &current()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--baseline /no/such/dir"));
}

#[test]
fn new_failures_gate_beside_allure_s_new() {
    let (jsonl, _) = histories();
    let history = jsonl.to_str().unwrap();
    let out = run(&[
        "summary",
        "--baseline",
        &baseline_dir(),
        "--fail-on",
        "new-failures",
        &current(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fail-on matched: 5 new-failures"));
    // Allure's `new`: no history at all (the renamed test, the added ones).
    let out = run(&[
        "summary",
        "--history",
        history,
        "--fail-on",
        "new",
        &current(),
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fail-on matched: 3 new"));
    // Known failures stay visible without blocking: a baseline that already fails them all.
    let out = run(&[
        "summary",
        "--baseline",
        &current(),
        "--fail-on",
        "new-failures",
        &current(),
    ]);
    assert_eq!(out.status.code(), Some(0), "nothing is new against itself");
    // Nothing to compare with: refused rather than passed silently.
    let out = run(&["summary", "--fail-on", "new-failures", &current()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs something to compare with"));
}

#[test]
fn selection_flags_pick_the_sets_and_clusters() {
    let names = |doc: &Value| -> Vec<String> {
        doc["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let b = baseline_dir();
    let doc = json(&["--baseline", &b, "--new-failures", &current()]);
    assert_eq!(
        names(&doc),
        ["update", "total", "wallet", "parse[1.5]", "export"]
    );
    let doc = json(&["--baseline", &b, "--fixed", &current()]);
    assert_eq!(names(&doc), ["remove"], "--fixed against the baseline");
    let doc = json(&["--fixed", &current()]);
    assert!(
        names(&doc).is_empty(),
        "--fixed without one: Allure's transition, and no history"
    );
    let doc = json(&["--cluster", "1c1a8b2b", &current()]);
    assert_eq!(names(&doc), ["parse[1.5]", "parse[2.0]"]);
    let doc = json(&[
        "--cluster",
        "1C1A8B2B,2118530b",
        "--new-failures",
        "--baseline",
        &b,
        &current(),
    ]);
    assert_eq!(
        names(&doc),
        ["update", "parse[1.5]"],
        "conditions combine with AND"
    );

    let out = run(&["testplan", "--cluster", "2118530b", &current()]);
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let selectors: Vec<&str> = plan["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["selector"].as_str().unwrap())
        .collect();
    assert_eq!(selectors, ["shop.Cart#add", "shop.Cart#update"]);
    let out = run(&["testplan", "--baseline", &b, "--new-failures", &current()]);
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["tests"].as_array().unwrap().len(), 5);
    let out = run(&["testplan", "--cluster", "deadbeef", &current()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown cluster never writes an empty plan"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no failure cluster has that id"));
}

#[test]
fn text_markdown_and_github_carry_the_sections() {
    let b = baseline_dir();
    let text = String::from_utf8(run(&["summary", "--baseline", &b, &current()]).stdout).unwrap();
    assert!(text.contains("Changes against "), "{text}");
    assert!(text.contains("5 new failures · 3 still failing · 1 fixed · 1 newly skipped · 3 added · 2 removed · 1 slower"), "{text}");
    assert!(
        text.contains("✗ tax  (was failed)") || text.contains("! tax  (was failed)"),
        "{text}"
    );
    assert!(text.contains("by_name  400ms (was 50ms)"), "{text}");
    assert!(
        text.lines().any(|l| l == "    ✗ add"),
        "a row without a change note ends at its name: {text}"
    );
    assert!(
        text.lines().all(|l| l == l.trim_end()),
        "no line ends in spaces: {text:?}"
    );
    let retries = fixture("retries").display().to_string();
    let one = String::from_utf8(run(&["summary", &retries]).stdout).unwrap();
    assert!(
        one.contains("Failure clusters (1 cluster, 1 failure):"),
        "{one}"
    );
    let one =
        String::from_utf8(run(&["summary", "--format", "markdown", &retries]).stdout).unwrap();
    assert!(
        one.contains("### Failure clusters (1 cluster, 1 failure)"),
        "{one}"
    );
    assert!(
        text.contains("Failure clusters (6 clusters, 8 failures):"),
        "{text}"
    );
    assert!(
        text.contains("1c1a8b2b     2×  AssertionError: took <duration>"),
        "{text}"
    );

    let md = String::from_utf8(
        run(&[
            "summary",
            "--format",
            "markdown",
            "--baseline",
            &b,
            &current(),
        ])
        .stdout,
    )
    .unwrap();
    for heading in [
        "### Changes against ",
        "#### New failures (5)",
        "#### Still failing (3)",
        "#### Fixed (1)",
        "#### Newly skipped (1)",
        "#### Added (3)",
        "#### Removed (2)",
        "#### Slower (1)",
        "### Failure clusters (6 clusters, 8 failures)",
    ] {
        assert!(md.contains(heading), "{heading} in\n{md}");
    }
    assert!(
        md.contains("| `1c1a8b2b` | 2 | AssertionError: took &lt;duration&gt; |"),
        "{md}"
    );

    let gh = String::from_utf8(
        run(&[
            "summary",
            "--format",
            "github",
            "--baseline",
            &b,
            &current(),
        ])
        .stdout,
    )
    .unwrap();
    assert!(gh.contains("### New failures against "), "{gh}");
    assert!(gh.contains("(5)"), "{gh}");
    assert!(gh.contains("<code>2118530b</code>"), "{gh}");
}

#[test]
fn a_baseline_from_another_suite_warns() {
    let out = run(&[
        "summary",
        "--baseline",
        &fixture("basic").display().to_string(),
        &current(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: only 0 of the baseline's"), "{err}");
}
