//! Allure 1 results (`*-testsuite.xml`, `*-testsuite.json`): each test case a result, as Allure
//! 2 reads them (`allure2 · allure-generator/.../allure1/Allure1Plugin.java`).
//!
//! - name: the test case's `title`, else its `name`; full name `testClass.testMethod`, where
//!   `testClass` is the case's or the suite's `testClass` label, else the suite's name, and
//!   `testMethod` the case's `testMethod` label, else its name;
//! - status: passed, failed, broken, skipped; `canceled` and `pending` are skipped; anything else
//!   or none is unknown (case-insensitive); a `status_details=flaky` label marks the result
//!   flaky;
//! - labels: the suite's and the case's, sorted and each once (Allure 2 keeps them in a sorted
//!   set), then `suite` (the suite's `title`, else its name; `TestNG`'s `testSuite`/`testGroup`
//!   labels give `parentSuite`/`suite`/`subSuite`), `testClass`, `testMethod`, `package` and
//!   `resultFormat=allure1` where absent; `issue` and `testId` labels also become links;
//! - parameters: those of kind `argument` (or no kind), sorted and each once;
//!   environment-variable and system-property parameters are left out (Allure 2 shows the former
//!   in its environment widget, which this reader does not feed);
//! - descriptions: the suite's and the case's, joined (`html` ones apart);
//! - steps keep their status and nesting; a step with the test's status carries the test's
//!   message and trace (Allure 2 copies them);
//! - attachments: `source` is a file name in the same directory. The reader does not look: each
//!   comes back as [`AttachmentAccess::Missing`] for the caller to check (and name unsafe ones).
//!
//! No terminal dependencies.

mod doc;
mod json;
mod xml;

use std::collections::BTreeSet;

use super::ReaderOutput;
use crate::model::result::{
    Attachment, AttachmentAccess, Label, Link, Parameter, ParameterMode, ResultBody, StatusDetails,
    Step, TestResult,
};
use crate::model::status::Status;
use crate::model::text::{Interner, Text};
use doc::{AttachmentDoc, CaseDoc, DescriptionDoc, StepDoc, SuiteDoc};

/// True for the names Allure 2 reads as Allure 1 results: `*-testsuite.xml` and
/// `*-testsuite.json`.
#[must_use]
pub fn is_allure1_file(name: &str) -> bool {
    name.ends_with("-testsuite.xml") || name.ends_with("-testsuite.json")
}

/// Reads an Allure 1 `*-testsuite.xml`. `file` is the file's name, kept on every result.
#[must_use]
pub fn read_allure1_xml(bytes: &[u8], file: &str, interner: &mut Interner) -> ReaderOutput {
    let mut out = ReaderOutput::default();
    if let Some(suite) = xml::parse(bytes, &mut out.issues) {
        convert_suite(&suite, file, interner, &mut out);
    }
    out
}

/// Reads an Allure 1 `*-testsuite.json`. `file` is the file's name, kept on every result.
#[must_use]
pub fn read_allure1_json(bytes: &[u8], file: &str, interner: &mut Interner) -> ReaderOutput {
    let mut out = ReaderOutput::default();
    if let Some(suite) = json::parse(bytes, &mut out.issues) {
        convert_suite(&suite, file, interner, &mut out);
    }
    out
}

fn convert_suite(suite: &SuiteDoc, file: &str, interner: &mut Interner, out: &mut ReaderOutput) {
    let file = Text::from(file);
    let cases = &suite.cases[..suite.cases.len().min(super::MAX_RESULTS_PER_FILE)];
    if cases.len() < suite.cases.len() {
        out.issues.push(format!(
            "more than {} test cases; the rest are skipped",
            super::MAX_RESULTS_PER_FILE
        ));
    }
    out.results.reserve(cases.len());
    for case in cases {
        out.results.push(convert_case(suite, case, &file, interner));
    }
}

fn convert_case(
    suite: &SuiteDoc,
    case: &CaseDoc,
    file: &Text,
    interner: &mut Interner,
) -> TestResult {
    let suite_name = non_empty(suite.title.as_ref())
        .or(non_empty(suite.name.as_ref()))
        .unwrap_or("unknown test suite");
    let test_class = label_of(&case.labels, "testClass")
        .or_else(|| label_of(&suite.labels, "testClass"))
        .or(non_empty(suite.name.as_ref()))
        .unwrap_or("unknown");
    let test_method = label_of(&case.labels, "testMethod")
        .or(non_empty(case.name.as_ref()))
        .unwrap_or("unknown");
    let name = non_empty(case.title.as_ref())
        .or(non_empty(case.name.as_ref()))
        .unwrap_or("unknown test case");
    let status = status_of(case.status.as_deref());
    let details = StatusDetails {
        message: case.message.as_deref().map(Text::from),
        trace: case.trace.as_deref().map(Text::from),
        flaky: case
            .labels
            .iter()
            .any(|(n, v)| n == "status_details" && v.eq_ignore_ascii_case("flaky")),
        ..StatusDetails::default()
    };
    let labels = labels(suite, case, suite_name, test_class, test_method, interner);
    let links = links(&labels);
    let steps = case
        .steps
        .iter()
        .map(|s| step(s, status, &details, interner))
        .collect();
    let descriptions = [suite.description.as_ref(), case.description.as_ref()];
    let body = ResultBody {
        steps,
        attachments: case
            .attachments
            .iter()
            .map(|a| attachment(a, interner))
            .collect(),
        links,
        description: joined(&descriptions, false, "\n\n"),
        description_html: joined(&descriptions, true, "</br>"),
        issues: Vec::new(),
    };
    TestResult {
        file: file.clone(),
        full_name: Some(Text::from(format!("{test_class}.{test_method}"))),
        name: Text::from(name),
        status,
        details,
        start: case.start,
        stop: case.stop,
        labels,
        parameters: parameters(case),
        ..TestResult::default()
    }
    .with_body(body)
}

