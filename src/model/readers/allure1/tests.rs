//! Allure 1 reader tests: every test Allure 2.46.1 shows for the oracle's inputs (the invented
//! `allure1-statuses` suite, committed, and Allure's own sample from `../shared/corpus`, used in
//! place), fact by fact.

use std::path::Path;

use super::*;
use crate::model::readers::answers::{answers, assert_matches_allure2, Skip};
use crate::model::report::Test;
use crate::model::retries::group_results;
use crate::model::status::StatusCounts;

fn counts(tests: &[Test]) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for t in tests {
        counts.add(t.result.status);
    }
    counts
}

fn read_dir(dir: &Path) -> (Vec<Test>, Vec<String>) {
    let mut interner = Interner::default();
    let mut results = Vec::new();
    let mut issues = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| is_allure1_file(n))
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let out = if name.ends_with("-testsuite.xml") {
            read_allure1_xml(&bytes, &name, &mut interner)
        } else {
            read_allure1_json(&bytes, &name, &mut interner)
        };
        results.extend(out.results);
        issues.extend(out.issues.into_iter().map(|i| format!("{name}: {i}")));
    }
    (group_results(results), issues)
}

#[test]
fn every_status_maps_as_allure2_maps_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/readers/allure1-statuses");
    let (tests, issues) = read_dir(&dir);
    assert!(issues.is_empty(), "{issues:?}");
    // Allure 2.46.1 and Allure 3.18: passed 2, failed 1, broken 1, skipped 3, unknown 2.
    let c = counts(&tests);
    assert_eq!(
        (c.passed, c.failed, c.broken, c.skipped, c.unknown),
        (2, 1, 1, 3, 2)
    );
    assert_matches_allure2(&tests, &answers("allure1-statuses"), &Skip::default());
    let flaky = tests
        .iter()
        .find(|t| t.result.name == "Cruise without a status attribute")
        .unwrap();
    assert!(flaky.result.details.flaky, "status_details=flaky");
}

#[test]
fn allures_own_sample_reads_as_allure2_reads_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/fixtures/allure2-generator-test-resources/allure1data");
    if !dir.is_dir() {
        eprintln!("skipping: {} is absent", dir.display());
        return;
    }
    let (tests, issues) = read_dir(&dir);
    assert!(issues.is_empty(), "{issues:?}");
    // Allure 2.46.1: 20 tests (the XML files' 19 and the JSON file's one), passed 10, failed 4,
    // broken 4, skipped 2. Allure 3.18 reads only the XML files.
    let c = counts(&tests);
    assert_eq!(
        (c.passed, c.failed, c.broken, c.skipped, c.unknown),
        (10, 4, 4, 2, 0)
    );
    assert_matches_allure2(&tests, &answers("allure1-sample"), &Skip::default());
    let attachments = tests
        .iter()
        .find(|t| t.result.name == "<script>3443</script>")
        .expect("entities decoded in titles, as Allure 2 (Allure 3 keeps &lt;)")
        .result
        .all_attachments()
        .into_iter()
        .map(|a| (a.source.as_deref().unwrap().to_owned(), a.access.clone()))
        .collect::<Vec<_>>();
    assert_eq!(attachments.len(), 5);
    assert!(
        attachments
            .iter()
            .all(|(_, access)| *access == AttachmentAccess::Missing),
        "the caller checks sources"
    );
    assert_eq!(
        attachments[0].0,
        "51aee409-51ce-44ee-a8c0-82e5a3c4fdad-attachment.txt"
    );
}

