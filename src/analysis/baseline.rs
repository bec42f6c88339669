//! A baseline as the comparison sees it: a list of tests with their status, duration and
//! failure, from another launch (any input the product reads) or from a run of the launch's own
//! history, and what that source cannot answer.
//!
//! Built from the model: [`Baseline::of_report`] for an input loaded with
//! [`crate::model::baseline::load_baseline`], [`Baseline::of_run`] for `previous` / `run:N`.
//! No terminal dependencies.

use std::path::{Path, PathBuf};

use crate::model::baseline::{run_index, RunListing};
use crate::model::{HistoryFormat, Report, RunInfo, Status, TestId, TestKeys, Text};

/// One test of the baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaselineTest {
    /// Its identity key (Allure 3's; for a history run, the key the history keeps it under).
    pub key: Text,
    /// Every key it may be known by.
    pub keys: TestKeys,
    /// Display name.
    pub name: Text,
    /// Full name.
    pub full_name: Option<Text>,
    /// Status in the baseline.
    pub status: Status,
    /// Duration, ms.
    pub duration: Option<i64>,
    /// Failure message.
    pub message: Option<Text>,
    /// Stack trace (Allure 2 history keeps none).
    pub trace: Option<Text>,
    /// Read from XML (`JUnit`, Allure 1): its identity is its name only, so it is matched by
    /// normalised full name where no key matches.
    pub by_name: bool,
    /// For a history run without a listing: the current test whose history this entry is
    /// (history matching already tied them).
    pub current: Option<TestId>,
}

/// Where a baseline came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaselineOrigin {
    /// Another launch, read from a path.
    Input {
        /// The path given.
        path: PathBuf,
    },
    /// A run of the launch's history.
    Run {
        /// 1 = the newest previous run.
        n: usize,
        /// What the history says of the run (none when runs are not told apart).
        info: Option<RunInfo>,
    },
}

/// A baseline: its tests and what it can and cannot answer.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// Where it came from.
    pub origin: BaselineOrigin,
    /// Its tests.
    pub tests: Vec<BaselineTest>,
    /// The launch itself, for an input baseline (`tests[i]` is `report.tests[i]`): its results
    /// have steps for the Diff tab.
    pub report: Option<Report>,
    /// Whether it lists every test it held, so tests removed since can be named. Allure 2
    /// history does not (no names, and the keys of deleted tests stay forever).
    pub lists_tests: bool,
    /// Whether its results have steps (history keeps none).
    pub has_steps: bool,
    /// Whether its failures have traces (Allure 2 history keeps only messages).
    pub has_traces: bool,
    /// What it cannot answer, and how it was read, for people.
    pub notes: Vec<String>,
}

impl Baseline {
    /// A baseline from another launch (see [`crate::model::baseline::load_baseline`]).
    #[must_use]
    pub fn of_report(report: Report, path: &Path) -> Baseline {
        let tests = report
            .tests
            .iter()
            .map(|t| {
                let r = &t.result;
                BaselineTest {
                    key: t.key.clone(),
                    keys: t.keys.clone(),
                    name: r.name.clone(),
                    full_name: r.full_name.clone(),
                    status: r.status,
                    duration: r.duration(),
                    message: r.details.message.clone(),
                    trace: r.details.trace.clone(),
                    by_name: identity_is_name(&r.file),
                    current: None,
                }
            })
            .collect();
        let mut notes = Vec::new();
        if !report.warnings.is_empty() {
            notes.push(format!(
                "{} warnings while reading the baseline (the first: {}: {})",
                report.warnings.len(),
                report.warnings[0].file,
                report.warnings[0].reason
            ));
        }
        Baseline {
            origin: BaselineOrigin::Input {
                path: path.to_owned(),
            },
            tests,
            report: Some(report),
            lists_tests: true,
            has_steps: true,
            has_traces: true,
            notes,
        }
    }

