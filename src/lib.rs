//! allure-tui: a fast, keyboard-driven terminal UI for browsing Allure test reports.
//!
//! Layers, with dependencies pointing one way only: `model` (reading Allure data) ←
//! `analysis` (Allure's rules over the model) ← `summary` / UI ← `runtime` ← `main`.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod heap;
pub mod history_write;
pub mod input;
pub mod model;
pub mod runtime;
pub mod sample;
pub mod sanitize;
pub mod sparkline;
pub mod summary;
pub mod symbols;
pub mod theme;
pub mod ui;

#[cfg(test)]
pub(crate) mod test_support;
