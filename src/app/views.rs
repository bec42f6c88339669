//! The triage views: flaky tests ranked by flakiness, and failures that still need triage.

use crate::analysis::{Analysis, TestAnalysis, Transition};
use crate::model::tree::{suite_path, Tree};
use crate::model::{Report, Status, Test, TestId};
use crate::sparkline::status_strip;
use crate::symbols::Symbols;

/// How the flaky view is ordered (`S` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlakySort {
    /// Retry flips first, then flip rate.
    #[default]
    FlipRate,
    /// Fail rate.
    FailRate,
    /// Most recent status change first.
    Recency,
}

impl FlakySort {
    /// The next order.
    #[must_use]
    pub fn next(self) -> FlakySort {
        match self {
            FlakySort::FlipRate => FlakySort::FailRate,
            FlakySort::FailRate => FlakySort::Recency,
            FlakySort::Recency => FlakySort::FlipRate,
        }
    }

    /// Label for the title.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            FlakySort::FlipRate => "retry flips, then flip rate",
            FlakySort::FailRate => "by fail rate",
            FlakySort::Recency => "by last change",
        }
    }
}

/// True when a test belongs in the flaky view: any sign of flakiness.
#[must_use]
pub fn is_flaky_candidate(analysis: &TestAnalysis) -> bool {
    analysis.flaky
        || analysis.flakiness.retry_flip
        || analysis.flakiness.flip_rate.is_some_and(|r| r > 0.0)
}

/// Flaky tests in rank order.
#[must_use]
pub fn flaky_ranking(report: &Report, analysis: &Analysis, sort: FlakySort) -> Vec<TestId> {
    let mut ids: Vec<TestId> = (0..report.tests.len() as TestId)
        .filter(|&i| is_flaky_candidate(&analysis.tests[i as usize]))
        .collect();
    let key = |i: &TestId| {
        let f = &analysis.tests[*i as usize].flakiness;
        let flip = f.flip_rate.unwrap_or(0.0);
        let fail = f.fail_rate.unwrap_or(0.0);
        match sort {
            FlakySort::FlipRate => (u8::from(!f.retry_flip), -flip, -fail, i64::from(f.streak)),
            FlakySort::FailRate => (0, -fail, -flip, i64::from(f.streak)),
            FlakySort::Recency => (0, f64::from(f.streak), -flip, 0),
        }
    };
    ids.sort_by(|a, b| {
        key(a)
            .partial_cmp(&key(b))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(b))
    });
    ids
}

/// The short form of the reasons for a flaky view row: `retry flip · flip 40% · fail 30%`
/// (the Overview lists them all).
#[must_use]
pub fn flaky_summary(analysis: &TestAnalysis, symbols: &Symbols) -> String {
    let f = &analysis.flakiness;
    let mut parts = Vec::new();
    if analysis.flaky {
        parts.push("flaky".to_owned());
    }
    if f.retry_flip {
        parts.push("retry flip".to_owned());
    }
    if let Some(flip) = f.flip_rate {
        parts.push(format!("flip {:.0}%", flip * 100.0));
    }
    if let Some(fail) = f.fail_rate {
        parts.push(format!("fail {:.0}%", fail * 100.0));
    }
    parts.join(symbols.dot)
}

/// The one-line reason a test is in the flaky view:
/// `retry flip · flip 40% · fail 30% · 12 runs · ✓✗✓✓✗ · changed 1 run ago · 2 messages`.
#[must_use]
pub fn flaky_reason(test: &Test, analysis: &TestAnalysis, symbols: &Symbols) -> String {
    let f = &analysis.flakiness;
    let mut parts = Vec::new();
    if f.retry_flip {
        parts.push("retry flip".to_owned());
    }
    if let Some(flip) = f.flip_rate {
        parts.push(format!("flip {:.0}%", flip * 100.0));
    }
    if let Some(fail) = f.fail_rate {
        parts.push(format!("fail {:.0}%", fail * 100.0));
    }
    parts.push(format!("{} runs", f.runs));
    let recent: Vec<Status> = test.history.iter().take(7).map(|h| h.status).collect();
    let strip = status_strip(
        recent
            .into_iter()
            .rev()
            .chain(std::iter::once(test.result.status)),
        symbols,
    );
    parts.push(strip);
    parts.push(if f.streak <= 1 {
        "changed this run".to_owned()
    } else {
        format!("same for {} runs", f.streak)
    });
    let messages = distinct_messages(test);
    if messages > 0 {
        parts.push(format!(
            "{messages} message{}",
            if messages == 1 { "" } else { "s" }
        ));
    }
    parts.join(symbols.dot)
}

/// Distinct first lines of failure messages, this launch's attempts and history together
/// (history texts are interned, so equal messages share an index).
#[must_use]
pub fn distinct_messages(test: &Test) -> usize {
    let mut seen: Vec<String> = Vec::new();
    for attempt in test.attempts().filter(|a| a.status.is_problem()) {
        if let Some(line) = attempt
            .details
            .message
            .as_deref()
            .and_then(|m| m.lines().next())
        {
            if !seen.iter().any(|s| s == line.trim()) {
                seen.push(line.trim().to_owned());
            }
        }
    }
    let mut indices: Vec<u32> = test
        .history
        .iter()
        .filter(|h| h.status.is_problem())
        .filter_map(|h| h.message)
        .collect();
    indices.sort_unstable();
    indices.dedup();
    seen.len() + indices.len()
}

/// The flaky view: a flat, ranked list.
#[must_use]
pub fn flaky_tree(report: &Report, analysis: &Analysis, sort: FlakySort) -> Tree {
    Tree::ordered(report, &flaky_ranking(report, analysis, sort))
}

/// Failed and broken tests not marked known or muted.
#[must_use]
pub fn needs_triage(test: &Test) -> bool {
    test.result.status.is_problem() && !test.result.details.known && !test.result.details.muted
}

/// Name of the first triage group.
pub const NEW_AND_REGRESSED: &str = "New and regressed";

/// The triage view: new and regressed failures first, then the rest by suite.
#[must_use]
pub fn triage_tree(report: &Report, analysis: &Analysis, path_sep: &str) -> Tree {
    let paths = report
        .tests
        .iter()
        .zip(&analysis.tests)
        .enumerate()
        .map(|(i, (test, a))| {
            let paths = if !needs_triage(test) {
                Vec::new()
            } else if a.transition.is_some_and(Transition::needs_attention) {
                vec![vec![NEW_AND_REGRESSED.to_owned()]]
            } else {
                let suite = suite_path(test);
                vec![if suite.is_empty() {
                    vec!["(no suite)".to_owned()]
                } else {
                    vec![suite.join(path_sep)]
                }]
            };
            (i as TestId, paths)
        });
    let mut tree = Tree::from_paths(report, paths);
    new_and_regressed_first(&mut tree);
    tree
}

/// Puts the triage view's "New and regressed" group first, whatever the order.
pub fn new_and_regressed_first(tree: &mut Tree) {
    if let Some(pos) = tree
        .roots
        .iter()
        .position(|&r| tree.nodes[r as usize].name == NEW_AND_REGRESSED)
    {
        let first = tree.roots.remove(pos);
        tree.roots.insert(0, first);
    }
}
