//! The GitHub Actions job summary (`$GITHUB_STEP_SUMMARY`): totals, new failures, flaky tests,
//! and failure clusters with a rerun command under each failure.
//!
//! GitHub allows 1 MiB of summary per step, shared with every other tool in that step, and
//! drops a larger one; the summary is built within a byte budget ([`budget_for`]) and says what
//! it left out. Every name is escaped so it cannot start Markdown or HTML of its own.

use std::fmt::Write;

use super::markdown::cell;
use super::rerun_hint::rerun_command;
use super::Extras;
use crate::analysis::changes::ChangeSet;
use crate::analysis::clusters::Cluster;
use crate::analysis::{Analysis, Transition};
use crate::model::Report;
use crate::symbols::Symbols;

/// GitHub's limit for one step's summary, bytes.
pub const GITHUB_STEP_SUMMARY_LIMIT: u64 = 1024 * 1024;

/// What we aim to stay under, bytes: a quarter of GitHub's limit leaves room for other tools.
pub const DEFAULT_BUDGET: usize = 256 * 1024;

/// The budget left when the summary file already holds `existing` bytes (other steps' tools).
#[must_use]
pub fn budget_for(existing: u64) -> usize {
    let room = GITHUB_STEP_SUMMARY_LIMIT.saturating_sub(existing + 64 * 1024);
    DEFAULT_BUDGET.min(usize::try_from(room).unwrap_or(usize::MAX))
}

/// Sections that come from the analysis: new failures (against `--baseline`, else against
/// history) and failure clusters.
#[derive(Debug, Clone, Default)]
pub struct GithubSections<'a> {
    /// Tests failing now that did not before, when something to compare with is known.
    pub new_failures: Option<Vec<usize>>,
    /// What the new failures are new against, for the heading ("previous", a path, "history").
    pub against: String,
    /// Failure clusters, largest first.
    pub clusters: &'a [Cluster],
    /// Failures that got no annotation (GitHub's per-step cap), when annotations were printed.
    pub annotations_left_out: Option<usize>,
}

