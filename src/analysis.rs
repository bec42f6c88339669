//! Allure's rules over a loaded report: flaky, flakiness, transitions, categories, totals and
//! trends. Pure functions of the model; knows nothing about terminals.

pub mod baseline;
pub mod changes;
pub mod clusters;
pub mod flaky;
pub mod matching;
pub mod query;
pub mod select;
pub mod signature;
pub mod transition;
pub mod trend;

use std::collections::BTreeMap;

use serde::Serialize;

pub use flaky::{is_allure_flaky, Flakiness};
pub use transition::Transition;
pub use trend::TrendPoint;

use crate::model::{Report, StatusCounts, Test, Warning};

/// What the rules say about one test.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestAnalysis {
    /// Allure's flaky flag.
    pub flaky: bool,
    /// Our metrics with their reasons.
    pub flakiness: Flakiness,
    /// Change against history.
    pub transition: Option<Transition>,
    /// Allure 2 category (first matching rule, or the failed/broken default).
    pub category: Option<String>,
}

impl TestAnalysis {
    /// Whether the test has this transition ([`Transition::of`]): the one test behind the
    /// `--new`/`--fixed`/`--regressed`/`--malfunctioned` filters and the `--fail-on` gates.
    #[must_use]
    pub fn has_transition(&self, transition: Transition) -> bool {
        self.transition == Some(transition)
    }
}

/// Launch totals over shown results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Counts per status.
    pub counts: StatusCounts,
    /// Hidden retry attempts.
    pub retries: u32,
    /// Tests that had retries.
    pub retried_tests: u32,
    /// Tests flaky by Allure's rule.
    pub flaky: u32,
}

/// The analysis of a whole report, indexed like [`Report::tests`].
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Per-test results.
    pub tests: Vec<TestAnalysis>,
    /// Launch totals.
    pub totals: Totals,
    /// Run trend, oldest first, the current launch last.
    pub trend: Vec<TrendPoint>,
    /// Tests per category name, sorted by name.
    pub categories: Vec<(String, u32)>,
}

impl Analysis {
    /// Analyses a report.
    #[must_use]
    pub fn of(report: &Report) -> Analysis {
        let tests: Vec<TestAnalysis> = report
            .tests
            .iter()
            .map(|t| analyse_test(report, t))
            .collect();
        let mut totals = Totals::default();
        let mut categories: BTreeMap<String, u32> = BTreeMap::new();
        for (test, analysis) in report.tests.iter().zip(&tests) {
            totals.counts.add(test.result.status);
            totals.retries += test.retries.len() as u32;
            totals.retried_tests += u32::from(!test.retries.is_empty());
            totals.flaky += u32::from(analysis.flaky);
            if let Some(category) = &analysis.category {
                *categories.entry(category.clone()).or_default() += 1;
            }
        }
        let categories: Vec<(String, u32)> = categories.into_iter().collect();
        Analysis {
            trend: trend::trend(report, categories.clone()),
            tests,
            totals,
            categories,
        }
    }
}

/// Analyses a report and adds to its warnings what only matching finds: a category rule whose
/// regex gave up at the backtrack limit (here or while the history was read), once per rule
/// however often the report is analysed.
pub fn analyse(report: &mut Report) -> Analysis {
    let analysis = Analysis::of(report);
    // Each directory's rules (the launch's own rules and the history's are clones of the first
    // directory's, and share what they hit).
    let mut found = Vec::new();
    for (i, launch) in report.dir_launches.iter().enumerate() {
        if let Some(rules) = &launch.categories {
            let file = report.dirs.get(i).map_or_else(
                || "categories.json".to_owned(),
                |d| d.join("categories.json").display().to_string(),
            );
            for note in rules.limit_notes() {
                found.push(Warning::new(file.clone(), note));
            }
        }
    }
    if report.dir_launches.is_empty() {
        for note in report.categories.limit_notes() {
            found.push(Warning::new("categories.json", note));
        }
    }
    for warning in found {
        if !report.warnings.contains(&warning) {
            report.warnings.push(warning);
        }
    }
    analysis
}

fn analyse_test(report: &Report, test: &Test) -> TestAnalysis {
    let flaky = is_allure_flaky(test);
    let result = &test.result;
    TestAnalysis {
        flaky,
        flakiness: Flakiness::of(test),
        transition: Transition::of(test, report.has_history),
        // A generated report's categories are as it decided them.
        category: match &result.report_categories {
            Some(decided) => decided.first().map(ToString::to_string),
            None => report
                .categories_of(result)
                .classify(
                    result.status,
                    result.details.message.as_deref(),
                    result.details.trace.as_deref(),
                    flaky,
                )
                .map(str::to_owned),
        },
    }
}
