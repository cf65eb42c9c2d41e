//! Which folders `build` may write into. An output folder is replaced on every build, so
//! `--out` must name a folder that is provably ours (its manifest says so, or it has the layout
//! of a site built before manifests existed), a new folder, or an empty one. Everything else is
//! refused before anything is written: a file, the site root or a folder above it, anything
//! inside the site's own source folders, and any non-empty folder of someone else's files.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

use super::manifest::{Manifest, MANIFEST_NAME};

/// Folders of the site root that hold the site's sources.
const SOURCE_FOLDERS: [&str; 5] = ["data", "content", "static", "templates", ".git"];

/// Name prefixes of our own staging folders inside an output that is replaced in place.
pub(crate) const INPLACE_NEW: &str = ".sunshine-new-";
pub(crate) const INPLACE_OLD: &str = ".sunshine-old-";

/// What is in the output folder before the build.
#[derive(Debug)]
pub enum Previous {
    /// Nothing yet (the folder does not exist or is empty).
    Nothing,
    /// A site whose manifest lists the files sunshine wrote.
    Marked(Manifest),
    /// A site built by a version without manifests (or whose manifest was lost): the files of
    /// its layout are taken as sunshine's, because those versions replaced the whole folder on
    /// every build; any other file in it is kept.
    Unmarked,
}

/// How the new site is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Built in a folder beside the output, then swapped in by two renames.
    Beside,
    /// The output is a mount point, which cannot be renamed: built in a folder inside it, then
    /// its entries are swapped one by one.
    InPlace,
}

/// An output folder that passed the guard.
#[derive(Debug)]
pub struct Target {
    /// The folder as the user named it, for messages.
    pub shown: PathBuf,
    /// The same folder with every symbolic link resolved: a linked `public` is written through.
    pub real: PathBuf,
    /// How the new site is put in place (see [`Layout`]).
    pub layout: Layout,
    /// What the output held before (see [`Previous`]).
    pub previous: Previous,
    /// Files in the output that sunshine did not write; they are carried into the new site.
    pub foreign: Vec<String>,
    /// The regular files found in the output (links not followed), when it carries our
    /// manifest: the previous build's files that a rebuild may reuse.
    pub present: HashSet<String>,
    /// Held until the build has put its site in place.
    pub lock: Option<OutputLock>,
}

/// Why an output folder was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `--out` is a file, not a folder.
    IsFile,
    /// `--out` is a symbolic link to nothing.
    DanglingLink,
    /// `--out` is the site root or a folder above it, which holds the data.
    RootOrAbove,
    /// `--out` is inside one of the site's source folders (named): the site would publish itself.
    InsideSource(&'static str),
    /// A folder of files sunshine did not write and no manifest of ours: someone's documents.
    NotOurs {
        /// How many files it holds.
        files: usize,
        /// A few of them, for the message.
        examples: Vec<String>,
    },
    /// Files that sunshine did not write, at paths this build would write.
    WouldOverwrite(Vec<String>),
    /// The output's manifest cannot be trusted: forged, damaged or too large.
    UntrustedManifest(super::manifest::Untrusted),
    /// Another build is writing this output now (it holds the output's lock).
    Busy,
    /// The output's lock file cannot be made or locked (a read-only folder, say).
    Unlockable(String),
}

/// An `--out` that was refused (exit code 2); nothing was written.
#[derive(Debug)]
pub struct OutRefused {
    /// The output folder as given.
    pub out: PathBuf,
    /// The site root it was checked against.
    pub root: PathBuf,
    /// Why it was refused.
    pub why: Refusal,
}

