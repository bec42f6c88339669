//! Key dispatch by mode, and the footer hints, both from the one binding table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use super::bindings::{bindings, Binding, Mode, Section};
use super::key::{display_key, key_matches};
use crate::app::back::{next_step, q_goes_back};
use crate::app::{Action, App, Focus, Layer, Overlay, Tab};

/// The mode the app is in for key dispatch: the top of the layer stack decides.
#[must_use]
pub fn mode_of(app: &App) -> Mode {
    match app.layers.top() {
        Some(Layer::Popup(Overlay::CopyMenu { .. })) => Mode::CopyMenu,
        Some(Layer::Popup(_)) => Mode::Popup,
        Some(Layer::Viewer(viewer)) if viewer.typing => Mode::Search,
        Some(Layer::Viewer(_)) => Mode::Viewer,
        Some(Layer::Prompt(_)) => Mode::Prompt,
        Some(Layer::Search) => Mode::Search,
        Some(Layer::Rerun) => Mode::Rerun,
        Some(Layer::View(_)) | None => Mode::Normal,
    }
}

/// The action for a key press in the app's current mode.
#[must_use]
pub fn action_for(app: &App, key: &KeyEvent) -> Option<Action> {
    let mode = mode_of(app);
    if let Some(binding) = bindings()
        .into_iter()
        .find(|b| b.mode == mode && b.keys.iter().any(|k| key_matches(k, key)))
    {
        return Some(binding.action);
    }
    if matches!(mode, Mode::Search | Mode::Prompt) {
        if let KeyCode::Char(c) = key.code {
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            {
                return Some(Action::SearchInsert(c));
            }
        }
    }
    None
}

/// Footer hints for the current mode, `(keys, description)`: how to go back first, then help
/// and quit (they must survive a narrow footer), then the mode's own keys.
#[must_use]
pub fn hints(app: &App) -> Vec<(String, &'static str)> {
    let mode = mode_of(app);
    let ascii = app.symbols.ascii;
    let mut out: Vec<(String, &'static str)> = Vec::new();
    if let Some(step) = next_step(app) {
        out.push((display_key("esc", ascii), step.label()));
    }
    for b in bindings().into_iter().filter(|b| b.mode == mode && b.hint) {
        let description = match b.action {
            Action::QuitOrBack if q_goes_back(app) => continue,
            Action::QuitOrBack => "quit",
            Action::Rerun if mode == Mode::Rerun && app.rerun.running => continue,
            Action::Interrupt if mode == Mode::Rerun && !app.rerun.running => continue,
            Action::Back if out.iter().any(|(k, _)| k == "Esc") => continue,
            // A popup that fits has nothing to scroll.
            Action::MoveDown
                if app.layers.popup().is_some_and(|p| {
                    mode == Mode::Popup && crate::app::layout::popup_scroll_limit(app, p) == 0
                }) =>
            {
                continue
            }
            _ => b.description,
        };
        out.push((display_key(b.keys[0], ascii), description));
    }
    if mode == Mode::Normal && app.focus == Focus::Detail && app.tab == Tab::Overview {
        out.insert(1.min(out.len()), ("t".to_owned(), "trace"));
    }
    let first = usize::from(next_step(app).is_some());
    out[first..].sort_by_key(|(key, _)| !matches!(key.as_str(), "?" | "q"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::key::parse_key;

    fn press(name: &str) -> KeyEvent {
        parse_key(name).unwrap()
    }

    #[test]
    fn no_two_bindings_of_a_mode_share_a_key() {
        let all = bindings();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if a.mode == b.mode {
                    for key in a.keys {
                        assert!(!b.keys.contains(key), "{key} bound twice in {:?}", a.mode);
                    }
                }
            }
        }
    }

    #[test]
    fn every_key_name_parses() {
        for binding in bindings() {
            for key in binding.keys {
                assert!(parse_key(key).is_some(), "{key}");
            }
        }
    }

    #[test]
    fn dispatch_depends_on_mode() {
        let mut app = App::default();
        assert_eq!(action_for(&app, &press("j")), Some(Action::MoveDown));
        assert_eq!(action_for(&app, &press("q")), Some(Action::QuitOrBack));
        app.layers.push(Layer::Search);
        assert_eq!(
            action_for(&app, &press("j")),
            Some(Action::SearchInsert('j'))
        );
        assert_eq!(
            action_for(&app, &press("q")),
            Some(Action::SearchInsert('q'))
        );
        assert_eq!(action_for(&app, &press("esc")), Some(Action::Back));
        assert_eq!(action_for(&app, &press("ctrl-c")), Some(Action::Interrupt));
    }
}
