//! The staging folder where the next build is written while it is rendered, and the swap that
//! puts it in place: a new output, or one without a manifest, is swapped whole; over a site with
//! a manifest only the changed files are put in place (see `incremental`). Until then nothing
//! in the output changes, so a failed build leaves the previous site byte for byte; a dropped
//! `Staging` removes itself, and a staging folder left by a killed build is removed by the next.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::guard::{Layout, OutputLock, Previous, Target, INPLACE_NEW, INPLACE_OLD};
use super::incremental::{self, Baseline, Changes};
use super::manifest::{entry, Manifest, ManifestEntry, MANIFEST_NAME};
use super::WriteError;

/// A file inside every staging folder from its creation, so that leftovers of a killed build
/// can be told from anybody else's folders. Removed before the swap.
const STAGING_MARK: &str = ".sunshine-staging";

fn at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError {
        path: path.to_path_buf(),
        error,
    }
}

/// A folder where the next build is written.
pub struct Staging {
    target: Target,
    dir: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    /// Makes the staging folder where the target's layout puts it: beside the output, or inside
    /// it when the output is swapped in entry by entry; a staging folder left by a killed build
    /// is removed first.
    pub fn new(target: Target) -> Result<Self, WriteError> {
        let pid = std::process::id();
        let (dir, old) = match target.layout {
            Layout::Beside => {
                let parent = parent_of(&target.real);
                fs::create_dir_all(&parent).map_err(at(&target.shown))?;
                let name = file_name(&target.real);
                (
                    parent.join(format!(".{name}.new-{pid}")),
                    parent.join(format!(".{name}.old-{pid}")),
                )
            }
            Layout::InPlace => {
                clean_leftovers_inside(&target.real);
                (
                    target.real.join(format!("{INPLACE_NEW}{pid}")),
                    target.real.join(format!("{INPLACE_OLD}{pid}")),
                )
            }
        };
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(at(&target.shown))?;
        }
        fs::create_dir_all(&dir).map_err(at(&target.shown))?;
        fs::write(dir.join(STAGING_MARK), b"").map_err(at(&target.shown))?;
        Ok(Self {
            target,
            dir,
            old,
            committed: false,
        })
    }

    /// The staging folder, where the new site is written.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The output folder the site goes to.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The output folder the site goes to, to settle its foreign files.
    pub fn target_mut(&mut self) -> &mut Target {
        &mut self.target
    }

    /// Copies static/ files, except where the build generated a file at the same path or the
    /// output already holds the same bytes. Returns their entries and the paths staged.
    pub fn copy_static(
        &self,
        static_dir: &Path,
        files: &[PathBuf],
        generated: &BTreeSet<String>,
        baseline: &Baseline,
    ) -> Result<(Vec<ManifestEntry>, Vec<String>), WriteError> {
        let mut copied = Vec::new();
        let mut staged = Vec::new();
        for rel in files {
            let target = self.dir.join(rel);
            let key = super::guard::relative(&self.dir, &target).unwrap_or_default();
            if generated.contains(&key) || key == MANIFEST_NAME || key == STAGING_MARK {
                continue;
            }
            let source = static_dir.join(rel);
            let bytes = fs::read(&source).map_err(at(&source))?;
            let e = entry(&key, &bytes);
            if !baseline.unchanged(&e) {
                if let Some(dir) = target.parent() {
                    fs::create_dir_all(dir).map_err(at(&self.target.shown))?;
                }
                fs::write(&target, &bytes).map_err(at(&self.target.shown.join(rel)))?;
                staged.push(key);
            }
            copied.push(e);
        }
        Ok((copied, staged))
    }

    /// Puts the new site in place of the output and says what changed. `written` is every file
    /// of the new site, `staged` those written into the staging folder. Over a site of ours
    /// (with a manifest) only the staged files and the ones no longer produced are touched;
    /// otherwise the whole folder is swapped, carrying the files sunshine did not write.
    /// `input` is what the generated files were made from, kept in the manifest.
    pub fn commit(
        mut self,
        written: Vec<ManifestEntry>,
        staged: &BTreeSet<String>,
        input: Option<String>,
    ) -> Result<Changes, WriteError> {
        let mut manifest = Manifest::new(written);
        manifest.input = input;
        let changes = match &self.target.previous {
            Previous::Marked(previous) if self.target.layout == Layout::InPlace => {
                // A mount point cannot be swapped whole: its files are replaced one by one,
                // with an undo folder inside it (see `incremental`).
                return incremental::commit(
                    &self.target.real,
                    &self.dir,
                    previous,
                    &manifest,
                    staged,
                    &self.target.present,
                )
                .map_err(at(&self.target.shown));
            }
            Previous::Marked(previous) => {
                let mut changes = incremental::changes(previous, &manifest, staged);
                let bytes = manifest.to_bytes().map_err(at(&self.target.shown))?;
                let same = fs::read(self.target.real.join(MANIFEST_NAME)).is_ok_and(|old| old == bytes);
                if changes.is_empty() && same {
                    return Ok(changes);
                }
                // The files that did not change join the new site as hard links: the same
                // inode and mtime once it is in place, for rsync and caches.
                for e in &manifest.files {
                    if !staged.contains(&e.path) {
                        carry(&self.target.real.join(&e.path), &self.dir.join(&e.path))
                            .map_err(at(&self.target.shown.join(&e.path)))?;
                        super::kill_point();
                    }
                }
                changes.changed.push(MANIFEST_NAME.into());
                changes.changed.sort();
                changes
            }
            Previous::Nothing | Previous::Unmarked => Changes::all_added(&manifest.files),
        };
        let moved = match self.target.layout {
            Layout::Beside => BTreeSet::new(),
            Layout::InPlace => self.moved_entries(&manifest),
        };
        for rel in &self.target.foreign {
            let top = rel.split('/').next().unwrap_or_default();
            if self.target.layout == Layout::InPlace && !moved.contains(top) {
                continue; // stays where it is
            }
            carry(&self.target.real.join(rel), &self.dir.join(rel)).map_err(at(&self.target.shown.join(rel)))?;
            super::kill_point();
        }
        let manifest_path = self.dir.join(MANIFEST_NAME);
        let bytes = manifest.to_bytes().map_err(at(&self.target.shown))?;
        fs::write(&manifest_path, bytes).map_err(at(&self.target.shown))?;
        fs::remove_file(self.dir.join(STAGING_MARK)).map_err(at(&self.target.shown))?;
        super::kill_point();
        match self.target.layout {
            Layout::Beside => self.swap_folder()?,
            Layout::InPlace => self.swap_entries(&moved)?,
        }
        Ok(changes)
    }

    /// Top-level names of the output that the new site replaces (in place): those it writes and
    /// those the previous build wrote. Anything else at the top (`lost+found`) is not touched.
    fn moved_entries(&self, manifest: &Manifest) -> BTreeSet<String> {
        let top = |p: &str| p.split('/').next().unwrap_or_default().to_string();
        let mut moved: BTreeSet<String> = manifest.files.iter().map(|e| top(&e.path)).collect();
        moved.insert(MANIFEST_NAME.into());
        match &self.target.previous {
            // A site with a manifest is committed file by file (`incremental`), never here.
            Previous::Nothing | Previous::Marked(_) => {}
            Previous::Unmarked => {
                let files = super::guard::list_files(&self.target.real, usize::MAX);
                moved.extend(
                    files
                        .iter()
                        .filter(|f| !self.target.foreign.contains(f))
                        .map(|p| top(p)),
                );
            }
        }
        moved
    }

    /// Puts the staging folder in place of the output. Where the system can, the two folders
    /// are exchanged in one step (Linux's `RENAME_EXCHANGE`), so that the output is at every
    /// moment either the previous site or the new one, whenever the build is killed; elsewhere
    /// the previous site is moved aside first, and a build killed between the two renames
    /// leaves it beside the output for the next build to put back.
    fn swap_folder(&mut self) -> Result<(), WriteError> {
        let out = self.target.real.clone();
        if !out.exists() {
            fs::rename(&self.dir, &out).map_err(at(&self.target.shown))?;
            self.committed = true;
            return Ok(());
        }
        // Locked before it becomes the output: a build that starts once it is in place waits
        // until this one has removed the previous site.
        let _in_place = OutputLock::take(&self.dir).map_err(|_| WriteError {
            path: self.target.shown.clone(),
            error: io::Error::other("不能锁定新网站的临时目录"),
        })?;
        match exchange(&self.dir, &out) {
            Ok(()) => {
                self.committed = true;
                super::kill_point();
                // The staging folder's name now holds the previous site (and our manifest).
                fs::remove_dir_all(&self.dir).map_err(at(&self.dir))?;
                return Ok(());
            }
            Err(e) if e.kind() != io::ErrorKind::Unsupported && e.raw_os_error() != Some(EINVAL) => {
                return Err(WriteError {
                    path: self.target.shown.clone(),
                    error: e,
                });
            }
            Err(_) => {}
        }
        fs::rename(&out, &self.old).map_err(at(&self.target.shown))?;
        super::kill_point();
        if let Err(e) = fs::rename(&self.dir, &out) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&self.old, &out);
            return Err(WriteError {
                path: self.target.shown.clone(),
                error: e,
            });
        }
        self.committed = true;
        fs::remove_dir_all(&self.old).map_err(at(&self.old))?;
        Ok(())
    }

    fn swap_entries(&mut self, moved: &BTreeSet<String>) -> Result<(), WriteError> {
        let out = self.target.real.clone();
        fs::create_dir_all(&self.old).map_err(at(&self.target.shown))?;
        let mut done: Vec<(PathBuf, PathBuf)> = Vec::new();
        let result = (|| -> io::Result<()> {
            for name in moved {
                let from = out.join(name);
                if fs::symlink_metadata(&from).is_ok() {
                    let to = self.old.join(name);
                    fs::rename(&from, &to)?;
                    done.push((from, to));
                }
            }
            for entry in fs::read_dir(&self.dir)? {
                let entry = entry?;
                let to = out.join(entry.file_name());
                fs::rename(entry.path(), &to)?;
                done.push((entry.path(), to));
            }
            Ok(())
        })();
        if let Err(e) = result {
            for (from, to) in done.iter().rev() {
                let _ = fs::rename(to, from);
            }
            let _ = fs::remove_dir_all(&self.old);
            return Err(WriteError {
                path: self.target.shown.clone(),
                error: e,
            });
        }
        self.committed = true;
        let _ = fs::remove_dir(&self.dir);
        fs::remove_dir_all(&self.old).map_err(at(&self.old))?;
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

/// Puts a file sunshine did not write into the new site: a hard link where the file system
/// allows it (no copy, and the original is untouched until the swap), else a copy.
fn carry(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir)?;
    }
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    #[cfg(unix)]
    if let Ok(link) = fs::read_link(from) {
        return std::os::unix::fs::symlink(link, to);
    }
    fs::copy(from, to).map(|_| ())
}

