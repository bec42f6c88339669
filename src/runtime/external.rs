//! Attachments leaving the app: opened in `$PAGER` or the system opener, or saved to a path.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::DefaultTerminal;

use crate::model::result::Origin;
use crate::model::Attachment;

/// Suspends the UI for `$PAGER` (text) or hands binary files to the system opener.
/// Returns a note for the footer when there is something to say.
pub(super) fn open_external(
    input_paused: &AtomicBool,
    terminal: &mut DefaultTerminal,
    files: &Origin,
    attachment: &Attachment,
) -> Option<String> {
    let path = match files.attachment_path(attachment) {
        Ok(path) => path,
        Err(reason) => return Some(reason),
    };
    let text = attachment.mime.as_deref().is_none_or(|m| {
        m.starts_with("text/")
            || ["json", "xml", "csv", "yaml", "javascript"]
                .iter()
                .any(|t| m.contains(t))
    });
    if !text {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        return Some(
            match Command::new(opener)
                .arg(&path)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
            {
                Ok(_) => format!("opened with {opener}"),
                Err(e) => format!("cannot run {opener} ({e}); the file is {}", path.display()),
            },
        );
    }
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less".to_owned());
    let argv = crate::app::rerun::split_command(&pager).unwrap_or_else(|_| vec!["less".to_owned()]);
    input_paused.store(true, Ordering::Relaxed);
    // Let the input thread leave its poll before the pager reads the keyboard.
    std::thread::sleep(Duration::from_millis(150));
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let status = Command::new(&argv[0]).args(&argv[1..]).arg(&path).status();
    *terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let _ = terminal.clear();
    input_paused.store(false, Ordering::Relaxed);
    status.err().map(|e| format!("cannot run {}: {e}", argv[0]))
}

pub(super) fn save_attachment(files: &Origin, attachment: &Attachment, dest: &Path) -> String {
    let source = match files.attachment_path(attachment) {
        Ok(path) => path,
        Err(reason) => return reason,
    };
    let dest = match (dest.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => dest.to_owned(),
    };
    let dest: PathBuf = if dest.is_dir() {
        dest.join(source.file_name().unwrap_or_default())
    } else {
        dest
    };
    // A new file with the user's usual permissions: `fs::copy` would carry the source's over,
    // and results downloaded from CI are often read-only. `create_new` never replaces a file,
    // not even one created since the user chose the name.
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&dest);
    let mut to = match created {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return format!(
                "{} exists; not overwritten (choose another name)",
                dest.display()
            );
        }
        Err(e) => return format!("cannot save to {}: {e}", dest.display()),
    };
    match std::fs::File::open(&source).and_then(|mut from| std::io::copy(&mut from, &mut to)) {
        Ok(bytes) => format!("saved {bytes} bytes to {}", dest.display()),
        Err(e) => {
            // No half-written file left behind.
            drop(to);
            let _ = std::fs::remove_file(&dest);
            format!("cannot save to {}: {e}", dest.display())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AttachmentAccess;

    #[cfg(unix)]
    #[test]
    fn a_saved_attachment_is_a_new_writable_file_and_never_replaces_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("allure-tui-save-{}", std::process::id()));
        let results = dir.join("results");
        std::fs::create_dir_all(&results).unwrap();
        let source = results.join("a-attachment.txt");
        std::fs::write(&source, "body").unwrap();
        // Read-only, as results downloaded from CI often are.
        std::fs::set_permissions(&source, std::fs::Permissions::from_mode(0o444)).unwrap();
        let attachment = Attachment {
            name: None,
            source: Some("a-attachment.txt".into()),
            mime: Some("text/plain".into()),
            declared_size: None,
            file_size: Some(4),
            access: AttachmentAccess::Readable,
        };
        let dest = dir.join("saved.txt");
        let files = Origin(Some(std::sync::Arc::new(
            crate::model::attachment::DirFiles::new(results.clone()),
        )));
        let note = save_attachment(&files, &attachment, &dest);
        assert_eq!(note, format!("saved 4 bytes to {}", dest.display()));
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "body");
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
        assert!(mode & 0o200 != 0, "the owner can write the copy ({mode:o})");
        std::fs::write(&dest, "mine").unwrap();
        let note = save_attachment(&files, &attachment, &dest);
        assert!(note.contains("exists; not overwritten"), "{note}");
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "mine");
        std::fs::set_permissions(&source, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
