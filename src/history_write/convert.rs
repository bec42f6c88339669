//! `history convert`: Allure 3 `history.jsonl` ⇄ Allure 2 `history/`, and re-keying history
//! written under old keys (Allure 2 before 2.45 keyed tests by the adapter's raw `historyId`).
//!
//! What cannot be carried over (also in the README):
//! - jsonl → Allure 2: retries (Allure 3 stores none, so `retry-trend` says 0), `buildOrder`
//!   (runs are numbered 1, 2, … oldest first), categories unless `--results` gives a
//!   `categories.json`; at most 20 runs survive, as Allure 2 keeps no more.
//! - Allure 2 → jsonl: names, full names and labels of tests (only tests found in `--results`
//!   get them; others are named by their key), traces, environments, and which run an item
//!   belongs to when items carry no `reportUrl` (then the n-th newest item of a test is taken
//!   to be from the n-th newest run, exact only for tests that ran every time).
//!
//! No terminal dependencies.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use super::allure2_dir::{allure2_flaky, item_report_url, Allure2Update, ALLURE2_MAX_ITEMS};
use crate::model::identity::md5_hex;
use crate::model::{Report, Status, TestKeys};

/// Which keys a converted history should use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyTarget {
    /// Allure 2.45+ keys.
    Allure2,
    /// Allure 3 keys.
    Allure3,
}

/// Maps every key a current test may be known by (raw `historyId`, the other version's key,
/// the fallback key) to the key of `target`. Empty without results.
#[must_use]
pub fn rekey_map(report: Option<&Report>, target: KeyTarget) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let Some(report) = report else { return map };
    for test in &report.tests {
        for result in test.attempts() {
            let keys = TestKeys::of(result);
            let wanted = match target {
                KeyTarget::Allure2 => keys.allure2.clone(),
                KeyTarget::Allure3 => keys.allure3.clone(),
            };
            let Some(wanted) = wanted else { continue };
            for old in [
                keys.raw_history_id.as_ref(),
                keys.allure2.as_ref(),
                keys.allure3.as_ref(),
                keys.history_hash.as_ref(),
                keys.fallback.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                if *old != wanted {
                    map.entry(old.to_string())
                        .or_insert_with(|| wanted.to_string());
                }
            }
        }
    }
    map
}

fn rekey<'a>(map: &'a HashMap<String, String>, key: &'a str) -> &'a str {
    map.get(key).map_or(key, String::as_str)
}

/// One run in a neutral shape, oldest first when in a list.
#[derive(Debug, Clone, Default)]
pub struct NeutralRun {
    /// Report uuid (Allure 3), kept when converting jsonl to jsonl.
    pub uuid: Option<String>,
    /// Report name.
    pub name: Option<String>,
    /// Report URL.
    pub url: Option<String>,
    /// Epoch ms.
    pub timestamp: Option<i64>,
    /// Build order (Allure 2).
    pub build_order: Option<i64>,
    /// Entries by key, in file order: `(key, entry object in Allure 3's shape)`.
    pub entries: Vec<(String, Map<String, Value>)>,
}

/// Reads a `history.jsonl` into runs, oldest first (sorted by `timestamp` as Allure does).
/// Unreadable lines are returned as notes.
pub fn read_jsonl_runs(
    text: &str,
    map: &HashMap<String, String>,
) -> (Vec<NeutralRun>, Vec<String>) {
    let mut runs = Vec::new();
    let mut notes = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: Value = match serde_json::from_str(line) {
            Ok(doc) => doc,
            Err(e) => {
                notes.push(format!(
                    "line {}: {}",
                    i + 1,
                    crate::model::json_read::describe(&e)
                ));
                continue;
            }
        };
        let text_of = |k: &str| doc.get(k).and_then(Value::as_str).map(str::to_owned);
        let entries = doc
            .get("testResults")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| {
                        let mut entry = v.as_object()?.clone();
                        let key = rekey(map, k).to_owned();
                        entry.insert("historyId".into(), Value::String(key.clone()));
                        Some((key, entry))
                    })
                    .collect()
            })
            .unwrap_or_default();
        runs.push(NeutralRun {
            uuid: text_of("uuid"),
            name: text_of("name"),
            url: text_of("url").filter(|u| !u.is_empty()),
            timestamp: doc
                .get("timestamp")
                .and_then(Value::as_f64)
                .map(|t| t as i64),
            build_order: None,
            entries,
        });
    }
    runs.sort_by_key(|r| r.timestamp.unwrap_or(i64::MIN));
    (runs, notes)
}

