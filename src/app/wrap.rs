//! One layout for wrapped text. Drawing, scroll limits and mouse hit-testing all use it, so a
//! pane can always scroll to the last row it draws, and a click lands on the line drawn there.
//!
//! Lines break at spaces where they can (else inside a word); continuation rows keep the
//! line's indent (its leading spaces, or an explicit hanging indent such as a table's message
//! column).

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// One screen row of a wrapped line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Index of the line it belongs to.
    pub line: u32,
    /// Byte offset in the line's text where this row starts.
    pub start: u32,
    /// Byte offset where it ends (exclusive).
    pub end: u32,
    /// Blank columns drawn before the text (continuation rows only).
    pub indent: u16,
}

/// Lines wrapped to a width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wrapped {
    /// The width wrapped to, in columns.
    pub width: u16,
    /// Every row, in order.
    pub rows: Vec<Row>,
}

/// A line's text as one string (its spans joined).
fn line_text(line: &Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

fn leading_width(text: &str) -> usize {
    text.chars().take_while(|c| *c == ' ').count()
}

/// Columns a continuation row always keeps for text after an explicit hanging indent.
const HANG_ROOM: usize = 20;

/// Wraps lines to `width` columns; `hang(i)` gives line `i`'s continuation indent when it is not
/// its leading spaces. Leading spaces are capped at half the width; an explicit hang (a table's
/// message column, chosen by a document that checked it has room) keeps its column as long as
/// `HANG_ROOM` columns remain, so wrapped cells stay under their header.
#[must_use]
pub fn wrap(lines: &[Line], hang: &dyn Fn(usize) -> Option<u16>, width: u16) -> Wrapped {
    let w = usize::from(width.max(1));
    let mut rows = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let text = line_text(line);
        let indent = match hang(index) {
            Some(column) => usize::from(column).min(w.saturating_sub(HANG_ROOM).max(w / 2)),
            None => leading_width(&text).min(w / 2),
        };
        wrap_one(&text, index as u32, indent, w, &mut rows);
    }
    Wrapped { width, rows }
}

fn wrap_one(text: &str, line: u32, indent: usize, width: usize, rows: &mut Vec<Row>) {
    let mut start = 0;
    let mut room = width;
    let mut first = true;
    loop {
        let rest = &text[start..];
        // Walk characters until the row is full.
        let mut used = 0;
        let mut end = rest.len();
        let mut last_space: Option<usize> = None;
        for (i, c) in rest.char_indices() {
            let cw = c.width().unwrap_or(0);
            if used + cw > room {
                end = i;
                break;
            }
            used += cw;
            if c == ' ' && i > 0 {
                last_space = Some(i + 1);
            }
        }
        let fits = end == rest.len();
        // Break where a word ends, or after the last space on the row unless that would leave
        // it nearly empty, or else inside the word.
        let cut = match last_space {
            _ if !fits && rest[end..].starts_with(' ') => end,
            Some(s) if !fits && s * 3 >= end => s,
            _ if end == 0 && !rest.is_empty() => rest.chars().next().map_or(1, char::len_utf8),
            _ => end,
        };
        let shown = if fits {
            cut
        } else {
            rest[..cut].trim_end_matches(' ').len().max(1).min(cut)
        };
        rows.push(Row {
            line,
            start: start as u32,
            end: (start + shown) as u32,
            indent: if first { 0 } else { indent as u16 },
        });
        if fits {
            return;
        }
        start += cut;
        // Spaces at a break are not carried to the next row.
        start += text[start..].len() - text[start..].trim_start_matches(' ').len();
        if start >= text.len() {
            return;
        }
        first = false;
        room = width - indent;
    }
}

impl Wrapped {
    /// The first row of a line (binary search: rows are in line order).
    #[must_use]
    pub fn first_row(&self, line: usize) -> Option<usize> {
        let at = self.rows.partition_point(|r| (r.line as usize) < line);
        (at < self.rows.len() && self.rows[at].line as usize == line).then_some(at)
    }

    /// The last row of a line.
    #[must_use]
    pub fn last_row(&self, line: usize) -> Option<usize> {
        let after = self.rows.partition_point(|r| (r.line as usize) <= line);
        (after > 0 && self.rows[after - 1].line as usize == line).then(|| after - 1)
    }

