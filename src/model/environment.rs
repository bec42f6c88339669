//! The launch environment: `environment.properties` (a Java properties file) and
//! `environment.xml`, as ordered key/value pairs, read as Allure 2.46 reads them
//! (`allure2 · allure1/Allure1Plugin.java processEnvironment`).
//!
//! Bytes are decoded as Allure 2 does: UTF-8 (a byte-order mark dropped) when they are valid
//! UTF-8, else ISO-8859-1, which is what `java.util.Properties.load(InputStream)` assumes, so
//! a hand-edited `City=M\xfcnchen` reads `München`; a note says so. Within one directory a key
//! keeps its first position and takes its last value, `environment.xml` after
//! `environment.properties` (a `LinkedHashMap` filled by `put` then `putAll`).
//! No terminal dependencies.

mod properties;
mod xml;

/// The two environment files Allure reads, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvironmentFile {
    /// `environment.properties`.
    Properties,
    /// `environment.xml`.
    Xml,
}

impl EnvironmentFile {
    /// The kind of a results-directory file name, if it is one.
    #[must_use]
    pub fn of_name(name: &str) -> Option<EnvironmentFile> {
        match name {
            "environment.properties" => Some(EnvironmentFile::Properties),
            "environment.xml" => Some(EnvironmentFile::Xml),
            _ => None,
        }
    }
}

/// Reads one environment file's bytes: its pairs in order of first appearance (a repeated key
/// takes its last value) and notes on anything read in a way worth saying (Latin-1 assumed, a
/// malformed escape kept as written, a skipped XML parameter). Notes name no file; the caller
/// adds it.
#[must_use]
pub fn read_environment(
    kind: EnvironmentFile,
    bytes: &[u8],
) -> (Vec<(String, String)>, Vec<String>) {
    let (text, latin1) = decode(bytes);
    let (pairs, mut notes) = match kind {
        EnvironmentFile::Properties => properties::parse(&text),
        EnvironmentFile::Xml => xml::parse(&text),
    };
    if latin1 && !(kind == EnvironmentFile::Xml && declares_latin1(&text)) {
        notes.insert(
            0,
            "not valid UTF-8; read as ISO-8859-1 (Latin-1), as Allure 2 and Java's Properties do"
                .to_owned(),
        );
    }
    (pairs, notes)
}

/// Adds pairs to an environment: a new key goes last, a known key takes the new value in place
/// (Allure 2's `LinkedHashMap.put`).
pub fn merge_environment(
    env: &mut Vec<(String, String)>,
    pairs: impl IntoIterator<Item = (String, String)>,
) {
    for (key, value) in pairs {
        match env.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => env.push((key, value)),
        }
    }
}

/// UTF-8 without its byte-order mark when valid, else ISO-8859-1 (every byte one character);
/// the flag is true when Latin-1 was assumed.
fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (bytes.iter().map(|&b| char::from(b)).collect(), true),
    }
}

/// True when an XML declaration names ISO-8859-1 (then Latin-1 is no guess).
fn declares_latin1(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<?xml")
        && ["iso-8859-1", "iso8859-1", "latin1", "latin-1"]
            .iter()
            .any(|name| head.contains(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_utf8_and_the_bom_dropped() {
        let (pairs, notes) = read_environment(
            EnvironmentFile::Properties,
            "\u{feff}City=München\n".as_bytes(),
        );
        assert_eq!(pairs, vec![("City".into(), "München".into())]);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn other_bytes_are_latin1_with_a_note() {
        let (pairs, notes) = read_environment(EnvironmentFile::Properties, b"City=M\xfcnchen\n");
        assert_eq!(pairs, vec![("City".into(), "München".into())]);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("ISO-8859-1"));
    }

    #[test]
    fn xml_declared_latin1_needs_no_note() {
        let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><environment><parameter><key>City</key><value>M\xfcnchen</value></parameter></environment>";
        let (pairs, notes) = read_environment(EnvironmentFile::Xml, xml);
        assert_eq!(pairs, vec![("City".into(), "München".into())]);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn merging_keeps_the_first_position_and_the_last_value() {
        let mut env = vec![
            ("Browser".into(), "Chrome".into()),
            ("Os".into(), "Linux".into()),
        ];
        merge_environment(
            &mut env,
            [
                ("Os".into(), "Windows".into()),
                ("Xml".into(), "only".into()),
            ],
        );
        assert_eq!(
            env,
            vec![
                ("Browser".to_owned(), "Chrome".to_owned()),
                ("Os".to_owned(), "Windows".to_owned()),
                ("Xml".to_owned(), "only".to_owned()),
            ]
        );
    }
}
