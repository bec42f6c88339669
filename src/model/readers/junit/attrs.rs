//! Attributes of a tag, borrowed from the document.
//!
//! A `&str` quick-xml reader hands out events that borrow from the document, but an event's
//! attribute iterator borrows from the event. Finding the tag's text in the document by address
//! gives attributes (and their values) that live as long as the document, so names and
//! classnames are not copied until a result is made, nor checked for UTF-8 again.
//! No terminal dependencies.

use std::borrow::Cow;

use quick_xml::events::BytesStart;

use super::super::limits::MAX_TEXT_BYTES;
use super::super::xml_text::attribute_value;

/// The attributes of one tag.
pub enum AttrSource<'d, 'e> {
    /// The tag's content (`name attr="…"`) as a slice of the document, and the name's length.
    Document(&'d str, usize),
    /// The event itself (an event that does not borrow from the document).
    Event(&'e BytesStart<'e>),
}

impl<'d, 'e> AttrSource<'d, 'e> {
    /// The attributes of `start`, an event of a reader over `document`.
    pub fn of(document: &'d str, start: &'e BytesStart<'e>) -> AttrSource<'d, 'e> {
        let content: &[u8] = start;
        match slice_of(document, content) {
            Some(slice) => AttrSource::Document(slice, start.name().as_ref().len()),
            None => AttrSource::Event(start),
        }
    }

    /// Calls `f` with each (local name, decoded value); malformed attributes are skipped.
    /// Returns true when a value kept an entity as written (one the document declares: DTD
    /// entities are never expanded), for the reader's warning.
    pub fn for_each(&self, mut f: impl FnMut(&[u8], Cow<'d, str>)) -> bool {
        let mut unknown_entity = false;
        let mut decode = |raw: &[u8]| {
            let (value, unknown) = attribute_value(raw);
            unknown_entity |= unknown;
            Cow::Owned(value.into_owned())
        };
        match self {
            AttrSource::Document(content, name_len) => {
                let mut rest = content.get(*name_len..).unwrap_or_default();
                while let Some((key, raw, after)) = next_attribute(rest) {
                    rest = after;
                    let value = if raw.len() > MAX_TEXT_BYTES || needs_decoding(raw) {
                        decode(raw.as_bytes())
                    } else {
                        Cow::Borrowed(raw)
                    };
                    let local = key.rsplit_once(':').map_or(key, |(_, local)| local);
                    f(local.as_bytes(), value);
                }
            }
            AttrSource::Event(start) => {
                for attr in start.attributes().with_checks(false).flatten() {
                    let value = decode(&attr.value);
                    f(attr.key.local_name().as_ref(), value);
                }
            }
        }
        unknown_entity
    }

    /// The value of one attribute.
    pub fn get(&self, wanted: &[u8]) -> Option<Cow<'d, str>> {
        let mut found = None;
        self.for_each(|key, value| {
            if key == wanted && found.is_none() {
                found = Some(value);
            }
        });
        found
    }
}

/// The next `name="value"` (or `'value'`) of a tag's attribute text: name, raw value, and what
/// follows. `None` at the end or at anything malformed (the rest is ignored, as a lenient
/// reader may). A few byte scans instead of quick-xml's general iterator: attributes are most of
/// what a `JUnit` file's test cases hold. Every index it cuts at is an ASCII byte, so a
/// character boundary.
fn next_attribute(text: &str) -> Option<(&str, &str, &str)> {
    let bytes = text.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let name_start = skip_space(0);
    let name_end = name_start
        + bytes[name_start..]
            .iter()
            .position(|&b| b == b'=' || b.is_ascii_whitespace())?;
    let equals = skip_space(name_end);
    if bytes.get(equals) != Some(&b'=') {
        return None;
    }
    let open = skip_space(equals + 1);
    let quote = *bytes.get(open).filter(|q| **q == b'"' || **q == b'\'')?;
    let close = open + 1 + memchr::memchr(quote, &bytes[open + 1..])?;
    (name_end > name_start).then(|| {
        (
            &text[name_start..name_end],
            &text[open + 1..close],
            &text[close + 1..],
        )
    })
}

/// True when an attribute value needs decoding: a reference, or whitespace XML normalizes.
fn needs_decoding(raw: &str) -> bool {
    raw.bytes()
        .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
}

/// `part` as a slice of `whole`, when it lies inside it (found by address) at character
/// boundaries; long values are left to the capped decoder.
fn slice_of<'d>(whole: &'d str, part: &[u8]) -> Option<&'d str> {
    if part.len() > MAX_TEXT_BYTES {
        return None;
    }
    let offset = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    let slice = whole.get(offset..offset.checked_add(part.len())?)?;
    (slice.as_ptr() == part.as_ptr()).then_some(slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    #[test]
    fn attributes_are_split_as_xml_writes_them() {
        assert_eq!(
            next_attribute(" a = \"1\"\tb='x \"y\"' "),
            Some(("a", "1", "\tb='x \"y\"' "))
        );
        assert_eq!(next_attribute("b='x \"y\"' "), Some(("b", "x \"y\"", " ")));
        for malformed in ["", "  ", "a", "a=", "a=1", "a=\"open", "=\"v\""] {
            assert_eq!(next_attribute(malformed), None, "{malformed}");
        }
    }

    #[test]
    fn values_borrow_from_the_document_unless_they_need_decoding() {
        let doc = r#"<testcase name="plain" classname="a &amp; b" x:time='1'/>"#;
        let mut reader = Reader::from_str(doc);
        let Ok(Event::Empty(start)) = reader.read_event() else {
            panic!("an empty tag");
        };
        let attrs = AttrSource::of(doc, &start);
        assert!(matches!(attrs, AttrSource::Document(..)));
        let mut seen = Vec::new();
        attrs.for_each(|k, v| seen.push((String::from_utf8_lossy(k).into_owned(), v)));
        assert!(matches!(seen[0].1, Cow::Borrowed("plain")));
        assert_eq!(seen[1].1, "a & b");
        assert_eq!(attrs.get(b"time").as_deref(), Some("1"));
        // An event that does not come from the document still works.
        let owned = start.into_owned();
        let attrs = AttrSource::of(doc, &owned);
        assert!(matches!(attrs, AttrSource::Event(_)));
        assert_eq!(attrs.get(b"classname").as_deref(), Some("a & b"));
    }
}
