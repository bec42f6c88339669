//! The embedded sample report: what the app opens when given no path and no `./allure-results`.
//!
//! The files are compiled in (see `src/build.rs`) and extracted once to a per-user cache
//! directory, so the binary works anywhere, even without the source tree.

use std::path::PathBuf;

include!(concat!(env!("OUT_DIR"), "/sample_files.rs"));

/// Extracts the sample (if not already there) and returns its `allure-results` directory.
pub fn extract_sample() -> std::io::Result<PathBuf> {
    let root = cache_root().join(format!(
        "sample-{}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        SAMPLE_FINGERPRINT
    ));
    let results = root.join("allure-results");
    if root.join(".complete").is_file() {
        return Ok(results);
    }
    // Write into a fresh sibling first, then move it into place, so a concurrent start or an
    // interrupted extraction never leaves a half-written sample behind.
    let staging = root.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    for (relative, bytes) in SAMPLE_FILES {
        let path = staging.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
    }
    std::fs::write(staging.join(".complete"), b"")?;
    match std::fs::rename(&staging, &root) {
        Ok(()) => {}
        Err(_) if root.join(".complete").is_file() => {
            let _ = std::fs::remove_dir_all(&staging);
        }
        Err(e) => return Err(e),
    }
    Ok(results)
}

fn cache_root() -> PathBuf {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    from_env("XDG_CACHE_HOME")
        .or_else(|| from_env("HOME").map(|h| h.join(".cache")))
        .map_or_else(
            || std::env::temp_dir().join(format!("allure-tui-{}", user_tag())),
            |base| base.join("allure-tui"),
        )
}

fn user_tag() -> String {
    std::env::var("USER").unwrap_or_else(|_| "user".to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_is_embedded_with_results_and_history() {
        let names: Vec<&str> = super::SAMPLE_FILES.iter().map(|(n, _)| *n).collect();
        assert!(names.contains(&"history.jsonl"));
        assert!(names.iter().filter(|n| n.ends_with("-result.json")).count() > 50);
    }
}
