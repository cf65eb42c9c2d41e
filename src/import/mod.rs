//! `sunshine import`: one filled-in 招生情况统计表 (attachment 2), as .xlsx or .csv, becomes
//! `data/<Y>/reports/<Y>-<MM>.toml` — or, on any problem, nothing is written.

mod checks;
pub mod form;
pub mod programs;
mod table;

use crate::diagnostics::rules;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Severity};
use crate::output::atomic::write_atomically;
use crate::vocab::CountField;
use crate::{load, Error};
pub use table::{cell_name, column_name, decode, Cell, Table, MAX_COLS, MAX_ROWS};

/// What to import.
pub struct Request {
    pub file: PathBuf,
    pub root: PathBuf,
    pub year: i32,
    pub month: u32,
    pub as_of: NaiveDate,
    pub force: bool,
    /// The worksheet to read; by default the workbook's active sheet.
    pub sheet: Option<String>,
    /// 更正原因: with `force`, a published figure the sheet changes is recorded as a
    /// `[[correction]]` with this reason (without it, such a change is refused).
    pub reason: Option<String>,
    /// The file's bytes, when they did not come from a path (an upload in the 工作台): then
    /// `file` only names it (its extension says .xlsx or .csv) and is never opened. Read through
    /// the same guards as a file on disk (size, zip directory, unpacked sizes).
    pub upload: Option<Vec<u8>>,
    /// Check everything as an import does and write nothing: [`Outcome::Ready`] instead of
    /// [`Outcome::Written`].
    pub dry_run: bool,
    /// 认可逾期: rows whose form came after the month's due date are written with
    /// `late_ok = true` and this reason as `late_reason` (`import --accept-late "原因"`).
    pub accept_late: Option<String>,
    /// The date of a `[[correction]]` written with `reason`; today when None.
    pub correction_date: Option<NaiveDate>,
}

impl Request {
    /// A request for `file` with every option off: the month's form as the command reads it.
    pub fn new(file: PathBuf, root: PathBuf, year: i32, month: u32, as_of: NaiveDate) -> Self {
        Request {
            file,
            root,
            year,
            month,
            as_of,
            force: false,
            sheet: None,
            reason: None,
            upload: None,
            dry_run: false,
            accept_late: None,
            correction_date: None,
        }
    }
}

pub enum Outcome {
    /// The report file was written and the whole site checks; `diagnostics` holds its warnings.
    Written {
        path: String,
        rows: usize,
        diagnostics: Vec<Diagnostic>,
        /// What the user should know: the sheet read, the hidden rows left out.
        notes: Vec<String>,
        /// Stand-ins from `sunshine new` left elsewhere in the site: `build` refuses it still.
        placeholders: usize,
    },
    /// A dry run (`Request::dry_run`) that would have written the report: everything checked,
    /// nothing written.
    Ready(Box<Ready>),
    /// Nothing was written.
    Refused {
        diagnostics: Vec<Diagnostic>,
        notes: Vec<String>,
        /// Whether an error is about the sheet, to be corrected there; otherwise every error is
        /// about the site or the command (no data/, no quotas, a file that exists).
        about_sheet: bool,
    },
}

/// What a dry run would have written.
pub struct Ready {
    /// The report file, relative to the root, and its text as it would be written.
    pub path: String,
    pub text: String,
    pub rows: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    pub placeholders: usize,
    /// The units a `[[correction]]` would be written for (with `reason`).
    pub corrected: Vec<String>,
    /// The units whose late form would be accepted (with `accept_late`).
    pub accepted_late: Vec<String>,
}

impl Outcome {
    /// Whether the import was refused because the sheet changes figures already published
    /// without `--reason` (rule C05): giving one records the correction.
    pub fn needs_reason(&self) -> bool {
        let Outcome::Refused { diagnostics, .. } = self else {
            return false;
        };
        diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.rule == rules::PUBLISHED_CHANGED)
    }

    /// The last line of a refusal, what to do next; None when the file was written.
    pub fn next_step(&self) -> Option<&'static str> {
        let Outcome::Refused {
            diagnostics,
            about_sheet,
            ..
        } = self
        else {
            return None;
        };
        let only_published = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .all(|d| d.rule == rules::PUBLISHED_CHANGED);
        Some(match (self.needs_reason(), only_published, about_sheet) {
            (true, true, _) => "没有导入，没有写入任何文件：表格改动了已经公布的数字。数字确实有误，就加上 --reason \"更正原因\" 重新导入，程序会在月报里记下这条更正；不是有意改动，就把表格改回原数字后重新导入。",
            (true, false, _) => "没有导入，没有写入任何文件：按上面的提示改正表格；表格还改动了已经公布的数字，确实是更正的话，重新导入时加上 --reason \"更正原因\"。",
            (false, _, true) => "没有导入：请改正表格后重新导入，没有写入任何文件。",
            (false, _, false) => "没有导入：按上面的提示处理后重新导入，没有写入任何文件。",
        })
    }
}

/// The refusal with `diagnostics`; `sheet` is the sheet's path as they name it.
fn refused(diagnostics: Vec<Diagnostic>, notes: &[String], sheet: &str) -> Outcome {
    let about_sheet = diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.path == sheet);
    Outcome::Refused {
        diagnostics,
        notes: notes.to_vec(),
        about_sheet,
    }
}

/// The columns of attachment 2 that the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Unit,
    /// A track's count, or the total.
    Count(CountField),
    Submitted,
    /// 说明 or 备注: free text, not read (the blank form's 说明 says what a row counts).
    Note,
}

/// The four count columns the form must have, with their headers: one per track.
const COUNT_COLUMNS: [(Column, &str); CountField::TRACKS.len()] = {
    let mut c = [(Column::Unit, ""); CountField::TRACKS.len()];
    let mut i = 0;
    while i < c.len() {
        let f = CountField::TRACKS[i];
        c[i] = (Column::Count(f), f.form_header());
        i += 1;
    }
    c
};
const TOTAL: Column = Column::Count(CountField::Total);

