//! Stage 1 — load: files under the site root become raw records with positions.
//!
//! Syntax, types, missing and unknown fields are reported here; rules that relate records to
//! each other belong to `validate`.

mod files;
pub mod privacy;
pub mod raw;
pub mod record;
pub mod releases;
mod syntax;
pub mod text;
pub mod toml_reader;

use crate::diagnostics::rules;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::Diagnostics;
use crate::source::{line_col, Loc, SourceId};
use raw::*;
use toml_reader::FileCtx;

/// An I/O failure that is not the data's fault (exit code 2).
#[derive(Debug)]
pub struct IoError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl std::fmt::Display for IoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

/// The record of `year`, created at its first file.
fn year_entry(years: &mut BTreeMap<i32, RawYear>, year: i32, id: SourceId) -> &mut RawYear {
    years.entry(year).or_insert_with(|| RawYear {
        year,
        loc: Loc::file_start(id),
        quotas: None,
        quotas_unreadable: false,
        reports: Vec::new(),
        actions: None,
        programs: None,
        admissions: None,
    })
}

/// What one data file held, once parsed.
enum Parsed {
    Site(Option<Box<RawSettings>>),
    Units(Option<Vec<RawUnit>>),
    Quotas(i32, Option<RawQuotas>),
    Actions(i32, Option<RawActions>),
    Report(i32, Option<RawReport>),
    Programs(i32, Option<RawPrograms>),
    Admissions(i32, Option<RawAdmissions>),
}

/// What a path under data/ is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DataFile {
    Site,
    Units,
    Quotas(i32),
    Actions(i32),
    Report(i32, u32),
    Programs(i32),
    Admissions(i32),
}

/// Classifies a path relative to data/ (with `/` separators); `Err` explains why it is not allowed.
fn classify(rel: &str) -> Result<DataFile, String> {
    let parts: Vec<&str> = rel.split('/').collect();
    let year_of = |s: &str| -> Option<i32> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        ["site.toml"] => Ok(DataFile::Site),
        ["units.toml"] => Ok(DataFile::Units),
        [y, "quotas.toml"] if year_of(y).is_some() => Ok(DataFile::Quotas(year_of(y).unwrap_or_default())),
        [y, "actions.toml"] if year_of(y).is_some() => Ok(DataFile::Actions(year_of(y).unwrap_or_default())),
        [y, "programs.toml"] if year_of(y).is_some() => Ok(DataFile::Programs(year_of(y).unwrap_or_default())),
        [y, "admissions.toml"] if year_of(y).is_some() => Ok(DataFile::Admissions(year_of(y).unwrap_or_default())),
        [y, "reports", name] if year_of(y).is_some() => {
            let year = year_of(y).unwrap_or_default();
            let expected = format!("文件名应为 {year}-MM.toml，MM 是两位月份（01–12），如 {year}-08.toml");
            let stem = name.strip_suffix(".toml").ok_or_else(|| expected.clone())?;
            let (y2, mm) = stem.split_once('-').ok_or_else(|| expected.clone())?;
            if y2 != *y {
                return Err(format!("文件名中的年份 {y2} 与所在目录 data/{y}/ 不一致；{expected}"));
            }
            match mm.parse::<u32>() {
                Ok(m) if mm.len() == 2 && (1..=12).contains(&m) => Ok(DataFile::Report(year, m)),
                _ => Err(expected),
            }
        }
        _ => Err(
            "data/ 下只允许 site.toml、units.toml、<年份>/quotas.toml、<年份>/actions.toml、<年份>/programs.toml、<年份>/admissions.toml 和 <年份>/reports/<年份>-<MM>.toml"
                .to_string(),
        ),
    }
}

/// Reads a file as UTF-8 text; a file in another encoding is a data error at its first bad byte.
fn read_text(root: &Path, rel: &str, diags: &mut Diagnostics) -> Result<Option<String>, IoError> {
    let path = root.join(rel);
    let bytes = std::fs::read(&path).map_err(|error| IoError {
        path: path.clone(),
        error,
    })?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                // Editors on Windows add a BOM; TOML does not allow it, we simply drop it.
                text.replace_range(..3, "   ");
            }
            Ok(Some(text))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, col) = line_col(&prefix, valid);
            diags.push_raw_error(
                rules::NOT_UTF8,
                rel,
                line,
                col,
                "文件不是 UTF-8 编码（可能是 GBK/ANSI）",
                "用记事本或 WPS 打开，选择“另存为”，编码选 UTF-8 后保存",
            );
            Ok(None)
        }
    }
}

