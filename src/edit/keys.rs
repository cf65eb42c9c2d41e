//! Which file and record a form names: keys checked as names (never paths), the file chosen
//! by the kind and the year only, and no symbolic link followed.

use super::*;

/// Whether `id` can name a record: 1–64 ASCII letters, digits, `-` and `_`.
pub(super) fn is_slug(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `slug` can name a notice: slugs joined by `/`, at most four, none empty.
pub(super) fn is_page_slug(slug: &str) -> bool {
    slug.len() <= 200 && slug.split('/').count() <= 4 && slug.split('/').all(is_slug)
}

/// Checks the kind's year and the key; Err with the message.
pub(super) fn check_key(kind: Kind, key: &Key) -> Result<(), String> {
    if let Some(year) = kind.year() {
        if !(2000..=2099).contains(&year) {
            return Err(format!("年份 {year} 不对：应是 2000 到 2099 之间的四位年份"));
        }
    }
    match (kind, key) {
        (Kind::Site, Key::Only) => Ok(()),
        (Kind::Site, _) => Err("网站信息只有一份，不能新建或按编号打开".into()),
        (_, Key::Only) => Err(format!("{}有多条，要指明是哪一条", kind.label())),
        (Kind::Notice, Key::Id(slug)) if is_page_slug(slug) => Ok(()),
        (Kind::Unit | Kind::Quota(_), Key::Id(id)) if is_slug(id) => Ok(()),
        (_, Key::Id(id)) => Err(format!(
            "“{}”不是记录的名称：只能用英文字母、数字、- 和 _，不能是路径",
            id.escape_debug()
        )),
        (Kind::Measure(_) | Kind::Blacklist(_) | Kind::Admission(_), Key::Index(_)) | (_, Key::New) => Ok(()),
        (_, Key::Index(_)) => Err(format!("{}按名称打开，不按编号", kind.label())),
    }
}

/// Refuses a file reached through a symbolic link (the file itself or a folder on the way from
/// the root): the loader does not read links, and a write must not follow one out of the site.
pub(super) fn no_link(root: &Path, file: &str) -> Result<(), String> {
    let mut path = root.to_path_buf();
    for part in file.split('/') {
        path.push(part);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(format!(
                "{} 是一个符号链接（快捷方式），表单不能通过它写文件；请把真正的文件或文件夹放到这里",
                path.strip_prefix(root).unwrap_or(&path).display()
            ));
        }
    }
    Ok(())
}

/// The file's bytes, None when it does not exist.
pub(super) fn read(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The file a record is in (relative to the root).
pub(super) fn file_of(kind: Kind, key: &Key, values: &Values) -> Result<String, String> {
    if let Some(file) = kind.file() {
        return Ok(file);
    }
    let slug = match key {
        Key::Id(slug) => slug.clone(),
        _ => {
            let slug = values.get("slug").map_or("", |s| s.trim());
            if !is_slug(slug) {
                return Err(format!(
                    "文件名“{}”不能用：只用小写字母、数字和 -，如 2024-zhaosheng",
                    slug.escape_debug()
                ));
            }
            format!("notices/{}", slug.to_ascii_lowercase())
        }
    };
    Ok(format!("content/{slug}.md"))
}
