//! Application state and its transitions (actions in, state and effects out).
//!
//! Depends on `model` and `analysis`; never on the renderer or the terminal.

pub mod action;
pub mod detail;
pub mod detail_keys;
pub mod effect;
pub mod filter;
pub mod kinds;
pub mod layout;
pub mod mouse;
pub mod navigate;
pub mod rerun;
pub mod search;
pub mod search_keys;
pub mod state;
pub mod tree_state;
pub mod triage;
pub mod update;
pub mod viewer;
pub mod views;

pub use action::Action;
pub use effect::Effect;
pub use state::{App, Focus, GroupBy, Loading, Overlay, Tab};
pub use update::update;
