//! `environment.xml` as Allure 2 reads it (Jackson's XML mapper over
//! `ru.yandex.qatools.commons.model.Environment`): any root element holding `<parameter>`
//! elements, each with a `<key>` and a `<value>`; text as written (not trimmed), the five
//! predefined entities, character references and CDATA decoded; a repeated key keeps its first
//! position and takes the last value. Where Allure 2 gives up on the whole file (a parameter
//! without a key, malformed XML) we keep what we could read and say so.
//!
//! Untrusted input: quick-xml never expands DTD entities (no "billion laughs"), references to
//! undeclared entities stay as written, and nesting deeper than [`MAX_DEPTH`] stops the read.
//! No terminal dependencies.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::Reader;

use super::merge_environment;

/// Deepest element nesting read; real files use three levels.
pub const MAX_DEPTH: usize = 64;

/// What the reader is collecting text for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Key,
    Value,
}

/// One `<parameter>` being read.
#[derive(Default)]
struct Parameter {
    key: Option<String>,
    value: Option<String>,
}

/// Parses decoded XML text into pairs, with notes on what was skipped or kept as written.
pub(super) fn parse(text: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut pairs = Vec::new();
    let mut notes = Vec::new();
    // Element names from the root down (local names).
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut parameter: Option<Parameter> = None;
    let mut field: Option<(Field, usize)> = None;
    let mut flattened = false;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                notes.push(format!(
                    "malformed XML at byte {} ({err}); pairs after it are ignored",
                    reader.error_position()
                ));
                break;
            }
        };
        match event {
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_vec();
                path.push(name);
                if path.len() > MAX_DEPTH {
                    notes.push(format!(
                        "elements nested deeper than {MAX_DEPTH} levels; the rest is ignored"
                    ));
                    break;
                }
                match (path.len(), path.last().map(Vec::as_slice)) {
                    (2, Some(b"parameter")) => parameter = Some(Parameter::default()),
                    (3, Some(b"key")) if parameter.is_some() => {
                        field = Some((Field::Key, 3));
                        set(parameter.as_mut(), Field::Key, String::new());
                    }
                    (3, Some(b"value")) if parameter.is_some() => {
                        field = Some((Field::Value, 3));
                        set(parameter.as_mut(), Field::Value, String::new());
                    }
                    _ => flattened |= field.is_some(),
                }
            }
            Event::Empty(empty) => {
                if path.len() == 2 && parameter.is_some() {
                    match empty.local_name().as_ref() {
                        b"key" => set(parameter.as_mut(), Field::Key, String::new()),
                        b"value" => set(parameter.as_mut(), Field::Value, String::new()),
                        _ => {}
                    }
                }
            }
            Event::End(_) => {
                if field.is_some_and(|(_, depth)| depth == path.len()) {
                    field = None;
                }
                if path.len() == 2 {
                    if let Some(done) = parameter.take() {
                        match done.key {
                            Some(key) => {
                                merge_environment(
                                    &mut pairs,
                                    [(key, done.value.unwrap_or_default())],
                                );
                            }
                            None => {
                                notes.push("a <parameter> without a <key> is skipped".to_owned());
                            }
                        }
                    }
                }
                path.pop();
            }
            Event::Text(text) => {
                if let Some((which, _)) = field {
                    match text.xml10_content() {
                        Ok(decoded) => append(parameter.as_mut(), which, &decoded),
                        Err(err) => notes.push(format!("undecodable text ({err})")),
                    }
                }
            }
            Event::CData(cdata) => {
                if let Some((which, _)) = field {
                    append(parameter.as_mut(), which, &String::from_utf8_lossy(&cdata));
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((which, _)) = field {
                    let resolved = resolve_reference(&reference, &mut notes);
                    append(parameter.as_mut(), which, &resolved);
                }
            }
            Event::DocType(doctype) => {
                if doctype.windows(8).any(|w| w == b"<!ENTITY") {
                    notes.push("the DOCTYPE declares entities; they are not expanded".to_owned());
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if flattened {
        notes.push("markup inside a <key> or <value> was read as its text".to_owned());
    }
    (pairs, notes)
}

fn resolve_reference(
    reference: &quick_xml::events::BytesRef<'_>,
    notes: &mut Vec<String>,
) -> String {
    let name = String::from_utf8_lossy(reference).into_owned();
    if reference.is_char_ref() {
        if let Ok(Some(c)) = reference.resolve_char_ref() {
            return c.to_string();
        }
    } else if let Some(text) = resolve_predefined_entity(&name) {
        return text.to_owned();
    }
    notes.push(format!("unknown entity &{name}; kept as written"));
    format!("&{name};")
}

fn set(parameter: Option<&mut Parameter>, which: Field, text: String) {
    if let Some(p) = parameter {
        match which {
            Field::Key => p.key = Some(text),
            Field::Value => p.value = Some(text),
        }
    }
}

fn append(parameter: Option<&mut Parameter>, which: Field, text: &str) {
    if let Some(p) = parameter {
        let slot = match which {
            Field::Key => &mut p.key,
            Field::Value => &mut p.value,
        };
        slot.get_or_insert_with(String::new).push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn parameters_are_read_in_order_as_allure2_reads_them() {
        // Allure 2.46.1's widgets/environment.json for the same file: Browser=Firefox,
        // " Stand "=<prod>, Empty="", Ent="über ☃ <x>".
        let xml = "<?xml version=\"1.0\"?>\n<environment>\n  <parameter><key>Browser</key><value>Chrome &amp; Co</value></parameter>\n  <parameter>\n    <key> Stand </key>\n    <value><![CDATA[<prod>]]></value>\n  </parameter>\n  <parameter><key>Empty</key><value></value></parameter>\n  <parameter><key>Browser</key><value>Firefox</value></parameter>\n  <parameter><key>Ent</key><value>&#252;ber &#x2603; &lt;x&gt;</value></parameter>\n</environment>\n";
        let (pairs, notes) = parse(xml);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            pairs,
            vec![
                pair("Browser", "Firefox"),
                pair(" Stand ", "<prod>"),
                pair("Empty", ""),
                pair("Ent", "über ☃ <x>"),
            ]
        );
    }

    #[test]
    fn any_root_and_namespaces_are_accepted_names_are_case_sensitive() {
        let (pairs, _) = parse("<ns2:env xmlns:ns2=\"urn:m\" name=\"n\">stray<Parameter><Key>A</Key><Value>1</Value></Parameter><parameter><key>B</key><value/><other>x</other></parameter></ns2:env>");
        assert_eq!(pairs, vec![pair("B", "")]);
    }

    #[test]
    fn a_parameter_without_key_is_skipped_with_a_note() {
        let (pairs, notes) = parse("<environment><parameter><value>v</value></parameter><parameter><key>A</key></parameter></environment>");
        assert_eq!(pairs, vec![pair("A", "")]);
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn declared_entities_are_never_expanded() {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE environment [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><environment><parameter><key>A</key><value>&b;</value></parameter></environment>";
        let (pairs, notes) = parse(xml);
        assert_eq!(pairs, vec![pair("A", "&b;")]);
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn malformed_xml_keeps_the_pairs_before_the_error() {
        let (pairs, notes) = parse("<environment><parameter><key>A</key><value>1</value></parameter><parameter><key>B</key></wrong>");
        assert_eq!(pairs, vec![pair("A", "1")]);
        assert!(notes[0].starts_with("malformed XML at byte"), "{notes:?}");
    }

    #[test]
    fn deep_nesting_stops_the_read() {
        let xml = format!(
            "<environment><parameter><key>A</key><value>1</value></parameter>{}",
            "<x>".repeat(MAX_DEPTH * 10)
        );
        let (pairs, notes) = parse(&xml);
        assert_eq!(pairs, vec![pair("A", "1")]);
        assert!(
            notes.iter().any(|n| n.contains("nested deeper")),
            "{notes:?}"
        );
    }
}
