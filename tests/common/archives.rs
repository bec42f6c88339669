//! Archives made in a test from files on disk: zip, tar and tar.gz, the way CI jobs upload
//! results.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A fresh scratch directory under the target's temporary directory.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file below `root`, as `(prefix/path relative to root, bytes)`, sorted.
pub fn files_below(root: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if entry.path().is_dir() {
            out.extend(files_below(&entry.path(), &path));
        } else {
            out.push((path, std::fs::read(entry.path()).unwrap()));
        }
    }
    out.sort();
    out
}

/// Writes `files` (as [`files_below`] gives them) below `dir`, making their folders.
pub fn write_files(dir: &Path, files: impl IntoIterator<Item = (String, Vec<u8>)>) {
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Writes a deflated zip of `files`.
pub fn zip_of(path: &Path, files: &[(String, Vec<u8>)]) {
    let mut writer = zip::ZipWriter::new(File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// Writes a tar (gzipped when asked) of `files`.
pub fn tar_of(path: &Path, gzipped: bool, files: &[(String, Vec<u8>)]) {
    let file = File::create(path).unwrap();
    let out: Box<dyn Write> = if gzipped {
        Box::new(flate2::write::GzEncoder::new(
            file,
            flate2::Compression::fast(),
        ))
    } else {
        Box::new(file)
    };
    let mut builder = tar::Builder::new(out);
    for (name, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    builder.into_inner().unwrap().flush().unwrap();
}