/// `EINVAL`: what `renameat2` answers on a file system that cannot exchange.
const EINVAL: i32 = 22;

/// Exchanges two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// Whether `name` is that of a folder a build of ours made (`prefix` and a process id).
/// Asked only while this build holds the output's lock, so that no other build is using it:
/// whatever process id it carries, its build is over (see `guard::OutputLock`).
fn leftover(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Undoes the commit of a killed build inside the output (see `incremental`).
pub(crate) fn recover_inside(out: &Path) {
    incremental::recover(out, |name| leftover(name, incremental::UNDO));
}

/// Removes staging folders of killed builds beside the output; when a killed build had already
/// moved the previous site aside and the output is missing, puts the previous site back.
/// Called before the output is looked at, so that a site put back is judged like any other.
pub(crate) fn recover_beside(out: &Path) {
    clean_leftovers_beside(&parent_of(out), &file_name(out), out);
}

fn clean_leftovers_beside(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let new_prefix = format!(".{name}.new-");
    let old_prefix = format!(".{name}.old-");
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if leftover(&file_name, &new_prefix) {
            // Marked while it was being written; once swapped by exchange it holds the
            // previous site, with our manifest.
            if path.join(STAGING_MARK).is_file() || Manifest::is_in(&path) {
                let _ = fs::remove_dir_all(&path);
            } else {
                // Killed between creating the folder and marking it: an empty folder holds
                // nothing to lose (remove_dir refuses any other).
                let _ = fs::remove_dir(&path);
            }
        } else if leftover(&file_name, &old_prefix) && Manifest::is_in(&path) {
            if out.exists() {
                let _ = fs::remove_dir_all(&path);
            } else {
                let _ = fs::rename(&path, out);
            }
        }
    }
}

