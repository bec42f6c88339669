//! The attachment viewer: line numbers, wrapped lines (continuing after the gutter), search
//! matches highlighted.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use crate::app::viewer::ViewerState;
use crate::app::wrap::row_line;
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
                "{}line {}/{} ",
                self.app.symbols.dot.trim_start(),
                (v.scroll + 1).min(v.lines.len()),
                v.lines.len()
            );
        }
        if !v.query.is_empty() {
            let _ = write!(
                title,
                "{}{} ",
                self.app.symbols.dot.trim_start(),
                crate::app::text::plural(v.matches.len(), "match")
            );
        }
        let block = super::pane_block(self.app, theme, true, title);
        let inner = block.inner(area);
        block.render(area, buf);
        let height = usize::from(inner.height);
        let mut rows: Vec<Line> = Vec::with_capacity(height);
        if let Some((note, wrapped)) = v.note_layout(inner.width) {
            let note = note.style(theme.warning);
            rows.extend(wrapped.rows.iter().map(|r| row_line(&note, r)));
        }
        let scroll = v.scroll.min(v.last_scroll(inner.width, height));
        let mut i = scroll;
        while rows.len() < height && i < v.lines.len() {
            let (line, wrapped) = v.wrap_line(i, inner.width, theme);
            rows.extend(wrapped.rows.iter().map(|r| row_line(&line, r)));
            i += 1;
        }
        if v.lines.is_empty() && v.note.is_none() {
            rows.push(Line::styled("(empty file)", theme.muted));
        }
        rows.truncate(height);
        Paragraph::new(rows).render(inner, buf);
    }
}
