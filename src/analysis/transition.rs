//! Status transitions against history: the one definition of `new`, `fixed`, `regressed` and
//! `malfunctioned`, shared by the `--new`/`--fixed`/`--regressed`/`--malfunctioned` filters, the
//! `--fail-on` gates, the tree markers, the TUI's `f` filter and the JSON `transition`.
//!
//! Allure 3.18.0 (`allure3 · core/src/utils/new.ts getStatusTransition`), computed only when
//! history is configured:
//! - `new`: the test has no previous run at all;
//! - otherwise, against the newest previous run whose status is not skipped/unknown (none when
//!   every previous run was skipped/unknown): failed now and that run was not failed →
//!   `regressed` (so broken → failed is regressed); broken now and not broken before →
//!   `malfunctioned`; passed now and not passed before → `fixed`. A skipped or unknown current
//!   result gets none.
//!
//! Depends on `model` only.

use serde::Serialize;

use crate::model::{Status, Test};

/// A test's change against its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transition {
    /// No previous run at all.
    New,
    /// Passing now, not passing in the newest significant previous run.
    Fixed,
    /// Failing now, not failing in the newest significant previous run.
    Regressed,
    /// Broken now, not broken in the newest significant previous run.
    Malfunctioned,
}

impl Transition {
    /// The lowercase name, as in Allure 3 and our JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::New => "new",
            Transition::Fixed => "fixed",
            Transition::Regressed => "regressed",
            Transition::Malfunctioned => "malfunctioned",
        }
    }

    /// True for the changes triage puts first (the TUI's `f` step and the triage view): new,
    /// regressed and malfunctioned; a fix needs no look.
    #[must_use]
    pub fn needs_attention(self) -> bool {
        self != Transition::Fixed
    }

    /// The transition of a test; `None` when no history is configured (`has_history` false) or
    /// when nothing changed.
    #[must_use]
    pub fn of(test: &Test, has_history: bool) -> Option<Transition> {
        if !has_history {
            return None;
        }
        if test.history.is_empty() {
            return Some(Transition::New);
        }
        let last = test
            .history
            .iter()
            .map(|h| h.status)
            .find(|s| s.is_significant());
        if last == Some(test.result.status) {
            return None;
        }
        match test.result.status {
            Status::Passed => Some(Transition::Fixed),
            Status::Failed => Some(Transition::Regressed),
            Status::Broken => Some(Transition::Malfunctioned),
            Status::Skipped | Status::Unknown => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::flaky::tests::with_history;
    use Status::{Broken as B, Failed as F, Passed as P, Skipped as S, Unknown as U};

    fn of(now: Status, before: &[Status]) -> Option<Transition> {
        Transition::of(&with_history(now, before), true)
    }

    #[test]
    fn new_means_no_previous_run_at_all() {
        assert_eq!(of(F, &[]), Some(Transition::New));
        assert_eq!(of(P, &[]), Some(Transition::New));
        assert_eq!(of(S, &[]), Some(Transition::New));
        assert_eq!(
            Transition::of(&with_history(F, &[]), false),
            None,
            "no history configured: no transitions at all"
        );
    }

    #[test]
    fn compared_with_the_newest_significant_run() {
        assert_eq!(of(P, &[S, U, F]), Some(Transition::Fixed));
        assert_eq!(of(P, &[B]), Some(Transition::Fixed));
        assert_eq!(of(F, &[P]), Some(Transition::Regressed));
        assert_eq!(
            of(F, &[B, P]),
            Some(Transition::Regressed),
            "broken → failed is regressed"
        );
        assert_eq!(of(B, &[F]), Some(Transition::Malfunctioned));
        assert_eq!(of(B, &[P, B]), Some(Transition::Malfunctioned));
        assert_eq!(of(F, &[F, P]), None);
        assert_eq!(of(B, &[S, B]), None);
        assert_eq!(of(P, &[P, F]), None);
    }

    #[test]
    fn skipped_or_unknown_now_has_no_transition() {
        assert_eq!(of(S, &[P]), None);
        assert_eq!(of(U, &[F]), None);
    }

    #[test]
    fn only_skipped_history_compares_with_nothing_as_allure3() {
        // getLastSignificantStatus is undefined, which differs from every status.
        assert_eq!(of(F, &[S, S]), Some(Transition::Regressed));
        assert_eq!(of(P, &[U]), Some(Transition::Fixed));
        assert_eq!(of(B, &[S]), Some(Transition::Malfunctioned));
    }
}
