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
    let lifted = "压缩招生人数至 450 人，2024年7月20日起，依据 示教函〔2024〕12号（示例省教育厅）；2024年8月25日解除";
    let unit = text_of(&page(&out, "2024/units/east-school-b/index.html"));
    assert!(
        unit.contains(&format!("已解除 2024年7月20日 ：超计划招生。 {lifted}")),
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
        overview.contains("停止招生，2024年8月28日起，依据 示教函〔2024〕15号（示例省教育厅）"),
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
    assert!(at("正在执行的措施") < at("停止招生，2024年8月28日起"));
    assert!(at("停止招生，2024年8月28日起") < at("限制报名人数至 80 人"));
    assert!(at("限制报名人数至 80 人") < at("警示标注，2024年7月25日起"));
    assert!(at("警示标注，2024年7月25日起") < at("已解除的措施"));
    assert!(at("已解除的措施") < at("已解除 2024年7月20日 东区第二职业中专"));
    assert!(at("已解除 2024年7月20日 东区第二职业中专") < at("通报表扬 2024年9月1日"));
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
    site.replace(ACTIONS, "lifted = 2024-08-25", "lifted = 2024-07-01");
    let at = value_at(&site, ACTIONS, "lifted = 2024-07-01", "2024");
    site.check().assert_error(&at, &["早于警示日期", "规则 A01"]);
}

#[test]
fn the_blacklist_page_lists_every_entry_newest_first_and_keeps_the_removed_ones() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let text = text_of(&page(&out, "blacklist/index.html"));
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("`{s}` not in {text}"));
    assert!(at("名单（2）") < at("王某某") && at("王某某") < at("示例市前程教育咨询有限公司"));
    assert!(at("示例市前程教育咨询有限公司") < at("已移出（1）"));
    assert!(at("已移出（1）") < at("示例市远航人力资源有限公司"));
    assert!(text.contains(
        "示例市前程教育咨询有限公司 （中介组织，统一社会信用代码 91410100MA44ABCD1F）：以有偿方式向学校输送生源"
    ));
    assert!(text.contains("2024年7月10日 列入； 2024年8月30日 移出"), "{text}");
    // A person: name, date, reason, document, nothing else.
    assert!(
        text.contains(
            "黑名单 王某某 ：冒充学校招生人员收取报名费。 2024年8月12日 列入，依据 示教函〔2024〕21号 黑名单"
        ),
        "{text}"
    );
}

#[test]
fn a_persons_entry_never_shows_the_schools_or_the_removal_date() {
    let site = TestSite::new("valid");
    site.replace(
        ACTIONS,
        "document = \"示教函〔2024〕21号\"",
        "document = \"示教函〔2024〕21号\"\nremoved = 2024-08-31",
    );
    let (_dir, out) = built(&site);
    let text = text_of(&page(&out, "blacklist/index.html"));
    // Removed, so listed with the removed entries, but without its date.
    assert!(
        text.contains("已移出 王某某 ：冒充学校招生人员收取报名费。 2024年8月12日 列入，依据 示教函〔2024〕21号 "),
        "{text}"
    );
    assert!(!text.contains("2024年8月31日"), "{text}");
    // Not on the school it names, not in the open data beyond its four fields.
    let school = page(&out, "2024/units/east-school-a/index.html");
    assert!(school.contains("示例市前程教育咨询有限公司") && !school.contains("王某某"));
    let csv = page(&out, "data/blacklist.csv");
    assert!(
        csv.contains("\r\n2024,王某某,person,,2024-08-12,冒充学校招生人员收取报名费,示教函〔2024〕21号,,,false\r\n"),
        "{csv}"
    );
    let json = page(&out, "data/2024.json");
    let person = &json[json.find("王某某").unwrap()..];
    let person = &person[..person.find('}').unwrap()];
    assert!(
        !person.contains("east-school-a") && !person.contains("2024-08-31"),
        "{person}"
    );
}

