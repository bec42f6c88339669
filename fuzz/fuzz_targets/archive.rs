//! Archives (zip, tar, tar.gz): the input is written to a file and opened as the loader opens
//! a path (by its magic bytes), then listed, searched for results locations and read entry by
//! entry, as loading and opening attachments do. Small caps keep a bomb from taking the run.
#![no_main]

use std::io::{Read, Write};

use allure_tui::model::inputs::find_locations;
use allure_tui::model::source::archive::ArchiveLimits;
use allure_tui::model::source::tar::{is_gzip, TarSource};
use allure_tui::model::source::zip::ZipSource;
use allure_tui::model::source::{join, EntryKind, Source};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const LIMITS: ArchiveLimits = ArchiveLimits {
    total: 64 << 20,
    entry: 16 << 20,
};

fn walk(source: &dyn Source, dir: &str, depth: usize) {
    let Ok(entries) = source.list(dir) else {
        return;
    };
    for entry in entries {
        let path = join(dir, &entry.name);
        match entry.kind {
            EntryKind::Dir if depth < 16 => walk(source, &path, depth + 1),
            EntryKind::File => {
                let _ = source.read(&path);
                if let Ok(mut reader) = source.open(&path) {
                    let mut sink = Vec::new();
                    let _ = reader.by_ref().take(1 << 20).read_to_end(&mut sink);
                }
                let _ = source.describe(&path);
            }
            _ => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut file) = tempfile::NamedTempFile::new() else {
        return;
    };
    if file.write_all(data).is_err() {
        return;
    }
    let path = file.path().to_owned();
    common::on_parse_stack(|| {
        let source: Option<std::sync::Arc<dyn Source>> = if data.starts_with(b"PK") {
            ZipSource::open(&path, LIMITS)
                .ok()
                .map(|s| std::sync::Arc::new(s) as _)
        } else {
            TarSource::open(&path, is_gzip(data), LIMITS)
                .ok()
                .map(|s| std::sync::Arc::new(s) as _)
        };
        let Some(source) = source else { return };
        let _ = source.warnings();
        let _ = find_locations(&source, "");
        walk(source.as_ref(), "", 0);
    });
});
