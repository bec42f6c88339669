//! Shared by the fuzz targets: run a reader as the loader runs it.

/// Runs `f` on a thread with the stack the loader gives its parsing threads
/// (`PARSE_STACK_BYTES`): the readers' recursion limits are sized for it. A panic on that
/// thread aborts the process (libFuzzer's panic hook), which is what makes it a finding.
pub fn on_parse_stack(f: impl FnOnce() + Send) {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(allure_tui::model::json_read::PARSE_STACK_BYTES)
            .spawn_scoped(scope, f)
            .expect("a parsing thread")
            .join()
            .expect("the reader returned");
    });
}
