//! Figures as they were published (issue 25): a round's rates and totals are measured against
//! the quota in force on its `as_of` date, so a later `[[adjustment]]` changes the quota from
//! then on and never a figure already published; the round's page notes the later change.
//!
//! The site: the valid fixture with a 2025 year of 1,700 places (city-tech 700), whose July
//! round (as of 2025-07-15, published 2025-07-18) put the city at 677 = 39.8 % of 1,700. On
//! 2025-08-20 city-tech's quota is raised to 750 (the city's to 1,750); August's round is as of
//! 2025-08-25.

use std::path::PathBuf;

use crate::common::TestSite;

const QUOTAS: &str = "data/2025/quotas.toml";
const JULY: &str = "2025/reports/2025-07/index.html";
const AUGUST: &str = "2025/reports/2025-08/index.html";

const QUOTAS_2025: &str = r#"document = "示教函〔2025〕1号"
issued = 2025-07-01
total = 1700

[[quota]]
unit = "east"
quota = 900

[[quota]]
unit = "east-school-a"
quota = 400

[[quota]]
unit = "east-school-b"
quota = 500

[[quota]]
unit = "city-tech"
quota = 700

[[quota]]
unit = "others"
quota = 100
"#;

/// One row of a report: the four counts and their total.
fn row(unit: &str, [a, b, c, d]: [u32; 4]) -> String {
    format!(
        "\n[[row]]\nunit = \"{unit}\"\nthree_year = {a}\nthree_plus_two = {b}\nfive_year = {c}\none_year = {d}\ntotal = {}\n",
        a + b + c + d
    )
}

/// July: 150 + 180 + 300 + 47 = 677.
fn july() -> String {
    let rows = [
        row("east-school-a", [120, 20, 10, 0]),
        row("east-school-b", [140, 30, 0, 10]),
        row("city-tech", [220, 50, 20, 10]),
        row("others", [47, 0, 0, 0]),
    ];
    format!("as_of = 2025-07-15\npublished = 2025-07-18\n{}", rows.concat())
}

/// August: 260 + 320 + 600 + 70 = 1,250.
fn august() -> String {
    let rows = [
        row("east-school-a", [200, 40, 15, 5]),
        row("east-school-b", [250, 50, 5, 15]),
        row("city-tech", [450, 100, 30, 20]),
        row("others", [60, 10, 0, 0]),
    ];
    format!("as_of = 2025-08-25\n{}", rows.concat())
}

/// The quota raised on 2025-08-20, with its record.
fn adjust(site: &TestSite) {
    site.replace(QUOTAS, "total = 1700", "total = 1750");
    site.replace(QUOTAS, "quota = 700", "quota = 750");
    site.append(
        QUOTAS,
        "\n[[adjustment]]\nunit = \"city-tech\"\ndate = 2025-08-20\nwas = 700\nreason = \"新增校区，核增招生任务\"\ndocument = \"示教函〔2025〕9号\"\n",
    );
}

/// Builds into the site's public/; the first build starts the published record, since July
/// 2025 says it was published days ago (rule C14).
fn build(site: &TestSite) -> PathBuf {
    let run = if site.root().join("published.lock").exists() {
        site.run(&["build"])
    } else {
        site.run(&["build", "--history-starts-here", "测试站点第一次生成"])
    };
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.root().join("public")
}

