//! Command-line interface (clap derive).

pub mod history;

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand};

use crate::analysis::Transition;
use crate::summary::{FailOn, Format};

/// `--version`: the package version and the git commit it was built from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("ALLURE_TUI_COMMIT"),
    ")"
);

/// A fast, keyboard-driven terminal UI for Allure test results.
///
/// With no path it opens ./allure-results, or, when there is none, a sample report built in
/// (the interactive browser only: `summary` and `testplan` then fail).
#[derive(Debug, Parser)]
#[command(
    name = "allure-tui",
    version = VERSION,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    /// What to do; the interactive browser when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Inputs, merged into one launch: allure-results directories, `.zip`/`.tar`/`.tar.gz`
    /// archives, generated Allure 2 or 3 reports, `JUnit` XML, Allure 1 and Cucumber JSON
    /// results, or a folder holding several of these.
    pub paths: Vec<PathBuf>,
    /// The command `r` runs to rerun the marked tests, as a program and its arguments (split
    /// like a shell would, but never run through one); it gets `ALLURE_TESTPLAN_PATH`.
    #[arg(long, env = "ALLURE_TUI_RERUN_CMD", value_name = "COMMAND")]
    pub rerun_cmd: Option<String>,
    /// The directory the rerun command runs in (default: the current one). The plan's
    /// selectors are the results' full names, which the test runner resolves from there.
    #[arg(long, env = "ALLURE_TUI_RERUN_CWD", value_name = "DIR")]
    pub rerun_cwd: Option<PathBuf>,
    /// Reload the results whenever files in the results directories change.
    #[arg(long)]
    pub watch: bool,
    /// What to compare with, and how failures are clustered.
    #[command(flatten)]
    pub compare: CompareArgs,
    /// Options shared by every command.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options shared by every command.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct CommonArgs {
    /// History to read: a history.jsonl (Allure 3) or a history/ directory (Allure 2); may be
    /// repeated, and is then the only history read. Without it each results directory's own:
    /// <results>/history.jsonl, else <results>/../history.jsonl, else ./history.jsonl or
    /// ./.allure/history.jsonl; and <results>/history/.
    #[arg(long, global = true, value_name = "PATH")]
    pub history: Vec<PathBuf>,
    /// Keep only the newest N previous runs of history.
    #[arg(long, global = true, value_name = "N")]
    pub history_limit: Option<usize>,
    /// Draw with ASCII only (also automatic when the locale is not UTF-8).
    #[arg(long, global = true)]
    pub ascii: bool,
    /// No colours (also when `NO_COLOR` is set).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Largest total of uncompressed bytes read from an archive (e.g. 16G, 500M; default
    /// 16G): entries past it are skipped with a warning.
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size)]
    pub archive_limit: Option<u64>,
    /// Largest uncompressed size of one archive entry (default 4G): bigger entries are skipped
    /// with a warning.
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size)]
    pub archive_entry_limit: Option<u64>,
}

/// A size in bytes: a number with an optional K, M, G or T suffix (powers of 1024; `KiB`,
/// `MB` and the like read the same).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a size (e.g. 500M, 16G)"))?;
    let shift = match unit
        .trim()
        .to_ascii_lowercase()
        .trim_end_matches(['b', 'i'])
    {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        _ => return Err(format!("\"{text}\": the unit is one of K, M, G, T")),
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("\"{text}\" is too large"))
}

/// A baseline to compare with, and how failures are clustered (the browser, `summary` and
/// `testplan`).
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct CompareArgs {
    /// Compare with B: another launch (any input the browser reads: a results directory, a
    /// generated Allure 2 or 3 report, `JUnit` XML, or an archive holding one), `previous` (the
    /// newest run of this launch's history) or `run:N` (run:1 is previous).
    /// The browser then opens on the Changes view; the summary gains its change sets.
    #[arg(long, value_name = "B")]
    pub baseline: Option<String>,
    /// Cluster failures by their signature and the innermost stack frame outside the test
    /// framework (default: the signature only: exception type and first message line).
    #[arg(long)]
    pub cluster_by_frame: bool,
}

