//! Header: launch title, totals by status, and run-trend sparklines from history.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use crate::app::{App, Loading};
use crate::model::Status;
use crate::sanitize::sanitize_line;
use crate::sparkline::{sparkline, sparkline_range};
use crate::summary::{format_duration, launch_title};

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
        let s = &app.symbols;
        let mut lines = Vec::new();
        let mut title = vec![Span::styled(launch_title(&app.report), theme.heading)];
        if let Some(executor) = &app.report.executor {
            if let (Some(name), Some(order)) = (&executor.name, executor.build_order) {
                title.push(Span::styled(
                    format!("{}{} #{order}", s.dot, sanitize_line(name)),
                    theme.muted,
                ));
            }
        }
        let env: Vec<String> = app
            .report
            .environment
            .iter()
            .take(4)
            .map(|(k, v)| format!("{}={}", sanitize_line(k), sanitize_line(v)))
            .collect();
        if !env.is_empty() {
            title.push(Span::styled(
                format!("{}{}", s.dot, env.join(" ")),
                theme.muted,
            ));
        }
        if app.is_sample {
            title.push(Span::styled(
                format!("{}built-in sample", s.dot),
                theme.warning,
            ));
        }
        lines.push(Line::from(title));

        let totals = &app.analysis.totals;
        let mut counts = vec![Span::raw(format!("{} tests  ", totals.counts.total()))];
        for status in [
            Status::Passed,
            Status::Failed,
            Status::Broken,
            Status::Skipped,
            Status::Unknown,
        ] {
            let n = totals.counts.get(status);
            if n == 0 && matches!(status, Status::Unknown | Status::Skipped) {
                continue;
            }
            let style = if n > 0 {
                theme.status(status)
            } else {
                theme.muted
            };
            counts.push(Span::styled(
                format!("{} {n} {}", s.status(status), status.as_str()),
                style,
            ));
            counts.push(Span::raw("  "));
        }
        counts.push(Span::styled(
            format!(
                "{} retries ({} tests){}{} flaky",
                totals.retries, totals.retried_tests, s.dot, totals.flaky
            ),
            theme.muted,
        ));
        if let Some(duration) = app.analysis.trend.last().and_then(|p| p.duration) {
            counts.push(Span::styled(
                format!("{}{}", s.dot, format_duration(duration)),
                theme.muted,
            ));
        }
        if app.loading == Loading::History {
            counts.push(Span::styled(
                format!("{}reading history{}", s.dot, s.ellipsis),
                theme.warning,
            ));
        }
        lines.push(Line::from(counts));

        let trend = &app.analysis.trend;
        if trend.len() > 1 {
            let problems: Vec<Option<f64>> = trend
                .iter()
                .map(|p| Some(f64::from(p.problems())))
                .collect();
            let pass: Vec<Option<f64>> = trend
                .iter()
                .map(super::super::analysis::TrendPoint::pass_rate)
                .collect();
            let durations: Vec<Option<f64>> =
                trend.iter().map(|p| p.duration.map(|d| d as f64)).collect();
            let last_rate = trend
                .last()
                .and_then(super::super::analysis::TrendPoint::pass_rate);
            lines.push(Line::from(vec![
                Span::styled(format!("{} runs  ", trend.len()), theme.muted),
                Span::raw("failed+broken "),
                Span::styled(sparkline(&problems, s), theme.status(Status::Failed)),
                Span::raw("  pass rate "),
                Span::styled(sparkline_range(&pass, s), theme.status(Status::Passed)),
                Span::raw(last_rate.map_or_else(String::new, |r| format!(" {r:.1}%"))),
                Span::raw("  duration "),
                Span::styled(sparkline_range(&durations, s), theme.muted),
            ]));
        }
        Paragraph::new(lines).render(area, buf);
    }
}
