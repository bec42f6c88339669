//! Retries tab: every attempt of the test in this launch, and which one is shown.

use ratatui::text::{Line, Span};

use super::Doc;
use crate::app::text::format_duration;
use crate::app::App;
use crate::model::Test;
use crate::sanitize::{sanitize_block, sanitize_line};
use crate::theme::Theme;

/// Where the attempts table's message column starts: marker, number, start, duration, status.
const MESSAGE_COLUMN: u16 = 2 + 4 + 20 + 10 + 10;

/// The Retries tab: every attempt in a table (its message in a column of its own when the pane
/// has room, else under its row), then each attempt's message and the end of its trace.
#[must_use]
pub fn retries_doc(app: &App, test: &Test, theme: &Theme) -> Doc {
    let s = &app.symbols;
    if test.retries.is_empty() {
        return Doc::of(vec![Line::styled(
            "One attempt: this test was not retried in this launch.",
            theme.muted,
        )]);
    }
    let attempts: Vec<_> = test.attempts().collect();
    let inline =
        usize::from(crate::app::layout::detail_text_width(app)) >= usize::from(MESSAGE_COLUMN) + 30;
    let mut doc = Doc::of(vec![
        Line::raw(format!(
            "{} attempts; the one with the latest start (>) is shown, the others are retries and are not counted in totals.",
            attempts.len()
        )),
        Line::raw(""),
        Line::styled(
            format!(
                "  {:<3} {:<19} {:>8}  {:<9}{}",
                "#",
                "start (UTC)",
                "duration",
                "status",
                if inline { " message" } else { "" }
            ),
            theme.heading,
        ),
    ]);
    doc.inline_messages = inline;
    // Several results directories (a matrix of jobs): each attempt names its own, so a
    // failure can be traced to its job.
    let several_dirs = app.report.dirs.len() > 1;
    for (i, a) in attempts.iter().enumerate() {
        let shown = i + 1 == attempts.len();
        let from = several_dirs
            .then(|| app.report.dir_of(a))
            .flatten()
            .map(|d| format!("[{}] ", sanitize_line(&dir_label(d))))
            .unwrap_or_default();
        let message = a
            .details
            .message
            .as_deref()
            .and_then(crate::model::result::first_line)
            .map(|m| sanitize_line(m).into_owned())
            .unwrap_or_default();
        let cells = Line::from(vec![
            Span::styled(if shown { "> " } else { "  " }, theme.marker),
            Span::raw(format!("{:<3} ", i + 1)),
            Span::raw(format!(
                "{:<19} ",
                a.start
                    .map_or_else(|| "-".to_owned(), crate::app::text::format_time_seconds)
            )),
            Span::styled(
                format!(
                    "{:>8}  ",
                    a.duration().map_or_else(|| "-".to_owned(), format_duration)
                ),
                theme.muted,
            ),
            Span::styled(
                format!("{} {:<7} ", s.status(a.status), a.status.as_str()),
                theme.status(a.status),
            ),
        ]);
        doc.push_row(
            cells,
            vec![Span::styled(from, theme.muted), Span::raw(message)],
            MESSAGE_COLUMN,
        );
    }
    let mut lines = std::mem::take(&mut doc.lines);
    // Each attempt's whole message and the head of its trace, to compare failures.
    for (i, a) in attempts.iter().enumerate() {
        let (Some(message), trace) = (
            a.details
                .message
                .as_deref()
                .filter(|m| !m.trim().is_empty()),
            a.details.trace.as_deref(),
        ) else {
            continue;
        };
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Attempt {} ({})", i + 1, a.status.as_str()),
            theme.heading,
        ));
        for line in sanitize_block(message).lines().take(40) {
            lines.push(Line::styled(format!("  {line}"), theme.status(a.status)));
        }
        if let Some(trace) = trace {
            let trace = sanitize_block(trace);
            let total = trace.lines().count();
            for line in trace
                .lines()
                .rev()
                .take(8)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                lines.push(Line::styled(format!("  {line}"), theme.muted));
            }
            if total > 8 {
                lines.push(Line::styled(
                    format!("  (last 8 of {total} trace lines)"),
                    theme.muted,
                ));
            }
        }
    }
    doc.lines = lines;
    doc
}

/// A directory as people tell jobs apart: its last two components (`windows/allure-results`).
fn dir_label(dir: &std::path::Path) -> String {
    let parts: Vec<String> = dir
        .components()
        .rev()
        .take(2)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}
