//! Dates that say what they mean: 数据截至 (as_of), 发布日期 (`published`), 下次更新 (the
//! reporting rule and the rounds present), the release calendar, and pages without figures that
//! carry no data date.

use crate::common::TestSite;

const AUGUST: &str = "data/2024/reports/2024-08.toml";

/// Built into public/; the first build says the published record starts there (the rounds'
/// `published` dates lie in the past, and a copy of the fixture has no published.lock).
fn built(site: &TestSite) -> impl Fn(&str) -> String + '_ {
    let out = site.root().join("public");
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    if !site.root().join("published.lock").exists() {
        args.extend(["--history-starts-here", "测试：月报的发布日期早于今天"]);
    }
    let run = site.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    move |rel: &str| site.read(&format!("public/{rel}"))
}

#[test]
fn publication_date_cut_off_and_next_round_are_shown_apart() {
    let site = TestSite::new("valid");
    site.replace(
        AUGUST,
        "as_of = 2024-08-15",
        "as_of = 2024-08-15\npublished = 2024-08-16",
    );
    let out = built(&site);
    let footer = "数据截至 <time datetime=\"2024-08-15\">2024年8月15日</time>　发布日期 <time datetime=\"2024-08-16\">2024年8月16日</time>　下次更新：<time datetime=\"2024-09-15\">2024年9月15日</time>前";
    for page in [
        "index.html",
        "2024/index.html",
        "2024/reports/2024-08/index.html",
        "2024/units/city-tech/index.html",
    ] {
        assert!(out(page).contains(footer), "{page}: {}", out(page));
    }
    assert!(out("2024/reports/2024-08/index.html")
        .contains("本表发布日期 <time datetime=\"2024-08-16\">2024年8月16日</time>"));
    // July's page gives July's cut-off, and no publication date it does not have.
    let july = out("2024/reports/2024-07/index.html");
    assert!(
        july.contains("数据截至 <time datetime=\"2024-07-15\">2024年7月15日</time>　下次更新"),
        "{july}"
    );
    // Pages without figures carry no data date: a notice shows its own.
    for page in ["contact/index.html", "glossary/index.html", "notices/index.html"] {
        assert!(
            !out(page).contains("数据截至") && !out(page).contains("数据最后更新"),
            "{page}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&out("data/2024.json")).unwrap();
    assert_eq!(json["rounds"][1]["published"], "2024-08-16");
    assert_eq!(json["rounds"][0]["published"], serde_json::Value::Null);
}

#[test]
fn the_calendar_lists_each_round_due_published_on_time_or_late() {
    let site = TestSite::new("valid");
    site.replace(
        AUGUST,
        "as_of = 2024-08-15",
        "as_of = 2024-08-15\npublished = 2024-08-18",
    );
    site.replace(
        "data/2024/reports/2024-07.toml",
        "as_of = 2024-07-15",
        "as_of = 2024-07-15\npublished = 2024-07-15",
    );
    let out = built(&site);
    let year = out("2024/index.html");
    let row = |month: &str, rest: &str| format!("{month}</a></th><td data-h=\"报送截止\"><time datetime=\"{rest}");
    assert!(year.contains("<h2 id=\"calendar-title\">发布日程</h2>"), "{year}");
    // Forms due on the 15th, the round to be published within 5 days (the default): by the 20th.
    assert!(year.contains(&row("7月", "2024-07-15\">2024年7月15日</time></td><td data-h=\"应发布日期\"><time datetime=\"2024-07-20\">2024年7月20日</time></td><td data-h=\"发布日期\"><time datetime=\"2024-07-15\">2024年7月15日</time></td><td data-h=\"情况\">按时</td>")), "{year}");
    assert!(year.contains(&row("8月", "2024-08-15\">2024年8月15日</time></td><td data-h=\"应发布日期\"><time datetime=\"2024-08-20\">2024年8月20日</time></td><td data-h=\"发布日期\"><time datetime=\"2024-08-18\">2024年8月18日</time></td><td data-h=\"情况\">按时</td>")), "{year}");
    assert!(year.contains("<th scope=\"row\">12月</th><td data-h=\"报送截止\"><time datetime=\"2024-12-15\">2024年12月15日</time></td><td data-h=\"应发布日期\"><time datetime=\"2024-12-20\">2024年12月20日</time></td><td data-h=\"发布日期\">—</td><td data-h=\"情况\">未发布</td>"), "{year}");
    // With publish_days = 1, August's round published on the 18th is 2 days late.
    site.replace(
        "data/site.toml",
        "deadline_day = 15",
        "deadline_day = 15\npublish_days = 1",
    );
    let out = built(&site);
    let year = out("2024/index.html");
    assert!(year.contains(&row("8月", "2024-08-15\">2024年8月15日</time></td><td data-h=\"应发布日期\"><time datetime=\"2024-08-16\">2024年8月16日</time></td><td data-h=\"发布日期\"><time datetime=\"2024-08-18\">2024年8月18日</time></td><td data-h=\"情况\"><span class=\"flag flag-late\">晚 2 天</span>")), "{year}");
}

#[test]
fn a_publication_rule_outside_0_to_31_days_is_refused() {
    let site = TestSite::new("valid");
    site.replace(
        "data/site.toml",
        "deadline_day = 15",
        "deadline_day = 15\npublish_days = 40",
    );
    let at = site.at("data/site.toml", "40", 0);
    site.check()
        .assert_error(&at, &["发布期限 publish_days = 40 不在 0–31 天之间", "规则 S09"]);
}

#[test]
fn no_next_round_once_the_years_months_are_all_in() {
    let site = TestSite::new("valid");
    site.replace("data/site.toml", "months = [7, 8, 9, 10, 11, 12]", "months = [7, 8]");
    let out = built(&site);
    assert!(!out("2024/index.html").contains("下次更新"));
    assert!(out("2024/index.html").contains("数据截至 <time datetime=\"2024-08-15\">"));
}

#[test]
fn import_records_the_publication_date() {
    let site = TestSite::new("valid");
    site.write(
        "form.csv",
        "序号,单位名称,招生任务,总数,中专人数,3+2人数,五年一贯制人数,一年制人数,报送日期\n1,东区第一职业中专,400,330,260,40,20,10,2024-09-10\n",
    );
    let form = site.root().join("form.csv");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .args([
            "import",
            form.to_str().unwrap(),
            "--year",
            "2024",
            "--month",
            "9",
            "--as-of",
            "2024-09-15",
            "--root",
        ])
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", "1726444800") // 2024-09-16
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = site.read("data/2024/reports/2024-09.toml");
    assert!(text.contains("\npublished = 2024-09-16\n"), "{text}");
}

const FORM_HEADER: &str = "序号,单位名称,招生任务,总数,中专人数,3+2人数,五年一贯制人数,一年制人数,报送日期\n";

fn import(site: &TestSite, cells: &str, month: &str) -> crate::common::Run {
    site.write("form.csv", format!("{FORM_HEADER}{cells}"));
    let form = site.root().join("form.csv");
    let as_of = format!("2024-{month}-15");
    site.run(&[
        "import",
        form.to_str().unwrap(),
        "--year",
        "2024",
        "--month",
        month,
        "--as-of",
        &as_of,
    ])
}

#[test]
fn import_warns_when_every_figure_is_last_months() {
    let site = TestSite::new("valid");
    let cells = "1,东区第一职业中专,400,320,250,40,20,10,2024-09-10\n\
                 2,东区第二职业中专,500,400,300,60,10,30,2024-09-11\n\
                 3,示例市技术学校,500,550,400,100,30,20,2024-09-15\n\
                 4,其他学校,100,70,60,10,0,0,2024-09-13\n";
    let run = import(&site, cells, "09");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let form = site.root().join("form.csv").display().to_string();
    run.assert_diagnostic(
        "warning",
        &format!("{form}:2:5"),
        &["单元格 E2:H5", "与 8 月的完全相同", "规则 I05"],
    );
    // One figure moved: no warning.
    let site = TestSite::new("valid");
    let run = import(&site, &cells.replacen("250", "260", 1).replacen("320", "330", 1), "09");
    assert!(!run.stderr.contains("I05"), "{}", run.stderr);
}

#[test]
fn import_warns_of_a_form_dated_by_the_previous_deadline() {
    let site = TestSite::new("valid");
    let run = import(&site, "1,东区第一职业中专,400,330,260,40,20,10,2024-08-15\n", "09");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let form = site.root().join("form.csv").display().to_string();
    run.assert_diagnostic(
        "warning",
        &format!("{form}:2:9"),
        &["单元格 I2", "2024-08-15", "报送截止日 2024-08-15", "规则 I06"],
    );
    let site = TestSite::new("valid");
    let run = import(&site, "1,东区第一职业中专,400,330,260,40,20,10,2024-08-16\n", "09");
    assert!(!run.stderr.contains("I06"), "{}", run.stderr);
}

#[test]
fn import_warns_of_a_round_older_than_the_latest() {
    let site = TestSite::new("valid");
    let run = import(&site, "1,东区第一职业中专,400,100,80,10,5,5,2024-06-10\n", "06");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let form = site.root().join("form.csv").display().to_string();
    run.assert_diagnostic(
        "warning",
        &format!("{form}:2:2"),
        &["2024 年 6 月", "早于已有的最新一轮 8 月", "规则 I07"],
    );
}

#[test]
fn the_sample_banner_names_the_sample_rounds_when_real_ones_are_beside_them() {
    let site = TestSite::new("valid");
    site.mark_sample(7);
    let out = built(&site);
    let named = "月度招生人数与报送情况中7月为示例数据，其余月份为正式数据。";
    for page in ["index.html", "2024/index.html", "2024/units/east-school-a/index.html"] {
        let html = out(page);
        assert!(
            html.contains("<strong>示例数据</strong>") && html.contains(named),
            "{page}"
        );
    }
    // Beside a real round, the sample one is flagged in the month table and in the overview's
    // list of rounds; the real one is not.
    let school = out("2024/units/east-school-a/index.html");
    let row = |md: &str| {
        school
            .split("<tr>")
            .find(|r| r.contains(&format!(">{md}</a>")))
            .unwrap()
            .to_string()
    };
    assert!(row("7月15日").contains("flag-sample"), "{school}");
    assert!(!row("8月15日").contains("flag-sample"), "{school}");
    assert!(out("2024/index.html").contains("<span class=\"flag flag-sample\">示例数据</span></li>"));
    // Only the pages that show sample figures carry the banner: not the real round's page.
    assert!(out("2024/reports/2024-07/index.html").contains("<strong>示例数据</strong>"));
    assert!(!out("2024/reports/2024-08/index.html").contains("<strong>示例数据</strong>"));
    // All rounds sample: the banner needs no months.
    let all = TestSite::new("valid");
    all.mark_sample(7);
    all.mark_sample(8);
    let out = built(&all);
    assert!(out("2024/index.html").contains("<strong>示例数据</strong>"));
    assert!(!out("2024/index.html").contains("其余月份为正式数据"));
    // …and no row repeats it.
    assert!(!out("2024/units/east-school-a/index.html").contains("flag-sample"));
    assert!(!out("2024/index.html").contains("flag-sample\">示例数据</span></li>"));
}
