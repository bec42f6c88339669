//! Test selection shared by the TUI filters and the headless commands (`summary`, `testplan`),
//! so both pick exactly the same tests.

use super::query::{Haystack, Query};
use super::{TestAnalysis, Transition};
use crate::model::{Status, Test};

/// A conjunction of conditions; an empty selection takes every test.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Any of these statuses (empty: any status).
    pub statuses: Vec<Status>,
    /// Flaky by Allure's rule or by ours (retry flip, flip rate).
    pub flaky: bool,
    /// Any of these transitions (empty: any test, with or without one). Each is
    /// [`Transition::of`], the same definition `--fail-on` and the tree markers use.
    pub transitions: Vec<Transition>,
    /// A query in the TUI's `/` syntax (see [`super::query`]), every plain term matched as a
    /// substring: a fuzzy match would select unrelated tests for a rerun.
    pub grep: Option<String>,
}

impl Selection {
    /// True when no condition is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Selection::default()
    }

    /// Whether a test is selected.
    #[must_use]
    pub fn matches(&self, test: &Test, analysis: &TestAnalysis) -> bool {
        let status_ok = self.statuses.is_empty() || self.statuses.contains(&test.result.status);
        let flaky_ok = !self.flaky || analysis.flaky || analysis.flakiness.is_flaky();
        let change_ok = self.transitions.is_empty()
            || self.transitions.iter().any(|&t| analysis.has_transition(t));
        let grep_ok = self
            .grep
            .as_deref()
            .is_none_or(|query| Query::parse(query).matches_exactly(&Haystack::of(test)));
        status_ok && flaky_ok && change_ok && grep_ok
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

    #[test]
    fn conditions_combine() {
        let mut t = with_history(Status::Failed, &[Status::Passed]);
        t.result.name = "test_login".into();
        let a = analysis_of(&t, Some(Transition::Regressed));
        assert!(Selection::default().matches(&t, &a));
        let failed = Selection {
            statuses: vec![Status::Failed, Status::Broken],
            ..Selection::default()
        };
        assert!(failed.matches(&t, &a));
        let passed = Selection {
            statuses: vec![Status::Passed],
            ..Selection::default()
        };
        assert!(!passed.matches(&t, &a));
        let only = |transitions: &[Transition]| Selection {
            transitions: transitions.to_vec(),
            ..Selection::default()
        };
        assert!(only(&[Transition::Regressed]).matches(&t, &a));
        assert!(!only(&[Transition::New]).matches(&t, &a));
        assert!(!only(&[Transition::Malfunctioned]).matches(&t, &a));
        assert!(only(&[Transition::New, Transition::Regressed]).matches(&t, &a));
        let malfunctioned = analysis_of(&t, Some(Transition::Malfunctioned));
        assert!(
            !only(&[Transition::Regressed]).matches(&t, &malfunctioned),
            "regressed is not malfunctioned"
        );
        let grep = Selection {
            grep: Some("login".into()),
            ..Selection::default()
        };
        assert!(grep.matches(&t, &a));
        let nogrep = Selection {
            grep: Some("logout".into()),
            ..Selection::default()
        };
        assert!(!nogrep.matches(&t, &a));
        let not_fuzzy = Selection {
            grep: Some("tlgn".into()),
            ..Selection::default()
        };
        assert!(
            !not_fuzzy.matches(&t, &a),
            "--grep takes terms as substrings"
        );
        let flaky = Selection {
            flaky: true,
            ..Selection::default()
        };
        assert!(!flaky.matches(&t, &a));
    }
}
