//! The stumbles a clerk meets in the monthly form and its import (issue 28): the form says what a
//! district's row counts, a district's empty row is taken as rolled up from its schools, what was
//! read from a loosely written cell is said, a correction names only the fields its row has, a
//! refused `--force` names `--reason`, a recorded correction is said, and the preview's error
//! page wraps long messages.

use std::path::Path;
use std::process::Command;

use crate::common::TestSite;

const AUGUST: &str = "data/2024/reports/2024-08.toml";
const SEPT: &str = "data/2024/reports/2024-09.toml";

/// Runs the binary in `dir`, on a fixed day (2024-09-03), as the clerk reads it: exit code,
/// stdout and stderr.
fn run_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", "1725321600")
        .output()
        .expect("the binary runs");
    format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn import(site: &TestSite, csv: &str, month: &str, extra: &[&str]) -> String {
    site.write("form.csv", csv);
    let as_of = format!("2024-{month}-15");
    let mut args = vec![
        "import", "form.csv", "--year", "2024", "--month", month, "--as-of", &as_of, "--root", ".",
    ];
    args.extend_from_slice(extra);
    run_in(site.root(), &args)
}

/// The blank form as `sunshine form` writes it for the valid fixture (CSV, without the BOM).
fn blank_form(site: &TestSite) -> String {
    let out = run_in(
        site.root(),
        &["form", "--year", "2024", "--root", ".", "--out", "form.xlsx"],
    );
    assert!(out.starts_with("exit code: 0"), "{out}");
    let csv = std::fs::read(site.root().join("form.csv")).unwrap();
    String::from_utf8(csv.strip_prefix(b"\xEF\xBB\xBF").unwrap().to_vec()).unwrap()
}

#[test]
fn the_blank_form_says_that_a_districts_row_includes_its_schools() {
    let site = TestSite::new("valid");
    let csv = blank_form(&site);
    insta::assert_snapshot!("blank-form", csv.replace("\r\n", "\n"));
    // The workbook has the same column, with the note beside the district and its schools.
    use calamine::{open_workbook_auto, Reader};
    let mut book = open_workbook_auto(site.root().join("form.xlsx")).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[2][9], "说明");
    assert_eq!(rows[3][1], "东区");
    assert!(
        rows[3][9].starts_with("本行是合计：含下属单位（东区第一职业中专、东区第二职业中专）"),
        "{:?}",
        rows[3]
    );
    assert_eq!(rows[4][9], "本行人数已含在“东区”一行的合计中");
    assert!(rows[1][0].contains("见最后的“说明”列"), "{}", rows[1][0]);

    // What the note says is what the site does: the district's row is the total with its
    // schools, and the city adds the district, not the schools again.
    let filled = csv
        .replace("1,东区,1000,,,,,,,", "1,东区,1000,720,550,100,30,40,2024-09-12,")
        .replace(
            "2,东区第一职业中专,400,,,,,,,",
            "2,东区第一职业中专,400,320,250,40,20,10,2024-09-10,",
        )
        .replace(
            "3,东区第二职业中专,500,,,,,,,",
            "3,东区第二职业中专,500,400,300,60,10,30,2024-09-11,",
        )
        .replace(
            "4,示例市技术学校,500,,,,,,,",
            "4,示例市技术学校,500,560,410,100,30,20,2024-09-13,",
        )
        .replace("5,其他学校,100,,,,,,,", "5,其他学校,100,80,70,10,0,0,2024-09-13,");
    let out = import(&site, &filled, "09", &[]);
    assert!(out.starts_with("exit code: 0"), "{out}");
    let model = sunshine::check(site.root()).unwrap().site.unwrap();
    let round = model.years[0].rounds.last().unwrap();
    assert_eq!(round.city.total(), 720 + 560 + 80, "the schools are not counted twice");
}

#[test]
fn a_form_of_the_old_shape_without_the_note_column_imports_alike() {
    let site = TestSite::new("valid");
    let csv = "序号,单位名称,招生任务,总数,中专人数,3+2人数,五年一贯制人数,一年制人数,报送日期\n\
               1,东区第一职业中专,400,330,260,40,20,10,2024-09-10\n";
    let out = import(&site, csv, "09", &["--force"]);
    assert!(out.starts_with("exit code: 0"), "{out}");
    assert!(site.read(SEPT).contains("unit = \"east-school-a\"\nthree_year = 260"));
}

const SCHOOLS: &str = "2,东区第一职业中专,400,330,260,40,20,10,2024-09-10,\n\
                       3,东区第二职业中专,500,410,310,60,10,30,2024-09-11,\n\
                       4,示例市技术学校,500,560,410,100,30,20,2024-09-13,\n\
                       5,其他学校,100,80,70,10,0,0,2024-09-13,\n";
const HEADER: &str = "序号,单位名称,招生任务,总数,中专人数,3+2人数,五年一贯制人数,一年制人数,报送日期,说明\n";

