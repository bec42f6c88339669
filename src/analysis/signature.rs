//! Failure signatures: what a failure says once the values that differ between runs and
//! variants are masked, so that tests failing for one cause share one signature.
//!
//! A signature is the exception type and the first line of the message, written
//! `Type: masked line`:
//! - the type is the message's leading `Name:` (Python `AssertionError: …`, JavaScript
//!   `TypeError: …`, Java `java.lang.IllegalStateException: …`), else the first exception line of
//!   the trace (a Java trace's first line, pytest's `E   ValueError: …`, a JavaScript stack's
//!   head), else none. A name counts as a type when its last dotted part is capitalised and it is
//!   qualified (`a.b.Name`) or ends like one (`…Error`, `…Exception`, `…Failure`, `…Failed`,
//!   `…Timeout`, `…Interrupt`, `…Exit`, `…Warning`, `…Fault`, `…Iteration`): `expected: <1>` or
//!   `flaky: took 3s` are messages, not types;
//! - the line has terminal colour codes removed, then every value masked (see [`mask`]): UUIDs,
//!   timestamps and clock times, hex ids, durations, numbers, paths and quoted values;
//! - with `--cluster-by-frame` it ends with ` @ frame`: the innermost trace frame that is not the
//!   test framework's, a runner's or the language's own (see [`user_frame`]), its line numbers
//!   left out.
//!
//! A cluster's id is the first 8 hex digits of the md5 of its signature: stable across runs,
//! machines and versions as long as the signature is.
//!
//! Pure functions; no terminal dependencies.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use regex::{Captures, Regex};

use crate::model::categories::strip_ansi;

/// How long a masked line may be in a signature (characters); longer lines are cut.
const MAX_LINE_CHARS: usize = 240;

/// Name endings that make a capitalised word an exception type.
const TYPE_ENDINGS: [&str; 11] = [
    "Error",
    "Exception",
    "Failure",
    "Failed",
    "Fault",
    "Timeout",
    "Interrupt",
    "Exit",
    "Warning",
    "Iteration",
    "Panic",
];

/// The exception type at the start of a line, and the rest of the line after its colon:
/// `AssertionError: x` gives `("AssertionError", "x")`. Node's `AssertionError [ERR_ASSERTION]: x`
/// gives the type without its code.
#[must_use]
pub fn leading_type(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let colon = line.find(':')?;
    let after = &line[colon + 1..];
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let head = line[..colon].trim_end();
    // Node: `AssertionError [ERR_ASSERTION]`.
    let name = match head.split_once(" [") {
        Some((name, code)) if code.ends_with(']') => name,
        _ => head,
    };
    is_type_name(name).then(|| (name, after.trim()))
}

fn is_type_name(name: &str) -> bool {
    if name.is_empty()
        || name.len() > 200
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'))
    {
        return false;
    }
    let last = name.rsplit('.').next().unwrap_or(name);
    let capitalised = last.starts_with(|c: char| c.is_ascii_uppercase());
    let qualified = name.contains('.') && !name.starts_with('.') && !name.ends_with('.');
    capitalised && (qualified || TYPE_ENDINGS.iter().any(|e| last.ends_with(e)))
}

/// The first exception line of a trace: `(type, rest of the line)`. Reads a Java or JavaScript
/// stack's head, pytest's `E   Type: …` lines and its closing `path:12: Type`.
#[must_use]
pub fn trace_type(trace: &str) -> Option<(&str, &str)> {
    let mut closing = None;
    for line in trace.lines() {
        let line = line.trim();
        // pytest marks the exception lines with `E`.
        let line = line.strip_prefix("E ").map_or(line, str::trim_start);
        if let Some(found) = leading_type(line) {
            return Some(found);
        }
        // pytest's last line: `tests/test_a.py:12: AssertionError`.
        if closing.is_none() {
            if let Some((location, name)) = line.rsplit_once(": ") {
                let at_line = location
                    .rsplit_once(':')
                    .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                if at_line && is_type_name(name) {
                    closing = Some((name, ""));
                }
            }
        }
    }
    closing
}

