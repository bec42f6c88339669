//! xUnit.net v2 reader tests. `tests/fixtures/readers/xunit-net/orbit-xunit.xml` was written by
//! hand in the shape xunit.console / `dotnet test --logger xunit` writes (invented names); its
//! answers are Allure 2.46.1's (`allure generate`, extracted by `extract_report_answers.py`).

use super::*;
use crate::model::readers::answers::{answers, assert_matches_allure2, fixture, Skip};
use crate::model::retries::group_results;

fn read(xml: &str) -> ReaderOutput {
    read_xunit_net(xml.as_bytes(), "xunit.xml", &mut Interner::default())
}

#[test]
fn an_xunit_run_is_what_allure2_shows() {
    let out = read_xunit_net(
        &fixture("xunit-net/orbit-xunit.xml"),
        "orbit-xunit.xml",
        &mut Interner::default(),
    );
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    let tests = group_results(out.results);
    // Allure 2.46.1: 5 tests, passed 2, failed 1, skipped 1, unknown 1 (NotRun); `method` as
    // name, `name` as full name, traits as parameters, time truncated to ms (0.1234567 s is
    // 123 ms), message = failure message + output, or output alone (even when passed).
    assert_matches_allure2(&tests, &answers("xunit-net"), &Skip::default());
    let seal = tests
        .iter()
        .find(|t| t.result.name == "SealsTheHatch")
        .unwrap();
    assert_eq!(
        seal.result.details.trace.as_deref(),
        Some("   at Orbit.Tests.DockingTests.SealsTheHatch() in /src/Orbit.Tests/DockingTests.cs:line 42")
    );
}

#[test]
fn tests_without_names_stand_alone_and_odd_input_never_crashes() {
    let out = read(
        r#"<assemblies><assembly><collection>
        <test result="Pass"/><test result="Fail"/><test method="m" time="abc" result="Skip"/>
        </collection></assembly></assemblies>"#,
    );
    let names: Vec<(&str, Option<&str>, Status)> = out
        .results
        .iter()
        .map(|r| (r.name.as_str(), r.full_name.as_deref(), r.status))
        .collect();
    assert_eq!(
        names,
        [
            ("Unknown test", None, Status::Passed),
            ("Unknown test", None, Status::Failed),
            ("m", None, Status::Skipped),
        ]
    );
    assert!(out.issues[0].contains("time \"abc\""), "{:?}", out.issues);
    assert_eq!(group_results(out.results).len(), 3, "no two merge");
    let out = read("<testsuite/>");
    assert!(
        out.issues[0].contains("not <assemblies>"),
        "{:?}",
        out.issues
    );
    let out = read("<assemblies/>");
    assert!(out.issues[0].contains("no <test>"), "{:?}", out.issues);
    for bad in [
        "",
        "<",
        "<assemblies><assembly><collection><test",
        "\u{feff}<assemblies/>",
    ] {
        let _ = read(bad);
    }
}
