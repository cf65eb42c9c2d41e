//! A spreadsheet read into cells with their row and column, from .xlsx/.xls/.ods or .csv.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;

/// One cell's value, as typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Date(NaiveDate),
}

/// Rows of cells; `rows[r][c]` is spreadsheet row r+1, column c+1.
#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Cell::Empty)
    }
}

/// Excel's column name: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Reads the first worksheet of a workbook, or a CSV file. Err is a message for the user.
pub fn read(path: &Path) -> Result<Table, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(path),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path),
        _ => Err(format!(
            "不认识的文件类型 .{ext}：请用 Excel 文件（.xlsx）或 CSV 文件（.csv）"
        )),
    }
}

fn read_workbook(path: &Path) -> Result<Table, String> {
    let mut book = open_workbook_auto(path).map_err(|e| format!("无法打开表格文件：{e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| "表格文件里没有工作表".to_string())?
        .map_err(|e| format!("无法读取第一个工作表：{e}"))?;
    // The range may start below or right of A1; keep spreadsheet coordinates.
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left as usize];
        cells.extend(row.iter().map(|d| {
            match d {
                Data::Empty => Cell::Empty,
                Data::Int(i) => Cell::Number(*i as f64),
                Data::Float(f) => Cell::Number(*f),
                Data::String(s) => Cell::Text(s.clone()),
                Data::Bool(b) => Cell::Text(b.to_string()),
                Data::DateTime(dt) => dt
                    .as_datetime()
                    .map_or(Cell::Number(dt.as_f64()), |d| Cell::Date(d.date())),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                Data::Error(e) => Cell::Text(format!("#{e:?}")),
            }
        }));
        rows.push(cells);
    }
    Ok(Table { rows })
}

/// Decodes CSV bytes as Excel in China writes them: UTF-8 with or without BOM, else GB18030 (GBK).
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| "文件开头标明是 UTF-8，但内容不是 UTF-8".to_string());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err("无法识别文件编码：请在 Excel 中“另存为”CSV UTF-8（逗号分隔）".to_string());
    }
    Ok(text.into_owned())
}

fn read_csv(path: &Path) -> Result<Table, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取文件：{e}"))?;
    let text = decode(&bytes)?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("第 {} 行无法读取：{e}", i + 1))?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Table { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_follow_excel() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn csv_bytes_in_gbk_utf8_and_utf8_with_bom_decode_alike() {
        let (gbk, _, _) = encoding_rs::GBK.encode("单位名称,中专人数");
        assert_eq!(decode(&gbk).unwrap(), "单位名称,中专人数");
        assert_eq!(decode("单位名称".as_bytes()).unwrap(), "单位名称");
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
    }
}
