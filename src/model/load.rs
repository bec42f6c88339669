//! Loading results: resolve the inputs, list each results location, parse in parallel, attach
//! fixtures, fold retries.
//!
//! Progress is reported through a callback (at most every ~50 ms) so a UI can show it; every
//! unreadable file becomes a [`Warning`] and loading continues. History is read separately by
//! [`super::history_match::attach_history`] so a UI can show results first. No terminal
//! dependencies.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use super::convert::Issues;
use super::dir_launch::{is_launch_file, merge_launches, read_launch_file, DirLaunch};
use super::identity::TestKeys;
use super::inputs::{has_extension, resolve, InputError, Location, LocationKind};
use super::json_read::{parse_json_bytes, PARSE_STACK_BYTES};
use super::launch::Globals;
use super::location_files::LocationFiles;
use super::parse::{parse_container, parse_result};
use super::report::Report;
use super::report_readers::allure2;
use super::result::{
    for_each_attachment, ContainerFixtures, Origin, ResultFiles, Step, TestResult,
};
use super::retries::group_attempts;
use super::source::archive::ArchiveLimits;
use super::source::EntryKind;
use super::text::{Interner, Text};
use super::warning::Warning;

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The paths given: results directories, generated reports, archives holding either, or
    /// directories holding any number of them; merged into one launch.
    pub dirs: Vec<PathBuf>,
    /// Explicit history files or directories (`--history`, repeatable): when given, the only
    /// history read, for every results directory.
    pub history: Vec<PathBuf>,
    /// Keep only the newest N previous runs.
    pub history_limit: Option<usize>,
    /// Working directory for the `./history.jsonl` and `./.allure/history.jsonl` look-ups.
    pub cwd: PathBuf,
    /// While watching a run that is still writing: a file that cannot be parsed and was
    /// modified this recently is counted as pending (to be read on the next reload), not
    /// warned about.
    pub settle: Option<Duration>,
    /// Size caps for archives.
    pub limits: ArchiveLimits,
}

/// Which part of loading is under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Parsing result and container files.
    Results,
    /// Reading history.
    History,
}

/// Loading progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Current phase.
    pub phase: Phase,
    /// Items done.
    pub done: usize,
    /// Items in all.
    pub total: usize,
}

/// Why loading could not even start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// A given path is missing, unreadable or holds nothing this product reads.
    Input(InputError),
    /// A results location could not be listed.
    Unreadable(PathBuf, String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Input(e) => e.fmt(f),
            LoadError::Unreadable(p, why) => write!(f, "cannot read {}: {why}", p.display()),
        }
    }
}

impl std::error::Error for LoadError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Result,
    Container,
    Globals,
    /// A generated Allure 2 report's `data/test-cases/*.json`.
    Allure2Case,
    /// A generated Allure 3 report's `data/test-results/<id>.json`.
    Allure3Result,
    /// An Allure 1 `*-testsuite.xml`.
    Allure1Xml,
    /// An Allure 1 `*-testsuite.json`.
    Allure1Json,
    /// Any other `*.xml`: read when its root is `<testsuites>`/`<testsuite>` (`JUnit`),
    /// `<TestRun>` (TRX) or `<assemblies>` (xUnit.net v2), else passed over.
    MaybeJunit,
    /// Any other `*.json`: read when it is an array of Cucumber features, else passed over.
    MaybeCucumber,
    /// A `*.trx` (TRX: `dotnet test`, Visual Studio).
    Trx,
}

struct Job {
    /// Index of the location.
    dir: u16,
    /// Path within the location's source.
    path: String,
    /// File name within the location.
    name: String,
    kind: Kind,
}

enum Parsed {
    Result(Box<TestResult>, TestKeys),
    /// Results of a report file, each marked when the report hides it as a retry.
    Reported(Vec<(Box<TestResult>, TestKeys, bool)>),
    /// A generated Allure 2 report's test case: filed under its test once every case of the
    /// report is read (see [`allure2::file_cases`]).
    Allure2Case(allure2::ReadCase),
    Container(ContainerFixtures),
    Globals(Globals),
    Unreadable,
    /// Probably still being written (see [`LoadOptions::settle`]).
    Pending,
    /// A file of a kind that may be a report, and is not one (a stray XML or JSON file).
    NotReport,
}

