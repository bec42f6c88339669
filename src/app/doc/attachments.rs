//! Attachments tab: every attachment of the test, its steps and fixtures.

use ratatui::text::{Line, Span};

use crate::app::detail::attachment_rows;
use crate::model::{AttachmentAccess, Test};
use crate::sanitize::sanitize_line;
use crate::theme::Theme;

/// Human-readable byte size.
#[must_use]
pub fn format_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Lines of the Attachments tab, and the line of each attachment (the cursor's items).
#[must_use]
pub fn attachment_lines(test: &Test, theme: &Theme) -> (Vec<Line<'static>>, Vec<usize>) {
    let rows = attachment_rows(&test.result);
    if rows.is_empty() {
        return (
            vec![Line::styled("This test has no attachments.", theme.muted)],
            Vec::new(),
        );
    }
    let mut lines = vec![Line::styled(
        "Enter opens one in the viewer (text, JSON in source order); o opens it outside, Ctrl-s saves it.",
        theme.muted,
    )];
    for row in &rows {
        let a = row.attachment;
        let name = a
            .name
            .as_deref()
            .or(a.source.as_deref())
            .unwrap_or("(unnamed)");
        let mime = a.mime.as_deref().unwrap_or("unknown type");
        let size = a
            .file_size
            .or(a.declared_size)
            .map_or_else(|| "-".to_owned(), format_size);
        let place = if row.context.is_empty() {
            row.section.to_owned()
        } else {
            format!("{}: {}", row.section, sanitize_line(row.context))
        };
        let mut spans = vec![
            Span::raw(format!("{}  ", sanitize_line(name))),
            Span::styled(format!("{}  {size}  ", sanitize_line(mime)), theme.muted),
            Span::styled(place, theme.muted),
        ];
        let problem = match &a.access {
            AttachmentAccess::Readable | AttachmentAccess::Inline(_) => None,
            AttachmentAccess::Missing => Some("  missing file".to_owned()),
            AttachmentAccess::NoSource => Some("  no source file".to_owned()),
            AttachmentAccess::Unsafe(why) => Some(format!("  refused: {why}")),
        };
        if let Some(problem) = problem {
            spans.push(Span::styled(problem, theme.warning));
        }
        lines.push(Line::from(spans));
    }
    let items = (1..=rows.len()).collect();
    (lines, items)
}
