//! Benchmark data: generated once with `../shared/tools/gen-allure-results` under the target
//! directory (never in the repository).
// Each bench includes this file and uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A number from the environment, or a default.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Generates (once) a data set and returns its directory; `None` (with a note) when the
/// generator is absent.
pub fn dataset(tests: usize, runs: usize) -> Option<PathBuf> {
    generated(
        &format!("bench-{tests}x{runs}"),
        &["--tests", &tests.to_string(), "--runs", &runs.to_string()],
    )
}

/// Generates (once) a data set named `name` with the generator's options `args` (`--out` and
/// `--force` are added) and returns its directory; `None` (with a note) when the generator is
/// absent or fails. The name must change when the options do.
pub fn generated(name: &str, args: &[&str]) -> Option<PathBuf> {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/gen-allure-results");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.join(".complete").is_file() {
        return Some(dir);
    }
    if !tool.is_file() {
        eprintln!("skipping: {} is absent", tool.display());
        return None;
    }
    eprintln!("generating {} into {}", args.join(" "), dir.display());
    let status = Command::new("python3")
        .arg(&tool)
        .args(args)
        .args(["--force", "-q", "--out"])
        .arg(&dir)
        .status()
        .ok()?;
    if !status.success() {
        eprintln!("skipping: the generator failed");
        return None;
    }
    std::fs::write(dir.join(".complete"), b"").ok()?;
    Some(dir)
}

/// Peak resident memory of this process so far, in MiB (Linux).
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
