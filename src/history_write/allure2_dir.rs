//! Updating an Allure 2 `history/` directory exactly as `allure generate` 2.46 does after a
//! report (`allure2 · history/HistoryPlugin.java`, `*TrendPlugin.java`, `GroupTime.java`):
//!
//! - `history.json`: for every shown result with a key, the cumulative `statistic` gains its
//!   status and a new item `{uid, reportUrl, status, statusDetails, time}` goes first; at most
//!   20 items are kept. Keys of tests not in the launch stay as they are.
//! - the four trend files: a new point `{buildOrder, reportUrl, reportName, data}` goes first;
//!   at most 20 points are kept. Run-level values come from `executor.json` (the highest
//!   `buildOrder` across the results directories' executor, overridable).
//!
//! Existing entries, items and points are copied byte for byte. No terminal dependencies.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::json_object::OrderedRaw;
use super::launch_view::{Allure2Keys, Shown};
use crate::model::categories::CategoryRules;
use crate::model::status::Status;
use crate::model::Report;

/// Allure 2's cap on history items per test and on trend points.
pub const ALLURE2_MAX_ITEMS: usize = 20;

/// The five files, by name.
pub const ALLURE2_FILES: [&str; 5] = [
    "history.json",
    "history-trend.json",
    "duration-trend.json",
    "retry-trend.json",
    "categories-trend.json",
];

/// Run-level values of the new trend points and item links.
#[derive(Debug, Clone, Default)]
pub struct Allure2Run {
    /// `buildOrder`.
    pub build_order: Option<i64>,
    /// `reportName`.
    pub report_name: Option<String>,
    /// `reportUrl` (also the base of every item's `reportUrl`).
    pub report_url: Option<String>,
}

impl Allure2Run {
    /// The executor's values, with `--report-name` / `--report-url` taking precedence.
    #[must_use]
    pub fn of(report: &Report, name: Option<&str>, url: Option<&str>) -> Allure2Run {
        let executor = report.executor.as_ref();
        Allure2Run {
            build_order: executor.and_then(|e| e.build_order),
            report_name: name
                .map(str::to_owned)
                .or_else(|| executor.and_then(|e| e.report_name.clone())),
            report_url: url
                .map(str::to_owned)
                .or_else(|| executor.and_then(|e| e.report_url.clone())),
        }
    }
}

/// The new content of the five files, ready to write.
#[derive(Debug, Clone, Default)]
pub struct Allure2Update {
    /// `(file name, JSON text)`.
    pub files: Vec<(&'static str, String)>,
    /// Tests written to `history.json`.
    pub tests: usize,
    /// Keys in `history.json` after the update.
    pub keys_after: usize,
    /// Trend points after the update.
    pub runs_after: usize,
    /// Keys dropped by pruning.
    pub keys_pruned: usize,
    /// `(file, reason)` of existing files that could not be read (they are rewritten).
    pub problems: Vec<(String, String)>,
}

/// Options of an update.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allure2Policy {
    /// Keep at most this many items per test and trend points (Allure 2: 20).
    pub history_limit: Option<usize>,
    /// Drop keys unseen for this many runs (needs item `reportUrl`s; see [`prune_keys`]).
    pub prune_after: Option<usize>,
}

#[derive(Serialize)]
struct Statistic {
    failed: u64,
    broken: u64,
    skipped: u64,
    passed: u64,
    unknown: u64,
    total: u64,
}

impl Statistic {
    fn read(value: Option<&Value>) -> Statistic {
        let get = |k: &str| {
            value
                .and_then(|v| v.get(k))
                .and_then(Value::as_u64)
                .unwrap_or(0)
        };
        let mut s = Statistic {
            failed: get("failed"),
            broken: get("broken"),
            skipped: get("skipped"),
            passed: get("passed"),
            unknown: get("unknown"),
            total: 0,
        };
        s.total = s.failed + s.broken + s.skipped + s.passed + s.unknown;
        s
    }

    fn add(&mut self, status: Status) {
        match status {
            Status::Failed => self.failed += 1,
            Status::Broken => self.broken += 1,
            Status::Passed => self.passed += 1,
            Status::Skipped => self.skipped += 1,
            Status::Unknown => self.unknown += 1,
        }
        self.total += 1;
    }
}

#[derive(Serialize)]
struct Time {
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stop: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Item<'a> {
    uid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    report_url: Option<String>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_details: Option<&'a str>,
    time: Time,
}

