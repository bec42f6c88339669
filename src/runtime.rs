//! Running a command: resolve inputs, load, and print or show.

mod ci_output;
pub mod clipboard;
pub mod compare;
mod external;
mod history_cmd;
pub mod loader;
mod msg;
pub mod plans;
mod process;
pub mod tui;
pub mod watch;
mod workers;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::cli::{Args, Command, CommonArgs, SummaryArgs, TestplanArgs};
use crate::model::{load_report, LoadOptions, Report};
use crate::summary::{self, Format, SummaryOptions};
use crate::symbols::{locale_is_utf8, Symbols};

/// Exit status: the gate tripped.
pub const EXIT_GATE: i32 = 1;
/// Exit status: the input is unusable.
pub const EXIT_INPUT: i32 = 2;

/// Runs the parsed command line and returns the process exit status.
pub fn run(args: Args) -> color_eyre::Result<i32> {
    match args.command {
        Some(Command::Summary(summary_args)) => Ok(run_summary(&summary_args, &args.common)),
        Some(Command::Testplan(plan_args)) => run_testplan(&plan_args, &args.common),
        Some(Command::History(history_args)) => {
            Ok(history_cmd::run_history(&history_args, &args.common))
        }
        Some(Command::Completions { shell }) => Ok(history_cmd::print_completions(shell)),
        Some(Command::Man) => history_cmd::print_man(),
        None if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) => {
            // Not a terminal (a pipe, a CI log): the summary is what can be shown.
            Ok(run_summary(
                &SummaryArgs {
                    paths: args.paths,
                    format: Format::Text,
                    fail_on: Vec::new(),
                    select: crate::cli::SelectArgs::default(),
                    compare: args.compare.clone(),
                    output: None,
                    annotations: None,
                },
                &args.common,
            ))
        }
        None => {
            let (dirs, is_sample) = resolve_dirs(&args.paths)?;
            // Archives, reports and single report files open too: only a missing path is
            // refused here, before the terminal is taken over.
            for dir in &dirs {
                if !dir.exists() {
                    eprintln!("allure-tui: no such file or directory: {}", dir.display());
                    return Ok(EXIT_INPUT);
                }
            }
            let theme = if use_color_tty(&args.common) {
                crate::ui::theme::Theme::color()
            } else {
                crate::ui::theme::Theme::monochrome()
            };
            let rerun_cmd = match args
                .rerun_cmd
                .as_deref()
                .map(crate::app::rerun::split_command)
            {
                Some(Ok(argv)) => Some(argv),
                Some(Err(reason)) => {
                    eprintln!("allure-tui: --rerun-cmd: {reason}");
                    return Ok(EXIT_INPUT);
                }
                None => None,
            };
            if args.watch || rerun_cmd.is_some() {
                let flag = if args.watch { "--watch" } else { "--rerun-cmd" };
                if let Err(reason) = check_reloadable(&dirs, archive_limits(&args.common)) {
                    print_error(&format!(
                        "{flag} reloads a results directory as it is rewritten; {reason}"
                    ));
                    return Ok(EXIT_INPUT);
                }
            }
            let baseline = match args.compare.baseline_spec() {
                Ok(spec) => spec,
                Err(reason) => {
                    print_error(&reason);
                    return Ok(EXIT_INPUT);
                }
            };
            if let Some(cwd) = args.rerun_cwd.as_ref().filter(|d| !d.is_dir()) {
                eprintln!(
                    "allure-tui: --rerun-cwd: no such directory: {}",
                    cwd.display()
                );
                return Ok(EXIT_INPUT);
            }
            let load_error = tui::run_tui(tui::TuiOptions {
                load: load_options(dirs, &args.common),
                symbols: Symbols::new(use_ascii(&args.common)),
                theme,
                is_sample,
                rerun_cmd,
                rerun_cwd: args.rerun_cwd.clone(),
                watch: args.watch,
                baseline,
                cluster_by_frame: args.compare.cluster_by_frame,
            })?;
            if let Some(reason) = load_error {
                // Shown on screen until the user quit; the shell gets it as `summary` gives it.
                print_error(&reason);
                return Ok(EXIT_INPUT);
            }
            if is_sample {
                eprintln!("allure-tui: that was the built-in sample; run it in a directory with ./allure-results, or pass a path");
            }
            Ok(0)
        }
    }
}

