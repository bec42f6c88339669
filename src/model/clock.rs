//! Which timestamps can be believed, and the wall-clock span of a run.
//!
//! Real results carry clocks that are not real: `start`/`stop` of 0, Go's zero time
//! (`-62135596800000`), seconds instead of milliseconds, `stop < start`, and frozen clocks
//! (freezegun, fake timers: many results sharing one instant). Allure takes a run's duration as
//! the plain `max(stop) - min(start)`, which one such value turns into decades; we take it over
//! plausible timestamps only and say "unknown" when no plausible span exists. Per-test durations
//! are not changed here: they follow Allure 3 (`stop - start`, clamped to 0). No terminal
//! dependencies.

use std::collections::HashMap;

/// 2000-01-01T00:00:00Z in epoch milliseconds: no real test result is older.
pub const EARLIEST_PLAUSIBLE_MS: i64 = 946_684_800_000;

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// Results sharing one start instant, at least this many, are taken for a frozen clock.
pub const FROZEN_MIN_RESULTS: usize = 3;

/// The current time in epoch milliseconds (0 if the system clock is before 1970).
#[must_use]
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// True for epoch milliseconds between 2000-01-01 and one day after `now_ms`.
#[must_use]
pub fn is_plausible(ms: i64, now_ms: i64) -> bool {
    (EARLIEST_PLAUSIBLE_MS..=now_ms.saturating_add(DAY_MS)).contains(&ms)
}

/// Start instants shared by [`FROZEN_MIN_RESULTS`] or more results whose start equals their
/// stop: a clock that did not move while the tests ran.
#[must_use]
pub fn frozen_starts(spans: &[(Option<i64>, Option<i64>)]) -> Vec<i64> {
    let mut shared: HashMap<i64, (usize, bool)> = HashMap::new();
    for (start, stop) in spans {
        let Some(start) = *start else { continue };
        let entry = shared.entry(start).or_insert((0, true));
        entry.0 += 1;
        entry.1 &= stop.is_none_or(|stop| stop == start);
    }
    let mut frozen: Vec<i64> = shared
        .into_iter()
        .filter(|(_, (count, still))| *count >= FROZEN_MIN_RESULTS && *still)
        .map(|(start, _)| start)
        .collect();
    frozen.sort_unstable();
    frozen
}

/// The wall-clock duration of a run in ms, from each result's `(start, stop)`: the latest
/// plausible stop minus the earliest plausible start, leaving out results that started more
/// than a day from the median start. The median is taken over plausible starts that are not a
/// frozen clock (so a majority of zero or frozen starts cannot pull it away). `None` when no
/// plausible span exists, e.g. every result shares one frozen instant.
#[must_use]
pub fn run_span(spans: &[(Option<i64>, Option<i64>)], now_ms: i64) -> Option<i64> {
    run_interval(spans, now_ms).map(|(earliest, latest)| latest - earliest)
}

/// The interval [`run_span`] measures, as `(earliest start, latest stop)`.
#[must_use]
pub fn run_interval(spans: &[(Option<i64>, Option<i64>)], now_ms: i64) -> Option<(i64, i64)> {
    let plausible = |ms: &Option<i64>| (*ms).filter(|ms| is_plausible(*ms, now_ms));
    let frozen = frozen_starts(spans);
    let all_starts: Vec<i64> = spans
        .iter()
        .filter_map(|(start, _)| plausible(start))
        .collect();
    let mut starts: Vec<i64> = all_starts
        .iter()
        .copied()
        .filter(|start| frozen.binary_search(start).is_err())
        .collect();
    if starts.is_empty() {
        starts.clone_from(&all_starts);
    }
    starts.sort_unstable();
    let median = *starts.get(starts.len() / 2)?;
    let near = |ms: &i64| ms.abs_diff(median) <= DAY_MS.unsigned_abs();
    let kept_starts: Vec<i64> = all_starts.into_iter().filter(near).collect();
    let earliest = *kept_starts.iter().min()?;
    let latest = spans
        .iter()
        .filter_map(|(_, stop)| plausible(stop))
        .filter(near)
        .chain(kept_starts.iter().copied())
        .max()?;
    // Several results and no time passed at all: a frozen clock, not a 0 ms run.
    if latest == earliest && kept_starts.len() > 1 {
        return None;
    }
    Some((earliest, latest))
}

