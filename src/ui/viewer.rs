//! The attachment viewer: line numbers, scrolling, search matches highlighted.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::app::viewer::ViewerState;
use crate::app::App;

/// The viewer widget.
pub struct ViewerPane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// The open attachment.
    pub viewer: &'a ViewerState,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for ViewerPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let v = self.viewer;
        let theme = self.theme;
        super::popup::clear_area(area, buf);
        let mut title = format!(" {} ", v.title);
        if !v.lines.is_empty() {
            let _ = write!(
                title,
                "· line {}/{} ",
                (v.scroll + 1).min(v.lines.len()),
                v.lines.len()
            );
        }
        if !v.query.is_empty() {
            let _ = write!(title, "· {} matches ", v.matches.len());
        }
        let block = super::pane_block(self.app, theme, true, title);
        let inner = block.inner(area);
        block.render(area, buf);
        let mut lines = Vec::new();
        if let Some(note) = &v.note {
            lines.push(Line::styled(note.clone(), theme.warning));
        }
        let gutter = v.lines.len().to_string().len();
        let query = v.query.to_lowercase();
        for (i, text) in v
            .lines
            .iter()
            .enumerate()
            .skip(v.scroll)
            .take(usize::from(inner.height))
        {
            let mut spans = vec![Span::styled(format!("{:>gutter$} ", i + 1), theme.muted)];
            spans.extend(highlight_matches(text, &query, theme));
            lines.push(Line::from(spans));
        }
        if v.lines.is_empty() && v.note.is_none() {
            lines.push(Line::styled("(empty file)", theme.muted));
        }
        // Long lines wrap so nothing is out of reach.
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

/// Splits a line into spans with the (case-insensitive) query occurrences highlighted.
fn highlight_matches(text: &str, query: &str, theme: &Theme) -> Vec<Span<'static>> {
    if query.is_empty() {
        return vec![Span::raw(text.to_owned())];
    }
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; then highlight nothing rather than
    // slicing at the wrong place.
    if lower.len() != text.len() {
        return vec![Span::raw(text.to_owned())];
    }
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find(query) {
        let start = at + found;
        let end = start + query.len();
        if start > at {
            spans.push(Span::raw(text[at..start].to_owned()));
        }
        spans.push(Span::styled(text[start..end].to_owned(), theme.matched));
        at = end;
    }
    if at < text.len() {
        spans.push(Span::raw(text[at..].to_owned()));
    }
    spans
}
