//! The key help (`?`), generated from the binding table and laid out in columns so that it fits
//! a 120x36 terminal without scrolling.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::app::bindings::{bindings, display_key, Section, UNLISTED};
use crate::app::App;

/// One help row: keys and what they do.
struct Entry {
    keys: String,
    text: &'static str,
}

/// The sections with their rows. Bindings of a mode that share a help text share one row, keys
/// in table order (`j k ↓ ↑  move`).
fn sections(ascii: bool) -> Vec<(&'static str, Vec<Entry>)> {
    let all = bindings();
    let mut out = Vec::new();
    for (section, title) in Section::ALL {
        let mut entries: Vec<(&'static str, Vec<&'static str>, Vec<&'static str>)> = Vec::new();
        for b in all
            .iter()
            .filter(|b| b.section == section && b.help != UNLISTED)
        {
            match entries.iter_mut().find(|(text, _, _)| *text == b.help) {
                Some((_, primary, rest)) => {
                    primary.push(b.keys[0]);
                    rest.extend(&b.keys[1..]);
                }
                None => entries.push((b.help, vec![b.keys[0]], b.keys[1..].to_vec())),
            }
        }
        let show = |keys: &[&str]| {
            keys.iter()
                .map(|k| display_key(k, ascii))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let rows = entries
            .into_iter()
            .map(|(text, primary, rest)| {
                let all: Vec<&str> = primary.iter().chain(&rest).copied().collect();
                // When every key does not fit the column, the first key of each binding does
                // (`Ctrl-d Ctrl-u` for paging; PgDn and PgUp work as they always do).
                let keys = if show(&all).width() <= KEYS_W {
                    show(&all)
                } else {
                    show(&primary)
                };
                Entry { keys, text }
            })
            .collect();
        out.push((title, rows));
    }
    out
}

/// Widest keys cell; longer key lists put their text on the next line.
const KEYS_W: usize = 13;

/// The help laid out for a width: sections flow into as many columns as fit, each section kept
/// whole where it can be.
#[must_use]
pub fn help_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let sections = sections(app.symbols.ascii);
    let text_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|e| e.text.width()))
        .max()
        .unwrap_or(10);
    let column_w = KEYS_W + 1 + text_w + 2;
    let width = usize::from(width);
    let columns = (width / column_w).max(1);
    // Each section as its cells: (text, style) lines.
    let mut blocks: Vec<Vec<Line<'static>>> = Vec::new();
    for (title, rows) in sections {
        let mut block = vec![Line::styled(title.to_owned(), theme.heading)];
        for entry in rows {
            if entry.keys.width() > KEYS_W {
                block.push(Line::styled(entry.keys, theme.key));
                block.push(Line::from(vec![
                    Span::raw(" ".repeat(KEYS_W + 1)),
                    Span::raw(entry.text),
                ]));
            } else {
                block.push(Line::from(vec![
                    Span::styled(format!("{:<KEYS_W$} ", entry.keys), theme.key),
                    Span::raw(entry.text),
                ]));
            }
        }
        blocks.push(block);
    }
    let footer = Line::styled(
        "Ctrl-c quits from anywhere (a running rerun is stopped first). Mouse: the wheel scrolls, a click selects, a second click opens.",
        theme.muted,
    );
    if columns == 1 {
        let mut lines = Vec::new();
        for block in blocks {
            lines.extend(block);
            lines.push(Line::raw(""));
        }
        lines.push(footer);
        return lines;
    }
    // Fill columns in order, each up to an even share of the total height.
    let total: usize = blocks.iter().map(|b| b.len() + 1).sum();
    let target = total.div_ceil(columns);
    let mut cols: Vec<Vec<Line<'static>>> = vec![Vec::new()];
    for block in blocks {
        let current = cols.last_mut().expect("one column at least");
        if !current.is_empty() && current.len() + block.len() > target && cols.len() < columns {
            cols.push(Vec::new());
        }
        let current = cols.last_mut().expect("one column at least");
        if !current.is_empty() {
            current.push(Line::raw(""));
        }
        current.extend(block);
    }
    let height = cols.iter().map(Vec::len).max().unwrap_or(0);
    let mut lines = Vec::with_capacity(height + 2);
    for row in 0..height {
        let mut spans = Vec::new();
        for (c, col) in cols.iter().enumerate() {
            let cell = col.get(row).cloned().unwrap_or_default();
            let used: usize = cell.spans.iter().map(|s| s.content.width()).sum();
            let style = cell.style;
            spans.extend(cell.spans.into_iter().map(|s| s.patch_style(style)));
            if c + 1 < cols.len() {
                spans.push(Span::raw(" ".repeat(column_w.saturating_sub(used))));
            }
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(footer);
    lines
}
