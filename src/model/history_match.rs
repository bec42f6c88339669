//! Finding history files and matching their entries to the current tests.
//!
//! History means *previous* runs: a `history.jsonl` line or Allure 2 history item that records
//! the current launch (Allure appends it when it generates a report) is recognised and dropped.
//! With both formats, a test's history is the union by run: an Allure 2 item that a
//! `history.jsonl` run already covers is not counted twice. No terminal dependencies.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::categories::CategoryRules;
use super::history::allure2::read_allure2;
use super::history::jsonl::{parse_run, read_jsonl, read_jsonl_stream};
use super::history::{id_hash, HistoryEntry, HistoryRun, HistorySearch, KeyIndex, RawHistoryEntry};
use super::history_find::{find_history, HistorySources};
use super::identity::md5_hex;
use super::identity::TestKeys;
use super::launch::Executor;
use super::load::{LoadOptions, Phase, Progress};
use super::report::{Report, RunInfo, TextInterner};
use super::text::Text;
use super::warning::Warning;

/// What history matching needs to know about one current test: a light copy, so history can be
/// read on another thread while the UI already shows the results.
#[derive(Debug, Clone)]
pub struct HistoryProbe {
    /// The test's keys.
    pub keys: TestKeys,
    /// The uuids of every attempt: Allure 3 writes `md5(uuid)` as a history entry's id, which
    /// tells whether a line records the current launch (hashed only when a `history.jsonl` is
    /// read).
    pub uuids: Vec<Text>,
    /// Start of the shown attempt.
    pub start: Option<i64>,
    /// Stop of the shown attempt.
    pub stop: Option<i64>,
    /// The previous runs a generated report shows for the test (reports only), newest first.
    pub embedded: Vec<RawHistoryEntry>,
}

/// Everything history matching needs from a report.
#[derive(Debug, Clone, Default)]
pub struct HistoryInput {
    /// One probe per test, in [`Report::tests`] order.
    pub probes: Vec<HistoryProbe>,
    /// The launch's `executor.json`, to recognise the current launch in Allure 2 history given
    /// with `--history`.
    pub executor: Option<Executor>,
    /// Each results directory's `executor.json`, for the history found in that directory.
    pub dir_executors: Vec<Option<Executor>>,
    /// Category rules, for per-run category counts.
    pub categories: CategoryRules,
    /// Where the results were read from: history is looked for beside each location.
    pub locations: Vec<super::inputs::Location>,
}

impl HistoryInput {
    /// Extracts the probes of a report.
    #[must_use]
    pub fn of(report: &Report) -> HistoryInput {
        HistoryInput {
            probes: report
                .tests
                .iter()
                .map(|t| HistoryProbe {
                    keys: t.keys.clone(),
                    uuids: t.attempts().filter_map(|a| a.uuid.clone()).collect(),
                    start: t.result.start,
                    stop: t.result.stop,
                    embedded: t.result.embedded_history.clone(),
                })
                .collect(),
            executor: report.executor.clone(),
            dir_executors: report
                .dir_launches
                .iter()
                .map(|d| d.executor.clone())
                .collect(),
            categories: report.categories.clone(),
            locations: report.locations.clone(),
        }
    }
}

/// History read and matched, ready to be applied to the report it was read for.
#[derive(Debug, Clone, Default)]
pub struct HistoryBundle {
    /// Previous runs, oldest first.
    pub runs: Vec<RunInfo>,
    /// Per test (in probe order), previous runs newest first.
    pub per_test: Vec<Vec<HistoryEntry>>,
    /// Texts the entries point at (indices continue the report's own table, which is empty
    /// before history is applied).
    pub texts: Vec<String>,
    /// Where history was looked for.
    pub search: HistorySearch,
    /// Problems met while reading.
    pub warnings: Vec<Warning>,
    /// True when a history source was read.
    pub has_history: bool,
}

impl HistoryBundle {
    /// True when no history was read and there is nothing to report about it (applying it
    /// would only record where history was looked for).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        !self.has_history
            && self.runs.is_empty()
            && self.per_test.iter().all(Vec::is_empty)
            && self.texts.is_empty()
            && self.warnings.is_empty()
    }

    /// Moves the history into the report it was read for.
    pub fn apply(self, report: &mut Report) {
        report.runs = self.runs;
        report.texts = self.texts;
        report.history_search = self.search;
        report.has_history = self.has_history;
        report.warnings.extend(self.warnings);
        for (test, history) in report.tests.iter_mut().zip(self.per_test) {
            test.history = history;
        }
    }
}

