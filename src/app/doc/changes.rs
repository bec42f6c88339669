//! The documents of the comparison: a change set's group, a failure cluster's group, a removed
//! test, and the Overview's lines on a test's cluster and change.

use ratatui::text::Line;

use crate::analysis::changes::ChangeSet;
use crate::app::change_views::set_of_group;
use crate::app::text::{format_duration, plural};
use crate::app::{App, GroupBy};
use crate::model::tree::TreeNode;
use crate::model::TestId;
use crate::sanitize::{sanitize_block, sanitize_line};
use crate::theme::Theme;

/// The baseline for people: `previous (Corpus CI · build #9 · 2026-11-22 03:02 UTC)` or the
/// path with its launch's title.
#[must_use]
pub fn baseline_title(app: &App) -> String {
    use crate::analysis::baseline::BaselineOrigin;
    let Some(baseline) = &app.compare.baseline else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    match &baseline.origin {
        BaselineOrigin::Input { .. } => {
            if let Some(report) = &baseline.report {
                parts.push(crate::summary::launch_title(report));
            }
        }
        BaselineOrigin::Run { info, .. } => {
            if let Some(info) = info {
                if let Some(name) = &info.name {
                    parts.push(sanitize_line(name).into_owned());
                }
                if let Some(order) = info.build_order {
                    parts.push(format!("build #{order}"));
                }
                if let Some(t) = info.timestamp {
                    parts.push(format!("{} UTC", crate::app::text::format_time(t)));
                }
            }
        }
    }
    let label = sanitize_line(&baseline.label()).into_owned();
    if parts.is_empty() {
        label
    } else {
        format!("{label} ({})", parts.join(", "))
    }
}

/// What the detail shows for a group of the Changes view or of the errors grouping, or for a
/// removed test; `None` for other nodes.
#[must_use]
pub fn node_lines(app: &App, node: &TreeNode, theme: &Theme) -> Option<Vec<Line<'static>>> {
    if let Some(index) = node.baseline_only {
        return Some(removed_lines(app, index, theme));
    }
    match app.shown_grouping() {
        GroupBy::Changes => set_of_group(&node.name).map(|set| set_lines(app, set, node, theme)),
        GroupBy::Errors => Some(cluster_lines(app, node, theme)),
        _ => None,
    }
}

fn set_lines(app: &App, set: ChangeSet, node: &TreeNode, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(set.title().to_owned(), theme.heading),
        Line::raw(format!(
            "{}: {}",
            plural(node.children.len(), "test"),
            set.meaning()
        )),
    ];
    if app.compare.baseline.is_some() {
        lines.push(Line::styled(
            format!("against {}", baseline_title(app)),
            theme.muted,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Every set", theme.heading));
    if let Some(changes) = &app.compare.changes {
        for other in ChangeSet::ALL {
            let count = if other == ChangeSet::Removed && !changes.removed_available {
                "n/a".to_owned()
            } else {
                changes.get(other).len().to_string()
            };
            lines.push(Line::raw(format!("  {count:>5}  {}", other.title())));
        }
        if !changes.notes.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("About this baseline", theme.heading));
            for note in &changes.notes {
                lines.push(Line::styled(
                    format!("  {}", sanitize_line(note)),
                    theme.muted,
                ));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        if set == ChangeSet::Removed {
            "Removed tests are not in this launch: there is nothing to rerun."
        } else {
            "Space marks every test of this set for a rerun (r); B leaves the view."
        },
        theme.muted,
    ));
    lines
}

fn cluster_lines(app: &App, node: &TreeNode, theme: &Theme) -> Vec<Line<'static>> {
    let Some(cluster) = app
        .clusters
        .clusters
        .iter()
        .find(|c| c.signature == node.name)
    else {
        return vec![Line::styled(
            sanitize_line(&node.name).into_owned(),
            theme.heading,
        )];
    };
    let mut lines = vec![
        Line::styled(
            sanitize_line(&cluster.signature).into_owned(),
            theme.heading,
        ),
        Line::raw(format!(
            "cluster {} · {} failing the same way",
            cluster.id,
            plural(cluster.tests.len(), "test")
        )),
        Line::raw(""),
    ];
    if let Some(&first) = cluster.tests.first() {
        let result = &app.report.tests[first as usize].result;
        if let Some(message) = result.details.message.as_deref() {
            lines.push(Line::styled("The first one's message", theme.heading));
            for line in sanitize_block(message).lines().take(8) {
                lines.push(Line::styled(
                    format!("  {line}"),
                    theme.status(result.status),
                ));
            }
            lines.push(Line::raw(""));
        }
    }
    let (n, id) = (cluster.tests.len(), &cluster.id);
    lines.push(Line::styled(
        format!(
            "Space marks all {n} for a rerun (r). Headless: summary --cluster {id} or testplan --cluster {id}."
        ),
        theme.muted,
    ));
    lines.push(Line::styled(
        "Signatures mask numbers, ids, quoted values, paths, durations and times.",
        theme.muted,
    ));
    lines
}

