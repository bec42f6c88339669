//! Build script: embeds `assets/sample/` (the default report) into the binary, and the git
//! commit it was built from into `--version`.
//!
//! Generates `$OUT_DIR/sample_files.rs`: a slice of (relative path, bytes) pairs, plus a content
//! fingerprint so an extracted copy is refreshed when the sample changes. Sets
//! `ALLURE_TUI_COMMIT`: `git rev-parse` in a checkout, else `.cargo_vcs_info.json` (which
//! `cargo package`/`cargo install` from the registry ship instead of `.git`), else "unknown".

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

/// Runs git in `root`; its trimmed output when it succeeds.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// The `git.sha1` of `.cargo_vcs_info.json`, found by a plain text scan (no JSON crate here).
fn vcs_info_commit(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(".cargo_vcs_info.json")).ok()?;
    let after = &text[text.find("\"sha1\"")? + 6..];
    let start = after.find('"')? + 1;
    let sha: String = after[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (sha.len() >= 7).then(|| sha[..12.min(sha.len())].to_owned())
}

fn commit(root: &Path) -> String {
    println!("cargo::rerun-if-changed=.cargo_vcs_info.json");
    if root.join(".git").exists() {
        // Rebuild when HEAD moves: HEAD itself and the branch ref it names (or packed refs).
        for path in ["HEAD", "packed-refs"] {
            if let Some(p) = git(root, &["rev-parse", "--git-path", path]) {
                println!("cargo::rerun-if-changed={}", root.join(p).display());
            }
        }
        if let Some(reference) = git(root, &["symbolic-ref", "-q", "HEAD"]) {
            if let Some(p) = git(root, &["rev-parse", "--git-path", &reference]) {
                println!("cargo::rerun-if-changed={}", root.join(p).display());
            }
        }
        if let Some(sha) = git(root, &["rev-parse", "--short=12", "HEAD"]) {
            return sha;
        }
    }
    vcs_info_commit(root).unwrap_or_else(|| "unknown".to_owned())
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    println!("cargo::rustc-env=ALLURE_TUI_COMMIT={}", commit(&root));
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
