//! History of previous runs, read from Allure 3 `history.jsonl` and Allure 2 `history/`.
//!
//! The readers produce [`HistoryRun`]s (one per previous launch) whose entries are keyed by
//! history key; the report builder matches them to tests by candidate keys. No terminal
//! dependencies.

pub mod allure2;
pub mod jsonl;
mod key_index;

pub use key_index::KeyIndex;

/// FNV-1a hash of a result id.
#[must_use]
pub fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

use super::status::{Status, StatusCounts};

/// Which file format a run came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryFormat {
    /// Allure 3 `history.jsonl` line.
    Allure3,
    /// Allure 2 `history/` directory.
    Allure2,
}

/// One test's result in one previous run, as history keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawHistoryEntry {
    /// Hash ([`id_hash`]) of the entry's result id: Allure 3 writes `md5(result uuid)`, which
    /// tells whether a line records the current launch. A hash keeps millions of entries small.
    pub id_hash: Option<u64>,
    /// Status in that run.
    pub status: Status,
    /// Start, epoch ms.
    pub start: Option<i64>,
    /// Stop, epoch ms.
    pub stop: Option<i64>,
    /// Duration, ms.
    pub duration: Option<i64>,
    /// Failure message (both formats keep it).
    pub message: Option<String>,
    /// Stack trace (Allure 3 only).
    pub trace: Option<String>,
    /// Link to that run's report of this test, if any.
    pub url: Option<String>,
}

/// A current test's entry in one previous run: a [`RawHistoryEntry`] kept compact, its rare
/// texts boxed (80 bytes instead of 152: at 100k tests x 50 runs there are five million).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunEntry {
    /// Index of the current test.
    pub test: u32,
    /// Status in that run.
    pub status: Status,
    /// See [`RawHistoryEntry::id_hash`].
    pub id_hash: Option<u64>,
    /// Start, epoch ms.
    pub start: Option<i64>,
    /// Stop, epoch ms.
    pub stop: Option<i64>,
    /// Duration, ms.
    pub duration: Option<i64>,
    /// Message, trace and URL, when any is present (failures, mostly).
    pub texts: Option<Box<EntryTexts>>,
}

/// The texts of a [`RunEntry`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryTexts {
    /// Failure message.
    pub message: Option<String>,
    /// Stack trace.
    pub trace: Option<String>,
    /// Link to that run's report of this test.
    pub url: Option<String>,
}

impl RunEntry {
    /// The compact form of a test's raw entry.
    #[must_use]
    pub fn new(test: u32, raw: RawHistoryEntry) -> RunEntry {
        let texts =
            (raw.message.is_some() || raw.trace.is_some() || raw.url.is_some()).then(|| {
                Box::new(EntryTexts {
                    message: raw.message,
                    trace: raw.trace,
                    url: raw.url,
                })
            });
        RunEntry {
            test,
            status: raw.status,
            id_hash: raw.id_hash,
            start: raw.start,
            stop: raw.stop,
            duration: raw.duration,
            texts,
        }
    }

    /// The raw entry again, texts moved out.
    #[must_use]
    pub fn into_raw(self) -> RawHistoryEntry {
        let texts = self.texts.map(|t| *t).unwrap_or_default();
        RawHistoryEntry {
            id_hash: self.id_hash,
            status: self.status,
            start: self.start,
            stop: self.stop,
            duration: self.duration,
            message: texts.message,
            trace: texts.trace,
            url: texts.url,
        }
    }

    /// The failure message, if any.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.texts.as_ref().and_then(|t| t.message.as_deref())
    }

    /// The stack trace, if any.
    #[must_use]
    pub fn trace(&self) -> Option<&str> {
        self.texts.as_ref().and_then(|t| t.trace.as_deref())
    }
}

/// Aggregates of a whole run, over every test it held (not only tests still present).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunAggregate {
    /// Status counts of the shown results.
    pub counts: StatusCounts,
    /// Wall-clock duration: max stop - min start, ms.
    pub duration: Option<i64>,
    /// Hidden retries, when the format records them (Allure 2 retry-trend).
    pub retries: Option<u32>,
    /// Tests per category name, when known.
    pub categories: Vec<(String, u32)>,
}

/// One previous launch.
#[derive(Debug, Clone, Default)]
pub struct HistoryRun {
    /// Run uuid (Allure 3).
    pub uuid: Option<String>,
    /// Launch name (Allure 3) or report name (Allure 2 trend).
    pub name: Option<String>,
    /// When the run's report was made, epoch ms (Allure 3).
    pub timestamp: Option<i64>,
    /// Report URL of that run.
    pub url: Option<String>,
    /// CI build order (Allure 2 trend).
    pub build_order: Option<i64>,
    /// Where it came from.
    pub format: Option<HistoryFormat>,
    /// Entries of current tests, sorted by test; entries of other tests only feed the
    /// aggregate, so memory stays bounded by the current launch.
    pub entries: Vec<RunEntry>,
    /// Whole-run aggregates for the trend.
    pub aggregate: RunAggregate,
}

/// Where history was looked for and what was found, so the UI can explain "no history".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistorySearch {
    /// Paths tried, in order, with whether each existed.
    pub tried: Vec<(String, bool)>,
    /// Paths actually read.
    pub used: Vec<String>,
}

/// One per-test history entry after matching, newest first in [`crate::model::Test::history`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryEntry {
    /// Index into [`crate::model::Report::runs`], when the run is known.
    pub run: Option<u32>,
    /// Status in that run.
    pub status: Status,
    /// Start, epoch ms.
    pub start: Option<i64>,
    /// Duration, ms.
    pub duration: Option<i64>,
    /// Index into [`crate::model::Report::texts`] of the message.
    pub message: Option<u32>,
    /// Index into [`crate::model::Report::texts`] of the trace.
    pub trace: Option<u32>,
}

#[cfg(test)]
mod size_tests {
    use super::*;

    #[test]
    fn a_run_entry_stays_compact() {
        // Five million of them at 100k tests x 50 runs: every byte is 5 MB.
        assert!(std::mem::size_of::<RunEntry>() <= 80);
        let raw = RawHistoryEntry {
            message: Some("m".to_owned()),
            start: Some(1),
            ..RawHistoryEntry::default()
        };
        let entry = RunEntry::new(3, raw.clone());
        assert_eq!(entry.message(), Some("m"));
        assert_eq!(entry.into_raw(), raw, "the round trip keeps every field");
        assert!(RunEntry::new(0, RawHistoryEntry::default()).texts.is_none());
    }
}
