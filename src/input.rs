//! Keyboard input: key names and the binding table.

pub mod bindings;
pub mod key;
pub mod keymap;
