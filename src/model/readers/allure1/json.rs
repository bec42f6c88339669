//! `*-testsuite.json`: the Allure 1 JSON form (`testCases`, `steps`, `attachments`, `labels`,
//! `parameters`, `failure.message`/`failure.stackTrace`). Allure 2 reads it with Jackson set to
//! accept property names in any case, so keys are matched case-insensitively here too; a value
//! of the wrong type is skipped. No terminal dependencies.

use serde_json::{Map, Value};

use super::doc::{AttachmentDoc, CaseDoc, DescriptionDoc, ParameterDoc, StepDoc, SuiteDoc};
use crate::model::convert::MAX_STEP_DEPTH;
use crate::model::json_read::parse_json_bytes;

/// Parses an Allure 1 JSON document; `None` (with an issue) when it is not one.
pub fn parse(bytes: &[u8], issues: &mut Vec<String>) -> Option<SuiteDoc> {
    let doc = match parse_json_bytes(bytes) {
        Ok(doc) => doc,
        Err(reason) => {
            issues.push(reason);
            return None;
        }
    };
    issues.extend(doc.notes);
    let Some(root) = doc.value.as_object() else {
        issues.push("$: expected an object: not an Allure 1 test suite".to_owned());
        return None;
    };
    let mut deep = false;
    let suite = SuiteDoc {
        name: string(root, "name"),
        title: string(root, "title"),
        description: description(root),
        labels: labels(root),
        cases: objects(root, "testCases")
            .map(|case| test_case(case, &mut deep))
            .collect(),
    };
    if deep {
        issues.push(format!(
            "steps nested deeper than {MAX_STEP_DEPTH} levels were dropped"
        ));
    }
    Some(suite)
}

fn test_case(case: &Map<String, Value>, deep: &mut bool) -> CaseDoc {
    let failure = get(case, "failure").and_then(Value::as_object);
    CaseDoc {
        name: string(case, "name"),
        title: string(case, "title"),
        description: description(case),
        status: string(case, "status"),
        start: number(case, "start"),
        stop: number(case, "stop"),
        message: failure.and_then(|f| string(f, "message")),
        trace: failure.and_then(|f| string(f, "stackTrace")),
        steps: steps(case, 1, deep),
        attachments: attachments(case),
        labels: labels(case),
        parameters: objects(case, "parameters")
            .map(|p| ParameterDoc {
                name: string(p, "name"),
                value: string(p, "value"),
                kind: string(p, "kind"),
            })
            .collect(),
    }
}

fn steps(parent: &Map<String, Value>, depth: usize, deep: &mut bool) -> Vec<StepDoc> {
    if depth > MAX_STEP_DEPTH {
        *deep |= objects(parent, "steps").next().is_some();
        return Vec::new();
    }
    objects(parent, "steps")
        .map(|step| StepDoc {
            name: string(step, "name"),
            title: string(step, "title"),
            status: string(step, "status"),
            start: number(step, "start"),
            stop: number(step, "stop"),
            steps: steps(step, depth + 1, deep),
            attachments: attachments(step),
        })
        .collect()
}

fn attachments(parent: &Map<String, Value>) -> Vec<AttachmentDoc> {
    objects(parent, "attachments")
        .map(|a| AttachmentDoc {
            title: string(a, "title"),
            source: string(a, "source"),
            mime: string(a, "type"),
            size: get(a, "size").and_then(Value::as_u64),
        })
        .collect()
}

fn labels(parent: &Map<String, Value>) -> Vec<(String, String)> {
    objects(parent, "labels")
        .filter_map(|l| Some((string(l, "name")?, string(l, "value")?)))
        .collect()
}

fn description(parent: &Map<String, Value>) -> Option<DescriptionDoc> {
    let d = get(parent, "description")?.as_object()?;
    Some(DescriptionDoc {
        value: string(d, "value")?,
        html: string(d, "type").is_some_and(|t| t.eq_ignore_ascii_case("html")),
    })
}

/// A key, matched case-insensitively (the exact spelling first).
fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// The objects of an array field.
fn objects<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = &'a Map<String, Value>> + 'a {
    get(obj, key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// A string field; numbers and booleans are taken as their text.
fn string(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match get(obj, key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An epoch-ms number field (also written as a numeric string).
fn number(obj: &Map<String, Value>, key: &str) -> Option<i64> {
    match get(obj, key)? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.abs() < 9.0e15).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