/// Builds Allure 2 history files from runs (oldest first), replaying Allure 2's update for
/// each. `report` supplies categories; `limit` caps items and trend points (at most 20).
#[must_use]
pub fn runs_to_allure2(
    runs: &[NeutralRun],
    report: Option<&Report>,
    limit: Option<usize>,
) -> Allure2Update {
    let cap = limit
        .unwrap_or(ALLURE2_MAX_ITEMS)
        .clamp(1, ALLURE2_MAX_ITEMS);
    let rules = report.map(|r| r.categories.clone()).unwrap_or_default();
    let mut order: Vec<String> = Vec::new();
    let mut history: HashMap<String, (BTreeMap<&'static str, u64>, Vec<Value>)> = HashMap::new();
    let mut trends: [Vec<Value>; 4] = Default::default();
    for (index, run) in runs.iter().enumerate() {
        let mut counts: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut categories: BTreeMap<String, u64> = BTreeMap::new();
        let (mut min_start, mut max_stop) = (None::<i64>, None::<i64>);
        for (key, entry) in &run.entries {
            let status = Status::parse(
                entry
                    .get("status")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown"),
            );
            *counts.entry(status.as_str()).or_default() += 1;
            let int = |k: &str| entry.get(k).and_then(Value::as_f64).map(|v| v as i64);
            let (start, stop) = (int("start"), int("stop"));
            if let Some(s) = start {
                min_start = Some(min_start.map_or(s, |m| m.min(s)));
            }
            if let Some(s) = stop {
                max_stop = Some(max_stop.map_or(s, |m| m.max(s)));
            }
            let message = entry.get("message").and_then(Value::as_str);
            let trace = entry.get("trace").and_then(Value::as_str);
            let slot = history.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                (BTreeMap::new(), Vec::new())
            });
            let previous: Vec<Status> = slot
                .1
                .iter()
                .take(5)
                .map(|i| Status::parse(i.get("status").and_then(Value::as_str).unwrap_or("")))
                .collect();
            let flaky = allure2_flaky(status, &previous);
            if let Some(c) = rules.classify(status, message, trace, flaky) {
                *categories.entry(c.to_owned()).or_default() += 1;
            }
            *slot.0.entry(status.as_str()).or_default() += 1;
            let id = entry
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| md5_hex(key), str::to_owned);
            let uid: String = id.chars().take(16).collect();
            let mut item = Map::new();
            item.insert("uid".into(), json!(uid));
            if let Some(url) = &run.url {
                item.insert("reportUrl".into(), json!(item_report_url(url, &uid)));
            }
            item.insert("status".into(), json!(status.as_str()));
            if let Some(m) = message {
                item.insert("statusDetails".into(), json!(m));
            }
            let mut time = Map::new();
            if let Some(s) = start {
                time.insert("start".into(), json!(s));
            }
            if let Some(s) = stop {
                time.insert("stop".into(), json!(s));
            }
            if let (Some(a), Some(b)) = (start, stop) {
                time.insert("duration".into(), json!(b - a));
            }
            item.insert("time".into(), Value::Object(time));
            slot.1.insert(0, Value::Object(item));
            slot.1.truncate(cap);
        }
        let point = |data: Value| {
            let mut p = Map::new();
            p.insert(
                "buildOrder".into(),
                json!(run.build_order.unwrap_or(index as i64 + 1)),
            );
            if let Some(url) = &run.url {
                p.insert("reportUrl".into(), json!(url));
            }
            if let Some(name) = &run.name {
                p.insert("reportName".into(), json!(name));
            }
            p.insert("data".into(), data);
            Value::Object(p)
        };
        let get = |s: &str| counts.get(s).copied().unwrap_or(0);
        let total: u64 = counts.values().sum();
        let points = [
            point(
                json!({"failed": get("failed"), "broken": get("broken"), "skipped": get("skipped"),
                         "passed": get("passed"), "unknown": get("unknown"), "total": total}),
            ),
            point(json!({"duration": min_start.zip(max_stop).map_or(0, |(a, b)| b - a)})),
            point(json!({"run": run.entries.len(), "retry": 0})),
            point(json!(categories)),
        ];
        for (trend, p) in trends.iter_mut().zip(points) {
            trend.insert(0, p);
            trend.truncate(cap);
        }
    }
    let mut doc = String::from("{");
    for (i, key) in order.iter().enumerate() {
        let (counts, items) = &history[key];
        let get = |s: &str| counts.get(s).copied().unwrap_or(0);
        let entry = json!({
            "statistic": {"failed": get("failed"), "broken": get("broken"), "skipped": get("skipped"),
                          "passed": get("passed"), "unknown": get("unknown"),
                          "total": counts.values().sum::<u64>()},
            "items": items,
        });
        if i > 0 {
            doc.push(',');
        }
        doc.push_str(&serde_json::to_string(key).expect("strings serialize"));
        doc.push(':');
        doc.push_str(&entry.to_string());
    }
    doc.push('}');
    let names = [
        "history-trend.json",
        "duration-trend.json",
        "retry-trend.json",
        "categories-trend.json",
    ];
    let mut files = vec![("history.json", doc)];
    for (name, trend) in names.into_iter().zip(&trends) {
        files.push((name, Value::Array(trend.clone()).to_string()));
    }
    Allure2Update {
        files,
        tests: order.len(),
        keys_after: order.len(),
        runs_after: trends[0].len(),
        keys_pruned: 0,
        problems: Vec::new(),
    }
}

