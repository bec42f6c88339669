//! `*-testsuite.xml`: the Allure 1 XML form (root `test-suite` in the namespace
//! `urn:model.allure.qatools.yandex.ru`, element names as JAXB writes them: `test-cases/test-case`,
//! `steps/step`, `attachments/attachment`, `labels/label`, `parameters/parameter`,
//! `failure/message` and `failure/stack-trace`). No terminal dependencies.

use super::super::xml_doc::{parse_rooted, Element};
use super::doc::{AttachmentDoc, CaseDoc, DescriptionDoc, ParameterDoc, StepDoc, SuiteDoc};
use crate::model::convert::MAX_STEP_DEPTH;

/// Parses an Allure 1 XML document; `None` (with an issue) when it is not one.
pub fn parse(bytes: &[u8], issues: &mut Vec<String>) -> Option<SuiteDoc> {
    let root = parse_rooted(bytes, "test-suite", "an Allure 1 test suite", issues)?;
    let mut deep = false;
    let suite = SuiteDoc {
        name: text_of(&root, "name"),
        title: text_of(&root, "title"),
        description: description(&root),
        labels: labels(&root),
        cases: wrapped(&root, "test-cases", "test-case")
            .map(|case| test_case(case, &mut deep))
            .collect(),
    };
    if deep {
        issues.push(format!(
            "steps nested deeper than {MAX_STEP_DEPTH} levels were dropped"
        ));
    }
    Some(suite)
}

fn test_case(case: &Element, deep: &mut bool) -> CaseDoc {
    let failure = case.child("failure");
    CaseDoc {
        name: text_of(case, "name"),
        title: text_of(case, "title"),
        description: description(case),
        status: case.attr("status").map(str::to_owned),
        start: number(case.attr("start")),
        stop: number(case.attr("stop")),
        message: failure.and_then(|f| text_of(f, "message")),
        trace: failure.and_then(|f| text_of(f, "stack-trace")),
        steps: steps(case, 1, deep),
        attachments: attachments(case),
        labels: labels(case),
        parameters: wrapped(case, "parameters", "parameter")
            .map(|p| ParameterDoc {
                name: p.attr("name").map(str::to_owned),
                value: p.attr("value").map(str::to_owned),
                kind: p.attr("kind").map(str::to_owned),
            })
            .collect(),
    }
}

fn steps(parent: &Element, depth: usize, deep: &mut bool) -> Vec<StepDoc> {
    let children: Vec<&Element> = wrapped(parent, "steps", "step").collect();
    if depth > MAX_STEP_DEPTH {
        *deep |= !children.is_empty();
        return Vec::new();
    }
    children
        .into_iter()
        .map(|step| StepDoc {
            name: text_of(step, "name"),
            title: text_of(step, "title"),
            status: step.attr("status").map(str::to_owned),
            start: number(step.attr("start")),
            stop: number(step.attr("stop")),
            steps: steps(step, depth + 1, deep),
            attachments: attachments(step),
        })
        .collect()
}

fn attachments(parent: &Element) -> Vec<AttachmentDoc> {
    wrapped(parent, "attachments", "attachment")
        .map(|a| AttachmentDoc {
            title: a.attr("title").map(str::to_owned),
            source: a.attr("source").map(str::to_owned),
            mime: a.attr("type").map(str::to_owned),
            size: a.attr("size").and_then(|s| s.trim().parse().ok()),
        })
        .collect()
}

fn labels(parent: &Element) -> Vec<(String, String)> {
    wrapped(parent, "labels", "label")
        .filter_map(|l| Some((l.attr("name")?.to_owned(), l.attr("value")?.to_owned())))
        .collect()
}

fn description(parent: &Element) -> Option<DescriptionDoc> {
    let element = parent.child("description")?;
    Some(DescriptionDoc {
        value: element.text.text.clone(),
        html: element
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("html")),
    })
}

/// The items of a JAXB wrapper element (`<steps><step/>…</steps>`), in order; every wrapper of
/// that name counts.
fn wrapped<'a>(
    parent: &'a Element,
    wrapper: &'a str,
    item: &'a str,
) -> impl Iterator<Item = &'a Element> {
    parent
        .children_named(wrapper)
        .flat_map(move |w| w.children_named(item))
}

/// The text of a child element, as written (Jackson keeps white space).
fn text_of(parent: &Element, name: &str) -> Option<String> {
    parent.child(name).map(|c| c.text.text.clone())
}

fn number(text: Option<&str>) -> Option<i64> {
    text?.trim().parse().ok()
}
