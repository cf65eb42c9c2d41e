//! Part 2 of the contract: programs.toml, admissions.toml, page categories and the disclosure
//! record. One test per rule, each at its file:line:col; exact figures of the model.

use std::path::Path;

use crate::common::{cell, TestSite};
use sunshine::model::{Category, FormRecord, Site, Track, UnitId};

const PROGRAMS: &str = "data/2024/programs.toml";
const ADMISSIONS: &str = "data/2024/admissions.toml";
const BROCHURE: &str = "content/city-tech-brochure.md";

#[test]
fn a_program_of_an_unknown_unit_suggests_the_close_id() {
    let site = TestSite::new("valid");
    site.replace(PROGRAMS, "unit = \"city-tech\"", "unit = \"city_tech\"");
    let at = site.at(PROGRAMS, "\"city_tech\"", 0);
    site.check()
        .assert_error(&at, &["\"city_tech\" 不是", "是否想写 \"city-tech\"", "规则 U09"]);
}

#[test]
fn a_program_of_a_unit_without_a_quota_is_refused() {
    let site = TestSite::new("valid");
    site.append(
        PROGRAMS,
        "\n[[program]]\nunit = \"east\"\nname = \"护理\"\ntrack = \"three_year\"\nplan = 10\n",
    );
    site.replace(
        "data/2024/quotas.toml",
        "[[quota]]\nunit = \"east\"\nquota = 1000\n",
        "",
    );
    site.replace("data/2024/quotas.toml", "total = 1600", "total = 1500");
    let at = site.at(PROGRAMS, "\"east\"", 0);
    site.check().assert_error(&at, &["在 2024 年没有招生任务", "规则 G01"]);
}

#[test]
fn a_bad_track_lists_the_four_allowed_words() {
    let site = TestSite::new("valid");
    site.replace(PROGRAMS, "track = \"five_year\"", "track = \"五年一贯制\"");
    let at = site.at(PROGRAMS, "\"五年一贯制\"", 0);
    site.check().assert_error(
        &at,
        &[
            "track = \"五年一贯制\" 不认识",
            "写 \"five_year\"",
            "\"three_year\"（中专）",
            "\"one_year\"（一年制）",
            "规则 G02",
        ],
    );
}

#[test]
fn a_program_code_must_be_six_digits() {
    for bad in ["73030", "7303011", "73O301"] {
        let site = TestSite::new("valid");
        site.replace(PROGRAMS, "code = \"730301\"", &format!("code = \"{bad}\""));
        let at = site.at(PROGRAMS, &format!("\"{bad}\""), 0);
        site.check().assert_error(&at, &["不是六位数字", "规则 G03"]);
    }
}

#[test]
fn a_program_code_written_as_a_number_is_a_type_error_that_says_to_quote_it() {
    let site = TestSite::new("valid");
    site.replace(PROGRAMS, "code = \"730301\"", "code = 730301");
    let at = site.at(PROGRAMS, "730301", 0);
    site.check().assert_error(&at, &["`code`", "code = \""]);
}

#[test]
fn a_plan_must_be_a_positive_integer() {
    let site = TestSite::new("valid");
    site.replace(PROGRAMS, "plan = 200\nyears = 1", "plan = 0\nyears = 1");
    let at = site.at(PROGRAMS, "0\nyears = 1", 0);
    site.check().assert_error(&at, &["plan = 0 不是正整数", "规则 G04"]);
    let site = TestSite::new("valid");
    site.replace(PROGRAMS, "plan = 200\nyears = 1", "plan = 12.5\nyears = 1");
    let at = site.at(PROGRAMS, "12.5", 0);
    site.check().assert_error(&at, &["整数", "规则 T06"]);
}

#[test]
fn the_same_program_and_track_twice_for_one_unit_points_back_to_the_first() {
    let site = TestSite::new("valid");
    site.append(
        PROGRAMS,
        "\n[[program]]\nunit = \"city-tech\"\nname = \"计算机应用\"\ntrack = \"three_year\"\nplan = 1\n",
    );
    let text = site.read(PROGRAMS);
    let first_line = text[..text
        .find("name = \"计算机应用\"\ncode = \"710201\"\ntrack = \"three_year\"")
        .unwrap()]
        .lines()
        .count()
        + 1;
    let at = site.at(PROGRAMS, "\"计算机应用\"", 2);
    site.check()
        .assert_error(&at, &[&format!("已经在第 {first_line} 行写过"), "规则 G05"]);
}

