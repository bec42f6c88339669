//! Where test plans go: a private, owner-only temporary directory for the plans the app runs
//! itself (removed when the app exits), and the user's state directory for plans handed to the
//! user to run later (they must outlive the process).

use std::path::{Path, PathBuf};

/// A private directory (unpredictable name, mode 0700) removed when dropped.
#[derive(Debug)]
pub struct PrivateDir(PathBuf);

impl PrivateDir {
    /// Creates one under the system temporary directory; `None` when that fails. There is no
    /// fallback to a shared directory: a plan another user could swap would run their tests.
    #[must_use]
    pub fn create() -> Option<PrivateDir> {
        let base = std::env::temp_dir();
        for attempt in 0..100u32 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let dir = base.join(format!(
                "allure-tui-{}-{:08x}{attempt}",
                std::process::id(),
                nanos
            ));
            if private_builder(false).create(&dir).is_ok() {
                return Some(PrivateDir(dir));
            }
        }
        None
    }

    /// The directory.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn private_builder(recursive: bool) -> std::fs::DirBuilder {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(recursive);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
}

/// `$XDG_STATE_HOME/allure-tui/plans`, else `~/.local/state/allure-tui/plans` (the XDG base
/// directory default); `None` without either variable.
#[must_use]
pub fn saved_plans_dir(get: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let state = get("XDG_STATE_HOME")
        .filter(|v| Path::new(v).is_absolute())
        .map(PathBuf::from)
        .or_else(|| {
            get("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| Path::new(&h).join(".local/state"))
        })?;
    Some(state.join("allure-tui").join("plans"))
}

/// Writes a plan, creating its directory (owner-only) when needed.
pub fn write_plan(path: &Path, json: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            private_builder(true).create(parent)?;
        }
    }
    std::fs::write(path, json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_private_dir_is_owner_only_and_goes_away() {
        let dir = PrivateDir::create().expect("a temporary directory");
        let path = dir.path().to_owned();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        write_plan(&path.join("testplan.json"), "{}").unwrap();
        drop(dir);
        assert!(!path.exists(), "removed with its plan");
    }

    #[test]
    fn saved_plans_follow_xdg() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            saved_plans_dir(env(&[("XDG_STATE_HOME", "/s"), ("HOME", "/h")])),
            Some(PathBuf::from("/s/allure-tui/plans"))
        );
        assert_eq!(
            saved_plans_dir(env(&[("XDG_STATE_HOME", "relative"), ("HOME", "/h")])),
            Some(PathBuf::from("/h/.local/state/allure-tui/plans"))
        );
        assert_eq!(saved_plans_dir(env(&[])), None);
    }
}
