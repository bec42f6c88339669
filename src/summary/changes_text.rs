//! The "Changes" and "Failure clusters" sections of the text and Markdown summaries.
//!
//! Each set lists at most [`LISTED_PER_SET`] tests (the JSON has them all), so a baseline from
//! another suite cannot flood a CI log.

use std::fmt::Write;

use super::markdown::cell;
use super::{first_line, format_duration, truncate, Extras};
use crate::analysis::baseline::BaselineOrigin;
use crate::analysis::changes::{Change, ChangeSet, Comparison};
use crate::model::{Report, Status};
use crate::sanitize::sanitize_line;
use crate::symbols::Symbols;

/// Tests listed per change set.
pub const LISTED_PER_SET: usize = 50;
/// Clusters listed.
pub const LISTED_CLUSTERS: usize = 20;

/// What the baseline was, for a heading: `previous (Corpus CI, build #9)` or a path with its
/// launch's title.
#[must_use]
pub fn baseline_title(comparison: &Comparison) -> String {
    let baseline = &comparison.baseline;
    let detail = match &baseline.origin {
        BaselineOrigin::Input { .. } => baseline.report.as_ref().map(super::launch_title),
        BaselineOrigin::Run { n, info } => {
            let mut parts = Vec::new();
            if let Some(name) = info.as_ref().and_then(|r| r.name.as_deref()) {
                parts.push(sanitize_line(name).into_owned());
            }
            if let Some(order) = info.as_ref().and_then(|r| r.build_order) {
                parts.push(format!("build #{order}"));
            }
            if parts.is_empty() {
                parts.push(format!("run {n} of the history"));
            }
            Some(parts.join(", "))
        }
    };
    let label = sanitize_line(&baseline.label()).into_owned();
    match detail {
        Some(detail) => format!("{label} ({detail})"),
        None => label,
    }
}

/// `2 new failures · 1 fixed · …`: every set with its count (removed: `n/a` when the baseline
/// cannot tell).
#[must_use]
pub fn counts_line(comparison: &Comparison, dot: &str) -> String {
    ChangeSet::ALL
        .iter()
        .map(|&set| {
            let title = set.title().to_lowercase();
            if set == ChangeSet::Removed && !comparison.changes.removed_available {
                format!("{title} n/a")
            } else {
                format!("{} {title}", comparison.changes.get(set).len())
            }
        })
        .collect::<Vec<_>>()
        .join(dot)
}

/// Name, status now and in the baseline, and durations (slower), of one change.
struct Row {
    name: String,
    status: Option<Status>,
    before: Option<Status>,
    durations: Option<(Option<i64>, Option<i64>)>,
    message: Option<String>,
}

fn row(report: &Report, comparison: &Comparison, change: Change, set: ChangeSet) -> Row {
    let now = change.test.map(|t| &report.tests[t as usize]);
    let before = change.baseline.and_then(|b| comparison.baseline_test(b));
    let name = now.map_or_else(
        || before.map_or_else(String::new, |b| b.name.to_string()),
        |t| t.result.name.to_string(),
    );
    let message = match set {
        ChangeSet::NewFailures | ChangeSet::StillFailing => {
            now.and_then(|t| t.result.details.message.as_deref().map(str::to_owned))
        }
        ChangeSet::Fixed | ChangeSet::Removed => {
            before.and_then(|b| b.message.as_deref().map(str::to_owned))
        }
        _ => None,
    };
    Row {
        name,
        status: now.map(|t| t.result.status),
        before: before.map(|b| b.status),
        durations: (set == ChangeSet::Slower).then(|| {
            (
                now.and_then(|t| t.result.duration()),
                before.and_then(|b| b.duration),
            )
        }),
        message,
    }
}

