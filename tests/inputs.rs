//! Everything CI produces, opened with no flag (issue 8): archives read in place, generated
//! Allure 2 and 3 reports, trees of result directories; hostile archives warned about, never
//! crashing and never writing outside a private directory.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::archives::{files_below, tar_of, write_files, zip_of};

fn scratch(name: &str) -> PathBuf {
    common::archives::scratch("inputs", name)
}

fn totals(doc: &Value) -> (u64, u64, u64) {
    let t = &doc["totals"];
    (
        t["total"].as_u64().unwrap(),
        t["failed"].as_u64().unwrap(),
        t["retries"].as_u64().unwrap(),
    )
}

fn summary(path: &Path) -> Value {
    common::summary_json(&[path.to_str().unwrap()])
}

fn test<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no test {name}"))
}

/// A CI artifact of a matrix (two jobs, each with its own history) read from a zip, a tar and
/// a tar.gz gives exactly what the extracted directory gives, history included.
#[test]
fn archives_read_in_place_give_the_directory_answers() {
    let dir = scratch("archives");
    let matrix = common::fixture("matrix");
    let files = files_below(&matrix, "ci-artifacts");
    let expected = summary(&matrix);
    assert_eq!(totals(&expected), (6, 3, 4));
    for (name, make) in [
        ("ci.zip", 0u8),
        ("ci.tar", 1),
        ("ci.tar.gz", 2),
        ("ci.tgz", 2),
    ] {
        let path = dir.join(name);
        match make {
            0 => zip_of(&path, &files),
            1 => tar_of(&path, false, &files),
            _ => tar_of(&path, true, &files),
        }
        let doc = summary(&path);
        assert_eq!(totals(&doc), totals(&expected), "{name}");
        for t in [
            "test_linux_mounts",
            "test_windows_registry",
            "test_launch_sequence",
        ] {
            assert_eq!(
                test(&doc, t)["transition"],
                test(&expected, t)["transition"],
                "{name}: {t}: history inside the archive"
            );
        }
        let read = doc["launch"]["read"].as_str().unwrap();
        assert!(read.contains("2 result directories"), "{read}");
        assert!(
            read.contains("1 history.jsonl") && read.contains("1 Allure 2 history"),
            "{read}"
        );
    }
}

/// A hostile archive: entries that climb out or are absolute, links, duplicates and a bomb-like
/// ratio are warned about by name; the honest results still load; nothing is written outside.
#[test]
fn hostile_archives_warn_and_load_the_rest() {
    let dir = scratch("hostile");
    let mut files = files_below(&common::fixture("basic"), "allure-results");
    files.push(("../../escaped-result.json".to_owned(), b"{}".to_vec()));
    files.push(("/abs/evil-result.json".to_owned(), b"{}".to_vec()));
    files.push((
        "allure-results\\windows-sep-result.json".to_owned(),
        br#"{"uuid":"w","fullName":"win.T#sep","status":"passed"}"#.to_vec(),
    ));
    files.push(("allure-results/zeros.txt".to_owned(), vec![0u8; 5 << 20]));
    let path = dir.join("hostile.zip");
    zip_of(&path, &files);
    let doc = summary(&path);
    assert_eq!(
        doc["totals"]["total"], 5,
        "4 honest tests and the one with a \\ separator"
    );
    let warnings = doc["warnings"].to_string();
    for expected in ["climbs out", "absolute", "compressed"] {
        assert!(warnings.contains(expected), "{expected}: {warnings}");
    }
    assert!(!dir.join("escaped-result.json").exists());
    assert!(!Path::new("/abs").exists());
    // Caps are flags: a tiny total cap skips entries with a warning instead of reading them.
    let capped = common::summary_json(&["--archive-limit", "2K", path.to_str().unwrap()]);
    assert!(capped["totals"]["total"].as_u64().unwrap() < 5);
    assert!(
        capped["warnings"].to_string().contains("total cap"),
        "{}",
        capped["warnings"]
    );
}

