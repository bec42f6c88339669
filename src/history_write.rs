//! Writing history without Java or Node: `history append` adds the current launch to an
//! Allure 3 `history.jsonl` or an Allure 2 `history/` directory exactly as the real tools do,
//! safely (lock file, temp file + rename) and refusing a launch that is already recorded.
//!
//! Depends on `model` only; no terminal dependencies.

pub mod allure2_dir;
pub mod allure3_append;
pub mod allure3_line;
pub mod convert;
mod ids;
mod json_object;
pub mod launch_view;
pub mod raw_result;
pub mod safe_file;
pub mod show;

use std::path::{Path, PathBuf};

use allure2_dir::{update_allure2, Allure2Policy, Allure2Run, Allure2Update};
use allure3_append::{plan_append, write_append, JsonlPlan, KeepPolicy};
use allure3_line::{build_line, RunMeta};
use safe_file::{HistoryLock, LOCK_WAIT};

use crate::model::{Report, Status};

/// Which history format a path means: a `.jsonl` file is Allure 3, anything else an Allure 2
/// `history/` directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKind {
    /// Allure 3 `history.jsonl`.
    Allure3Jsonl,
    /// Allure 2 `history/` directory.
    Allure2Dir,
}

impl HistoryKind {
    /// The kind a path names.
    #[must_use]
    pub fn of(path: &Path) -> HistoryKind {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
        {
            HistoryKind::Allure3Jsonl
        } else {
            HistoryKind::Allure2Dir
        }
    }
}

/// Options of `history append`.
#[derive(Debug, Clone, Default)]
pub struct AppendOptions {
    /// The history to append to.
    pub to: PathBuf,
    /// Write the result here instead of over `to` (same format).
    pub output: Option<PathBuf>,
    /// Compute and report, write nothing.
    pub dry_run: bool,
    /// Append even when the launch is already recorded.
    pub force: bool,
    /// Keep the newest N runs.
    pub history_limit: Option<usize>,
    /// Drop tests unseen for N runs.
    pub prune_after: Option<usize>,
    /// Report name (Allure 3 line `name`; Allure 2 trend `reportName`, default from executor).
    pub report_name: Option<String>,
    /// Report URL (default: `executor.json` `reportUrl`).
    pub report_url: Option<String>,
}

/// What an append did.
#[derive(Debug, Clone)]
pub enum AppendOutcome {
    /// Allure 3 line appended (or planned).
    Allure3(JsonlPlan),
    /// Allure 2 files updated (or planned).
    Allure2(Allure2Update),
}

/// Why an append did not happen.
#[derive(Debug)]
pub enum AppendError {
    /// The launch's results are already in the history.
    AlreadyRecorded(String),
    /// Reading or writing failed.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for AppendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppendError::AlreadyRecorded(what) => {
                write!(f, "this launch is already in the history ({what}); use --force to append it again")
            }
            AppendError::Io(path, e) => write!(f, "{}: {e}", path.display()),
        }
    }
}

impl std::error::Error for AppendError {}

/// Appends the launch in `report` to the history `options.to`, returning what changed and
/// notes (results that had to be taken from the loaded model, unreadable old files).
pub fn append(
    report: &Report,
    options: &AppendOptions,
) -> Result<(AppendOutcome, Vec<String>), AppendError> {
    let target = options.output.clone().unwrap_or_else(|| options.to.clone());
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| AppendError::Io(path, e)
    };
    let _lock = if options.dry_run {
        None
    } else {
        Some(HistoryLock::acquire(&target, LOCK_WAIT).map_err(io(&target))?)
    };
    match HistoryKind::of(&options.to) {
        HistoryKind::Allure3Jsonl => {
            let meta = RunMeta::now(options.report_name.clone(), options.report_url.clone());
            let (line, notes) = build_line(report, &meta);
            let policy = KeepPolicy {
                history_limit: options.history_limit,
                prune_after: options.prune_after,
            };
            let plan = plan_append(&options.to, &line, policy).map_err(io(&options.to))?;
            if !plan.duplicates.is_empty() && !options.force {
                let (number, entries) = plan.duplicates[0];
                return Err(AppendError::AlreadyRecorded(format!(
                    "line {number} holds {entries} of its {} results",
                    plan.tests
                )));
            }
            if options.dry_run {
                return Ok((AppendOutcome::Allure3(plan), notes));
            }
            let plan = write_append(&options.to, &target, &line, policy).map_err(io(&target))?;
            Ok((AppendOutcome::Allure3(plan), notes))
        }
        HistoryKind::Allure2Dir => {
            let source = options.to.is_dir().then_some(options.to.as_path());
            if let Some(dir) = source {
                if !options.force {
                    if let Some(what) = allure2_already_recorded(report, dir) {
                        return Err(AppendError::AlreadyRecorded(what));
                    }
                }
            }
            let run = Allure2Run::of(
                report,
                options.report_name.as_deref(),
                options.report_url.as_deref(),
            );
            let update = update_allure2(
                report,
                source,
                &run,
                Allure2Policy {
                    history_limit: options.history_limit,
                    prune_after: options.prune_after,
                },
            );
            let notes = update
                .problems
                .iter()
                .map(|(file, reason)| format!("{file}: {reason} (rewritten)"))
                .collect();
            if !options.dry_run {
                write_allure2(&target, &update).map_err(io(&target))?;
            }
            Ok((AppendOutcome::Allure2(update), notes))
        }
    }
}

/// Writes the five files, each through a temp file and a rename.
pub fn write_allure2(dir: &Path, update: &Allure2Update) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in &update.files {
        safe_file::write_atomic(&dir.join(name), text.as_bytes())?;
    }
    Ok(())
}

/// Allure 2 items carry random uids, so a launch appended twice is recognised by its results:
/// every keyed result's newest item has the same status, start and stop.
fn allure2_already_recorded(report: &Report, dir: &Path) -> Option<String> {
    let wanted: std::collections::HashSet<String> = report
        .tests
        .iter()
        .filter_map(|t| t.keys.allure2.as_deref().map(str::to_owned))
        .collect();
    let history = crate::model::history::allure2::read_allure2_dir(dir, &wanted);
    let keys = launch_view::Allure2Keys::of(report);
    let view = keys.view(report);
    let mut same = 0usize;
    for shown in &view.shown {
        let Some(key) = shown.key else { continue };
        let newest = history.items.get(key).and_then(|items| items.first())?;
        let result = shown.result;
        let matches = newest.status == result.status
            && newest.start == result.start
            && newest.stop == result.stop;
        if !matches {
            return None;
        }
        same += 1;
    }
    (same > 0).then(|| {
        format!("the newest history item of all {same} tests has their status, start and stop")
    })
}

/// Status counts of a launch's shown results, Allure 3's grouping (for messages).
#[must_use]
pub fn launch_counts(report: &Report) -> Vec<(Status, u32)> {
    let mut counts = crate::model::StatusCounts::default();
    for test in &report.tests {
        counts.add(test.result.status);
    }
    Status::ALL.iter().map(|s| (*s, counts.get(*s))).collect()
}
