//! What an import needs from the site before it reads the sheet: the file and root exist, the
//! units and the year's quotas, whether the target file may be written; and the sheet read.

use std::collections::HashMap;
use std::path::Path;

use super::cells::Ctx;
use super::{refused, table, Outcome, Table};
use crate::diagnostics::{rules, Diagnostic, Diagnostics, Severity};
use crate::{load, Error};

/// Whether the data file at `path` holds records: any `[[table]]` with an entry. A file that is
/// only comments and settings — the template `sunshine new` writes — holds none; a file that
/// cannot be read or parsed is taken to hold some, so that it is never replaced unasked.
pub(super) fn has_records(path: &Path) -> bool {
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
pub(super) fn may_write(
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
pub(super) fn read_sheet(
    req_file: &std::path::Path,
    sheet: Option<&str>,
    header: &dyn Fn(&Table) -> bool,
    ctx: &mut Ctx<'_>,
) -> Result<table::Sheet, Outcome> {
    read_sheet_from(req_file, None, sheet, header, ctx)
}

/// As [`read_sheet`], from `upload`'s bytes when there are some (`file` then only names them).
pub(super) fn read_sheet_from(
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
pub(super) fn check_paths(file: &std::path::Path, root: &std::path::Path) -> Result<String, Error> {
    if !file.is_file() {
        return Err(Error::Usage(format!("找不到文件 {}", file.display())));
    }
    if !root.is_dir() {
        return Err(Error::Usage(format!("站点目录不存在：{}", root.display())));
    }
    Ok(file.display().to_string())
}

/// The units of data/units.toml as (id, name), and the ids of those with a quota in the year.
pub(super) struct Known {
    pub(super) units: Vec<(String, String)>,
    pub(super) quota_units: Vec<String>,
    /// For each unit with a quota in the year (by index in `units`), the nearest unit above it
    /// with a quota: the one its figures roll up to on the site.
    pub(super) quota_parent: HashMap<usize, usize>,
}

/// What an import needs from the site before it reads the sheet: its units and the year's
/// quotas; or the refusal when the root has no data/ folder, units.toml or the year's quotas.toml has errors, or the year has
/// no quotas (`what` is what is imported, for the hint: 月报, 招生专业与计划).
pub(super) fn known(root: &Path, year: i32, what: &str) -> Result<Result<Known, Vec<Diagnostic>>, Error> {
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