/// Generated reports, read as they show themselves (made with allure-commandline 2.46.1 and
/// allure 3.18.0 from the same two runs: `tests/fixtures/reports/`; `allure3-nav` is the
/// Allure 3 one as Allure 3.13 writes it, indexed only by widgets/nav.json).
#[test]
fn generated_reports_read_as_they_show_themselves() {
    for kind in ["allure2", "allure3", "allure3-nav"] {
        let doc = summary(&common::fixture("reports").join(kind));
        let t = &doc["totals"];
        assert_eq!(
            (
                &t["total"],
                &t["failed"],
                &t["passed"],
                &t["skipped"],
                &t["retries"]
            ),
            (
                &Value::from(4),
                &Value::from(1),
                &Value::from(2),
                &Value::from(1),
                &Value::from(1)
            ),
            "{kind}"
        );
        let invoice = test(&doc, "test_invoice_total");
        assert_eq!(invoice["status"], "failed");
        assert_eq!(
            invoice["transition"], "regressed",
            "{kind}: history as the report shows it"
        );
        assert_eq!(common::statuses(&invoice["history"]), ["passed"], "{kind}");
        let refund = test(&doc, "test_refund_flaky");
        assert_eq!(
            refund["attempts"].as_array().unwrap().len(),
            2,
            "{kind}: its hidden retry"
        );
        assert_eq!(refund["transition"], "fixed", "{kind}");
        let category = invoice["categories"][0].as_str().unwrap();
        let expected = if kind == "allure2" {
            "Money rounding"
        } else {
            "Product errors"
        };
        assert_eq!(category, expected, "{kind}: the report's own category");
    }
    // A report's folder keeps stale results across regenerations: only its index counts (an
    // Allure 3 report's test-results.json, an Allure 2 report's tree, data/suites.json), and
    // an Allure 2 report says how many files it passed over.
    let doc = summary(&common::fixture("reports").join("allure3"));
    assert!(!doc.to_string().contains("test_removed_long_ago"));
    let doc = summary(&common::fixture("reports").join("allure2"));
    assert!(!doc["tests"].to_string().contains("test_removed_long_ago"));
    let warnings = doc["warnings"].to_string();
    assert!(
        warnings.contains("1 file in data/test-cases/ is neither a test of the report's tree"),
        "{warnings}"
    );
}

/// An Allure 2 report's retries are the ones it records (`extra.retries`), not regrouped by
/// our key: Allure 2 before 2.45 grouped them by `historyId`, so two results with one full
/// name and two historyIds are two tests there (the fixture is allure-commandline 2.24.1's
/// report of two such results; its widgets/summary.json says 2 tests, 1 passed, 1 failed).
/// Regrouped, they were one test with a retry, and the report's own history point no longer
/// looked like this launch.
#[test]
fn an_allure2_report_keeps_its_own_grouping_of_retries() {
    let doc = summary(&common::fixture("reports").join("allure2-old-retries"));
    let t = &doc["totals"];
    assert_eq!(
        (&t["total"], &t["passed"], &t["failed"], &t["retries"]),
        (
            &Value::from(2),
            &Value::from(1),
            &Value::from(1),
            &Value::from(0)
        ),
        "{t}"
    );
    for test in doc["tests"].as_array().unwrap() {
        assert_eq!(test["attempts"].as_array().map_or(1, Vec::len), 1, "{test}");
        assert!(
            test["history"].as_array().is_none_or(Vec::is_empty),
            "{test}"
        );
    }
    assert!(
        doc["warnings"].as_array().is_none_or(Vec::is_empty),
        "{}",
        doc["warnings"]
    );
}

