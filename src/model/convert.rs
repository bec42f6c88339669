//! Lenient conversion of parsed JSON into results, steps and attachments.
//!
//! Allure files come from many adapters and sometimes from half-broken writers. Every field is
//! optional; a field of the wrong type is dropped and noted (so the caller can warn, naming the
//! file), never fatal. No terminal dependencies.

use serde_json::{Map, Value};

use super::result::{
    Attachment, AttachmentAccess, ContainerFixtures, Label, Link, Parameter, ParameterMode,
    ResultBody, StatusDetails, Step, TestResult,
};
use super::status::Status;
use super::text::Text;

/// Deepest step nesting kept; deeper steps are dropped with a note. Keeps every recursive walk
/// over steps (here and in the UI) far from the stack limit.
pub const MAX_STEP_DEPTH: usize = 1024;

/// Collects what was wrong with a document while converting it.
#[derive(Debug, Default)]
pub struct Issues {
    /// One line per problem, each starting with the JSON path.
    pub items: Vec<String>,
}

impl Issues {
    fn wrong_type(&mut self, path: &str, expected: &str, got: &Value) {
        self.items
            .push(format!("{path}: expected {expected}, got {}", kind(got)));
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Converts a parsed `*-result.json` document.
pub fn convert_result(value: &Value, issues: &mut Issues) -> Option<TestResult> {
    let Some(obj) = value.as_object() else {
        issues.wrong_type("$", "an object", value);
        return None;
    };
    let full_name = text(obj, "fullName", issues);
    let name = text(obj, "name", issues)
        .filter(|n| !n.is_empty())
        .or_else(|| full_name.clone())
        .unwrap_or_else(|| Text::from(UNKNOWN_TEST));
    let result = TestResult {
        uuid: text(obj, "uuid", issues),
        history_id: text(obj, "historyId", issues),
        test_case_id: text(obj, "testCaseId", issues),
        full_name,
        name,
        title_path: string_array(obj, "titlePath", issues),
        status: status(obj, "status", issues),
        details: status_details(obj, "statusDetails", issues),
        stage: text(obj, "stage", issues),
        start: timestamp(obj, "start", issues),
        stop: timestamp(obj, "stop", issues),
        labels: labels(obj, issues),
        parameters: parameters(obj, "parameters", issues),
        ..TestResult::default()
    };
    Some(result.with_body(convert_body(obj)))
}

/// The body of a result object (see [`crate::model::result::ResultBody`]); its notes are the
/// body's `issues`.
#[must_use]
pub fn convert_body(obj: &Map<String, Value>) -> ResultBody {
    let mut issues = Issues::default();
    let links = links(obj, &mut issues);
    let steps = steps(obj, "steps", 1, &mut issues);
    let attachments = attachments(obj, "attachments", &mut issues);
    let description = text(obj, "description", &mut issues);
    let description_html = text(obj, "descriptionHtml", &mut issues);
    ResultBody {
        steps,
        attachments,
        links,
        description,
        description_html,
        issues: issues.items,
    }
}

/// The name of a result that has neither `name` nor `fullName` (Allure's own fallback).
pub const UNKNOWN_TEST: &str = "Unknown test";

/// Converts a step or fixture object; `depth` is its nesting level (1 = top).
pub fn convert_step(value: &Value, path: &str, depth: usize, issues: &mut Issues) -> Option<Step> {
    let Some(obj) = value.as_object() else {
        issues.wrong_type(path, "an object", value);
        return None;
    };
    Some(Step {
        name: text(obj, "name", issues).unwrap_or_default(),
        status: status(obj, "status", issues),
        details: status_details(obj, "statusDetails", issues),
        start: timestamp(obj, "start", issues),
        stop: timestamp(obj, "stop", issues),
        duration: None,
        parameters: parameters(obj, "parameters", issues),
        attachments: attachments(obj, "attachments", issues),
        steps: steps(obj, "steps", depth + 1, issues),
    })
}

/// An optional string field. Numbers and booleans are accepted as their text (some writers put
/// numeric ids); other types are noted and dropped.
pub fn string(obj: &Map<String, Value>, key: &str, issues: &mut Issues) -> Option<String> {
    match obj.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => {
            issues.wrong_type(key, "a string", other);
            None
        }
    }
}

fn bool_field(obj: &Map<String, Value>, key: &str, issues: &mut Issues) -> bool {
    match obj.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        Some(other) => {
            issues.wrong_type(key, "a boolean", other);
            false
        }
    }
}

