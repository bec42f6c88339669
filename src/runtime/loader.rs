//! One load or reload of the TUI: results, then history, each handed over as an [`Action`].
//!
//! The runtime runs it on a worker thread for the first load, `R` and every `--watch` reload;
//! the soak bench runs the very same function in a loop. No terminal dependencies.

use crate::app::action::Payload;
use crate::app::Action;
use crate::model::baseline::read_run_listing;
use crate::model::{load_results, read_history, HistoryInput, LoadOptions, Progress};

/// Loads results and then history, sending `ResultsLoaded` (or `LoadFailed`) and then
/// `HistoryLoaded`. History is skipped when `is_latest` says a newer load has started meanwhile.
/// `now_ms` is the wall clock (epoch ms) given to the results, for relative dates. With
/// `baseline_run` (`--baseline run:N`), that history run's listing is sent too
/// (`RunListingRead`), before the history.
pub fn load_and_send(
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
    now_ms: i64,
    baseline_run: Option<usize>,
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
                "no readable Allure results in {} ({} result files, {} unreadable){}",
                dirs.join(", "),
                report.files.results,
                report.files.unreadable_results,
                report.why_no_tests()
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
            if let Some(n) = baseline_run {
                // The run's own line lists every test it held: the removed ones too.
                let listing = read_run_listing(&bundle.runs, options, &input.locations, n);
                send(Action::RunListingRead(Payload::new(listing)));
            }
            send(Action::HistoryLoaded(Payload::new(bundle)));
        }
        Err(e) => send(Action::LoadFailed(e.to_string())),
    }
}
