//! The one table of key bindings: it drives dispatch, the `?` help and the footer hints.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::key::key_matches;
use crate::app::{Action, App, Focus, Tab};

/// Which set of bindings applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Browsing the tree or the detail pane.
    Normal,
    /// Typing a search query.
    Search,
    /// The attachment viewer.
    Viewer,
    /// A popup (help, warnings, since-rerun).
    Popup,
    /// The copy menu.
    CopyMenu,
    /// The rerun output pane.
    Rerun,
}

/// One binding: keys in a mode trigger an action; the description feeds help and hints.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Mode it applies in.
    pub mode: Mode,
    /// Key names (see [`super::key::parse_key`]).
    pub keys: &'static [&'static str],
    /// What it does.
    pub action: Action,
    /// Help text.
    pub description: &'static str,
    /// Shown in the footer.
    pub hint: bool,
}

const fn bind(
    mode: Mode,
    keys: &'static [&'static str],
    action: Action,
    description: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        mode,
        keys,
        action,
        description,
        hint,
    }
}

/// Every binding, in help order.
#[must_use]
pub fn bindings() -> Vec<Binding> {
    use Mode::{CopyMenu, Normal, Popup, Rerun, Search, Viewer};
    vec![
        bind(Normal, &["j", "down"], Action::MoveDown, "move down", false),
        bind(Normal, &["k", "up"], Action::MoveUp, "move up", false),
        bind(
            Normal,
            &["h", "left"],
            Action::Collapse,
            "collapse / parent",
            false,
        ),
        bind(
            Normal,
            &["l", "right"],
            Action::Expand,
            "expand / child",
            false,
        ),
        bind(Normal, &["g", "home"], Action::Top, "first line", false),
        bind(Normal, &["G", "end"], Action::Bottom, "last line", false),
        bind(
            Normal,
            &["pgdn", "ctrl-d"],
            Action::PageDown,
            "page down",
            false,
        ),
        bind(
            Normal,
            &["pgup", "ctrl-u"],
            Action::PageUp,
            "page up",
            false,
        ),
        bind(Normal, &["enter"], Action::Activate, "open / toggle", false),
        bind(
            Normal,
            &["tab"],
            Action::SwitchFocus,
            "tree <-> detail",
            true,
        ),
        bind(Normal, &["n"], Action::NextProblem, "next failure", true),
        bind(
            Normal,
            &["N"],
            Action::PrevProblem,
            "previous failure",
            false,
        ),
        bind(Normal, &["/"], Action::StartSearch, "search", true),
        bind(Normal, &["f"], Action::CycleFilter, "filter", true),
        bind(Normal, &["v"], Action::CycleGrouping, "group by", true),
        bind(
            Normal,
            &["1"],
            Action::ShowTab(Tab::Overview),
            "Overview tab",
            false,
        ),
        bind(
            Normal,
            &["2"],
            Action::ShowTab(Tab::Steps),
            "Steps tab",
            false,
        ),
        bind(
            Normal,
            &["3"],
            Action::ShowTab(Tab::Attachments),
            "Attachments tab",
            false,
        ),
        bind(
            Normal,
            &["4"],
            Action::ShowTab(Tab::History),
            "History tab",
            false,
        ),
        bind(
            Normal,
            &["5"],
            Action::ShowTab(Tab::Retries),
            "Retries tab",
            false,
        ),
        bind(
            Normal,
            &["6"],
            Action::ShowTab(Tab::Diff),
            "Diff tab",
            false,
        ),
        bind(Normal, &["]"], Action::NextTab, "next tab", false),
        bind(Normal, &["["], Action::PrevTab, "previous tab", false),
        bind(
            Normal,
            &["t"],
            Action::ToggleTrace,
            "fold / unfold trace",
            false,
        ),
        bind(
            Normal,
            &["E"],
            Action::ExpandAll,
            "expand all groups",
            false,
        ),
        bind(
            Normal,
            &["C"],
            Action::CollapseAll,
            "collapse all groups",
            false,
        ),
        bind(Normal, &["w"], Action::ShowWarnings, "load warnings", false),
        bind(
            Normal,
            &["space"],
            Action::ToggleMark,
            "mark / unmark",
            true,
        ),
        bind(
            Normal,
            &["a"],
            Action::MarkAllShown,
            "mark all shown",
            false,
        ),
        bind(Normal, &["u"], Action::ClearMarks, "clear marks", false),
        bind(Normal, &["r"], Action::Rerun, "rerun marked", true),
        bind(Normal, &["R"], Action::Reload, "reload results", false),
        bind(
            Normal,
            &["p"],
            Action::ToggleRerunPane,
            "rerun output",
            false,
        ),
        bind(
            Normal,
            &["y"],
            Action::CopyFullName,
            "copy full name",
            false,
        ),
        bind(Normal, &["Y"], Action::OpenCopyMenu, "copy...", false),
        bind(
            Normal,
            &["o"],
            Action::OpenExternally,
            "open attachment",
            false,
        ),
        bind(Normal, &["s"], Action::StartSave, "save attachment", false),
        bind(Normal, &["F"], Action::ShowFlakyView, "flaky view", false),
        bind(
            Normal,
            &["T"],
            Action::ShowTriageView,
            "needs-triage view",
            false,
        ),
        bind(Normal, &["S"], Action::CycleSort, "flaky view order", false),
        bind(Normal, &["esc"], Action::Back, "back / clear search", false),
        bind(Normal, &["?"], Action::ShowHelp, "help", true),
        bind(Normal, &["q"], Action::Quit, "quit", true),
        bind(
            Normal,
            &["ctrl-c"],
            Action::Interrupt,
            "stop the rerun, else quit",
            false,
        ),
        bind(
            Search,
            &["enter"],
            Action::SearchAccept,
            "keep the filter",
            true,
        ),
        bind(
            Search,
            &["esc"],
            Action::SearchCancel,
            "clear the search",
            true,
        ),
        bind(
            Search,
            &["backspace"],
            Action::SearchBackspace,
            "delete a character",
            false,
        ),
        bind(
            Search,
            &["down", "ctrl-n"],
            Action::MoveDown,
            "move down",
            false,
        ),
        bind(Search, &["up", "ctrl-p"], Action::MoveUp, "move up", false),
        bind(
            Search,
            &["ctrl-u"],
            Action::SearchClear,
            "clear the text",
            false,
        ),
        bind(
            Search,
            &["ctrl-c"],
            Action::Interrupt,
            "stop the rerun, else quit",
            false,
        ),
        bind(
            Viewer,
            &["j", "down"],
            Action::MoveDown,
            "scroll down",
            false,
        ),
        bind(Viewer, &["k", "up"], Action::MoveUp, "scroll up", false),
        bind(
            Viewer,
            &["pgdn", "ctrl-d", "space"],
            Action::PageDown,
            "page down",
            false,
        ),
        bind(
            Viewer,
            &["pgup", "ctrl-u"],
            Action::PageUp,
            "page up",
            false,
        ),
        bind(Viewer, &["g", "home"], Action::Top, "top", false),
        bind(Viewer, &["G", "end"], Action::Bottom, "bottom", false),
        bind(Viewer, &["/"], Action::StartSearch, "search", true),
        bind(Viewer, &["n"], Action::NextMatch, "next match", true),
        bind(Viewer, &["N"], Action::PrevMatch, "previous match", true),
        bind(
            Viewer,
            &["esc", "q", "h", "left"],
            Action::Back,
            "close",
            true,
        ),
        bind(Viewer, &["ctrl-c"], Action::Quit, "quit", false),
        bind(
            Popup,
            &["j", "down"],
            Action::MoveDown,
            "scroll down",
            false,
        ),
        bind(Popup, &["k", "up"], Action::MoveUp, "scroll up", false),
        bind(Popup, &["pgdn"], Action::PageDown, "page down", false),
        bind(Popup, &["pgup"], Action::PageUp, "page up", false),
        bind(
            Popup,
            &["esc", "q", "?", "w"],
            Action::CloseOverlay,
            "close",
            true,
        ),
        bind(Popup, &["ctrl-c"], Action::Quit, "quit", false),
        bind(
            CopyMenu,
            &["j", "down"],
            Action::MoveDown,
            "next item",
            false,
        ),
        bind(
            CopyMenu,
            &["k", "up"],
            Action::MoveUp,
            "previous item",
            false,
        ),
        bind(CopyMenu, &["enter"], Action::Activate, "copy", true),
        bind(
            CopyMenu,
            &["1"],
            Action::CopyItem(0),
            "copy the name",
            false,
        ),
        bind(
            CopyMenu,
            &["2"],
            Action::CopyItem(1),
            "copy the full name",
            false,
        ),
        bind(
            CopyMenu,
            &["3"],
            Action::CopyItem(2),
            "copy the message",
            false,
        ),
        bind(
            CopyMenu,
            &["4"],
            Action::CopyItem(3),
            "copy the trace",
            false,
        ),
        bind(
            CopyMenu,
            &["5"],
            Action::CopyItem(4),
            "copy the rerun command",
            false,
        ),
        bind(
            CopyMenu,
            &["6"],
            Action::CopyItem(5),
            "copy the test plan path",
            false,
        ),
        bind(
            CopyMenu,
            &["esc", "q", "Y"],
            Action::CloseOverlay,
            "close",
            true,
        ),
        bind(CopyMenu, &["ctrl-c"], Action::Quit, "quit", false),
        bind(
            Rerun,
            &["j", "down"],
            Action::MoveDown,
            "scroll down",
            false,
        ),
        bind(Rerun, &["k", "up"], Action::MoveUp, "scroll up", false),
        bind(Rerun, &["pgdn"], Action::PageDown, "page down", false),
        bind(Rerun, &["pgup"], Action::PageUp, "page up", false),
        bind(Rerun, &["g"], Action::Top, "top", false),
        bind(Rerun, &["G"], Action::Bottom, "bottom", false),
        bind(Rerun, &["esc", "p"], Action::ToggleRerunPane, "hide", true),
        bind(
            Rerun,
            &["ctrl-c"],
            Action::Interrupt,
            "stop the command",
            true,
        ),
        bind(Rerun, &["r"], Action::Rerun, "rerun again", false),
        bind(Rerun, &["R"], Action::Reload, "reload results", false),
        bind(
            Rerun,
            &["y"],
            Action::CopyItem(4),
            "copy the command",
            false,
        ),
        bind(Rerun, &["q"], Action::Quit, "quit", false),
    ]
}

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
