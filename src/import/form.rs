//! `sunshine form`: the blank 招生情况统计表 for a month, listing every unit with a quota, and
//! the blank 招生专业与计划表 for the year, laid out so that what comes back can be imported as
//! it is.
//!
//! The programs form is a workbook (and CSV) of its own, not a second sheet of the monthly one:
//! it is filled once a year by each school, the monthly form every month by every unit, and a
//! clerk sends, collects and imports each on its own timetable; one sheet per file also keeps the
//! CSV, which has no sheets, the same as the workbook.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::programs::{HEADER as PROGRAMS_HEADER, TRACK_LABELS};
use crate::model::Site;
use crate::vocab::CountField;
use crate::Error;

/// The monthly form's columns: the unit, its quota, the total and a column per track (from
/// [`CountField`]), and the date.
pub const HEADER: [&str; CountField::ALL.len() + 4] = {
    let mut h = [""; CountField::ALL.len() + 4];
    (h[0], h[1], h[2], h[3]) = ("序号", "单位名称", "招生任务", CountField::Total.form_header());
    let mut i = 0;
    while i < CountField::TRACKS.len() {
        h[4 + i] = CountField::TRACKS[i].form_header();
        i += 1;
    }
    h[h.len() - 1] = "报送日期";
    h
};

/// The last column of the monthly form, after [`HEADER`]: what a row counts when units of the
/// form belong to one another (a district and its schools), so that no one adds them up twice.
/// The import does not read it; a form without it (the shape before) imports the same.
pub const NOTE_COLUMN: &str = "说明";

/// The units of `year` as (序号, 单位名称, 招生任务, 说明).
fn rows(site: &Site, year: i32) -> Option<Vec<(usize, String, u64, String)>> {
    let y = site.years.iter().find(|y| y.year == year)?;
    let name = |e: &crate::model::EntryId| site.units[y.entries[e.0].unit].name.clone();
    Some(
        y.entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut note = Vec::new();
                if !e.children.is_empty() {
                    let mut names: Vec<String> = e.children.iter().take(3).map(name).collect();
                    if e.children.len() > 3 {
                        names.push(format!("等 {} 个单位", e.children.len()));
                    }
                    note.push(format!(
                        "本行是合计：含下属单位（{}）的人数，不要再另加；也可以整行留空，网站按下属单位的行汇总",
                        names.join("、")
                    ));
                }
                if let Some(parent) = &e.quota_parent {
                    note.push(format!("本行人数已含在“{}”一行的合计中", name(parent)));
                }
                (i + 1, site.units[e.unit].name.clone(), e.quota, note.join("；"))
            })
            .collect(),
    )
}

/// CSV (UTF-8 with BOM, so that Excel opens it correctly): the header row, then one row per unit.
pub fn csv(site: &Site, year: i32) -> Option<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = w.write_record(HEADER.iter().chain([&NOTE_COLUMN]));
    for (seq, name, quota, note) in rows(site, year)? {
        let mut record = vec![String::new(); HEADER.len() + 1];
        record[0] = seq.to_string();
        record[1] = name;
        record[2] = quota.to_string();
        record[HEADER.len()] = note;
        let _ = w.write_record(record);
    }
    w.into_inner().ok()
}

/// The same as an .xlsx workbook, with a title row and wide columns; None when `year` has no quotas.
pub fn xlsx(site: &Site, year: i32) -> Result<Option<Vec<u8>>, XlsxError> {
    let Some(rows) = rows(site, year) else { return Ok(None) };
    let mut book = Workbook::new();
    // A fixed creation date keeps the file the same from run to run.
    let created = ExcelDateTime::from_ymd(year as u16, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title("中等职业教育招生情况统计表")
            .set_creation_datetime(&created),
    );
    let sheet = book.add_worksheet();
    sheet.set_name(format!("{year}年招生情况"))?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(
        0,
        0,
        format!("中等职业教育县市（学校）招生情况统计表（截止 {year} 年  月  日）"),
        &bold,
    )?;
    sheet.write_string(
        1,
        0,
        "单位：人。填每个单位截至截止日期的累计人数；总数可不填，填了须等于四类人数之和。\
         有下属单位的一行（如区县）填含下属单位在内的合计，也可以整行留空由网站汇总；见最后的“说明”列。",
    )?;
    for (c, h) in HEADER.iter().chain([&NOTE_COLUMN]).enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    for (i, (seq, name, quota, note)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_number(r, 0, *seq as f64)?;
        sheet.write_string(r, 1, name)?;
        sheet.write_number(r, 2, *quota as f64)?;
        if !note.is_empty() {
            sheet.write_string(r, HEADER.len() as u16, note)?;
        }
    }
    sheet.set_column_width(1, 32)?;
    for c in 2..HEADER.len() as u16 {
        sheet.set_column_width(c, 14)?;
    }
    sheet.set_column_width(HEADER.len() as u16, 60)?;
    sheet.set_freeze_panes(3, 2)?;
    book.save_to_buffer().map(Some)
}

