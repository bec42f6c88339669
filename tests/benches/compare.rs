//! Compare benchmark (issue 11): comparing two 50k-test launches against loading them, and
//! clustering 10k failures.
//!
//! `cargo bench --bench compare` (env `ALLURE_TUI_BENCH_TESTS`, default 50000, and
//! `ALLURE_TUI_BENCH_REPEAT`, default 5). Two launches of the same suite come from
//! `../shared/tools/gen-allure-results` (same seed, so the same tests; the later one a day later
//! with 16% failed and 4% broken, so a fifth of it fails: 10 000 failures at 50k), written once
//! under the target directory, results only (no history: a baseline is one launch). Skipped
//! when the tool is absent. Times are medians of the repeats (the machine is shared and noisy);
//! each repeat loads both launches again from a warm page cache. Prints Markdown for
//! BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use allure_tui::analysis::baseline::Baseline;
use allure_tui::analysis::changes::{ChangeSet, Comparison};
use allure_tui::analysis::clusters::Clusters;
use allure_tui::model::baseline::load_baseline;
use allure_tui::model::{load_results, LoadOptions, Report};

/// The binary's allocator (src/main.rs), so the figures are the binary's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "data.rs"]
mod data;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn options(results: &Path) -> LoadOptions {
    LoadOptions {
        dirs: vec![results.to_owned()],
        cwd: results.to_owned(),
        history_limit: Some(0),
        ..LoadOptions::default()
    }
}

/// One repeat: the launch loaded as `summary` loads it, the baseline as `--baseline` loads it,
/// then the comparison (the baseline's tests listed, matched one to one, the sets made).
fn one_repeat(now: &Path, before: &Path) -> (Duration, Duration, Duration, Comparison) {
    let start = Instant::now();
    let report = load_results(&options(now), &|_| {}).unwrap();
    let load_now = start.elapsed();
    let start = Instant::now();
    let baseline = load_baseline(before, &options(now)).unwrap();
    let load_before = start.elapsed();
    let start = Instant::now();
    let comparison = Comparison::new(&report, Baseline::of_report(baseline, before));
    let compare = start.elapsed();
    drop(report);
    (load_now, load_before, compare, comparison)
}

/// Wall time of one process, seconds.
fn wall(args: &[&str], dir: &Path) -> f64 {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_allure-tui"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{args:?}");
    start.elapsed().as_secs_f64()
}

