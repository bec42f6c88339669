//! TUI benchmark: time to the first interactive frame, per-keystroke update + render, peak
//! memory, on generated data (default 100k tests with 50 runs of history).
//!
//! `cargo bench --bench ui` (env `ALLURE_TUI_BENCH_TESTS`, `ALLURE_TUI_BENCH_RUNS`). Prints a
//! Markdown table for BENCHMARKS.md.

use std::time::{Duration, Instant};

use allure_tui::app::{update, Action, App};
use allure_tui::model::{load_results, read_history, HistoryInput, LoadOptions};
use allure_tui::symbols::Symbols;
use allure_tui::ui::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "data.rs"]
mod data;

const SIZE: (u16, u16) = (200, 60);

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) -> Duration {
    let start = Instant::now();
    terminal.draw(|f| render(f, app)).unwrap();
    start.elapsed()
}

/// Median of `n` runs of update + render for an action sequence.
fn keystroke(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    actions: &[Action],
    n: usize,
) -> Duration {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let start = Instant::now();
            for action in actions {
                update(app, action.clone());
            }
            terminal.draw(|f| render(f, app)).unwrap();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[n / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let tests = data::env_number("ALLURE_TUI_BENCH_TESTS", 100_000);
    let runs = data::env_number("ALLURE_TUI_BENCH_RUNS", 50);
    let Some(dir) = data::dataset(tests, runs) else {
        return;
    };
    let options = LoadOptions {
        dirs: vec![dir.join("allure-results")],
        cwd: dir.clone(),
        ..LoadOptions::default()
    };
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();

    // The model's own load time (results only), then the same plus building the app and
    // drawing the first frame: what a user waits for before the tree is interactive.
    // Warm the page cache first so both timings read from memory alike.
    drop(load_results(&options, &|_| {}).unwrap());
    let start = Instant::now();
    let report = load_results(&options, &|_| {}).unwrap();
    let model_load = start.elapsed();
    drop(report);
    let start = Instant::now();
    let report = load_results(&options, &|_| {}).unwrap();
    let input = HistoryInput::of(&report);
    let mut app = App::new(Symbols::UNICODE, SIZE, 0);
    update(&mut app, Action::Resize(SIZE.0, SIZE.1));
    app.on_results(report);
    draw(&mut terminal, &app);
    let first_frame = start.elapsed();

    let start = Instant::now();
    let bundle = read_history(&input, &options, &|_| {});
    let history_read = start.elapsed();
    let start = Instant::now();
    app.on_history(bundle);
    let history_apply = start.elapsed();

    let frame = {
        let mut t: Vec<Duration> = (0..20).map(|_| draw(&mut terminal, &app)).collect();
        t.sort();
        t[10]
    };
    let move_down = keystroke(&mut app, &mut terminal, &[Action::MoveDown], 101);
    let page_down = keystroke(&mut app, &mut terminal, &[Action::PageDown], 21);
    let expand_all = keystroke(&mut app, &mut terminal, &[Action::ExpandAll], 5);
    let collapse_all = keystroke(&mut app, &mut terminal, &[Action::CollapseAll], 5);
    let next_failure = keystroke(&mut app, &mut terminal, &[Action::NextProblem], 11);
    let filter = keystroke(&mut app, &mut terminal, &[Action::CycleFilter], 10);
    // Fuzzy filter: the worker's matching over every test, then applying its answer.
    let start = Instant::now();
    let matches = allure_tui::app::search::match_all(&app.haystacks, "cartval");
    let matching = start.elapsed();
    let hits = matches.hits.iter().filter(|m| **m).count();
    update(&mut app, Action::StartSearch);
    for c in "cartval".chars() {
        update(&mut app, Action::SearchInsert(c));
    }
    let generation = app.search.generation;
    let start = Instant::now();
    allure_tui::app::update::apply_matches(&mut app, generation, matches);
    terminal.draw(|f| render(f, &app)).unwrap();
    let apply = start.elapsed();
    let keystroke_in_search = keystroke(
        &mut app,
        &mut terminal,
        &[Action::SearchBackspace, Action::SearchInsert('9')],
        5,
    );

    println!(
        "| {tests} tests x {runs} runs, {}x{} frame | time |",
        SIZE.0, SIZE.1
    );
    println!("|---|---:|");
    println!("| model load (results only) | {} |", ms(model_load));
    println!(
        "| first interactive frame (load + app + draw) | {} ({:.2}x) |",
        ms(first_frame),
        first_frame.as_secs_f64() / model_load.as_secs_f64()
    );
    println!("| history read in the background | {} |", ms(history_read));
    println!(
        "| history applied (re-analysis, tree rebuilt) | {} |",
        ms(history_apply)
    );
    println!("| render one frame | {} |", ms(frame));
    println!(
        "| keystroke: move down (update + render) | {} |",
        ms(move_down)
    );
    println!("| keystroke: page down | {} |", ms(page_down));
    println!("| keystroke: expand all | {} |", ms(expand_all));
    println!("| keystroke: collapse all | {} |", ms(collapse_all));
    println!("| keystroke: next failure | {} |", ms(next_failure));
    println!("| keystroke: cycle status filter | {} |", ms(filter));
    println!(
        "| fuzzy match of all tests on the worker (\"cartval\", {hits} hits) | {} |",
        ms(matching)
    );
    println!("| applying the worker's matches + render | {} |", ms(apply));
    println!(
        "| keystroke in the search prompt (update + render, match on worker) | {} |",
        ms(keystroke_in_search)
    );
    if let Some(peak) = data::peak_rss_mib() {
        println!(
            "\nPeak RSS of the benchmark process (report, history and app state): {peak:.0} MiB"
        );
    }
}
