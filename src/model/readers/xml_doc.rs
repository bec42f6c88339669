//! A small, bounded element tree of an untrusted XML document, for readers whose documents are
//! small enough to hold (Allure 1 test suites). Names are local (namespace prefixes dropped);
//! text is decoded (see `xml_text.rs`) and capped; nesting deeper than [`MAX_XML_DEPTH`] is
//! skipped and more than [`MAX_XML_ELEMENTS`] elements stop the read, each with a note. A
//! malformed document keeps what was read before the error. No terminal dependencies.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::limits::{MAX_XML_DEPTH, MAX_XML_ELEMENTS};
use super::xml_text::{attribute_value, has_forbidden_char, resolve_reference, TextBuf};

/// One element: its local name, attributes (local names, decoded values), its own text (not
/// its children's) and its child elements.
#[derive(Debug, Default, Clone)]
pub struct Element {
    /// Local name.
    pub name: String,
    /// Attributes in document order.
    pub attrs: Vec<(String, String)>,
    /// Character data directly inside the element.
    pub text: TextBuf,
    /// Child elements in document order.
    pub children: Vec<Element>,
}

impl Element {
    /// The value of an attribute.
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child of that name.
    #[must_use]
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The text of the first child of that name.
    #[must_use]
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.text.as_str())
    }

    /// Every child of that name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Decodes and parses a document whose root element must be `root`: its root element, or
/// `None` with an issue saying it is not `what` (`a TRX report`).
pub fn parse_rooted(
    bytes: &[u8],
    root: &str,
    what: &str,
    notes: &mut Vec<String>,
) -> Option<Element> {
    let text = super::xml_text::decode_document(bytes, notes);
    let Some(element) = parse_document(&text, notes) else {
        notes.push(format!("no root element: not {what}"));
        return None;
    };
    if element.name != root {
        notes.push(format!(
            "the root element is <{}>, not <{root}>: not {what}",
            element.name
        ));
        return None;
    }
    Some(element)
}

