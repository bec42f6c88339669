//! `history append|convert|show`, `completions` and `man`: loading, calling the writers, and
//! saying what happened.

use std::path::{Path, PathBuf};

use crate::cli::history::{
    HistoryAppendArgs, HistoryArgs, HistoryCommand, HistoryConvertArgs, HistoryShowArgs,
};
use crate::cli::CommonArgs;
use crate::history_write::convert::{
    read_allure2_runs, read_jsonl_runs, rekey_allure2_history, rekey_map, runs_to_allure2,
    runs_to_jsonl, KeyTarget,
};
use crate::history_write::safe_file::{write_atomic, HistoryLock, LOCK_WAIT};
use crate::history_write::{
    append, write_allure2, AppendError, AppendOptions, AppendOutcome, HistoryKind,
};
use crate::model::{load_results, LoadOptions, Report};
use crate::sanitize::sanitize_line;

use super::EXIT_INPUT;

/// Exit status: the launch is already in the history (and `--force` was not given).
pub const EXIT_ALREADY_RECORDED: i32 = 3;

/// Runs a `history` subcommand.
#[must_use]
pub fn run_history(args: &HistoryArgs, common: &CommonArgs) -> i32 {
    match &args.command {
        HistoryCommand::Append(a) => run_append(a, common),
        HistoryCommand::Convert(c) => run_convert(c, common),
        HistoryCommand::Show(s) => run_show(s),
    }
}

fn load(dirs: &[PathBuf]) -> Result<Report, String> {
    for dir in dirs {
        if !dir.is_dir() {
            return Err(format!("no such directory: {}", dir.display()));
        }
    }
    let options = LoadOptions {
        limits: crate::model::source::archive::ArchiveLimits::default(),
        dirs: dirs.to_vec(),
        history: Vec::new(),
        history_limit: None,
        cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        settle: None,
    };
    let report = load_results(&options, &|_| {}).map_err(|e| e.to_string())?;
    for warning in report.warnings.iter().take(5) {
        eprintln!(
            "allure-tui: warning: {}: {}",
            sanitize_line(&warning.file),
            sanitize_line(&warning.reason)
        );
    }
    if report.warnings.len() > 5 {
        eprintln!(
            "allure-tui: … and {} more warnings",
            report.warnings.len() - 5
        );
    }
    Ok(report)
}

fn run_append(args: &HistoryAppendArgs, common: &CommonArgs) -> i32 {
    let report = match load(&args.paths) {
        Ok(report) if !report.tests.is_empty() => report,
        Ok(_) => {
            eprintln!(
                "allure-tui: no readable Allure results in the given directories; nothing appended"
            );
            return EXIT_INPUT;
        }
        Err(reason) => {
            crate::runtime::print_error(&reason);
            return EXIT_INPUT;
        }
    };
    let options = AppendOptions {
        to: args.to.clone(),
        output: args.write.output.clone(),
        dry_run: args.write.dry_run,
        force: args.force,
        history_limit: common.history_limit,
        prune_after: args.prune,
        report_name: args.report_name.clone(),
        report_url: args.report_url.clone(),
    };
    let target = options.output.clone().unwrap_or_else(|| options.to.clone());
    let verb = if options.dry_run {
        "would append"
    } else {
        "appended"
    };
    match append(&report, &options) {
        Ok((outcome, notes)) => {
            for note in &notes {
                eprintln!("allure-tui: note: {}", sanitize_line(note));
            }
            match outcome {
                AppendOutcome::Allure3(plan) => println!(
                    "{verb} 1 run ({} tests) to {}: {} runs (was {}){}{}",
                    plan.tests,
                    target.display(),
                    plan.runs_after,
                    plan.runs_before,
                    if plan.runs_dropped > 0 {
                        format!(", {} oldest dropped by --history-limit", plan.runs_dropped)
                    } else {
                        String::new()
                    },
                    if args.prune.is_some() {
                        format!(", {} entries pruned", plan.entries_pruned)
                    } else {
                        String::new()
                    },
                ),
                AppendOutcome::Allure2(update) => println!(
                    "{verb} 1 run ({} tests) to {}: {} tests in history.json, {} trend points{}",
                    update.tests,
                    target.display(),
                    update.keys_after,
                    update.runs_after,
                    if args.prune.is_some() {
                        format!(", {} tests pruned", update.keys_pruned)
                    } else {
                        String::new()
                    },
                ),
            }
            0
        }
        Err(e @ AppendError::AlreadyRecorded(_)) => {
            eprintln!("allure-tui: {}: {e}", args.to.display());
            EXIT_ALREADY_RECORDED
        }
        Err(e) => {
            eprintln!("allure-tui: {e}");
            EXIT_INPUT
        }
    }
}