/// Reads an Allure 2 `history/` directory into runs, oldest first (see the module notes on
/// how items are given to runs).
pub fn read_allure2_runs(
    dir: &std::path::Path,
    map: &HashMap<String, String>,
    report: Option<&Report>,
) -> (Vec<NeutralRun>, Vec<String>) {
    let mut notes = Vec::new();
    let mut read = |name: &str| -> Value {
        match std::fs::read(dir.join(name)) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                notes.push(format!("{name}: {}", crate::model::json_read::describe(&e)));
                Value::Null
            }),
            Err(_) => Value::Null,
        }
    };
    let trend = read("history-trend.json");
    let history = read("history.json");
    let points: Vec<&Value> = trend
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let run_count = points.len().max(history.as_object().map_or(0, |m| {
        m.values()
            .filter_map(|v| v["items"].as_array().map(Vec::len))
            .max()
            .unwrap_or(0)
    }));
    let mut runs: Vec<NeutralRun> = (0..run_count)
        .map(|i| {
            let p = points.get(i);
            let text = |k: &str| {
                p.and_then(|p| p.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            NeutralRun {
                name: text("reportName"),
                url: text("reportUrl"),
                build_order: p.and_then(|p| p.get("buildOrder")).and_then(Value::as_i64),
                ..NeutralRun::default()
            }
        })
        .collect();
    let by_url: HashMap<String, usize> = runs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.url
                .as_ref()
                .map(|u| (u.trim_end_matches('/').to_owned(), i))
        })
        .collect();
    let names: HashMap<String, &crate::model::TestResult> = report
        .map(|r| {
            r.tests
                .iter()
                .flat_map(|t| {
                    [t.keys.allure3.clone(), t.keys.allure2.clone()]
                        .into_iter()
                        .flatten()
                        .map(move |k| (k.to_string(), t.result.as_ref()))
                })
                .collect()
        })
        .unwrap_or_default();
    for (old_key, entry) in history.as_object().into_iter().flatten() {
        let key = rekey(map, old_key).to_owned();
        let Some(items) = entry.get("items").and_then(Value::as_array) else {
            continue;
        };
        for (position, item) in items.iter().enumerate() {
            let url_run = item
                .get("reportUrl")
                .and_then(Value::as_str)
                .and_then(|u| u.rsplit_once("#testresult/"))
                .and_then(|(base, _)| {
                    by_url
                        .get(base.trim_end_matches("index.html").trim_end_matches('/'))
                        .copied()
                });
            let Some(run) = runs.get_mut(url_run.unwrap_or(position)) else {
                continue;
            };
            let time = item.get("time");
            let int = |k: &str| time.and_then(|t| t.get(k)).and_then(Value::as_i64);
            let result = names.get(&key);
            let mut e = Map::new();
            let uid = item.get("uid").and_then(Value::as_str).unwrap_or(&key);
            e.insert("id".into(), json!(md5_hex(uid)));
            e.insert(
                "name".into(),
                json!(result.map_or(key.as_str(), |r| r.name.as_str())),
            );
            if let Some(full) = result.and_then(|r| r.full_name.as_deref()) {
                e.insert("fullName".into(), json!(full));
            }
            e.insert("environment".into(), json!("default"));
            e.insert(
                "status".into(),
                item.get("status").cloned().unwrap_or(json!("unknown")),
            );
            if let Some(m) = item.get("statusDetails").and_then(Value::as_str) {
                e.insert("message".into(), json!(m));
            }
            for (k, v) in [
                ("start", int("start")),
                ("stop", int("stop")),
                ("duration", int("duration")),
            ] {
                if let Some(v) = v {
                    e.insert(k.into(), json!(v));
                }
            }
            let labels: Vec<Value> = result
                .map(|r| {
                    r.labels
                        .iter()
                        .map(|l| json!({"name": l.name, "value": l.value}))
                        .collect()
                })
                .unwrap_or_default();
            e.insert("labels".into(), Value::Array(labels));
            e.insert("url".into(), json!(run.url.clone().unwrap_or_default()));
            e.insert("historyId".into(), json!(key));
            e.insert("reportLinks".into(), json!([]));
            run.entries.push((key.clone(), e));
            if let Some(stop) = int("stop") {
                run.timestamp = Some(run.timestamp.map_or(stop, |t| t.max(stop)));
            }
        }
    }
    runs.reverse();
    // Allure 3 orders runs by timestamp: make them increase even where items had no times.
    let mut last = i64::MIN;
    for run in &mut runs {
        let ts = run
            .timestamp
            .unwrap_or(last.saturating_add(1))
            .max(last.saturating_add(1));
        run.timestamp = Some(ts);
        last = ts;
    }
    (runs, notes)
}

