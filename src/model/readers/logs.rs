//! A test's console output as Allure 2 shows it from a `JUnit` `system-out` or a TRX `StdOut`:
//! its lines as steps, and (ours) the whole logs as inline text attachments. Shared by the
//! `JUnit` and TRX readers. No terminal dependencies.

use std::sync::Arc;

use super::limits::MAX_LOG_STEPS;
use crate::model::result::{Attachment, AttachmentAccess, InlineData, Step};
use crate::model::text::Text;

/// Steps from the non-blank lines of `steps_from` (at most [`MAX_LOG_STEPS`], then one step
/// saying how many more), and the non-blank logs as inline attachments "System output" and
/// "System error".
#[must_use]
pub fn log_steps_and_attachments(
    steps_from: &str,
    out: Option<&str>,
    err: Option<&str>,
) -> (Vec<Step>, Vec<Attachment>) {
    let mut lines = steps_from.lines().filter(|l| !l.trim().is_empty());
    let mut steps: Vec<Step> = lines
        .by_ref()
        .take(MAX_LOG_STEPS)
        .map(|line| Step {
            name: Text::from(line),
            ..Step::default()
        })
        .collect();
    let more = lines.count();
    if more > 0 {
        steps.push(Step {
            name: Text::from(format!(
                "… {more} more lines: see the System output attachment"
            )),
            ..Step::default()
        });
    }
    let attachments = [("System output", out), ("System error", err)]
        .into_iter()
        .filter_map(|(name, log)| {
            log.filter(|l| !l.trim().is_empty())
                .map(|text| inline_text(name, text))
        })
        .collect();
    (steps, attachments)
}

/// An inline `text/plain` attachment.
#[must_use]
pub fn inline_text(name: &str, text: &str) -> Attachment {
    let bytes: Arc<[u8]> = Arc::from(text.as_bytes());
    Attachment {
        name: Some(Text::from(name)),
        source: None,
        mime: Some(Text::from("text/plain")),
        declared_size: None,
        file_size: Some(bytes.len() as u64),
        access: AttachmentAccess::Inline(InlineData(bytes)),
    }
}
