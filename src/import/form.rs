//! `sunshine form`: the blank 招生情况统计表 for a month, listing every unit with a quota, laid
//! out so that what comes back can be imported as it is.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::model::Site;

pub const HEADER: [&str; 9] = [
    "序号",
    "单位名称",
    "招生任务",
    "总数",
    "中专人数",
    "3+2人数",
    "五年一贯制人数",
    "一年制人数",
    "报送日期",
];

/// The units of `year` as (序号, 单位名称, 招生任务).
fn rows(site: &Site, year: i32) -> Option<Vec<(usize, String, u64)>> {
    let y = site.years.iter().find(|y| y.year == year)?;
    Some(
        y.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (i + 1, site.units[e.unit].name.clone(), e.quota))
            .collect(),
    )
}

/// CSV (UTF-8 with BOM, so that Excel opens it correctly): the header row, then one row per unit.
pub fn csv(site: &Site, year: i32) -> Option<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = w.write_record(HEADER);
    for (seq, name, quota) in rows(site, year)? {
        let _ = w.write_record([
            seq.to_string(),
            name,
            quota.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
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
        "单位：人。填每个单位截至截止日期的累计人数；总数可不填，填了须等于四类人数之和。",
    )?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    for (i, (seq, name, quota)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_number(r, 0, *seq as f64)?;
        sheet.write_string(r, 1, name)?;
        sheet.write_number(r, 2, *quota as f64)?;
    }
    sheet.set_column_width(1, 32)?;
    for c in 2..9u16 {
        sheet.set_column_width(c, 14)?;
    }
    sheet.set_freeze_panes(3, 2)?;
    book.save_to_buffer().map(Some)
}
