//! A generated Allure 3 report: `test-results.json` is its own index of the shown results (a
//! report regenerated into the same folder keeps stale files in `data/test-results/`, so the
//! folder is never globbed); each `data/test-results/<id>.json` holds a shown result with its
//! retries, steps, fixtures and history; `data/history/*.json` holds the newest history points
//! (at most 6); `widgets/allure_environment.json` the environment. No terminal dependencies.

use serde_json::{Map, Value};

use super::{attachment_of, history_item, labels_of, links_of, parameters_of, status_of, times_of};
use crate::model::convert::{text, Issues, MAX_STEP_DEPTH, UNKNOWN_TEST};
use crate::model::dir_launch::DirLaunch;
use crate::model::json_read::parse_json_bytes;
use crate::model::result::{Attachment, ResultBody, StatusDetails, Step, TestResult};
use crate::model::source::{join, Source};
use crate::model::text::Text;
use crate::model::warning::Warning;

/// True when the report's `summary.json` says it is a single-file report
/// (`"meta": {"singleFile": true}`): its results are embedded in `index.html`, and its
/// `test-results.json` names files that are not there.
pub fn is_single_file(source: &dyn Source, dir: &str) -> bool {
    source
        .read(&join(dir, "summary.json"))
        .ok()
        .and_then(|bytes| parse_json_bytes(&bytes).ok())
        .and_then(|doc| doc.value.get("meta")?.get("singleFile")?.as_bool())
        .unwrap_or(false)
}

/// The ids of the shown results, from `test-results.json` (`{"byId": {id: {...}}}`).
pub fn read_index(bytes: &[u8]) -> Result<Vec<String>, String> {
    let doc = parse_json_bytes(bytes)?;
    let by_id = doc
        .value
        .get("byId")
        .and_then(Value::as_object)
        .ok_or_else(|| "test-results.json has no byId index".to_owned())?;
    Ok(plain_ids(by_id.keys().map(String::as_str)))
}

/// The ids of the shown results from `widgets/nav.json` (`[id, …]`, the report's list of its
/// tests), for reports older than `test-results.json` (Allure 3.13 writes only this one).
pub fn read_nav_index(bytes: &[u8]) -> Result<Vec<String>, String> {
    let doc = parse_json_bytes(bytes)?;
    let ids = doc
        .value
        .as_array()
        .ok_or_else(|| "widgets/nav.json is not a list of test result ids".to_owned())?;
    Ok(plain_ids(ids.iter().filter_map(Value::as_str)))
}

/// Ids that name files (only plain ones are read), sorted, each once.
fn plain_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut ids: Vec<String> = ids
        .filter(|id| {
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Reads a `data/test-results/<id>.json`: the shown result, then its retries (oldest first).
pub fn read_result(bytes: &[u8]) -> Result<(Vec<TestResult>, Vec<String>), String> {
    let doc = parse_json_bytes(bytes)?;
    let mut issues = Issues { items: doc.notes };
    let obj = doc
        .value
        .as_object()
        .ok_or_else(|| "expected an object".to_owned())?;
    let mut results: Vec<TestResult> = obj
        .get("retries")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|r| result_of(r, &mut issues))
        .collect();
    results.sort_by_key(|r| (r.start.is_some(), r.start));
    results.push(result_of(obj, &mut issues));
    Ok((results, issues.items))
}

fn result_of(obj: &Map<String, Value>, issues: &mut Issues) -> TestResult {
    let full_name = text(obj, "fullName", issues);
    let name = text(obj, "name", issues)
        .filter(|n| !n.is_empty())
        .or_else(|| full_name.clone())
        .unwrap_or_else(|| Text::from(UNKNOWN_TEST));
    let (start, stop) = times_of(obj, issues);
    let error = obj.get("error").and_then(Value::as_object);
    let fixtures = |kind: &str, issues: &mut Issues| -> Vec<Step> {
        obj.get(kind)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|s| step_of(s, 1, issues))
            .collect()
    };
    let befores = fixtures("setup", issues);
    let afters = fixtures("teardown", issues);
    let (steps, attachments) = steps_of(obj, 1, issues);
    let history = obj
        .get("history")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| history_item(item, issues))
        .collect();
    let flag = |name: &str| obj.get(name).and_then(Value::as_bool).unwrap_or(false);
    TestResult {
        uuid: text(obj, "id", issues),
        // The report's own key for the test (Allure 3's): history lines are keyed by it.
        history_id: text(obj, "historyId", issues),
        full_name,
        name,
        title_path: obj
            .get("titlePath")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(Text::from)
            .collect(),
        status: status_of(obj, "status"),
        details: StatusDetails {
            message: error.and_then(|e| text(e, "message", issues)),
            trace: error.and_then(|e| text(e, "trace", issues)),
            flaky: flag("flaky"),
            muted: flag("muted"),
            known: flag("known"),
            ..StatusDetails::default()
        },
        start,
        stop,
        labels: labels_of(obj),
        parameters: parameters_of(obj),
        befores: befores.into(),
        afters: afters.into(),
        report_categories: obj.get("categories").and_then(Value::as_array).map(|list| {
            list.iter()
                .filter_map(|c| c.get("name").and_then(Value::as_str).map(Text::from))
                .collect()
        }),
        embedded_history: history,
        ..TestResult::default()
    }
    .with_body(ResultBody {
        steps,
        attachments,
        links: links_of(obj),
        description: text(obj, "description", issues),
        description_html: text(obj, "descriptionHtml", issues),
        issues: Vec::new(),
    })
}