/// Loads the results of every input (without history).
pub fn load_results(
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, LoadError> {
    let mut inputs = resolve(&options.dirs, options.limits).map_err(LoadError::Input)?;
    let listings = std::mem::take(&mut inputs.listings);
    let mut report = Report {
        dirs: inputs.locations.iter().map(Location::label).collect(),
        locations: inputs.locations.clone(),
        inputs: inputs.described.clone(),
        loaded_at_ms: super::clock::now_ms(),
        ..Report::default()
    };
    report.warnings.extend(inputs.warnings);
    for (path, reason) in &inputs.empty {
        report.warnings.push(Warning::new(
            path.display().to_string(),
            format!("no test results here; the directory is skipped: {reason}"),
        ));
    }
    let mut jobs = Vec::new();
    let mut origins: Vec<Arc<dyn ResultFiles>> = Vec::new();
    // The tests each Allure 2 report shows (by location; `None`: not a report, or no tree).
    let mut report_trees: Vec<Option<HashSet<String>>> = Vec::new();
    // Locations skipped with a warning of their own (no second, generic one).
    let mut explained: Vec<usize> = Vec::new();
    for ((index, location), listing) in inputs.locations.iter().enumerate().zip(listings) {
        let mut launch = DirLaunch::default();
        let listing = match location.kind {
            LocationKind::Results
            | LocationKind::Junit
            | LocationKind::Cucumber
            | LocationKind::Dotnet => {
                let index = index as u16;
                scan_results(
                    location,
                    listing,
                    index,
                    &mut jobs,
                    &mut report,
                    &mut launch,
                )
            }
            LocationKind::Allure2Report | LocationKind::Allure3Report => {
                match scan_report(location, index as u16, &mut jobs, &mut report, &mut launch) {
                    Ok(listing) => listing,
                    // Alone, a report that cannot be read is the one line of the failed load;
                    // among other inputs it is a warning, and the rest loads.
                    Err(LoadError::Unreadable(path, why)) if inputs.locations.len() > 1 => {
                        report
                            .warnings
                            .push(Warning::new(path.display().to_string(), why));
                        explained.push(index);
                        Vec::new()
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        report_trees.push(if location.kind == LocationKind::Allure2Report {
            allure2::read_tree(location, &mut report.warnings)
        } else {
            None
        });
        // A report's attachments are in its data/attachments/.
        let files = match location.kind {
            LocationKind::Results
            | LocationKind::Junit
            | LocationKind::Cucumber
            | LocationKind::Dotnet => LocationFiles::new(location, &listing),
            LocationKind::Allure2Report | LocationKind::Allure3Report => {
                let attachments = Location {
                    dir: location.path("data/attachments"),
                    ..location.clone()
                };
                let listing = location.source.list(&attachments.dir).unwrap_or_default();
                LocationFiles::new(&attachments, &listing)
            }
        };
        origins.push(Arc::new(files));
        report.dir_launches.push(launch);
    }
    let parsed = parse_parallel(&jobs, &inputs.locations, &origins, options.settle, progress);
    let mut results = Vec::new();
    let mut hidden = Vec::new();
    let mut containers = Vec::new();
    let mut allure2_cases = Vec::new();
    for (job, (outcome, issues)) in jobs.iter().zip(parsed) {
        if matches!(outcome, Parsed::Reported(_)) {
            count_report_file(job, &mut report);
        }
        match outcome {
            Parsed::Result(result, keys) => results.push((result, keys)),
            Parsed::Reported(reported) => {
                for (result, keys, is_hidden) in reported {
                    // A report's hidden retries are read first: on a tie of starts, the
                    // attempt the report shows stays the shown one.
                    if is_hidden {
                        hidden.push((result, keys));
                    } else {
                        results.push((result, keys));
                    }
                }
            }
            Parsed::Allure2Case(case) => allure2_cases.push(case),
            Parsed::Container(container) => containers.push(container),
            Parsed::Globals(globals) => report.globals.push((job.dir, globals)),
            Parsed::Unreadable => {
                if job.kind == Kind::Result {
                    report.files.unreadable_results += 1;
                }
            }
            Parsed::Pending => report.files.pending += 1,
            Parsed::NotReport => {}
        }
        if !issues.is_empty() {
            let file = inputs.locations[usize::from(job.dir)]
                .source
                .describe(&job.path);
            report.warnings.push(Warning::new(file, issues.join("; ")));
        }
    }
    let labels: Vec<String> = inputs
        .locations
        .iter()
        .map(|l| l.label().display().to_string())
        .collect();
    let filed = allure2::file_cases(allure2_cases, &report_trees, &labels, &mut report.warnings);
    hidden.extend(filed.hidden);
    results.extend(filed.shown);
    hidden.append(&mut results);
    let mut results = hidden;
    for (index, (launch, location)) in report
        .dir_launches
        .iter()
        .zip(&inputs.locations)
        .enumerate()
    {
        if launch.result_files == 0 && !explained.contains(&index) {
            report.warnings.push(Warning::new(
                location.label().display().to_string(),
                "no test results (*-result.json, or reports of a kind read) here; the directory is skipped",
            ));
        }
    }
    let merged = merge_launches(&report.dir_launches, &report.dirs, &mut report.warnings);
    report.executor = merged.executor;
    report.environment = merged.environment;
    report.categories = merged.categories;
    report.files.results = jobs
        .iter()
        .filter(|j| {
            matches!(
                j.kind,
                Kind::Result | Kind::Allure2Case | Kind::Allure3Result
            )
        })
        .count()
        + report.files.junit
        + report.files.allure1
        + report.files.cucumber
        + report.files.dotnet;
    report.files.containers = jobs.iter().filter(|j| j.kind == Kind::Container).count();
    attach_fixtures(&mut results, containers);
    let results = drop_duplicate_uuids(results, &report.dirs, &mut report.warnings);
    report.tests = group_attempts(results);
    report.origins = origins.into_iter().map(|o| Origin(Some(o))).collect();
    Ok(report)
}

/// Counts a file read by one of the other readers: for the summary's line of what was read,
/// and so its location counts as holding results.
fn count_report_file(job: &Job, report: &mut Report) {
    let counter = match job.kind {
        Kind::MaybeJunit => &mut report.files.junit,
        Kind::Allure1Xml | Kind::Allure1Json => &mut report.files.allure1,
        Kind::MaybeCucumber => &mut report.files.cucumber,
        Kind::Trx => &mut report.files.dotnet,
        _ => return,
    };
    *counter += 1;
    if let Some(launch) = report.dir_launches.get_mut(usize::from(job.dir)) {
        launch.result_files += 1;
    }
}

/// Goes through a results location's listing (made when it was found): its result, container
/// and globals files become jobs, its launch files are read. Returns the listing, for its
/// attachments' checks.
fn scan_results(
    location: &Location,
    mut entries: Vec<super::source::EntryInfo>,
    index: u16,
    jobs: &mut Vec<Job>,
    report: &mut Report,
    launch: &mut DirLaunch,
) -> Vec<super::source::EntryInfo> {
    entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    for entry in &entries {
        if entry.kind != EntryKind::File {
            continue;
        }
        let name = &entry.name;
        let kind = if name.ends_with("-result.json") {
            Kind::Result
        } else if name.ends_with("-container.json") {
            Kind::Container
        } else if name.ends_with("-globals.json") {
            Kind::Globals
        } else if name.contains("-attachment") {
            report.files.attachments += 1;
            continue;
        } else if is_launch_file(name) {
            let path = location.path(name);
            let file = location.source.describe(&path);
            let bytes = location.source.read(&path);
            read_launch_file(name, &file, bytes, launch, &mut report.warnings);
            continue;
        } else if name.ends_with("-testsuite.xml") {
            Kind::Allure1Xml
        } else if name.ends_with("-testsuite.json") {
            Kind::Allure1Json
        } else if has_extension(name, "xml") {
            // Both Allure CLIs read JUnit reports mixed into a results directory.
            Kind::MaybeJunit
        } else if has_extension(name, "json") {
            // Allure 3 reads Cucumber JSON reports by default.
            Kind::MaybeCucumber
        } else if has_extension(name, "trx") {
            Kind::Trx
        } else {
            continue;
        };
        if kind == Kind::Result {
            launch.result_files += 1;
        }
        jobs.push(Job {
            dir: index,
            path: location.path(name),
            name: name.clone(),
            kind,
        });
    }
    entries
}

/// Lists a generated report: its result files become jobs (an Allure 3 report's from its own
/// index, never from the folder, which keeps stale files across regenerations), its widgets
/// describe the launch.
fn scan_report(
    location: &Location,
    index: u16,
    jobs: &mut Vec<Job>,
    report: &mut Report,
    launch: &mut DirLaunch,
) -> Result<Vec<super::source::EntryInfo>, LoadError> {
    let unreadable = |e: String| LoadError::Unreadable(location.label(), e);
    let source = location.source.as_ref();
    let names: Vec<(String, Kind)> = if location.kind == LocationKind::Allure2Report {
        *launch = super::report_readers::allure2::read_launch(
            source,
            &location.dir,
            &mut report.warnings,
        );
        let mut entries = source
            .list(&location.path("data/test-cases"))
            .map_err(|e| unreadable(e.to_string()))?;
        entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        entries
            .into_iter()
            .filter(|e| e.kind == EntryKind::File && super::history_find::is_json_name(&e.name))
            .map(|e| (format!("data/test-cases/{}", e.name), Kind::Allure2Case))
            .collect()
    } else {
        *launch = super::report_readers::allure3::read_launch(
            source,
            &location.dir,
            &mut report.warnings,
        );
        if super::report_readers::allure3::is_single_file(source, &location.dir) {
            return Err(unreadable(super::inputs::SINGLE_FILE_REPORT.to_owned()));
        }
        // test-results.json (3.18), else widgets/nav.json (older reports have only that).
        let ids = match source.read(&location.path("test-results.json")) {
            Ok(bytes) => super::report_readers::allure3::read_index(&bytes),
            Err(e) => {
                let bytes = source
                    .read(&location.path("widgets/nav.json"))
                    .map_err(|_| unreadable(e.to_string()))?;
                super::report_readers::allure3::read_nav_index(&bytes)
            }
        };
        let ids = ids.map_err(unreadable)?;
        let present: HashSet<String> = source
            .list(&location.path("data/test-results"))
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.name)
            .collect();
        if !ids.is_empty() && !ids.iter().any(|id| present.contains(&format!("{id}.json"))) {
            // Seen in committed reports: an ignore rule for `test-results/` drops the folder.
            return Err(unreadable(format!(
                "the report's index names {} result{}, but its data/test-results/ folder {} \
                 (not copied with the report? a `test-results/` ignore rule drops it)",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" },
                if present.is_empty() {
                    "is missing or empty"
                } else {
                    "holds none of them"
                }
            )));
        }
        ids.into_iter()
            .map(|id| (format!("data/test-results/{id}.json"), Kind::Allure3Result))
            .collect()
    };
    launch.result_files = names.len();
    for (name, kind) in names {
        jobs.push(Job {
            dir: index,
            path: location.path(&name),
            name,
            kind,
        });
    }
    Ok(Vec::new())
}

/// Parses every job on worker threads (big stacks: untrusted JSON may nest deeply), reporting
/// progress from the calling thread. Output is in job order.
fn parse_parallel(
    jobs: &[Job],
    locations: &[Location],
    origins: &[Arc<dyn ResultFiles>],
    settle: Option<Duration>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<(Parsed, Vec<String>)> {
    let total = jobs.len();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .min(total.max(1));
    let (tx, rx) = mpsc::channel::<Vec<(usize, Parsed, Vec<String>)>>();
    let mut out: Vec<Option<(Parsed, Vec<String>)>> = (0..total).map(|_| None).collect();
    // The results live where the load does (crate::heap).
    let heap = crate::heap::LoadArena::here();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, done) = (&next, &done);
            std::thread::Builder::new()
                .stack_size(PARSE_STACK_BYTES)
                .spawn_scoped(scope, move || {
                    heap.enter();
                    let mut batch = Vec::new();
                    // One table per thread: no locking; a text seen on both threads is kept
                    // twice at most.
                    let mut interner = Interner::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let d = usize::from(job.dir);
                        let (parsed, issues) =
                            parse_job(job, &locations[d], &origins[d], settle, &mut interner);
                        batch.push((i, parsed, issues));
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    let _ = tx.send(batch);
                })
                .expect("spawning a parser thread must succeed");
        }
        drop(tx);
        progress(Progress {
            phase: Phase::Results,
            done: 0,
            total,
        });
        loop {
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(batch) => {
                    for (i, parsed, issues) in batch {
                        out[i] = Some((parsed, issues));
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => progress(Progress {
                    phase: Phase::Results,
                    done: done.load(Ordering::Relaxed),
                    total,
                }),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    });
    progress(Progress {
        phase: Phase::Results,
        done: total,
        total,
    });
    out.into_iter()
        .map(|slot| slot.unwrap_or((Parsed::Unreadable, vec!["not parsed".to_owned()])))
        .collect()
}

/// A result read from a report, finished (see [`finish_reported`]) with its identity keys,
/// as [`Parsed::Reported`] holds it; `hidden` marks an Allure 2 report's hidden retry.
fn reported(
    mut result: TestResult,
    hidden: bool,
    job: &Job,
    files: &Arc<dyn ResultFiles>,
) -> (Box<TestResult>, TestKeys, bool) {
    finish_reported(&mut result, job, files);
    let keys = TestKeys::of(&result);
    (Box::new(result), keys, hidden)
}

/// Gives a result read from a report its file, location and checked attachments.
fn finish_reported(result: &mut TestResult, job: &Job, files: &Arc<dyn ResultFiles>) {
    result.file = Text::from(job.name.as_str());
    result.dir = job.dir;
    result.origin = Origin(Some(files.clone()));
    let mut check = |a: &mut super::result::Attachment| files.check_access(a);
    if let Some(body) = result.body_mut() {
        for_each_attachment(&mut body.attachments, &mut body.steps, &mut check);
    }
    let mut fixtures: Vec<Step> = result
        .befores
        .iter()
        .chain(result.afters.iter())
        .cloned()
        .collect();
    for step in &mut fixtures {
        for_each_attachment(&mut step.attachments, &mut step.steps, &mut check);
    }
    let afters = fixtures.split_off(result.befores.len());
    result.befores = fixtures.into();
    result.afters = afters.into();
}

/// True when the file was modified within the settle window (watch mode).
fn is_fresh(location: &Location, path: &str, settle: Option<Duration>) -> bool {
    settle.is_some_and(|window| {
        location
            .source
            .local_path(path)
            .and_then(|p| std::fs::metadata(p).ok())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age < window)
    })
}

fn parse_job(
    job: &Job,
    location: &Location,
    files: &Arc<dyn ResultFiles>,
    settle: Option<Duration>,
    interner: &mut Interner,
) -> (Parsed, Vec<String>) {
    let bytes = match location.source.read(&job.path) {
        Ok(bytes) => bytes,
        Err(e) => return (Parsed::Unreadable, vec![format!("unreadable: {e}")]),
    };
    let unreadable = |reason: String| {
        if is_fresh(location, &job.path, settle) {
            // A writer may still be busy with it: read it again on the next reload.
            (Parsed::Pending, Vec::new())
        } else {
            (Parsed::Unreadable, vec![format!("unreadable: {reason}")])
        }
    };
    let check = |a: &mut super::result::Attachment| files.check_access(a);
    match job.kind {
        Kind::Result => match parse_result(&bytes, interner) {
            Ok((Some(mut result), issues)) => {
                result.file = Text::from(job.name.as_str());
                result.dir = job.dir;
                result.origin = Origin(Some(files.clone()));
                // A document the fast path refused was read whole: finish its body here.
                if let Some(body) = result.body_mut() {
                    for_each_attachment(&mut body.attachments, &mut body.steps, &mut { check });
                }
                // Keys here, on the parser threads: md5 is the costly part of grouping.
                let keys = TestKeys::of(&result);
                (Parsed::Result(Box::new(result), keys), issues)
            }
            Ok((None, issues)) => (Parsed::Unreadable, issues),
            Err(reason) => unreadable(reason),
        },
        Kind::Container => match parse_container(&bytes, interner) {
            Ok((Some(mut container), issues)) => {
                for step in container
                    .befores
                    .iter_mut()
                    .chain(container.afters.iter_mut())
                {
                    for_each_attachment(&mut step.attachments, &mut step.steps, &mut { check });
                }
                (Parsed::Container(container), issues)
            }
            Ok((None, issues)) => (Parsed::Unreadable, issues),
            Err(reason) => unreadable(reason),
        },
        Kind::Allure2Case => match allure2::read_case(&bytes) {
            Ok((case, issues)) => {
                let (result, keys, hidden) = reported(case.result, case.hidden, job, files);
                let case = allure2::ReadCase {
                    dir: job.dir,
                    result,
                    keys,
                    hidden,
                    retry_uids: case.retry_uids,
                };
                (Parsed::Allure2Case(case), issues)
            }
            Err(reason) => unreadable(reason),
        },
        Kind::Allure3Result => match super::report_readers::allure3::read_result(&bytes) {
            Ok((attempts, issues)) => {
                // The file holds one test: its retries, then its shown result, as the report
                // grouped them; all are filed under the shown one's key (see
                // `TestKeys::report_group`).
                let count = attempts.len();
                let mut attempts: Vec<_> = attempts
                    .into_iter()
                    .enumerate()
                    .map(|(i, result)| reported(result, i + 1 < count, job, files))
                    .collect();
                let group = attempts
                    .last()
                    .and_then(|(_, keys, _)| keys.primary().cloned());
                let group = group
                    .unwrap_or_else(|| Text::from(format!("report\t{}\t{}", job.dir, job.name)));
                for (_, keys, _) in &mut attempts {
                    keys.report_group = Some(group.clone());
                }
                (Parsed::Reported(attempts), issues)
            }
            Err(reason) => unreadable(reason),
        },
        Kind::Allure1Xml
        | Kind::Allure1Json
        | Kind::MaybeJunit
        | Kind::MaybeCucumber
        | Kind::Trx => read_other_report(job, bytes, files, interner),
        Kind::Globals => match parse_json_bytes(&bytes) {
            Ok(doc) => {
                let mut issues = Issues { items: doc.notes };
                let mut globals = Globals::from_json(&doc.value, &job.name, &mut issues);
                globals.attachments.iter_mut().for_each(check);
                (Parsed::Globals(globals), issues.items)
            }
            Err(reason) => unreadable(reason),
        },
    }
}

/// Reads a file of one of the other readers (`JUnit`, Allure 1, Cucumber). A `*.xml` or `*.json`
/// that is not such a report is passed over quietly: a results directory may hold other files.
fn read_other_report(
    job: &Job,
    bytes: Vec<u8>,
    files: &Arc<dyn ResultFiles>,
    interner: &mut Interner,
) -> (Parsed, Vec<String>) {
    use super::readers::dotnet::DotnetFormat;
    use super::readers::{allure1, cucumber, junit, trx, xunit_net};
    // Told by content, the root read once: a `JUnit` or .NET report may be named anything
    // `*.xml` (even `*-testsuite.xml`; Allure 2's JUnit plugin reads every `*.xml`).
    let root = matches!(job.kind, Kind::Allure1Xml | Kind::MaybeJunit)
        .then(|| super::readers::root_element(&bytes))
        .flatten();
    let dotnet = matches!(job.kind, Kind::Allure1Xml | Kind::MaybeJunit | Kind::Trx)
        .then(|| DotnetFormat::from_root(&job.name, root.as_deref()))
        .flatten();
    let output = match job.kind {
        Kind::Allure1Xml | Kind::MaybeJunit
            if root.as_deref().is_some_and(junit::is_junit_root) =>
        {
            junit::read_junit(&bytes, &job.name, interner)
        }
        _ if dotnet == Some(DotnetFormat::Trx) => trx::read_trx(&bytes, &job.name, interner),
        _ if dotnet == Some(DotnetFormat::XunitNet) => {
            xunit_net::read_xunit_net(&bytes, &job.name, interner)
        }
        Kind::Allure1Xml => allure1::read_allure1_xml(&bytes, &job.name, interner),
        Kind::Allure1Json => allure1::read_allure1_json(&bytes, &job.name, interner),
        Kind::MaybeCucumber if cucumber::is_cucumber_json(&bytes) => {
            cucumber::read_cucumber(&bytes, &job.name, interner)
        }
        _ => return (Parsed::NotReport, Vec::new()),
    };
    drop(bytes);
    // Results stay in the reader's order: earlier attempts first (see `readers`).
    let results = output
        .results
        .into_iter()
        .map(|result| reported(result, false, job, files))
        .collect();
    (Parsed::Reported(results), output.issues)
}

/// A container's `(befores, afters)`, shared by the results it names.
type SharedFixtures = (Arc<[Step]>, Arc<[Step]>);

/// Attaches container fixtures to every child result by uuid, sorted by start (Allure 2). A
/// result named by one container shares that container's fixtures (most do: one container per
/// test class); one named by several gets them merged.
fn attach_fixtures(
    results: &mut [(Box<TestResult>, TestKeys)],
    containers: Vec<ContainerFixtures>,
) {
    let mut by_uuid: HashMap<Text, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(results.len(), foldhash::fast::RandomState::default());
    for (i, (r, _)) in results.iter().enumerate() {
        if let Some(uuid) = &r.uuid {
            // A uuid read twice keeps the file read later (`drop_duplicate_uuids`): that one
            // gets the fixtures.
            by_uuid.insert(uuid.clone(), i);
        }
    }
    // Per result, the first container naming it; further ones (rare) aside.
    let mut first: Vec<u32> = vec![u32::MAX; results.len()];
    let mut further: Vec<(usize, u32)> = Vec::new();
    let shared: Vec<SharedFixtures> = containers
        .into_iter()
        .enumerate()
        .map(|(c, mut container)| {
            for child in &container.children {
                if let Some(&i) = by_uuid.get(child.as_str()) {
                    if first[i] == u32::MAX {
                        first[i] = c as u32;
                    } else {
                        further.push((i, c as u32));
                    }
                }
            }
            container.befores.sort_by_key(|s| s.start);
            container.afters.sort_by_key(|s| s.start);
            (container.befores.into(), container.afters.into())
        })
        .collect();
    for ((result, _), &c) in results.iter_mut().zip(&first) {
        if let Some((befores, afters)) = shared.get(c as usize) {
            result.befores = befores.clone();
            result.afters = afters.clone();
        }
    }
    // A result named by several containers gets their fixtures merged, sorted by start.
    further.sort_unstable();
    for group in further.chunk_by(|a, b| a.0 == b.0) {
        let i = group[0].0;
        let all: Vec<u32> = std::iter::once(first[i])
            .chain(group.iter().map(|(_, c)| *c))
            .collect();
        let merge = |pick: fn(&SharedFixtures) -> &Arc<[Step]>| {
            let mut steps: Vec<Step> = all
                .iter()
                .flat_map(|c| pick(&shared[*c as usize]).iter().cloned())
                .collect();
            steps.sort_by_key(|s| s.start);
            Arc::<[Step]>::from(steps)
        };
        results[i].0.befores = merge(|c| &c.0);
        results[i].0.afters = merge(|c| &c.1);
    }
}

/// One uuid is one result, as in Allure 3.18 (which keys results by uuid): when two files carry
/// the same uuid (a shard copied twice), the file read later replaces the earlier one, with a
/// warning naming both. Files are read in directory order, then by name.
fn drop_duplicate_uuids(
    results: Vec<(Box<TestResult>, TestKeys)>,
    dirs: &[PathBuf],
    warnings: &mut Vec<Warning>,
) -> Vec<(Box<TestResult>, TestKeys)> {
    let path_of = |r: &TestResult| {
        dirs.get(usize::from(r.dir))
            .map_or_else(
                || PathBuf::from(r.file.as_str()),
                |d| d.join(r.file.as_str()),
            )
            .display()
            .to_string()
    };
    let mut last_of: HashMap<&str, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(results.len(), foldhash::fast::RandomState::default());
    for (i, (r, _)) in results.iter().enumerate() {
        if let Some(uuid) = r.uuid.as_deref() {
            last_of.insert(uuid, i);
        }
    }
    let mut dropped = vec![false; results.len()];
    for (i, (r, _)) in results.iter().enumerate() {
        let Some(uuid) = r.uuid.as_deref() else {
            continue;
        };
        let last = last_of[uuid];
        if last != i {
            dropped[i] = true;
            warnings.push(Warning::new(
                path_of(r),
                format!(
                    "duplicate uuid {uuid}: replaced by {}, read later (one uuid is one result, as in Allure 3)",
                    path_of(&results[last].0)
                ),
            ));
        }
    }
    results
        .into_iter()
        .zip(dropped)
        .filter_map(|(r, dropped)| (!dropped).then_some(r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::status::Status;
    use crate::test_support::TempDir;

    fn options(dir: &TempDir) -> LoadOptions {
        LoadOptions {
            dirs: vec![dir.path().to_owned()],
            cwd: dir.path().to_owned(),
            ..LoadOptions::default()
        }
    }

    #[test]
    fn loads_results_containers_and_launch_files() {
        let dir = TempDir::new();
        dir.write(
            "a-result.json",
            r#"{"uuid":"a","fullName":"t.A#x","name":"x","status":"failed","start":1,"stop":2}"#,
        );
        dir.write(
            "b-result.json",
            r#"{"uuid":"b","fullName":"t.A#x","name":"x","status":"passed","start":5,"stop":6}"#,
        );
        dir.write(
            "c-container.json",
            r#"{"uuid":"c","children":["a","b"],"befores":[{"name":"setup","status":"passed","start":0}],"afters":[{"name":"teardown","status":"passed"}]}"#,
        );
        dir.write("x-attachment.txt", "log");
        dir.write("executor.json", r#"{"name":"CI","buildOrder":7}"#);
        dir.write("environment.properties", "os=linux\n");
        dir.write("broken-result.json", "{\"uuid\": ");
        let report = load_results(&options(&dir), &|_| {}).unwrap();
        assert_eq!(report.tests.len(), 1);
        let test = &report.tests[0];
        assert_eq!(test.result.status, Status::Passed);
        assert_eq!(test.retries.len(), 1);
        assert_eq!(test.result.befores[0].name, "setup");
        assert_eq!(test.retries[0].afters[0].name, "teardown");
        assert_eq!(report.executor.as_ref().unwrap().build_order, Some(7));
        assert_eq!(report.environment[0].name, "os");
        assert_eq!(report.environment[0].values, ["linux"]);
        assert_eq!(report.files.results, 3);
        assert_eq!(report.files.attachments, 1);
        assert_eq!(report.warnings.len(), 1);
        assert!(report.warnings[0].file.ends_with("broken-result.json"));
        assert!(report.warnings[0].reason.contains("truncated"));
    }

    #[test]
    fn fixtures_of_several_containers_merge_in_start_order_and_one_container_is_shared() {
        let dir = TempDir::new();
        dir.write("a-result.json", r#"{"uuid":"a","fullName":"t.A#x"}"#);
        dir.write("b-result.json", r#"{"uuid":"b","fullName":"t.A#y"}"#);
        dir.write("c-result.json", r#"{"uuid":"c","fullName":"t.A#z"}"#);
        dir.write(
            "c1-container.json",
            r#"{"children":["a","b","c"],"befores":[{"name":"class setup","start":20}],"afters":[{"name":"class teardown","start":90}]}"#,
        );
        dir.write(
            "c2-container.json",
            r#"{"children":["a"],"befores":[{"name":"module setup","start":10}],"afters":[{"name":"module teardown","start":95}]}"#,
        );
        let report = load_results(&options(&dir), &|_| {}).unwrap();
        let names = |steps: &[Step]| steps.iter().map(|s| s.name.to_string()).collect::<Vec<_>>();
        let (a, b) = (&report.tests[0].result, &report.tests[1].result);
        assert_eq!(names(&a.befores), ["module setup", "class setup"]);
        assert_eq!(names(&a.afters), ["class teardown", "module teardown"]);
        assert_eq!(names(&b.befores), ["class setup"]);
        let c = &report.tests[2].result;
        assert!(
            Arc::ptr_eq(&b.befores, &c.befores),
            "one container's fixtures are shared, not copied"
        );
    }

    #[test]
    fn half_written_files_are_pending_while_watching() {
        let dir = TempDir::new();
        dir.write("a-result.json", r#"{"uuid":"a","name":"x"}"#);
        dir.write("b-result.json", r#"{"uuid":"b","na"#);
        let mut opts = options(&dir);
        opts.settle = Some(Duration::from_secs(60));
        let report = load_results(&opts, &|_| {}).unwrap();
        assert_eq!(report.files.pending, 1);
        assert!(
            report.warnings.is_empty(),
            "a file being written is not a warning"
        );
        opts.settle = None;
        let report = load_results(&opts, &|_| {}).unwrap();
        assert_eq!(report.files.pending, 0);
        assert_eq!(report.warnings.len(), 1, "without watching it is one");
    }

    #[test]
    fn missing_directory_is_an_error() {
        let dir = TempDir::new();
        let mut opts = options(&dir);
        opts.dirs = vec![dir.path().join("nope")];
        assert!(matches!(
            load_results(&opts, &|_| {}),
            Err(LoadError::Input(InputError::NotFound(_)))
        ));
    }

    #[test]
    fn progress_ends_complete() {
        let dir = TempDir::new();
        dir.write("a-result.json", r#"{"uuid":"a","name":"x"}"#);
        let last = std::sync::Mutex::new(None);
        load_results(&options(&dir), &|p| *last.lock().unwrap() = Some(p)).unwrap();
        let last = last.lock().unwrap().unwrap();
        assert_eq!((last.done, last.total), (1, 1));
    }
}
