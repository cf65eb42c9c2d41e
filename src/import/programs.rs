//! `sunshine import --programs`: a filled-in 招生专业与计划表 (the programs form of `sunshine
//! form`), as .xlsx or .csv, becomes `data/<Y>/programs.toml` — or, on any problem, nothing is
//! written. The same refusal rules as the monthly form: every bad cell is reported at its cell,
//! the whole site is checked with the new file in memory, and the file is written atomically.

use std::collections::HashMap;
use std::path::PathBuf;

use super::cells::{hidden_characters, is_total_row, sheet_notes, to_cell, Ctx, UnitLookup};
use super::commit::{commit, Commit};
use super::report::Report;
use super::site::{check_paths, known, may_write, read_sheet, Known};
use super::table::{self, cell_name, Cell, Table};
use super::{refused, Outcome};
use crate::diagnostics::{rules, Diagnostic, Diagnostics};
use crate::model::Track;
use crate::names::normalize_name as normalize;
use crate::Error;

/// What to import.
pub struct Request {
    pub file: PathBuf,
    pub root: PathBuf,
    pub year: i32,
    pub force: bool,
    /// The worksheet to read; by default the workbook's active sheet.
    pub sheet: Option<String>,
}

/// The columns of the programs form, in the order `sunshine form` writes them.
pub const HEADER: [&str; 9] = [
    "单位名称",
    "专业名称",
    "专业代码",
    "招生类型",
    "计划招生人数",
    "学制（年）",
    "学费（元/年）",
    "合作院校",
    "备注",
];

/// The four 招生类型 as the form writes them (the dropdown's list), in [`Track::ALL`] order.
pub const TRACK_LABELS: [&str; Track::ALL.len()] = {
    let mut l = [""; Track::ALL.len()];
    let mut i = 0;
    while i < l.len() {
        l[i] = Track::ALL[i].label();
        i += 1;
    }
    l
};

/// The four labels as a message lists them: `中专、3+2、五年一贯制、一年制`.
pub fn track_list() -> String {
    TRACK_LABELS.join("、")
}

/// 学费 above this (元/年) is a typo, as the site check says (rule G07).
const MAX_FEE: u64 = 1_000_000;
/// A plan above this is a typo, as for every count of the site.
const MAX_PLAN: u64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Unit,
    Name,
    Code,
    Track,
    Plan,
    Years,
    Fee,
    Partner,
    Note,
}

fn classify(header: &str) -> Option<Column> {
    let h = normalize(header);
    let h = h.as_str();
    match h {
        _ if h == "单位" || h.contains("单位名称") || h == "学校" || h == "学校名称" => Some(Column::Unit),
        _ if h.contains("专业代码") => Some(Column::Code),
        _ if h.contains("专业名称") || h == "专业" => Some(Column::Name),
        _ if h.contains("招生类型") || h == "类型" => Some(Column::Track),
        _ if h.contains("计划") => Some(Column::Plan),
        _ if h.starts_with("学制") => Some(Column::Years),
        _ if h.contains("学费") => Some(Column::Fee),
        _ if h.contains("合作院校") || h.contains("合作学校") => Some(Column::Partner),
        _ if h.contains("备注") => Some(Column::Note),
        _ => None,
    }
}

fn columns_of(row: &[Cell]) -> HashMap<Column, usize> {
    let mut columns = HashMap::new();
    for (c, cell) in row.iter().enumerate() {
        if let Cell::Text(t) = cell {
            if let Some(kind) = classify(t) {
                columns.entry(kind).or_insert(c);
            }
        }
    }
    columns
}

/// The row of the programs form's header: a unit column and a 专业名称 column, among the first
/// rows. The monthly form has no 专业名称, so the two forms are never mistaken for each other.
pub(super) fn header_row(table: &Table) -> Option<usize> {
    table.rows.iter().take(table::HEADER_ROWS).position(|row| {
        let columns = columns_of(row);
        columns.contains_key(&Column::Unit) && columns.contains_key(&Column::Name)
    })
}

/// Whether `file` (its sheet `sheet`, or the one the import would read) is a programs form: its
/// header has 单位名称 and 专业名称. False when it cannot be read.
pub fn is_programs_form(file: &std::path::Path, sheet: Option<&str>) -> bool {
    table::read(file, sheet, &|t| header_row(t).is_some()).is_ok_and(|s| header_row(&s.table).is_some())
}

