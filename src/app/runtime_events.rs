//! Messages from the runtime (loads, history, search answers, attachments, the rerun process,
//! file changes, resizes), applied as actions like any key: so loads, reloads and reruns are
//! tested without a terminal.

use super::action::Action;
use super::effect::Effect;
use super::layers::Layer;
use super::search_keys::apply_matches;
use super::state::{App, Loading, Overlay};
use super::update::sync_heights;

/// How long to wait before reading files again that were still being written (ms).
pub const PENDING_RELOAD_MS: u64 = 500;

/// Applies a runtime message.
pub(crate) fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Resize(w, h) => {
            app.size = (w, h);
            // Narrow screens show one pane: the one with the focus, so keys never act on a
            // pane that is not drawn (wide to narrow with the detail focused shows the detail).
            app.detail_open = app.is_narrow() && app.focus == super::state::Focus::Detail;
            sync_heights(app);
        }
        Action::LoadProgress(progress) => app.progress = Some(progress),
        Action::ResultsLoaded { report, now_ms } => {
            // Relative times ("3m ago") are measured from the latest load.
            app.now_ms = now_ms;
            let report = *report.0;
            let pending = report.files.pending > 0;
            if app.loading == Loading::Results {
                // Results that arrive after a failed first load (`--watch` on a directory the
                // tests have not written yet) replace the error screen.
                app.load_error = None;
                app.on_results(report);
            } else {
                let before = app.report.tests.len();
                app.on_reload(report);
                // Say why the screen changed (a watched directory, `R`), unless the popup
                // comparing a rerun's tests says more.
                if !matches!(
                    app.layers.top(),
                    Some(Layer::Popup(Overlay::SinceRerun { .. }))
                ) {
                    let now = app.report.tests.len();
                    let change = match now.cmp(&before) {
                        std::cmp::Ordering::Greater => format!(" ({} more)", now - before),
                        std::cmp::Ordering::Less => format!(" ({} fewer)", before - now),
                        std::cmp::Ordering::Equal => String::new(),
                    };
                    app.note = Some(format!(
                        "results reloaded: {}{change}",
                        super::text::plural(now, "test")
                    ));
                }
            }
            sync_heights(app);
            if pending {
                // Some files were still being written: look again shortly.
                return vec![Effect::ReloadLater {
                    after_ms: PENDING_RELOAD_MS,
                }];
            }
        }
        Action::HistoryLoaded(bundle) => {
            app.on_history(*bundle.0);
            sync_heights(app);
        }
        Action::BaselineLoaded(report) => app.on_baseline(*report.0),
        Action::BaselineFailed(reason) => app.on_baseline_failed(reason),
        Action::RunListingRead(listing) => app.compare.listing = *listing.0,
        Action::LoadFailed(reason) => {
            // The failed load's progress ends with it: the footer stops saying "loading".
            app.progress = None;
            if app.loading == Loading::Results {
                app.load_error = Some(reason);
            } else {
                app.note = Some(reason);
            }
        }
        Action::SearchAnswered {
            generation,
            matches,
        } => apply_matches(app, generation, matches),
        Action::AttachmentRead(viewer) => {
            // The user may have moved on (another test, another layer) while it was read; the
            // viewer still opens on top, where `Esc` closes it.
            app.layers.push(Layer::Viewer(viewer));
        }
        Action::RerunOutput(line) => app.rerun.push_output(line),
        Action::RerunFinished {
            exit,
            code,
            started,
        } => {
            app.on_rerun_finished(&exit, code, started);
            if started {
                return vec![Effect::Reload];
            }
        }
        Action::ResultsChanged => return vec![Effect::Reload],
        Action::Notice(text) => app.note = Some(text),
        _ => {}
    }
    Vec::new()
}