/// [`string`] as a [`Text`].
pub fn text(obj: &Map<String, Value>, key: &str, issues: &mut Issues) -> Option<Text> {
    string(obj, key, issues).map(Text::from)
}

/// An epoch-ms timestamp. Floats in range are truncated; anything else is noted and dropped.
pub fn timestamp(obj: &Map<String, Value>, key: &str, issues: &mut Issues) -> Option<i64> {
    let value = obj.get(key)?;
    match value {
        Value::Null => None,
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.is_finite() && f.abs() < 9.0e15 {
                    Some(f as i64)
                } else {
                    issues.items.push(format!("{key}: {n} is out of range"));
                    None
                }
            }
        }
        // Allure 2 (Jackson) reads a number written as a string.
        Value::String(text) if text.trim().parse::<i64>().is_ok() => {
            issues.items.push(format!(
                "{key}: a number written as a string; read as the number"
            ));
            text.trim().parse().ok()
        }
        other => {
            issues.wrong_type(key, "a number", other);
            None
        }
    }
}

fn status(obj: &Map<String, Value>, key: &str, issues: &mut Issues) -> Status {
    match obj.get(key) {
        None | Some(Value::Null) => Status::Unknown,
        Some(Value::String(s)) => Status::parse(s),
        Some(other) => {
            issues.wrong_type(key, "a string", other);
            Status::Unknown
        }
    }
}

fn array<'a>(obj: &'a Map<String, Value>, key: &str, issues: &mut Issues) -> &'a [Value] {
    match obj.get(key) {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(other) => {
            issues.wrong_type(key, "an array", other);
            &[]
        }
    }
}

fn string_array(obj: &Map<String, Value>, key: &str, issues: &mut Issues) -> Vec<Text> {
    array(obj, key, issues)
        .iter()
        .filter_map(|v| match v {
            Value::String(s) => Some(Text::from(s.as_str())),
            Value::Number(n) => Some(Text::from(n.to_string())),
            _ => None,
        })
        .collect()
}

fn status_details(obj: &Map<String, Value>, key: &str, issues: &mut Issues) -> StatusDetails {
    match obj.get(key) {
        None | Some(Value::Null) => StatusDetails::default(),
        Some(Value::Object(d)) => StatusDetails {
            message: text(d, "message", issues),
            trace: text(d, "trace", issues),
            known: bool_field(d, "known", issues),
            muted: bool_field(d, "muted", issues),
            flaky: bool_field(d, "flaky", issues),
            actual: text(d, "actual", issues),
            expected: text(d, "expected", issues),
        },
        Some(other) => {
            issues.wrong_type(key, "an object", other);
            StatusDetails::default()
        }
    }
}

