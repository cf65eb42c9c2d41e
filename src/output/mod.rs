//! Stage 5 — output: files are written into a staging folder beside `--out` while they are
//! rendered, then the staging folder is swapped in. Until the swap nothing in `--out` changes, so
//! a failed build leaves the previous output byte for byte; a dropped `Staging` removes itself.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::render::{OutputFile, Sink};

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

fn at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError {
        path: path.to_path_buf(),
        error,
    }
}

/// A folder beside the output where the next build is written.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Self, WriteError> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(at(&parent))?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}.new-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(at(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(at(&dir))?;
        Ok(Self {
            out: out.to_path_buf(),
            dir,
            old,
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Copies static/ files, except where the build generated a file at the same path.
    pub fn copy_static(&self, static_dir: &Path, files: &[PathBuf]) -> Result<usize, WriteError> {
        let mut copied = 0;
        for rel in files {
            let target = self.dir.join(rel);
            if target.exists() {
                continue;
            }
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(at(dir))?;
            }
            let source = static_dir.join(rel);
            fs::copy(&source, &target).map_err(at(&source))?;
            copied += 1;
        }
        Ok(copied)
    }

    /// Puts the staging folder in place of the output.
    pub fn commit(mut self) -> Result<(), WriteError> {
        if self.out.exists() {
            fs::rename(&self.out, &self.old).map_err(at(&self.out))?;
            if let Err(e) = fs::rename(&self.dir, &self.out) {
                // Put the previous output back before reporting.
                let _ = fs::rename(&self.old, &self.out);
                return Err(WriteError {
                    path: self.out.clone(),
                    error: e,
                });
            }
            self.committed = true;
            fs::remove_dir_all(&self.old).map_err(at(&self.old))?;
        } else {
            fs::rename(&self.dir, &self.out).map_err(at(&self.out))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes each rendered file into a folder as soon as it is rendered.
pub struct DirSink {
    root: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    written: AtomicUsize,
}

impl DirSink {
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
        }
    }

    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
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
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}
