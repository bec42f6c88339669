//! `JUnit` reader tests. The fixtures under `tests/fixtures/readers/junit-*` are the inputs of the
//! oracle cases of the same names (made with pytest 9.2.0 + pytest-rerunfailures 16.7, and by
//! hand in Maven Surefire 3 format); the answers asserted are Allure 2.46.1's on the final
//! status of each test, plus our documented differences (README, "Input kinds").

use super::*;
use crate::model::readers::answers::fixture;
use crate::model::readers::{ReaderOutput, MAX_XML_DEPTH};
use crate::model::report::Test;
use crate::model::result::{AttachmentAccess, TestResult};
use crate::model::retries::group_results;
use crate::model::status::{Status, StatusCounts};

fn read(xml: &str) -> ReaderOutput {
    read_junit(xml.as_bytes(), "junit.xml", &mut Interner::default())
}

fn tests_of(outputs: Vec<ReaderOutput>) -> Vec<Test> {
    group_results(outputs.into_iter().flat_map(|o| o.results).collect())
}

fn counts(tests: &[Test]) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for t in tests {
        counts.add(t.result.status);
    }
    counts
}

fn test<'a>(tests: &'a [Test], name: &str) -> &'a Test {
    tests
        .iter()
        .find(|t| t.result.name == name)
        .unwrap_or_else(|| panic!("no test {name}"))
}

fn statuses(t: &Test) -> Vec<Status> {
    t.attempts().map(|a| a.status).collect()
}

fn label<'a>(r: &'a TestResult, name: &str) -> Option<&'a str> {
    r.label(name)
}

#[test]
fn pytest_reruns_are_attempts_and_the_last_testcase_is_shown() {
    let out = read_junit(
        &fixture("junit-pytest-reruns/junit.xml"),
        "junit.xml",
        &mut Interner::default(),
    );
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    assert_eq!(out.results.len(), 13, "13 <testcase> elements");
    let tests = tests_of(vec![out]);
    // Allure 3.18 (deterministic: last testcase shown) and pytest's own terminal summary:
    // 1 failed, 1 error, 1 skipped, 5 passed. Allure 2.46.1 shows a random attempt here.
    assert_eq!(tests.len(), 8);
    let c = counts(&tests);
    assert_eq!(
        (c.passed, c.failed, c.broken, c.skipped, c.unknown),
        (5, 1, 1, 1, 0)
    );
    // Earlier attempts carry no outcome element, yet they were rerun: not passed.
    let always = test(&tests, "test_orbit_always_fails");
    assert_eq!(
        statuses(always),
        [Status::Failed, Status::Failed, Status::Failed]
    );
    assert_eq!(
        always.retries[0].details.message.as_deref(),
        Some(RERUN_MESSAGE)
    );
    assert_eq!(
        always.result.details.message.as_deref(),
        Some("AssertionError: orbit never closes\nassert 'apogee' == 'perigee'\n  \n  - perigee\n  + apogee"),
        "attribute entities decoded (Allure 2 decodes; Allure 3 keeps &#10;)"
    );
    assert!(always
        .result
        .details
        .trace
        .as_deref()
        .unwrap()
        .contains(">       assert \"apogee\""));
    let setup = test(&tests, "test_orbit_setup_error");
    assert_eq!(
        statuses(setup),
        [Status::Broken, Status::Broken, Status::Broken]
    );
    assert_eq!(
        setup.result.details.message.as_deref(),
        Some("failed on setup with \"ConnectionError: warehouse db unreachable at setup\"")
    );
    let flaky = test(&tests, "test_orbit_flaky_then_passes");
    assert_eq!(statuses(flaky), [Status::Failed, Status::Passed]);
    // Repeated properties of a rerun (pytest accumulates them) are one parameter.
    assert_eq!(flaky.result.parameters.len(), 1);
    assert_eq!(flaky.retries[0].parameters, flaky.result.parameters);
    // Shared suite timestamp: the shown attempt keeps it, earlier ones are 1 ms apart before.
    assert_eq!(always.result.start, Some(1_796_065_526_274));
    assert_eq!(always.result.stop, Some(1_796_065_526_275));
    assert_eq!(always.retries[0].start, Some(1_796_065_526_272));
    assert_eq!(always.retries[1].start, Some(1_796_065_526_273));
    let kerosene = test(&tests, "test_orbit_fuel[kerosene]");
    assert_eq!(kerosene.result.parameters[0].name, "fuel_kind");
    assert_eq!(
        kerosene.result.parameters[0].value.as_deref(),
        Some("kerosene")
    );
    assert_eq!(
        kerosene.result.full_name.as_deref(),
        Some("test_orbit.test_orbit_fuel[kerosene]")
    );
    let skipped = test(&tests, "test_orbit_skipped");
    assert_eq!(skipped.result.status, Status::Skipped);
    assert_eq!(
        skipped.result.details.message.as_deref(),
        Some("launch window closed")
    );
}

