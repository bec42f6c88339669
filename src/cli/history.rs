//! `history` subcommands: append, convert, show.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};

/// `history` options.
#[derive(Debug, ClapArgs)]
pub struct HistoryArgs {
    /// What to do with history.
    #[command(subcommand)]
    pub command: HistoryCommand,
}

/// `history` subcommands.
#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Append this launch to a history: PATH ending in .jsonl is Allure 3's history.jsonl,
    /// anything else an Allure 2 history/ directory (created when missing).
    ///
    /// Give every results directory of one build (all shards of a matrix) in one call: they are
    /// one launch. A launch already in the history is refused unless --force. The global
    /// --history-limit N keeps the newest N runs.
    Append(HistoryAppendArgs),
    /// Convert a history between formats (by the paths' form), re-keying old keys with
    /// --results.
    Convert(HistoryConvertArgs),
    /// Summarise a history: runs, tests, size, newest run.
    Show(HistoryShowArgs),
}

/// Where and how to write, shared by append and convert.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct WriteArgs {
    /// Write the result to this path instead (same format as the target).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Say what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `history append` options.
#[derive(Debug, ClapArgs)]
pub struct HistoryAppendArgs {
    /// Allure results directories of this launch (all shards of one build).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The history to append to: a .jsonl file or an Allure 2 history/ directory.
    #[arg(long, value_name = "PATH")]
    pub to: PathBuf,
    /// Output and dry run.
    #[command(flatten)]
    pub write: WriteArgs,
    /// Append even if this launch's results are already recorded (a retried CI step).
    #[arg(long)]
    pub force: bool,
    /// Drop tests that did not run in the newest N runs (this one included).
    #[arg(long, value_name = "N")]
    pub prune: Option<usize>,
    /// Report name of this run (Allure 3 `name`, default "Allure Report"; Allure 2 trend
    /// `reportName`, default executor.json's).
    #[arg(long, value_name = "NAME")]
    pub report_name: Option<String>,
    /// Report URL of this run (default: executor.json's reportUrl).
    #[arg(long, value_name = "URL")]
    pub report_url: Option<String>,
}

/// `history convert` options.
#[derive(Debug, ClapArgs)]
pub struct HistoryConvertArgs {
    /// The history to read: a .jsonl file or an Allure 2 history/ directory.
    pub from: PathBuf,
    /// The history to write (its form picks the format); refused if it exists, unless it is
    /// FROM itself (re-keying in place).
    #[arg(long, value_name = "PATH")]
    pub to: PathBuf,
    /// Results whose tests map old keys (raw historyId, the other version's key) to new ones,
    /// and give names, labels and categories.
    #[arg(long, value_name = "DIR", num_args = 1..)]
    pub results: Vec<PathBuf>,
    /// Dry run (and -o is accepted as --to's alias here).
    #[arg(long)]
    pub dry_run: bool,
}

/// `history show` options.
#[derive(Debug, ClapArgs)]
pub struct HistoryShowArgs {
    /// A history.jsonl or an Allure 2 history/ directory.
    pub path: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}
