//! One scenario element as a result: identity, labels, steps, hooks, status. See `cucumber.rs`
//! for the rules and where they differ from Allure 3. No terminal dependencies.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::steps::{ns_to_ms, objects, read_step, status_of, ReadStep};
use super::{tags, TEST_NAME_PLACEHOLDER};
use crate::model::readers::parse_timestamp;
use crate::model::result::{
    Label, Parameter, ParameterMode, ResultBody, StatusDetails, Step, TestResult,
};
use crate::model::status::Status;
use crate::model::text::{Interner, Text};

/// What a feature gives its scenarios.
pub struct FeatureInfo {
    /// `name`.
    pub name: Option<String>,
    /// `uri` (the feature file).
    pub uri: Option<String>,
    /// `id`.
    pub id: Option<String>,
    /// Tag names.
    pub tags: Vec<String>,
}

/// Example rows of a feature's `scenario_outline` elements (older writers), by row id: the
/// expanded scenario with that id has those parameters.
#[derive(Default)]
pub struct Outlines {
    rows: HashMap<String, Vec<(String, String)>>,
}

impl Outlines {
    /// The rows of a feature's outlines.
    pub fn of(feature: &Map<String, Value>) -> Outlines {
        let mut rows = HashMap::new();
        let outlines = objects(feature, "elements")
            .filter(|e| e.get("type").and_then(Value::as_str) == Some("scenario_outline"));
        for examples in outlines.flat_map(|o| objects(o, "examples")) {
            let table: Vec<&Map<String, Value>> = objects(examples, "rows").collect();
            let Some((header, body)) = table.split_first() else {
                continue;
            };
            let header = cells(header);
            for row in body {
                if let Some(id) = row.get("id").and_then(Value::as_str) {
                    let values = cells(row);
                    rows.insert(id.to_owned(), header.iter().cloned().zip(values).collect());
                }
            }
        }
        Outlines { rows }
    }
}

