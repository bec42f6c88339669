//! History tab: previous runs newest first, with a status strip, a duration sparkline, pass and
//! flip rates, and when the test last passed.

use ratatui::text::{Line, Span};

use super::Doc;
use crate::analysis::{TestAnalysis, Transition};
use crate::app::text::{format_duration, format_time_seconds};
use crate::app::App;
use crate::model::result::first_line;
use crate::model::{Report, Status, Test};
use crate::sanitize::sanitize_line;
use crate::sparkline::{sparkline_range, status_strip};
use crate::theme::Theme;

/// The History tab: a summary, then one row per run, newest first (dates to the second and
/// the run's build number or label, so runs minutes apart differ).
#[must_use]
pub fn history_doc(app: &App, test: &Test, analysis: &TestAnalysis, theme: &Theme) -> Doc {
    let s = &app.symbols;
    let report = &app.report;
    if test.history.is_empty() {
        return Doc::of(no_history(app, analysis, theme));
    }
    let mut lines = Vec::new();
    let all: Vec<Status> = std::iter::once(test.result.status)
        .chain(test.history.iter().map(|h| h.status))
        .collect();
    let significant = all.iter().filter(|s| s.is_significant()).count();
    let passed = all.iter().filter(|s| **s == Status::Passed).count();
    let mut summary = vec![crate::app::text::plural(test.history.len(), "previous run")];
    if significant > 0 {
        summary.push(format!(
            "pass rate {:.0}% ({passed} of {significant})",
            passed as f64 * 100.0 / significant as f64
        ));
    }
    if let Some(flip) = analysis.flakiness.flip_rate {
        summary.push(format!("flip rate {:.0}%", flip * 100.0));
    }
    lines.push(Line::raw(summary.join(s.dot)));
    let last_pass = test.history.iter().position(|h| h.status == Status::Passed);
    lines.push(Line::raw(match (test.result.status, last_pass) {
        (Status::Passed, _) => "passing now".to_owned(),
        (_, Some(i)) => {
            let when = test.history[i].start.map_or_else(String::new, |t| {
                format!(" on {} UTC", format_time_seconds(t))
            });
            format!(
                "last passed {} ago{when}",
                crate::app::text::plural(i + 1, "run")
            )
        }
        (_, None) => "never passed in the recorded history".to_owned(),
    }));
    let oldest_first: Vec<Status> = all.iter().rev().copied().collect();
    lines.push(Line::from(vec![
        Span::styled("status   ", theme.muted),
        Span::raw(status_strip(oldest_first, s)),
        Span::styled("  (oldest left, this run right)", theme.muted),
    ]));
    let durations: Vec<Option<f64>> = test
        .history
        .iter()
        .rev()
        .map(|h| h.duration.map(|d| d as f64))
        .chain(std::iter::once(test.result.duration().map(|d| d as f64)))
        .collect();
    lines.push(Line::from(vec![
        Span::styled("duration ", theme.muted),
        Span::raw(sparkline_range(&durations, s)),
    ]));
    lines.push(Line::raw(""));
    // Messages sit in their own column when the pane has room for it, else under the row.
    let width = usize::from(crate::app::layout::detail_text_width(app));
    let inline = width >= usize::from(MESSAGE_COLUMN) + 30;
    // A narrow pane (the flaky view's detail) drops the year rather than break every row.
    let date_w = if width < TABLE_WIDTH { 14 } else { 19 };
    lines.push(Line::styled(
        format!(
            "{:<date_w$}  {:<RUN_W$}  {:<9} {:>8}{}",
            "date (UTC)",
            "run",
            "status",
            "duration",
            if inline { "  message" } else { "" }
        ),
        theme.heading,
    ));
    let mut doc = Doc::of(lines);
    doc.inline_messages = inline;
    let (cells, message) = row(
        app,
        date_w,
        test.result.start,
        "this run",
        test.result.status,
        test.result.duration(),
        test.result.details.message.as_deref(),
    );
    doc.push_row(cells, message, MESSAGE_COLUMN);
    for entry in &test.history {
        let run = entry.run.and_then(|r| report.runs.get(r as usize));
        let start = entry.start.or_else(|| run.and_then(|r| r.timestamp));
        let label = entry
            .run
            .map_or_else(|| "-".to_owned(), |r| run_label(report, r as usize));
        let (cells, message) = row(
            app,
            date_w,
            start,
            &label,
            entry.status,
            entry.duration,
            report.text(entry.message),
        );
        doc.push_row(cells, message, MESSAGE_COLUMN);
    }
    doc
}

