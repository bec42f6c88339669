//! The attachment viewer: sanitized text lines, scroll and in-viewer search.

use ratatui::text::{Line, Span};

use super::wrap::{wrap, Wrapped};
use crate::model::attachment::AttachmentBody;
use crate::sanitize::sanitize_block;
use crate::theme::Theme;

/// An open attachment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewerState {
    /// Title (attachment name and type).
    pub title: String,
    /// Sanitized lines; empty for binary content.
    pub lines: Vec<String>,
    /// Why there are no lines, or what was cut.
    pub note: Option<String>,
    /// First line shown.
    pub scroll: usize,
    /// Search query.
    pub query: String,
    /// True while typing the query.
    pub typing: bool,
    /// Lines that contain the query.
    pub matches: Vec<usize>,
    /// Index into `matches` of the current match.
    pub current: usize,
}

fn is_text_mime(mime: &str) -> bool {
    let mime = mime.to_ascii_lowercase();
    mime.starts_with("text/")
        || [
            "json",
            "xml",
            "javascript",
            "yaml",
            "csv",
            "x-sh",
            "sql",
            "uri-list",
            "x-ndjson",
        ]
        .iter()
        .any(|t| mime.contains(t))
}

impl ViewerState {
    /// Builds the viewer for a read attachment body.
    #[must_use]
    pub fn from_body(
        title: String,
        mime: Option<&str>,
        body: Result<AttachmentBody, String>,
    ) -> ViewerState {
        let mut viewer = ViewerState {
            title,
            ..ViewerState::default()
        };
        let body = match body {
            Ok(body) => body,
            Err(reason) => {
                viewer.note = Some(reason);
                return viewer;
            }
        };
        let declared_text = mime.is_some_and(is_text_mime);
        let text = std::str::from_utf8(&body.bytes).ok();
        let looks_text = text.is_some_and(|t| !t.contains('\0'));
        // Declared text is shown (lossily if need be); undeclared or generic types are shown when
        // they are valid UTF-8; images, video and the like only by their metadata.
        let media = mime.is_some_and(|m| {
            ["image/", "video/", "audio/", "font/"]
                .iter()
                .any(|p| m.starts_with(p))
        });
        if !(declared_text || (looks_text && !media)) {
            viewer.note = Some(format!(
                "{} | {} bytes | binary content is not shown",
                mime.unwrap_or("unknown type"),
                body.total
            ));
            return viewer;
        }
        let raw = String::from_utf8_lossy(&body.bytes);
        // JSON is re-indented from its source text: keys stay in the order they were written.
        let pretty = mime
            .filter(|m| m.contains("json"))
            .and_then(|_| super::json_indent::reindent(&raw));
        let text = pretty.as_deref().unwrap_or(&raw);
        viewer.lines = sanitize_block(text).lines().map(str::to_owned).collect();
        if body.truncated {
            viewer.note = Some(format!(
                "showing the first {} of {} bytes",
                body.bytes.len(),
                body.total
            ));
        }
        viewer
    }

    /// Recomputes matches for the query and jumps to the first one at or after the scroll.
    pub fn update_matches(&mut self) {
        let query = self.query.to_lowercase();
        self.matches = if query.is_empty() {
            Vec::new()
        } else {
            self.lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.to_lowercase().contains(&query))
                .map(|(i, _)| i)
                .collect()
        };
        self.current = self
            .matches
            .iter()
            .position(|&m| m >= self.scroll)
            .unwrap_or(0);
        if let Some(&line) = self.matches.get(self.current) {
            self.scroll = line;
        }
    }

    /// Moves to the next (`forward`) or previous match.
    pub fn step_match(&mut self, forward: bool) {
        if self.matches.is_empty() {
            return;
        }
        let n = self.matches.len();
        self.current = if forward {
            (self.current + 1) % n
        } else {
            (self.current + n - 1) % n
        };
        self.scroll = self.matches[self.current];
    }
}

impl ViewerState {
    /// Columns of the line-number gutter.
    #[must_use]
    pub fn gutter(&self) -> usize {
        self.lines.len().to_string().len()
    }

