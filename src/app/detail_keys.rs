//! Keys in the detail pane and the attachment viewer.

use super::action::{moved, Action};
use super::detail::{attachment_rows, collapse_key, step_rows};
use super::effect::Effect;
use super::layout;
use super::state::{App, Focus, Tab};

pub(crate) fn update_detail(app: &mut App, action: &Action) -> Vec<Effect> {
    let page = layout::detail_rows(app).max(1);
    let effects = match app.tab {
        Tab::Steps => {
            update_steps(app, action, page);
            Vec::new()
        }
        Tab::Attachments => update_attachments(app, action, page),
        _ => {
            // Scroll by the wrapped layout the pane draws, so the last row is reachable and
            // scrolling stops there.
            let last = super::doc::detail_view(app).wrapped.max_scroll(page);
            if let Some(pos) = moved(app.detail.scroll.min(last), action, page, last) {
                app.detail.scroll = pos;
            } else if matches!(action, Action::Collapse) {
                app.focus = Focus::Tree;
            }
            Vec::new()
        }
    };
    follow_cursor(app, page);
    effects
}

/// Keeps the steps or attachments cursor on screen, by the same layout the pane draws.
pub(crate) fn follow_cursor(app: &mut App, page: usize) {
    if !matches!(app.tab, Tab::Steps | Tab::Attachments) {
        return;
    }
    let view = super::doc::detail_view(app);
    if let Some(line) = super::doc::cursor_line(app, &view.doc) {
        let scroll = view.wrapped.scroll_to_show(line, page, app.detail.scroll);
        drop(view);
        app.detail.scroll = scroll;
    }
}

pub(crate) fn update_steps(app: &mut App, action: &Action, page: usize) {
    let Some((test, _)) = app.selected() else {
        return;
    };
    let rows = step_rows(&test.result, &app.detail.collapsed_steps);
    if rows.is_empty() {
        return;
    }
    let last = rows.len() - 1;
    if let Some(pos) = moved(app.detail.step_cursor, action, page, last) {
        app.detail.step_cursor = pos;
        return;
    }
    let cursor = &mut app.detail.step_cursor;
    match action {
        Action::Collapse | Action::Expand | Action::Activate => {
            let row = &rows[(*cursor).min(last)];
            let key = collapse_key(row);
            let collapsed = app.detail.collapsed_steps.contains(&key);
            match action {
                Action::Collapse if row.has_children && !collapsed => {
                    app.detail.collapsed_steps.insert(key);
                }
                Action::Collapse => {
                    // Go to the parent step.
                    if let Some(parent) = rows[..*cursor]
                        .iter()
                        .rposition(|r| r.section == row.section && r.depth + 1 == row.depth)
                    {
                        *cursor = parent;
                    } else if row.depth == 0 {
                        app.focus = Focus::Tree;
                    }
                }
                Action::Expand if collapsed => {
                    app.detail.collapsed_steps.remove(&key);
                }
                Action::Activate if row.has_children => {
                    if collapsed {
                        app.detail.collapsed_steps.remove(&key);
                    } else {
                        app.detail.collapsed_steps.insert(key);
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

pub(crate) fn update_attachments(app: &mut App, action: &Action, page: usize) -> Vec<Effect> {
    let Some((test, _)) = app.selected() else {
        return Vec::new();
    };
    let rows = attachment_rows(&test.result);
    if rows.is_empty() {
        if matches!(action, Action::Collapse) {
            app.focus = Focus::Tree;
        }
        return Vec::new();
    }
    let last = rows.len() - 1;
    let cursor = app.detail.attachment_cursor.min(last);
    let effect = match action {
        Action::Activate | Action::Expand => {
            let row = rows[cursor];
            let files = test.result.origin.clone();
            let name = row
                .attachment
                .name
                .as_deref()
                .or(row.attachment.source.as_deref())
                .unwrap_or("attachment");
            let title = format!(
                "{} ({})",
                name,
                row.attachment.mime.as_deref().unwrap_or("unknown type")
            );
            Some(Effect::OpenAttachment {
                files,
                attachment: row.attachment.clone(),
                title: crate::sanitize::sanitize_line(&title).into_owned(),
            })
        }
        _ => None,
    };
    if let Some(pos) = moved(cursor, action, page, last) {
        app.detail.attachment_cursor = pos;
    } else if matches!(action, Action::Collapse) {
        app.focus = Focus::Tree;
    }
    effect.into_iter().collect()
}

pub(crate) fn update_viewer(app: &mut App, action: &Action) -> Vec<Effect> {
    let page = layout::viewer_rows(app).max(1);
    let width = layout::viewer_area(app).width.saturating_sub(2);
    let Some(viewer) = app.layers.viewer_mut() else {
        return Vec::new();
    };
    if viewer.typing {
        match action {
            Action::SearchInsert(c) => {
                viewer.query.push(*c);
                viewer.update_matches();
            }
            Action::SearchBackspace => {
                viewer.query.pop();
                viewer.update_matches();
            }
            Action::SearchClear => {
                viewer.query.clear();
                viewer.update_matches();
            }
            Action::SearchAccept => viewer.typing = false,
            _ => {}
        }
        return Vec::new();
    }
    // The last page shows the end (however long its lines wrap), not the last line alone.
    let last = viewer.last_scroll(width, page);
    if let Some(pos) = moved(
        viewer.scroll.min(last),
        action,
        viewer.text_rows(width, page).max(1),
        last,
    ) {
        viewer.scroll = pos;
        return Vec::new();
    }
    match action {
        Action::StartSearch => {
            viewer.typing = true;
            viewer.query.clear();
        }
        Action::NextMatch | Action::NextProblem => viewer.step_match(true),
        Action::PrevMatch | Action::PrevProblem => viewer.step_match(false),
        _ => {}
    }
    Vec::new()
}