/// Ok when every path is results directories on disk, which a reload reads again as they are
/// rewritten; else why not: an archive or a generated report does not change, and a single
/// file is not a directory a run writes into.
fn check_reloadable(
    paths: &[PathBuf],
    limits: crate::model::source::archive::ArchiveLimits,
) -> Result<(), String> {
    for path in paths {
        if !path.is_dir() {
            let what = match crate::model::inputs::resolve(std::slice::from_ref(path), limits) {
                Ok(inputs) => inputs
                    .described
                    .first()
                    .map_or_else(|| "a file".to_owned(), |d| d.what.clone()),
                Err(_) => "not a directory".to_owned(),
            };
            return Err(format!(
                "{} is not a directory ({what}): open it without the flag, or point at the allure-results directory the run writes",
                path.display()
            ));
        }
        if let Ok(inputs) = crate::model::inputs::resolve(std::slice::from_ref(path), limits) {
            if let Some(report) = inputs.locations.iter().find(|l| !l.kind.is_results()) {
                return Err(format!(
                    "{} is an {}, which a run does not rewrite: open it without the flag, or point at the allure-results directory the run writes",
                    report.label().display(),
                    report.kind.noun()
                ));
            }
        }
    }
    Ok(())
}

/// The results directory used when no path is given.
const DEFAULT_RESULTS_DIR: &str = "allure-results";

/// Chooses the results directories of the interactive browser: the given paths, else
/// `./allure-results`, else the built-in sample (the flag is true, and the TUI says so).
pub fn resolve_dirs(paths: &[PathBuf]) -> color_eyre::Result<(Vec<PathBuf>, bool)> {
    if let Some(dirs) = given_or_local_dirs(paths) {
        return Ok((dirs, false));
    }
    let sample = crate::sample::extract_sample()?;
    Ok((vec![sample], true))
}

/// Chooses the results directories of a headless command (`summary`, `testplan`, the browser
/// without a terminal): the given paths, else `./allure-results`. Never the sample: a CI job
/// must not gate or plan on sample data, so this is a one-line error naming what was looked for.
pub fn resolve_headless_dirs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    given_or_local_dirs(paths).ok_or_else(|| {
        let cwd = std::env::current_dir().map_or_else(|_| ".".to_owned(), |d| d.display().to_string());
        format!(
            "no results directory given and no ./{DEFAULT_RESULTS_DIR} in {cwd}; pass the Allure results directory"
        )
    })
}

fn given_or_local_dirs(paths: &[PathBuf]) -> Option<Vec<PathBuf>> {
    if !paths.is_empty() {
        return Some(paths.to_vec());
    }
    let local = PathBuf::from(DEFAULT_RESULTS_DIR);
    local.is_dir().then(|| vec![local])
}

/// The archive caps: the defaults, or what the flags say.
fn archive_limits(common: &CommonArgs) -> crate::model::source::archive::ArchiveLimits {
    let defaults = crate::model::source::archive::ArchiveLimits::default();
    crate::model::source::archive::ArchiveLimits {
        total: common.archive_limit.unwrap_or(defaults.total),
        entry: common.archive_entry_limit.unwrap_or(defaults.entry),
    }
}

fn load_options(dirs: Vec<PathBuf>, common: &CommonArgs) -> LoadOptions {
    LoadOptions {
        limits: archive_limits(common),
        dirs,
        history: common.history.clone(),
        history_limit: common.history_limit,
        cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        settle: None,
    }
}

/// Loads a whole report (results and history) for headless use, with the options it was
/// loaded with, or explains why not.
fn load_headless(dirs: Vec<PathBuf>, common: &CommonArgs) -> Result<(Report, LoadOptions), String> {
    let options = load_options(dirs, common);
    let report = load_report(&options, &|_| {}).map_err(|e| e.to_string())?;
    if report.tests.is_empty() {
        let dirs: Vec<String> = options
            .dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        let looked = report.why_no_tests();
        return Err(format!(
            "no readable Allure results in {} ({} result files, {} unreadable){looked}",
            dirs.join(", "),
            report.files.results,
            report.files.unreadable_results
        ));
    }
    Ok((report, options))
}

/// Prints a failure's one line on stderr. Its text may name files from an untrusted archive or
/// report: control and escape sequences are stripped first.
pub(crate) fn print_error(reason: &str) {
    eprintln!("allure-tui: {}", crate::sanitize::sanitize_line(reason));
}

fn use_ascii(common: &CommonArgs) -> bool {
    common.ascii || !locale_is_utf8(|k| std::env::var(k).ok())
}

