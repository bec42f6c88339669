//! Popups: the key help (generated from the keymap) and the load warnings.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::app::{App, Overlay};
use crate::input::key::display_key;
use crate::input::keymap::{bindings, Mode};
use crate::sanitize::sanitize_line;

/// A centred rectangle of the given share of the area.
#[must_use]
pub fn centered(area: Rect, width_pct: u16, height_pct: u16) -> Rect {
    let w = (area.width * width_pct / 100).max(20).min(area.width);
    let h = (area.height * height_pct / 100).max(5).min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

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

/// The top popup.
pub struct PopupPane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// Styles.
    pub theme: &'a Theme,
    /// Which popup.
    pub overlay: Overlay,
}

impl PopupPane<'_> {
    fn content(&self) -> (String, Vec<Line<'static>>, usize) {
        let (app, theme) = (self.app, self.theme);
        match self.overlay {
            Overlay::Help { scroll } => (
                " keys (j/k scroll, Esc closes) ".to_owned(),
                help_lines(app, theme),
                scroll,
            ),
            Overlay::Warnings { scroll } => (
                format!(" {} load warnings (Esc closes) ", app.report.warnings.len()),
                warning_lines(app, theme),
                scroll,
            ),
            Overlay::CopyMenu { cursor } => (
                " copy (1-6 or Enter; Esc closes) ".to_owned(),
                copy_lines(cursor, theme),
                0,
            ),
            Overlay::SinceRerun { scroll } => (
                " since the rerun (Esc closes) ".to_owned(),
                since_lines(app, theme),
                scroll,
            ),
        }
    }
}

impl Widget for PopupPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = self.theme;
        let (title, lines, scroll) = self.content();
        // As tall as the content needs (plus borders), at most 80% of the screen.
        let wanted = lines.len() as u16 + 2;
        let full = centered(area, 80, 80);
        let height = wanted.clamp(5, full.height);
        let rect = Rect {
            y: area.y + (area.height - height) / 2,
            height,
            ..full
        };
        clear_area(rect, buf);

        let block = super::pane_block(app, theme, true, title);
        let inner = block.inner(rect);
        block.render(rect, buf);
        let scroll = scroll.min(lines.len().saturating_sub(1));
        Paragraph::new(lines.into_iter().skip(scroll).collect::<Vec<_>>())
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

fn help_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (mode, title) in [
        (Mode::Normal, "Browsing"),
        (Mode::Search, "Search prompt"),
        (Mode::Viewer, "Attachment viewer"),
        (Mode::Rerun, "Rerun output"),
        (Mode::CopyMenu, "Copy menu"),
        (Mode::Popup, "Popups"),
    ] {
        lines.push(Line::styled(title, theme.heading));
        for binding in bindings().into_iter().filter(|b| b.mode == mode) {
            let keys: Vec<String> = binding
                .keys
                .iter()
                .map(|k| display_key(k, app.symbols.ascii))
                .collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<22}", keys.join(" ")), theme.key),
                Span::raw(binding.description),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "Mouse: the wheel scrolls, a click selects.",
        theme.muted,
    ));
    lines
}

fn copy_lines(cursor: usize, theme: &Theme) -> Vec<Line<'static>> {
    crate::app::triage::COPY_ITEMS
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let line = Line::from(vec![
                Span::styled(format!("  {} ", i + 1), theme.key),
                Span::raw((*item).to_owned()),
            ]);
            if i == cursor {
                line.style(theme.selection)
            } else {
                line
            }
        })
        .collect()
}

fn since_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let s = &app.symbols;
    let Some(rows) = &app.rerun.since else {
        return vec![Line::styled("No rerun yet.", theme.muted)];
    };
    let mut lines = vec![Line::raw(format!(
        "{} rerun; {}",
        super::text::plural(rows.len(), "test"),
        app.rerun.exit.clone().unwrap_or_default()
    ))];
    lines.push(Line::raw(""));
    for row in rows {
        let now = row.now.map_or_else(
            || "-".to_owned(),
            |st| format!("{} {}", s.status(st), st.as_str()),
        );
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {} {:<8}", s.status(row.before), row.before.as_str()),
                theme.status(row.before),
            ),
            Span::raw(" -> "),
            Span::styled(
                format!("{now:<10} "),
                row.now.map_or(theme.muted, |st| theme.status(st)),
            ),
            Span::raw(format!("{}  ", sanitize_line(&row.name))),
            Span::styled(row.outcome.label(), theme.marker),
        ]));
    }
    lines
}

fn warning_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    if app.report.warnings.is_empty() {
        return vec![Line::styled(
            "Every file was read without problems.",
            theme.muted,
        )];
    }
    app.report
        .warnings
        .iter()
        .flat_map(|w| {
            [
                Line::styled(sanitize_line(&w.file).into_owned(), theme.warning),
                Line::raw(format!("  {}", sanitize_line(&w.reason))),
            ]
        })
        .collect()
}
