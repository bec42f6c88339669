//! One load or reload of the TUI: results, then history, each handed over as an [`Action`].
//!
//! The runtime runs it on a worker thread for the first load, `R` and every `--watch` reload;
//! the soak bench runs the very same function in a loop. No terminal dependencies.

use crate::app::action::Payload;
use crate::app::Action;
use crate::model::{load_results, read_history, HistoryInput, LoadOptions, Progress};

/// Loads results and then history, sending `ResultsLoaded` (or `LoadFailed`) and then
/// `HistoryLoaded`. History is skipped when `is_latest` says a newer load has started meanwhile.
/// `now_ms` is the wall clock (epoch ms) given to the results, for relative dates.
pub fn load_and_send(
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
    now_ms: i64,
    is_latest: &dyn Fn() -> bool,
    send: &mut dyn FnMut(Action),
) {
    match load_results(options, progress) {
        Ok(report) if report.tests.is_empty() && report.files.pending == 0 => {
            let dirs: Vec<String> = options
                .dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect();
            send(Action::LoadFailed(format!(
                "no readable Allure results in {} ({} result files, {} unreadable)",
                dirs.join(", "),
                report.files.results,
                report.files.unreadable_results
            )));
        }
        Ok(report) => {
            let input = HistoryInput::of(&report);
            send(Action::ResultsLoaded {
                report: Payload::new(report),
                now_ms,
            });
            if !is_latest() {
                return;
            }
            let bundle = read_history(&input, options, progress);
            send(Action::HistoryLoaded(Payload::new(bundle)));
        }
        Err(e) => send(Action::LoadFailed(e.to_string())),
    }
}