use crate::names::normalize_name as normalize;

fn classify(header: &str) -> Option<Column> {
    let h = normalize(header);
    let h = h.as_str();
    // A track's column names it (中专人数, ３＋２人数); the later tracks first, so that
    // 一年制中专人数 is 一年制, not 中专.
    if let Some(f) = CountField::TRACKS
        .into_iter()
        .rev()
        .find(|f| h.contains(f.short_label()))
    {
        return Some(Column::Count(f));
    }
    match h {
        "五年制" => Some(Column::Count(CountField::FiveYear)),
        _ if h.contains(CountField::Total.short_label()) || h == "合计" || h == "总计" || h == "中等职业教育招生数" => {
            Some(TOTAL)
        }
        _ if h.contains("报送日期") || h.contains("报送时间") || h.contains("填报日期") => {
            Some(Column::Submitted)
        }
        _ if h == "单位" || h.contains("单位名称") || h.contains("教育局、学校") => Some(Column::Unit),
        _ if h == "说明" || h == "备注" => Some(Column::Note),
        _ => None,
    }
}

struct Ctx<'a> {
    path: &'a str,
    diags: Diagnostics,
    /// What was read otherwise than as typed (a loose date, full-width digits), to be said, at
    /// its 0-based (row, column).
    notes: Vec<(usize, usize, String)>,
    /// The empty rows taken as rolled up from the units below them, to be said.
    rolled: Vec<String>,
}