impl fmt::Display for OutRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let out = self.out.display();
        let default_out = self.root.join("public");
        let default_out = default_out.display();
        match &self.why {
            Refusal::IsFile => write!(
                f,
                "输出目录 {out} 是一个文件，不是文件夹；没有写入任何东西，这个文件也没有改动 — 换一个文件夹名，或去掉 --out（默认输出到 {default_out}）"
            ),
            Refusal::DanglingLink => write!(
                f,
                "输出目录 {out} 是一个指向不存在位置的快捷方式（符号链接）；没有写入任何东西 — 先创建它指向的文件夹，或换一个输出目录"
            ),
            Refusal::RootOrAbove => write!(
                f,
                "输出目录 {out} 是站点目录本身或它的上级目录，生成网站会替换其中的 data/、content/ 等全部文件；没有写入任何东西 — 去掉 --out（默认输出到 {default_out}），或换一个新的文件夹"
            ),
            Refusal::InsideSource(folder) => write!(
                f,
                "输出目录 {out} 在站点的 {folder}/ 文件夹里，生成网站会替换那里的文件；没有写入任何东西 — 输出目录不能放在 data/、content/、static/、templates/ 里面；去掉 --out（默认输出到 {default_out}），或换一个文件夹"
            ),
            Refusal::NotOurs { files, examples } => write!(
                f,
                "输出目录 {out} 已经存在，里面有 {} 个不是 sunshine 生成的文件（如 {}）；为了不删掉这些文件，没有写入任何东西 — 换一个新的或空的文件夹；如果这确实是网站的输出目录，先把里面的文件移到别处",
                if *files > FOREIGN_COUNT_LIMIT { format!("超过 {FOREIGN_COUNT_LIMIT}") } else { files.to_string() },
                examples.join("、")
            ),
            Refusal::UntrustedManifest(bad) => write!(
                f,
                "输出目录 {out} 里的 {MANIFEST_NAME} 不可信：{}；这个清单决定生成时替换和删除哪些文件，可能被改过或已损坏，为了不动输出目录以外和不属于网站的文件，没有写入任何东西 — 换一个新的空文件夹作为输出目录（--out），或把整个 {out} 移到别处后重新生成；不要从服务器上拷回这个文件",
                bad.why
            ),
            Refusal::Busy => write!(
                f,
                "另一个 sunshine 正在生成网站到输出目录 {out}（它锁住了这个目录）；没有写入任何东西 — 等它结束后再运行；如果确定没有别的 sunshine 在运行，重新运行即可（锁随进程结束自动释放）"
            ),
            Refusal::Unlockable(why) => write!(
                f,
                "不能锁定输出目录 {out}（{why}）；没有写入任何东西 — 检查输出目录和它所在文件夹的写入权限，或换一个输出目录"
            ),
            Refusal::WouldOverwrite(paths) => write!(
                f,
                "输出目录 {out} 里的 {} 不是 sunshine 生成的，而这次生成要写同名的文件；为了不覆盖它，没有写入任何东西，原来的网站保持原样 — 把它移走；要在网站上发布自己的文件，请放在 static/ 文件夹里",
                list(paths)
            ),
        }
    }
}

fn list(paths: &[String]) -> String {
    let shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
    if paths.len() > shown.len() {
        format!("{} 等 {} 个文件", shown.join("、"), paths.len())
    } else {
        shown.join("、")
    }
}