/// Writes runs (oldest first) as `history.jsonl` text.
#[must_use]
pub fn runs_to_jsonl(runs: &[NeutralRun]) -> String {
    let mut out = String::new();
    for run in runs {
        let mut known: Vec<&str> = Vec::new();
        for (key, _) in &run.entries {
            let case = key.split('.').next().unwrap_or(key);
            if !known.contains(&case) {
                known.push(case);
            }
        }
        let mut tests = Map::new();
        for (key, entry) in &run.entries {
            tests.insert(key.clone(), Value::Object(entry.clone()));
        }
        let line = json!({
            "uuid": run.uuid.clone().unwrap_or_else(super::ids::random_uuid),
            "name": run.name.clone().unwrap_or_else(|| "Allure Report".to_owned()),
            "timestamp": run.timestamp.unwrap_or(0),
            "knownTestCaseIds": known,
            "testResults": tests,
            "metrics": {},
            "url": run.url.clone().unwrap_or_default(),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Re-keys an Allure 2 `history.json` text: entries under an old key move to the new one; when
/// both exist their items are merged newest first (by `time.start`) and statistics added.
/// Returns the new text and how many keys moved.
pub fn rekey_allure2_history(
    text: &str,
    map: &HashMap<String, String>,
) -> Result<(String, usize), String> {
    let doc: Map<String, Value> =
        serde_json::from_str(text).map_err(|e| crate::model::json_read::describe(&e))?;
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let mut moved = 0;
    for (key, entry) in doc {
        let new_key = rekey(map, &key).to_owned();
        moved += usize::from(new_key != key);
        match position.get(&new_key) {
            None => {
                position.insert(new_key.clone(), out.len());
                out.push((new_key, entry));
            }
            Some(&at) => {
                let existing = &mut out[at].1;
                let mut items: Vec<Value> =
                    existing["items"].as_array().cloned().unwrap_or_default();
                items.extend(entry["items"].as_array().cloned().unwrap_or_default());
                items.sort_by_key(|i| {
                    std::cmp::Reverse(i["time"]["start"].as_i64().unwrap_or(i64::MIN))
                });
                items.truncate(ALLURE2_MAX_ITEMS);
                let mut statistic = Map::new();
                let mut total = 0;
                for s in ["failed", "broken", "skipped", "passed", "unknown"] {
                    let n = existing["statistic"][s].as_u64().unwrap_or(0)
                        + entry["statistic"][s].as_u64().unwrap_or(0);
                    total += n;
                    statistic.insert(s.into(), json!(n));
                }
                statistic.insert("total".into(), json!(total));
                *existing = json!({"statistic": statistic, "items": items});
            }
        }
    }
    let mut text = String::from("{");
    for (i, (key, entry)) in out.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&serde_json::to_string(key).expect("strings serialize"));
        text.push(':');
        text.push_str(&entry.to_string());
    }
    text.push('}');
    Ok((text, moved))
}