#[test]
fn the_same_program_name_in_two_tracks_is_two_programs() {
    let site = TestSite::new("valid");
    site.append(PROGRAMS, "\n[[program]]\nunit = \"others\"\nname = \"护理\"\ntrack = \"three_year\"\nplan = 50\n\n[[program]]\nunit = \"others\"\nname = \"护理\"\ntrack = \"three_plus_two\"\nplan = 50\n");
    let run = site.run(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn years_and_fee_are_checked() {
    let site = TestSite::new("valid");
    site.replace(PROGRAMS, "years = 1", "years = 0");
    site.replace(PROGRAMS, "fee = 1500", "fee = -1");
    let run = site.check();
    run.assert_error(&site.at(PROGRAMS, "0\nfee = -1", 0), &["学制 years = 0", "规则 G06"]);
    run.assert_error(&site.at(PROGRAMS, "-1\nnote", 0), &["学费 fee = -1", "规则 G07"]);
}

#[test]
fn plans_that_do_not_add_up_to_the_quota_are_a_warning_naming_both() {
    let site = TestSite::new("valid");
    site.replace(PROGRAMS, "plan = 200\nyears = 1", "plan = 150\nyears = 1");
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_diagnostic(
        "warning",
        &site.at(PROGRAMS, "[[program]]", 4),
        &[
            "示例市技术学校",
            "之和 450",
            "中专 300，一年制 150",
            "招生任务 500",
            "相差 -50",
            "规则 W06",
        ],
    );
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
}

#[test]
fn an_admission_of_an_unknown_unit_or_one_without_a_quota_is_refused() {
    let site = TestSite::new("valid");
    site.replace(ADMISSIONS, "unit = \"east-school-a\"", "unit = \"east-school-c\"");
    let at = site.at(ADMISSIONS, "\"east-school-c\"", 0);
    site.check()
        .assert_error(&at, &["不是 data/units.toml 中的任何单位", "规则 U09"]);

    let site = TestSite::new("valid");
    site.append(
        "data/units.toml",
        "\n[[unit]]\nid = \"new-school\"\nname = \"新学校\"\nkind = \"school\"\n",
    );
    site.replace(ADMISSIONS, "unit = \"east-school-a\"", "unit = \"new-school\"");
    let at = site.at(ADMISSIONS, "\"new-school\"", 0);
    site.check().assert_error(&at, &["没有招生任务", "规则 L01"]);
}

#[test]
fn a_negative_admitted_count_is_refused() {
    let site = TestSite::new("valid");
    site.replace(ADMISSIONS, "admitted = 350", "admitted = -1");
    let at = site.at(ADMISSIONS, "-1", 0);
    site.check()
        .assert_error(&at, &["录取人数 admitted = -1 是负数", "规则 R05"]);
}

#[test]
fn two_results_for_one_unit_and_round_are_refused() {
    let site = TestSite::new("valid");
    site.replace(ADMISSIONS, "round = \"第一次补录\"", "round = \"集中录取\"");
    let at = site.at(ADMISSIONS, "\"集中录取\"", 2);
    site.check().assert_error(&at, &["已经在第 9 行写过", "规则 L02"]);
}

#[test]
fn a_list_url_must_be_http_or_https() {
    for bad in ["javascript:alert(1)", "ftp://example.com/x", "www.example.com/lq"] {
        let site = TestSite::new("valid");
        site.replace(ADMISSIONS, "https://example.com/city-tech/lq-2024", bad);
        let at = site.at(ADMISSIONS, &format!("\"{bad}\""), 0);
        site.check()
            .assert_error(&at, &["不是 http:// 或 https:// 开头的网址", "规则 L03"]);
    }
}

#[test]
fn a_bad_category_lists_the_allowed_words() {
    let site = TestSite::new("valid");
    site.replace(BROCHURE, "category = \"brochure\"", "category = \"brochures\"");
    let at = site.at(BROCHURE, "\"brochures\"", 0);
    site.check().assert_error(
        &at,
        &[
            "category = \"brochures\" 不认识",
            "是否想写 `brochure`",
            "\"admissions\"（录取结果）",
            "规则 P09",
        ],
    );
}

#[test]
fn a_page_year_without_data_is_refused() {
    let site = TestSite::new("valid");
    site.replace(BROCHURE, "date = 2024-06-20", "date = 2024-06-20\nyear = 2042");
    let at = site.at(BROCHURE, "2042", 0);
    site.check()
        .assert_error(&at, &["year = 2042 没有招生数据", "2024", "规则 D01"]);
}

pub(crate) fn model(root: &Path) -> Site {
    let checked = sunshine::check(root).expect("readable");
    assert!(checked.errors().next().is_none(), "{:?}", checked.diagnostics);
    checked.site.expect("valid")
}

fn entry_index(site: &Site, id: &str) -> usize {
    let unit = site.units.iter().position(|u| u.id == id).unwrap();
    site.years[0].entry_by_unit[&UnitId(unit)].0
}

#[test]
fn plans_are_summed_by_track_per_school_and_for_the_city() {
    let site = model(&crate::common::fixture("valid"));
    let s = &site.years[0].schools;
    let a = s.by_entry[entry_index(&site, "east-school-a")].plans.unwrap();
    assert_eq!(a.by_type(), [200, 200, 0, 0]);
    let tech = s.by_entry[entry_index(&site, "city-tech")].plans.unwrap();
    assert_eq!(tech.by_type(), [300, 0, 0, 200]);
    assert_eq!(s.by_entry[entry_index(&site, "east")].plans, None);
    assert_eq!(s.plans.by_type(), [800, 200, 200, 200]);
    assert_eq!(s.plans.total(), 1400);
}

#[test]
fn programs_are_grouped_by_name_across_schools() {
    let site = model(&crate::common::fixture("valid"));
    let groups = &site.years[0].schools.program_groups;
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names.len(), 4);
    let nursing = groups.iter().find(|g| g.name == "护理").unwrap();
    assert_eq!(nursing.units, 2);
    assert_eq!(nursing.plans.total(), 500);
    let computing = groups.iter().find(|g| g.name == "计算机应用").unwrap();
    assert_eq!(computing.units, 2);
    assert_eq!(computing.plans.by_type(), [300, 0, 200, 0]);
    let p = &site.years[0].schools.programs[computing.programs[0]];
    assert_eq!(p.track, Track::FiveYear);
}

#[test]
fn the_disclosure_record_counts_items_forms_and_warnings() {
    let site = model(&crate::common::fixture("valid"));
    let year = &site.years[0];
    let tech = &year.schools.by_entry[entry_index(&site, "city-tech")].disclosure;
    let published: Vec<bool> = tech.items.iter().map(|i| i.published).collect();
    // 招生简章 (a brochure page), 招生专业 and 招生计划 (programs.toml), 录取结果 (admissions.toml).
    assert_eq!(published, [true, false, true, true, true]);
    assert_eq!(tech.missing_items(), 1);
    assert_eq!(tech.items[0].date, chrono::NaiveDate::from_ymd_opt(2024, 6, 20));
    assert_eq!(tech.items[4].date, chrono::NaiveDate::from_ymd_opt(2024, 8, 20));
    // Both forms arrived on the deadline day (07-15, 08-15): on time.
    assert_eq!(
        tech.forms,
        FormRecord {
            due: 2,
            on_time: 2,
            late: 0,
            missing: 0,
            rolled_up: 0
        }
    );
    assert_eq!((tech.warnings, tech.warnings_in_force), (0, 0));

    // The district sends no form of its own: its figures are its schools' sums.
    let east = &year.schools.by_entry[entry_index(&site, "east")].disclosure;
    assert_eq!(east.missing_items(), 5);
    assert_eq!(
        east.forms,
        FormRecord {
            due: 2,
            on_time: 0,
            late: 0,
            missing: 0,
            rolled_up: 2
        }
    );

    let others = &year.schools.by_entry[entry_index(&site, "others")].disclosure;
    assert_eq!((others.warnings, others.warnings_in_force), (1, 1));
    assert_eq!(Category::DISCLOSED.len(), others.items.len());
}

#[test]
fn a_page_of_another_year_does_not_count() {
    let site = TestSite::new("valid");
    let before = model(site.root());
    let tech = &before.years[0].schools.by_entry[entry_index(&before, "city-tech")].disclosure;
    assert!(tech.items[0].published);
    assert_eq!(tech.items[0].date, chrono::NaiveDate::from_ymd_opt(2024, 6, 20));
    assert_eq!(tech.missing_items(), 1);
    site.replace(BROCHURE, "date = 2024-06-20", "date = 2023-06-20");
    let after = model(site.root());
    let tech = &after.years[0].schools.by_entry[entry_index(&after, "city-tech")].disclosure;
    assert!(!tech.items[0].published);
    assert_eq!(tech.items[0].date, None);
    assert_eq!(tech.missing_items(), 2);
    // Only the brochure changed: the other items are as they were.
    let published: Vec<bool> = tech.items.iter().map(|i| i.published).collect();
    assert_eq!(published, [false, false, true, true, true]);
}

pub(crate) fn built(site: &TestSite) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, out)
}

