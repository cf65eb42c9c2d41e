//! The report file's TOML, written line by line with the sheet cell each line came from.

use super::compare::Kept;
use super::rows::Row;
use super::Request;
use crate::vocab::CountField;

/// The generated report, and for each of its lines (index = line - 1) the sheet cell, 0-based
/// (row, column), its figure came from: the clerk wrote the sheet, not this file, so whatever the
/// site check finds in it is reported at the cell.
pub(super) struct Report {
    pub(super) text: String,
    pub(super) cells: Vec<Option<(usize, usize)>>,
}

impl Report {
    pub(super) fn line(&mut self, line: &str, cell: Option<(usize, usize)>) {
        self.text.push_str(line);
        self.text.push('\n');
        self.cells.push(cell);
    }
}

pub(super) fn report_toml(
    req: &Request,
    rows: &[Row],
    units: &[(String, String)],
    source: &str,
    kept: &Kept,
) -> Report {
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
