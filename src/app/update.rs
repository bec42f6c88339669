//! `update`: the only place the app state changes. Pure state transitions; I/O is returned as
//! [`Effect`]s for the runtime.
//!
//! Keys go to the top of the layer stack (see [`super::layers`]): the same top that the keymap
//! dispatches on and the footer describes.

use super::action::{moved, Action};
use super::back::{go_back, q_goes_back};
use super::detail::DetailState;
use super::detail_keys::{update_detail, update_viewer};
use super::effect::Effect;
use super::layers::{Layer, View};
use super::layout;
use super::mouse::{click, scroll_at};
pub use super::navigate::select_first_problem;
use super::navigate::{jump_to_problem, update_tree};
pub use super::search_keys::apply_matches;
use super::search_keys::{start_search, update_search};
use super::state::{App, Focus, Loading, Overlay, Tab};
use crate::model::tree::NodeId;

/// Applies an action and returns the effects to run. Afterwards the detail document is rebuilt
/// if what it shows changed (never per frame).
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let effects = apply(app, action);
    super::doc::refresh_detail(app);
    effects
}

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    if action.is_runtime() {
        return super::runtime_events::apply(app, action);
    }
    app.note = None;
    if !matches!(action, Action::Quit | Action::QuitOrBack) {
        app.quit_armed = false;
    }
    if app.load_error.is_some() {
        // Only leaving makes sense on the error screen.
        app.should_quit |= matches!(
            action,
            Action::Quit | Action::QuitOrBack | Action::Back | Action::Interrupt
        );
        return Vec::new();
    }
    match action {
        Action::Interrupt if app.rerun.running => {
            return super::triage::update_triage(app, &Action::StopRerun).unwrap_or_default();
        }
        Action::QuitOrBack if q_goes_back(app) => return go_back(app),
        Action::Quit | Action::QuitOrBack if app.rerun.running && !app.quit_armed => {
            // Quitting stops the command; make sure that is meant.
            app.quit_armed = true;
            app.note = Some(
                "a rerun is running: q again quits and stops it; Ctrl-c stops only the rerun"
                    .to_owned(),
            );
            return Vec::new();
        }
        Action::Quit | Action::QuitOrBack | Action::Interrupt => {
            app.should_quit = true;
            return Vec::new();
        }
        Action::Back => return go_back(app),
        Action::Click(x, y) => return click(app, x, y),
        Action::Scroll(x, y, delta) => {
            scroll_at(app, x, y, delta);
            return Vec::new();
        }
        _ => {}
    }
    match app.layers.top() {
        Some(Layer::Popup(top)) => {
            let top = *top;
            update_popup(app, top, &action)
        }
        Some(Layer::Viewer(_)) => update_viewer(app, &action),
        Some(Layer::Prompt(_)) => super::triage::update_prompt(app, &action),
        Some(Layer::Search) => update_search(app, &action),
        Some(Layer::Rerun) => update_rerun_pane(app, &action),
        Some(Layer::View(_)) | None => update_browsing(app, action),
    }
}

