//! The JSON summary's `baseline`, `changes` and `clusters` (documented in the README).

use serde::Serialize;

use crate::analysis::baseline::{Baseline, BaselineOrigin};
use crate::analysis::changes::{Change, ChangeSet, Comparison};
use crate::analysis::clusters::Clusters;
use crate::model::{Report, Status};

/// `baseline`: what the launch was compared with, and what that baseline can answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BaselineDoc<'a> {
    /// As given: a path, `previous` or `run:N`.
    source: String,
    /// `input` (another launch) or `history` (a run of this launch's history).
    kind: &'static str,
    /// For an input: its launch title.
    title: Option<String>,
    /// For a history run: what the history says of it.
    run: Option<RunDoc<'a>>,
    /// Tests the baseline holds (for a history run: the entries it has of current tests, and
    /// the removed ones when it lists its tests).
    tests: usize,
    /// Tests matched by Allure identity.
    matched_by_key: usize,
    /// Tests matched by normalised full name (XML inputs).
    matched_by_name: usize,
    /// False when removed tests cannot be told (then `changes.removed` is null).
    removed_available: bool,
    /// Whether the baseline's results have steps.
    steps_available: bool,
    /// Whether its failures have traces.
    traces_available: bool,
    /// What it cannot answer, and warnings.
    notes: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunDoc<'a> {
    n: usize,
    name: Option<&'a str>,
    timestamp: Option<i64>,
    build_order: Option<i64>,
    url: Option<&'a str>,
}

/// One test of a change set.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeDoc<'a> {
    key: &'a str,
    full_name: Option<&'a str>,
    name: &'a str,
    status: Option<Status>,
    baseline_status: Option<Status>,
    /// Only in `slower`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    durations: Option<DurationsDoc>,
}

/// Both durations of a slower test, ms.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DurationsDoc {
    duration: Option<i64>,
    baseline_duration: Option<i64>,
}

/// `changes`: the change sets, each an array of [`ChangeDoc`]; `removed` is null when the
/// baseline cannot tell.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangesDoc<'a> {
    new_failures: Vec<ChangeDoc<'a>>,
    still_failing: Vec<ChangeDoc<'a>>,
    fixed: Vec<ChangeDoc<'a>>,
    newly_skipped: Vec<ChangeDoc<'a>>,
    added: Vec<ChangeDoc<'a>>,
    removed: Option<Vec<ChangeDoc<'a>>>,
    slower: Vec<ChangeDoc<'a>>,
}

/// One failure cluster.
#[derive(Serialize)]
pub struct ClusterDoc<'a> {
    id: &'a str,
    signature: &'a str,
    count: usize,
    tests: Vec<&'a str>,
}

/// The `baseline` header.
#[must_use]
pub fn baseline_doc(comparison: &Comparison, title: Option<String>) -> BaselineDoc<'_> {
    let baseline: &Baseline = &comparison.baseline;
    let m = &comparison.changes.matching;
    let (kind, run) = match &baseline.origin {
        BaselineOrigin::Input { .. } => ("input", None),
        BaselineOrigin::Run { n, info } => (
            "history",
            Some(RunDoc {
                n: *n,
                name: info.as_ref().and_then(|r| r.name.as_deref()),
                timestamp: info.as_ref().and_then(|r| r.timestamp),
                build_order: info.as_ref().and_then(|r| r.build_order),
                url: info.as_ref().and_then(|r| r.url.as_deref()),
            }),
        ),
    };
    BaselineDoc {
        source: baseline.label(),
        kind,
        title,
        run,
        tests: baseline.tests.len(),
        matched_by_key: m.by_key,
        matched_by_name: m.by_name,
        removed_available: comparison.changes.removed_available,
        steps_available: baseline.has_steps,
        traces_available: baseline.has_traces,
        notes: &comparison.changes.notes,
    }
}

fn change_doc<'a>(
    report: &'a Report,
    comparison: &'a Comparison,
    change: Change,
    durations: bool,
) -> ChangeDoc<'a> {
    let now = change.test.map(|t| &report.tests[t as usize]);
    let before = change.baseline.and_then(|b| comparison.baseline_test(b));
    let (key, full_name, name) = match (now, before) {
        (Some(t), _) => (
            t.key.as_str(),
            t.result.full_name.as_deref(),
            t.result.name.as_str(),
        ),
        (None, Some(b)) => (b.key.as_str(), b.full_name.as_deref(), b.name.as_str()),
        (None, None) => ("", None, ""),
    };
    ChangeDoc {
        key,
        full_name,
        name,
        status: now.map(|t| t.result.status),
        baseline_status: before.map(|b| b.status),
        durations: durations.then(|| DurationsDoc {
            duration: now.and_then(|t| t.result.duration()),
            baseline_duration: before.and_then(|b| b.duration),
        }),
    }
}

/// The `changes` object.
#[must_use]
pub fn changes_doc<'a>(report: &'a Report, comparison: &'a Comparison) -> ChangesDoc<'a> {
    let set = |set: ChangeSet| -> Vec<ChangeDoc<'a>> {
        comparison
            .changes
            .get(set)
            .iter()
            .map(|&c| change_doc(report, comparison, c, set == ChangeSet::Slower))
            .collect()
    };
    ChangesDoc {
        new_failures: set(ChangeSet::NewFailures),
        still_failing: set(ChangeSet::StillFailing),
        fixed: set(ChangeSet::Fixed),
        newly_skipped: set(ChangeSet::NewlySkipped),
        added: set(ChangeSet::Added),
        removed: comparison
            .changes
            .removed_available
            .then(|| set(ChangeSet::Removed)),
        slower: set(ChangeSet::Slower),
    }
}

/// The `clusters` array, largest first.
#[must_use]
pub fn clusters_doc<'a>(report: &'a Report, clusters: &'a Clusters) -> Vec<ClusterDoc<'a>> {
    clusters
        .clusters
        .iter()
        .map(|c| ClusterDoc {
            id: &c.id,
            signature: &c.signature,
            count: c.tests.len(),
            tests: c
                .tests
                .iter()
                .map(|&t| report.tests[t as usize].key.as_str())
                .collect(),
        })
        .collect()
}
