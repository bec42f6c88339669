//! `--watch`: a change is reported once writing settles, and a half-written file is read on a
//! later reload rather than reported as broken. The waits below only bound a hang; the test
//! does not depend on how fast anything is.

use std::sync::mpsc;
use std::time::Duration;

use allure_tui::model::{load_results, LoadOptions};
use allure_tui::runtime::watch::{size_fingerprint, watch};

#[test]
fn a_settled_change_triggers_one_reload_and_half_written_files_are_pending() {
    let dir = std::env::temp_dir().join(format!("allure-tui-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a-result.json"),
        r#"{"uuid":"a","name":"first","status":"passed"}"#,
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    watch(vec![dir.clone()], move || {
        let _ = tx.send(());
    })
    .expect("watching works here");

    // A writer halfway through a file: the loader must not call it broken.
    let half = dir.join("b-result.json");
    std::fs::write(&half, r#"{"uuid":"b","name":"sec"#).unwrap();
    let options = LoadOptions {
        dirs: vec![dir.clone()],
        cwd: dir.clone(),
        settle: Some(Duration::from_secs(60)),
        ..LoadOptions::default()
    };
    let report = load_results(&options, &|_| {}).unwrap();
    assert_eq!(report.files.pending, 1);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    // Let the half write's own change notice pass.
    while rx.recv_timeout(Duration::from_millis(1500)).is_ok() {}
    let before = size_fingerprint(std::slice::from_ref(&dir));
    std::fs::write(&half, r#"{"uuid":"b","name":"second","status":"failed"}"#).unwrap();
    assert_ne!(size_fingerprint(std::slice::from_ref(&dir)), before);
    rx.recv_timeout(Duration::from_secs(20))
        .expect("the change is reported");
    let report = load_results(&options, &|_| {}).unwrap();
    assert_eq!(report.tests.len(), 2);
    assert_eq!(report.files.pending, 0);
    // The burst of events was one change, and reading the files (the reload) is not a change:
    // nothing more is reported.
    assert!(rx.recv_timeout(Duration::from_millis(1500)).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--watch .` from a project whose tests write `./allure-results`: the results directory
/// found below the given folder is watched too (a watch is not recursive), and a change there
/// is reported.
#[test]
fn results_found_below_a_watched_folder_are_watched() {
    use allure_tui::runtime::watch::dirs_to_watch;
    let root = std::env::temp_dir().join(format!("allure-tui-watch-parent-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let results = root.join("allure-results");
    std::fs::create_dir_all(&results).unwrap();
    std::fs::write(
        results.join("a-result.json"),
        r#"{"uuid":"a","name":"first","status":"passed"}"#,
    )
    .unwrap();
    let dirs = dirs_to_watch(std::slice::from_ref(&root), LoadOptions::default().limits);
    assert_eq!(dirs, [root.clone(), results.clone()]);
    let (tx, rx) = mpsc::channel();
    watch(dirs, move || {
        let _ = tx.send(());
    })
    .expect("watching works here");
    std::fs::write(
        results.join("b-result.json"),
        r#"{"uuid":"b","name":"second","status":"failed"}"#,
    )
    .unwrap();
    rx.recv_timeout(Duration::from_secs(20))
        .expect("a change one level down is reported");
    let _ = std::fs::remove_dir_all(&root);
}
