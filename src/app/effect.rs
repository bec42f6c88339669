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
    /// Read an attachment body and open the viewer.
    OpenAttachment {
        /// The results directory it belongs to.
        dir: PathBuf,
        /// The attachment reference.
        attachment: Attachment,
        /// Viewer title.
        title: String,
    },
}
