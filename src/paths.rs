//! The output layout (contract: "Output layout"), in one place so that validation can refuse a
//! content page whose address would collide with a generated page.

/// URL path (no leading slash, ending in `/`) of a year's overview.
pub fn year(year: i32) -> String {
    format!("{year}/")
}

pub fn unit(year: i32, id: &str) -> String {
    format!("{year}/units/{id}/")
}

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

pub const NOTICES: &str = "notices/";
pub const CONTACT: &str = "contact/";
pub const OPEN_DATA: &str = "data/";
pub const SITEMAP_PAGE: &str = "sitemap/";
pub const GLOSSARY: &str = "glossary/";
pub const SEARCH: &str = "search/";

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
        _ if first == "data" => Some("data/ 地址留给开放数据"),
        _ if first == "assets" => Some("assets/ 地址留给样式表"),
        _ => None,
    }
}
