//! Stage 5 — output: write the rendered files beside the output folder, then swap it in, so that
//! a failed build leaves the previous output byte for byte.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::OutputFile;

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

/// Writes `files` and copies `static_files` (relative to `static_dir`) into `out`, atomically
/// with respect to failure: nothing in `out` changes unless everything was written.
pub fn write_site(
    out: &Path,
    files: &[OutputFile],
    static_dir: &Path,
    static_files: &[PathBuf],
) -> Result<(), WriteError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(at(&parent))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result = stage(&staging, files, static_dir, static_files).and_then(|()| swap(out, &staging, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn stage(staging: &Path, files: &[OutputFile], static_dir: &Path, static_files: &[PathBuf]) -> Result<(), WriteError> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(at(staging))?;
    }
    fs::create_dir_all(staging).map_err(at(staging))?;
    for rel in static_files {
        let target = staging.join(rel);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(at(dir))?;
        }
        let source = static_dir.join(rel);
        fs::copy(&source, &target).map_err(at(&source))?;
    }
    // Generated files come last: where static/ has the same path, the generated file wins.
    for file in files {
        let target = staging.join(&file.path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(at(dir))?;
        }
        fs::write(&target, &file.bytes).map_err(at(&target))?;
    }
    Ok(())
}

fn swap(out: &Path, staging: &Path, old: &Path) -> Result<(), WriteError> {
    if out.exists() {
        fs::rename(out, old).map_err(at(out))?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the previous output back before reporting.
            let _ = fs::rename(old, out);
            return Err(WriteError {
                path: out.to_path_buf(),
                error: e,
            });
        }
        fs::remove_dir_all(old).map_err(at(old))?;
    } else {
        fs::rename(staging, out).map_err(at(out))?;
    }
    Ok(())
}
