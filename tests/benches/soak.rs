//! Reload soak: 1,000 `--watch` reloads of a 10k-test set through the TUI's own reload path
//! ([`load_and_send`] into `update`, then a frame drawn), with the resident memory recorded
//! every 100 reloads. Issue 10's target: memory stays flat, within 10% of the first reload's.
//!
//! `cargo bench --bench soak`; env `ALLURE_TUI_BENCH_TESTS` (default 10000),
//! `ALLURE_TUI_BENCH_RELOADS` (default 1000), `ALLURE_TUI_BENCH_EVERY` (reloads between samples,
//! default 100). The set has no history (each reload would
//! otherwise spend most of its time re-reading it); the reload path still looks for it.

use std::time::Instant;

use allure_tui::app::{update, Action, App};
use allure_tui::heap::LoadArena;
use allure_tui::model::LoadOptions;
use allure_tui::runtime::loader::load_and_send;
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

const SIZE: (u16, u16) = (200, 60);

fn main() {
    let tests = data::env_number("ALLURE_TUI_BENCH_TESTS", 10_000);
    let reloads = data::env_number("ALLURE_TUI_BENCH_RELOADS", 1000).max(1);
    let every = data::env_number("ALLURE_TUI_BENCH_EVERY", 100).max(1);
    let Some(dir) = data::dataset_without_history(tests) else {
        return;
    };
    let options = LoadOptions {
        dirs: vec![dir.join("allure-results")],
        cwd: dir.clone(),
        ..LoadOptions::default()
    };
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();
    let mut app = App::new(Symbols::UNICODE, SIZE, 0);
    update(&mut app, Action::Resize(SIZE.0, SIZE.1));
    allure_tui::heap::enable();
    // As the TUI does (src/runtime/tui.rs): each load in the arena the shown report is not in,
    // the old arena's pages handed back once the new report is shown.
    let load = |app: &mut App| {
        let arena = LoadArena::for_next_load();
        arena.enter();
        load_and_send(&options, &|_| {}, 0, None, &|| true, &mut |action| {
            update(app, action);
        });
        allure_tui::heap::shown(arena);
    };
    // The first load, then the user opens a few groups and moves (a reload keeps both).
    load(&mut app);
    update(&mut app, Action::ExpandAll);
    for _ in 0..40 {
        update(&mut app, Action::MoveDown);
    }
    terminal.draw(|f| render(f, &app)).unwrap();

    let start = Instant::now();
    let mut samples: Vec<(usize, f64)> = Vec::new();
    for n in 1..=reloads {
        // What a change on disk does: the watcher's action, then the load it asks for.
        update(&mut app, Action::ResultsChanged);
        load(&mut app);
        terminal.draw(|f| render(f, &app)).unwrap();
        if n == 1 || n % every == 0 || n == reloads {
            let rss = data::rss_mib().unwrap_or(0.0);
            eprintln!("reload {n}: {rss:.1} MiB");
            samples.push((n, rss));
        }
    }
    let elapsed = start.elapsed();
    assert!(!app.report.tests.is_empty(), "every reload shows the tests");

    println!(
        "| reload ({tests} tests, {reloads} reloads, {:.0} ms each) | resident memory | vs the first reload |",
        elapsed.as_secs_f64() * 1000.0 / reloads as f64
    );
    println!("|---:|---:|---:|");
    let first = samples[0].1;
    let mut worst: f64 = 0.0;
    for (n, rss) in &samples {
        let change = rss / first - 1.0;
        worst = worst.max(change.abs());
        println!("| {n} | {rss:.1} MiB | {:+.1}% |", change * 100.0);
    }
    let verdict = if worst <= 0.10 { "flat" } else { "NOT flat" };
    println!(
        "\nLargest change from the first reload: {:.1}% ({verdict}: the target is within 10%)",
        worst * 100.0
    );
}
