//! The output layout (contract: "Output layout"), in one place so that validation can refuse a
//! content page whose address would collide with a generated page.

/// URL path (no leading slash, ending in `/`) of a year's overview.
pub fn year(year: i32) -> String {
    format!("{year}/")
}

pub fn unit(year: i32, id: &str) -> String {
    format!("{year}/units/{id}/")
}

/// 历年情况: a unit across every year, at an address that does not depend on the year.
pub fn unit_years(id: &str) -> String {
    format!("{UNITS}{id}/")
}

/// The index of the 历年情况 pages: the city across years and every unit.
pub const UNITS: &str = "units/";

/// One row per unit (and the city) and year: the 历年情况 pages' figures.
pub const UNITS_YEARS_CSV: &str = "data/units-years.csv";

pub fn report(year: i32, month: u32) -> String {
    format!("{year}/reports/{year}-{month:02}/")
}

/// Every program of a year, by name (专业 → schools).
pub fn programs(year: i32) -> String {
    format!("{year}/programs/")
}

/// The year's disclosure record of every unit (信息公开情况), in the notice's order.
pub fn disclosure(year: i32) -> String {
    format!("{year}/disclosure/")
}

/// The same record, units with the most items missing first.
pub fn disclosure_by_missing(year: i32) -> String {
    format!("{year}/disclosure/missing/")
}

/// 警示与处理: the year's measures (in force, then lifted), circulars and quota adjustments.
pub fn actions(year: i32) -> String {
    format!("{year}/actions/")
}

/// The folders of the layout that hold pages or files but no page of their own: each gets a
/// small page that sends the reader to where that folder's contents are listed, so that an
/// address cut short (`…/2024/units/`) does not end on the 404 page.
pub fn units_folder(year: i32) -> String {
    format!("{year}/units/")
}

pub fn reports_folder(year: i32) -> String {
    format!("{year}/reports/")
}

pub fn data_folder(year: i32) -> String {
    format!("data/{year}/")
}

/// Whether `file` is one of those folder pages (they are not listed in sitemap.xml).
pub fn is_folder_page(file: &str) -> bool {
    matches!(
        file.split('/').collect::<Vec<_>>().as_slice(),
        [year, "units" | "reports", "index.html"] | ["data", year, "index.html"] if is_year(year)
    ) || matches!(
        // A release of the open data and its folders: they send the reader to the 更新记录.
        file.split('/').collect::<Vec<_>>().as_slice(),
        ["data", "releases", _, .., "index.html"]
    )
}

pub const NOTICES: &str = "notices/";
/// 校企合作黑名单, every year.
pub const BLACKLIST: &str = "blacklist/";
pub const BLACKLIST_CSV: &str = "data/blacklist.csv";
pub const CONTACT: &str = "contact/";
pub const OPEN_DATA: &str = "data/";
pub const SITEMAP_PAGE: &str = "sitemap/";
pub const GLOSSARY: &str = "glossary/";
pub const SEARCH: &str = "search/";
/// File name of the manifest at the top of the output folder.
pub const MANIFEST_NAME: &str = "sunshine-manifest.json";
/// File name of the compact record of published figures beside the manifest.
pub const PUBLISHED_RECORD_NAME: &str = "sunshine-published.lock";
/// 更正记录: every correction of a published figure, newest first.
pub const CORRECTIONS: &str = "corrections/";

/// What the search and the blacklist page answer a name with: every blacklist entry, its name
/// as compared, and the date and count the list stands at.
pub const BLACKLIST_INDEX: &str = "search/blacklist.json";

/// One shard of the search index.
pub fn search_shard(n: usize) -> String {
    format!("search/index-{n}.json")
}

pub fn quotas_csv(year: i32) -> String {
    format!("data/{year}/quotas.csv")
}

pub fn reports_csv(year: i32) -> String {
    format!("data/{year}/reports.csv")
}

pub fn programs_csv(year: i32) -> String {
    format!("data/{year}/programs.csv")
}

pub fn admissions_csv(year: i32) -> String {
    format!("data/{year}/admissions.csv")
}

pub fn disclosure_csv(year: i32) -> String {
    format!("data/{year}/disclosure.csv")
}

pub fn adjustments_csv(year: i32) -> String {
    format!("data/{year}/adjustments.csv")
}

pub fn warnings_csv(year: i32) -> String {
    format!("data/{year}/warnings.csv")
}

pub fn circulars_csv(year: i32) -> String {
    format!("data/{year}/circulars.csv")
}

pub fn corrections_csv() -> String {
    "data/corrections.csv".to_string()
}

pub fn datapackage() -> String {
    "data/datapackage.json".to_string()
}

/// The 更新记录 page and the folder of the releases of the open data.
pub const RELEASES: &str = "data/releases/";

/// A release of the open data in the output: `data/releases/2024-08-20/`.
pub fn release(name: &str) -> String {
    format!("{RELEASES}{name}/")
}

/// What each release changed, one row per change.
pub fn changes_csv() -> String {
    format!("{RELEASES}changes.csv")
}

pub fn year_json(year: i32) -> String {
    format!("data/{year}.json")
}

