//! The search prompt: typing, matching (here or on the worker), cancelling and clearing.

use super::action::Action;
use super::effect::Effect;
use super::layers::Layer;
use super::navigate::first_visible_test;
use super::search::{self, SYNC_LIMIT};
use super::state::{App, Focus};
use super::update::on_selection_changed;

/// Opens the search prompt (remembering the query, so `Esc` can restore it).
pub(crate) fn start_search(app: &mut App) {
    app.search.before = app.search.query.clone();
    app.layers.push(Layer::Search);
    app.focus = Focus::Tree;
    app.detail_open = false;
}

/// Keys while the search prompt has the keyboard.
pub(crate) fn update_search(app: &mut App, action: &Action) -> Vec<Effect> {
    match action {
        Action::SearchInsert(c) => {
            app.search.query.push(*c);
            return run_search(app);
        }
        Action::SearchBackspace => {
            app.search.query.pop();
            return run_search(app);
        }
        Action::SearchClear => {
            app.search.query.clear();
            return run_search(app);
        }
        Action::SearchAccept => app.layers.remove(|l| *l == Layer::Search),
        Action::MoveDown | Action::MoveUp => {
            let before = app.selected_node();
            app.tree_state
                .move_by(if *action == Action::MoveDown { 1 } else { -1 });
            if app.selected_node() != before {
                on_selection_changed(app);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Leaves the prompt and goes back to the query it started from (none, or the one accepted
/// before).
pub(crate) fn cancel_search(app: &mut App) -> Vec<Effect> {
    app.layers.remove(|l| *l == Layer::Search);
    if app.search.query == app.search.before {
        return Vec::new();
    }
    if app.search.before.is_empty() {
        clear_search(app);
        return Vec::new();
    }
    app.search.query = std::mem::take(&mut app.search.before);
    run_search(app)
}

/// Drops the search (and its prompt), keeping the selected test selected.
pub(crate) fn clear_search(app: &mut App) {
    let keep = app.selected_test();
    app.layers.remove(|l| *l == Layer::Search);
    app.search.query.clear();
    app.search.before.clear();
    app.search.matches = None;
    app.search.generation += 1;
    app.search.pending = false;
    app.refresh_rows();
    if let Some(test) = keep {
        app.reveal_test(test);
    }
    on_selection_changed(app);
}

/// Matches the query: synchronously for small reports, else as an effect.
pub(crate) fn run_search(app: &mut App) -> Vec<Effect> {
    app.search.generation += 1;
    if app.search.query.is_empty() {
        app.search.matches = None;
        app.search.pending = false;
        app.refresh_rows();
        return Vec::new();
    }
    if app.haystacks.len() <= SYNC_LIMIT {
        let matches = search::match_all(&app.haystacks, &app.search.query);
        apply_matches(app, app.search.generation, matches);
        return Vec::new();
    }
    app.search.pending = true;
    vec![Effect::Search {
        generation: app.search.generation,
        query: app.search.query.clone(),
    }]
}

/// Takes a search answer, unless a newer query has been typed since, and selects the best
/// match (or the first one shown).
pub fn apply_matches(app: &mut App, generation: u64, matches: search::Matches) {
    // A stale answer, or one for another list of tests (a reload came between).
    if generation != app.search.generation || matches.hits.len() != app.report.tests.len() {
        return;
    }
    let best = matches.best;
    app.search.hits = matches.hits.iter().filter(|h| **h).count();
    app.search.matches = Some(matches.hits);
    app.search.pending = false;
    app.refresh_rows();
    let visible = app.visible_tests();
    let target = best
        .filter(|&b| visible[b as usize])
        .or_else(|| first_visible_test(app));
    if let Some(test) = target {
        app.reveal_test(test);
    }
    on_selection_changed(app);
}
