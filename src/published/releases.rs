//! The releases of the open data kept under the site root (`releases/`, read by
//! `load::releases`) checked against the record (`published.lock` lists each with the sha256 of
//! its datapackage.json), and a new release written after the site is.

use std::path::Path;

use crate::diagnostics::{rules, Diagnostics};
use crate::load::releases::{self as kept, KeptRelease, DIR};

/// The kept releases, in the record's order (oldest first), each checked: one the record lists
/// that is gone or whose datapackage.json differs, or one kept that the record does not list and
/// that is older than its latest, refuses the build (C17). A record that cannot be read is said by the published-figure guard;
/// the releases are then compared with none.
pub fn kept(root: &Path) -> Result<Vec<KeptRelease>, Diagnostics> {
    let listed = match super::lock::read(root) {
        Ok(Some(lock)) => lock.releases,
        Ok(None) => Vec::new(),
        Err(_) => return kept::read(root),
    };
    let mut found = kept::read(root)?;
    let mut diags = Diagnostics::new();
    let mut ordered = Vec::new();
    for (name, sha) in &listed {
        let Some(i) = found.iter().position(|r| &r.name == name) else {
            diags.push_raw_error(
                rules::RELEASE_ALTERED,
                &format!("{DIR}/{name}"),
                1,
                1,
                format!(
                    "published.lock 记录了开放数据版本 {name}，但 {DIR}/{name}/ 不见了：发布过的版本不能少（现有 {} 个，记录有 {} 个）",
                    found.len() + ordered.len(),
                    listed.len()
                ),
                "从 git 里恢复（git checkout -- releases），或从上次发布的网站的 data/releases/ 复制回 releases/；releases/ 要和 published.lock 一起提交、一起保留",
            );
            continue;
        };
        let release = found.remove(i);
        if &release.package_sha256() != sha {
            diags.push_raw_error(
                rules::RELEASE_ALTERED,
                &format!("{DIR}/{name}/{}", kept::PACKAGE),
                1,
                1,
                format!("开放数据版本 {name} 的 datapackage.json 与 published.lock 的记录不符：这个版本被改动过"),
                "发布过的版本不能改动：从 git 里恢复（git checkout -- releases），或从上次发布的网站的 data/releases/ 复制回来",
            );
        }
        ordered.push(release);
    }
    // One kept but not listed, newer than every listed one, is a release whose build was stopped
    // before the record was written (or a record deleted): whole by its own hashes, it is kept
    // and listed by this build. One older than a listed one is not this site's.
    let last = listed.last().map(|(name, _)| name.clone());
    for extra in found {
        if last.as_ref().is_some_and(|last| *last >= extra.name) {
            diags.push_raw_error(
                rules::RELEASE_ALTERED,
                &format!("{DIR}/{}", extra.name),
                1,
                1,
                format!("{DIR}/{} 不在 published.lock 的记录里，却比记录中最新的版本还早：不是这个网站发布过的版本", extra.name),
                "releases/ 只放 sunshine build 保存的版本：如果是从别处复制来的，把它移走；如果 published.lock 没有提交，从 git 里恢复它",
            );
        } else {
            ordered.push(extra);
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(ordered)
    }
}

/// Writes a new release under `<root>/releases/<name>/`: into a hidden folder beside it, then
/// renamed into place, so a release is whole or absent. A release already there is never
/// overwritten: the same files are fine, other ones an error.
pub fn write(root: &Path, release: &KeptRelease) -> std::io::Result<()> {
    let dir = root.join(DIR);
    let target = dir.join(&release.name);
    if target.exists() {
        return match kept::read(root) {
            Ok(found) if found.iter().any(|r| r == release) => Ok(()),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{DIR}/{} 已经存在，发布过的版本不会被覆盖", release.name),
            )),
        };
    }
    std::fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!(".{}.{}.tmp", release.name, std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = (|| {
        for (path, bytes) in &release.files {
            let file = tmp.join(path);
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut f = std::fs::File::create(&file)?;
            std::io::Write::write_all(&mut f, bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    written
}