#[test]
fn a_districts_empty_row_with_its_schools_filled_is_rolled_up_and_said() {
    let site = TestSite::new("valid");
    let csv = format!("{HEADER}1,东区,1000,,,,,,,本行是合计\n{SCHOOLS}");
    insta::assert_snapshot!("empty-district-rolled-up", import(&site, &csv, "09", &[]));
    let report = site.read(SEPT);
    assert!(!report.contains("unit = \"east\""), "no row for the district: {report}");
    let model = sunshine::check(site.root()).unwrap().site.unwrap();
    let year = &model.years[0];
    let east = year.entries.iter().find(|e| model.units[e.unit].id == "east").unwrap();
    let progress = east.progress.last().unwrap();
    assert_eq!(progress.status, sunshine::model::Status::RolledUp);
    assert_eq!(progress.figures.total(), 330 + 410);
    assert_eq!(year.rounds.last().unwrap().city.total(), 740 + 560 + 80);

    // Zeros typed instead are a row of its own, below its schools: warned, with the empty row
    // as the way out.
    let csv = format!("{HEADER}1,东区,1000,0,0,0,0,0,2024-09-12,\n{SCHOOLS}");
    let out = import(&site, &csv, "09", &["--force"]);
    assert!(out.starts_with("exit code: 0"), "{out}");
    assert!(
        out.contains("warning: form.csv:2:2: 单元格 B2：东区 自己这一行的累计总数 0 少于下属单位合计 740")
            && out.contains("或把这一行的人数全部清空，留空的一行按下属单位汇总")
            && out.contains("规则 W03"),
        "{out}"
    );
}

#[test]
fn a_districts_empty_row_with_nothing_below_it_to_sum_is_refused_at_its_cells() {
    let site = TestSite::new("valid");
    let csv = format!("{HEADER}1,东区,1000,,,,,,,\n4,示例市技术学校,500,560,410,100,30,20,2024-09-13,\n");
    let out = import(&site, &csv, "09", &[]);
    assert!(out.starts_with("exit code: 1"), "{out}");
    assert!(
        out.contains("error: form.csv:2:5: 东区 的中专人数（单元格 E2）是空的")
            && out.contains("有下属单位的一行也可以整行留空"),
        "{out}"
    );
    assert!(!site.root().join(SEPT).exists());
}

#[test]
fn loose_dates_and_full_width_digits_are_read_and_said() {
    let site = TestSite::new("valid");
    let csv = format!(
        "{HEADER}2,东区第一职业中专,400,３３０,２６０,40,20,10,９月１０日,\n\
         3,东区第二职业中专,500,410,310,60,10,30,2024.9.11,\n\
         4,示例市技术学校,500,\"1,560\",\"1,410\",100,30,20,9月13日,\n\
         5,其他学校,100,80,70人,10,0,0,2024-09-13,\n"
    );
    let out = import(&site, &csv, "09", &[]);
    insta::assert_snapshot!("loose-cells", out);
    let report = site.read(SEPT);
    assert!(
        report.contains("unit = \"east-school-a\"\nthree_year = 260\nthree_plus_two = 40\nfive_year = 20\none_year = 10\ntotal = 330\nsubmitted = 2024-09-10"),
        "{report}"
    );
}

/// The valid fixture, built once into public/: its August round is published.
fn published_site() -> TestSite {
    let site = TestSite::new("valid");
    let out = run_in(site.root(), &["build", "--root", ".", "--out", "public", "--quiet"]);
    assert!(out.starts_with("exit code: 0"), "{out}");
    site
}

#[test]
fn a_changed_figure_of_a_row_without_total_asks_only_for_the_fields_the_row_has() {
    let site = published_site();
    site.replace(AUGUST, "three_year = 250", "three_year = 251");
    site.replace(AUGUST, "one_year = 10\ntotal = 320\n", "one_year = 10\n");
    let out = run_in(site.root(), &["build", "--root", ".", "--out", "public"]);
    insta::assert_snapshot!("published-changed-without-total", out);
    assert!(!out.contains("total = 320"), "{out}");
    // The correction as printed is enough: the build goes through.
    site.append(
        AUGUST,
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"误填\"\nwas = { three_year = 250 }\n",
    );
    let out = run_in(site.root(), &["build", "--root", ".", "--out", "public", "--quiet"]);
    assert!(out.starts_with("exit code: 0"), "{out}");
}

const AUGUST_FORM: &str = "序号,单位名称,招生任务,总数,中专人数,3+2人数,五年一贯制人数,一年制人数,报送日期\n\
                           1,东区第一职业中专,400,321,251,40,20,10,2024-08-10\n\
                           2,东区第二职业中专,500,400,300,60,10,30,2024-08-11\n\
                           3,示例市技术学校,500,550,400,100,30,20,2024-08-15\n\
                           4,其他学校,100,70,60,10,0,0,2024-08-13\n";

#[test]
fn import_force_over_a_published_figure_names_reason_and_says_the_correction_it_recorded() {
    let site = published_site();
    let refused = import(&site, AUGUST_FORM, "08", &["--force"]);
    insta::assert_snapshot!("force-without-reason", refused);
    assert!(!refused.contains("请改正表格后重新导入"), "{refused}");
    let written = import(&site, AUGUST_FORM, "08", &["--force", "--reason", "学校误填，已核实"]);
    insta::assert_snapshot!("force-with-reason", written);
    assert!(site.read(AUGUST).contains("reason = \"学校误填，已核实\""));
}

#[test]
fn the_previews_error_page_wraps_long_messages() {
    let site = TestSite::new("valid");
    let long = "很长的单位名称".repeat(40);
    site.replace(AUGUST, "unit = \"city-tech\"", &format!("unit = \"{long}\""));
    let server = crate::workflow::start(&site);
    let page = crate::workflow::eventually(server.port, "/", |status, _| status == 500);
    assert!(page.contains("数据有错误，网站没有更新"), "{page}");
    let style = page
        .split("<style>")
        .nth(1)
        .and_then(|s| s.split("</style>").next())
        .unwrap_or_else(|| panic!("a stylesheet: {page}"));
    assert!(
        style.contains("white-space:pre-wrap") && style.contains("overflow-wrap:anywhere"),
        "{style}"
    );
    assert!(!page.contains("overflow-x"), "no sideways scrolling: {page}");
    assert!(page.contains(&long), "the message is shown whole");
}
