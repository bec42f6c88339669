//! The search prompt: typing, matching (here or on the worker) and clearing.

use super::action::Action;
use super::effect::Effect;
use super::navigate::first_visible_test;
use super::search::{self, SYNC_LIMIT};
use super::state::App;
use super::update::on_selection_changed;

pub(crate) fn update_search(app: &mut App, action: &Action) -> Vec<Effect> {
    match action {
        Action::SearchInsert(c) => {
            app.search.query.push(*c);
            return start_search(app);
        }
        Action::SearchBackspace => {
            app.search.query.pop();
            return start_search(app);
        }
        Action::SearchClear => {
            app.search.query.clear();
            return start_search(app);
        }
        Action::SearchAccept => app.search.typing = false,
        Action::SearchCancel | Action::Back => clear_search(app),
        Action::MoveDown => app.tree_state.move_by(1),
        Action::MoveUp => app.tree_state.move_by(-1),
        _ => {}
    }
    Vec::new()
}

pub(crate) fn clear_search(app: &mut App) {
    let keep = app.selected_test();
    app.search.typing = false;
    app.search.query.clear();
    app.search.matches = None;
    app.search.generation += 1;
    app.search.pending = false;
    app.refresh_rows();
    if let Some(test) = keep {
        app.reveal_test(test);
    }
}

/// Starts matching the query: synchronously for small reports, else as an effect.
pub(crate) fn start_search(app: &mut App) -> Vec<Effect> {
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
    if generation != app.search.generation {
        return;
    }
    let best = matches.best;
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
