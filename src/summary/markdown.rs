//! Markdown summary for PR comments and CI job summaries.

use std::fmt::Write;

use super::{first_line, launch_title, listed_by_suite, markers, problem_series};
use crate::analysis::Analysis;
use crate::model::Report;
use crate::sanitize::sanitize_line;
use crate::sparkline::sparkline;
use crate::symbols::Symbols;

/// Escapes text for a Markdown table cell: no pipes, no HTML, no newlines.
#[must_use]
pub fn cell(text: &str) -> String {
    sanitize_line(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('`', "\\`")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

/// Renders the Markdown summary.
#[must_use]
pub fn render(
    report: &Report,
    analysis: &Analysis,
    extras: &super::Extras,
    symbols: &Symbols,
    selected: Option<&[bool]>,
) -> String {
    let mut out = String::new();
    let t = &analysis.totals;
    let c = &t.counts;
    let _ = writeln!(out, "## Allure summary: {}\n", cell(&launch_title(report)));
    let _ = writeln!(
        out,
        "| Total | Passed | Failed | Broken | Skipped | Unknown | Retries | Flaky |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
        c.total(),
        c.passed,
        c.failed,
        c.broken,
        c.skipped,
        c.unknown,
        t.retries,
        t.flaky
    );
    if analysis.trend.len() > 1 {
        let _ = writeln!(
            out,
            "Trend over {} runs (failed+broken, newest right): `{}`\n",
            analysis.trend.len(),
            sparkline(&problem_series(analysis), symbols)
        );
    }
    let groups = listed_by_suite(report, selected);
    let count: usize = groups.iter().map(|(_, v)| v.len()).sum();
    if count > 0 {
        let heading = if selected.is_some() {
            "Selected tests"
        } else {
            "Failed and broken"
        };
        let _ = writeln!(out, "### {heading} ({count})\n");
        let _ = writeln!(out, "| Status | Test | Suite | Message | Markers |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for (path, tests) in groups {
            let suite = cell(&path.join(symbols.path_sep));
            for index in tests {
                let test = &report.tests[index];
                let message = first_line(test.result.details.message.as_deref(), 200, symbols)
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    test.result.status.as_str(),
                    cell(&super::truncate(&test.result.name, 200, symbols)),
                    suite,
                    cell(&message),
                    cell(&markers(test, &analysis.tests[index], symbols).join(", "))
                );
            }
        }
        out.push('\n');
    }
    out.push_str(&super::changes_text::markdown(report, extras, symbols));
    if !report.warnings.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} warnings</summary>\n",
            report.warnings.len()
        );
        for w in &report.warnings {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                cell(&w.file).replace("\\`", "'"),
                cell(&w.reason)
            );
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_html() {
        assert_eq!(cell("a|b\n<script>\u{1b}[31m"), "a\\|b &lt;script&gt;");
    }
}