/// Steps and attachments of a report are readable (the report's data/attachments/).
#[test]
fn report_steps_and_attachments_are_readable() {
    use allure_tui::model::{load_results, LoadOptions};
    for kind in ["allure2", "allure3"] {
        let options = LoadOptions {
            dirs: vec![common::fixture("reports").join(kind)],
            ..LoadOptions::default()
        };
        let report = load_results(&options, &|_| {}).unwrap();
        let invoice = report
            .tests
            .iter()
            .find(|t| t.result.name == "test_invoice_total")
            .unwrap();
        let body = invoice.result.body();
        assert_eq!(body.steps.len(), 2, "{kind}");
        let attachments = invoice.result.all_attachments();
        assert_eq!(attachments.len(), 1, "{kind}");
        let files = invoice.result.origin.0.as_ref().unwrap();
        let read = files.read_attachment(attachments[0], 1 << 20).unwrap();
        assert_eq!(read.bytes, br#"{"total": 119.99, "lines": 2}"#, "{kind}");
    }
}

/// A directory of CI artifacts: every results directory and report below it, merged.
#[test]
fn a_tree_of_artifacts_is_one_launch() {
    let dir = scratch("tree");
    write_files(&dir, files_below(&common::fixture("matrix"), "jobs"));
    std::fs::write(dir.join("README.txt"), "artifacts").unwrap();
    let doc = summary(&dir);
    assert_eq!(totals(&doc), (6, 3, 4));
    assert_eq!(doc["launch"]["resultsDirs"].as_array().unwrap().len(), 2);
}

/// What cannot be read says so in one line and exits 2.
#[test]
fn non_inputs_exit_2_with_one_line() {
    let single = common::fixture("reports").join("single-file/index.html");
    let out = common::run(&["summary", single.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("single-file Allure report"), "{err}");
    let dir = scratch("plain");
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "hello").unwrap();
    let out = common::run(&["summary", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("not an Allure input"));
}

fn readers_fixture(name: &str) -> PathBuf {
    common::fixture("readers").join(name)
}

/// Allure 2's totals for a reader fixture (`allure2-answers.json`, made by Allure 2.46.1).
fn allure2_totals(name: &str) -> (u64, u64) {
    let doc: Value = serde_json::from_slice(
        &std::fs::read(readers_fixture(name).join("allure2-answers.json")).unwrap(),
    )
    .unwrap();
    let s = &doc["summary"];
    (s["total"].as_u64().unwrap(), s["failed"].as_u64().unwrap())
}

/// A directory of `JUnit` XML, an Allure 1 suite, a single report file of each kind: found with
/// no flag, with Allure 2's totals, and named for what they are in the "read" line.
#[test]
fn other_report_kinds_are_found_by_their_content() {
    let junit = summary(&readers_fixture("junit-surefire"));
    let (total, failed) = allure2_totals("junit-surefire");
    assert_eq!(
        (totals(&junit).0, totals(&junit).1),
        (total, failed),
        "Allure 2's totals"
    );
    assert!(
        junit["launch"]["read"]
            .as_str()
            .unwrap()
            .contains(": 1 JUnit XML directory"),
        "{}",
        junit["launch"]["read"]
    );
    let allure1 = summary(&readers_fixture("allure1-statuses"));
    let (total, failed) = allure2_totals("allure1-statuses");
    assert_eq!((totals(&allure1).0, totals(&allure1).1), (total, failed));
    // One file on its own: the pytest report with reruns, and a Cucumber report.
    let file = summary(&readers_fixture("junit-pytest-reruns/junit.xml"));
    assert_eq!(totals(&file), (8, 1, 5), "5 reruns are retries");
    assert!(file["launch"]["read"]
        .as_str()
        .unwrap()
        .contains("junit.xml: JUnit XML file"));
    let cucumber = summary(&readers_fixture("cucumber-one-file/cucumber.json"));
    assert_eq!(totals(&cucumber).0, 10, "every feature and example is read");
    let suite = summary(&readers_fixture(
        "allure1-statuses/orbit-statuses-testsuite.xml",
    ));
    assert_eq!(totals(&suite).0, 9);
}

/// `JUnit` XML mixed into an allure-results directory is read with it (both CLIs do); other XML
/// and JSON files there are passed over without a warning; a tree holding a `JUnit` directory
/// and a results directory is one launch; a zip of a `JUnit` directory reads as the directory.
#[test]
fn junit_mixes_into_results_trees_and_archives() {
    let dir = scratch("mixed");
    let results = dir.join("allure-results");
    std::fs::create_dir_all(&results).unwrap();
    for (name, bytes) in files_below(&common::fixture("basic"), "") {
        std::fs::write(results.join(name), bytes).unwrap();
    }
    let alone = totals(&summary(&results)).0;
    for (name, bytes) in files_below(&readers_fixture("junit-surefire"), "") {
        if Path::new(&name).extension().is_some_and(|e| e == "xml") {
            std::fs::write(results.join(name), bytes).unwrap();
        }
    }
    std::fs::write(
        results.join("pom.xml"),
        "<project><modelVersion/></project>",
    )
    .unwrap();
    std::fs::write(results.join("notes.json"), r#"{"a": 1}"#).unwrap();
    let mixed = summary(&results);
    let junit_total = allure2_totals("junit-surefire").0;
    assert_eq!(totals(&mixed).0, alone + junit_total);
    let warnings = mixed["warnings"].as_array().unwrap();
    assert!(
        !warnings
            .iter()
            .any(|w| w.to_string().contains("pom.xml") || w.to_string().contains("notes.json")),
        "{warnings:?}"
    );

    let tree = scratch("tree-junit");
    write_files(
        &tree,
        files_below(
            &readers_fixture("junit-surefire"),
            "module-a/target/surefire-reports",
        ),
    );
    write_files(
        &tree,
        files_below(&common::fixture("basic"), "module-b/allure-results"),
    );
    let doc = summary(&tree);
    assert_eq!(totals(&doc).0, alone + junit_total);
    let read = doc["launch"]["read"].as_str().unwrap();
    assert!(
        read.contains(": 1 JUnit XML directory, 1 result directory"),
        "{read}"
    );

    let archive = scratch("zip-junit").join("reports.zip");
    zip_of(&archive, &files_below(&tree, ""));
    let zipped = summary(&archive);
    assert_eq!(totals(&zipped), totals(&doc));
}

/// A test plan of tests read from `JUnit` XML says that no Allure adapter runs by it.
#[test]
fn testplan_warns_for_junit_only_input() {
    let out = common::run(&[
        "testplan",
        readers_fixture("junit-surefire").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("came from JUnit XML"), "{err}");
    let out = common::run(&["testplan", common::fixture("basic").to_str().unwrap()]);
    assert!(!String::from_utf8(out.stderr)
        .unwrap()
        .contains("came from JUnit XML"));
}

/// The kind of a file comes from its content, never its name alone: a `JUnit` report named
/// `*-testsuite.xml` (Allure 1's pattern) is read as `JUnit`, alone or beside others, as
/// Allure 2's `JUnit` plugin reads every `*.xml`. A lone file without test cases says so.
#[test]
fn a_junit_report_named_like_allure1_is_read_as_junit() {
    let dir = scratch("junit-named-testsuite");
    std::fs::write(
        dir.join("smoke-testsuite.xml"),
        r#"<testsuite name="S"><testcase classname="K" name="ok"/><testcase classname="K" name="bad"><failure message="m"/></testcase></testsuite>"#,
    )
    .unwrap();
    let doc = summary(&dir);
    let t = &doc["totals"];
    assert_eq!(
        (&t["total"], &t["failed"]),
        (&Value::from(2), &Value::from(1)),
        "{t}"
    );
    std::fs::write(
        dir.join("TEST-other.xml"),
        r#"<testsuite name="O"><testcase classname="O" name="x"/></testsuite>"#,
    )
    .unwrap();
    assert_eq!(summary(&dir)["totals"]["total"], 3);

    let empty = scratch("junit-no-cases");
    std::fs::write(
        empty.join("junit.xml"),
        r#"<testsuite name="pytest" tests="0"/>"#,
    )
    .unwrap();
    let out = common::run(&["summary", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("junit.xml: no <testcase> elements"), "{err}");
}

/// A single-file report is named as such however it is given: its page (Allure 3 names
/// itself a few KiB in, after an inline icon), the folder Allure 2 writes it to (that page
/// alone), and the folder Allure 3 writes it to (its summary.json says `singleFile`, and its
/// test-results.json names files that are not there).
#[test]
fn single_file_reports_are_named_however_they_are_given() {
    let page = format!(
        "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:image/svg+xml,{}\"><script>window.allureReportOptions = {{\"singleFile\":true}}</script></head></html>",
        "%3Cpath d='M22 4'/%3E".repeat(400)
    );
    assert!(page.find("allureReportOptions").unwrap() > 4096);
    let allure2 = scratch("single-file-allure2");
    std::fs::write(allure2.join("index.html"), &page).unwrap();
    let allure3 = scratch("single-file-allure3");
    std::fs::write(allure3.join("index.html"), &page).unwrap();
    std::fs::write(
        allure3.join("summary.json"),
        r#"{"stats":{"total":1,"passed":1},"meta":{"singleFile":true}}"#,
    )
    .unwrap();
    std::fs::write(allure3.join("test-results.json"), r#"{"byId":{"a1":{}}}"#).unwrap();
    // Allure 3 betas: the data is embedded first and the scripts come megabytes later, so
    // only the title names the page; beside it only a summary.json without `meta`.
    let beta = scratch("single-file-allure3-beta");
    let beta_page = format!(
        "<!DOCTYPE html>\n<html dir=\"ltr\" lang=\"en\">\n<head>\n    <title> Allure Report </title>\n<script>window.allureReportData = {{}};{}</script><script>window.allureReportOptions = {{}}</script></head></html>",
        "x".repeat(200 * 1024)
    );
    std::fs::write(beta.join("index.html"), &beta_page).unwrap();
    std::fs::write(
        beta.join("summary.json"),
        r#"{"name":"Allure Report","stats":{"total":35,"passed":34,"failed":1}}"#,
    )
    .unwrap();
    for path in [
        allure2.join("index.html"),
        allure2,
        allure3,
        beta.join("index.html"),
        beta,
    ] {
        let out = common::run(&["summary", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("a single-file Allure report"),
            "{}: {err}",
            path.display()
        );
    }
}

/// A folder holding both results and a report (a project's allure-results beside the
/// allure-report made from them) is read as one launch, as asked, with a warning: the report's
/// tests are those results' tests again.
#[test]
fn results_beside_a_report_warn_that_tests_may_count_twice() {
    let dir = scratch("results-and-report");
    write_files(
        &dir,
        files_below(&common::fixture("reports/allure2"), "allure-report"),
    );
    write_files(
        &dir,
        files_below(&common::fixture("basic"), "allure-results"),
    );
    let warnings = summary(&dir)["warnings"].to_string();
    assert!(
        warnings.contains("holds both generated reports and results"),
        "{warnings}"
    );
    let only_results = summary(&dir.join("allure-results"))["warnings"].to_string();
    assert!(!only_results.contains("holds both"), "{only_results}");
}

/// A generated Allure 2 report's `history/` was written by its generator with this launch as
/// the newest run: it is this launch, however its `history.json` is keyed (Allure 2.46 keys it
/// by the test case id, which the report's test-case files do not carry) and whether or not a
/// build order says so (a report generated on a laptop has none). Counted again, a fresh
/// report showed a trend of two runs.
#[test]
fn a_reports_own_history_holds_this_launch_first() {
    let dir = scratch("report-own-history");
    let files = files_below(&common::fixture("reports/allure2"), "");
    write_files(
        &dir,
        files
            .into_iter()
            .filter(|(name, _)| name != "history/history.json")
            .map(|(name, bytes)| {
                let bytes = if name == "widgets/executors.json" {
                    br#"[{"name":"laptop","type":"local","reportName":"billing"}]"#.to_vec()
                } else {
                    bytes
                };
                (name, bytes)
            }),
    );
    let doc = summary(&dir);
    let trend = doc["trend"].as_array().expect("a trend");
    assert_eq!(trend.len(), 2, "one previous run and this one: {trend:?}");
}

/// Two reports of the same tests (two CI jobs' reports) are one launch whose tests are
/// attempts of each other, as their results directories would be: the report's own grouping
/// files each test under its identity key, numbered only where one report shows two tests of
/// one key (Allure 2.24's report of `allure2-old-retries` keeps its two tests, with two keys).
#[test]
fn two_reports_of_the_same_tests_merge_like_their_results() {
    let dir = scratch("two-reports");
    for job in ["job-a", "job-b"] {
        write_files(&dir, files_below(&common::fixture("reports/allure2"), job));
    }
    let one = summary(&common::fixture("reports/allure2"));
    let both = summary(&dir);
    assert_eq!(
        both["totals"]["total"], one["totals"]["total"],
        "{}",
        both["totals"]
    );
    let keys: std::collections::HashSet<String> =
        summary(&common::fixture("reports/allure2-old-retries"))["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["key"].to_string())
            .collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
}

/// A generated report missing its data says so, and its page given alone points at its
/// folder: neither is a single-file report.
#[test]
fn an_incomplete_report_is_no_single_file_report() {
    let dir = scratch("incomplete-report");
    let files = files_below(&common::fixture("reports/allure2"), "");
    write_files(
        &dir,
        files
            .into_iter()
            .filter(|(name, _)| !name.starts_with("data/")),
    );
    std::fs::write(
        dir.join("index.html"),
        r#"<!DOCTYPE html><html><head><meta name="allure-report-uuid" content="x"></head></html>"#,
    )
    .unwrap();
    let out = common::run(&["summary", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("an incomplete generated Allure report"),
        "{err}"
    );
    let page = dir.join("index.html");
    let out = common::run(&["summary", page.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the page of a generated Allure report: open its folder"),
        "{err}"
    );
}

/// A retry two tests of a (hand-edited) Allure 2 report both list is shown once, under the
/// first, and the report says so.
#[test]
fn a_retry_listed_by_two_tests_is_shown_once_and_said() {
    let dir = scratch("retry-claimed-twice");
    let files = files_below(&common::fixture("reports/allure2"), "");
    write_files(
        &dir,
        files.into_iter().map(|(name, bytes)| {
            let bytes = if name.ends_with("b91e6ea036cb68f4.json") {
                let mut case: Value = serde_json::from_slice(&bytes).unwrap();
                case["extra"]["retries"] = serde_json::json!([{"uid": "c8851d986158c870"}]);
                serde_json::to_vec(&case).unwrap()
            } else {
                bytes
            };
            (name, bytes)
        }),
    );
    let doc = summary(&dir);
    assert_eq!(doc["totals"]["retries"], 1, "{}", doc["totals"]);
    assert_eq!(
        test(&doc, "test_refund_flaky")["attempts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let warnings = doc["warnings"].to_string();
    assert!(
        warnings.contains("1 retry is listed under two tests"),
        "{warnings}"
    );
}

/// TRX and xUnit.net v2 XML, which Allure 2 reads by default, are read wherever they are:
/// mixed into results (a `.trx`, an `*.xml` with an `<assemblies>` root), in a folder found
/// below a tree, or given alone, a directory or the file itself.
#[test]
fn trx_and_xunit_net_reports_are_read_wherever_they_are() {
    let trx = br#"<?xml version="1.0" encoding="utf-8"?>
<TestRun id="9" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>
<UnitTestResult executionId="e1" testName="Docks" outcome="Passed"/>
<UnitTestResult executionId="e2" testName="Seals" outcome="Failed"><Output><ErrorInfo><Message>leak</Message></ErrorInfo></Output></UnitTestResult>
<UnitTestResult executionId="e3" testName="Waits" outcome="NotExecuted"/>
</Results><TestDefinitions>
<UnitTest name="Seals" id="t2"><Execution id="e2"/><TestMethod className="Orbit.HatchTests" name="Seals"/></UnitTest>
</TestDefinitions></TestRun>"#;
    let xunit = br#"<assemblies><assembly name="Orbit.Tests.dll" test-framework="xUnit.net 2.4.2"><collection name="Orbit">
<test name="Orbit.LandingTests.Lands" type="Orbit.LandingTests" method="Lands" result="Pass" time="0.1"/>
<test name="Orbit.LandingTests.Burns" type="Orbit.LandingTests" method="Burns" result="Fail" time="0.2"><failure><message>hot</message></failure></test>
</collection></assembly></assemblies>"#;
    let result = br#"{"uuid":"u1","name":"docks","fullName":"orbit.docks","status":"passed","historyId":"h1"}"#;
    let dir = scratch("dotnet-formats");
    write_files(
        &dir.join("mixed"),
        [
            ("u1-result.json".to_owned(), result.to_vec()),
            ("run.trx".to_owned(), trx.to_vec()),
            ("xunit.xml".to_owned(), xunit.to_vec()),
        ],
    );
    let doc = summary(&dir.join("mixed"));
    assert_eq!(totals(&doc).0, 6, "1 result + 3 TRX + 2 xUnit.net");
    assert_eq!(totals(&doc).1, 2, "Seals and Burns failed");
    assert_eq!(
        doc["warnings"].as_array().unwrap().len(),
        0,
        "{}",
        doc["warnings"]
    );
    let seals = test(&doc, "Seals");
    assert_eq!(seals["status"], "failed");
    assert_eq!(seals["fullName"], "Orbit.HatchTests.Seals");
    assert_eq!(test(&doc, "Waits")["status"], "skipped");
    assert_eq!(test(&doc, "Burns")["fullName"], "Orbit.LandingTests.Burns");

    // In a tree beside results: the folder of reports is found and read.
    write_files(
        &dir.join("tree"),
        [
            (
                "py/allure-results/u1-result.json".to_owned(),
                result.to_vec(),
            ),
            ("dotnet/TestResults/run.trx".to_owned(), trx.to_vec()),
        ],
    );
    let doc = summary(&dir.join("tree"));
    assert_eq!(totals(&doc).0, 4);
    assert!(
        doc["launch"]["read"]
            .as_str()
            .unwrap()
            .ends_with(": 1 TRX / xUnit.net directory, 1 result directory"),
        "{}",
        doc["launch"]["read"]
    );

    // Alone: the directory, the file, an xUnit.net file.
    std::fs::write(dir.join("xunit-alone.xml"), xunit).unwrap();
    for (alone, tests) in [
        (dir.join("tree/dotnet/TestResults"), 3),
        (dir.join("tree/dotnet/TestResults/run.trx"), 3),
        (dir.join("xunit-alone.xml"), 2),
    ] {
        let doc = summary(&alone);
        assert_eq!(totals(&doc).0, tests, "{}", alone.display());
    }
}

/// An Allure 3 report committed without its `data/test-results/` (a `test-results/` ignore
/// rule drops it) says so in its one line, with how many results its index names, for both
/// index kinds; it is not called unreadable file by file.
#[test]
fn an_allure3_report_without_its_result_files_says_the_folder_is_missing() {
    for fixture in ["allure3", "allure3-nav"] {
        let dir = scratch(&format!("no-test-results-{fixture}"));
        let files = files_below(&common::fixture("reports").join(fixture), "");
        write_files(
            &dir,
            files
                .into_iter()
                .filter(|(name, _)| !name.starts_with("data/test-results/")),
        );
        let out = common::run(&["summary", dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{fixture}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(
            err.contains("results, but its data/test-results/ folder is missing or empty"),
            "{fixture}: {err}"
        );
        assert!(!err.contains("unreadable:"), "{fixture}: {err}");
        // Among other inputs it is a warning, and the rest loads.
        let out = common::run(&[
            "summary",
            "--format",
            "json",
            common::fixture("retries").to_str().unwrap(),
            dir.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{fixture}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(totals(&doc).0 > 0);
        let warnings = doc["warnings"].to_string();
        assert!(
            warnings.contains("folder is missing or empty"),
            "{warnings}"
        );
        assert!(
            !warnings.contains("directory is skipped"),
            "said once: {warnings}"
        );
    }
}

/// The one line of a failed load names files from the input, and an archive's entry names are
/// untrusted: escape and control sequences never reach the terminal.
#[test]
fn the_failure_line_never_carries_escape_sequences() {
    let dir = scratch("escape-in-name");
    let archive = dir.join("evil.zip");
    zip_of(
        &archive,
        &[(
            "r/\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}[31mred\nfake: line-result.json".to_owned(),
            b"{ not json".to_vec(),
        )],
    );
    let out = common::run(&["summary", archive.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!common::has_control(err.trim_end()), "{err:?}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
}

/// `tar czf ci.tgz .` stores the root itself as a `./` directory entry first: it is no
/// hostile name and no warning, and the rest reads as usual.
#[test]
fn a_tar_of_dot_reads_without_warnings() {
    let dir = scratch("tar-of-dot");
    let path = dir.join("ci.tgz");
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::fast(),
    ));
    let mut root = tar::Header::new_gnu();
    root.set_entry_type(tar::EntryType::Directory);
    root.set_size(0);
    root.set_mode(0o755);
    root.set_cksum();
    builder.append_data(&mut root, "./", &[][..]).unwrap();
    let result = br#"{"uuid":"u1","name":"docks","fullName":"orbit.docks","status":"passed"}"#;
    let mut header = tar::Header::new_gnu();
    header.set_size(result.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder
        .append_data(&mut header, "./u1-result.json", &result[..])
        .unwrap();
    builder.into_inner().unwrap().finish().unwrap();
    let doc = summary(&path);
    assert_eq!(totals(&doc).0, 1);
    assert_eq!(
        doc["warnings"].as_array().unwrap().len(),
        0,
        "{}",
        doc["warnings"]
    );
}
