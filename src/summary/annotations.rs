//! GitHub Actions workflow commands for failures: `::error file=…,line=…,title=…::message`.
//!
//! Escaping follows `actions/toolkit · packages/core/src/command.ts`: in the message `%`, CR and
//! LF become `%25`, `%0D`, `%0A`; in properties `:` and `,` also become `%3A`, `%2C`. GitHub
//! shows at most 10 error annotations per step and 50 per job (`actions/toolkit ·
//! docs/problem-matchers.md`, "Limitations"), so the first [`MAX_ERRORS_PER_STEP`] failures in
//! cluster order get one and a single notice counts the rest.

use std::fmt::Write;
use std::path::Path;
use std::sync::OnceLock;

use fancy_regex::Regex;

use crate::analysis::clusters::Cluster;
use crate::model::Report;
use crate::sanitize::sanitize_block;

/// GitHub's cap on error annotations per step.
pub const MAX_ERRORS_PER_STEP: usize = 10;

/// The longest message we send in one annotation, in bytes.
const MAX_MESSAGE_BYTES: usize = 4096;

/// Escapes workflow-command data (the message).
#[must_use]
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A source location found in a trace, relative to the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path relative to `$GITHUB_WORKSPACE` (or as written when relative).
    pub file: String,
    /// 1-based line.
    pub line: u32,
}

/// The innermost frame of a trace that lies in the workspace (Python `File "…", line N`,
/// pytest `path:N: Error`, JavaScript `path:N:C`); frames in `site-packages` or `node_modules`
/// are skipped. Without a workspace only relative paths count.
#[must_use]
pub fn location_in_trace(trace: &str, workspace: Option<&Path>) -> Option<Location> {
    static FRAME: OnceLock<Regex> = OnceLock::new();
    let frame = FRAME.get_or_init(|| {
        Regex::new(r#"File "(?<py>[^"]+)", line (?<pyline>\d+)|(?<path>(?:[A-Za-z]:)?[^\s():"'<>]*[\w-]\.[A-Za-z]{1,5}):(?<line>\d+)"#)
            .expect("valid")
    });
    // JavaScript stacks list the innermost frame first, Python tracebacks last.
    let js_stack = trace.lines().any(|l| l.trim_start().starts_with("at "));
    let mut found = Vec::new();
    for caps in frame.captures_iter(trace).flatten() {
        let (path, line) = match (caps.name("py"), caps.name("path")) {
            (Some(p), _) => (p.as_str(), &caps["pyline"]),
            (None, Some(p)) => (p.as_str(), &caps["line"]),
            _ => continue,
        };
        let path = path.strip_prefix("file://").unwrap_or(path);
        if path.contains("site-packages") || path.contains("node_modules") || path.starts_with('<')
        {
            continue;
        }
        let Ok(line) = line.parse::<u32>() else {
            continue;
        };
        let relative = match workspace {
            Some(ws) => match Path::new(path).strip_prefix(ws) {
                Ok(rel) => rel.to_string_lossy().into_owned(),
                Err(_) if Path::new(path).is_relative() => path.to_owned(),
                Err(_) => continue,
            },
            None if Path::new(path).is_relative() => path.to_owned(),
            None => continue,
        };
        if line > 0 && !relative.is_empty() {
            found.push(Location {
                file: relative,
                line,
            });
        }
    }
    if js_stack {
        found.into_iter().next()
    } else {
        found.pop()
    }
}

/// The annotations (one line each) and how many failures got none.
#[must_use]
pub fn render(report: &Report, clusters: &[Cluster], workspace: Option<&Path>) -> (String, usize) {
    let mut out = String::new();
    let order: Vec<usize> = clusters
        .iter()
        .flat_map(|c| c.tests.iter().map(|&t| t as usize))
        .collect();
    for &index in order.iter().take(MAX_ERRORS_PER_STEP) {
        let result = &report.tests[index].result;
        let mut properties = Vec::new();
        if let Some(loc) = result
            .details
            .trace
            .as_deref()
            .and_then(|t| location_in_trace(t, workspace))
        {
            properties.push(format!("file={}", escape_property(&loc.file)));
            properties.push(format!("line={}", loc.line));
        }
        let title = format!(
            "{} {}",
            result.status.as_str(),
            crate::sanitize::sanitize_line(&result.name)
        );
        properties.push(format!(
            "title={}",
            escape_property(&super::truncate(
                &title,
                200,
                &crate::symbols::Symbols::ASCII
            ))
        ));
        let message = sanitize_block(result.details.message.as_deref().unwrap_or("(no message)"))
            .into_owned();
        let mut message = message.trim().to_owned();
        if message.len() > MAX_MESSAGE_BYTES {
            let mut cut = MAX_MESSAGE_BYTES;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
            message.push_str("\n…");
        }
        let _ = writeln!(
            out,
            "::error {}::{}",
            properties.join(","),
            escape_data(&message)
        );
    }
    let left_out = order.len().saturating_sub(MAX_ERRORS_PER_STEP);
    if left_out > 0 {
        let _ = writeln!(
            out,
            "::notice title=allure-tui::{left_out} more failures have no annotation (GitHub shows at most {MAX_ERRORS_PER_STEP} error annotations per step); see the job summary or the log"
        );
    }
    (out, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("100%\r\nok"), "100%25%0D%0Aok");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn locations_come_from_the_innermost_workspace_frame() {
        let ws = Path::new("/home/runner/work/app");
        let py = "Traceback:\n  File \"/home/runner/work/app/tests/test_a.py\", line 13, in test\n  File \"/usr/lib/python3/site-packages/x.py\", line 4\n";
        assert_eq!(
            location_in_trace(py, Some(ws)),
            Some(Location {
                file: "tests/test_a.py".into(),
                line: 13
            })
        );
        let pytest = "    def test(): \n>       assert x\nE   assert 0\n\ntests/test_b.py:22: AssertionError";
        assert_eq!(location_in_trace(pytest, Some(ws)).unwrap().line, 22);
        let js = "AssertionError: x\n    at /home/runner/work/app/test/base.test.ts:41:17\n    at /home/runner/work/app/test/helper.ts:9:3\n    at node_modules/vitest/dist/a.js:1:1";
        assert_eq!(
            location_in_trace(js, Some(ws)),
            Some(Location {
                file: "test/base.test.ts".into(),
                line: 41
            })
        );
        assert_eq!(location_in_trace("/elsewhere/x.py:3: E", Some(ws)), None);
        assert_eq!(location_in_trace("no frames here", None), None);
    }
}
