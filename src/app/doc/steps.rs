//! Steps tab: setup fixtures, the test's nested steps and teardown fixtures as a tree.

use ratatui::text::{Line, Span};

use super::Doc;
use crate::app::detail::{step_at, step_rows, StepSection};
use crate::app::text::{format_duration, plural};
use crate::app::App;
use crate::model::{ParameterMode, Test};
use crate::sanitize::sanitize_line;
use crate::theme::Theme;

/// The Steps tab: a line per step row (the cursor's items), its message under a failed one. A
/// long step title continues under the title, not under the status mark.
#[must_use]
pub fn steps_doc(app: &App, test: &Test, theme: &Theme) -> Doc {
    let s = &app.symbols;
    let rows = step_rows(&test.result, &app.detail.collapsed_steps);
    if rows.is_empty() {
        return Doc::of(vec![Line::styled(
            "This test recorded no steps or fixtures.",
            theme.muted,
        )]);
    }
    let mut lines = Vec::with_capacity(rows.len());
    let mut items = Vec::with_capacity(rows.len());
    let mut hang = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(lines.len());
        let Some(step) = step_at(&test.result, row) else {
            lines.push(Line::raw(""));
            continue;
        };
        let indent = "  ".repeat(row.depth.min(40));
        // Indent, fold mark and space, status mark and space.
        hang.push((lines.len(), (indent.len() + 4) as u16));
        let glyph = if !row.has_children {
            " "
        } else if app
            .detail
            .collapsed_steps
            .contains(&crate::app::detail::collapse_key(row))
        {
            s.collapsed
        } else {
            s.expanded
        };
        let mut spans = vec![
            Span::raw(format!("{indent}{glyph} ")),
            Span::styled(
                format!("{} ", s.status(step.status)),
                theme.status(step.status),
            ),
        ];
        if row.depth == 0 {
            match row.section {
                StepSection::Setup => spans.push(Span::styled("setup: ", theme.muted)),
                StepSection::Teardown => spans.push(Span::styled("teardown: ", theme.muted)),
                StepSection::Body => {}
            }
        }
        // Allure draws a step that only wraps one attachment of the same name as that
        // attachment (allure2 PR #2107); so do we.
        if is_attachment_only(step) {
            let a = &step.attachments[0];
            spans.push(Span::styled("attachment ", theme.key));
            spans.push(Span::raw(sanitize_line(&step.name).into_owned()));
            let size = a
                .file_size
                .or(a.declared_size)
                .map_or_else(String::new, |b| {
                    format!(", {}", super::attachments::format_size(b))
                });
            spans.push(Span::styled(
                format!(
                    " ({}{size})",
                    sanitize_line(a.mime.as_deref().unwrap_or("unknown type"))
                ),
                theme.muted,
            ));
            lines.push(Line::from(spans));
            continue;
        }
        spans.push(Span::raw(sanitize_line(&step.name).into_owned()));
        let params: Vec<String> = step
            .parameters
            .iter()
            .filter(|p| p.mode != ParameterMode::Hidden)
            .map(|p| {
                let value = if p.mode == ParameterMode::Masked {
                    "******".to_owned()
                } else {
                    sanitize_line(p.value.as_deref().unwrap_or("null")).into_owned()
                };
                format!("{}={value}", sanitize_line(&p.name))
            })
            .collect();
        if !params.is_empty() {
            spans.push(Span::styled(
                format!(" ({})", params.join(", ")),
                theme.muted,
            ));
        }
        if !step.attachments.is_empty() {
            spans.push(Span::styled(
                format!(" [{}]", plural(step.attachments.len(), "attachment")),
                theme.key,
            ));
        }
        if let Some(d) = step.duration() {
            spans.push(Span::styled(
                format!("  {}", format_duration(d)),
                theme.muted,
            ));
        }
        lines.push(Line::from(spans));
        if let Some(message) = message_line(step) {
            lines.push(Line::styled(
                format!("{indent}    {}", sanitize_line(message)),
                theme.status(step.status),
            ));
        }
    }
    Doc {
        lines,
        hang,
        items,
        ..Doc::default()
    }
}

/// The message line drawn under a failed or broken step, if any (the same rule drives the
/// drawing and the cursor's line position).
fn message_line(step: &crate::model::Step) -> Option<&str> {
    if is_attachment_only(step) || !step.status.is_problem() {
        return None;
    }
    step.details
        .message
        .as_deref()
        .and_then(crate::model::result::first_line)
}

/// A step with no sub-steps and exactly one attachment of its own name.
fn is_attachment_only(step: &crate::model::Step) -> bool {
    step.steps.is_empty()
        && step.attachments.len() == 1
        && step.attachments[0].name.as_deref() == Some(step.name.as_str())
}
