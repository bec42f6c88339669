//! The attachment viewer: sanitized text lines, scroll and in-viewer search.

use crate::model::attachment::AttachmentBody;
use crate::sanitize::sanitize_block;

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
                "{} · {} bytes · binary content is not shown",
                mime.unwrap_or("unknown type"),
                body.total
            ));
            return viewer;
        }
        let raw = String::from_utf8_lossy(&body.bytes);
        let pretty = mime
            .filter(|m| m.contains("json"))
            .and_then(|_| serde_json::from_str::<serde_json::Value>(&raw).ok())
            .and_then(|v| serde_json::to_string_pretty(&v).ok());
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