pub(crate) fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|_| panic!("{rel} missing"))
}

/// The text of an HTML page, each tag a space, whitespace collapsed: what a reader sees, cells
/// and items apart.
pub(crate) fn text_of(html: &str) -> String {
    let body = &html[html.find("<main").unwrap_or(0)..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_schools_page_shows_its_programs_admissions_and_disclosure_record() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let html = page(&out, "2024/units/city-tech/index.html");
    let text = text_of(&html);
    // Programs: name, track, plan, fee (免学费 for 0), 学制, code; the total against the quota.
    assert!(text.contains("计算机应用 中专 300 免学费 3年 710201"), "{text}");
    assert!(text.contains("数控技术应用 一年制 200 1500 元/年 1年 660103"), "{text}");
    assert!(text.contains("招生计划之和 500 人，招生任务 500 人"), "{text}");
    // Admission results by round, with the link to the published list and the sum.
    assert!(text.contains("集中录取 2024年8月6日 420 查看名单"), "{text}");
    assert!(text.contains("第一次补录 2024年8月20日 30"), "{text}");
    assert!(html.contains("href=\"https://example.com/city-tech/lq-2024\""));
    assert!(text.contains("合计 450"), "{text}");
    // The five items ✓/✗ with dates and where they are.
    assert!(
        text.contains("✓ 已公开 招生简章 2024年6月20日 ： 示例市技术学校 2024 年招生简章"),
        "{text}"
    );
    assert!(text.contains("✗ 未公开 招生政策"), "{text}");
    assert!(text.contains("✓ 已公开 录取结果 2024年8月20日"), "{text}");
    assert!(
        text.contains("月报报送：应报 2 次，按时 2 次，逾期 0 次，未报送 0 次。"),
        "{text}"
    );
    // No warning is said in words, with the date it holds for.
    assert!(text.contains("警示标注：无（截至 2024年9月1日 ）"), "{text}");
    // The city's rate beside the unit's, as a reference.
    assert!(text.contains("完成率 110.0%"), "{text}");
    assert!(text.contains("同期全市完成率 83.8%（供参考）"), "{text}");
}

#[test]
fn a_warned_unit_says_how_many_warnings_and_a_district_lists_its_schools_programs() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let others = text_of(&page(&out, "2024/units/others/index.html"));
    assert!(others.contains("警示标注：1 次"), "{others}");
    let east = text_of(&page(&out, "2024/units/east/index.html"));
    assert!(east.contains("下属学校的招生专业"), "{east}");
    assert!(
        east.contains("护理 东区第一职业中专 停止招生 该校已被停止招生，不得招生（2024年8月28日起，依据 示教函〔2024〕15号） 中专 200 免学费"),
        "{east}"
    );
    assert!(east.contains("计算机应用 东区第二职业中专 五年一贯制 200"), "{east}");
    assert!(
        east.contains("月报报送：应报 2 次，按时 0 次，逾期 0 次，未报送 0 次，由下属单位汇总 2 次。"),
        "{east}"
    );
}

