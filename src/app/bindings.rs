//! The one table of key bindings: it drives dispatch, the `?` help and the footer hints.

use super::{Action, Tab};

/// Which set of bindings applies: the top of the layer stack decides (see
/// [`super::keymap::mode_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Browsing the tree or the detail pane (a triage view included).
    Normal,
    /// Typing a search query (the tree's, or the viewer's).
    Search,
    /// Typing into a prompt (a path to save to).
    Prompt,
    /// The attachment viewer.
    Viewer,
    /// A popup (help, warnings, launch info, since-rerun).
    Popup,
    /// The copy menu.
    CopyMenu,
    /// The rerun output pane.
    Rerun,
}

/// Where a binding is listed in the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Moving around the tree and the detail.
    Move,
    /// The detail pane and the screen.
    Detail,
    /// Search, filters, groupings, views.
    Find,
    /// Marks and reruns.
    Rerun,
    /// Copying, opening, help, quitting.
    CopyAndOpen,
    /// The search prompt.
    Search,
    /// The save prompt.
    Prompt,
    /// The attachment viewer.
    Viewer,
    /// Popups.
    Popup,
    /// The copy menu.
    CopyMenu,
    /// The rerun output pane.
    RerunPane,
}

impl Section {
    /// Every section in help order, with its title.
    pub const ALL: [(Section, &'static str); 10] = [
        (Section::Move, "Move"),
        (Section::Detail, "Detail and screen"),
        (Section::Find, "Find"),
        (Section::Rerun, "Mark and rerun"),
        (Section::CopyAndOpen, "Copy, open, help"),
        (Section::Search, "Search prompt"),
        (Section::Viewer, "Attachment viewer"),
        (Section::RerunPane, "Rerun output pane"),
        (Section::Popup, "Popups"),
        (Section::CopyMenu, "Copy menu"),
    ];
}

/// One binding: keys in a mode trigger an action; the descriptions feed help and hints.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Mode it applies in.
    pub mode: Mode,
    /// Key names (see [`super::key::parse_key`]).
    pub keys: &'static [&'static str],
    /// What it does.
    pub action: Action,
    /// Footer text.
    pub description: &'static str,
    /// Shown in the footer.
    pub hint: bool,
    /// Help row: bindings of a mode with the same help text share one row (`j k ↓ ↑ move`).
    pub help: &'static str,
    /// Help section.
    pub section: Section,
}

const SAME: &str = "";
/// Help text of bindings the help does not list (`Ctrl-c` in every mode: the help says once
/// that it works everywhere).
pub const UNLISTED: &str = "-";

/// A binding not shown in the footer; `help` of `SAME` uses the description.
const fn b(
    mode: Mode,
    keys: &'static [&'static str],
    action: Action,
    description: &'static str,
    help: &'static str,
    section: Section,
) -> Binding {
    Binding {
        mode,
        keys,
        action,
        description,
        hint: false,
        help: if help.is_empty() { description } else { help },
        section,
    }
}

impl Binding {
    /// The same binding, shown in the footer too.
    #[must_use]
    const fn hint(mut self) -> Binding {
        self.hint = true;
        self
    }
}

