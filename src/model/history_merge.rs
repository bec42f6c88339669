//! Merging history into per-test lists: Allure 2 history's current launch recognised and
//! dropped, runs from Allure 2's trend files, and the union of both formats by run.
//! No terminal dependencies.

use super::history::allure2::{Allure2History, TrendItem};
use super::history::{HistoryEntry, HistoryFormat, HistoryRun, RawHistoryEntry, RunAggregate};
use super::history_match::HistoryProbe;
use super::launch::Executor;
use super::report::{RunInfo, TextInterner};

/// Allure 2 history copied from the report of the current run already holds the current launch
/// as every test's newest item (and as the newest trend point). Recognise it by the build order
/// or report URL of `executor.json`, else by most tests' newest item having the current start
/// and stop, and drop it.
pub(super) fn drop_current_from_allure2(
    history: &mut Allure2History,
    tests: &[HistoryProbe],
    executor: Option<&Executor>,
) {
    let head = history.statuses.first().map(|(meta, _)| meta.clone());
    let by_executor = head.as_ref().is_some_and(|meta| {
        executor.is_some_and(|e| {
            (e.build_order.is_some() && e.build_order == meta.build_order)
                || (e.report_url.is_some() && e.report_url == meta.report_url)
        })
    });
    let (mut with_items, mut same) = (0usize, 0usize);
    for test in tests {
        let newest = test
            .keys
            .allure2_candidates()
            .into_iter()
            .find_map(|k| history.items.get(k))
            .and_then(|items| items.first());
        let Some(newest) = newest else { continue };
        with_items += 1;
        if newest.start.is_some() && newest.start == test.start && newest.stop == test.stop {
            same += 1;
        }
    }
    let by_time = with_items > 0 && same * 10 >= with_items * 9;
    if !(by_executor || by_time) {
        return;
    }
    // Items of the current run: all newest items, unless the report URL tells runs apart, in
    // which case only those under the current report's URL (tests absent from the current run
    // keep their newest item).
    let report_url = executor
        .and_then(|e| e.report_url.as_deref())
        .map(|u| u.trim_end_matches('/'))
        .filter(|u| !u.is_empty());
    for items in history.items.values_mut() {
        let is_current =
            items
                .first()
                .is_some_and(|item| match (report_url, item.url.as_deref()) {
                    (Some(current), Some(url)) => run_url(url) == current,
                    _ => true,
                });
        if is_current {
            items.remove(0);
        }
    }
    if let Some(head) = head.filter(|_| by_executor) {
        let same_run = |meta: &TrendItem| {
            meta.build_order == head.build_order && meta.report_url == head.report_url
        };
        if history.statuses.first().is_some_and(|(m, _)| same_run(m)) {
            history.statuses.remove(0);
        }
        if history.durations.first().is_some_and(|(m, _)| same_run(m)) {
            history.durations.remove(0);
        }
        if history.retries.first().is_some_and(|(m, _)| same_run(m)) {
            history.retries.remove(0);
        }
        if history.categories.first().is_some_and(|(m, _)| same_run(m)) {
            history.categories.remove(0);
        }
    }
}

pub(super) fn run_info(run: &HistoryRun) -> RunInfo {
    RunInfo {
        name: run.name.clone(),
        timestamp: run.timestamp,
        url: run.url.clone(),
        build_order: run.build_order,
        format: run.format,
        aggregate: run.aggregate.clone(),
    }
}

/// Runs from the Allure 2 trend files, oldest first, joined by build order / report URL.
pub(super) fn allure2_runs(history: &Allure2History) -> Vec<RunInfo> {
    let same = |a: &TrendItem, b: &TrendItem| {
        a.build_order == b.build_order && a.report_url == b.report_url
    };
    let mut runs: Vec<RunInfo> = history
        .statuses
        .iter()
        .map(|(meta, counts)| RunInfo {
            name: meta.report_name.clone(),
            timestamp: None,
            url: meta.report_url.clone(),
            build_order: meta.build_order,
            format: Some(HistoryFormat::Allure2),
            aggregate: RunAggregate {
                counts: *counts,
                duration: history
                    .durations
                    .iter()
                    .find(|(m, _)| same(m, meta))
                    .map(|(_, d)| *d),
                retries: history
                    .retries
                    .iter()
                    .find(|(m, _)| same(m, meta))
                    .map(|(_, r)| *r),
                categories: history
                    .categories
                    .iter()
                    .find(|(m, _)| same(m, meta))
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default(),
            },
        })
        .collect();
    runs.reverse();
    runs
}