#[test]
fn the_programs_page_goes_from_a_program_to_the_schools_that_teach_it() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let html = page(&out, "2024/programs/index.html");
    let text = text_of(&html);
    assert!(
        text.contains("全市 3 所学校公布了 6 个招生专业，计划招生合计 1,400 人"),
        "{text}"
    );
    // By pinyin as the words are said: 护理 (hu li), 计算机应用 (ji), 会计事务 (kuai ji, not
    // the hui of 会's most common reading), 数控技术应用 (shu).
    let order: Vec<usize> = [
        "护理 （2 所）",
        "计算机应用 （2 所）",
        "会计事务 （1 所）",
        "数控技术应用 （1 所）",
    ]
    .iter()
    .map(|n| text.find(n).unwrap_or_else(|| panic!("{n} in {text}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(text.contains("2 所学校开设，计划招生 500 人。"), "{text}");
    assert!(
        text.contains("东区第一职业中专 停止招生 该校已被停止招生，不得招生（2024年8月28日起，依据 示教函〔2024〕15号） 中专 200 免学费 3年 720201"),
        "{text}"
    );
    assert!(text.contains("东区第二职业中专 中专 300 免学费"), "{text}");
    assert!(
        html.contains("href=\"../../2024/units/east-school-a/\""),
        "links to the school"
    );
}

#[test]
fn the_search_finds_a_program_and_leads_to_its_schools() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let index: serde_json::Value = serde_json::from_str(&page(&out, "search/index-0.json")).unwrap();
    let nursing = index
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[0] == "护理")
        .expect("护理 indexed");
    assert_eq!(nursing[1], "720201");
    assert_eq!(nursing[2], "2024/programs/#p1");
    assert_eq!(nursing[3], "招生专业：东区第一职业中专、东区第二职业中专");
    assert_eq!(nursing[4], "hl");
    assert!(page(&out, "2024/programs/index.html").contains("id=\"p1\">护理<"));
}

