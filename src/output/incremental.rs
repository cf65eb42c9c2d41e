//! Rebuilds that touch only what changed. A file whose bytes are the same as the previous build
//! wrote is not written again (it keeps its inode and its mtime, so `rsync`, an object-storage
//! sync and HTTP caches see it unchanged); the changed and new files are written into the staging
//! folder while the site is rendered, and put in place by renames once the whole site is
//! rendered. Each file replaced or removed is first moved into an undo folder inside the output,
//! with the list of files added, so that a failure (or a killed build, at the next build) puts
//! the previous site back byte for byte.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::guard::{Previous, Target};
use super::manifest::{Manifest, ManifestEntry, MANIFEST_NAME};

/// Name prefix of the undo folder of a build being committed, inside the output.
pub(crate) const UNDO: &str = ".sunshine-undo-";
/// In the undo folder: the paths this build adds, one per line (removed on undo).
const ADDED: &str = "added";
/// In the undo folder: the previous versions of the files replaced or removed.
const FILES: &str = "files";
/// In the undo folder: written once the new site is wholly in place (nothing to undo).
const DONE: &str = "done";

/// The previous build as the new one finds it: which files it wrote, with which bytes.
#[derive(Debug, Default)]
pub struct Baseline {
    root: PathBuf,
    files: HashMap<String, ManifestEntry>,
    /// The regular files the guard found in the output (links not followed).
    present: HashSet<String>,
    /// When the previous manifest was written: a file changed after it is not trusted.
    written_at: Option<SystemTime>,
    /// What the previous build's files were made from (the manifest's `input`).
    input: Option<String>,
}

impl Baseline {
    /// The files of the previous build, when the output carries its manifest.
    pub fn of(target: &Target) -> Self {
        let Previous::Marked(manifest) = &target.previous else {
            return Self::default();
        };
        let written_at = fs::metadata(target.real.join(MANIFEST_NAME))
            .and_then(|m| m.modified())
            .ok();
        Self {
            root: target.real.clone(),
            files: manifest.files.iter().map(|e| (e.path.clone(), e.clone())).collect(),
            present: target.present.clone(),
            written_at,
            input: manifest.input.clone(),
        }
    }

    /// The previous build's entries of the files made from `input` (all but those at `skip`:
    /// the copies of static files, which are compared one by one), when it was made from the
    /// same input and every file it wrote is still as it wrote it: then nothing need be
    /// rendered. None otherwise.
    pub fn same_site(&self, input: &str, skip: &HashSet<String>) -> Option<Vec<ManifestEntry>> {
        let stored = self.input.as_deref()?;
        let kept: Vec<&ManifestEntry> = self.files.values().filter(|e| !skip.contains(&e.path)).collect();
        // The seal covers the entries too: a manifest with an entry removed or changed by hand
        // is not taken for the same site.
        if seal(input, kept.iter().copied()) != stored || !self.files.values().all(|e| self.untouched(e)) {
            return None;
        }
        Some(kept.into_iter().cloned().collect())
    }

    /// Whether the output already holds exactly these bytes at this path: the previous build
    /// wrote them (its manifest says so) and the file has not been touched since (same size, not
    /// modified after the manifest was written). A file edited or deleted by hand is written again.
    pub fn unchanged(&self, entry: &ManifestEntry) -> bool {
        self.files
            .get(&entry.path)
            .is_some_and(|e| e.sha256 == entry.sha256 && e.size == entry.size && self.untouched(e))
    }

    /// The previous build's entry of a page rendered from the same `input`, when the file is
    /// still as it wrote it: the page need not be rendered again.
    pub fn reusable(&self, path: &str, input: &str) -> Option<ManifestEntry> {
        let e = self.files.get(path)?;
        (e.input.as_deref() == Some(input) && self.untouched(e)).then(|| e.clone())
    }

    /// The file is there with the size the manifest gives, not modified since it was written.
    fn untouched(&self, entry: &ManifestEntry) -> bool {
        let Some(written_at) = self.written_at else {
            return false;
        };
        if !self.present.contains(&entry.path) {
            return false;
        }
        fs::symlink_metadata(self.root.join(&entry.path)).is_ok_and(|meta| {
            meta.is_file() && meta.len() == entry.size && meta.modified().is_ok_and(|m| m <= written_at)
        })
    }
}

