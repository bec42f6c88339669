//! Reading JSON documents from untrusted files: BOM, invalid UTF-8 and deep nesting.
//!
//! Returns `serde_json::Value`s plus notes about what had to be repaired. No terminal dependencies.

use serde_json::Value;

/// Deepest JSON nesting we parse. Allure 2 stops at 1000; real adapters stay far below. The
/// parser recurses, so this (with the loader's large thread stacks) is what keeps a hostile file
/// from overflowing the stack.
pub const MAX_JSON_DEPTH: usize = 4096;

/// Stack size for threads that parse untrusted JSON, sized for [`MAX_JSON_DEPTH`] levels.
pub const PARSE_STACK_BYTES: usize = 256 * 1024 * 1024;

/// A parsed document and what was repaired to get it.
#[derive(Debug)]
pub struct ParsedJson {
    /// The document.
    pub value: Value,
    /// Human-readable repairs (e.g. "invalid UTF-8 replaced").
    pub notes: Vec<String>,
}

/// Parses bytes as JSON, tolerating a UTF-8 BOM and invalid UTF-8 (replaced by U+FFFD, with a
/// note). Fails with a reason for empty, truncated or over-deep documents.
pub fn parse_json_bytes(bytes: &[u8]) -> Result<ParsedJson, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file".to_owned());
    }
    let depth = max_nesting_depth(bytes);
    if depth > MAX_JSON_DEPTH {
        return Err(format!(
            "JSON nested {depth} levels deep (limit {MAX_JSON_DEPTH})"
        ));
    }
    let mut notes = Vec::new();
    let value = match parse_unbounded(bytes) {
        Ok(value) => value,
        Err(err) if std::str::from_utf8(bytes).is_err() => {
            let lossy = String::from_utf8_lossy(bytes);
            let value = parse_unbounded(lossy.as_bytes()).map_err(|_| describe(&err))?;
            notes.push("invalid UTF-8 replaced with U+FFFD".to_owned());
            value
        }
        Err(err) => return Err(describe(&err)),
    };
    Ok(ParsedJson { value, notes })
}

fn parse_unbounded(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    use serde::Deserialize;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    de.disable_recursion_limit();
    let value = Value::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// A short reason for a JSON error: "truncated JSON" for EOF, else serde's message.
#[must_use]
pub fn describe(err: &serde_json::Error) -> String {
    if err.is_eof() {
        format!("truncated JSON ({err})")
    } else {
        format!("invalid JSON ({err})")
    }
}

/// Maximum bracket nesting outside strings; a linear pre-scan so that the recursive parser
/// never sees a document deep enough to overflow its stack.
#[must_use]
pub fn max_nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// A JSON string borrowed from the input when it holds no escapes, owned otherwise.
///
/// serde's own `Cow<str>` always copies (its derive borrows only a bare `Cow<str>` field, never
/// one inside an `Option` or a map key): in a `history.jsonl` line that was three allocations
/// per entry (the key, `id`, `status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BorrowedStr<'a>(pub std::borrow::Cow<'a, str>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for BorrowedStr<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for StrVisitor<'a> {
            type Value = BorrowedStr<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(BorrowedStr(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(BorrowedStr(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(BorrowedStr(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_skipped() {
        let parsed = parse_json_bytes(b"\xEF\xBB\xBF{\"a\":1}").unwrap();
        assert_eq!(parsed.value["a"], 1);
        assert!(parsed.notes.is_empty());
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_note() {
        let parsed = parse_json_bytes(b"{\"name\":\"caf\xE9\"}").unwrap();
        assert_eq!(parsed.value["name"], "caf\u{FFFD}");
        assert_eq!(parsed.notes.len(), 1);
    }

    #[test]
    fn empty_and_truncated_files_fail_with_reasons() {
        assert_eq!(parse_json_bytes(b"").unwrap_err(), "empty file");
        assert!(parse_json_bytes(b"{\"a\": [1, 2")
            .unwrap_err()
            .starts_with("truncated JSON"));
    }

    #[test]
    fn deep_nesting_beyond_serde_default_parses() {
        let doc = format!("{}{}", "[".repeat(600), "]".repeat(600));
        let parsed = std::thread::Builder::new()
            .stack_size(PARSE_STACK_BYTES)
            .spawn(move || parse_json_bytes(doc.as_bytes()).map(|p| p.value.is_array()))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(parsed, Ok(true));
    }

    #[test]
    fn hostile_depth_is_refused_without_parsing() {
        let doc = "[".repeat(MAX_JSON_DEPTH + 1);
        assert!(parse_json_bytes(doc.as_bytes())
            .unwrap_err()
            .contains("nested"));
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        assert_eq!(max_nesting_depth(br#"{"a":"[[[[\"{{"}"#), 1);
    }
}
