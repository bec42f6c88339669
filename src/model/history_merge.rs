//! Merging history into per-test lists: Allure 2 history's current launch recognised and
//! dropped, runs from Allure 2's trend files, and the union of both formats by run.
//! No terminal dependencies.

use super::history::allure2::{Allure2History, TrendItem};
use super::history::{HistoryEntry, HistoryFormat, HistoryRun, RawHistoryEntry, RunAggregate};
use super::history_match::HistoryProbe;
use super::launch::Executor;
use super::report::{RunInfo, TextInterner};

/// Whether the newest run of Allure 2 history is the current launch, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CurrentRunEvidence {
    /// The history of a generated Allure 2 report: its generator wrote it with this launch as
    /// the newest run (whatever keys its `history.json` uses: 2.46 keys it by the test case
    /// id, which the report's test-case files do not carry).
    OwnReport,
    /// `executor.json`'s build order equals the newest trend point's.
    SameBuildOrder,
    /// The build orders differ: another build, whatever the report URL says.
    OtherBuildOrder,
    /// No build order on one side; at least 90% of the tests have the newest item's start and
    /// stop (frozen clocks left out).
    SameTimes,
    /// No build order on one side and the times differ (or cannot be compared).
    OtherTimes,
}

impl CurrentRunEvidence {
    fn is_current(self) -> bool {
        matches!(
            self,
            Self::OwnReport | Self::SameBuildOrder | Self::SameTimes
        )
    }
}

/// Decides whether the newest run of Allure 2 history is the current launch (Allure 2 history
/// copied from the current run's report already holds it). The order of evidence: build orders
/// on both sides decide; else equal per-test start and stop on at least 90% of the tests whose
/// clock moved. A report URL alone never decides: many CI jobs publish every build to one URL.
pub(super) fn current_run_evidence(
    history: &Allure2History,
    tests: &[HistoryProbe],
    executor: Option<&Executor>,
    own_report: bool,
) -> CurrentRunEvidence {
    if own_report && !history.statuses.is_empty() {
        return CurrentRunEvidence::OwnReport;
    }
    let head_order = history
        .statuses
        .first()
        .and_then(|(meta, _)| meta.build_order);
    if let (Some(current), Some(head)) = (executor.and_then(|e| e.build_order), head_order) {
        return if current == head {
            CurrentRunEvidence::SameBuildOrder
        } else {
            CurrentRunEvidence::OtherBuildOrder
        };
    }
    let spans: Vec<(Option<i64>, Option<i64>)> = tests.iter().map(|t| (t.start, t.stop)).collect();
    let frozen = super::clock::frozen_starts(&spans);
    let (mut compared, mut same) = (0usize, 0usize);
    for test in tests {
        let Some(start) = test.start else { continue };
        if frozen.binary_search(&start).is_ok() {
            continue;
        }
        let newest = test
            .keys
            .allure2_candidates()
            .into_iter()
            .find_map(|k| history.items.get(k))
            .and_then(|items| items.first());
        let Some(newest) = newest else { continue };
        compared += 1;
        if newest.start == Some(start) && newest.stop == test.stop {
            same += 1;
        }
    }
    if compared > 0 && same * 10 >= compared * 9 {
        CurrentRunEvidence::SameTimes
    } else {
        CurrentRunEvidence::OtherTimes
    }
}