/// A failure's signature from its message and trace (see the module docs). `by_frame` adds the
/// innermost frame outside the test framework.
#[must_use]
pub fn signature(message: Option<&str>, trace: Option<&str>, by_frame: bool) -> String {
    Signer::default().sign(message, trace, by_frame)
}

/// Signatures of many failures: a line is masked once however many failures say it (one cause
/// usually fails many tests with the same words, and masking is the costly part).
#[derive(Debug, Default)]
pub struct Signer {
    masked: HashMap<String, String, foldhash::fast::RandomState>,
}

impl Signer {
    /// The signature of one failure, as [`signature`] gives it. Terminal colour codes are
    /// removed first (Playwright, Jest and `pytest --color` colour their messages): a coloured
    /// and a plain run of one failure share a signature, and `ESC[0m` is no duration to mask.
    pub fn sign(&mut self, message: Option<&str>, trace: Option<&str>, by_frame: bool) -> String {
        let message = message.map(strip_ansi);
        let trace = trace.map(strip_ansi);
        let trace = trace.as_deref();
        let message_line = message
            .as_deref()
            .and_then(crate::model::result::first_line);
        let (kind, line) = match message_line.map(|l| (leading_type(l), l)) {
            Some((Some((kind, rest)), _)) => (Some(kind), rest),
            Some((None, line)) => (trace.and_then(trace_type).map(|(k, _)| k), line),
            None => match trace.and_then(trace_type) {
                Some((kind, rest)) => (Some(kind), rest),
                None => (None, ""),
            },
        };
        if !self.masked.contains_key(line) {
            self.masked.insert(line.to_owned(), mask(line));
        }
        let masked: &str = &self.masked[line];
        let mut out = match (kind, masked.is_empty()) {
            (Some(kind), false) => format!("{kind}: {masked}"),
            (Some(kind), true) => kind.to_owned(),
            (None, false) => masked.to_owned(),
            (None, true) => "(no message)".to_owned(),
        };
        if by_frame {
            if let Some(frame) = trace.and_then(user_frame) {
                out.push_str(" @ ");
                out.push_str(&frame);
            }
        }
        out
    }
}

/// A cluster's id: the first 8 hex digits of the md5 of its signature.
#[must_use]
pub fn cluster_id(signature: &str) -> String {
    let mut hex = crate::model::identity::md5_hex(signature);
    hex.truncate(8);
    hex
}

fn masks() -> &'static Regex {
    static MASKS: OnceLock<Regex> = OnceLock::new();
    MASKS.get_or_init(|| {
        // Alternatives are tried in this order at each position (leftmost-first), so a UUID is
        // not taken for numbers and `1500ms` is a duration, not a number. ASCII classes and
        // word boundaries keep the whole pattern on the fast DFA engines.
        let hex = "[0-9A-Fa-f]";
        let uuid = format!("{hex}{{8}}-{hex}{{4}}-{hex}{{4}}-{hex}{{4}}-{hex}{{12}}");
        let time = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?";
        let zone = r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?";
        let timestamp = format!(r"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(?:[T\x20]{time})?{zone}");
        let unit = r"(?:ms|us|µs|ns|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?)";
        let pattern = format!(
            r#"(?x)
            (?P<uuid>{uuid})
            | (?P<timestamp>{timestamp})
            | (?-u:\b)(?P<clock>[0-9]{{1,2}}:[0-9]{{2}}:[0-9]{{2}}(?:[.,][0-9]+)?)
            | (?P<hex0x>0[xX]{hex}+)
            | (?-u:\b)(?P<duration>[0-9]+(?:\.[0-9]+)?\ ?{unit})(?-u:\b)
            | (?-u:\b)(?P<number>[0-9]+(?:\.[0-9]+)*)(?-u:\b)
            | (?-u:\b)(?P<hexid>{hex}{{8,}})(?-u:\b)
            | (?P<path>(?:[A-Za-z]:)?[/\\]?(?:[A-Za-z0-9_.@~+-]+[/\\])+[A-Za-z0-9_.@~+-]*)
            | (?P<dotted>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)
            | (?P<quoted>(?:^|[^A-Za-z0-9_])[bBrRuUfF]{{0,2}}(?:'[^'\n]*'|"[^"\n]*"|`[^`\n]*`))
            "#
        );
        Regex::new(&pattern).expect("the mask pattern is valid")
    })
}