fn rel_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Files below `dir` (sorted, hidden files skipped), as paths relative to `root`.
fn list_files(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Result<Vec<String>, IoError> {
    list_files_keeping(root, dir, diags, false, &mut Vec::new())
}

/// As [`list_files`]; with `well_known`, the folder `.well-known/` right below `dir` is kept (a
/// server's security.txt and its certificate's ACME challenge live there), and every other
/// hidden file or folder skipped is named in `skipped` (relative to `root`).
fn list_files_keeping(
    root: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
    well_known: bool,
    skipped: &mut Vec<String>,
) -> Result<Vec<String>, IoError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        if e.depth() == 0 || !name.starts_with('.') || (well_known && e.depth() == 1 && name == ".well-known") {
            return true;
        }
        skipped.push(rel_path(root, e.path()));
        false
    });
    for entry in walker {
        let entry = entry.map_err(|e| IoError {
            path: e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
            error: e.into(),
        })?;
        if entry.file_type().is_file() {
            out.push(rel_path(root, entry.path()));
        } else if entry.file_type().is_symlink() {
            // Never silently skipped, never followed: a link may lead outside the site.
            diags.push_raw_error(
                rules::SYMLINK,
                &rel_path(dir.parent().unwrap_or(root), entry.path()),
                1,
                1,
                "这是一个符号链接（快捷方式），sunshine 不会读取它",
                "把真正的文件复制到这里，替换这个链接",
            );
        }
    }
    Ok(out)
}

/// The files of static/ whose names can be published: a name becomes a path of the output, a
/// line of `--changes` and an address, and one that is not plain text (a line break, a tab, a
/// backslash, bytes that are not UTF-8) would be cut or misread on the way (rule F09). Content
/// file names have rules of their own (P04).
/// `files` are relative to `root`.
fn plain_names(files: Vec<String>, root: &Path, diags: &mut Diagnostics) -> Vec<String> {
    files
        .into_iter()
        .filter(|rel| {
            // A name that is not UTF-8 was listed with U+FFFD in its place: no such file.
            let why = if rel.contains('\u{FFFD}') && !root.join(rel).exists() {
                Some("不是 UTF-8 编码的文字")
            } else {
                crate::paths::not_plain_relative(rel)
            };
            let Some(why) = why else {
                return true;
            };
            diags.push_raw_error(
                rules::UNUSABLE_FILE_NAME,
                &rel.escape_debug().to_string(),
                1,
                1,
                format!("文件名不能用：{why}"),
                "给这个文件改一个只含文字、数字和 - _ . 的名字",
            );
            false
        })
        .collect()
}

/// Files of static/ that are text a reader opens, scanned by the privacy guard as pages are.
const STATIC_TEXT: [&str; 9] = ["csv", "tsv", "txt", "html", "htm", "json", "md", "xml", "svg"];

/// The privacy guard over what content/ and static/ publish beyond pages: every file and folder
/// name in `files` (relative to the root; a name becomes an address and a sitemap line) and the
/// text files of static/, which are copied byte for byte.
fn check_published_files(
    root: &Path,
    site: &mut RawSite,
    files: &[String],
    diags: &mut Diagnostics,
) -> Result<(), IoError> {
    let mut named = std::collections::BTreeSet::new();
    for rel in files {
        for (at, _) in rel.match_indices('/') {
            // Each name once: a folder's, then the file's own.
            let end = rel[at + 1..].find('/').map_or(rel.len(), |i| at + 1 + i);
            let path = &rel[..end];
            if !named.insert(path.to_string()) {
                continue;
            }
            if let Some((masked_path, masked)) = privacy::in_name(path, at + 1) {
                diags.push_raw_error(
                    rules::IDENTITY_NUMBER,
                    &masked_path,
                    1,
                    1,
                    format!("文件名或文件夹名里有一个居民身份证号码 {masked}，它会出现在网址和网站地图里"),
                    "给这个文件或文件夹改名，去掉号码（路径里的号码已用 * 遮住）",
                );
            }
        }
        let Some(under_static) = rel.strip_prefix("static/") else {
            continue;
        };
        let ext = under_static
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if !STATIC_TEXT.contains(&ext.as_str()) {
            continue;
        }
        let path = root.join(rel);
        let bytes = std::fs::read(&path).map_err(|error| IoError { path, error })?;
        // Published as it is, so read in whatever encoding it has: a CSV saved by Excel is often
        // GBK, its "Unicode text" UTF-16 with a byte-order mark.
        let text = match encoding_rs::Encoding::for_bom(&bytes) {
            Some((encoding, bom)) => encoding.decode_without_bom_handling(&bytes[bom..]).0,
            None => match std::str::from_utf8(&bytes) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => encoding_rs::GB18030.decode_without_bom_handling(&bytes).0,
            },
        };
        let text = text.as_ref();
        let format = if matches!(ext.as_str(), "csv" | "tsv") {
            privacy::Format::Csv
        } else {
            privacy::Format::Text
        };
        let findings = privacy::scan(text, format);
        if findings.is_empty() {
            continue;
        }
        let id = site.sources.add(rel.clone(), text.to_string());
        let mut ctx = FileCtx {
            sources: &site.sources,
            diags,
            file: id,
            offset: 0,
        };
        privacy::report(&mut ctx, findings);
    }
    Ok(())
}

