//! Warning rules: printed with a position, exit 0; `--strict` turns them into errors.

use crate::common::TestSite;

const JULY: &str = "data/2024/reports/2024-07.toml";
const AUGUST: &str = "data/2024/reports/2024-08.toml";

fn warned(site: &TestSite, at: &str, parts: &[&str]) {
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_diagnostic("warning", at, parts);
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "--strict must fail: {}", strict.stderr);
}

#[test]
fn a_form_submitted_after_the_deadline_is_late() {
    let site = TestSite::new("valid");
    site.replace(AUGUST, "submitted = 2024-08-15", "submitted = 2024-08-16");
    let at = site.at(AUGUST, "2024-08-16", 0);
    warned(&site, &at, &["示例市技术学校", "逾期", "2024-08-15"]);
}

#[test]
fn an_accepted_late_form_is_still_late_on_the_site_but_strict_passes() {
    let site = TestSite::new("valid");
    site.replace(
        AUGUST,
        "submitted = 2024-08-15",
        "submitted = 2024-08-16\nlate_ok = true",
    );
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
    assert!(!strict.stderr.contains("逾期"), "{}", strict.stderr);
    let out = tempfile::tempdir().unwrap();
    let built = site.run(&["build", "--out", out.path().to_str().unwrap()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = std::fs::read_to_string(out.path().join("2024/units/city-tech/index.html")).unwrap();
    assert!(page.contains("逾期"), "the unit page still says the form was late");
}

#[test]
fn a_warning_about_an_earlier_month_is_one_line_on_build_and_in_full_on_check() {
    let site = TestSite::new("valid");
    site.replace(JULY, "submitted = 2024-07-15", "submitted = 2024-07-18");
    let out = tempfile::tempdir().unwrap();
    let built = site.run(&["build", "--out", out.path().to_str().unwrap()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(
        !built.stderr.contains("warning: data/2024/reports/2024-07.toml"),
        "{}",
        built.stderr
    );
    let notes: Vec<&str> = built
        .stderr
        .lines()
        .filter(|l| l.starts_with("note: 以前月份"))
        .collect();
    assert_eq!(
        notes,
        ["note: 以前月份的月报还有 1 个警告（2024-07 月报 1 个），当月已提示过，这里不再逐条列出；运行 sunshine check 可逐条查看"]
    );
    let at = site.at(JULY, "2024-07-18", 0);
    warned(&site, &at, &["示例市技术学校", "逾期"]);
}

#[test]
fn a_form_on_the_deadline_day_is_on_time() {
    let site = TestSite::new("valid");
    // city-tech submits on the 15th in the fixture.
    let run = site.run(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_unit_with_a_quota_and_no_row_has_not_reported() {
    let site = TestSite::new("valid");
    let text = site.read(AUGUST);
    let start = text.find("[[row]]\nunit = \"others\"").unwrap();
    site.write(AUGUST, &text[..start]);
    warned(&site, &format!("{AUGUST}:1:1"), &["未报送", "其他学校（others）"]);
}

#[test]
fn a_parent_without_a_row_is_rolled_up_not_missing() {
    // The fixture's "east" has no row of its own; its schools report.
    let site = TestSite::new("valid");
    for month in ["07", "08"] {
        let report = site.read(&format!("data/2024/reports/2024-{month}.toml"));
        assert!(
            !report.contains("unit = \"east\""),
            "the fixture gave east a row in {month}"
        );
    }
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("未报送"), "{}", run.stderr);
    // In the model its figures for both rounds are its schools' sums.
    let checked = sunshine::check(site.root()).unwrap();
    let model = checked.site.as_ref().expect("the valid fixture makes a model");
    let year = &model.years[0];
    let east = year
        .entries
        .iter()
        .find(|e| model.units[e.unit].id.as_str() == "east")
        .expect("east has a quota");
    let statuses: Vec<sunshine::model::Status> = east.progress.iter().map(|p| p.status).collect();
    assert_eq!(statuses, [sunshine::model::Status::RolledUp; 2]);
}

#[test]
fn a_cumulative_figure_lower_than_the_month_before_is_flagged() {
    let site = TestSite::new("valid");
    site.replace(
        AUGUST,
        "three_plus_two = 10\nfive_year = 0\none_year = 0\ntotal = 70",
        "three_plus_two = 0\nfive_year = 0\none_year = 0\ntotal = 60",
    );
    let at = site.at(AUGUST, "[[row]]\nunit = \"others\"", 0);
    // 3+2 stays 0 → 0 does not fall; make the 中专 fall instead.
    site.replace(AUGUST, "three_year = 60", "three_year = 20");
    site.replace(AUGUST, "total = 60", "total = 20");
    warned(&site, &at, &["比上月少", "中专人数 30 → 20"]);
}

#[test]
fn completion_above_150_percent_is_flagged() {
    let site = TestSite::new("valid");
    site.replace(AUGUST, "three_year = 400", "three_year = 4000");
    site.replace(AUGUST, "total = 550", "total = 4150");
    let at = site.at(AUGUST, "[[row]]\nunit = \"city-tech\"", 0);
    warned(&site, &at, &["830.0%", "4150 / 500"]);
}

#[test]
fn warnings_do_not_hide_the_success_line() {
    let site = TestSite::new("valid");
    site.replace(JULY, "submitted = 2024-07-15", "submitted = 2024-07-20");
    let run = site.check();
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("1 个警告"), "{}", run.stdout);
}

#[test]
fn a_parents_own_row_below_its_schools_sum_is_a_warning_naming_both_figures() {
    let site = TestSite::new("valid");
    site.append(
        AUGUST,
        "\n[[row]]\nunit = \"east\"\nthree_year = 10\nthree_plus_two = 0\nfive_year = 0\none_year = 0\nsubmitted = 2024-08-12\n",
    );
    let at = site.at(AUGUST, "[[row]]", 4);
    // The schools' rows add up to 320 + 400 = 720.
    warned(&site, &at, &["东区", "10", "720", "下属单位合计"]);
    let checked = sunshine::check(site.root()).unwrap();
    let model = checked.site.unwrap();
    let year = &model.years[0];
    let east = year.entries.iter().find(|e| model.units[e.unit].id == "east").unwrap();
    assert_eq!(
        east.progress[1].figures.total(),
        720,
        "the parent shows its schools' sum"
    );
}

#[test]
fn a_rolled_up_rate_above_150_percent_is_a_warning_too() {
    let site = TestSite::new("valid");
    // east-school-a: 1200 of 400; with east-school-b's 400, east (no row of its own) rolls up
    // 1600 of 1000 = 160.0 %.
    site.replace(AUGUST, "three_year = 250", "three_year = 1130");
    site.replace(AUGUST, "total = 320", "total = 1200");
    warned(
        &site,
        &format!("{AUGUST}:1:1"),
        &["东区（下属汇总）", "160.0%", "1600 / 1000"],
    );
}

#[test]
fn a_site_going_live_without_its_footer_identifiers_is_warned() {
    let site = TestSite::new("valid");
    site.replace(
        "data/site.toml",
        "base_url = \"/\"",
        "base_url = \"https://zs.example.gov.cn/\"",
    );
    site.replace("data/site.toml", "icp = \"示ICP备00000000号\"\n", "");
    site.replace("data/site.toml", "site_code = \"0000000000\"", "");
    let at = site.at("data/site.toml", "\"https://zs.example.gov.cn/\"", 0);
    warned(&site, &at, &["网站标识码 site_code", "ICP备案号 icp"]);
}
