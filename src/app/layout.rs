//! Where each pane goes for a terminal size: pure functions that `update` uses too (to know
//! how many rows fit, how far a pane scrolls and what a click hits) so that drawing, scrolling
//! and hit-testing agree.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::state::{App, Focus, GroupBy, Overlay, Tab};

/// Below this width one pane is shown at a time.
pub const NARROW_WIDTH: u16 = 100;
/// The narrowest tree pane `<` leaves.
pub const MIN_TREE_WIDTH: u16 = 24;
/// The narrowest detail pane `>` leaves.
pub const MIN_DETAIL_WIDTH: u16 = 30;
/// Rows of the message preview under the tree on narrow screens (border included).
pub const PREVIEW_HEIGHT: u16 = 6;

/// The screen areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// Launch header.
    pub header: Rect,
    /// Tree pane (with border), when shown.
    pub tree: Option<Rect>,
    /// Detail pane (with border), when shown.
    pub detail: Option<Rect>,
    /// On narrow screens, under the tree: the selected test's status and message.
    pub preview: Option<Rect>,
    /// Footer line.
    pub footer: Rect,
}

/// Header lines: title, totals, and the trend line when there is history.
#[must_use]
pub fn header_height(app: &App) -> u16 {
    if app.analysis.trend.len() > 1 {
        3
    } else {
        2
    }
}

/// The area between header and footer.
#[must_use]
pub fn body(app: &App) -> Rect {
    let (width, height) = app.size;
    let header_h = header_height(app).min(height.saturating_sub(2));
    Rect::new(0, header_h, width, height.saturating_sub(header_h + 1))
}

/// The tree pane's width on a wide screen: the user's choice (`<` `>`), else a share of the
/// screen (more for the flaky view, whose rows carry reasons).
#[must_use]
pub fn tree_width(app: &App) -> u16 {
    let width = app.size.0;
    let max = width.saturating_sub(MIN_DETAIL_WIDTH).max(MIN_TREE_WIDTH);
    let default = if app.shown_grouping() == GroupBy::Flaky {
        (width * 3 / 5).clamp(30, 110)
    } else {
        (width * 2 / 5).clamp(30, 70)
    };
    app.tree_width.unwrap_or(default).clamp(MIN_TREE_WIDTH, max)
}

/// Computes the areas for the app's terminal size.
#[must_use]
pub fn compute(app: &App) -> Areas {
    let (width, height) = app.size;
    let body = body(app);
    let header = Rect::new(0, 0, width, body.y);
    let footer = Rect::new(0, height.saturating_sub(1), width, height.min(1));
    let mut areas = Areas {
        header,
        footer,
        ..Areas::default()
    };
    if width < NARROW_WIDTH {
        if app.detail_open {
            areas.detail = Some(body);
        } else if body.height >= PREVIEW_HEIGHT * 2 + 4 {
            // Enough room: the selected test's message shows under the tree, no key needed.
            let tree_h = body.height - PREVIEW_HEIGHT;
            areas.tree = Some(Rect {
                height: tree_h,
                ..body
            });
            areas.preview = Some(Rect {
                y: body.y + tree_h,
                height: PREVIEW_HEIGHT,
                ..body
            });
        } else {
            areas.tree = Some(body);
        }
        return areas;
    }
    if app.zoomed {
        match app.focus {
            Focus::Tree => areas.tree = Some(body),
            Focus::Detail => areas.detail = Some(body),
        }
        return areas;
    }
    let tree_w = tree_width(app);
    areas.tree = Some(Rect {
        width: tree_w,
        ..body
    });
    areas.detail = Some(Rect {
        x: tree_w,
        width: width - tree_w,
        ..body
    });
    areas
}

fn inside(area: Rect) -> Rect {
    Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

/// The detail's text area: inside the border, below the tab bar and a blank line.
#[must_use]
pub fn detail_body(app: &App) -> Option<Rect> {
    compute(app).detail.map(|area| {
        let inner = inside(area);
        Rect {
            y: inner.y + 2,
            height: inner.height.saturating_sub(2),
            ..inner
        }
    })
}

/// Rows of detail text on screen.
#[must_use]
pub fn detail_rows(app: &App) -> usize {
    detail_body(app).map_or(0, |r| usize::from(r.height))
}

/// Columns of detail text: what the detail document is wrapped to. When the detail is not on
/// screen (narrow, tree shown) it is the width it will have when opened.
#[must_use]
pub fn detail_text_width(app: &App) -> u16 {
    match detail_body(app) {
        Some(body) => body.width,
        None => app.size.0.saturating_sub(2),
    }
}

/// Rows of tree content inside the border.
#[must_use]
pub fn tree_rows(app: &App) -> usize {
    compute(app)
        .tree
        .map_or(0, |r| usize::from(r.height.saturating_sub(2)))
}

/// Where the rerun pane is drawn: the lower two thirds of the body.
#[must_use]
pub fn rerun_area(app: &App) -> Rect {
    let body = body(app);
    Rect {
        y: body.y + body.height / 3,
        height: body.height - body.height / 3,
        ..body
    }
}

/// Rows of output the rerun pane shows (inside its border).
#[must_use]
pub fn rerun_rows(app: &App) -> usize {
    usize::from(rerun_area(app).height.saturating_sub(2))
}

/// Where the attachment viewer is drawn: over the detail pane, or the whole body when narrow.
#[must_use]
pub fn viewer_area(app: &App) -> Rect {
    if app.is_narrow() {
        return body(app);
    }
    compute(app).detail.unwrap_or_else(|| body(app))
}

/// Lines of text the viewer shows at once (inside its border).
#[must_use]
pub fn viewer_rows(app: &App) -> usize {
    usize::from(viewer_area(app).height.saturating_sub(2))
}

/// Rows of content a popup shows at once.
#[must_use]
pub fn popup_rows(app: &App, popup: Overlay) -> usize {
    usize::from(super::doc::popups::popup_frame(app, popup).inner.height)
}

/// The largest first row a popup may scroll to: its last page shows its end.
#[must_use]
pub fn popup_scroll_limit(app: &App, popup: Overlay) -> usize {
    let frame = super::doc::popups::popup_frame(app, popup);
    frame.wrapped.max_scroll(usize::from(frame.inner.height))
}

/// One tab's place in the tab bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabLabel {
    /// The tab.
    pub tab: Tab,
    /// Its first column, relative to the bar.
    pub x: u16,
    /// What is drawn (`1 Overview`, or `1` alone when space is tight).
    pub text: String,
}

/// The tab bar for a width: every tab by number and name (`1 Overview  2 Steps …`), the same
/// names at every width; when they do not fit, the other tabs by number only.
#[must_use]
pub fn tab_bar(app: &App, width: u16) -> Vec<TabLabel> {
    let full = |t: Tab| format!("{} {}", t.index() + 1, t.title());
    let total: usize = Tab::ALL.iter().map(|t| full(*t).width() + 2).sum::<usize>() - 2;
    let fits = total <= usize::from(width);
    let gap = if fits { 2 } else { 1 };
    let mut x = 0u16;
    Tab::ALL
        .iter()
        .map(|&tab| {
            let text = if fits || tab == app.tab {
                full(tab)
            } else {
                (tab.index() + 1).to_string()
            };
            let label = TabLabel { tab, x, text };
            x += label.text.width() as u16 + gap as u16;
            label
        })
        .collect()
}
