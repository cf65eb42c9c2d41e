//! The monthly form's rows (attachment 2): its header's columns, each unit's row read into
//! counts and a date, and the empty rows of units above others rolled up from those below.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::cells::{count, date, hidden_characters, is_total_row, loose_date, note_loose_count, Ctx, UnitLookup};
use super::programs;
use super::table::{self, cell_name, Cell, Table};
use crate::names::normalize_name as normalize;
use crate::vocab::CountField;

/// The columns of attachment 2 that the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Column {
    Unit,
    /// A track's count, or the total.
    Count(CountField),
    Submitted,
    /// 说明 or 备注: free text, not read (the blank form's 说明 says what a row counts).
    Note,
}

/// The four count columns the form must have, with their headers: one per track.
pub(super) const COUNT_COLUMNS: [(Column, &str); CountField::TRACKS.len()] = {
    let mut c = [(Column::Unit, ""); CountField::TRACKS.len()];
    let mut i = 0;
    while i < c.len() {
        let f = CountField::TRACKS[i];
        c[i] = (Column::Count(f), f.form_header());
        i += 1;
    }
    c
};
pub(super) const TOTAL: Column = Column::Count(CountField::Total);

pub(super) fn classify(header: &str) -> Option<Column> {
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

pub(super) struct Row {
    /// 0-based row of the table.
    pub(super) row: usize,
    /// Its unit name's column.
    pub(super) col: usize,
    pub(super) unit: usize,
    /// One per track, in [`CountField::TRACKS`] order.
    pub(super) counts: [u64; CountField::TRACKS.len()],
    /// The columns the four counts, the total and the date were read from.
    pub(super) count_cols: [usize; CountField::TRACKS.len()],
    pub(super) total_col: Option<usize>,
    pub(super) submitted_col: Option<usize>,
    pub(super) submitted: Option<NaiveDate>,
}

impl Row {
    /// The value of `field` in this row and the column it was read from (the total is the sum
    /// of the tracks, and its column None when the sheet has no 总数).
    pub(super) fn count(&self, field: CountField) -> (u64, Option<usize>) {
        match field.track() {
            Some(t) => (self.counts[t.index()], Some(self.count_cols[t.index()])),
            None => (self.counts.iter().sum(), self.total_col),
        }
    }
}

/// The row of the form's header: a unit column and a count column, among the first rows.
pub(super) fn header_row(table: &Table) -> Option<usize> {
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
pub(super) fn read_rows(
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
pub(super) fn roll_up_empty_parents(
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