    /// `run:n` of the report's history (1 = the newest previous run), with the run's
    /// `history.jsonl` listing when it came from Allure 3 (to name removed tests).
    pub fn of_run(
        report: &Report,
        n: usize,
        listing: Option<RunListing>,
    ) -> Result<Baseline, String> {
        let deepest = report
            .tests
            .iter()
            .map(|t| t.history.len())
            .max()
            .unwrap_or(0);
        if !report.has_history || deepest == 0 {
            return Err(format!(
                "--baseline {}: no history was found for this launch, so there is no previous run to compare with",
                describe_run(n)
            ));
        }
        let indexed = report
            .tests
            .iter()
            .any(|t| t.history.iter().any(|h| h.run.is_some()));
        let index = run_index(&report.runs, n);
        let mut notes = Vec::new();
        if indexed && index.is_none() {
            return Err(format!(
                "--baseline {}: the history has only {}",
                describe_run(n),
                plural_runs(report.runs.len())
            ));
        }
        if !indexed {
            if n > deepest {
                return Err(format!(
                    "--baseline {}: the history has at most {} of any test",
                    describe_run(n),
                    plural_runs(deepest)
                ));
            }
            notes.push(format!(
                "the history does not tell its runs apart (Allure 2 history without report URLs): \
                 each test's {} previous result is taken as run {n}, exact only for tests \
                 that ran every time",
                ordinal(n)
            ));
        }
        let info = index.and_then(|i| report.runs.get(i)).cloned();
        let format = info
            .as_ref()
            .and_then(|r| r.format)
            .unwrap_or(HistoryFormat::Allure2);
        let lists_tests = listing.is_some();
        let tests = match listing {
            // The run's own line: every test it held, under the key Allure 3 gave it, matched
            // to the launch by every candidate key like any other baseline (history ties a
            // test to a line only by its Allure 3 candidates, so a test whose Allure 3 key
            // changed while its Allure 2 key did not would be neither matched nor removed).
            Some(listing) => listed_tests(listing),
            None => report
                .tests
                .iter()
                .enumerate()
                .filter_map(|(i, test)| {
                    let entry = entry_of(test, indexed, index, n)?;
                    Some(BaselineTest {
                        key: test.key.clone(),
                        keys: test.keys.clone(),
                        name: test.result.name.clone(),
                        full_name: test.result.full_name.clone(),
                        status: entry.status,
                        duration: entry.duration,
                        message: report.text(entry.message).map(Text::from),
                        trace: report.text(entry.trace).map(Text::from),
                        by_name: false,
                        current: Some(i as TestId),
                    })
                })
                .collect(),
        };
        if !lists_tests {
            notes.push(if format == HistoryFormat::Allure3 {
                "the run's history.jsonl line could not be read again, so removed tests cannot be named"
                    .to_owned()
            } else {
                "Allure 2 history keeps no test names and keeps the keys of deleted tests forever, \
                 so removed tests cannot be told"
                    .to_owned()
            });
        }
        let has_traces = format == HistoryFormat::Allure3;
        notes.push(if has_traces {
            "history keeps no steps: the Diff tab compares message, trace and duration".to_owned()
        } else {
            "Allure 2 history keeps no steps or traces: the Diff tab compares message and duration"
                .to_owned()
        });
        Ok(Baseline {
            origin: BaselineOrigin::Run { n, info },
            tests,
            report: None,
            lists_tests,
            has_steps: false,
            has_traces,
            notes,
        })
    }

    /// How the baseline is named for people: the path, or `run:2` / `previous`.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.origin {
            BaselineOrigin::Input { path, .. } => path.display().to_string(),
            BaselineOrigin::Run { n, .. } => describe_run(*n),
        }
    }
}

/// The tests of a history run's listing, by full name (a line keeps no order).
fn listed_tests(listing: RunListing) -> Vec<BaselineTest> {
    let mut listed = listing.tests;
    listed.sort_by(|a, b| (&a.full_name, &a.name, &a.key).cmp(&(&b.full_name, &b.name, &b.key)));
    listed
        .into_iter()
        .map(|listed| {
            let key = Text::from(listed.key);
            BaselineTest {
                name: Text::from(
                    listed
                        .name
                        .or_else(|| listed.full_name.clone())
                        .unwrap_or_else(|| key.to_string()),
                ),
                full_name: listed.full_name.map(Text::from),
                keys: TestKeys {
                    allure3: Some(key.clone()),
                    ..TestKeys::default()
                },
                key,
                status: listed.status,
                duration: listed.duration,
                message: listed.message.map(Text::from),
                trace: listed.trace.map(Text::from),
                by_name: false,
                current: None,
            }
        })
        .collect()
}

/// A test's entry for `run:n`: by run index when the history tells runs apart (`indexed`),
/// else its n-th newest entry.
fn entry_of(
    t: &crate::model::Test,
    indexed: bool,
    index: Option<usize>,
    n: usize,
) -> Option<&crate::model::HistoryEntry> {
    match (indexed, index) {
        (true, Some(index)) => t.history.iter().find(|h| h.run == Some(index as u32)),
        (true, None) => None,
        (false, _) => t.history.get(n - 1),
    }
}

/// `previous` or `run:N`.
#[must_use]
pub fn describe_run(n: usize) -> String {
    if n == 1 {
        "previous".to_owned()
    } else {
        format!("run:{n}")
    }
}

fn plural_runs(n: usize) -> String {
    if n == 1 {
        "1 run".to_owned()
    } else {
        format!("{n} runs")
    }
}

/// `newest`, `2nd newest`, …
fn ordinal(n: usize) -> String {
    match n {
        1 => "newest".to_owned(),
        2 => "2nd newest".to_owned(),
        3 => "3rd newest".to_owned(),
        n => format!("{n}th newest"),
    }
}

/// True for a result read from XML (`JUnit`, Allure 1): no Allure tool gives it an identity key of
/// its own, only its name.
#[must_use]
pub fn identity_is_name(file: &str) -> bool {
    let bytes = file.as_bytes();
    bytes.len() >= 4 && bytes[bytes.len() - 4..].eq_ignore_ascii_case(b".xml")
}
