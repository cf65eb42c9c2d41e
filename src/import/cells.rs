//! Reading a sheet's cells, for both imports: numbers and loose dates (full-width digits, a
//! thousands separator, 8月14日) and the notes of what was read otherwise than as typed; units
//! looked up by name; rows of totals; hidden characters; and a site check's findings in a
//! generated file moved back to the sheet's cells.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::table::{self, cell_name, Cell, Table};
use crate::diagnostics::{did_you_mean, rules, Diagnostic, Diagnostics};
use crate::names::normalize_name as normalize;
use crate::vocab::CountField;

pub(super) struct Ctx<'a> {
    pub(super) path: &'a str,
    pub(super) diags: Diagnostics,
    /// What was read otherwise than as typed (a loose date, full-width digits), to be said, at
    /// its 0-based (row, column).
    pub(super) notes: Vec<(usize, usize, String)>,
    /// The empty rows taken as rolled up from the units below them, to be said.
    pub(super) rolled: Vec<String>,
}

/// The site's units looked up by a sheet's 单位名称 cell: by name (spaces and 全角 forms
/// ignored) or by id.
pub(super) struct UnitLookup<'a> {
    units: &'a [(String, String)],
    by_name: HashMap<String, usize>,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> UnitLookup<'a> {
    /// `units` are (id, name) pairs.
    pub(super) fn new(units: &'a [(String, String)]) -> Self {
        Self {
            units,
            by_name: units
                .iter()
                .enumerate()
                .map(|(i, (_, name))| (normalize(name), i))
                .collect(),
            by_id: units.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect(),
        }
    }

    /// The unit `name` names, if any.
    pub(super) fn find(&self, name: &str) -> Option<usize> {
        self.by_name
            .get(&normalize(name))
            .or_else(|| self.by_id.get(name))
            .copied()
    }

    /// The unit the cell at (`r`, `col`) names, or an error at that cell suggesting the closest
    /// registered name.
    pub(super) fn resolve(&self, ctx: &mut Ctx<'_>, r: usize, col: usize, name: &str) -> Option<usize> {
        let found = self.find(name);
        if found.is_none() {
            let hint = match did_you_mean(name, self.units.iter().map(|(_, n)| n.as_str())) {
                Some(close) => format!("是否是“{close}”？单位名称要与 data/units.toml 中的 name 完全一致"),
                None => "先在 data/units.toml 中登记这个单位，或改成已登记的单位名称".to_string(),
            };
            ctx.error(
                r,
                col,
                format!("单元格 {}：单位“{name}”不在 data/units.toml 中", cell_name(r, col)),
                hint,
            );
        }
        found
    }
}

/// A cell holding an invisible or control character (pasted from a web page or Word) is refused
/// at the cell, in the sheet's terms, before its text can reach a data file. The unit column is
/// left out: names are matched ignoring such characters, and only the id is written; so are the
/// columns `free_text`, which are not read (the monthly form's 说明).
pub(super) fn hidden_characters(
    table: &Table,
    first_row: usize,
    unit_col: usize,
    free_text: &[usize],
    ctx: &mut Ctx<'_>,
) {
    use crate::load::text::describe;
    use crate::text_rules::{is_control, is_invisible_format};
    for (r, row) in table.rows.iter().enumerate().skip(first_row) {
        for (c, cell) in row.iter().enumerate() {
            let Cell::Text(text) = cell else { continue };
            if c == unit_col || free_text.contains(&c) {
                continue;
            }
            if let Some(ch) = text.chars().find(|&ch| is_control(ch) || is_invisible_format(ch)) {
                ctx.error(
                    r,
                    c,
                    format!("单元格 {} 里有看不见的字符 {}", cell_name(r, c), describe(ch)),
                    "在表格里删掉这个格子的内容后重新输入，不要从网页或 Word 里复制",
                );
            }
        }
    }
}

impl Ctx<'_> {
    pub(super) fn error(&mut self, row: usize, col: usize, message: String, hint: impl Into<String>) {
        self.diags
            .push_raw_error(rules::IMPORT_CELL, self.path, row + 1, col + 1, message, hint);
    }
}