/// Keys on the browsing screen (with or without a triage view).
fn update_browsing(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::triage::update_triage(app, &action) {
        return effects;
    }
    match action {
        Action::ShowHelp => app.layers.push(Layer::Popup(Overlay::Help { scroll: 0 })),
        Action::ShowWarnings => app
            .layers
            .push(Layer::Popup(Overlay::Warnings { scroll: 0 })),
        Action::StartSearch => start_search(app),
        Action::CycleFilter => {
            app.filter = app.filter.next();
            app.refresh_rows();
            on_selection_changed(app);
        }
        Action::CycleGrouping => {
            if app.layers.view().is_some() {
                // `v` in a triage view goes back to the grouped tree it came from.
                app.layers.remove(|l| matches!(l, Layer::View(_)));
            } else {
                app.group_by = app.group_by.next();
            }
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
        Action::ResizeTree(delta) => {
            if app.is_narrow() {
                app.note = Some("below 100 columns each pane takes the whole width".to_owned());
            } else {
                let max = app.size.0.saturating_sub(layout::MIN_DETAIL_WIDTH);
                let wanted = i32::from(layout::tree_width(app)) + i32::from(delta);
                app.tree_width = Some(
                    (wanted.max(0) as u16)
                        .clamp(layout::MIN_TREE_WIDTH, max.max(layout::MIN_TREE_WIDTH)),
                );
                app.zoomed = false;
                sync_heights(app);
            }
        }
        Action::ToggleZoom => {
            app.zoomed = !app.zoomed && !app.is_narrow();
            sync_heights(app);
        }
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
        other => match app.focus {
            Focus::Tree => return update_tree(app, &other),
            Focus::Detail => return update_detail(app, &other),
        },
    }
    Vec::new()
}

/// Shows a triage view (or leaves it when it is the one shown).
pub(crate) fn toggle_view(app: &mut App, view: View) {
    if app.layers.view() == Some(view) {
        app.layers.remove(|l| matches!(l, Layer::View(_)));
    } else {
        app.layers.push(Layer::View(view));
    }
    app.rebuild_tree(None);
    on_selection_changed(app);
}

fn update_popup(app: &mut App, top: Overlay, action: &Action) -> Vec<Effect> {
    if let Overlay::CopyMenu { cursor } = top {
        let last = super::triage::COPY_ITEMS.len() - 1;
        let cursor = match action {
            Action::Activate | Action::Expand => {
                return super::triage::update_triage(app, &Action::CopyItem(cursor))
                    .unwrap_or_default()
            }
            Action::CopyItem(_) => {
                return super::triage::update_triage(app, action).unwrap_or_default()
            }
            Action::OpenCopyMenu => {
                app.layers.pop();
                return Vec::new();
            }
            other => moved(cursor, other, last, last).unwrap_or(cursor),
        };
        if let Some(Layer::Popup(Overlay::CopyMenu { cursor: c })) = app.layers.top_mut() {
            *c = cursor;
        }
        return Vec::new();
    }
    // The key that opened a popup closes it again.
    let closes = matches!(
        (action, top),
        (Action::ShowHelp, Overlay::Help { .. })
            | (Action::ShowWarnings, Overlay::Warnings { .. })
            | (Action::ShowLaunchInfo, Overlay::LaunchInfo { .. })
    );
    if closes {
        app.layers.pop();
        return Vec::new();
    }
    let last = layout::popup_scroll_limit(app, top);
    let page = layout::popup_rows(app, top).max(1);
    if let Some(Layer::Popup(
        Overlay::Help { scroll }
        | Overlay::Warnings { scroll }
        | Overlay::SinceRerun { scroll }
        | Overlay::LaunchInfo { scroll },
    )) = app.layers.top_mut()
    {
        if let Some(pos) = moved(*scroll, action, page, last) {
            *scroll = pos;
        }
    }
    Vec::new()
}

/// Keys while the rerun pane is shown: scrolling its output, and the rerun keys.
fn update_rerun_pane(app: &mut App, action: &Action) -> Vec<Effect> {
    let last = app.rerun.output.len().saturating_sub(1);
    let page = layout::rerun_rows(app).max(1);
    if app.rerun.follow && moved(0, action, page, last).is_some() {
        // Leave the tail where it is on screen, then scroll from there.
        app.rerun.follow = false;
        app.rerun.scroll = app.rerun.output.len().saturating_sub(page);
    }
    if let Some(pos) = moved(app.rerun.scroll, action, page, last) {
        app.rerun.scroll = pos.min(app.rerun.output.len().saturating_sub(page));
        app.rerun.follow = pos >= last;
        return Vec::new();
    }
    super::triage::update_triage(app, action).unwrap_or_default()
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

/// True once results are in (the browsing screen is up).
#[must_use]
pub fn is_browsing(app: &App) -> bool {
    app.loading != Loading::Results && app.load_error.is_none()
}
