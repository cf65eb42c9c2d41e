//! A report imported again: what the old file keeps (its publication date, corrections and
//! accepted late forms), and the sheet's figures compared with those already published — a
//! change is a correction with `--reason`, or refused.

use chrono::NaiveDate;

use super::rows::Row;
use super::table::cell_name;
use super::Request;
use crate::diagnostics::{rules, Diagnostic, Diagnostics};
use crate::load;
use crate::vocab::CountField;

/// What a report file keeps when it is imported again: its first publication date and its
/// corrections (with any new ones).
#[derive(Default)]
pub(super) struct Kept {
    pub(super) published: Option<NaiveDate>,
    pub(super) corrections: Vec<crate::load::raw::CorrectionRecord>,
    /// The corrections this import adds (with `--reason`), said as the clerk reads them.
    pub(super) recorded: Vec<String>,
    /// Late forms accepted, by unit id, with the reason when one was given.
    pub(super) late_ok: Vec<(String, Option<String>)>,
    /// The number of corrections kept from the old file (the rest are new).
    pub(super) kept_corrections: usize,
}

/// The report file being replaced: its publication date and corrections, kept in the new one;
/// and the figures published from it (the record `published.lock`, else the site under
/// `<root>/public`), compared with the sheet's. A
/// changed published figure becomes a new correction with `--reason`, or is refused (rule C05,
/// at the sheet's cell) with the correction it needs.
pub(super) fn keep_and_compare(
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
pub(super) fn counts_of(changes: &[crate::published::Change<String>]) -> crate::load::raw::Counts {
    let mut was = crate::load::raw::Counts::default();
    for c in changes {
        let n = i64::try_from(c.old).ok();
        *was.slot_mut(CountField::parse(&c.field).unwrap_or(CountField::Total)) = n;
    }
    was
}
