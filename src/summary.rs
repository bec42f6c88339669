//! The non-interactive summary for CI logs: text, Markdown or JSON, and the `--fail-on` gate.
//!
//! Everything from the report is sanitized before it is written (text and Markdown), or escaped
//! so that no control character reaches a terminal raw (JSON).

pub mod annotations;
pub mod changes_text;
pub mod github;
pub mod json;
pub mod json_changes;
pub mod junit;
pub mod markdown;
pub mod rerun_hint;
pub mod text;

use std::path::Path;

use crate::analysis::changes::Comparison;
use crate::analysis::clusters::Clusters;
use crate::analysis::select::{is_fixed, is_new_failure};
use crate::analysis::{Analysis, TestAnalysis, Transition};
use crate::model::{Report, Status, Test};
use crate::sanitize::sanitize_line;
use crate::symbols::Symbols;

/// Output format of `summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable text for CI logs.
    Text,
    /// Markdown for PR comments and job summaries.
    Markdown,
    /// Stable JSON (see README).
    Json,
    /// `JUnit` XML (Surefire dialect) for GitLab, Azure DevOps and Jenkins.
    Junit,
    /// GitHub Actions job summary (to `$GITHUB_STEP_SUMMARY` when set).
    Github,
}

/// A CI whose annotations `--annotations` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnnotationsFor {
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// A condition of `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any failed test.
    Failed,
    /// Any broken test.
    Broken,
    /// Any test flaky by Allure's rule.
    Flaky,
    /// Any test with no previous run (Allure's transition `new`; not the same as
    /// `new-failures`).
    New,
    /// Any failure that is new: against --baseline when given (failing now, absent from the
    /// baseline or not failing there), else against history (failing with the transition new,
    /// regressed or malfunctioned).
    NewFailures,
    /// Any test failed now and not failed in its newest significant previous run.
    Regressed,
    /// Any test broken now and not broken in its newest significant previous run.
    Malfunctioned,
    /// Any test passing now that was failing before: in the baseline with --baseline, else
    /// Allure's `fixed` transition.
    Fixed,
}

impl FailOn {
    /// The transition this condition gates on, if it is one.
    #[must_use]
    pub fn transition(self) -> Option<Transition> {
        match self {
            FailOn::New => Some(Transition::New),
            FailOn::Regressed => Some(Transition::Regressed),
            FailOn::Malfunctioned => Some(Transition::Malfunctioned),
            FailOn::Fixed => Some(Transition::Fixed),
            FailOn::Failed | FailOn::Broken | FailOn::Flaky | FailOn::NewFailures => None,
        }
    }
}

/// What the summary shows beyond the launch itself: its failure clusters and, with
/// `--baseline`, what changed.
#[derive(Debug, Clone, Copy)]
pub struct Extras<'a> {
    /// Failure clusters, largest first.
    pub clusters: &'a Clusters,
    /// The comparison with the baseline, when one was given.
    pub comparison: Option<&'a Comparison>,
}

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryOptions {
    /// Output format.
    pub format: Format,
    /// Glyphs.
    pub symbols: Symbols,
    /// Use ANSI colours (text only).
    pub color: bool,
}

/// Renders the summary. With `selected` (one flag per test, from `--status`, `--flaky`, …)
/// the listing and the JSON `tests` hold exactly the selected tests; without it the listing
/// holds the failed and broken ones and the JSON every test. Totals always cover the launch.
#[must_use]
pub fn render(
    report: &Report,
    analysis: &Analysis,
    extras: &Extras,
    options: &SummaryOptions,
    selected: Option<&[bool]>,
) -> String {
    match options.format {
        Format::Text => text::render(
            report,
            analysis,
            extras,
            &options.symbols,
            options.color,
            selected,
        ),
        Format::Markdown => markdown::render(report, analysis, extras, &options.symbols, selected),
        Format::Json => json::render(report, analysis, extras, selected),
        Format::Junit => junit::render(report, selected),
        Format::Github => {
            let sections = github::GithubSections::new(report, analysis, extras);
            github::render(report, analysis, &sections, github::DEFAULT_BUDGET)
        }
    }
}

/// True when the test with this index meets a `--fail-on` condition. `new-failures` and
/// `fixed` are the selection's [`is_new_failure`] and [`is_fixed`]: against the baseline when
/// `comparison` is given.
#[must_use]
pub fn matches_fail_on(
    id: crate::model::TestId,
    test: &Test,
    analysis: &TestAnalysis,
    comparison: Option<&Comparison>,
    condition: FailOn,
) -> bool {
    let changes = comparison.map(|c| &c.changes);
    match condition {
        FailOn::Failed => test.result.status == Status::Failed,
        FailOn::Broken => test.result.status == Status::Broken,
        FailOn::Flaky => analysis.flaky,
        FailOn::NewFailures => is_new_failure(id, test, analysis, changes),
        FailOn::Fixed => is_fixed(id, analysis, changes),
        FailOn::New | FailOn::Regressed | FailOn::Malfunctioned => condition
            .transition()
            .is_some_and(|t| analysis.has_transition(t)),
    }
}

/// The tests that trip the gate, as `(condition, count)` for the message.
#[must_use]
pub fn gate(
    report: &Report,
    analysis: &Analysis,
    comparison: Option<&Comparison>,
    conditions: &[FailOn],
) -> Vec<(FailOn, usize)> {
    conditions
        .iter()
        .filter_map(|&condition| {
            let count = report
                .tests
                .iter()
                .zip(&analysis.tests)
                .enumerate()
                .filter(|(i, (t, a))| {
                    matches_fail_on(*i as crate::model::TestId, t, a, comparison, condition)
                })
                .count();
            (count > 0).then_some((condition, count))
        })
        .collect()
}

