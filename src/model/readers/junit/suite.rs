//! The test cases of one `<testsuite>` become results: identity, labels, reruns and starts.
//!
//! Reruns: pytest-rerunfailures writes every earlier attempt of a test as its own `<testcase>`
//! with the same classname, name and properties, and without a `failure`/`error` element (its
//! junitxml ignores the "rerun" outcome), the final attempt last. Such an earlier attempt did not
//! pass (it would not have been rerun otherwise), so it is read as failed (broken when the final
//! attempt is broken), with a message saying why. Test cases that repeat within one suite are
//! attempts of one test, in document order.
//!
//! Starts: every test case shares its suite's `timestamp` (Allure 2). Attempts of one test would
//! then tie, and Allure 2 shows whichever it meets first (the junit-pytest-reruns oracle shows
//! four different totals over seven runs). So the attempts of a test get distinct, ordered starts
//! one millisecond apart, the last attempt keeping the suite's timestamp: our retry rule (latest
//! start) then shows the final attempt, as Allure 3 does. Without a timestamp attempts stay
//! untimed and come in order, so the later-read one wins. No terminal dependencies.

use std::collections::HashMap;

use crate::model::result::{Label, ResultBody, TestResult};
use crate::model::status::Status;
use crate::model::text::{Interner, Text};

use super::case::{parameters, AttemptParts, CaseDraft};
use super::seconds::parse_seconds;
use crate::model::readers::ReaderOutput;

/// The message of an earlier pytest attempt that records no outcome.
pub const RERUN_MESSAGE: &str = "Rerun: this attempt did not pass (it was run again); \
the JUnit XML records no outcome for it (pytest-rerunfailures writes reruns this way)";

/// What a suite gives its test cases.
#[derive(Debug, Default, Clone)]
pub struct SuiteInfo {
    /// Names of the enclosing `<testsuite>` elements, outermost first.
    pub names: Vec<Text>,
    /// `hostname`.
    pub host: Option<Text>,
    /// `timestamp`, epoch ms.
    pub timestamp: Option<i64>,
}

/// Interned label names and constant values, made once per file.
pub struct LabelTexts {
    result_format: Text,
    junit: Text,
    parent_suite: Text,
    suite: Text,
    sub_suite: Text,
    host: Text,
    test_class: Text,
    package: Text,
}

impl LabelTexts {
    /// The texts, from the interner.
    pub fn new(interner: &mut Interner) -> LabelTexts {
        LabelTexts {
            result_format: interner.intern("resultFormat"),
            junit: interner.intern("junit"),
            parent_suite: interner.intern("parentSuite"),
            suite: interner.intern("suite"),
            sub_suite: interner.intern("subSuite"),
            host: interner.intern("host"),
            test_class: interner.intern("testClass"),
            package: interner.intern("package"),
        }
    }
}

/// Identity of a test case within its suite: classname, name, properties.
type CaseKey<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Vec<(&'a str, Option<&'a str>)>,
);

/// Turns the test cases of one suite into results, appended to `out` test by test, attempts
/// oldest first.
pub fn finish_suite(
    cases: &[CaseDraft<'_>],
    suite: &SuiteInfo,
    texts: &LabelTexts,
    interner: &mut Interner,
    file: &Text,
    out: &mut ReaderOutput,
) {
    let mut groups: Vec<Vec<usize>> = Vec::with_capacity(cases.len());
    let mut index: HashMap<CaseKey<'_>, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(cases.len(), foldhash::fast::RandomState::default());
    for (i, case) in cases.iter().enumerate() {
        // Properties as identity sees them: each (name, value) once, in any order (pytest
        // repeats them on every rerun).
        let mut properties: Vec<(&str, Option<&str>)> = case
            .properties
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_deref()))
            .collect();
        properties.sort_unstable();
        properties.dedup();
        let key: CaseKey<'_> = (case.classname.as_deref(), case.name.as_deref(), properties);
        match index.get(&key) {
            Some(&g) => groups[g].push(i),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    drop(index);
    let mut truncated = false;
    let mut suite_labels: Option<Vec<Label>> = None;
    for group in groups {
        let last = cases[group[group.len() - 1]].own_status_hint();
        let mut attempts: Vec<(usize, AttemptParts)> = Vec::new();
        for (position, &i) in group.iter().enumerate() {
            let case = &cases[i];
            for rerun in &case.reruns {
                let duration = seconds(rerun.time.as_deref(), case, out);
                attempts.push((i, rerun.attempt(duration, &mut truncated)));
            }
            let duration = seconds(case.time.as_deref(), case, out);
            let mut own = case.own_attempt(duration, &mut truncated);
            if position + 1 < group.len() && !case.has_outcome() {
                own.status = if last == Status::Broken {
                    Status::Broken
                } else {
                    Status::Failed
                };
                own.details.message = Some(Text::from(RERUN_MESSAGE));
            }
            attempts.push((i, own));
        }
        let suite_labels = suite_labels.get_or_insert_with(|| labels_of_suite(suite, texts));
        let count = attempts.len() as i64;
        for (n, (i, parts)) in attempts.into_iter().enumerate() {
            let start = suite.timestamp.map(|t| t - (count - 1 - n as i64));
            let result = template(&cases[i], suite_labels, texts, interner, file);
            out.results.push(finish(result, parts, start));
        }
    }
    if truncated {
        out.issues.push(format!(
            "texts longer than {} bytes were cut",
            super::super::limits::MAX_TEXT_BYTES
        ));
    }
}

impl CaseDraft<'_> {
    /// The status the case's own element records (passed when it records none).
    fn own_status_hint(&self) -> Status {
        if self.outcomes[0].is_some() {
            Status::Failed
        } else if self.outcomes[1].is_some() {
            Status::Broken
        } else if self.outcomes[2].is_some() || self.not_run {
            Status::Skipped
        } else {
            Status::Passed
        }
    }
}