/// A cell's words, trimmed; a number as it shows (120, not 120.0); None when empty.
fn text(cell: &Cell) -> Option<String> {
    let t = match cell {
        Cell::Empty => return None,
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
    };
    (!t.is_empty()).then_some(t)
}

/// A whole number in a cell, with the words a clerk may add around it (`120人`, `3年`, `2,000元`).
fn whole(cell: &Cell, suffixes: &[&str]) -> Result<u64, &'static str> {
    let number = match cell {
        Cell::Number(f) => *f,
        Cell::Date(_) => return Err("是日期，不是数字"),
        Cell::Empty => return Err("是空的"),
        Cell::Text(s) => {
            let mut t: String = normalize(s).chars().filter(|c| *c != ',' && *c != '，').collect();
            for suffix in suffixes {
                if let Some(stripped) = t.strip_suffix(suffix) {
                    t = stripped.to_string();
                }
            }
            t.parse::<f64>().map_err(|_| "不是数字")?
        }
    };
    if number < 0.0 {
        return Err("是负数");
    }
    if number.fract() != 0.0 || number > 1e12 {
        return Err("不是整数");
    }
    Ok(number as u64)
}

/// 招生类型 as written on the sheet: the four labels of the dropdown, with the spellings clerks use.
fn track(cell: &str) -> Option<Track> {
    let t = normalize(cell);
    let t = t.as_str();
    if let Some(exact) = Track::parse(t).or_else(|| Track::ALL.into_iter().find(|k| k.label() == t)) {
        return Some(exact);
    }
    match t {
        "中专" | "中职" | "三年制" | "三年制中专" | "普通中专" => Some(Track::ThreeYear),
        "3+2" | "三二分段" | "3+2分段" | "三加二" => Some(Track::ThreePlusTwo),
        "五年一贯制" | "五年制" | "五年一贯" => Some(Track::FiveYear),
        "一年制" | "一年制中专" => Some(Track::OneYear),
        _ => None,
    }
}

/// 专业代码: six digits, kept as text. Excel turns 730301 into a number, which is taken back.
fn code(cell: &Cell) -> Result<Option<String>, String> {
    let t = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) if n.fract() == 0.0 && (100_000.0..=999_999.0).contains(n) => {
            return Ok(Some(format!("{}", *n as u32)))
        }
        Cell::Number(n) => format!("{n}"),
        Cell::Date(d) => d.to_string(),
        Cell::Text(s) => normalize(s),
    };
    if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(t))
    } else if t.is_empty() {
        Ok(None)
    } else {
        Err(t)
    }
}

/// One program read from the sheet, with the cell of each value (0-based row and column).
struct Program {
    row: usize,
    unit: usize,
    unit_col: usize,
    name: (String, usize),
    code: Option<(String, usize)>,
    track: (Track, usize),
    plan: (u64, usize),
    years: Option<(u64, usize)>,
    fee: Option<(u64, usize)>,
    partner: Option<(String, usize)>,
    note: Option<(String, usize)>,
}

/// What was read: the programs, and the units whose pre-filled row was left empty.
struct Read {
    programs: Vec<Program>,
    left_empty: Vec<usize>,
}