#[derive(Serialize)]
struct Entry<'a> {
    statistic: Statistic,
    items: Vec<&'a RawValue>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrendPoint<'a, D: Serialize> {
    #[serde(skip_serializing_if = "Option::is_none")]
    build_order: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report_name: Option<&'a str>,
    data: D,
}

/// `HistoryPlugin.createReportUrl`.
#[must_use]
pub fn item_report_url(report_url: &str, uid: &str) -> String {
    if report_url.ends_with("index.html") {
        format!("{report_url}#testresult/{uid}")
    } else {
        format!("{report_url}/#testresult/{uid}")
    }
}

/// Allure 2's flaky rule (`HistoryPlugin.isFlaky`) over the previous items' statuses, newest
/// first.
#[must_use]
pub fn allure2_flaky(current: Status, previous: &[Status]) -> bool {
    if previous.is_empty() || !matches!(current, Status::Failed | Status::Broken) {
        return false;
    }
    let prev5 = &previous[..previous.len().min(5)];
    let first_passed = prev5.iter().position(|s| *s == Status::Passed);
    let last_failed = prev5.iter().rposition(|s| *s == Status::Failed);
    matches!((first_passed, last_failed), (Some(p), Some(f)) if p < f)
}

fn read_file(
    dir: Option<&Path>,
    name: &str,
    problems: &mut Vec<(String, String)>,
) -> Option<String> {
    let path = dir?.join(name);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            match String::from_utf8(bytes.to_vec()) {
                Ok(text) => Some(text),
                Err(_) => {
                    problems.push((path.display().to_string(), "not UTF-8".to_owned()));
                    None
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            problems.push((path.display().to_string(), e.to_string()));
            None
        }
    }
}