    /// Line `i` as drawn: its number in the gutter, then the text with search matches
    /// highlighted.
    #[must_use]
    pub fn line(&self, i: usize, theme: &Theme) -> Line<'static> {
        let gutter = self.gutter();
        let mut spans = vec![Span::styled(format!("{:>gutter$} ", i + 1), theme.muted)];
        spans.extend(highlight_matches(
            self.lines.get(i).map_or("", String::as_str),
            &self.query.to_lowercase(),
            theme,
        ));
        Line::from(spans)
    }

    /// Line `i` laid out at a width: continuation rows start after the gutter.
    #[must_use]
    pub fn wrap_line(&self, i: usize, width: u16, theme: &Theme) -> (Line<'static>, Wrapped) {
        let line = self.line(i, theme);
        let hang = self.gutter() as u16 + 1;
        let wrapped = wrap(std::slice::from_ref(&line), &|_| Some(hang), width);
        (line, wrapped)
    }

    /// The note (why the attachment is not shown, or that it was cut) laid out at a width: it
    /// wraps like the text, so a long reason is read to its end.
    #[must_use]
    pub fn note_layout(&self, width: u16) -> Option<(Line<'static>, Wrapped)> {
        let note = Line::raw(self.note.clone()?);
        let wrapped = wrap(std::slice::from_ref(&note), &|_| None, width);
        Some((note, wrapped))
    }

    /// Rows of text under the note.
    #[must_use]
    pub fn text_rows(&self, width: u16, height: usize) -> usize {
        let note = self.note_layout(width).map_or(0, |(_, w)| w.rows.len());
        height.saturating_sub(note)
    }

    /// The largest first line that still fills the pane, so the last page ends with the last
    /// line however long the lines wrap. Only the lines of the last page are laid out.
    #[must_use]
    pub fn last_scroll(&self, width: u16, height: usize) -> usize {
        let height = self.text_rows(width, height).max(1);
        let theme = Theme::monochrome();
        let mut rows = 0;
        for i in (0..self.lines.len()).rev() {
            rows += self.wrap_line(i, width, &theme).1.rows.len();
            if rows > height {
                return i + 1;
            }
        }
        0
    }
}

/// Splits a line into spans with the (case-insensitive) query occurrences highlighted.
fn highlight_matches(text: &str, query: &str, theme: &Theme) -> Vec<Span<'static>> {
    if query.is_empty() {
        return vec![Span::raw(text.to_owned())];
    }
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; then highlight nothing rather than
    // slicing at the wrong place.
    if lower.len() != text.len() {
        return vec![Span::raw(text.to_owned())];
    }
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find(query) {
        let start = at + found;
        let end = start + query.len();
        if start > at {
            spans.push(Span::raw(text[at..start].to_owned()));
        }
        spans.push(Span::styled(text[start..end].to_owned(), theme.matched));
        at = end;
    }
    if at < text.len() {
        spans.push(Span::raw(text[at..].to_owned()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unnecessary_wraps)]
    fn body(bytes: &[u8]) -> Result<AttachmentBody, String> {
        Ok(AttachmentBody {
            bytes: bytes.to_vec(),
            total: bytes.len() as u64,
            truncated: false,
        })
    }

    #[test]
    fn json_keeps_its_key_order() {
        let v = ViewerState::from_body(
            "x".into(),
            Some("application/json"),
            body(br#"{"zulu":1,"alpha":2}"#),
        );
        assert_eq!(v.lines, ["{", r#"  "zulu": 1,"#, r#"  "alpha": 2"#, "}"]);
    }

    #[test]
    fn json_is_pretty_printed() {
        let v = ViewerState::from_body(
            "x".into(),
            Some("application/json"),
            body(br#"{"a":[1,2]}"#),
        );
        assert_eq!(v.lines.len(), 6);
        assert_eq!(v.lines[1], r#"  "a": ["#);
    }

    #[test]
    fn text_is_sanitized() {
        let v = ViewerState::from_body(
            "x".into(),
            Some("text/plain"),
            body(b"ok\x1b]52;c;AAAA\x07\nline2\r\n"),
        );
        assert_eq!(v.lines, ["ok", "line2"]);
    }

    #[test]
    fn binary_shows_metadata_only() {
        let v = ViewerState::from_body("x".into(), Some("image/png"), body(b"\x89PNG\0\0"));
        assert!(v.lines.is_empty());
        assert!(v.note.unwrap().contains("binary"));
    }

    #[test]
    fn search_finds_lines_case_insensitively() {
        let mut v = ViewerState::from_body(
            "x".into(),
            Some("text/plain"),
            body(b"alpha\nBeta\ngamma beta"),
        );
        v.query = "beta".into();
        v.update_matches();
        assert_eq!(v.matches, [1, 2]);
        assert_eq!(v.scroll, 1);
        v.step_match(true);
        assert_eq!(v.scroll, 2);
        v.step_match(true);
        assert_eq!(v.scroll, 1);
    }
}
