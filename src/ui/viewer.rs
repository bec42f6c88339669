//! The attachment viewer: line numbers, scrolling, search matches highlighted.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

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
        Clear.render(area, buf);
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
            let is_match = !query.is_empty() && v.matches.binary_search(&i).is_ok();
            let style = if is_match {
                theme.matched
            } else {
                ratatui::style::Style::new()
            };
            spans.push(Span::styled(text.clone(), style));
            lines.push(Line::from(spans));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
