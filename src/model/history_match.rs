//! Finding history files and matching their entries to the current tests.
//!
//! History means *previous* runs: a `history.jsonl` line or Allure 2 history item that records
//! the current launch (Allure appends it when it generates a report) is recognised and dropped.
//! With both formats, a test's history is the union by run: an Allure 2 item that a
//! `history.jsonl` run already covers is not counted twice. No terminal dependencies.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::history::allure2::{read_allure2_dir, Allure2History, TrendItem};
use super::history::jsonl::read_jsonl;
use super::history::{HistoryEntry, HistoryFormat, HistoryRun, RawHistoryEntry, RunAggregate};
use super::identity::md5_hex;
use super::load::{LoadOptions, Phase, Progress};
use super::report::{Report, RunInfo, Test, TextInterner};
use super::warning::Warning;

/// Where history may live, in the order it is looked for.
#[must_use]
pub fn history_candidates(options: &LoadOptions) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut jsonl = Vec::new();
    let mut allure2 = Vec::new();
    if let Some(explicit) = &options.history {
        if explicit.is_dir() {
            jsonl.push(explicit.join("history.jsonl"));
            allure2.push(explicit.clone());
            allure2.push(explicit.join("history"));
        } else {
            jsonl.push(explicit.clone());
        }
    }
    for dir in &options.dirs {
        jsonl.push(dir.join("history.jsonl"));
        if let Some(parent) = dir.parent() {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            jsonl.push(parent.join("history.jsonl"));
        }
        allure2.push(dir.join("history"));
    }
    jsonl.push(options.cwd.join("history.jsonl"));
    jsonl.push(options.cwd.join(".allure").join("history.jsonl"));
    (jsonl, allure2)
}

fn looks_like_allure2_dir(dir: &Path) -> bool {
    [
        "history.json",
        "history-trend.json",
        "duration-trend.json",
        "retry-trend.json",
        "categories-trend.json",
    ]
    .iter()
    .any(|name| dir.join(name).is_file())
}

/// Reads the history sources found for `options` and attaches them to `report`.
pub fn attach_history(
    report: &mut Report,
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
) {
    let (jsonl_paths, a2_paths) = history_candidates(options);
    let mut seen = HashSet::new();
    let mut jsonl_path = None;
    for path in jsonl_paths {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(key) {
            continue;
        }
        let exists = path.is_file();
        report
            .history_search
            .tried
            .push((path.display().to_string(), exists));
        if exists && jsonl_path.is_none() {
            jsonl_path = Some(path);
        }
    }
    let mut a2_path = None;
    for path in a2_paths {
        let exists = path.is_dir() && looks_like_allure2_dir(&path);
        if !seen.insert(path.clone()) {
            continue;
        }
        report
            .history_search
            .tried
            .push((path.display().to_string(), exists));
        if exists && a2_path.is_none() {
            a2_path = Some(path);
        }
    }
    if let (None, Some(explicit)) = (&jsonl_path, &options.history) {
        if a2_path.is_none() {
            report.warnings.push(Warning::new(
                explicit.display().to_string(),
                "--history names neither a history.jsonl nor an Allure 2 history directory",
            ));
        }
    }
    progress(Progress {
        phase: Phase::History,
        done: 0,
        total: 1,
    });
    let wanted = wanted_keys(&report.tests);
    let mut runs: Vec<HistoryRun> = Vec::new();
    if let Some(path) = &jsonl_path {
        // One more than the limit: the newest line may be the current launch.
        let limit = options.history_limit.map(|n| n + 1);
        match read_jsonl(path, &wanted, &report.categories, limit) {
            Ok(history) => {
                report.history_search.used.push(path.display().to_string());
                for (line, reason) in history.bad_lines {
                    report.warnings.push(Warning::new(
                        path.display().to_string(),
                        format!("line {line}: {reason}; the line was skipped"),
                    ));
                }
                runs = history.runs.into_iter().map(|(_, run)| run).collect();
                runs.sort_by_key(|run| run.timestamp);
                runs.retain(|run| !is_current_run(run, &report.tests));
                if let Some(limit) = options.history_limit {
                    let excess = runs.len().saturating_sub(limit);
                    runs.drain(..excess);
                }
            }
            Err(e) => report
                .warnings
                .push(Warning::new(path.display().to_string(), e.to_string())),
        }
    }
    let mut allure2 = a2_path.as_ref().map(|dir| {
        let history = read_allure2_dir(dir, &wanted);
        report.history_search.used.push(dir.display().to_string());
        for (file, reason) in &history.problems {
            report
                .warnings
                .push(Warning::new(file.clone(), reason.clone()));
        }
        history
    });
    if let Some(history) = &mut allure2 {
        drop_current_from_allure2(history, report);
        if let Some(limit) = options.history_limit {
            for items in history.items.values_mut() {
                items.truncate(limit);
            }
        }
    }
    report.has_history = jsonl_path.is_some() || allure2.is_some();
    let mut texts = TextInterner::from_texts(std::mem::take(&mut report.texts));
    report.runs = if runs.is_empty() {
        allure2.as_ref().map(allure2_runs).unwrap_or_default()
    } else {
        runs.iter().map(run_info).collect()
    };
    for test in &mut report.tests {
        test.history = merge_test_history(test, &runs, allure2.as_ref(), &report.runs, &mut texts);
    }
    report.texts = texts.into_texts();
    progress(Progress {
        phase: Phase::History,
        done: 1,
        total: 1,
    });
}

