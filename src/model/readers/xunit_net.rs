//! xUnit.net v2 XML (`dotnet test --logger xunit`, `xunit.console -xml`; root `<assemblies>`),
//! mapped as Allure 2's xunit-xml-plugin maps it
//! (`allure2 · plugins/xunit-xml-plugin/.../XunitXmlPlugin.java`):
//!
//! - each `assembly/collection/test` is a test: name `method`, full name `name` (which carries
//!   the arguments of a theory row, so rows are separate tests), labels `resultFormat=xunit`,
//!   `suite`, `testClass` and `package` (`type`), and `framework` (the assembly's
//!   `test-framework`); `traits/trait` are parameters;
//! - `result`: `Pass` passed, `Fail` failed, `Skip` skipped, anything else (`NotRun`) unknown;
//!   `time` (seconds) is the duration, cut to whole milliseconds;
//! - the message is `failure/message`, then a newline and `output` when both are there, else
//!   whichever is (so a passed test with output shows it as its message, as in Allure 2); the
//!   trace is `failure/stack-trace`. A skipped test's `reason` is not shown (Allure 2 drops it).
//!
//! A test without a `name` gets an identity of its own. Untrusted input: read as a bounded
//! element tree (`xml_doc.rs`). No terminal dependencies.

use super::junit::parse_seconds;
use super::xml_doc::{parse_rooted, Element};
use super::{ReaderOutput, MAX_RESULTS_PER_FILE};
use crate::model::result::{Label, Parameter, ParameterMode, StatusDetails, TestResult};
use crate::model::status::Status;
use crate::model::text::{Interner, Text};

/// Reads an xUnit.net v2 XML file. `file` is the file's name, kept on every result.
#[must_use]
pub fn read_xunit_net(bytes: &[u8], file: &str, interner: &mut Interner) -> ReaderOutput {
    let mut out = ReaderOutput::default();
    let Some(root) = parse_rooted(
        bytes,
        "assemblies",
        "an xUnit.net XML report",
        &mut out.issues,
    ) else {
        return out;
    };
    let file_text = Text::from(file);
    let names = LabelNames {
        result_format: interner.intern("resultFormat"),
        xunit: interner.intern("xunit"),
        suite: interner.intern("suite"),
        test_class: interner.intern("testClass"),
        package: interner.intern("package"),
        framework: interner.intern("framework"),
    };
    'read: for assembly in root.children_named("assembly") {
        let framework = assembly.attr("test-framework").map(|f| interner.intern(f));
        for test in assembly
            .children_named("collection")
            .flat_map(|c| c.children_named("test"))
        {
            if out.results.len() >= MAX_RESULTS_PER_FILE {
                out.issues.push(format!(
                    "more than {MAX_RESULTS_PER_FILE} tests; the rest are skipped"
                ));
                break 'read;
            }
            let ordinal = out.results.len();
            let result = test_result(test, &names, framework.as_ref(), interner, &mut out.issues);
            let result = TestResult {
                file: file_text.clone(),
                history_id: result
                    .full_name
                    .is_none()
                    .then(|| Text::from(format!("{file}#test-{ordinal}"))),
                ..result
            };
            out.results.push(result);
        }
    }
    if out.results.is_empty() && out.issues.is_empty() {
        out.issues.push("no <test> elements: no tests".to_owned());
    }
    out
}

/// Interned label names and the constant value, made once per file.
struct LabelNames {
    result_format: Text,
    xunit: Text,
    suite: Text,
    test_class: Text,
    package: Text,
    framework: Text,
}

fn test_result(
    test: &Element,
    names: &LabelNames,
    framework: Option<&Text>,
    interner: &mut Interner,
    issues: &mut Vec<String>,
) -> TestResult {
    let full_name = test.attr("name").filter(|n| !n.trim().is_empty());
    let name = test
        .attr("method")
        .filter(|n| !n.trim().is_empty())
        .or(full_name)
        .unwrap_or("Unknown test");
    let label = |name: &Text, value: Text| Label {
        name: name.clone(),
        value,
    };
    let mut labels = vec![label(&names.result_format, names.xunit.clone())];
    if let Some(class) = test.attr("type") {
        let class = interner.intern(class);
        labels.push(label(&names.suite, class.clone()));
        labels.push(label(&names.test_class, class.clone()));
        labels.push(label(&names.package, class));
    }
    if let Some(framework) = framework {
        labels.push(label(&names.framework, framework.clone()));
    }
    let failure = test.child("failure");
    let message = failure.and_then(|f| f.child_text("message"));
    let output = test.child_text("output");
    let message = match (message, output) {
        (Some(message), Some(output)) => Some(format!("{message}\n{output}")),
        (message, output) => message.or(output).map(str::to_owned),
    };
    let duration = test.attr("time").and_then(|raw| {
        let ms = parse_seconds(raw);
        if ms.is_none() {
            issues.push(format!(
                "test {name}: time \"{raw}\" is not a number of seconds; no duration"
            ));
        }
        ms
    });
    let parameters = test
        .children_named("traits")
        .flat_map(|t| t.children_named("trait"))
        .filter_map(|t| {
            Some(Parameter {
                name: Text::from(t.attr("name")?),
                value: t.attr("value").map(Text::from),
                excluded: false,
                mode: ParameterMode::Default,
            })
        })
        .collect();
    TestResult {
        full_name: full_name.map(Text::from),
        name: Text::from(name),
        status: match test.attr("result").map(str::to_ascii_lowercase).as_deref() {
            Some("pass") => Status::Passed,
            Some("fail") => Status::Failed,
            Some("skip") => Status::Skipped,
            _ => Status::Unknown,
        },
        details: StatusDetails {
            message: message.map(Text::from),
            trace: failure
                .and_then(|f| f.child_text("stack-trace"))
                .map(Text::from),
            ..StatusDetails::default()
        },
        duration,
        labels,
        parameters,
        ..TestResult::default()
    }
    .with_body(crate::model::result::ResultBody::default())
}

#[cfg(test)]
mod tests;
