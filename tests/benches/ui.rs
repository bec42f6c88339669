//! TUI benchmark: time to the first interactive frame against the parse floor's results-only
//! time (issue 10: at most 1.5x), per-keystroke update + render (median and worst; at most
//! 16 ms), peak memory, on generated data (default 100k tests with 50 runs of history).
//!
//! `cargo bench --bench ui` (env `ALLURE_TUI_BENCH_TESTS`, `ALLURE_TUI_BENCH_RUNS`,
//! `ALLURE_TUI_BENCH_DATA`, see `data.rs`). Prints a Markdown table for BENCHMARKS.md.

use std::time::{Duration, Instant};

use allure_tui::app::{update, Action, App};
use allure_tui::heap::LoadArena;
use allure_tui::model::{load_results, read_history, HistoryInput, LoadOptions};
use allure_tui::symbols::Symbols;
use allure_tui::ui::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The binary's allocator (src/main.rs), so the figures are the binary's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "data.rs"]
mod data;
#[path = "floor.rs"]
mod floor;

const SIZE: (u16, u16) = (200, 60);

/// A keystroke's budget: one frame at 60 Hz.
const FRAME_BUDGET: Duration = Duration::from_millis(16);

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) -> Duration {
    let start = Instant::now();
    terminal.draw(|f| render(f, app)).unwrap();
    start.elapsed()
}

/// Update + render times of `n` presses of an action sequence.
struct Keystroke {
    name: &'static str,
    median: Duration,
    worst: Duration,
}

fn keystroke(
    name: &'static str,
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    actions: &[Action],
    n: usize,
) -> Keystroke {
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
    Keystroke {
        name,
        median: times[n / 2],
        worst: times[n - 1],
    }
}

/// The first frame's time and its parts.
struct FirstFrame {
    total: Duration,
    load: Duration,
    app: Duration,
    draw: Duration,
}

/// Load + app + first draw, as a user waits for it (results only: history follows later).
/// The load and the app's work on it happen in a load arena, as in the TUI (`crate::heap`).
fn first_frame(options: &LoadOptions, terminal: &mut Terminal<TestBackend>) -> (FirstFrame, App) {
    let start = Instant::now();
    let arena = LoadArena::for_next_load();
    arena.enter();
    let report = load_results(options, &|_| {}).unwrap();
    let load = start.elapsed();
    let mut app = App::new(Symbols::UNICODE, SIZE, 0);
    update(&mut app, Action::Resize(SIZE.0, SIZE.1));
    app.on_results(report);
    allure_tui::heap::shown(arena);
    let app_done = start.elapsed();
    draw(terminal, &app);
    let total = start.elapsed();
    let times = FirstFrame {
        total,
        load,
        app: app_done.saturating_sub(load),
        draw: total.saturating_sub(app_done),
    };
    (times, app)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn median<T: Copy + PartialOrd>(mut v: Vec<T>) -> Option<T> {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.get(v.len() / 2).copied()
}

fn main() {
    // As the binary does (src/main.rs).
    allure_tui::heap::enable();
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

    // The model's own load time (results only), then the first interactive frame, alternated
    // with the floor's results-only process on the same files. The first load warms the page
    // cache so every timing reads from memory alike.
    drop(load_results(&options, &|_| {}).unwrap());
    let start = Instant::now();
    let report = load_results(&options, &|_| {}).unwrap();
    let model_load = start.elapsed();
    drop(report);
    let probe = floor::probe();
    let mut frames = Vec::new();
    let mut floors = Vec::new();
    for _ in 0..3 {
        if let Some(probe) = &probe {
            if let Some((secs, _)) = floor::measure(&floor::floor_command(probe, &dir, false)) {
                floors.push(secs);
            }
        }
        let (times, app) = first_frame(&options, &mut terminal);
        frames.push(times);
        drop(app);
    }
    frames.sort_by_key(|f| f.total);
    let first_parts = &frames[frames.len() / 2];
    let first = first_parts.total.as_secs_f64();
    let floor_results = median(floors);
    let (_, mut app) = first_frame(&options, &mut terminal);
    let input = HistoryInput::of(&app.report);

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
    let t = &mut terminal;
    let mut keys = vec![
        keystroke("move down", &mut app, t, &[Action::MoveDown], 101),
        keystroke("move up", &mut app, t, &[Action::MoveUp], 51),
        keystroke("page down", &mut app, t, &[Action::PageDown], 21),
        keystroke("expand all", &mut app, t, &[Action::ExpandAll], 5),
        keystroke("collapse all", &mut app, t, &[Action::CollapseAll], 5),
        keystroke("next failure", &mut app, t, &[Action::NextProblem], 11),
        keystroke(
            "cycle status filter",
            &mut app,
            t,
            &[Action::CycleFilter],
            10,
        ),
    ];
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
    keys.push(keystroke(
        "typing in the search prompt (match on the worker)",
        &mut app,
        &mut terminal,
        &[Action::SearchBackspace, Action::SearchInsert('9')],
        5,
    ));

    println!(
        "| {tests} tests x {runs} runs, {}x{} frame | time |",
        SIZE.0, SIZE.1
    );
    println!("|---|---:|");
    println!("| model load (results only) | {} |", ms(model_load));
    let first_ms = format!("{:.2} ms", first * 1000.0);
    match floor_results {
        Some(floor) => println!(
            "| first interactive frame (load + app + draw), median of 3 | {first_ms} (**{:.2}x** the floor's results-only {:.0} ms) |",
            first / floor,
            floor * 1000.0
        ),
        None => println!(
            "| first interactive frame (load + app + draw), median of 3 | {first_ms} (no floor: see above) |"
        ),
    }
    println!(
        "| … of which: load {}, app (analysis, labels, search text, tree) {}, draw {} |  |",
        ms(first_parts.load),
        ms(first_parts.app),
        ms(first_parts.draw)
    );
    println!("| history read in the background | {} |", ms(history_read));
    println!(
        "| history applied (re-analysis, tree rebuilt) | {} |",
        ms(history_apply)
    );
    println!("| render one frame | {} |", ms(frame));
    for key in &keys {
        println!(
            "| keystroke: {} (update + render), median / worst | {} / {} |",
            key.name,
            ms(key.median),
            ms(key.worst)
        );
    }
    println!(
        "| fuzzy match of all tests on the worker (\"cartval\", {hits} hits) | {} |",
        ms(matching)
    );
    println!("| applying the worker's matches + render | {} |", ms(apply));
    let worst = keys
        .iter()
        .max_by_key(|k| k.worst)
        .map(|k| (k.name, k.worst));
    let all: Vec<Duration> = keys.iter().map(|k| k.median).collect();
    if let (Some((name, worst)), Some(typical)) = (worst, median(all)) {
        let verdict = if worst <= FRAME_BUDGET {
            "within"
        } else {
            "OVER"
        };
        println!(
            "\nKeystrokes: median of the keys' medians {}, worst {} ({name}): {verdict} the 16 ms budget",
            ms(typical),
            ms(worst)
        );
    }
    if let Some(peak) = data::peak_rss_mib() {
        println!(
            "\nPeak RSS of the benchmark process (report, history and app state): {peak:.0} MiB"
        );
    }
}
