//! The bureau's workflow: `new`, `form`, `import` and `serve`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::TestSite;

fn sunshine() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sunshine"))
}

// ---- new ----

#[test]
fn a_new_site_builds_once_its_stand_ins_are_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = sunshine().arg("new").arg(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(site.join("data/site.toml")).unwrap();
    assert!(text.contains("# 主办单位"), "fields are explained in Chinese");
    // What the refusal lists before: diagnostics.rs, a_new_site_is_not_built_until_….
    crate::common::replace_placeholders(&site);
    let build = sunshine()
        .args(["build", "--strict", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.join("public/index.html").is_file());
    let index = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(index.contains("示例数据"), "the sample report is marked");
}

/// A site from `sunshine new` in `dir`/site, and the year it is for.
fn new_site(dir: &tempfile::TempDir) -> (std::path::PathBuf, String) {
    let site = dir.path().join("site");
    assert_eq!(sunshine().arg("new").arg(&site).status().unwrap().code(), Some(0));
    let year = std::fs::read_dir(site.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.len() == 4)
        .unwrap();
    (site, year)
}

#[test]
fn a_new_sites_commented_programs_and_admissions_build_once_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    let (site, year) = new_site(&dir);
    for file in ["programs.toml", "admissions.toml"] {
        let path = site.join("data").join(&year).join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find("# [[").expect("a commented example");
        let uncommented: String = text[at..].lines().map(|l| format!("{}\n", &l[2..])).collect();
        std::fs::write(&path, format!("{}{uncommented}", &text[..at])).unwrap();
    }
    crate::common::replace_placeholders(&site);
    let build = sunshine().args(["build", "--root"]).arg(&site).output().unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert_eq!(build.status.code(), Some(0), "{stderr}");
    let page = std::fs::read_to_string(site.join(format!("public/{year}/units/shi-xinxi/index.html"))).unwrap();
    assert!(page.contains("计算机应用") && page.contains("集中录取"), "{page}");
}

#[test]
fn the_first_programs_import_replaces_the_new_sites_template_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let (site, year) = new_site(&dir);
    let csv = dir.path().join(format!("招生专业与计划-{year}.csv"));
    std::fs::write(
        &csv,
        "单位名称,专业名称,专业代码,招生类型,计划招生人数\n某某市信息技术学校,计算机应用,710201,中专,800\n东县职业教育中心,护理,,中专,600\n",
    )
    .unwrap();
    let import = || {
        sunshine()
            .arg("import")
            .arg(&csv)
            .args(["--year", &year, "--programs", "--root"])
            .arg(&site)
            .output()
            .unwrap()
    };
    let out = import();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rel = format!("data/{year}/programs.toml");
    assert!(
        stdout.contains(&format!(
            "{rel} 只是模板（只有说明，没有一段 [[program]]）：已用表格中的专业和计划整个替换它"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("已导入 2 个专业"), "{stdout}");
    let written = std::fs::read_to_string(site.join(&rel)).unwrap();
    assert!(written.contains("name = \"计算机应用\""), "{written}");
    // Now it holds programs: a second import asks for --force.
    let out = import();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已经存在，没有覆盖"));
    assert_eq!(std::fs::read_to_string(site.join(&rel)).unwrap(), written);
}

#[test]
fn the_first_july_import_replaces_the_new_sites_sample_report_unless_it_was_edited() {
    let dir = tempfile::tempdir().unwrap();
    let (site, year) = new_site(&dir);
    let csv = dir.path().join("7月.csv");
    std::fs::write(
        &csv,
        format!(
            "序号,单位名称,招生任务,总数,中专人数,3+2人数,五年一贯制人数,一年制人数,报送日期\n\
             2,东县职业教育中心,600,300,200,50,30,20,{year}-07-12\n\
             3,某某市信息技术学校,800,400,300,60,40,0,{year}-07-14\n\
             4,其他学校,200,45,40,0,0,5,{year}-07-15\n"
        ),
    )
    .unwrap();
    let rel = format!("data/{year}/reports/{year}-07.toml");
    let import = || {
        sunshine()
            .arg("import")
            .arg(&csv)
            .args([
                "--year",
                &year,
                "--month",
                "7",
                "--as-of",
                &format!("{year}-07-15"),
                "--root",
            ])
            .arg(&site)
            .output()
            .unwrap()
    };
    // Edited by the clerk (one figure): no longer what `new` wrote, so it is kept unless --force.
    let sample = std::fs::read_to_string(site.join(&rel)).unwrap();
    std::fs::write(site.join(&rel), sample.replace("three_year = 180", "three_year = 181")).unwrap();
    let out = import();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已经存在，没有覆盖"));
    // As `new` wrote it: replaced, and the clerk is told so.
    std::fs::write(site.join(&rel), &sample).unwrap();
    let out = import();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains(&format!("{rel} 是 sunshine new 写的示例数据，没有改动过：已用表格中的")),
        "{stdout}"
    );
    // The site's own stand-ins (site.toml, units.toml…) do not stop an import; they are counted.
    assert!(
        stdout.contains(&format!(
            "已导入 3 个单位的数据到 {rel}，导入的数据检查通过；站点里还有 15 处 sunshine new 写的示例内容"
        )),
        "{stdout}"
    );
    let written = std::fs::read_to_string(site.join(&rel)).unwrap();
    assert!(
        written.contains("three_year = 300") && !written.contains("sample = true"),
        "{written}"
    );
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let out = sunshine().arg("new").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("data").exists());
    assert_eq!(std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(), "mine");
}