#[test]
fn the_disclosure_table_comes_in_two_orders_without_javascript() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let by_notice = text_of(&page(&out, "2024/disclosure/index.html"));
    let by_missing = text_of(&page(&out, "2024/disclosure/missing/index.html"));
    let position = |text: &str, name: &str| text.find(name).unwrap_or_else(|| panic!("{name}"));
    let names = ["东区第一职业中专", "东区第二职业中专", "示例市技术学校", "其他学校"];
    let notice: Vec<usize> = names.iter().map(|n| position(&by_notice, n)).collect();
    assert!(notice.windows(2).all(|w| w[0] < w[1]), "the notice's order");
    // Missing items: 其他学校 5, 东区第二 3, 东区第一 2, 示例市技术学校 1.
    let missing: Vec<usize> = ["其他学校", "东区第二职业中专", "东区第一职业中专", "示例市技术学校"]
        .iter()
        .map(|n| position(&by_missing, &format!("{n} ")))
        .collect();
    assert!(
        missing.windows(2).all(|w| w[0] < w[1]),
        "most missing first: {by_missing}"
    );
    assert!(by_notice.contains("招生简章：1 / 5 个单位已公开"), "{by_notice}");
    assert!(by_notice.contains("录取结果：2 / 5 个单位已公开"), "{by_notice}");
}

