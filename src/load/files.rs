//! Parsers for each kind of data file: TOML tables in, raw records out.

use crate::diagnostics::rules;
use crate::load::raw::*;
use crate::load::record::Record;
use crate::load::toml_reader::{parse, FileCtx, TableReader};
use crate::source::Loc;

/// Reads a whole file as the record `R`, its messages naming the file as `what`.
fn file<R: Record>(ctx: &mut FileCtx<'_>, text: &str, what: &str) -> Option<R> {
    let root = parse(ctx, text)?;
    R::read(TableReader::new(root.get_ref(), 0..0, what, R::FIELDS), ctx)
}

pub(super) fn site(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawSettings> {
    file(ctx, text, "data/site.toml")
}

/// None when the file does not parse.
pub(super) fn units(ctx: &mut FileCtx<'_>, text: &str) -> Option<Vec<RawUnit>> {
    file::<RawUnits>(ctx, text, "data/units.toml").map(|u| u.units)
}

pub(super) fn quotas(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawQuotas> {
    file(ctx, text, "quotas.toml")
}

pub(super) fn report(ctx: &mut FileCtx<'_>, text: &str, month: u32) -> Option<RawReport> {
    let mut report: RawReport = file(ctx, text, "月报文件")?;
    report.month = month;
    Some(report)
}

pub(super) fn actions(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawActions> {
    file(ctx, text, "actions.toml")
}

pub(super) fn programs(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawPrograms> {
    file(ctx, text, "programs.toml")
}

pub(super) fn admissions(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawAdmissions> {
    file(ctx, text, "admissions.toml")
}

/// Splits `+++` front matter from a markdown file and reads it.
pub(super) fn page(ctx: &mut FileCtx<'_>, text: &str, slug: String) -> Option<RawPage> {
    let file_start = Loc::file_start(ctx.file);
    let hint = "Markdown 文件要以一行 +++ 开头，写 title = \"…\" 等字段，再以一行 +++ 结束，正文写在后面";
    // The loader turns a BOM into spaces so that offsets stay put.
    let after_bom = text.trim_start_matches(['\u{feff}', ' ']);
    let bom = text.len() - after_bom.len();
    let Some(rest) = after_bom
        .strip_prefix("+++")
        .filter(|r| r.starts_with('\n') || r.starts_with("\r\n"))
    else {
        ctx.diags.error(
            rules::NO_FRONT_MATTER,
            ctx.sources,
            file_start,
            "缺少页首（front matter）",
            hint,
        );
        return None;
    };
    let fm_start = bom + 3;
    // The closing `+++` must stand alone on its line.
    let mut search = 0;
    let close = loop {
        let Some(i) = rest[search..].find("\n+++") else {
            ctx.diags.error(
                rules::FRONT_MATTER_OPEN,
                ctx.sources,
                file_start,
                "页首没有结束的 +++ 行",
                hint,
            );
            return None;
        };
        let at = search + i + 1;
        let after = &rest[at + 3..];
        if after.is_empty() || after.starts_with('\n') || after.starts_with("\r\n") {
            break at;
        }
        search = at;
    };
    let front = &rest[..close];
    let body_start = fm_start + close + 3;
    let body_start = body_start
        + text[body_start..]
            .chars()
            .take_while(|c| *c == '\r' || *c == '\n')
            .count()
            .min(2);

    let mut inner = FileCtx {
        sources: ctx.sources,
        diags: &mut *ctx.diags,
        file: ctx.file,
        offset: fm_start,
    };
    let root = parse(&mut inner, front)?;
    let mut page = RawPage::read(
        TableReader::new(root.get_ref(), 0..0, "页首", RawPage::FIELDS),
        &mut inner,
    )?;
    page.loc = file_start;
    page.slug = slug;
    page.body_start = body_start;
    Some(page)
}
