//! Status transitions against history, in Allure 3's vocabulary (`allure3 · core/src/utils/new.ts`).
//!
//! `new` when history exists but holds no entry for the test; otherwise, against the newest
//! history status that is not skipped/unknown: passed now → `fixed`, failed → `regressed`,
//! broken → `malfunctioned`. A skipped current result gets none. Depends on `model` only.

use serde::Serialize;

use crate::model::{Status, Test};

/// A test's change against its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transition {
    /// Not seen in any previous run.
    New,
    /// Passing now, not passing before.
    Fixed,
    /// Failing now, not failing before.
    Regressed,
    /// Broken now, not broken before.
    Malfunctioned,
}

impl Transition {
    /// The lowercase name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::New => "new",
            Transition::Fixed => "fixed",
            Transition::Regressed => "regressed",
            Transition::Malfunctioned => "malfunctioned",
        }
    }

    /// The transition of a test; `None` without history or without a change.
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
            .find(|s| s.is_significant())?;
        if last == test.result.status {
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
    use Status::{Broken as B, Failed as F, Passed as P, Skipped as S};

    #[test]
    fn transitions_follow_allure3() {
        assert_eq!(
            Transition::of(&with_history(F, &[]), true),
            Some(Transition::New)
        );
        assert_eq!(
            Transition::of(&with_history(F, &[]), false),
            None,
            "no history configured"
        );
        assert_eq!(
            Transition::of(&with_history(P, &[S, F]), true),
            Some(Transition::Fixed)
        );
        assert_eq!(
            Transition::of(&with_history(F, &[P]), true),
            Some(Transition::Regressed)
        );
        assert_eq!(
            Transition::of(&with_history(B, &[F]), true),
            Some(Transition::Malfunctioned)
        );
        assert_eq!(Transition::of(&with_history(F, &[F, P]), true), None);
        assert_eq!(Transition::of(&with_history(S, &[P]), true), None);
        assert_eq!(
            Transition::of(&with_history(F, &[S, S]), true),
            None,
            "no significant history"
        );
    }
}