/// `1 cluster`, `6 clusters`.
fn counted(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

fn duration_text(ms: Option<i64>) -> String {
    ms.map_or_else(|| "-".to_owned(), format_duration)
}

/// `(was passed)`, `(was broken)`, `(new)`: the baseline side of a row.
fn was(row: &Row) -> String {
    match (row.before, row.durations) {
        (_, Some((now, before))) => {
            format!("{} (was {})", duration_text(now), duration_text(before))
        }
        (Some(before), None) if Some(before) != row.status => format!("(was {})", before.as_str()),
        (Some(_), None) => String::new(),
        (None, None) => "(not in the baseline)".to_owned(),
    }
}

/// The text summary's sections.
#[must_use]
pub fn text(report: &Report, extras: &Extras, symbols: &Symbols) -> String {
    let mut out = String::new();
    if let Some(comparison) = extras.comparison {
        let _ = writeln!(
            out,
            "\nChanges against {}:\n  {}",
            baseline_title(comparison),
            counts_line(comparison, symbols.dot)
        );
        for set in ChangeSet::ALL {
            let changes = comparison.changes.get(set);
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "  {} ({}):", set.title(), changes.len());
            for &change in changes.iter().take(LISTED_PER_SET) {
                let row = row(report, comparison, change, set);
                let mark = row.status.or(row.before).map_or("", |s| symbols.status(s));
                let name = truncate(&sanitize_line(&row.name), 120, symbols);
                let was = was(&row);
                if was.is_empty() {
                    let _ = writeln!(out, "    {mark} {name}");
                } else {
                    let _ = writeln!(out, "    {mark} {name}  {was}");
                }
                if let Some(message) = first_line(row.message.as_deref(), 160, symbols) {
                    let _ = writeln!(out, "      {message}");
                }
            }
            if changes.len() > LISTED_PER_SET {
                let _ = writeln!(
                    out,
                    "    ... and {} more (see --format json)",
                    changes.len() - LISTED_PER_SET
                );
            }
        }
        for note in &comparison.changes.notes {
            let _ = writeln!(out, "  note: {}", sanitize_line(note));
        }
    }
    let clusters = &extras.clusters.clusters;
    if !clusters.is_empty() {
        let _ = writeln!(
            out,
            "\nFailure clusters ({}, {}):",
            counted(clusters.len(), "cluster"),
            counted(extras.clusters.failures(), "failure")
        );
        for cluster in clusters.iter().take(LISTED_CLUSTERS) {
            let _ = writeln!(
                out,
                "  {}  {:>4}{}  {}",
                cluster.id,
                cluster.tests.len(),
                symbols.times,
                truncate(&sanitize_line(&cluster.signature), 160, symbols)
            );
        }
        if clusters.len() > LISTED_CLUSTERS {
            let _ = writeln!(
                out,
                "  ... and {} more (see --format json)",
                clusters.len() - LISTED_CLUSTERS
            );
        }
    }
    out
}

/// The Markdown summary's sections.
#[must_use]
pub fn markdown(report: &Report, extras: &Extras, symbols: &Symbols) -> String {
    let mut out = String::new();
    if let Some(comparison) = extras.comparison {
        let _ = writeln!(
            out,
            "### Changes against {}\n\n{}\n",
            cell(&baseline_title(comparison)),
            cell(&counts_line(comparison, symbols.dot))
        );
        for set in ChangeSet::ALL {
            let changes = comparison.changes.get(set);
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "#### {} ({})\n\n_{}_\n",
                set.title(),
                changes.len(),
                set.meaning()
            );
            let slower = set == ChangeSet::Slower;
            let _ = writeln!(
                out,
                "{}",
                if slower {
                    "| Test | Duration | Baseline |\n|---|---:|---:|"
                } else {
                    "| Test | Status | Baseline | Message |\n|---|---|---|---|"
                }
            );
            for &change in changes.iter().take(LISTED_PER_SET) {
                let row = row(report, comparison, change, set);
                let name = cell(&truncate(&row.name, 200, symbols));
                if let Some((now, before)) = row.durations {
                    let _ = writeln!(
                        out,
                        "| {name} | {} | {} |",
                        duration_text(now),
                        duration_text(before)
                    );
                } else {
                    let status = |s: Option<Status>| s.map_or("-", Status::as_str);
                    let message =
                        first_line(row.message.as_deref(), 200, symbols).unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "| {name} | {} | {} | {} |",
                        status(row.status),
                        status(row.before),
                        cell(&message)
                    );
                }
            }
            if changes.len() > LISTED_PER_SET {
                let _ = writeln!(
                    out,
                    "\n… and {} more (`--format json` lists them all)",
                    changes.len() - LISTED_PER_SET
                );
            }
            out.push('\n');
        }
        for note in &comparison.changes.notes {
            let _ = writeln!(out, "> {}\n", cell(note));
        }
    }
    let clusters = &extras.clusters.clusters;
    if !clusters.is_empty() {
        let _ = writeln!(
            out,
            "### Failure clusters ({}, {})\n\n| Cluster | Tests | Signature |\n|---|---:|---|",
            counted(clusters.len(), "cluster"),
            counted(extras.clusters.failures(), "failure")
        );
        for cluster in clusters.iter().take(LISTED_CLUSTERS) {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                cluster.id,
                cluster.tests.len(),
                cell(&truncate(&cluster.signature, 200, symbols))
            );
        }
        if clusters.len() > LISTED_CLUSTERS {
            let _ = writeln!(
                out,
                "\n… and {} more (`--format json` lists them all)",
                clusters.len() - LISTED_CLUSTERS
            );
        }
        out.push('\n');
    }
    out
}
