//! Writing a file so that it is never half-written: the new version goes to a hidden file
//! beside it, is flushed to disk, then renamed into place. Used for the data files `import`
//! rewrites, the forms `sunshine form` writes and the `--changes` list.

use std::path::{Path, PathBuf};

/// The hidden file beside `path` that a new version is written to before it is renamed into
/// place. Its name starts with a dot, so the site loader never reads it as data.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.sunshine-tmp"))
}

/// Writes `bytes` to `path` so that at any moment `path` holds either its old content or all of
/// the new: a temporary file in the same folder, flushed to disk, then renamed over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let temp = temp_path(path);
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)?;
        // The rename itself is durable once the folder is synced (not possible on every system).
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
