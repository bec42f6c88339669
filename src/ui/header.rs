//! Header: launch title, totals by status, and run-trend sparklines from history. On narrow
//! terminals the words give way to glyphs so the numbers always fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use crate::analysis::TrendPoint;
use unicode_width::UnicodeWidthStr;

use crate::app::doc::launch::{environment, global_error_count};
use crate::app::text::plural;
use crate::app::{App, Loading};
use crate::model::Status;
use crate::sanitize::sanitize_line;
use crate::sparkline::{sparkline, sparkline_range};
use crate::summary::{format_duration, run_duration_text};

/// The header widget.
pub struct HeaderPane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for HeaderPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = self.theme;
        let width = usize::from(area.width);
        let compact = area.width < 100;
        let (title, badge) = title_line(app, theme, width);
        let mut lines = vec![title];
        // The full wording when it fits, else the glyphs: a line is never cut mid-figure.
        let totals = totals_line(app, theme, compact);
        let mut totals = if compact || totals.width() <= width {
            totals
        } else {
            totals_line(app, theme, true)
        };
        // Still too wide: the trailing figures (the run's duration, "reading history") go
        // whole, from the end, rather than leave a cut figure or a dangling separator.
        while totals.width() > width
            && totals
                .spans
                .last()
                .is_some_and(|span| span.content.starts_with(app.symbols.dot))
        {
            totals.spans.pop();
        }
        lines.push(totals);
        let trend = &app.analysis.trend;
        if trend.len() > 1 {
            let full = trend_line(app, theme, compact, width);
            lines.push(if compact || full.width() <= width {
                full
            } else {
                trend_line(app, theme, true, width)
            });
        }
        Paragraph::new(lines).render(area, buf);
        if !badge.is_empty() && area.height > 0 {
            // Drawn last, at the right edge: a long title never pushes it off screen.
            let w = (badge.width() as u16).min(area.width);
            buf.set_stringn(
                area.x + area.width - w,
                area.y,
                &badge,
                usize::from(w),
                theme.warning,
            );
        }
    }
}

/// The launch title, its build, as much of the environment as fits (`+N more (i)` for the
/// rest), and a badge when the launch has run-level errors.
fn title_line(app: &App, theme: &Theme, width: usize) -> (Line<'static>, String) {
    let s = &app.symbols;
    let errors = global_error_count(&app.report);
    let badge = if errors == 0 {
        String::new()
    } else if width < 100 {
        format!(" ! {errors} run errors (i)")
    } else {
        format!(" ! {} (i)", plural(errors, "run-level error"))
    };
    let room = width.saturating_sub(badge.width());
    let mut title = Vec::new();
    if app.is_sample {
        title.push(Span::styled(
            "[built-in sample: no ./allure-results here] ",
            theme.warning,
        ));
    }
    title.push(Span::styled(app.title.clone(), theme.heading));
    if let Some(executor) = &app.report.executor {
        if let (Some(name), Some(order)) = (&executor.name, executor.build_order) {
            title.push(Span::styled(
                format!("{}{} #{order}", s.dot, sanitize_line(name)),
                theme.muted,
            ));
        }
    }
    let mut used: usize = title.iter().map(|sp| sp.content.width()).sum();
    let env = environment(&app.report);
    let total = env.len();
    // What was read, when it is news (an archive, a report, JUnit XML...): before the
    // environment, which gives way first, but never so far that the environment's
    // `+N more (i)` no longer fits.
    if let Some(note) = input_note(&app.report.inputs) {
        let note = format!("{}{note}", s.dot);
        let hint = if total > 0 {
            format!("{}+{total} more (i)", s.dot).width()
        } else {
            0
        };
        if used + note.width() + hint <= room {
            used += note.width();
            title.push(Span::styled(note, theme.muted));
        }
    }
    for (shown, (key, value)) in env.into_iter().enumerate() {
        let sep = if shown == 0 { s.dot } else { " " };
        let pair = format!("{sep}{key}={value}");
        let rest = total - shown - 1;
        let more = if rest > 0 {
            format!(" +{rest} more (i)").width()
        } else {
            0
        };
        if used + pair.width() + more > room {
            let note = format!("{sep}+{} more (i)", total - shown);
            if used + note.width() <= room {
                title.push(Span::styled(note, theme.key));
            }
            break;
        }
        used += pair.width();
        title.push(Span::styled(pair, theme.muted));
    }
    (Line::from(title), badge)
}

