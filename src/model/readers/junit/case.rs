//! One `<testcase>` as read, and the results it becomes: Allure 2's mapping
//! (`JunitXmlPlugin.parseTestCase`), plus the reruns Surefire writes inside it.
//!
//! - status: a `failure` child is failed, else `error` is broken, else `skipped` (or
//!   `status="notrun"`) is skipped, else passed; the message and trace come from the first of
//!   those elements (its `message` attribute and its text);
//! - `flakyFailure`/`flakyError` (Surefire: failed, then passed on a rerun) and
//!   `rerunFailure`/`rerunError` (failed on every rerun) are earlier attempts, failed or broken,
//!   each with its own message, `stackTrace` and output. Allure 2 turns only the `rerun*` ones
//!   into retries (allure2#3427); the shown attempt is the test case's own outcome either way;
//! - the lines of the first `system-out` are steps (as Allure 2; blank lines dropped, at most
//!   `MAX_LOG_STEPS`, `logs.rs`); the whole `system-out` and `system-err` are also inline text
//!   attachments "System output" and "System error" (Allure 2 ignores `system-err`).
//!
//! No terminal dependencies.

use std::borrow::Cow;

use crate::model::result::{Parameter, ParameterMode, ResultBody, StatusDetails};
use crate::model::status::Status;
use crate::model::text::Text;

use super::super::logs::log_steps_and_attachments;
use super::super::xml_text::TextBuf;

/// Which outcome child: the order is Allure 2's precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    /// `<failure>`: failed.
    Failure = 0,
    /// `<error>`: broken.
    Error = 1,
    /// `<skipped>`: skipped.
    Skipped = 2,
}

/// The first `failure`, `error` or `skipped` child of its kind.
#[derive(Debug, Default)]
pub struct Outcome<'d> {
    /// `message` attribute.
    pub message: Option<Cow<'d, str>>,
    /// Text content.
    pub text: TextBuf,
}

/// A `flakyFailure`, `flakyError`, `rerunFailure` or `rerunError` child: an earlier attempt.
#[derive(Debug, Default)]
pub struct RerunDraft<'d> {
    /// From a `*Error` element (broken) rather than a `*Failure` (failed).
    pub error: bool,
    /// `message` attribute.
    pub message: Option<Cow<'d, str>>,
    /// `time` attribute, when the writer gives one.
    pub time: Option<Cow<'d, str>>,
    /// Text of its `stackTrace` child.
    pub stack_trace: TextBuf,
    /// Its own text (older writers put the trace there).
    pub text: TextBuf,
    /// Its `system-out`.
    pub out: TextBuf,
    /// Its `system-err`.
    pub err: TextBuf,
}

/// One `<testcase>` as read: its attributes, borrowed from the document, and what its children
/// said (boxed: most test cases have none).
#[derive(Debug, Default)]
pub struct CaseDraft<'d> {
    /// `name` attribute.
    pub name: Option<Cow<'d, str>>,
    /// `classname` attribute.
    pub classname: Option<Cow<'d, str>>,
    /// `time` attribute (seconds).
    pub time: Option<Cow<'d, str>>,
    /// `status="notrun"` (Allure 2 reads it as skipped).
    pub not_run: bool,
    /// Its position among the file's test cases (0-based).
    pub ordinal: usize,
    /// Its children, once it has any.
    pub extra: Option<Box<CaseExtra<'d>>>,
    /// Its display name and full name, made by [`CaseDraft::name_texts`] (on the scanning
    /// thread, which has less to do than the converting one).
    pub texts: Option<(Text, Option<Text>)>,
    /// The file ends inside it: without an outcome element read, its outcome is unknown.
    pub cut: bool,
}

/// The message of a test case the file ends inside, before any outcome of it.
pub const CUT_MESSAGE: &str =
    "The file ends inside this test case (cut off?): its outcome is not known";

/// What the children of a test case said.
#[derive(Debug, Default)]
pub struct CaseExtra<'d> {
    /// The first `failure`, `error` and `skipped` child, by [`OutcomeKind`].
    pub outcomes: [Option<Outcome<'d>>; 3],
    /// Rerun children in document order.
    pub reruns: Vec<RerunDraft<'d>>,
    /// `properties/property` name and value attributes.
    pub properties: Vec<(Cow<'d, str>, Option<Cow<'d, str>>)>,
    /// Every `system-out`, concatenated.
    pub out: TextBuf,
    /// Length of `out` after the first `system-out` (the one Allure 2 makes steps of).
    pub first_out_len: Option<usize>,
    /// Every `system-err`, concatenated.
    pub err: TextBuf,
}

/// What one attempt shows, before the identity parts shared by all attempts are added.
#[derive(Debug, Default)]
pub struct AttemptParts {
    /// Status.
    pub status: Status,
    /// Message and trace.
    pub details: StatusDetails,
    /// Duration in ms.
    pub duration: Option<i64>,
    /// Steps and attachments; `None` when there are none (the result gets the shared empty
    /// body).
    pub body: Option<ResultBody>,
}

