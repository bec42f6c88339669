//! allure-tui binary: install the error reporter, parse the command line, run.

use clap::Parser;

/// jemalloc: resident memory stays flat across `--watch` reloads, where glibc's malloc kept
/// freed pages (see Cargo.toml and BENCHMARKS.md, "Reload soak").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    // Reloads build each report in its own arena of the allocator above (src/heap.rs).
    allure_tui::heap::enable();
    let args = allure_tui::cli::Args::parse();
    let code = allure_tui::runtime::run(args)?;
    std::process::exit(code);
}
