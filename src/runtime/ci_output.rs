//! Where `summary` output goes for CI: `-o FILE`, GitHub's `$GITHUB_STEP_SUMMARY`, or stdout,
//! plus `--annotations github`. A GitHub job summary never fails the step: a write error is a
//! warning on stderr.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::Analysis;
use crate::model::Report;
use crate::summary::{annotations, github, AnnotationsFor, Extras, Format};

/// What the caller should print to stdout (summary text and annotations, in that order).
pub struct CiText {
    /// Text for stdout.
    pub stdout: String,
    /// `-o FILE` could not be written (said on stderr). A GitHub job summary never sets it:
    /// writing one never fails the step.
    pub write_failed: bool,
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Renders the GitHub summary and annotations, writes the summary where it belongs, and
/// returns what goes to stdout.
pub fn github_and_annotations(
    report: &Report,
    analysis: &Analysis,
    extras: &Extras,
    format: Format,
    text: &str,
    output: Option<&Path>,
    annotations_for: Option<AnnotationsFor>,
) -> CiText {
    // `-o -` is standard output, as for `testplan`; for `github` it overrides
    // `$GITHUB_STEP_SUMMARY` too.
    let to_stdout = output == Some(Path::new("-"));
    let output = output.filter(|_| !to_stdout);
    let clusters = &extras.clusters.clusters;
    let mut stdout = String::new();
    let mut left_out = None;
    let mut annotation_text = String::new();
    let mut write_failed = false;
    if annotations_for == Some(AnnotationsFor::Github) {
        let workspace = env_path("GITHUB_WORKSPACE");
        let (lines, n) = annotations::render(report, clusters, workspace.as_deref());
        annotation_text = lines;
        left_out = Some(n);
    }
    if format == Format::Github {
        let destination = output
            .map(Path::to_path_buf)
            .or_else(|| env_path("GITHUB_STEP_SUMMARY"))
            .filter(|_| !to_stdout);
        let existing = destination
            .as_deref()
            .filter(|_| output.is_none())
            .and_then(|p| std::fs::metadata(p).ok())
            .map_or(0, |m| m.len());
        let sections = github::GithubSections {
            annotations_left_out: left_out,
            ..github::GithubSections::new(report, analysis, extras)
        };
        let summary = github::render(report, analysis, &sections, github::budget_for(existing));
        match destination {
            Some(path) => {
                // The step summary file is shared: append. `-o` replaces.
                let written = if output.is_some() {
                    std::fs::write(&path, summary.as_bytes())
                } else {
                    std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(&path)
                        .and_then(|mut f| f.write_all(summary.as_bytes()))
                };
                match written {
                    Ok(()) => eprintln!(
                        "allure-tui: job summary ({} bytes) written to {}",
                        summary.len(),
                        path.display()
                    ),
                    Err(e) => eprintln!(
                        "allure-tui: warning: could not write the job summary to {}: {e}",
                        path.display()
                    ),
                }
            }
            None => stdout.push_str(&summary),
        }
    } else {
        match output {
            Some(path) => {
                if let Err(e) = crate::history_write::safe_file::write_atomic(path, text.as_bytes())
                {
                    eprintln!("allure-tui: cannot write {}: {e}", path.display());
                    write_failed = true;
                } else {
                    eprintln!("allure-tui: wrote {}", path.display());
                }
            }
            None => stdout.push_str(text),
        }
    }
    stdout.push_str(&annotation_text);
    CiText {
        stdout,
        write_failed,
    }
}