#[test]
fn pytest_system_out_lines_are_steps_and_both_logs_are_attachments() {
    let tests = tests_of(vec![read_junit(
        &fixture("junit-pytest-reruns/junit.xml"),
        "junit.xml",
        &mut Interner::default(),
    )]);
    let chatty = test(&tests, "test_orbit_chatty");
    assert_eq!(chatty.result.duration(), Some(253));
    let body = chatty.result.body();
    let steps: Vec<&str> = body.steps.iter().map(|s| s.name.as_str()).collect();
    // Allure 2.46.1's steps for this test case.
    assert_eq!(
        steps,
        [
            "--------------------------------- Captured Out ---------------------------------",
            "stdout: countdown 3 2 1"
        ]
    );
    let names: Vec<_> = body
        .attachments
        .iter()
        .map(|a| a.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["System output", "System error"]);
    let AttachmentAccess::Inline(err) = &body.attachments[1].access else {
        panic!("inline");
    };
    assert!(String::from_utf8_lossy(err.bytes()).contains("stderr: ignition warning"));
    // Labels as Allure 2 gives them.
    let r = &chatty.result;
    assert_eq!(label(r, "resultFormat"), Some("junit"));
    assert_eq!(label(r, "suite"), Some("pytest"));
    assert_eq!(label(r, "host"), Some("vm"));
    assert_eq!(label(r, "testClass"), Some("test_orbit"));
    assert_eq!(label(r, "package"), Some("test_orbit"));
}

#[test]
fn surefire_reruns_and_flaky_runs_are_retries_and_totals_match_allure2() {
    let mut interner = Interner::default();
    let outputs = vec![
        read_junit(
            &fixture("junit-surefire/TEST-orbit-aggregate.xml"),
            "TEST-orbit-aggregate.xml",
            &mut interner,
        ),
        read_junit(
            &fixture("junit-surefire/TEST-org.example.orbit.LaunchPadTest.xml"),
            "TEST-org.example.orbit.LaunchPadTest.xml",
            &mut interner,
        ),
    ];
    assert!(
        outputs.iter().all(|o| o.issues.is_empty()),
        "{:?}",
        outputs[0].issues
    );
    let tests = tests_of(outputs);
    // Allure 2.46.1: 11 tests, passed 5, failed 2, broken 2, skipped 2.
    assert_eq!(tests.len(), 11);
    let c = counts(&tests);
    assert_eq!(
        (c.passed, c.failed, c.broken, c.skipped, c.unknown),
        (5, 2, 2, 2, 0)
    );
    // rerunFailure/rerunError: retries as in Allure 2, the test case's own outcome shown.
    assert_eq!(
        statuses(test(&tests, "hatchSealHolds")),
        [Status::Failed, Status::Failed, Status::Failed]
    );
    let seal = test(&tests, "hatchSealHolds");
    assert_eq!(
        seal.retries[0].details.message.as_deref(),
        Some("seal pressure 0.7 < 1.0")
    );
    assert_eq!(
        seal.retries[0].details.trace.as_deref(),
        Some("org.opentest4j.AssertionFailedError: seal pressure 0.7 < 1.0\n")
    );
    assert_eq!(
        seal.result.details.message.as_deref(),
        Some("seal pressure 0.8 < 1.0")
    );
    assert_eq!(
        statuses(test(&tests, "groundPowerConnects")),
        [Status::Broken, Status::Broken]
    );
    assert_eq!(
        statuses(test(&tests, "mixedRerun")),
        [Status::Failed, Status::Broken, Status::Broken]
    );
    // flakyFailure/flakyError: Allure 2 ignores them (allure2#3427); we show the failed runs.
    let gauge = test(&tests, "fuelGaugeSettles");
    assert_eq!(statuses(gauge), [Status::Failed, Status::Passed]);
    assert_eq!(
        gauge.retries[0].details.message.as_deref(),
        Some("expected: <100> but was: <99>")
    );
    let gauge_steps: Vec<_> = gauge
        .result
        .body()
        .steps
        .iter()
        .map(|s| s.name.to_string())
        .collect();
    assert_eq!(
        gauge_steps,
        ["gauge reading 100"],
        "the test case's own system-out"
    );
    let retry_out = &gauge.retries[0].body().attachments;
    assert_eq!(
        retry_out[0].file_size,
        Some("gauge reading 99\n".len() as u64)
    );
    assert_eq!(
        statuses(test(&tests, "telemetryLinkUp")),
        [Status::Broken, Status::Broken, Status::Passed]
    );
    assert_eq!(
        statuses(test(&tests, "sealsTunnel")),
        [Status::Failed, Status::Failed]
    );
    // status="notrun" is skipped (Allure 2; Allure 3 says passed).
    assert_eq!(test(&tests, "releases").result.status, Status::Skipped);
    let weather = test(&tests, "weatherHold");
    assert_eq!(weather.result.status, Status::Skipped);
    assert_eq!(
        weather.result.details.message.as_deref(),
        Some("wind above limit")
    );
}