pub(super) fn count(cell: &Cell) -> Result<u64, (&'static str, &'static str)> {
    let number = match cell {
        Cell::Empty => return Err(("是空的", "没有招生就填 0")),
        Cell::Date(_) => return Err(("是日期，不是人数", "填人数（整数）")),
        Cell::Number(f) => *f,
        Cell::Text(s) => {
            let t: String = normalize(s).chars().filter(|c| *c != ',' && *c != '，').collect();
            let t = t.strip_suffix('人').unwrap_or(&t);
            t.parse::<f64>().map_err(|_| ("不是数字", "只填阿拉伯数字，如 120"))?
        }
    };
    if number < 0.0 {
        return Err(("是负数", "人数不能小于 0"));
    }
    if number.fract() != 0.0 || number > 1e9 {
        return Err(("不是整数", "人数只能是整数"));
    }
    Ok(number as u64)
}

pub(super) fn date(cell: &Cell, year: i32) -> Result<Option<NaiveDate>, ()> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        // A date typed into a cell formatted as a number: days since 1899-12-30 (Excel's epoch).
        Cell::Number(n) if (20_000.0..80_000.0).contains(n) && n.fract() == 0.0 => {
            Ok(NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.checked_add_days(chrono::Days::new(*n as u64))))
        }
        Cell::Number(_) => Err(()),
        Cell::Text(s) => {
            let t = normalize(s);
            for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"] {
                if let Ok(d) = NaiveDate::parse_from_str(&t, format) {
                    return Ok(Some(d));
                }
            }
            NaiveDate::parse_from_str(&format!("{year}年{t}"), "%Y年%m月%d日")
                .map(Some)
                .map_err(|_| ())
        }
    }
}

/// A count typed otherwise than as plain digits (full-width digits, a thousands separator, 人):
/// the note of what it was read as.
pub(super) fn note_loose_count(ctx: &mut Ctx<'_>, cell: &Cell, r: usize, c: usize, n: u64) {
    if let Cell::Text(t) = cell {
        let typed = t.trim();
        if !typed.chars().all(|ch| ch.is_ascii_digit()) {
            ctx.notes
                .push((r, c, format!("单元格 {}：“{typed}”读作 {n}", cell_name(r, c))));
        }
    }
}

/// The cell's text when a date was read from it otherwise than as typed: without a year, with
/// dots, full-width digits or spaces; a plain 2024-08-14, 2024/8/14 or 2024年8月14日 is not.
pub(super) fn loose_date(cell: &Cell) -> Option<String> {
    let typed = match cell {
        Cell::Text(t) => t.trim(),
        // A date typed into a cell formatted as a number: Excel's day count.
        Cell::Number(n) => return Some(n.to_string()),
        _ => return None,
    };
    let plain = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
        .iter()
        .any(|f| NaiveDate::parse_from_str(typed, f).is_ok())
        && typed.chars().all(|ch| ch.is_ascii_digit() || "-/年月日".contains(ch));
    (!plain).then(|| typed.to_string())
}

/// The TOML names of the report's fields, as the sheet's headers call them: each field as the
/// checks name it (`3+2 人数 three_plus_two`), then the bare `total`.
pub(super) fn field_names() -> Vec<(String, &'static str)> {
    CountField::ALL
        .into_iter()
        .map(|f| (f.help(), f.form_header()))
        .chain([(CountField::Total.key().to_string(), CountField::Total.form_header())])
        .collect()
}

