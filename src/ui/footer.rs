//! Footer: the keys that matter now, search prompt, notes, warnings count, loading progress.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::plural;
use super::theme::Theme;
use crate::app::{App, Layer, Loading};
use crate::input::keymap::hints;
use crate::model::Phase;
use crate::sanitize::sanitize_line;

/// The footer widget.
pub struct FooterPane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for FooterPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = self.theme;
        let mut right: Vec<Span> = Vec::new();
        if let Some(progress) = app.progress {
            let what = match progress.phase {
                Phase::Results => "results",
                Phase::History => "history",
            };
            let pct = (progress.done * 100)
                .checked_div(progress.total)
                .unwrap_or(0);
            right.push(Span::styled(
                format!(" loading {what} {pct}% "),
                theme.warning,
            ));
        } else if app.loading == Loading::History {
            right.push(Span::styled(" loading history ", theme.warning));
        }
        if !app.marks.is_empty() {
            right.push(Span::styled(
                format!(" {} marked ", app.marks.len()),
                theme.key,
            ));
        }
        if app.rerun.running {
            right.push(Span::styled(" rerun running (p) ", theme.warning));
        }

        if app.watching {
            right.push(Span::styled(" watching ", theme.muted));
        }
        let warnings = app.report.warnings.len();
        if warnings > 0 {
            right.push(Span::styled(
                format!(" {} (w) ", plural(warnings, "warning")),
                theme.warning,
            ));
        }
        let mut left: Vec<Span> = Vec::new();
        match app.layers.top() {
            Some(Layer::Prompt(prompt)) => {
                left.push(Span::styled("save to: ", theme.key));
                left.push(Span::raw(sanitize_line(&prompt.text).into_owned()));
                left.push(Span::styled("_  ", theme.key));
            }
            Some(Layer::Viewer(viewer)) if viewer.typing => {
                left.push(Span::styled("/", theme.key));
                left.push(Span::raw(sanitize_line(&viewer.query).into_owned()));
                left.push(Span::styled("_", theme.key));
                left.push(Span::styled(
                    format!("  {}  ", plural(viewer.matches.len(), "match")),
                    theme.muted,
                ));
            }
            Some(Layer::Search) => {
                left.push(Span::styled("/", theme.key));
                left.push(Span::raw(sanitize_line(&app.search.query).into_owned()));
                left.push(Span::styled("_", theme.key));
                let count = app
                    .search
                    .matches
                    .as_ref()
                    .map_or(app.report.tests.len(), |_| app.search.hits);
                let pending = if app.search.pending {
                    app.symbols.ellipsis
                } else {
                    ""
                };
                let noun = if count == 1 { "match" } else { "matches" };
                left.push(Span::styled(
                    format!("  {count}{pending} {noun}  "),
                    theme.muted,
                ));
            }
            _ => {
                if let Some(note) = &app.note {
                    // Notes can quote report text (file names): sanitize, and cut to fit
                    // rather than lose the whole line.
                    let room: usize = usize::from(area.width)
                        .saturating_sub(right.iter().map(|s| s.content.width()).sum::<usize>() + 2);
                    let note = super::text::fit(&sanitize_line(note), room, app.symbols.ellipsis);
                    left.push(Span::styled(format!("{note}  "), theme.warning));
                }
            }
        }
        for (key, description) in hints(app) {
            // A key and its description go together or not at all.
            left.push(Span::styled(key, theme.key));
            left.push(Span::styled(format!(" {description}  "), theme.muted));
        }
        let right_w: usize = right.iter().map(|s| s.content.width()).sum();
        let width = usize::from(area.width);
        let mut used = 0;
        let mut kept = Vec::new();
        let mut spans = left.into_iter().peekable();
        while let Some(span) = spans.next() {
            let is_key = span.style == theme.key;
            let w = span.content.width()
                + if is_key {
                    spans.peek().map_or(0, |d| d.content.width())
                } else {
                    0
                };
            if used + w + right_w > width {
                break;
            }
            used += span.content.width();
            kept.push(span);
        }
        kept.push(Span::raw(" ".repeat(width.saturating_sub(used + right_w))));
        kept.extend(right);
        Paragraph::new(Line::from(kept)).render(area, buf);
    }
}
