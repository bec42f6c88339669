//! Text of untrusted XML: the document's encoding, character data, references and attribute
//! values, each decoded as an XML processor (Allure 2's Java DOM) would, and capped.
//!
//! Entities: the five predefined ones and character references are decoded (Allure 2 decodes
//! them; Allure 3 leaves them raw, which shows `&lt;` in messages). Entities a DTD declares are
//! never expanded (no "billion laughs"): they stay as written, with a note. No terminal
//! dependencies.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;

use super::limits::MAX_TEXT_BYTES;

/// The document as text: UTF-8 as is (a BOM dropped), UTF-16 with a BOM transcoded, and bytes
/// that are not UTF-8 read as ISO-8859-1 when the declaration names a single-byte encoding
/// (else replaced, with a note).
pub fn decode_document<'a>(bytes: &'a [u8], notes: &mut Vec<String>) -> Cow<'a, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest, notes);
    }
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((rest, unit)) = utf16 {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
        let text = String::from_utf16_lossy(&units);
        if text.contains('\u{FFFD}') {
            notes.push("invalid UTF-16 sequences were replaced".to_owned());
        }
        return Cow::Owned(text);
    }
    decode_utf8(bytes, notes)
}

fn decode_utf8<'a>(bytes: &'a [u8], notes: &mut Vec<String>) -> Cow<'a, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let single_byte = head.starts_with("<?xml")
        && [
            "iso-8859-1",
            "latin1",
            "latin-1",
            "windows-1252",
            "cp1252",
            "us-ascii",
        ]
        .iter()
        .any(|name| head.contains(name));
    if single_byte {
        return Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect());
    }
    notes.push("the file is not valid UTF-8; invalid bytes were replaced".to_owned());
    Cow::Owned(String::from_utf8_lossy(bytes).into_owned())
}

/// A text being gathered from several events, capped at [`MAX_TEXT_BYTES`].
#[derive(Debug, Default, Clone)]
pub struct TextBuf {
    /// The text so far.
    pub text: String,
    /// True once something was cut.
    pub truncated: bool,
}

impl TextBuf {
    /// Appends decoded text, cutting at the cap.
    pub fn push(&mut self, text: &str) {
        if self.truncated {
            return;
        }
        let room = MAX_TEXT_BYTES.saturating_sub(self.text.len());
        if text.len() <= room {
            self.text.push_str(text);
        } else {
            let mut end = room;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            self.text.push_str(&text[..end]);
            self.truncated = true;
        }
    }

    /// Appends raw character data (from a text event of a `&str` document), with XML's
    /// end-of-line handling: `\r\n` and a lone `\r` become `\n`. Never copies more than the cap,
    /// however long the text node.
    pub fn push_raw(&mut self, raw: &[u8]) {
        if self.truncated {
            return;
        }
        let room = MAX_TEXT_BYTES.saturating_sub(self.text.len());
        let mut end = raw.len().min(room);
        // Back off to the start of a UTF-8 sequence when cutting.
        while end < raw.len() && end > 0 && raw[end] & 0xC0 == 0x80 {
            end -= 1;
        }
        let text = String::from_utf8_lossy(&raw[..end]);
        if text.contains('\r') {
            self.push(&text.replace("\r\n", "\n").replace('\r', "\n"));
        } else {
            self.push(&text);
        }
        if end < raw.len() {
            self.truncated = true;
        }
    }

    /// The text, or `None` when it is empty or only whitespace.
    #[must_use]
    pub fn non_blank(&self) -> Option<&str> {
        (!self.text.trim().is_empty()).then_some(self.text.as_str())
    }
}