/// URL path of a content page from its slug ("notices/2024-432" -> "notices/2024-432/").
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// Why a content slug may not be used, when it collides with a generated page.
pub fn reserved_reason(slug: &str) -> Option<&'static str> {
    let first = slug.split('/').next().unwrap_or_default();
    if slug.is_empty() {
        return Some("网站首页由程序生成");
    }
    if first.len() == 4 && first.bytes().all(|b| b.is_ascii_digit()) {
        return Some("以年份开头的地址留给年度页面");
    }
    match slug {
        "notices" => Some("通知公告列表页由程序生成"),
        "contact" => Some("举报与咨询页由程序生成"),
        "sitemap" => Some("网站地图页由程序生成"),
        "glossary" => Some("名词解释页由程序生成"),
        "search" => Some("搜索页由程序生成"),
        "blacklist" => Some("校企合作黑名单页由程序生成"),
        "corrections" => Some("更正记录页由程序生成"),
        _ if first == "data" => Some("data/ 地址留给开放数据"),
        _ if first == "units" => Some("units/ 地址留给各单位历年情况页"),
        _ if first == "assets" => Some("assets/ 地址留给样式表"),
        _ => None,
    }
}

/// Why `path` is not a plain relative path inside a folder (`2024/index.html`), or None when it
/// is one. Every path read from a file that names files of the output (a manifest, an undo
/// list, `--since`) is checked with this before it is joined to a folder, and every path
/// written to `--changes` is one: no empty, `.` or `..` part, no leading `/`, no backslash, no
/// drive (`C:`), no control or line-breaking character (a newline would plant a line of its own
/// in a list that deploy scripts act on), at most 4,096 bytes.
pub fn not_plain_relative(path: &str) -> Option<&'static str> {
    const MAX: usize = 4096;
    if path.is_empty() {
        return Some("路径是空的");
    }
    if path.len() > MAX {
        return Some("路径超过 4096 字节");
    }
    if path.starts_with('/') {
        return Some("是绝对路径（以 / 开头）");
    }
    if path.contains('\\') {
        return Some("含反斜杠 \\");
    }
    if path
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        return Some("含换行、制表符等控制字符");
    }
    let first = path.split('/').next().unwrap_or_default();
    if first.len() == 2 && first.ends_with(':') && first.as_bytes()[0].is_ascii_alphabetic() {
        return Some("以盘符开头（如 C:）");
    }
    for part in path.split('/') {
        match part {
            "" => return Some("含空的路径段（//）"),
            "." | ".." => return Some("含 . 或 .. 路径段，会指到别的文件夹"),
            _ => {}
        }
    }
    None
}

/// `dddd`: a year folder.
fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Why `path` (a file of the output, relative to its root, `/` separators) is a file the program
/// writes itself, by the shape of the layout above: `check` cannot know a stylesheet's hash or
/// the number of search shards, but it knows their names' shape.
pub fn generated_file_reason(path: &str) -> Option<&'static str> {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["index.html"] => Some("网站首页由程序生成"),
        ["404.html"] => Some("“页面不存在”页由程序生成"),
        ["feed.xml"] => Some("订阅 feed.xml 由程序生成"),
        ["sitemap.xml"] => Some("sitemap.xml 由程序生成"),
        ["robots.txt"] => Some("robots.txt 由程序生成，要改它请用 templates/robots.txt"),
        [MANIFEST_NAME] => Some("生成文件清单由程序生成"),
        [PUBLISHED_RECORD_NAME] => Some("已公布数字的简要记录由程序生成"),
        ["notices" | "contact" | "sitemap" | "glossary" | "search" | "data" | "blacklist" | "corrections", "index.html"] => {
            Some("这一栏目的页面由程序生成")
        }
        ["assets", name]
            if ["style.", "search.", "icon.", "textsize."]
                .iter()
                .any(|p| name.starts_with(p)) =>
        {
            Some("assets/ 下的样式表、脚本和图标由程序生成")
        }
        ["search", name]
            if name
                .strip_prefix("index-")
                .and_then(|n| n.strip_suffix(".json"))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            Some("站内搜索的索引由程序生成")
        }
        ["data", name] if name.strip_suffix(".json").is_some_and(is_year) => Some("开放数据由程序生成"),
        ["data", "releases", ..] => Some("开放数据的发布版本和更新记录由程序生成"),
        ["search", "blacklist.json"] => Some("站内搜索的索引由程序生成"),
        ["data", "blacklist.csv" | "corrections.csv" | "datapackage.json" | "units-years.csv"] => {
            Some("开放数据由程序生成")
        }
        ["units", "index.html"] | ["units", _, "index.html"] => Some("各单位历年情况页由程序生成"),
        ["data", year, "quotas.csv" | "reports.csv" | "programs.csv" | "admissions.csv" | "disclosure.csv" | "warnings.csv"
        | "circulars.csv" | "adjustments.csv"]
            if is_year(year) =>
        {
            Some("开放数据由程序生成")
        }
        [year, "index.html"] if is_year(year) => Some("年度页面由程序生成"),
        [year, "programs" | "disclosure" | "actions", "index.html"] | [year, "disclosure", "missing", "index.html"]
            if is_year(year) =>
        {
            Some("招生专业、信息公开和警示与处理页面由程序生成")
        }
        [year, "units" | "reports", _, "index.html"] if is_year(year) => Some("单位和月报页面由程序生成"),
        [year, "units" | "reports", "index.html"] | ["data", year, "index.html"] if is_year(year) => {
            Some("单位、月报和开放数据的目录页由程序生成")
        }
        _ => None,
    }
}