/// Finds the header row and reads every program row, collecting every problem.
fn read_programs(table: &Table, ctx: &mut Ctx<'_>, known: &Known, year: i32) -> Read {
    let mut read = Read {
        programs: Vec::new(),
        left_empty: Vec::new(),
    };
    let Some(h) = header_row(table) else {
        let (message, hint) = if super::rows::header_row(table).is_some() {
            (
                "这是招生情况统计表（月报），不是招生专业与计划表".to_string(),
                format!(
                    "导入月报不加 --programs，写 --month 和 --as-of，如 sunshine import 文件 --year {year} --month 8 --as-of {year}-08-15"
                ),
            )
        } else {
            (
                "找不到招生专业与计划表的表头".to_string(),
                format!("表格中要有一行表头：{}（专业代码、学制、学费、合作院校、备注可选）；用 sunshine form --year {year} 生成空白表", HEADER[..5].join("、")),
            )
        };
        ctx.error(0, 0, message, hint);
        return read;
    };
    let columns = columns_of(&table.rows[h]);
    let missing: Vec<&str> = [(Column::Track, "招生类型"), (Column::Plan, "计划招生人数")]
        .iter()
        .filter(|(k, _)| !columns.contains_key(k))
        .map(|(_, n)| *n)
        .collect();
    if !missing.is_empty() {
        ctx.error(
            h,
            0,
            format!("第 {} 行的表头缺少这些列：{}", h + 1, missing.join("、")),
            "按 sunshine form 生成的招生专业与计划表的格式补上这些列",
        );
        return read;
    }
    let (units, quota_units) = (&known.units, &known.quota_units);
    let lookup = UnitLookup::new(units);
    let unit_col = columns[&Column::Unit];
    hidden_characters(table, h + 1, unit_col, &[], ctx);
    let at = |kind: Column| columns.get(&kind).copied();
    // A note such as 不计入合计 does not make a row of totals.
    let free_text: Vec<usize> = [Column::Partner, Column::Note].into_iter().filter_map(at).collect();
    // (unit, normalized name, track) → the row of its first program.
    let mut first: HashMap<(usize, String, Track), usize> = HashMap::new();
    for r in h + 1..table.rows.len() {
        if table.rows[r].iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let name = text(table.get(r, unit_col)).unwrap_or_default();
        if is_total_row(&table.rows[r], &name, &lookup, &free_text) {
            continue;
        }
        let program_cells_empty = columns
            .iter()
            .filter(|(k, _)| **k != Column::Unit)
            .all(|(_, c)| *table.get(r, *c) == Cell::Empty);
        if name.is_empty() {
            if !program_cells_empty {
                ctx.error(
                    r,
                    unit_col,
                    format!("单元格 {} 没有单位名称", cell_name(r, unit_col)),
                    "每一行都要填单位全称（与 data/units.toml 中的 name 一致；不要合并单元格），或删掉这一行",
                );
            }
            continue;
        }
        let Some(unit) = lookup.resolve(ctx, r, unit_col, &name) else {
            continue;
        };
        let unit_name = &units[unit].1;
        if program_cells_empty {
            // The form's pre-filled row, left as it was: this unit sent no programs.
            if !read.left_empty.contains(&unit) {
                read.left_empty.push(unit);
            }
            continue;
        }
        if !quota_units.contains(&units[unit].0) {
            ctx.diags.push_raw_error(
                rules::IMPORT_NO_QUOTA_UNIT,
                ctx.path,
                r + 1,
                unit_col + 1,
                format!(
                    "单元格 {}：单位“{unit_name}”在 {year} 年没有招生任务，不能填报招生专业与计划",
                    cell_name(r, unit_col)
                ),
                format!("先在 data/{year}/quotas.toml 中给它写招生任务，或从表格中删掉这一行"),
            );
            continue;
        }
        let mut ok = true;
        let mut fail = |ctx: &mut Ctx<'_>, c: usize, message: String, hint: &str| {
            ok = false;
            ctx.error(
                r,
                c,
                format!("单元格 {}：{unit_name} 的{message}", cell_name(r, c)),
                hint,
            );
        };
        let name_col = columns[&Column::Name];
        let program_name = text(table.get(r, name_col));
        if program_name.is_none() {
            fail(
                ctx,
                name_col,
                "专业名称是空的".into(),
                "填写专业名称，如 护理；这一行不是专业就删掉它",
            );
        }
        let code_at = at(Column::Code).and_then(|c| match code(table.get(r, c)) {
            Ok(v) => v.map(|v| (v, c)),
            Err(wrote) => {
                fail(
                    ctx,
                    c,
                    format!("专业代码“{wrote}”不是六位数字"),
                    "按《职业教育专业目录》填六位数字，如 730301；不知道代码就空着",
                );
                None
            }
        });
        let track_col = columns[&Column::Track];
        let track_at = match text(table.get(r, track_col)) {
            None => {
                fail(
                    ctx,
                    track_col,
                    "招生类型是空的".into(),
                    &format!("从下拉列表中选：{}", track_list()),
                );
                None
            }
            Some(wrote) => match track(&wrote) {
                Some(t) => Some((t, track_col)),
                None => {
                    fail(
                        ctx,
                        track_col,
                        format!("招生类型“{wrote}”不认识"),
                        &format!("只能是 {} 之一（可以从下拉列表中选）", track_list()),
                    );
                    None
                }
            },
        };
        let plan_col = columns[&Column::Plan];
        let plan_at = match whole(table.get(r, plan_col), &["人"]) {
            Ok(0) => {
                fail(
                    ctx,
                    plan_col,
                    "计划招生人数是 0".into(),
                    "计划招生人数是大于 0 的整数；今年不招生的专业删掉这一行",
                );
                None
            }
            Ok(n) if n > MAX_PLAN => {
                fail(
                    ctx,
                    plan_col,
                    format!("计划招生人数 {n} 大得不合理"),
                    "填这个专业计划招收的人数",
                );
                None
            }
            Ok(n) => Some((n, plan_col)),
            Err(what) => {
                let hint = match what {
                    "是空的" => "填这个专业计划招收的人数（大于 0 的整数）",
                    "不是整数" => "人数只能是整数，如 120",
                    _ => "只填阿拉伯数字，如 120",
                };
                fail(ctx, plan_col, format!("计划招生人数{what}"), hint);
                None
            }
        };
        let years_at = at(Column::Years).and_then(|c| match table.get(r, c) {
            Cell::Empty => None,
            cell => match whole(cell, &["年制", "年"]) {
                Ok(n) if (1..=6).contains(&n) => Some((n, c)),
                Ok(n) => {
                    fail(
                        ctx,
                        c,
                        format!("学制 {n} 年不在 1–6 年之间"),
                        "中专一般 3 年，3+2 和五年一贯制 5 年，一年制 1 年；填整数年数",
                    );
                    None
                }
                Err(what) => {
                    fail(ctx, c, format!("学制{what}"), "填整数年数，如 3；不清楚就空着");
                    None
                }
            },
        });
        let fee_at = at(Column::Fee).and_then(|c| {
            let cell = table.get(r, c);
            if let Cell::Text(t) = cell {
                if matches!(normalize(t).as_str(), "免费" | "免学费" | "免") {
                    return Some((0, c));
                }
            }
            match cell {
                Cell::Empty => None,
                cell => match whole(cell, &["元/年", "元/学年", "元"]) {
                    Ok(n) if n <= MAX_FEE => Some((n, c)),
                    Ok(n) => {
                        fail(
                            ctx,
                            c,
                            format!("学费 {n} 元/年大得不合理"),
                            "填每年的学费（元）；免学费填 0",
                        );
                        None
                    }
                    Err(what) => {
                        fail(
                            ctx,
                            c,
                            format!("学费{what}"),
                            "填每年的学费（元），如 2000；免学费填 0，不清楚就空着",
                        );
                        None
                    }
                },
            }
        });
        let words = |kind: Column| at(kind).and_then(|c| text(table.get(r, c)).map(|t| (t, c)));
        let (partner, note) = (words(Column::Partner), words(Column::Note));
        let (Some(program_name), Some(track_at), Some(plan_at), true) = (program_name, track_at, plan_at, ok) else {
            continue;
        };
        let key = (unit, normalize(&program_name), track_at.0);
        if let Some(&before) = first.get(&key) {
            ctx.diags.push_raw_error(
                rules::IMPORT_CELL,
                ctx.path,
                r + 1,
                name_col + 1,
                format!(
                    "单元格 {}：{unit_name} 的 {program_name}（{}）重复了（第 {} 行已有，单元格 {}）",
                    cell_name(r, name_col),
                    TRACK_LABELS[track_at.0.index()],
                    before + 1,
                    cell_name(before, name_col)
                ),
                "同一单位的同一专业、同一招生类型只填一行：合并两行的计划招生人数，或删掉重复的一行",
            );
            continue;
        }
        first.insert(key, r);
        read.programs.push(Program {
            row: r,
            unit,
            unit_col,
            name: (program_name, name_col),
            code: code_at,
            track: track_at,
            plan: plan_at,
            years: years_at,
            fee: fee_at,
            partner,
            note,
        });
    }
    if read.programs.is_empty() && !ctx.diags.has_errors() {
        ctx.error(
            h,
            0,
            "表头下面没有填写任何专业".into(),
            "每个专业填一行：单位名称、专业名称、招生类型、计划招生人数",
        );
    }
    read
}