fn removed_lines(app: &App, index: u32, theme: &Theme) -> Vec<Line<'static>> {
    let Some(test) = app
        .compare
        .baseline
        .as_ref()
        .and_then(|b| b.tests.get(index as usize))
    else {
        return vec![Line::styled("A removed test.", theme.muted)];
    };
    let s = &app.symbols;
    let mut lines = vec![
        Line::styled(sanitize_line(&test.name).into_owned(), theme.heading),
        Line::raw("Removed: in the baseline, not in this launch."),
    ];
    if let Some(full) = &test.full_name {
        lines.push(Line::styled(sanitize_line(full).into_owned(), theme.muted));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "{} {} in the baseline{}",
            s.status(test.status),
            test.status.as_str(),
            test.duration
                .map(|d| format!("{}{}", s.dot, format_duration(d)))
                .unwrap_or_default()
        ),
        theme.status(test.status),
    ));
    lines.push(Line::styled(
        format!("key {}", sanitize_line(&test.key)),
        theme.muted,
    ));
    if let Some(message) = test.message.as_deref() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Message in the baseline", theme.heading));
        for line in sanitize_block(message).lines().take(20) {
            lines.push(Line::raw(format!("  {line}")));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "A renamed test shows as removed and added: Allure's identity comes from its name and \
         parameters, so a parameter whose value changes every run (an object's address, a time) \
         makes a new test every run.",
        theme.muted,
    ));
    lines
}

/// The Overview's lines on a test's failure cluster (`Same failure as 3 other tests`) and its
/// change against the baseline (`New failure against previous: passed there`).
#[must_use]
pub fn overview_facts(app: &App, test_id: TestId, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let (Some(changes), Some(baseline)) = (&app.compare.changes, &app.compare.baseline) {
        let sets: Vec<&str> = changes
            .sets_of(test_id)
            .into_iter()
            .map(ChangeSet::one)
            .collect();
        let before = changes
            .baseline_of(test_id)
            .and_then(|b| baseline.tests.get(b as usize));
        let was = match before {
            Some(before) => format!("{} there", before.status.as_str()),
            None => "not in the baseline".to_owned(),
        };
        let what = if sets.is_empty() {
            "no change".to_owned()
        } else {
            sets.join(", ")
        };
        lines.push(Line::styled(
            format!(
                "Against {}: {what} ({was})",
                sanitize_line(&baseline.label())
            ),
            theme.marker,
        ));
    }
    // A failure of its own needs no line: only shared ones are worth a look.
    if let Some(cluster) = app.clusters.of_test(test_id).filter(|c| c.tests.len() > 1) {
        lines.push(Line::styled(
            format!(
                "Same failure as {} (cluster {}; c shows them)",
                plural(cluster.tests.len() - 1, "other test"),
                cluster.id
            ),
            theme.marker,
        ));
    }
    lines
}