/// How an output path meets a generated file, if it does: the file itself, or a folder that
/// stands where a generated file must be (`content/feed.xml.md` makes a folder `feed.xml/`), or
/// the same ignoring case (`CONTACT/` beside `contact/`: on a server that ignores case, IIS or a
/// Mac, one replaces the other).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    Exact(&'static str),
    IgnoringCase(&'static str),
}

pub fn clash_with_generated(path: &str) -> Option<Clash> {
    let within = |p: &str| {
        let mut prefixes = p.match_indices('/').map(|(i, _)| &p[..i]);
        generated_file_reason(p).or_else(|| prefixes.find_map(generated_file_reason))
    };
    if let Some(why) = within(path) {
        return Some(Clash::Exact(why));
    }
    within(&path.to_lowercase()).map(Clash::IgnoringCase)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_path_read_from_a_file_is_used_only_when_it_is_plain_and_relative() {
        for plain in [
            "index.html",
            "2024/units/东区/index.html",
            "a:b/index.html",
            ".well-known/x.txt",
            "a..b",
        ] {
            assert_eq!(not_plain_relative(plain), None, "{plain}");
        }
        for (hostile, why) in [
            ("", "空"),
            ("../data/site.toml", ".."),
            ("2024/../../secret.txt", ".."),
            ("./index.html", ".."),
            ("/etc/passwd", "绝对路径"),
            ("a//b", "空的路径段"),
            ("a/", "空的路径段"),
            ("..\\x", "反斜杠"),
            ("C:/x", "盘符"),
            ("../x\nD\t../../etc/passwd", "控制字符"),
            ("x\r", "控制字符"),
            ("x\u{2028}y", "控制字符"),
            ("x\u{85}y", "控制字符"),
        ] {
            let got = not_plain_relative(hostile);
            assert!(got.is_some_and(|g| g.contains(why)), "{hostile:?}: {got:?}");
        }
        assert!(not_plain_relative(&"a/".repeat(2049)).is_some());
    }

    use super::*;

    #[test]
    fn generated_files_are_known_by_the_shape_of_their_names() {
        for p in [
            "feed.xml",
            "sitemap.xml",
            "404.html",
            "robots.txt",
            "search/index-12.json",
            "assets/style.0123456789.css",
            "assets/icon.0123456789.svg",
            "assets/textsize.0123456789.js",
            "data/2024.json",
            "data/2024/quotas.csv",
            "data/2024/disclosure.csv",
            "data/datapackage.json",
            "data/corrections.csv",
            "data/units-years.csv",
            "units/index.html",
            "units/xinmi/index.html",
            "2024/disclosure/missing/index.html",
            "2024/programs/index.html",
            "contact/index.html",
            "2024/units/xinmi/index.html",
            "2024/units/index.html",
            "2024/reports/index.html",
            "data/2024/index.html",
        ] {
            assert_eq!(
                clash_with_generated(p).map(|c| matches!(c, Clash::Exact(_))),
                Some(true),
                "{p}"
            );
        }
        assert!(matches!(
            clash_with_generated("feed.xml/index.html"),
            Some(Clash::Exact(_))
        ));
        assert!(matches!(
            clash_with_generated("CONTACT/index.html"),
            Some(Clash::IgnoringCase(_))
        ));
        assert!(matches!(clash_with_generated("Feed.XML"), Some(Clash::IgnoringCase(_))));
        for p in [
            "files/简章.pdf",
            "notices/a/index.html",
            "data/附件.pdf",
            "assets/logo.png",
            "search/help.pdf",
        ] {
            assert_eq!(clash_with_generated(p), None, "{p}");
        }
    }

    #[test]
    fn the_units_prefix_is_kept_for_the_pages_across_years() {
        for slug in ["units", "units/xinmi", "units/a/b"] {
            assert!(
                reserved_reason(slug).is_some_and(|why| why.contains("历年情况")),
                "{slug}"
            );
        }
        assert_eq!(reserved_reason("unitsx"), None);
        assert_eq!(unit_years("xinmi"), "units/xinmi/");
    }

    #[test]
    fn the_folder_pages_are_the_year_units_reports_and_data_folders() {
        for p in [
            "2024/units/index.html",
            "2024/reports/index.html",
            "data/2024/index.html",
            "data/releases/2024-08-20/index.html",
            "data/releases/2024-08-20/2024/index.html",
        ] {
            assert!(is_folder_page(p), "{p}");
        }
        for p in [
            "2024/index.html",
            "2024/units/xinmi/index.html",
            "data/index.html",
            "units/index.html",
            "data/x/index.html",
            "data/releases/index.html",
        ] {
            assert!(!is_folder_page(p), "{p}");
        }
    }
}