/// Reads the history sources found for `options` and attaches them to `report`.
pub fn attach_history(
    report: &mut Report,
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
) {
    // A generated report carries each test's history itself.
    let embedded = report
        .tests
        .iter()
        .any(|t| !t.result.embedded_history.is_empty());
    let bundle = match find_sources(options, &report.locations) {
        // Nothing to read: the probes of every test need not even be made.
        (sources, bundle) if sources.is_empty() && !embedded => bundle,
        (sources, bundle) => read_sources(
            &HistoryInput::of(report),
            &sources,
            bundle,
            options,
            progress,
        ),
    };
    bundle.apply(report);
}

/// The history sources to read, and a bundle holding where they were looked for. None with
/// `--history-limit 0`: no previous run is wanted.
fn find_sources(
    options: &LoadOptions,
    locations: &[super::inputs::Location],
) -> (HistorySources, HistoryBundle) {
    let mut bundle = HistoryBundle::default();
    if options.history_limit == Some(0) {
        return (HistorySources::default(), bundle);
    }
    let sources = find_history(options, locations, &mut bundle.search, &mut bundle.warnings);
    (sources, bundle)
}

/// Finds, reads and matches history for the tests described by `input`: every source found
/// (see [`super::history_find`]), each with its current launch dropped, merged into one list of
/// previous runs per test.
#[must_use]
pub fn read_history(
    input: &HistoryInput,
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> HistoryBundle {
    let (sources, bundle) = find_sources(options, &input.locations);
    if sources.is_empty() && input.probes.iter().all(|p| p.embedded.is_empty()) {
        return bundle;
    }
    read_sources(input, &sources, bundle, options, progress)
}

fn read_sources(
    input: &HistoryInput,
    sources: &HistorySources,
    mut bundle: HistoryBundle,
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> HistoryBundle {
    progress(Progress {
        phase: Phase::History,
        done: 0,
        total: 1,
    });
    let probes = &input.probes;
    let spans: Vec<_> = probes.iter().map(|p| (p.start, p.stop)).collect();
    let frozen = super::clock::frozen_starts(&spans);
    let mut runs: Vec<HistoryRun> = Vec::new();
    let index = OnceLock::new();
    let heap = crate::heap::LoadArena::here();
    let (reads, id_hashes) = std::thread::scope(|scope| {
        // The current tests' keys are indexed while the first history lines are read (at 50k
        // tests that is 60 ms the reader would otherwise wait).
        let indexing = scope.spawn(|| {
            heap.enter();
            let unblock = SetOnDrop(&index);
            let _ = index.set(allure3_index(probes));
            drop(unblock);
            // Per test, the Allure 3 ids of its attempts, once for every line.
            if sources.jsonl.is_empty() && sources.points.is_empty() {
                Vec::new()
            } else {
                probes
                    .iter()
                    .map(|p| p.uuids.iter().map(|u| id_hash(&md5_hex(u))).collect())
                    .collect::<Vec<Vec<u64>>>()
            }
        });
        let reads: Vec<_> = sources
            .jsonl
            .iter()
            .map(|reference| {
                // One more than the limit: the newest line may be the current launch.
                let limit = options.history_limit.map(|n| n + 1);
                let read = match reference.source.local_path(&reference.path) {
                    // On disk: read from the end when only the newest lines are wanted.
                    Some(path) => read_jsonl(&path, &index, &input.categories, limit),
                    None => reference
                        .source
                        .open(&reference.path)
                        .and_then(|stream| read_jsonl_stream(stream, &index, &input.categories)),
                };
                (reference.label(), read)
            })
            .collect();
        let id_hashes = indexing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (reads, id_hashes)
    });
    let index = index.into_inner().unwrap_or_default();
    for (file, read) in reads {
        match read {
            Ok(history) => {
                bundle.has_history = true;
                bundle.search.used.push(file.clone());
                for (line, reason) in history.bad_lines {
                    bundle.warnings.push(Warning::new(
                        file.clone(),
                        format!("line {line}: {reason}; the line was skipped"),
                    ));
                }
                runs.extend(
                    history
                        .runs
                        .into_iter()
                        .map(|(_, run)| run)
                        .filter(|run| !is_current_run(run, probes, &id_hashes, &frozen)),
                );
            }
            Err(e) => bundle.warnings.push(Warning::new(file, e.to_string())),
        }
    }
    // An Allure 3 report's history points: one run per file, previous runs only.
    for reference in &sources.points {
        bundle.has_history = true;
        bundle.search.used.push(reference.label());
        let mut names: Vec<String> = reference
            .source
            .list(&reference.path)
            .unwrap_or_default()
            .into_iter()
            .filter(|e| super::history_find::is_json_name(&e.name))
            .map(|e| e.name)
            .collect();
        names.sort();
        for name in names {
            let path = super::source::join(&reference.path, &name);
            let parsed = reference
                .source
                .read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| parse_run(&bytes, &index, &input.categories));
            // The points are the report's previous runs: it writes this launch's line only after
            // the report is made.
            match parsed {
                Ok(run) => runs.push(run),
                Err(reason) => bundle
                    .warnings
                    .push(Warning::new(reference.source.describe(&path), reason)),
            }
        }
    }
    runs.sort_by_key(|run| run.timestamp);
    if let Some(limit) = options.history_limit {
        let excess = runs.len().saturating_sub(limit);
        runs.drain(..excess);
    }
    let wanted = allure2_keys(probes);
    let mut allure2 = Vec::new();
    for (reference, results_dir) in &sources.allure2 {
        let mut history = read_allure2(reference.source.as_ref(), &reference.path, &wanted);
        bundle.has_history = true;
        bundle.search.used.push(reference.label());
        for (file, reason) in &history.problems {
            bundle
                .warnings
                .push(Warning::new(file.clone(), reason.clone()));
        }
        // The current launch is recognised by the executor of the directory the history
        // belongs to (for `--history`, the launch's).
        let executor = results_dir
            .and_then(|d| input.dir_executors.get(d))
            .map_or(input.executor.as_ref(), Option::as_ref);
        let own_report = results_dir
            .and_then(|d| input.locations.get(d))
            .is_some_and(|l| l.kind == super::inputs::LocationKind::Allure2Report);
        let note = super::history_merge::drop_current_from_allure2(
            &mut history,
            probes,
            executor,
            own_report,
        );
        if let Some(note) = note {
            bundle.warnings.push(Warning::new(reference.label(), note));
        }
        if let Some(limit) = options.history_limit {
            for items in history.items.values_mut() {
                items.truncate(limit);
            }
        }
        allure2.push(history);
    }
    if probes.iter().any(|p| !p.embedded.is_empty()) {
        bundle.has_history = true;
    }
    let mut texts = TextInterner::default();
    bundle.runs = if runs.is_empty() {
        super::history_merge::allure2_runs(&allure2)
    } else {
        let mut infos: Vec<RunInfo> = runs.iter().map(super::history_merge::run_info).collect();
        for history in &allure2 {
            super::history_merge::fill_from_allure2_trends(&mut infos, history);
        }
        infos
    };
    bundle.per_test =
        super::history_merge::merge_history(probes, &mut runs, &allure2, &bundle.runs, &mut texts);
    bundle.texts = texts.into_texts();
    progress(Progress {
        phase: Phase::History,
        done: 1,
        total: 1,
    });
    bundle
}

/// Every key an Allure 2 `history.json` entry of a current test may have (only these are
/// looked up there).
fn allure2_keys(tests: &[HistoryProbe]) -> HashSet<String> {
    tests
        .iter()
        .flat_map(|t| t.keys.allure2_candidates())
        .map(str::to_owned)
        .collect()
}

/// Sets an empty index when dropped first: if indexing panicked, the history readers waiting
/// for the index go on (and the panic is resumed when the indexing thread is joined).
struct SetOnDrop<'a>(&'a OnceLock<KeyIndex>);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        let _ = self.0.set(KeyIndex::default());
    }
}

