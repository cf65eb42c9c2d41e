//! Enforcement in the open (contract part 3): measures with their effect, the 警示与处理 page.

use crate::common::TestSite;
use crate::disclosure::{built, page, text_of};

const ACTIONS: &str = "data/2024/actions.toml";

/// "rel:line:col" of `value` inside the first `line` (e.g. the 80 of `limit = 80`).
pub(crate) fn value_at(site: &TestSite, rel: &str, line: &str, value: &str) -> String {
    let at = site.at(rel, line, 0);
    let (head, col) = at.rsplit_once(':').unwrap();
    let offset = line[..line.find(value).unwrap()].chars().count();
    format!("{head}:{}", col.parse::<usize>().unwrap() + offset)
}

#[test]
fn a_measure_shows_its_limit_basis_and_end_on_the_units_page_and_the_overview() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let lifted = "压缩招生人数至 450 人，2024年8月20日起，依据 示教函〔2024〕12号（示例省教育厅）；2024年10月1日解除";
    let unit = text_of(&page(&out, "2024/units/east-school-b/index.html"));
    assert!(
        unit.contains(&format!("已解除 2024年8月20日 ：超计划招生。 {lifted}")),
        "{unit}"
    );
    let others = text_of(&page(&out, "2024/units/others/index.html"));
    assert!(
        others.contains("限制报名人数至 80 人，2024年8月20日起，示例省教育厅作出"),
        "{others}"
    );
    let overview = text_of(&page(&out, "2024/index.html"));
    assert!(overview.contains(lifted), "{overview}");
    assert!(
        overview.contains("停止招生，2024年9月5日起，依据 示教函〔2024〕15号（示例省教育厅）"),
        "{overview}"
    );
    // A lifted measure no longer marks its unit 警示 in the overview's table.
    let html = page(&out, "2024/index.html");
    let row = html
        .lines()
        .find(|l| l.contains("2024/units/east-school-b/") && l.contains("<tr"))
        .unwrap();
    assert!(!row.contains("flag-warning"), "{row}");
}

#[test]
fn the_actions_page_lists_measures_in_force_first_and_keeps_the_lifted_ones() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let text = text_of(&page(&out, "2024/actions/index.html"));
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("`{s}` not in {text}"));
    // In force, newest first; then lifted; then the circulars.
    assert!(at("正在执行的措施") < at("停止招生，2024年9月5日起"));
    assert!(at("停止招生，2024年9月5日起") < at("限制报名人数至 80 人"));
    assert!(at("限制报名人数至 80 人") < at("警示标注，2024年7月25日起"));
    assert!(at("警示标注，2024年7月25日起") < at("已解除的措施"));
    assert!(at("已解除的措施") < at("已解除 2024年8月20日 东区第二职业中专"));
    assert!(at("已解除 2024年8月20日 东区第二职业中专") < at("通报表扬 2024年9月1日"));
    // Linked from the year's overview and the site map.
    assert!(page(&out, "2024/index.html").contains("2024/actions/\">警示与处理</a>"));
    assert!(page(&out, "sitemap/index.html").contains("2024/actions/"));
}

#[test]
fn a_limit_belongs_to_a_limiting_measure_and_is_a_positive_number() {
    let site = TestSite::new("valid");
    let at = value_at(&site, ACTIONS, "limit = 80", "80");
    site.replace(ACTIONS, "measure = \"限制报名人数\"", "measure = \"警示标注\"");
    site.check().assert_error(&at, &["处理措施是“警示标注”", "规则 A04"]);

    let site = TestSite::new("valid");
    site.replace(ACTIONS, "limit = 450", "limit = 0");
    let at = value_at(&site, ACTIONS, "limit = 0", "0");
    site.check().assert_error(&at, &["limit = 0", "规则 A05"]);
}

#[test]
fn a_measure_lifted_before_it_was_taken_is_refused() {
    let site = TestSite::new("valid");
    site.replace(ACTIONS, "lifted = 2024-10-01", "lifted = 2024-08-01");
    let at = value_at(&site, ACTIONS, "lifted = 2024-08-01", "2024");
    site.check().assert_error(&at, &["早于警示日期", "规则 A01"]);
}