/// Every binding, in help order. (Kept as a table, one binding a line: rustfmt would spread
/// each over eight.)
#[must_use]
#[rustfmt::skip]
pub fn bindings() -> Vec<Binding> {
    use Action as A;
    use Mode::{CopyMenu, Normal, Popup, Prompt, Rerun, Search, Viewer};
    use Section as S;
    vec![
        b(Normal, &["j", "down"], A::MoveDown, "move down", "move", S::Move),
        b(Normal, &["k", "up"], A::MoveUp, "move up", "move", S::Move),
        b(Normal, &["h", "left"], A::Collapse, "collapse / parent", "collapse / expand", S::Move),
        b(Normal, &["l", "right"], A::Expand, "expand / child", "collapse / expand", S::Move),
        b(Normal, &["g", "home"], A::Top, "first line", "first / last", S::Move),
        b(Normal, &["G", "end"], A::Bottom, "last line", "first / last", S::Move),
        b(Normal, &["ctrl-d", "pgdn"], A::PageDown, "page down", "page down / up", S::Move),
        b(Normal, &["ctrl-u", "pgup"], A::PageUp, "page up", "page down / up", S::Move),
        b(Normal, &["n"], A::NextProblem, "next failure", "next / prev failure", S::Move).hint(),
        b(Normal, &["N"], A::PrevProblem, "previous failure", "next / prev failure", S::Move),
        b(Normal, &["enter"], A::Activate, "open / toggle", SAME, S::Move),
        b(Normal, &["tab"], A::SwitchFocus, "tree <-> detail", SAME, S::Move).hint(),
        b(Normal, &["esc"], A::Back, "back one step", SAME, S::Move),
        b(Normal, &["1"], A::ShowTab(Tab::Overview), "Overview tab", "tabs", S::Detail),
        b(Normal, &["2"], A::ShowTab(Tab::Steps), "Steps tab", "tabs", S::Detail),
        b(Normal, &["3"], A::ShowTab(Tab::Attachments), "Attachments tab", "tabs", S::Detail),
        b(Normal, &["4"], A::ShowTab(Tab::History), "History tab", "tabs", S::Detail),
        b(Normal, &["5"], A::ShowTab(Tab::Retries), "Retries tab", "tabs", S::Detail),
        b(Normal, &["6"], A::ShowTab(Tab::Diff), "Diff tab", "tabs", S::Detail),
        b(Normal, &["]"], A::NextTab, "next tab", "next / previous tab", S::Detail),
        b(Normal, &["["], A::PrevTab, "previous tab", "next / previous tab", S::Detail),
        b(Normal, &["t"], A::ToggleTrace, "fold / unfold trace", SAME, S::Detail),
        b(Normal, &[">"], A::ResizeTree(4), "widen the tree", "widen / narrow tree", S::Detail),
        b(Normal, &["<"], A::ResizeTree(-4), "narrow the tree", "widen / narrow tree", S::Detail),
        b(Normal, &["z"], A::ToggleZoom, "zoom the focused pane", SAME, S::Detail),
        b(Normal, &["i"], A::ShowLaunchInfo, "launch and environment", SAME, S::Detail),
        b(Normal, &["w"], A::ShowWarnings, "load warnings", SAME, S::Detail),
        b(Normal, &["/"], A::StartSearch, "search", SAME, S::Find).hint(),
        b(Normal, &["f"], A::CycleFilter, "filter by status", SAME, S::Find).hint(),
        b(Normal, &["v"], A::CycleGrouping, "group by", SAME, S::Find).hint(),
        b(Normal, &["s"], A::CycleOrder, "sort", SAME, S::Find),
        b(Normal, &["F"], A::ShowFlakyView, "flaky view", SAME, S::Find),
        b(Normal, &["T"], A::ShowTriageView, "needs-triage view", SAME, S::Find),
        b(Normal, &["B"], A::ShowChangesView, "changes vs baseline", SAME, S::Find),
        b(Normal, &["c"], A::ShowCluster, "this failure's cluster", SAME, S::Find),
        b(Normal, &["E"], A::ExpandAll, "expand all groups", "expand / collapse all", S::Find),
        b(Normal, &["C"], A::CollapseAll, "collapse all groups", "expand / collapse all", S::Find),
        b(Normal, &["space"], A::ToggleMark, "mark / unmark", SAME, S::Rerun).hint(),
        b(Normal, &["a"], A::MarkAllShown, "mark all shown", SAME, S::Rerun),
        b(Normal, &["A"], A::MarkFailedAndFlaky, "mark failed + flaky", SAME, S::Rerun),
        b(Normal, &["u"], A::ClearMarks, "clear marks", SAME, S::Rerun),
        b(Normal, &["r"], A::Rerun, "rerun marked", SAME, S::Rerun).hint(),
        b(Normal, &["p"], A::ToggleRerunPane, "rerun output", SAME, S::Rerun),
        b(Normal, &["R"], A::Reload, "reload results", SAME, S::Rerun),
        b(Normal, &["y"], A::CopyFullName, "copy full name", SAME, S::CopyAndOpen),
        b(Normal, &["Y"], A::OpenCopyMenu, "copy...", SAME, S::CopyAndOpen),
        b(Normal, &["o"], A::OpenExternally, "open outside (pager)", SAME, S::CopyAndOpen),
        b(Normal, &["ctrl-s"], A::StartSave, "save attachment", SAME, S::CopyAndOpen),
        b(Normal, &["?"], A::ShowHelp, "help", SAME, S::CopyAndOpen).hint(),
        b(Normal, &["q"], A::QuitOrBack, "quit (in a view: back)", SAME, S::CopyAndOpen).hint(),
        b(Normal, &["ctrl-c"], A::Interrupt, "stop rerun, else quit", SAME, S::CopyAndOpen),
        b(Search, &["enter"], A::SearchAccept, "keep the filter", SAME, S::Search).hint(),
        b(Search, &["esc"], A::Back, "cancel", SAME, S::Search),
        b(Search, &["backspace"], A::SearchBackspace, "delete a character", SAME, S::Search),
        b(Search, &["ctrl-u"], A::SearchClear, "clear the text", SAME, S::Search),
        b(Search, &["down", "ctrl-n"], A::MoveDown, "move down", "move", S::Search),
        b(Search, &["up", "ctrl-p"], A::MoveUp, "move up", "move", S::Search),
        b(Search, &["ctrl-c"], A::Interrupt, "stop rerun, else quit", UNLISTED, S::Search),
        b(Prompt, &["enter"], A::SearchAccept, "save", SAME, S::Prompt).hint(),
        b(Prompt, &["esc"], A::Back, "cancel", SAME, S::Prompt),
        b(Prompt, &["backspace"], A::SearchBackspace, "delete a character", SAME, S::Prompt),
        b(Prompt, &["ctrl-u"], A::SearchClear, "clear the text", SAME, S::Prompt).hint(),
        b(Prompt, &["ctrl-c"], A::Interrupt, "stop rerun, else quit", UNLISTED, S::Prompt),
        b(Viewer, &["j", "down"], A::MoveDown, "scroll down", "scroll", S::Viewer),
        b(Viewer, &["k", "up"], A::MoveUp, "scroll up", "scroll", S::Viewer),
        b(Viewer, &["ctrl-d", "pgdn", "space"], A::PageDown, "page down", "page down / up", S::Viewer),
        b(Viewer, &["ctrl-u", "pgup"], A::PageUp, "page up", "page down / up", S::Viewer),
        b(Viewer, &["g", "home"], A::Top, "top", "top / bottom", S::Viewer),
        b(Viewer, &["G", "end"], A::Bottom, "bottom", "top / bottom", S::Viewer),
        b(Viewer, &["/"], A::StartSearch, "search", SAME, S::Viewer).hint(),
        b(Viewer, &["n"], A::NextMatch, "next match", "next / prev match", S::Viewer).hint(),
        b(Viewer, &["N"], A::PrevMatch, "previous match", "next / prev match", S::Viewer),
        b(Viewer, &["esc", "q", "h", "left"], A::Back, "close", SAME, S::Viewer),
        b(Viewer, &["ctrl-c"], A::Interrupt, "quit", UNLISTED, S::Viewer),
        b(Popup, &["j", "down"], A::MoveDown, "scroll", "scroll", S::Popup).hint(),
        b(Popup, &["k", "up"], A::MoveUp, "scroll up", "scroll", S::Popup),
        b(Popup, &["ctrl-d", "pgdn"], A::PageDown, "page down", "page down / up", S::Popup),
        b(Popup, &["ctrl-u", "pgup"], A::PageUp, "page up", "page down / up", S::Popup),
        b(Popup, &["g", "home"], A::Top, "top", "top / bottom", S::Popup),
        b(Popup, &["G", "end"], A::Bottom, "bottom", "top / bottom", S::Popup),
        b(Popup, &["esc", "q"], A::Back, "close", SAME, S::Popup).hint(),
        b(Popup, &["?"], A::ShowHelp, "close the help", "close (its own key)", S::Popup),
        b(Popup, &["w"], A::ShowWarnings, "close the warnings", "close (its own key)", S::Popup),
        b(Popup, &["i"], A::ShowLaunchInfo, "close the launch info", "close (its own key)", S::Popup),
        b(Popup, &["ctrl-c"], A::Interrupt, "quit", UNLISTED, S::Popup),
        b(CopyMenu, &["j", "down"], A::MoveDown, "next item", "move", S::CopyMenu),
        b(CopyMenu, &["k", "up"], A::MoveUp, "previous item", "move", S::CopyMenu),
        b(CopyMenu, &["enter"], A::Activate, "copy", SAME, S::CopyMenu).hint(),
        b(CopyMenu, &["1"], A::CopyItem(0), "copy the name", "copy that item", S::CopyMenu),
        b(CopyMenu, &["2"], A::CopyItem(1), "copy the full name", "copy that item", S::CopyMenu),
        b(CopyMenu, &["3"], A::CopyItem(2), "copy the message", "copy that item", S::CopyMenu),
        b(CopyMenu, &["4"], A::CopyItem(3), "copy the trace", "copy that item", S::CopyMenu),
        b(CopyMenu, &["5"], A::CopyItem(4), "copy the rerun command", "copy that item", S::CopyMenu),
        b(CopyMenu, &["6"], A::CopyItem(5), "copy the test plan path", "copy that item", S::CopyMenu),
        b(CopyMenu, &["esc", "q", "Y"], A::Back, "close", SAME, S::CopyMenu).hint(),
        b(CopyMenu, &["ctrl-c"], A::Interrupt, "quit", UNLISTED, S::CopyMenu),
        b(Rerun, &["j", "down"], A::MoveDown, "scroll", "scroll", S::RerunPane).hint(),
        b(Rerun, &["k", "up"], A::MoveUp, "scroll up", "scroll", S::RerunPane),
        b(Rerun, &["ctrl-d", "pgdn"], A::PageDown, "page down", "page down / up", S::RerunPane),
        b(Rerun, &["ctrl-u", "pgup"], A::PageUp, "page up", "page down / up", S::RerunPane),
        b(Rerun, &["g", "home"], A::Top, "top", "top / bottom", S::RerunPane),
        b(Rerun, &["G", "end"], A::Bottom, "bottom", "top / bottom", S::RerunPane),
        b(Rerun, &["esc", "p", "q"], A::Back, "hide", SAME, S::RerunPane),
        b(Rerun, &["ctrl-c"], A::Interrupt, "stop the command", UNLISTED, S::RerunPane).hint(),
        b(Rerun, &["r"], A::Rerun, "rerun again", SAME, S::RerunPane).hint(),
        b(Rerun, &["R"], A::Reload, "reload results", SAME, S::RerunPane),
        b(Rerun, &["y"], A::CopyItem(4), "copy the command", SAME, S::RerunPane),
    ]
}

/// How a key name is shown in help, hints and the README: one notation throughout
/// (`Ctrl-d`, `Shift-Tab`, `PgDn`, `Esc`), arrows as arrows unless ASCII.
#[must_use]
pub fn display_key(name: &str, ascii: bool) -> String {
    if let Some(rest) = name.strip_prefix("ctrl-") {
        return format!("Ctrl-{}", display_key(rest, ascii));
    }
    if let Some(rest) = name.strip_prefix("shift-") {
        return format!("Shift-{}", display_key(rest, ascii));
    }
    let pretty = match (name, ascii) {
        ("up", false) => "↑",
        ("down", false) => "↓",
        ("left", false) => "←",
        ("right", false) => "→",
        ("pgup", _) => "PgUp",
        ("pgdn", _) => "PgDn",
        ("enter", _) => "Enter",
        ("esc", _) => "Esc",
        ("tab", _) => "Tab",
        ("space", _) => "Space",
        ("backspace", _) => "Backspace",
        ("home", _) => "Home",
        ("end", _) => "End",
        _ => name,
    };
    pretty.to_owned()
}