/// Masks what differs between runs and variants of one failure, in one pass:
/// UUIDs → `<uuid>`, timestamps and clock times → `<time>`, `0x…` and long hex ids (8+ hex
/// digits with a digit among them) → `<hex>`, durations (`4.88s`, `1500 ms`, `2 minutes`) →
/// `<duration>`, numbers → `<n>`, paths (absolute, relative with `./` or `~/`, with several
/// separators, or ending in a file name with an extension) → `<path>`, and quoted values
/// (`'…'`, `"…"`, `` `…` ``, Python's `b'…'`; a quote right after a letter is an apostrophe) →
/// `'<str>'`. White space runs become one space; the result is cut to 240 characters.
#[must_use]
pub fn mask(line: &str) -> String {
    let masked = masks().replace_all(line, |caps: &Captures| -> Cow<'static, str> {
        if caps.name("uuid").is_some() {
            return "<uuid>".into();
        }
        if caps.name("timestamp").is_some() || caps.name("clock").is_some() {
            return "<time>".into();
        }
        if caps.name("hex0x").is_some() {
            return "<hex>".into();
        }
        if caps.name("duration").is_some() {
            return "<duration>".into();
        }
        if caps.name("number").is_some() {
            return "<n>".into();
        }
        if let Some(id) = caps.name("hexid") {
            return if id.as_str().bytes().any(|b| b.is_ascii_digit()) {
                "<hex>".into()
            } else {
                id.as_str().to_owned().into()
            };
        }
        if let Some(dotted) = caps.name("dotted") {
            // `v1.2`, `datetime.datetime`: names, kept as written.
            return dotted.as_str().to_owned().into();
        }
        if let Some(path) = caps.name("path") {
            let path = path.as_str();
            return if is_path(path) {
                "<path>".into()
            } else {
                // `and/or`, `a/b`: words, whose numbers are still masked.
                mask_numbers(path).into()
            };
        }
        let quoted = caps.name("quoted").map_or("", |m| m.as_str());
        let at = quoted.find(['\'', '"', '`']).unwrap_or(0);
        let quote = &quoted[at..=at];
        format!("{}{quote}<str>{quote}", &quoted[..at]).into()
    });
    let mut out = String::with_capacity(masked.len());
    for word in masked.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > MAX_LINE_CHARS {
        out = out.chars().take(MAX_LINE_CHARS).collect();
    }
    out
}

/// A slash-separated token is a path when it is absolute or anchored (`/x`, `C:\x`, `./x`,
/// `~/x`), has two separators or more, or ends in a file name with an extension.
fn is_path(token: &str) -> bool {
    let separators = token.matches(['/', '\\']).count();
    let anchored = token.starts_with(['/', '\\', '.', '~'])
        || token.as_bytes().get(1) == Some(&b':')
        || token.is_empty();
    let last = token.rsplit(['/', '\\']).next().unwrap_or("");
    let extension = last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=5).contains(&ext.len())
            && ext.starts_with(|c: char| c.is_ascii_alphabetic())
    });
    separators > 0 && (anchored || separators >= 2 || extension)
}

fn mask_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_number = false;
    let mut previous_word = false;
    for c in text.chars() {
        let digit = c.is_ascii_digit();
        if digit && !previous_word {
            if !in_number {
                out.push_str("<n>");
                in_number = true;
            }
            continue;
        }
        if !(digit || (in_number && c == '.')) {
            in_number = false;
        }
        if !in_number {
            out.push(c);
        }
        previous_word = c.is_ascii_alphanumeric() || c == '_';
    }
    out
}