impl CaseDraft<'_> {
    /// Makes the display name (`name`, else Allure 2's "Unknown test case") and the full name
    /// (`classname.name`, when both are given).
    pub fn name_texts(&mut self) {
        let full_name = match (&self.classname, &self.name) {
            (Some(class), Some(name)) => {
                let mut full = String::with_capacity(class.len() + 1 + name.len());
                full.push_str(class);
                full.push('.');
                full.push_str(name);
                Some(Text::from(full.as_str()))
            }
            _ => None,
        };
        // An empty name is no name: a blank row tells nothing.
        let name = self
            .name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map_or_else(|| Text::from("Unknown test case"), Text::from);
        self.texts = Some((name, full_name));
    }

    /// The outcome that decides status and message: the first failure, else error, else
    /// skipped.
    fn outcome(&self) -> Option<(OutcomeKind, &Outcome<'_>)> {
        let extra = self.extra.as_deref()?;
        [
            OutcomeKind::Failure,
            OutcomeKind::Error,
            OutcomeKind::Skipped,
        ]
        .into_iter()
        .find_map(|kind| extra.outcomes[kind as usize].as_ref().map(|o| (kind, o)))
    }

    /// True when the test case records an outcome other than a pass (an element or `notrun`).
    #[must_use]
    pub fn has_outcome(&self) -> bool {
        self.not_run || self.outcome().is_some()
    }

    /// Its reruns (Surefire children), in document order.
    #[must_use]
    pub fn reruns(&self) -> &[RerunDraft<'_>] {
        self.extra.as_deref().map_or(&[], |e| e.reruns.as_slice())
    }

    /// Its properties.
    #[must_use]
    pub fn properties(&self) -> &[(Cow<'_, str>, Option<Cow<'_, str>>)] {
        self.extra
            .as_deref()
            .map_or(&[], |e| e.properties.as_slice())
    }

    /// The case's own attempt: the shown one unless a later duplicate test case follows.
    #[must_use]
    pub fn own_attempt(&self, duration: Option<i64>, truncated: &mut bool) -> AttemptParts {
        let (status, details) = match self.outcome() {
            Some((kind, outcome)) => {
                *truncated |= outcome.text.truncated;
                (
                    match kind {
                        OutcomeKind::Failure => Status::Failed,
                        OutcomeKind::Error => Status::Broken,
                        OutcomeKind::Skipped => Status::Skipped,
                    },
                    StatusDetails {
                        message: outcome.message.as_deref().map(Text::from),
                        trace: outcome.text.non_blank().map(Text::from),
                        ..StatusDetails::default()
                    },
                )
            }
            None if self.not_run => (Status::Skipped, StatusDetails::default()),
            None if self.cut => (
                Status::Unknown,
                StatusDetails {
                    message: Some(Text::from(CUT_MESSAGE)),
                    ..StatusDetails::default()
                },
            ),
            None => (Status::Passed, StatusDetails::default()),
        };
        let body = self.extra.as_deref().and_then(|extra| {
            let first_out = &extra.out.text[..extra.first_out_len.unwrap_or(extra.out.text.len())];
            body_of(first_out, &extra.out, &extra.err, truncated)
        });
        AttemptParts {
            status,
            details,
            duration,
            body,
        }
    }
}

impl RerunDraft<'_> {
    /// The attempt this element records.
    #[must_use]
    pub fn attempt(&self, duration: Option<i64>, truncated: &mut bool) -> AttemptParts {
        let trace = self.stack_trace.non_blank().or(self.text.non_blank());
        *truncated |= self.stack_trace.truncated || self.text.truncated;
        AttemptParts {
            status: if self.error {
                Status::Broken
            } else {
                Status::Failed
            },
            details: StatusDetails {
                message: self.message.as_deref().map(Text::from),
                trace: trace.map(Text::from),
                ..StatusDetails::default()
            },
            duration,
            body: body_of(&self.out.text, &self.out, &self.err, truncated),
        }
    }
}

/// The parameters of a case: its properties, each (name, value) once (pytest repeats them on
/// every rerun; Allure 2.45+ de-duplicates them for identity too). Nameless ones are dropped.
#[must_use]
pub fn parameters(properties: &[(Cow<'_, str>, Option<Cow<'_, str>>)]) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = Vec::with_capacity(properties.len());
    for (name, value) in properties {
        if name.is_empty()
            || out
                .iter()
                .any(|p| p.name == name.as_ref() && p.value.as_deref() == value.as_deref())
        {
            continue;
        }
        out.push(Parameter {
            name: Text::from(name.as_ref()),
            value: value.as_deref().map(Text::from),
            excluded: false,
            mode: ParameterMode::Default,
        });
    }
    out
}

/// Steps from the lines of `steps_from` and the two logs as attachments; `None` when there are
/// neither.
fn body_of(
    steps_from: &str,
    out: &TextBuf,
    err: &TextBuf,
    truncated: &mut bool,
) -> Option<ResultBody> {
    *truncated |= out.truncated || err.truncated;
    let (steps, attachments) =
        log_steps_and_attachments(steps_from, Some(&out.text), Some(&err.text));
    (!steps.is_empty() || !attachments.is_empty()).then(|| ResultBody {
        steps,
        attachments,
        ..ResultBody::default()
    })
}