/// The units that fill in the programs form: those with a quota in `year` that is not split
/// among units below them (a district whose schools have their own quotas sends none), in the
/// order of the quotas. None when `year` has no quotas.
fn program_units(site: &Site, year: i32) -> Option<Vec<String>> {
    let y = site.years.iter().find(|y| y.year == year)?;
    Some(
        y.entries
            .iter()
            .filter(|e| e.children.is_empty())
            .map(|e| site.units[e.unit].name.clone())
            .collect(),
    )
}

/// The programs form as CSV (UTF-8 with BOM): the header row, then a row per unit with its name.
pub fn programs_csv(site: &Site, year: i32) -> Option<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = w.write_record(PROGRAMS_HEADER);
    for name in program_units(site, year)? {
        let mut record = vec![String::new(); PROGRAMS_HEADER.len()];
        record[0] = name;
        let _ = w.write_record(record);
    }
    w.into_inner().ok()
}

/// Rows below the pre-filled ones that keep the dropdown and the checks, for schools with
/// several programs.
const SPARE_ROWS: u32 = 1000;

/// The programs form as an .xlsx workbook: a title, how to fill it in, the header, a row per unit
/// with its name; 招生类型 is a dropdown of the four labels, 专业代码 a text column (so that a
/// code keeps its digits), the numbers are checked as they are typed. None when `year` has no
/// quotas.
pub fn programs_xlsx(site: &Site, year: i32) -> Result<Option<Vec<u8>>, XlsxError> {
    let Some(units) = program_units(site, year) else {
        return Ok(None);
    };
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(year as u16, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title("中等职业学校招生专业与计划表")
            .set_creation_datetime(&created),
    );
    let sheet = book.add_worksheet();
    sheet.set_name(format!("{year}年招生专业与计划"))?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, format!("中等职业学校招生专业与计划表（{year} 年）"), &bold)?;
    sheet.write_string(
        1,
        0,
        "一个专业填一行；一个单位有几个专业就填几行，每行都写单位名称（不要合并单元格）。招生类型从下拉列表中选。\
         专业代码填《职业教育专业目录》的六位数字，可不填。学费填每年学费（元），免学费填 0。没有招生专业的单位保留原样即可。",
    )?;
    for (c, h) in PROGRAMS_HEADER.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    for (i, name) in units.iter().enumerate() {
        sheet.write_string(3 + i as u32, 0, name)?;
    }
    let (first, last) = (3u32, 3 + units.len() as u32 + SPARE_ROWS);
    let track = DataValidation::new()
        .allow_list_strings(&TRACK_LABELS)?
        .set_error_title("招生类型")?
        .set_error_message(format!("招生类型只能是：{}", super::programs::track_list()))?;
    sheet.add_data_validation(first, 3, last, 3, &track)?;
    let plan = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1))
        .set_error_title("计划招生人数")?
        .set_error_message("计划招生人数填大于 0 的整数")?;
    sheet.add_data_validation(first, 4, last, 4, &plan)?;
    let years = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(1, 6))
        .set_error_title("学制（年）")?
        .set_error_message("学制填 1 到 6 的整数年数")?;
    sheet.add_data_validation(first, 5, last, 5, &years)?;
    let fee = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(0, 1_000_000))
        .set_error_title("学费（元/年）")?
        .set_error_message("学费填每年的学费（元），整数；免学费填 0")?;
    sheet.add_data_validation(first, 6, last, 6, &fee)?;
    // 专业代码 as text: typed 730301 stays "730301", and a code never loses a leading zero.
    sheet.set_column_format(2, &Format::new().set_num_format_index(49))?;
    for (c, width) in [32, 20, 12, 14, 14, 10, 14, 28, 28].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_freeze_panes(3, 1)?;
    book.save_to_buffer().map(Some)
}

/// Every file `sunshine form` writes, given `out` (the monthly form's .xlsx, or a .csv for the
/// CSV files only): the monthly form's .xlsx and .csv, then the programs form's
/// `招生专业与计划-<year>.xlsx` and `.csv` in the same folder.
pub fn files(site: &Site, year: i32, out: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    let only_csv = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let programs = programs_path(out, year);
    if programs.with_extension("csv") == out.with_extension("csv") {
        return Err(Error::Usage(format!(
            "--out {} 与招生专业与计划表同名 — 月报表格另选一个文件名，如 --out 招生情况统计表-{year}.xlsx\n查看用法：sunshine form --help",
            out.display()
        )));
    }
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |e: XlsxError| Error::Form {
            path,
            error: e.to_string(),
        }
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if !only_csv {
        if let Some(bytes) = xlsx(site, year).map_err(failed(out))? {
            files.push((out.to_path_buf(), bytes));
        }
    }
    files.push((out.with_extension("csv"), csv(site, year).unwrap_or_default()));
    if !only_csv {
        if let Some(bytes) = programs_xlsx(site, year).map_err(failed(&programs))? {
            files.push((programs.clone(), bytes));
        }
    }
    files.push((
        programs.with_extension("csv"),
        programs_csv(site, year).unwrap_or_default(),
    ));
    Ok(files)
}

/// The programs form's .xlsx beside `out`: `招生专业与计划-<year>.xlsx` in the same folder.
pub fn programs_path(out: &Path, year: i32) -> PathBuf {
    out.with_file_name(format!("招生专业与计划-{year}.xlsx"))
}
