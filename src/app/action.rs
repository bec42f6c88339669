//! Everything the user (or the runtime) can ask of the app, as data.

use super::state::Tab;

/// Where a cursor over `0..=last` goes for a movement action (`None`: not a movement):
/// one line, one page, or to either end.
#[must_use]
pub fn moved(pos: usize, action: &Action, page: usize, last: usize) -> Option<usize> {
    Some(match action {
        Action::MoveDown => (pos + 1).min(last),
        Action::MoveUp => pos.saturating_sub(1),
        Action::PageDown => (pos + page).min(last),
        Action::PageUp => pos.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

/// A request to change the app state. Keys, mouse and runtime messages all become actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave the program.
    Quit,
    /// Ctrl-C: stop a running rerun, else leave the program.
    Interrupt,
    /// Move the cursor (or scroll) down one line.
    MoveDown,
    /// Move the cursor (or scroll) up one line.
    MoveUp,
    /// Move down one page.
    PageDown,
    /// Move up one page.
    PageUp,
    /// Go to the first line.
    Top,
    /// Go to the last line.
    Bottom,
    /// Collapse the group (or go to its parent).
    Collapse,
    /// Expand the group (or go to its first child).
    Expand,
    /// Enter: toggle a group, open a test's detail (narrow screens) or an attachment.
    Activate,
    /// Leave the current view: close the detail (narrow), clear the search.
    Back,
    /// Switch focus between tree and detail.
    SwitchFocus,
    /// Show a detail tab.
    ShowTab(Tab),
    /// Next detail tab.
    NextTab,
    /// Previous detail tab.
    PrevTab,
    /// Start typing a fuzzy search.
    StartSearch,
    /// Type a character into the search (or viewer search).
    SearchInsert(char),
    /// Delete the last search character.
    SearchBackspace,
    /// Clear the search (or prompt) text.
    SearchClear,
    /// Keep the search as a filter and return to the tree.
    SearchAccept,
    /// Drop the search.
    SearchCancel,
    /// Select the next failed or broken test.
    NextProblem,
    /// Select the previous failed or broken test.
    PrevProblem,
    /// Cycle the status filter.
    CycleFilter,
    /// Cycle the tree grouping.
    CycleGrouping,
    /// Open the warnings list.
    ShowWarnings,
    /// Open the help.
    ShowHelp,
    /// Close the top overlay.
    CloseOverlay,
    /// Fold or unfold the stack trace.
    ToggleTrace,
    /// Expand every group of the tree.
    ExpandAll,
    /// Collapse every group of the tree.
    CollapseAll,
    /// The terminal was resized.
    Resize(u16, u16),
    /// Mouse click at a cell.
    Click(u16, u16),
    /// Mouse wheel at a cell: positive scrolls down.
    Scroll(u16, u16, i8),
    /// Viewer: jump to the next search match.
    NextMatch,
    /// Viewer: jump to the previous search match.
    PrevMatch,
    /// Mark or unmark the selected test (every test of a selected group).
    ToggleMark,
    /// Mark every test the current filter shows.
    MarkAllShown,
    /// Drop every mark.
    ClearMarks,
    /// Write a test plan for the marked (or selected) tests and run the rerun command.
    Rerun,
    /// Stop the running rerun command.
    StopRerun,
    /// Show or hide the rerun pane.
    ToggleRerunPane,
    /// Copy the selected test's full name (OSC 52).
    CopyFullName,
    /// Open the copy menu.
    OpenCopyMenu,
    /// Copy menu: copy item N (0-based).
    CopyItem(usize),
    /// Open the selected attachment in `$PAGER` or the system opener.
    OpenExternally,
    /// Ask for a path and save the selected attachment there.
    StartSave,
    /// Show the flaky view (ranked).
    ShowFlakyView,
    /// Show the needs-triage view.
    ShowTriageView,
    /// Flaky view: change the order.
    CycleSort,
    /// The results changed on disk (watch) or a rerun ended: reload them.
    Reload,
}
