//! `update`: the only place the app state changes. Pure state transitions; I/O is returned as
//! [`Effect`]s for the runtime.

use super::action::{moved, Action};
use super::detail::DetailState;
use super::detail_keys::{update_detail, update_viewer};
use super::effect::Effect;
use super::layout;
use super::mouse::{click, scroll_at};
pub use super::navigate::select_first_problem;
use super::navigate::{jump_to_problem, update_tree};
pub use super::search_keys::apply_matches;
use super::search_keys::{clear_search, update_search};
use super::state::{App, Focus, Overlay, Tab};
use crate::model::tree::NodeId;

/// Applies an action and returns the effects to run.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    app.note = None;
    if action != Action::Quit {
        app.quit_armed = false;
    }
    match action {
        Action::Interrupt if app.rerun.running => {
            return super::triage::update_triage(app, &Action::StopRerun).unwrap_or_default();
        }
        Action::Quit if app.rerun.running && !app.quit_armed => {
            // Quitting stops the command; make sure that is meant.
            app.quit_armed = true;
            app.note = Some(
                "a rerun is running: q again quits and stops it; Ctrl-C stops only the rerun"
                    .to_owned(),
            );
            return Vec::new();
        }
        Action::Quit | Action::Interrupt => {
            app.should_quit = true;
            return Vec::new();
        }
        Action::Resize(w, h) => {
            app.size = (w, h);
            if !app.is_narrow() {
                app.detail_open = false;
            }
            sync_heights(app);
            return Vec::new();
        }
        Action::Click(x, y) => return click(app, x, y),
        Action::Scroll(x, y, delta) => {
            scroll_at(app, x, y, delta);
            return Vec::new();
        }
        _ => {}
    }
    if app.viewer.is_some() {
        return update_viewer(app, &action);
    }
    if let Some(&top) = app.overlays.last() {
        return update_overlay(app, top, &action);
    }
    if app.prompt.is_some() {
        return super::triage::update_prompt(app, &action);
    }
    if app.search.typing {
        return update_search(app, &action);
    }
    if app.rerun.visible && scroll_rerun_pane(app, &action) {
        return Vec::new();
    }
    if let Some(effects) = super::triage::update_triage(app, &action) {
        return effects;
    }
    match action {
        Action::ShowHelp => app.overlays.push(Overlay::Help { scroll: 0 }),
        Action::ShowWarnings => app.overlays.push(Overlay::Warnings { scroll: 0 }),
        Action::StartSearch => {
            app.search.typing = true;
            app.focus = Focus::Tree;
            app.detail_open = false;
        }
        Action::CycleFilter => {
            app.filter = app.filter.next();
            app.refresh_rows();
            on_selection_changed(app);
        }
        Action::CycleGrouping => {
            app.group_by = app.group_by.next();
            app.rebuild_tree(None);
            on_selection_changed(app);
        }
        Action::NextProblem => jump_to_problem(app, true),
        Action::PrevProblem => jump_to_problem(app, false),
        Action::ShowTab(tab) => show_tab(app, tab),
        Action::NextTab => show_tab(app, Tab::ALL[(app.tab.index() + 1) % Tab::ALL.len()]),
        Action::PrevTab => show_tab(
            app,
            Tab::ALL[(app.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()],
        ),
        Action::SwitchFocus => {
            app.focus = match app.focus {
                Focus::Tree => Focus::Detail,
                Focus::Detail => Focus::Tree,
            };
            if app.is_narrow() {
                app.detail_open = app.focus == Focus::Detail;
            }
        }
        Action::ToggleTrace => app.detail.trace_unfolded = !app.detail.trace_unfolded,
        Action::ExpandAll => {
            let groups = app
                .tree
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.test.is_none());
            let ids: Vec<NodeId> = groups.map(|(i, _)| i as NodeId).collect();
            app.tree_state.expanded.extend(ids);
            app.refresh_rows();
        }
        Action::CollapseAll => {
            app.tree_state.expanded.clear();
            app.refresh_rows();
            on_selection_changed(app);
        }
        Action::Back => {
            if app.is_narrow() && app.detail_open {
                app.detail_open = false;
                app.focus = Focus::Tree;
            } else if app.focus == Focus::Detail {
                app.focus = Focus::Tree;
            } else if app.search.is_active() {
                clear_search(app);
            }
        }
        other => match app.focus {
            Focus::Tree => update_tree(app, &other),
            Focus::Detail => return update_detail(app, &other),
        },
    }
    Vec::new()
}

fn update_overlay(app: &mut App, top: Overlay, action: &Action) -> Vec<Effect> {
    if let Overlay::CopyMenu { cursor } = top {
        let last = super::triage::COPY_ITEMS.len() - 1;
        let cursor = match action {
            Action::MoveDown => (cursor + 1).min(last),
            Action::MoveUp => cursor.saturating_sub(1),
            Action::Activate | Action::Expand => {
                return super::triage::update_triage(app, &Action::CopyItem(cursor))
                    .unwrap_or_default()
            }
            Action::CopyItem(_) => {
                return super::triage::update_triage(app, action).unwrap_or_default()
            }
            Action::CloseOverlay | Action::Back | Action::OpenCopyMenu => {
                app.overlays.pop();
                return Vec::new();
            }
            _ => cursor,
        };
        if let Some(Overlay::CopyMenu { cursor: c }) = app.overlays.last_mut() {
            *c = cursor;
        }
        return Vec::new();
    }
    let closes = matches!(
        action,
        Action::CloseOverlay | Action::Back | Action::ShowHelp
    ) || (matches!(action, Action::ShowWarnings)
        && matches!(top, Overlay::Warnings { .. }));
    if closes {
        app.overlays.pop();
        return Vec::new();
    }
    if let Some(
        Overlay::Help { scroll } | Overlay::Warnings { scroll } | Overlay::SinceRerun { scroll },
    ) = app.overlays.last_mut()
    {
        match action {
            Action::MoveDown => *scroll += 1,
            Action::MoveUp => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll += 10,
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::Top => *scroll = 0,
            _ => {}
        }
    }
    Vec::new()
}

/// Scrolls the rerun output; true when the action was a scroll.
fn scroll_rerun_pane(app: &mut App, action: &Action) -> bool {
    if matches!(action, Action::Back) {
        app.rerun.visible = false;
        return true;
    }
    let last = app.rerun.output.len().saturating_sub(1);
    if app.rerun.follow && moved(0, action, 10, last).is_some() {
        // Leave the tail where it is on screen, then scroll from there.
        app.rerun.follow = false;
        app.rerun.scroll = app
            .rerun
            .output
            .len()
            .saturating_sub(layout::rerun_rows(app));
    }
    match moved(app.rerun.scroll, action, 10, last) {
        Some(pos) => {
            app.rerun.scroll = pos;
            true
        }
        None => false,
    }
}

/// Keeps the tree viewport height in step with the layout.
pub fn sync_heights(app: &mut App) {
    app.tree_state.height = layout::tree_rows(app).max(1);
    app.tree_state.clamp();
}

pub(crate) fn on_selection_changed(app: &mut App) {
    app.detail = DetailState::for_test(app.selected().map(|(t, _)| t));
    if let Some(test) = app.selected_test() {
        app.last_test = Some(test);
    }
}

pub(crate) fn show_tab(app: &mut App, tab: Tab) {
    app.tab = tab;
    app.detail.scroll = 0;
}