/// Parses a document into its root element (`None` when there is none), with notes on what was
/// skipped, cut or malformed.
pub fn parse_document(text: &str, notes: &mut Vec<String>) -> Option<Element> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut skipped_depth = 0usize;
    let mut elements = 0usize;
    let mut unknown_entity = false;
    let mut truncated = false;
    let mut too_deep = false;
    let mut forbidden = false;
    let mut malformed = false;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                notes.push(format!(
                    "malformed XML at byte {} ({err}); the rest of the file is ignored",
                    reader.error_position()
                ));
                malformed = true;
                break;
            }
        };
        if skipped_depth > 0 {
            match event {
                Event::Start(_) => skipped_depth += 1,
                Event::End(_) => skipped_depth -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(_) | Event::Empty(_) if elements >= MAX_XML_ELEMENTS => {
                notes.push(format!(
                    "more than {MAX_XML_ELEMENTS} elements; the rest of the file is ignored"
                ));
                break;
            }
            Event::Start(_) | Event::Empty(_) if open.len() >= MAX_XML_DEPTH => {
                too_deep = true;
                // Inside the element just opened: skip to its end.
                skipped_depth = usize::from(matches!(event, Event::Start(_)));
            }
            Event::Start(start) => {
                elements += 1;
                open.push(element(&start, &mut unknown_entity));
            }
            Event::Empty(start) => {
                elements += 1;
                let done = element(&start, &mut unknown_entity);
                close(done, &mut open, &mut root);
            }
            Event::End(_) => {
                if let Some(done) = open.pop() {
                    close(done, &mut open, &mut root);
                }
            }
            Event::Text(t) => {
                if let Some(top) = open.last_mut() {
                    top.text.push_raw(&t);
                    truncated |= top.text.truncated;
                }
            }
            Event::CData(c) => {
                if let Some(top) = open.last_mut() {
                    top.text.push_raw(&c);
                    truncated |= top.text.truncated;
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = open.last_mut() {
                    let name = String::from_utf8_lossy(&r);
                    match resolve_reference(&name) {
                        Some(replacement) => {
                            forbidden |= name.starts_with('#') && has_forbidden_char(&replacement);
                            top.text.push(&replacement);
                        }
                        None => {
                            unknown_entity = true;
                            top.text.push(&format!("&{name};"));
                        }
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    // A document cut short keeps the elements read so far, and says so (a writer killed
    // mid-file, an upload cut short).
    if !open.is_empty() && !malformed {
        notes.push(
            "the file ends inside open elements (cut off?): what was read before is kept"
                .to_owned(),
        );
    }
    while let Some(done) = open.pop() {
        close(done, &mut open, &mut root);
    }
    if too_deep {
        notes.push(format!(
            "elements nested deeper than {MAX_XML_DEPTH} levels were skipped"
        ));
    }
    if unknown_entity {
        notes.push("entities the document declares are not expanded; kept as written".to_owned());
    }
    if forbidden {
        notes.push(
            "character references XML forbids (control characters such as &#x1F;) were read \
             anyway (Allure 2 drops such a file)"
                .to_owned(),
        );
    }
    if truncated {
        notes.push(format!(
            "texts longer than {} bytes were cut",
            super::limits::MAX_TEXT_BYTES
        ));
    }
    root
}

fn element(start: &BytesStart<'_>, unknown_entity: &mut bool) -> Element {
    let mut attrs = Vec::new();
    for attr in start.attributes().with_checks(false).flatten() {
        let (value, unknown) = attribute_value(&attr.value);
        *unknown_entity |= unknown;
        attrs.push((
            String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned(),
            value.into_owned(),
        ));
    }
    Element {
        name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
        attrs,
        ..Element::default()
    }
}

fn close(done: Element, open: &mut [Element], root: &mut Option<Element>) {
    match open.last_mut() {
        Some(parent) => parent.children.push(done),
        None => {
            if root.is_none() {
                *root = Some(done);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_tree_of_local_names_with_decoded_text() {
        let mut notes = Vec::new();
        let root = parse_document(
            "<ns2:suite xmlns:ns2=\"urn:x\" a=\"1 &amp; 2\"><name>x &lt; y</name><c/><c><![CDATA[<raw>]]></c></ns2:suite>",
            &mut notes,
        )
        .unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(root.name, "suite");
        assert_eq!(root.attr("a"), Some("1 & 2"));
        assert_eq!(root.child("name").unwrap().text.text, "x < y");
        assert_eq!(root.children_named("c").count(), 2);
        assert_eq!(root.children[2].text.text, "<raw>");
    }

    #[test]
    fn deep_nesting_is_skipped_and_the_rest_kept() {
        let mut notes = Vec::new();
        let xml = format!(
            "<r>{}{}<after/></r>",
            "<d>".repeat(MAX_XML_DEPTH + 50),
            "</d>".repeat(MAX_XML_DEPTH + 50)
        );
        let root = parse_document(&xml, &mut notes).unwrap();
        assert!(root.child("after").is_some(), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("deeper")), "{notes:?}");
    }

    #[test]
    fn a_broken_document_keeps_what_was_read() {
        let mut notes = Vec::new();
        let root = parse_document("<r><a>1</a><b>2</wrong></r>", &mut notes).unwrap();
        assert_eq!(root.child("a").unwrap().text.text, "1");
        assert!(notes[0].starts_with("malformed XML"), "{notes:?}");
        assert!(parse_document("", &mut notes).is_none());
    }

    #[test]
    fn declared_entities_stay_as_written() {
        let mut notes = Vec::new();
        let root = parse_document(
            "<!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><r>&b;</r>",
            &mut notes,
        )
        .unwrap();
        assert_eq!(root.text.text, "&b;");
        assert_eq!(notes.len(), 1, "{notes:?}");
    }
}