fn wanted_keys(tests: &[Test]) -> HashSet<String> {
    let mut wanted = HashSet::new();
    for test in tests {
        for key in test
            .keys
            .allure3_candidates()
            .into_iter()
            .chain(test.keys.allure2_candidates())
        {
            wanted.insert(key.to_owned());
        }
    }
    wanted
}

fn find_entry<'a>(run: &'a HistoryRun, test: &Test) -> Option<&'a RawHistoryEntry> {
    test.keys
        .allure3_candidates()
        .into_iter()
        .find_map(|key| run.entries.get(key))
}

/// A `history.jsonl` line records the current launch when its entries carry the ids Allure 3
/// gives the current results (`md5(uuid)`), or, for writers without ids, the same start and
/// stop for nearly all tests.
fn is_current_run(run: &HistoryRun, tests: &[Test]) -> bool {
    let (mut matched, mut same_id, mut same_time) = (0usize, 0usize, 0usize);
    for test in tests {
        let Some(entry) = find_entry(run, test) else {
            continue;
        };
        matched += 1;
        if let Some(id) = &entry.id {
            if test
                .attempts()
                .any(|a| a.uuid.as_deref().is_some_and(|u| md5_hex(u) == *id))
            {
                same_id += 1;
            }
        }
        if entry.start.is_some()
            && entry.start == test.result.start
            && entry.stop == test.result.stop
        {
            same_time += 1;
        }
    }
    matched > 0 && (same_id * 2 >= matched || same_time * 10 >= matched * 9)
}

/// Allure 2 history copied from the report of the current run already holds the current launch
/// as every test's newest item (and as the newest trend point). Recognise it by the build order
/// or report URL of `executor.json`, else by most tests' newest item having the current start
/// and stop, and drop it.
fn drop_current_from_allure2(history: &mut Allure2History, report: &Report) {
    let executor = report.executor.as_ref();
    let head = history.statuses.first().map(|(meta, _)| meta.clone());
    let by_executor = head.as_ref().is_some_and(|meta| {
        executor.is_some_and(|e| {
            (e.build_order.is_some() && e.build_order == meta.build_order)
                || (e.report_url.is_some() && e.report_url == meta.report_url)
        })
    });
    let (mut with_items, mut same) = (0usize, 0usize);
    for test in &report.tests {
        let newest = test
            .keys
            .allure2_candidates()
            .into_iter()
            .find_map(|k| history.items.get(k))
            .and_then(|items| items.first());
        let Some(newest) = newest else { continue };
        with_items += 1;
        if newest.start.is_some()
            && newest.start == test.result.start
            && newest.stop == test.result.stop
        {
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

fn run_info(run: &HistoryRun) -> RunInfo {
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
fn allure2_runs(history: &Allure2History) -> Vec<RunInfo> {
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

/// Strips Allure 2's `#testresult/<uid>` suffix to get the run's report URL.
fn run_url(item_url: &str) -> &str {
    item_url
        .split("#testresult")
        .next()
        .unwrap_or(item_url)
        .trim_end_matches('/')
}

fn merge_test_history(
    test: &Test,
    runs: &[HistoryRun],
    allure2: Option<&Allure2History>,
    infos: &[RunInfo],
    texts: &mut TextInterner,
) -> Vec<HistoryEntry> {
    let mut entries: Vec<(i64, HistoryEntry)> = Vec::new();
    let mut covered: Vec<(Option<i64>, super::status::Status)> = Vec::new();
    for (index, run) in runs.iter().enumerate() {
        let Some(entry) = find_entry(run, test) else {
            continue;
        };
        covered.push((entry.start, entry.status));
        let when = run.timestamp.or(entry.start).unwrap_or(0);
        entries.push((when, to_entry(entry, Some(index as u32), texts)));
    }
    let jsonl_urls: Vec<&str> = runs
        .iter()
        .filter_map(|r| r.url.as_deref())
        .map(|u| u.trim_end_matches('/'))
        .collect();
    if let Some(items) = allure2.and_then(|h| {
        test.keys
            .allure2_candidates()
            .into_iter()
            .find_map(|k| h.items.get(k))
    }) {
        for item in items {
            let url = item.url.as_deref().map(run_url);
            let in_jsonl = url.is_some_and(|u| jsonl_urls.contains(&u))
                || covered.iter().any(|(start, status)| {
                    *start == item.start && *status == item.status && start.is_some()
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
            entries.push((item.start.unwrap_or(0), to_entry(item, run, texts)));
        }
    }
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    entries.into_iter().map(|(_, e)| e).collect()
}

fn to_entry(raw: &RawHistoryEntry, run: Option<u32>, texts: &mut TextInterner) -> HistoryEntry {
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
