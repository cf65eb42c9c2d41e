//! Writes each rendered file into the staging folder as soon as it is rendered, unless the
//! output already holds the same bytes there, and keeps its manifest entry.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::incremental::Baseline;
use super::manifest::{entry, ManifestEntry};
use crate::render::{OutputFile, Sink};

/// A [`Sink`] that writes each file under a folder (the staging folder of a build), unless the
/// output already holds the same bytes there, and keeps each file's manifest entry.
pub struct DirSink {
    root: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    entries: Mutex<Vec<ManifestEntry>>,
    /// Paths written into the staging folder (the others are unchanged in the output).
    staged: Mutex<BTreeSet<String>>,
    baseline: Baseline,
    /// Pages (`.html`) handed over rendered, written or not.
    rendered: std::sync::atomic::AtomicUsize,
}

impl DirSink {
    /// A sink writing under `root`, compared with the previous build's `baseline`.
    pub fn new(root: &Path, baseline: Baseline) -> Self {
        Self {
            root: root.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            entries: Mutex::new(Vec::new()),
            staged: Mutex::new(BTreeSet::new()),
            baseline,
            rendered: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// How many pages (`.html`) were rendered, rather than kept from the previous build.
    pub fn rendered(&self) -> usize {
        self.rendered.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Keeps these files of the previous build as they are (unrendered, unwritten).
    pub fn keep(&self, kept: Vec<ManifestEntry>) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.extend(kept);
        }
    }

    /// How many files were handed to the sink so far.
    pub fn written(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    /// Every file of the new site, those of them written into the staging folder, and the
    /// baseline (for the files still to come).
    pub fn into_parts(self) -> (Vec<ManifestEntry>, BTreeSet<String>, Baseline) {
        (
            self.entries.into_inner().unwrap_or_default(),
            self.staged.into_inner().unwrap_or_default(),
            self.baseline,
        )
    }
}

impl Sink for DirSink {
    fn put(&self, file: OutputFile) -> io::Result<()> {
        let e = entry(&file.path, &file.bytes);
        self.put_entry(file, e)
    }

    fn keeps_pages(&self) -> bool {
        true
    }

    fn reuse(&self, path: &str, input: &str) -> bool {
        let Some(e) = self.baseline.reusable(path, input) else {
            return false;
        };
        self.entries.lock().map(|mut entries| entries.push(e)).is_ok()
    }

    fn put_page(&self, file: OutputFile, input: String) -> io::Result<()> {
        let mut e = entry(&file.path, &file.bytes);
        e.input = Some(input);
        self.put_entry(file, e)
    }
}

impl DirSink {
    fn put_entry(&self, file: OutputFile, e: ManifestEntry) -> io::Result<()> {
        if file.path.ends_with(".html") {
            self.rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        if self.baseline.unchanged(&e) {
            self.entries.lock().map_err(|_| io::Error::other("poisoned"))?.push(e);
            return Ok(());
        }
        let target = self.root.join(&file.path);
        if let Some(dir) = target.parent() {
            let known = self.made.lock().is_ok_and(|m| m.contains(dir));
            if !known {
                fs::create_dir_all(dir)?;
                if let Ok(mut made) = self.made.lock() {
                    made.insert(dir.to_path_buf());
                }
            }
        }
        fs::write(&target, &file.bytes)?;
        self.staged
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .insert(file.path);
        self.entries.lock().map_err(|_| io::Error::other("poisoned"))?.push(e);
        Ok(())
    }
}