/// Whether `root` has a data/ folder; when not, the error every command gives (rule F01): run
/// in the site's root or name it with --root.
pub fn has_data_dir(root: &Path, diags: &mut Diagnostics) -> bool {
    if root.join("data").is_dir() {
        return true;
    }
    diags.push_raw_error(
        rules::NO_DATA_DIR,
        "data",
        1,
        1,
        "找不到 data/ 目录",
        "在站点根目录下运行，或用 --root 指定站点目录；新建站点可用 sunshine new 目录名",
    );
    false
}

/// Adds the overlay's file to the sorted `files` of its folder (`under`), when it is not on disk yet.
fn with_overlay(files: &mut Vec<String>, overlay: Option<(&str, &str)>, under: &str) {
    if let Some((rel, _)) = overlay {
        if rel.starts_with(under) && !files.iter().any(|f| f == rel) {
            let at = files.iter().position(|f| f.as_str() > rel).unwrap_or(files.len());
            files.insert(at, rel.to_string());
        }
    }
}

/// Reads every file of the site under `root`. Data problems go to `diags`; only I/O failures are `Err`.
pub fn load_site(root: &Path, diags: &mut Diagnostics) -> Result<RawSite, IoError> {
    load_site_with(root, diags, None)
}

/// As [`load_site`], with one file of data/ or content/ (`rel`, relative to the root, and its
/// text) read as if it were on disk: `import` checks the whole site with a new report before
/// writing it, the forms (`edit`) a changed record.
pub fn load_site_with(root: &Path, diags: &mut Diagnostics, overlay: Option<(&str, &str)>) -> Result<RawSite, IoError> {
    let mut site = RawSite {
        root: root.to_path_buf(),
        ..RawSite::default()
    };
    let data_dir = root.join("data");
    if !has_data_dir(root, diags) {
        return Ok(site);
    }

    // Read every data file in order (source ids follow the sorted paths), parse them in
    // parallel, then merge in the same order so that results and messages stay deterministic.
    let mut queue: Vec<(SourceId, DataFile, Vec<text::Finding>)> = Vec::new();
    let mut files = list_files(root, &data_dir, diags)?;
    with_overlay(&mut files, overlay, "data/");
    for rel in files {
        let under_data = rel.strip_prefix("data/").unwrap_or(&rel).to_string();
        let kind = match classify(&under_data) {
            Ok(kind) => kind,
            Err(why) => {
                diags.push_raw_error(
                    rules::UNKNOWN_DATA_FILE,
                    &rel,
                    1,
                    1,
                    "data/ 下有不认识的文件，它不会被使用",
                    format!("{why}；请改名或移走它"),
                );
                continue;
            }
        };
        let text = match overlay {
            Some((over, text)) if over == rel => Some(text.to_string()),
            _ => read_text(root, &rel, diags)?,
        };
        let Some(text) = text else {
            continue;
        };
        let (text, findings) = text::clean_file(&text, text::FileText::Toml);
        queue.push((site.sources.add(rel.clone(), text), kind, findings));
    }
    let sources = &site.sources;
    let parsed: Vec<(SourceId, Parsed, Diagnostics)> = queue
        .par_iter()
        .map(|(id, kind, findings)| {
            let (id, kind) = (*id, *kind);
            let mut file_diags = Diagnostics::new();
            let text = sources.get(id).text.as_str();
            let mut ctx = FileCtx {
                sources,
                diags: &mut file_diags,
                file: id,
                offset: 0,
            };
            text::report_file(&mut ctx, findings);
            privacy::check_file(&mut ctx, text);
            let result = match kind {
                DataFile::Site => Parsed::Site(files::site(&mut ctx, text).map(Box::new)),
                DataFile::Units => Parsed::Units(files::units(&mut ctx, text)),
                DataFile::Quotas(year) => Parsed::Quotas(year, files::quotas(&mut ctx, text)),
                DataFile::Actions(year) => Parsed::Actions(year, files::actions(&mut ctx, text)),
                DataFile::Report(year, month) => Parsed::Report(year, files::report(&mut ctx, text, month)),
                DataFile::Programs(year) => Parsed::Programs(year, files::programs(&mut ctx, text)),
                DataFile::Admissions(year) => Parsed::Admissions(year, files::admissions(&mut ctx, text)),
            };
            (id, result, file_diags)
        })
        .collect();

    let mut years: BTreeMap<i32, RawYear> = BTreeMap::new();
    let mut seen_site = false;
    let mut seen_units = false;
    for (id, result, file_diags) in parsed {
        diags.extend(file_diags);
        match result {
            Parsed::Site(settings) => {
                seen_site = true;
                site.settings = settings.map(|s| *s);
            }
            Parsed::Units(units) => {
                seen_units = true;
                if let Some(units) = units {
                    site.units = units;
                    site.units_file = Some(id);
                }
            }
            Parsed::Quotas(year, quotas) => {
                let y = year_entry(&mut years, year, id);
                y.loc = Loc::file_start(id);
                y.quotas_unreadable = quotas.is_none();
                y.quotas = quotas;
            }
            Parsed::Actions(year, actions) => year_entry(&mut years, year, id).actions = actions,
            Parsed::Programs(year, programs) => year_entry(&mut years, year, id).programs = programs,
            Parsed::Admissions(year, admissions) => year_entry(&mut years, year, id).admissions = admissions,
            Parsed::Report(year, report) => {
                let y = year_entry(&mut years, year, id);
                if let Some(report) = report {
                    y.reports.push(report);
                }
            }
        }
    }
    if !seen_site {
        diags.push_raw_error(
            rules::NO_SITE_FILE,
            "data/site.toml",
            1,
            1,
            "缺少站点设置文件",
            "新建 data/site.toml，至少写上 title 和 publisher",
        );
    }
    if !seen_units {
        diags.push_raw_error(
            rules::NO_UNITS_FILE,
            "data/units.toml",
            1,
            1,
            "缺少单位名单文件",
            "新建 data/units.toml，每个单位写一段 [[unit]]",
        );
    }
    site.years = years.into_values().collect();
    for year in &mut site.years {
        year.reports.sort_by_key(|r| r.month);
    }

    let mut content_files = list_files(root, &root.join("content"), diags)?;
    with_overlay(&mut content_files, overlay, "content/");
    for rel in content_files.clone() {
        let Some(stem) = rel.strip_prefix("content/").and_then(|s| s.strip_suffix(".md")) else {
            diags.push_raw_error(
                rules::NOT_MARKDOWN,
                &rel,
                1,
                1,
                "content/ 下只发布 Markdown（.md）文件，这个文件不会发布",
                "图片、PDF 等附件请放到 static/ 目录，再在文章里链接",
            );
            continue;
        };
        let slug = stem.strip_suffix("/index").unwrap_or(stem).to_string();
        let text = match overlay {
            Some((over, text)) if over == rel => Some(text.to_string()),
            _ => read_text(root, &rel, diags)?,
        };
        let Some(text) = text else {
            continue;
        };
        let (text, findings) = text::clean_file(&text, text::FileText::Page);
        let id = site.sources.add(rel.clone(), text);
        let text = site.sources.get(id).text.clone();
        let mut ctx = FileCtx {
            sources: &site.sources,
            diags,
            file: id,
            offset: 0,
        };
        text::report_file(&mut ctx, &findings);
        privacy::check_file(&mut ctx, &text);
        if let Some(page) = files::page(&mut ctx, &text, slug) {
            site.pages.push(page);
        }
    }

    let templates_dir = root.join("templates");
    for rel in list_files(root, &templates_dir, diags)? {
        let name = rel.strip_prefix("templates/").unwrap_or(&rel).to_string();
        if let Some(text) = read_text(root, &rel, diags)? {
            site.templates.push((name, text));
        }
    }
    let mut hidden = Vec::new();
    let static_files = list_files_keeping(root, &root.join("static"), diags, true, &mut hidden)?;
    let static_files = plain_names(static_files, root, diags);
    hidden.retain(|h| !h.ends_with("/.DS_Store"));
    if !hidden.is_empty() {
        let shown: Vec<&str> = hidden.iter().take(10).map(String::as_str).collect();
        let more = if hidden.len() > 10 {
            format!(" 等 {} 个", hidden.len())
        } else {
            String::new()
        };
        diags.push(crate::diagnostics::Diagnostic::at_file(
            crate::diagnostics::Severity::Warning,
            rules::STATIC_HIDDEN,
            "static",
            format!("以 . 开头的隐藏文件和文件夹不会发布：{}{more}", shown.join("、")),
            "要发布就去掉文件名开头的 .；只有 static/.well-known/（security.txt、证书验证文件）照常发布",
        ));
    }
    check_published_files(root, &mut site, &content_files, diags)?;
    check_published_files(root, &mut site, &static_files, diags)?;
    site.static_files = static_files
        .iter()
        .map(|rel| PathBuf::from(rel.strip_prefix("static/").unwrap_or(rel)))
        .collect();
    Ok(site)
}

