//! The fields of one `*-result.json` as Allure 3.18 reads them into a history line.
//!
//! Allure 3 keeps values the way JavaScript sees them: an empty `name` becomes "Unknown test",
//! a label whose value is not a string loses its value, `tag` labels such as `@allure.id=42`
//! become labels of their own (`allure3 · reader/src/allure2/index.ts processTestResult`,
//! `core/src/store/convert.ts testResultRawToState`, `processTimings`, `processTagLabels`). Our
//! model normalises some of these differently for display, so the writer re-reads the shown
//! result's file to be exact. No terminal dependencies.

use std::sync::OnceLock;

use fancy_regex::Regex;
use serde_json::Value;

use crate::model::json_read::parse_json_bytes;

/// Allure's placeholder for a missing label name.
const UNKNOWN_VALUE: &str = "#___unknown_value___#";

/// A JavaScript number as read from a result: written back as an integer when it is one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JsNumber(pub f64);

impl serde::Serialize for JsNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // 2^53: beyond it JavaScript prints floats too.
        if self.0.fract() == 0.0 && self.0.abs() < 9_007_199_254_740_992.0 {
            serializer.serialize_i64(self.0 as i64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

/// A label as Allure 3 stores it: `value` is absent when the file's value was not a string.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HistoryLabel {
    /// Label name.
    pub name: String,
    /// Label value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The history-relevant fields of a result, Allure 3's way.
#[derive(Debug, Clone, PartialEq)]
pub struct Allure3Fields {
    /// `name`, or "Unknown test" when missing or empty.
    pub name: String,
    /// `fullName` when it is a string.
    pub full_name: Option<String>,
    /// Lowercase status; anything unrecognised is `unknown`.
    pub status: &'static str,
    /// `statusDetails.message` when it is a string.
    pub message: Option<String>,
    /// `statusDetails.trace` when it is a string.
    pub trace: Option<String>,
    /// Start, epoch ms (after Allure 3's timing repair).
    pub start: Option<JsNumber>,
    /// Stop, epoch ms.
    pub stop: Option<JsNumber>,
    /// Duration, ms.
    pub duration: Option<JsNumber>,
    /// Labels after `tag` processing.
    pub labels: Vec<HistoryLabel>,
}

/// Reads a result file of a location (a directory or an archive) and extracts
/// [`Allure3Fields`]; the reason when it cannot be read.
pub fn read_allure3_fields(
    origin: &crate::model::result::Origin,
    name: &str,
) -> Result<Allure3Fields, String> {
    let bytes = origin.read(name).map_err(|e| e.to_string())?;
    let doc = parse_json_bytes(&bytes)?.value;
    Ok(allure3_fields(&doc))
}

/// [`Allure3Fields`] of a parsed result document.
#[must_use]
pub fn allure3_fields(doc: &Value) -> Allure3Fields {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let details = doc.get("statusDetails");
    let (start, stop, duration) = timings(int(doc.get("start")), int(doc.get("stop")));
    Allure3Fields {
        name: text(doc.get("name"))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Unknown test".to_owned()),
        full_name: text(doc.get("fullName")),
        status: status(doc.get("status")),
        message: text(details.and_then(|d| d.get("message"))),
        trace: text(details.and_then(|d| d.get("trace"))),
        start,
        stop,
        duration,
        labels: labels(doc.get("labels")),
    }
}

/// `ensureInt`: a number as is, a string through `parseInt`.
fn int(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let s = s.trim_start();
            let (sign, digits) = match s.strip_prefix('-') {
                Some(rest) => (-1.0, rest),
                None => (1.0, s.strip_prefix('+').unwrap_or(s)),
            };
            let end = digits
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(digits.len());
            digits[..end].parse::<f64>().ok().map(|n| sign * n)
        }
        _ => None,
    }
}

/// `processTimings` for a raw result (which carries no duration of its own).
fn timings(
    start: Option<f64>,
    stop: Option<f64>,
) -> (Option<JsNumber>, Option<JsNumber>, Option<JsNumber>) {
    match (start, stop) {
        (Some(start), Some(stop)) if stop < start => (
            Some(JsNumber(start)),
            Some(JsNumber(start)),
            Some(JsNumber(0.0)),
        ),
        (Some(start), Some(stop)) => (
            Some(JsNumber(start)),
            Some(JsNumber(stop)),
            Some(JsNumber(stop - start)),
        ),
        (Some(at), None) | (None, Some(at)) => {
            (Some(JsNumber(at)), Some(JsNumber(at)), Some(JsNumber(0.0)))
        }
        (None, None) => (None, None, None),
    }
}

