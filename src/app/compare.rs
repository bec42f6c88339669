//! The comparison with `--baseline` as the TUI keeps it: the baseline (read in the background,
//! or rebuilt from history), the change sets, and the state the Changes view explains while
//! they are not there yet. Changed only through `update`.

use std::sync::Arc;

use crate::analysis::baseline::Baseline;
use crate::analysis::changes::Changes;
use crate::model::baseline::{BaselineSpec, RunListing};
use crate::model::Report;

use super::layers::{Layer, View};
use super::state::{App, GroupBy, Loading};

/// How far the baseline got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum BaselineStatus {
    /// No `--baseline`.
    #[default]
    None,
    /// Being read.
    Loading,
    /// `previous` / `run:N`: waiting for the history.
    WaitingForHistory,
    /// It could not be read, and why.
    Failed(String),
    /// Compared.
    Ready,
}

/// The baseline and what changed against it.
#[derive(Debug, Clone, Default)]
pub struct CompareState {
    /// What `--baseline` named.
    pub spec: Option<BaselineSpec>,
    /// How far it got.
    pub status: BaselineStatus,
    /// The baseline, once read.
    pub baseline: Option<Arc<Baseline>>,
    /// The change sets of the shown launch against it.
    pub changes: Option<Changes>,
    /// For `run:N` of Allure 3 history: every test the run held (to name removed tests).
    pub listing: Option<RunListing>,
}

impl CompareState {
    /// A state for a `--baseline`, before anything is read.
    #[must_use]
    pub fn new(spec: Option<BaselineSpec>) -> CompareState {
        let status = match &spec {
            None => BaselineStatus::None,
            Some(BaselineSpec::Input(_)) => BaselineStatus::Loading,
            Some(BaselineSpec::Run(_)) => BaselineStatus::WaitingForHistory,
        };
        CompareState {
            spec,
            status,
            ..CompareState::default()
        }
    }

    /// Why the Changes view is empty, when it is.
    #[must_use]
    pub fn waiting_reason(&self) -> Option<String> {
        match &self.status {
            BaselineStatus::None => Some(
                "No baseline: start with --baseline B (another launch, `previous` or `run:N`) to see what changed. (Esc goes back.)"
                    .to_owned(),
            ),
            BaselineStatus::Loading => Some("Reading the baseline…".to_owned()),
            BaselineStatus::WaitingForHistory => {
                Some("Waiting for the history to compare with its run…".to_owned())
            }
            BaselineStatus::Failed(reason) => Some(format!("No comparison: {reason}")),
            BaselineStatus::Ready => None,
        }
    }
}

impl App {
    /// Recomputes the change sets for the shown launch: against the read baseline (another
    /// launch), or against a run of the launch's history once it is read (test ids change
    /// with every load, so a history baseline is rebuilt each time).
    pub fn refresh_changes(&mut self) {
        let state = &mut self.compare;
        match state.spec.clone() {
            None => {}
            Some(BaselineSpec::Input(_)) => {
                if let Some(baseline) = &state.baseline {
                    state.changes = Some(Changes::compare(&self.report, baseline));
                    state.status = BaselineStatus::Ready;
                }
            }
            Some(BaselineSpec::Run(n)) => {
                if self.loading != Loading::Done {
                    state.status = BaselineStatus::WaitingForHistory;
                    state.baseline = None;
                    state.changes = None;
                    return;
                }
                match Baseline::of_run(&self.report, n, state.listing.clone()) {
                    Ok(baseline) => {
                        state.changes = Some(Changes::compare(&self.report, &baseline));
                        state.baseline = Some(Arc::new(baseline));
                        state.status = BaselineStatus::Ready;
                    }
                    Err(reason) => {
                        state.baseline = None;
                        state.changes = None;
                        state.status = BaselineStatus::Failed(reason);
                    }
                }
            }
        }
        if let Some(warning) = self
            .compare
            .changes
            .as_ref()
            .and_then(|c| c.warning.clone())
        {
            self.note = Some(warning);
        }
    }

    /// The baseline input was read.
    pub fn on_baseline(&mut self, report: Report) {
        let Some(BaselineSpec::Input(path)) = &self.compare.spec else {
            return;
        };
        if report.tests.is_empty() {
            self.on_baseline_failed(format!(
                "no readable Allure results in {} ({} result files)",
                path.display(),
                report.files.results
            ));
            return;
        }
        self.compare.baseline = Some(Arc::new(Baseline::of_report(report, path)));
        self.refresh_changes();
        self.after_changes();
    }

    /// The baseline could not be read.
    pub fn on_baseline_failed(&mut self, reason: String) {
        self.note = Some(format!("baseline: {reason}"));
        self.compare.status = BaselineStatus::Failed(reason);
        self.compare.changes = None;
        self.after_changes();
    }

    /// Shows new change sets: the Changes view is rebuilt, and selects its first failure when
    /// nothing was selected yet.
    pub(crate) fn after_changes(&mut self) {
        // The detail (Overview, Diff) says what changed: build it again.
        self.revision += 1;
        if self.shown_grouping() == GroupBy::Changes {
            let had = self.selected_node().is_some();
            self.rebuild_tree(None);
            if !had {
                super::update::select_first_problem(self);
            }
        }
    }

    /// Opens on the Changes view when a baseline was given (the first load only).
    pub(crate) fn land_on_changes(&mut self) {
        if self.compare.spec.is_some() {
            self.layers.push(Layer::View(View::Changes));
        }
    }
}
