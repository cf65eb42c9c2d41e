//! `sunshine import`: one filled-in 招生情况统计表 (attachment 2), as .xlsx or .csv, becomes
//! data/<Y>/reports/<Y>-<MM>.toml — or, on any problem, nothing is written.

pub mod form;
mod table;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Severity};
use crate::load;
pub use table::{column_name, decode, Cell, Table};

/// What to import.
pub struct Request {
    pub file: PathBuf,
    pub root: PathBuf,
    pub year: i32,
    pub month: u32,
    pub as_of: NaiveDate,
    pub force: bool,
}

pub enum Outcome {
    /// The report file was written and the whole site checks; `diagnostics` holds its warnings.
    Written {
        path: String,
        rows: usize,
        diagnostics: Vec<Diagnostic>,
    },
    /// Nothing was written.
    Refused(Vec<Diagnostic>),
}

/// A usage or I/O problem (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);

/// The columns of attachment 2 that the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Unit,
    ThreeYear,
    ThreePlusTwo,
    FiveYear,
    OneYear,
    Total,
    Submitted,
}

const COUNT_COLUMNS: [(Column, &str); 4] = [
    (Column::ThreeYear, "中专人数"),
    (Column::ThreePlusTwo, "3+2人数"),
    (Column::FiveYear, "五年一贯制人数"),
    (Column::OneYear, "一年制人数"),
];

use crate::names::normalize_name as normalize;

fn classify(header: &str) -> Option<Column> {
    let h = normalize(header);
    let h = h.as_str();
    match h {
        _ if h.contains("3+2") => Some(Column::ThreePlusTwo),
        _ if h.contains("五年一贯制") || h == "五年制" => Some(Column::FiveYear),
        _ if h.contains("一年制") => Some(Column::OneYear),
        _ if h.starts_with("中专") => Some(Column::ThreeYear),
        _ if h.contains("总数") || h == "合计" || h == "总计" || h == "中等职业教育招生数" => {
            Some(Column::Total)
        }
        _ if h.contains("报送日期") || h.contains("报送时间") || h.contains("填报日期") => {
            Some(Column::Submitted)
        }
        _ if h == "单位" || h.contains("单位名称") || h.contains("教育局、学校") => Some(Column::Unit),
        _ => None,
    }
}

/// Names of rows that hold totals, not a unit.
fn is_total_row(name: &str) -> bool {
    let n = normalize(name);
    n.ends_with("合计") || n.ends_with("总计") || n.ends_with("小计") || n == "全市"
}

struct Ctx<'a> {
    path: &'a str,
    diags: Diagnostics,
}

impl Ctx<'_> {
    fn error(&mut self, row: usize, col: usize, message: String, hint: impl Into<String>) {
        self.diags.push_raw_error(self.path, row + 1, col + 1, message, hint);
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
    unit: usize,
    counts: [u64; 4],
    submitted: Option<NaiveDate>,
}