#[test]
fn disclosure_programs_and_admissions_are_open_data_with_exact_figures() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let csv = |rel: &str| {
        let bytes = std::fs::read(out.join(rel)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{rel}: BOM");
        String::from_utf8(bytes[3..].to_vec()).unwrap()
    };
    let disclosure = csv("data/2024/disclosure.csv");
    let header: Vec<&str> = disclosure.lines().next().unwrap().split(',').collect();
    for column in [
        "unit",
        "name",
        "brochure",
        "policy",
        "programs",
        "plan",
        "admissions",
        "forms_due",
        "forms_on_time",
        "forms_late",
        "forms_missing",
        "warnings",
        "sample",
    ] {
        assert!(header.contains(&column), "disclosure.csv lacks {column}");
    }
    assert!(
        disclosure.contains(
            "\r\n2024,4,city-tech,示例市技术学校,school,1,2024-06-20,0,,1,1,1,2024-08-20,1,2,2,0,0,0,0,0,false\r\n"
        ),
        "{disclosure}"
    );
    assert!(
        disclosure.contains("\r\n2024,5,others,其他学校,other,0,,0,,0,0,0,,5,2,2,0,0,0,1,1,false\r\n"),
        "{disclosure}"
    );
    let programs = csv("data/2024/programs.csv");
    assert_eq!(programs.lines().count(), 1 + 6);
    assert!(programs.contains("\r\n2024,false,city-tech,示例市技术学校,数控技术应用,660103,one_year,200,1,1500,,招收往届初中毕业生和社会人员\r\n"), "{programs}");
    let admissions = csv("data/2024/admissions.csv");
    assert!(
        admissions.contains("\r\n2024,false,city-tech,示例市技术学校,第一次补录,2024-08-20,30,,\r\n"),
        "{admissions}"
    );
    let data = page(&out, "data/index.html");
    for name in ["programs.csv", "admissions.csv", "disclosure.csv"] {
        assert!(
            data.contains(&format!("href=\"../data/2024/{name}\"")),
            "data page lists {name}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&page(&out, "data/2024.json")).unwrap();
    assert_eq!(json["programs"].as_array().unwrap().len(), 6);
    assert_eq!(json["admissions"][2]["admitted"], 30);
    assert_eq!(cell(&json["disclosure"], 3, "unit"), cell(&json["units"], 3, "id"));
    assert_eq!(cell(&json["disclosure"], 3, "brochure"), true);
    assert_eq!(cell(&json["disclosure"], 3, "forms_on_time"), 2);
}

#[test]
fn sample_programs_and_admissions_carry_a_banner_that_names_them() {
    let site = TestSite::new("valid");
    site.replace(PROGRAMS, "# 招生专业与计划", "sample = true\n# 招生专业与计划");
    let (_dir, out) = built(&site);
    // July and August of the fixture are official figures: only the programs are sample.
    let school = page(&out, "2024/units/east-school-a/index.html");
    assert!(
        school.contains("<strong>示例数据</strong>：本页的招生专业与计划是演示用的示例数据"),
        "{school}"
    );
    let programs = page(&out, "2024/programs/index.html");
    assert!(programs.contains("本页的招生专业与计划是演示用的示例数据"));
    // A unit that shows no program carries no banner.
    assert!(!page(&out, "2024/units/others/index.html").contains("sample-banner"));
    assert!(page(&out, "data/2024/programs.csv").contains(",true,east-school-a,"));
    // Its 招生专业 and 招生计划 are 已公开 only in sample rows: the record says so, and so
    // does the open data (the unit with no program is not marked).
    assert!(
        school.contains("<strong>招生专业</strong> <span class=\"flag flag-sample\">示例数据</span>"),
        "{school}"
    );
    let disclosure = page(&out, "data/2024/disclosure.csv");
    let row = |unit: &str| {
        disclosure
            .lines()
            .find(|l| l.contains(&format!(",{unit},")))
            .unwrap()
            .to_string()
    };
    assert!(row("east-school-a").ends_with(",true"), "{disclosure}");
    assert!(row("others").ends_with(",false"), "{disclosure}");
}

#[test]
fn a_disclosure_record_counting_sample_rounds_is_marked_sample_in_the_open_data() {
    let site = TestSite::new("valid");
    site.mark_sample(7);
    let (_dir, out) = built(&site);
    let disclosure = page(&out, "data/2024/disclosure.csv");
    assert!(disclosure.lines().skip(1).all(|l| l.ends_with(",true")), "{disclosure}");
    let json: serde_json::Value = serde_json::from_str(&page(&out, "data/2024.json")).unwrap();
    assert_eq!(cell(&json["disclosure"], 0, "sample"), true);
    // A search result, read away from the page's banner, says its figures are sample data when
    // the latest round is (August here is official).
    let index = page(&out, "search/index-0.json");
    assert!(!index.contains("（示例数据）"), "{index}");
    // A round published as official may not become sample (C11): another copy, never built.
    let site = TestSite::new("valid");
    site.mark_sample(7).mark_sample(8);
    let (_dir, out) = built(&site);
    let index = page(&out, "search/index-0.json");
    assert!(
        index.contains("\"2024年招生任务 400 人，截至2024年8月15日累计招生 320 人，完成率 80.0%（示例数据）\""),
        "{index}"
    );
}

#[test]
fn tables_of_many_units_are_split_into_linked_pages() {
    // 230 schools with two programs each: past 200 rows a table is paged, past 200 programs each
    // name has its own pages.
    let site = TestSite::new("bare");
    let mut units = String::new();
    let mut quotas = String::from("[[quota]]\nunit = \"s0\"\nquota = 10\n");
    let mut programs = String::new();
    for i in 0..230 {
        units.push_str(&format!(
            "[[unit]]\nid = \"s{i}\"\nname = \"第{i}职业学校\"\nkind = \"school\"\n\n"
        ));
        if i > 0 {
            quotas.push_str(&format!("\n[[quota]]\nunit = \"s{i}\"\nquota = 10\n"));
        }
        for (name, plan) in [("护理", 4), ("会计事务", 6)] {
            programs.push_str(&format!(
                "[[program]]\nunit = \"s{i}\"\nname = \"{name}\"\ntrack = \"three_year\"\nplan = {plan}\n\n"
            ));
        }
    }
    site.remove("content/notices/招生简章.md");
    site.write("data/units.toml", units);
    site.write("data/2025/quotas.toml", quotas);
    site.write("data/2025/programs.toml", programs);
    let (_dir, out) = built(&site);
    let first = page(&out, "2025/disclosure/index.html");
    assert!(first.contains("共 2 页"), "a pager");
    assert!(
        first.contains("href=\"../../2025/disclosure/2/\" rel=\"next\""),
        "{first}"
    );
    let second = text_of(&page(&out, "2025/disclosure/2/index.html"));
    assert!(second.contains("第229职业学校"), "the last unit on page 2");
    assert!(!second.contains("第0职业学校 "), "the first only on page 1");
    assert!(out.join("2025/disclosure/missing/2/index.html").is_file());
    // The index of names links to each name's pages; 护理 has 230 schools: two pages.
    let index = page(&out, "2025/programs/index.html");
    assert!(index.contains("href=\"../../2025/programs/p1/\">护理</a>"), "{index}");
    let nursing = text_of(&page(&out, "2025/programs/p1/index.html"));
    assert!(
        nursing.contains("230 所学校开设，230 个招生专业，计划招生 920 人"),
        "{nursing}"
    );
    assert!(out.join("2025/programs/p1/2/index.html").is_file());
    let search: serde_json::Value = serde_json::from_str(&page(&out, "search/index-0.json")).unwrap();
    let entry = search.as_array().unwrap().iter().find(|e| e[0] == "护理").unwrap();
    assert_eq!(entry[2], "2025/programs/p1/");
    // Every page stays small.
    for (rel, max) in [
        ("2025/disclosure/index.html", 100_000),
        ("2025/programs/p1/index.html", 100_000),
    ] {
        let size = std::fs::metadata(out.join(rel)).unwrap().len();
        assert!(size < max, "{rel} is {size} bytes");
    }
}

#[test]
fn a_page_that_says_it_is_a_notice_is_listed_with_the_notices_wherever_it_lives() {
    let site = TestSite::new("valid");
    site.write(
        "content/about/rules.md",
        "+++\ntitle = \"招生工作规则\"\ndate = 2024-07-01\ncategory = \"notice\"\n+++\n\n正文。\n",
    );
    let (_dir, out) = built(&site);
    let notices = page(&out, "notices/index.html");
    assert!(notices.contains("招生工作规则"), "{notices}");
    // A brochure outside notices/ is not a notice.
    assert!(!notices.contains("示例市技术学校 2024 年招生简章"));
}

#[test]
fn a_program_name_spaced_with_an_ideographic_space_is_the_same_program() {
    let site = TestSite::new("valid");
    // east-school-a already has 护理, three-year; the same written 护　理 is a duplicate.
    site.append(
        PROGRAMS,
        "\n[[program]]\nunit = \"east-school-a\"\nname = \"护　理\"\ntrack = \"three_year\"\nplan = 1\n",
    );
    let text = site.read(PROGRAMS);
    let first_line = text[..text.find("name = \"护理\"").unwrap()].lines().count() + 1;
    let at = site.at(PROGRAMS, "\"护　理\"", 0);
    let run = site.check();
    run.assert_error(&at, &[&format!("已经在第 {first_line} 行写过"), "规则 G05"]);
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn a_program_name_written_with_an_ideographic_space_joins_its_group() {
    let site = TestSite::new("valid");
    // east-school-b's 护理 typed with an ideographic space is still the 护理 of east-school-a.
    site.replace_nth(PROGRAMS, "name = \"护理\"", "name = \"护　理\"", 1);
    let site = model(site.root());
    let groups = &site.years[0].schools.program_groups;
    assert_eq!(groups.len(), 4);
    let nursing = groups.iter().find(|g| g.name == "护理").unwrap();
    assert_eq!((nursing.units, nursing.plans.total()), (2, 500));
}