fn run_convert(args: &HistoryConvertArgs, common: &CommonArgs) -> i32 {
    match convert(args, common) {
        Ok(message) => {
            println!("{message}");
            0
        }
        Err(reason) => {
            crate::runtime::print_error(&reason);
            EXIT_INPUT
        }
    }
}

fn convert(args: &HistoryConvertArgs, common: &CommonArgs) -> Result<String, String> {
    let (from, to) = (&args.from, &args.to);
    if !from.exists() {
        return Err(format!("no such history: {}", from.display()));
    }
    let in_place = same_path(from, to);
    if to.exists() && !in_place {
        return Err(format!(
            "{} exists; convert writes a new history (or re-keys FROM in place with --to FROM)",
            to.display()
        ));
    }
    let report = if args.results.is_empty() {
        None
    } else {
        Some(load(&args.results)?)
    };
    let target_keys = match HistoryKind::of(to) {
        HistoryKind::Allure3Jsonl => KeyTarget::Allure3,
        HistoryKind::Allure2Dir => KeyTarget::Allure2,
    };
    let map = rekey_map(report.as_ref(), target_keys);
    let read_text =
        |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let _lock = if args.dry_run {
        None
    } else {
        Some(HistoryLock::acquire(to, LOCK_WAIT).map_err(|e| e.to_string())?)
    };
    let verb = if args.dry_run { "would write" } else { "wrote" };
    let (message, notes) = match (HistoryKind::of(from), HistoryKind::of(to)) {
        (HistoryKind::Allure3Jsonl, HistoryKind::Allure2Dir) => {
            let (runs, notes) = read_jsonl_runs(&read_text(from)?, &map);
            let update = runs_to_allure2(&runs, report.as_ref(), common.history_limit);
            if !args.dry_run {
                write_allure2(to, &update).map_err(|e| format!("{}: {e}", to.display()))?;
            }
            (
                format!(
                    "{verb} {}: {} tests, {} runs (of {} in {})",
                    to.display(),
                    update.keys_after,
                    update.runs_after,
                    runs.len(),
                    from.display()
                ),
                notes,
            )
        }
        (HistoryKind::Allure2Dir, HistoryKind::Allure3Jsonl) => {
            let (runs, notes) = read_allure2_runs(from, &map, report.as_ref());
            let keep = common.history_limit.unwrap_or(runs.len()).min(runs.len());
            let text = runs_to_jsonl(&runs[runs.len() - keep..]);
            if !args.dry_run {
                write_atomic(to, text.as_bytes()).map_err(|e| format!("{}: {e}", to.display()))?;
            }
            (
                format!(
                    "{verb} {}: {keep} runs ({} bytes)",
                    to.display(),
                    text.len()
                ),
                notes,
            )
        }
        (HistoryKind::Allure3Jsonl, HistoryKind::Allure3Jsonl) => {
            let (runs, notes) = read_jsonl_runs(&read_text(from)?, &map);
            let keep = common.history_limit.unwrap_or(runs.len()).min(runs.len());
            let text = runs_to_jsonl(&runs[runs.len() - keep..]);
            if !args.dry_run {
                write_atomic(to, text.as_bytes()).map_err(|e| format!("{}: {e}", to.display()))?;
            }
            (
                format!(
                    "{verb} {}: {keep} runs re-keyed ({} old keys known from the results)",
                    to.display(),
                    map.len()
                ),
                notes,
            )
        }
        (HistoryKind::Allure2Dir, HistoryKind::Allure2Dir) => {
            let history = from.join("history.json");
            let (text, moved) = rekey_allure2_history(&read_text(&history)?, &map)?;
            if !args.dry_run {
                std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
                for name in crate::history_write::allure2_dir::ALLURE2_FILES {
                    let out = to.join(name);
                    if name == "history.json" {
                        write_atomic(&out, text.as_bytes())
                    } else if from.join(name).is_file() && !in_place {
                        std::fs::read(from.join(name)).and_then(|b| write_atomic(&out, &b))
                    } else {
                        Ok(())
                    }
                    .map_err(|e| format!("{}: {e}", out.display()))?;
                }
            }
            (
                format!(
                    "{verb} {}: {moved} tests moved to their current keys",
                    to.display()
                ),
                Vec::new(),
            )
        }
    };
    for note in notes {
        eprintln!("allure-tui: note: {}", sanitize_line(&note));
    }
    if report.is_none()
        && matches!(
            (HistoryKind::of(from), HistoryKind::of(to)),
            (HistoryKind::Allure2Dir, _) | (_, HistoryKind::Allure2Dir)
        )
    {
        eprintln!("allure-tui: note: without --results, old keys stay as they are and converted tests carry no names or categories");
    }
    Ok(message)
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn run_show(args: &HistoryShowArgs) -> i32 {
    match crate::history_write::show::show(&args.path) {
        Ok(info) => {
            let newest = info.newest.as_ref();
            if args.json {
                let value = serde_json::json!({
                    "format": match info.kind { Some(HistoryKind::Allure3Jsonl) => "allure3", _ => "allure2" },
                    "runs": info.runs,
                    "tests": info.tests,
                    "maxPerRunOrTest": info.max_per_run_or_test,
                    "bytes": info.bytes,
                    "newest": newest.map(|(name, at, url)| serde_json::json!({"name": name, "timestampOrBuildOrder": at, "url": url})),
                    "problems": info.problems,
                });
                println!("{value:#}");
            } else {
                let format = match info.kind {
                    Some(HistoryKind::Allure3Jsonl) => "Allure 3 history.jsonl",
                    _ => "Allure 2 history/",
                };
                println!("{}: {format}", args.path.display());
                println!("  runs:  {}", info.runs);
                println!(
                    "  tests: {} distinct keys ({} at most {})",
                    info.tests,
                    info.max_per_run_or_test,
                    if info.kind == Some(HistoryKind::Allure3Jsonl) {
                        "in one run"
                    } else {
                        "items for one test"
                    }
                );
                println!("  size:  {} bytes", info.bytes);
                if let Some((name, at, url)) = newest {
                    println!(
                        "  newest: {}{}{}",
                        sanitize_line(name.as_deref().unwrap_or("(unnamed)")),
                        at.map(|a| if info.kind == Some(HistoryKind::Allure3Jsonl) {
                            format!(" at {} UTC", crate::app::text::format_time_seconds(a))
                        } else {
                            format!(" build {a}")
                        })
                        .unwrap_or_default(),
                        url.as_deref()
                            .map(|u| format!(" {}", sanitize_line(u)))
                            .unwrap_or_default()
                    );
                }
                for problem in &info.problems {
                    println!("  problem: {}", sanitize_line(problem));
                }
            }
            0
        }
        Err(e) => {
            eprintln!("allure-tui: {}: {e}", args.path.display());
            EXIT_INPUT
        }
    }
}

/// Prints a completion script.
#[must_use]
pub fn print_completions(shell: clap_complete::Shell) -> i32 {
    use clap::CommandFactory;
    let mut command = crate::cli::Args::command();
    clap_complete::generate(shell, &mut command, "allure-tui", &mut std::io::stdout());
    0
}

/// Prints the man page.
pub fn print_man() -> color_eyre::Result<i32> {
    use clap::CommandFactory;
    let command = crate::cli::Args::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &out)?;
    Ok(0)
}
