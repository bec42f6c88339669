//! Generated reports as input: an Allure 2 report (`data/test-cases/*.json`, `widgets/`,
//! `history/`) or an Allure 3 report (`test-results.json`, `data/test-results/`,
//! `data/history/`), shown as that report shows them: its tests, statuses, steps, attachments,
//! retries, categories and history.
//!
//! Report files are read leniently (every field optional, a wrong type a note). Each result
//! keeps the history its report shows for it ([`TestResult::embedded_history`]); an Allure 2
//! report's categories are taken as it decided them. No terminal dependencies.

pub mod allure2;
pub mod allure3;

use serde_json::{Map, Value};

use super::convert::{text, timestamp, Issues};
use super::history::RawHistoryEntry;
use super::result::{Attachment, AttachmentAccess, Label, Link, Parameter, ParameterMode, Step};
use super::status::Status;
use super::text::Text;

/// A status field.
fn status_of(obj: &Map<String, Value>, key: &str) -> Status {
    obj.get(key)
        .and_then(Value::as_str)
        .map_or(Status::Unknown, Status::parse)
}

/// `{name, value}` labels.
fn labels_of(obj: &Map<String, Value>) -> Vec<Label> {
    obj.get("labels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| {
            Some(Label {
                name: Text::from(l.get("name")?.as_str()?),
                value: Text::from(scalar(l.get("value")?)?),
            })
        })
        .collect()
}

/// `{name, url, type}` links.
fn links_of(obj: &Map<String, Value>) -> Vec<Link> {
    obj.get("links")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| {
            let url = l.get("url")?.as_str().filter(|u| !u.is_empty())?;
            Some(Link {
                name: l.get("name").and_then(scalar).map(Text::from),
                url: Text::from(url),
                kind: l.get("type").and_then(scalar).map(Text::from),
            })
        })
        .collect()
}

/// Parameters; Allure 3 reports write `hidden`/`masked`/`excluded` as booleans, Allure 2
/// reports only show the displayed ones.
fn parameters_of(obj: &Map<String, Value>) -> Vec<Parameter> {
    obj.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let flag = |name: &str| p.get(name).and_then(Value::as_bool).unwrap_or(false);
            let mode = match p.get("mode").and_then(Value::as_str) {
                Some("masked") => ParameterMode::Masked,
                Some("hidden") => ParameterMode::Hidden,
                _ if flag("masked") => ParameterMode::Masked,
                _ if flag("hidden") => ParameterMode::Hidden,
                _ => ParameterMode::Default,
            };
            Some(Parameter {
                name: Text::from(scalar(p.get("name")?)?),
                value: p.get("value").and_then(|v| match v {
                    Value::Null => None,
                    Value::String(s) => Some(Text::from(s.as_str())),
                    other => Some(Text::from(other.to_string())),
                }),
                excluded: flag("excluded"),
                mode,
            })
        })
        .collect()
}

/// The text of a scalar.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An attachment of a report: its file is in the report's `data/attachments/`.
fn attachment_of(obj: &Map<String, Value>, source_key: &str) -> Attachment {
    let source = obj
        .get(source_key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(Text::from);
    Attachment {
        name: obj.get("name").and_then(scalar).map(Text::from),
        access: if source.is_some() {
            AttachmentAccess::Missing
        } else {
            AttachmentAccess::NoSource
        },
        source,
        mime: obj.get("type").and_then(Value::as_str).map(Text::from),
        declared_size: obj
            .get("size")
            .or_else(|| obj.get("contentLength"))
            .and_then(Value::as_u64),
        file_size: None,
    }
}

/// `time: {start, stop}` (Allure 2 reports) or `start`/`stop` (Allure 3 reports).
fn times_of(obj: &Map<String, Value>, issues: &mut Issues) -> (Option<i64>, Option<i64>) {
    match obj.get("time").and_then(Value::as_object) {
        Some(time) => (
            timestamp(time, "start", issues),
            timestamp(time, "stop", issues),
        ),
        None => (
            timestamp(obj, "start", issues),
            timestamp(obj, "stop", issues),
        ),
    }
}

/// A history item a report shows for a test: Allure 2's `{uid, status, statusDetails, time}`
/// or Allure 3's `{id, status, message, trace, start, stop, duration}`.
fn history_item(item: &Value, issues: &mut Issues) -> Option<RawHistoryEntry> {
    let obj = item.as_object()?;
    let (start, stop) = times_of(obj, issues);
    let duration = obj
        .get("time")
        .and_then(|t| t.get("duration"))
        .or_else(|| obj.get("duration"))
        .and_then(Value::as_i64);
    let message = match obj.get("statusDetails") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(d)) => d.get("message").and_then(Value::as_str).map(str::to_owned),
        _ => obj
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    Some(RawHistoryEntry {
        id_hash: None,
        status: status_of(obj, "status"),
        start,
        stop,
        duration,
        message,
        trace: obj.get("trace").and_then(Value::as_str).map(str::to_owned),
        url: obj
            .get("reportUrl")
            .or_else(|| obj.get("url"))
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
            .map(str::to_owned),
    })
}

/// A step of an Allure 2 report (`name, time, status, statusMessage, statusTrace, steps,
/// attachments, parameters`); fixtures have the same shape.
fn allure2_step(obj: &Map<String, Value>, depth: usize, issues: &mut Issues) -> Step {
    let (start, stop) = times_of(obj, issues);
    Step {
        name: text(obj, "name", issues).unwrap_or_default(),
        status: status_of(obj, "status"),
        details: super::result::StatusDetails {
            message: text(obj, "statusMessage", issues),
            trace: text(obj, "statusTrace", issues),
            ..super::result::StatusDetails::default()
        },
        start,
        stop,
        // start and stop give it: a duration alone is for inputs without times.
        duration: None,
        parameters: parameters_of(obj),
        attachments: obj
            .get("attachments")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|a| attachment_of(a, "source"))
            .collect(),
        steps: if depth >= super::convert::MAX_STEP_DEPTH {
            Vec::new()
        } else {
            obj.get("steps")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .map(|s| allure2_step(s, depth + 1, issues))
                .collect()
        },
    }
}