/// Decides whether `out` may receive the site built from `root`, after cleaning up after a
/// killed build (its staging folder removed, a site it had moved aside put back).
pub fn check_out(root: &Path, out: &Path) -> Result<Target, OutRefused> {
    let refuse = |why| OutRefused {
        out: out.to_path_buf(),
        root: root.to_path_buf(),
        why,
    };
    let real = resolve(out).ok_or_else(|| refuse(Refusal::DanglingLink))?;
    let root_real = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if root_real.starts_with(&real) {
        return Err(refuse(Refusal::RootOrAbove));
    }
    for folder in SOURCE_FOLDERS {
        if real.starts_with(root_real.join(folder)) {
            return Err(refuse(Refusal::InsideSource(folder)));
        }
    }
    let existing = std::fs::metadata(&real).ok();
    if existing.as_ref().is_some_and(|m| !m.is_dir()) {
        return Err(refuse(Refusal::IsFile));
    }
    let layout = if existing.is_some() && is_mount_point(&real) {
        Layout::InPlace
    } else {
        Layout::Beside
    };
    // Whatever a killed build left is ours to clean up only while no other build runs: the
    // lock decides, not a process id (after a reboot or in a container an id is reused). With
    // no output yet there is nothing to lock: a killed build's leftovers are cleaned up as well
    // (a second first build started at the same moment would fail, never lose anything).
    let lock = OutputLock::take(&real).map_err(refuse)?;
    if lock.is_some() || existing.is_none() {
        super::staging::recover_beside(&real);
        super::staging::recover_inside(&real);
    }
    // A site a killed build had moved aside may be back in place now.
    let Ok(meta) = std::fs::metadata(&real) else {
        return Ok(Target {
            shown: out.to_path_buf(),
            real,
            layout,
            previous: Previous::Nothing,
            foreign: Vec::new(),
            present: HashSet::new(),
            lock,
        });
    };
    if !meta.is_dir() {
        return Err(refuse(Refusal::IsFile));
    }
    let manifest = Manifest::read(&real).map_err(|bad| refuse(Refusal::UntrustedManifest(bad)))?;
    let (previous, foreign, present) = if let Some(manifest) = manifest {
        let files = list_files(&real, usize::MAX);
        let foreign = files
            .iter()
            .filter(|f| *f != MANIFEST_NAME && !manifest.contains(f))
            .cloned()
            .collect();
        (Previous::Marked(manifest), foreign, regular_files(&real, &files))
    } else if looks_like_unmarked_site(&real) {
        let foreign = list_files(&real, usize::MAX)
            .into_iter()
            .filter(|f| !unmarked_layout(f))
            .collect();
        (Previous::Unmarked, foreign, HashSet::new())
    } else {
        // Someone else's folder: count its files, but never walk a whole disk to say so.
        let files = list_files(&real, FOREIGN_COUNT_LIMIT + 1);
        if !files.is_empty() {
            let examples = files.iter().take(3).cloned().collect();
            return Err(refuse(Refusal::NotOurs {
                files: files.len(),
                examples,
            }));
        }
        (Previous::Nothing, Vec::new(), HashSet::new())
    };
    Ok(Target {
        shown: out.to_path_buf(),
        real,
        layout,
        previous,
        foreign,
        present,
        lock,
    })
}

/// The paths of `files` (as `list_files` found them, links not followed) that are regular
/// files: only those may be reused or moved by a rebuild. A path the manifest names under a
/// linked folder is not among them, so a forged link never leads a build outside the output.
fn regular_files(dir: &Path, files: &[String]) -> HashSet<String> {
    files
        .iter()
        .filter(|f| std::fs::symlink_metadata(dir.join(f)).is_ok_and(|m| m.is_file()))
        .cloned()
        .collect()
}

/// An exclusive lock on an output, held by the build from the guard to the end of its commit
/// (an advisory `flock`, released by the system when the process ends, however it ends). On
/// Unix it is the lock of the output folder itself, so that builds into other folders beside it
/// never wait on each other and no lock file is left anywhere; the folder that replaces it is
/// locked before the swap (see `Staging`), so that a build starting just after the swap waits
/// for this one to finish removing the previous site. Elsewhere it is a lock file beside the
/// output (`.public.sunshine-lock`), kept.
#[derive(Debug)]
pub struct OutputLock {
    _file: std::fs::File,
}

impl OutputLock {
    /// Takes the lock of the folder `out`; None when it does not exist yet (nothing to clean up
    /// or to guard there).
    pub(crate) fn take(out: &Path) -> Result<Option<Self>, Refusal> {
        if !out.is_dir() {
            return Ok(None);
        }
        #[cfg(unix)]
        let (path, file) = (out.to_path_buf(), std::fs::File::open(out));
        #[cfg(not(unix))]
        let (path, file) = {
            let name = out
                .file_name()
                .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
            let folder = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let path = folder.join(format!(".{name}.sunshine-lock"));
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path);
            (path, file)
        };
        let file = file.map_err(|e| Refusal::Unlockable(format!("{}：{e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Err(Refusal::Busy),
            Err(std::fs::TryLockError::Error(e)) => Err(Refusal::Unlockable(format!("{}：{e}", path.display()))),
        }
    }
}

impl Target {
    /// The folder holds a site with our manifest: its published figures can be compared.
    pub fn has_manifest(&self) -> bool {
        matches!(self.previous, Previous::Marked(_))
    }