// ---- form ----

#[test]
fn the_blank_form_lists_every_unit_with_a_quota_and_imports_back() {
    let site = TestSite::new("valid");
    let xlsx = site.root().join("form.xlsx");
    let out = sunshine()
        .args(["form", "--year", "2024", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = std::fs::read(site.root().join("form.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(csv.starts_with("序号,单位名称,招生任务,总数,中专人数,3+2人数,五年一贯制人数,一年制人数,报送日期"));
    for name in [
        "东区",
        "东区第一职业中专",
        "东区第二职业中专",
        "示例市技术学校",
        "其他学校",
    ] {
        assert!(csv.contains(name), "{name} missing");
    }
    // The workbook reads back with the header on its third row.
    use calamine::{open_workbook_auto, Reader};
    let mut book = open_workbook_auto(&xlsx).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[2][1], "单位名称");
    assert_eq!(rows[3][1], "东区");
    assert_eq!(rows[3][2], "1000");

    // Filled in as a unit would, it imports as it is.
    let filled = csv
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line.to_string()
            } else {
                line.replace(",,,,,,", ",10,6,2,1,1,2024-09-14")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(site.root().join("filled.csv"), filled).unwrap();
    let run = import(&site, "filled.csv", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

// ---- import ----

const SEPT: &str = "data/2024/reports/2024-09.toml";

fn import(site: &TestSite, file: &str, month: u32, extra: &[&str]) -> crate::common::Run {
    let out = sunshine()
        .arg("import")
        .arg(site.root().join(file))
        .args([
            "--year",
            "2024",
            "--month",
            &month.to_string(),
            "--as-of",
            &format!("2024-{month:02}-15"),
            "--root",
        ])
        .arg(site.root())
        .args(extra)
        .output()
        .unwrap();
    crate::common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const GOOD_CSV: &str = "序号,单位名称,中专人数,3+2人数,五年一贯制人数,一年制人数,总数,报送日期
1,东区第一职业中专,300,50,20,10,380,2024-09-12
2,东区第二职业中专,350,70,10,30,460,2024/9/13
3,示例市技术学校,420,110,30,20,580,2024年9月14日
4,其他学校,70,10,0,0,80,
,合计,1140,240,60,60,1500,
";

fn assert_september_imported(site: &TestSite) {
    let text = site.read(SEPT);
    assert!(text.contains("as_of = 2024-09-15"));
    assert!(text.contains("unit = \"city-tech\"\nthree_year = 420\nthree_plus_two = 110\nfive_year = 30\none_year = 20\ntotal = 580\nsubmitted = 2024-09-14"), "{text}");
    let checked = sunshine::check(site.root()).unwrap();
    let model = checked.site.unwrap();
    let round = model.years[0].rounds.last().unwrap();
    assert_eq!(round.month, 9);
    // east is rolled up from its two schools: 380 + 460; city = 840 + 580 + 80.
    assert_eq!(round.city.total(), 1500);
}

#[test]
fn import_reads_a_utf8_csv() {
    let site = TestSite::new("valid");
    site.write("form.csv", GOOD_CSV);
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("已导入 4 个单位"), "{}", run.stdout);
    assert_september_imported(&site);
}

#[test]
fn a_monthly_form_cell_with_an_invisible_character_is_refused_at_the_cell() {
    let site = TestSite::new("valid");
    site.write("form.csv", GOOD_CSV.replace("420,110", "42\u{200b}0,110"));
    let run = import(&site, "form.csv", 9, &[]);
    let at = format!("{}:4:3", site.root().join("form.csv").display());
    run.assert_error(&at, &["单元格 C4 里有看不见的字符 U+200B"]);
    assert!(!site.root().join(SEPT).exists(), "nothing written");
    // A unit name is matched ignoring them: the name cell alone is no error.
    site.write("form.csv", GOOD_CSV.replace("示例市技术学校", "示例市技术\u{200b}学校"));
    let run = import(&site, "form.csv", 9, &[]);
    assert!(!run.stderr.contains("看不见的字符"), "{}", run.stderr);
}

#[test]
fn import_reads_a_csv_with_bom() {
    let site = TestSite::new("valid");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(GOOD_CSV.as_bytes());
    site.write("form.csv", bytes);
    assert_eq!(import(&site, "form.csv", 9, &[]).code, 0);
    assert_september_imported(&site);
}

#[test]
fn import_reads_a_gbk_csv_as_excel_in_china_saves_it() {
    let site = TestSite::new("valid");
    let (gbk, _, _) = encoding_rs::GBK.encode(GOOD_CSV);
    site.write("form.csv", gbk.as_ref());
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_september_imported(&site);
}

#[test]
fn import_reads_an_xlsx_with_title_rows_spaces_and_full_width_headers() {
    use rust_xlsxwriter::Workbook;
    let site = TestSite::new("valid");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(
            0,
            0,
            "中等职业教育县市（学校）招生情况统计表（截止 2024 年 9 月 15 号）",
        )
        .unwrap();
    sheet.write_string(1, 0, "单位：人").unwrap();
    let header = [
        "序号",
        " 单位名称 ",
        "中专人数",
        "３＋２人数",
        "五年一贯制　人数",
        "一年制人数",
        "总数",
        "报送日期",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let rows: [(&str, [f64; 5], &str); 4] = [
        ("东区第一职业中专", [300.0, 50.0, 20.0, 10.0, 380.0], "2024-09-12"),
        ("东区第二职业中专", [350.0, 70.0, 10.0, 30.0, 460.0], "2024-09-13"),
        (" 示例市技术学校", [420.0, 110.0, 30.0, 20.0, 580.0], "2024-09-14"),
        ("其他学校", [70.0, 10.0, 0.0, 0.0, 80.0], ""),
    ];
    for (i, (name, counts, date)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        for (c, n) in counts.iter().enumerate() {
            sheet.write_number(r, 2 + c as u16, *n).unwrap();
        }
        if !date.is_empty() {
            sheet.write_string(r, 7, *date).unwrap();
        }
    }
    book.save(site.root().join("form.xlsx")).unwrap();
    let run = import(&site, "form.xlsx", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_september_imported(&site);
}

#[test]
fn a_total_row_labelled_in_the_number_column_is_skipped() {
    let site = TestSite::new("valid");
    site.write("form.csv", GOOD_CSV.replace(",合计,1140", "合计,,1140"));
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("已导入 4 个单位"), "{}", run.stdout);
    assert_september_imported(&site);
}

#[test]
fn a_total_row_in_a_merged_cell_is_skipped() {
    use rust_xlsxwriter::{Format, Workbook};
    let site = TestSite::new("valid");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "序号",
        "单位名称",
        "中专人数",
        "3+2人数",
        "五年一贯制人数",
        "一年制人数",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, [f64; 4]); 4] = [
        ("东区第一职业中专", [300.0, 50.0, 20.0, 10.0]),
        ("东区第二职业中专", [350.0, 70.0, 10.0, 30.0]),
        ("示例市技术学校", [420.0, 110.0, 30.0, 20.0]),
        ("其他学校", [70.0, 10.0, 0.0, 0.0]),
    ];
    for (i, (name, counts)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_number(r, 0, f64::from(r)).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        for (c, n) in counts.iter().enumerate() {
            sheet.write_number(r, 2 + c as u16, *n).unwrap();
        }
    }
    // 合计 across A6:B6, as Excel users write it: the text is in A6, B6 is empty.
    sheet.merge_range(5, 0, 5, 1, "合计", &Format::new()).unwrap();
    for (c, n) in [1140.0, 240.0, 60.0, 60.0].iter().enumerate() {
        sheet.write_number(5, 2 + c as u16, *n).unwrap();
    }
    book.save(site.root().join("form.xlsx")).unwrap();
    let run = import(&site, "form.xlsx", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read(SEPT).contains("three_year = 420"));
}

#[test]
fn a_unit_row_is_not_a_total_row_whatever_its_other_cells_say() {
    // A note beside a registered unit does not make its row a total.
    let site = TestSite::new("valid");
    let csv = GOOD_CSV
        .replace("报送日期\n", "报送日期,备注\n")
        .replace("2024年9月14日\n", "2024年9月14日,不计入合计\n");
    site.write("form.csv", csv);
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_september_imported(&site);
    // A name that merely contains 全市 is a name, looked up like any other.
    refused(
        &GOOD_CSV.replace("其他学校", "全市其他学校"),
        "5:2",
        &["单位“全市其他学校”不在 data/units.toml 中"],
    );
}

/// Each broken table: exit 1, the row:col of the problem, and no report file.
fn refused(csv: &str, at: &str, parts: &[&str]) {
    let site = TestSite::new("valid");
    site.write("form.csv", csv);
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let path = site.root().join("form.csv").display().to_string();
    run.assert_diagnostic("error", &format!("{path}:{at}"), parts);
    assert!(!site.root().join(SEPT).exists(), "nothing may be written");
}

#[test]
fn an_unknown_unit_name_is_refused_with_the_closest_name() {
    refused(
        &GOOD_CSV.replace("示例市技术学校", "示例市技术学较"),
        "4:2",
        &["示例市技术学较", "是否是“示例市技术学校”"],
    );
}

#[test]
fn a_total_that_is_not_the_sum_is_refused() {
    refused(
        &GOOD_CSV.replace("420,110,30,20,580", "420,110,30,20,590"),
        "4:7",
        &["590", "580"],
    );
}

#[test]
fn an_empty_cell_is_refused() {
    refused(
        &GOOD_CSV.replace("350,70,10,30", "350,,10,30"),
        "3:4",
        &["3+2人数", "空的"],
    );
}

#[test]
fn a_negative_cell_is_refused() {
    refused(&GOOD_CSV.replace("70,10,0,0,80", "70,-10,0,0,60"), "5:4", &["负数"]);
}

#[test]
fn a_duplicate_unit_is_refused() {
    let csv = format!("{GOOD_CSV}5,其他学校,1,0,0,0,1,\n");
    refused(&csv, "7:2", &["出现了两次"]);
}

#[test]
fn a_table_without_the_form_header_is_refused() {
    refused("a,b,c\n1,2,3\n", "1:1", &["找不到表头"]);
}

#[test]
fn an_existing_report_is_not_overwritten_without_force() {
    let site = TestSite::new("valid");
    site.write("form.csv", GOOD_CSV);
    let before = site.read("data/2024/reports/2024-08.toml");
    let run = import(&site, "form.csv", 8, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(site.read("data/2024/reports/2024-08.toml"), before);
    // With --force the file is replaced; August figures are above July's so it checks.
    let run = import(&site, "form.csv", 8, &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("data/2024/reports/2024-08.toml").contains("three_year = 420"));
}

#[test]
fn a_report_file_without_rows_is_replaced_without_force() {
    let site = TestSite::new("valid");
    site.write(SEPT, "# 9 月月报：收齐后用 sunshine import 导入\n");
    site.write("form.csv", GOOD_CSV);
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "{SEPT} 只是模板（只有说明，没有一段 [[row]]）：已用表格中的数字替换它"
        )),
        "{}",
        run.stdout
    );
    assert_september_imported(&site);
    // A file that does not parse is never taken for a template.
    site.write(SEPT, "as_of = \n");
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("已经存在，没有覆盖"), "{}", run.stderr);
    assert_eq!(site.read(SEPT), "as_of = \n");
}

#[test]
fn a_unit_without_a_quota_that_year_is_refused() {
    let site = TestSite::new("valid");
    site.append(
        "data/units.toml",
        "\n[[unit]]\nid = \"new-school\"\nname = \"新学校\"\nkind = \"school\"\n",
    );
    site.write("form.csv", format!("{GOOD_CSV}6,新学校,1,0,0,0,1,\n"));
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("没有招生任务"), "{}", run.stderr);
    assert!(!site.root().join(SEPT).exists());
}