#[test]
fn json_keys_match_in_any_case_and_wrong_types_are_skipped() {
    let doc = br#"{"Name": "pkg.Suite", "TESTCASES": [
        {"name": "a", "status": "Pending", "START": 5, "stop": "9",
         "failure": {"Message": "m", "stackTrace": "t"},
         "steps": [{"title": "outer", "status": "pending", "steps": [{"name": "inner", "status": "passed"}]}],
         "attachments": [{"title": "log", "source": "x-attachment.txt", "type": "text/plain", "size": 3}],
         "parameters": [{"name": "p", "value": "1"}, {"name": "p", "value": "1"}, {"name": "env", "value": "x", "kind": "ENVIRONMENT-VARIABLE"}],
         "labels": [{"name": "testMethod", "value": "custom"}, 7]},
        "not a case", {"title": "", "name": ""}]}"#;
    let out = read_allure1_json(doc, "s-testsuite.json", &mut Interner::default());
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    assert_eq!(out.results.len(), 2);
    let a = &out.results[0];
    assert_eq!(a.full_name.as_deref(), Some("pkg.Suite.custom"));
    assert_eq!(a.status, Status::Skipped);
    assert_eq!((a.start, a.stop), (Some(5), Some(9)));
    assert_eq!(a.details.message.as_deref(), Some("m"));
    assert_eq!(a.parameters.len(), 1, "arguments only, each once");
    let body = a.body();
    assert_eq!(body.steps[0].name, "outer");
    assert_eq!(
        body.steps[0].details.message.as_deref(),
        Some("m"),
        "same status as the test"
    );
    assert_eq!(body.steps[0].steps[0].details.message, None);
    assert_eq!(body.attachments[0].declared_size, Some(3));
    let unnamed = &out.results[1];
    assert_eq!(unnamed.name, "unknown test case");
    assert_eq!(unnamed.full_name.as_deref(), Some("pkg.Suite.unknown"));
}

#[test]
fn not_allure1_and_broken_files_say_so() {
    let mut interner = Interner::default();
    let out = read_allure1_xml(
        b"<testsuite name=\"junit\"/>",
        "x-testsuite.xml",
        &mut interner,
    );
    assert!(out.results.is_empty());
    assert!(out.issues[0].contains("<testsuite>"), "{:?}", out.issues);
    let out = read_allure1_json(b"[1, 2]", "x-testsuite.json", &mut interner);
    assert!(out.results.is_empty() && out.issues[0].contains("expected an object"));
    let out = read_allure1_json(b"{\"name\": ", "x-testsuite.json", &mut interner);
    assert!(
        out.results.is_empty() && out.issues[0].contains("truncated"),
        "{:?}",
        out.issues
    );
    let out = read_allure1_xml(
        b"<ns2:test-suite xmlns:ns2=\"urn:model.allure.qatools.yandex.ru\"><name>S</name><test-cases><test-case status=\"passed\"><name>a</name></test-case><test-case><name>b</name></wro",
        "x-testsuite.xml",
        &mut interner,
    );
    assert_eq!(out.results.len(), 2, "cases before the error are kept");
    assert!(
        out.issues[0].starts_with("malformed XML"),
        "{:?}",
        out.issues
    );
}

#[test]
fn testng_nested_suites_and_deep_steps() {
    let mut xml = String::from(
        "<test-suite><name>S</name><labels><label name=\"testSuite\" value=\"Nightly\"/><label name=\"testGroup\" value=\"api\"/></labels><test-cases><test-case status=\"passed\"><name>a</name>",
    );
    for _ in 0..200 {
        xml.push_str("<steps><step status=\"passed\"><name>s</name>");
    }
    for _ in 0..200 {
        xml.push_str("</step></steps>");
    }
    xml.push_str("</test-case></test-cases></test-suite>");
    let out = read_allure1_xml(xml.as_bytes(), "t-testsuite.xml", &mut Interner::default());
    let r = &out.results[0];
    assert_eq!(r.label("parentSuite"), Some("Nightly"));
    assert_eq!(r.label("suite"), Some("api"));
    assert_eq!(r.label("subSuite"), Some("S"));
    // 200 step levels are 400 XML levels: the reader keeps what lies within its depth limit.
    let mut depth = 0;
    let mut level = &r.body().steps;
    while let Some(first) = level.first() {
        depth += 1;
        level = &first.steps;
    }
    assert!((100..200).contains(&depth), "{depth}");
    assert!(
        out.issues.iter().any(|i| i.contains("deeper")),
        "{:?}",
        out.issues
    );
}
