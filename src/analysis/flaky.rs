//! Allure's flaky rule and our flakiness metrics.
//!
//! Allure (`allure2 · HistoryPlugin.isFlaky`, `allure3 · core/src/utils/flaky.ts`): flaky when
//! `statusDetails.flaky`, or the current status is failed/broken and among the 5 newest previous
//! runs a `passed` is newer than a `failed` (a `broken` in history does not count). A currently
//! passing test is never flaky by history. Ours adds retry flips and flip/fail rates so the
//! reason is visible. Depends on `model` only.

use serde::Serialize;

use crate::model::{Status, Test};

/// How many previous runs Allure's rule looks at.
pub const ALLURE_FLAKY_WINDOW: usize = 5;

/// How many significant statuses (current included) our rates look at.
pub const FLAKINESS_WINDOW: usize = 20;

/// Allure's flaky flag.
#[must_use]
pub fn is_allure_flaky(test: &Test) -> bool {
    if test.result.details.flaky {
        return true;
    }
    if !test.result.status.is_problem() {
        return false;
    }
    let previous: Vec<Status> = test
        .history
        .iter()
        .take(ALLURE_FLAKY_WINDOW)
        .map(|h| h.status)
        .collect();
    let first_passed = previous.iter().position(|s| *s == Status::Passed);
    let last_failed = previous.iter().rposition(|s| *s == Status::Failed);
    matches!((first_passed, last_failed), (Some(p), Some(f)) if p < f)
}

/// Our flakiness metrics, each a visible reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flakiness {
    /// An attempt in this launch failed or broke and another passed.
    pub retry_flip: bool,
    /// Pass/fail changes between consecutive significant runs, over `runs - 1`.
    pub flip_rate: Option<f64>,
    /// Failed or broken runs over `runs`.
    pub fail_rate: Option<f64>,
    /// Significant runs looked at (passed, failed, broken; the current one included).
    pub runs: u32,
    /// Runs since the status last changed (1 = changed in this run).
    pub streak: u32,
}

impl Flakiness {
    /// Computes the metrics of a test.
    #[must_use]
    pub fn of(test: &Test) -> Flakiness {
        let retry_flip = test.attempts().any(|a| a.status.is_problem())
            && test.attempts().any(|a| a.status == Status::Passed);
        let statuses: Vec<bool> = std::iter::once(test.result.status)
            .chain(test.history.iter().map(|h| h.status))
            .filter(|s| s.is_significant())
            .take(FLAKINESS_WINDOW)
            .map(Status::is_problem)
            .collect();
        let runs = statuses.len();
        let flips = statuses.windows(2).filter(|w| w[0] != w[1]).count();
        let fails = statuses.iter().filter(|f| **f).count();
        let streak = statuses
            .iter()
            .take_while(|f| Some(*f) == statuses.first())
            .count();
        Flakiness {
            retry_flip,
            flip_rate: (runs >= 2).then(|| flips as f64 / (runs - 1) as f64),
            fail_rate: (runs >= 1).then(|| fails as f64 / runs as f64),
            runs: runs as u32,
            streak: streak as u32,
        }
    }

    /// Our classifier: a retry flip now, or at least 5 runs with a flip rate of 30% and two
    /// failures.
    #[must_use]
    pub fn is_flaky(&self) -> bool {
        self.retry_flip
            || (self.runs >= 5
                && self.flip_rate.unwrap_or(0.0) >= 0.3
                && self.fail_rate.unwrap_or(0.0) * f64::from(self.runs) >= 1.5)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{HistoryEntry, TestKeys, TestResult};

    pub(crate) fn with_history(current: Status, previous: &[Status]) -> Test {
        Test {
            key: "k".into(),
            keys: TestKeys::default(),
            result: Box::new(TestResult {
                status: current,
                ..TestResult::default()
            }),
            retries: Vec::new(),
            history: previous
                .iter()
                .map(|&status| HistoryEntry {
                    run: None,
                    status,
                    start: None,
                    duration: None,
                    message: None,
                    trace: None,
                })
                .collect(),
        }
    }

    use Status::{Broken as B, Failed as F, Passed as P, Skipped as S};

    #[test]
    fn allure_rule_needs_a_pass_newer_than_a_failure() {
        assert!(is_allure_flaky(&with_history(F, &[P, F, P, F, P])));
        assert!(is_allure_flaky(&with_history(B, &[P, F])));
        assert!(
            !is_allure_flaky(&with_history(F, &[F, P])),
            "pass older than the failure"
        );
        assert!(
            !is_allure_flaky(&with_history(F, &[P, B, P])),
            "broken in history does not count"
        );
        assert!(
            !is_allure_flaky(&with_history(P, &[P, F, P, F])),
            "passing now is never flaky"
        );
    }

    #[test]
    fn allure_rule_looks_at_five_runs_only() {
        assert!(!is_allure_flaky(&with_history(F, &[S, S, S, S, P, F])));
        assert!(is_allure_flaky(&with_history(F, &[S, S, S, P, F])));
    }

    #[test]
    fn adapter_flag_wins() {
        let mut t = with_history(P, &[]);
        t.result.details.flaky = true;
        assert!(is_allure_flaky(&t));
    }

    #[test]
    fn rates_skip_insignificant_runs() {
        let f = Flakiness::of(&with_history(F, &[P, S, F, P]));
        assert_eq!(f.runs, 4);
        assert_eq!(f.flip_rate, Some(1.0));
        assert_eq!(f.fail_rate, Some(0.5));
        assert_eq!(f.streak, 1);
        assert!(!f.is_flaky(), "too few runs");
        let steady = Flakiness::of(&with_history(F, &[F, F, P]));
        assert_eq!(steady.streak, 3);
    }

    #[test]
    fn retry_flip_is_flaky_now() {
        let mut t = with_history(P, &[]);
        t.retries.push(TestResult {
            status: F,
            ..TestResult::default()
        });
        let f = Flakiness::of(&t);
        assert!(f.retry_flip && f.is_flaky());
    }
}