/// Every Allure 3 candidate key of every test, with its rank among the test's candidates.
fn allure3_index(tests: &[HistoryProbe]) -> KeyIndex {
    let mut index = KeyIndex::default();
    for (i, test) in tests.iter().enumerate() {
        for (rank, key) in test.keys.allure3_candidates().into_iter().enumerate() {
            index.insert(key, i as u32, rank as u8);
        }
    }
    index
}

/// A `history.jsonl` line records the current launch when its entries carry the ids Allure 3
/// gives the current results (`md5(uuid)`), or, for writers without ids, the same start and
/// stop for at least 90% of the tests whose clock moved (frozen clocks match every run).
fn is_current_run(
    run: &HistoryRun,
    tests: &[HistoryProbe],
    id_hashes: &[Vec<u64>],
    frozen: &[i64],
) -> bool {
    let (mut same_id, mut compared, mut same_time) = (0usize, 0usize, 0usize);
    let matched = run.entries.len();
    for entry in &run.entries {
        let ids = &id_hashes[entry.test as usize];
        let test = &tests[entry.test as usize];
        if entry.id_hash.is_some_and(|h| ids.contains(&h)) {
            same_id += 1;
        }
        let Some(start) = test.start else { continue };
        if frozen.binary_search(&start).is_ok() {
            continue;
        }
        compared += 1;
        if entry.start == Some(start) && entry.stop == test.stop {
            same_time += 1;
        }
    }
    matched > 0 && (same_id * 2 >= matched || (compared > 0 && same_time * 10 >= compared * 9))
}
