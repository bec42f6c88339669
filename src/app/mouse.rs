//! Mouse: clicks select (a second click opens), the wheel scrolls whatever is under the pointer.
//! Hit-testing uses the same layouts as drawing: the pane areas, the tab bar, and the wrapped
//! rows of the detail.

use ratatui::layout::Rect;

use super::action::Action;
use super::detail_keys::{update_attachments, update_detail, update_viewer};
use super::effect::Effect;
use super::layers::Layer;
use super::layout;
use super::navigate::activate;
use super::state::{App, Focus, Tab};
use super::update::{on_selection_changed, show_tab, update};

fn contains(area: Rect, x: u16, y: u16) -> bool {
    x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height
}

pub(crate) fn click(app: &mut App, x: u16, y: u16) -> Vec<Effect> {
    if !matches!(app.layers.top(), None | Some(Layer::View(_))) {
        // A popup, the viewer, a prompt or the rerun pane is in front: the keys drive those.
        return Vec::new();
    }
    let areas = layout::compute(app);
    if let Some(tree) = areas.tree.filter(|t| contains(*t, x, y)) {
        if y > tree.y && y + 1 < tree.y + tree.height {
            let row = app.tree_state.offset + usize::from(y - tree.y - 1);
            if row < app.tree_state.rows.len() {
                let before = app.selected_node();
                app.tree_state.select_row(row);
                app.focus = Focus::Tree;
                if app.selected_node() == before {
                    return activate(app);
                }
                on_selection_changed(app);
            }
        }
        return Vec::new();
    }
    if let Some(detail) = areas.detail.filter(|d| contains(*d, x, y)) {
        app.focus = Focus::Detail;
        if y == detail.y + 1 {
            let bar_x = detail.x + 1;
            let labels = layout::tab_bar(app, detail.width.saturating_sub(2));
            if let Some(label) = labels
                .iter()
                .find(|l| x >= bar_x + l.x && x < bar_x + l.x + l.text.chars().count() as u16)
            {
                show_tab(app, label.tab);
            }
            return Vec::new();
        }
        return click_detail_text(app, x, y);
    }
    Vec::new()
}

/// A click on the detail text: on the Steps and Attachments tabs it selects the item drawn
/// there, and a second click on the same item opens (or folds) it.
fn click_detail_text(app: &mut App, x: u16, y: u16) -> Vec<Effect> {
    let Some(body) = layout::detail_body(app).filter(|b| contains(*b, x, y)) else {
        return Vec::new();
    };
    if !matches!(app.tab, Tab::Steps | Tab::Attachments) {
        return Vec::new();
    }
    let view = super::doc::detail_view(app);
    let page = usize::from(body.height);
    let scroll = super::doc::cursor_line(app, &view.doc).map_or(app.detail.scroll, |line| {
        view.wrapped.scroll_to_show(line, page, app.detail.scroll)
    });
    let Some(row) = view.wrapped.rows.get(scroll + usize::from(y - body.y)) else {
        return Vec::new();
    };
    let line = row.line as usize;
    // The item whose lines include the clicked one.
    let Some(item) = view.doc.items.iter().rposition(|&start| start <= line) else {
        return Vec::new();
    };
    drop(view);
    let cursor = match app.tab {
        Tab::Steps => &mut app.detail.step_cursor,
        _ => &mut app.detail.attachment_cursor,
    };
    if *cursor == item {
        return update(app, Action::Activate);
    }
    *cursor = item;
    Vec::new()
}

pub(crate) fn scroll_at(app: &mut App, x: u16, y: u16, delta: i8) {
    let action = if delta > 0 {
        Action::MoveDown
    } else {
        Action::MoveUp
    };
    match app.layers.top() {
        Some(Layer::Viewer(_)) => {
            for _ in 0..3 {
                update_viewer(app, &action);
            }
            return;
        }
        Some(Layer::Popup(_) | Layer::Rerun) => {
            for _ in 0..3 {
                update(app, action.clone());
            }
            return;
        }
        _ => {}
    }
    let areas = layout::compute(app);
    if areas.tree.is_some_and(|t| contains(t, x, y)) {
        let before = app.selected_node();
        app.tree_state.move_by(isize::from(delta) * 3);
        if app.selected_node() != before {
            on_selection_changed(app);
        }
    } else if areas.detail.is_some_and(|d| contains(d, x, y)) {
        let page = layout::detail_rows(app).max(1);
        for _ in 0..3 {
            if app.tab == Tab::Attachments {
                update_attachments(app, &action, page);
            } else {
                update_detail(app, &action);
            }
        }
    }
}
