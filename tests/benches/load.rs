//! Load benchmark: `summary --format json` on generated data vs merely parsing the same bytes.
//!
//! `cargo bench --bench load` (env `ALLURE_TUI_BENCH_TESTS`, default 50000, and
//! `ALLURE_TUI_BENCH_RUNS`, default 20). Data comes from `../shared/tools/gen-allure-results`,
//! written once under the target directory; skipped when the tool is absent. Prints a Markdown
//! table for BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use allure_tui::analysis::Analysis;
use allure_tui::model::{load_report, LoadOptions};
use allure_tui::summary;

#[path = "data.rs"]
mod data;
use data::dataset;

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let results = dir.join("allure-results");
    for entry in std::fs::read_dir(&results).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with("-result.json") || name.ends_with("-container.json") {
            files.push(entry.path());
        }
    }
    for entry in std::fs::read_dir(results.join("history"))
        .into_iter()
        .flatten()
        .flatten()
    {
        files.push(entry.path());
    }
    files
}

/// Parses every JSON document (and every history.jsonl line) into `serde_json::Value` on two
/// threads: the floor any loader of these bytes has to pay.
fn baseline(dir: &Path) -> (Duration, u64) {
    let files = json_files(dir);
    let jsonl = std::fs::read(dir.join("history.jsonl")).unwrap_or_default();
    let start = Instant::now();
    let mut bytes = jsonl.len() as u64;
    let lines: Vec<&[u8]> = jsonl
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    std::thread::scope(|scope| {
        let (a, b) = files.split_at(files.len() / 2);
        let (la, lb) = lines.split_at(lines.len() / 2);
        let handles: Vec<_> = [(a, la), (b, lb)]
            .into_iter()
            .map(|(files, lines)| {
                scope.spawn(move || {
                    let mut n = 0u64;
                    for f in files {
                        let data = std::fs::read(f).unwrap();
                        n += data.len() as u64;
                        let v: serde_json::Value = serde_json::from_slice(&data).unwrap();
                        std::hint::black_box(v);
                    }
                    for line in lines {
                        let v: serde_json::Value = serde_json::from_slice(line).unwrap();
                        std::hint::black_box(v);
                    }
                    n
                })
            })
            .collect();
        for h in handles {
            bytes += h.join().unwrap();
        }
    });
    (start.elapsed(), bytes)
}

fn ours(dir: &Path) -> Duration {
    let options = LoadOptions {
        dirs: vec![dir.join("allure-results")],
        cwd: dir.to_owned(),
        ..LoadOptions::default()
    };
    let start = Instant::now();
    let report = load_report(&options, &|_| {}).unwrap();
    let analysis = Analysis::of(&report);
    let clusters = allure_tui::analysis::clusters::Clusters::of(&report, false);
    let extras = summary::Extras {
        clusters: &clusters,
        comparison: None,
    };
    let text = summary::json::render(&report, &analysis, &extras, None);
    let elapsed = start.elapsed();
    std::hint::black_box(text);
    std::mem::forget(report);
    elapsed
}

fn peak_rss_kib(dir: &Path) -> Option<(u64, f64)> {
    let out = Command::new("/usr/bin/time")
        .args([
            "-f",
            "%M %e",
            env!("CARGO_BIN_EXE_allure-tui"),
            "summary",
            "--format",
            "json",
        ])
        .arg(dir.join("allure-results"))
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let last = text.lines().last()?;
    let mut parts = last.split_whitespace();
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn main() {
    let tests = data::env_number("ALLURE_TUI_BENCH_TESTS", 50_000);
    let runs = data::env_number("ALLURE_TUI_BENCH_RUNS", 20);
    let Some(dir) = dataset(tests, runs) else {
        return;
    };
    let (base, bytes) = baseline(&dir);
    let mut times: Vec<Duration> = (0..3).map(|_| ours(&dir)).collect();
    times.sort();
    let median = times[1];
    let mb = bytes as f64 / 1e6;
    println!("| data | bytes parsed | serde_json Value parse (2 threads) | load + analyse + JSON summary (median of 3) | ratio | MB/s |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| {tests} tests x {runs} runs | {mb:.0} MB | {:.2} s | {:.2} s | {:.2}x | {:.0} |",
        base.as_secs_f64(),
        median.as_secs_f64(),
        median.as_secs_f64() / base.as_secs_f64(),
        mb / median.as_secs_f64()
    );
    if let Some(peak) = data::peak_rss_mib() {
        println!("\nPeak RSS of the benchmark process: {peak:.0} MiB");
    }
    if let Some((kib, secs)) = peak_rss_kib(&dir) {
        println!("\nWhole process `allure-tui summary --format json`: {secs:.2} s wall, peak RSS {:.0} MiB", kib as f64 / 1024.0);
    }
}