    /// Settles which files found in the output are not sunshine's, once the new site's files
    /// are known, and refuses a build that would write over one of them.
    pub fn settle(&mut self, root: &Path, written: &BTreeSet<String>) -> Result<(), OutRefused> {
        if matches!(self.previous, Previous::Unmarked) {
            // Before manifests, a file at a path the build writes was written by an earlier build.
            self.foreign.retain(|f| !written.contains(f));
        }
        let clashes: Vec<String> = self
            .foreign
            .iter()
            .filter(|f| clashes_with(f, written))
            .cloned()
            .collect();
        if clashes.is_empty() {
            Ok(())
        } else {
            Err(OutRefused {
                out: self.shown.clone(),
                root: root.to_path_buf(),
                why: Refusal::WouldOverwrite(clashes),
            })
        }
    }
}

/// Paths an earlier sunshine build (without a manifest) wrote: pages, fixed files, hashed
/// assets, search shards and open data. Anything else in such a folder was put there by hand.
fn unmarked_layout(path: &str) -> bool {
    let year = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [.., "index.html"] => true,
        ["404.html" | "robots.txt" | "sitemap.xml" | "feed.xml" | MANIFEST_NAME] => true,
        ["assets", name] => {
            (name.starts_with("style.") && name.ends_with(".css"))
                || (name.starts_with("search.") && name.ends_with(".js"))
        }
        ["search", name] => name.starts_with("index-") && name.ends_with(".json"),
        ["data", name] => name.strip_suffix(".json").is_some_and(year),
        ["data", y, "quotas.csv" | "reports.csv"] => year(y),
        _ => false,
    }
}

/// A kept file clashes when the build writes the same path, or a file where the kept one
/// needs a folder (kept `a/b` against written `a`), or a folder where it is a file.
fn clashes_with(kept: &str, written: &BTreeSet<String>) -> bool {
    if written.contains(kept) {
        return true;
    }
    let prefix = format!("{kept}/");
    if written
        .range(prefix.clone()..)
        .next()
        .is_some_and(|w| w.starts_with(&prefix))
    {
        return true;
    }
    let mut at = kept;
    while let Some((parent, _)) = at.rsplit_once('/') {
        if written.contains(parent) {
            return true;
        }
        at = parent;
    }
    false
}

/// `path` made absolute with every symbolic link of its existing part resolved and `.`/`..`
/// applied; None for a dangling link.
pub fn resolve(path: &Path) -> Option<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut real = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                real.pop();
            }
            Component::CurDir => {}
            other => {
                real.push(other);
                if let Ok(meta) = std::fs::symlink_metadata(&real) {
                    if meta.file_type().is_symlink() {
                        real = std::fs::canonicalize(&real).ok()?;
                    }
                }
            }
        }
    }
    Some(real)
}

/// How many files of a foreign folder are counted for the message.
const FOREIGN_COUNT_LIMIT: usize = 10_000;

/// Every file and link under `dir` (relative, `/`-separated, sorted; at most `limit`), leaving
/// out our own in-place staging folders.
pub(crate) fn list_files(dir: &Path, limit: usize) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(e.depth() == 1
                && (name.starts_with(INPLACE_NEW)
                    || name.starts_with(INPLACE_OLD)
                    || name.starts_with(super::incremental::UNDO)))
        })
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| relative(dir, e.path()))
        .take(limit)
        .collect();
    files.sort();
    files
}

pub(crate) fn relative(dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The layout every earlier sunshine build wrote: its fixed files and a hashed style sheet.
fn looks_like_unmarked_site(dir: &Path) -> bool {
    let fixed = ["index.html", "404.html", "robots.txt", "sitemap.xml", "feed.xml"];
    fixed.iter().all(|f| dir.join(f).is_file())
        && std::fs::read_dir(dir.join("assets")).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with("style.") && name.ends_with(".css")
            })
        })
}

#[cfg(unix)]
fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(parent) = dir.parent() else {
        return true;
    };
    match (std::fs::metadata(dir), std::fs::metadata(parent)) {
        (Ok(d), Ok(p)) => d.dev() != p.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_dir: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(paths: &[&str]) -> BTreeSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_kept_file_clashes_with_the_same_path_a_folder_or_a_file_above_it() {
        let written = set(&["a/index.html", "b", "c.txt"]);
        assert!(clashes_with("c.txt", &written));
        assert!(clashes_with("a", &written));
        assert!(clashes_with("b/x.pdf", &written));
        assert!(!clashes_with("a/other.pdf", &written));
        assert!(!clashes_with("ab", &written));
    }

    #[test]
    fn resolve_applies_dots_to_paths_that_do_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        let got = resolve(&dir.path().join("x/../y/./z")).unwrap();
        assert_eq!(got, real.join("y/z"));
    }
}
