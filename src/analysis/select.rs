//! Test selection shared by the TUI filters and the headless commands (`summary`, `testplan`),
//! so both pick exactly the same tests.

use super::changes::{ChangeSet, Changes};
use super::clusters::Clusters;
use super::query::{Haystack, Query};
use super::{TestAnalysis, Transition};
use crate::model::{Status, Test, TestId};

/// A conjunction of conditions; an empty selection takes every test.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Any of these statuses (empty: any status).
    pub statuses: Vec<Status>,
    /// Flaky by Allure's rule or by ours (retry flip, flip rate).
    pub flaky: bool,
    /// Any of these transitions, or a new failure (`new_failures`): the change conditions
    /// combine with OR (empty and false: any test). Each transition is [`Transition::of`], the
    /// same definition `--fail-on` and the tree markers use, except `fixed`, which is
    /// [`is_fixed`]: against the baseline when there is one.
    pub transitions: Vec<Transition>,
    /// New failures ([`is_new_failure`]): against the baseline when there is one.
    pub new_failures: bool,
    /// Tests of any of these failure clusters, by id (empty: any test).
    pub clusters: Vec<String>,
    /// A query in the TUI's `/` syntax (see [`super::query`]), every plain term matched as a
    /// substring: a fuzzy match would select unrelated tests for a rerun.
    pub grep: Option<String>,
}

/// What a selection looks at beyond the test itself: the failure clusters and, with a
/// baseline, the change sets.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The launch's failure clusters.
    pub clusters: &'a Clusters,
    /// The change sets against the baseline, when one was given.
    pub changes: Option<&'a Changes>,
}

/// A new failure: with a baseline, in its `newFailures` set (failing now, absent from the
/// baseline or not failing there); without one, against history as Allure 3's transitions
/// see it: failing now with the transition `new`, `regressed` or `malfunctioned`.
#[must_use]
pub fn is_new_failure(
    id: TestId,
    test: &Test,
    analysis: &TestAnalysis,
    changes: Option<&Changes>,
) -> bool {
    match changes {
        Some(changes) => changes.contains(id, ChangeSet::NewFailures),
        None => {
            test.result.status.is_problem()
                && matches!(
                    analysis.transition,
                    Some(Transition::New | Transition::Regressed | Transition::Malfunctioned)
                )
        }
    }
}

/// Fixed: with a baseline, in its `fixed` set (passed now, failing in the baseline); without
/// one, Allure 3's transition `fixed` (passed now, not passed in the newest significant
/// previous run).
#[must_use]
pub fn is_fixed(id: TestId, analysis: &TestAnalysis, changes: Option<&Changes>) -> bool {
    match changes {
        Some(changes) => changes.contains(id, ChangeSet::Fixed),
        None => analysis.has_transition(Transition::Fixed),
    }
}

impl Selection {
    /// True when no condition is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Selection::default()
    }

    /// Whether the test with this index is selected.
    #[must_use]
    pub fn matches(
        &self,
        id: TestId,
        test: &Test,
        analysis: &TestAnalysis,
        context: &Context,
    ) -> bool {
        let status_ok = self.statuses.is_empty() || self.statuses.contains(&test.result.status);
        let flaky_ok = !self.flaky || analysis.flaky || analysis.flakiness.is_flaky();
        let change_ok = (self.transitions.is_empty() && !self.new_failures)
            || (self.new_failures && is_new_failure(id, test, analysis, context.changes))
            || self.transitions.iter().any(|&t| match t {
                Transition::Fixed => is_fixed(id, analysis, context.changes),
                t => analysis.has_transition(t),
            });
        let cluster_ok = self.clusters.is_empty()
            || context
                .clusters
                .of_test(id)
                .is_some_and(|c| self.clusters.iter().any(|id| c.id.eq_ignore_ascii_case(id)));
        let grep_ok = self
            .grep
            .as_deref()
            .is_none_or(|query| Query::parse(query).matches_exactly(&Haystack::of(test)));
        status_ok && flaky_ok && change_ok && cluster_ok && grep_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::flaky::tests::with_history;
    use crate::analysis::Flakiness;

    fn analysis_of(test: &Test, transition: Option<Transition>) -> TestAnalysis {
        TestAnalysis {
            flaky: false,
            flakiness: Flakiness::of(test),
            transition,
            category: None,
        }
    }

    fn no_clusters() -> &'static Clusters {
        static NONE: std::sync::OnceLock<Clusters> = std::sync::OnceLock::new();
        NONE.get_or_init(Clusters::default)
    }

    /// `Selection::matches` without clusters or a baseline.
    trait Plain {
        fn matches_plain(&self, test: &Test, analysis: &TestAnalysis) -> bool;
    }

    impl Plain for Selection {
        fn matches_plain(&self, test: &Test, analysis: &TestAnalysis) -> bool {
            let context = Context {
                clusters: no_clusters(),
                changes: None,
            };
            self.matches(0, test, analysis, &context)
        }
    }

    #[test]
    fn conditions_combine() {
        let mut t = with_history(Status::Failed, &[Status::Passed]);
        t.result.name = "test_login".into();
        let a = analysis_of(&t, Some(Transition::Regressed));
        assert!(Selection::default().matches_plain(&t, &a));
        let failed = Selection {
            statuses: vec![Status::Failed, Status::Broken],
            ..Selection::default()
        };
        assert!(failed.matches_plain(&t, &a));
        let passed = Selection {
            statuses: vec![Status::Passed],
            ..Selection::default()
        };
        assert!(!passed.matches_plain(&t, &a));
        let only = |transitions: &[Transition]| Selection {
            transitions: transitions.to_vec(),
            ..Selection::default()
        };
        assert!(only(&[Transition::Regressed]).matches_plain(&t, &a));
        assert!(!only(&[Transition::New]).matches_plain(&t, &a));
        assert!(!only(&[Transition::Malfunctioned]).matches_plain(&t, &a));
        assert!(only(&[Transition::New, Transition::Regressed]).matches_plain(&t, &a));
        let malfunctioned = analysis_of(&t, Some(Transition::Malfunctioned));
        assert!(
            !only(&[Transition::Regressed]).matches_plain(&t, &malfunctioned),
            "regressed is not malfunctioned"
        );
        let grep = Selection {
            grep: Some("login".into()),
            ..Selection::default()
        };
        assert!(grep.matches_plain(&t, &a));
        let nogrep = Selection {
            grep: Some("logout".into()),
            ..Selection::default()
        };
        assert!(!nogrep.matches_plain(&t, &a));
        let not_fuzzy = Selection {
            grep: Some("tlgn".into()),
            ..Selection::default()
        };
        assert!(
            !not_fuzzy.matches_plain(&t, &a),
            "--grep takes terms as substrings"
        );
        let flaky = Selection {
            flaky: true,
            ..Selection::default()
        };
        assert!(!flaky.matches_plain(&t, &a));
        let new_failures = Selection {
            new_failures: true,
            ..Selection::default()
        };
        assert!(
            new_failures.matches_plain(&t, &a),
            "without a baseline, a regressed failure is new against history"
        );
        let cluster = Selection {
            clusters: vec!["0badc0de".into()],
            ..Selection::default()
        };
        assert!(!cluster.matches_plain(&t, &a), "not in that cluster");
    }
}