#[test]
fn an_involved_school_shows_the_entry_and_home_and_complaint_pages_point_to_the_list() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let b = text_of(&page(&out, "2024/units/east-school-b/index.html"));
    assert!(
        b.contains("涉及本校的校企合作黑名单 已移出 示例市远航人力资源有限公司"),
        "{b}"
    );
    for home in ["index.html", "2024/index.html", "contact/index.html"] {
        let html = page(&out, home);
        assert!(html.contains("办理前可先查询黑名单"), "{home}");
        assert!(html.contains("blacklist/\">校企合作黑名单</a>"), "{home}");
    }
    // Without entries the page still exists and says so.
    let bare = TestSite::new("bare");
    let (_dir, out) = built(&bare);
    assert!(text_of(&page(&out, "blacklist/index.html")).contains("目前没有列入黑名单的中介组织、企业或个人"));
    assert!(page(&out, "data/blacklist.csv").starts_with("\u{feff}year,name,kind,credit_code,date,reason"));
}

#[test]
fn the_search_index_finds_a_blacklisted_name_by_a_part_of_it_or_its_initials() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let index = page(&out, "search/index-0.json");
    assert!(index.contains(
        r#"["示例市前程教育咨询有限公司","91410100MA44ABCD1F","blacklist/#b-2","校企合作黑名单：中介组织","slsqcjyzxyxgs","","",""]"#
    ), "{index}");
    assert!(
        index.contains(r#"["王某某","","blacklist/#b-3","校企合作黑名单：个人","wmm","","",""]"#),
        "{index}"
    );
    assert!(page(&out, "blacklist/index.html").contains("<li id=\"b-2\">"));
}

#[test]
fn the_blacklist_answers_a_name_from_an_index_of_every_entry_and_the_lists_date_and_size() {
    let site = TestSite::new("valid");
    // A name written with a full-width space and letters is the same name once normalised.
    site.replace(
        ACTIONS,
        "name = \"示例市远航人力资源有限公司\"",
        "name = \"示例市远航　人力资源有限公司\"",
    );
    let (_dir, out) = built(&site);
    let index: serde_json::Value = serde_json::from_str(&page(&out, "search/blacklist.json")).unwrap();
    // Listed up to its latest listing or removal (2024-08-30), two in force of three.
    assert_eq!(index["as_of"], "2024年8月30日");
    assert_eq!(index["count"], 2);
    assert_eq!(index["ask"], "拿不准时，请向示例市教育局职业与成人教育处咨询");
    assert_eq!(
        (&index["phone"], &index["tel"]),
        (&"0000-12345678".into(), &"0000-12345678".into())
    );
    assert_eq!(
        index["entries"][1],
        serde_json::json!({
            "name": "示例市前程教育咨询有限公司", "key": "示例市前程教育咨询有限公司",
            "code": "91410100MA44ABCD1F", "kind": "中介组织", "date": "2024年8月10日",
            "reason": "以有偿方式向学校输送生源，向家长收取“保录取”费用", "document": "示教函〔2024〕20号",
            "listed": true, "removed": "", "path": "blacklist/#b-2"
        })
    );
    // A person: only name, date, reason and document (no units, no credit code).
    assert_eq!(
        index["entries"][0],
        serde_json::json!({
            "name": "王某某", "key": "王某某", "code": "", "kind": "个人", "date": "2024年8月12日",
            "reason": "冒充学校招生人员收取报名费", "document": "示教函〔2024〕21号",
            "listed": true, "removed": "", "path": "blacklist/#b-3"
        })
    );
    assert_eq!(index["entries"][2]["key"], "示例市远航人力资源有限公司");
    assert_eq!(
        (&index["entries"][2]["listed"], &index["entries"][2]["removed"]),
        (&false.into(), &"2024年8月30日".into())
    );
    // The page's own box asks the search page without script; no more "press Ctrl+F".
    let html = page(&out, "blacklist/index.html");
    assert!(html.contains("<form id=\"blacklist-form\" class=\"find\" role=\"search\" action=\"../search/\" method=\"get\" data-base=\"../\">"), "{html}");
    assert!(
        html.contains("<input type=\"search\" id=\"blacklist-q\" name=\"q\""),
        "{html}"
    );
    assert!(html.contains("<script src=\"../assets/search."), "{html}");
    assert!(!html.contains("Ctrl+F"), "{html}");
}

