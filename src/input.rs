//! Keyboard input: key names and the binding table.

pub mod key;
pub mod keymap;

/// The binding table lives with the actions it names (the help is built from it there).
pub use crate::app::bindings;
