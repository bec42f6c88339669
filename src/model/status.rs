//! Test status as Allure defines it, with the group-priority order.
//!
//! Pure data: no terminal or I/O dependencies.

use serde::Serialize;

/// The status of a test, step or history entry.
///
/// The variant order is Allure's priority for groups (`failed > broken > passed > skipped > unknown`,
/// `allure3 · core-api/src/utils/status.ts`): a lower variant is "worse".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// An assertion failed.
    Failed,
    /// The test crashed or a fixture failed.
    Broken,
    /// The test passed.
    Passed,
    /// The test was skipped.
    Skipped,
    /// Missing or unrecognised status.
    #[default]
    Unknown,
}

impl Status {
    /// All statuses in Allure's display order.
    pub const ALL: [Status; 5] = [
        Status::Passed,
        Status::Failed,
        Status::Broken,
        Status::Skipped,
        Status::Unknown,
    ];

    /// Statuses from worst to best: Allure's group priority.
    pub const BY_PRIORITY: [Status; 5] = [
        Status::Failed,
        Status::Broken,
        Status::Passed,
        Status::Skipped,
        Status::Unknown,
    ];

    /// Position in [`Status::ALL`] (display order), for per-status tables.
    #[must_use]
    pub fn display_index(self) -> usize {
        match self {
            Status::Passed => 0,
            Status::Failed => 1,
            Status::Broken => 2,
            Status::Skipped => 3,
            Status::Unknown => 4,
        }
    }

    /// Parses a status string the way Allure does: case-insensitively, anything else is `Unknown`.
    #[must_use]
    pub fn parse(text: &str) -> Status {
        // What adapters write, without allocating (a history line holds a status per test).
        match text {
            "passed" => return Status::Passed,
            "failed" => return Status::Failed,
            "broken" => return Status::Broken,
            "skipped" => return Status::Skipped,
            _ => {}
        }
        match text.trim().to_ascii_lowercase().as_str() {
            "failed" => Status::Failed,
            "broken" => Status::Broken,
            "passed" => Status::Passed,
            "skipped" => Status::Skipped,
            _ => Status::Unknown,
        }
    }

    /// The lowercase name Allure writes.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Failed => "failed",
            Status::Broken => "broken",
            Status::Passed => "passed",
            Status::Skipped => "skipped",
            Status::Unknown => "unknown",
        }
    }

    /// Failed or broken: the statuses a person has to look at.
    #[must_use]
    pub fn is_problem(self) -> bool {
        matches!(self, Status::Failed | Status::Broken)
    }

    /// Passed, failed or broken: the statuses that say something about a test's health
    /// (skipped and unknown runs are ignored by Allure's transition and flaky rules).
    #[must_use]
    pub fn is_significant(self) -> bool {
        matches!(self, Status::Passed | Status::Failed | Status::Broken)
    }

    /// The worse of two statuses by Allure's group priority.
    #[must_use]
    pub fn worst(self, other: Status) -> Status {
        self.min(other)
    }
}

/// Counts of tests per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// Failed tests.
    pub failed: u32,
    /// Broken tests.
    pub broken: u32,
    /// Passed tests.
    pub passed: u32,
    /// Skipped tests.
    pub skipped: u32,
    /// Tests of unknown status.
    pub unknown: u32,
}

impl StatusCounts {
    /// Adds one test of `status`.
    pub fn add(&mut self, status: Status) {
        self.add_n(status, 1);
    }

    /// Adds `n` tests of `status`.
    pub fn add_n(&mut self, status: Status, n: u32) {
        *self.get_mut(status) += n;
    }

    /// The count for one status.
    #[must_use]
    pub fn get(&self, status: Status) -> u32 {
        match status {
            Status::Failed => self.failed,
            Status::Broken => self.broken,
            Status::Passed => self.passed,
            Status::Skipped => self.skipped,
            Status::Unknown => self.unknown,
        }
    }

    fn get_mut(&mut self, status: Status) -> &mut u32 {
        match status {
            Status::Failed => &mut self.failed,
            Status::Broken => &mut self.broken,
            Status::Passed => &mut self.passed,
            Status::Skipped => &mut self.skipped,
            Status::Unknown => &mut self.unknown,
        }
    }

    /// Adds another set of counts into this one.
    pub fn merge(&mut self, other: &StatusCounts) {
        for status in Status::ALL {
            *self.get_mut(status) += other.get(status);
        }
    }

    /// All tests counted.
    #[must_use]
    pub fn total(&self) -> u32 {
        self.failed + self.broken + self.passed + self.skipped + self.unknown
    }

    /// The worst status with a non-zero count, if any.
    #[must_use]
    pub fn worst(&self) -> Option<Status> {
        Status::BY_PRIORITY.into_iter().find(|s| self.get(*s) > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_is_case_insensitive_and_defaults_to_unknown() {
        assert_eq!(Status::parse("skipped"), Status::Skipped);
        assert_eq!(Status::parse(" failed\n"), Status::Failed);
        assert_eq!(Status::parse("PASSED"), Status::Passed);
        assert_eq!(Status::parse("Broken"), Status::Broken);
        assert_eq!(Status::parse(""), Status::Unknown);
        assert_eq!(Status::parse("exploded"), Status::Unknown);
    }

    #[test]
    fn worst_follows_allure_priority() {
        assert_eq!(Status::Passed.worst(Status::Broken), Status::Broken);
        assert_eq!(Status::Broken.worst(Status::Failed), Status::Failed);
        assert_eq!(Status::Skipped.worst(Status::Passed), Status::Passed);
        assert_eq!(Status::Unknown.worst(Status::Skipped), Status::Skipped);
    }

    #[test]
    fn counts_report_worst_and_total() {
        let mut counts = StatusCounts::default();
        counts.add(Status::Passed);
        counts.add(Status::Skipped);
        assert_eq!(counts.worst(), Some(Status::Passed));
        counts.add(Status::Broken);
        assert_eq!(counts.worst(), Some(Status::Broken));
        assert_eq!(counts.total(), 3);
        assert_eq!(StatusCounts::default().worst(), None);
    }
}
