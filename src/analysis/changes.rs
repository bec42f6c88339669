//! What changed against a baseline: the change sets, by Allure identity (see
//! [`super::matching`]).
//!
//! Failing means failed or broken; unknown is neither failing nor passing.
//! - **new failures**: failing now, and absent from the baseline or not failing there (a new
//!   test that fails is a new failure);
//! - **still failing**: failing in both (a change between failed and broken shows on the row);
//! - **fixed**: passed now, failing in the baseline;
//! - **newly skipped**: skipped now, present and not skipped in the baseline (coverage lost
//!   silently);
//! - **added**: not in the baseline;
//! - **removed**: in the baseline, not now; only for baselines that list their tests;
//! - **slower**: passed in both and took at least [`SLOWER_RATIO`] times as long and at least
//!   [`SLOWER_MIN_MS`] more. Failures are left out (how long a failure takes says how far it
//!   got), and the absolute floor keeps millisecond jitter out.
//!
//! No terminal dependencies.

use super::baseline::Baseline;
use super::matching::{match_tests, Matching};
use crate::model::{Report, Status, TestId};

/// A test is slower when it took at least this many times as long as in the baseline…
pub const SLOWER_RATIO: f64 = 2.0;
/// …and at least this many milliseconds more.
pub const SLOWER_MIN_MS: i64 = 100;

/// One of the change sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeSet {
    /// Failing now, not failing (or absent) in the baseline.
    NewFailures,
    /// Failing in both.
    StillFailing,
    /// Passed now, failing in the baseline.
    Fixed,
    /// Skipped now, not skipped in the baseline.
    NewlySkipped,
    /// Not in the baseline.
    Added,
    /// In the baseline, not now.
    Removed,
    /// Passed in both, and much slower now.
    Slower,
}

impl ChangeSet {
    /// Every set, in the order they are shown.
    pub const ALL: [ChangeSet; 7] = [
        ChangeSet::NewFailures,
        ChangeSet::StillFailing,
        ChangeSet::Fixed,
        ChangeSet::NewlySkipped,
        ChangeSet::Added,
        ChangeSet::Removed,
        ChangeSet::Slower,
    ];

    /// The JSON key.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            ChangeSet::NewFailures => "newFailures",
            ChangeSet::StillFailing => "stillFailing",
            ChangeSet::Fixed => "fixed",
            ChangeSet::NewlySkipped => "newlySkipped",
            ChangeSet::Added => "added",
            ChangeSet::Removed => "removed",
            ChangeSet::Slower => "slower",
        }
    }

    /// The title for people.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            ChangeSet::NewFailures => "New failures",
            ChangeSet::StillFailing => "Still failing",
            ChangeSet::Fixed => "Fixed",
            ChangeSet::NewlySkipped => "Newly skipped",
            ChangeSet::Added => "Added",
            ChangeSet::Removed => "Removed",
            ChangeSet::Slower => "Slower",
        }
    }

    /// What one test of the set is, in a sentence: `a new failure`, `slower`.
    #[must_use]
    pub fn one(self) -> &'static str {
        match self {
            ChangeSet::NewFailures => "a new failure",
            ChangeSet::StillFailing => "still failing",
            ChangeSet::Fixed => "fixed",
            ChangeSet::NewlySkipped => "newly skipped",
            ChangeSet::Added => "added",
            ChangeSet::Removed => "removed",
            ChangeSet::Slower => "slower",
        }
    }

    /// One line saying what the set holds.
    #[must_use]
    pub fn meaning(self) -> &'static str {
        match self {
            ChangeSet::NewFailures => "failing now; absent from the baseline or not failing there",
            ChangeSet::StillFailing => "failing now and in the baseline",
            ChangeSet::Fixed => "passed now, failing in the baseline",
            ChangeSet::NewlySkipped => "skipped now, not skipped in the baseline",
            ChangeSet::Added => "not in the baseline",
            ChangeSet::Removed => "in the baseline, not in this launch",
            ChangeSet::Slower => "passed in both, now at least 2x as long and 100 ms longer",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// One test of a change set: the test of the launch and its baseline test (`None` for added
/// and removed tests respectively).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The test in the launch.
    pub test: Option<TestId>,
    /// Its test in the baseline.
    pub baseline: Option<u32>,
}

