//! Search over test names, full names and labels (the query language is
//! [`crate::analysis::query`]).
//!
//! The search text of each test is built once; matching runs synchronously for small reports and
//! on a worker thread for large ones (a generation counter drops stale answers).

use crate::analysis::query::{matcher, Haystack, Query};
use crate::model::Report;

/// Reports with more tests than this are matched on the worker thread.
pub const SYNC_LIMIT: usize = 5_000;

/// The search prompt and its current matches.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// The query typed so far.
    pub query: String,
    /// The query when the prompt was opened, restored when it is cancelled.
    pub before: String,
    /// Incremented on every query change; answers for older generations are dropped.
    pub generation: u64,
    /// Tests matching the current query (`None` = no query, everything matches).
    pub matches: Option<Vec<bool>>,
    /// True while a worker answer is awaited.
    pub pending: bool,
    /// How many tests match (counted once per answer, not per frame).
    pub hits: usize,
}

impl SearchState {
    /// True when a query filters the tree.
    #[must_use]
    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
    }
}

/// What each test is searched by (name, full name, labels), built once per load.
#[must_use]
pub fn haystacks(report: &Report) -> Vec<Haystack> {
    report.tests.iter().map(Haystack::of).collect()
}

/// The answer to a query: which tests match, and the best-scoring one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    /// One flag per test.
    pub hits: Vec<bool>,
    /// The test with the highest score (first on ties), to select.
    pub best: Option<u32>,
}

/// Which haystacks match a query (fzf syntax, see [`crate::analysis::query`]), and the best
/// one: a function's own test before tests that merely mention it.
#[must_use]
pub fn match_all(haystacks: &[Haystack], query: &str) -> Matches {
    let query = Query::parse(query);
    let matcher = matcher();
    let mut best: Option<(i64, u32)> = None;
    let hits = haystacks
        .iter()
        .enumerate()
        .map(|(i, h)| match query.score(h, &matcher) {
            Some(score) => {
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, i as u32));
                }
                true
            }
            None => false,
        })
        .collect();
    Matches {
        hits,
        best: best.map(|(_, i)| i),
    }
}

/// Character indices of `text` that `query` matches, for highlighting.
#[must_use]
pub fn match_indices(text: &str, query: &str) -> Vec<usize> {
    if query.is_empty() {
        return Vec::new();
    }
    Query::parse(query).highlights(text, &matcher())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_matches_are_smart_case() {
        let h = |name: &str, full: &str| Haystack {
            name: name.into(),
            full_name: Some(full.into()),
            labels: String::new(),
            parameters: String::new(),
        };
        let hay = vec![
            h("test_basic", "tests.WindowedTests#test_basic"),
            h("test_odd", ""),
        ];
        assert_eq!(match_all(&hay, "windbas").hits, [true, false]);
        assert_eq!(match_all(&hay, "Windowed").hits, [true, false]);
        assert_eq!(
            match_all(&hay, "ODD").hits,
            [false, false],
            "upper case is exact"
        );
        let ranked = vec![
            h("test_window_size", "tests.LocateTests#test_window_size"),
            hay[0].clone(),
        ];
        assert_eq!(
            match_all(&ranked, "windowed").best,
            Some(1),
            "contiguous match ranks first"
        );
        assert_eq!(match_indices("test_odd", "odd"), [5, 6, 7]);
    }
}
