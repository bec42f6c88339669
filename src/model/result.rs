//! Normalized test results, steps, fixtures and attachment references.
//!
//! These are what one `*-result.json` means after lenient parsing. Text is kept raw (it is
//! untrusted); the UI and summary sanitize it when they print it. No terminal dependencies.

use std::sync::{Arc, OnceLock};

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
    /// The bytes are carried by the input itself, not by a file: a Cucumber JSON embedding
    /// (base64-decoded when read), a data table or doc string, or a `JUnit` `system-out`. Such an
    /// attachment has no `source`; its `file_size` is the length of the bytes.
    Inline(InlineData),
}

/// The bytes of an inline attachment (see [`AttachmentAccess::Inline`]), shared by clones.
#[derive(Clone, PartialEq, Eq)]
pub struct InlineData(pub Arc<[u8]>);

/// Shows the length only: inline bodies can be megabytes of screenshot.
impl std::fmt::Debug for InlineData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "InlineData({} bytes)", self.0.len())
    }
}

impl InlineData {
    /// The bytes.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
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

impl Attachment {
    /// The bytes of an inline attachment (see [`AttachmentAccess::Inline`]); `None` for one
    /// that names a file. Whoever opens attachments serves these from memory.
    #[must_use]
    pub fn inline_bytes(&self) -> Option<&[u8]> {
        match &self.access {
            AttachmentAccess::Inline(data) => Some(data.bytes()),
            _ => None,
        }
    }
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
    /// Duration in ms when the input gives one without start/stop (Cucumber JSON steps without
    /// a scenario start); start/stop win when both are known.
    pub duration: Option<i64>,
    /// Step parameters.
    pub parameters: Vec<Parameter>,
    /// Attachments of this step.
    pub attachments: Vec<Attachment>,
    /// Nested steps.
    pub steps: Vec<Step>,
}

impl Step {
    /// Duration in ms, clamped at 0 like Allure 3 does; else the duration the input gave alone.
    #[must_use]
    pub fn duration(&self) -> Option<i64> {
        duration_of(self.start, self.stop).or(self.duration)
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

/// Calls `f` on every attachment of a list and of the steps below, depth first.
pub fn for_each_attachment(
    attachments: &mut [Attachment],
    steps: &mut [Step],
    f: &mut dyn FnMut(&mut Attachment),
) {
    attachments.iter_mut().for_each(&mut *f);
    for step in steps {
        for_each_attachment(&mut step.attachments, &mut step.steps, f);
    }
}

/// The first non-blank line of a text, trimmed: how messages are shown on one line.
#[must_use]
pub fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|l| !l.is_empty())
}

/// The parts of a result only its detail view needs: steps, attachments, links and
/// descriptions. They are read from the result's file on first use (see [`TestResult::body`]),
/// so loading 100k results parses none of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultBody {
    /// Nested steps.
    pub steps: Vec<Step>,
    /// Test-level attachments.
    pub attachments: Vec<Attachment>,
    /// Links.
    pub links: Vec<Link>,
    /// Markdown / plain description.
    pub description: Option<Text>,
    /// HTML description.
    pub description_html: Option<Text>,
    /// What was wrong with these parts of the file, one line per problem (read late, so they
    /// are not among the load warnings).
    pub issues: Vec<String>,
}

/// Where a result's file can be read again: a results directory, or an archive.
pub trait ResultFiles: Send + Sync {
    /// The bytes of one file of the results directory (a name from its own listing).
    fn read(&self, name: &str) -> std::io::Result<Vec<u8>>;
    /// Decides whether an attachment's `source` may be read, and records its size.
    fn check_access(&self, attachment: &mut Attachment);
    /// Reads up to `cap` bytes of an attachment, refusing anything outside the location.
    fn read_attachment(
        &self,
        attachment: &Attachment,
        cap: u64,
    ) -> Result<super::attachment::AttachmentBody, String>;
    /// A path on disk with the attachment's bytes, for a person's tools (a pager, an opener,
    /// a copy): the file itself, or one extracted into a private temporary directory.
    fn attachment_path(&self, attachment: &Attachment) -> Result<std::path::PathBuf, String>;
}

/// A result's [`ResultFiles`], if it has any (results built in memory have none).
#[derive(Clone, Default)]
pub struct Origin(pub Option<Arc<dyn ResultFiles>>);

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Origin(files)"
        } else {
            "Origin(none)"
        })
    }
}