/// The local name of a document's root element, from its first 64 KiB at most, decoded as the
/// readers decode it (a BOM or UTF-16 is fine); `None` when there is none that early. How every
/// XML input kind is told apart (`JUnit`, TRX, xUnit.net).
#[must_use]
pub fn root_element(bytes: &[u8]) -> Option<Vec<u8>> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let mut notes = Vec::new();
    let text = decode_document(head, &mut notes);
    let mut reader = quick_xml::Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                return Some(e.local_name().as_ref().to_vec());
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// The replacement of a reference (`&name;` without the `&` and `;`): a predefined entity or a
/// character reference; `None` for anything else (kept as written by the caller).
#[must_use]
pub fn resolve_reference(name: &str) -> Option<Cow<'static, str>> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        }?;
        return char::from_u32(code)
            .filter(|c| *c != '\0')
            .map(|c| Cow::Owned(c.to_string()));
    }
    resolve_predefined_entity(name).map(Cow::Borrowed)
}

/// True when a character reference's replacement holds a character XML 1.0 forbids (`&#x1F;`:
/// controls other than tab and line breaks): Allure 2's parser rejects the whole file over
/// one; we read on and say so.
#[must_use]
pub fn has_forbidden_char(replacement: &str) -> bool {
    replacement
        .chars()
        .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
}

/// An attribute value as an XML processor reports it: references decoded, literal tabs and
/// line breaks turned into spaces (attribute-value normalization; `&#10;` stays a line break),
/// cut at [`MAX_TEXT_BYTES`]. The flag is true when an unknown entity was kept as written.
#[must_use]
pub fn attribute_value(raw: &[u8]) -> (Cow<'_, str>, bool) {
    let mut end = raw.len().min(MAX_TEXT_BYTES);
    while end < raw.len() && end > 0 && raw[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    let text = String::from_utf8_lossy(&raw[..end]);
    if !text.contains(['&', '\t', '\n', '\r']) {
        return (text, false);
    }
    let mut out = String::with_capacity(text.len());
    let mut unknown = false;
    let mut rest: &str = &text;
    while let Some(i) = rest.find(['&', '\t', '\n', '\r']) {
        out.push_str(&rest[..i]);
        let c = rest.as_bytes()[i];
        rest = &rest[i + 1..];
        if c == b'&' {
            let end = rest.find(';').filter(|&e| e <= 32);
            match end.and_then(|e| resolve_reference(&rest[..e]).map(|r| (e, r))) {
                Some((e, replacement)) => {
                    out.push_str(&replacement);
                    rest = &rest[e + 1..];
                }
                None => {
                    unknown = true;
                    out.push('&');
                }
            }
        } else {
            if c == b'\r' && rest.starts_with('\n') {
                rest = &rest[1..];
            }
            out.push(' ');
        }
    }
    out.push_str(rest);
    (Cow::Owned(out), unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_decode_references_and_normalize_white_space() {
        assert_eq!(
            attribute_value(b"a &lt; b&#10;c\td\r\ne &quot;&#x263A;&quot;"),
            ("a < b\nc d e \"\u{263A}\"".into(), false)
        );
        assert_eq!(
            attribute_value(b"&custom; & alone"),
            ("&custom; & alone".into(), true)
        );
        assert_eq!(attribute_value(b"&#0;"), ("&#0;".into(), true));
    }

    #[test]
    fn documents_in_other_encodings_are_transcoded() {
        let mut notes = Vec::new();
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a>é</a>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_document(&utf16, &mut notes), "<a>é</a>");
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>M\xFCnchen</a>";
        assert!(decode_document(latin1, &mut notes).ends_with("<a>München</a>"));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            decode_document(b"<a>\xFF</a>", &mut notes),
            "<a>\u{FFFD}</a>"
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(decode_document(b"\xEF\xBB\xBF<a/>", &mut notes), "<a/>");
    }

    #[test]
    fn text_is_capped_without_copying_the_whole_node() {
        let mut buf = TextBuf::default();
        let huge = vec![b'x'; MAX_TEXT_BYTES + 10];
        buf.push_raw(&huge);
        assert!(buf.truncated);
        assert_eq!(buf.text.len(), MAX_TEXT_BYTES);
        let mut crlf = TextBuf::default();
        crlf.push_raw(b"a\r\nb\rc");
        assert_eq!(crlf.text, "a\nb\nc");
        assert_eq!(crlf.non_blank(), Some("a\nb\nc"));
        assert_eq!(TextBuf::default().non_blank(), None);
    }
}