/// A diagnostic of the site check, as the clerk can act on it: one in the generated report is
/// moved to the sheet's cell its line came from, and speaks of the sheet's columns, not of TOML
/// fields; a unit with no row is to be sent in and imported again.
pub(super) fn at_sheet(mut d: Diagnostic, rel: &str, sheet: &str, cells: &[Option<(usize, usize)>]) -> Diagnostic {
    if d.path != rel {
        return d;
    }
    if d.rule == rules::LATE_FORM {
        // Accepting a late form is written in the report file, not in the sheet.
        d.hint = d.hint.replace(
            "在这一行加 late_ok = true",
            &format!("在 {rel} 中这个单位的 [[row]] 里加 late_ok = true"),
        );
    }
    if d.rule == rules::BELOW_CHILDREN {
        // In the sheet, "deleting the row" is leaving its counts empty: the import rolls it up.
        d.hint =
            "上级单位（如区县）一行填含下属单位在内的合计；或把这一行的人数全部清空，留空的一行按下属单位汇总".into();
    }
    if d.rule == rules::FORMS_MISSING {
        // The site's "add a [[row]]" means, for an import, a form still to come.
        d.hint = "补交后用 --force 重新导入；在此之前网站会把它们标为“未报送”".into();
    }
    let names = field_names();
    let names: Vec<(&str, &str)> = names.iter().map(|(t, h)| (t.as_str(), *h)).collect();
    to_cell(d, sheet, cells, &names)
}

/// Moves a diagnostic of a generated file (whose lines are never shown: it is not the clerk's
/// file) to the sheet's cell its line came from, with the sheet's column names for the fields;
/// one about the file as a whole goes to the sheet's start.
pub(super) fn to_cell(
    mut d: Diagnostic,
    sheet: &str,
    cells: &[Option<(usize, usize)>],
    fields: &[(&str, &str)],
) -> Diagnostic {
    d.snippet = None;
    d.path = sheet.to_string();
    for (toml, header) in fields {
        d.message = d.message.replace(toml, header);
        d.hint = d.hint.replace(toml, header);
    }
    let Some(&Some((row, col))) = cells.get(d.line.wrapping_sub(1)) else {
        (d.line, d.col) = (1, 1);
        return d;
    };
    d.line = row + 1;
    d.col = col + 1;
    d.message = format!("单元格 {}：{}", cell_name(row, col), d.message);
    d
}

/// Whether a cell's words label a row of totals: they end with 合计, 总计 or 小计, or are 全市.
/// A name that merely contains such a word (全市职业中专) is not a label.
pub(super) fn is_total_label(text: &str) -> bool {
    let n = normalize(text);
    n.ends_with("合计") || n.ends_with("总计") || n.ends_with("小计") || n == "全市"
}

/// Whether `row` holds totals, not a unit or a program: any of its text cells, except those in
/// the columns `free_text` (备注 and the like), is a total label — in the 单位名称 column, in
/// 序号, or in a merged cell (whose text is in its first column) — and its unit cell, `name`,
/// does not name a registered unit (a unit's row stays a unit's row whatever else it says).
pub(super) fn is_total_row(row: &[Cell], name: &str, lookup: &UnitLookup<'_>, free_text: &[usize]) -> bool {
    let labelled = row.iter().enumerate().any(|(c, cell)| match cell {
        Cell::Text(t) => !free_text.contains(&c) && is_total_label(t),
        _ => false,
    });
    labelled && (name.is_empty() || lookup.find(name).is_none())
}

/// What the clerk should know about the sheet read: its name, the hidden rows left out.
pub(super) fn sheet_notes(sheet: &table::Sheet) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(name) = &sheet.name {
        notes.push(format!("读取工作表 “{name}”"));
    }
    if !sheet.hidden_rows.is_empty() {
        let shown: Vec<String> = sheet.hidden_rows.iter().take(10).map(|r| (r + 1).to_string()).collect();
        let more = if sheet.hidden_rows.len() > 10 {
            format!(" 等共 {} 行", sheet.hidden_rows.len())
        } else {
            String::new()
        };
        notes.push(format!(
            "跳过了隐藏的第 {} 行{more}：隐藏的行不导入；要导入它们，请在 Excel 中取消隐藏，保存后再导入",
            shown.join("、")
        ));
    }
    notes
}

/// The most notes of cells read otherwise than as typed that are listed one by one.
pub(super) const MAX_READ_NOTES: usize = 20;

