//! Where rendered files go: the file type and the sinks that take them.

use std::sync::Mutex;

/// One file of the output, by its path relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go: a folder being built, or memory (tests, `serve`). Pages are
/// rendered in parallel, so a sink takes files from several threads.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> std::io::Result<()>;

    /// Whether the sink can keep pages of a previous build (then pages are fingerprinted).
    fn keeps_pages(&self) -> bool {
        false
    }

    /// Keeps the page at `path` as the previous build wrote it, when that build rendered it from
    /// the same `input`; false when it has to be rendered.
    fn reuse(&self, _path: &str, _input: &str) -> bool {
        false
    }

    /// Takes a rendered page with the fingerprint of its input.
    fn put_page(&self, file: OutputFile, _input: String) -> std::io::Result<()> {
        self.put(file)
    }
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> std::io::Result<()> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.push(file);
        Ok(())
    }
}

impl Collect {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}
