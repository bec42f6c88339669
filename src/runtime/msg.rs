//! Messages from the worker threads to the event loop.

use crossterm::event::Event;

use crate::app::search::Matches;
use crate::app::viewer::ViewerState;
use crate::model::{HistoryBundle, Progress, Report};

/// Messages from the worker threads to the loop.
pub(super) enum Msg {
    Term(Event),
    Progress(Progress),
    Results {
        generation: u64,
        report: Box<Report>,
    },
    LoadFailed(String),
    History {
        generation: u64,
        bundle: Box<HistoryBundle>,
    },
    Matches {
        generation: u64,
        matches: Matches,
    },
    Attachment(Box<ViewerState>),
    RerunOutput(String),
    RerunFinished {
        exit: String,
        started: bool,
    },
    ResultsChanged,
}