#[test]
fn the_words_for_the_blacklist_corrections_and_warnings_pages_lead_to_them() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let index = page(&out, "search/index-0.json");
    for entry in [
        r#"["校企合作黑名单","黑名单 校企合作黑名单 查黑名单 中介 招生中介","blacklist/","查询中介组织、企业或个人是否在黑名单上","hmd xqhzhmd","","",""]"#,
        r#"["更正记录","更正 更正记录 改正 勘误 数字改了","corrections/","已公布的数字改动过的记录","gz gzjl","","",""]"#,
        r#"["2024年警示与处理","警示 警示与处理 警示标注 处理 通报 停止招生 限制招生 压缩招生","2024/actions/","对违规学校的警示、处理和通报","js jsycl","","",""]"#,
        r#""举报 投诉 违规招生"#,
    ] {
        assert!(index.contains(entry), "{entry} missing from {index}");
    }
    // That they come first when typed is the browser suite's (tests/browser/run.mjs).
}

#[test]
fn blacklist_warnings_and_circulars_are_open_data_that_no_spreadsheet_runs() {
    let site = TestSite::new("valid");
    site.replace(
        ACTIONS,
        "reason = \"冒充学校招生人员收取报名费\"",
        "reason = \"=HYPERLINK(\\\"http://x\\\")\"",
    );
    let (_dir, out) = built(&site);
    let csv = page(&out, "data/blacklist.csv");
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{csv}");
    let warnings = page(&out, "data/2024/warnings.csv");
    assert!(warnings.contains(
        "\r\n2024,east-school-b,东区第二职业中专,2024-07-20,超计划招生,压缩招生人数,450,示例省教育厅,示教函〔2024〕12号,2024-08-25,false\r\n"
    ), "{warnings}");
    let circulars = page(&out, "data/2024/circulars.csv");
    assert!(circulars.contains(
        "\r\n2024,praise,2024-09-01,关于 2024 年 8 月中职招生进展情况的通报,示教函〔2024〕9号,city-tech,示例市技术学校\r\n"
    ), "{circulars}");
    let data = page(&out, "data/index.html");
    for f in [
        "data/blacklist.csv",
        "data/2024/warnings.csv",
        "data/2024/circulars.csv",
    ] {
        let bytes = std::fs::read(out.join(f)).unwrap();
        let hash = sunshine::hash::sha256_hex(&bytes);
        assert!(data.contains(f) && data.contains(&hash), "{f}");
    }
    assert!(page(&out, "data/2024.json").contains("\"limit\":450"));
}

const QUOTAS: &str = "data/2024/quotas.toml";