/// Which kind of data file a text is read as.
#[derive(Debug, Clone, Copy)]
pub enum FileKind {
    Site,
    Units,
    Quotas,
    /// A monthly report for this month.
    Report(u32),
    Actions,
    Programs,
    Admissions,
    /// A markdown page with front matter.
    Page,
}

/// Reads one file's text as `kind`, with every diagnostic resolved to a position. Used by the
/// fuzzer: whatever the text, this returns and never panics.
pub fn read_one(kind: FileKind, text: &str) -> Vec<crate::diagnostics::Diagnostic> {
    let mut sources = crate::source::Sources::default();
    let page = matches!(kind, FileKind::Page);
    let (text, findings) = text::clean_file(
        text,
        if page {
            text::FileText::Page
        } else {
            text::FileText::Toml
        },
    );
    let id = sources.add("input".into(), text.clone());
    let text = text.as_str();
    let mut diags = Diagnostics::new();
    let mut ctx = FileCtx {
        sources: &sources,
        diags: &mut diags,
        file: id,
        offset: 0,
    };
    text::report_file(&mut ctx, &findings);
    privacy::check_file(&mut ctx, text);
    match kind {
        FileKind::Site => drop(files::site(&mut ctx, text)),
        FileKind::Units => drop(files::units(&mut ctx, text)),
        FileKind::Quotas => drop(files::quotas(&mut ctx, text)),
        FileKind::Report(month) => drop(files::report(&mut ctx, text, month)),
        FileKind::Actions => drop(files::actions(&mut ctx, text)),
        FileKind::Programs => drop(files::programs(&mut ctx, text)),
        FileKind::Admissions => drop(files::admissions(&mut ctx, text)),
        FileKind::Page => drop(files::page(&mut ctx, text, "page".into())),
    }
    diags.into_sorted()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_must_be_year_dash_two_digit_month() {
        assert_eq!(classify("2024/reports/2024-08.toml"), Ok(DataFile::Report(2024, 8)));
        assert!(classify("2024/reports/2024-8.toml").is_err());
        assert!(classify("2024/reports/2024-13.toml").is_err());
        assert!(classify("2024/reports/2023-08.toml").is_err());
        assert!(classify("2024/reports/2024-08.tml").is_err());
    }

    #[test]
    fn only_known_files_are_allowed_under_data() {
        assert_eq!(classify("site.toml"), Ok(DataFile::Site));
        assert_eq!(classify("2024/quotas.toml"), Ok(DataFile::Quotas(2024)));
        assert_eq!(classify("2024/actions.toml"), Ok(DataFile::Actions(2024)));
        assert_eq!(classify("2024/programs.toml"), Ok(DataFile::Programs(2024)));
        assert_eq!(classify("2024/admissions.toml"), Ok(DataFile::Admissions(2024)));
        assert!(classify("2024/program.toml").is_err());
        assert!(classify("2024/quota.toml").is_err());
        assert!(classify("24/quotas.toml").is_err());
        assert!(classify("notes.txt").is_err());
    }
}