/// A TOML basic string: quoted, with `\` `"` and control characters escaped.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The generated programs.toml, and for each of its lines (index = line - 1) the sheet cell,
/// 0-based (row, column), its value came from.
fn programs_toml(year: i32, programs: &[Program], units: &[(String, String)], source: &str) -> Report {
    let mut report = Report {
        text: String::new(),
        cells: Vec::new(),
    };
    report.line(&format!("# {year} 年 招生专业与计划"), None);
    report.line(&format!("# 由 sunshine import 从 {source} 导入；可以直接修改。"), None);
    // In the order of data/units.toml, each unit's programs in the sheet's order.
    let mut sorted: Vec<&Program> = programs.iter().collect();
    sorted.sort_by_key(|p| (p.unit, p.row));
    for p in sorted {
        let (id, name) = &units[p.unit];
        let unit_cell = Some((p.row, p.unit_col));
        let at = |col: usize| Some((p.row, col));
        report.line("", None);
        report.line(&format!("[[program]]  # {name}"), unit_cell);
        report.line(&format!("unit = {}", quoted(id)), unit_cell);
        report.line(&format!("name = {}", quoted(&p.name.0)), at(p.name.1));
        if let Some((code, c)) = &p.code {
            report.line(&format!("code = {}", quoted(code)), at(*c));
        }
        let (track, c) = p.track;
        report.line(
            &format!("track = \"{}\"  # {}", track.as_str(), TRACK_LABELS[track.index()]),
            at(c),
        );
        report.line(&format!("plan = {}", p.plan.0), at(p.plan.1));
        if let Some((years, c)) = p.years {
            report.line(&format!("years = {years}"), at(c));
        }
        if let Some((fee, c)) = p.fee {
            report.line(&format!("fee = {fee}"), at(c));
        }
        if let Some((partner, c)) = &p.partner {
            report.line(&format!("partner = {}", quoted(partner)), at(*c));
        }
        if let Some((note, c)) = &p.note {
            report.line(&format!("note = {}", quoted(note)), at(*c));
        }
    }
    report
}