/// Frames of the test framework, runners and the language itself: skipped when looking for the
/// frame where a failure comes from.
const FRAMEWORK_FRAMES: [&str; 26] = [
    "org.junit.",
    "junit.framework.",
    "org.testng.",
    "org.opentest4j.",
    "org.assertj.",
    "org.hamcrest.",
    "io.qameta.allure",
    "org.apache.maven.surefire",
    "org.gradle.",
    "java.",
    "javax.",
    "jdk.",
    "sun.",
    "kotlin.",
    "scala.",
    "site-packages",
    "dist-packages",
    "_pytest",
    "pluggy",
    "/lib/python",
    "unittest/",
    "node_modules",
    "node:internal",
    "internal/",
    "<anonymous>",
    "processTicksAndRejections",
];

/// [`FRAMEWORK_FRAMES`] as one pattern of literals (searched at once, not one by one).
fn framework_frames() -> &'static Regex {
    static FRAMES: OnceLock<Regex> = OnceLock::new();
    FRAMES.get_or_init(|| {
        let literals: Vec<String> = FRAMEWORK_FRAMES.iter().map(|f| regex::escape(f)).collect();
        Regex::new(&literals.join("|")).expect("escaped literals form a valid pattern")
    })
}

/// The innermost frame of a trace that is not the framework's (see [`FRAMEWORK_FRAMES`]):
/// Java `at pkg.Class.method(File.java:12)` gives `pkg.Class.method`; JavaScript
/// `at fn (file:///src/x.ts:3:9)` gives `fn (/src/x.ts)`; Python `File "x.py", line 3, in f` and
/// pytest's `x.py:3: in f` give `x.py in f`. Java and JavaScript list the innermost frame first,
/// Python last.
#[must_use]
pub fn user_frame(trace: &str) -> Option<String> {
    // Python's marks, or a Java / JavaScript frame (`at …`), whichever comes first.
    let python = trace
        .lines()
        .map(str::trim_start)
        .find_map(|l| {
            if l.starts_with("File \"") || l.starts_with("Traceback") || l.starts_with("E ") {
                Some(true)
            } else {
                l.starts_with("at ").then_some(false)
            }
        })
        .unwrap_or(false);
    let framework = framework_frames();
    let own = |f: &String| !framework.is_match(f);
    // Frames are made one at a time from the innermost: most traces give theirs in a few lines.
    if python {
        trace.lines().rev().filter_map(frame_of).find(own)
    } else {
        trace.lines().filter_map(frame_of).find(own)
    }
}

/// One frame of a stack trace line, without line and column numbers.
fn frame_of(line: &str) -> Option<String> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("at ") {
        // Java: `at a.B.c(B.java:12)`; JavaScript: `at fn (path:1:2)` or `at path:1:2`.
        let rest = rest.trim();
        return Some(match rest.split_once(" (") {
            Some((function, location)) => {
                format!(
                    "{function} ({})",
                    strip_position(location.trim_end_matches(')'))
                )
            }
            None if rest.contains('(') => rest.split('(').next().unwrap_or(rest).to_owned(),
            None => strip_position(rest),
        });
    }
    if let Some(rest) = line.strip_prefix("File \"") {
        // Python: `File "path", line 3, in f`.
        let (path, tail) = rest.split_once('"')?;
        let function = tail.rsplit_once(" in ").map(|(_, f)| f.trim());
        return Some(match function {
            Some(f) => format!("{path} in {f}"),
            None => path.to_owned(),
        });
    }
    // pytest: `path:3: in f`, `path:3:` (no function), or the closing `path:3: Error`.
    let (location, what) = match line.strip_suffix(':') {
        Some(location) => (location, ""),
        None => line.split_once(": ")?,
    };
    let (path, number) = location.rsplit_once(':')?;
    if path.is_empty() || path.contains(' ') || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match what.strip_prefix("in ") {
        Some(function) => format!("{path} in {}", function.trim()),
        None => path.to_owned(),
    })
}

