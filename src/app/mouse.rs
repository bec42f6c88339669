//! Mouse: clicks select, the wheel scrolls whatever is under the pointer.

use super::action::Action;
use super::detail_keys::{update_attachments, update_steps, update_viewer};
use super::effect::Effect;
use super::layout;
use super::navigate::activate;
use super::state::{App, Focus, Tab};
use super::update::{on_selection_changed, show_tab};

pub(crate) fn click(app: &mut App, x: u16, y: u16) -> Vec<Effect> {
    let areas = layout::compute(app);
    if let Some(tree) = areas.tree {
        if x >= tree.x && x < tree.x + tree.width && y > tree.y && y < tree.y + tree.height - 1 {
            let row = app.tree_state.offset + usize::from(y - tree.y - 1);
            if row < app.tree_state.rows.len() {
                let before = app.selected_node();
                app.tree_state.select_row(row);
                app.focus = Focus::Tree;
                if app.selected_node() == before {
                    activate(app);
                } else {
                    on_selection_changed(app);
                }
            }
            return Vec::new();
        }
    }
    if let Some(detail) = areas.detail {
        if x >= detail.x && y == detail.y + 1 {
            // The tab bar: each tab is its title plus padding.
            let mut start = detail.x + 1;
            for tab in Tab::ALL {
                let width = tab.title().len() as u16 + 5;
                if x >= start && x < start + width {
                    show_tab(app, tab);
                    break;
                }
                start += width;
            }
        }
        if x >= detail.x && y >= detail.y {
            app.focus = Focus::Detail;
        }
    }
    Vec::new()
}

pub(crate) fn scroll_at(app: &mut App, x: u16, y: u16, delta: i8) {
    let action = if delta > 0 {
        Action::MoveDown
    } else {
        Action::MoveUp
    };
    if app.viewer.is_some() {
        for _ in 0..3 {
            update_viewer(app, &action);
        }
        return;
    }
    let areas = layout::compute(app);
    let in_tree = areas.tree.is_some_and(|t| x < t.x + t.width && y >= t.y);
    if in_tree {
        let before = app.selected_node();
        app.tree_state.move_by(isize::from(delta) * 3);
        if app.selected_node() != before {
            on_selection_changed(app);
        }
    } else {
        let page = layout::detail_rows(app).max(1);
        for _ in 0..3 {
            match app.tab {
                Tab::Steps => update_steps(app, &action, page),
                Tab::Attachments => {
                    update_attachments(app, &action, page);
                }
                _ => {
                    app.detail.scroll = if delta > 0 {
                        app.detail.scroll + 1
                    } else {
                        app.detail.scroll.saturating_sub(1)
                    };
                }
            }
        }
    }
}
