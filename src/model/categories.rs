//! `categories.json` rules and Allure 2's matching (`allure2 · category/CategoriesPlugin.java`).
//!
//! The first matching rule wins; `matchedStatuses` (empty = any), `messageRegex` and `traceRegex`
//! as Java `matches()` (whole string, DOTALL) on the ANSI-stripped text, and `flaky` when set.
//! Unmatched failures fall into "Product defects", broken results into "Test defects".
//!
//! The regexes are Java's ([`JavaRegex`]). A rule whose regex Java would reject, or that we
//! cannot match exactly as Java does, is noted and never matches. The file is untrusted: a
//! match that exceeds the backtrack limit counts as no match, and [`CategoryRules::limit_notes`]
//! names each rule where that happened. The history trend classifies earlier runs with the same
//! rules through [`CategoryRules::classify`]. No terminal dependencies.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::Value;

use super::java_regex::{JavaRegex, BACKTRACK_LIMIT};
use super::status::Status;

/// Default category of failed results no rule matched.
pub const PRODUCT_DEFECTS: &str = "Product defects";
/// Default category of broken results no rule matched.
pub const TEST_DEFECTS: &str = "Test defects";

/// One category rule.
#[derive(Debug, Clone)]
pub struct CategoryRule {
    /// Category name.
    pub name: String,
    /// Description shown with the category.
    pub description: Option<String>,
    /// Statuses it applies to (empty = any).
    pub statuses: Vec<Status>,
    /// Whole-string Java regex over the message.
    pub message: Option<JavaRegex>,
    /// Whole-string Java regex over the trace.
    pub trace: Option<JavaRegex>,
    /// Required flaky flag, when set.
    pub flaky: Option<bool>,
    /// False when a regex could not be compiled exactly: such a rule never matches.
    pub valid: bool,
    /// Set once a match of this rule gave up at the backtrack limit (shared by clones, so the
    /// history reader's copy reports too).
    limit_hit: Arc<AtomicBool>,
}

/// The ordered rules of a `categories.json`.
#[derive(Debug, Clone, Default)]
pub struct CategoryRules {
    /// Rules in file order.
    pub rules: Vec<CategoryRule>,
}

impl CategoryRules {
    /// Parses a `categories.json` document. Returns the rules and one note per problem.
    #[must_use]
    pub fn from_json(doc: &Value) -> (CategoryRules, Vec<String>) {
        let mut notes = Vec::new();
        let Some(items) = doc.as_array() else {
            notes.push("expected an array of categories".to_owned());
            return (CategoryRules::default(), notes);
        };
        let mut rules = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let Some(obj) = item.as_object() else {
                notes.push(format!("category #{}: not an object", index + 1));
                continue;
            };
            let name = obj
                .get("name")
                .and_then(Value::as_str)
                .map_or_else(|| format!("Category #{}", index + 1), str::to_owned);
            let mut valid = true;
            let mut regex = |key: &str, notes: &mut Vec<String>| -> Option<JavaRegex> {
                let pattern = obj.get(key).and_then(Value::as_str)?;
                match JavaRegex::new(pattern) {
                    Ok(re) => Some(re),
                    Err(err) => {
                        valid = false;
                        notes.push(format!(
                            "category \"{name}\": {key} {err}; the category never matches"
                        ));
                        None
                    }
                }
            };
            let message = regex("messageRegex", &mut notes);
            let trace = regex("traceRegex", &mut notes);
            let statuses = match obj.get("matchedStatuses") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(list)) => list
                    .iter()
                    .filter_map(Value::as_str)
                    .map(Status::parse)
                    .collect(),
                Some(Value::String(s)) => {
                    notes.push(format!(
                        "category \"{name}\": matchedStatuses should be an array; read \"{s}\" as one status"
                    ));
                    vec![Status::parse(s)]
                }
                Some(_) => {
                    notes.push(format!(
                        "category \"{name}\": matchedStatuses is not an array; ignored"
                    ));
                    Vec::new()
                }
            };
            rules.push(CategoryRule {
                description: obj
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                flaky: obj.get("flaky").and_then(Value::as_bool),
                name,
                statuses,
                message,
                trace,
                valid,
                limit_hit: Arc::default(),
            });
        }
        (CategoryRules { rules }, notes)
    }

    /// The category of a result: the first matching rule, else the default for failed/broken.
    #[must_use]
    pub fn classify(
        &self,
        status: Status,
        message: Option<&str>,
        trace: Option<&str>,
        flaky: bool,
    ) -> Option<&str> {
        let message = message.map(strip_ansi);
        let trace = trace.map(strip_ansi);
        self.rules
            .iter()
            .find(|rule| rule.matches(status, message.as_deref(), trace.as_deref(), flaky))
            .map(|rule| rule.name.as_str())
            .or(match status {
                Status::Failed => Some(PRODUCT_DEFECTS),
                Status::Broken => Some(TEST_DEFECTS),
                _ => None,
            })
    }
}