fn status(value: Option<&Value>) -> &'static str {
    match value
        .and_then(Value::as_str)
        .map(str::to_lowercase)
        .as_deref()
    {
        Some("failed") => "failed",
        Some("broken") => "broken",
        Some("passed") => "passed",
        Some("skipped") => "skipped",
        _ => "unknown",
    }
}

fn labels(value: Option<&Value>) -> Vec<HistoryLabel> {
    let Some(items) = value.and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|v| !v.is_null())
        .flat_map(|item| {
            let name = item
                .get("name")
                .and_then(Value::as_str)
                .map_or_else(|| UNKNOWN_VALUE.to_owned(), str::to_owned);
            let value = item.get("value").and_then(Value::as_str).map(str::to_owned);
            tag_labels(HistoryLabel { name, value })
        })
        .collect()
}

/// `processTagLabels`: `tag` values `@allure.id=N` and `@allure.label.NAME=VALUE` become labels.
fn tag_labels(label: HistoryLabel) -> Vec<HistoryLabel> {
    static ID: OnceLock<Regex> = OnceLock::new();
    static LABEL: OnceLock<Regex> = OnceLock::new();
    if label.name == "tag" {
        if let Some(value) = label.value.as_deref().filter(|v| !v.is_empty()) {
            let id = ID.get_or_init(|| Regex::new(r"^@?allure\.id[:=](?<id>.+)$").expect("valid"));
            if let Ok(Some(caps)) = id.captures(value) {
                return vec![HistoryLabel {
                    name: "ALLURE_ID".to_owned(),
                    value: Some(caps["id"].to_owned()),
                }];
            }
            let named = LABEL.get_or_init(|| {
                Regex::new(r"^@?allure\.label\.(?<name>.+)[:=](?<value>.+)$").expect("valid")
            });
            if let Ok(Some(caps)) = named.captures(value) {
                return vec![HistoryLabel {
                    name: caps["name"].to_owned(),
                    value: Some(caps["value"].to_owned()),
                }];
            }
        }
    }
    if label.name.is_empty() {
        Vec::new()
    } else {
        vec![label]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_name_is_unknown_test_and_non_string_label_values_are_dropped() {
        let f = allure3_fields(&json!({
            "name": "", "fullName": "a#b", "status": "FAILED",
            "labels": [{"name": "ALLURE_MANUAL", "value": true}, null, {"name": "", "value": "x"},
                       {"value": "v"}],
            "statusDetails": {"message": "m", "trace": 5}
        }));
        assert_eq!(f.name, "Unknown test");
        assert_eq!(f.full_name.as_deref(), Some("a#b"));
        assert_eq!(f.status, "failed");
        assert_eq!(f.message.as_deref(), Some("m"));
        assert_eq!(f.trace, None);
        assert_eq!(
            serde_json::to_string(&f.labels).unwrap(),
            r##"[{"name":"ALLURE_MANUAL"},{"name":"#___unknown_value___#","value":"v"}]"##
        );
    }

    #[test]
    fn tag_labels_become_labels() {
        let f = allure3_fields(&json!({"labels": [
            {"name": "tag", "value": "@allure.id=42"},
            {"name": "tag", "value": "allure.label.layer:api"},
            {"name": "tag", "value": "smoke"}
        ]}));
        let got: Vec<(&str, Option<&str>)> = f
            .labels
            .iter()
            .map(|l| (l.name.as_str(), l.value.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("ALLURE_ID", Some("42")),
                ("layer", Some("api")),
                ("tag", Some("smoke"))
            ]
        );
    }

    #[test]
    fn timings_are_repaired_as_allure_3_does() {
        let t = |start: Value, stop: Value| {
            let f = allure3_fields(&json!({"start": start, "stop": stop}));
            serde_json::to_string(&(f.start, f.stop, f.duration)).unwrap()
        };
        assert_eq!(t(json!(10), json!(25)), "[10,25,15]");
        assert_eq!(t(json!(10), json!(5)), "[10,10,0]");
        assert_eq!(t(json!("10"), Value::Null), "[10,10,0]");
        assert_eq!(t(Value::Null, json!(7)), "[7,7,0]");
        assert_eq!(t(Value::Null, Value::Null), "[null,null,null]");
        assert_eq!(t(json!(1.5), json!(2.5)), "[1.5,2.5,1]");
    }
}
