//! The parse floor: `../shared/bench/limit-probe` (its README), built into the target directory
//! and compared with whole `allure-tui` processes, alternately (A B A B …), by the median of the
//! pairwise ratios of wall time and of peak RSS (`/usr/bin/time -f '%e %M'`).

#![allow(dead_code)] // each bench uses part of this module

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Builds the probe (release) into `<target>/limit-probe/` and returns the binary; `None`, with
/// a visible note, when `../shared` or `/usr/bin/time` is absent or the build fails.
pub fn probe() -> Option<PathBuf> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/limit-probe");
    if !source.join("Cargo.toml").is_file() {
        eprintln!(
            "skipping the floor comparison: {} is absent",
            source.display()
        );
        return None;
    }
    if !Path::new("/usr/bin/time").is_file() {
        eprintln!("skipping the floor comparison: /usr/bin/time is absent");
        return None;
    }
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
        .join("limit-probe");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building the floor probe into {}", target.display());
    let built = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(source.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .status()
        .is_ok_and(|s| s.success());
    let binary = target.join("release/limit-probe");
    if !built || !binary.is_file() {
        eprintln!("skipping the floor comparison: the probe did not build");
        return None;
    }
    Some(binary)
}

/// Wall time (s) and peak RSS (KiB) of one run of a command, its output discarded.
pub fn measure(command: &[OsString]) -> Option<(f64, u64)> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .args(command)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "{:?} failed: {}",
            command,
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let text = String::from_utf8_lossy(&out.stderr);
    let mut parts = text.lines().last()?.split_whitespace();
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Medians of alternated runs of the floor (A) and ours (B).
#[derive(Debug, Clone, Copy)]
pub struct Comparison {
    /// Median wall time of the floor, s.
    pub floor_secs: f64,
    /// Median peak RSS of the floor, MiB.
    pub floor_mib: f64,
    /// Median wall time of ours, s.
    pub ours_secs: f64,
    /// Median peak RSS of ours, MiB.
    pub ours_mib: f64,
    /// Median of the pairwise time ratios (ours / floor).
    pub time_ratio: f64,
    /// Median of the pairwise memory ratios (ours / floor).
    pub memory_ratio: f64,
    /// Smallest and largest pairwise time ratio: how noisy the machine was.
    pub time_spread: (f64, f64),
}

/// Runs `floor` and `ours` alternately `n` times (after one untimed warm-up of each).
pub fn compare(n: usize, floor: &[OsString], ours: &[OsString]) -> Option<Comparison> {
    measure(floor)?;
    measure(ours)?;
    let mut pairs = Vec::new();
    for _ in 0..n {
        pairs.push((measure(floor)?, measure(ours)?));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let ratios: Vec<f64> = pairs.iter().map(|(a, b)| b.0 / a.0).collect();
    let spread = (
        ratios.iter().copied().fold(f64::INFINITY, f64::min),
        ratios.iter().copied().fold(0.0, f64::max),
    );
    Some(Comparison {
        floor_secs: median(pairs.iter().map(|(a, _)| a.0).collect()),
        floor_mib: median(pairs.iter().map(|(a, _)| a.1 as f64 / 1024.0).collect()),
        ours_secs: median(pairs.iter().map(|(_, b)| b.0).collect()),
        ours_mib: median(pairs.iter().map(|(_, b)| b.1 as f64 / 1024.0).collect()),
        time_ratio: median(ratios),
        memory_ratio: median(pairs.iter().map(|(a, b)| b.1 as f64 / a.1 as f64).collect()),
        time_spread: spread,
    })
}

/// The floor's command line for a data set: results only, or with its `history.jsonl`.
pub fn floor_command(probe: &Path, dir: &Path, with_history: bool) -> Vec<OsString> {
    let mut command: Vec<OsString> = vec![probe.into(), dir.join("allure-results").into()];
    if with_history {
        command.extend(["--history".into(), dir.join("history.jsonl").into()]);
    }
    command.extend(["--threads".into(), "2".into()]);
    command
}

/// Our command line for the same: `summary --format json` (to /dev/null).
pub fn ours_command(dir: &Path, with_history: bool) -> Vec<OsString> {
    let mut command: Vec<OsString> = vec![
        env!("CARGO_BIN_EXE_allure-tui").into(),
        "summary".into(),
        "--format".into(),
        "json".into(),
        dir.join("allure-results").into(),
    ];
    if with_history {
        command.extend(["--history".into(), dir.join("history.jsonl").into()]);
    } else {
        // The set's history.jsonl sits beside its results, where it would be found.
        command.extend(["--history-limit".into(), "0".into()]);
    }
    command
}