/// The fixture's east-school-b was adjusted from 560 to 500 on 2024-08-20, after both rounds
/// (as of 07-15 and 08-15): the year's pages show the current quota with its history, each round
/// its own quota (560) with the later change, and every rate stays measured against 560.
#[test]
fn an_adjusted_quota_shows_its_history_wherever_it_is_shown_and_a_round_keeps_the_quota_of_its_date() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let unit = text_of(&page(&out, "2024/units/east-school-b/index.html"));
    assert!(
        unit.contains("招生任务 500，2024年8月20日由 560 调整；各月完成率按当月截止日的招生任务计算"),
        "{unit}"
    );
    // 400 of 560, the quota on August 15th, not of the current 500.
    assert!(unit.contains("400 人，完成率 71.4%"), "{unit}");
    for path in ["2024/index.html", "2024/units/east/index.html"] {
        let html = page(&out, path);
        assert!(
            html.contains("<td data-h=\"招生任务\">500<br><small>2024年8月20日由 560 调整</small></td>"),
            "{path}"
        );
    }
    for path in ["2024/reports/2024-07/index.html", "2024/reports/2024-08/index.html"] {
        let html = page(&out, path);
        assert!(
            html.contains("<td data-h=\"招生任务\">560<br><small>此后 2024年8月20日 招生任务调整为 500</small></td>"),
            "{path}"
        );
    }
    // The completion charts' tables: the quota of August's round.
    for path in ["2024/reports/2024-08/index.html", "2024/units/east/index.html"] {
        let text = text_of(&page(&out, path));
        assert!(
            text.contains("东区第二职业中专 400 560（此后 2024年8月20日 招生任务调整为 500） 71.4%"),
            "{path}: {text}"
        );
    }
    let actions = text_of(&page(&out, "2024/actions/index.html"));
    assert!(
        actions
            .contains("东区第二职业中专 ：招生任务由 560 调整为 500。根据生源情况核减招生任务（示教函〔2024〕11号）"),
        "{actions}"
    );
    let csv = page(&out, "data/2024/adjustments.csv");
    assert!(csv.starts_with('\u{feff}'));
    assert!(
        csv.contains("\r\n2024,east-school-b,东区第二职业中专,2024-08-20,560,500,500,根据生源情况核减招生任务,示教函〔2024〕11号\r\n"),
        "{csv}"
    );
    assert!(page(&out, "data/2024.json")
        .contains("\"adjustments\":[{\"unit\":\"east-school-b\",\"date\":\"2024-08-20\",\"was\":560"));
}

#[test]
fn several_adjustments_form_a_history_in_date_order_that_a_comparison_can_ask_for() {
    let site = TestSite::new("valid");
    site.append(
        QUOTAS,
        "\n[[adjustment]]\nunit = \"east-school-b\"\ndate = 2024-07-20\nwas = 600\nreason = \"第一次核减\"\n",
    );
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let model = crate::disclosure::model(site.root());
    let school = model.units.iter().position(|u| u.id == "east-school-b").unwrap();
    assert_eq!(
        model.years[0].earlier_quotas(sunshine::model::UnitId(school)),
        [600, 560]
    );
    let city = model.units.iter().position(|u| u.id == "city-tech").unwrap();
    assert!(model.years[0].earlier_quotas(sunshine::model::UnitId(city)).is_empty());
    let (_dir, out) = built(&site);
    let unit = text_of(&page(&out, "2024/units/east-school-b/index.html"));
    assert!(
        unit.contains("招生任务 500，2024年7月20日由 600 调整为 560；2024年8月20日由 560 调整；"),
        "{unit}"
    );
}

#[test]
fn an_adjustment_that_changes_nothing_or_lies_outside_the_year_is_refused() {
    let site = TestSite::new("valid");
    site.replace(QUOTAS, "was = 560", "was = 500");
    let at = value_at(&site, QUOTAS, "was = 500", "500");
    site.check().assert_error(&at, &["quota（500）相同", "规则 Q08"]);

    let site = TestSite::new("valid");
    site.replace(QUOTAS, "date = 2024-08-20", "date = 2025-01-05");
    let at = value_at(&site, QUOTAS, "date = 2025-01-05", "2025");
    site.check().assert_error(&at, &["不在 2024 年内", "规则 Q09"]);

    let site = TestSite::new("valid");
    site.replace(QUOTAS, "was = 560", "was = -560");
    let at = value_at(&site, QUOTAS, "was = -560", "-560");
    site.check().assert_error(&at, &["was = -560", "规则 Q07"]);
}

#[test]
fn new_measures_adjustments_and_blacklist_entries_are_in_the_feed() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let feed = page(&out, "feed.xml");
    for title in [
        "<title>警示与处理：东区第一职业中专 停止招生</title>",
        "<title>警示与处理：东区第二职业中专 压缩招生人数（已解除）</title>",
        "<title>招生任务调整：东区第二职业中专 由 560 调整为 500</title>",
        "<title>校企合作黑名单：示例市前程教育咨询有限公司</title>",
        "<title>校企合作黑名单：示例市远航人力资源有限公司（已移出）</title>",
        "<title>校企合作黑名单：王某某</title>",
    ] {
        assert!(feed.contains(title), "{title} not in {feed}");
    }
    assert!(
        feed.contains("<link rel=\"alternate\" href=\"/blacklist/#b-2\"/>"),
        "{feed}"
    );
    assert!(
        feed.contains("<link rel=\"alternate\" href=\"/2024/actions/\"/>"),
        "{feed}"
    );
    // The same input gives the same feed.
    let (_dir2, again) = built(&site);
    assert_eq!(feed, page(&again, "feed.xml"));
}

