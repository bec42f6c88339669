//! `history append|convert|show` through the real binary: round trips through our own history
//! reader, duplicate refusal, crash safety and the lock with two real processes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use allure_tui::model::{load_report, LoadOptions, Status};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("history-cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_ok(args: &[&str]) -> String {
    let out = common::run(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A copy of a fixture whose results get fresh uuids (a "new launch" of the same tests).
fn relaunch(fixture: &str, into: &Path, tag: &str) -> PathBuf {
    let dir = into.join(format!("{fixture}-{tag}"));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(common::fixture(fixture))
        .unwrap()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(entry.path()).unwrap();
        if name.ends_with("-result.json") {
            let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let uuid = format!("{}-{tag}", doc["uuid"].as_str().unwrap_or(&name));
            doc["uuid"] = uuid.into();
            // Each launch runs later than the one before (same times would read as one launch).
            let shift = 1_000_000 * tag.bytes().map(i64::from).sum::<i64>();
            for field in ["start", "stop"] {
                if let Some(t) = doc[field].as_i64() {
                    doc[field] = (t + shift).into();
                }
            }
            // What an adapter of Allure 2 <= 2.44's time wrote: a raw historyId.
            let raw = format!("raw-{}", doc["fullName"].as_str().unwrap_or(&name));
            doc["historyId"] = raw.into();
            std::fs::write(dir.join(name), doc.to_string()).unwrap();
        } else if name == "executor.json" {
            // Each launch is its own CI build.
            let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            doc["buildOrder"] = tag.bytes().map(u64::from).sum::<u64>().into();
            std::fs::write(dir.join(name), doc.to_string()).unwrap();
        } else if entry.path().is_file() {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
    dir
}

fn history_of(results: &Path, history: &Path) -> allure_tui::model::Report {
    let options = LoadOptions {
        dirs: vec![results.to_path_buf()],
        history: vec![history.to_path_buf()],
        history_limit: None,
        cwd: results.to_path_buf(),
        settle: None,
        ..LoadOptions::default()
    };
    load_report(&options, &|_| {}).unwrap()
}

#[test]
fn appended_runs_read_back_through_our_reader_in_both_formats() {
    let dir = scratch("roundtrip");
    let first = relaunch("basic", &dir, "1");
    let second = relaunch("basic", &dir, "2");
    let current = relaunch("basic", &dir, "3");
    for target in [dir.join("history.jsonl"), dir.join("history")] {
        for launch in [&first, &second] {
            run_ok(&["history", "append", path(launch), "--to", path(&target)]);
        }
        let report = history_of(&current, &target);
        assert!(report.has_history, "{}", target.display());
        assert_eq!(
            report.runs.len(),
            2,
            "{}: two previous runs",
            target.display()
        );
        for test in &report.tests {
            let statuses: Vec<Status> = test.history.iter().map(|h| h.status).collect();
            assert_eq!(
                statuses,
                vec![test.result.status; 2],
                "{}: {}",
                target.display(),
                test.result.name
            );
        }
        let shown = run_ok(&["history", "show", path(&target)]);
        assert!(shown.contains("runs:  2"), "{shown}");
        if target.extension().is_some_and(|e| e == "jsonl") {
            // The newest run's time as a date people read, not epoch milliseconds.
            let newest = shown.lines().find(|l| l.contains("newest:")).unwrap_or("");
            assert!(
                newest.contains(" UTC") && !newest.contains(" ms"),
                "{shown}"
            );
        }
    }
}

#[test]
fn the_same_launch_twice_is_refused_unless_forced() {
    let dir = scratch("duplicate");
    let launch = relaunch("retries", &dir, "a");
    for target in [dir.join("h.jsonl"), dir.join("hist")] {
        run_ok(&["history", "append", path(&launch), "--to", path(&target)]);
        let out = common::run(&["history", "append", path(&launch), "--to", path(&target)]);
        assert_eq!(out.status.code(), Some(3), "{}", target.display());
        assert!(String::from_utf8_lossy(&out.stderr).contains("already in the history"));
        run_ok(&[
            "history",
            "append",
            path(&launch),
            "--to",
            path(&target),
            "--force",
        ]);
        let shown = run_ok(&["history", "show", path(&target)]);
        assert!(shown.contains("runs:  2"), "{shown}");
    }
}

#[test]
fn dry_run_and_output_leave_the_target_alone() {
    let dir = scratch("dry");
    let launch = relaunch("basic", &dir, "a");
    let target = dir.join("h.jsonl");
    run_ok(&["history", "append", path(&launch), "--to", path(&target)]);
    let before = std::fs::read(&target).unwrap();
    let again = relaunch("basic", &dir, "b");
    let said = run_ok(&[
        "history",
        "append",
        path(&again),
        "--to",
        path(&target),
        "--dry-run",
    ]);
    assert!(said.starts_with("would append"), "{said}");
    let copy = dir.join("copy.jsonl");
    run_ok(&[
        "history",
        "append",
        path(&again),
        "--to",
        path(&target),
        "-o",
        path(&copy),
    ]);
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert_eq!(std::fs::read_to_string(&copy).unwrap().lines().count(), 2);
}

#[test]
fn a_crash_while_writing_leaves_the_history_whole() {
    if !Path::new("/bin/sh").exists() {
        eprintln!("skipping: no /bin/sh to set a file-size limit");
        return;
    }
    let dir = scratch("crash");
    let target = dir.join("h.jsonl");
    // A large history, so the rewrite is well past the limit below when it dies.
    let launch = relaunch("basic", &dir, "a");
    run_ok(&["history", "append", path(&launch), "--to", path(&target)]);
    let line = std::fs::read_to_string(&target).unwrap();
    std::fs::write(&target, line.repeat(2000)).unwrap();
    let before = std::fs::read(&target).unwrap();
    let again = relaunch("basic", &dir, "b");
    // `ulimit -f 64`: writes past 32 KiB raise SIGXFSZ, which kills the process mid-write,
    // like a crash or a full disk.
    let status = Command::new("/bin/sh")
        .arg("-c")
        .arg("ulimit -f 64; exec \"$0\" history append \"$1\" --to \"$2\" --force")
        .arg(env!("CARGO_BIN_EXE_allure-tui"))
        .arg(&again)
        .arg(&target)
        .status()
        .unwrap();
    assert!(!status.success(), "the write must have been cut off");
    assert_eq!(std::fs::read(&target).unwrap(), before, "history untouched");
    run_ok(&["history", "append", path(&again), "--to", path(&target)]);
    assert_eq!(
        std::fs::read(&target).unwrap().len(),
        before.len() + line.len()
    );
}

#[test]
fn two_processes_appending_at_once_lose_nothing() {
    let dir = scratch("race");
    let target = dir.join("h.jsonl");
    let seed = relaunch("basic", &dir, "seed");
    run_ok(&["history", "append", path(&seed), "--to", path(&target)]);
    let big = std::fs::read_to_string(&target).unwrap();
    // Long enough that each rewrite takes a while, so unlocked writers would overlap.
    std::fs::write(&target, big.repeat(3000)).unwrap();
    let lines_before = big.repeat(3000).lines().count();
    let launches: Vec<PathBuf> = (0..4)
        .map(|i| relaunch("basic", &dir, &format!("p{i}")))
        .collect();
    let children: Vec<_> = launches
        .iter()
        .map(|l| {
            common::bin()
                .args(["history", "append", path(l), "--to", path(&target)])
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert_eq!(
        std::fs::read_to_string(&target).unwrap().lines().count(),
        lines_before + 4
    );
    assert!(!dir.join("h.jsonl.lock").exists(), "lock released");
}

#[test]
fn a_held_lock_makes_the_writer_wait() {
    let dir = scratch("held");
    let target = dir.join("h.jsonl");
    let launch = relaunch("basic", &dir, "a");
    // Held by this (running) test process.
    std::fs::write(
        dir.join("h.jsonl.lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let mut child = common::bin()
        .args(["history", "append", path(&launch), "--to", path(&target)])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert!(
        child.try_wait().unwrap().is_none(),
        "still waiting for the lock"
    );
    assert!(!target.exists(), "nothing written while the lock is held");
    std::fs::remove_file(dir.join("h.jsonl.lock")).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(std::fs::read_to_string(&target).unwrap().lines().count(), 1);
}

#[test]
fn convert_round_trips_between_formats() {
    let dir = scratch("convert");
    let jsonl = dir.join("h.jsonl");
    for tag in ["1", "2"] {
        let launch = relaunch("basic", &dir, tag);
        run_ok(&["history", "append", path(&launch), "--to", path(&jsonl)]);
    }
    let current = relaunch("basic", &dir, "3");
    let allure2 = dir.join("as-allure2");
    run_ok(&[
        "history",
        "convert",
        path(&jsonl),
        "--to",
        path(&allure2),
        "--results",
        path(&current),
    ]);
    let back = dir.join("back.jsonl");
    run_ok(&[
        "history",
        "convert",
        path(&allure2),
        "--to",
        path(&back),
        "--results",
        path(&current),
    ]);
    for history in [&allure2, &back] {
        let report = history_of(&current, history);
        assert_eq!(report.runs.len(), 2, "{}", history.display());
        assert!(
            report.tests.iter().all(|t| t.history.len() == 2),
            "{}",
            history.display()
        );
    }
    let refused = common::run(&["history", "convert", path(&jsonl), "--to", path(&back)]);
    assert!(
        !refused.status.success(),
        "an existing target is not overwritten"
    );
}

#[test]
fn old_raw_history_ids_are_rekeyed_from_the_results() {
    let dir = scratch("rekey");
    let current = relaunch("basic", &dir, "now");
    let report = history_of(&current, &dir.join("none.jsonl"));
    // A pre-2.45 history.json: keyed by the adapter's raw historyId.
    let mut old = serde_json::Map::new();
    for test in &report.tests {
        if let Some(raw) = &test.keys.raw_history_id {
            old.insert(
                raw.to_string(),
                serde_json::json!({"statistic": {"passed": 1, "total": 1},
                                   "items": [{"uid": "u", "status": "passed", "time": {"start": 1, "stop": 2, "duration": 1}}]}),
            );
        }
    }
    assert!(!old.is_empty(), "fixture results carry historyIds");
    let hist = dir.join("old-history");
    std::fs::create_dir_all(&hist).unwrap();
    std::fs::write(
        hist.join("history.json"),
        serde_json::Value::Object(old.clone()).to_string(),
    )
    .unwrap();
    let said = run_ok(&[
        "history",
        "convert",
        path(&hist),
        "--to",
        path(&hist),
        "--results",
        path(&current),
    ]);
    assert!(
        said.contains(&format!("{} tests moved", old.len())),
        "{said}"
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(hist.join("history.json")).unwrap()).unwrap();
    for test in &report.tests {
        if test.keys.raw_history_id.is_some() {
            assert!(
                doc.get(test.keys.allure2.as_deref().unwrap()).is_some(),
                "{}",
                test.result.name
            );
        }
    }
}
