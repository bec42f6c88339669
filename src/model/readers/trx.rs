//! TRX (`*.trx`: `dotnet test --logger trx`, Visual Studio, `vstest`), mapped as Allure 2's
//! trx-plugin maps it (`allure2 · plugins/trx-plugin/.../TrxPlugin.java`, `UnitTest.java`):
//!
//! - root `<TestRun>`; each `Results/UnitTestResult` is a test named `testName`;
//!   `TestDefinitions/UnitTest` (joined by `Execution@id` = `executionId`) gives its class
//!   (`TestMethod@className`): full name `className.testName`, labels `suite`, `testClass`,
//!   `package` (the class), and its `Description`; its `Properties/Property` whose `Key`
//!   starts with `Parameter:` are parameters (the rest of the key is the name);
//! - `outcome`: `Passed` passed, `Failed` failed, `NotExecuted` skipped, anything else
//!   (`Timeout`, `Error`, `Aborted`, ...) unknown; `startTime`/`endTime` are start and stop;
//! - `Output/ErrorInfo/Message` and `StackTrace` are message and trace; the lines of
//!   `Output/StdOut` are steps (blank ones dropped, at most `MAX_LOG_STEPS`, `logs.rs`), and the whole
//!   `StdOut` and `StdErr` are also inline attachments (Allure 2 ignores `StdErr`);
//! - `InnerResults/UnitTestResult` (data-driven rows) are results of their own with their
//!   parent's labels and no full name (Allure 2 gives them none either), label `resultFormat=trx`.
//!
//! A result without a full name gets an identity of its own. Untrusted input: read as a bounded
//! element tree (`xml_doc.rs`). No terminal dependencies.

use std::collections::HashMap;

use super::logs::log_steps_and_attachments;
use super::xml_doc::{parse_rooted, Element};
use super::{parse_timestamp, ReaderOutput, MAX_RESULTS_PER_FILE};
use crate::model::result::{
    Label, Parameter, ParameterMode, ResultBody, StatusDetails, TestResult,
};
use crate::model::status::Status;
use crate::model::text::{Interner, Text};

/// What a `TestDefinitions/UnitTest` gives its results.
struct UnitTest<'d> {
    class: Option<&'d str>,
    description: Option<&'d str>,
    parameters: Vec<Parameter>,
}

/// Reads a TRX file. `file` is the file's name, kept on every result.
#[must_use]
pub fn read_trx(bytes: &[u8], file: &str, interner: &mut Interner) -> ReaderOutput {
    let mut out = ReaderOutput::default();
    let Some(root) = parse_rooted(bytes, "TestRun", "a TRX report", &mut out.issues) else {
        return out;
    };
    let definitions: HashMap<&str, UnitTest<'_>> = root
        .children_named("TestDefinitions")
        .flat_map(|d| d.children_named("UnitTest"))
        .filter_map(|unit| {
            let id = unit.child("Execution")?.attr("id")?;
            Some((id, unit_test(unit)))
        })
        .collect();
    let mut reader = Reader {
        file: Text::from(file),
        definitions,
        format: Label {
            name: interner.intern("resultFormat"),
            value: interner.intern("trx"),
        },
        out: &mut out,
        interner,
    };
    for result in root
        .children_named("Results")
        .flat_map(|r| r.children_named("UnitTestResult"))
    {
        reader.result(result, None, 0);
    }
    if reader.out.results.len() >= MAX_RESULTS_PER_FILE {
        reader.out.results.truncate(MAX_RESULTS_PER_FILE);
        reader.out.issues.push(format!(
            "more than {MAX_RESULTS_PER_FILE} test results; the rest are skipped"
        ));
    }
    if out.results.is_empty() && out.issues.is_empty() {
        out.issues
            .push("no <UnitTestResult> elements: no tests".to_owned());
    }
    out
}

struct Reader<'d, 'o> {
    file: Text,
    definitions: HashMap<&'d str, UnitTest<'d>>,
    format: Label,
    out: &'o mut ReaderOutput,
    interner: &'o mut Interner,
}