#[test]
fn an_as_of_date_outside_the_month_is_a_usage_error() {
    let site = TestSite::new("valid");
    site.write("form.csv", GOOD_CSV);
    let out = sunshine()
        .arg("import")
        .arg(site.root().join("form.csv"))
        .args(["--year", "2024", "--month", "9", "--as-of", "2024-10-15", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!site.root().join(SEPT).exists());
}

// ---- serve ----

pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start(site: &TestSite) -> Server {
    let mut command = sunshine();
    command
        .args(["serve", "--port", "0", "--quiet", "--root"])
        .arg(site.root())
        .stderr(Stdio::null());
    start_command(command)
}

/// Runs `command` (a `serve`) and waits for the address it prints.
pub(crate) fn start_command(mut command: Command) -> Server {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok());
    Server {
        child,
        port: port.unwrap_or_else(|| panic!("no address in {line:?}")),
    }
}

pub(crate) fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

/// Polls until `ok` holds, for at most ten seconds.
pub(crate) fn eventually(port: u16, path: &str, ok: impl Fn(u16, &str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (status, body) = get(port, path);
        if ok(status, &body) {
            return body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "gave up waiting; last answer {status}:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_answers_reloads_on_edits_shows_errors_and_recovers() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let (status, page) = get(server.port, "/2024/units/city-tech/");
    assert_eq!(status, 200);
    assert!(page.contains(">550</span> 人"));
    assert!(
        page.contains("<script src=\"/__sunshine/reload.js\"></script>"),
        "reload snippet injected"
    );
    assert_eq!(get(server.port, "/no/such/page/").0, 404);

    site.replace("data/2024/reports/2024-08.toml", "three_year = 400", "three_year = 401");
    site.replace("data/2024/reports/2024-08.toml", "total = 550", "total = 551");
    eventually(server.port, "/2024/units/city-tech/", |s, b| {
        s == 200 && b.contains(">551</span> 人")
    });

    site.replace(
        "data/2024/reports/2024-08.toml",
        "three_year = 401",
        "three_year = -401",
    );
    let body = eventually(server.port, "/", |s, _| s == 500);
    assert!(
        body.contains("data/2024/reports/2024-08.toml:") && body.contains("负数"),
        "{body}"
    );

    site.replace(
        "data/2024/reports/2024-08.toml",
        "three_year = -401",
        "three_year = 401",
    );
    eventually(server.port, "/2024/units/city-tech/", |s, b| {
        s == 200 && b.contains(">551</span> 人")
    });
    assert!(!site.root().join("public").exists(), "serve never writes public/");
}

#[test]
fn an_edited_row_changes_its_unit_page_and_its_ancestors_only() {
    use sunshine::serve::incremental::changed_unit_pages;
    let site = TestSite::new("valid");
    let before = sunshine::check(site.root()).unwrap().site.unwrap();
    site.change_august_row();
    let after = sunshine::check(site.root()).unwrap().site.unwrap();
    let mut changed: Vec<String> = changed_unit_pages(&before, &after).unwrap().into_iter().collect();
    changed.sort();
    assert_eq!(changed, ["2024/units/east-school-a/", "2024/units/east/"]);

    // Moving a row within its file changes no figure.
    let moved = sunshine::check(site.root()).unwrap().site.unwrap();
    assert!(changed_unit_pages(&after, &moved).unwrap().is_empty());

    // A new as_of date changes the round itself (captions, dates on every unit page): all again.
    site.replace(
        "data/2024/reports/2024-08.toml",
        "as_of = 2024-08-15",
        "as_of = 2024-08-31",
    );
    let later = sunshine::check(site.root()).unwrap().site.unwrap();
    assert!(changed_unit_pages(&after, &later).is_none());
}

// ---- issue 17: nothing lost, the sheet the clerk means, bounded and strict reading ----

fn form_run(site: &TestSite, extra: &[&str]) -> crate::common::Run {
    let out = sunshine()
        .args(["form", "--year", "2024", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(site.root().join("form.xlsx"))
        .args(extra)
        .output()
        .unwrap();
    crate::common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn form_never_overwrites_a_returned_form_without_force() {
    let site = TestSite::new("valid");
    // Only the .csv exists: the .xlsx must not be written either.
    site.write("form.csv", "filled in by a school");
    let run = form_run(&site, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("form.csv") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("form.csv"), "filled in by a school");
    assert!(!site.root().join("form.xlsx").exists(), "nothing written");
    let run = form_run(&site, &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("form.csv").contains("单位名称"));
    assert!(site.root().join("form.xlsx").is_file());
}

/// A sheet holding the form's header and the four units with `three_year` for city-tech.
fn form_sheet(sheet: &mut rust_xlsxwriter::Worksheet, city_tech: f64) {
    let header = [
        "单位名称",
        "中专人数",
        "3+2人数",
        "五年一贯制人数",
        "一年制人数",
        "总数",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, [f64; 4]); 4] = [
        ("东区第一职业中专", [300.0, 50.0, 20.0, 10.0]),
        ("东区第二职业中专", [350.0, 70.0, 10.0, 30.0]),
        ("示例市技术学校", [city_tech, 110.0, 30.0, 20.0]),
        ("其他学校", [70.0, 10.0, 0.0, 0.0]),
    ];
    for (i, (name, counts)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, *name).unwrap();
        for (c, n) in counts.iter().enumerate() {
            sheet.write_number(r, 1 + c as u16, *n).unwrap();
        }
    }
}

#[test]
fn import_reads_the_active_sheet_not_the_first_and_names_it() {
    use rust_xlsxwriter::Workbook;
    let site = TestSite::new("valid");
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "填表说明")
        .unwrap();
    let sept = book.add_worksheet().set_name("9月").unwrap();
    form_sheet(sept, 420.0);
    sept.set_active(true);
    book.save(site.root().join("form.xlsx")).unwrap();
    let run = import(&site, "form.xlsx", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("读取工作表 “9月”"), "{}", run.stdout);
    assert!(site.read(SEPT).contains("three_year = 420"));
}

#[test]
fn a_hidden_sheet_is_never_read() {
    use rust_xlsxwriter::Workbook;
    let site = TestSite::new("valid");
    let mut book = Workbook::new();
    let old = book.add_worksheet().set_name("8月").unwrap();
    form_sheet(old, 999.0);
    old.set_hidden(true);
    let sept = book.add_worksheet().set_name("9月").unwrap();
    form_sheet(sept, 420.0);
    sept.set_active(true);
    book.save(site.root().join("form.xlsx")).unwrap();
    let run = import(&site, "form.xlsx", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = site.read(SEPT);
    assert!(text.contains("three_year = 420") && !text.contains("999"), "{text}");
    // Named on purpose, a hidden sheet is still refused.
    site.remove(SEPT);
    let run = import(&site, "form.xlsx", 9, &["--sheet", "8月"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("隐藏"), "{}", run.stderr);
    assert!(!site.root().join(SEPT).exists());
}

#[test]
fn a_hidden_row_is_skipped_and_named() {
    use rust_xlsxwriter::Workbook;
    let site = TestSite::new("valid");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    form_sheet(sheet, 420.0);
    // Row 6: a stale line the clerk hid.
    sheet.write_string(5, 0, "其他学校").unwrap();
    for c in 1..5u16 {
        sheet.write_number(5, c, 5000.0).unwrap();
    }
    sheet.set_row_hidden(5).unwrap();
    book.save(site.root().join("form.xlsx")).unwrap();
    let run = import(&site, "form.xlsx", 9, &[]);
    assert_eq!(run.code, 0, "hidden duplicate must not count: {}", run.stderr);
    assert!(run.stdout.contains("跳过了隐藏的第 6 行"), "{}", run.stdout);
    assert!(!site.read(SEPT).contains("5000"));
}

#[test]
fn a_header_on_two_visible_sheets_needs_sheet() {
    use rust_xlsxwriter::Workbook;
    let site = TestSite::new("valid");
    let mut book = Workbook::new();
    form_sheet(book.add_worksheet().set_name("8月").unwrap(), 999.0);
    let sept = book.add_worksheet().set_name("9月").unwrap();
    form_sheet(sept, 420.0);
    sept.set_active(true);
    book.save(site.root().join("form.xlsx")).unwrap();
    let run = import(&site, "form.xlsx", 9, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--sheet") && run.stderr.contains("“8月”"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join(SEPT).exists());
    let run = import(&site, "form.xlsx", 9, &["--sheet", "9月"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read(SEPT).contains("three_year = 420"));
}

#[test]
fn a_lone_quote_in_a_csv_is_refused_at_its_line() {
    let csv = GOOD_CSV.replace("2,东区第二职业中专,", "2,\"东区第二职业中专,");
    refused(&csv, "3:3", &["引号", "第 3 行"]);
}

#[test]
fn a_line_break_inside_a_quoted_csv_field_is_refused() {
    let csv = GOOD_CSV.replace("2,东区第二职业中专,", "2,\"东区第二\n职业中专\",");
    refused(&csv, "3:3", &["换行"]);
}

#[test]
fn a_cell_at_xfd1048576_is_refused_quickly() {
    use rust_xlsxwriter::Workbook;
    let site = TestSite::new("valid");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    form_sheet(sheet, 420.0);
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(site.root().join("form.xlsx")).unwrap();
    let started = Instant::now();
    let run = import(&site, "form.xlsx", 9, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("单元格 XFD1048576"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(!site.root().join(SEPT).exists());
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    use std::io::Write as _;
    let site = TestSite::new("valid");
    let file = std::fs::File::create(site.root().join("form.xlsx")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options.large_file(false))
        .unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..200 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(site.root().join("form.xlsx")).unwrap().len() < 1 << 20);
    let run = import(&site, "form.xlsx", 9, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("解压后"), "{}", run.stderr);
}

#[test]
fn more_than_fifty_errors_are_counted_not_printed() {
    let site = TestSite::new("valid");
    let mut csv = String::from("单位名称,中专人数,3+2人数,五年一贯制人数,一年制人数\n");
    for i in 0..80 {
        csv.push_str(&format!("不存在的学校{i},1,1,1,1\n"));
    }
    site.write("form.csv", csv);
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.error_count(), 50, "{}", run.stderr);
    assert!(run.stderr.contains("还有 30 个错误"), "{}", run.stderr);
}

#[test]
fn a_failing_site_check_leaves_the_old_report_byte_for_byte() {
    let site = TestSite::new("valid");
    site.write("form.csv", GOOD_CSV);
    site.write("content/notices/broken.md", "no front matter");
    let before = std::fs::read(site.root().join("data/2024/reports/2024-08.toml")).unwrap();
    let run = import(&site, "form.csv", 8, &["--force"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        std::fs::read(site.root().join("data/2024/reports/2024-08.toml")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root().join("data/2024/reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary file is left: {leftovers:?}");
}

// ---- import: what the site check finds is said at the sheet's cell ----

/// September's form with 示例市技术学校's line replaced by `city_tech` (without 序号).
fn september_with(city_tech: &str) -> String {
    GOOD_CSV.replace("示例市技术学校,420,110,30,20,580,2024年9月14日", city_tech)
}

#[test]
fn a_count_that_fell_since_last_month_is_warned_at_the_units_cell() {
    let site = TestSite::new("valid");
    site.write(
        "form.csv",
        september_with("示例市技术学校,390,110,30,20,550,2024-09-14"),
    );
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = site.root().join("form.csv").display().to_string();
    assert!(run.stderr.lines().any(|l| l == format!(
        "warning: {path}:4:2: 单元格 B4：示例市技术学校 的累计人数比上月少：中专人数 400 → 390 — 月报填的是截至当日的累计数，一般不会减少；请核对是否填成了当月新增数"
    )), "{}", run.stderr);
    assert!(
        !run.stderr.contains(SEPT),
        "never a position in the generated report: {}",
        run.stderr
    );
}

#[test]
fn a_late_form_is_warned_at_its_date_cell() {
    let site = TestSite::new("valid");
    site.write(
        "form.csv",
        september_with("示例市技术学校,420,110,30,20,580,2024-09-18"),
    );
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = site.root().join("form.csv").display().to_string();
    run.assert_diagnostic(
        "warning",
        &format!("{path}:4:8"),
        &["单元格 H4：示例市技术学校 的报表 2024-09-18 才报送"],
    );
    // The clerk accepts a late form in the report file the import wrote, not in the sheet.
    run.assert_diagnostic(
        "warning",
        &format!("{path}:4:8"),
        &["在 data/2024/reports/2024-09.toml 中这个单位的 [[row]] 里加 late_ok = true"],
    );
}

#[test]
fn a_unit_missing_from_the_form_is_to_be_imported_again_with_force() {
    let site = TestSite::new("valid");
    site.write("form.csv", GOOD_CSV.replace("4,其他学校,70,10,0,0,80,\n", ""));
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = site.root().join("form.csv").display().to_string();
    assert!(run.stderr.lines().any(|l| l == format!(
        "warning: {path}:1:1: 1 个单位没有报送这个月的报表（未报送）：其他学校（others） — 补交后用 --force 重新导入；在此之前网站会把它们标为“未报送”"
    )), "{}", run.stderr);
    assert!(!run.stderr.contains("[[row]]"), "{}", run.stderr);
}

#[test]
fn only_an_existing_report_asks_for_force() {
    let site = TestSite::new("valid");
    site.write("form.csv", GOOD_CSV.replace("420,110,30,20,580", "420,110,30,20,590"));
    let run = import(&site, "form.csv", 9, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("--force"), "{}", run.stderr);
    let run = import(&site, "form.csv", 8, &[]);
    assert!(run.stderr.lines().any(|l| l == "error: data/2024/reports/2024-08.toml:1:1: 这个月的月报文件已经存在，没有覆盖 — 确认要用表格中的数字替换它，就加上 --force 再运行"), "{}", run.stderr);
}
