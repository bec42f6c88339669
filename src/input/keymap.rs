//! Key dispatch by mode, and the footer hints, both from the one binding table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use super::bindings::{bindings, Binding, Mode};
use super::key::key_matches;
use crate::app::{Action, App, Focus, Tab};

/// The mode the app is in for key dispatch.
#[must_use]
pub fn mode_of(app: &App) -> Mode {
    if let Some(top) = app.overlays.last() {
        if matches!(top, crate::app::Overlay::CopyMenu { .. }) {
            Mode::CopyMenu
        } else {
            Mode::Popup
        }
    } else if let Some(viewer) = &app.viewer {
        if viewer.typing {
            Mode::Search
        } else {
            Mode::Viewer
        }
    } else if app.search.typing || app.prompt.is_some() {
        Mode::Search
    } else if app.rerun.visible {
        Mode::Rerun
    } else {
        Mode::Normal
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
    if mode == Mode::Search {
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

/// Footer hints for the current mode: `(keys, description)`.
#[must_use]
pub fn hints(app: &App) -> Vec<(String, &'static str)> {
    let mode = mode_of(app);
    if app.prompt.is_some() {
        return vec![
            ("Enter".to_owned(), "save"),
            ("Esc".to_owned(), "cancel"),
            ("C-u".to_owned(), "clear"),
        ];
    }
    let mut out: Vec<(String, &'static str)> = bindings()
        .into_iter()
        .filter(|b| b.mode == mode && b.hint)
        .map(|b| {
            (
                super::key::display_key(b.keys[0], app.symbols.ascii),
                b.description,
            )
        })
        .collect();
    if mode == Mode::Rerun {
        if !app.rerun.running {
            out.retain(|(_, d)| *d != "stop the command");
            out.push(("r".to_owned(), "rerun again"));
        }
        out.push(("j/k".to_owned(), "scroll"));
    }
    if mode == Mode::Normal && app.focus == Focus::Detail && app.tab == Tab::Overview {
        out.insert(0, ("t".to_owned(), "trace"));
    }
    if mode == Mode::Normal && app.is_narrow() && app.detail_open {
        out.insert(0, ("Esc".to_owned(), "back"));
    }
    // Help and quit first: they must survive a narrow footer.
    out.sort_by_key(|(key, _)| !matches!(key.as_str(), "?" | "q" | "Esc"));
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
        assert_eq!(action_for(&app, &press("q")), Some(Action::Quit));
        app.search.typing = true;
        assert_eq!(
            action_for(&app, &press("j")),
            Some(Action::SearchInsert('j'))
        );
        assert_eq!(
            action_for(&app, &press("q")),
            Some(Action::SearchInsert('q'))
        );
        assert_eq!(action_for(&app, &press("esc")), Some(Action::SearchCancel));
        assert_eq!(action_for(&app, &press("ctrl-c")), Some(Action::Interrupt));
    }
}