/// Finds the header row and reads every data row, collecting every problem.
fn read_rows(table: &Table, ctx: &mut Ctx<'_>, units: &[(String, String)], year: i32) -> Vec<Row> {
    let header = table.rows.iter().take(30).position(|row| {
        let cols: Vec<Column> = row
            .iter()
            .filter_map(|c| if let Cell::Text(t) = c { classify(t) } else { None })
            .collect();
        cols.contains(&Column::Unit) && cols.iter().any(|c| COUNT_COLUMNS.iter().any(|(k, _)| k == c))
    });
    let Some(h) = header else {
        ctx.error(
            0,
            0,
            "找不到表头".into(),
            "表格中要有一行表头：单位名称、中专人数、3+2人数、五年一贯制人数、一年制人数（总数、报送日期可选）",
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
            format!("表头缺少这些列：{}", missing.join("、")),
            "按招生情况统计表（附件2）的格式补上这些列",
        );
        return Vec::new();
    }
    let by_name: HashMap<String, usize> = units
        .iter()
        .enumerate()
        .map(|(i, (_, name))| (normalize(name), i))
        .collect();
    let by_id: HashMap<&str, usize> = units.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
    let unit_col = columns[&Column::Unit];
    let mut rows: Vec<Row> = Vec::new();
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
        if name.is_empty() {
            let cell = format!("{}{}", column_name(unit_col), r + 1);
            ctx.error(
                r,
                unit_col,
                format!("单元格 {cell} 没有单位名称"),
                "填写单位全称（与 data/units.toml 中的 name 一致），或删掉这一行",
            );
            continue;
        }
        if is_total_row(&name) {
            continue;
        }
        let unit = by_name
            .get(&normalize(&name))
            .or_else(|| by_id.get(name.as_str()))
            .copied();
        let Some(unit) = unit else {
            let hint = match did_you_mean(&name, units.iter().map(|(_, n)| n.as_str())) {
                Some(close) => format!("是否是“{close}”？单位名称要与 data/units.toml 中的 name 完全一致"),
                None => "先在 data/units.toml 中登记这个单位，或改成已登记的单位名称".to_string(),
            };
            ctx.error(r, unit_col, format!("单位“{name}”不在 data/units.toml 中"), hint);
            continue;
        };
        if let Some(first) = seen.insert(unit, r) {
            ctx.error(
                r,
                unit_col,
                format!("单位“{name}”出现了两次（第 {} 行已有）", first + 1),
                "每个单位只填一行，删掉或合并重复的一行",
            );
            continue;
        }
        let mut counts = [0u64; 4];
        let mut ok = true;
        for (i, (kind, label)) in COUNT_COLUMNS.iter().enumerate() {
            let c = columns[kind];
            match count(table.get(r, c)) {
                Ok(n) => counts[i] = n,
                Err((what, hint)) => {
                    ok = false;
                    ctx.error(
                        r,
                        c,
                        format!("{name} 的{label}（单元格 {}{}）{what}", column_name(c), r + 1),
                        hint,
                    );
                }
            }
        }
        if let (true, Some(&c)) = (ok, columns.get(&Column::Total)) {
            let sum: u64 = counts.iter().sum();
            match table.get(r, c) {
                Cell::Empty => {}
                cell => match count(cell) {
                    Ok(total) if total == sum => {}
                    Ok(total) => {
                        ok = false;
                        let parts = counts.map(|n| n.to_string()).join(" + ");
                        ctx.error(
                            r,
                            c,
                            format!(
                                "{name} 的总数 {total}（单元格 {}{}）不等于四类人数之和 {sum}（{parts}）",
                                column_name(c),
                                r + 1
                            ),
                            "核对四类人数和总数",
                        );
                    }
                    Err((what, hint)) => {
                        ok = false;
                        ctx.error(
                            r,
                            c,
                            format!("{name} 的总数（单元格 {}{}）{what}", column_name(c), r + 1),
                            hint,
                        );
                    }
                },
            }
        }
        let mut submitted = None;
        if let Some(&c) = columns.get(&Column::Submitted) {
            match date(table.get(r, c), year) {
                Ok(d) => submitted = d,
                Err(()) => {
                    ok = false;
                    ctx.error(
                        r,
                        c,
                        format!("{name} 的报送日期（单元格 {}{}）不是日期", column_name(c), r + 1),
                        "写成 2024-08-14 或 2024年8月14日",
                    );
                }
            }
        }
        if ok {
            rows.push(Row {
                unit,
                counts,
                submitted,
            });
        }
    }
    if rows.is_empty() && !ctx.diags.has_errors() {
        ctx.error(h, 0, "表头下面没有任何单位的数据".into(), "每个单位填一行");
    }
    rows
}

fn report_toml(req: &Request, rows: &[Row], units: &[(String, String)], source: &str) -> String {
    let mut text = format!(
        "# {} 年 {} 月 中等职业教育招生情况统计表（累计数，截至 as_of）\n# 由 sunshine import 从 {source} 导入；可以直接修改。\nas_of = {}\n",
        req.year, req.month, req.as_of
    );
    let mut rows: Vec<&Row> = rows.iter().collect();
    rows.sort_by_key(|r| r.unit);
    for row in rows {
        let (id, name) = &units[row.unit];
        let [a, b, c, d] = row.counts;
        let _ = write!(
            text,
            "\n[[row]]  # {name}\nunit = \"{id}\"\nthree_year = {a}\nthree_plus_two = {b}\nfive_year = {c}\none_year = {d}\ntotal = {}\n",
            a + b + c + d
        );
        if let Some(s) = row.submitted {
            let _ = writeln!(text, "submitted = {s}");
        }
    }
    text
}

