//! Normalized test results, steps, fixtures and attachment references.
//!
//! These are what one `*-result.json` means after lenient parsing. Text is kept raw (it is
//! untrusted); the UI and summary sanitize it when they print it. No terminal dependencies.

use std::sync::Arc;

use super::status::Status;
use super::text::Text;

/// `statusDetails` of a result or step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusDetails {
    /// The failure message.
    pub message: Option<Text>,
    /// The stack trace.
    pub trace: Option<Text>,
    /// Marked as a known issue by the adapter.
    pub known: bool,
    /// Marked as muted by the adapter.
    pub muted: bool,
    /// Marked flaky by the adapter (Allure's flaky rule honours it).
    pub flaky: bool,
    /// Actual value of a failed assertion (for a diff).
    pub actual: Option<Text>,
    /// Expected value of a failed assertion (for a diff).
    pub expected: Option<Text>,
}

/// A `{name, value}` label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Label name, e.g. `suite`, `severity`.
    pub name: Text,
    /// Label value.
    pub value: Text,
}

/// A link of a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Display name (may be absent).
    pub name: Option<Text>,
    /// Target URL.
    pub url: Text,
    /// `link`, `issue`, `tms` or anything an adapter wrote.
    pub kind: Option<Text>,
}

/// How a parameter is displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParameterMode {
    /// Shown as is.
    #[default]
    Default,
    /// Shown as `******`.
    Masked,
    /// Not shown (still part of the identity).
    Hidden,
}

/// A test or step parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// Parameter name.
    pub name: Text,
    /// Parameter value; `None` when the JSON value was null or missing.
    pub value: Option<Text>,
    /// Displayed but left out of the identity hash.
    pub excluded: bool,
    /// Display mode.
    pub mode: ParameterMode,
}

/// Whether an attachment's file may be read, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentAccess {
    /// A regular file inside the results directory.
    Readable,
    /// The reference has no `source`.
    NoSource,
    /// `source` names no file in the results directory.
    Missing,
    /// `source` is not a plain file name, or the file is not a regular file (e.g. a symlink).
    Unsafe(String),
}

/// An attachment reference of a result, step or fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Display name.
    pub name: Option<Text>,
    /// File name inside the results directory.
    pub source: Option<Text>,
    /// MIME type as written by the adapter.
    pub mime: Option<Text>,
    /// Size as declared by the adapter (allure-js sets it).
    pub declared_size: Option<u64>,
    /// Size of the file on disk, when readable.
    pub file_size: Option<u64>,
    /// Whether the file may be read.
    pub access: AttachmentAccess,
}

/// A step or fixture: nested actions with their own status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Step {
    /// Step name.
    pub name: Text,
    /// Step status.
    pub status: Status,
    /// Step status details.
    pub details: StatusDetails,
    /// Start, epoch ms.
    pub start: Option<i64>,
    /// Stop, epoch ms.
    pub stop: Option<i64>,
    /// Step parameters.
    pub parameters: Vec<Parameter>,
    /// Attachments of this step.
    pub attachments: Vec<Attachment>,
    /// Nested steps.
    pub steps: Vec<Step>,
}

impl Step {
    /// Duration in ms, clamped at 0 like Allure 3 does.
    #[must_use]
    pub fn duration(&self) -> Option<i64> {
        duration_of(self.start, self.stop)
    }
}

/// The fixtures of one `*-container.json`: setup and teardown for the results it names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerFixtures {
    /// uuids of the results the fixtures belong to.
    pub children: Vec<Text>,
    /// Setup fixtures.
    pub befores: Vec<Step>,
    /// Teardown fixtures.
    pub afters: Vec<Step>,
}

/// Duration from start/stop, clamping `stop < start` to 0 (Allure 3).
#[must_use]
pub fn duration_of(start: Option<i64>, stop: Option<i64>) -> Option<i64> {
    match (start, stop) {
        (Some(a), Some(b)) => Some((b - a).max(0)),
        _ => None,
    }
}

/// The first non-blank line of a text, trimmed: how messages are shown on one line.
#[must_use]
pub fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|l| !l.is_empty())
}

/// One `*-result.json`: a single attempt of a test.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestResult {
    /// File name the result was read from.
    pub file: Text,
    /// Index of the results directory it came from.
    pub dir: u16,
    /// Result uuid.
    pub uuid: Option<Text>,
    /// Adapter-computed history id (kept as a history-matching candidate).
    pub history_id: Option<Text>,
    /// Adapter test-case id.
    pub test_case_id: Option<Text>,
    /// Fully qualified name.
    pub full_name: Option<Text>,
    /// Display name (falls back to fullName, then "Unknown test").
    pub name: Text,
    /// A3 title path (file path + describe blocks).
    pub title_path: Vec<Text>,
    /// Status.
    pub status: Status,
    /// Status details.
    pub details: StatusDetails,
    /// Lifecycle stage (unused by Allure's generators).
    pub stage: Option<Text>,
    /// Start, epoch ms.
    pub start: Option<i64>,
    /// Stop, epoch ms.
    pub stop: Option<i64>,
    /// Labels.
    pub labels: Vec<Label>,
    /// Links.
    pub links: Vec<Link>,
    /// Parameters.
    pub parameters: Vec<Parameter>,
    /// Nested steps.
    pub steps: Vec<Step>,
    /// Test-level attachments.
    pub attachments: Vec<Attachment>,
    /// Markdown / plain description.
    pub description: Option<Text>,
    /// HTML description.
    pub description_html: Option<Text>,
    /// Setup fixtures from containers, sorted by start (shared with the other results of the
    /// container).
    pub befores: Arc<[Step]>,
    /// Teardown fixtures from containers, sorted by start.
    pub afters: Arc<[Step]>,
}

impl TestResult {
    /// Duration in ms (clamped at 0).
    #[must_use]
    pub fn duration(&self) -> Option<i64> {
        duration_of(self.start, self.stop)
    }

    /// The first value of a label, if any.
    #[must_use]
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.value.as_str())
    }

    /// Every value of a label, in file order.
    pub fn label_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.labels
            .iter()
            .filter(move |l| l.name == name)
            .map(|l| l.value.as_str())
    }

    /// The name used for selectors and sorting: fullName, else name.
    #[must_use]
    pub fn full_name_or_name(&self) -> &str {
        self.full_name.as_deref().unwrap_or(&self.name)
    }

    /// Every attachment of the result: its own, its steps' and its fixtures', in display order
    /// (setup, test, steps depth-first, teardown).
    #[must_use]
    pub fn all_attachments(&self) -> Vec<&Attachment> {
        fn walk<'a>(steps: &'a [Step], out: &mut Vec<&'a Attachment>) {
            for step in steps {
                out.extend(step.attachments.iter());
                walk(&step.steps, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.befores, &mut out);
        out.extend(self.attachments.iter());
        walk(&self.steps, &mut out);
        walk(&self.afters, &mut out);
        out
    }
}
