//! Silent mistakes a sheet can carry that every rule of the site would let through, warned at
//! import with the cells named: the previous month's sheet sent again (every figure identical),
//! forms dated before the previous round's deadline, and a round older than the latest one.

use chrono::NaiveDate;

use super::rows::Row;
use super::{cell_name, Request};
use crate::diagnostics::{rules, Diagnostic, Severity};
use crate::load::raw::{RawReport, RawSite};

fn warning(
    rule: &'static crate::diagnostics::Rule,
    path: &str,
    at: (usize, usize),
    message: String,
    hint: &str,
) -> Diagnostic {
    let mut d = Diagnostic::at_file(Severity::Warning, rule, path, message, hint);
    (d.line, d.col) = (at.0 + 1, at.1 + 1);
    d
}

/// The warnings of importing `rows` as `req`'s round, against the rounds already in `raw`.
pub(super) fn warnings(
    req: &Request,
    raw: &RawSite,
    rows: &[Row],
    units: &[(String, String)],
    display: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(year) = raw.years.iter().find(|y| y.year == req.year) else {
        return out;
    };
    let others = || year.reports.iter().filter(|r| r.month != req.month);
    // The round just before this one, and the latest round of the year.
    let previous: Option<&RawReport> = others().filter(|r| r.month < req.month).max_by_key(|r| r.month);
    if let Some(latest) = others().filter(|r| r.month > req.month).max_by_key(|r| r.month) {
        let at = rows.first().map_or((0, 0), |r| (r.row, r.col));
        out.push(warning(
            rules::IMPORT_OLDER_ROUND,
            display,
            at,
            format!(
                "导入的是 {} 年 {} 月（截至 {}），早于已有的最新一轮 {} 月：网站的最新数字仍是 {} 月的",
                req.year, req.month, req.as_of, latest.month, latest.month
            ),
            "补录以前月份的报表时可以不管；如果是本月的报表，核对 --month 和 --as-of",
        ));
    }
    let Some(previous) = previous else {
        return out;
    };
    // Every unit of the sheet with the same four figures as in the previous round, and the sheet
    // not smaller than that round: most likely last month's sheet sent again.
    let same = |row: &Row| {
        let id = &units[row.unit].0;
        previous.rows.iter().any(|p| {
            p.unit.value == *id
                && [
                    p.three_year.value,
                    p.three_plus_two.value,
                    p.five_year.value,
                    p.one_year.value,
                ]
                .iter()
                .zip(row.counts)
                .all(|(&a, b)| u64::try_from(a).ok() == Some(b))
        })
    };
    if !rows.is_empty() && rows.len() >= previous.rows.len() && rows.iter().all(same) {
        let first = &rows[0];
        let last = &rows[rows.len() - 1];
        let from = cell_name(first.row, first.count_cols.iter().copied().min().unwrap_or(first.col));
        let to = cell_name(last.row, last.count_cols.iter().copied().max().unwrap_or(last.col));
        out.push(warning(
            rules::IMPORT_SAME_AS_BEFORE,
            display,
            (first.row, first.count_cols[0]),
            format!(
                "单元格 {from}:{to}：全部 {} 个单位的人数与 {} 月的完全相同，可能把上个月的表格又交了一遍",
                rows.len(),
                previous.month
            ),
            "核对这张表是不是本月的；确实一个月没有新增，可以不管",
        ));
    }
    // A form dated on or before the previous round's deadline was filled in for that round.
    let day = raw
        .settings
        .as_ref()
        .and_then(|s| s.reporting.deadline_day.as_ref())
        .and_then(|d| u32::try_from(d.value).ok())
        .unwrap_or(15);
    let deadline = (1..=day.clamp(1, 31))
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(req.year, previous.month, d));
    if let Some(deadline) = deadline {
        for row in rows {
            let Some(submitted) = row.submitted.filter(|s: &NaiveDate| *s <= deadline) else {
                continue;
            };
            let col = row.submitted_col.unwrap_or(row.col);
            out.push(warning(
                rules::IMPORT_SUBMITTED_EARLY,
                display,
                (row.row, col),
                format!(
                    "单元格 {}：“{}”的报送日期 {submitted} 不晚于上一轮（{} 月）的报送截止日 {deadline}，这可能是上个月的报表",
                    cell_name(row.row, col),
                    units[row.unit].1,
                    previous.month
                ),
                "核对这一行是不是本月的数字和报送日期",
            ));
        }
    }
    out
}