#[test]
fn surefire_times_timestamps_labels_and_parameters() {
    let mut interner = Interner::default();
    let aggregate = read_junit(
        &fixture("junit-surefire/TEST-orbit-aggregate.xml"),
        "TEST-orbit-aggregate.xml",
        &mut interner,
    );
    let tests = tests_of(vec![aggregate]);
    // Allure 2.46.1 (TZ=UTC): start 1772360130000, stop +50 ms.
    let tunnel = test(&tests, "sealsTunnel");
    assert_eq!(tunnel.result.start, Some(1_772_360_130_000));
    assert_eq!(tunnel.result.stop, Some(1_772_360_130_050));
    // "1,234.500": Allure 2 drops it, Allure 3 reads 1000 ms; we read what Surefire meant.
    assert_eq!(
        test(&tests, "alignsPort").result.duration(),
        Some(1_234_500)
    );
    let latch = test(&tests, "capturesLatch");
    assert_eq!(latch.result.duration(), None);
    assert_eq!(latch.result.parameters[0].name, "latch");
    assert_eq!(latch.result.parameters[0].value.as_deref(), Some("A"));
    let releases = test(&tests, "releases");
    assert_eq!(releases.result.start, Some(1_772_360_400_000));
    let r = &tunnel.result;
    assert_eq!(label(r, "suite"), Some("org.example.orbit.DockingTest"));
    assert_eq!(label(r, "host"), Some("build-agent-7"));
    assert_eq!(label(r, "package"), Some("org.example.orbit.DockingTest"));
    assert_eq!(
        label(r, "parentSuite"),
        None,
        "package attr unused, as Allure 2"
    );
    // No timestamp: durations only, attempts untimed and in order.
    let launch_pad = read_junit(
        &fixture("junit-surefire/TEST-org.example.orbit.LaunchPadTest.xml"),
        "TEST-org.example.orbit.LaunchPadTest.xml",
        &mut interner,
    );
    let tests = tests_of(vec![launch_pad]);
    let seal = test(&tests, "hatchSealHolds");
    assert_eq!(
        (seal.result.start, seal.result.duration()),
        (None, Some(250))
    );
    assert_eq!(label(&seal.result, "host"), None);
}

#[test]
fn nested_suites_get_parent_and_sub_suite_labels_and_inherit_timestamps() {
    let out = read(
        r#"<testsuites><testsuite name="outer" timestamp="2026-01-01T00:00:00Z" hostname="h">
            <testcase classname="a.B" name="top" time="1"/>
            <testsuite name="inner"><testsuite name="deep"><testcase classname="a.C" name="x"/></testsuite>
            <testcase classname="a.C" name="y"><failure/></testcase></testsuite>
        </testsuite></testsuites>"#,
    );
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    let tests = tests_of(vec![out]);
    assert_eq!(tests.len(), 3);
    let x = &test(&tests, "x").result;
    assert_eq!(label(x, "parentSuite"), Some("outer"));
    assert_eq!(label(x, "suite"), Some("inner"));
    assert_eq!(label(x, "subSuite"), Some("deep"));
    assert_eq!(label(x, "host"), Some("h"));
    assert_eq!(x.start, Some(1_767_225_600_000));
    let y = &test(&tests, "y").result;
    assert_eq!(
        (label(y, "parentSuite"), label(y, "suite")),
        (Some("outer"), Some("inner"))
    );
    assert_eq!(y.status, Status::Failed);
    assert_eq!(
        y.details.message, None,
        "no message attribute: none, as Allure 2"
    );
    assert_eq!(label(&test(&tests, "top").result, "suite"), Some("outer"));
}

