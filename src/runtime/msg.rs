//! Messages from the worker threads to the event loop: terminal events, and everything else as
//! the action it becomes (so `update` is the only place state changes).

use crossterm::event::Event;

use crate::app::Action;

/// Messages from the worker threads to the loop.
pub(super) enum Msg {
    /// A terminal event (key, mouse, resize).
    Term(Event),
    /// A message of one load (results, history, failure); dropped when a newer load started.
    Load {
        /// The load it belongs to.
        generation: u64,
        /// What it says.
        action: Action,
    },
    /// Any other message (progress, search answers, attachments, the rerun, file changes).
    Action(Action),
}
