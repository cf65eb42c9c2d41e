//! Who answers for a school (招生咨询电话 and 招生第一责任人 of `[[unit]]`), and the words a
//! parent meets on a page (招生任务, 完成率, …) explained where they first appear.

use std::path::PathBuf;

use crate::common::{cell, TestSite};

const UNITS: &str = "data/units.toml";

fn built(site: &TestSite) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, out)
}

fn read(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|_| panic!("{rel} missing"))
}

/// The valid site with a phone and a responsible person for 示例市技术学校 (inline table) and a
/// responsible person for 东区第二职业中专 (a `[unit.responsible]` section).
fn site_with_contacts() -> TestSite {
    let site = TestSite::new("valid");
    site.replace(
        UNITS,
        "website = \"https://example.com/city-tech\"\n",
        "website = \"https://example.com/city-tech\"\nphone = \"0371-12345678 转 8001\"\nresponsible = { name = \"王某某\", title = \"校长\" }\n",
    );
    site.replace(
        UNITS,
        "name = \"东区第二职业中专\"\nkind = \"school\"\nparent = \"east\"\n",
        "name = \"东区第二职业中专\"\nkind = \"school\"\nparent = \"east\"\n\n[unit.responsible]\nname = \"李<某>\"\ntitle = \"副校长\"\n",
    );
    site
}

#[test]
fn a_schools_phone_and_responsible_person_are_on_the_first_screen_of_its_page() {
    let site = site_with_contacts();
    let (_dir, out) = built(&site);
    let page = read(&out, "2024/units/city-tech/index.html");
    // The number as written, dialled without the spaces and 转 (a pause, then the extension).
    assert!(
        page.contains(
            "<div><dt>招生咨询电话</dt><dd><a href=\"tel:0371-12345678,8001\">0371-12345678 转 8001</a></dd></div>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<div><dt>招生第一责任人</dt><dd>王某某（校长）</dd>"),
        "{page}"
    );
    // In the facts at the top, before the first section of the page.
    let facts_end = page.find("</dl>").unwrap();
    assert!(page.find("招生咨询电话").unwrap() < facts_end);
    let other = read(&out, "2024/units/east-school-b/index.html");
    assert!(other.contains("<dd>李&lt;某&gt;（副校长）</dd>"), "{other}");
}

#[test]
fn a_schools_phone_and_responsible_person_are_in_its_open_data() {
    let site = site_with_contacts();
    let (_dir, out) = built(&site);
    let csv = read(&out, "data/2024/quotas.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",quota,document,phone,responsible_name,responsible_title"),
        "new columns at the end: {csv}"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.contains(
            &"2024,4,city-tech,示例市技术学校,school,,500,示教函〔2024〕1号,0371-12345678 转 8001,王某某,校长"
        ),
        "{csv}"
    );
    assert!(
        rows.contains(&"2024,3,east-school-b,东区第二职业中专,school,east,500,示教函〔2024〕1号,,李<某>,副校长"),
        "{csv}"
    );
    assert!(
        rows.contains(&"2024,2,east-school-a,东区第一职业中专,school,east,400,示教函〔2024〕1号,,,"),
        "{csv}"
    );

    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/2024.json")).unwrap();
    let units = &json["units"];
    assert_eq!(cell(units, 3, "id"), "city-tech");
    assert_eq!(cell(units, 3, "phone"), "0371-12345678 转 8001");
    assert_eq!(cell(units, 3, "responsible_name"), "王某某");
    assert_eq!(cell(units, 3, "responsible_title"), "校长");
    assert_eq!(cell(units, 1, "id"), "east-school-a");
    assert_eq!(cell(units, 1, "phone"), &serde_json::Value::Null);
    assert_eq!(cell(units, 1, "responsible_name"), &serde_json::Value::Null);

    // The data package's schema of quotas.csv follows the row declaration.
    let package: serde_json::Value = serde_json::from_str(&read(&out, "data/datapackage.json")).unwrap();
    let quotas = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "2024/quotas.csv")
        .unwrap();
    let fields: Vec<&str> = quotas["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields[fields.len() - 3..],
        ["phone", "responsible_name", "responsible_title"]
    );
}