impl Reader<'_, '_> {
    /// One `UnitTestResult`, then its inner results (`parent`: the labels they inherit).
    fn result(&mut self, element: &Element, parent: Option<&[Label]>, depth: usize) {
        if self.out.results.len() >= MAX_RESULTS_PER_FILE {
            return;
        }
        let raw_name = element.attr("testName").unwrap_or_default();
        let name = Some(raw_name)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("Unknown test");
        let unit = match parent {
            None => element
                .attr("executionId")
                .and_then(|id| self.definitions.get(id)),
            Some(_) => None,
        };
        let class = unit.and_then(|u| u.class);
        let mut labels = Vec::new();
        if let Some(class) = class {
            let class = self.interner.intern(class);
            for key in ["suite", "testClass", "package"] {
                labels.push(Label {
                    name: self.interner.intern(key),
                    value: class.clone(),
                });
            }
        }
        for inherited in parent.unwrap_or_default() {
            if !labels.iter().any(|l| l.name == inherited.name) {
                labels.push(inherited.clone());
            }
        }
        if !labels.iter().any(|l| l.name == self.format.name) {
            labels.push(self.format.clone());
        }
        // Allure 2 formats `className.testName` whenever the definition is found, a missing
        // class included (`null.X`) and an empty name as it is: the identity is Allure 2's.
        let full_name = unit.map(|_| Text::from(format!("{}.{raw_name}", class.unwrap_or("null"))));
        let output = element.child("Output");
        let error = output.and_then(|o| o.child("ErrorInfo"));
        let stdout = output.and_then(|o| o.child_text("StdOut"));
        let stderr = output.and_then(|o| o.child_text("StdErr"));
        let ordinal = self.out.results.len();
        let result = TestResult {
            file: self.file.clone(),
            history_id: full_name
                .is_none()
                .then(|| Text::from(format!("{}#result-{ordinal}", self.file))),
            full_name,
            name: Text::from(name),
            status: status_of(element.attr("outcome")),
            details: StatusDetails {
                message: error.and_then(|e| e.child_text("Message")).map(Text::from),
                trace: error
                    .and_then(|e| e.child_text("StackTrace"))
                    .map(Text::from),
                ..StatusDetails::default()
            },
            start: element.attr("startTime").and_then(parse_timestamp),
            stop: element.attr("endTime").and_then(parse_timestamp),
            labels: labels.clone(),
            parameters: unit.map(|u| u.parameters.clone()).unwrap_or_default(),
            ..TestResult::default()
        }
        .with_body(body(stdout, stderr, unit.and_then(|u| u.description)));
        self.out.results.push(result);
        if depth >= super::MAX_XML_DEPTH {
            return;
        }
        for inner in element
            .children_named("InnerResults")
            .flat_map(|i| i.children_named("UnitTestResult"))
        {
            self.result(inner, Some(&labels), depth + 1);
        }
    }
}

fn unit_test(unit: &Element) -> UnitTest<'_> {
    let parameters = unit
        .children_named("Properties")
        .flat_map(|p| p.children_named("Property"))
        .filter_map(|property| {
            let key = property.child_text("Key")?;
            let value = property.child_text("Value")?;
            let name = key.strip_prefix("Parameter:")?;
            Some(Parameter {
                name: Text::from(name),
                value: Some(Text::from(value)),
                excluded: false,
                mode: ParameterMode::Default,
            })
        })
        .collect();
    UnitTest {
        class: unit.child("TestMethod").and_then(|m| m.attr("className")),
        description: unit
            .child("Description")
            .map(|d| d.text.text.as_str())
            .filter(|d| !d.trim().is_empty()),
        parameters,
    }
}

/// Allure 2's `parseStatus`, case-insensitive.
fn status_of(outcome: Option<&str>) -> Status {
    match outcome.map(str::to_ascii_lowercase).as_deref() {
        Some("passed") => Status::Passed,
        Some("failed") => Status::Failed,
        Some("notexecuted") => Status::Skipped,
        _ => Status::Unknown,
    }
}

/// Steps from the lines of `StdOut`, both logs as inline attachments, and the description.
fn body(stdout: Option<&str>, stderr: Option<&str>, description: Option<&str>) -> ResultBody {
    let (steps, attachments) =
        log_steps_and_attachments(stdout.unwrap_or_default(), stdout, stderr);
    ResultBody {
        steps,
        attachments,
        description: description.map(Text::from),
        ..ResultBody::default()
    }
}

#[cfg(test)]
mod tests;