#[test]
fn a_suite_without_name_uses_the_classname_and_nameless_cases_stay_apart() {
    let out = read(
        r#"<testsuite><testcase classname="pkg.K" name="m"/><testcase time="x"/><testcase/></testsuite>"#,
    );
    let tests = tests_of(vec![out]);
    assert_eq!(tests.len(), 3);
    assert_eq!(label(&test(&tests, "m").result, "suite"), Some("pkg.K"));
    let unnamed: Vec<_> = tests
        .iter()
        .filter(|t| t.result.name == "Unknown test case")
        .collect();
    assert_eq!(unnamed.len(), 2);
    assert!(unnamed.iter().all(|t| t.result.full_name.is_none()));
}

#[test]
fn a_bad_time_is_an_issue_and_the_rest_is_read() {
    let out =
        read(r#"<testsuite name="s"><testcase classname="c" name="n" time="soon"/></testsuite>"#);
    assert_eq!(out.results.len(), 1);
    assert_eq!(out.results[0].duration(), None);
    assert!(out.issues[0].contains("\"soon\""), "{:?}", out.issues);
}

#[test]
fn other_roots_and_broken_files_say_so() {
    let out = read("<testng-results><test/></testng-results>");
    assert!(out.results.is_empty());
    assert!(
        out.issues[0].contains("<testng-results>"),
        "{:?}",
        out.issues
    );
    let out = read("");
    assert!(out.results.is_empty());
    assert!(
        out.issues[0].contains("not a JUnit XML report"),
        "{:?}",
        out.issues
    );
    let out = read(
        r#"<testsuite name="s"><testcase classname="c" name="a"/><testcase classname="c" name="b"><failure>"#,
    );
    assert_eq!(out.results.len(), 2, "cases before the cut are kept");
    assert_eq!(out.results[1].status, Status::Failed);
    let out = read(r#"<testsuite name="s"><testcase classname="c" name="a"/></wrong>"#);
    assert_eq!(out.results.len(), 1);
    assert!(
        out.issues[0].starts_with("malformed XML"),
        "{:?}",
        out.issues
    );
}

#[test]
fn entities_are_decoded_and_declared_ones_never_expanded() {
    let out = read(
        r#"<?xml version="1.0"?><!DOCTYPE testsuite [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
        <testsuite name="s"><testcase classname="c" name="n &amp; &#x263A;"><failure message="&b;">x &lt; y &b;</failure></testcase></testsuite>"#,
    );
    let r = &out.results[0];
    assert_eq!(r.name, "n & \u{263A}");
    assert_eq!(r.details.message.as_deref(), Some("&b;"));
    assert_eq!(r.details.trace.as_deref(), Some("x < y &b;"));
    assert!(
        out.issues.iter().any(|i| i.contains("not expanded")),
        "{:?}",
        out.issues
    );
}

#[test]
fn deep_nesting_and_huge_texts_are_bounded() {
    let deep = format!(
        r#"<testsuite name="s"><testcase classname="c" name="n">{}{}</testcase><testcase classname="c" name="after"/></testsuite>"#,
        "<x>".repeat(MAX_XML_DEPTH * 4),
        "</x>".repeat(MAX_XML_DEPTH * 4)
    );
    let out = read(&deep);
    assert_eq!(out.results.len(), 2);
    assert!(
        out.issues.iter().any(|i| i.contains("deeper")),
        "{:?}",
        out.issues
    );
    let huge = format!(
        r#"<testsuite name="s"><testcase classname="c" name="n"><failure>{}</failure><system-out>{}</system-out></testcase></testsuite>"#,
        "e".repeat(super::super::MAX_TEXT_BYTES + 100),
        "line\n".repeat(10_000)
    );
    let out = read(&huge);
    let r = &out.results[0];
    assert_eq!(
        r.details.trace.as_ref().unwrap().len(),
        super::super::MAX_TEXT_BYTES
    );
    assert!(
        out.issues.iter().any(|i| i.contains("were cut")),
        "{:?}",
        out.issues
    );
    let steps = &r.body().steps;
    assert_eq!(steps.len(), super::super::limits::MAX_LOG_STEPS + 1);
    assert!(steps.last().unwrap().name.contains("9500 more lines"));
}

#[test]
fn large_files_read_on_two_threads_give_what_one_thread_gives() {
    use std::fmt::Write as _;
    let mut xml = String::new();
    let mut n = 0;
    while xml.len() < super::PIPELINE_BYTES + 1000 {
        // Every 7th case repeats the previous one (a pytest rerun), some fail with output.
        let name = if n % 7 == 6 { n - 1 } else { n };
        let _ = write!(
            xml,
            r#"<testcase classname="pkg.Mod{}" name="case_{name}" time="0.{:03}">"#,
            n / 500,
            n % 1000
        );
        if n % 5 == 0 {
            let _ = write!(
                xml,
                r#"<failure message="m{n}">trace {n}</failure><system-out>line a&#10;line b</system-out>"#
            );
        }
        xml.push_str("</testcase>");
        n += 1;
    }
    // pytest counts each test once, its reruns not.
    let tests = (0..n).filter(|n| n % 7 != 6).count();
    let xml = format!(
        r#"<testsuites><testsuite name="big" tests="{tests}" timestamp="2026-01-01T00:00:00Z">{xml}</testsuite></testsuites>"#
    );
    let mut interner = Interner::default();
    let two = read_junit(xml.as_bytes(), "big.xml", &mut interner);
    let mut converter = super::convert::Converter::new(&mut interner, "big.xml", 0);
    let scan_issues = super::scan::scan(&xml, |msg| converter.handle(msg));
    let (one, issues) = converter.finish();
    assert!(scan_issues.is_empty() && issues.is_empty() && two.issues.is_empty());
    assert_eq!(two.results.len(), n);
    assert_eq!(two.results, one);
    for (a, b) in two.results.iter().zip(&one) {
        assert_eq!(a.body(), b.body());
    }
    assert!(one
        .iter()
        .any(|r| r.details.message.as_deref() == Some(RERUN_MESSAGE)));
}

#[test]
fn surefire_tests_are_allure2s_but_for_our_documented_differences() {
    let mut interner = Interner::default();
    let tests = tests_of(vec![
        read_junit(
            &fixture("junit-surefire/TEST-orbit-aggregate.xml"),
            "TEST-orbit-aggregate.xml",
            &mut interner,
        ),
        read_junit(
            &fixture("junit-surefire/TEST-org.example.orbit.LaunchPadTest.xml"),
            "TEST-org.example.orbit.LaunchPadTest.xml",
            &mut interner,
        ),
    ]);
    let skip = crate::model::readers::answers::Skip {
        // "1,234.500" is read as Surefire meant it; a case without a readable time still starts
        // with its suite (Allure 2 gives neither a start).
        times: &[
            "org.example.orbit.DockingTest.alignsPort",
            "org.example.orbit.DockingTest.capturesLatch",
        ],
        // Allure 2 marks a test with rerunFailure/rerunError flaky though it never passed; we
        // leave the flag to what happened (retry flips).
        flaky: &[
            "org.example.orbit.LaunchPadTest.hatchSealHolds",
            "org.example.orbit.LaunchPadTest.groundPowerConnects",
            "org.example.orbit.LaunchPadTest.mixedRerun",
        ],
        // flakyFailure/flakyError are retries here; Allure 2 ignores them (allure2#3427).
        retries: &[
            "org.example.orbit.DockingTest.sealsTunnel",
            "org.example.orbit.LaunchPadTest.fuelGaugeSettles",
            "org.example.orbit.LaunchPadTest.telemetryLinkUp",
        ],
        steps: &[],
        // system-out and system-err are also inline attachments here.
        no_attachments: true,
    };
    crate::model::readers::answers::assert_matches_allure2(
        &tests,
        &crate::model::readers::answers::answers("junit-surefire"),
        &skip,
    );
}

#[test]
fn junit_files_are_told_by_their_root_element() {
    assert!(is_junit_xml(&fixture("junit-pytest-reruns/junit.xml")));
    assert!(is_junit_xml(&fixture(
        "junit-surefire/TEST-org.example.orbit.LaunchPadTest.xml"
    )));
    assert!(is_junit_xml(
        b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- made by hand --><testsuite/>"
    ));
    for other in [
        &b"<environment><parameter/></environment>"[..],
        b"<ns2:test-suite xmlns:ns2=\"urn:model.allure.qatools.yandex.ru\"/>",
        b"{\"uuid\": 1}",
        b"",
    ] {
        assert!(!is_junit_xml(other), "{}", String::from_utf8_lossy(other));
    }
}

/// jest-junit and Gradle count every element they write in `tests`: repeated test cases there
/// are separate runs, kept with their own outcomes (Allure 2 merges them as retries and never
/// changes their statuses). Only pytest-rerunfailures, which counts a test once and writes
/// every attempt, has earlier attempts without an outcome that were not passes.
#[test]
fn repeats_are_reruns_only_when_the_suite_counts_fewer_tests_than_it_writes() {
    let xml = |tests: usize| {
        format!(
            r#"<testsuite name="S" tests="{tests}" timestamp="2026-03-01T10:00:00">
              <testcase classname="calc" name="adds" time="0.1"/>
              <testcase classname="calc" name="adds" time="0.1"/>
              <testcase classname="calc" name="subtracts" time="0.1"/></testsuite>"#
        )
    };
    for (declared, earlier) in [(3, Status::Passed), (2, Status::Failed)] {
        let out = read_junit(xml(declared).as_bytes(), "j.xml", &mut Interner::default());
        assert!(out.issues.is_empty(), "{:?}", out.issues);
        let tests = tests_of(vec![out]);
        assert_eq!(tests.len(), 2);
        let adds = test(&tests, "adds");
        assert_eq!(
            statuses(adds),
            [earlier, Status::Passed],
            "tests={declared}"
        );
        let message = adds.retries[0].details.message.as_deref();
        assert_eq!(message == Some(RERUN_MESSAGE), declared == 2);
    }
}

/// A file cut off keeps what it read and says so; the test case it ends inside has no known
/// outcome, unless it already had one (the `TeamCity` reporter's tests hold such files).
#[test]
fn a_cut_off_file_warns_and_its_last_case_has_no_known_outcome() {
    let cut = r#"<testsuite name="S"><testcase classname="C" name="a"/><testcase classname="C" name="b"><error message="Connection re"#;
    let out = read_junit(cut.as_bytes(), "cut.xml", &mut Interner::default());
    assert!(
        out.issues
            .iter()
            .any(|i| i.contains("ends inside open elements")),
        "{:?}",
        out.issues
    );
    let tests = tests_of(vec![out]);
    assert_eq!(test(&tests, "a").result.status, Status::Passed);
    let b = &test(&tests, "b").result;
    assert_eq!(b.status, Status::Unknown);
    assert_eq!(b.details.message.as_deref(), Some(super::case::CUT_MESSAGE));
    // Cut after its failure: the failure stands.
    let cut = r#"<testsuite name="S"><testcase classname="C" name="a"><failure message="x">trace"#;
    let out = read_junit(cut.as_bytes(), "cut.xml", &mut Interner::default());
    assert_eq!(out.issues.len(), 1, "{:?}", out.issues);
    assert_eq!(out.results[0].status, Status::Failed);
}

/// A well-formed file without test cases, and entities a document declares in attributes,
/// are said (a lone such file is why a load found no tests).
#[test]
fn no_test_cases_and_unexpanded_attribute_entities_are_said() {
    let out = read_junit(
        br#"<testsuite name="pytest" tests="0"/>"#,
        "junit.xml",
        &mut Interner::default(),
    );
    assert_eq!(out.issues, ["no <testcase> elements: no tests"]);
    let doc = br#"<!DOCTYPE testsuite [<!ENTITY co "ACME">]><testsuite name="S"><testcase classname="C" name="a &co;"/></testsuite>"#;
    let out = read_junit(doc, "e.xml", &mut Interner::default());
    assert_eq!(out.results[0].name, "a &co;");
    assert!(
        out.issues.iter().any(|i| i.contains("not expanded")),
        "{:?}",
        out.issues
    );
}

/// Empty names are no names: a test case shows Allure 2's "Unknown test case", a suite is
/// no suite level (its test cases group by classname), never a blank row.
#[test]
fn empty_names_are_no_names() {
    let doc = br#"<testsuites><testsuite name=""><testcase classname="K" name=""/></testsuite></testsuites>"#;
    let out = read_junit(doc, "n.xml", &mut Interner::default());
    let r = &out.results[0];
    assert_eq!(r.name, "Unknown test case");
    assert_eq!(label(r, "suite"), Some("K"));
}
