//! Writes each rendered file into the staging folder as soon as it is rendered, and keeps its
//! manifest entry.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::manifest::{entry, ManifestEntry};
use crate::render::{OutputFile, Sink};

pub struct DirSink {
    root: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    entries: Mutex<Vec<ManifestEntry>>,
}

impl DirSink {
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            entries: Mutex::new(Vec::new()),
        }
    }

    pub fn written(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    pub fn into_entries(self) -> Vec<ManifestEntry> {
        self.entries.into_inner().unwrap_or_default()
    }
}

impl Sink for DirSink {
    fn put(&self, file: OutputFile) -> io::Result<()> {
        let target = self.root.join(&file.path);
        if let Some(dir) = target.parent() {
            let known = self.made.lock().map(|m| m.contains(dir)).unwrap_or(false);
            if !known {
                fs::create_dir_all(dir)?;
                if let Ok(mut made) = self.made.lock() {
                    made.insert(dir.to_path_buf());
                }
            }
        }
        fs::write(&target, &file.bytes)?;
        let e = entry(&file.path, &file.bytes);
        self.entries.lock().map_err(|_| io::Error::other("poisoned"))?.push(e);
        Ok(())
    }
}