/// The change sets of a launch against a baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    sets: [Vec<Change>; 7],
    /// Per test, the sets it is in (a bit per [`ChangeSet`]).
    membership: Vec<u8>,
    /// Which test is which.
    pub matching: Matching,
    /// False when the baseline cannot say which tests were removed (the removed set is then
    /// empty and means nothing).
    pub removed_available: bool,
    /// What the baseline could not answer, and the warning below, for people.
    pub notes: Vec<String>,
    /// A warning worth printing: fewer than half of the tests matched.
    pub warning: Option<String>,
}

/// A launch compared with a baseline: the baseline and the change sets.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// What the launch is compared with.
    pub baseline: Baseline,
    /// The change sets.
    pub changes: Changes,
}

impl Comparison {
    /// Compares a launch with a baseline.
    #[must_use]
    pub fn new(report: &Report, baseline: Baseline) -> Comparison {
        let changes = Changes::compare(report, &baseline);
        Comparison { baseline, changes }
    }

    /// The baseline test of a change (or of a test's match).
    #[must_use]
    pub fn baseline_test(&self, index: u32) -> Option<&super::baseline::BaselineTest> {
        self.baseline.tests.get(index as usize)
    }
}

/// Failed or broken.
fn failing(status: Status) -> bool {
    status.is_problem()
}

impl Changes {
    /// Compares a launch with a baseline.
    #[must_use]
    pub fn compare(report: &Report, baseline: &Baseline) -> Changes {
        let matching = match_tests(report, baseline);
        let mut sets: [Vec<Change>; 7] = Default::default();
        let mut membership = vec![0u8; report.tests.len()];
        let mut slower: Vec<(i64, Change)> = Vec::new();
        for (t, test) in report.tests.iter().enumerate() {
            let b = matching.of_test[t];
            let change = Change {
                test: Some(t as TestId),
                baseline: b,
            };
            let now = &test.result;
            let before = b.map(|b| &baseline.tests[b as usize]);
            let mut put = |set: ChangeSet| {
                sets[set as usize].push(change);
                membership[t] |= set.bit();
            };
            match before {
                None => {
                    put(ChangeSet::Added);
                    if failing(now.status) {
                        put(ChangeSet::NewFailures);
                    }
                }
                Some(before) => {
                    match (failing(now.status), failing(before.status)) {
                        (true, false) => put(ChangeSet::NewFailures),
                        (true, true) => put(ChangeSet::StillFailing),
                        (false, true) if now.status == Status::Passed => put(ChangeSet::Fixed),
                        _ => {}
                    }
                    if now.status == Status::Skipped && before.status != Status::Skipped {
                        put(ChangeSet::NewlySkipped);
                    }
                    if let (Status::Passed, Status::Passed, Some(d), Some(was)) =
                        (now.status, before.status, now.duration(), before.duration)
                    {
                        if is_slower(d, was) {
                            slower.push((d - was, change));
                            membership[t] |= ChangeSet::Slower.bit();
                        }
                    }
                }
            }
        }
        // Slower: the largest slowdown first.
        slower.sort_by_key(|(grew, change)| (std::cmp::Reverse(*grew), change.test));
        sets[ChangeSet::Slower as usize] = slower.into_iter().map(|(_, c)| c).collect();
        let removed_available = baseline.lists_tests;
        if removed_available {
            sets[ChangeSet::Removed as usize] = matching
                .of_baseline
                .iter()
                .enumerate()
                .filter(|(_, t)| t.is_none())
                .map(|(b, _)| Change {
                    test: None,
                    baseline: Some(b as u32),
                })
                .collect();
        }
        let mut notes = baseline.notes.clone();
        let listed = baseline.tests.len();
        let comparable = report.tests.len().min(listed);
        let mut warning = None;
        if baseline.lists_tests && comparable > 0 && matching.matched() * 2 < comparable {
            warning = Some(format!(
                "only {} of the baseline's {listed} tests match a test of this launch{}: is it the same suite?",
                matching.matched(),
                if matching.by_name > 0 {
                    " (by Allure identity, or by full name for XML inputs)"
                } else {
                    ""
                }
            ));
        }
        notes.extend(warning.clone());
        Changes {
            sets,
            membership,
            matching,
            removed_available,
            notes,
            warning,
        }
    }

