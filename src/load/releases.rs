//! The kept releases of the open data, `<root>/releases/<release>/`: each the open-data files
//! of one build whose open data differed from the release before, with its own
//! `datapackage.json` (version, created, bytes and sha256 of every file). Kept with the data,
//! like `published.lock`, so that they survive a clean clone, a new computer or a sync of a fresh
//! build; `build` only ever adds one, after the site is written.
//!
//! Read fail-closed: a release whose files are not exactly the ones its datapackage.json lists,
//! with those sizes and hashes, is an error (rule C17), never skipped.

use std::path::Path;

use crate::diagnostics::{rules, Diagnostics};
use crate::hash::sha256_hex;

/// The folder under the site root.
pub const DIR: &str = "releases";

/// The description of a release inside its folder.
pub const PACKAGE: &str = "datapackage.json";

/// The largest release read (every file together): far above any real site's open data.
const MAX_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// One kept release: its name (`2024-08-20`, `2024-08-20-2`) and its files, each by its path
/// inside the release folder (`2024/quotas.csv`, `datapackage.json`), sorted by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRelease {
    pub name: String,
    pub files: Vec<(String, Vec<u8>)>,
}

impl KeptRelease {
    /// The release's datapackage.json.
    pub fn package(&self) -> &[u8] {
        self.file(PACKAGE).unwrap_or_default()
    }

    /// The sha256 of its datapackage.json: what published.lock records of the release (the
    /// package holds the hash of every other file).
    pub fn package_sha256(&self) -> String {
        sha256_hex(self.package())
    }

    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.iter().find(|(p, _)| p == path).map(|(_, b)| b.as_slice())
    }

    /// The release date, the name without its sequence number.
    pub fn date(&self) -> &str {
        self.name.get(..10).unwrap_or(&self.name)
    }
}

/// `2024-08-20` or `2024-08-20-2` (a second release on one day).
pub fn is_name(name: &str) -> bool {
    let (date, seq) = match name.get(10..) {
        Some("") => (name, None),
        Some(rest) => match rest.strip_prefix('-') {
            Some(seq) => (&name[..10], Some(seq)),
            None => return false,
        },
        None => return false,
    };
    let seq_ok = seq.is_none_or(|s| {
        !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0') && s != "1"
    });
    seq_ok
        && date.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
}

const HINT: &str = "发布过的版本不能改动或删除：从 git 里恢复 releases/ 文件夹（git checkout -- releases），或从上次发布的网站的 data/releases/ 复制回来；releases/ 只由 sunshine build 写入";

/// Reads every release under `<root>/releases/`, by name; none when there is no such folder.
/// Hidden entries (a release being written) are passed over.
pub fn read(root: &Path) -> Result<Vec<KeptRelease>, Diagnostics> {
    let dir = root.join(DIR);
    let mut diags = Diagnostics::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            diags.push_raw_error(
                rules::RELEASE_ALTERED,
                DIR,
                1,
                1,
                format!("读不出发布过的版本 {DIR}/：{e}"),
                "检查这个文件夹的读取权限；它是发布过的开放数据，不能跳过",
            );
            return Err(diags);
        }
    };
    let mut names: Vec<String> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if !is_name(&name) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            diags.push_raw_error(
                rules::RELEASE_ALTERED,
                &format!("{DIR}/{name}"),
                1,
                1,
                format!("{DIR}/ 里的 {name} 不是 sunshine 保存的发布版本（应当是以日期命名的文件夹，如 2024-08-20）"),
                "releases/ 只放 sunshine build 保存的发布版本：把这个文件或文件夹移到别处",
            );
            continue;
        }
        names.push(name);
    }
    names.sort();
    let mut kept = Vec::new();
    for name in names {
        match read_one(&dir.join(&name), &name) {
            Ok(release) => kept.push(release),
            Err(why) => diags.push_raw_error(
                rules::RELEASE_ALTERED,
                &format!("{DIR}/{name}"),
                1,
                1,
                format!("发布过的版本 {name} 被改动过：{why}"),
                HINT,
            ),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(kept)
    }
}

#[derive(serde::Deserialize)]
struct Package {
    resources: Vec<Resource>,
}

#[derive(serde::Deserialize)]
struct Resource {
    path: String,
    bytes: u64,
    hash: String,
}

/// One release folder: its files, each checked against its datapackage.json.
fn read_one(dir: &Path, name: &str) -> Result<KeptRelease, String> {
    let mut files = Vec::new();
    let mut total = 0u64;
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("读不出：{e}"))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .map_err(|_| "路径不对".to_string())?
            .to_string_lossy()
            .replace('\\', "/");
        if !entry.file_type().is_file() {
            return Err(format!("{rel} 不是普通文件"));
        }
        total += entry.metadata().map_or(0, |m| m.len());
        if total > MAX_BYTES {
            return Err("文件过大".into());
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| format!("{rel} 读不出来：{e}"))?;
        files.push((rel, bytes));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let release = KeptRelease {
        name: name.to_string(),
        files,
    };
    let package = release.file(PACKAGE).ok_or_else(|| format!("缺少 {PACKAGE}"))?;
    let package: Package =
        serde_json::from_slice(package).map_err(|_| format!("{PACKAGE} 不是 sunshine 写的数据包说明"))?;
    for r in &package.resources {
        let bytes = release.file(&r.path).ok_or_else(|| format!("缺少 {}", r.path))?;
        if bytes.len() as u64 != r.bytes || r.hash != format!("sha256:{}", sha256_hex(bytes)) {
            return Err(format!("{} 的大小或 SHA-256 校验值与 {PACKAGE} 不符", r.path));
        }
    }
    if let Some((extra, _)) = release
        .files
        .iter()
        .find(|(p, _)| p != PACKAGE && !package.resources.iter().any(|r| &r.path == p))
    {
        return Err(format!("多出了 {PACKAGE} 没有列出的文件 {extra}"));
    }
    Ok(release)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_release_is_named_by_its_date_and_a_sequence_number_from_2() {
        for good in ["2024-08-20", "2024-08-20-2", "2024-12-31-15"] {
            assert!(is_name(good), "{good}");
        }
        for bad in [
            "2024-8-20",
            "2024-08-20-1",
            "2024-08-20-02",
            "2024-02-30",
            "2024-08-20x",
            "",
            "../x",
            "2024-08-20-",
        ] {
            assert!(!is_name(bad), "{bad}");
        }
    }
}
