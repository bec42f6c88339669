//! Where each pane goes for a terminal size: a pure function that `update` uses too (to know
//! how many tree rows fit and what a click hits).

use ratatui::layout::Rect;

use super::state::App;

/// Below this width one pane is shown at a time.
pub const NARROW_WIDTH: u16 = 100;

/// The screen areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// Launch header.
    pub header: Rect,
    /// Tree pane (with border), when shown.
    pub tree: Option<Rect>,
    /// Detail pane (with border), when shown.
    pub detail: Option<Rect>,
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

/// Computes the areas for a terminal size.
#[must_use]
pub fn compute(app: &App) -> Areas {
    let (width, height) = app.size;
    let header_h = header_height(app).min(height.saturating_sub(2));
    let header = Rect::new(0, 0, width, header_h);
    let footer = Rect::new(0, height.saturating_sub(1), width, height.min(1));
    let body = Rect::new(0, header_h, width, height.saturating_sub(header_h + 1));
    if width < NARROW_WIDTH {
        let (tree, detail) = if app.detail_open {
            (None, Some(body))
        } else {
            (Some(body), None)
        };
        return Areas {
            header,
            tree,
            detail,
            footer,
        };
    }
    // The flaky view's rows carry their reasons: give them more room.
    let share = if app.group_by == super::state::GroupBy::Flaky {
        3
    } else {
        2
    };
    let tree_w = (width * share / 5).clamp(30, if share == 3 { 110 } else { 70 });
    let tree = Rect::new(0, body.y, tree_w, body.height);
    let detail = Rect::new(tree_w, body.y, width - tree_w, body.height);
    Areas {
        header,
        tree: Some(tree),
        detail: Some(detail),
        footer,
    }
}

/// Rows of output the rerun pane shows (the lower two thirds of the body, inside the border).
#[must_use]
pub fn rerun_rows(app: &App) -> usize {
    let (_, height) = app.size;
    let body = height.saturating_sub(header_height(app) + 1);
    usize::from((body - body / 3).saturating_sub(2))
}

/// Rows of tree content inside the border.
#[must_use]
pub fn tree_rows(app: &App) -> usize {
    compute(app)
        .tree
        .map_or(0, |r| usize::from(r.height.saturating_sub(2)))
}

/// Lines of detail content inside the border and tab bar.
#[must_use]
pub fn detail_rows(app: &App) -> usize {
    compute(app)
        .detail
        .map_or(0, |r| usize::from(r.height.saturating_sub(3)))
}