fn cells(row: &Map<String, Value>) -> Vec<String> {
    row.get("cells")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| c.as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Allure 3's order of step statuses for the test's status: lower decides.
fn priority(status: Status) -> u8 {
    match status {
        Status::Failed => 0,
        Status::Broken => 1,
        Status::Unknown => 2,
        Status::Skipped => 3,
        Status::Passed => 4,
    }
}

/// Reads one scenario element. `background` is the background element written just before it.
#[allow(clippy::too_many_arguments)]
pub fn read_scenario(
    element: &Map<String, Value>,
    background: Option<&Map<String, Value>>,
    feature: &FeatureInfo,
    outlines: &Outlines,
    file: &Text,
    ordinal: usize,
    interner: &mut Interner,
    issues: &mut Vec<String>,
) -> TestResult {
    let text = |key: &str| {
        element
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let (name, id) = (text("name"), text("id"));
    let full_name = full_name(feature, name, id);
    let (mut befores, mut afters, mut steps) = (Vec::new(), Vec::new(), Vec::new());
    for step in objects(element, "before") {
        befores.push(read_step(step, Some("Before"), interner, issues));
    }
    for step in objects(element, "steps") {
        // Cucumber-JS writes hooks as hidden steps named by their keyword.
        let keyword = step.get("keyword").and_then(Value::as_str).map(str::trim);
        let hidden = step.get("hidden").and_then(Value::as_bool) == Some(true);
        match keyword {
            Some(kind @ ("Before" | "After")) if hidden => {
                let read = read_step(step, Some(kind), interner, issues);
                if kind == "Before" {
                    &mut befores
                } else {
                    &mut afters
                }
                .push(read);
            }
            _ => steps.push(read_step(step, None, interner, issues)),
        }
    }
    for step in objects(element, "after") {
        afters.push(read_step(step, Some("After"), interner, issues));
    }
    if let Some(background) = background {
        prepend_background(background, element, &mut steps, interner, issues);
    }
    let (status, details) = outcome(&steps, &befores, &afters);
    let total_ns: Option<f64> = steps
        .iter()
        .filter_map(|s| s.duration_ns)
        .fold(None, |sum, d| Some(sum.unwrap_or(0.0) + d));
    let duration = total_ns.map(ns_to_ms);
    let start = text("start_timestamp").and_then(parse_timestamp);
    let parameters = id
        .and_then(|id| outlines.rows.get(id))
        .map(|row| {
            row.iter()
                .map(|(name, value)| Parameter {
                    name: Text::from(name.as_str()),
                    value: Some(Text::from(value.as_str())),
                    excluded: false,
                    mode: ParameterMode::Default,
                })
                .collect()
        })
        .unwrap_or_default();
    let body = ResultBody {
        steps: steps.into_iter().map(|s| s.step).collect(),
        description: element
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(Text::from),
        ..ResultBody::default()
    };
    TestResult {
        file: file.clone(),
        history_id: full_name
            .is_none()
            .then(|| Text::from(format!("{file}#scenario-{ordinal}"))),
        full_name: full_name.map(Text::from),
        name: Text::from(name.unwrap_or(TEST_NAME_PLACEHOLDER)),
        status,
        details,
        start,
        stop: start.zip(duration).map(|(s, d)| s + d),
        duration,
        labels: labels(feature, element, interner),
        parameters,
        befores: fixtures(befores),
        afters: fixtures(afters),
        ..TestResult::default()
    }
    .with_body(body)
}

/// Allure 3's full name: `featurePart#scenarioPart`, preferring the feature's uri, then name,
/// then id, and the scenario's name, then id; without a feature part the scenario's id, then
/// name. `None` without a scenario name or id (Allure 3 makes a random one).
fn full_name(feature: &FeatureInfo, name: Option<&str>, id: Option<&str>) -> Option<String> {
    let scenario = name.or(id)?;
    let feature_part = feature
        .uri
        .as_deref()
        .or(feature.name.as_deref())
        .or(feature.id.as_deref());
    Some(match feature_part {
        Some(part) => format!("{part}#{scenario}"),
        None => id.or(name)?.to_owned(),
    })
}

/// Labels: `feature` and `suite` (the feature's name, else its uri), then each tag once.
fn labels(
    feature: &FeatureInfo,
    element: &Map<String, Value>,
    interner: &mut Interner,
) -> Vec<Label> {
    let mut labels = Vec::new();
    let group = feature.name.as_deref().or(feature.uri.as_deref());
    if let Some(name) = feature.name.as_deref() {
        labels.push(Label {
            name: interner.intern("feature"),
            value: interner.intern(name),
        });
    }
    if let Some(group) = group {
        labels.push(Label {
            name: interner.intern("suite"),
            value: interner.intern(group),
        });
    }
    let mut seen: Vec<&str> = Vec::new();
    let scenario_tags = tags(element);
    for tag in feature.tags.iter().chain(&scenario_tags) {
        if !seen.contains(&tag.as_str()) {
            seen.push(tag);
            labels.push(Label {
                name: interner.intern("tag"),
                value: interner.intern(tag),
            });
        }
    }
    labels
}

/// The background's steps go first, unless the scenario already starts with them (some writers
/// repeat them in each scenario).
fn prepend_background(
    background: &Map<String, Value>,
    element: &Map<String, Value>,
    steps: &mut Vec<ReadStep>,
    interner: &mut Interner,
    issues: &mut Vec<String>,
) {
    let key = |s: &Map<String, Value>| {
        (
            s.get("keyword").cloned(),
            s.get("name").cloned(),
            s.get("line").cloned(),
        )
    };
    let own: Vec<_> = objects(element, "steps").map(key).collect();
    let background_steps: Vec<&Map<String, Value>> = objects(background, "steps").collect();
    let repeated = background_steps.len() <= own.len()
        && background_steps.iter().zip(&own).all(|(b, o)| key(b) == *o);
    if repeated || background_steps.is_empty() {
        return;
    }
    let mut read: Vec<ReadStep> = background_steps
        .into_iter()
        .map(|s| read_step(s, None, interner, issues))
        .collect();
    read.append(steps);
    *steps = read;
}

/// The status and message: the deciding step's (Allure 3); a failed hook makes an otherwise
/// passing, skipped or unknown test broken.
fn outcome(
    steps: &[ReadStep],
    befores: &[ReadStep],
    afters: &[ReadStep],
) -> (Status, StatusDetails) {
    let deciding = steps.iter().reduce(|a, b| {
        if priority(a.step.status) <= priority(b.step.status) {
            a
        } else {
            b
        }
    });
    let (status, details) = match deciding {
        None => (
            Status::Unknown,
            StatusDetails {
                message: Some(Text::from("Step results are missing")),
                ..StatusDetails::default()
            },
        ),
        Some(step) => {
            let name = step.step.name.as_str();
            let message = match step.cucumber_status.as_str() {
                "passed" => None,
                "failed" => Some(format!("The step '{name}' failed")),
                "skipped" => Some("One or more steps of the scenario were skipped".to_owned()),
                "pending" => Some(format!(
                    "The step '{name}' signalled pending during execution"
                )),
                "undefined" => Some(format!("The step '{name}' didn't match any definition")),
                "ambiguous" => Some(format!(
                    "The step '{name}' matched more than one definition"
                )),
                _ => Some(format!("The result of the step '{name}' is unknown")),
            };
            (
                step.step.status,
                StatusDetails {
                    trace: message.as_ref().and(step.error.as_deref()).map(Text::from),
                    message: message.map(Text::from),
                    ..StatusDetails::default()
                },
            )
        }
    };
    if priority(status) <= priority(Status::Broken) {
        return (status, details);
    }
    let failed_hook = befores
        .iter()
        .map(|h| ("before", h))
        .chain(afters.iter().map(|h| ("after", h)))
        .find(|(_, h)| {
            matches!(
                status_of(&h.cucumber_status),
                Status::Failed | Status::Broken
            )
        });
    match failed_hook {
        Some((kind, hook)) => (
            Status::Broken,
            StatusDetails {
                message: Some(Text::from(format!(
                    "The {kind} hook '{}' failed",
                    hook.step
                        .name
                        .split_once(": ")
                        .map_or(hook.step.name.as_str(), |(_, l)| l)
                ))),
                trace: hook.error.as_deref().map(Text::from),
                ..StatusDetails::default()
            },
        ),
        None => (status, details),
    }
}

fn fixtures(hooks: Vec<ReadStep>) -> Arc<[Step]> {
    hooks.into_iter().map(|h| h.step).collect()
}
