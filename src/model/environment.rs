//! `environment.properties` (Java properties) and `environment.xml`, as ordered key/value pairs.
//!
//! Tiny hand-written parsers: the formats are small and a dependency would buy nothing.
//! No terminal dependencies.

/// Parses Java `.properties` text: `#`/`!` comments, `=`, `:` or whitespace separators, trailing
/// backslash continuations and `\uXXXX` / `\t` / `\n` escapes.
#[must_use]
pub fn parse_properties(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut logical = String::new();
    for raw_line in text.lines() {
        // Leading white space is dropped on every line, continuation lines included.
        let line = raw_line.trim_start();
        if logical.is_empty() && (line.is_empty() || line.starts_with('#') || line.starts_with('!'))
        {
            continue;
        }
        if ends_with_odd_backslashes(line) {
            logical.push_str(&line[..line.len() - 1]);
            continue;
        }
        logical.push_str(line);
        out.push(split_entry(&logical));
        logical.clear();
    }
    if !logical.is_empty() {
        out.push(split_entry(&logical));
    }
    out
}

fn ends_with_odd_backslashes(line: &str) -> bool {
    line.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

fn split_entry(line: &str) -> (String, String) {
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
    let mut rest = line[key_end..].trim_start_matches([' ', '\t', '\u{c}']);
    if let Some(stripped) = rest.strip_prefix(['=', ':']) {
        rest = stripped.trim_start_matches([' ', '\t', '\u{c}']);
    }
    (unescape(key), unescape(rest))
}

fn unescape(text: &str) -> String {
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
                let hex: String = chars.by_ref().take(4).collect();
                if let Some(decoded) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(decoded);
                } else {
                    out.push_str("\\u");
                    out.push_str(&hex);
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Parses `environment.xml`: `<environment><parameter><key>K</key><value>V</value></parameter>`.
#[must_use]
pub fn parse_environment_xml(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<parameter") {
        rest = &rest[start + "<parameter".len()..];
        let Some(end) = rest.find("</parameter>") else {
            break;
        };
        let block = &rest[..end];
        if let Some(key) = element_text(block, "key") {
            out.push((key, element_text(block, "value").unwrap_or_default()));
        }
        rest = &rest[end..];
    }
    out
}

fn element_text(block: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = block.find(&open)? + open.len();
    let end = block[start..].find(&close)? + start;
    Some(decode_entities(block[start..end].trim()))
}

fn decode_entities(text: &str) -> String {
    if let Some(cdata) = text
        .strip_prefix("<![CDATA[")
        .and_then(|t| t.strip_suffix("]]>"))
    {
        return cdata.to_owned();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_cover_the_java_rules() {
        let text = "# comment\n! also\n  key one = value 1\nk2:v2\nk3 v3\nlong = a \\\n   b\nuni=\\u00e9t\\u00e9\nempty\ncolon\\:key=x\n";
        let env = parse_properties(text);
        assert_eq!(
            env,
            vec![
                ("key".into(), "one = value 1".into()),
                ("k2".into(), "v2".into()),
                ("k3".into(), "v3".into()),
                ("long".into(), "a b".into()),
                ("uni".into(), "été".into()),
                ("empty".into(), String::new()),
                ("colon:key".into(), "x".into()),
            ]
        );
    }

    #[test]
    fn xml_parameters_are_read_in_order() {
        let xml = "<environment><parameter><key>Browser</key><value>Chrome &amp; co</value></parameter>\n<parameter><key>Stand</key><value><![CDATA[<prod>]]></value></parameter></environment>";
        assert_eq!(
            parse_environment_xml(xml),
            vec![
                ("Browser".into(), "Chrome & co".into()),
                ("Stand".into(), "<prod>".into())
            ]
        );
    }
}
