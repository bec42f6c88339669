//! A generated Allure 2 report: each `data/test-cases/*.json` is one result (hidden retries
//! included, marked `hidden`), `widgets/executors.json` and `widgets/environment.json` describe
//! the launch, and `history/` holds Allure 2 history that already records this launch.
//! No terminal dependencies.

use serde_json::Value;

use super::{allure2_step, attachment_of, history_item, labels_of, links_of, parameters_of};
use super::{status_of, times_of};
use crate::model::convert::{text, Issues, UNKNOWN_TEST};
use crate::model::dir_launch::DirLaunch;
use crate::model::json_read::parse_json_bytes;
use crate::model::launch::Executor;
use crate::model::result::{ResultBody, StatusDetails, Step, TestResult};
use crate::model::source::{join, Source};
use crate::model::text::Text;
use crate::model::warning::Warning;

/// One test case of the report.
#[derive(Debug)]
pub struct ReportCase {
    /// The result, body included.
    pub result: TestResult,
    /// A retry the report hides under its shown attempt.
    pub hidden: bool,
}

/// Reads a `data/test-cases/*.json` file.
pub fn read_case(bytes: &[u8]) -> Result<(ReportCase, Vec<String>), String> {
    let doc = parse_json_bytes(bytes)?;
    let mut issues = Issues { items: doc.notes };
    let obj = doc
        .value
        .as_object()
        .ok_or_else(|| "expected an object".to_owned())?;
    let full_name = text(obj, "fullName", &mut issues);
    let name = text(obj, "name", &mut issues)
        .filter(|n| !n.is_empty())
        .or_else(|| full_name.clone())
        .unwrap_or_else(|| Text::from(UNKNOWN_TEST));
    let (start, stop) = times_of(obj, &mut issues);
    let stage = obj.get("testStage").and_then(Value::as_object);
    let steps_of = |key: &str, issues: &mut Issues| -> Vec<Step> {
        obj.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|s| allure2_step(s, 1, issues))
            .collect()
    };
    let befores = steps_of("beforeStages", &mut issues);
    let afters = steps_of("afterStages", &mut issues);
    let extra = obj.get("extra").and_then(Value::as_object);
    let categories: Vec<Text> = extra
        .and_then(|e| e.get("categories"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("name").and_then(Value::as_str).map(Text::from))
        .collect();
    let history: Vec<_> = extra
        .and_then(|e| e.get("history"))
        .and_then(|h| h.get("items"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| history_item(item, &mut issues))
        .collect();
    let body = ResultBody {
        steps: stage
            .and_then(|s| s.get("steps"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|s| allure2_step(s, 1, &mut issues))
            .collect(),
        attachments: stage
            .and_then(|s| s.get("attachments"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|a| attachment_of(a, "source"))
            .collect(),
        links: links_of(obj),
        description: text(obj, "description", &mut issues),
        description_html: text(obj, "descriptionHtml", &mut issues),
        issues: Vec::new(),
    };
    let result = TestResult {
        uuid: text(obj, "uid", &mut issues),
        history_id: text(obj, "historyId", &mut issues),
        test_case_id: text(obj, "testId", &mut issues),
        full_name,
        name,
        status: status_of(obj, "status"),
        details: StatusDetails {
            message: text(obj, "statusMessage", &mut issues),
            trace: text(obj, "statusTrace", &mut issues),
            flaky: obj.get("flaky").and_then(Value::as_bool).unwrap_or(false),
            ..StatusDetails::default()
        },
        start,
        stop,
        labels: labels_of(obj),
        parameters: parameters_of(obj),
        befores: befores.into(),
        afters: afters.into(),
        report_categories: Some(categories),
        embedded_history: history,
        ..TestResult::default()
    }
    .with_body(body);
    let hidden = obj.get("hidden").and_then(Value::as_bool).unwrap_or(false);
    Ok((ReportCase { result, hidden }, issues.items))
}

/// The launch as the report describes it: `widgets/executors.json` (the executor with the
/// highest build order, as Allure 2's trend takes it) and `widgets/environment.json`
/// (`[{name, values}]`).
pub fn read_launch(source: &dyn Source, dir: &str, warnings: &mut Vec<Warning>) -> DirLaunch {
    let mut launch = DirLaunch::default();
    let mut read = |name: &str| -> Option<Value> {
        let path = join(dir, name);
        let bytes = source.read(&path).ok()?;
        match parse_json_bytes(&bytes) {
            Ok(doc) => Some(doc.value),
            Err(reason) => {
                warnings.push(Warning::new(source.describe(&path), reason));
                None
            }
        }
    };
    if let Some(Value::Array(executors)) = read("widgets/executors.json") {
        let mut issues = Issues::default();
        launch.executor = executors
            .iter()
            .map(|e| Executor::from_json(e, &mut issues))
            .max_by_key(|e| e.build_order);
    }
    if let Some(Value::Array(entries)) = read("widgets/environment.json") {
        for entry in entries {
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
    launch
}
