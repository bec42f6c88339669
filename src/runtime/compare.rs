//! `--baseline` and clustering for the headless commands: reads the baseline (another input
//! through the one loading entry point, or a run of the launch's history) and compares.

use crate::analysis::baseline::Baseline;
use crate::analysis::changes::Comparison;
use crate::analysis::clusters::Clusters;
use crate::cli::CompareArgs;
use crate::model::baseline::{load_baseline, read_run_listing, BaselineSpec};
use crate::model::{LoadOptions, Report};

/// Reads the baseline `spec` names and compares the report with it, or says why not.
pub fn compare(
    report: &Report,
    spec: &BaselineSpec,
    options: &LoadOptions,
) -> Result<Comparison, String> {
    let baseline = read_baseline(report, spec, options)?;
    Ok(Comparison::new(report, baseline))
}

/// Reads a baseline for a report.
pub fn read_baseline(
    report: &Report,
    spec: &BaselineSpec,
    options: &LoadOptions,
) -> Result<Baseline, String> {
    match spec {
        BaselineSpec::Input(path) => {
            let baseline = load_baseline(path, options)
                .map_err(|e| format!("--baseline {}: {e}", path.display()))?;
            if baseline.tests.is_empty() {
                return Err(format!(
                    "--baseline {}: no readable Allure results there ({} result files, {} unreadable)",
                    path.display(),
                    baseline.files.results,
                    baseline.files.unreadable_results
                ));
            }
            Ok(Baseline::of_report(baseline, path))
        }
        BaselineSpec::Run(n) => {
            let listing = read_run_listing(&report.runs, options, &report.locations, *n);
            Baseline::of_run(report, *n, listing)
        }
    }
}

/// The clusters and the comparison a headless command works with, or why `--baseline`
/// cannot be read. A comparison's warning (few tests match) is printed on stderr.
pub fn findings(
    report: &Report,
    compare_args: &CompareArgs,
    options: &LoadOptions,
) -> Result<(Clusters, Option<Comparison>), String> {
    let clusters = Clusters::of(report, compare_args.cluster_by_frame);
    let Some(spec) = compare_args.baseline_spec()? else {
        return Ok((clusters, None));
    };
    let comparison = compare(report, &spec, options)?;
    if let Some(warning) = &comparison.changes.warning {
        eprintln!("allure-tui: warning: {warning}");
    }
    Ok((clusters, Some(comparison)))
}