impl CompareArgs {
    /// The parsed `--baseline`.
    pub fn baseline_spec(&self) -> Result<Option<crate::model::baseline::BaselineSpec>, String> {
        self.baseline
            .as_deref()
            .map(crate::model::baseline::BaselineSpec::parse)
            .transpose()
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a summary for CI logs and exit (text, markdown or json).
    Summary(SummaryArgs),
    /// Write an Allure testplan.json that reruns the selected tests (default: failed and broken).
    Testplan(TestplanArgs),
    /// Keep Allure history without Java or Node: append, convert, show.
    History(history::HistoryArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output.
    Man,
}

/// A status name for `--status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    /// Passed tests.
    Passed,
    /// Failed tests.
    Failed,
    /// Broken tests.
    Broken,
    /// Skipped tests.
    Skipped,
    /// Tests of unknown status.
    Unknown,
}

impl From<StatusArg> for crate::model::Status {
    fn from(status: StatusArg) -> Self {
        match status {
            StatusArg::Passed => crate::model::Status::Passed,
            StatusArg::Failed => crate::model::Status::Failed,
            StatusArg::Broken => crate::model::Status::Broken,
            StatusArg::Skipped => crate::model::Status::Skipped,
            StatusArg::Unknown => crate::model::Status::Unknown,
        }
    }
}

/// Test selection, the same as the TUI's filters (`f` and `/`); conditions combine with AND.
// Each condition is an on/off command-line flag; an enum would not read as flags do.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct SelectArgs {
    /// Only tests with one of these statuses (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STATUS")]
    pub status: Vec<StatusArg>,
    /// Only flaky tests (Allure's rule, or a retry flip / high flip rate).
    #[arg(long)]
    pub flaky: bool,
    /// Only tests with no previous run. The transition flags combine with OR among themselves.
    #[arg(long)]
    pub new: bool,
    /// Only tests failed now and not failed in their newest significant previous run.
    #[arg(long)]
    pub regressed: bool,
    /// Only tests broken now and not broken in their newest significant previous run.
    #[arg(long)]
    pub malfunctioned: bool,
    /// Only tests passing now that were failing before: with --baseline, failing in the
    /// baseline; without, Allure's `fixed` transition (not passed in the newest significant
    /// previous run).
    #[arg(long)]
    pub fixed: bool,
    /// Only failures that are new: with --baseline, failing now and absent from the baseline
    /// or not failing there; without, failing with the transition new, regressed or
    /// malfunctioned (against history).
    #[arg(long)]
    pub new_failures: bool,
    /// Only the tests of these failure clusters (ids as `summary` prints them; repeatable or
    /// comma-separated).
    #[arg(long = "cluster", value_delimiter = ',', value_name = "ID")]
    pub clusters: Vec<String>,
    /// Only tests matching QUERY, in the syntax of `/` in the TUI (space-separated terms that
    /// must all match; 'exact ^prefix suffix$ !not; owner: tag: severity: feature: label=value),
    /// except that every plain term must appear as it is (a substring, not a fuzzy match).
    #[arg(long, value_name = "QUERY")]
    pub grep: Option<String>,
}

impl SelectArgs {
    /// The selection these flags describe.
    #[must_use]
    pub fn selection(&self) -> crate::analysis::select::Selection {
        crate::analysis::select::Selection {
            statuses: self.status.iter().map(|s| (*s).into()).collect(),
            flaky: self.flaky,
            transitions: [
                (self.new, Transition::New),
                (self.regressed, Transition::Regressed),
                (self.malfunctioned, Transition::Malfunctioned),
                (self.fixed, Transition::Fixed),
            ]
            .into_iter()
            .filter_map(|(set, transition)| set.then_some(transition))
            .collect(),
            new_failures: self.new_failures,
            clusters: self.clusters.clone(),
            grep: self.grep.clone(),
        }
    }
}

/// `testplan` options.
#[derive(Debug, ClapArgs)]
pub struct TestplanArgs {
    /// Inputs, merged into one launch: allure-results directories, `.zip`/`.tar`/`.tar.gz`
    /// archives, generated Allure 2 or 3 reports, `JUnit` XML, Allure 1 and Cucumber JSON
    /// results, or a folder holding several of these.
    pub paths: Vec<PathBuf>,
    /// Which tests (default: failed and broken).
    #[command(flatten)]
    pub select: SelectArgs,
    /// A baseline for --new-failures and --fixed, and clustering for --cluster.
    #[command(flatten)]
    pub compare: CompareArgs,
    /// Where to write the plan (default, or `-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `summary` options.
#[derive(Debug, ClapArgs)]
pub struct SummaryArgs {
    /// Inputs, merged into one launch: allure-results directories, `.zip`/`.tar`/`.tar.gz`
    /// archives, generated Allure 2 or 3 reports, `JUnit` XML, Allure 1 and Cucumber JSON
    /// results, or a folder holding several of these.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with status 1 when any test matches one of these (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "WHAT")]
    pub fail_on: Vec<FailOn>,
    /// List (and in JSON, output) only the selected tests.
    #[command(flatten)]
    pub select: SelectArgs,
    /// A baseline to compare with, and clustering.
    #[command(flatten)]
    pub compare: CompareArgs,
    /// Write the summary to FILE, or `-` for standard output (github: default
    /// `$GITHUB_STEP_SUMMARY`, appended to).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also print CI annotations for failures on standard output.
    #[arg(long, value_enum, value_name = "CI")]
    pub annotations: Option<crate::summary::AnnotationsFor>,
}
