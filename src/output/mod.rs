//! Stage 5 — output: the site is written into a staging folder while it is rendered, then put
//! in place of `--out` in one swap, so a failed build leaves the previous site byte for byte.
//!
//! - `guard`: which folders may receive a site at all (never a user's own files);
//! - `manifest`: the list of files sunshine wrote, which marks a folder as ours;
//! - `staging`: the folder being built and the swap;
//! - `incremental`: a rebuild over a site of ours writes only the files that changed;
//! - `sink`: writes rendered files into the staging folder.

pub mod atomic;
pub mod guard;
pub mod incremental;
pub mod manifest;
pub mod sink;
pub mod staging;

use std::io;
use std::path::PathBuf;

pub use guard::{check_out, OutRefused, Target};
pub use incremental::{Baseline, Changes};
pub use manifest::{Manifest, Untrusted, MANIFEST_NAME};
pub use sink::DirSink;
pub use staging::Staging;

/// A point of the commit where a build may be killed, for the tests of what a killed build
/// leaves: `SUNSHINE_TEST_ABORT_AFTER=N` aborts the process at the N-th such point (each file
/// put in place, the manifest written, the folders exchanged). Nobody else has a reason to set it.
pub(crate) fn kill_point() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static AT: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    static PASSED: AtomicUsize = AtomicUsize::new(0);
    let Some(at) = *AT.get_or_init(|| std::env::var("SUNSHINE_TEST_ABORT_AFTER").ok()?.parse().ok()) else {
        return;
    };
    if PASSED.fetch_add(1, Ordering::SeqCst) + 1 == at {
        std::process::abort();
    }
}

/// A file of the output that could not be written; `path` is as the user named it.
#[derive(Debug)]
pub struct WriteError {
    /// The file or folder that could not be written.
    pub path: PathBuf,
    /// Why, as the system said it.
    pub error: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}