/// The site's units looked up by a sheet's 单位名称 cell: by name (spaces and 全角 forms
/// ignored) or by id.
struct UnitLookup<'a> {
    units: &'a [(String, String)],
    by_name: HashMap<String, usize>,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> UnitLookup<'a> {
    /// `units` are (id, name) pairs.
    fn new(units: &'a [(String, String)]) -> Self {
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
    fn find(&self, name: &str) -> Option<usize> {
        self.by_name
            .get(&normalize(name))
            .or_else(|| self.by_id.get(name))
            .copied()
    }

    /// The unit the cell at (`r`, `col`) names, or an error at that cell suggesting the closest
    /// registered name.
    fn resolve(&self, ctx: &mut Ctx<'_>, r: usize, col: usize, name: &str) -> Option<usize> {
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
fn hidden_characters(table: &Table, first_row: usize, unit_col: usize, free_text: &[usize], ctx: &mut Ctx<'_>) {
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

/// Whether the data file at `path` holds records: any `[[table]]` with an entry. A file that is
/// only comments and settings — the template `sunshine new` writes — holds none; a file that
/// cannot be read or parsed is taken to hold some, so that it is never replaced unasked.
fn has_records(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return true;
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return true;
    };
    table.values().any(|v| match v {
        toml::Value::Array(items) => items.iter().any(toml::Value::is_table),
        _ => false,
    })
}

/// Whether the import may write `rel`: yes when it does not exist, or holds no records (a
/// template; then the note to print once it is replaced), or is the sample data `new` wrote,
/// unchanged (the note too), or with `--force`; otherwise the
/// refusal, for nothing with records is overwritten unasked. `what` names the file, `replace`
/// what replaces it, `records` its records (`[[program]]`).
fn may_write(
    root: &Path,
    rel: &str,
    force: bool,
    what: &str,
    replace: &str,
    records: &str,
) -> Result<Option<String>, Vec<Diagnostic>> {
    let path = root.join(rel);
    if !path.exists() {
        return Ok(None);
    }
    if !has_records(&path) {
        return Ok(Some(format!(
            "{rel} 只是模板（只有说明，没有一段 {records}）：已用表格中的{replace}"
        )));
    }
    if force {
        return Ok(None);
    }
    if std::fs::read(&path).is_ok_and(|text| crate::scaffold::is_as_written_by_new(rel, &text)) {
        return Ok(Some(format!(
            "{rel} 是 sunshine new 写的示例数据，没有改动过：已用表格中的{replace}"
        )));
    }
    let mut d = Diagnostics::new();
    d.push_raw_error(
        rules::IMPORT_EXISTS,
        rel,
        1,
        1,
        format!("{what}已经存在，没有覆盖"),
        format!("确认要用表格中的{replace}，就加上 --force 再运行"),
    );
    Err(d.into_sorted())
}

/// The sheet of the request whose header `header` finds, or the refusal at the cell where
/// reading stopped.
fn read_sheet(
    req_file: &std::path::Path,
    sheet: Option<&str>,
    header: &dyn Fn(&Table) -> bool,
    ctx: &mut Ctx<'_>,
) -> Result<table::Sheet, Outcome> {
    read_sheet_from(req_file, None, sheet, header, ctx)
}

/// As [`read_sheet`], from `upload`'s bytes when there are some (`file` then only names them).
fn read_sheet_from(
    req_file: &std::path::Path,
    upload: Option<&[u8]>,
    sheet: Option<&str>,
    header: &dyn Fn(&Table) -> bool,
    ctx: &mut Ctx<'_>,
) -> Result<table::Sheet, Outcome> {
    let read = match upload {
        Some(bytes) => table::read_bytes(req_file, bytes, sheet, header),
        None => table::read(req_file, sheet, header),
    };
    read.map_err(|e| {
        ctx.error(e.row, e.col, e.message, e.hint);
        refused(std::mem::take(&mut ctx.diags).into_sorted(), &[], ctx.path)
    })
}

/// A request's file and site root exist; the file as messages name it.
fn check_paths(file: &std::path::Path, root: &std::path::Path) -> Result<String, Error> {
    if !file.is_file() {
        return Err(Error::Usage(format!("找不到文件 {}", file.display())));
    }
    if !root.is_dir() {
        return Err(Error::Usage(format!("站点目录不存在：{}", root.display())));
    }
    Ok(file.display().to_string())
}

impl Ctx<'_> {
    fn error(&mut self, row: usize, col: usize, message: String, hint: impl Into<String>) {
        self.diags
            .push_raw_error(rules::IMPORT_CELL, self.path, row + 1, col + 1, message, hint);
    }
}

fn count(cell: &Cell) -> Result<u64, (&'static str, &'static str)> {
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

fn date(cell: &Cell, year: i32) -> Result<Option<NaiveDate>, ()> {
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

struct Row {
    /// 0-based row of the table.
    row: usize,
    /// Its unit name's column.
    col: usize,
    unit: usize,
    /// One per track, in [`CountField::TRACKS`] order.
    counts: [u64; CountField::TRACKS.len()],
    /// The columns the four counts, the total and the date were read from.
    count_cols: [usize; CountField::TRACKS.len()],
    total_col: Option<usize>,
    submitted_col: Option<usize>,
    submitted: Option<NaiveDate>,
}

impl Row {
    /// The value of `field` in this row and the column it was read from (the total is the sum
    /// of the tracks, and its column None when the sheet has no 总数).
    fn count(&self, field: CountField) -> (u64, Option<usize>) {
        match field.track() {
            Some(t) => (self.counts[t.index()], Some(self.count_cols[t.index()])),
            None => (self.counts.iter().sum(), self.total_col),
        }
    }
}

/// The row of the form's header: a unit column and a count column, among the first rows.
fn header_row(table: &Table) -> Option<usize> {
    table.rows.iter().take(table::HEADER_ROWS).position(|row| {
        let cols: Vec<Column> = row
            .iter()
            .filter_map(|c| if let Cell::Text(t) = c { classify(t) } else { None })
            .collect();
        cols.contains(&Column::Unit) && cols.iter().any(|c| COUNT_COLUMNS.iter().any(|(k, _)| k == c))
    })
}

/// Finds the header row and reads every data row, collecting every problem.
/// `quota_parent` is `Known::quota_parent`: a unit above others whose row is left empty is rolled
/// up from them, as the site does with a unit that has no row, when any of them has figures.
fn read_rows(
    table: &Table,
    ctx: &mut Ctx<'_>,
    units: &[(String, String)],
    quota_parent: &HashMap<usize, usize>,
    year: i32,
) -> Vec<Row> {
    let header = header_row(table);
    let Some(h) = header else {
        if programs::header_row(table).is_some() {
            ctx.error(
                0,
                0,
                "这是招生专业与计划表，不是招生情况统计表（月报）".into(),
                format!("导入专业与计划不写 --month 和 --as-of，写 --programs：sunshine import 文件 --year {year} --programs"),
            );
            return Vec::new();
        }
        ctx.error(
            0,
            0,
            "找不到表头".into(),
            format!(
                "表格中要有一行表头：单位名称、{}（{}、报送日期可选）",
                COUNT_COLUMNS.map(|(_, h)| h).join("、"),
                CountField::Total.form_header()
            ),
        );
        return Vec::new();
    };
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (c, cell) in table.rows[h].iter().enumerate() {
        if let Cell::Text(t) = cell {
            if let Some(kind) = classify(t) {
                columns.entry(kind).or_insert(c);
            }
        }
    }
    let missing: Vec<&str> = COUNT_COLUMNS
        .iter()
        .filter(|(k, _)| !columns.contains_key(k))
        .map(|(_, n)| *n)
        .collect();
    if !missing.is_empty() {
        ctx.error(
            h,
            0,
            format!("第 {} 行的表头缺少这些列：{}", h + 1, missing.join("、")),
            "按招生情况统计表（附件2）的格式补上这些列",
        );
        return Vec::new();
    }
    let lookup = UnitLookup::new(units);
    let unit_col = columns[&Column::Unit];
    let free_text: Vec<usize> = columns.get(&Column::Note).copied().into_iter().collect();
    hidden_characters(table, h + 1, unit_col, &free_text, ctx);
    let mut rows: Vec<Row> = Vec::new();
    // Rows of units above others with every count (and the total) left empty: (row, unit).
    let mut empty_parents: Vec<(usize, usize)> = Vec::new();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for r in h + 1..table.rows.len() {
        if table.rows[r].iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let name = match table.get(r, unit_col) {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => n.to_string(),
            _ => String::new(),
        };
        if is_total_row(&table.rows[r], &name, &lookup, &free_text) {
            continue;
        }
        if name.is_empty() {
            ctx.error(
                r,
                unit_col,
                format!("单元格 {} 没有单位名称", cell_name(r, unit_col)),
                "填写单位全称（与 data/units.toml 中的 name 一致），或删掉这一行",
            );
            continue;
        }
        let Some(unit) = lookup.resolve(ctx, r, unit_col, &name) else {
            continue;
        };
        if let Some(first) = seen.insert(unit, r) {
            ctx.error(
                r,
                unit_col,
                format!(
                    "单元格 {}：单位“{name}”出现了两次（单元格 {} 已有）",
                    cell_name(r, unit_col),
                    cell_name(first, unit_col)
                ),
                "每个单位只填一行，删掉或合并重复的一行",
            );
            continue;
        }
        let total_empty = columns.get(&TOTAL).is_none_or(|&c| *table.get(r, c) == Cell::Empty);
        let counts_empty = COUNT_COLUMNS
            .iter()
            .all(|(k, _)| *table.get(r, columns[k]) == Cell::Empty);
        if counts_empty && total_empty && quota_parent.values().any(|&p| p == unit) {
            empty_parents.push((r, unit));
            continue;
        }
        let mut counts = [0u64; CountField::TRACKS.len()];
        let mut ok = true;
        for (i, (kind, label)) in COUNT_COLUMNS.iter().enumerate() {
            let c = columns[kind];
            match count(table.get(r, c)) {
                Ok(n) => {
                    counts[i] = n;
                    note_loose_count(ctx, table.get(r, c), r, c, n);
                }
                Err((what, hint)) => {
                    ok = false;
                    ctx.error(
                        r,
                        c,
                        format!("{name} 的{label}（单元格 {}）{what}", cell_name(r, c)),
                        hint,
                    );
                }
            }
        }
        if let (true, Some(&c)) = (ok, columns.get(&TOTAL)) {
            let sum: u64 = counts.iter().sum();
            match table.get(r, c) {
                Cell::Empty => {}
                cell => match count(cell) {
                    Ok(total) if total == sum => note_loose_count(ctx, cell, r, c, total),
                    Ok(total) => {
                        ok = false;
                        let parts = counts.map(|n| n.to_string()).join(" + ");
                        ctx.error(
                            r,
                            c,
                            format!(
                                "{name} 的总数 {total}（单元格 {}）不等于四类人数之和 {sum}（{parts}）",
                                cell_name(r, c)
                            ),
                            "核对四类人数和总数",
                        );
                    }
                    Err((what, hint)) => {
                        ok = false;
                        ctx.error(r, c, format!("{name} 的总数（单元格 {}）{what}", cell_name(r, c)), hint);
                    }
                },
            }
        }
        let mut submitted = None;
        if let Some(&c) = columns.get(&Column::Submitted) {
            match date(table.get(r, c), year) {
                Ok(d) => {
                    submitted = d;
                    if let (Some(d), Some(typed)) = (d, loose_date(table.get(r, c))) {
                        ctx.notes
                            .push((r, c, format!("单元格 {}：“{typed}”读作 {d}", cell_name(r, c))));
                    }
                }
                Err(()) => {
                    ok = false;
                    ctx.error(
                        r,
                        c,
                        format!("{name} 的报送日期（单元格 {}）不是日期", cell_name(r, c)),
                        "写成 2024-08-14 或 2024年8月14日",
                    );
                }
            }
        }
        if ok {
            rows.push(Row {
                row: r,
                col: unit_col,
                unit,
                counts,
                count_cols: COUNT_COLUMNS.map(|(kind, _)| columns[&kind]),
                total_col: columns.get(&TOTAL).copied(),
                submitted_col: columns.get(&Column::Submitted).copied(),
                submitted,
            });
        }
    }
    roll_up_empty_parents(ctx, units, quota_parent, &columns, &rows, empty_parents);
    if rows.is_empty() && !ctx.diags.has_errors() {
        ctx.error(h, 0, "表头下面没有任何单位的数据".into(), "每个单位填一行");
    }
    rows
}

/// The rows of units above others left empty (`empty`: row, unit): one whose units below have
/// figures in the sheet — a row of their own, or rolled up in turn — is left out of the report,
/// and the site sums them for it as it does for any unit without a row; that is said in a note.
/// One with nothing below it to sum is refused at its empty cells.
fn roll_up_empty_parents(
    ctx: &mut Ctx<'_>,
    units: &[(String, String)],
    quota_parent: &HashMap<usize, usize>,
    columns: &HashMap<Column, usize>,
    rows: &[Row],
    mut empty: Vec<(usize, usize)>,
) {
    let mut filled: Vec<usize> = rows.iter().map(|r| r.unit).collect();
    let mut rolled: Vec<(usize, usize)> = Vec::new();
    loop {
        let before = empty.len();
        empty.retain(|&(r, unit)| {
            let below = quota_parent.iter().any(|(c, p)| *p == unit && filled.contains(c));
            if below {
                filled.push(unit);
                rolled.push((r, unit));
            }
            !below
        });
        if empty.len() == before {
            break;
        }
    }
    rolled.sort_unstable();
    for (r, unit) in rolled {
        let name = &units[unit].1;
        let mut below: Vec<String> = quota_parent
            .iter()
            .filter(|&(_, p)| *p == unit)
            .map(|(c, _)| *c)
            .collect::<std::collections::BTreeSet<usize>>()
            .into_iter()
            .map(|c| units[c].1.clone())
            .collect();
        if below.len() > 3 {
            let n = below.len();
            below.truncate(3);
            below.push(format!("等 {n} 个单位"));
        }
        let col = columns[&Column::Unit];
        ctx.rolled.push(format!(
            "单元格 {}：“{name}”一行没有填人数，按汇总处理：网站把下属单位（{}）的人数加起来作为它的人数，月报中不写这一行",
            cell_name(r, col),
            below.join("、")
        ));
    }
    for (r, unit) in empty {
        let name = &units[unit].1;
        for (kind, label) in COUNT_COLUMNS {
            let c = columns[&kind];
            ctx.error(
                r,
                c,
                format!("{name} 的{label}（单元格 {}）是空的", cell_name(r, c)),
                "没有招生就填 0；有下属单位的一行也可以整行留空，由网站按下属单位汇总，但下属单位的行要填上人数",
            );
        }
    }
}

/// A count typed otherwise than as plain digits (full-width digits, a thousands separator, 人):
/// the note of what it was read as.
fn note_loose_count(ctx: &mut Ctx<'_>, cell: &Cell, r: usize, c: usize, n: u64) {
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
fn loose_date(cell: &Cell) -> Option<String> {
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

/// The generated report, and for each of its lines (index = line - 1) the sheet cell, 0-based
/// (row, column), its figure came from: the clerk wrote the sheet, not this file, so whatever the
/// site check finds in it is reported at the cell.
struct Report {
    text: String,
    cells: Vec<Option<(usize, usize)>>,
}

impl Report {
    fn line(&mut self, line: &str, cell: Option<(usize, usize)>) {
        self.text.push_str(line);
        self.text.push('\n');
        self.cells.push(cell);
    }
}

/// What a report file keeps when it is imported again: its first publication date and its
/// corrections (with any new ones).
#[derive(Default)]
struct Kept {
    published: Option<NaiveDate>,
    corrections: Vec<crate::load::raw::CorrectionRecord>,
    /// The corrections this import adds (with `--reason`), said as the clerk reads them.
    recorded: Vec<String>,
    /// Late forms accepted, by unit id, with the reason when one was given.
    late_ok: Vec<(String, Option<String>)>,
    /// The number of corrections kept from the old file (the rest are new).
    kept_corrections: usize,
}

fn report_toml(req: &Request, rows: &[Row], units: &[(String, String)], source: &str, kept: &Kept) -> Report {
    let mut report = Report {
        text: String::new(),
        cells: Vec::new(),
    };
    report.line(
        &format!(
            "# {} 年 {} 月 中等职业教育招生情况统计表（累计数，截至 as_of）",
            req.year, req.month
        ),
        None,
    );
    report.line(&format!("# 由 sunshine import 从 {source} 导入；可以直接修改。"), None);
    report.line(&format!("as_of = {}", req.as_of), None);
    report.line(
        "# 发布日期：这一轮数字第一次导入的日期；重新导入时保留，不要改动。",
        None,
    );
    report.line(
        &format!("published = {}", kept.published.unwrap_or_else(crate::published::today)),
        None,
    );
    let mut rows: Vec<&Row> = rows.iter().collect();
    rows.sort_by_key(|r| r.unit);
    for row in rows {
        let (id, name) = &units[row.unit];
        let unit_cell = Some((row.row, row.col));
        let at = |col: usize| Some((row.row, col));
        report.line("", None);
        report.line(&format!("[[row]]  # {name}"), unit_cell);
        report.line(&format!("unit = \"{id}\""), unit_cell);
        // Every count field of the table, in its order: the total is written even when the
        // sheet left it empty (it is then the unit's cell).
        for field in CountField::ALL {
            let (n, col) = row.count(field);
            report.line(&format!("{} = {n}", field.key()), col.map_or(unit_cell, at));
        }
        if let Some(s) = row.submitted {
            report.line(&format!("submitted = {s}"), row.submitted_col.map_or(unit_cell, at));
        }
        if let Some((_, reason)) = kept.late_ok.iter().find(|(unit, _)| unit == id) {
            report.line("late_ok = true", row.submitted_col.map_or(unit_cell, at));
            if let Some(reason) = reason {
                let reason = toml::Value::String(reason.clone()).to_string();
                report.line(
                    &format!("late_reason = {reason}"),
                    row.submitted_col.map_or(unit_cell, at),
                );
            }
        }
    }
    for c in &kept.corrections {
        let toml_text = |s: &str| toml::Value::String(s.to_string()).to_string();
        let was: Vec<String> = crate::load::raw::Counts::NAMES
            .iter()
            .filter_map(|name| c.was.get(name).map(|n| format!("{name} = {n}")))
            .collect();
        report.line("", None);
        report.line("[[correction]]", None);
        report.line(&format!("unit = {}", toml_text(&c.unit)), None);
        report.line(&format!("date = {}", c.date), None);
        report.line(&format!("reason = {}", toml_text(&c.reason)), None);
        report.line(&format!("was = {{ {} }}", was.join(", ")), None);
    }
    report
}

/// The report file being replaced: its publication date and corrections, kept in the new one;
/// and the figures published from it (the record `published.lock`, else the site under
/// `<root>/public`), compared with the sheet's. A
/// changed published figure becomes a new correction with `--reason`, or is refused (rule C05,
/// at the sheet's cell) with the correction it needs.
fn keep_and_compare(
    req: &Request,
    raw: &load::raw::RawSite,
    rows: &[Row],
    units: &[(String, String)],
    display: &str,
) -> Result<Kept, Vec<Diagnostic>> {
    let mut kept = Kept::default();
    let old = raw
        .years
        .iter()
        .find(|y| y.year == req.year)
        .and_then(|y| y.reports.iter().find(|r| r.month == req.month));
    if let Some(old) = old {
        kept.published = old.published.as_ref().map(|p| p.value);
        kept.corrections = old.corrections.iter().map(|c| c.values()).collect();
        kept.late_ok = old
            .rows
            .iter()
            .filter(|r| r.late_ok)
            .map(|r| (r.unit.value.clone(), r.late_reason.as_ref().map(|v| v.value.clone())))
            .collect();
    }
    kept.kept_corrections = kept.corrections.len();
    let Some(published) = crate::published::Published::recorded(&req.root) else {
        return Ok(kept);
    };
    let Some(round) = published.round(req.year, req.month).filter(|r| !r.sample) else {
        return Ok(kept);
    };
    let row_of = |id: &str| rows.iter().find(|r| units[r.unit].0 == id);
    let figures = round
        .rows
        .iter()
        .filter(|r| r.status == "reported")
        .filter_map(|r| r.figures.as_ref().map(|f| (r.unit.as_str(), f)));
    let published_figures = figures.flat_map(|(unit, f)| {
        crate::load::raw::Counts::NAMES
            .into_iter()
            .filter_map(move |name| f.get(name).map(|&n| (unit.to_string(), name.to_string(), n)))
    });
    let changes = crate::published::unrecorded(
        published_figures,
        |unit, field| {
            let row = row_of(unit)?;
            CountField::parse(field).map(|f| row.count(f).0)
        },
        |unit, field, old| {
            kept.corrections
                .iter()
                .any(|c| c.unit == *unit && c.was.get(field).and_then(|n| u64::try_from(n).ok()) == Some(old))
        },
    );
    let mut by_unit: Vec<(String, Vec<crate::published::Change<String>>)> = Vec::new();
    for change in changes {
        match by_unit.iter_mut().find(|(u, _)| *u == change.key) {
            Some((_, list)) => list.push(change),
            None => by_unit.push((change.key.clone(), vec![change])),
        }
    }
    let mut refusals = Diagnostics::new();
    for (unit, changes) in by_unit {
        let name = units
            .iter()
            .find(|(id, _)| *id == unit)
            .map_or(unit.as_str(), |(_, n)| n.as_str());
        let was: Vec<String> = changes.iter().map(|c| format!("{} = {}", c.field, c.old)).collect();
        let Some(row) = row_of(&unit) else {
            refusals.push_raw_error(
                rules::PUBLISHED_ROW_REMOVED,
                display,
                1,
                1,
                format!(
                    "表格中没有“{name}”这一行，但它 {} 年 {} 月的数字已经公布过",
                    req.year, req.month
                ),
                "已公布的数字不能悄悄撤下：把这个单位的行补进表格再导入",
            );
            continue;
        };
        if let Some(reason) = &req.reason {
            let date = req.correction_date.unwrap_or_else(crate::published::today);
            let figures: Vec<String> = changes
                .iter()
                .map(|c| {
                    let new = c.new.map_or_else(|| "（无）".to_string(), |n| n.to_string());
                    format!("{} {} → {new}", load::raw::Counts::label(&c.field), c.old)
                })
                .collect();
            kept.recorded.push(format!(
                "已记下更正：“{name}”{}；更正日期 {date}；原因：{reason}（写在 data/{year}/reports/{year}-{month:02}.toml 的 [[correction]] 中，网站会公布这条更正记录）",
                figures.join("，"),
                year = req.year,
                month = req.month,
            ));
            kept.corrections.push(crate::load::raw::CorrectionRecord {
                unit: unit.clone(),
                date,
                reason: reason.clone(),
                was: counts_of(&changes),
            });
            continue;
        }
        let what: Vec<String> = changes
            .iter()
            .map(|c| {
                let new = c.new.map_or_else(|| "（无）".to_string(), |n| n.to_string());
                format!("{} 原为 {}，现为 {new}", load::raw::Counts::label(&c.field), c.old)
            })
            .collect();
        let col = match CountField::parse(&changes[0].field).and_then(|f| row.count(f).1) {
            Some(c) => c,
            None => row.total_col.unwrap_or(row.col),
        };
        refusals.push_raw_error(
            rules::PUBLISHED_CHANGED,
            display,
            row.row + 1,
            col + 1,
            format!(
                "单元格 {}：“{name}”{} 年 {} 月的数字已经公布过，表格改动了它们：{}",
                cell_name(row.row, col),
                req.year,
                req.month,
                what.join("；")
            ),
            format!(
                "数字确实有误，就加上 --reason \"更正原因\" 再导入，程序会在月报里写下这段更正记录（也可以手工加在 data/{0}/reports/{0}-{1:02}.toml 末尾）；不是有意改动，就把表格改回原数字：\n    [[correction]]\n    unit = \"{unit}\"\n    date = {2}\n    reason = \"（写明更正原因）\"\n    was = {{ {3} }}",
                req.year,
                req.month,
                crate::published::today(),
                was.join(", ")
            ),
        );
    }
    if refusals.has_errors() {
        return Err(refusals.into_sorted());
    }
    Ok(kept)
}

/// The old values of `changes` as a correction's `was`.
fn counts_of(changes: &[crate::published::Change<String>]) -> crate::load::raw::Counts {
    let mut was = crate::load::raw::Counts::default();
    for c in changes {
        let n = i64::try_from(c.old).ok();
        *was.slot_mut(CountField::parse(&c.field).unwrap_or(CountField::Total)) = n;
    }
    was
}

/// The TOML names of the report's fields, as the sheet's headers call them: each field as the
/// checks name it (`3+2 人数 three_plus_two`), then the bare `total`.
fn field_names() -> Vec<(String, &'static str)> {
    CountField::ALL
        .into_iter()
        .map(|f| (f.help(), f.form_header()))
        .chain([(CountField::Total.key().to_string(), CountField::Total.form_header())])
        .collect()
}

/// A diagnostic of the site check, as the clerk can act on it: one in the generated report is
/// moved to the sheet's cell its line came from, and speaks of the sheet's columns, not of TOML
/// fields; a unit with no row is to be sent in and imported again.
fn at_sheet(mut d: Diagnostic, rel: &str, sheet: &str, cells: &[Option<(usize, usize)>]) -> Diagnostic {
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
fn to_cell(mut d: Diagnostic, sheet: &str, cells: &[Option<(usize, usize)>], fields: &[(&str, &str)]) -> Diagnostic {
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
fn is_total_label(text: &str) -> bool {
    let n = normalize(text);
    n.ends_with("合计") || n.ends_with("总计") || n.ends_with("小计") || n == "全市"
}

/// Whether `row` holds totals, not a unit or a program: any of its text cells, except those in
/// the columns `free_text` (备注 and the like), is a total label — in the 单位名称 column, in
/// 序号, or in a merged cell (whose text is in its first column) — and its unit cell, `name`,
/// does not name a registered unit (a unit's row stays a unit's row whatever else it says).
fn is_total_row(row: &[Cell], name: &str, lookup: &UnitLookup<'_>, free_text: &[usize]) -> bool {
    let labelled = row.iter().enumerate().any(|(c, cell)| match cell {
        Cell::Text(t) => !free_text.contains(&c) && is_total_label(t),
        _ => false,
    });
    labelled && (name.is_empty() || lookup.find(name).is_none())
}

/// The units of data/units.toml as (id, name), and the ids of those with a quota in the year.
struct Known {
    units: Vec<(String, String)>,
    quota_units: Vec<String>,
    /// For each unit with a quota in the year (by index in `units`), the nearest unit above it
    /// with a quota: the one its figures roll up to on the site.
    quota_parent: HashMap<usize, usize>,
}

/// What an import needs from the site before it reads the sheet: its units and the year's
/// quotas; or the refusal when the root has no data/ folder, units.toml or the year's quotas.toml has errors, or the year has
/// no quotas (`what` is what is imported, for the hint: 月报, 招生专业与计划).
fn known(root: &Path, year: i32, what: &str) -> Result<Result<Known, Vec<Diagnostic>>, Error> {
    let mut diags = Diagnostics::new();
    // Run outside a site, say so as build and check do, not that the year has no quotas.
    if !load::has_data_dir(root, &mut diags) {
        return Ok(Err(diags.into_sorted()));
    }
    let raw = load::load_site(root, &mut diags)?;
    diags.extend(crate::validate::validate(&raw));
    let blocking: Vec<Diagnostic> = diags
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error && !d.rule.is_placeholder())
        .filter(|d| d.path == "data/units.toml" || d.path == format!("data/{year}/quotas.toml"))
        .collect();
    if !blocking.is_empty() {
        return Ok(Err(blocking));
    }
    let units: Vec<(String, String)> = raw
        .units
        .iter()
        .map(|u| (u.id.value.clone(), u.name.value.clone()))
        .collect();
    let quota_units: Vec<String> = raw
        .years
        .iter()
        .find(|y| y.year == year)
        .and_then(|y| y.quotas.as_ref())
        .map(|q| q.quotas.iter().map(|q| q.unit.value.clone()).collect())
        .unwrap_or_default();
    if quota_units.is_empty() {
        let quotas = format!("data/{year}/quotas.toml");
        let mut d = Diagnostics::new();
        d.push_raw_error(
            rules::IMPORT_NO_QUOTAS,
            &quotas,
            1,
            1,
            format!("{year} 年还没有招生任务"),
            format!("先写 {quotas}，再导入{what}"),
        );
        return Ok(Err(d.into_sorted()));
    }
    let index: HashMap<&str, usize> = units.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
    let parent: Vec<Option<usize>> = raw
        .units
        .iter()
        .map(|u| u.parent.as_ref().and_then(|p| index.get(p.value.as_str()).copied()))
        .collect();
    let has_quota = |i: usize| quota_units.contains(&units[i].0);
    let mut quota_parent = HashMap::new();
    for (i, _) in units.iter().enumerate().filter(|&(i, _)| has_quota(i)) {
        // At most one step per unit: a cycle (refused by validation) ends the walk.
        let mut at = parent[i];
        for _ in 0..units.len() {
            match at {
                Some(p) if has_quota(p) => {
                    quota_parent.insert(i, p);
                    break;
                }
                Some(p) => at = parent[p],
                None => break,
            }
        }
    }
    Ok(Ok(Known {
        units,
        quota_units,
        quota_parent,
    }))
}

/// What the clerk should know about the sheet read: its name, the hidden rows left out.
fn sheet_notes(sheet: &table::Sheet) -> Vec<String> {
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
const MAX_READ_NOTES: usize = 20;

/// The notes of the cells read otherwise than as typed, listed up to `MAX_READ_NOTES`, then
/// counted, and what to do if one was read wrong.
fn read_notes(mut cells: Vec<(usize, usize, String)>) -> Vec<String> {
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

/// Imports one form table; see the module documentation.
pub fn import(req: &Request) -> Result<Outcome, Error> {
    if !(1..=12).contains(&req.month) {
        return Err(Error::Usage(format!("--month {} 不是 1–12 的月份", req.month)));
    }
    if req.as_of.year() != req.year || req.as_of.month() != req.month {
        return Err(Error::Usage(format!(
            "--as-of {} 不在 {} 年 {} 月内",
            req.as_of, req.year, req.month
        )));
    }
    let display = match &req.upload {
        Some(_) if req.root.is_dir() => req.file.display().to_string(),
        _ => check_paths(&req.file, &req.root)?,
    };
    let mut ctx = Ctx {
        path: &display,
        diags: Diagnostics::new(),
        notes: Vec::new(),
        rolled: Vec::new(),
    };
    let Known {
        units,
        quota_units,
        quota_parent,
    } = match known(&req.root, req.year, "月报")? {
        Ok(known) => known,
        Err(refusal) => return Ok(refused(refusal, &[], &display)),
    };
    let rel = format!("data/{0}/reports/{0}-{1:02}.toml", req.year, req.month);
    let target = req.root.join(&rel);
    let template = match may_write(&req.root, &rel, req.force, "这个月的月报文件", "数字替换它", "[[row]]")
    {
        Ok(template) => template,
        Err(refusal) => return Ok(refused(refusal, &[], &display)),
    };
    let sheet = match read_sheet_from(
        &req.file,
        req.upload.as_deref(),
        req.sheet.as_deref(),
        &|t| header_row(t).is_some(),
        &mut ctx,
    ) {
        Ok(sheet) => sheet,
        Err(refusal) => return Ok(refusal),
    };
    let mut notes = sheet_notes(&sheet);
    let rows = read_rows(&sheet.table, &mut ctx, &units, &quota_parent, req.year);
    notes.append(&mut ctx.rolled);
    notes.extend(read_notes(std::mem::take(&mut ctx.notes)));
    // A unit without a quota that year cannot report (the contract's rule), caught here at its row.
    for row in &rows {
        let (id, name) = &units[row.unit];
        if !quota_units.contains(id) {
            ctx.diags.push_raw_error(
                rules::IMPORT_NO_QUOTA_UNIT,
                &display,
                row.row + 1,
                row.col + 1,
                format!(
                    "单元格 {}：单位“{name}”在 {} 年没有招生任务，不能报送月报",
                    cell_name(row.row, row.col),
                    req.year
                ),
                format!(
                    "先在 data/{}/quotas.toml 中给它写招生任务，或从表格中删掉这一行",
                    req.year
                ),
            );
        }
    }
    if ctx.diags.has_errors() {
        return Ok(refused(ctx.diags.into_sorted(), &notes, &display));
    }
    let source = req
        .file
        .file_name()
        .map_or(display.clone(), |n| n.to_string_lossy().into_owned());
    let raw = load::load_site(&req.root, &mut Diagnostics::new())?;
    let mut kept = match keep_and_compare(req, &raw, &rows, &units, &display) {
        Ok(kept) => kept,
        Err(refusal) => return Ok(refused(refusal, &notes, &display)),
    };
    let import_warnings = checks::warnings(req, &raw, &rows, &units, &display);
    let Report { mut text, mut cells } = report_toml(req, &rows, &units, &source, &kept);
    let recorded = std::mem::take(&mut kept.recorded);
    // The whole site is checked with the new report as if it were in place, before anything is
    // written; then it goes to a hidden file beside the report and is renamed over it. At any
    // moment the report is the old one or the new, checked one.
    let mut checked = crate::check_with(&req.root, Some((&rel, &text)))?;
    let mut accepted_late = Vec::new();
    if let Some(reason) = &req.accept_late {
        // The model knows which forms came after the due date: those rows are accepted, and the
        // report is written (and checked) again with them.
        let late = late_units(checked.site.as_ref(), req.year, req.month);
        for id in late {
            if !kept.late_ok.iter().any(|(u, _)| *u == id) {
                kept.late_ok.push((id.clone(), Some(reason.clone())));
                accepted_late.push(id);
            }
        }
        if !accepted_late.is_empty() {
            Report { text, cells } = report_toml(req, &rows, &units, &source, &kept);
            checked = crate::check_with(&req.root, Some((&rel, &text)))?;
            notes.push(format!(
                "已认可逾期：{} 个单位的报表（原因：{reason}），网站照样标注“逾期”，不再警告",
                accepted_late.len()
            ));
        }
    }
    let corrected: Vec<String> = kept.corrections[kept.kept_corrections..]
        .iter()
        .map(|c| c.unit.clone())
        .collect();
    let (kept, placeholders) = set_aside_placeholders(checked.diagnostics, &rel);
    let failed = kept.iter().any(|d| d.severity == Severity::Error);
    let mut diagnostics: Vec<Diagnostic> = kept
        .into_iter()
        .map(|d| at_sheet(d, &rel, &display, &cells))
        .chain(import_warnings)
        .collect();
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.path, a.line, a.col, &a.message).cmp(&(b.severity, &b.path, b.line, b.col, &b.message))
    });
    if failed {
        return Ok(refused(diagnostics, &notes, &display));
    }
    if req.dry_run {
        notes.extend(template);
        return Ok(Outcome::Ready(Box::new(Ready {
            path: rel,
            text,
            rows: rows.len(),
            diagnostics,
            notes,
            placeholders,
            corrected,
            accepted_late,
        })));
    }
    write_atomically(&target, text.as_bytes()).map_err(|error| Error::Io {
        path: target.clone(),
        error,
        hint: Some("原来的月报文件没有改变；检查文件夹是否可写后再导入"),
    })?;
    notes.extend(template);
    notes.extend(recorded);
    Ok(Outcome::Written {
        path: rel,
        rows: rows.len(),
        diagnostics,
        notes,
        placeholders,
    })
}

/// The cells of an uploaded form's sheet as an import reads them (through the same guards), for
/// the 工作台 to show each problem at its cell; None when the file cannot be read.
pub fn read_upload(name: &Path, bytes: &[u8], sheet: Option<&str>) -> Option<Table> {
    let header = |t: &Table| header_row(t).is_some() || programs::header_row(t).is_some();
    table::read_bytes(name, bytes, sheet, &header).ok().map(|s| s.table)
}

/// The units (ids) whose form for `year`-`month` came after the month's due date.
fn late_units(site: Option<&crate::model::Site>, year: i32, month: u32) -> Vec<String> {
    let Some(site) = site else { return Vec::new() };
    let Some(y) = site.years.iter().find(|y| y.year == year) else {
        return Vec::new();
    };
    let Some(r) = y.rounds.iter().position(|r| r.month == month) else {
        return Vec::new();
    };
    y.entries
        .iter()
        .filter(|e| e.progress.get(r).is_some_and(|p| p.late))
        .map(|e| site.units[e.unit].id.clone())
        .collect()
}

/// The site's own stand-ins from `sunshine new` (某某市, 0000-00000000 in site.toml…) do not stop
/// an import, only `build`: they are left out of what the import prints, and counted. One in the
/// file being imported (`rel`) came from the table and stays an error.
pub(crate) fn set_aside_placeholders(diagnostics: Vec<Diagnostic>, rel: &str) -> (Vec<Diagnostic>, usize) {
    let (aside, kept): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
        .into_iter()
        .partition(|d| d.severity == Severity::Error && d.rule.is_placeholder() && d.path != rel);
    (kept, aside.len())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn headers_are_recognised_with_spaces_and_full_width_characters() {
        assert_eq!(classify("单位名称"), Some(Column::Unit));
        assert_eq!(classify(" 中专 人数 "), Some(Column::Count(CountField::ThreeYear)));
        assert_eq!(classify("３＋２人数"), Some(Column::Count(CountField::ThreePlusTwo)));
        assert_eq!(
            classify("五年一贯制人数（人）"),
            Some(Column::Count(CountField::FiveYear))
        );
        assert_eq!(classify("一年制人数"), Some(Column::Count(CountField::OneYear)));
        assert_eq!(classify("总数"), Some(TOTAL));
        assert_eq!(classify("中等职业教育招生数* 总数"), Some(TOTAL));
        assert_eq!(classify("报送日期"), Some(Column::Submitted));
        assert_eq!(classify("序号"), None);
        assert_eq!(classify("招生任务完成率"), None);
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
