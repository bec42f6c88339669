//! Popups (help, warnings, launch info, copy menu, since-rerun), drawn from the same frame that
//! `update` scrolls by.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

use crate::app::doc::popups::popup_frame;
use crate::app::{App, Overlay};

/// Clears an area for a popup, including a wide character that straddles its left edge (it
/// would otherwise be drawn over the popup's border).
pub fn clear_area(area: Rect, buf: &mut Buffer) {
    use unicode_width::UnicodeWidthStr;
    if area.x > 0 {
        for y in area.top()..area.bottom() {
            let left = &mut buf[(area.x - 1, y)];
            if left.symbol().width() > 1 {
                left.set_symbol(" ");
            }
        }
    }
    Clear.render(area, buf);
}

/// A popup.
pub struct PopupPane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// Which popup.
    pub popup: Overlay,
}

impl Widget for PopupPane<'_> {
    fn render(self, _area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let frame = popup_frame(app, self.popup);
        clear_area(frame.area, buf);
        let mut title = frame.title.clone();
        let height = usize::from(frame.inner.height);
        if frame.wrapped.rows.len() > height {
            let _ = write!(
                title,
                "{}{}-{} of {} ",
                app.symbols.dot.trim_start(),
                frame.scroll + 1,
                (frame.scroll + height).min(frame.wrapped.rows.len()),
                frame.wrapped.rows.len()
            );
        }
        super::pane_block(app, &app.theme, true, title).render(frame.area, buf);
        super::render_rows(
            &frame.doc.lines,
            &frame.wrapped,
            frame.scroll,
            frame.inner,
            buf,
            None,
        );
    }
}
