//! Detail pane state: scroll, trace folding, the steps tree and the attachment list.

use std::collections::HashSet;

use crate::model::{Attachment, Step, Test, TestResult};

/// Where a step row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepSection {
    /// A setup fixture (container `befores`).
    Setup,
    /// The test body.
    Body,
    /// A teardown fixture (container `afters`).
    Teardown,
}

/// One visible row of the steps tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    /// Section of the row.
    pub section: StepSection,
    /// Index path: section's list index, then child indices.
    pub path: Vec<u32>,
    /// Nesting depth (0 = top).
    pub depth: usize,
    /// True when the step has sub-steps.
    pub has_children: bool,
}

/// Scroll and selection inside the detail pane; reset when another test is selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailState {
    /// First line shown (Overview, History, Retries).
    pub scroll: usize,
    /// Show the whole stack trace instead of the relevant frames.
    pub trace_unfolded: bool,
    /// Selected step row.
    pub step_cursor: usize,
    /// Collapsed steps, by `(section, path)`.
    pub collapsed_steps: HashSet<(u8, Vec<u32>)>,
    /// Selected attachment.
    pub attachment_cursor: usize,
}

impl DetailState {
    /// Fresh state for a test: the steps cursor on its first failed step.
    #[must_use]
    pub fn for_test(test: Option<&Test>) -> DetailState {
        let mut state = DetailState::default();
        if let Some(test) = test {
            let rows = step_rows(&test.result, &state.collapsed_steps);
            state.step_cursor = first_failed_row(&test.result, &rows).unwrap_or(0);
        }
        state
    }
}

fn section_steps(result: &TestResult, section: StepSection) -> &[Step] {
    match section {
        StepSection::Setup => &result.befores,
        StepSection::Body => &result.body().steps,
        StepSection::Teardown => &result.afters,
    }
}

fn section_key(section: StepSection) -> u8 {
    match section {
        StepSection::Setup => 0,
        StepSection::Body => 1,
        StepSection::Teardown => 2,
    }
}

/// Flattens setup, body and teardown steps into visible rows (iteratively: steps may nest very
/// deeply in hostile files).
#[must_use]
pub fn step_rows(result: &TestResult, collapsed: &HashSet<(u8, Vec<u32>)>) -> Vec<StepRow> {
    let mut rows = Vec::new();
    for section in [StepSection::Setup, StepSection::Body, StepSection::Teardown] {
        let top = section_steps(result, section);
        let mut stack: Vec<(&Step, Vec<u32>)> = top
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (s, vec![i as u32]))
            .collect();
        while let Some((step, path)) = stack.pop() {
            let is_collapsed = collapsed.contains(&(section_key(section), path.clone()));
            if !is_collapsed {
                for (i, child) in step.steps.iter().enumerate().rev() {
                    let mut child_path = path.clone();
                    child_path.push(i as u32);
                    stack.push((child, child_path));
                }
            }
            rows.push(StepRow {
                section,
                depth: path.len() - 1,
                has_children: !step.steps.is_empty(),
                path,
            });
        }
    }
    rows
}

/// The step a row points at.
#[must_use]
pub fn step_at<'a>(result: &'a TestResult, row: &StepRow) -> Option<&'a Step> {
    let mut steps = section_steps(result, row.section);
    let mut found = None;
    for &index in &row.path {
        let step = steps.get(index as usize)?;
        found = Some(step);
        steps = &step.steps;
    }
    found
}

/// The key under which a row's collapsed state is stored.
#[must_use]
pub fn collapse_key(row: &StepRow) -> (u8, Vec<u32>) {
    (section_key(row.section), row.path.clone())
}

/// The deepest step on the path of the first failed or broken step, as a row index.
#[must_use]
pub fn first_failed_row(result: &TestResult, rows: &[StepRow]) -> Option<usize> {
    let first = rows
        .iter()
        .position(|r| step_at(result, r).is_some_and(|s| s.status.is_problem()))?;
    // Follow failing children down as long as they directly follow.
    let mut best = first;
    for (i, row) in rows.iter().enumerate().skip(first + 1) {
        if row.depth <= rows[best].depth {
            break;
        }
        if row.depth == rows[best].depth + 1
            && step_at(result, row).is_some_and(|s| s.status.is_problem())
        {
            best = i;
        }
    }
    Some(best)
}

/// One attachment of a test with where it hangs.
#[derive(Debug, Clone, Copy)]
pub struct AttachmentRow<'a> {
    /// The attachment.
    pub attachment: &'a Attachment,
    /// Where it hangs: "test", or the step/fixture name.
    pub context: &'a str,
    /// Setup/teardown/step/test.
    pub section: &'static str,
}

/// Every attachment of a test in display order: setup, test, steps, teardown.
#[must_use]
pub fn attachment_rows(result: &TestResult) -> Vec<AttachmentRow<'_>> {
    fn walk<'a>(steps: &'a [Step], section: &'static str, out: &mut Vec<AttachmentRow<'a>>) {
        let mut stack: Vec<&Step> = steps.iter().rev().collect();
        while let Some(step) = stack.pop() {
            out.extend(step.attachments.iter().map(|a| AttachmentRow {
                attachment: a,
                context: &step.name,
                section,
            }));
            stack.extend(step.steps.iter().rev());
        }
    }
    let mut out = Vec::new();
    walk(&result.befores, "setup", &mut out);
    out.extend(result.body().attachments.iter().map(|a| AttachmentRow {
        attachment: a,
        context: "",
        section: "test",
    }));
    walk(&result.body().steps, "step", &mut out);
    walk(&result.afters, "teardown", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::result::ResultBody;
    use crate::model::Status;

    fn step(name: &str, status: Status, children: Vec<Step>) -> Step {
        Step {
            name: name.into(),
            status,
            steps: children,
            ..Step::default()
        }
    }

    fn result() -> TestResult {
        TestResult {
            befores: vec![step("setup", Status::Passed, vec![])].into(),
            afters: vec![step("teardown", Status::Passed, vec![])].into(),
            ..TestResult::default()
        }
        .with_body(ResultBody {
            steps: vec![
                step("ok", Status::Passed, vec![]),
                step(
                    "outer",
                    Status::Failed,
                    vec![
                        step("inner ok", Status::Passed, vec![]),
                        step("inner bad", Status::Failed, vec![]),
                    ],
                ),
            ],
            ..ResultBody::default()
        })
    }

    #[test]
    fn rows_cover_setup_body_and_teardown() {
        let r = result();
        let rows = step_rows(&r, &HashSet::new());
        let names: Vec<&str> = rows
            .iter()
            .map(|row| step_at(&r, row).unwrap().name.as_str())
            .collect();
        assert_eq!(
            names,
            ["setup", "ok", "outer", "inner ok", "inner bad", "teardown"]
        );
        assert_eq!(rows[4].depth, 1);
    }

    #[test]
    fn collapsing_hides_children() {
        let r = result();
        let mut collapsed = HashSet::new();
        collapsed.insert((1, vec![1]));
        assert_eq!(step_rows(&r, &collapsed).len(), 4);
    }

    #[test]
    fn cursor_opens_on_the_deepest_failed_step() {
        let r = result();
        let rows = step_rows(&r, &HashSet::new());
        assert_eq!(first_failed_row(&r, &rows), Some(4));
    }
}
