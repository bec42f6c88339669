//! Copying (`y`, `Y`): what each copy menu item copies, capped for OSC 52. Items 5 and 6 write
//! a plan first, where it outlives the app, so the copied command or path is usable later.

use super::effect::Effect;
use super::layers::Layer;
use super::rerun_plan::{command_line, plan_destination, plan_for_rerun, NOTHING_TO_RERUN};
use super::state::{App, Overlay};

/// Largest payload sent through OSC 52; terminals and tmux drop larger ones.
pub const MAX_COPY_BYTES: usize = 100_000;

/// The copy menu's items, in order.
pub const COPY_ITEMS: [&str; 6] = [
    "name",
    "full name",
    "message",
    "trace",
    "rerun command",
    "test plan path",
];

/// The payload of a copy menu item for the selected test (items 4 and 5 need `plan`: where a
/// plan for what is marked now was just written).
fn copy_payload(
    app: &App,
    item: usize,
    plan: Option<&std::path::Path>,
) -> Option<(String, &'static str)> {
    let what = COPY_ITEMS.get(item).copied()?;
    let test = app.selected().map(|(t, _)| t);
    let text = match item {
        0 => test.map(|t| t.result.name.to_string()),
        1 => test.map(|t| t.result.full_name_or_name().to_owned()),
        2 => test.and_then(|t| t.result.details.message.as_deref().map(str::to_owned)),
        3 => test.and_then(|t| t.result.details.trace.as_deref().map(str::to_owned)),
        4 => plan
            .map(|p| command_line(p, app.rerun.command.as_deref()))
            .or_else(|| app.rerun.command_line.clone()),
        5 => plan
            .or(app.rerun.last_plan.as_deref())
            .map(|p| p.display().to_string()),
        _ => None,
    }?;
    Some((text, what))
}

pub(crate) fn copy(app: &mut App, item: usize) -> Vec<Effect> {
    app.layers
        .remove(|l| matches!(l, Layer::Popup(Overlay::CopyMenu { .. })));
    let mut effects = Vec::new();
    let mut plan_path = None;
    if item >= 4 && !app.rerun.running {
        // The command and the path are only useful with a plan for what is marked (or
        // selected) now, kept where it outlives the app: write it first.
        let Some((plan, _, _)) = plan_for_rerun(app) else {
            app.note = Some(NOTHING_TO_RERUN.to_owned());
            return effects;
        };
        let path = match plan_destination(app, true) {
            Ok(path) => path,
            Err(reason) => {
                app.note = Some(reason);
                return effects;
            }
        };
        effects.push(Effect::WritePlan {
            plan_json: plan.to_json(),
            plan_path: path.clone(),
        });
        app.rerun.last_plan = Some(path.clone());
        plan_path = Some(path);
    }
    match copy_payload(app, item, plan_path.as_deref()) {
        Some((text, what)) => {
            effects.push(copy_effect(app, text, what));
            effects
        }
        None => {
            app.note = Some(format!(
                "nothing to copy for {}",
                COPY_ITEMS.get(item).unwrap_or(&"that")
            ));
            Vec::new()
        }
    }
}

/// A copy effect, capped at [`MAX_COPY_BYTES`] (the note says when it was cut).
pub(crate) fn copy_effect(app: &mut App, mut text: String, what: &str) -> Effect {
    let total = text.len();
    if total > MAX_COPY_BYTES {
        let mut cut = MAX_COPY_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        app.note = Some(format!(
            "copied the first {cut} of {total} bytes of the {what} (terminals refuse more)"
        ));
    } else {
        app.note = Some(format!("copied the {what} ({total} bytes) via OSC 52"));
    }
    Effect::Copy { text }
}
