//! Build script: embeds `assets/sample/` (the default report) into the binary.
//!
//! Generates `$OUT_DIR/sample_files.rs`: a slice of (relative path, bytes) pairs, plus a content
//! fingerprint so an extracted copy is refreshed when the sample changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, base, out);
        } else if path.extension().is_none_or(|e| e != "py") {
            out.push(path.strip_prefix(base).expect("under base").to_path_buf());
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let sample = root.join("assets").join("sample");
    println!("cargo::rerun-if-changed=assets/sample");
    let mut files = Vec::new();
    collect(&sample, &sample, &mut files);
    files.sort();
    let mut code =
        String::from("/// Embedded sample files: (path relative to the sample root, bytes).\n");
    code.push_str("pub const SAMPLE_FILES: &[(&str, &[u8])] = &[\n");
    let mut fingerprint: u64 = 0xcbf2_9ce4_8422_2325;
    for rel in &files {
        let abs = sample.join(rel);
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        let len = std::fs::metadata(&abs).map_or(0, |m| m.len());
        for byte in rel_text.bytes().chain(len.to_le_bytes()) {
            fingerprint = (fingerprint ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
        }
        let _ = writeln!(
            code,
            "    ({rel_text:?}, include_bytes!({:?})),",
            abs.display().to_string()
        );
    }
    code.push_str("];\n");
    let _ = writeln!(code, "/// Changes whenever the set of sample files or their sizes change.\n#[allow(clippy::unreadable_literal)]\npub const SAMPLE_FINGERPRINT: u64 = {fingerprint:#x};");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("sample_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