/// A step list: `{type: "step", …}` entries are steps, `{type: "attachment", link}` entries are
/// the attachments of the step holding them.
fn steps_of(
    obj: &Map<String, Value>,
    depth: usize,
    issues: &mut Issues,
) -> (Vec<Step>, Vec<Attachment>) {
    let mut steps = Vec::new();
    let mut attachments = Vec::new();
    for item in obj
        .get("steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
    {
        match item.get("type").and_then(Value::as_str) {
            Some("attachment") => {
                if let Some(link) = item.get("link").and_then(Value::as_object) {
                    attachments.push(attachment_from_link(link));
                }
            }
            _ if depth < MAX_STEP_DEPTH => steps.push(step_of(item, depth + 1, issues)),
            _ => {}
        }
    }
    (steps, attachments)
}

/// An attachment link: its file is `data/attachments/<id><ext>`.
fn attachment_from_link(link: &Map<String, Value>) -> Attachment {
    let mut attachment = attachment_of(link, "id");
    let ext = link.get("ext").and_then(Value::as_str).unwrap_or_default();
    attachment.source = attachment.source.map(|id| Text::from(format!("{id}{ext}")));
    attachment.mime = link
        .get("contentType")
        .and_then(Value::as_str)
        .map(Text::from);
    attachment
}

fn step_of(obj: &Map<String, Value>, depth: usize, issues: &mut Issues) -> Step {
    let (start, stop) = times_of(obj, issues);
    let error = obj.get("error").and_then(Value::as_object);
    let (steps, attachments) = steps_of(obj, depth, issues);
    Step {
        name: text(obj, "name", issues).unwrap_or_default(),
        status: status_of(obj, "status"),
        details: StatusDetails {
            message: error
                .and_then(|e| text(e, "message", issues))
                .or_else(|| text(obj, "message", issues)),
            trace: error.and_then(|e| text(e, "trace", issues)),
            ..StatusDetails::default()
        },
        start,
        stop,
        // start and stop give it: a duration alone is for inputs without times.
        duration: None,
        parameters: parameters_of(obj),
        attachments,
        steps,
    }
}

/// The launch as the report describes it: `widgets/allure_environment.json`
/// (`[{name, values}]`). (Allure 3 keeps its executor only inside `index.html`.)
pub fn read_launch(source: &dyn Source, dir: &str, warnings: &mut Vec<Warning>) -> DirLaunch {
    let mut launch = DirLaunch::default();
    let path = join(dir, "widgets/allure_environment.json");
    if let Ok(bytes) = source.read(&path) {
        match parse_json_bytes(&bytes) {
            Ok(doc) => {
                for entry in doc.value.as_array().into_iter().flatten() {
                    let Some(name) = entry.get("name").and_then(Value::as_str) else {
                        continue;
                    };
                    for value in entry
                        .get("values")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        launch.environment.push((name.to_owned(), value.to_owned()));
                    }
                }
            }
            Err(reason) => warnings.push(Warning::new(source.describe(&path), reason)),
        }
    }
    launch
}
