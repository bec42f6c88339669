//! One Allure 3 `history.jsonl` line for the current launch, as Allure 3.18 writes it
//! (`allure3 · core/src/history.ts createHistory`, corpus README "Semantics" item 7):
//! `{uuid, name, timestamp, knownTestCaseIds, testResults, metrics, url}`, with one entry per
//! shown result that has a history key (retries are left out), keyed by that key.
//! No terminal dependencies.

use serde::ser::SerializeMap;
use serde::Serialize;

use super::launch_view::allure3_view;
use super::raw_result::{read_allure3_fields, Allure3Fields, HistoryLabel, JsNumber};
use crate::model::identity::md5_hex;
use crate::model::{Report, TestResult};

/// Run-level values that come from Allure's configuration or the moment of writing.
#[derive(Debug, Clone)]
pub struct RunMeta {
    /// Report name (Allure 3 config `name`; default "Allure Report").
    pub report_name: Option<String>,
    /// Report URL (default: `executor.json` `reportUrl`, as observed in Allure 3.18 output).
    pub report_url: Option<String>,
    /// Environment id of every entry (Allure 3's default is `default`).
    pub environment: String,
    /// Report uuid.
    pub uuid: String,
    /// When the report was made, epoch ms.
    pub timestamp: i64,
}

impl RunMeta {
    /// Fresh values for a run made now.
    #[must_use]
    pub fn now(report_name: Option<String>, report_url: Option<String>) -> RunMeta {
        RunMeta {
            report_name,
            report_url,
            environment: "default".to_owned(),
            uuid: super::ids::random_uuid(),
            timestamp: super::ids::now_ms(),
        }
    }

    /// The URL written: the option, else the executor's report URL, else empty.
    #[must_use]
    pub fn url(&self, report: &Report) -> String {
        self.report_url
            .clone()
            .or_else(|| report.executor.as_ref().and_then(|e| e.report_url.clone()))
            .unwrap_or_default()
    }
}

/// One `testResults` entry.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Allure3Entry {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_name: Option<String>,
    environment: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<JsNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stop: Option<JsNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<JsNumber>,
    labels: Vec<HistoryLabel>,
    url: String,
    history_id: String,
    report_links: [(); 0],
}

/// `testResults` in insertion order (a JSON object keyed by history key).
#[derive(Debug, Clone, Default)]
pub struct EntryMap(pub Vec<(String, Allure3Entry)>);

impl Serialize for EntryMap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, entry) in &self.0 {
            map.serialize_entry(key, entry)?;
        }
        map.end()
    }
}

/// An empty JSON object (`metrics`).
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyObject;

impl Serialize for EmptyObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_map(Some(0))?.end()
    }
}

/// A whole line.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Allure3Line {
    /// Report uuid.
    pub uuid: String,
    /// Report name.
    pub name: String,
    /// Epoch ms.
    pub timestamp: i64,
    /// Distinct test-case ids (the first half of every key).
    pub known_test_case_ids: Vec<String>,
    /// Entries by history key.
    pub test_results: EntryMap,
    /// Always `{}` in Allure 3.18.
    pub metrics: EmptyObject,
    /// Report URL.
    pub url: String,
}

impl Allure3Line {
    /// The md5 ids (`md5(result uuid)`) of the entries, to detect a launch appended twice.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.test_results.0.iter().map(|(_, e)| e.id.as_str())
    }

    /// The JSON text, without a newline.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("history lines serialize")
    }
}

/// Builds the line for a launch. Each shown result's file is re-read for Allure 3's view of its
/// fields; when that fails, the model's values stand in and the reason is returned as a note.
#[must_use]
pub fn build_line(report: &Report, meta: &RunMeta) -> (Allure3Line, Vec<String>) {
    let url = meta.url(report);
    let mut notes = Vec::new();
    let mut known: Vec<String> = Vec::new();
    let mut seen_cases = std::collections::HashSet::new();
    let mut entries = Vec::new();
    for shown in allure3_view(report).shown {
        let Some(key) = shown.key else { continue };
        let case = key.split('.').next().unwrap_or(key);
        if seen_cases.insert(case.to_owned()) {
            known.push(case.to_owned());
        }
        // Only an Allure result file has Allure 3's view of its fields; results read from a
        // report, JUnit XML or the like are written from the model, as Allure 3 would read them.
        let fields = if shown.result.file.ends_with("-result.json") {
            read_allure3_fields(&shown.result.origin, shown.result.file.as_str())
        } else {
            Ok(model_fields(shown.result))
        }
        .unwrap_or_else(|reason| {
            notes.push(format!(
                "{}: {reason}; using the loaded values",
                shown.result.file
            ));
            model_fields(shown.result)
        });
        let id = md5_hex(
            shown
                .result
                .uuid
                .as_deref()
                .unwrap_or(&super::ids::random_uuid()),
        );
        entries.push((
            key.to_owned(),
            Allure3Entry {
                id,
                name: fields.name,
                full_name: fields.full_name,
                environment: meta.environment.clone(),
                status: fields.status,
                message: fields.message,
                trace: fields.trace,
                start: fields.start,
                stop: fields.stop,
                duration: fields.duration,
                labels: fields.labels,
                url: url.clone(),
                history_id: key.to_owned(),
                report_links: [],
            },
        ));
    }
    let line = Allure3Line {
        uuid: meta.uuid.clone(),
        name: meta
            .report_name
            .clone()
            .unwrap_or_else(|| "Allure Report".to_owned()),
        timestamp: meta.timestamp,
        known_test_case_ids: known,
        test_results: EntryMap(entries),
        metrics: EmptyObject,
        url,
    };
    (line, notes)
}

/// The model's values, for a result whose file cannot be re-read.
fn model_fields(result: &TestResult) -> Allure3Fields {
    let (start, stop) = match (result.start, result.stop) {
        (Some(a), Some(b)) => (Some(a), Some(b.max(a))),
        (Some(a), None) | (None, Some(a)) => (Some(a), Some(a)),
        (None, None) => (None, None),
    };
    let number = |v: Option<i64>| v.map(|v| JsNumber(v as f64));
    Allure3Fields {
        name: result.name.to_string(),
        full_name: result.full_name.as_deref().map(str::to_owned),
        status: result.status.as_str(),
        message: result.details.message.as_deref().map(str::to_owned),
        trace: result.details.trace.as_deref().map(str::to_owned),
        start: number(start),
        stop: number(stop),
        duration: start.zip(stop).map(|(a, b)| JsNumber((b - a) as f64)),
        labels: result
            .labels
            .iter()
            .map(|l| HistoryLabel {
                name: l.name.to_string(),
                value: Some(l.value.to_string()),
            })
            .collect(),
    }
}
