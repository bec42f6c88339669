//! Cucumber steps and hooks as Allure steps, and what they carry as inline attachments (doc
//! strings, data tables, embeddings, output), as Allure 3's cucumberjson reader maps them
//! (`allure3 · packages/reader/src/cucumberjson/index.ts`). No terminal dependencies.

use std::sync::Arc;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde_json::{Map, Value};

use crate::model::result::{Attachment, AttachmentAccess, InlineData, StatusDetails, Step};
use crate::model::status::Status;
use crate::model::text::{Interner, Text};

/// Allure 3's name for a step without one.
pub const STEP_NAME_PLACEHOLDER: &str = "The step's name is not defined";

/// A Cucumber result status as Allure's (Allure 3: pending is skipped; undefined and ambiguous
/// are broken; anything else unknown).
#[must_use]
pub fn status_of(cucumber: &str) -> Status {
    match cucumber {
        "passed" => Status::Passed,
        "failed" => Status::Failed,
        "skipped" | "pending" => Status::Skipped,
        "undefined" | "ambiguous" => Status::Broken,
        _ => Status::Unknown,
    }
}

/// Allure 3's message for a step of that Cucumber status.
fn step_message(cucumber: &str) -> &'static str {
    match cucumber {
        "passed" => "The step passed",
        "skipped" => "The step was skipped because the previous step hadn't passed",
        "pending" => "The step signalled pending during execution",
        "undefined" => "The step didn't match any definition",
        "ambiguous" => "The step matched more than one definition",
        "failed" => "The step failed",
        _ => "The result of the step is unknown",
    }
}

/// A step or hook as read: its Allure step, its Cucumber status and error.
pub struct ReadStep {
    /// The Allure step.
    pub step: Step,
    /// The Cucumber status as written (`unknown` when absent).
    pub cucumber_status: String,
    /// `result.error_message`.
    pub error: Option<String>,
    /// `result.duration` in nanoseconds.
    pub duration_ns: Option<f64>,
}

