//! Documents: the text of the detail tabs and of the popups, built from the state and laid out
//! by [`super::wrap`]. The detail's document is built once per selection (not per frame) and
//! cached with its layout; `update` scrolls by that layout and the renderer draws it.

pub mod attachments;
pub mod baseline_diff;
pub mod changes;
pub mod diff;
pub mod group;
pub mod help;
pub mod history;
pub mod launch;
pub mod overview;
pub mod popups;
pub mod retries;
pub mod steps;

use std::borrow::Cow;
use std::collections::HashSet;

use ratatui::text::Line;

use super::layout;
use super::state::{App, Loading, Tab};
use super::wrap::{wrap, Wrapped};
use crate::model::tree::NodeId;
use crate::theme::Theme;

/// Lines to show, with what the layout needs to know about them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// The lines.
    pub lines: Vec<Line<'static>>,
    /// Continuation indents (columns) of lines whose wrapped rows should not align with their
    /// leading spaces, e.g. a table row's message column; sorted by line.
    pub hang: Vec<(usize, u16)>,
    /// For lists with a cursor (steps, attachments): the line of each item.
    pub items: Vec<usize>,
    /// Tables put messages in a column of their own (else under each row): set for the
    /// pane's width.
    pub inline_messages: bool,
}

impl Doc {
    /// A document of plain lines.
    #[must_use]
    pub fn of(lines: Vec<Line<'static>>) -> Doc {
        Doc {
            lines,
            ..Doc::default()
        }
    }

    /// The layout at a width.
    #[must_use]
    pub fn wrap(&self, width: u16) -> Wrapped {
        let hang = |i: usize| {
            self.hang
                .binary_search_by_key(&i, |(line, _)| *line)
                .ok()
                .map(|at| self.hang[at].1)
        };
        wrap(&self.lines, &hang, width)
    }
}

impl Doc {
    /// Adds a table row: its cells, then its message. With `inline_messages` the message sits in
    /// its column and continues there when it wraps (`message_column`, in columns from the left);
    /// otherwise (narrow panes) it goes on the next line, indented, so no cell is ever broken.
    pub fn push_row(
        &mut self,
        mut cells: Line<'static>,
        message: Vec<ratatui::text::Span<'static>>,
        message_column: u16,
    ) {
        let message: Vec<_> = message
            .into_iter()
            .filter(|m| !m.content.is_empty())
            .collect();
        if self.inline_messages {
            self.hang.push((self.lines.len(), message_column));
            cells.spans.extend(message);
            self.lines.push(cells);
            return;
        }
        self.lines.push(cells);
        if !message.is_empty() {
            let mut line = vec![ratatui::text::Span::raw("    ")];
            line.extend(message);
            self.lines.push(Line::from(line));
        }
    }
}

/// What the detail document depends on, so it is rebuilt only when one of these changes.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailKey {
    node: Option<NodeId>,
    tab: Tab,
    trace_unfolded: bool,
    collapsed: HashSet<(u8, Vec<u32>)>,
    revision: u64,
    theme: Theme,
    ascii: bool,
    loading: Loading,
    width: u16,
}

/// The detail document and its layout, for one key.
#[derive(Debug, Clone, Default)]
pub struct DetailCache {
    key: Option<DetailKey>,
    /// The document.
    pub doc: Doc,
    /// Its layout at the detail pane's width.
    pub wrapped: Wrapped,
}

fn key_of(app: &App) -> DetailKey {
    DetailKey {
        node: app.selected_node(),
        tab: app.tab,
        trace_unfolded: app.detail.trace_unfolded,
        collapsed: app.detail.collapsed_steps.clone(),
        revision: app.revision,
        theme: app.theme,
        ascii: app.symbols.ascii,
        loading: app.loading,
        width: layout::detail_text_width(app),
    }
}

fn build(app: &App, key: DetailKey) -> DetailCache {
    let doc = detail_doc(app);
    let wrapped = doc.wrap(key.width);
    DetailCache {
        key: Some(key),
        doc,
        wrapped,
    }
}

/// Rebuilds the cached detail document when what it shows changed (called after every
/// `update`).
pub fn refresh_detail(app: &mut App) {
    let key = key_of(app);
    if app.detail_cache.key.as_ref() != Some(&key) {
        app.detail_cache = build(app, key);
    }
}

/// The detail document: the cached one when it is current, else built now (the renderer stays
/// right even when a test changed the state without `update`).
#[must_use]
pub fn detail_view(app: &App) -> Cow<'_, DetailCache> {
    let key = key_of(app);
    if app.detail_cache.key.as_ref() == Some(&key) {
        Cow::Borrowed(&app.detail_cache)
    } else {
        Cow::Owned(build(app, key))
    }
}

/// The document of the selected test's tab, or of the selected group.
#[must_use]
pub fn detail_doc(app: &App) -> Doc {
    let theme = &app.theme;
    let Some((test, analysis)) = app.selected() else {
        return Doc::of(group::group_lines(app, theme));
    };
    match app.tab {
        Tab::Overview => Doc::of(overview::overview_lines(app, test, analysis, theme)),
        Tab::Steps => steps::steps_doc(app, test, theme),
        Tab::Attachments => {
            let (lines, items) = attachments::attachment_lines(test, theme);
            Doc {
                lines,
                items,
                ..Doc::default()
            }
        }
        Tab::History => history::history_doc(app, test, analysis, theme),
        Tab::Retries => retries::retries_doc(app, test, theme),
        Tab::Diff => Doc::of(diff::diff_tab_lines(app, test, theme)),
    }
}

/// The item (step or attachment) the cursor is on, as a line of the detail document.
#[must_use]
pub fn cursor_line(app: &App, doc: &Doc) -> Option<usize> {
    let cursor = match app.tab {
        Tab::Steps => app.detail.step_cursor,
        Tab::Attachments => app.detail.attachment_cursor,
        _ => return None,
    };
    if doc.items.is_empty() || app.selected().is_none() {
        return None;
    }
    doc.items.get(cursor.min(doc.items.len() - 1)).copied()
}
