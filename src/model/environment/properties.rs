//! Java `.properties` syntax, as `java.util.Properties.load` reads it (Allure 2 reads
//! `environment.properties` through it): `#`/`!` comment lines, `=`, `:` or white-space
//! separators, `\`-continued lines, `\uXXXX` and `\t \n \r \f` escapes, and `\`, `\r\n` or `\r`
//! line ends. A repeated key keeps its first position and takes the last value (Allure 2 loads
//! into a `LinkedHashMap`). No terminal dependencies.

use super::merge_environment;

/// Java's white space in `.properties`: space, tab and form feed (not every Unicode space).
const WHITE: [char; 3] = [' ', '\t', '\u{c}'];

/// Parses decoded `.properties` text into pairs in order of first appearance, with a note for
/// each malformed `\uXXXX` escape (kept as written; Java would refuse the whole file).
pub(super) fn parse(text: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut pairs = Vec::new();
    let mut notes = Vec::new();
    let mut logical = String::new();
    let mut continuing = false;
    let mut line_number = 0;
    let mut start_line = 0;
    for raw_line in split_lines(text) {
        line_number += 1;
        // Leading white space is dropped on every line, continuation lines included.
        let line = raw_line.trim_start_matches(WHITE);
        if !continuing {
            if line.is_empty() || line.starts_with(['#', '!']) {
                continue;
            }
            start_line = line_number;
        }
        if ends_with_odd_backslashes(line) {
            logical.push_str(&line[..line.len() - 1]);
            continuing = true;
            continue;
        }
        logical.push_str(line);
        let pair = split_entry(&logical, start_line, &mut notes);
        merge_environment(&mut pairs, [pair]);
        logical.clear();
        continuing = false;
    }
    if continuing {
        let pair = split_entry(&logical, start_line, &mut notes);
        merge_environment(&mut pairs, [pair]);
    }
    (pairs, notes)
}

/// Lines ended by `\n`, `\r\n` or a lone `\r`, as Java's `LineReader` splits them.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        let after = &rest[end..];
        rest = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix(['\r', '\n']))
            .unwrap_or(after);
        Some(line)
    })
}

fn ends_with_odd_backslashes(line: &str) -> bool {
    line.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

fn split_entry(line: &str, line_number: usize, notes: &mut Vec<String>) -> (String, String) {
    let mut key_end = line.len();
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '=' | ':' | ' ' | '\t' | '\u{c}' => {
                key_end = i;
                break;
            }
            _ => {}
        }
    }
    let key = &line[..key_end];
    let mut rest = line[key_end..].trim_start_matches(WHITE);
    if let Some(stripped) = rest.strip_prefix(['=', ':']) {
        rest = stripped.trim_start_matches(WHITE);
    }
    (
        unescape(key, line_number, notes),
        unescape(rest, line_number, notes),
    )
}

fn unescape(text: &str, line_number: usize, notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                let decoded = (hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()))
                    .then(|| u32::from_str_radix(&hex, 16).ok())
                    .flatten();
                match decoded {
                    Some(code) => {
                        chars.nth(3);
                        // A lone surrogate half (Java keeps it in a UTF-16 string) cannot be
                        // shown; the replacement character says something was there.
                        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                    None => {
                        notes.push(format!(
                            "line {line_number}: malformed \\uXXXX escape \"\\u{hex}\"; kept as written"
                        ));
                        out.push_str("\\u");
                    }
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        let (pairs, notes) = parse(text);
        assert!(notes.is_empty(), "{notes:?}");
        pairs
    }

    fn pair(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn separators_comments_and_white_space() {
        assert_eq!(
            pairs("# c\n! c\n  key one = value 1\nk2:v2\nk3 v3\nMixed = : v\nTrail=t  \nempty\n  #not=read\n"),
            vec![
                pair("key", "one = value 1"),
                pair("k2", "v2"),
                pair("k3", "v3"),
                pair("Mixed", ": v"),
                pair("Trail", "t  "),
                pair("empty", ""),
            ]
        );
    }

    #[test]
    fn escapes_in_keys_and_values() {
        assert_eq!(
            pairs("colon\\:key=x\nEq\\=Key=e\nSp\\ Key=s\n\\#Hash=h\nUni=caf\\u00e9 \\u2603\nTab=a\\tb\nUnknown=\\q\\z\nOdd\\\\=x\n"),
            vec![
                pair("colon:key", "x"),
                pair("Eq=Key", "e"),
                pair("Sp Key", "s"),
                pair("#Hash", "h"),
                pair("Uni", "café ☃"),
                pair("Tab", "a\tb"),
                pair("Unknown", "qz"),
                pair("Odd\\", "x"),
            ]
        );
    }

    #[test]
    fn continuations_and_line_ends() {
        assert_eq!(
            pairs("CrLf=one\r\nCrOnly=two\rCont=a \\\r\n  b\nNotComment=x \\\n# y\nEmptyCont=\\\n\nAfter=z\nKeep\\\\\nNext=n\nLast=end\\"),
            vec![
                pair("CrLf", "one"),
                pair("CrOnly", "two"),
                pair("Cont", "a b"),
                pair("NotComment", "x # y"),
                pair("EmptyCont", ""),
                pair("After", "z"),
                pair("Keep\\", ""),
                pair("Next", "n"),
                pair("Last", "end"),
            ]
        );
    }

    #[test]
    fn a_repeated_key_keeps_its_place_and_takes_the_last_value() {
        assert_eq!(
            pairs("Browser=Chrome\nOs=Linux\nBrowser=Firefox\n"),
            vec![pair("Browser", "Firefox"), pair("Os", "Linux")]
        );
    }

    #[test]
    fn only_java_white_space_separates() {
        assert_eq!(
            pairs("a\u{a0}b=1\n\u{a0}c=2\n"),
            vec![pair("a\u{a0}b", "1"), pair("\u{a0}c", "2")]
        );
    }

    #[test]
    fn malformed_unicode_escapes_are_kept_and_noted() {
        let (pairs, notes) = parse("Before=1\nBad=\\u00zz\nShort=\\u12\nAfter=2\n");
        assert_eq!(
            pairs,
            vec![
                pair("Before", "1"),
                pair("Bad", "\\u00zz"),
                pair("Short", "\\u12"),
                pair("After", "2")
            ]
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("line 2: malformed"), "{notes:?}");
    }
}