#[test]
fn a_new_sites_commented_measures_blacklist_and_adjustment_build_once_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let bin = env!("CARGO_BIN_EXE_sunshine");
    let new = std::process::Command::new(bin).arg("new").arg(&site).status().unwrap();
    assert_eq!(new.code(), Some(0));
    let year = std::fs::read_dir(site.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.len() == 4)
        .unwrap();
    // With the examples commented out, only the site's stand-ins are refused (15, as listed in
    // diagnostics.rs, a_new_site_is_not_built_until_…).
    let check = std::process::Command::new(bin)
        .args(["check", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("检查未通过：15 个错误"), "{stderr}");
    for file in ["quotas.toml", "actions.toml"] {
        let path = site.join("data").join(&year).join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find("# [[").expect("a commented example");
        let uncommented: String = text[at..].lines().map(|l| format!("{}\n", &l[2..])).collect();
        std::fs::write(&path, format!("{}{uncommented}", &text[..at])).unwrap();
    }
    // Uncommented as they are, the examples' names (某某教育咨询有限公司) are refused too.
    let check = std::process::Command::new(bin)
        .args(["check", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`name` 还是 sunshine new 写的示例“某某教育咨询有限公司”"),
        "{stderr}"
    );
    assert!(stderr.contains("检查未通过：21 个错误"), "{stderr}");
    crate::common::replace_placeholders(&site);
    let build = std::process::Command::new(bin)
        .args(["build", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert_eq!(build.status.code(), Some(0), "{stderr}");
    let read = |rel: String| std::fs::read_to_string(site.join("public").join(rel)).unwrap();
    let qita = text_of(&read(format!("{year}/units/qita/index.html")));
    assert!(qita.contains("压缩招生人数至 150 人"), "{qita}");
    let school = text_of(&read(format!("{year}/units/shi-xinxi/index.html")));
    assert!(
        school.contains(&format!("招生任务 800，{year}年9月10日由 900 调整")),
        "{school}"
    );
    let zhijiao = text_of(&read(format!("{year}/units/dongxian-zhijiao/index.html")));
    assert!(zhijiao.contains("郑州教育咨询有限公司"), "{zhijiao}");
    assert!(text_of(&read("blacklist/index.html".into())).contains("已移出 郑州教育咨询有限公司"));
}

/// The row of `table_html` (one line per row, as the templates write them) that links `path`.
fn row_of<'a>(html: &'a str, path: &str) -> &'a str {
    html.lines()
        .find(|l| l.contains(path) && l.contains("<tr"))
        .unwrap_or_else(|| panic!("no row links {path}"))
}

const STOPPED: &str = "2024/units/east-school-a/";
const STOP_FLAG: &str = "<strong class=\"flag flag-warning\">停止招生</strong>";
const STOP_NOTICE: &str = "该校已被停止招生，不得招生（2024年8月28日起，依据 示教函〔2024〕15号）";

#[test]
fn a_stopped_school_is_flagged_wherever_it_is_listed_or_found() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    // The search index: the school's own entry and the programs it teaches.
    let index: serde_json::Value = serde_json::from_str(&page(&out, "search/index-0.json")).unwrap();
    let entry = |name: &str| {
        index
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e[0] == name)
            .unwrap_or_else(|| panic!("{name} not in the index"))
            .clone()
    };
    assert_eq!(
        entry("东区第一职业中专")[7],
        "停止招生：该校已被停止招生，不得招生（2024年8月28日起，2024年度处理，未解除，依据 示教函〔2024〕15号）"
    );
    assert_eq!(
        entry("护理")[7],
        "东区第一职业中专：停止招生（2024年8月28日起，2024年度处理，未解除）"
    );
    assert_eq!(
        entry("其他学校")[7],
        "限制报名人数至 80 人（2024年8月20日起，2024年度处理，未解除）"
    );
    assert_eq!(entry("东区第二职业中专")[7], "", "its measure was lifted");
    // The programs page: each of its rows says the school may not enrol.
    let programs = page(&out, "2024/programs/index.html");
    let rows: Vec<&str> = programs
        .lines()
        .filter(|l| l.contains("<tr") && l.contains(STOPPED))
        .collect();
    assert_eq!(rows.len(), 2, "护理 and 会计事务");
    for row in rows {
        assert!(row.contains(STOP_FLAG) && row.contains(STOP_NOTICE), "{row}");
    }
    let nursing = text_of(row_of(&programs, STOPPED));
    assert!(
        nursing.contains(&format!(
            "东区第一职业中专 停止招生 {STOP_NOTICE} 中专 200 免学费 3年 720201"
        )),
        "{nursing}"
    );
    // The city table (home and year overview), the district's table and each report table.
    for (file, row_path) in [
        ("index.html", "2024/units/east-school-a/"),
        ("2024/index.html", "2024/units/east-school-a/"),
        ("2024/units/east/index.html", "east-school-a/"),
        ("2024/reports/2024-08/index.html", "2024/units/east-school-a/"),
    ] {
        let html = page(&out, file);
        let row = text_of(row_of(&html, row_path));
        assert!(
            row.contains("东区第一职业中专 停止招生 2024年8月28日起"),
            "{file}: {row}"
        );
    }
    let report = page(&out, "2024/reports/2024-08/index.html");
    assert!(
        text_of(row_of(&report, "2024/units/others/")).contains("其他学校 限制报名人数至 80 人 2024年8月20日起"),
        "{report}"
    );
    // The school's first screen: beside the quota, before its programs and its records.
    let school = text_of(&page(&out, "2024/units/east-school-a/index.html"));
    let at = |s: &str| school.find(s).unwrap_or_else(|| panic!("`{s}` not in {school}"));
    assert!(at("2024年招生任务 400 人") < at("处理措施 停止招生 该校已被停止招生"));
    assert!(
        school.contains(
            "处理措施 停止招生 该校已被停止招生，不得招生（2024年8月28日起，2024年度处理，未解除，依据 示教函〔2024〕15号）。 2024年警示与处理 警示标注 2024年7月25日起，2024年度处理，未解除，示例市教育局作出。"
        ),
        "{school}"
    );
    assert!(at("处理措施 停止招生") < at("累计招生"));
    assert!(at("累计招生") < at("招生专业与计划 停止招生 该校已被停止招生"));
    // The feed: each monthly report names the measures in force.
    let feed = page(&out, "feed.xml");
    assert!(
        feed.contains(
            "正在执行的处理措施：东区第一职业中专 停止招生（2024年8月28日起，2024年度处理，未解除）；其他学校 限制报名人数至 80 人（2024年8月20日起，2024年度处理，未解除）。</summary>"
        ),
        "{feed}"
    );
}

