//! Allure 2 `history/`: `history.json` (per-test items) and the four trend files.
//!
//! Each file is optional and read leniently: a broken file or entry becomes a note for a warning,
//! the rest still loads. No terminal dependencies.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use std::borrow::Cow;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::RawHistoryEntry;
use crate::model::json_read::parse_json_bytes;
use crate::model::status::{Status, StatusCounts};

/// One trend point of an Allure 2 trend file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrendItem {
    /// CI build order (x-axis label).
    pub build_order: Option<i64>,
    /// Report name.
    pub report_name: Option<String>,
    /// Report URL.
    pub report_url: Option<String>,
}

/// A trend file's points, newest first as Allure 2 writes them.
pub type Trend<T> = Vec<(TrendItem, T)>;

/// Everything read from an Allure 2 `history/` directory.
#[derive(Debug, Default)]
pub struct Allure2History {
    /// `history.json`: items per key, newest first (only keys a current test may match).
    pub items: HashMap<String, Vec<RawHistoryEntry>>,
    /// `history-trend.json`: status counts per run.
    pub statuses: Trend<StatusCounts>,
    /// `duration-trend.json`: wall-clock run duration, ms.
    pub durations: Trend<i64>,
    /// `retry-trend.json`: hidden retries per run.
    pub retries: Trend<u32>,
    /// `categories-trend.json`: tests per category.
    pub categories: Trend<Vec<(String, u32)>>,
    /// Files that were read.
    pub files_read: Vec<String>,
    /// `(file, reason)` for files or entries that could not be read.
    pub problems: Vec<(String, String)>,
}

/// Reads an Allure 2 history directory. `wanted` bounds which keys of `history.json` are kept.
#[must_use]
pub fn read_allure2_dir(dir: &Path, wanted: &HashSet<String>) -> Allure2History {
    let source = crate::model::source::DirSource::new(dir.to_owned());
    read_allure2(&source, "", wanted)
}

/// Reads an Allure 2 history directory of any source (a directory, an archive, a report).
#[must_use]
pub fn read_allure2(
    source: &dyn crate::model::source::Source,
    dir: &str,
    wanted: &HashSet<String>,
) -> Allure2History {
    let mut out = Allure2History::default();
    let files = Files { source, dir };
    read_history_json(&files, wanted, &mut out);
    if let Some(doc) = read_doc(&files, "history-trend.json", &mut out) {
        out.statuses = read_trend(
            &doc,
            |data| {
                data.as_object().map(|o| {
                    let mut counts = StatusCounts::default();
                    for status in Status::ALL {
                        let n = o.get(status.as_str()).and_then(Value::as_u64).unwrap_or(0);
                        counts.add_n(status, u32::try_from(n).unwrap_or(u32::MAX));
                    }
                    counts
                })
            },
            true,
        );
    }
    if let Some(doc) = read_doc(&files, "duration-trend.json", &mut out) {
        out.durations = read_trend(&doc, |d| d.get("duration").and_then(Value::as_i64), false);
    }
    if let Some(doc) = read_doc(&files, "retry-trend.json", &mut out) {
        out.retries = read_trend(
            &doc,
            |d| d.get("retry").and_then(Value::as_u64).map(|v| v as u32),
            false,
        );
    }
    if let Some(doc) = read_doc(&files, "categories-trend.json", &mut out) {
        out.categories = read_trend(
            &doc,
            |d| {
                d.as_object().map(|o| {
                    let mut list: Vec<(String, u32)> = o
                        .iter()
                        .filter_map(|(k, v)| v.as_u64().map(|n| (k.clone(), n as u32)))
                        .collect();
                    list.sort();
                    list
                })
            },
            false,
        );
    }
    out
}

/// The files of one history directory.
struct Files<'a> {
    source: &'a dyn crate::model::source::Source,
    dir: &'a str,
}

impl Files<'_> {
    /// A file's bytes and how to name it; `None` when it is absent.
    fn read(&self, name: &str) -> (String, Option<std::io::Result<Vec<u8>>>) {
        let path = crate::model::source::join(self.dir, name);
        let label = self.source.describe(&path);
        match self.source.read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (label, None),
            other => (label, Some(other)),
        }
    }
}

fn read_doc(files: &Files<'_>, name: &str, out: &mut Allure2History) -> Option<Value> {
    let (path, read) = files.read(name);
    let bytes = match read? {
        Ok(bytes) => bytes,
        Err(e) => {
            out.problems.push((path, e.to_string()));
            return None;
        }
    };
    match parse_json_bytes(&bytes) {
        Ok(parsed) => {
            out.files_read.push(path);
            Some(parsed.value)
        }
        Err(reason) => {
            out.problems.push((path, reason));
            None
        }
    }
}

/// Reads `history.json` without building a tree of every entry: the top-level map is parsed
/// into borrowed raw values and only the entries of wanted keys are parsed further. (The file
/// keeps every key ever seen, so it is often far larger than what the current tests need.)
fn read_history_json(files: &Files<'_>, wanted: &HashSet<String>, out: &mut Allure2History) {
    let (file, read) = files.read("history.json");
    let bytes = match read {
        None => return,
        Some(Ok(bytes)) => bytes,
        Some(Err(e)) => return out.problems.push((file, e.to_string())),
    };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let map: HashMap<Cow<'_, str>, &RawValue> = match serde_json::from_slice(body) {
        Ok(map) => map,
        Err(_) => {
            // Not a plain object of entries: take the lenient path for a precise reason.
            match parse_json_bytes(&bytes) {
                Ok(parsed) if parsed.value.is_object() => {
                    out.files_read.push(file.clone());
                    return read_items(&parsed.value, &file, wanted, out);
                }
                Ok(_) => {
                    return out
                        .problems
                        .push((file, "expected an object of history entries".to_owned()))
                }
                Err(reason) => return out.problems.push((file, reason)),
            }
        }
    };
    out.files_read.push(file.clone());
    let mut bad = 0usize;
    for (key, raw) in map {
        if !raw.get().starts_with('{') {
            bad += 1;
            continue;
        }
        if !wanted.contains(key.as_ref()) {
            continue;
        }
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(entry) => match entry.get("items").and_then(Value::as_array) {
                Some(items) => {
                    let list = items
                        .iter()
                        .filter_map(Value::as_object)
                        .map(read_item)
                        .collect();
                    out.items.insert(key.into_owned(), list);
                }
                None => bad += 1,
            },
            Err(_) => bad += 1,
        }
    }
    if bad > 0 {
        out.problems.push((
            file,
            format!("{bad} entries without an items array skipped"),
        ));
    }
}

