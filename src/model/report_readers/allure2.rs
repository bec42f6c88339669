//! A generated Allure 2 report: each `data/test-cases/*.json` is one result (hidden retries
//! included, marked `hidden`), `widgets/executors.json` and `widgets/environment.json` describe
//! the launch, and `history/` holds Allure 2 history that already records this launch.
//! No terminal dependencies.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{allure2_step, attachment_of, history_item, labels_of, links_of, parameters_of};
use super::{status_of, times_of};
use crate::model::convert::{text, Issues, UNKNOWN_TEST};
use crate::model::dir_launch::DirLaunch;
use crate::model::identity::TestKeys;
use crate::model::inputs::Location;
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
    /// A retry the report hides under its shown attempt (`hidden`, or `retry` in older
    /// reports).
    pub hidden: bool,
    /// The `uid`s of its retries, from `extra.retries` (a shown case only): the report's own
    /// grouping of attempts.
    pub retry_uids: Vec<String>,
}

/// The `uid`s of the tests the report shows: the leaves of `data/suites.json` (every shown
/// test is in that tree once; files in `data/test-cases/` that no tree names are left over
/// from an earlier report generated into the same folder, and the report never shows them).
/// Walked without recursion: the tree is untrusted.
pub fn read_tree_uids(bytes: &[u8]) -> Result<HashSet<String>, String> {
    let doc = parse_json_bytes(bytes)?;
    let mut uids = HashSet::new();
    let mut stack = vec![&doc.value];
    while let Some(node) = stack.pop() {
        match node.get("children").and_then(Value::as_array) {
            Some(children) => stack.extend(children),
            None => {
                if let Some(uid) = node.get("uid").and_then(Value::as_str) {
                    uids.insert(uid.to_owned());
                }
            }
        }
    }
    if doc.value.get("children").is_none() {
        return Err("no \"children\": not a report tree".to_owned());
    }
    Ok(uids)
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
    let flag = |key: &str| obj.get(key).and_then(Value::as_bool).unwrap_or(false);
    let hidden = flag("hidden") || flag("retry");
    let retry_uids = extra
        .and_then(|e| e.get("retries"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|r| r.get("uid").and_then(Value::as_str).map(str::to_owned))
        .collect();
    Ok((
        ReportCase {
            result,
            hidden,
            retry_uids,
        },
        issues.items,
    ))
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

/// Reads a report's `data/suites.json` as [`read_tree_uids`] does; `None` (with a warning)
/// when it is missing or unreadable: then the shown tests are the cases not marked hidden.
pub fn read_tree(location: &Location, warnings: &mut Vec<Warning>) -> Option<HashSet<String>> {
    let path = location.path("data/suites.json");
    let file = location.source.describe(&path);
    let fallback = "the shown tests are taken as every test case not marked hidden";
    match location.source.read(&path) {
        Ok(bytes) => match read_tree_uids(&bytes) {
            Ok(uids) => Some(uids),
            Err(reason) => {
                warnings.push(Warning::new(file, format!("{reason}; {fallback}")));
                None
            }
        },
        Err(e) => {
            warnings.push(Warning::new(file, format!("unreadable ({e}); {fallback}")));
            None
        }
    }
}

/// A test case as the loader read it, before it is filed under its test.
#[derive(Debug)]
pub struct ReadCase {
    /// Index of its location.
    pub dir: u16,
    /// The result, finished by the loader.
    pub result: Box<TestResult>,
    /// Its identity keys.
    pub keys: TestKeys,
    /// Marked hidden (a retry).
    pub hidden: bool,
    /// Its retries' `uid`s (see [`ReportCase::retry_uids`]).
    pub retry_uids: Vec<String>,
}

/// Test cases filed as the report files them.
#[derive(Debug, Default)]
pub struct Filed {
    /// The tests the report shows.
    pub shown: Vec<(Box<TestResult>, TestKeys)>,
    /// Their retries.
    pub hidden: Vec<(Box<TestResult>, TestKeys)>,
}

/// Files each case of the Allure 2 reports read as the report does: the tests are the leaves
/// of its tree (`trees`, by location; without one, the cases not marked hidden), each with
/// the retries its `extra.retries` names, as one group ([`TestKeys::report_group`]) whatever
/// their identity keys. A case that is neither is left over from an earlier report generated
/// into the same folder: it is dropped, with one warning per report naming how many (`labels`
/// name the locations).
pub fn file_cases(
    cases: Vec<ReadCase>,
    trees: &[Option<HashSet<String>>],
    labels: &[String],
    warnings: &mut Vec<Warning>,
) -> Filed {
    let uids: Vec<&str> = cases
        .iter()
        .map(|c| c.result.uuid.as_ref().map_or("", |u| u.as_str()))
        .collect();
    let shown: Vec<bool> = cases
        .iter()
        .zip(&uids)
        .map(
            |(c, uid)| match trees.get(usize::from(c.dir)).and_then(Option::as_ref) {
                Some(tree) => tree.contains(*uid),
                None => !c.hidden,
            },
        )
        .collect();
    // Per shown test, by location and uid: its group, its identity key numbered from the
    // second test of one key in one report (an Allure 2 report made before 2.45 may show two
    // such tests). Per retry: the shown test that names it (the first: a report Allure wrote
    // names each retry once, so a second claim is counted and said).
    let mut seen: HashMap<(u16, &Text), usize> = HashMap::new();
    let mut group_of: HashMap<(u16, &str), Text> = HashMap::new();
    let mut owner: HashMap<(u16, &str), &str> = HashMap::new();
    let mut claimed_twice = vec![0usize; labels.len()];
    for ((c, &uid), _) in cases.iter().zip(&uids).zip(&shown).filter(|(_, s)| **s) {
        let group = match c.keys.primary() {
            Some(key) => {
                let n = seen.entry((c.dir, key)).or_default();
                *n += 1;
                if *n == 1 {
                    key.clone()
                } else {
                    Text::from(format!("{key}\t#{n}"))
                }
            }
            None => Text::from(format!("report\t{}\t{uid}", c.dir)),
        };
        group_of.insert((c.dir, uid), group);
        for retry in &c.retry_uids {
            let first = *owner.entry((c.dir, retry.as_str())).or_insert(uid);
            if first != uid {
                if let Some(n) = claimed_twice.get_mut(usize::from(c.dir)) {
                    *n += 1;
                }
            }
        }
    }
    let groups: Vec<Option<(Text, bool)>> = cases
        .iter()
        .zip(&uids)
        .zip(&shown)
        .map(|((c, &uid), &shown)| {
            let owner_uid = if shown {
                Some(uid)
            } else {
                owner.get(&(c.dir, uid)).copied()
            };
            owner_uid
                .and_then(|u| group_of.get(&(c.dir, u)).cloned())
                .map(|group| (group, !shown))
        })
        .collect();
    drop((owner, group_of, seen, uids));
    let mut filed = Filed::default();
    let mut left_over = vec![0usize; labels.len()];
    for (mut case, group) in cases.into_iter().zip(groups) {
        match group {
            Some((group, is_retry)) => {
                case.keys.report_group = Some(group);
                let list = if is_retry {
                    &mut filed.hidden
                } else {
                    &mut filed.shown
                };
                list.push((case.result, case.keys));
            }
            None => {
                if let Some(n) = left_over.get_mut(usize::from(case.dir)) {
                    *n += 1;
                }
            }
        }
    }
    for (label, n) in labels.iter().zip(claimed_twice).filter(|(_, n)| *n > 0) {
        warnings.push(Warning::new(
            label.clone(),
            format!(
                "{n} retr{} listed under two tests of the report: each is shown under the \
                 first test (in file name order) that lists it",
                if n == 1 { "y is" } else { "ies are" },
            ),
        ));
    }
    for (label, n) in labels.iter().zip(left_over).filter(|(_, n)| *n > 0) {
        warnings.push(Warning::new(
            label.clone(),
            format!(
                "{n} file{} in data/test-cases/ {} neither a test of the report's tree nor a \
                 retry of one (left over from an earlier report generated into this folder): \
                 not shown, as the report does not show {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
                if n == 1 { "it" } else { "them" },
            ),
        ));
    }
    filed
}
