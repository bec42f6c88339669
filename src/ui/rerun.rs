//! The rerun pane: the command's streamed output, its state and the keys that matter.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::app::App;
use crate::sanitize::sanitize_line;

/// The rerun pane widget.
pub struct RerunPane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for RerunPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let rerun = &app.rerun;
        super::popup::clear_area(area, buf);
        let state = if rerun.running {
            "running (Ctrl-C stops it)".to_owned()
        } else {
            rerun
                .exit
                .clone()
                .unwrap_or_else(|| "not started".to_owned())
        };
        let block = super::pane_block(
            app,
            self.theme,
            true,
            format!(" rerun{dot}{state}{dot}Esc hides ", dot = app.symbols.dot),
        );
        let inner = block.inner(area);
        block.render(area, buf);
        let height = usize::from(inner.height);
        // Follow the output while it runs; after, keep the user's scroll.
        let start = if rerun.running || rerun.follow {
            rerun.output.len().saturating_sub(height)
        } else {
            rerun.scroll.min(rerun.output.len().saturating_sub(1))
        };
        let lines: Vec<Line> = rerun
            .output
            .iter()
            .skip(start)
            .take(height)
            .map(|l| Line::raw(sanitize_line(l).into_owned()))
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