fn use_color_tty(common: &CommonArgs) -> bool {
    !common.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn use_color(common: &CommonArgs) -> bool {
    use_color_tty(common) && std::io::stdout().is_terminal()
}

/// Resolves the paths (never the sample) and loads everything; `None` after printing a
/// one-line error when the input is unusable.
fn load_for_command(paths: &[PathBuf], common: &CommonArgs) -> Option<(Report, LoadOptions)> {
    let loaded = resolve_headless_dirs(paths).and_then(|dirs| load_headless(dirs, common));
    match loaded {
        Ok(report) => Some(report),
        Err(reason) => {
            print_error(&reason);
            None
        }
    }
}

/// Says why a selection or gate cannot be answered: `--new-failures` (or the gate) with
/// nothing to compare with would pass silently, and an unknown cluster id would select
/// nothing (an empty test plan runs every test).
fn check_selection(
    selection: &crate::analysis::select::Selection,
    fail_on: &[summary::FailOn],
    report: &Report,
    extras: &summary::Extras,
) -> Result<(), String> {
    let wants_new = selection.new_failures || fail_on.contains(&summary::FailOn::NewFailures);
    if wants_new && extras.comparison.is_none() && !report.has_history {
        return Err(
            "--new-failures needs something to compare with: --baseline B (another launch, `previous` or `run:N`), or history beside the results"
                .to_owned(),
        );
    }
    for id in &selection.clusters {
        if extras.clusters.by_id(id).is_none() {
            return Err(format!(
                "--cluster {id}: no failure cluster has that id (`summary` lists them: {})",
                extras
                    .clusters
                    .clusters
                    .iter()
                    .take(5)
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    Ok(())
}

/// Per test, whether the selection takes it.
fn select(
    selection: &crate::analysis::select::Selection,
    report: &Report,
    analysis: &crate::analysis::Analysis,
    extras: &summary::Extras,
) -> Vec<bool> {
    let context = crate::analysis::select::Context {
        clusters: extras.clusters,
        changes: extras.comparison.map(|c| &c.changes),
    };
    report
        .tests
        .iter()
        .zip(&analysis.tests)
        .enumerate()
        .map(|(i, (t, a))| selection.matches(i as crate::model::TestId, t, a, &context))
        .collect()
}

fn run_summary(args: &SummaryArgs, common: &CommonArgs) -> i32 {
    let Some((mut report, load)) = load_for_command(&args.paths, common) else {
        return EXIT_INPUT;
    };
    let analysis = crate::analysis::analyse(&mut report);
    let (clusters, comparison) = match compare::findings(&report, &args.compare, &load) {
        Ok(found) => found,
        Err(reason) => {
            print_error(&reason);
            return EXIT_INPUT;
        }
    };
    let extras = summary::Extras {
        clusters: &clusters,
        comparison: comparison.as_ref(),
    };
    // `-o -` is standard output, as no `-o` is.
    let to_stdout = args
        .output
        .as_deref()
        .is_none_or(|p| p == std::path::Path::new("-"));
    let options = SummaryOptions {
        format: args.format,
        symbols: Symbols::new(use_ascii(common)),
        // A file never gets colours, whatever the terminal is.
        color: args.format == Format::Text && to_stdout && use_color(common),
    };
    let selection = args.select.selection();
    if let Err(reason) = check_selection(&selection, &args.fail_on, &report, &extras) {
        print_error(&reason);
        return EXIT_INPUT;
    }
    let selected: Option<Vec<bool>> =
        (!selection.is_empty()).then(|| select(&selection, &report, &analysis, &extras));
    if args.format == Format::Json && to_stdout && args.annotations.is_none() {
        // Streamed: the JSON of 100k tests is never held in memory as a whole.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        // A closed pipe (`| head`) is not an error worth a report.
        let _ = summary::json::write(&report, &analysis, &extras, selected.as_deref(), &mut out);
        let _ = out.flush();
        let status = gate_status(&report, &analysis, comparison.as_ref(), &args.fail_on);
        // The process ends now: freeing 100k tests one by one would only delay the exit.
        std::mem::forget((report, analysis, clusters, comparison));
        return status;
    }
    let text = if args.format == Format::Github {
        String::new()
    } else {
        summary::render(&report, &analysis, &extras, &options, selected.as_deref())
    };
    let ci = ci_output::github_and_annotations(
        &report,
        &analysis,
        &extras,
        args.format,
        &text,
        args.output.as_deref(),
        args.annotations,
    );
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a report.
    let _ = stdout.write_all(ci.stdout.as_bytes());
    let _ = stdout.flush();
    if ci.write_failed {
        // The summary asked for is not where it was asked: the step must not pass silently.
        return EXIT_INPUT;
    }
    let status = gate_status(&report, &analysis, comparison.as_ref(), &args.fail_on);
    std::mem::forget((report, analysis, clusters, comparison));
    status
}

/// The exit status of the `--fail-on` gate, naming what tripped it on stderr.
fn gate_status(
    report: &Report,
    analysis: &crate::analysis::Analysis,
    comparison: Option<&crate::analysis::changes::Comparison>,
    fail_on: &[summary::FailOn],
) -> i32 {
    let tripped = summary::gate(report, analysis, comparison, fail_on);
    if tripped.is_empty() {
        0
    } else {
        let reasons: Vec<String> = tripped
            .iter()
            .map(|(condition, count)| {
                let name = clap::ValueEnum::to_possible_value(condition)
                    .map_or_else(String::new, |v| v.get_name().to_owned());
                format!("{count} {name}")
            })
            .collect();
        eprintln!("allure-tui: --fail-on matched: {}", reasons.join(", "));
        EXIT_GATE
    }
}

/// Says when planned tests came from `JUnit` XML, Cucumber JSON or Allure 1 files: a test plan
/// holds Allure selectors (`selector` = full name, `id`), which only Allure 2+ adapters read,
/// so a runner that wrote those files will not select them by this plan.
fn warn_of_foreign_tests(report: &Report, tests: &[&crate::model::Test]) {
    let foreign = tests
        .iter()
        .filter(|t| is_from_other_reader(report, &t.result))
        .count();
    if foreign == 0 {
        return;
    }
    let which = if foreign == tests.len() {
        "all of them".to_owned()
    } else {
        format!("{foreign} of {}", tests.len())
    };
    eprintln!(
        "allure-tui: testplan: {which} came from JUnit XML, Cucumber JSON or Allure 1 files; an Allure test plan selects tests only for Allure adapters, so rerun these with your runner's own filter"
    );
}

/// True for a result read by one of the other readers (not an Allure 2+ result file or report).
fn is_from_other_reader(report: &Report, result: &crate::model::result::TestResult) -> bool {
    report
        .locations
        .get(usize::from(result.dir))
        .is_some_and(|l| l.kind.is_results() && !result.file.ends_with("-result.json"))
}

fn run_testplan(args: &TestplanArgs, common: &CommonArgs) -> color_eyre::Result<i32> {
    let Some((mut report, load)) = load_for_command(&args.paths, common) else {
        return Ok(EXIT_INPUT);
    };
    let analysis = crate::analysis::analyse(&mut report);
    let (clusters, comparison) = match compare::findings(&report, &args.compare, &load) {
        Ok(found) => found,
        Err(reason) => {
            print_error(&reason);
            return Ok(EXIT_INPUT);
        }
    };
    let extras = summary::Extras {
        clusters: &clusters,
        comparison: comparison.as_ref(),
    };
    let mut selection = args.select.selection();
    if let Err(reason) = check_selection(&selection, &[], &report, &extras) {
        print_error(&reason);
        return Ok(EXIT_INPUT);
    }
    if selection.is_empty() {
        selection.statuses = vec![crate::model::Status::Failed, crate::model::Status::Broken];
    }
    let chosen = select(&selection, &report, &analysis, &extras);
    let tests: Vec<_> = report
        .tests
        .iter()
        .zip(&chosen)
        .filter(|(_, chosen)| **chosen)
        .map(|(t, _)| t)
        .collect();
    let plan = crate::model::testplan::TestPlan::of(tests.iter().copied());
    warn_of_foreign_tests(&report, &tests);
    // `-o -` is standard output, as for most tools that take a file.
    match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            std::fs::write(path, plan.to_json())
                .map_err(|e| color_eyre::eyre::eyre!("cannot write {}: {e}", path.display()))?;
            eprintln!(
                "allure-tui: wrote {} entries for {} tests to {}",
                plan.tests.len(),
                tests.len(),
                path.display()
            );
        }
        None => {
            let _ = std::io::stdout()
                .lock()
                .write_all(plan.to_json().as_bytes());
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(path)
    }

    /// `--watch` and `--rerun-cmd` reload what a run rewrites: results directories only.
    #[test]
    fn only_results_directories_are_reloadable() {
        let limits = crate::model::source::archive::ArchiveLimits::default();
        assert_eq!(check_reloadable(&[fixture("basic")], limits), Ok(()));
        assert_eq!(
            check_reloadable(&[fixture("readers/junit-surefire")], limits),
            Ok(()),
            "a directory of JUnit XML is rewritten by its runner"
        );
        let file = check_reloadable(&[fixture("readers/junit-pytest-reruns/junit.xml")], limits)
            .unwrap_err();
        assert!(file.contains("not a directory (JUnit XML file)"), "{file}");
        let report = check_reloadable(&[fixture("reports/allure2")], limits).unwrap_err();
        assert!(report.contains("is an Allure 2 report"), "{report}");
    }
}