fn labels(obj: &Map<String, Value>, issues: &mut Issues) -> Vec<Label> {
    let mut skipped = 0;
    let labels = array(obj, "labels", issues)
        .iter()
        .filter_map(|v| {
            let o = v.as_object();
            let name = o.and_then(|o| o.get("name")).and_then(Value::as_str);
            let value = o.and_then(|o| o.get("value")).and_then(scalar_text);
            if let (Some(name), Some(value)) = (name, value) {
                Some(Label {
                    name: Text::from(name),
                    value: Text::from(value),
                })
            } else {
                skipped += 1;
                None
            }
        })
        .collect();
    if skipped > 0 {
        issues.items.push(format!(
            "labels: {skipped} entries without a name/value skipped"
        ));
    }
    labels
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn links(obj: &Map<String, Value>, issues: &mut Issues) -> Vec<Link> {
    let mut skipped = 0;
    let links = array(obj, "links", issues)
        .iter()
        .filter_map(|v| {
            let o = v.as_object();
            let url = o.and_then(|o| o.get("url")).and_then(Value::as_str);
            match (o, url) {
                // Allure 3 drops links without a url; we do the same.
                (Some(o), Some(url)) if !url.is_empty() => Some(Link {
                    name: o.get("name").and_then(scalar_text).map(Text::from),
                    url: Text::from(url),
                    kind: o.get("type").and_then(scalar_text).map(Text::from),
                }),
                (Some(_), _) => None,
                (None, _) => {
                    skipped += 1;
                    None
                }
            }
        })
        .collect();
    if skipped > 0 {
        issues
            .items
            .push(format!("links: {skipped} non-object entries skipped"));
    }
    links
}

fn parameters(obj: &Map<String, Value>, key: &str, issues: &mut Issues) -> Vec<Parameter> {
    let mut skipped = 0;
    let params = array(obj, key, issues)
        .iter()
        .filter_map(|v| {
            let Some(o) = v.as_object() else {
                skipped += 1;
                return None;
            };
            let name = o.get("name").and_then(scalar_text).unwrap_or_default();
            let mode = match o.get("mode").and_then(Value::as_str) {
                Some("masked") => ParameterMode::Masked,
                Some("hidden") => ParameterMode::Hidden,
                _ => ParameterMode::Default,
            };
            Some(Parameter {
                name: Text::from(name),
                value: o.get("value").and_then(|v| match v {
                    Value::Null => None,
                    Value::String(s) => Some(Text::from(s.as_str())),
                    other => Some(Text::from(other.to_string())),
                }),
                excluded: o.get("excluded").and_then(Value::as_bool).unwrap_or(false),
                mode,
            })
        })
        .collect();
    if skipped > 0 {
        issues
            .items
            .push(format!("{key}: {skipped} non-object entries skipped"));
    }
    params
}

fn steps(obj: &Map<String, Value>, key: &str, depth: usize, issues: &mut Issues) -> Vec<Step> {
    let items = array(obj, key, issues);
    if depth > MAX_STEP_DEPTH {
        if !items.is_empty() {
            issues.items.push(format!(
                "steps nested deeper than {MAX_STEP_DEPTH} levels were dropped"
            ));
        }
        return Vec::new();
    }
    items
        .iter()
        .filter_map(|v| convert_step(v, key, depth, issues))
        .collect()
}

/// Converts an `attachments` array. Access is decided later, against the results directory.
pub fn attachments(obj: &Map<String, Value>, key: &str, issues: &mut Issues) -> Vec<Attachment> {
    let mut skipped = 0;
    let list = array(obj, key, issues)
        .iter()
        .filter_map(|v| {
            let Some(o) = v.as_object() else {
                skipped += 1;
                return None;
            };
            let source = o
                .get("source")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(Text::from);
            Some(Attachment {
                name: o.get("name").and_then(scalar_text).map(Text::from),
                access: if source.is_some() {
                    AttachmentAccess::Missing
                } else {
                    AttachmentAccess::NoSource
                },
                source,
                mime: o.get("type").and_then(Value::as_str).map(Text::from),
                declared_size: o.get("size").and_then(Value::as_u64),
                file_size: None,
            })
        })
        .collect();
    if skipped > 0 {
        issues
            .items
            .push(format!("{key}: {skipped} non-object entries skipped"));
    }
    list
}

/// Converts a parsed `*-container.json` document.
pub fn convert_container(doc: &Value, issues: &mut Issues) -> Option<ContainerFixtures> {
    let Some(obj) = doc.as_object() else {
        issues.items.push("$: expected an object".to_owned());
        return None;
    };
    let fixtures = |key: &str, issues: &mut Issues| -> Vec<Step> {
        match obj.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .filter(|v| !v.is_null())
                .filter_map(|v| convert_step(v, key, 1, issues))
                .collect(),
            None | Some(Value::Null) => Vec::new(),
            Some(_) => {
                issues.items.push(format!("{key}: expected an array"));
                Vec::new()
            }
        }
    };
    let befores = fixtures("befores", issues);
    let afters = fixtures("afters", issues);
    let children: Vec<Text> = obj
        .get("children")
        .and_then(Value::as_array)
        .map(|c| c.iter().filter_map(Value::as_str).map(Text::from).collect())
        .unwrap_or_default();
    // A container without children is normal (allure-pytest writes them for fixtures of
    // deselected or skipped tests); Allure ignores it, and so do we.
    Some(ContainerFixtures {
        children,
        befores,
        afters,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn full_result_converts() {
        let doc = json!({
            "uuid": "u1", "historyId": "h", "testCaseId": "t", "fullName": "a.b#c", "name": "c",
            "titlePath": ["a", "b"], "status": "failed",
            "statusDetails": {"message": "m", "trace": "t", "flaky": true, "known": true, "actual": "1", "expected": "2"},
            "start": 10, "stop": 20,
            "labels": [{"name": "suite", "value": "S"}],
            "links": [{"name": "JIRA-1", "url": "http://x", "type": "issue"}, {"name": "no url"}],
            "parameters": [{"name": "p", "value": "v", "excluded": true, "mode": "masked"}],
            "steps": [{"name": "s1", "status": "passed", "steps": [{"name": "s2", "status": "failed"}]}],
            "attachments": [{"name": "log", "source": "x-attachment.txt", "type": "text/plain", "size": 5}],
            "description": "d"
        });
        let mut issues = Issues::default();
        let r = convert_result(&doc, &mut issues).unwrap();
        assert!(issues.items.is_empty(), "{:?}", issues.items);
        assert_eq!(r.status, Status::Failed);
        assert!(r.details.flaky && r.details.known && !r.details.muted);
        assert_eq!(r.duration(), Some(10));
        assert_eq!(r.label("suite"), Some("S"));
        assert_eq!(r.body().links.len(), 1, "links without url are dropped");
        assert_eq!(r.parameters[0].mode, ParameterMode::Masked);
        assert!(r.parameters[0].excluded);
        assert_eq!(r.body().steps[0].steps[0].status, Status::Failed);
        assert_eq!(r.body().attachments[0].declared_size, Some(5));
        assert_eq!(r.title_path, ["a", "b"]);
    }

    #[test]
    fn wrong_types_are_noted_and_the_rest_kept() {
        let doc = json!({
            "uuid": "u5", "name": "wrong types", "status": 3, "start": "yesterday", "stop": null,
            "labels": {"name": "x"}, "steps": null, "attachments": "a.txt", "statusDetails": [1],
            "historyId": 42, "links": [null, 7]
        });
        let mut issues = Issues::default();
        let r = convert_result(&doc, &mut issues).unwrap();
        assert_eq!(r.name, "wrong types");
        assert_eq!(r.status, Status::Unknown);
        assert_eq!(r.history_id.as_deref(), Some("42"));
        assert_eq!(r.start, None);
        // The body's problems are the body's: read when a test is opened.
        let text = format!(
            "{}; {}",
            issues.items.join("; "),
            r.body().issues.join("; ")
        );
        for expected in [
            "status",
            "start",
            "labels",
            "attachments",
            "statusDetails",
            "links",
        ] {
            assert!(text.contains(expected), "{expected} not noted in {text}");
        }
        assert!(!text.contains("steps"), "null steps is fine: {text}");
    }

    #[test]
    fn name_falls_back_to_full_name_then_unknown() {
        let mut issues = Issues::default();
        let r = convert_result(&json!({"fullName": "pkg.T#m"}), &mut issues).unwrap();
        assert_eq!(r.name, "pkg.T#m");
        let r = convert_result(&json!({}), &mut issues).unwrap();
        assert_eq!(r.name, "Unknown test");
    }

    #[test]
    fn absurd_timestamps_are_dropped() {
        let mut issues = Issues::default();
        let r = convert_result(&json!({"start": 1e300, "stop": -1}), &mut issues).unwrap();
        assert_eq!((r.start, r.stop), (None, Some(-1)));
        assert_eq!(issues.items.len(), 1);
    }

    #[test]
    fn steps_deeper_than_the_limit_are_dropped_with_a_note() {
        let result = std::thread::Builder::new()
            .stack_size(super::super::json_read::PARSE_STACK_BYTES)
            .spawn(move || {
                let mut doc = json!({"name": "leaf"});
                for _ in 0..(MAX_STEP_DEPTH + 5) {
                    doc = json!({"name": "s", "steps": [doc]});
                }
                let mut issues = Issues::default();
                let r = convert_result(&json!({"steps": [doc]}), &mut issues).unwrap();
                let mut depth = 0;
                let mut level = &r.body().steps;
                while let Some(first) = level.first() {
                    depth += 1;
                    level = &first.steps;
                }
                (depth, r.body().issues.clone())
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(result.0, MAX_STEP_DEPTH);
        assert!(result.1[0].contains("deeper"));
    }
}
