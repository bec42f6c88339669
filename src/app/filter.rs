//! The status filter: which tests the tree shows.

use crate::analysis::{TestAnalysis, Transition};
use crate::model::{Status, Test};

/// Cycled by `f`: all → failed + broken → flaky → new/regressed → skipped → all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Every test.
    #[default]
    All,
    /// Failed and broken tests.
    Problems,
    /// Flaky by Allure's rule or by ours (retry flip, flip rate).
    Flaky,
    /// New, regressed or malfunctioned tests.
    Changed,
    /// Skipped tests.
    Skipped,
}

impl StatusFilter {
    /// The next filter in the cycle.
    #[must_use]
    pub fn next(self) -> StatusFilter {
        match self {
            StatusFilter::All => StatusFilter::Problems,
            StatusFilter::Problems => StatusFilter::Flaky,
            StatusFilter::Flaky => StatusFilter::Changed,
            StatusFilter::Changed => StatusFilter::Skipped,
            StatusFilter::Skipped => StatusFilter::All,
        }
    }

    /// A short label for the footer and header.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Problems => "failed + broken",
            StatusFilter::Flaky => "flaky or flipping",
            StatusFilter::Changed => "new / regressed",
            StatusFilter::Skipped => "skipped",
        }
    }

    /// Whether a test passes the filter.
    #[must_use]
    pub fn accepts(self, test: &Test, analysis: &TestAnalysis) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Problems => test.result.status.is_problem(),
            StatusFilter::Flaky => analysis.flaky || analysis.flakiness.is_flaky(),
            StatusFilter::Changed => analysis.transition.is_some_and(Transition::needs_attention),
            StatusFilter::Skipped => test.result.status == Status::Skipped,
        }
    }
}