/// Drops the current launch from Allure 2 history when [`current_run_evidence`] says the newest
/// run is it. Returns a note for a warning when the report URL alone would have said so (the
/// run is kept).
pub(super) fn drop_current_from_allure2(
    history: &mut Allure2History,
    tests: &[HistoryProbe],
    executor: Option<&Executor>,
    own_report: bool,
) -> Option<String> {
    let evidence = current_run_evidence(history, tests, executor, own_report);
    let head = history.statuses.first().map(|(meta, _)| meta.clone());
    let report_url = executor
        .and_then(|e| e.report_url.as_deref())
        .map(|u| u.trim_end_matches('/'))
        .filter(|u| !u.is_empty());
    if !evidence.is_current() {
        let same_url = report_url.is_some_and(|current| {
            head.as_ref()
                .and_then(|h| h.report_url.as_deref())
                .is_some_and(|url| url.trim_end_matches('/') == current)
        });
        return same_url.then(|| {
            let why = if evidence == CurrentRunEvidence::OtherBuildOrder {
                "its build order differs from executor.json's"
            } else {
                "no build order tells, and the tests' start and stop times differ"
            };
            "the newest history run has this launch's report URL but is kept as a previous run: \
             many CI jobs publish every build to one URL, and "
                .to_owned()
                + why
        });
    }
    // Items of the current run: every matched test's newest item, unless report URLs tell runs
    // apart, in which case only those under the current report's URL.
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
    if let Some(head) = head {
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
    None
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

/// Runs from the Allure 2 trend files, oldest first, joined by build order / report URL. With
/// several history directories (one per results directory), their runs are put together in
/// build order when every run has one, else one directory after the other.
pub(super) fn allure2_runs(histories: &[Allure2History]) -> Vec<RunInfo> {
    let mut runs: Vec<RunInfo> = histories.iter().flat_map(allure2_runs_of).collect();
    if runs.iter().all(|r| r.build_order.is_some()) {
        runs.sort_by_key(|r| r.build_order);
    }
    runs
}

fn allure2_runs_of(history: &Allure2History) -> Vec<RunInfo> {
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

/// Every test's history, newest first: its `history.jsonl` entries, plus the Allure 2 items of
/// runs no earlier source has. A run in one format is the same run in the other when the test's
/// own start time is equal (matched one to one); otherwise runs are kept apart, ordered by time.
/// The key may differ between the formats (Allure 2 collapses repeated parameters, Allure 3 does
/// not): each format is looked up by its own candidates.
pub(super) fn merge_history(
    tests: &[HistoryProbe],
    runs: &mut [HistoryRun],
    allure2: &[Allure2History],
    infos: &[RunInfo],
    interner: &mut TextInterner,
) -> Vec<Vec<HistoryEntry>> {
    // Sized up front and each run's raw entries freed once merged: at 100k tests x 50 runs,
    // lists grown by doubling and raw runs kept to the end cost 700 MB at the peak.
    let mut counts = vec![0usize; tests.len()];
    for run in runs.iter() {
        for entry in &run.entries {
            counts[entry.test as usize] += 1;
        }
    }
    let mut per_test: Vec<Vec<HistoryEntry>> = counts.into_iter().map(Vec::with_capacity).collect();
    let no_runs = runs.is_empty();
    for (index, run) in runs.iter_mut().enumerate() {
        for entry in std::mem::take(&mut run.entries) {
            let test = entry.test as usize;
            per_test[test].push(to_entry(&entry.into_raw(), Some(index as u32), interner));
        }
    }
    for (test, entries) in tests.iter().zip(per_test.iter_mut()) {
        if allure2.is_empty() && test.embedded.is_empty() {
            // Nothing of another source to match against this test's runs.
            continue;
        }
        // Starts of the runs already taken, each able to absorb one item of another source.
        let mut unmatched: Vec<Option<i64>> = entries.iter().map(|e| e.start).collect();
        let found = allure2.iter().filter_map(|history| {
            test.keys
                .allure2_candidates()
                .into_iter()
                .find_map(|k| history.items.get(k))
        });
        // A generated report's own history for the test is one more source.
        for items in found.chain(std::iter::once(&test.embedded)) {
            let mut added = Vec::new();
            for item in items {
                let same_run = item
                    .start
                    .and_then(|start| unmatched.iter().position(|taken| *taken == Some(start)));
                if let Some(position) = same_run {
                    unmatched[position] = None;
                    continue;
                }
                // An item names its run by report URL; only a URL no other run shares does
                // (jobs that publish every build to one URL have none).
                let run = if no_runs {
                    item.url.as_deref().map(run_url).and_then(|u| {
                        let same = |r: &RunInfo| {
                            r.url.as_deref().map(|ru| ru.trim_end_matches('/')) == Some(u)
                        };
                        let position = infos.iter().position(same)?;
                        (infos.iter().filter(|r| same(r)).count() == 1).then_some(position)
                    })
                } else {
                    None
                };
                added.push(item.start);
                entries.push(to_entry(item, run.map(|i| i as u32), interner));
            }
            unmatched.extend(added);
        }
    }
    // An entry of a history run is dated by its run, else by its own start; an item of another
    // source by its start (its `run`, when set, points into `infos`: there are no runs then).
    let when = |entry: &HistoryEntry| {
        match entry.run {
            Some(run) if !no_runs => runs[run as usize].timestamp.or(entry.start),
            _ => entry.start,
        }
        .unwrap_or(0)
    };
    for entries in &mut per_test {
        // Stable: entries of one source keep their order on equal times. In place: history
        // runs alone fill the lists exactly; items of other sources may have grown them.
        entries.sort_by_key(|entry| std::cmp::Reverse(when(entry)));
        entries.shrink_to_fit();
    }
    per_test
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
            .as_deref()
            .filter(|m| !m.is_empty())
            .map(|m| texts.intern(m)),
        trace: raw
            .trace
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(|t| texts.intern(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::history::RunEntry;
    use crate::model::status::{Status, StatusCounts};
    use crate::model::TestKeys;

    const T: i64 = 1_790_000_000_000;
    const URL: &str = "https://ci.example.org/job/app/allure/";

    fn probe(key: &str, start: i64) -> HistoryProbe {
        HistoryProbe {
            keys: TestKeys {
                allure2: Some(key.into()),
                ..TestKeys::default()
            },
            uuids: Vec::new(),
            embedded: Vec::new(),
            start: Some(start),
            stop: Some(start + 5),
        }
    }

    fn item(start: i64) -> RawHistoryEntry {
        RawHistoryEntry {
            status: Status::Passed,
            start: Some(start),
            stop: Some(start + 5),
            url: Some(format!("{URL}#testresult/uid{start}")),
            ..RawHistoryEntry::default()
        }
    }

    /// History whose newest run holds items at `newest` starts, with a trend point of
    /// `build_order` under the fixed report URL.
    fn history(newest: &[i64], build_order: Option<i64>) -> Allure2History {
        let mut h = Allure2History::default();
        for (i, start) in newest.iter().enumerate() {
            h.items
                .insert(format!("k{i}"), vec![item(*start), item(start - 3_600_000)]);
        }
        let meta = |order| TrendItem {
            build_order: order,
            report_name: None,
            report_url: Some(URL.to_owned()),
        };
        h.statuses = vec![
            (meta(build_order), StatusCounts::default()),
            (meta(build_order.map(|b| b - 1)), StatusCounts::default()),
        ];
        h
    }

    fn executor(build_order: Option<i64>) -> Executor {
        Executor {
            build_order,
            report_url: Some(URL.to_owned()),
            ..Executor::default()
        }
    }

    /// Runs of history.jsonl alone merge as they do beside an (empty) Allure 2 history: newest
    /// run first, equal times in file order, messages interned once.
    #[test]
    fn runs_alone_merge_as_the_general_path_does() {
        let tests = [probe("k0", T), probe("k1", T + 10)];
        let entry = |test: u32, status: Status, message: Option<&str>| {
            RunEntry::new(
                test,
                RawHistoryEntry {
                    status,
                    start: Some(T - 1000),
                    message: message.map(str::to_owned),
                    ..RawHistoryEntry::default()
                },
            )
        };
        let runs = || {
            let run = |timestamp: i64, entries: Vec<RunEntry>| HistoryRun {
                timestamp: Some(timestamp),
                entries,
                ..HistoryRun::default()
            };
            vec![
                run(
                    T - 300,
                    vec![
                        entry(0, Status::Failed, Some("boom")),
                        entry(1, Status::Passed, None),
                    ],
                ),
                run(T - 200, vec![entry(1, Status::Broken, Some("boom"))]),
                run(
                    T - 200,
                    vec![
                        entry(0, Status::Passed, None),
                        entry(1, Status::Skipped, None),
                    ],
                ),
                run(T - 100, vec![entry(0, Status::Failed, Some("other"))]),
            ]
        };
        let merged = |allure2: &[Allure2History]| {
            let mut texts = TextInterner::default();
            let per_test = merge_history(&tests, &mut runs(), allure2, &[], &mut texts);
            (per_test, texts.into_texts())
        };
        let direct = merged(&[]);
        let general = merged(&[Allure2History::default()]);
        assert_eq!(direct, general);
        let runs_of =
            |test: usize| -> Vec<Option<u32>> { direct.0[test].iter().map(|e| e.run).collect() };
        assert_eq!(runs_of(0), [Some(3), Some(2), Some(0)]);
        assert_eq!(
            runs_of(1),
            [Some(1), Some(2), Some(0)],
            "equal times: file order"
        );
        assert_eq!(direct.1, ["boom", "other"]);
    }

    #[test]
    fn a_different_build_order_keeps_the_run_whatever_the_url_says() {
        let tests = [probe("k0", T), probe("k1", T + 10)];
        let mut h = history(&[T, T + 10], Some(41));
        let note = drop_current_from_allure2(&mut h, &tests, Some(&executor(Some(42))), false);
        assert!(note.unwrap().contains("build order differs"));
        assert_eq!(h.items["k0"].len(), 2, "no run dropped");
        assert_eq!(h.statuses.len(), 2, "no trend point dropped");
    }

    #[test]
    fn the_same_build_order_drops_the_newest_run() {
        let tests = [probe("k0", T + 99), probe("k1", T + 10)];
        let mut h = history(&[T, T + 10], Some(42));
        assert_eq!(
            current_run_evidence(&h, &tests, Some(&executor(Some(42))), false),
            CurrentRunEvidence::SameBuildOrder
        );
        assert_eq!(
            drop_current_from_allure2(&mut h, &tests, Some(&executor(Some(42))), false),
            None
        );
        assert_eq!(h.items["k0"].len(), 1);
        assert_eq!(h.statuses.len(), 1);
    }

    #[test]
    fn without_build_orders_equal_times_decide() {
        let tests: Vec<_> = (0..10)
            .map(|i| probe(&format!("k{i}"), T + i * 100))
            .collect();
        let starts: Vec<i64> = (0..10).map(|i| T + i * 100).collect();
        let mut h = history(&starts, None);
        assert_eq!(
            drop_current_from_allure2(&mut h, &tests, Some(&executor(None)), false),
            None
        );
        assert_eq!(h.items["k3"].len(), 1, "the current launch was dropped");
    }

    #[test]
    fn a_url_alone_keeps_the_run_and_says_so() {
        let tests = [probe("k0", T + 7_200_000), probe("k1", T + 7_200_010)];
        let mut h = history(&[T, T + 10], None);
        let note = drop_current_from_allure2(&mut h, &tests, Some(&executor(None)), false);
        assert!(note.unwrap().contains("report URL"));
        assert_eq!(h.items["k0"].len(), 2);
    }

    #[test]
    fn frozen_clocks_do_not_vote() {
        // Nine tests frozen at one instant match any run (90%, enough on their own); the one
        // real clock decides.
        let frozen = 1_308_874_145_000;
        let mut tests: Vec<_> = (0..9)
            .map(|i| HistoryProbe {
                stop: Some(frozen),
                ..probe(&format!("k{i}"), frozen)
            })
            .collect();
        tests.push(probe("k9", T + 7_200_000));
        let mut h = history(&[frozen; 10], None);
        for i in 0..9 {
            h.items.get_mut(&format!("k{i}")).unwrap()[0].stop = Some(frozen);
        }
        assert_eq!(
            current_run_evidence(&h, &tests, None, false),
            CurrentRunEvidence::OtherTimes
        );
        tests[9] = probe("k9", frozen);
        h.items.get_mut("k9").unwrap()[0].stop = Some(frozen + 5);
        assert_eq!(
            current_run_evidence(&h, &tests, None, false),
            CurrentRunEvidence::SameTimes,
            "the real clock agrees"
        );
    }
}
