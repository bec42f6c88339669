//! Application state and its transitions (actions in, state and effects out).
//!
//! Depends on `model` and `analysis` (and ratatui's plain text and rectangle types, for the
//! documents and layouts it shares with the renderer); never on the renderer or the terminal.

pub mod action;
pub mod back;
pub mod bindings;
pub mod change_views;
pub mod compare;
mod copy;
pub mod detail;
pub mod detail_keys;
pub mod doc;
pub mod effect;
pub mod filter;
pub mod json_indent;
pub mod kinds;
pub mod labels;
pub mod layers;
pub mod layout;
pub mod mouse;
pub mod navigate;
pub mod order;
pub mod place;
pub mod rerun;
mod rerun_plan;
mod runtime_events;
pub mod search;
pub mod search_keys;
pub mod state;
pub mod text;
pub mod tree_build;
pub mod tree_state;
pub mod triage;
pub mod update;
pub mod viewer;
pub mod views;
pub mod wrap;

pub use action::Action;
pub use effect::Effect;
pub use layers::{Layer, View};
pub use state::{App, Focus, GroupBy, Loading, Overlay, Tab};
pub use update::update;
