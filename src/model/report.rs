//! The normalized launch: tests (one per identity key, retries folded in), history runs,
//! launch metadata and load warnings, stored in plain vectors indexed by `u32` ids.
//!
//! No terminal dependencies.

use std::collections::HashMap;
use std::path::PathBuf;

use super::categories::CategoryRules;
use super::dir_launch::{DirLaunch, EnvironmentEntry};
use super::history::{HistoryEntry, HistoryFormat, HistorySearch, RunAggregate};
use super::identity::TestKeys;
use super::inputs::Location;
use super::launch::{Executor, Globals};
use super::result::{Origin, TestResult};
use super::text::Text;
use super::warning::Warning;

/// Index of a test in [`Report::tests`].
pub type TestId = u32;

/// One test of the launch: its shown result, its other attempts and its history.
#[derive(Debug, Clone)]
pub struct Test {
    /// Identity key (Allure 3's; see [`TestKeys::primary`]), or a per-file key when the result
    /// has no identity.
    pub key: Text,
    /// Every key the test may be known by in history.
    pub keys: TestKeys,
    /// The shown attempt: the latest start. Boxed: results move through the loader often.
    pub result: Box<TestResult>,
    /// Earlier attempts in this launch, oldest first. Not counted in statistics.
    pub retries: Vec<TestResult>,
    /// Previous runs, newest first. Never includes the current launch.
    pub history: Vec<HistoryEntry>,
}

impl Test {
    /// Every attempt, oldest first, the shown one last.
    pub fn attempts(&self) -> impl Iterator<Item = &TestResult> {
        self.retries
            .iter()
            .chain(std::iter::once(self.result.as_ref()))
    }
}

/// A previous run, as the trend and the History tab label it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// Launch or report name.
    pub name: Option<String>,
    /// When the run's report was made, epoch ms.
    pub timestamp: Option<i64>,
    /// Report URL.
    pub url: Option<String>,
    /// CI build order.
    pub build_order: Option<i64>,
    /// Source format.
    pub format: Option<HistoryFormat>,
    /// Whole-run aggregates.
    pub aggregate: RunAggregate,
}

/// Everything loaded for one launch.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The results directories, in command-line order.
    pub dirs: Vec<PathBuf>,
    /// Tests sorted by full name (then name, then key).
    pub tests: Vec<Test>,
    /// Previous runs, oldest first.
    pub runs: Vec<RunInfo>,
    /// Interned history messages and traces (see [`HistoryEntry::message`]).
    pub texts: Vec<String>,
    /// `categories.json` rules that apply (of the first directory that has one).
    pub categories: CategoryRules,
    /// `executor.json` of the launch (see [`super::dir_launch::merge_launches`]).
    pub executor: Option<Executor>,
    /// Environment keys with every value the directories gave, in first-seen order.
    pub environment: Vec<EnvironmentEntry>,
    /// What each results directory (in [`Report::dirs`] order) says about its launch.
    pub dir_launches: Vec<DirLaunch>,
    /// The places results were read from (in [`Report::dirs`] order): their source (a
    /// directory or an archive) and kind.
    pub locations: Vec<Location>,
    /// The files of each location, for attachments opened later (a result carries its own).
    pub origins: Vec<Origin>,
    /// What each given path was, one line each (`ci.zip: zip, 2 result directories`).
    pub inputs: Vec<super::inputs::InputRead>,
    /// Run-level errors and attachments from `*-globals.json`, with their directory index.
    pub globals: Vec<(u16, Globals)>,
    /// Every file that could not be read, or only partly.
    pub warnings: Vec<Warning>,
    /// Where history was looked for.
    pub history_search: HistorySearch,
    /// True once a history source was read (transitions and flaky need it).
    pub has_history: bool,
    /// Counts of files seen by kind.
    pub files: FileCounts,
    /// When the report was loaded, epoch ms: the "now" that decides which timestamps are
    /// plausible (see [`super::clock`]).
    pub loaded_at_ms: i64,
}

/// How many input files of each kind were seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileCounts {
    /// `*-result.json` files.
    pub results: usize,
    /// `*-container.json` files.
    pub containers: usize,
    /// `*-attachment*` files.
    pub attachments: usize,
    /// Result files that were unreadable.
    pub unreadable_results: usize,
    /// Files skipped because they were probably still being written (watch mode).
    pub pending: usize,
    /// `*.xml` reports read: `JUnit` (a `<testsuites>`/`<testsuite>` root), and TRX or
    /// xUnit.net v2 in an `*.xml` file.
    pub junit: usize,
    /// Allure 1 `*-testsuite.xml` / `*-testsuite.json` files read.
    pub allure1: usize,
    /// Cucumber JSON reports read.
    pub cucumber: usize,
    /// `*.trx` reports read.
    pub dotnet: usize,
}

impl Report {
    /// Why a load found no tests, for the one line that says so: what was looked for when a
    /// directory held nothing of Allure's, else the first warning (a malformed or empty file
    /// says why it gave no test), else nothing. Starts with ": " when not empty.
    #[must_use]
    pub fn why_no_tests(&self) -> String {
        if let Some(why) = self
            .warnings
            .iter()
            .find_map(|w| w.reason.split_once("skipped: ").map(|(_, why)| why))
        {
            return format!(": {why}");
        }
        match self.warnings.as_slice() {
            [] => String::new(),
            [only] => format!(": {}: {}", only.file, only.reason),
            [first, rest @ ..] => format!(
                ": {}: {} (and {} more warning{})",
                first.file,
                first.reason,
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
        }
    }

    /// A history text by index.
    #[must_use]
    pub fn text(&self, index: Option<u32>) -> Option<&str> {
        index
            .and_then(|i| self.texts.get(i as usize))
            .map(String::as_str)
    }

    /// The test with a given key.
    #[must_use]
    pub fn find(&self, key: &str) -> Option<TestId> {
        self.tests
            .iter()
            .position(|t| t.key == key)
            .map(|i| i as TestId)
    }

    /// The category rules for a result: those of its own directory (Allure 2 applies each
    /// directory's `categories.json` to its own results; a directory without one has only the
    /// defaults).
    #[must_use]
    pub fn categories_of(&self, result: &TestResult) -> &CategoryRules {
        match self.dir_launches.get(usize::from(result.dir)) {
            Some(launch) => launch.categories.as_ref().unwrap_or(&NO_CATEGORIES),
            None => &self.categories,
        }
    }

    /// The directory a result came from.
    #[must_use]
    pub fn dir_of(&self, result: &TestResult) -> Option<&PathBuf> {
        self.dirs.get(usize::from(result.dir))
    }
}

/// The rules of a directory without `categories.json`: only the failed/broken defaults.
static NO_CATEGORIES: CategoryRules = CategoryRules { rules: Vec::new() };

/// De-duplicates history texts so 50k tests x 20 runs of the same message cost one string.
#[derive(Debug, Default)]
pub struct TextInterner {
    index: HashMap<String, u32, foldhash::fast::RandomState>,
    texts: Vec<String>,
}

impl TextInterner {
    /// Interns a text and returns its index. A text seen before costs a lookup, no copy: a
    /// history repeats a failing test's multi-kilobyte trace run after run.
    pub fn intern(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.index.get(text) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.texts.push(text.to_owned());
        self.index.insert(text.to_owned(), i);
        i
    }

    /// Starts from existing texts (to extend a report's table).
    #[must_use]
    pub fn from_texts(texts: Vec<String>) -> TextInterner {
        let index = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        TextInterner { index, texts }
    }

    /// The interned texts, by index.
    #[must_use]
    pub fn into_texts(self) -> Vec<String> {
        self.texts
    }
}