/// The notes of the cells read otherwise than as typed, listed up to `MAX_READ_NOTES`, then
/// counted, and what to do if one was read wrong.
pub(super) fn read_notes(mut cells: Vec<(usize, usize, String)>) -> Vec<String> {
    if cells.is_empty() {
        return Vec::new();
    }
    cells.sort();
    let mut loose: Vec<String> = cells.into_iter().map(|(_, _, note)| note).collect();
    let more = loose.len().saturating_sub(MAX_READ_NOTES);
    loose.truncate(MAX_READ_NOTES);
    if more > 0 {
        loose.push(format!("另有 {more} 个单元格也不是按标准写法填的，同样读取了"));
    }
    loose.push(
        "以上单元格不是按标准写法（如 120、2024-08-14）填的，已按“读作”后面的结果导入；读错了就改正表格后重新导入"
            .into(),
    );
    loose
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    #[test]
    fn a_site_check_finding_in_the_generated_report_is_said_at_the_sheets_cell() {
        let rel = "data/2024/reports/2024-09.toml";
        let mut d = Diagnostic::at_file(
            Severity::Error,
            rules::TOTAL_NOT_SUM,
            rel,
            "总数 total = 590，但四类人数之和是 580（420 + 110 + 30 + 20）",
            "核对四类人数",
        );
        (d.line, d.col) = (10, 9);
        d.snippet = Some(Box::new(crate::diagnostics::Snippet {
            line: 10,
            text: "total = 590".into(),
            span: 8..11,
        }));
        let mut cells = vec![None; 12];
        cells[9] = Some((3, 6));
        let d = at_sheet(d, rel, "form.xlsx", &cells);
        assert_eq!((d.path.as_str(), d.line, d.col), ("form.xlsx", 4, 7));
        assert_eq!(d.snippet, None, "the generated TOML's line is never shown");
        assert_eq!(
            d.message,
            "单元格 G4：总数 = 590，但四类人数之和是 580（420 + 110 + 30 + 20）"
        );
    }

    #[test]
    fn a_total_label_ends_with_the_word_a_name_merely_containing_it_is_not_one() {
        for label in ["合计", " 合 计 ", "东区小计", "总计", "全市"] {
            assert!(is_total_label(label), "{label}");
        }
        for name in ["全市职业中专", "合计职业学校", "会计", "东区"] {
            assert!(!is_total_label(name), "{name}");
        }
    }

    #[test]
    fn counts_accept_numbers_and_plain_text() {
        assert_eq!(count(&Cell::Number(120.0)), Ok(120));
        assert_eq!(count(&Cell::Text(" 1,200 ".into())), Ok(1200));
        assert_eq!(count(&Cell::Text("１２０人".into())), Ok(120));
        assert!(count(&Cell::Empty).is_err());
        assert!(count(&Cell::Number(-1.0)).is_err());
        assert!(count(&Cell::Number(1.5)).is_err());
        assert!(count(&Cell::Text("十二".into())).is_err());
    }

    #[test]
    fn a_date_read_otherwise_than_as_typed_is_said_a_plain_one_is_not() {
        for plain in ["2024-08-14", "2024/8/14", "2024年8月14日", " 2024-08-14 "] {
            assert_eq!(loose_date(&Cell::Text(plain.into())), None, "{plain}");
        }
        for loose in ["2024.8.14", "8月14日", "２０２４-０８-１４", "2024 年 8 月 14 日"] {
            assert_eq!(
                loose_date(&Cell::Text(loose.into())).as_deref(),
                Some(loose.trim()),
                "{loose}"
            );
        }
        assert_eq!(loose_date(&Cell::Number(45518.0)).as_deref(), Some("45518"));
        assert_eq!(
            loose_date(&Cell::Date(NaiveDate::from_ymd_opt(2024, 8, 14).unwrap())),
            None
        );
    }

    #[test]
    fn dates_accept_the_usual_chinese_spellings() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 14);
        assert_eq!(date(&Cell::Text("2024-08-14".into()), 2024), Ok(d));
        assert_eq!(date(&Cell::Text("2024/8/14".into()), 2024), Ok(d));
        assert_eq!(date(&Cell::Text("2024年8月14日".into()), 2024), Ok(d));
        assert_eq!(date(&Cell::Text("8月14日".into()), 2024), Ok(d));
        assert_eq!(date(&Cell::Number(45518.0), 2024), Ok(d));
        assert_eq!(date(&Cell::Empty, 2024), Ok(None));
        assert!(date(&Cell::Text("下周".into()), 2024).is_err());
    }
}
