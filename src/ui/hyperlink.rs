//! OSC 8 hyperlinks over URLs already drawn in the buffer, for terminals that support them.
//!
//! The link's first cell carries the opening sequence and its last cell the closing one; both
//! get a forced width of 1 so ratatui's diff still counts them as one column. URLs come from the
//! report, so they are sanitized (no ESC, BEL or other controls) before they go in a sequence.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;

use crate::sanitize::sanitize_line;

fn one_column() -> CellDiffOption {
    CellDiffOption::ForcedWidth(NonZeroU16::MIN)
}

/// Turns every single-row occurrence of `url` inside `area` into a hyperlink.
pub fn link_url(buf: &mut Buffer, area: Rect, url: &str) {
    let url = sanitize_line(url);
    if url.is_empty() || !url.is_ascii() || url.len() > usize::from(area.width) {
        return;
    }
    let len = url.len() as u16;
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
            .collect();
        // Cells hold one char each on an ASCII row, so byte offsets are columns there.
        if !row.is_ascii() {
            continue;
        }
        let mut from = 0;
        while let Some(found) = row[from..].find(url.as_ref()) {
            let start = area.left() + (from + found) as u16;
            let end = start + len - 1;
            let first = format!("\u{1b}]8;;{url}\u{1b}\\{}", buf[(start, y)].symbol());
            buf[(start, y)]
                .set_symbol(&first)
                .set_diff_option(one_column());
            let last = format!("{}\u{1b}]8;;\u{1b}\\", buf[(end, y)].symbol());
            buf[(end, y)]
                .set_symbol(&last)
                .set_diff_option(one_column());
            from += found + url.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::{Paragraph, Widget};

    #[test]
    fn url_cells_open_and_close_a_link() {
        let area = Rect::new(0, 0, 30, 1);
        let mut buf = Buffer::empty(area);
        Paragraph::new("see http://x.io/a ok").render(area, &mut buf);
        link_url(&mut buf, area, "http://x.io/a");
        assert_eq!(buf[(4, 0)].symbol(), "\u{1b}]8;;http://x.io/a\u{1b}\\h");
        assert_eq!(buf[(16, 0)].symbol(), "a\u{1b}]8;;\u{1b}\\");
        assert_eq!(buf[(4, 0)].diff_option, one_column());
        assert_eq!(buf[(5, 0)].symbol(), "t");
    }

    #[test]
    fn hostile_urls_are_sanitized_first() {
        let area = Rect::new(0, 0, 30, 1);
        let mut buf = Buffer::empty(area);
        Paragraph::new("http://x.io/ab").render(area, &mut buf);
        link_url(&mut buf, area, "http://x.io/a\u{7}b");
        assert!(!buf[(0, 0)].symbol().contains('\u{7}'));
        assert!(buf[(0, 0)]
            .symbol()
            .starts_with("\u{1b}]8;;http://x.io/ab\u{1b}\\"));
    }
}