/// What a manifest keeps as its `input`: the SHA-256 of what the generated files were made from
/// (`input`) and of their entries (path, size, SHA-256, page input), in path order.
pub fn seal<'a>(input: &str, generated: impl Iterator<Item = &'a ManifestEntry>) -> String {
    use sha2::{Digest, Sha256};
    let mut entries: Vec<&ManifestEntry> = generated.collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let mut h = Sha256::new();
    h.update(input.as_bytes());
    for e in entries {
        for part in [
            e.path.as_str(),
            &e.size.to_string(),
            &e.sha256,
            e.input.as_deref().unwrap_or(""),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    crate::hash::hex(&h.finalize())
}

/// What a build changed in the output, by path inside it (`/`-separated, sorted).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Files this build wrote that were not there before.
    pub added: Vec<String>,
    /// Files whose bytes changed.
    pub changed: Vec<String>,
    /// Files of the previous build that this one does not have.
    pub removed: Vec<String>,
    /// Files left as they were.
    pub unchanged: usize,
}

impl Changes {
    /// Every file of a new output, added.
    pub fn all_added(files: &[ManifestEntry]) -> Self {
        let mut added: Vec<String> = files.iter().map(|e| e.path.clone()).collect();
        added.push(MANIFEST_NAME.into());
        added.sort();
        Self {
            added,
            ..Self::default()
        }
    }

    /// What differs between the site a manifest describes (the one last uploaded, say) and the
    /// site another describes (the output now): the files a deploy step must send and delete.
    pub fn between(before: &Manifest, after: &Manifest) -> Self {
        let old: HashMap<&str, &ManifestEntry> = before.files.iter().map(|e| (e.path.as_str(), e)).collect();
        let mut changes = Changes::default();
        for e in &after.files {
            match old.get(e.path.as_str()) {
                None => changes.added.push(e.path.clone()),
                Some(o) if o.sha256 != e.sha256 || o.size != e.size => changes.changed.push(e.path.clone()),
                Some(_) => changes.unchanged += 1,
            }
        }
        changes.removed = before
            .files
            .iter()
            .filter(|e| !after.contains(&e.path))
            .map(|e| e.path.clone())
            .collect();
        // Equal manifests are written as equal bytes.
        if !changes.is_empty() || before != after {
            changes.changed.push(MANIFEST_NAME.into());
            changes.changed.sort();
        }
        changes
    }

    /// True when nothing was added, changed or removed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// One line per file, `A`, `M` or `D`, a tab and the path, in path order: the format of
    /// `git diff --name-status`, which deploy scripts read with `cut` or `awk`.
    /// Refused, naming the path, when a path is not a plain relative one (a newline in it
    /// would make a line of its own).
    pub fn name_status(&self) -> Result<String, (String, &'static str)> {
        let mut lines: Vec<(&str, char)> = Vec::new();
        lines.extend(self.added.iter().map(|p| (p.as_str(), 'A')));
        lines.extend(self.changed.iter().map(|p| (p.as_str(), 'M')));
        lines.extend(self.removed.iter().map(|p| (p.as_str(), 'D')));
        lines.sort_unstable();
        if let Some((path, why)) = lines
            .iter()
            .find_map(|(p, _)| crate::paths::not_plain_relative(p).map(|why| (p.to_string(), why)))
        {
            return Err((path, why));
        }
        Ok(lines.iter().map(|(p, s)| format!("{s}\t{p}\n")).collect())
    }
}

/// What putting `manifest`'s site in place of `previous`'s changes: the files staged are added
/// or changed, the others are unchanged, and those `previous` lists and `manifest` does not
/// are removed. The manifest itself is not among them.
pub(crate) fn changes(previous: &Manifest, manifest: &Manifest, staged: &BTreeSet<String>) -> Changes {
    let new_paths: BTreeSet<&str> = manifest.files.iter().map(|e| e.path.as_str()).collect();
    let mut changes = Changes::default();
    for e in &manifest.files {
        if !staged.contains(&e.path) {
            changes.unchanged += 1;
        } else if previous.contains(&e.path) {
            changes.changed.push(e.path.clone());
        } else {
            changes.added.push(e.path.clone());
        }
    }
    changes.removed = previous
        .files
        .iter()
        .filter(|e| !new_paths.contains(e.path.as_str()))
        .map(|e| e.path.clone())
        .collect();
    changes
}

/// A step of the commit, undone in reverse order when a later step fails.
enum Step {
    MovedAside(String),
    MovedIn(String),
    MadeDir(PathBuf),
    RemovedDir(PathBuf),
}

/// Puts the new site in place of a previous one that carries a manifest: the files in `staged`
/// (written into `staging`) replace or join those of the output, the files the previous build
/// wrote and this one does not are removed, and the manifest is replaced last. Every other file
/// of the output is left as it is. On failure the output is put back as it was.
pub(crate) fn commit(
    out: &Path,
    staging: &Path,
    previous: &Manifest,
    manifest: &Manifest,
    staged: &BTreeSet<String>,
    present: &HashSet<String>,
) -> io::Result<Changes> {
    let mut changes = changes(previous, manifest, staged);
    let bytes = manifest.to_bytes()?;
    let manifest_path = out.join(MANIFEST_NAME);
    let manifest_same = fs::read(&manifest_path).is_ok_and(|old| old == bytes);
    if changes.is_empty() && manifest_same {
        return Ok(changes);
    }
    let manifest_existed = fs::symlink_metadata(&manifest_path).is_ok();
    fs::write(staging.join(MANIFEST_NAME), &bytes)?;

    let undo = out.join(format!("{UNDO}{}", std::process::id()));
    if undo.exists() {
        fs::remove_dir_all(&undo)?;
    }
    fs::create_dir_all(undo.join(FILES))?;
    let mut added: String = changes.added.iter().map(|p| format!("{p}\n")).collect();
    if !manifest_existed {
        added.push_str(MANIFEST_NAME);
        added.push('\n');
    }
    fs::write(undo.join(ADDED), added)?;

    let mut steps = Vec::new();
    let result = apply(out, staging, &undo, &changes, present, &mut steps);
    // The manifest goes in last: until then the output's manifest is the previous build's.
    let result = result.and_then(|()| {
        let manifest = [MANIFEST_NAME.to_string()];
        let moved = Changes {
            changed: manifest.to_vec(),
            ..Changes::default()
        };
        apply(
            out,
            staging,
            &undo,
            &moved,
            &HashSet::from([MANIFEST_NAME.to_string()]),
            &mut steps,
        )
    });
    if let Err(e) = result {
        roll_back(out, staging, &undo, steps);
        let _ = fs::remove_dir_all(&undo);
        return Err(e);
    }
    // The new site is in place: from here nothing is undone, even by a killed build.
    fs::write(undo.join(DONE), b"")?;
    let _ = fs::remove_dir_all(&undo);
    for path in &changes.removed {
        remove_empty_parents(out, path);
    }
    if manifest_existed {
        changes.changed.push(MANIFEST_NAME.into());
        changes.changed.sort();
    } else {
        changes.added.push(MANIFEST_NAME.into());
        changes.added.sort();
    }
    Ok(changes)
}

/// `present`: the regular files the guard found in the output; a path the manifest names that
/// is not among them (deleted by hand, or under a linked folder) is not moved.
fn apply(
    out: &Path,
    staging: &Path,
    undo: &Path,
    changes: &Changes,
    present: &HashSet<String>,
    steps: &mut Vec<Step>,
) -> io::Result<()> {
    let aside = undo.join(FILES);
    for path in changes.changed.iter().chain(&changes.removed) {
        let from = out.join(path);
        if !present.contains(path) || fs::symlink_metadata(&from).is_err() {
            continue; // deleted by hand, or not a file of ours: nothing to keep
        }
        let to = aside.join(path);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::rename(&from, &to)?;
        steps.push(Step::MovedAside(path.clone()));
    }
    for path in changes.added.iter().chain(&changes.changed) {
        let to = out.join(path);
        if let Some(dir) = to.parent() {
            make_dirs(out, dir, steps)?;
        }
        // A folder of the previous build where this one writes a file: empty by now, since
        // its files were removed above (a folder holding someone else's file stays, and the
        // rename fails).
        if fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) && fs::remove_dir(&to).is_ok() {
            steps.push(Step::RemovedDir(to.clone()));
        }
        fs::rename(staging.join(path), &to)?;
        steps.push(Step::MovedIn(path.clone()));
        super::kill_point();
    }
    Ok(())
}

