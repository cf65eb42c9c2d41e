//! Watching the site's sources. The root is watched on its own and each source folder
//! recursively, and the watches are laid again whenever one of them appears, disappears or is
//! replaced (a restore from backup, a branch switch, the root deleted and put back): a watch
//! follows the folder it was laid on, not its name, so without this the preview would go on
//! watching a deleted folder and show stale figures as current.
//!
//! Why not the whole root, recursively: the root usually holds public/ (thousands of folders at
//! a thousand units, rewritten by every `sunshine build`), and often .git/ or a target/; watching
//! them costs a kernel watch per folder and an event per written file, all to be thrown away.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::{rebuild, State};

/// The folders whose files make the site.
const SOURCES: [&str; 4] = ["data", "content", "templates", "static"];
/// Editors write a file in several steps: a rebuild waits until changes stop for this long.
const SETTLE: Duration = Duration::from_millis(60);
/// How often the folders are looked at without an event: a root that came back raises none.
const TICK: Duration = Duration::from_millis(500);

/// What makes a folder the same folder: its device and inode where there are such.
#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = ();

fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some(())
    }
}

struct Watches {
    watcher: RecommendedWatcher,
    root: PathBuf,
    /// The root, then each of `SOURCES`, as last watched (None: absent then).
    seen: [Option<Identity>; 1 + SOURCES.len()],
}

impl Watches {
    /// Lays the watches again where a folder appeared, disappeared or was replaced since last
    /// time. True when any did: then the site must be built again.
    fn refresh(&mut self) -> bool {
        let mut root_changed = false;
        let mut changed = false;
        let paths = std::iter::once(self.root.clone()).chain(SOURCES.iter().map(|d| self.root.join(d)));
        for (i, path) in paths.enumerate() {
            let now = identity(&path);
            // A new root means new folders under it, whatever their inodes say.
            if now == self.seen[i] && !root_changed {
                continue;
            }
            // The old watch may be gone with its folder already: nothing to undo then.
            let _ = self.watcher.unwatch(&path);
            let mode = if i == 0 {
                RecursiveMode::NonRecursive
            } else {
                RecursiveMode::Recursive
            };
            if now.is_some() {
                if let Err(e) = self.watcher.watch(&path, mode) {
                    eprintln!("无法监视 {}：{e}；修改其中的文件后请重新启动预览。", path.display());
                }
            }
            self.seen[i] = now;
            root_changed |= i == 0;
            changed = true;
        }
        changed
    }
}

/// Watches `root` and rebuilds into `state` on its own thread, for as long as the process runs.
pub(super) fn start(root: &Path, state: Arc<State>, quiet: bool) -> Result<(), crate::Error> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let watcher = notify::recommended_watcher(tx).map_err(|e| crate::Error::Serve(format!("无法监视文件变化：{e}")))?;
    let mut watches = Watches {
        watcher,
        root: root.to_path_buf(),
        seen: [None; 1 + SOURCES.len()],
    };
    watches.refresh();
    let root = root.to_path_buf();
    std::thread::Builder::new()
        .name("sunshine-watch".into())
        .spawn(move || watch_loop(&root, &rx, &mut watches, &state, quiet))
        .map_err(|e| crate::Error::Serve(format!("无法监视文件变化：{e}")))?;
    Ok(())
}

fn watch_loop(
    root: &Path,
    rx: &Receiver<notify::Result<notify::Event>>,
    watches: &mut Watches,
    state: &State,
    quiet: bool,
) {
    loop {
        let mut changed = match rx.recv_timeout(TICK) {
            Ok(event) => changes(&event, root),
            Err(RecvTimeoutError::Timeout) => Vec::new(),
            // The watcher lives in `watches`, so its sender cannot go away.
            Err(RecvTimeoutError::Disconnected) => return,
        };
        while let Ok(event) = rx.recv_timeout(SETTLE) {
            changed.extend(changes(&event, root));
        }
        let moved = watches.refresh();
        if changed.is_empty() && !moved {
            continue;
        }
        let reports_only = !moved && changed.iter().all(|p| is_report(root, p));
        state.show(rebuild(root, quiet, &state.last, reports_only));
    }
}

/// True for a change that should trigger a rebuild: under the site's source folders only.
fn relevant(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    // Hidden files are not published, but for static/.well-known/ (load::list_files_keeping).
    let hidden = rel.components().enumerate().any(|(i, c)| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.') && !(i == 1 && first.as_deref() == Some("static") && name == ".well-known")
    });
    let backup = rel.to_string_lossy().ends_with('~');
    first.as_deref().is_some_and(|f| SOURCES.contains(&f)) && !hidden && !backup
}

/// The source files an event changed (content or existence). Reading files, as every rebuild
/// does, raises access and metadata events; reacting to those would rebuild forever.
fn changes(event: &notify::Result<notify::Event>, root: &Path) -> Vec<PathBuf> {
    use notify::event::{EventKind, ModifyKind};
    let Ok(event) = event else { return Vec::new() };
    let kind = matches!(
        event.kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
    );
    if !kind {
        return Vec::new();
    }
    event.paths.iter().filter(|p| relevant(root, p)).cloned().collect()
}

/// data/<year>/reports/<file>: an edit there can only change figures.
fn is_report(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.len() == 4 && parts[0] == "data" && parts[2] == "reports"
}

#[cfg(test)]
mod tests {
    use super::relevant;
    use std::path::Path;

    #[test]
    fn a_change_under_a_source_folder_rebuilds_but_not_a_hidden_file_except_well_known() {
        let root = Path::new("/site");
        for (path, rebuilds) in [
            ("/site/data/2024/quotas.toml", true),
            ("/site/static/.well-known/security.txt", true),
            ("/site/static/.htaccess", false),
            ("/site/content/.notes.md", false),
            ("/site/content/.well-known/x.md", false),
            ("/site/data/site.toml~", false),
            ("/site/public/index.html", false),
        ] {
            assert_eq!(relevant(root, Path::new(path)), rebuilds, "{path}");
        }
    }
}