#[test]
fn a_lifted_measure_flags_nothing() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    for file in [
        "2024/index.html",
        "2024/programs/index.html",
        "2024/reports/2024-08/index.html",
    ] {
        let html = page(&out, file);
        let row = row_of(&html, "2024/units/east-school-b/");
        assert!(!row.contains("压缩招生人数"), "{file}: {row}");
    }
}

/// The valid site with a 2025 year: quotas and programs for two schools, no actions.
fn with_2025(site: &TestSite) -> &TestSite {
    site.write(
        "data/2025/quotas.toml",
        "[[quota]]\nunit = \"east-school-a\"\nquota = 300\n\n[[quota]]\nunit = \"city-tech\"\nquota = 500\n",
    )
    .write(
        "data/2025/programs.toml",
        "[[program]]\nunit = \"east-school-a\"\nname = \"护理\"\ntrack = \"three_year\"\nplan = 150\nfee = 0\n",
    )
}

#[test]
fn a_measure_never_lifted_is_in_force_the_next_year_cited_with_its_year() {
    let site = TestSite::new("valid");
    with_2025(&site);
    let (_dir, out) = built(&site);
    let school = text_of(&page(&out, "2025/units/east-school-a/index.html"));
    assert!(
        school.contains(
            "处理措施 停止招生 该校已被停止招生，不得招生（2024年8月28日起，2024年度处理，未解除，依据 示教函〔2024〕15号）。 2024年警示与处理"
        ),
        "{school}"
    );
    assert!(!school.contains("警示标注：无"), "{school}");
    assert!(
        school.contains(
            "警示标注：本年度无新的警示标注；仍在执行：停止招生（2024年8月28日起，2024年度处理，未解除）、警示标注（2024年7月25日起，2024年度处理，未解除）"
        ),
        "{school}"
    );
    // Linked to the year that took it.
    assert!(page(&out, "2025/units/east-school-a/index.html")
        .contains("href=\"../../../2024/actions/\">2024年警示与处理</a>"));
    let programs = page(&out, "2025/programs/index.html");
    assert!(
        row_of(&programs, "2025/units/east-school-a/")
            .contains("该校已被停止招生，不得招生（2024年8月28日起，2024年度处理，未解除，依据 示教函〔2024〕15号）"),
        "{programs}"
    );
    let home = text_of(row_of(&page(&out, "index.html"), "2025/units/east-school-a/"));
    assert!(
        home.contains("停止招生 2024年8月28日起，2024年度处理，未解除"),
        "{home}"
    );
    // The search index (the latest year's) carries it too.
    let index = page(&out, "search/index-0.json");
    assert!(
        index.contains("\"停止招生：该校已被停止招生，不得招生（2024年8月28日起，2024年度处理，未解除，依据 示教函〔2024〕15号）\"]"),
        "{index}"
    );
    // A school with none in force still says 无.
    let other = text_of(&page(&out, "2025/units/city-tech/index.html"));
    assert!(other.contains("警示标注：无") && !other.contains("处理措施"), "{other}");
}

