//! content/**/*.md rules: the unit a page names, and its address.

use crate::diagnostics::rules;
use std::collections::HashMap;

use super::{UnitIndex, Validator};
use crate::diagnostics::suggestion_hint;
use crate::load::raw::RawSite;
use crate::paths;
use crate::source::Loc;
use crate::vocab::Category;

pub(super) fn check(v: &mut Validator<'_>, site: &RawSite, index: &UnitIndex<'_>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    // Lowercase slug → (file, slug as written), to find two addresses that differ only in case.
    let mut seen_ignoring_case: HashMap<String, (&str, &str)> = HashMap::new();
    let data_years: Vec<i64> = site
        .years
        .iter()
        .filter(|y| y.quotas.is_some())
        .map(|y| i64::from(y.year))
        .collect();
    for page in &site.pages {
        if let Some(unit) = &page.unit {
            index.resolve(v, unit, "页首 unit");
        }
        if let Some(category) = &page.category {
            if Category::parse(&category.value).is_none() {
                let wrote = category.value.trim();
                let hint = Category::ALL
                    .iter()
                    .find(|c| c.label() == wrote)
                    .map(|c| format!("这里要写英文代码：写 \"{}\"（{}）；", c.as_str(), c.label()))
                    .or_else(|| suggestion_hint(wrote, Category::ALL.map(Category::as_str)))
                    .unwrap_or_default();
                let words: Vec<String> = Category::ALL
                    .iter()
                    .map(|c| format!("\"{}\"（{}）", c.as_str(), c.label()))
                    .collect();
                v.error(
                    rules::BAD_CATEGORY,
                    category,
                    format!("文章类别 category = \"{}\" 不认识", category.value),
                    format!("{hint}category 只能是 {}；不写就是通知公告", words.join("、")),
                );
            }
        }
        if let Some(year) = &page.year {
            if !data_years.contains(&year.value) {
                let known: Vec<String> = data_years.iter().map(|y| y.to_string()).collect();
                v.error(
                    rules::PAGE_YEAR_WITHOUT_DATA,
                    year,
                    format!(
                        "所属年度 year = {} 没有招生数据（data/{}/quotas.toml 不存在）",
                        year.value, year.value
                    ),
                    if known.is_empty() {
                        "删掉 year 这一行（不写时按 date 的年份算）".to_string()
                    } else {
                        format!(
                            "year 写有招生数据的年份：{}；或删掉这一行，按 date 的年份算",
                            known.join("、")
                        )
                    },
                );
            }
        }
        if page.title.value.trim().is_empty() {
            v.error(rules::EMPTY_TITLE, &page.title, "标题 title 不能为空", "写上文章标题");
        }
        let here = Loc::file_start(page.loc.file);
        let path = v.sources.path(page.loc.file);
        check_body(v, page);
        if let Some(bad) = page.slug.chars().find(|c| {
            c.is_whitespace()
                || "?#%&\"'<>\\:*|".contains(*c)
                || crate::text_rules::is_control(*c)
                || crate::text_rules::is_invisible_format(*c)
        }) {
            v.diags.error(
                rules::BAD_FILE_NAME,
                v.sources,
                here.clone(),
                format!("文件名含有不能用在网址里的字符 {bad:?}"),
                "文件名只用字母、数字、汉字、- 和 _，如 2024-zhaosheng.md",
            );
        }
        if let Some(why) = paths::reserved_reason(&page.slug) {
            v.diags.error(
                rules::PAGE_CLASHES_WITH_GENERATED,
                v.sources,
                here.clone(),
                format!("这个文件的网址 /{} 与程序生成的页面冲突（{why}）", page.slug),
                "给文件换个名字或放到别的目录，如 content/notices/",
            );
        } else if let Some(clash) = paths::clash_with_generated(&format!("{}/index.html", page.slug)) {
            let (rule, message) = clash_message(clash, &format!("/{}/", page.slug), "网站无法生成");
            v.diags.error(
                rule,
                v.sources,
                here.clone(),
                message,
                "给文件换个名字，如 content/notices/2024-zhaosheng.md",
            );
        }
        if let Some((first, other)) = seen_ignoring_case.get(page.slug.to_lowercase().as_str()) {
            if *other != page.slug {
                v.diags.error(
                    rules::PATH_CASE_CLASH,
                    v.sources,
                    here.clone(),
                    format!(
                        "这个文件的网址 /{}/ 与 {first} 的 /{other}/ 只差大小写；不区分大小写的服务器（IIS、Mac）上一个会替换另一个",
                        page.slug
                    ),
                    "给其中一个文件改名，网址里的字母最好都用小写",
                );
            }
        } else {
            seen_ignoring_case.insert(page.slug.to_lowercase(), (path, page.slug.as_str()));
        }
        if let Some(first) = seen.insert(page.slug.as_str(), path) {
            v.diags.error(
                rules::PAGES_SAME_URL,
                v.sources,
                here,
                format!("这个文件与 {first} 会生成同一个网址 /{}/", page.slug),
                "给其中一个文件改名",
            );
        }
    }
}

