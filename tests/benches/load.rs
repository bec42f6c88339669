//! Load benchmark: whole `allure-tui summary --format json` processes against the parse floor
//! (`../shared/bench/limit-probe`, built into the target directory), results only and with
//! history, alternated run by run; prints the ratios of wall time and peak RSS (issue 10's
//! targets: at most 1.5x each) as a Markdown table for BENCHMARKS.md.
//!
//! `cargo bench --bench load`; env `ALLURE_TUI_BENCH_TESTS` (comma-separated sizes, default
//! `10000`), `ALLURE_TUI_BENCH_RUNS` (runs of history, default 20), `ALLURE_TUI_BENCH_REPEAT`
//! (pairs per figure, default 5), `ALLURE_TUI_BENCH_DATA` (an existing set, see `data.rs`).
//! Without `../shared` it says it is skipping.

#[path = "data.rs"]
mod data;
#[path = "floor.rs"]
mod floor;

fn main() {
    let sizes: Vec<usize> = std::env::var("ALLURE_TUI_BENCH_TESTS")
        .unwrap_or_else(|_| "10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs = data::env_number("ALLURE_TUI_BENCH_RUNS", 20);
    let repeat = data::env_number("ALLURE_TUI_BENCH_REPEAT", 5).max(1);
    let Some(probe) = floor::probe() else {
        println!("load bench skipped: no floor to compare with (see above)");
        return;
    };
    println!(
        "| data | what | floor: time, peak RSS | allure-tui: time, peak RSS | time ratio (min–max of {repeat} pairs) | memory ratio |"
    );
    println!("|---|---|---:|---:|---:|---:|");
    for tests in sizes {
        let Some(dir) = data::dataset(tests, runs) else {
            continue;
        };
        let label = if std::env::var_os("ALLURE_TUI_BENCH_DATA").is_some() {
            dir.display().to_string()
        } else {
            format!("{tests} tests x {runs} runs")
        };
        for (what, with_history) in [("results only", false), ("results + history", true)] {
            let compared = floor::compare(
                repeat,
                &floor::floor_command(&probe, &dir, with_history),
                &floor::ours_command(&dir, with_history),
            );
            let Some(c) = compared else {
                println!(
                    "| {tests} tests x {runs} runs | {what} | failed to run (see above) | | | |"
                );
                continue;
            };
            println!(
                "| {label} | {what} | {:.3} s, {:.0} MiB | {:.3} s, {:.0} MiB | **{:.2}x** ({:.2}–{:.2}) | **{:.2}x** |",
                c.floor_secs,
                c.floor_mib,
                c.ours_secs,
                c.ours_mib,
                c.time_ratio,
                c.time_spread.0,
                c.time_spread.1,
                c.memory_ratio
            );
        }
    }
}
