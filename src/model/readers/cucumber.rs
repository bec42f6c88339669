//! Cucumber JSON (`cucumber.json`, Cucumber-JVM and Cucumber-JS formats): each scenario a
//! result, as Allure 3's cucumberjson reader maps them
//! (`allure3 · packages/reader/src/cucumberjson/index.ts`; Allure 2 does not read this format).
//!
//! - Every feature of the file is read (Allure 3.18 stops after the first: a bug), and features
//!   in any Gherkin language (Allure 3 wants the keyword `Feature`).
//! - A scenario is a test named by its name, with full name `uri#name` (else the feature's name
//!   or id, and the scenario's id); labels `feature` (and `suite`: the feature, so the tree
//!   groups scenarios by feature; Allure 3's tree is flat) and one `tag` per tag, each once.
//! - Backgrounds are not tests. Cucumber-JVM writes a background's steps in a `background`
//!   element before each scenario: they are the scenario's first steps (unless the scenario
//!   repeats them itself; Allure 3 drops them).
//! - Scenario Outline examples are separate tests. Their parameters are the example row when
//!   the file gives it (older writers' `scenario_outline` elements with `examples`); examples
//!   that would share a full name otherwise get a `line` parameter (the example row's line), so
//!   they stay apart (Allure 3 merges them into one test with retries).
//! - Steps: `keyword name`, statuses as Allure 3 maps them (see `cucumber/steps.rs`); doc
//!   strings, data tables, embeddings (base64, decoded) and output are inline attachments.
//! - Hooks are the test's setup and teardown fixtures (Allure 3 ignores them). A failed hook
//!   makes the test broken, as a failed fixture does in Allure (Allure 3 shows a test whose
//!   before hook failed as skipped).
//! - Status: the worst step status in Allure 3's order failed > broken > unknown > skipped >
//!   passed, with Allure 3's message naming the step; no steps is unknown.
//! - Times: `start_timestamp` (Cucumber-JVM 6+) is the start (Allure 3 ignores it); the
//!   duration is the steps' total, as in Allure 3.
//!
//! No terminal dependencies.

mod scenario;
mod steps;

pub use steps::STEP_NAME_PLACEHOLDER;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::ReaderOutput;
use crate::model::json_read::parse_json_bytes;
use crate::model::result::{Parameter, ParameterMode};
use crate::model::text::{Interner, Text};
use scenario::{read_scenario, FeatureInfo, Outlines};
use steps::objects;

/// Allure 3's name for a scenario without one.
pub const TEST_NAME_PLACEHOLDER: &str = "The scenario's name is not defined";

/// Reads a Cucumber JSON report. `file` is the file's name, kept on every result.
#[must_use]
pub fn read_cucumber(bytes: &[u8], file: &str, interner: &mut Interner) -> ReaderOutput {
    let mut out = ReaderOutput::default();
    let doc = match parse_json_bytes(bytes) {
        Ok(doc) => doc,
        Err(reason) => {
            out.issues.push(reason);
            return out;
        }
    };
    out.issues.extend(doc.notes);
    let Some(features) = doc.value.as_array() else {
        out.issues
            .push("$: expected an array of features: not a Cucumber JSON report".to_owned());
        return out;
    };
    let file = Text::from(file);
    let mut features_read = 0;
    let mut ordinal = 0;
    for (i, feature) in features.iter().enumerate() {
        if feature.as_object().is_some_and(is_empty_feature) {
            // behave writes a feature whose scenarios were all filtered out without
            // `elements`: a feature with no tests, nothing wrong with it.
            features_read += 1;
            continue;
        }
        let Some(feature) = feature.as_object().filter(|f| is_feature(f)) else {
            out.issues.push(format!(
                "$[{i}]: not a feature (no \"elements\" array); skipped"
            ));
            continue;
        };
        features_read += 1;
        read_feature(feature, &file, &mut ordinal, interner, &mut out);
        if out.results.len() >= super::MAX_RESULTS_PER_FILE {
            out.results.truncate(super::MAX_RESULTS_PER_FILE);
            out.issues.push(format!(
                "more than {} scenarios; the rest are skipped",
                super::MAX_RESULTS_PER_FILE
            ));
            break;
        }
    }
    if features_read == 0 && !features.is_empty() {
        out.issues
            .push("no features: not a Cucumber JSON report".to_owned());
    }
    out
}