fn seconds(raw: Option<&str>, case: &CaseDraft<'_>, out: &mut ReaderOutput) -> Option<i64> {
    let raw = raw?;
    let ms = parse_seconds(raw);
    if ms.is_none() {
        out.issues.push(format!(
            "test case {}: time \"{raw}\" is not a number of seconds; no duration",
            case.name.as_deref().unwrap_or("(unnamed)")
        ));
    }
    ms
}

/// The suite labels Allure 2 gives (`suite` = the suite's name); nested suites add
/// `parentSuite` (outermost) and `subSuite` (the rest, joined by " / ").
fn labels_of_suite(suite: &SuiteInfo, texts: &LabelTexts) -> Vec<Label> {
    let label = |name: &Text, value: &Text| Label {
        name: name.clone(),
        value: value.clone(),
    };
    let mut labels = vec![label(&texts.result_format, &texts.junit)];
    match suite.names.as_slice() {
        [] => {}
        [only] => labels.push(label(&texts.suite, only)),
        [parent, own] => {
            labels.push(label(&texts.parent_suite, parent));
            labels.push(label(&texts.suite, own));
        }
        [parent, own, rest @ ..] => {
            labels.push(label(&texts.parent_suite, parent));
            labels.push(label(&texts.suite, own));
            let sub: Vec<&str> = rest.iter().map(Text::as_str).collect();
            labels.push(label(&texts.sub_suite, &Text::from(sub.join(" / "))));
        }
    }
    if let Some(host) = &suite.host {
        labels.push(label(&texts.host, host));
    }
    labels
}

/// The parts every attempt of a case shares: names, labels, parameters.
fn template(
    case: &CaseDraft<'_>,
    suite_labels: &[Label],
    texts: &LabelTexts,
    interner: &mut Interner,
    file: &Text,
) -> TestResult {
    let mut labels = Vec::with_capacity(suite_labels.len() + 3);
    labels.extend_from_slice(suite_labels);
    if let Some(class) = case.classname.as_deref() {
        let class = interner.intern(class);
        if !suite_labels.iter().any(|l| l.name == texts.suite) {
            // Allure 2: the suite is the classname when the suite has no name.
            labels.insert(
                1,
                Label {
                    name: texts.suite.clone(),
                    value: class.clone(),
                },
            );
        }
        labels.push(Label {
            name: texts.test_class.clone(),
            value: class.clone(),
        });
        labels.push(Label {
            name: texts.package.clone(),
            value: class,
        });
    }
    let full_name = match (&case.classname, &case.name) {
        (Some(class), Some(name)) => Some(Text::from(format!("{class}.{name}"))),
        _ => None,
    };
    TestResult {
        file: file.clone(),
        // A case without classname or name has no identity: a key of its own keeps it apart
        // from the other such cases of the file.
        history_id: full_name
            .is_none()
            .then(|| Text::from(format!("{file}#testcase-{}", case.ordinal))),
        full_name,
        name: case
            .name
            .as_deref()
            .map_or_else(|| Text::from("Unknown test case"), Text::from),
        labels,
        parameters: parameters(&case.properties),
        ..TestResult::default()
    }
}

fn finish(mut result: TestResult, parts: AttemptParts, start: Option<i64>) -> TestResult {
    result.status = parts.status;
    result.details = parts.details;
    result.start = start;
    result.stop = start.zip(parts.duration).map(|(s, d)| s + d);
    result.duration = parts.duration;
    let body: ResultBody = parts.body;
    result.with_body(body)
}
