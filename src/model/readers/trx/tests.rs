//! TRX reader tests. `tests/fixtures/readers/trx-dotnet/orbit.trx` was written by hand in the
//! shape `dotnet test --logger trx` writes (invented names); its answers are Allure 2.46.1's
//! (`allure generate`, extracted by `extract_report_answers.py`).

use super::*;
use crate::model::readers::answers::{answers, assert_matches_allure2, fixture, Skip};
use crate::model::retries::group_results;

fn read(xml: &str) -> ReaderOutput {
    read_trx(xml.as_bytes(), "run.trx", &mut Interner::default())
}

#[test]
fn a_dotnet_test_run_is_what_allure2_shows() {
    let out = read_trx(
        &fixture("trx-dotnet/orbit.trx"),
        "orbit.trx",
        &mut Interner::default(),
    );
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    let tests = group_results(out.results);
    // Allure 2.46.1: 5 tests, passed 2, failed 1, skipped 1 (NotExecuted), unknown 1
    // (Timeout); names, full names, times (zones honoured), labels, `Parameter:` properties
    // as parameters, the description and StdOut lines as steps.
    let skip = Skip {
        // StdOut and StdErr are also inline attachments here.
        no_attachments: true,
        ..Skip::default()
    };
    assert_matches_allure2(&tests, &answers("trx-dotnet"), &skip);
    let seal = tests
        .iter()
        .find(|t| t.result.name == "SealsTheHatch")
        .unwrap();
    assert_eq!(
        seal.result.details.trace.as_deref(),
        Some("   at Orbit.Tests.HatchTests.SealsTheHatch() in /src/Orbit.Tests/HatchTests.cs:line 42")
    );
    let docks = tests
        .iter()
        .find(|t| t.result.name == "DocksAtPortOne")
        .unwrap();
    let names: Vec<_> = docks
        .result
        .body()
        .attachments
        .iter()
        .map(|a| a.name.as_deref())
        .collect();
    assert_eq!(names, [Some("System output")]);
}

/// Data-driven rows (`InnerResults`) are results of their own with their parent's labels and
/// no full name, as in Allure 2; a result whose definition is missing has no full name either;
/// each gets an identity of its own, so none merges with another.
#[test]
fn inner_results_and_undefined_results_stand_alone() {
    let out = read(
        r#"<TestRun><Results>
        <UnitTestResult executionId="e1" testName="Adds" outcome="Failed">
          <InnerResults>
            <UnitTestResult executionId="e1a" testName="Adds (1, 2)" outcome="Passed"/>
            <UnitTestResult executionId="e1b" testName="Adds (2, 2)" outcome="Failed"/>
          </InnerResults>
        </UnitTestResult>
        <UnitTestResult executionId="e9" testName="Orphan" outcome="Passed"/>
        <UnitTestResult executionId="e8" testName="Orphan" outcome="Error"/>
        </Results><TestDefinitions>
        <UnitTest name="Adds" id="t1"><Execution id="e1"/><TestMethod className="Calc.MathTests" name="Adds"/></UnitTest>
        </TestDefinitions></TestRun>"#,
    );
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    let names: Vec<(&str, Option<&str>, Status)> = out
        .results
        .iter()
        .map(|r| (r.name.as_str(), r.full_name.as_deref(), r.status))
        .collect();
    assert_eq!(
        names,
        [
            ("Adds", Some("Calc.MathTests.Adds"), Status::Failed),
            ("Adds (1, 2)", None, Status::Passed),
            ("Adds (2, 2)", None, Status::Failed),
            ("Orphan", None, Status::Passed),
            ("Orphan", None, Status::Unknown),
        ]
    );
    assert_eq!(out.results[1].label("suite"), Some("Calc.MathTests"));
    assert_eq!(out.results[1].label("resultFormat"), Some("trx"));
    assert_eq!(out.results[3].labels.len(), 1, "only resultFormat");
    let tests = group_results(out.results);
    assert_eq!(tests.len(), 5, "no two merge");
}

