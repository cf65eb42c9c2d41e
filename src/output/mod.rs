//! Stage 5 — output: the site is written into a staging folder while it is rendered, then put
//! in place of `--out` in one swap, so a failed build leaves the previous site byte for byte.
//!
//! - `guard`: which folders may receive a site at all (never a user's own files);
//! - `manifest`: the list of files sunshine wrote, which marks a folder as ours;
//! - `staging`: the folder being built and the swap;
//! - `incremental`: a rebuild over a site of ours writes only the files that changed;
//! - `sink`: writes rendered files into the staging folder.

pub mod changes_file;
pub mod guard;
pub mod incremental;
pub mod manifest;
pub mod sink;
pub mod staging;

use std::io;
use std::path::PathBuf;

pub use changes_file::{ChangeList, ChangesFile};
pub use guard::{check_out, OutRefused, Target};
pub use incremental::{Baseline, Changes};
pub use manifest::{Manifest, MANIFEST_NAME};
pub use sink::DirSink;
pub use staging::Staging;

/// A file of the output that could not be written; `path` is as the user named it.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}
