//! allure-tui binary: install the error reporter, parse the command line, run.

use clap::Parser;

fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let args = allure_tui::cli::Args::parse();
    let code = allure_tui::runtime::run(args)?;
    std::process::exit(code);
}