/// Allure 2's status mapping (`Allure1Plugin.convert(Status)`), case-insensitive.
fn status_of(status: Option<&str>) -> Status {
    match status.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("failed") => Status::Failed,
        Some("broken") => Status::Broken,
        Some("passed") => Status::Passed,
        Some("skipped" | "canceled" | "pending") => Status::Skipped,
        _ => Status::Unknown,
    }
}

fn labels(
    suite: &SuiteDoc,
    case: &CaseDoc,
    suite_name: &str,
    test_class: &str,
    test_method: &str,
    interner: &mut Interner,
) -> Vec<Label> {
    // Allure 2 collects them in a TreeSet ordered by name, then value.
    let set: BTreeSet<&(String, String)> = suite.labels.iter().chain(&case.labels).collect();
    let mut pairs: Vec<(String, String)> = set.into_iter().cloned().collect();
    let find = |pairs: &[(String, String)], name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let add = |pairs: &mut Vec<(String, String)>, name: &str, value: &str| {
        if !pairs.iter().any(|(n, _)| n == name) {
            pairs.push((name.to_owned(), value.to_owned()));
        }
    };
    // `TestNG`'s nested suites.
    match (find(&pairs, "testGroup"), find(&pairs, "testSuite")) {
        (Some(group), Some(test_suite)) => {
            add(&mut pairs, "parentSuite", &test_suite);
            add(&mut pairs, "suite", &group);
            add(&mut pairs, "subSuite", test_class);
        }
        _ => add(&mut pairs, "suite", suite_name),
    }
    add(&mut pairs, "testClass", test_class);
    add(&mut pairs, "testMethod", test_method);
    add(&mut pairs, "package", test_class);
    add(&mut pairs, "resultFormat", "allure1");
    pairs
        .iter()
        .map(|(name, value)| Label {
            name: interner.intern(name),
            value: interner.intern(value),
        })
        .collect()
}

/// `issue` labels and the first `testId` become links, as in Allure 2 (whose URL patterns come
/// from an `allure.properties` we do not read: the URL is the value itself).
fn links(labels: &[Label]) -> Vec<Link> {
    let mut links: Vec<Link> = labels
        .iter()
        .filter(|l| l.name == "issue")
        .map(|l| Link {
            name: Some(l.value.clone()),
            url: l.value.clone(),
            kind: Some(Text::from("issue")),
        })
        .collect();
    if let Some(id) = labels.iter().find(|l| l.name == "testId") {
        links.push(Link {
            name: Some(id.value.clone()),
            url: id.value.clone(),
            kind: Some(Text::from("tms")),
        });
    }
    links
}

/// Argument parameters (no kind, or `argument`), sorted by name then value and each once, as
/// Allure 2's `TreeSet` leaves them.
fn parameters(case: &CaseDoc) -> Vec<Parameter> {
    let set: BTreeSet<(Option<&str>, Option<&str>)> = case
        .parameters
        .iter()
        .filter(|p| {
            p.kind.as_deref().is_none_or(|k| {
                !k.eq_ignore_ascii_case("environment-variable")
                    && !k.eq_ignore_ascii_case("system-property")
            })
        })
        .map(|p| (p.name.as_deref(), p.value.as_deref()))
        .collect();
    set.into_iter()
        .map(|(name, value)| Parameter {
            name: Text::from(name.unwrap_or_default()),
            value: value.map(Text::from),
            excluded: false,
            mode: ParameterMode::Default,
        })
        .collect()
}

fn step(doc: &StepDoc, test_status: Status, test: &StatusDetails, interner: &mut Interner) -> Step {
    let status = status_of(doc.status.as_deref());
    Step {
        name: Text::from(
            doc.title
                .as_deref()
                .or(doc.name.as_deref())
                .unwrap_or_default(),
        ),
        status,
        details: if status == test_status {
            StatusDetails {
                message: test.message.clone(),
                trace: test.trace.clone(),
                ..StatusDetails::default()
            }
        } else {
            StatusDetails::default()
        },
        start: doc.start,
        stop: doc.stop,
        duration: None,
        parameters: Vec::new(),
        attachments: doc
            .attachments
            .iter()
            .map(|a| attachment(a, interner))
            .collect(),
        steps: doc
            .steps
            .iter()
            .map(|s| step(s, test_status, test, interner))
            .collect(),
    }
}

fn attachment(doc: &AttachmentDoc, interner: &mut Interner) -> Attachment {
    let source = doc
        .source
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(Text::from);
    Attachment {
        name: doc.title.as_deref().map(Text::from),
        access: if source.is_some() {
            AttachmentAccess::Missing
        } else {
            AttachmentAccess::NoSource
        },
        source,
        mime: doc.mime.as_deref().map(|m| interner.intern(m)),
        declared_size: doc.size,
        file_size: None,
    }
}

fn joined(descriptions: &[Option<&DescriptionDoc>], html: bool, separator: &str) -> Option<Text> {
    let parts: Vec<&str> = descriptions
        .iter()
        .flatten()
        .filter(|d| d.html == html)
        .map(|d| d.value.as_str())
        .collect();
    (!parts.is_empty() && parts.iter().any(|p| !p.trim().is_empty()))
        .then(|| Text::from(parts.join(separator)))
}

fn label_of<'a>(labels: &'a [(String, String)], name: &str) -> Option<&'a str> {
    labels
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn non_empty(text: Option<&String>) -> Option<&str> {
    text.map(String::as_str).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests;
