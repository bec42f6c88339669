//! History tab: previous runs newest first, with a status strip, a duration sparkline, pass and
//! flip rates, and when the test last passed.

use ratatui::text::{Line, Span};

use super::text::{format_duration, format_time};
use super::theme::Theme;
use crate::analysis::{TestAnalysis, Transition};
use crate::app::App;
use crate::model::result::first_line;
use crate::model::{Status, Test};
use crate::sanitize::sanitize_line;
use crate::sparkline::{sparkline_range, status_strip};

/// Lines of the History tab.
#[must_use]
pub fn history_lines(
    app: &App,
    test: &Test,
    analysis: &TestAnalysis,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let s = &app.symbols;
    let report = &app.report;
    if test.history.is_empty() {
        return no_history(app, analysis, theme);
    }
    let mut lines = Vec::new();
    let all: Vec<Status> = std::iter::once(test.result.status)
        .chain(test.history.iter().map(|h| h.status))
        .collect();
    let significant = all.iter().filter(|s| s.is_significant()).count();
    let passed = all.iter().filter(|s| **s == Status::Passed).count();
    let mut summary = vec![format!("{} previous runs", test.history.len())];
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
            let when = test.history[i]
                .start
                .map_or_else(String::new, |t| format!(" on {} UTC", format_time(t)));
            format!(
                "last passed {} ago{when}",
                super::text::plural(i + 1, "run")
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
    lines.push(Line::styled(
        format!(
            "{:<17} {:<9} {:>8}  message",
            "date (UTC)", "status", "duration"
        ),
        theme.heading,
    ));
    lines.push(row(
        app,
        "this run",
        test.result.status,
        test.result.duration(),
        test.result.details.message.as_deref(),
        theme,
    ));
    for entry in &test.history {
        let date = entry
            .start
            .or_else(|| {
                entry
                    .run
                    .and_then(|r| report.runs.get(r as usize))
                    .and_then(|r| r.timestamp)
            })
            .map_or_else(|| "-".to_owned(), format_time);
        lines.push(row(
            app,
            &date,
            entry.status,
            entry.duration,
            report.text(entry.message),
            theme,
        ));
    }
    lines
}

fn row(
    app: &App,
    date: &str,
    status: Status,
    duration: Option<i64>,
    message: Option<&str>,
    theme: &Theme,
) -> Line<'static> {
    let s = &app.symbols;
    let message = message
        .and_then(first_line)
        .map(|m| sanitize_line(m).into_owned())
        .unwrap_or_default();
    Line::from(vec![
        Span::raw(format!("{date:<17} ")),
        Span::styled(
            format!("{} {:<7}", s.status(status), status.as_str()),
            theme.status(status),
        ),
        Span::styled(
            format!(
                " {:>8}  ",
                duration.map_or_else(|| "-".to_owned(), format_duration)
            ),
            theme.muted,
        ),
        Span::raw(message),
    ])
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
        lines.push(Line::raw("History is still being read…"));
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
