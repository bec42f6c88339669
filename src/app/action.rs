//! Everything the user (or the runtime) can ask of the app, as data.

use super::search::Matches;
use super::state::Tab;
use super::viewer::ViewerState;
use crate::model::baseline::RunListing;
use crate::model::{HistoryBundle, Progress, Report};

/// A large payload a runtime message carries (a loaded report, read history). Payloads compare
/// by identity: two messages are equal only when they carry the very same payload.
#[derive(Debug, Clone)]
pub struct Payload<T>(pub Box<T>);

impl<T> Payload<T> {
    /// Wraps a payload.
    pub fn new(value: T) -> Payload<T> {
        Payload(Box::new(value))
    }
}

impl<T> PartialEq for Payload<T> {
    fn eq(&self, other: &Payload<T>) -> bool {
        std::ptr::eq(std::ptr::from_ref(&*self.0), std::ptr::from_ref(&*other.0))
    }
}

impl<T> Eq for Payload<T> {}

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
    /// Go back one step (`Esc`): the top layer (popup, viewer, prompt, search prompt, rerun
    /// pane), then the full-screen detail, the detail focus, the active search, the status
    /// filter, the triage view.
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
    /// Reload the results (`R`).
    Reload,
    /// `q`: go back inside a view, quit at the top level.
    QuitOrBack,
    /// Widen (`>`) or narrow (`<`) the tree pane by some columns.
    ResizeTree(i8),
    /// Show the focused pane alone at full width, or both again (`z`).
    ToggleZoom,
    /// Cycle the order of tests in the tree (`s`): name, duration, status, flakiness; in the
    /// flaky view its own orders.
    CycleOrder,
    /// Mark every failed, broken or flaky test of the launch (`A`), whatever is shown.
    MarkFailedAndFlaky,
    /// Open the launch information: environment, executor, inputs read, run-level errors (`i`).
    ShowLaunchInfo,
    /// Show what changed against the baseline (`B`), or leave that view.
    ShowChangesView,
    /// Show the selected failure's cluster in the errors grouping (`c`).
    ShowCluster,

    // Messages from the runtime, applied like any other action.
    /// Loading progress.
    LoadProgress(Progress),
    /// Results were read (the first load, or a reload), at a wall-clock time (epoch ms).
    ResultsLoaded {
        /// The results.
        report: Payload<Report>,
        /// "Now" for relative dates.
        now_ms: i64,
    },
    /// History was read in the background.
    HistoryLoaded(Payload<HistoryBundle>),
    /// The baseline input (`--baseline PATH`) was read.
    BaselineLoaded(Payload<Report>),
    /// The baseline input could not be read, with the reason.
    BaselineFailed(String),
    /// For `--baseline run:N` of Allure 3 history: every test that run held (read with the
    /// history; sent before [`Action::HistoryLoaded`]).
    RunListingRead(Payload<Option<RunListing>>),
    /// Loading failed, with the reason.
    LoadFailed(String),
    /// A search worker answered.
    SearchAnswered {
        /// The query generation it answers.
        generation: u64,
        /// The answer.
        matches: Matches,
    },
    /// An attachment was read: open the viewer.
    AttachmentRead(Box<ViewerState>),
    /// A line of the rerun command's output.
    RerunOutput(String),
    /// The rerun command ended.
    RerunFinished {
        /// How it ended, for people ("exit status: 1").
        exit: String,
        /// Its exit code, when it exited normally.
        code: Option<i32>,
        /// False when it could not even start.
        started: bool,
    },
    /// The results directories changed on disk (`--watch`).
    ResultsChanged,
    /// A side effect reports back (saved a file, could not open one).
    Notice(String),
}

impl Action {
    /// True for messages from the runtime rather than from the user; these never clear the
    /// footer note or disarm a pending quit.
    #[must_use]
    pub fn is_runtime(&self) -> bool {
        matches!(
            self,
            Action::LoadProgress(_)
                | Action::ResultsLoaded { .. }
                | Action::HistoryLoaded(_)
                | Action::BaselineLoaded(_)
                | Action::BaselineFailed(_)
                | Action::RunListingRead(_)
                | Action::LoadFailed(_)
                | Action::SearchAnswered { .. }
                | Action::AttachmentRead(_)
                | Action::RerunOutput(_)
                | Action::RerunFinished { .. }
                | Action::ResultsChanged
                | Action::Notice(_)
                | Action::Resize(..)
        )
    }
}
