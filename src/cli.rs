//! Command-line interface (clap derive).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand};

use crate::summary::{FailOn, Format};

/// A fast, keyboard-driven terminal UI for Allure test results.
///
/// With no path it opens ./allure-results, or, when there is none, a sample report built in.
#[derive(Debug, Parser)]
#[command(
    name = "allure-tui",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    /// What to do; the interactive browser when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Allure results directories, merged into one launch.
    pub paths: Vec<PathBuf>,
    /// Options shared by every command.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options shared by every command.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct CommonArgs {
    /// History to read: a history.jsonl (Allure 3) or a history/ directory (Allure 2).
    /// Without it: <results>/history.jsonl, <results>/../history.jsonl, ./history.jsonl,
    /// ./.allure/history.jsonl and <results>/history/.
    #[arg(long, global = true, value_name = "PATH")]
    pub history: Option<PathBuf>,
    /// Keep only the newest N previous runs of history.
    #[arg(long, global = true, value_name = "N")]
    pub history_limit: Option<usize>,
    /// Draw with ASCII only (also automatic when the locale is not UTF-8).
    #[arg(long, global = true)]
    pub ascii: bool,
    /// No colours (also when `NO_COLOR` is set).
    #[arg(long, global = true)]
    pub no_color: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a summary for CI logs and exit (text, markdown or json).
    Summary(SummaryArgs),
}

/// `summary` options.
#[derive(Debug, ClapArgs)]
pub struct SummaryArgs {
    /// Allure results directories, merged into one launch.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with status 1 when any test matches one of these (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "WHAT")]
    pub fail_on: Vec<FailOn>,
}
