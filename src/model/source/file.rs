//! One file given on its own (`TEST-report.xml`, `cucumber.json`, `x-testsuite.xml`), seen as
//! a tree holding just that file. Nothing beside it is ever read: a sibling that an Allure 1
//! attachment names is shown as missing, as it is not part of the input.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{EntryInfo, EntryKind, Source};

/// A single file as a [`Source`]: its root lists the file, by its own name.
pub struct FileSource {
    path: PathBuf,
    name: String,
}

impl FileSource {
    /// The file at `path`. `None` when its name is not UTF-8 (no Allure input is named so).
    #[must_use]
    pub fn new(path: &Path) -> Option<FileSource> {
        let name = path.file_name()?.to_str()?.to_owned();
        Some(FileSource {
            path: path.to_owned(),
            name,
        })
    }

    fn check(&self, path: &str) -> std::io::Result<&Path> {
        if path == self.name {
            Ok(&self.path)
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{path} is not part of the input {}", self.path.display()),
            ))
        }
    }
}

impl Source for FileSource {
    fn describe(&self, path: &str) -> String {
        if path.is_empty() || path == self.name {
            self.path.display().to_string()
        } else {
            format!("{}!/{path}", self.path.display())
        }
    }

    fn list(&self, dir: &str) -> std::io::Result<Vec<EntryInfo>> {
        if !dir.is_empty() {
            return Ok(Vec::new());
        }
        let size = std::fs::metadata(&self.path).ok().map(|m| m.len());
        Ok(vec![EntryInfo {
            name: self.name.clone(),
            kind: EntryKind::File,
            size,
        }])
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.check(path)?)
    }

    fn open(&self, path: &str) -> std::io::Result<Box<dyn Read + Send + '_>> {
        Ok(Box::new(std::fs::File::open(self.check(path)?)?))
    }

    fn local_path(&self, path: &str) -> Option<PathBuf> {
        // The root has no directory of its own: attachments are checked against the listing.
        self.check(path).ok().map(Path::to_owned)
    }

    fn extract(&self, path: &str) -> std::io::Result<PathBuf> {
        self.check(path).map(Path::to_owned)
    }

    fn kind_label(&self) -> &'static str {
        "file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_file_itself_is_in_the_tree() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("TEST-a.xml");
        std::fs::write(&path, b"<testsuite/>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"no").unwrap();
        let source = FileSource::new(&path).unwrap();
        let names: Vec<String> = source
            .list("")
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["TEST-a.xml"]);
        assert_eq!(source.read("TEST-a.xml").unwrap(), b"<testsuite/>");
        assert!(source.read("secret.txt").is_err());
        assert!(source.read("../secret.txt").is_err());
        assert!(source.local_path("").is_none());
    }
}