/// `history.jsonl` records neither retries nor build numbers; when Allure 2's trend files cover
/// the same runs (same report URL), take them from there.
pub(super) fn fill_from_allure2_trends(runs: &mut [RunInfo], history: &Allure2History) {
    let trimmed = |u: Option<&str>| u.map(|u| u.trim_end_matches('/').to_owned());
    for run in runs.iter_mut() {
        let Some(url) = trimmed(run.url.as_deref()) else {
            continue;
        };
        let same =
            |meta: &TrendItem| trimmed(meta.report_url.as_deref()).as_deref() == Some(url.as_str());
        if run.aggregate.retries.is_none() {
            run.aggregate.retries = history
                .retries
                .iter()
                .find(|(m, _)| same(m))
                .map(|(_, r)| *r);
        }
        if run.build_order.is_none() {
            run.build_order = history
                .statuses
                .iter()
                .find(|(m, _)| same(m))
                .and_then(|(m, _)| m.build_order);
        }
    }
}

/// Strips Allure 2's `#testresult/<uid>` suffix to get the run's report URL.
pub(super) fn run_url(item_url: &str) -> &str {
    item_url
        .split("#testresult")
        .next()
        .unwrap_or(item_url)
        .trim_end_matches('/')
}

/// Every test's history, newest first: its `history.jsonl` entries, plus Allure 2 items for
/// runs the `history.jsonl` does not cover (matched by report URL, or by start and status).
pub(super) fn merge_history(
    tests: &[HistoryProbe],
    runs: &[HistoryRun],
    allure2: Option<&Allure2History>,
    infos: &[RunInfo],
    interner: &mut TextInterner,
) -> Vec<Vec<HistoryEntry>> {
    let mut per_test: Vec<Vec<(i64, HistoryEntry)>> = vec![Vec::new(); tests.len()];
    for (index, run) in runs.iter().enumerate() {
        for (test, entry) in &run.entries {
            let when = run.timestamp.or(entry.start).unwrap_or(0);
            per_test[*test as usize].push((when, to_entry(entry, Some(index as u32), interner)));
        }
    }
    let jsonl_urls: Vec<&str> = runs
        .iter()
        .filter_map(|r| r.url.as_deref())
        .map(|u| u.trim_end_matches('/'))
        .collect();
    for (test, entries) in tests.iter().zip(per_test.iter_mut()) {
        let Some(items) = allure2.and_then(|h| {
            test.keys
                .allure2_candidates()
                .into_iter()
                .find_map(|k| h.items.get(k))
        }) else {
            continue;
        };
        let covered: Vec<(Option<i64>, super::status::Status)> =
            entries.iter().map(|(_, e)| (e.start, e.status)).collect();
        for item in items {
            let url = item.url.as_deref().map(run_url);
            let in_jsonl = url.is_some_and(|u| jsonl_urls.contains(&u))
                || covered.iter().any(|(start, status)| {
                    start.is_some() && *start == item.start && *status == item.status
                });
            if in_jsonl {
                continue;
            }
            let run = if runs.is_empty() {
                url.and_then(|u| {
                    infos.iter().position(|r| {
                        r.url.as_deref().map(|ru| ru.trim_end_matches('/')) == Some(u)
                    })
                })
                .map(|i| i as u32)
            } else {
                None
            };
            entries.push((item.start.unwrap_or(0), to_entry(item, run, interner)));
        }
    }
    per_test
        .into_iter()
        .map(|mut entries| {
            entries.sort_by_key(|entry| std::cmp::Reverse(entry.0));
            entries.into_iter().map(|(_, e)| e).collect()
        })
        .collect()
}

pub(super) fn to_entry(
    raw: &RawHistoryEntry,
    run: Option<u32>,
    texts: &mut TextInterner,
) -> HistoryEntry {
    HistoryEntry {
        run,
        status: raw.status,
        start: raw.start,
        duration: raw
            .duration
            .or_else(|| super::result::duration_of(raw.start, raw.stop)),
        message: raw
            .message
            .clone()
            .filter(|m| !m.is_empty())
            .map(|m| texts.intern(m)),
        trace: raw
            .trace
            .clone()
            .filter(|t| !t.is_empty())
            .map(|t| texts.intern(t)),
    }
}