/// Computes the updated files from the history in `source` (absent: start empty).
#[must_use]
pub fn update_allure2(
    report: &Report,
    source: Option<&Path>,
    run: &Allure2Run,
    policy: Allure2Policy,
) -> Allure2Update {
    let keys = Allure2Keys::of(report);
    let view = keys.view(report);
    let cap = policy
        .history_limit
        .unwrap_or(ALLURE2_MAX_ITEMS)
        .min(ALLURE2_MAX_ITEMS);
    let mut update = Allure2Update::default();
    let history_text = read_file(source, "history.json", &mut update.problems);
    let mut categories: BTreeMap<String, u64> = BTreeMap::new();
    let recent = policy
        .prune_after
        .and_then(|n| recent_report_urls(source, run, n, &mut update.problems));
    let recent_refs: Option<Vec<&str>> = recent
        .as_ref()
        .map(|urls| urls.iter().map(String::as_str).collect());
    let history = history_json(
        history_text.as_deref(),
        &view.shown,
        run,
        &report.categories,
        cap,
        recent_refs.as_deref(),
        &mut categories,
        &mut update,
    );
    update.files.push(("history.json", history));

    let mut counts = Statistic::read(None);
    let (mut min_start, mut max_stop) = (None::<i64>, None::<i64>);
    for shown in &view.shown {
        counts.add(shown.result.status);
        if let Some(start) = shown.result.start {
            min_start = Some(min_start.map_or(start, |m| m.min(start)));
        }
        if let Some(stop) = shown.result.stop {
            max_stop = Some(max_stop.map_or(stop, |m| m.max(stop)));
        }
    }
    // GroupTime: stop - start once both are known, else 0.
    let duration = min_start.zip(max_stop).map_or(0, |(a, b)| b - a);
    let trends: [(&'static str, String); 4] = [
        ("history-trend.json", point_json(run, &counts)),
        (
            "duration-trend.json",
            point_json(run, &BTreeMap::from([("duration", duration)])),
        ),
        (
            "retry-trend.json",
            point_json(
                run,
                &RunRetry {
                    run: view.shown.len(),
                    retry: view.retries,
                },
            ),
        ),
        ("categories-trend.json", point_json(run, &categories)),
    ];
    for (name, point) in trends {
        let old = read_file(source, name, &mut update.problems);
        let (text, points) = prepend_point(
            old.as_deref(),
            &point,
            cap,
            name == "history-trend.json",
            name,
            &mut update.problems,
        );
        update.runs_after = points;
        update.files.push((name, text));
    }
    update
}

/// The report URLs of the newest `n` runs (this one first), or `None` with a note when one of
/// them has none, since pruning could then drop a test that ran.
fn recent_report_urls(
    source: Option<&Path>,
    run: &Allure2Run,
    n: usize,
    problems: &mut Vec<(String, String)>,
) -> Option<Vec<String>> {
    let mut urls = vec![run.report_url.clone()];
    if n > 1 {
        let mut ignore = Vec::new();
        let text = read_file(source, "history-trend.json", &mut ignore).unwrap_or_default();
        let points: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
        urls.extend(points.iter().take(n - 1).map(|p| {
            p.get("reportUrl")
                .and_then(Value::as_str)
                .map(str::to_owned)
        }));
    }
    let urls: Option<Vec<String>> = urls.into_iter().collect();
    if urls.is_none() {
        problems.push((
            "history.json".to_owned(),
            "not pruned: Allure 2 history tells runs apart only by report URL, and a recent run has none (set --report-url or executor.json reportUrl)".to_owned(),
        ));
    }
    urls
}

#[derive(Serialize)]
struct RunRetry {
    run: usize,
    retry: usize,
}

fn point_json<D: Serialize>(run: &Allure2Run, data: &D) -> String {
    serde_json::to_string(&TrendPoint {
        build_order: run.build_order,
        report_url: run.report_url.as_deref(),
        report_name: run.report_name.as_deref(),
        data,
    })
    .expect("trend points serialize")
}

/// Prepends a point to a trend array, keeping at most `cap` points. A legacy history-trend
/// point (a bare statistic, recognised by `total`) is rewritten as `{data: …}`, as Allure does.
fn prepend_point(
    old: Option<&str>,
    point: &str,
    cap: usize,
    legacy_statistic: bool,
    name: &str,
    problems: &mut Vec<(String, String)>,
) -> (String, usize) {
    let mut points = vec![point.to_owned()];
    if let Some(text) = old {
        match serde_json::from_str::<Vec<&RawValue>>(text) {
            Ok(items) => {
                for raw in items {
                    let legacy = legacy_statistic
                        && serde_json::from_str::<Value>(raw.get())
                            .is_ok_and(|v| v.get("total").is_some());
                    points.push(if legacy {
                        format!("{{\"data\":{}}}", raw.get())
                    } else {
                        raw.get().to_owned()
                    });
                }
            }
            Err(e) => problems.push((name.to_owned(), crate::model::json_read::describe(&e))),
        }
    }
    points.truncate(cap.max(1));
    let count = points.len();
    (format!("[{}]", points.join(",")), count)
}

#[allow(clippy::too_many_arguments)]
fn history_json(
    old: Option<&str>,
    shown: &[Shown<'_>],
    run: &Allure2Run,
    rules: &CategoryRules,
    cap: usize,
    prune_recent: Option<&[&str]>,
    categories: &mut BTreeMap<String, u64>,
    update: &mut Allure2Update,
) -> String {
    let old_map: Vec<(std::borrow::Cow<'_, str>, &RawValue)> =
        match old.map(serde_json::from_str::<OrderedRaw>) {
            Some(Ok(map)) => map.0,
            Some(Err(e)) => {
                update.problems.push((
                    "history.json".to_owned(),
                    crate::model::json_read::describe(&e),
                ));
                Vec::new()
            }
            None => Vec::new(),
        };
    let mut order: Vec<String> = Vec::with_capacity(old_map.len() + shown.len());
    let mut texts: HashMap<String, String> = HashMap::with_capacity(old_map.len() + shown.len());
    for (key, raw) in &old_map {
        if !texts.contains_key(key.as_ref()) {
            order.push(key.to_string());
        }
        texts.insert(key.to_string(), raw.get().to_owned());
    }
    let mut touched = std::collections::HashSet::new();
    for shown in shown {
        let result = shown.result;
        let flaky_flag = result.details.flaky;
        let Some(key) = shown.key else {
            // No retry hash: no history, but still categorised.
            if let Some(c) = rules.classify(
                result.status,
                result.details.message.as_deref(),
                result.details.trace.as_deref(),
                flaky_flag,
            ) {
                *categories.entry(c.to_owned()).or_default() += 1;
            }
            continue;
        };
        let previous: Option<Value> = texts.get(key).and_then(|t| serde_json::from_str(t).ok());
        let mut statistic = Statistic::read(previous.as_ref().and_then(|p| p.get("statistic")));
        statistic.add(result.status);
        let old_items: Vec<&RawValue> = texts
            .get(key)
            .and_then(|t| serde_json::from_str::<ItemsOnly>(t).ok())
            .map(|d| d.items)
            .unwrap_or_default();
        let previous_statuses: Vec<Status> = old_items
            .iter()
            .take(5)
            .map(|raw| {
                serde_json::from_str::<Value>(raw.get())
                    .ok()
                    .and_then(|v| v.get("status").and_then(Value::as_str).map(Status::parse))
                    .unwrap_or(Status::Unknown)
            })
            .collect();
        let flaky = flaky_flag || allure2_flaky(result.status, &previous_statuses);
        if let Some(c) = rules.classify(
            result.status,
            result.details.message.as_deref(),
            result.details.trace.as_deref(),
            flaky,
        ) {
            *categories.entry(c.to_owned()).or_default() += 1;
        }
        let uid = super::ids::random_uid();
        let item = Item {
            report_url: run.report_url.as_deref().map(|u| item_report_url(u, &uid)),
            uid,
            status: result.status.as_str(),
            status_details: result.details.message.as_deref(),
            time: Time {
                start: result.start,
                stop: result.stop,
                duration: result.start.zip(result.stop).map(|(a, b)| b - a),
            },
        };
        let item_text = serde_json::to_string(&item).expect("items serialize");
        let item_raw: Box<RawValue> = RawValue::from_string(item_text).expect("valid JSON");
        let mut items: Vec<&RawValue> = vec![&item_raw];
        items.extend(old_items.iter().copied());
        items.truncate(cap.max(1));
        let entry = serde_json::to_string(&Entry { statistic, items }).expect("entries serialize");
        if !texts.contains_key(key) {
            order.push(key.to_owned());
        }
        texts.insert(key.to_owned(), entry);
        touched.insert(key.to_owned());
    }
    if let Some(recent) = prune_recent {
        let before = order.len();
        let stale = prune_keys(&order, &texts, &touched, recent);
        order.retain(|k| !stale.contains(k));
        update.keys_pruned = before - order.len();
    }
    update.tests = touched.len();
    update.keys_after = order.len();
    let mut out = String::with_capacity(texts.values().map(|t| t.len() + 40).sum());
    out.push('{');
    for (i, key) in order.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(key).expect("strings serialize"));
        out.push(':');
        out.push_str(&texts[key]);
    }
    out.push('}');
    out
}

#[derive(serde::Deserialize)]
struct ItemsOnly<'a> {
    #[serde(borrow, default)]
    items: Vec<&'a RawValue>,
}