/// The rule and message for an output that meets a generated file; `shown` is its address.
/// `then` says what would happen: a page cannot be written, a static file would be left out.
fn clash_message(clash: paths::Clash, shown: &str, then: &str) -> (&'static crate::diagnostics::Rule, String) {
    match clash {
        paths::Clash::Exact(why) => (
            rules::PATH_IS_GENERATED,
            format!("这个文件会发布到 {shown}，那里是程序生成的文件（{why}），{then}"),
        ),
        paths::Clash::IgnoringCase(why) => (
            rules::PATH_CASE_CLASH,
            format!(
                "这个文件会发布到 {shown}，与程序生成的文件只差大小写（{why}）；不区分大小写的服务器（IIS、Mac）上会互相替换"
            ),
        ),
    }
}

/// Files of static/ are copied as they are, after the pages: one that meets a generated file or
/// a page would be left out silently, or (differing in case) replace it on some servers. Each is
/// an error at the file, never a silent skip, as a symbolic link is (F06): the clerk believes the
/// file is published.
pub(super) fn check_static(v: &mut Validator<'_>, site: &RawSite) {
    let pages: HashMap<String, &str> = site
        .pages
        .iter()
        .map(|p| (format!("{}/index.html", p.slug), v.sources.path(p.loc.file)))
        .collect();
    let mut seen_ignoring_case: HashMap<String, String> = HashMap::new();
    for rel in &site.static_files {
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let shown = format!("static/{rel}");
        let fix = "给这个文件改个名字，或移到别的子目录里";
        if let Some(clash) = paths::clash_with_generated(&rel) {
            let (rule, message) = clash_message(clash, &format!("/{rel}"), "这个文件不会发布");
            v.diags.push_raw_error(rule, &shown, 1, 1, message, fix);
        } else if let Some(page) = pages.get(&rel) {
            v.diags.push_raw_error(
                rules::STATIC_SHADOWED,
                &shown,
                1,
                1,
                format!("这个文件会被 {page} 生成的页面 /{rel} 挡住，不会发布"),
                fix,
            );
        } else if let Some((page_out, page)) = pages.iter().find(|(out, _)| out.to_lowercase() == rel.to_lowercase()) {
            v.diags.push_raw_error(
                rules::PATH_CASE_CLASH,
                &shown,
                1,
                1,
                format!(
                    "这个文件与 {page} 生成的页面 /{page_out} 只差大小写；不区分大小写的服务器（IIS、Mac）上会互相替换"
                ),
                fix,
            );
        }
        if let Some(first) = seen_ignoring_case.get(&rel.to_lowercase()) {
            v.diags.push_raw_error(
                rules::PATH_CASE_CLASH,
                &shown,
                1,
                1,
                format!("这个文件与 static/{first} 只差大小写；不区分大小写的服务器（IIS、Mac）上一个会替换另一个"),
                fix,
            );
        } else {
            seen_ignoring_case.insert(rel.to_lowercase(), rel.clone());
        }
    }
}

/// A body whose rendering would stall the build or the preview is refused where it goes wrong.
fn check_body(v: &mut Validator<'_>, page: &crate::load::raw::RawPage) {
    use crate::load::text::{too_deep, MAX_BODY_BYTES, MAX_NESTING};
    let text = &v.sources.get(page.loc.file).text;
    let body = text.get(page.body_start..).unwrap_or_default();
    if body.len() > MAX_BODY_BYTES {
        v.diags.error(
            rules::BODY_TOO_BIG,
            v.sources,
            Loc::new(page.loc.file, page.body_start..page.body_start),
            format!(
                "正文有 {} KB，超过了 {} KB 的上限",
                body.len() / 1024,
                MAX_BODY_BYTES / 1024
            ),
            "把很长的文件（名单、附件）做成 PDF 放进 static/，正文里写一个链接",
        );
    } else if let Some(at) = too_deep(body) {
        let start = page.body_start + at;
        v.diags.error(
            rules::NESTING_TOO_DEEP,
            v.sources,
            Loc::new(page.loc.file, start..start + 1),
            format!("列表或引用（> ）嵌套超过 {MAX_NESTING} 层，网页无法正常显示"),
            "检查是否粘贴时带进了很多 > 或缩进；把嵌套减少到几层",
        );
    }
}
