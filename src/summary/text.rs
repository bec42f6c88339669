//! Plain-text summary for CI logs: totals, a trend sparkline, failures by suite, warnings.

use std::fmt::Write;

use super::{
    first_line, launch_title, listed_by_suite, markers, problem_series, run_duration_text,
};
use crate::analysis::Analysis;
use crate::model::{Report, Status};
use crate::sanitize::sanitize_line;
use crate::sparkline::sparkline;
use crate::symbols::Symbols;

const MESSAGE_WIDTH: usize = 160;
const NAME_WIDTH: usize = 120;

fn paint(text: &str, status: Status, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let code = match status {
        Status::Failed => "31",
        Status::Broken => "33",
        Status::Passed => "32",
        Status::Skipped => "90",
        Status::Unknown => "35",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}

/// Renders the text summary.
#[must_use]
pub fn render(
    report: &Report,
    analysis: &Analysis,
    extras: &super::Extras,
    symbols: &Symbols,
    color: bool,
    selected: Option<&[bool]>,
) -> String {
    let mut out = String::new();
    let totals = &analysis.totals;
    let c = &totals.counts;
    let _ = writeln!(out, "{}", launch_title(report));
    let mut counts = Vec::new();
    for status in Status::ALL {
        counts.push(paint(
            &format!("{} {}", c.get(status), status.as_str()),
            status,
            color && c.get(status) > 0,
        ));
    }
    let tests = |n: u32| if n == 1 { "test" } else { "tests" };
    let _ = writeln!(
        out,
        "{} {}: {}{}{} retries ({} {}){}{} flaky",
        c.total(),
        tests(c.total()),
        counts.join(symbols.dot),
        symbols.dot,
        totals.retries,
        totals.retried_tests,
        tests(totals.retried_tests),
        symbols.dot,
        totals.flaky
    );
    if let Some(current) = analysis.trend.last() {
        let mut line = String::new();
        if let Some(rate) = current.pass_rate() {
            let _ = write!(line, "pass rate {rate:.1}%");
        }
        let _ = write!(
            line,
            "{}duration {}",
            symbols.dot,
            run_duration_text(current.duration)
        );
        if analysis.trend.len() > 1 {
            let _ = write!(
                line,
                "{}trend over {} runs (failed+broken, newest right): {}",
                symbols.dot,
                analysis.trend.len(),
                sparkline(&problem_series(analysis), symbols)
            );
        } else if !report.has_history {
            let _ = write!(line, "{}no history found", symbols.dot);
        }
        let _ = writeln!(out, "{}", line.trim_start_matches(symbols.dot));
    }
    if !report.inputs.is_empty() {
        let _ = writeln!(out, "read {}", super::inputs_line(report));
    }
    let groups = listed_by_suite(report, selected);
    let problem_count: usize = groups.iter().map(|(_, tests)| tests.len()).sum();
    if problem_count > 0 {
        let heading = if selected.is_some() {
            "Selected tests"
        } else {
            "Failed and broken"
        };
        let _ = writeln!(out, "\n{heading} ({problem_count}):");
        for (path, tests) in groups {
            let suite = if path.is_empty() {
                "(no suite)".to_owned()
            } else {
                super::truncate(
                    &sanitize_line(&path.join(symbols.path_sep)),
                    NAME_WIDTH,
                    symbols,
                )
            };
            let _ = writeln!(out, "  {suite}");
            for index in tests {
                let test = &report.tests[index];
                let test_analysis = &analysis.tests[index];
                let status = test.result.status;
                let mark = paint(
                    &format!(
                        "{} {}",
                        symbols.status(status),
                        status.as_str().to_uppercase()
                    ),
                    status,
                    color,
                );
                let name = super::truncate(&sanitize_line(&test.result.name), NAME_WIDTH, symbols);
                let mut line = format!("    {mark} {name}");
                let marks = markers(test, test_analysis, symbols);
                if !marks.is_empty() {
                    let _ = write!(line, "  [{}]", marks.join(", "));
                }
                let _ = writeln!(out, "{line}");
                if let Some(message) = first_line(
                    test.result.details.message.as_deref(),
                    MESSAGE_WIDTH,
                    symbols,
                ) {
                    let _ = writeln!(out, "      {message}");
                }
            }
        }
    }
    out.push_str(&super::changes_text::text(report, extras, symbols));
    let errors: Vec<_> = report
        .globals
        .iter()
        .flat_map(|(_, g)| g.errors.iter())
        .collect();
    if !errors.is_empty() {
        let _ = writeln!(out, "\nRun-level errors ({}):", errors.len());
        for error in errors {
            let message =
                first_line(error.message.as_deref(), MESSAGE_WIDTH, symbols).unwrap_or_default();
            let _ = writeln!(out, "  {}: {message}", sanitize_line(&error.file));
        }
    }
    let _ = writeln!(out, "\nWarnings: {}", report.warnings.len());
    for warning in report.warnings.iter().take(20) {
        let _ = writeln!(
            out,
            "  {}: {}",
            sanitize_line(&warning.file),
            super::truncate(&sanitize_line(&warning.reason), MESSAGE_WIDTH, symbols)
        );
    }
    if report.warnings.len() > 20 {
        let _ = writeln!(
            out,
            "  ... and {} more (see --format json)",
            report.warnings.len() - 20
        );
    }
    out
}