impl CategoryRules {
    /// One note for each rule whose regex gave up at the backtrack limit on some text (those
    /// texts were taken as not matching).
    #[must_use]
    pub fn limit_notes(&self) -> Vec<String> {
        self.rules
            .iter()
            .filter(|rule| rule.limit_hit.load(Ordering::Relaxed))
            .map(|rule| {
                format!(
                    "category \"{}\": a regex gave up after {BACKTRACK_LIMIT} backtracking steps on some results, which were taken as not matching",
                    rule.name
                )
            })
            .collect()
    }
}

impl CategoryRule {
    fn matches(
        &self,
        status: Status,
        message: Option<&str>,
        trace: Option<&str>,
        flaky: bool,
    ) -> bool {
        let text_matches = |re: &Option<JavaRegex>, text: Option<&str>| match re {
            None => true,
            Some(re) => text.is_some_and(|t| {
                re.matches(t).unwrap_or_else(|_| {
                    self.limit_hit.store(true, Ordering::Relaxed);
                    false
                })
            }),
        };
        self.valid
            && (self.statuses.is_empty() || self.statuses.contains(&status))
            && text_matches(&self.message, message)
            && text_matches(&self.trace, trace)
            && self.flaky.is_none_or(|f| f == flaky)
    }
}

/// Removes `ESC [ ... letter` sequences, as Allure 2 does before matching.
#[must_use]
pub fn strip_ansi(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\u{1b}') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for next in chars.by_ref() {
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(doc: &Value) -> CategoryRules {
        let (rules, notes) = CategoryRules::from_json(doc);
        assert!(notes.is_empty(), "{notes:?}");
        rules
    }

    #[test]
    fn first_match_wins_and_defaults_apply() {
        let r = rules(&json!([
            {"name": "Flaky", "messageRegex": ".*flaky:.*", "matchedStatuses": ["failed", "broken"]},
            {"name": "Any failure", "matchedStatuses": ["failed"]}
        ]));
        assert_eq!(
            r.classify(Status::Failed, Some("x flaky: y"), None, false),
            Some("Flaky")
        );
        assert_eq!(
            r.classify(Status::Failed, Some("other"), None, false),
            Some("Any failure")
        );
        assert_eq!(
            r.classify(Status::Broken, Some("other"), None, false),
            Some(TEST_DEFECTS)
        );
        assert_eq!(r.classify(Status::Passed, None, None, false), None);
        assert_eq!(
            CategoryRules::default().classify(Status::Failed, None, None, false),
            Some(PRODUCT_DEFECTS)
        );
    }

    #[test]
    fn regex_is_a_whole_string_dotall_match() {
        let r = rules(&json!([{"name": "A", "messageRegex": "Assertion.*"}]));
        assert_eq!(
            r.classify(Status::Failed, Some("AssertionError\nline 2"), None, false),
            Some("A")
        );
        assert_eq!(
            r.classify(Status::Failed, Some("An AssertionError"), None, false),
            Some(PRODUCT_DEFECTS),
            "partial matches do not count"
        );
    }

    #[test]
    fn null_message_never_matches_a_set_regex() {
        let r = rules(&json!([{"name": "A", "messageRegex": ".*"}]));
        assert_eq!(
            r.classify(Status::Failed, None, None, false),
            Some(PRODUCT_DEFECTS)
        );
        assert_eq!(r.classify(Status::Failed, Some(""), None, false), Some("A"));
    }

    #[test]
    fn ansi_is_stripped_before_matching() {
        let r = rules(&json!([{"name": "Red", "messageRegex": "boom"}]));
        assert_eq!(
            r.classify(Status::Failed, Some("\u{1b}[31mboom\u{1b}[0m"), None, false),
            Some("Red")
        );
    }

    #[test]
    fn flaky_flag_must_agree_when_set() {
        let r = rules(&json!([{"name": "F", "flaky": true}]));
        assert_eq!(r.classify(Status::Failed, None, None, true), Some("F"));
        assert_eq!(
            r.classify(Status::Failed, None, None, false),
            Some(PRODUCT_DEFECTS)
        );
    }

    #[test]
    fn java_only_syntax_is_honoured() {
        let r = rules(&json!([
            {"name": "Quoted", "messageRegex": "\\Q[x]*\\E.*"},
            {"name": "Lookahead", "messageRegex": "(?=.*timeout).*"},
            {"name": "Possessive", "messageRegex": "a.*+b"},
            {"name": "Ascii word", "messageRegex": "\\w+"}
        ]));
        assert_eq!(
            r.classify(Status::Failed, Some("[x]* y"), None, false),
            Some("Quoted")
        );
        assert_eq!(
            r.classify(Status::Failed, Some("read timeout"), None, false),
            Some("Lookahead")
        );
        assert_eq!(
            r.classify(Status::Failed, Some("a-b"), None, false),
            Some(PRODUCT_DEFECTS),
            "a possessive .*+ never gives back the b"
        );
        assert_eq!(
            r.classify(Status::Failed, Some("café"), None, false),
            Some(PRODUCT_DEFECTS)
        );
        assert_eq!(
            r.classify(Status::Failed, Some("cafe"), None, false),
            Some("Ascii word")
        );
    }

    #[test]
    fn inexact_constructs_are_refused_with_a_note_naming_the_rule() {
        let (r, notes) = CategoryRules::from_json(&json!([
            {"name": "Graphemes", "messageRegex": "\\X+"}
        ]));
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("\"Graphemes\"") && notes[0].contains("\\X"),
            "{notes:?}"
        );
        assert_eq!(
            r.classify(Status::Failed, Some("a"), None, false),
            Some(PRODUCT_DEFECTS)
        );
    }

    #[test]
    fn the_backtrack_limit_counts_as_no_match_and_is_noted_once() {
        let r = rules(&json!([
            {"name": "Catastrophic", "messageRegex": "(\\w+\\s?)*+x|(a|aa)+(?=b)c"},
            {"name": "Fallback", "matchedStatuses": ["failed"]}
        ]));
        let text = "a".repeat(64);
        assert!(r.limit_notes().is_empty());
        assert_eq!(
            r.classify(Status::Failed, Some(&text), None, false),
            Some("Fallback")
        );
        assert_eq!(
            r.classify(Status::Failed, Some(&text), None, false),
            Some("Fallback")
        );
        let notes = r.limit_notes();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("\"Catastrophic\""));
        let copy = r.clone();
        assert_eq!(copy.limit_notes().len(), 1, "clones share what was hit");
    }

    #[test]
    fn invalid_rules_are_noted_and_never_match() {
        let (r, notes) = CategoryRules::from_json(&json!([
            {"name": "Bad", "messageRegex": "(unclosed"},
            {"name": "Str", "matchedStatuses": "failed"},
            {"name": "Good", "matchedStatuses": ["broken"]}
        ]));
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(
            r.classify(Status::Failed, Some("(unclosed"), None, false),
            Some("Str")
        );
        assert_eq!(r.classify(Status::Broken, None, None, false), Some("Good"));
    }
}
