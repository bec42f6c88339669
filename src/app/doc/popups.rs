//! The popups' documents and their frame: where a popup goes, how big it is and what it shows.
//! `update` scrolls by the same frame the renderer draws, so scrolling stops at the end.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Doc;
use crate::app::rerun::{Outcome, NO_TESTS_RAN};
use crate::app::state::{App, Overlay};
use crate::app::text::plural;
use crate::app::wrap::Wrapped;
use crate::sanitize::sanitize_line;

/// A popup laid out on the screen.
#[derive(Debug, Clone)]
pub struct PopupFrame {
    /// The whole popup, border included.
    pub area: Rect,
    /// Its content area.
    pub inner: Rect,
    /// Border title.
    pub title: String,
    /// What it shows.
    pub doc: Doc,
    /// The document's layout at the inner width.
    pub wrapped: Wrapped,
    /// The first row shown (the popup's scroll, clamped).
    pub scroll: usize,
}

/// Lays out a popup for the app's screen size.
#[must_use]
pub fn popup_frame(app: &App, popup: Overlay) -> PopupFrame {
    let (w, h) = app.size;
    let (max_w, max_h) = match popup {
        // The help uses the whole screen so that its columns fit without scrolling.
        Overlay::Help { .. } => (w, h),
        Overlay::CopyMenu { .. } => (44.min(w), h),
        _ => ((w * 4 / 5).max(20.min(w)), (h * 4 / 5).max(5.min(h))),
    };
    let inner_w = max_w.saturating_sub(2);
    let (title, doc, scroll) = content(app, popup, inner_w);
    let wrapped = doc.wrap(inner_w);
    let height = (wrapped.rows.len() as u16)
        .saturating_add(2)
        .clamp(5.min(max_h), max_h);
    let area = Rect::new(
        w.saturating_sub(max_w) / 2,
        h.saturating_sub(height) / 2,
        max_w,
        height,
    );
    let inner = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let scroll = scroll.min(wrapped.max_scroll(usize::from(inner.height)));
    PopupFrame {
        area,
        inner,
        title,
        doc,
        wrapped,
        scroll,
    }
}

fn content(app: &App, popup: Overlay, width: u16) -> (String, Doc, usize) {
    let esc = "Esc";
    match popup {
        Overlay::Help { scroll } => (
            format!(" keys ({esc} or ? closes) "),
            Doc::of(super::help::help_lines(app, width)),
            scroll,
        ),
        Overlay::Warnings { scroll } => (
            format!(
                " {} ({esc} or w closes) ",
                plural(app.report.warnings.len(), "load warning")
            ),
            Doc::of(warning_lines(app)),
            scroll,
        ),
        Overlay::CopyMenu { cursor } => (
            format!(" copy (1-6 or Enter; {esc} closes) "),
            Doc::of(copy_lines(app, cursor)),
            0,
        ),
        Overlay::SinceRerun { scroll } => (
            format!(" since the rerun ({esc} closes) "),
            Doc::of(since_lines(app)),
            scroll,
        ),
        Overlay::LaunchInfo { scroll } => (
            format!(" launch ({esc} or i closes) "),
            super::launch::launch_doc(app),
            scroll,
        ),
    }
}

fn copy_lines(app: &App, cursor: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
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

fn since_lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let s = &app.symbols;
    let Some(rows) = &app.rerun.since else {
        return vec![Line::styled("No rerun yet.", theme.muted)];
    };
    let ran = rows
        .iter()
        .filter(|r| !matches!(r.outcome, Outcome::NotRerun | Outcome::Missing))
        .count();
    let mut lines = vec![Line::raw(format!(
        "{} planned, {} ran; {}",
        plural(rows.len(), "test"),
        ran,
        app.rerun.exit.clone().unwrap_or_default()
    ))];
    if ran == 0 && !rows.is_empty() {
        lines.push(Line::styled(NO_TESTS_RAN.to_owned(), theme.warning));
    }
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
            Span::raw(if s.ascii { " -> " } else { " → " }),
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

fn warning_lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
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
