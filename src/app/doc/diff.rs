//! Diff tab: what changed since the test last passed — the last passing run, duration then and
//! now, and the failure now against the newest earlier failure (same failure, or a new one?).

use ratatui::text::Line;

use super::overview::diff_lines;
use crate::app::text::{format_duration, format_time_seconds};
use crate::app::App;
use crate::model::{HistoryEntry, Status, Test};
use crate::sanitize::{sanitize_block, sanitize_line};
use crate::theme::Theme;

fn when(app: &App, entry: &HistoryEntry) -> String {
    let run = entry.run.and_then(|r| app.report.runs.get(r as usize));
    let date = entry
        .start
        .or_else(|| run.and_then(|r| r.timestamp))
        .map_or_else(
            || "an unknown date".to_owned(),
            |t| format!("{} UTC", format_time_seconds(t)),
        );
    // To the second and with the run's label, as the History tab names the same run.
    match (run.and_then(|r| r.build_order), entry.run) {
        (Some(order), _) => format!("{date}, build #{order}"),
        (None, Some(r)) => format!(
            "{date}, {}",
            super::history::run_label(&app.report, r as usize)
        ),
        (None, None) => date,
    }
}

fn first_line(text: Option<&str>) -> Option<String> {
    text.and_then(crate::model::result::first_line)
        .map(|l| sanitize_line(l).into_owned())
}

/// Lines of the Diff tab: against the baseline's attempt first (with `--baseline`), then
/// against the test's history.
#[must_use]
pub fn diff_tab_lines(app: &App, test: &Test, theme: &Theme) -> Vec<Line<'static>> {
    let against_baseline = app
        .selected_test()
        .and_then(|id| super::baseline_diff::baseline_lines(app, id, test, theme));
    let Some(mut lines) = against_baseline else {
        return history_lines(app, test, theme);
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled("Against history", theme.heading));
    lines.extend(history_lines(app, test, theme));
    lines
}

/// What changed since the test last passed, from its history.
fn history_lines(app: &App, test: &Test, theme: &Theme) -> Vec<Line<'static>> {
    let r = &test.result;
    if !r.status.is_problem() {
        return vec![
            Line::styled(
                match r.status {
                    Status::Passed => "This test passes now.".to_owned(),
                    Status::Skipped => "This test was skipped.".to_owned(),
                    _ => "This test's status is unknown.".to_owned(),
                },
                theme.heading,
            ),
            Line::raw("The Diff tab compares a failing test with its last passing run and its earlier failures."),
        ];
    }
    let mut lines = Vec::new();
    let last_pass = test.history.iter().position(|h| h.status == Status::Passed);
    match last_pass {
        Some(i) => {
            let entry = &test.history[i];
            lines.push(Line::styled("Last passed", theme.heading));
            lines.push(Line::raw(format!(
                "  {} ({} ago)",
                when(app, entry),
                crate::app::text::plural(i + 1, "run")
            )));
            let then = entry
                .duration
                .map_or_else(|| "-".to_owned(), format_duration);
            let now = r.duration().map_or_else(|| "-".to_owned(), format_duration);
            lines.push(Line::raw(format!("  duration then {then}, now {now}")));
        }
        None if test.history.is_empty() => {
            lines.push(Line::styled(
                "No history: nothing to compare with.",
                theme.heading,
            ));
            return lines;
        }
        None => lines.push(Line::styled(
            format!(
                "Never passed in the {} on record.",
                crate::app::text::plural(test.history.len(), "run")
            ),
            theme.heading,
        )),
    }
    lines.push(Line::raw(""));
    let earlier = test.history.iter().find(|h| h.status.is_problem());
    let Some(earlier) = earlier else {
        lines.push(Line::styled(
            "First failure on record: nothing earlier to compare.",
            theme.heading,
        ));
        return lines;
    };
    let now_message = r.details.message.as_deref();
    let then_message = app.report.text(earlier.message);
    let same = first_line(now_message) == first_line(then_message);
    lines.push(Line::styled(
        if same {
            format!("Same failure as on {}", when(app, earlier))
        } else {
            format!(
                "A new failure: on {} it failed differently",
                when(app, earlier)
            )
        },
        theme.heading,
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Message then / now", theme.heading));
    lines.extend(diff_lines(
        &sanitize_block(then_message.unwrap_or("(no message)")),
        &sanitize_block(now_message.unwrap_or("(no message)")),
        theme,
        ("then", "now"),
    ));
    let then_trace = app.report.text(earlier.trace);
    match (then_trace, r.details.trace.as_deref()) {
        (Some(then), Some(now)) => {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Trace then / now", theme.heading));
            lines.extend(diff_lines(then, now, theme, ("then", "now")));
        }
        (None, Some(_)) => {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "The earlier run's trace is not recorded (Allure 2 history keeps only the message).",
                theme.muted,
            ));
        }
        _ => {}
    }
    lines
}
