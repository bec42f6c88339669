//! Going back one step at a time (`Esc`, and `q` inside a view), as in lazygit and k9s.
//!
//! One function decides what the next step back is; `update` applies it and the footer names
//! it, so the hint always says what `Esc` will do.

use super::effect::Effect;
use super::filter::StatusFilter;
use super::layers::{Layer, View};
use super::search_keys::{cancel_search, clear_search};
use super::state::{App, Focus};

/// What `Esc` does next, in this order: the top layer (popup, viewer search, viewer, prompt,
/// search prompt, rerun pane), then the full-screen detail (narrow screens), the detail focus,
/// the active search, the status filter and the triage view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackStep {
    /// Close the top popup.
    ClosePopup,
    /// Stop typing in the viewer's search.
    CancelViewerSearch,
    /// Close the attachment viewer.
    CloseViewer,
    /// Cancel the prompt.
    CancelPrompt,
    /// Leave the search prompt, restoring the query it started from.
    CancelSearch,
    /// Hide the rerun pane.
    HideRerun,
    /// Leave the full-screen detail (narrow screens).
    CloseDetail,
    /// Move the focus from the detail back to the tree.
    FocusTree,
    /// Drop the active search.
    ClearSearch,
    /// Show every status again.
    ClearFilter,
    /// Leave the flaky, triage or changes view.
    LeaveView(View),
}

impl BackStep {
    /// The footer's words for it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            BackStep::ClosePopup | BackStep::CloseViewer => "close",
            BackStep::CancelViewerSearch | BackStep::CancelPrompt | BackStep::CancelSearch => {
                "cancel"
            }
            BackStep::HideRerun => "hide output",
            BackStep::CloseDetail | BackStep::FocusTree => "back to tree",
            BackStep::ClearSearch => "clear search",
            BackStep::ClearFilter => "clear filter",
            BackStep::LeaveView(View::Flaky) => "leave flaky view",
            BackStep::LeaveView(View::Triage) => "leave triage view",
            BackStep::LeaveView(View::Changes) => "leave changes view",
        }
    }
}

/// The step `Esc` takes now; `None` at the top level with nothing to undo.
#[must_use]
pub fn next_step(app: &App) -> Option<BackStep> {
    match app.layers.top() {
        Some(Layer::Popup(_)) => return Some(BackStep::ClosePopup),
        Some(Layer::Viewer(v)) if v.typing => return Some(BackStep::CancelViewerSearch),
        Some(Layer::Viewer(_)) => return Some(BackStep::CloseViewer),
        Some(Layer::Prompt(_)) => return Some(BackStep::CancelPrompt),
        Some(Layer::Search) => return Some(BackStep::CancelSearch),
        Some(Layer::Rerun) => return Some(BackStep::HideRerun),
        Some(Layer::View(_)) | None => {}
    }
    if app.is_narrow() && app.detail_open {
        Some(BackStep::CloseDetail)
    } else if app.focus == Focus::Detail {
        Some(BackStep::FocusTree)
    } else if app.search.is_active() {
        Some(BackStep::ClearSearch)
    } else if app.filter != StatusFilter::All {
        Some(BackStep::ClearFilter)
    } else {
        app.layers.view().map(BackStep::LeaveView)
    }
}

/// True when `q` should go back rather than quit: inside any layer or the full-screen detail.
#[must_use]
pub fn q_goes_back(app: &App) -> bool {
    !app.layers.is_empty() || (app.is_narrow() && app.detail_open)
}

/// Takes one step back; returns the effects it needs (a search restored on a large report).
pub fn go_back(app: &mut App) -> Vec<Effect> {
    let Some(step) = next_step(app) else {
        app.note = Some("nothing to go back to (q quits)".to_owned());
        return Vec::new();
    };
    match step {
        BackStep::ClosePopup | BackStep::CloseViewer | BackStep::HideRerun => {
            app.layers.pop();
        }
        BackStep::CancelViewerSearch => {
            if let Some(viewer) = app.layers.viewer_mut() {
                viewer.typing = false;
                viewer.query.clear();
                viewer.update_matches();
            }
        }
        BackStep::CancelPrompt => app.layers.remove(|l| matches!(l, Layer::Prompt(_))),
        BackStep::CancelSearch => return cancel_search(app),
        BackStep::CloseDetail => {
            app.detail_open = false;
            app.focus = Focus::Tree;
        }
        BackStep::FocusTree => app.focus = Focus::Tree,
        BackStep::ClearSearch => clear_search(app),
        BackStep::ClearFilter => {
            app.filter = StatusFilter::All;
            app.refresh_rows();
            super::update::on_selection_changed(app);
        }
        BackStep::LeaveView(_) => {
            app.layers.remove(|l| matches!(l, Layer::View(_)));
            app.rebuild_tree(None);
            super::update::on_selection_changed(app);
        }
    }
    Vec::new()
}
