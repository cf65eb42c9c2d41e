//! `build --changes FILE`: the files a build added, changed and removed, for a deploy step
//! (`rsync --files-from`, a CDN purge, an object-storage sync). The path is checked before the
//! build, so that a mistyped one stops it before anything is written.

use std::path::{Path, PathBuf};

use sunshine::output::{guard, Changes, Manifest};
use sunshine::Error;

/// Where the list goes: a file, or standard output for `-`.
#[derive(Debug)]
pub(crate) enum ChangesFile {
    Stdout,
    File(PathBuf),
}

impl ChangesFile {
    /// Refuses a path inside the output (it would be published, or overwrite a page) and an
    /// existing file that is not such a list (someone's document).
    pub(crate) fn check(path: &Path, out: &Path) -> Result<Self, Error> {
        if path == Path::new("-") {
            return Ok(Self::Stdout);
        }
        // Both with their links resolved, as the output guard sees folders.
        let real = |p: &Path| guard::resolve(p).unwrap_or_else(|| p.to_path_buf());
        if real(path).starts_with(real(out)) {
            return Err(inside_output(path, out));
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(Error::Usage(format!(
                "--changes {}：文件夹 {} 不存在；没有生成网站 — 先建好这个文件夹，或换一个路径",
                path.display(),
                folder.display()
            )));
        }
        if let Ok(text) = std::fs::read(path) {
            let ours = std::str::from_utf8(&text).is_ok_and(|t| t.lines().all(is_change_line));
            if !ours {
                return Err(Error::Usage(format!(
                    "--changes {} 已经存在，而且不是 sunshine 写的改动清单；为了不覆盖它，没有生成网站 — 换一个文件名",
                    path.display()
                )));
            }
        }
        Ok(Self::File(path.to_path_buf()))
    }

    pub(crate) fn write(&self, changes: &Changes) -> Result<(), Error> {
        // Every path comes from a manifest whose entries were checked, or from the build; a
        // line of the list is a command to a deploy script, so one more look never hurts.
        let text = changes.name_status().map_err(|(path, why)| {
            Error::Usage(format!(
                "改动清单里有一个不能写出的路径 {path:?}（{why}）；没有写改动清单 — 检查 static/ 里这个文件的名字"
            ))
        })?;
        match self {
            Self::Stdout => {
                print!("{text}");
                Ok(())
            }
            Self::File(path) => {
                sunshine::output::atomic::write_atomically(path, text.as_bytes()).map_err(|error| Error::Io {
                    path: path.clone(),
                    error,
                    hint: Some("网站已经生成；检查这个文件所在文件夹的写入权限，或换一个 --changes 文件名"),
                })
            }
        }
    }
}

/// `--changes FILE [--since MANIFEST]`, both checked before the build.
#[derive(Debug)]
pub(crate) struct ChangeList {
    pub(crate) file: ChangesFile,
    /// The manifest kept from the last upload: the list then says all that differs from it.
    since: Option<Manifest>,
}

impl ChangeList {
    pub(crate) fn check(changes: &Path, since: Option<&Path>, out: &Path) -> Result<Self, Error> {
        let file = ChangesFile::check(changes, out)?;
        let since = since.map(read_since).transpose()?;
        Ok(Self { file, since })
    }

    /// Writes the list: this build's changes, or with `--since` everything the output holds now
    /// that differs from the upload's manifest (also after a refused build: the output is as it
    /// was, and still not uploaded).
    pub(crate) fn write(&self, built: &Changes, out: &Path) -> Result<(), Error> {
        match (&self.since, Manifest::read(out)) {
            (Some(before), Ok(Some(now))) => self.file.write(&Changes::between(before, &now)),
            _ => self.file.write(built),
        }
    }
}

/// The manifest given to `--since`: a copy of `sunshine-manifest.json` kept from the last
/// upload. Read before the build, so that a wrong path stops it before anything is written.
fn read_since(path: &Path) -> Result<Manifest, Error> {
    let refuse = |why: &str| {
        Error::Usage(format!(
            "--since {}：{why}；没有生成网站 — 写上次上传时保存的 sunshine-manifest.json 副本（上传后执行 cp public/sunshine-manifest.json uploaded-manifest.json）；第一次上传时不用 --since",
            path.display()
        ))
    };
    if !path.is_file() {
        return Err(refuse("读不到这个文件"));
    }
    match Manifest::read_file(path) {
        Ok(Some(manifest)) => Ok(manifest),
        Ok(None) => Err(refuse("这不是 sunshine 生成的文件清单")),
        Err(bad) => Err(refuse(&format!(
            "这不是 sunshine 生成的文件清单，或已被改动：{}",
            bad.why
        ))),
    }
}

fn inside_output(path: &Path, out: &Path) -> Error {
    Error::Usage(format!(
        "--changes {} 在输出目录 {} 里面，会被当作网站的一部分发布；没有生成网站 — 把改动清单写到输出目录外面，如 --changes changes.txt",
        path.display(),
        out.display()
    ))
}

fn is_change_line(line: &str) -> bool {
    matches!(line.split_once('\t'), Some(("A" | "M" | "D", path)) if !path.is_empty())
}