fn clean_leftovers_inside(out: &Path) {
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if leftover(&file_name, INPLACE_OLD) {
            // Killed mid-swap: whatever of the previous site is missing from the output goes back.
            if let Ok(moved) = fs::read_dir(entry.path()) {
                for old in moved.filter_map(Result::ok) {
                    let back = out.join(old.file_name());
                    if fs::symlink_metadata(&back).is_err() {
                        let _ = fs::rename(old.path(), back);
                    }
                }
            }
            let _ = fs::remove_dir_all(entry.path());
        } else if leftover(&file_name, INPLACE_NEW) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::guard::{check_out, Layout};

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// A mount point cannot be renamed: its entries are swapped, and what is not ours stays.
    #[test]
    fn an_output_replaced_in_place_keeps_what_is_not_ours() {
        let root = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mnt");
        fs::create_dir_all(out.join("lost+found")).unwrap();
        let previous = Manifest::new([entry("old.html", b"old"), entry("2024/index.html", b"old year")]);
        write(
            &out.join(MANIFEST_NAME),
            &String::from_utf8(previous.to_bytes().unwrap()).unwrap(),
        );
        write(&out.join("old.html"), "old");
        write(&out.join("2024/index.html"), "old year");
        write(&out.join("mine.txt"), "mine");
        write(&out.join("2024/mine.pdf"), "my pdf");

        let mut target = check_out(root.path(), &out).unwrap();
        target.layout = Layout::InPlace;
        assert_eq!(
            target.foreign,
            vec!["2024/mine.pdf".to_string(), "mine.txt".to_string()]
        );
        let staging = Staging::new(target).unwrap();
        assert!(staging.path().starts_with(&out));
        write(&staging.path().join("index.html"), "new home");
        write(&staging.path().join("2024/index.html"), "new year");
        let staged: BTreeSet<String> = ["index.html", "2024/index.html"].map(String::from).into();
        staging
            .commit(
                vec![entry("index.html", b"new home"), entry("2024/index.html", b"new year")],
                &staged,
                None,
            )
            .unwrap();

        let mut names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["2024", "index.html", "lost+found", "mine.txt", MANIFEST_NAME]);
        assert_eq!(fs::read_to_string(out.join("2024/index.html")).unwrap(), "new year");
        assert_eq!(fs::read_to_string(out.join("2024/mine.pdf")).unwrap(), "my pdf");
        assert_eq!(fs::read_to_string(out.join("mine.txt")).unwrap(), "mine");
        let manifest = Manifest::read(&out).unwrap().unwrap();
        assert!(manifest.contains("index.html") && !manifest.contains("mine.txt") && !manifest.contains("old.html"));
    }

    /// A build killed mid-swap in place leaves part of the previous site in its old folder.
    #[test]
    fn a_swap_in_place_killed_mid_way_puts_the_previous_entries_back() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        write(&out.join(format!("{INPLACE_OLD}4194304/index.html")), "previous");
        write(&out.join(format!("{INPLACE_OLD}4194304/feed.xml")), "previous feed");
        write(&out.join("feed.xml"), "new feed");
        clean_leftovers_inside(out);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "previous");
        assert_eq!(fs::read_to_string(out.join("feed.xml")).unwrap(), "new feed");
        assert!(!out.join(format!("{INPLACE_OLD}4194304")).exists());
    }
}