/// Creates `dir` and the folders above it that are missing, noting each for the undo.
fn make_dirs(out: &Path, dir: &Path, steps: &mut Vec<Step>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut at = dir;
    while at != out && fs::symlink_metadata(at).is_err() {
        missing.push(at.to_path_buf());
        match at.parent() {
            Some(parent) => at = parent,
            None => break,
        }
    }
    for d in missing.into_iter().rev() {
        fs::create_dir(&d)?;
        steps.push(Step::MadeDir(d));
    }
    Ok(())
}

fn roll_back(out: &Path, staging: &Path, undo: &Path, steps: Vec<Step>) {
    for step in steps.into_iter().rev() {
        let _ = match step {
            Step::MovedIn(path) => fs::rename(out.join(&path), staging.join(&path)),
            Step::MovedAside(path) => fs::rename(undo.join(FILES).join(&path), out.join(&path)),
            Step::MadeDir(dir) => fs::remove_dir(dir),
            Step::RemovedDir(dir) => fs::create_dir(dir),
        };
    }
}

/// Removes the folders above a removed file that are empty now, up to the output.
fn remove_empty_parents(out: &Path, path: &str) {
    let mut at = out.join(path);
    while let Some(parent) = at.parent() {
        if parent == out || !parent.starts_with(out) || fs::remove_dir(parent).is_err() {
            break;
        }
        at = parent.to_path_buf();
    }
}

