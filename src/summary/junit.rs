//! `JUnit` XML for GitLab, Azure DevOps and Jenkins, in Maven Surefire's dialect.
//!
//! One `testcase` per shown test (or per selected test), grouped in a `testsuite` per suite
//! path. Failed → `failure`, broken → `error`, skipped → `skipped`, unknown → `skipped` with a
//! message saying so. Earlier attempts are written as Surefire writes reruns
//! (`maven-surefire · StatelessXmlReporter`): `flakyFailure`/`flakyError` when the test passed
//! in the end, `rerunFailure`/`rerunError` when it did not. `classname` comes from the
//! `testClass`/`package` labels, else the suite path. Time is in seconds.

use std::fmt::Write;

use crate::model::{Report, Status, Test, TestResult};

/// Escapes text for XML 1.0 content and attributes; characters XML cannot hold (controls other
/// than tab/newline/CR, lone surrogates cannot occur in Rust strings, U+FFFE/U+FFFF) and ANSI
/// escape sequences are removed.
#[must_use]
pub fn xml_escape(text: &str) -> String {
    let text = crate::model::categories::strip_ansi(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The `classname` of a test: `package.testClass` (or either alone), else the suite path joined
/// with dots, else the full name's part before `#`.
#[must_use]
pub fn classname(test: &Test) -> String {
    let result = &test.result;
    let class = result.label("testClass").filter(|c| !c.is_empty());
    let package = result.label("package").filter(|p| !p.is_empty());
    match (package, class) {
        (Some(p), Some(c)) if !c.contains('.') => format!("{p}.{c}"),
        (_, Some(c)) => c.to_owned(),
        (Some(p), None) => p.to_owned(),
        (None, None) => {
            let path = crate::model::tree::suite_path(test);
            if path.is_empty() {
                result
                    .full_name
                    .as_deref()
                    .and_then(|f| f.split_once('#').map(|(a, _)| a.to_owned()))
                    .unwrap_or_default()
            } else {
                path.join(".")
            }
        }
    }
}

fn seconds(result: &TestResult) -> String {
    format!("{:.3}", result.duration().unwrap_or(0) as f64 / 1000.0)
}

fn problem_body(result: &TestResult) -> String {
    let details = &result.details;
    let text = match (&details.message, &details.trace) {
        (Some(m), Some(t)) => format!("{m}\n{t}"),
        (Some(m), None) => m.to_string(),
        (None, Some(t)) => t.to_string(),
        (None, None) => String::new(),
    };
    xml_escape(&text)
}

fn message_attr(result: &TestResult) -> String {
    xml_escape(
        result
            .details
            .message
            .as_deref()
            .and_then(crate::model::result::first_line)
            .unwrap_or(""),
    )
}

/// One earlier attempt, as Surefire writes a rerun.
fn write_attempt(out: &mut String, attempt: &TestResult, final_passed: bool) {
    let element = match (attempt.status, final_passed) {
        (Status::Failed, true) => "flakyFailure",
        (Status::Broken, true) => "flakyError",
        (Status::Failed, false) => "rerunFailure",
        (Status::Broken, false) => "rerunError",
        _ => return,
    };
    let _ = writeln!(
        out,
        "      <{element} message=\"{}\" type=\"{}\">",
        message_attr(attempt),
        attempt.status.as_str()
    );
    if let Some(trace) = &attempt.details.trace {
        let _ = writeln!(
            out,
            "        <stackTrace>{}</stackTrace>",
            xml_escape(trace)
        );
    }
    let _ = writeln!(out, "      </{element}>");
}

fn write_case(out: &mut String, test: &Test) {
    let result = &test.result;
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
        xml_escape(&result.name),
        xml_escape(&classname(test)),
        seconds(result)
    );
    let passed = result.status == Status::Passed;
    let has_reruns = test
        .retries
        .iter()
        .any(|r| matches!(r.status, Status::Failed | Status::Broken));
    if passed && !has_reruns {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    match result.status {
        Status::Failed | Status::Broken => {
            let element = if result.status == Status::Failed {
                "failure"
            } else {
                "error"
            };
            let _ = writeln!(
                out,
                "      <{element} message=\"{}\" type=\"{}\">{}</{element}>",
                message_attr(result),
                result.status.as_str(),
                problem_body(result)
            );
        }
        Status::Skipped => {
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", message_attr(result));
        }
        Status::Unknown => {
            let _ = writeln!(
                out,
                "      <skipped message=\"status unknown: the adapter reported no pass, fail or skip{}\"/>",
                result.details.message.as_deref().and_then(crate::model::result::first_line).map(|m| format!(" ({})", xml_escape(m))).unwrap_or_default()
            );
        }
        Status::Passed => {}
    }
    for attempt in test.retries.iter().rev() {
        write_attempt(out, attempt, passed);
    }
    out.push_str("    </testcase>\n");
}

/// Renders the `JUnit` XML of the listed tests (`selected`, else every test).
#[must_use]
pub fn render(report: &Report, selected: Option<&[bool]>) -> String {
    let mut groups: std::collections::BTreeMap<Vec<String>, Vec<&Test>> =
        std::collections::BTreeMap::new();
    for (i, test) in report.tests.iter().enumerate() {
        if selected.is_none_or(|s| s.get(i).copied().unwrap_or(false)) {
            groups
                .entry(crate::model::tree::suite_path(test))
                .or_default()
                .push(test);
        }
    }
    let mut body = String::new();
    let mut all = Counts::default();
    for (path, tests) in &groups {
        let mut counts = Counts::default();
        let mut cases = String::new();
        for test in tests {
            counts.add(test);
            write_case(&mut cases, test);
        }
        let name = if path.is_empty() {
            "(no suite)".to_owned()
        } else {
            path.join(" / ")
        };
        let _ = writeln!(
            body,
            "  <testsuite name=\"{}\" {}>",
            xml_escape(&name),
            counts.attributes()
        );
        body.push_str(&cases);
        body.push_str("  </testsuite>\n");
        all.merge(&counts);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" {}>",
        xml_escape(&super::launch_title(report)),
        all.attributes()
    );
    out.push_str(&body);
    out.push_str("</testsuites>\n");
    out
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
    ms: i64,
}

impl Counts {
    fn add(&mut self, test: &Test) {
        self.tests += 1;
        match test.result.status {
            Status::Failed => self.failures += 1,
            Status::Broken => self.errors += 1,
            Status::Skipped | Status::Unknown => self.skipped += 1,
            Status::Passed => {}
        }
        self.ms += test.result.duration().unwrap_or(0);
    }

    fn merge(&mut self, other: &Counts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
        self.ms += other.ms;
    }

    fn attributes(&self) -> String {
        format!(
            "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3}\"",
            self.tests,
            self.failures,
            self.errors,
            self.skipped,
            self.ms as f64 / 1000.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_escape("a<b & \"c\"\u{1b}[31m'\u{0}x\ty"),
            "a&lt;b &amp; &quot;c&quot;&apos;x\ty"
        );
    }
}
