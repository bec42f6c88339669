//! Run trends, oldest first, the current launch last: status counts, wall-clock duration,
//! retries and categories per run.
//!
//! Previous runs come from `history.jsonl` when present, else from Allure 2's trend files (the
//! report builder already chose). Depends on `model` only.

use serde::Serialize;

use crate::model::clock::{run_interval, union_length};
use crate::model::{Report, StatusCounts};

/// One point of the trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// Axis label: build order if known, else the run's position (1-based).
    pub label: String,
    /// When the run's report was made (epoch ms), when known.
    pub timestamp: Option<i64>,
    /// Status counts of the shown results.
    pub counts: StatusCounts,
    /// Wall-clock duration of the run (max stop - min start), ms.
    pub duration: Option<i64>,
    /// Hidden retries, when known.
    pub retries: Option<u32>,
    /// Tests per category.
    pub categories: Vec<(String, u32)>,
    /// True for the current launch.
    pub current: bool,
}

impl TrendPoint {
    /// Failed plus broken.
    #[must_use]
    pub fn problems(&self) -> u32 {
        self.counts.failed + self.counts.broken
    }

    /// Passed over all, in percent, when the run had tests.
    #[must_use]
    pub fn pass_rate(&self) -> Option<f64> {
        let total = self.counts.total();
        (total > 0).then(|| f64::from(self.counts.passed) * 100.0 / f64::from(total))
    }
}

/// The trend of a report; `current_categories` are the current launch's category counts.
#[must_use]
pub fn trend(report: &Report, current_categories: Vec<(String, u32)>) -> Vec<TrendPoint> {
    let mut points: Vec<TrendPoint> = report
        .runs
        .iter()
        .enumerate()
        .map(|(i, run)| TrendPoint {
            label: run
                .build_order
                .map_or_else(|| format!("{}", i + 1), |b| b.to_string()),
            timestamp: run.timestamp,
            counts: run.aggregate.counts,
            duration: run.aggregate.duration,
            retries: run.aggregate.retries,
            categories: run.aggregate.categories.clone(),
            current: false,
        })
        .collect();
    let mut counts = StatusCounts::default();
    // Per results directory: several directories are unrelated runs (matrix jobs), whose
    // duration is the union of their spans. Over the shown attempts, as Allure 2's summary
    // times the launch: a results directory never cleaned between runs holds every earlier
    // run's results as retries, and their days are not this run's duration.
    let mut spans: Vec<Vec<(Option<i64>, Option<i64>)>> = Vec::new();
    let mut retries = 0u32;
    for test in &report.tests {
        counts.add(test.result.status);
        retries += test.retries.len() as u32;
        let dir = usize::from(test.result.dir);
        if spans.len() <= dir {
            spans.resize_with(dir + 1, Vec::new);
        }
        spans[dir].push((test.result.start, test.result.stop));
    }
    let intervals = spans
        .iter()
        .filter_map(|dir| run_interval(dir, report.loaded_at_ms))
        .collect();
    let label = report
        .executor
        .as_ref()
        .and_then(|e| e.build_order)
        .map_or_else(|| format!("{}", points.len() + 1), |b| b.to_string());
    points.push(TrendPoint {
        label,
        timestamp: None,
        counts,
        duration: union_length(intervals),
        retries: Some(retries),
        categories: current_categories,
        current: true,
    });
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::result::TestResult;
    use crate::model::retries::group_results;
    use crate::model::Status;

    fn attempt(name: &str, status: Status, start: i64, stop: i64) -> TestResult {
        TestResult {
            full_name: Some(name.into()),
            name: name.into(),
            status,
            start: Some(start),
            stop: Some(stop),
            ..TestResult::default()
        }
    }

    /// The launch is timed over its shown attempts, as Allure 2's summary times it: a results
    /// directory never cleaned X
    /// before), and those hours are not this run's duration.
    #[test]
    fn the_duration_spans_the_shown_attempts() {
        const T: i64 = 1_790_000_000_000;
        let report = Report {
            loaded_at_ms: T + 60_000,
            tests: group_results(vec![
                attempt(
                    "a",
                    Status::Failed,
                    T - 20 * 3_600_000,
                    T - 20 * 3_600_000 + 500,
                ),
                attempt("a", Status::Passed, T, T + 1_000),
                attempt("b", Status::Passed, T + 1_000, T + 2_300),
            ]),
            ..Report::default()
        };
        let points = trend(&report, Vec::new());
        let current = points.last().unwrap();
        assert_eq!(current.duration, Some(2_300));
        assert_eq!(current.retries, Some(1));
    }
}
