//! `sunshine import`: one filled-in 招生情况统计表 (attachment 2), as .xlsx or .csv, becomes
//! `data/<Y>/reports/<Y>-<MM>.toml` — or, on any problem, nothing is written.
//!
//! The files, one job each: this one is the report import's pass ([`import`]) and what it returns;
//! `site` what an import needs from the site first (units, quotas, may the file be written),
//! `table` the sheet's cells read through the guards, `cells` a cell read as a number or a date
//! (and the notes of what was read otherwise than as typed, a finding moved back to its cell),
//! `rows` the monthly form's rows, `compare` the figures against those already published,
//! `report` the report's TOML, `checks` the import's own warnings, and `commit` the step both
//! imports end with (refuse, dry run, or write). `programs` is the programs form's import, `form`
//! writes the blank forms.

mod cells;
mod checks;
mod commit;
mod compare;
pub mod form;
pub mod programs;
mod report;
mod rows;
mod site;
mod table;

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::{rules, Diagnostic, Diagnostics, Severity};
use crate::{load, Error};
use cells::{at_sheet, read_notes, sheet_notes, Ctx};
use commit::Commit;
use compare::keep_and_compare;
use report::{report_toml, Report};
use rows::{header_row, read_rows};
use site::{check_paths, known, may_write, read_sheet_from, Known};
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
    commit::commit(Commit {
        root: &req.root,
        at_sheet: &|d| at_sheet(d, &rel, &display, &cells),
        rel: rel.clone(),
        text,
        display: &display,
        checked: checked.diagnostics,
        extra: import_warnings,
        rows: rows.len(),
        notes,
        template,
        recorded,
        dry_run: req.dry_run,
        corrected,
        accepted_late,
        io_hint: "原来的月报文件没有改变；检查文件夹是否可写后再导入",
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
