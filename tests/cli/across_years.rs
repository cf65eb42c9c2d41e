//! 历年情况 (issue 29): a page per unit across every year at `units/<id>/`, their index with the
//! city's rows at `units/`, and data/units-years.csv — on tests/fixtures/two-years (the valid
//! fixture and a 2025 with new quotas, one round, a measure and an admission result). Every
//! figure is checked against the year pages' own text, so the two can never disagree.

use crate::common::TestSite;
use crate::disclosure::{built, page, text_of};

/// The words after `label ` in `text`, up to the next space: `after(t, "累计招生")` → "550".
fn after<'a>(text: &'a str, label: &str) -> &'a str {
    let at = text
        .find(&format!("{label} "))
        .unwrap_or_else(|| panic!("no `{label}` in {text}"))
        + label.len()
        + 1;
    text[at..].split(' ').next().unwrap()
}

/// What a year's page of `unit` shows: (quota, 累计招生, 完成率).
fn year_page_figures(out: &std::path::Path, year: i32, unit: &str) -> (String, String, String) {
    let text = text_of(&page(out, &format!("{year}/units/{unit}/index.html")));
    let quota = after(&text, &format!("{year}年招生任务")).to_string();
    let total = after(&text, "累计招生").to_string();
    let rate = after(&text, "人，完成率").to_string();
    (quota, total, rate)
}

#[test]
fn a_schools_page_across_years_shows_both_years_figures_as_the_year_pages_do() {
    let site = TestSite::new("two-years");
    let (_dir, out) = built(&site);
    for unit in ["city-tech", "east-school-a", "east", "others"] {
        let text = text_of(&page(&out, &format!("units/{unit}/index.html")));
        for year in [2024, 2025] {
            let (quota, total, rate) = year_page_figures(&out, year, unit);
            let row = format!("{year}年 {quota} {total} {rate}");
            assert!(text.contains(&row), "{unit}: `{row}` not in {text}");
        }
    }
    // The figures themselves: 110.0% in 2024, 70.0% in 2025 for the city's technical school.
    let tech = text_of(&page(&out, "units/city-tech/index.html"));
    assert!(tech.contains("2024年 500 550 110.0%"), "{tech}");
    assert!(tech.contains("2025年 1,000 700 70.0%"), "{tech}");
    // A school that did not report in 2025 shows its quota and no figures; its rate of 2024 is
    // measured against the quota in force on 2024-08-15 (560), adjusted to 500 afterwards.
    let b = text_of(&page(&out, "units/east-school-b/index.html"));
    let (_, total, rate) = year_page_figures(&out, 2024, "east-school-b");
    assert!(b.contains(&format!("2024年 560 其后调整为 500 {total} {rate}")), "{b}");
    assert!(b.contains("2025年 500 — — 尚无报送 0 0 1"), "{b}");
    // The chart: an SVG with its text alternative, each year's rate in it.
    let html = page(&out, "units/city-tech/index.html");
    assert!(html.contains("<svg") && html.contains("<title>示例市技术学校历年招生任务完成率</title>"));
    assert!(html.contains("2024年完成率 110.0%（550 / 500 人），2025年完成率 70.0%（700 / 1000 人）"));
}

#[test]
fn the_citys_rows_across_years_are_the_year_pages_city_figures() {
    let site = TestSite::new("two-years");
    let (_dir, out) = built(&site);
    let index = text_of(&page(&out, "units/index.html"));
    for year in [2024, 2025] {
        let text = text_of(&page(&out, &format!("{year}/index.html")));
        let total = after(&text, "累计招生");
        let rate = after(&text, "任务完成率");
        let quota = after(&text, &format!("{total} /"));
        let row = format!("{year}年 {quota} {total} {rate}");
        assert!(index.contains(&row), "`{row}` not in {index}");
    }
    // Every unit is listed, linked to its page.
    let html = page(&out, "units/index.html");
    for unit in ["east", "east-school-a", "east-school-b", "city-tech", "others"] {
        assert!(html.contains(&format!("href=\"{unit}/\"")), "{unit}");
    }
}

#[test]
fn each_years_unit_page_and_the_year_page_link_the_pages_across_years() {
    let site = TestSite::new("two-years");
    let (_dir, out) = built(&site);
    for year in [2024, 2025] {
        let html = page(&out, &format!("{year}/units/city-tech/index.html"));
        assert!(
            html.contains("<a href=\"../../../units/city-tech/\">历年情况</a>"),
            "{year}"
        );
        let html = page(&out, &format!("{year}/index.html"));
        assert!(html.contains("<a href=\"../units/\">各单位历年情况</a>"), "{year}");
    }
    // The search finds the pages across years.
    let index = page(&out, "search/index-0.json");
    assert!(index.contains("\"units/city-tech/\"") && index.contains("\"units/\""));
}

#[test]
fn the_page_across_years_and_units_years_csv_as_published() {
    let site = TestSite::new("two-years");
    let (_dir, out) = built(&site);
    insta::assert_snapshot!("city-tech", text_of(&page(&out, "units/city-tech/index.html")));
    insta::assert_snapshot!("city", text_of(&page(&out, "units/index.html")));
    let csv = page(&out, "data/units-years.csv");
    insta::assert_snapshot!(
        "units-years-csv",
        csv.trim_start_matches('\u{feff}').replace("\r\n", "\n")
    );
}

#[test]
fn units_years_csv_is_typed_in_the_data_package_and_listed_on_the_data_page() {
    let site = TestSite::new("two-years");
    let (_dir, out) = built(&site);
    let package: serde_json::Value = serde_json::from_str(&page(&out, "data/datapackage.json")).unwrap();
    let resource = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "units-years.csv")
        .expect("units-years.csv in the data package");
    let fields = resource["schema"]["fields"].as_array().unwrap();
    let field = |name: &str| fields.iter().find(|f| f["name"] == name).unwrap();
    for (name, kind) in [
        ("year", "integer"),
        ("quota", "integer"),
        ("total", "integer"),
        ("completion_rate_percent", "number"),
        ("as_of", "date"),
        ("forms_late", "integer"),
        ("admitted", "integer"),
        ("sample", "boolean"),
        ("measure_kinds", "string"),
    ] {
        assert_eq!(field(name)["type"], kind, "{name}");
        assert!(field(name)["title"].as_str().is_some_and(|t| !t.is_ascii()), "{name}");
        assert!(
            field(name)["description"].as_str().is_some_and(|t| !t.is_empty()),
            "{name}"
        );
    }
    assert_eq!(field("quota")["constraints"]["minimum"], 0);
    let data = text_of(&page(&out, "data/index.html"));
    assert!(
        data.contains("各单位历年情况（招生任务、完成率、月报报送、处理措施、录取人数）"),
        "{data}"
    );
    assert!(data.contains("units-years.csv（各单位历年情况"), "{data}");
    assert!(
        data.contains("completion_rate_percent 招生任务完成率（%，一位小数）：累计招生"),
        "{data}"
    );
}

#[test]
fn a_content_file_under_units_is_refused_as_the_pages_across_years_address() {
    let site = TestSite::new("valid");
    site.write("content/units/city-tech.md", "+++\ntitle = \"学校介绍\"\n+++\n\n正文\n");
    let run = site.check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_diagnostic(
        "error",
        "content/units/city-tech.md",
        &["与程序生成的页面冲突", "各单位历年情况", "规则 P05"],
    );
}