fn read_items(doc: &Value, file: &str, wanted: &HashSet<String>, out: &mut Allure2History) {
    let Some(map) = doc.as_object() else { return };
    let mut bad = 0usize;
    for (key, entry) in map {
        let Some(items) = entry.get("items").and_then(Value::as_array) else {
            bad += 1;
            continue;
        };
        if wanted.contains(key) {
            let list = items
                .iter()
                .filter_map(Value::as_object)
                .map(read_item)
                .collect();
            out.items.insert(key.clone(), list);
        }
    }
    if bad > 0 {
        out.problems.push((
            file.to_owned(),
            format!("{bad} entries without an items array skipped"),
        ));
    }
}

fn read_item(item: &Map<String, Value>) -> RawHistoryEntry {
    let time = item.get("time").and_then(Value::as_object);
    let time_field = |name: &str| time.and_then(|t| t.get(name)).and_then(Value::as_i64);
    let message = match item.get("statusDetails") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("message").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    RawHistoryEntry {
        id_hash: item.get("uid").and_then(Value::as_str).map(super::id_hash),
        status: item
            .get("status")
            .and_then(Value::as_str)
            .map_or(Status::Unknown, Status::parse),
        start: time_field("start"),
        stop: time_field("stop"),
        duration: time_field("duration"),
        message,
        trace: None,
        url: item
            .get("reportUrl")
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
            .map(str::to_owned),
    }
}

/// Reads a trend array. `bare_ok` accepts the legacy history-trend format where each item is a
/// bare statistic rather than `{buildOrder, data}`.
fn read_trend<T>(doc: &Value, data: impl Fn(&Value) -> Option<T>, bare_ok: bool) -> Trend<T> {
    let Some(items) = doc.as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let obj = item.as_object()?;
            let meta = TrendItem {
                build_order: obj.get("buildOrder").and_then(Value::as_i64),
                report_name: obj
                    .get("reportName")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                report_url: obj
                    .get("reportUrl")
                    .and_then(Value::as_str)
                    .filter(|u| !u.is_empty())
                    .map(str::to_owned),
            };
            let value = match obj.get("data") {
                Some(d) => data(d)?,
                None if bare_ok => data(item)?,
                None => return None,
            };
            Some((meta, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

    #[test]
    fn reads_items_and_trends_leniently() {
        let dir = TempDir::new();
        dir.write(
            "history.json",
            r#"{"k": {"statistic": {}, "items": [
                {"uid": "u2", "status": "failed", "statusDetails": "boom", "time": {"start": 20, "stop": 25, "duration": 5}, "reportUrl": "http://r/2/#testresult/u2"},
                {"uid": "u1", "status": "weird", "time": {}}, 7]},
                "gone": {"items": []}, "broken": 5}"#,
        );
        dir.write(
            "history-trend.json",
            r#"[{"buildOrder": 2, "reportName": "r2", "data": {"failed": 1, "passed": 3}}, {"failed": 0, "passed": 4}]"#,
        );
        dir.write(
            "duration-trend.json",
            r#"[{"buildOrder": 2, "data": {"duration": 99}}]"#,
        );
        dir.write(
            "retry-trend.json",
            r#"[{"buildOrder": 2, "data": {"run": 4, "retry": 2}}]"#,
        );
        dir.write(
            "categories-trend.json",
            r#"[{"buildOrder": 2, "data": {"Product defects": 1}}]"#,
        );
        let wanted: HashSet<String> = ["k".to_owned()].into_iter().collect();
        let h = read_allure2_dir(dir.path(), &wanted);
        let items = &h.items["k"];
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].status, Status::Failed);
        assert_eq!(items[0].message.as_deref(), Some("boom"));
        assert_eq!(items[1].status, Status::Unknown);
        assert!(!h.items.contains_key("gone"));
        assert_eq!(h.statuses.len(), 2, "legacy bare statistic accepted");
        assert_eq!(h.statuses[0].1.failed, 1);
        assert_eq!(h.statuses[0].0.build_order, Some(2));
        assert_eq!(h.durations[0].1, 99);
        assert_eq!(h.retries[0].1, 2);
        assert_eq!(h.categories[0].1, vec![("Product defects".to_owned(), 1)]);
        assert_eq!(h.problems.len(), 1, "{:?}", h.problems);
    }

    #[test]
    fn truncated_file_is_a_problem_not_a_failure() {
        let dir = TempDir::new();
        dir.write(
            "history-trend.json",
            "[{\"buildOrder\": 1, \"data\": {\"fail",
        );
        let h = read_allure2_dir(dir.path(), &HashSet::new());
        assert!(h.statuses.is_empty());
        assert!(h.problems[0].0.ends_with("history-trend.json"));
        assert!(h.problems[0].1.contains("truncated"));
    }
}