/// Keys unseen for `n` runs. Allure 2 history has no run ids, but an item's `reportUrl` starts
/// with its run's report URL, so a key's newest item names the run it was last seen in. `recent`
/// holds the report URLs of the newest runs, this one first. Keys whose newest item has no URL
/// are kept.
fn prune_keys(
    order: &[String],
    texts: &HashMap<String, String>,
    touched: &std::collections::HashSet<String>,
    recent: &[&str],
) -> std::collections::HashSet<String> {
    let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
    let mut stale = std::collections::HashSet::new();
    for key in order {
        if touched.contains(key) {
            continue;
        }
        let newest_url = serde_json::from_str::<ItemsOnly>(&texts[key])
            .ok()
            .and_then(|d| {
                d.items
                    .first()
                    .and_then(|raw| serde_json::from_str::<Value>(raw.get()).ok())
            })
            .and_then(|v| {
                v.get("reportUrl")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
        let Some(base) = newest_url
            .as_deref()
            .and_then(|u| u.rsplit_once("#testresult/"))
            .map(|(b, _)| b.trim_end_matches("index.html").to_owned())
        else {
            continue;
        };
        if !recent
            .iter()
            .any(|r| same(&base, r.trim_end_matches("index.html")))
        {
            stale.insert(key.clone());
        }
    }
    stale
}

/// Paths of the five files in a directory.
#[must_use]
pub fn allure2_paths(dir: &Path) -> Vec<PathBuf> {
    ALLURE2_FILES.iter().map(|f| dir.join(f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_links_follow_allure_2s_pattern() {
        assert_eq!(
            item_report_url("https://r/7/", "ab"),
            "https://r/7//#testresult/ab"
        );
        assert_eq!(
            item_report_url("https://r/7/index.html", "ab"),
            "https://r/7/index.html#testresult/ab"
        );
    }

    #[test]
    fn flaky_needs_a_pass_newer_than_a_failure_in_the_last_five() {
        use Status::{Broken, Failed, Passed};
        assert!(allure2_flaky(Failed, &[Passed, Failed]));
        assert!(!allure2_flaky(Failed, &[Failed, Passed]));
        assert!(
            !allure2_flaky(Failed, &[Passed, Broken]),
            "broken does not count"
        );
        assert!(
            !allure2_flaky(Passed, &[Passed, Failed]),
            "a pass is never flaky"
        );
        assert!(!allure2_flaky(
            Failed,
            &[Passed, Passed, Passed, Passed, Passed, Failed]
        ));
    }
}