fn main() {
    let tests = data::env_number("ALLURE_TUI_BENCH_TESTS", 50_000);
    let repeat = data::env_number("ALLURE_TUI_BENCH_REPEAT", 5).max(1);
    let n = tests.to_string();
    let Some(before) = data::generated(
        &format!("compare-{tests}-before"),
        &["--tests", &n, "--runs", "0", "--history", "none"],
    ) else {
        return;
    };
    let Some(now) = data::generated(
        &format!("compare-{tests}-now"),
        &[
            "--tests",
            &n,
            "--runs",
            "0",
            "--history",
            "none",
            "--failed",
            "0.16",
            "--broken",
            "0.04",
            "--start",
            "1735776000000",
        ],
    ) else {
        return;
    };
    let (now, before) = (now.join("allure-results"), before.join("allure-results"));

    let mut loads_now = Vec::new();
    let mut loads_before = Vec::new();
    let mut compares = Vec::new();
    let mut both = Vec::new();
    let mut last = None;
    for _ in 0..repeat {
        let (a, b, c, comparison) = one_repeat(&now, &before);
        loads_now.push(a);
        loads_before.push(b);
        compares.push(c);
        both.push(a + b);
        last = Some(comparison);
    }
    let comparison = last.expect("at least one repeat");
    let sets: Vec<String> = ChangeSet::ALL
        .iter()
        .map(|&s| format!("{} {}", s.key(), comparison.changes.get(s).len()))
        .collect();
    drop(comparison);

    // Clustering: the launch with 10k failures, loaded once, clustered many times.
    let report: Report = load_results(&options(&now), &|_| {}).unwrap();
    let failures = report
        .tests
        .iter()
        .filter(|t| t.result.status.is_problem())
        .count();
    let cluster_runs = 21;
    let mut by_message = Vec::new();
    let mut by_frame = Vec::new();
    let (mut clusters, mut clusters_by_frame) = (0, 0);
    for _ in 0..cluster_runs {
        let start = Instant::now();
        let c = Clusters::of(&report, false);
        by_message.push(start.elapsed());
        clusters = c.clusters.len();
        let start = Instant::now();
        let c = Clusters::of(&report, true);
        by_frame.push(start.elapsed());
        clusters_by_frame = c.clusters.len();
    }
    // The worst case for masking: every failure's first line distinct (an id, a count and a
    // duration of its own, as real failures often have), so no line is masked twice.
    let mut distinct = report;
    for (i, test) in distinct.tests.iter_mut().enumerate() {
        let details = &mut test.result.details;
        if let Some(message) = &details.message {
            details.message = Some(
                format!(
                    "{message} (order {i:08x}, {i} items, took {}.{}s)",
                    i % 97,
                    i % 10
                )
                .into(),
            );
        }
    }
    let mut distinct_message = Vec::new();
    let mut distinct_frame = Vec::new();
    for _ in 0..cluster_runs {
        let start = Instant::now();
        std::hint::black_box(Clusters::of(&distinct, false));
        distinct_message.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(Clusters::of(&distinct, true));
        distinct_frame.push(start.elapsed());
    }
    drop(distinct);

    let (load_now, load_before, compare) =
        (median(loads_now), median(loads_before), median(compares));
    let load_both = median(both);
    println!("{tests} tests in each launch; medians of {repeat} repeats\n");
    println!("| what | time |");
    println!("|---|---:|");
    println!("| load the launch (results) | {:.0} ms |", ms(load_now));
    println!(
        "| load the baseline (`load_baseline`, the same loader) | {:.0} ms |",
        ms(load_before)
    );
    println!("| load both | {:.0} ms |", ms(load_both));
    println!(
        "| compare: list the baseline, match one to one, make the sets | {:.1} ms |",
        ms(compare)
    );
    println!(
        "| load both + compare | {:.0} ms (**{:.3}x** loading both; target ≤ 1.2x) |",
        ms(load_both + compare),
        (load_both + compare).as_secs_f64() / load_both.as_secs_f64()
    );
    println!("\nSets: {}", sets.join(", "));
    println!(
        "\nClustering {failures} failures (median of {cluster_runs}): {:.1} ms by message \
         ({clusters} clusters), {:.1} ms with --cluster-by-frame ({clusters_by_frame} clusters); \
         target < 100 ms",
        ms(median(by_message)),
        ms(median(by_frame))
    );
    println!(
        "\nThe same {failures} failures, every first line made distinct: {:.1} ms by message, \
         {:.1} ms with --cluster-by-frame",
        ms(median(distinct_message)),
        ms(median(distinct_frame))
    );

    // Whole processes: the JSON summary with the baseline, and each launch's summary alone.
    let (now_s, before_s) = (now.display().to_string(), before.display().to_string());
    let dir = now.parent().unwrap_or(&now);
    let mut with = Vec::new();
    let mut alone_now = Vec::new();
    let mut alone_before = Vec::new();
    for _ in 0..3 {
        with.push(wall(
            &[
                "summary",
                "--format",
                "json",
                "--baseline",
                &before_s,
                &now_s,
            ],
            dir,
        ));
        alone_now.push(wall(&["summary", "--format", "json", &now_s], dir));
        alone_before.push(wall(&["summary", "--format", "json", &before_s], dir));
    }
    let mid = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "\nWhole process, wall (median of 3): `summary --format json --baseline B A` {:.2} s; \
         `summary --format json A` {:.2} s; `summary --format json B` {:.2} s",
        mid(with),
        mid(alone_now),
        mid(alone_before)
    );
    if let Some(peak) = data::peak_rss_mib() {
        println!("\nPeak RSS of the benchmark process: {peak:.0} MiB");
    }
}