/// Width of the run column.
const RUN_W: usize = 10;
/// Where the message column starts: wrapped messages continue there.
const MESSAGE_COLUMN: u16 = 19 + 2 + RUN_W as u16 + 2 + 10 + 8 + 2;
/// Columns of the table without its messages.
const TABLE_WIDTH: usize = 19 + 2 + RUN_W + 2 + 10 + 8;

/// A run's label: its build number where the history has one, else its name when the runs'
/// names tell them apart, else its position (1 = oldest), as the trend labels runs.
#[must_use]
pub fn run_label(report: &Report, run: usize) -> String {
    let Some(info) = report.runs.get(run) else {
        return "-".to_owned();
    };
    if let Some(order) = info.build_order {
        return format!("#{order}");
    }
    let names_differ = report
        .runs
        .iter()
        .filter_map(|r| r.name.as_deref())
        .collect::<std::collections::HashSet<_>>()
        .len()
        > 1;
    match info.name.as_deref().filter(|_| names_differ) {
        Some(name) => crate::app::text::fit_middle(&sanitize_line(name), RUN_W, "~"),
        None => format!("run {}", run + 1),
    }
}

/// One table row: its cells, and its message (the first line).
fn row(
    app: &App,
    date_w: usize,
    start: Option<i64>,
    run: &str,
    status: Status,
    duration: Option<i64>,
    message: Option<&str>,
) -> (Line<'static>, Vec<Span<'static>>) {
    let theme = &app.theme;
    let s = &app.symbols;
    let date = start.map_or_else(
        || "-".to_owned(),
        |t| {
            let full = format_time_seconds(t);
            // `2026-11-22 03:01:42`, or `11-22 03:01:42` in a narrow pane.
            full.get(full.len().saturating_sub(date_w)..)
                .unwrap_or(&full)
                .to_owned()
        },
    );
    let message = message
        .and_then(first_line)
        .map(|m| sanitize_line(m).into_owned())
        .unwrap_or_default();
    let cells = Line::from(vec![
        Span::raw(format!("{date:<date_w$}  ")),
        Span::styled(format!("{run:<RUN_W$}  "), theme.muted),
        Span::styled(
            format!("{} {:<7} ", s.status(status), status.as_str()),
            theme.status(status),
        ),
        Span::styled(
            format!(
                "{:>8}  ",
                duration.map_or_else(|| "-".to_owned(), format_duration)
            ),
            theme.muted,
        ),
    ]);
    (cells, vec![Span::raw(message)])
}

fn no_history(app: &App, analysis: &TestAnalysis, theme: &Theme) -> Vec<Line<'static>> {
    let report = &app.report;
    let mut lines = vec![Line::styled("No history for this test.", theme.heading)];
    if report.has_history {
        if analysis.transition == Some(Transition::New) {
            lines.push(Line::raw(
                "History was found, but no previous run recorded this test: it is new",
            ));
            lines.push(Line::raw(
                "(or its identity changed: parameters, testCaseId or fullName).",
            ));
        }
        lines.push(Line::styled(
            format!("Read: {}", report.history_search.used.join(", ")),
            theme.muted,
        ));
    } else if app.loading == crate::app::Loading::History {
        lines.push(Line::raw(format!(
            "History is still being read{}",
            app.symbols.ellipsis
        )));
    } else {
        lines.push(Line::raw("No history file was found. Looked for:"));
        for (path, _) in &report.history_search.tried {
            lines.push(Line::styled(
                format!("  {}", sanitize_line(path)),
                theme.muted,
            ));
        }
        lines.push(Line::raw(
            "Pass --history PATH (a history.jsonl or an Allure 2 history/ directory).",
        ));
    }
    lines
}