    /// The tests of a set, in report order (removed: baseline order; slower: the largest
    /// slowdown first).
    #[must_use]
    pub fn get(&self, set: ChangeSet) -> &[Change] {
        &self.sets[set as usize]
    }

    /// Whether a test of the launch is in a set.
    #[must_use]
    pub fn contains(&self, test: TestId, set: ChangeSet) -> bool {
        self.membership
            .get(test as usize)
            .is_some_and(|bits| bits & set.bit() != 0)
    }

    /// The sets a test is in, in display order.
    #[must_use]
    pub fn sets_of(&self, test: TestId) -> Vec<ChangeSet> {
        ChangeSet::ALL
            .into_iter()
            .filter(|&s| self.contains(test, s))
            .collect()
    }

    /// The baseline test of a test of the launch.
    #[must_use]
    pub fn baseline_of(&self, test: TestId) -> Option<u32> {
        self.matching.of_test.get(test as usize).copied().flatten()
    }
}

/// Whether a passing test that took `now` ms is slower than the `before` ms it took in the
/// baseline (see [`SLOWER_RATIO`], [`SLOWER_MIN_MS`]).
#[must_use]
pub fn is_slower(now: i64, before: i64) -> bool {
    now - before >= SLOWER_MIN_MS && (now as f64) >= SLOWER_RATIO * (before.max(0) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TestResult;

    fn result(name: &str, status: Status, duration: i64) -> TestResult {
        TestResult {
            full_name: Some(format!("s.T#{name}").into()),
            name: name.into(),
            status,
            start: Some(1_000),
            stop: Some(1_000 + duration),
            ..TestResult::default()
        }
    }

    fn report(results: Vec<TestResult>) -> Report {
        Report {
            tests: crate::model::retries::group_results(results),
            ..Report::default()
        }
    }

    fn names(
        report: &Report,
        baseline: &Baseline,
        changes: &Changes,
        set: ChangeSet,
    ) -> Vec<String> {
        changes
            .get(set)
            .iter()
            .map(|c| match c.test {
                Some(t) => report.tests[t as usize].result.name.to_string(),
                None => baseline.tests[c.baseline.unwrap() as usize]
                    .name
                    .to_string(),
            })
            .collect()
    }

    #[test]
    fn each_set_by_its_rule() {
        use Status::{Broken as B, Failed as F, Passed as P, Skipped as S, Unknown as U};
        let before = report(vec![
            result("new_fail", P, 10),
            result("still", B, 10),
            result("fixed", F, 10),
            result("skipped_now", P, 10),
            result("removed", P, 10),
            result("slow", P, 100),
            result("jitter", P, 10),
            result("unknown_now", F, 10),
            result("skip_both", S, 0),
        ]);
        let now = report(vec![
            result("new_fail", F, 10),
            result("still", F, 10),
            result("fixed", P, 10),
            result("skipped_now", S, 0),
            result("added_failing", B, 10),
            result("added_passing", P, 10),
            result("slow", P, 300),
            result("jitter", P, 90),
            result("unknown_now", U, 10),
            result("skip_both", S, 0),
        ]);
        let baseline = Baseline::of_report(before, std::path::Path::new("b"));
        let c = Changes::compare(&now, &baseline);
        let got = |set| names(&now, &baseline, &c, set);
        assert_eq!(got(ChangeSet::NewFailures), ["added_failing", "new_fail"]);
        assert_eq!(got(ChangeSet::StillFailing), ["still"]);
        assert_eq!(got(ChangeSet::Fixed), ["fixed"]);
        assert_eq!(got(ChangeSet::NewlySkipped), ["skipped_now"]);
        assert_eq!(got(ChangeSet::Added), ["added_failing", "added_passing"]);
        assert_eq!(got(ChangeSet::Removed), ["removed"]);
        assert_eq!(
            got(ChangeSet::Slower),
            ["slow"],
            "10 → 90 ms is under the floor"
        );
        assert!(c.removed_available);
        let still = now
            .tests
            .iter()
            .position(|t| t.result.name == "still")
            .unwrap();
        assert_eq!(c.sets_of(still as TestId), [ChangeSet::StillFailing]);
        assert!(c.notes.is_empty(), "{:?}", c.notes);
    }

    #[test]
    fn slower_needs_both_the_ratio_and_the_floor() {
        assert!(is_slower(200, 100));
        assert!(!is_slower(199, 100), "under 2x");
        assert!(!is_slower(90, 10), "2x but under 100 ms more");
        assert!(is_slower(150, 0));
        assert!(!is_slower(2_100, 2_000));
    }

    #[test]
    fn few_matches_warn() {
        let before = report(vec![
            result("a", Status::Passed, 1),
            result("b", Status::Passed, 1),
        ]);
        let now = report(vec![
            result("c", Status::Passed, 1),
            result("d", Status::Passed, 1),
        ]);
        let baseline = Baseline::of_report(before, std::path::Path::new("b"));
        let c = Changes::compare(&now, &baseline);
        assert!(c
            .notes
            .iter()
            .any(|n| n.contains("only 0 of the baseline's 2 tests")));
    }

    /// vitest-ufo's last run: Allure 3 keyed some tests anew (their parameters hash changed)
    /// while another of their keys (Allure 2's) stayed the one the previous line keeps them
    /// under, and their history came from Allure 2's files, not tied to the line. A history
    /// run's listing is matched by every candidate, so they are the same test, not added.
    #[test]
    fn a_listed_run_matches_by_every_candidate() {
        use crate::model::baseline::{ListedTest, RunListing};
        use crate::model::{HistoryEntry, HistoryFormat, RunInfo};
        let mut rekeyed = result("rekeyed", Status::Failed, 5);
        rekeyed.history_id = Some("adapter-history-id".into());
        let mut now = report(vec![rekeyed, result("same", Status::Passed, 5)]);
        now.has_history = true;
        now.runs = vec![RunInfo {
            timestamp: Some(100),
            format: Some(HistoryFormat::Allure3),
            ..RunInfo::default()
        }];
        for (i, test) in now.tests.iter_mut().enumerate() {
            // The rekeyed test's history came from elsewhere (Allure 2's, by its own key), not
            // tied to the line's run.
            test.history = vec![HistoryEntry {
                run: (i == 1).then_some(0),
                status: Status::Passed,
                start: None,
                duration: Some(5),
                message: None,
                trace: None,
            }];
        }
        let rekeyed = &now.tests[0];
        let other_key = rekeyed.keys.raw_history_id.as_deref().unwrap();
        assert_ne!(rekeyed.keys.allure3.as_deref(), Some(other_key));
        let listed = |key: &str, name: &str| ListedTest {
            key: key.to_owned(),
            name: Some(name.to_owned()),
            full_name: Some(format!("s.T#{name}")),
            status: Status::Passed,
            duration: Some(5),
            ..ListedTest::default()
        };
        let listing = RunListing {
            file: "history.jsonl".to_owned(),
            tests: vec![
                listed("gone-key", "gone"),
                listed(now.tests[1].keys.allure3.as_deref().unwrap(), "same"),
                // Under another of its keys only.
                listed(other_key, "rekeyed"),
            ],
        };
        let baseline = Baseline::of_run(&now, 1, Some(listing)).unwrap();
        let c = Changes::compare(&now, &baseline);
        let got = |set| names(&now, &baseline, &c, set);
        assert_eq!(got(ChangeSet::Added), Vec::<String>::new());
        assert_eq!(got(ChangeSet::NewFailures), ["rekeyed"]);
        assert_eq!(got(ChangeSet::Removed), ["gone"]);
        assert_eq!(c.matching.by_key, 2);
    }
}
