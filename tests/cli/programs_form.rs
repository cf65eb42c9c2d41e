//! The programs form (issue 11): `sunshine form` writes a blank 招生专业与计划表 beside the
//! monthly form, and `sunshine import` reads it back into data/<year>/programs.toml — with the
//! monthly import's rules: every bad cell said at its cell, nothing written on any error.

use std::process::Command;

use crate::common::{Run, TestSite};

const PROGRAMS: &str = "data/2024/programs.toml";

fn sunshine(site: &TestSite, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .current_dir(site.root())
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `sunshine import <file> --year 2024 --root . <extra>`.
fn import(site: &TestSite, file: &str, extra: &[&str]) -> Run {
    let mut args = vec!["import", file, "--year", "2024", "--root", "."];
    args.extend_from_slice(extra);
    sunshine(site, &args)
}

/// The valid site without its programs.toml, so that an import writes a new one.
fn site_without_programs() -> TestSite {
    let site = TestSite::new("valid");
    site.remove(PROGRAMS);
    site
}

// ---- form ----

#[test]
fn form_writes_the_programs_form_beside_the_monthly_one() {
    let site = TestSite::new("valid");
    let run = sunshine(&site, &["form", "--year", "2024", "--root", ".", "--out", "form.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("招生专业与计划-2024.xlsx 和 招生专业与计划-2024.csv"),
        "{}",
        run.stdout
    );
    assert!(site.root().join("form.xlsx").is_file() && site.root().join("form.csv").is_file());
    // A row per unit that fills in programs: east's quota is split among its two schools, so
    // the district itself has no row.
    assert_eq!(
        std::fs::read(site.root().join("招生专业与计划-2024.csv")).unwrap(),
        "\u{FEFF}单位名称,专业名称,专业代码,招生类型,计划招生人数,学制（年）,学费（元/年）,合作院校,备注\r\n\
         东区第一职业中专,,,,,,,,\r\n\
         东区第二职业中专,,,,,,,,\r\n\
         示例市技术学校,,,,,,,,\r\n\
         其他学校,,,,,,,,\r\n"
            .as_bytes()
    );
    let xlsx = site.root().join("招生专业与计划-2024.xlsx");
    use calamine::{open_workbook_auto, Reader};
    let mut book = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), vec!["2024年招生专业与计划".to_string()]);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[2],
        [
            "单位名称",
            "专业名称",
            "专业代码",
            "招生类型",
            "计划招生人数",
            "学制（年）",
            "学费（元/年）",
            "合作院校",
            "备注"
        ]
    );
    let units: Vec<&str> = rows[3..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        units,
        ["东区第一职业中专", "东区第二职业中专", "示例市技术学校", "其他学校"]
    );
    // 招生类型 is a dropdown of the four labels; 专业代码 is a text column.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
    assert!(
        sheet.contains(r#"<dataValidation type="list""#)
            && sheet.contains(r#"sqref="D4:D1008"><formula1>"中专,3+2,五年一贯制,一年制"</formula1>"#),
        "{sheet}"
    );
    assert!(
        sheet.contains(r#"<col min="3" max="3" width="12.7109375" style="2""#),
        "{sheet}"
    );
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("numFmtId=\"49\""), "text format (@) in {styles}");
}

#[test]
fn the_blank_programs_csv_filled_in_imports_as_it_is() {
    let site = site_without_programs();
    let run = sunshine(&site, &["form", "--year", "2024", "--root", ".", "--out", "form.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !site.root().join("招生专业与计划-2024.xlsx").exists(),
        "--out .csv: CSV only"
    );
    let blank = site.read("招生专业与计划-2024.csv");
    let filled = blank
        .replace(
            "东区第一职业中专,,,,,,,,",
            "东区第一职业中专,护理,720201,中专,400,3,0,,",
        )
        .replace(
            "东区第二职业中专,,,,,,,,",
            "东区第二职业中专,护理,720201,中专,500,3,0,,",
        )
        .replace(
            "示例市技术学校,,,,,,,,",
            "示例市技术学校,计算机应用,710201,中专,500,3,0,,",
        );
    site.write("filled.csv", filled);
    let run = import(&site, "filled.csv", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("1 个单位的行没有填写专业，没有导入它们的专业：其他学校"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("已导入 3 个专业到 data/2024/programs.toml"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_blank_programs_workbook_is_recognised_and_refused_as_empty() {
    let site = TestSite::new("valid");
    let run = sunshine(&site, &["form", "--year", "2024", "--root", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = std::fs::read(site.root().join(PROGRAMS)).unwrap();
    // Sent back as it went out: the header (row 3, under the title) is found without --programs,
    // and nothing is imported from the pre-filled unit names alone.
    let run = import(&site, "招生专业与计划-2024.xlsx", &["--force"]);
    assert!(
        run.stderr.contains("读取工作表 “2024年招生专业与计划”"),
        "{}",
        run.stderr
    );
    run.assert_error("招生专业与计划-2024.xlsx:3:1", &["表头下面没有填写任何专业"]);
    assert_eq!(std::fs::read(site.root().join(PROGRAMS)).unwrap(), before);
}

#[test]
fn form_never_overwrites_a_returned_programs_form_without_force() {
    let site = TestSite::new("valid");
    site.write("招生专业与计划-2024.csv", "filled in by a school");
    let run = sunshine(&site, &["form", "--year", "2024", "--root", ".", "--out", "form.xlsx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("招生专业与计划-2024.csv") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("招生专业与计划-2024.csv"), "filled in by a school");
    for never in ["form.xlsx", "form.csv", "招生专业与计划-2024.xlsx"] {
        assert!(!site.root().join(never).exists(), "{never}: nothing written");
    }
    let run = sunshine(
        &site,
        &["form", "--year", "2024", "--root", ".", "--out", "form.xlsx", "--force"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("招生专业与计划-2024.csv").contains("专业名称"));
}

#[test]
fn form_refuses_an_out_that_is_the_programs_forms_name() {
    let site = TestSite::new("valid");
    let run = sunshine(
        &site,
        &[
            "form",
            "--year",
            "2024",
            "--root",
            ".",
            "--out",
            "招生专业与计划-2024.xlsx",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("与招生专业与计划表同名"), "{}", run.stderr);
    assert!(!site.root().join("招生专业与计划-2024.xlsx").exists());
}

// ---- import ----

const GOOD_CSV: &str = "单位名称,专业名称,专业代码,招生类型,计划招生人数,学制（年）,学费（元/年）,合作院校,备注
东区第一职业中专,护理,720201,中专,200,3,0,,
东区第一职业中专,会计事务,730301,3+2,200,5,2000,示例职业技术学院,
东区第二职业中专,护理,720201,中专,300,3,免学费,,
东区第二职业中专,计算机应用,710201,五年一贯制,200,5,,示例职业技术学院,
示例市技术学校,数控技术应用,660103,一年制,200,1,1500,,\"招收往届初中毕业生和社会人员，含\"\"退役军人\"\"\"
示例市技术学校,计算机应用,710201,中专,300,3,0,,
其他学校,,,,,,,,
";

/// What GOOD_CSV becomes: the units in the order of units.toml, each unit's programs in the
/// sheet's order, codes quoted, 免学费 as 0, the empty row of 其他学校 left out.
const GOOD_TOML: &str = r#"# 2024 年 招生专业与计划
# 由 sunshine import 从 programs.csv 导入；可以直接修改。

[[program]]  # 东区第一职业中专
unit = "east-school-a"
name = "护理"
code = "720201"
track = "three_year"  # 中专
plan = 200
years = 3
fee = 0

[[program]]  # 东区第一职业中专
unit = "east-school-a"
name = "会计事务"
code = "730301"
track = "three_plus_two"  # 3+2
plan = 200
years = 5
fee = 2000
partner = "示例职业技术学院"

[[program]]  # 东区第二职业中专
unit = "east-school-b"
name = "护理"
code = "720201"
track = "three_year"  # 中专
plan = 300
years = 3
fee = 0

[[program]]  # 东区第二职业中专
unit = "east-school-b"
name = "计算机应用"
code = "710201"
track = "five_year"  # 五年一贯制
plan = 200
years = 5
partner = "示例职业技术学院"

[[program]]  # 示例市技术学校
unit = "city-tech"
name = "数控技术应用"
code = "660103"
track = "one_year"  # 一年制
plan = 200
years = 1
fee = 1500
note = "招收往届初中毕业生和社会人员，含\"退役军人\""

[[program]]  # 示例市技术学校
unit = "city-tech"
name = "计算机应用"
code = "710201"
track = "three_year"  # 中专
plan = 300
years = 3
fee = 0
"#;

#[test]
fn a_programs_csv_imports_into_programs_toml_byte_for_byte() {
    let site = site_without_programs();
    site.write("programs.csv", GOOD_CSV);
    let run = import(&site, "programs.csv", &["--programs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("已导入 6 个专业到 data/2024/programs.toml，全站检查通过。"),
        "{}",
        run.stdout
    );
    assert_eq!(site.read(PROGRAMS), GOOD_TOML);
    assert_eq!(run.stderr, "", "plans equal quotas: no warning");
    // The site reads it as the fixture's own programs.
    let model = sunshine::check(site.root()).unwrap().site.unwrap();
    assert_eq!(model.years[0].schools.programs.len(), 6);
}

#[test]
fn a_total_row_labelled_outside_the_unit_column_is_skipped() {
    let site = site_without_programs();
    // 合计 in 专业名称 with the unit cell empty, as a clerk adds it under the list; and a note
    // ending in 合计 beside a real program, which stays a program.
    let csv = GOOD_CSV
        .replace("其他学校,,,,,,,,\n", "其他学校,,,,,,,,\n,合计,,,1400,,,,\n")
        .replace(
            "东区第二职业中专,护理,720201,中专,300,3,免学费,,",
            "东区第二职业中专,护理,720201,中专,300,3,免学费,,不计入合计",
        );
    site.write("programs.csv", csv);
    let run = import(&site, "programs.csv", &["--programs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("已导入 6 个专业"), "{}", run.stdout);
    assert_eq!(
        site.read(PROGRAMS),
        GOOD_TOML.replace(
            "plan = 300\nyears = 3\nfee = 0\n\n[[program]]  # 东区第二职业中专",
            "plan = 300\nyears = 3\nfee = 0\nnote = \"不计入合计\"\n\n[[program]]  # 东区第二职业中专"
        )
    );
}

#[test]
fn a_programs_form_is_recognised_by_its_header_without_the_flag() {
    let site = site_without_programs();
    let (gbk, _, _) = encoding_rs::GBK.encode(GOOD_CSV);
    site.write("programs.csv", gbk.as_ref());
    let run = import(&site, "programs.csv", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.read(PROGRAMS), GOOD_TOML);
}

#[test]
fn a_monthly_form_without_month_is_still_missing_month() {
    let site = TestSite::new("valid");
    site.write(
        "form.csv",
        "单位名称,中专人数,3+2人数,五年一贯制人数,一年制人数\n其他学校,1,1,1,1\n",
    );
    let run = import(&site, "form.csv", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: 缺少 --month、--as-of — "),
        "{}",
        run.stderr
    );
}

#[test]
fn month_and_as_of_are_refused_with_programs() {
    let site = TestSite::new("valid");
    site.write("programs.csv", GOOD_CSV);
    let before = std::fs::read(site.root().join(PROGRAMS)).unwrap();
    let run = import(&site, "programs.csv", &["--programs", "--month", "9", "--force"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: 导入招生专业与计划表不用 --month 和 --as-of — "),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(site.root().join(PROGRAMS)).unwrap(), before);
}

#[test]
fn a_programs_form_imported_as_a_monthly_form_says_to_use_programs() {
    let site = TestSite::new("valid");
    site.write("programs.csv", GOOD_CSV);
    let run = import(&site, "programs.csv", &["--month", "9", "--as-of", "2024-09-15"]);
    run.assert_error(
        "programs.csv:1:1",
        &["这是招生专业与计划表，不是招生情况统计表（月报）", "--programs"],
    );
    assert!(!site.root().join("data/2024/reports/2024-09.toml").exists());
}

#[test]
fn a_monthly_form_imported_with_programs_says_to_use_month() {
    let site = TestSite::new("valid");
    site.write(
        "form.csv",
        "单位名称,中专人数,3+2人数,五年一贯制人数,一年制人数\n其他学校,1,1,1,1\n",
    );
    let before = std::fs::read(site.root().join(PROGRAMS)).unwrap();
    let run = import(&site, "form.csv", &["--programs", "--force"]);
    run.assert_error("form.csv:1:1", &["这是招生情况统计表（月报）", "--month"]);
    assert_eq!(std::fs::read(site.root().join(PROGRAMS)).unwrap(), before);
}

#[test]
fn an_xlsx_with_numeric_codes_title_rows_and_full_width_headers_imports() {
    use rust_xlsxwriter::Workbook;
    let site = site_without_programs();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "中等职业学校招生专业与计划表（2024 年）")
        .unwrap();
    sheet.write_string(1, 0, "一个专业填一行").unwrap();
    let header = [
        " 单位名称 ",
        "专业 名称",
        "专业代码",
        "招生类型",
        "计划招生人数（人）",
        "学制（年）",
        "学费（元／年）",
        "合作院校",
        "备注",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    // (unit, name, code as Excel keeps a typed number, track, plan, years, fee)
    let rows: [(&str, &str, f64, &str, f64, f64, f64); 4] = [
        ("东区第一职业中专 ", "护理", 720201.0, "中专", 200.0, 3.0, 0.0),
        ("东区第一职业中专", "会计事务", 730301.0, "３＋２", 200.0, 5.0, 2000.0),
        ("东区第二职业中专", "护理", 720201.0, "中专", 500.0, 3.0, 0.0),
        ("示例市技术学校", "计算机应用", 710201.0, "中专", 500.0, 3.0, 0.0),
    ];
    for (i, (unit, name, code, track, plan, years, fee)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_string(r, 0, *unit).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_number(r, 2, *code).unwrap();
        sheet.write_string(r, 3, *track).unwrap();
        sheet.write_number(r, 4, *plan).unwrap();
        sheet.write_number(r, 5, *years).unwrap();
        sheet.write_number(r, 6, *fee).unwrap();
    }
    sheet.write_string(4, 7, "示例职业技术学院").unwrap();
    book.save(site.root().join("programs.xlsx")).unwrap();
    let run = import(&site, "programs.xlsx", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("读取工作表 “Sheet1”"), "{}", run.stdout);
    assert_eq!(
        site.read(PROGRAMS),
        r#"# 2024 年 招生专业与计划
# 由 sunshine import 从 programs.xlsx 导入；可以直接修改。

[[program]]  # 东区第一职业中专
unit = "east-school-a"
name = "护理"
code = "720201"
track = "three_year"  # 中专
plan = 200
years = 3
fee = 0

[[program]]  # 东区第一职业中专
unit = "east-school-a"
name = "会计事务"
code = "730301"
track = "three_plus_two"  # 3+2
plan = 200
years = 5
fee = 2000
partner = "示例职业技术学院"

[[program]]  # 东区第二职业中专
unit = "east-school-b"
name = "护理"
code = "720201"
track = "three_year"  # 中专
plan = 500
years = 3
fee = 0

[[program]]  # 示例市技术学校
unit = "city-tech"
name = "计算机应用"
code = "710201"
track = "three_year"  # 中专
plan = 500
years = 3
fee = 0
"#
    );
}

/// Each broken sheet: exit 1, the error at `at` (row:col) naming the cell, and the site's
/// programs.toml byte for byte as it was, even with --force.
fn refused(csv: &str, at: &str, parts: &[&str]) {
    let site = TestSite::new("valid");
    site.write("programs.csv", csv);
    let before = std::fs::read(site.root().join(PROGRAMS)).unwrap();
    let run = import(&site, "programs.csv", &["--programs", "--force"]);
    run.assert_error(&format!("programs.csv:{at}"), parts);
    assert!(run.stderr.contains("没有写入任何文件"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(site.root().join(PROGRAMS)).unwrap(),
        before,
        "nothing written"
    );
    let files: Vec<_> = std::fs::read_dir(site.root().join("data/2024"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !files.iter().any(|f| f.to_string_lossy().contains("sunshine-tmp")),
        "{files:?}"
    );
}

#[test]
fn an_empty_program_name_is_refused_at_its_cell() {
    refused(
        &GOOD_CSV.replace("东区第一职业中专,会计事务,", "东区第一职业中专,,"),
        "3:2",
        &["单元格 B3：东区第一职业中专 的专业名称是空的"],
    );
}

#[test]
fn an_empty_track_is_refused_at_its_cell() {
    refused(
        &GOOD_CSV.replace("730301,3+2,", "730301,,"),
        "3:4",
        &["单元格 D3：", "招生类型是空的", "中专、3+2、五年一贯制、一年制"],
    );
}

#[test]
fn an_empty_plan_is_refused_at_its_cell() {
    refused(
        &GOOD_CSV.replace("730301,3+2,200,", "730301,3+2,,"),
        "3:5",
        &["单元格 E3：", "计划招生人数是空的"],
    );
}

#[test]
fn an_unknown_unit_is_refused_with_the_closest_name() {
    refused(
        &GOOD_CSV.replace("示例市技术学校,计算机应用", "示例市技术学较,计算机应用"),
        "7:1",
        &[
            "单元格 A7：单位“示例市技术学较”不在 data/units.toml 中",
            "是否是“示例市技术学校”",
        ],
    );
}

#[test]
fn an_unknown_track_is_refused_with_the_four_labels() {
    refused(
        &GOOD_CSV.replace("710201,中专,300", "710201,三年制高职,300"),
        "7:4",
        &[
            "单元格 D7：",
            "招生类型“三年制高职”不认识",
            "中专、3+2、五年一贯制、一年制",
        ],
    );
}

#[test]
fn a_plan_that_is_not_a_whole_number_is_refused() {
    refused(
        &GOOD_CSV.replace("710201,中专,300", "710201,中专,30.5"),
        "7:5",
        &["单元格 E7：", "计划招生人数不是整数"],
    );
    refused(
        &GOOD_CSV.replace("710201,中专,300", "710201,中专,三百"),
        "7:5",
        &["单元格 E7：", "计划招生人数不是数字"],
    );
    refused(
        &GOOD_CSV.replace("710201,中专,300", "710201,中专,0"),
        "7:5",
        &["单元格 E7：", "计划招生人数是 0"],
    );
}

#[test]
fn a_code_that_is_not_six_digits_is_refused() {
    refused(
        &GOOD_CSV.replace("720201,中专,200", "72020,中专,200"),
        "2:3",
        &["单元格 C2：", "专业代码“72020”不是六位数字"],
    );
}

#[test]
fn a_duplicate_unit_name_and_track_is_refused_at_the_second() {
    let csv = format!("{GOOD_CSV}东区第二职业中专, 护理 ,,中专,10,,,,\n");
    refused(
        &csv,
        "9:2",
        &["单元格 B9：东区第二职业中专 的 护理（中专）重复了（第 4 行已有，单元格 B4）"],
    );
}

#[test]
fn the_same_name_on_another_track_is_not_a_duplicate() {
    let site = site_without_programs();
    site.write(
        "programs.csv",
        GOOD_CSV.replace("其他学校,,,,,,,,", "东区第二职业中专,护理,720201,一年制,10,1,0,,"),
    );
    let run = import(&site, "programs.csv", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .read(PROGRAMS)
        .contains("name = \"护理\"\ncode = \"720201\"\ntrack = \"one_year\""));
}

#[test]
fn bad_years_and_fees_are_refused() {
    refused(
        &GOOD_CSV.replace("200,3,0", "200,9,0"),
        "2:6",
        &["单元格 F2：", "学制 9 年不在 1–6 年之间"],
    );
    refused(
        &GOOD_CSV.replace("200,3,0", "200,3,-100"),
        "2:7",
        &["单元格 G2：", "学费是负数"],
    );
}

#[test]
fn a_row_without_a_unit_name_is_refused() {
    refused(
        &GOOD_CSV.replace("东区第一职业中专,会计事务,", ",会计事务,"),
        "3:1",
        &["单元格 A3 没有单位名称", "不要合并单元格"],
    );
}

#[test]
fn a_unit_without_a_quota_is_refused() {
    let site = TestSite::new("valid");
    site.append(
        "data/units.toml",
        "\n[[unit]]\nid = \"new-school\"\nname = \"新学校\"\nkind = \"school\"\n",
    );
    site.write("programs.csv", format!("{GOOD_CSV}新学校,护理,,中专,10,,,,\n"));
    let before = std::fs::read(site.root().join(PROGRAMS)).unwrap();
    let run = import(&site, "programs.csv", &["--force"]);
    run.assert_error(
        "programs.csv:9:1",
        &["单元格 A9：单位“新学校”在 2024 年没有招生任务", "规则 I04"],
    );
    assert_eq!(std::fs::read(site.root().join(PROGRAMS)).unwrap(), before);
}

#[test]
fn a_header_without_track_and_plan_is_refused() {
    refused(
        "单位名称,专业名称\n其他学校,护理\n",
        "1:1",
        &["第 1 行的表头缺少这些列：招生类型、计划招生人数"],
    );
}

#[test]
fn an_existing_programs_toml_is_replaced_only_with_force() {
    let site = TestSite::new("valid");
    site.write("programs.csv", GOOD_CSV);
    let before = std::fs::read(site.root().join(PROGRAMS)).unwrap();
    let run = import(&site, "programs.csv", &[]);
    assert!(run.stderr.lines().any(|l| l
        == "error: data/2024/programs.toml:1:1: 这一年的招生专业与计划文件已经存在，没有覆盖 — 确认要用表格中的专业和计划整个替换它，就加上 --force 再运行"), "{}", run.stderr);
    assert_eq!(run.code, 1);
    assert_eq!(std::fs::read(site.root().join(PROGRAMS)).unwrap(), before);
    let run = import(&site, "programs.csv", &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.read(PROGRAMS), GOOD_TOML);
}

#[test]
fn a_failing_site_check_leaves_programs_toml_byte_for_byte() {
    let site = TestSite::new("valid");
    site.write("programs.csv", GOOD_CSV);
    site.write("content/notices/broken.md", "no front matter");
    let before = std::fs::read(site.root().join(PROGRAMS)).unwrap();
    let run = import(&site, "programs.csv", &["--force"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/notices/broken.md"), "{}", run.stderr);
    assert_eq!(std::fs::read(site.root().join(PROGRAMS)).unwrap(), before);
    let files: Vec<_> = std::fs::read_dir(site.root().join("data/2024"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !files.iter().any(|f| f.to_string_lossy().contains("sunshine-tmp")),
        "{files:?}"
    );
}

#[test]
fn plans_that_differ_from_the_quota_are_warned_at_the_units_cell_and_written() {
    let site = site_without_programs();
    site.write("programs.csv", GOOD_CSV.replace("710201,中专,300", "710201,中专,250"));
    let run = import(&site, "programs.csv", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_diagnostic(
        "warning",
        "programs.csv:6:1",
        &[
            "单元格 A6：示例市技术学校 各专业计划招生人数之和 450（中专 250，一年制 200）与 2024 年招生任务 500 不符",
            "核对各专业的计划招生人数",
            "规则 W06",
        ],
    );
    assert!(
        !run.stderr.contains(PROGRAMS),
        "never a line of the generated file: {}",
        run.stderr
    );
    assert!(site.read(PROGRAMS).contains("plan = 250"));
}

#[test]
fn more_than_fifty_bad_cells_are_counted_not_printed() {
    let site = TestSite::new("valid");
    let mut csv = String::from("单位名称,专业名称,招生类型,计划招生人数\n");
    for i in 0..70 {
        csv.push_str(&format!("其他学校,专业{i},中专,很多\n"));
    }
    site.write("programs.csv", csv);
    let before = std::fs::read(site.root().join(PROGRAMS)).unwrap();
    let run = import(&site, "programs.csv", &["--force"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.error_count(), 50, "{}", run.stderr);
    assert!(run.stderr.contains("还有 20 个错误"), "{}", run.stderr);
    assert_eq!(std::fs::read(site.root().join(PROGRAMS)).unwrap(), before);
}

#[test]
fn a_cell_with_an_invisible_character_is_refused_at_the_cell_in_the_sheets_terms() {
    refused(
        &GOOD_CSV.replace("东区第一职业中专,会计事务,", "东区第一职业中专,会计\u{200b}事务,"),
        "3:2",
        &[
            "单元格 B3 里有看不见的字符 U+200B（零宽空格",
            "不要从网页或 Word 里复制",
        ],
    );
    refused(
        &GOOD_CSV.replace("东区第一职业中专,会计事务,", "东区第一职业中专,会计\u{1}事务,"),
        "3:2",
        &["单元格 B3 里有看不见的字符 U+0001"],
    );
}