impl<'a> GithubSections<'a> {
    /// The sections of a launch: new failures against the baseline when one was given (its
    /// `newFailures` set), else against history (failing tests whose transition is new,
    /// regressed or malfunctioned) when history was read; the clusters.
    #[must_use]
    pub fn new(report: &Report, analysis: &Analysis, extras: &Extras<'a>) -> GithubSections<'a> {
        let (new_failures, against) = match extras.comparison {
            Some(comparison) => (
                Some(
                    comparison
                        .changes
                        .get(ChangeSet::NewFailures)
                        .iter()
                        .filter_map(|c| c.test.map(|t| t as usize))
                        .collect(),
                ),
                comparison.baseline.label(),
            ),
            None => (
                report.has_history.then(|| {
                    (0..report.tests.len())
                        .filter(|&i| {
                            report.tests[i].result.status.is_problem()
                                && matches!(
                                    analysis.tests[i].transition,
                                    Some(
                                        Transition::New
                                            | Transition::Regressed
                                            | Transition::Malfunctioned
                                    )
                                )
                        })
                        .collect()
                }),
                "history".to_owned(),
            ),
        };
        GithubSections {
            new_failures,
            against,
            clusters: &extras.clusters.clusters,
            annotations_left_out: None,
        }
    }
}

/// Escapes inline text: table-cell escaping plus link brackets and mentions.
#[must_use]
pub fn inline(text: &str) -> String {
    cell(text)
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('@', "&#64;")
        .replace('#', "&#35;")
}

struct Budget {
    out: String,
    limit: usize,
    cut: bool,
}

impl Budget {
    /// Adds a block if it fits (leaving room for the closing note); false once full.
    fn push(&mut self, block: &str) -> bool {
        if self.cut || self.out.len() + block.len() + 512 > self.limit {
            self.cut = true;
            return false;
        }
        self.out.push_str(block);
        true
    }
}

/// The rerun command under a failure: a double-backtick code span (so single backticks inside
/// stay literal), control characters stripped.
fn rerun_line(test: &crate::model::Test) -> String {
    let command = crate::sanitize::sanitize_line(&rerun_command(test)).replace("``", "` `");
    format!("  rerun: `` {command} ``\n")
}

/// Renders the job summary within `limit` bytes.
#[must_use]
pub fn render(
    report: &Report,
    analysis: &Analysis,
    sections: &GithubSections<'_>,
    limit: usize,
) -> String {
    let symbols = Symbols::ASCII;
    let mut b = Budget {
        out: String::new(),
        limit: limit.max(1024),
        cut: false,
    };
    let t = &analysis.totals;
    let c = &t.counts;
    let icon = if c.failed + c.broken > 0 {
        ":x:"
    } else {
        ":white_check_mark:"
    };
    let mut head = format!(
        "## {icon} Allure: {}\n\n",
        inline(&super::launch_title(report))
    );
    let _ = writeln!(
        head,
        "**{} tests**: {} failed · {} broken · {} passed · {} skipped · {} unknown · {} retries · {} flaky\n",
        c.total(), c.failed, c.broken, c.passed, c.skipped, c.unknown, t.retries, t.flaky
    );
    if let Some(n) = sections.annotations_left_out.filter(|n| *n > 0) {
        let _ = writeln!(
            head,
            "> {n} failures have no annotation: GitHub shows at most 10 per step.\n"
        );
    }
    b.push(&head);
    let line_of = |i: usize| {
        let test = &report.tests[i];
        let message = super::first_line(test.result.details.message.as_deref(), 160, &symbols)
            .map(|m| format!(" — {}", inline(&m)))
            .unwrap_or_default();
        format!(
            "- `{}` **{}**{}\n",
            test.result.status.as_str(),
            inline(&super::truncate(&test.result.name, 200, &symbols)),
            message
        )
    };
    let mut omitted: Vec<String> = Vec::new();
    let list = |b: &mut Budget, title: String, items: &[usize], omitted: &mut Vec<String>| {
        if items.is_empty() {
            return;
        }
        if !b.push(&format!("### {title}\n\n")) {
            omitted.push(format!("{title}: {} tests", items.len()));
            return;
        }
        for (n, &i) in items.iter().enumerate() {
            if !b.push(&line_of(i)) {
                omitted.push(format!("{title}: {} more tests", items.len() - n));
                break;
            }
        }
        b.push("\n");
    };
    if let Some(new) = &sections.new_failures {
        list(
            &mut b,
            format!(
                "New failures against {} ({})",
                inline(&sections.against),
                new.len()
            ),
            new,
            &mut omitted,
        );
    }
    let flaky: Vec<usize> = (0..report.tests.len())
        .filter(|&i| analysis.tests[i].flaky)
        .collect();
    list(
        &mut b,
        format!("Flaky tests ({})", flaky.len()),
        &flaky,
        &mut omitted,
    );
    if !sections.clusters.is_empty() {
        let failures: usize = sections.clusters.iter().map(|c| c.tests.len()).sum();
        let counted = |count: usize, noun: &str| {
            format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
        };
        if b.push(&format!(
            "### Failure clusters ({}, {})\n\n",
            counted(sections.clusters.len(), "cluster"),
            counted(failures, "failure")
        )) {
            'clusters: for (n, cluster) in sections.clusters.iter().enumerate() {
                let head = format!(
                    "<details><summary><b>{}</b> × {} <code>{}</code></summary>\n\n",
                    inline(&super::truncate(&cluster.signature, 200, &symbols)),
                    cluster.tests.len(),
                    cluster.id
                );
                if !b.push(&head) {
                    omitted.push(format!(
                        "failure clusters: {} more",
                        sections.clusters.len() - n
                    ));
                    break;
                }
                for (k, &i) in cluster.tests.iter().enumerate() {
                    let i = i as usize;
                    let item = line_of(i) + &rerun_line(&report.tests[i]);
                    if !b.push(&item) {
                        // The closing tag fits in the room `push` keeps back.
                        b.out.push_str("\n</details>\n\n");
                        omitted.push(format!(
                            "{} more failures of \"{}\"{}",
                            cluster.tests.len() - k,
                            super::truncate(&cluster.signature, 80, &symbols),
                            match sections.clusters.len() - n - 1 {
                                0 => String::new(),
                                more => format!(", {more} more clusters"),
                            }
                        ));
                        break 'clusters;
                    }
                }
                b.push("\n</details>\n\n");
            }
        } else {
            omitted.push(format!("failure clusters: {}", sections.clusters.len()));
        }
    }
    let mut out = b.out;
    if !omitted.is_empty() {
        let _ = writeln!(
            out,
            "> Cut to stay under GitHub's 1 MiB step-summary limit; not shown: {}. Run `allure-tui summary` on the results for everything.",
            inline(&omitted.join("; "))
        );
    }
    out
}
