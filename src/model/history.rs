//! History of previous runs, read from Allure 3 `history.jsonl` and Allure 2 `history/`.
//!
//! The readers produce [`HistoryRun`]s (one per previous launch) whose entries are keyed by
//! history key; the report builder matches them to tests by candidate keys. No terminal
//! dependencies.

pub mod allure2;
pub mod jsonl;

use std::collections::HashMap;

/// Which current tests a history key belongs to: `(test index, candidate rank)`; rank 0 is the
/// test's own Allure 3 key, higher ranks are fallbacks (raw historyId and the like).
pub type KeyIndex = HashMap<String, Vec<(u32, u8)>, foldhash::fast::RandomState>;

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
    /// Entries of current tests, as `(test index, entry)` sorted by test; entries of other
    /// tests only feed the aggregate, so memory stays bounded by the current launch.
    pub entries: Vec<(u32, RawHistoryEntry)>,
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