/// `file:///src/x.ts:3:9` → `/src/x.ts`; `B.java:12` → `B.java`.
fn strip_position(location: &str) -> String {
    let location = location.strip_prefix("file://").unwrap_or(location);
    let mut end = location;
    for _ in 0..2 {
        match end.rsplit_once(':') {
            Some((head, tail)) if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) => {
                end = head;
            }
            _ => break,
        }
    }
    end.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_qualified_or_end_like_exceptions() {
        assert_eq!(
            leading_type("AssertionError: assert 1 == 2"),
            Some(("AssertionError", "assert 1 == 2"))
        );
        assert_eq!(
            leading_type("java.lang.IllegalStateException: boom"),
            Some(("java.lang.IllegalStateException", "boom"))
        );
        assert_eq!(
            leading_type("AssertionError [ERR_ASSERTION]: x"),
            Some(("AssertionError", "x"))
        );
        assert_eq!(leading_type("StopIteration:"), Some(("StopIteration", "")));
        assert_eq!(leading_type("expected: <1> but was: <2>"), None);
        assert_eq!(leading_type("flaky: operation took 3s"), None);
        assert_eq!(leading_type("URL: http://x"), None);
        assert_eq!(leading_type("Error:x"), None, "a colon in a word");
    }

    #[test]
    fn the_trace_gives_the_type_when_the_message_has_none() {
        let vitest = "AssertionError: expected 'a' to be 'b'\n    at /ci/x.ts:3:9";
        assert_eq!(
            signature(Some("expected 'a' to be 'b'"), Some(vitest), false),
            "AssertionError: expected '<str>' to be '<str>'"
        );
        let pytest = "def test():\n>       raise ValueError('x')\nE       ValueError: x\n\ntests/test_a.py:3: ValueError";
        assert_eq!(trace_type(pytest), Some(("ValueError", "x")));
        let closing_only = "def test():\n>   boom()\n\ntests/test_a.py:3: KeyError";
        assert_eq!(trace_type(closing_only), Some(("KeyError", "")));
        assert_eq!(signature(None, None, false), "(no message)");
        assert_eq!(
            signature(
                None,
                Some("org.x.BoomException: kaput 42\n\tat a.B.c(B.java:1)"),
                false
            ),
            "org.x.BoomException: kaput <n>"
        );
    }

    #[test]
    fn durations_and_numbers_are_masked_so_variants_share_a_signature() {
        let a = signature(
            Some("AssertionError: flaky: operation took 4.88s, budget is 1.0s (run 6, attempt 1)"),
            None,
            false,
        );
        let b = signature(
            Some("AssertionError: flaky: operation took 2.33s, budget is 1.0s (run 2, attempt 3)"),
            None,
            false,
        );
        assert_eq!(a, b);
        assert_eq!(
            a,
            "AssertionError: flaky: operation took <duration>, budget is <duration> (run <n>, attempt <n>)"
        );
        assert_eq!(cluster_id(&a), cluster_id(&b));
        assert_eq!(cluster_id(&a).len(), 8);
        let other = signature(Some("AssertionError: assert len(items) == 3"), None, false);
        assert_ne!(cluster_id(&a), cluster_id(&other), "another assertion");
    }

    #[test]
    fn each_kind_of_value_is_masked() {
        let cases = [
            (
                "id 123e4567-e89b-12d3-a456-426614174000 gone",
                "id <uuid> gone",
            ),
            ("at 2026-11-22T03:02:52.123Z failed", "at <time> failed"),
            ("at 2026-11-22 03:02:52 failed", "at <time> failed"),
            ("clock 12:30:01 late", "clock <time> late"),
            ("object at 0x7f3a9c", "object at <hex>"),
            (
                "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
                "commit <hex>",
            ),
            (
                "waited 1500ms and 2 minutes",
                "waited <duration> and <duration>",
            ),
            ("expected 200 but was 404", "expected <n> but was <n>"),
            ("reach 127.0.0.1:6379", "reach <n>:<n>"),
            ("no file /tmp/pytest-12/out.txt", "no file <path>"),
            ("no file C:\\Users\\me\\x.txt", "no file <path>"),
            ("see tests/test_a.py", "see <path>"),
            ("read ./data here", "read <path> here"),
            ("and/or 1/2 stay words", "and/or <n>/<n> stay words"),
            (
                "KeyError 'user_42' and \"x\"",
                "KeyError '<str>' and \"<str>\"",
            ),
            ("assert b'value' == `cmd`", "assert b'<str>' == `<str>`"),
            ("can't find user's file", "can't find user's file"),
            ("item42 test_2 v1.2 stay", "item42 test_2 v1.2 stay"),
            ("  spaces   collapse ", "spaces collapse"),
        ];
        for (input, want) in cases {
            assert_eq!(mask(input), want, "{input}");
        }
        assert_eq!(mask(&"x".repeat(1000)).len(), MAX_LINE_CHARS);
    }

    #[test]
    fn frames_skip_the_framework() {
        let java = "org.opentest4j.AssertionFailedError: expected: <1> but was: <2>\n\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)\n\tat com.acme.CartTest.totals(CartTest.java:42)\n\tat java.base/jdk.internal.reflect.X.invoke(X.java:1)";
        assert_eq!(
            user_frame(java).as_deref(),
            Some("com.acme.CartTest.totals")
        );
        let js = "AssertionError: x\n    at /app/node_modules/vitest/a.js:1:1\n    at checkout (file:///app/src/cart.ts:41:17)\n    at /app/test/cart.test.ts:9:3";
        assert_eq!(
            user_frame(js).as_deref(),
            Some("checkout (/app/src/cart.ts)")
        );
        let py = "Traceback (most recent call last):\n  File \"/app/tests/test_cart.py\", line 9, in test_total\n    total()\n  File \"/app/cart.py\", line 3, in total\n    raise ValueError\n  File \"/usr/lib/python3.11/site-packages/x.py\", line 1, in y\nValueError";
        assert_eq!(user_frame(py).as_deref(), Some("/app/cart.py in total"));
        let pytest = "def test_total():\n>       total()\n\ntests/test_cart.py:9: \n_ _ _\n\n    def total():\n>       raise ValueError('x')\nE       ValueError: x\n\ncart.py:3: ValueError";
        assert_eq!(user_frame(pytest).as_deref(), Some("cart.py"));
        assert_eq!(
            signature(Some("ValueError: x"), Some(pytest), true),
            "ValueError: x @ cart.py"
        );
        assert_eq!(
            signature(Some("ValueError: x"), Some(pytest), false),
            "ValueError: x"
        );
    }

    #[test]
    fn a_signer_masks_each_line_once_and_agrees_with_signature() {
        let java = "org.opentest4j.AssertionFailedError: expected: <1> but was: <2>\n\tat com.acme.CartTest.totals(CartTest.java:42)";
        let cases = [
            (Some("AssertionError: took 4.88s"), None),
            (Some("AssertionError: took 4.88s"), None),
            (Some("AssertionError: took 2.33s"), None),
            (Some("expected: <1> but was: <2>"), Some(java)),
            (None, Some(java)),
        ];
        let mut signer = Signer::default();
        for (message, trace) in cases {
            for by_frame in [false, true] {
                assert_eq!(
                    signer.sign(message, trace, by_frame),
                    signature(message, trace, by_frame)
                );
            }
        }
        assert_eq!(signer.masked.len(), 3, "each distinct line masked once");
    }

    #[test]
    fn colour_codes_are_removed_before_masking() {
        // Playwright's message, as its reporter writes it into allure-results.
        let coloured = "Error: \u{1b}[2mexpect(\u{1b}[22m\u{1b}[31mlocator\u{1b}[39m\u{1b}[2m).\u{1b}[22mtoBeVisible\u{1b}[2m()\u{1b}[22m failed";
        let plain = "Error: expect(locator).toBeVisible() failed";
        let sig = signature(Some(coloured), None, false);
        assert_eq!(sig, signature(Some(plain), None, false));
        assert_eq!(sig, "Error: expect(locator).toBeVisible() failed");
        assert_eq!(
            signature(Some("assert 1 == 2\u{1b}[0m"), None, false),
            signature(Some("assert 1 == 2"), None, false)
        );
    }
}