#[test]
fn a_school_without_them_says_so_and_gives_the_bureaus_numbers() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let page = read(&out, "2024/units/east-school-a/index.html");
    assert!(
        page.contains(
            "<div><dt>招生咨询电话</dt><dd>本校未公布招生咨询电话，可咨询职业与成人教育处 <a href=\"tel:0000-12345678\">0000-12345678</a>；举报违规招生：<a href=\"tel:0000-12345679\">0000-12345679</a></dd></div>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<div><dt>招生第一责任人</dt><dd>本校未公布招生第一责任人</dd>"),
        "{page}"
    );
    // A district bureau and the bucket of other schools are no school: nothing is said.
    for unit in ["east", "others"] {
        let page = read(&out, &format!("2024/units/{unit}/index.html"));
        assert!(
            !page.contains("招生咨询电话") && !page.contains("招生第一责任人"),
            "{unit}"
        );
    }
}

#[test]
fn a_school_phone_is_checked_like_the_sites_phones() {
    let site = TestSite::new("valid");
    site.replace(
        UNITS,
        "website = \"https://example.com/city-tech\"\n",
        "website = \"https://example.com/city-tech\"\nphone = \"0371-12345678（工作日）\"\n",
    );
    let at = site.at(UNITS, "\"0371-12345678（工作日）\"", 0);
    site.check()
        .assert_error(&at, &["电话号码 \"0371-12345678（工作日）\" 的写法不对", "规则 S08"]);
}

#[test]
fn a_responsible_person_needs_both_the_name_and_the_title() {
    let site = TestSite::new("valid");
    site.replace(
        UNITS,
        "website = \"https://example.com/city-tech\"\n",
        "website = \"https://example.com/city-tech\"\nresponsible = { name = \"王某某\" }\n",
    );
    let at = site.at(UNITS, "\"王某某\"", 0);
    let run = site.check();
    run.assert_error(&at, &["招生第一责任人缺少职务 title", "规则 U10"]);
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

/// The `<details>` of explanations on a page, and where it stands.
fn terms(page: &str) -> (usize, &str) {
    let start = page
        .find("<details class=\"terms\">")
        .expect("the page explains its words");
    let end = start + page[start..].find("</details>").unwrap();
    (start, &page[start..end])
}

#[test]
fn the_words_a_parent_meets_are_explained_where_they_first_appear() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let rate = "<dt>完成率</dt><dd>完成率＝累计招生÷招生任务，100% 即完成全年任务。";
    for rel in [
        "index.html",
        "2024/index.html",
        "2024/units/east-school-a/index.html",
        "2024/reports/2024-08/index.html",
    ] {
        let page = read(&out, rel);
        let (at, details) = terms(&page);
        assert_eq!(page.matches("<details class=\"terms\">").count(), 1, "{rel}");
        for word in ["招生任务", "累计招生", "统计截至", "3+2", "五年一贯制"] {
            assert!(details.contains(&format!("<dt>{word}</dt>")), "{rel}: {word}");
        }
        assert!(details.contains(rate), "{rel}: {details}");
        // No monthly 'expected pace' is made up: the notice sets none.
        assert!(details.contains("通知没有规定每月应完成多少"), "{rel}");
        assert!(details.contains("glossary/\">全部名词解释</a>"), "{rel}");
        // Before the first table of figures.
        if let Some(table) = page.find("<table") {
            assert!(at < table, "{rel}");
        }
    }
    // 招生计划 is explained only on a page that shows it.
    let with_plan = read(&out, "2024/units/city-tech/index.html");
    assert!(terms(&with_plan).1.contains("<dt>招生计划</dt>"));
    let report = read(&out, "2024/reports/2024-08/index.html");
    assert!(!terms(&report).1.contains("<dt>招生计划</dt>"));
    let glossary = read(&out, "glossary/index.html");
    assert!(glossary.contains("<dt id=\"as-of\">统计截至</dt>"), "{glossary}");
    assert!(
        glossary.contains("<dt id=\"completion\">招生任务完成率</dt>"),
        "{glossary}"
    );
}