#[test]
fn what_is_not_a_trx_report_says_so_and_nothing_crashes() {
    let out = read("<testsuite name=\"x\"/>");
    assert!(out.results.is_empty());
    assert!(out.issues[0].contains("not <TestRun>"), "{:?}", out.issues);
    let out = read("<TestRun><Results></Results></TestRun>");
    assert!(
        out.issues[0].contains("no <UnitTestResult>"),
        "{:?}",
        out.issues
    );
    let out = read("<TestRun><Results><UnitTestResult testName=\"cut\" outcome=\"Passed\">");
    assert_eq!(out.results.len(), 1, "what was read is kept");
    assert!(!out.issues.is_empty(), "the cut is said");
    for bad in ["", "\u{0}", "<", "<TestRun", "\u{feff}<TestRun/>"] {
        let _ = read(bad);
    }
    // Deeply nested inner results stop at the element tree's depth limit.
    let deep = "<UnitTestResult testName=\"d\"><InnerResults>".repeat(400);
    let out = read(&format!("<TestRun><Results>{deep}</Results></TestRun>"));
    assert!(!out.results.is_empty());
}

/// A definition without a class (xUnit v3's class-cleanup results) and an empty `testName`
/// keep Allure 2's identity: `null.X` and `Class.`, so the same results in two files are
/// attempts of one test, as Allure 2 groups them. The shown name of an empty one is ours.
#[test]
fn full_names_are_allure2s_even_without_class_or_name() {
    let trx = r#"<TestRun><Results>
        <UnitTestResult executionId="e1" testName="Cleanup" outcome="Failed"/>
        <UnitTestResult executionId="e2" testName="" outcome="Passed"/>
        </Results><TestDefinitions>
        <UnitTest name="Cleanup" id="t1"><Execution id="e1"/></UnitTest>
        <UnitTest name="" id="t2"><Execution id="e2"/><TestMethod className="Ns.Parser" name=""/></UnitTest>
        </TestDefinitions></TestRun>"#;
    let out = read(trx);
    let names: Vec<(&str, Option<&str>)> = out
        .results
        .iter()
        .map(|r| (r.name.as_str(), r.full_name.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("Cleanup", Some("null.Cleanup")),
            ("Unknown test", Some("Ns.Parser.")),
        ]
    );
    assert_eq!(
        out.results[0].label("suite"),
        None,
        "no class, no suite label"
    );
    let mut interner = Interner::default();
    let twice: Vec<TestResult> = [
        read_trx(trx.as_bytes(), "a.trx", &mut interner),
        read_trx(trx.as_bytes(), "b.trx", &mut interner),
    ]
    .into_iter()
    .flat_map(|o| o.results)
    .collect();
    assert_eq!(
        group_results(twice).len(),
        2,
        "two files, two tests with a retry each"
    );
}

/// A character reference XML forbids (`&#x1F;`, seen in real `MSTest` output) makes Allure 2's
/// parser drop the whole file; we read it and say so.
#[test]
fn forbidden_characters_are_read_and_said() {
    let out = read(
        r#"<TestRun><Results><UnitTestResult testName="Reads" outcome="Failed"><Output><ErrorInfo>
        <Message>bad byte &#x1F; in input</Message></ErrorInfo></Output></UnitTestResult>
        </Results></TestRun>"#,
    );
    assert_eq!(out.results.len(), 1);
    assert!(
        out.issues.iter().any(|i| i.contains("XML forbids")),
        "{:?}",
        out.issues
    );
    let clean = read(
        r#"<TestRun><Results><UnitTestResult testName="Tabs" outcome="Passed"><Output><StdOut>a&#9;b&#10;c</StdOut></Output></UnitTestResult></Results></TestRun>"#,
    );
    assert!(clean.issues.is_empty(), "{:?}", clean.issues);
}