impl Origin {
    /// Reads a file of the result's location by name (its own `*-result.json`, say), from a
    /// directory or an archive alike.
    pub fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        match &self.0 {
            Some(files) => files.read(name),
            None => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the result's files are unknown (built in memory)",
            )),
        }
    }

    /// Reads up to `cap` bytes of an attachment of this origin.
    pub fn read_attachment(
        &self,
        attachment: &Attachment,
        cap: u64,
    ) -> Result<super::attachment::AttachmentBody, String> {
        match &self.0 {
            Some(files) => files.read_attachment(attachment, cap),
            None => Err("the result's files are unknown (built in memory)".to_owned()),
        }
    }

    /// A path on disk with the attachment's bytes (see [`ResultFiles::attachment_path`]).
    pub fn attachment_path(&self, attachment: &Attachment) -> Result<std::path::PathBuf, String> {
        match &self.0 {
            Some(files) => files.attachment_path(attachment),
            None => Err("the result's files are unknown (built in memory)".to_owned()),
        }
    }
}

/// Origins never make two results different: they are where, not what.
impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Origin {}

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
    /// Duration in ms when the input gives one without start/stop (`JUnit` `time` in a suite
    /// without `timestamp`, Cucumber JSON without `start_timestamp`, Allure 3 reports); start/stop
    /// win when both are known.
    pub duration: Option<i64>,
    /// Labels.
    pub labels: Vec<Label>,
    /// Parameters (needed at load: they are part of the identity).
    pub parameters: Vec<Parameter>,
    /// Setup fixtures from containers, sorted by start (shared with the other results of the
    /// container).
    pub befores: Arc<[Step]>,
    /// Teardown fixtures from containers, sorted by start.
    pub afters: Arc<[Step]>,
    /// Where the file can be read again for its body.
    pub origin: Origin,
    /// The categories a generated report assigned (reports only): when set, they are the
    /// result's categories as that report shows them.
    pub report_categories: Option<Vec<Text>>,
    /// The previous runs a generated report shows for this result, newest first (reports
    /// only); merged with any history read, run by run.
    pub embedded_history: Vec<super::history::RawHistoryEntry>,
    /// Steps, attachments, links and descriptions, once read (see [`TestResult::body`]).
    pub lazy_body: LazyBody,
}

/// A result's body, read on first use and kept (shared by clones of the result).
#[derive(Debug, Clone, Default)]
pub struct LazyBody(OnceLock<Arc<ResultBody>>);

/// A cache of what the file says: whether it was read yet does not make two results differ
/// (compare [`TestResult::body`] for the content).
impl PartialEq for LazyBody {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for LazyBody {}

impl TestResult {
    /// Duration in ms (clamped at 0); else the duration the input gave alone.
    #[must_use]
    pub fn duration(&self) -> Option<i64> {
        duration_of(self.start, self.stop).or(self.duration)
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

    /// Steps, attachments, links and descriptions: read from the result's file on first use
    /// and kept. A file that cannot be read again gives an empty body whose `issues` say why.
    pub fn body(&self) -> &ResultBody {
        self.lazy_body.0.get_or_init(|| Arc::new(self.read_body()))
    }

    /// Sets the body (readers that parse everything at once, and results built in memory).
    pub fn set_body(&mut self, body: ResultBody) {
        self.lazy_body = LazyBody(OnceLock::from(Arc::new(body)));
    }

    /// Sets a body that other results share (a reader gives every result without steps or
    /// attachments one empty body instead of allocating one each).
    pub fn set_shared_body(&mut self, body: Arc<ResultBody>) {
        self.lazy_body = LazyBody(OnceLock::from(body));
    }

    /// This result with `body` set.
    #[must_use]
    pub fn with_body(mut self, body: ResultBody) -> TestResult {
        self.set_body(body);
        self
    }

    /// The body, when it is already read, for a reader to finish it in place (e.g. to check
    /// its attachments' access).
    pub fn body_mut(&mut self) -> Option<&mut ResultBody> {
        self.lazy_body.0.get_mut().map(Arc::make_mut)
    }

    fn read_body(&self) -> ResultBody {
        let Some(files) = &self.origin.0 else {
            return ResultBody::default();
        };
        let bytes = match files.read(&self.file) {
            Ok(bytes) => bytes,
            Err(e) => {
                return ResultBody {
                    issues: vec![format!("{}: cannot be read again: {e}", self.file)],
                    ..ResultBody::default()
                }
            }
        };
        let mut body = super::parse::parse_body(&bytes);
        let ResultBody {
            attachments, steps, ..
        } = &mut body;
        for_each_attachment(attachments, steps, &mut |a| files.check_access(a));
        body
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
        let body = self.body();
        walk(&self.befores, &mut out);
        out.extend(body.attachments.iter());
        walk(&body.steps, &mut out);
        walk(&self.afters, &mut out);
        out
    }
}