/// What the inputs were, for the title: `zip, 2 result directories`, `JUnit XML file`; `None`
/// for one plain results directory (the usual case says nothing new) or none (the sample).
/// Several inputs name their number; the launch details (`i`) list each.
fn input_note(inputs: &[crate::model::inputs::InputRead]) -> Option<String> {
    match inputs {
        [] => None,
        [only] if only.is_plain_results_dir() => None,
        [only] => Some(only.what.clone()),
        several => Some(format!("{} inputs (i)", several.len())),
    }
}

fn totals_line<'a>(app: &App, theme: &Theme, compact: bool) -> Line<'a> {
    let s = &app.symbols;
    let totals = &app.analysis.totals;
    let mut spans = vec![Span::raw(format!(
        "{}  ",
        super::text::plural(totals.counts.total() as usize, "test")
    ))];
    for status in Status::ALL {
        let n = totals.counts.get(status);
        if n == 0 && (compact || matches!(status, Status::Unknown | Status::Skipped)) {
            continue;
        }
        let style = if n > 0 {
            theme.status(status)
        } else {
            theme.muted
        };
        let text = if compact {
            format!("{} {n}", s.status(status))
        } else {
            format!("{} {n} {}", s.status(status), status.as_str())
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw("  "));
    }
    // Allure's flaky count, and the tests only our rules call flaky (a retry flip, a high
    // flip rate): both are in the flaky view. Counted once per load, not per frame.
    let flipping = app.flipping;
    let flaky = if flipping > 0 {
        format!("{} flaky (+{flipping} flipping)", totals.flaky)
    } else {
        format!("{} flaky", totals.flaky)
    };
    let retries = if compact {
        format!("{} retries", totals.retries)
    } else {
        format!(
            "{} retries ({})",
            totals.retries,
            plural(totals.retried_tests as usize, "test")
        )
    };
    spans.push(Span::styled(
        format!("{flaky}{}{retries}", s.dot),
        theme.muted,
    ));
    if let Some(current) = app.analysis.trend.last() {
        spans.push(Span::styled(
            // The bare figure when known; "unknown" needs its noun to make sense.
            format!(
                "{}{}",
                s.dot,
                current.duration.map_or_else(
                    || format!("duration {}", run_duration_text(None)),
                    format_duration
                )
            ),
            theme.muted,
        ));
    }
    if app.loading == Loading::History {
        spans.push(Span::styled(
            format!("{}reading history{}", s.dot, s.ellipsis),
            theme.warning,
        ));
    }
    Line::from(spans)
}

fn trend_line<'a>(app: &App, theme: &Theme, compact: bool, width: usize) -> Line<'a> {
    let s = &app.symbols;
    let trend = &app.analysis.trend;
    // As many of the newest points as fit beside the words (three sparklines of equal length).
    let words = if compact { 34 } else { 54 };
    let keep = (width.saturating_sub(words) / 3).clamp(3, if compact { 12 } else { 30 });
    let points = &trend[trend.len().saturating_sub(keep)..];
    let problems: Vec<Option<f64>> = points
        .iter()
        .map(|p| Some(f64::from(p.problems())))
        .collect();
    let pass: Vec<Option<f64>> = points.iter().map(TrendPoint::pass_rate).collect();
    let durations: Vec<Option<f64>> = points
        .iter()
        .map(|p| p.duration.map(|d| d as f64))
        .collect();
    let last_rate = trend.last().and_then(TrendPoint::pass_rate);
    let (fails, rate, dur) = if compact {
        ("fail ", " pass ", " time ")
    } else {
        ("failed+broken ", "  pass rate ", "  duration ")
    };
    Line::from(vec![
        Span::styled(format!("{} runs  ", trend.len()), theme.muted),
        Span::raw(fails),
        Span::styled(sparkline(&problems, s), theme.status(Status::Failed)),
        Span::raw(rate),
        Span::styled(sparkline_range(&pass, s), theme.status(Status::Passed)),
        Span::raw(last_rate.map_or_else(String::new, |r| format!(" {r:.1}%"))),
        Span::raw(dur),
        Span::styled(sparkline_range(&durations, s), theme.muted),
    ])
}