/// Converts a step (`hook` false) or a hook (`hook` true: named by its `match.location`).
pub fn read_step(
    step: &Map<String, Value>,
    hook: Option<&str>,
    interner: &mut Interner,
    issues: &mut Vec<String>,
) -> ReadStep {
    let result = step.get("result").and_then(Value::as_object);
    let cucumber_status = result
        .and_then(|r| r.get("status"))
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_owned();
    let error = result
        .and_then(|r| r.get("error_message"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let duration_ns = result
        .and_then(|r| r.get("duration"))
        .and_then(Value::as_f64)
        .filter(|d| d.is_finite() && *d >= 0.0);
    let name = match hook {
        Some(kind) => step
            .get("match")
            .and_then(|m| m.get("location"))
            .and_then(Value::as_str)
            .map_or_else(
                || format!("{kind} hook"),
                |location| format!("{kind} hook: {location}"),
            ),
        None => step_name(step),
    };
    let status = status_of(&cucumber_status);
    let details = if cucumber_status != "passed" || error.is_some() {
        StatusDetails {
            message: Some(Text::from(step_message(&cucumber_status))),
            trace: error.as_deref().map(Text::from),
            ..StatusDetails::default()
        }
    } else {
        StatusDetails::default()
    };
    let step_name_for_notes = name.clone();
    let mut nested = Vec::new();
    // Step hooks (Cucumber-JVM's BeforeStep/AfterStep) only show when they did not pass; hooks
    // have none of their own (so hostile nesting cannot recurse).
    let hook_keys: &[(&str, &str)] = if hook.is_some() {
        &[]
    } else {
        &[("before", "Before step"), ("after", "After step")]
    };
    for &(key, kind) in hook_keys {
        for hook in objects(step, key) {
            let read = read_step(hook, Some(kind), interner, issues);
            if read.cucumber_status != "passed" {
                nested.push(read.step);
            }
        }
    }
    ReadStep {
        step: Step {
            name: Text::from(name),
            status,
            details,
            duration: duration_ns.map(ns_to_ms),
            attachments: attachments(step, &step_name_for_notes, interner, issues),
            steps: nested,
            ..Step::default()
        },
        cucumber_status,
        error,
        duration_ns,
    }
}

/// `keyword name` as Allure 3 names a step (both trimmed; a placeholder for no name).
fn step_name(step: &Map<String, Value>) -> String {
    let text = |key: &str| {
        step.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    match (text("keyword"), text("name")) {
        (Some(keyword), Some(name)) => format!("{keyword} {name}"),
        (None, Some(name)) => name.to_owned(),
        (Some(keyword), None) => format!("{keyword} <{}>", STEP_NAME_PLACEHOLDER.to_lowercase()),
        (None, None) => STEP_NAME_PLACEHOLDER.to_owned(),
    }
}

/// Nanoseconds to milliseconds, rounded (Allure 3).
#[must_use]
pub fn ns_to_ms(ns: f64) -> i64 {
    let ms = (ns / 1_000_000.0).round();
    if ms < 9.0e15 {
        ms as i64
    } else {
        0
    }
}

/// The objects of an array field.
pub fn objects<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = &'a Map<String, Value>> + 'a {
    obj.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// What a step carries: its doc string ("Description", as Allure 3 names it), data table
/// ("Data", CSV), Cucumber-JS arguments (either), embeddings and output lines.
fn attachments(
    step: &Map<String, Value>,
    step_name: &str,
    interner: &mut Interner,
    issues: &mut Vec<String>,
) -> Vec<Attachment> {
    let mut out = Vec::new();
    if let Some(doc) = step.get("doc_string").and_then(Value::as_object) {
        out.extend(doc_string(doc, interner));
    }
    if let Some(rows) = step.get("rows").and_then(Value::as_array) {
        out.push(data_table(rows, interner));
    }
    for argument in step
        .get("arguments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(argument) = argument.as_object() {
            if argument.contains_key("content") {
                out.extend(doc_string(argument, interner));
            } else if let Some(rows) = argument.get("rows").and_then(Value::as_array) {
                out.push(data_table(rows, interner));
            }
        }
    }
    let embeddings: Vec<&Map<String, Value>> = objects(step, "embeddings").collect();
    for (i, embedding) in embeddings.iter().enumerate() {
        let fallback = if embeddings.len() > 1 {
            format!("Embedding {}", i + 1)
        } else {
            "Embedding".to_owned()
        };
        let name = embedding
            .get("name")
            .and_then(Value::as_str)
            .map_or(fallback, str::to_owned);
        let mime = embedding
            .get("mime_type")
            .or_else(|| embedding.get("media").and_then(|m| m.get("type")))
            .and_then(Value::as_str)
            .unwrap_or("application/octet-stream");
        let data = embedding.get("data").and_then(Value::as_str).unwrap_or("");
        match decode_base64(data) {
            Some(bytes) => out.push(inline(&name, mime, bytes, interner)),
            None => {
                issues.push(format!(
                    "step \"{step_name}\": embedding \"{name}\" is not base64; kept as text"
                ));
                out.push(inline(
                    &name,
                    "text/plain",
                    data.as_bytes().to_vec(),
                    interner,
                ));
            }
        }
    }
    let output: Vec<&str> = step
        .get("output")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !output.is_empty() {
        out.push(inline(
            "Output",
            "text/plain",
            output.join("\n").into_bytes(),
            interner,
        ));
    }
    out
}

fn doc_string(doc: &Map<String, Value>, interner: &mut Interner) -> Option<Attachment> {
    let value = doc
        .get("value")
        .or_else(|| doc.get("content"))
        .and_then(Value::as_str)
        .filter(|v| !v.trim().is_empty())?;
    let mime = doc
        .get("content_type")
        .and_then(Value::as_str)
        .filter(|m| !m.is_empty())
        .unwrap_or("text/markdown");
    Some(inline(
        "Description",
        mime,
        value.as_bytes().to_vec(),
        interner,
    ))
}

/// A data table as CSV (RFC 4180: every cell quoted, quotes doubled, CRLF between rows), as
/// Allure 3 writes it.
fn data_table(rows: &[Value], interner: &mut Interner) -> Attachment {
    let lines: Vec<String> = rows
        .iter()
        .filter_map(|row| row.get("cells")?.as_array())
        .map(|cells| {
            cells
                .iter()
                .map(|c| {
                    format!(
                        "\"{}\"",
                        c.as_str().unwrap_or_default().replace('"', "\"\"")
                    )
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    inline(
        "Data",
        "text/csv",
        lines.join("\r\n").into_bytes(),
        interner,
    )
}

/// Base64 as Cucumber writers emit it: standard or URL-safe alphabet, padding optional, line
/// breaks ignored.
fn decode_base64(data: &str) -> Option<Vec<u8>> {
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let compact: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    GeneralPurpose::new(&base64::alphabet::STANDARD, config)
        .decode(&compact)
        .or_else(|_| GeneralPurpose::new(&base64::alphabet::URL_SAFE, config).decode(&compact))
        .ok()
}

/// An inline attachment of `bytes`.
fn inline(name: &str, mime: &str, bytes: Vec<u8>, interner: &mut Interner) -> Attachment {
    let bytes: Arc<[u8]> = bytes.into();
    Attachment {
        name: Some(Text::from(name)),
        source: None,
        mime: Some(interner.intern(mime)),
        declared_size: None,
        file_size: Some(bytes.len() as u64),
        access: AttachmentAccess::Inline(InlineData(bytes)),
    }
}
