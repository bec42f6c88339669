//! Side effects `update` asks the runtime to perform (it never does I/O itself).

use std::path::PathBuf;

use crate::model::Attachment;

/// Work for the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Match the query against every test (on a worker for large reports).
    Search {
        /// Generation the answer belongs to.
        generation: u64,
        /// The query.
        query: String,
    },
    /// Write the plan and run the rerun command with `ALLURE_TESTPLAN_PATH` set.
    Rerun {
        /// Plan JSON.
        plan_json: String,
        /// Where to write it.
        plan_path: PathBuf,
        /// The command as an argument vector (never through a shell).
        argv: Vec<String>,
        /// The directory it runs in (`None`: the current one).
        cwd: Option<PathBuf>,
    },
    /// Only write the plan (no command configured).
    WritePlan {
        /// Plan JSON.
        plan_json: String,
        /// Where to write it.
        plan_path: PathBuf,
    },
    /// Kill the running rerun command.
    StopRerun,
    /// Copy text to the clipboard with OSC 52.
    Copy {
        /// The text (already capped).
        text: String,
    },
    /// Suspend the UI and open an attachment in `$PAGER` (text) or the system opener.
    OpenExternal {
        /// The files of the location it belongs to (a directory or an archive).
        files: crate::model::result::Origin,
        /// The attachment.
        attachment: Attachment,
    },
    /// Copy an attachment to a path the user typed.
    SaveAttachment {
        /// The files of the location it belongs to (a directory or an archive).
        files: crate::model::result::Origin,
        /// The attachment.
        attachment: Attachment,
        /// Destination path.
        dest: PathBuf,
    },
    /// Reload the results (keeping selection, marks and expansion).
    Reload,
    /// Reload the results after a pause (files were still being written).
    ReloadLater {
        /// Pause before reading again, ms.
        after_ms: u64,
    },
    /// Read an attachment body and open the viewer.
    OpenAttachment {
        /// The files of the location it belongs to (a directory or an archive).
        files: crate::model::result::Origin,
        /// The attachment reference.
        attachment: Attachment,
        /// Viewer title.
        title: String,
    },
}
