//! The Diff tab's comparison with the baseline's attempt of the test: status, duration,
//! message, trace and steps, each then and now. A history run has no steps (and Allure 2
//! history no traces): the tab says so and compares what there is.

use ratatui::text::Line;

use super::overview::diff_lines;
use crate::app::text::format_duration;
use crate::app::App;
use crate::model::{Step, Test, TestId, TestResult};
use crate::sanitize::{sanitize_block, sanitize_line};
use crate::symbols::Symbols;
use crate::theme::Theme;

/// Step lines compared: at most this many per side.
const MAX_STEP_LINES: usize = 400;

/// The lines comparing a test with its baseline attempt; `None` without a comparison.
#[must_use]
pub fn baseline_lines(
    app: &App,
    test_id: TestId,
    test: &Test,
    theme: &Theme,
) -> Option<Vec<Line<'static>>> {
    let baseline = app.compare.baseline.as_ref()?;
    let changes = app.compare.changes.as_ref()?;
    let s = &app.symbols;
    let mut lines = vec![Line::styled(
        format!(
            "Against the baseline: {}",
            super::changes::baseline_title(app)
        ),
        theme.heading,
    )];
    let Some(index) = changes.baseline_of(test_id) else {
        lines.push(Line::raw(
            "  Not in the baseline: an added test (a renamed one shows as removed and added).",
        ));
        return Some(lines);
    };
    let before = &baseline.tests[index as usize];
    let now = &test.result;
    let status = if before.status == now.status {
        format!("{} in both", now.status.as_str())
    } else {
        format!(
            "{} {} {}",
            before.status.as_str(),
            s.arrow,
            now.status.as_str()
        )
    };
    let duration = |d: Option<i64>| d.map_or_else(|| "-".to_owned(), format_duration);
    lines.push(Line::raw(format!("  status    {status}")));
    lines.push(Line::raw(format!(
        "  duration  {} {} {}",
        duration(before.duration),
        s.arrow,
        duration(now.duration())
    )));
    let (then_message, now_message) = (before.message.as_deref(), now.details.message.as_deref());
    if then_message.is_some() || now_message.is_some() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Message baseline / now", theme.heading));
        lines.extend(diff_lines(
            &sanitize_block(then_message.unwrap_or("(no message)")),
            &sanitize_block(now_message.unwrap_or("(no message)")),
            theme,
            ("baseline", "now"),
        ));
    }
    let (then_trace, now_trace) = (before.trace.as_deref(), now.details.trace.as_deref());
    if !baseline.has_traces && now_trace.is_some() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "The baseline's trace is not recorded (Allure 2 history keeps only the message).",
            theme.muted,
        ));
    } else if then_trace.is_none() != now_trace.is_none() {
        // One side did not fail: a whole trace against nothing says nothing more.
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            if then_trace.is_none() {
                "No trace in the baseline; the Overview (1) shows this one."
            } else {
                "No trace now; the baseline's failed here:"
            },
            theme.muted,
        ));
        if let Some(trace) = then_trace {
            let text = sanitize_block(trace);
            lines.extend(text.lines().take(40).map(|l| Line::raw(format!("  {l}"))));
        }
    } else if then_trace.is_some() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Trace baseline / now", theme.heading));
        lines.extend(diff_lines(
            then_trace.unwrap_or("(no trace)"),
            now_trace.unwrap_or("(no trace)"),
            theme,
            ("baseline", "now"),
        ));
    }
    lines.push(Line::raw(""));
    let then_result = baseline
        .report
        .as_ref()
        .and_then(|r| r.tests.get(index as usize))
        .map(|t| t.result.as_ref());
    match then_result.filter(|_| baseline.has_steps) {
        Some(then_result) => {
            let (then_steps, now_steps) = (step_text(then_result, s), step_text(now, s));
            if then_steps == now_steps {
                lines.push(Line::styled(
                    if now_steps.is_empty() {
                        "No steps on either side."
                    } else {
                        "Steps: the same names and statuses as in the baseline."
                    },
                    theme.muted,
                ));
            } else {
                lines.push(Line::styled("Steps baseline / now", theme.heading));
                lines.extend(diff_lines(&then_steps, &now_steps, theme, ("baseline", "now")));
            }
        }
        None => lines.push(Line::styled(
            "The baseline is a history run, which keeps no steps: message, trace and duration are compared.",
            theme.muted,
        )),
    }
    Some(lines)
}

/// Setup, steps and teardown as indented `status name` lines, for a line diff.
fn step_text(result: &TestResult, s: &Symbols) -> String {
    fn walk(steps: &[Step], depth: usize, prefix: &str, s: &Symbols, out: &mut Vec<String>) {
        for step in steps {
            if out.len() >= MAX_STEP_LINES {
                return;
            }
            out.push(format!(
                "{}{}{} {}",
                "  ".repeat(depth),
                prefix,
                s.status(step.status),
                sanitize_line(&step.name)
            ));
            walk(&step.steps, depth + 1, "", s, out);
        }
    }
    let mut out = Vec::new();
    walk(&result.befores, 0, "setup: ", s, &mut out);
    walk(&result.body().steps, 0, "", s, &mut out);
    walk(&result.afters, 0, "teardown: ", s, &mut out);
    out.join("\n")
}