fn page(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

/// The text of a page's main part, tags as spaces (see `disclosure::text_of`).
fn text(out: &std::path::Path, rel: &str) -> String {
    crate::disclosure::text_of(&page(out, rel))
}

/// The valid fixture with the 2025 year and its July round.
fn with_july() -> TestSite {
    let site = TestSite::new("valid");
    site.write(QUOTAS, QUOTAS_2025);
    site.write("data/2025/reports/2025-07.toml", july());
    site
}

/// [`with_july`], built and so published.
fn published_july() -> (TestSite, PathBuf) {
    let site = with_july();
    let out = build(&site);
    (site, out)
}

/// The July page's figures as published: the city's line, city-tech's row and the total row.
const JULY_CITY: &str = "全市累计招生 677 人，占全年招生任务 1,700 人的 39.8%";
const JULY_TECH: &str = "示例市技术学校 700 300 220 50 20 10 42.9%";
const JULY_TOTAL: &str = "全市合计 1,700 677 527 100 30 20 39.8%";

#[test]
fn a_later_adjustment_leaves_the_published_round_as_it_was_and_the_round_notes_it() {
    let (site, out) = published_july();
    let before = text(&out, JULY);
    for figures in [JULY_CITY, JULY_TECH, JULY_TOTAL] {
        assert!(before.contains(figures), "{figures}: {before}");
    }
    assert!(!before.contains("此后"), "{before}");

    adjust(&site);
    site.write("data/2025/reports/2025-08.toml", august());
    let out = build(&site);
    let after = text(&out, JULY);
    // The same figures, each quota with its later change beside it.
    assert!(
        after.contains(
            "全市累计招生 677 人，占全年招生任务 1,700 人的 39.8% （此后 2025年8月20日 全市招生任务调整为 1,750）"
        ),
        "{after}"
    );
    assert!(
        after.contains("示例市技术学校 700 此后 2025年8月20日 招生任务调整为 750 300 220 50 20 10 42.9%"),
        "{after}"
    );
    assert!(
        after.contains("全市合计 1,700 此后 2025年8月20日 全市招生任务调整为 1,750 677 527 100 30 20 39.8%"),
        "{after}"
    );
    assert!(after.contains("本表发布日期 2025年7月18日"), "{after}");
    assert!(!after.contains("1,750 人的") && !after.contains("38.7%"), "{after}");
    // Units whose quota did not change carry no note (this one carries its 2024 stop, never lifted).
    assert!(
        after.contains("东区第一职业中专 停止招生 2024年8月28日起，2024年度处理，未解除 400 150 120 20 10 0 37.5%"),
        "{after}"
    );

    // August is as of a day after the change: the new quota, and nothing to note.
    let august = text(&out, AUGUST);
    assert!(
        august.contains("全市累计招生 1,250 人，占全年招生任务 1,750 人的 71.4%"),
        "{august}"
    );
    assert!(
        august.contains("示例市技术学校 750 2025年8月20日由 700 调整 600 450 100 30 20 80.0%"),
        "{august}"
    );
    assert!(august.contains("全市合计 1,750 1,250"), "{august}");
    assert!(!august.contains("此后"), "{august}");

    // The unit's page: each month's rate against that month's quota.
    let unit = text(&out, "2025/units/city-tech/index.html");
    assert!(
        unit.contains("招生任务 750，2025年8月20日由 700 调整；各月完成率按当月截止日的招生任务计算"),
        "{unit}"
    );
    assert!(unit.contains("7月15日 300 220 50 20 10 42.9%"), "{unit}");
    assert!(unit.contains("8月25日 600 450 100 30 20 80.0%"), "{unit}");

    // The year's page shows the current quota; its rates are August's, against it.
    let year = text(&out, "2025/index.html");
    assert!(year.contains("1,250 / 1,750 人"), "{year}");
    assert!(
        year.contains("示例市技术学校 学校 750 2025年8月20日由 700 调整 600"),
        "{year}"
    );
    assert!(year.contains("累计 677 人，完成率 39.8%"), "{year}");
    assert!(year.contains("累计 1,250 人，完成率 71.4%"), "{year}");

    // Open data: each round's row with the quota it was measured against.
    let csv = page(&out, "data/2025/reports.csv");
    assert!(
        csv.contains(
            "\r\n2025,7,2025-07-15,false,4,city-tech,示例市技术学校,700,220,50,20,10,300,42.9,reported,,false,\r\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(
            "\r\n2025,8,2025-08-25,false,4,city-tech,示例市技术学校,750,450,100,30,20,600,80.0,reported,,false,\r\n"
        ),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&page(&out, "data/2025.json")).unwrap();
    assert_eq!(json["quota"], 1750);
    let rounds = json["rounds"].as_array().unwrap();
    let city = |r: usize| {
        (
            rounds[r]["city_total"].as_u64().unwrap(),
            rounds[r]["city_quota"].as_u64().unwrap(),
            rounds[r]["city_completion_rate_percent"].as_f64().unwrap(),
        )
    };
    assert_eq!(city(0), (677, 1700, 39.8));
    assert_eq!(city(1), (1250, 1750, 71.4));
    let tech = |r: usize| {
        (
            crate::common::cell(&rounds[r]["rows"], 3, "quota").clone(),
            crate::common::cell(&rounds[r]["rows"], 3, "completion_rate_percent").clone(),
        )
    };
    assert_eq!(tech(0), (serde_json::json!(700), serde_json::json!(42.9)));
    assert_eq!(tech(1), (serde_json::json!(750), serde_json::json!(80.0)));
    // The feed's entry of July says what July's page says.
    let feed = page(&out, "feed.xml");
    assert!(
        feed.contains("截至2025年7月15日，累计招生 677 人，完成全年任务 1700 人的 39.8%。"),
        "{feed}"
    );
}

#[test]
fn an_adjustment_dated_on_or_before_a_rounds_date_applies_to_it() {
    let site = with_july();
    adjust(&site);
    // Dated on July's own date: in force that day.
    site.replace(QUOTAS, "date = 2025-08-20", "date = 2025-07-15");
    let checked = sunshine::check(site.root()).unwrap();
    let model = checked.site.expect("valid");
    let year = model.years.iter().find(|y| y.year == 2025).unwrap();
    assert_eq!(year.rounds[0].quota, 1750);
    assert_eq!(year.rounds[0].city_completion.unwrap().to_string(), "38.7%");
    site.replace(QUOTAS, "date = 2025-07-15", "date = 2025-07-16");
    let model = sunshine::check(site.root()).unwrap().site.expect("valid");
    let year = model.years.iter().find(|y| y.year == 2025).unwrap();
    assert_eq!(year.rounds[0].quota, 1700);
    assert_eq!(year.rounds[0].city_completion.unwrap().to_string(), "39.8%");
    let tech = model.units.iter().position(|u| u.id == "city-tech").unwrap();
    let entry = year.entry_of(sunshine::model::UnitId(tech)).unwrap();
    assert_eq!((entry.quota, entry.progress[0].quota), (750, 700));
    assert_eq!(entry.progress[0].completion.unwrap().to_string(), "42.9%");
}