/// Undoes the commit of a build that was killed half-way (its undo folder is still in the
/// output): the files it added are removed and the ones it replaced or removed are put back. A
/// commit that had finished only leaves its undo folder to remove. Called before the output is
/// looked at.
pub(crate) fn recover(out: &Path, dead: impl Fn(&str) -> bool) {
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(UNDO) || !dead(&name) {
            continue;
        }
        let undo = entry.path();
        if !undo.join(DONE).exists() {
            undo_commit(out, &undo);
        }
        let _ = fs::remove_dir_all(&undo);
    }
}

fn undo_commit(out: &Path, undo: &Path) {
    let added = fs::read_to_string(undo.join(ADDED)).unwrap_or_default();
    for path in added.lines().filter(|p| crate::paths::not_plain_relative(p).is_none()) {
        if fs::remove_file(out.join(path)).is_ok() {
            remove_empty_parents(out, path);
        }
    }
    let aside = undo.join(FILES);
    for entry in walkdir::WalkDir::new(&aside)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
    {
        let Some(rel) = super::guard::relative(&aside, entry.path()) else {
            continue;
        };
        let to = out.join(&rel);
        if fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
            let _ = fs::remove_dir(&to);
        }
        if let Some(dir) = to.parent() {
            let _ = fs::create_dir_all(dir);
        }
        let _ = fs::rename(entry.path(), &to);
    }
}

/// A path from the undo list that stays inside the output.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::manifest::entry;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn name_status_lists_every_change_in_path_order() {
        let changes = Changes {
            added: vec!["b/index.html".into()],
            changed: vec!["a.html".into(), "sunshine-manifest.json".into()],
            removed: vec!["b/old.html".into()],
            unchanged: 7,
        };
        assert_eq!(
            changes.name_status().unwrap(),
            "M\ta.html\nA\tb/index.html\nD\tb/old.html\nM\tsunshine-manifest.json\n"
        );
    }

    #[test]
    fn a_commit_killed_half_way_is_undone_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        // The killed build had replaced index.html, removed old.html and added new/index.html.
        let undo = out.join(format!("{UNDO}4194304"));
        write(&undo.join("files/index.html"), "previous home");
        write(&undo.join("files/old.html"), "previous old");
        write(&undo.join(ADDED), "new/index.html\n../outside\n");
        write(&out.join("index.html"), "new home");
        write(&out.join("new/index.html"), "new page");
        write(&out.join("mine.txt"), "mine");
        recover(out, |_| true);
        let mut names: Vec<String> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["index.html", "mine.txt", "old.html"]);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "previous home");
        assert_eq!(fs::read_to_string(out.join("old.html")).unwrap(), "previous old");
    }

    #[test]
    fn a_commit_that_finished_is_not_undone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let undo = out.join(format!("{UNDO}4194304"));
        write(&undo.join("files/index.html"), "previous home");
        write(&undo.join(ADDED), "");
        write(&undo.join(DONE), "");
        write(&out.join("index.html"), "new home");
        recover(out, |_| true);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new home");
        assert!(!undo.exists());
    }

    #[test]
    fn a_failed_commit_puts_every_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = dir.path().join("staging");
        write(&out.join("a.html"), "old a");
        write(&out.join("gone.html"), "old gone");
        write(&out.join(MANIFEST_NAME), "previous manifest");
        let previous = Manifest::new([entry("a.html", b"old a"), entry("gone.html", b"old gone")]);
        // b.html is staged, but new/c.html is not there: the commit fails on it.
        write(&staging.join("a.html"), "new a");
        write(&staging.join("b.html"), "new b");
        let manifest = Manifest::new([
            entry("a.html", b"new a"),
            entry("b.html", b"new b"),
            entry("new/c.html", b"new c"),
        ]);
        let staged: BTreeSet<String> = ["a.html", "b.html", "new/c.html"].map(String::from).into();
        let present: HashSet<String> = ["a.html", "gone.html", MANIFEST_NAME].map(String::from).into();
        assert!(commit(&out, &staging, &previous, &manifest, &staged, &present).is_err());
        let mut names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.html", "gone.html", MANIFEST_NAME]);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "old a");
        assert_eq!(
            fs::read_to_string(out.join(MANIFEST_NAME)).unwrap(),
            "previous manifest"
        );
    }
}
