//! Pretty-printing JSON attachments in their source order: the raw text is re-indented token by
//! token instead of being parsed into a map (which would sort the keys; `serde_json`'s
//! `preserve_order` would change that for the whole crate).

/// The raw JSON re-indented with two spaces, keys and numbers exactly as written; `None` when
/// the text is not valid JSON.
#[must_use]
pub fn reindent(raw: &str) -> Option<String> {
    // Validate first (without building a map), so only real JSON is re-indented.
    serde_json::from_str::<serde::de::IgnoredAny>(raw).ok()?;
    let mut out = String::with_capacity(raw.len() + raw.len() / 4);
    let mut depth = 0usize;
    let mut chars = raw.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == '"' {
                        break;
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                // An empty container stays on one line: `{}`, `[]`.
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_literals() {
        let raw = r#"{"zeta":1,"alpha":[1.50,{"b":"x, y: \"z\""},[]],"mid":{}, "e":1e3}"#;
        assert_eq!(
            reindent(raw).unwrap(),
            r#"{
  "zeta": 1,
  "alpha": [
    1.50,
    {
      "b": "x, y: \"z\""
    },
    []
  ],
  "mid": {},
  "e": 1e3
}"#
        );
    }

    #[test]
    fn rejects_what_is_not_json() {
        assert_eq!(reindent("{\"a\": }"), None);
        assert_eq!(reindent("plain text"), None);
        assert_eq!(reindent("[1, 2]").as_deref(), Some("[\n  1,\n  2\n]"));
    }
}