/// A diagnostic of the site check in the generated programs.toml, moved to the sheet's cell its
/// line came from, speaking of the sheet's columns.
fn at_sheet(d: Diagnostic, rel: &str, sheet: &str, cells: &[Option<(usize, usize)>]) -> Diagnostic {
    if d.path != rel {
        return d;
    }
    const FIELDS: [(&str, &str); 6] = [
        ("各专业的 plan", "各专业的计划招生人数"),
        ("计划招生人数 plan", "计划招生人数"),
        ("专业代码 code", "专业代码"),
        ("招生类型 track", "招生类型"),
        ("学制 years", "学制"),
        ("学费 fee", "学费"),
    ];
    to_cell(d, sheet, cells, &FIELDS)
}

/// Imports one programs form; see the module documentation.
pub fn import(req: &Request) -> Result<Outcome, Error> {
    let display = check_paths(&req.file, &req.root)?;
    let mut ctx = Ctx {
        path: &display,
        diags: Diagnostics::new(),
        notes: Vec::new(),
        rolled: Vec::new(),
    };
    let known = match known(&req.root, req.year, "招生专业与计划")? {
        Ok(known) => known,
        Err(refusal) => return Ok(refused(refusal, &[], &display)),
    };
    let rel = format!("data/{}/programs.toml", req.year);
    let template = match may_write(
        &req.root,
        &rel,
        req.force,
        "这一年的招生专业与计划文件",
        "专业和计划整个替换它",
        "[[program]]",
    ) {
        Ok(template) => template,
        Err(refusal) => return Ok(refused(refusal, &[], &display)),
    };
    let sheet = match read_sheet(&req.file, req.sheet.as_deref(), &|t| header_row(t).is_some(), &mut ctx) {
        Ok(sheet) => sheet,
        Err(refusal) => return Ok(refusal),
    };
    let mut notes = sheet_notes(&sheet);
    let read = read_programs(&sheet.table, &mut ctx, &known, req.year);
    if ctx.diags.has_errors() {
        return Ok(refused(ctx.diags.into_sorted(), &notes, &display));
    }
    let with_programs: Vec<usize> = read.programs.iter().map(|p| p.unit).collect();
    let empty: Vec<String> = read
        .left_empty
        .iter()
        .filter(|u| !with_programs.contains(u))
        .map(|u| known.units[*u].1.clone())
        .collect();
    if !empty.is_empty() {
        notes.push(format!(
            "{} 个单位的行没有填写专业，没有导入它们的专业：{}",
            empty.len(),
            empty.join("、")
        ));
    }
    let source = req
        .file
        .file_name()
        .map_or(display.clone(), |n| n.to_string_lossy().into_owned());
    let Report { text, cells } = programs_toml(req.year, &read.programs, &known.units, &source);
    // Checked with the whole site as if it were in place, then written beside and renamed.
    let checked = crate::check_with(&req.root, Some((&rel, &text)))?;
    commit(Commit {
        root: &req.root,
        at_sheet: &|d| at_sheet(d, &rel, &display, &cells),
        rel: rel.clone(),
        text,
        display: &display,
        checked: checked.diagnostics,
        extra: Vec::new(),
        rows: read.programs.len(),
        notes,
        template,
        recorded: Vec::new(),
        dry_run: false,
        corrected: Vec::new(),
        accepted_late: Vec::new(),
        io_hint: "原来的招生专业与计划文件没有改变；检查文件夹是否可写后再导入",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_with_spaces_and_full_width_characters() {
        assert_eq!(classify(" 单位名称 "), Some(Column::Unit));
        assert_eq!(classify("专业名称"), Some(Column::Name));
        assert_eq!(classify("专业代码"), Some(Column::Code));
        assert_eq!(classify("招生类型"), Some(Column::Track));
        assert_eq!(classify("计划招生人数（人）"), Some(Column::Plan));
        assert_eq!(classify("学制（年）"), Some(Column::Years));
        assert_eq!(classify("学费（元／年）"), Some(Column::Fee));
        assert_eq!(classify("合作院校"), Some(Column::Partner));
        assert_eq!(classify("备 注"), Some(Column::Note));
        assert_eq!(classify("中专人数"), None);
        for h in HEADER {
            assert!(classify(h).is_some(), "{h}");
        }
    }

    #[test]
    fn tracks_are_read_from_the_four_labels_and_common_spellings() {
        for (label, t) in TRACK_LABELS.iter().zip(Track::ALL) {
            assert_eq!(track(label), Some(t));
        }
        assert_eq!(track("３＋２"), Some(Track::ThreePlusTwo));
        assert_eq!(track(" 中职 "), Some(Track::ThreeYear));
        assert_eq!(track("five_year"), Some(Track::FiveYear));
        assert_eq!(track("三年"), None);
    }

    #[test]
    fn a_code_is_six_digits_kept_as_text_even_when_excel_made_it_a_number() {
        assert_eq!(code(&Cell::Number(730301.0)), Ok(Some("730301".into())));
        assert_eq!(code(&Cell::Text(" 720201 ".into())), Ok(Some("720201".into())));
        assert_eq!(code(&Cell::Text("０７２０２０".into())), Ok(Some("072020".into())));
        assert_eq!(code(&Cell::Empty), Ok(None));
        assert_eq!(code(&Cell::Number(73030.0)), Err("73030".into()));
        assert_eq!(code(&Cell::Number(730301.5)), Err("730301.5".into()));
        assert_eq!(code(&Cell::Text("7303O1".into())), Err("7303O1".into()));
    }

    #[test]
    fn numbers_accept_the_words_clerks_add() {
        assert_eq!(whole(&Cell::Text("120人".into()), &["人"]), Ok(120));
        assert_eq!(whole(&Cell::Text("2,000元".into()), &["元"]), Ok(2000));
        assert_eq!(whole(&Cell::Text("3年".into()), &["年"]), Ok(3));
        assert_eq!(whole(&Cell::Number(1.5), &[]), Err("不是整数"));
        assert_eq!(whole(&Cell::Number(-1.0), &[]), Err("是负数"));
        assert_eq!(whole(&Cell::Text("若干".into()), &[]), Err("不是数字"));
    }

    #[test]
    fn strings_are_escaped_for_toml() {
        assert_eq!(quoted("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        let parsed: toml::Table = toml::from_str(&format!("x = {}", quoted("引号\"与\u{7}响铃"))).unwrap();
        assert_eq!(parsed["x"].as_str(), Some("引号\"与\u{7}响铃"));
    }
}