#[test]
fn a_measure_lifted_is_not_carried_into_the_next_year() {
    let site = TestSite::new("valid");
    with_2025(&site);
    site.replace(
        ACTIONS,
        "document = \"示教函〔2024〕15号\"",
        "document = \"示教函〔2024〕15号\"\nlifted = 2024-12-31",
    );
    site.replace(
        ACTIONS,
        "measure = \"警示标注\"",
        "measure = \"警示标注\"\nlifted = 2024-09-30",
    );
    let (_dir, out) = built(&site);
    let school = text_of(&page(&out, "2025/units/east-school-a/index.html"));
    assert!(school.contains("警示标注：无"), "{school}");
    assert!(!school.contains("处理措施") && !school.contains("不得招生"), "{school}");
    assert!(!page(&out, "2025/programs/index.html").contains("停止招生"));
}

#[test]
fn the_home_page_links_the_actions_and_the_corrections() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let home = page(&out, "index.html");
    assert!(home.contains("<a href=\"./2024/actions/\">警示与处理</a>"), "{home}");
    assert!(home.contains("<a href=\"./corrections/\">更正记录</a>"), "{home}");
    // And from the menu of every page, the actions page marked as the reader's place.
    let nav = |html: &str| {
        let start = html.find("<nav aria-label=\"主导航\">").expect("the main navigation");
        html[start..start + html[start..].find("</nav>").unwrap()].to_string()
    };
    let data = nav(&page(&out, "data/index.html"));
    assert!(
        data.contains("<li><a href=\"../2024/actions/\">警示与处理</a></li>"),
        "{data}"
    );
    assert!(
        data.contains("<li><a href=\"../corrections/\">更正记录</a></li>"),
        "{data}"
    );
    let actions = nav(&page(&out, "2024/actions/index.html"));
    assert!(
        actions.contains("<a href=\"../../2024/actions/\" aria-current=\"page\">警示与处理</a>"),
        "{actions}"
    );
}
