//! Key names: parse "ctrl-c" / "pgdn" / "?" into crossterm key events and show them back.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Parses a key name such as `j`, `G`, `ctrl-c`, `enter`, `pgdn`, `shift-tab`, `space`.
#[must_use]
pub fn parse_key(name: &str) -> Option<KeyEvent> {
    let (mods, key) = match name.rsplit_once('-') {
        Some((prefix, key)) if !key.is_empty() && !prefix.is_empty() => {
            let mut mods = KeyModifiers::NONE;
            for m in prefix.split('-') {
                mods |= match m {
                    "ctrl" => KeyModifiers::CONTROL,
                    "alt" => KeyModifiers::ALT,
                    "shift" => KeyModifiers::SHIFT,
                    _ => return None,
                };
            }
            (mods, key)
        }
        _ => (KeyModifiers::NONE, name),
    };
    let code = match key {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" => KeyCode::PageUp,
        "pgdn" => KeyCode::PageDown,
        single if single.chars().count() == 1 => KeyCode::Char(single.chars().next()?),
        _ => return None,
    };
    let mods = if code == KeyCode::BackTab {
        mods - KeyModifiers::SHIFT
    } else {
        mods
    };
    Some(KeyEvent::new(code, mods))
}

/// Whether a pressed key is the named one. Shift on characters is carried by the character
/// itself (`G`), so it is ignored there.
#[must_use]
pub fn key_matches(name: &str, pressed: &KeyEvent) -> bool {
    let Some(wanted) = parse_key(name) else {
        return false;
    };
    let mut mods = pressed.modifiers;
    if matches!(pressed.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods -= KeyModifiers::SHIFT;
    }
    wanted.code == pressed.code && wanted.modifiers == mods
}

pub use crate::app::bindings::display_key;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_named_and_modified_keys() {
        assert_eq!(
            parse_key("j"),
            Some(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE))
        );
        assert_eq!(
            parse_key("ctrl-c"),
            Some(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
        );
        assert_eq!(
            parse_key("pgdn"),
            Some(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE))
        );
        assert_eq!(
            parse_key("-"),
            Some(KeyEvent::new(KeyCode::Char('-'), KeyModifiers::NONE))
        );
        assert_eq!(
            parse_key("shift-tab"),
            Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::NONE))
        );
        assert_eq!(parse_key("hyper-x"), None);
    }

    #[test]
    fn shifted_characters_match_their_letter() {
        let pressed = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert!(key_matches("G", &pressed));
        assert!(!key_matches("g", &pressed));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(key_matches("ctrl-c", &ctrl_c));
        assert!(!key_matches("c", &ctrl_c));
    }

    #[test]
    fn keys_are_shown_in_one_notation() {
        assert_eq!(display_key("ctrl-c", false), "Ctrl-c");
        assert_eq!(display_key("ctrl-u", true), "Ctrl-u");
        assert_eq!(display_key("shift-tab", false), "Shift-Tab");
        assert_eq!(display_key("pgdn", false), "PgDn");
        assert_eq!(display_key("down", true), "down");
        assert_eq!(display_key("down", false), "↓");
    }
}
