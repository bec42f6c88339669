//! `history show`: what a history holds (runs, tests, size), for either format.
//! No terminal dependencies; text is sanitized by the caller.

use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::allure2_dir::ALLURE2_FILES;
use super::HistoryKind;

/// A summary of one history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryShow {
    /// Format.
    pub kind: Option<HistoryKind>,
    /// Runs recorded (jsonl lines; Allure 2 trend points).
    pub runs: usize,
    /// Distinct test keys.
    pub tests: usize,
    /// Most results in one run (jsonl) or most items of one test (Allure 2).
    pub max_per_run_or_test: usize,
    /// Bytes on disk.
    pub bytes: u64,
    /// `(name, timestamp ms or build order, url)` of the newest run.
    pub newest: Option<(Option<String>, Option<i64>, Option<String>)>,
    /// Problems met (unreadable lines or files).
    pub problems: Vec<String>,
}

#[derive(Deserialize)]
struct LineHead<'a> {
    name: Option<String>,
    timestamp: Option<f64>,
    url: Option<String>,
    #[serde(rename = "testResults", borrow, default)]
    test_results: Option<std::collections::HashMap<std::borrow::Cow<'a, str>, &'a RawValue>>,
}

/// Summarises the history at `path`.
pub fn show(path: &Path) -> std::io::Result<HistoryShow> {
    match HistoryKind::of(path) {
        HistoryKind::Allure3Jsonl => show_jsonl(path),
        HistoryKind::Allure2Dir => show_allure2(path),
    }
}

fn show_jsonl(path: &Path) -> std::io::Result<HistoryShow> {
    let file = std::fs::File::open(path)?;
    let mut out = HistoryShow {
        kind: Some(HistoryKind::Allure3Jsonl),
        bytes: file.metadata()?.len(),
        ..HistoryShow::default()
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut keys: HashSet<String> = HashSet::new();
    let mut newest_ts = f64::MIN;
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        number += 1;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<LineHead>(buf.trim_ascii_end()) {
            Ok(line) => {
                out.runs += 1;
                let entries = line.test_results.unwrap_or_default();
                out.max_per_run_or_test = out.max_per_run_or_test.max(entries.len());
                keys.extend(entries.into_keys().map(std::borrow::Cow::into_owned));
                let ts = line.timestamp.unwrap_or(f64::MIN);
                if ts >= newest_ts {
                    newest_ts = ts;
                    out.newest = Some((line.name, line.timestamp.map(|t| t as i64), line.url));
                }
            }
            Err(e) => out.problems.push(format!(
                "line {number}: {}",
                crate::model::json_read::describe(&e)
            )),
        }
    }
    out.tests = keys.len();
    Ok(out)
}

fn show_allure2(dir: &Path) -> std::io::Result<HistoryShow> {
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "not a history.jsonl file nor an Allure 2 history directory",
        ));
    }
    let mut out = HistoryShow {
        kind: Some(HistoryKind::Allure2Dir),
        ..HistoryShow::default()
    };
    for name in ALLURE2_FILES {
        if let Ok(meta) = std::fs::metadata(dir.join(name)) {
            out.bytes += meta.len();
        }
    }
    if let Ok(bytes) = std::fs::read(dir.join("history.json")) {
        match serde_json::from_slice::<std::collections::HashMap<String, &RawValue>>(&bytes) {
            Ok(map) => {
                out.tests = map.len();
                out.max_per_run_or_test = map
                    .values()
                    .filter_map(|raw| serde_json::from_str::<Value>(raw.get()).ok())
                    .filter_map(|v| v.get("items").and_then(Value::as_array).map(Vec::len))
                    .max()
                    .unwrap_or(0);
            }
            Err(e) => out.problems.push(format!(
                "history.json: {}",
                crate::model::json_read::describe(&e)
            )),
        }
    }
    if let Ok(bytes) = std::fs::read(dir.join("history-trend.json")) {
        match serde_json::from_slice::<Vec<Value>>(&bytes) {
            Ok(points) => {
                out.runs = points.len();
                out.newest = points.first().map(|p| {
                    let text = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_owned);
                    (
                        text("reportName"),
                        p.get("buildOrder").and_then(Value::as_i64),
                        text("reportUrl"),
                    )
                });
            }
            Err(e) => out.problems.push(format!(
                "history-trend.json: {}",
                crate::model::json_read::describe(&e)
            )),
        }
    }
    Ok(out)
}
