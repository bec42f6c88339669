//! The data model: reading Allure results and history into a normalized [`Report`].
//!
//! Knows nothing about terminals: no ratatui or crossterm imports anywhere below this module.

pub mod attachment;
pub mod baseline;
pub mod categories;
pub mod clock;
pub mod convert;
pub mod dir_launch;
pub mod environment;
pub mod history;
pub mod history_find;
pub mod history_match;
mod history_merge;
pub mod identity;
pub mod inputs;
pub mod java_regex;
pub mod json_read;
pub mod launch;
pub mod load;
pub mod location_files;
pub mod parse;
pub mod readers;
pub mod report;
pub mod report_readers;
pub mod result;
pub mod retries;
pub mod source;
pub mod status;
pub mod testplan;
pub mod text;
pub mod tree;
pub mod warning;

pub use history::{HistoryEntry, HistoryFormat};
pub use history_match::{attach_history, read_history, HistoryBundle, HistoryInput};
pub use identity::TestKeys;
pub use load::{load_results, LoadError, LoadOptions, Phase, Progress};
pub use report::{Report, RunInfo, Test, TestId};
pub use result::{Attachment, AttachmentAccess, Parameter, ParameterMode, Step, TestResult};
pub use status::{Status, StatusCounts};
pub use text::{Interner, Text};
pub use warning::Warning;

/// Loads results and then history: the whole report, for headless use.
pub fn load_report(
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, LoadError> {
    let mut report = load_results(options, progress)?;
    attach_history(&mut report, options, progress);
    Ok(report)
}