    /// The largest scroll offset (in rows) that still fills `height` rows.
    #[must_use]
    pub fn max_scroll(&self, height: usize) -> usize {
        self.rows.len().saturating_sub(height)
    }

    /// The scroll offset that shows the rows of `line`, moving as little as possible from
    /// `current` and keeping a row of context where there is room.
    #[must_use]
    pub fn scroll_to_show(&self, line: usize, height: usize, current: usize) -> usize {
        let (Some(first), Some(last)) = (self.first_row(line), self.last_row(line)) else {
            return current.min(self.max_scroll(height));
        };
        let context = usize::from(height > 4);
        let mut scroll = current;
        if last + context >= scroll + height {
            scroll = (last + context + 1).saturating_sub(height);
        }
        if first < scroll + context {
            scroll = first.saturating_sub(context);
        }
        scroll.min(self.max_scroll(height))
    }
}

/// The spans of one row, ready to draw: the line's spans cut to the row's byte range, after its
/// indent, with the line's own style.
#[must_use]
pub fn row_line(line: &Line<'_>, row: &Row) -> Line<'static> {
    let (start, end) = (row.start as usize, row.end as usize);
    let mut spans = Vec::new();
    if row.indent > 0 {
        spans.push(Span::raw(" ".repeat(usize::from(row.indent))));
    }
    let mut offset = 0;
    for span in &line.spans {
        let text = span.content.as_ref();
        let (from, to) = (offset, offset + text.len());
        offset = to;
        if to <= start || from >= end {
            continue;
        }
        let a = start.max(from) - from;
        let b = end.min(to) - from;
        spans.push(Span::styled(text[a..b].to_owned(), span.style));
    }
    Line::from(spans).style(line.style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line], width: u16) -> Vec<String> {
        let wrapped = wrap(lines, &|_| None, width);
        wrapped
            .rows
            .iter()
            .map(|r| row_line(&lines[r.line as usize], r).to_string())
            .collect()
    }

    #[test]
    fn breaks_at_spaces_and_keeps_the_indent() {
        let lines = vec![Line::raw("  alpha beta gamma delta")];
        assert_eq!(texts(&lines, 12), ["  alpha beta", "  gamma", "  delta"]);
    }

    #[test]
    fn long_words_break_inside_and_nothing_is_lost() {
        let lines = vec![Line::raw("abcdefghij"), Line::raw(""), Line::raw("x")];
        assert_eq!(texts(&lines, 4), ["abcd", "efgh", "ij", "", "x"]);
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let lines = vec![Line::raw("日本語テキスト")];
        assert_eq!(texts(&lines, 6), ["日本語", "テキス", "ト"]);
    }

    #[test]
    fn spans_keep_their_styles_across_rows() {
        use ratatui::style::Style;
        let red = Style::new().fg(ratatui::style::Color::Red);
        let lines = vec![Line::from(vec![
            Span::raw("ab "),
            Span::styled("cd ef", red),
        ])];
        let wrapped = wrap(&lines, &|_| None, 5);
        let second = row_line(&lines[0], &wrapped.rows[1]);
        assert_eq!(second.to_string(), "ef");
        assert_eq!(second.spans[0].style, red);
    }

    #[test]
    fn hanging_indents_override_leading_spaces() {
        let lines = vec![Line::raw("date  status  a long message here")];
        let wrapped = wrap(&lines, &|_| Some(14), 24);
        let rows: Vec<String> = wrapped
            .rows
            .iter()
            .map(|r| row_line(&lines[0], r).to_string())
            .collect();
        assert_eq!(rows, ["date  status  a long", "            message here"]);
    }

    #[test]
    fn scrolling_reaches_the_last_row_and_shows_a_line() {
        let lines: Vec<Line> = (0..10)
            .map(|i| Line::raw(format!("line {i} is long")))
            .collect();
        let wrapped = wrap(&lines, &|_| None, 8);
        assert_eq!(wrapped.rows.len(), 20);
        assert_eq!(wrapped.max_scroll(5), 15);
        assert_eq!(wrapped.first_row(7), Some(14));
        assert_eq!(wrapped.last_row(7), Some(15));
        let scroll = wrapped.scroll_to_show(7, 5, 0);
        assert!(scroll <= 14 && scroll + 5 > 15, "{scroll}");
        assert_eq!(wrapped.scroll_to_show(0, 5, 10), 0);
    }
}