/// The duration of a launch made of several directories' runs: the length of the union of
/// their intervals, so the gap between unrelated jobs does not count. `None` when no directory
/// has a plausible span.
#[must_use]
pub fn union_length(mut intervals: Vec<(i64, i64)>) -> Option<i64> {
    if intervals.is_empty() {
        return None;
    }
    intervals.sort_unstable();
    let mut total = 0;
    let (mut start, mut end) = intervals[0];
    for (next_start, next_end) in intervals.into_iter().skip(1) {
        if next_start > end {
            total += end - start;
            (start, end) = (next_start, next_end);
        } else {
            end = end.max(next_end);
        }
    }
    Some(total + end - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_316_271_000; // 2026-11-22
    const FROZEN: i64 = 1_308_874_145_000; // freezegun's 2011-06-24

    fn s(start: i64, stop: i64) -> (Option<i64>, Option<i64>) {
        (Some(start), Some(stop))
    }

    #[test]
    fn plausible_is_between_2000_and_tomorrow() {
        assert!(is_plausible(NOW, NOW));
        assert!(is_plausible(NOW + DAY_MS, NOW));
        assert!(!is_plausible(NOW + DAY_MS + 1, NOW));
        assert!(!is_plausible(0, NOW));
        assert!(!is_plausible(-62_135_596_800_000, NOW), "Go's zero time");
        assert!(!is_plausible(1_795_316_271, NOW), "seconds, not ms");
        assert!(!is_plausible(1_795_316_271_000_000, NOW), "microseconds");
    }

    #[test]
    fn zero_and_go_zero_starts_do_not_stretch_the_run() {
        let spans = [
            s(NOW, NOW + 2_000),
            s(0, NOW + 6_000),
            s(-62_135_596_800_000, NOW + 100),
            s(NOW + 1_000, NOW + 3_000),
        ];
        assert_eq!(run_span(&spans, NOW), Some(6_000));
    }

    #[test]
    fn a_majority_of_zero_starts_does_not_decide_the_median() {
        let mut spans = vec![(Some(0), Some(0)); 10];
        spans.push(s(NOW, NOW + 4_000));
        spans.push(s(NOW + 2_000, NOW + 6_000));
        assert_eq!(run_span(&spans, NOW), Some(6_000));
    }

    #[test]
    fn seconds_instead_of_milliseconds_are_left_out() {
        let spans = [s(NOW, NOW + 500), s(NOW / 1000, NOW / 1000 + 3)];
        assert_eq!(run_span(&spans, NOW), Some(500));
    }

    #[test]
    fn stop_before_start_counts_as_no_time() {
        let spans = [s(NOW, NOW - 50_000), s(NOW + 10, NOW + 20)];
        assert_eq!(run_span(&spans, NOW), Some(20));
    }

    #[test]
    fn a_frozen_majority_does_not_hide_the_real_span() {
        let mut spans = vec![s(FROZEN, FROZEN); 8];
        spans.push(s(NOW, NOW + 1_000));
        spans.push(s(NOW + 5_000, NOW + 6_000));
        spans.push(s(NOW + 5_500, NOW + 5_600));
        assert_eq!(run_span(&spans, NOW), Some(6_000));
    }

    #[test]
    fn only_a_frozen_clock_is_unknown() {
        let spans = vec![s(FROZEN, FROZEN); 5];
        assert_eq!(run_span(&spans, NOW), None);
        assert_eq!(run_span(&[], NOW), None);
        assert_eq!(run_span(&[(Some(0), Some(9))], NOW), None);
        assert_eq!(run_span(&[s(NOW, NOW)], NOW), Some(0), "one 0 ms test");
    }

    #[test]
    fn several_directories_add_their_spans_not_the_gap_between_them() {
        let linux = (NOW, NOW + 6_000);
        let windows = (NOW + 3_600_000, NOW + 3_605_000);
        assert_eq!(union_length(vec![windows, linux]), Some(11_000));
        assert_eq!(union_length(vec![(0, 10), (5, 20), (30, 31)]), Some(21));
        assert_eq!(union_length(Vec::new()), None);
    }

    #[test]
    fn frozen_starts_need_several_results_that_did_not_move() {
        let spans = [
            s(5, 5),
            s(5, 5),
            s(5, 5),
            s(9, 9),
            s(9, 9),
            s(7, 7),
            s(7, 8),
            s(7, 7),
        ];
        assert_eq!(frozen_starts(&spans), vec![5]);
    }
}