/// Imports one form table; see the module documentation.
pub fn import(req: &Request) -> Result<Outcome, UsageError> {
    if !(1..=12).contains(&req.month) {
        return Err(UsageError(format!("--month {} 不是 1–12 的月份", req.month)));
    }
    if req.as_of.year() != req.year || req.as_of.month() != req.month {
        return Err(UsageError(format!(
            "--as-of {} 不在 {} 年 {} 月内",
            req.as_of, req.year, req.month
        )));
    }
    if !req.file.is_file() {
        return Err(UsageError(format!("找不到文件 {}", req.file.display())));
    }
    if !req.root.is_dir() {
        return Err(UsageError(format!("站点目录不存在：{}", req.root.display())));
    }
    let mut diags = Diagnostics::new();
    let raw = load::load_site(&req.root, &mut diags).map_err(|e| UsageError(e.to_string()))?;
    diags.extend(crate::validate::validate(&raw));
    let blocking: Vec<Diagnostic> = diags
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| d.path == "data/units.toml" || d.path == format!("data/{}/quotas.toml", req.year))
        .collect();
    if !blocking.is_empty() {
        return Ok(Outcome::Refused(blocking));
    }
    let units: Vec<(String, String)> = raw
        .units
        .iter()
        .map(|u| (u.id.value.clone(), u.name.value.clone()))
        .collect();
    let quota_units: Vec<&str> = raw
        .years
        .iter()
        .find(|y| y.year == req.year)
        .and_then(|y| y.quotas.as_ref())
        .map(|q| q.quotas.iter().map(|q| q.unit.value.as_str()).collect())
        .unwrap_or_default();
    let display = req.file.display().to_string();
    let mut ctx = Ctx {
        path: &display,
        diags: Diagnostics::new(),
    };
    if quota_units.is_empty() {
        let quotas = format!("data/{}/quotas.toml", req.year);
        ctx.diags.push_raw_error(
            &quotas,
            1,
            1,
            format!("{} 年还没有招生任务", req.year),
            format!("先写 {quotas}，再导入月报"),
        );
        return Ok(Outcome::Refused(ctx.diags.into_sorted()));
    }
    let table = match table::read(&req.file) {
        Ok(t) => t,
        Err(message) => {
            ctx.error(0, 0, message, "检查文件是否完整，能否用 Excel 或 WPS 打开");
            return Ok(Outcome::Refused(ctx.diags.into_sorted()));
        }
    };
    let rows = read_rows(&table, &mut ctx, &units, req.year);
    // A unit without a quota that year cannot report (the contract's rule), caught here at its row.
    for row in &rows {
        let (id, name) = &units[row.unit];
        if !quota_units.contains(&id.as_str()) {
            ctx.diags.push_raw_error(
                &display,
                1,
                1,
                format!("单位“{name}”在 {} 年没有招生任务，不能报送月报", req.year),
                format!(
                    "先在 data/{}/quotas.toml 中给它写招生任务，或从表格中删掉这一行",
                    req.year
                ),
            );
        }
    }
    if ctx.diags.has_errors() {
        return Ok(Outcome::Refused(ctx.diags.into_sorted()));
    }
    let rel = format!("data/{0}/reports/{0}-{1:02}.toml", req.year, req.month);
    let target = req.root.join(&rel);
    let previous = std::fs::read(&target).ok();
    if previous.is_some() && !req.force {
        let mut d = Diagnostics::new();
        d.push_raw_error(
            &rel,
            1,
            1,
            "这个月的月报文件已经存在，没有覆盖",
            "确认要用表格中的数字替换它，就加上 --force 再运行",
        );
        return Ok(Outcome::Refused(d.into_sorted()));
    }
    let source = req
        .file
        .file_name()
        .map_or(display.clone(), |n| n.to_string_lossy().into_owned());
    let text = report_toml(req, &rows, &units, &source);
    write_file(&target, text.as_bytes())?;
    // Validate the whole site with the new file in place; on any error, put things back.
    let checked = crate::check(&req.root).map_err(|e| UsageError(e.to_string()))?;
    if checked.errors().next().is_some() {
        match previous {
            Some(old) => write_file(&target, &old)?,
            None => std::fs::remove_file(&target).map_err(|e| UsageError(format!("{}: {e}", target.display())))?,
        }
        return Ok(Outcome::Refused(checked.diagnostics));
    }
    Ok(Outcome::Written {
        path: rel,
        rows: rows.len(),
        diagnostics: checked.diagnostics,
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), UsageError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| UsageError(format!("{}: {e}", dir.display())))?;
    }
    std::fs::write(path, bytes).map_err(|e| UsageError(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_with_spaces_and_full_width_characters() {
        assert_eq!(classify("单位名称"), Some(Column::Unit));
        assert_eq!(classify(" 中专 人数 "), Some(Column::ThreeYear));
        assert_eq!(classify("３＋２人数"), Some(Column::ThreePlusTwo));
        assert_eq!(classify("五年一贯制人数（人）"), Some(Column::FiveYear));
        assert_eq!(classify("一年制人数"), Some(Column::OneYear));
        assert_eq!(classify("总数"), Some(Column::Total));
        assert_eq!(classify("中等职业教育招生数* 总数"), Some(Column::Total));
        assert_eq!(classify("报送日期"), Some(Column::Submitted));
        assert_eq!(classify("序号"), None);
        assert_eq!(classify("招生任务完成率"), None);
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