/// A title for the launch: the executor's report or build name, else the newest history run's
/// name, else the results directory's name.
#[must_use]
pub fn launch_title(report: &Report) -> String {
    let executor = report.executor.as_ref();
    let title = executor
        .and_then(|e| e.report_name.clone().or_else(|| e.build_name.clone()))
        .or_else(|| report.runs.last().and_then(|r| r.name.clone()))
        .or_else(|| {
            report
                .dirs
                .first()
                .map(|d| d.canonicalize().unwrap_or_else(|_| d.clone()))
                .and_then(|d| dir_label(&d))
        })
        .unwrap_or_else(|| "Allure results".to_owned());
    sanitize_line(&title).into_owned()
}

fn dir_label(dir: &Path) -> Option<String> {
    let name = dir.file_name()?.to_string_lossy().into_owned();
    if name == "allure-results" {
        dir.parent()
            .and_then(Path::file_name)
            .map(|p| format!("{}/{name}", p.to_string_lossy()))
            .or(Some(name))
    } else {
        Some(name)
    }
}

/// The first non-empty line of a message, sanitized and cut to `max` characters.
#[must_use]
pub fn first_line(message: Option<&str>, max: usize, symbols: &Symbols) -> Option<String> {
    let line = crate::model::result::first_line(message?)?;
    Some(truncate(&sanitize_line(line), max, symbols))
}

/// Cuts text to `max` characters, ending with an ellipsis when cut.
#[must_use]
pub fn truncate(text: &str, max: usize, symbols: &Symbols) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(symbols.ellipsis.chars().count());
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(symbols.ellipsis);
    out
}

/// The markers of a test: flaky, transition, retried N×, category.
#[must_use]
pub fn markers(test: &Test, analysis: &TestAnalysis, symbols: &Symbols) -> Vec<String> {
    let mut out = Vec::new();
    if analysis.flaky {
        out.push("flaky".to_owned());
    }
    if let Some(t) = analysis.transition {
        out.push(t.as_str().to_owned());
    }
    if !test.retries.is_empty() {
        out.push(format!("retried {}{}", test.retries.len(), symbols.times));
    }
    if let Some(category) = &analysis.category {
        out.push(sanitize_line(category).into_owned());
    }
    out
}

/// The listed tests (the selected ones, else the failed and broken ones) grouped by suite path
/// (sorted), in test order within a group.
#[must_use]
pub fn listed_by_suite(
    report: &Report,
    selected: Option<&[bool]>,
) -> Vec<(Vec<String>, Vec<usize>)> {
    let mut groups: std::collections::BTreeMap<Vec<String>, Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, test) in report.tests.iter().enumerate() {
        let listed = selected.map_or(test.result.status.is_problem(), |s| {
            s.get(i).copied().unwrap_or(false)
        });
        if listed {
            groups
                .entry(crate::model::tree::suite_path(test))
                .or_default()
                .push(i);
        }
    }
    groups.into_iter().collect()
}

/// Values for the failed+broken sparkline over the trend.
#[must_use]
pub fn problem_series(analysis: &Analysis) -> Vec<Option<f64>> {
    analysis
        .trend
        .iter()
        .map(|p| Some(f64::from(p.problems())))
        .collect()
}

/// What was read, for the header and summaries: each given path with what it held, then the
/// history found (`ci.zip: zip, 2 result directories; history: 1 history.jsonl, 1 Allure 2
/// history`).
#[must_use]
pub fn inputs_line(report: &Report) -> String {
    let mut line = report
        .inputs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    let used = &report.history_search.used;
    let jsonl = used
        .iter()
        .filter(|u| {
            Path::new(u.as_str())
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
        })
        .count();
    let points = used.iter().filter(|u| u.ends_with("data/history")).count();
    let allure2 = used.len() - jsonl - points;
    let mut history = Vec::new();
    if jsonl > 0 {
        history.push(format!("{jsonl} history.jsonl"));
    }
    if allure2 > 0 {
        history.push(format!("{allure2} Allure 2 history"));
    }
    if points > 0 {
        history.push(format!("{points} Allure 3 report history"));
    }
    if !history.is_empty() {
        line = format!("{line}; history: {}", history.join(", "));
    }
    sanitize_line(&line).into_owned()
}

/// A run's wall-clock duration for people: formatted, or "unknown" when its clocks gave no
/// plausible span (see [`crate::model::clock::run_span`]).
#[must_use]
pub fn run_duration_text(ms: Option<i64>) -> String {
    ms.map_or_else(|| "unknown".to_owned(), format_duration)
}

/// Formats a duration in ms as `1m 05s`, `2.35s` or `120ms`.
#[must_use]
pub fn format_duration(ms: i64) -> String {
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms < 60_000 {
        format!("{:.2}s", ms as f64 / 1000.0)
    } else if ms < 3_600_000 {
        format!("{}m {:02}s", ms / 60_000, (ms / 1000) % 60)
    } else {
        format!("{}h {:02}m", ms / 3_600_000, (ms / 60_000) % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(120), "120ms");
        assert_eq!(format_duration(2350), "2.35s");
        assert_eq!(format_duration(65_000), "1m 05s");
        assert_eq!(format_duration(3_720_000), "1h 02m");
    }

    #[test]
    fn first_line_skips_blank_lines_and_cuts() {
        let s = Symbols::ASCII;
        assert_eq!(
            first_line(Some("\n  boom \nmore"), 80, &s).as_deref(),
            Some("boom")
        );
        assert_eq!(
            first_line(Some("abcdefghij"), 6, &s).as_deref(),
            Some("abc...")
        );
        assert_eq!(first_line(None, 6, &s), None);
    }
}