/// True when the bytes look like a Cucumber JSON report: a JSON array whose first item is an
/// object with an `"elements"` key (looked for in the first 64 KiB). How to tell `cucumber.json`
/// among the `*.json` files of a directory; [`read_cucumber`] decides for good.
#[must_use]
pub fn is_cucumber_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let mut rest = head.iter().skip_while(|b| b.is_ascii_whitespace());
    if rest.next() != Some(&b'[') || rest.find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return false;
    }
    head.windows(10).any(|w| w == b"\"elements\"")
}

/// A feature: an object with an `elements` array (any keyword language).
fn is_feature(feature: &Map<String, Value>) -> bool {
    feature.get("elements").is_some_and(Value::is_array)
}

/// A feature without scenarios: a `keyword` and a `name` or `location`/`uri`, and no
/// `elements` at all.
fn is_empty_feature(feature: &Map<String, Value>) -> bool {
    let has_text = |key: &str| feature.get(key).is_some_and(Value::is_string);
    !feature.contains_key("elements")
        && has_text("keyword")
        && (has_text("name") || has_text("location") || has_text("uri"))
}

fn read_feature(
    feature: &Map<String, Value>,
    file: &Text,
    ordinal: &mut usize,
    interner: &mut Interner,
    out: &mut ReaderOutput,
) {
    let text = |key: &str| feature.get(key).and_then(Value::as_str).map(str::to_owned);
    let info = FeatureInfo {
        name: text("name").filter(|n| !n.is_empty()),
        uri: text("uri").filter(|n| !n.is_empty()),
        id: text("id").filter(|n| !n.is_empty()),
        tags: tags(feature),
    };
    let outlines = Outlines::of(feature);
    let first = out.results.len();
    let mut background: Option<&Map<String, Value>> = None;
    let mut lines = Vec::new();
    for element in objects(feature, "elements") {
        let kind = element
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("scenario");
        match kind {
            "background" => background = Some(element),
            "scenario_outline" => {}
            _ => {
                let result = read_scenario(
                    element,
                    background.take(),
                    &info,
                    &outlines,
                    file,
                    *ordinal,
                    interner,
                    &mut out.issues,
                );
                *ordinal += 1;
                lines.push(element.get("line").and_then(Value::as_i64));
                out.results.push(result);
            }
        }
    }
    separate_same_names(&mut out.results[first..], &lines);
}

/// Scenarios of one feature that would share an identity (outline examples whose name does not
/// change per row) get a `line` parameter, so they stay separate tests; the line is stable
/// across reruns of the same feature file. Without lines, their position in the feature.
fn separate_same_names(results: &mut [crate::model::result::TestResult], lines: &[Option<i64>]) {
    type Key = (Text, Vec<(Text, Option<Text>)>);
    let mut groups: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        if let Some(full_name) = &r.full_name {
            let parameters = r
                .parameters
                .iter()
                .map(|p| (p.name.clone(), p.value.clone()))
                .collect();
            groups
                .entry((full_name.clone(), parameters))
                .or_default()
                .push(i);
        }
    }
    for members in groups.into_values().filter(|m| m.len() > 1) {
        let distinct_lines = {
            let mut seen: Vec<Option<i64>> = members.iter().map(|&i| lines[i]).collect();
            seen.sort_unstable();
            seen.dedup();
            seen.len() == members.len() && seen.iter().all(Option::is_some)
        };
        for (position, &i) in members.iter().enumerate() {
            let value = match (distinct_lines, lines[i]) {
                (true, Some(line)) => line.to_string(),
                _ => (position + 1).to_string(),
            };
            results[i].parameters.push(Parameter {
                name: Text::from(if distinct_lines { "line" } else { "example" }),
                value: Some(Text::from(value)),
                excluded: false,
                mode: ParameterMode::Default,
            });
        }
    }
}

/// The tag names of a feature or scenario.
fn tags(obj: &Map<String, Value>) -> Vec<String> {
    objects(obj, "tags")
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests;
