//! Parsers for each kind of data file: TOML tables in, raw records out.

use crate::load::raw::*;
use crate::load::toml_reader::{parse, FileCtx, TableReader};
use crate::source::Loc;

const SITE_FIELDS: &[&str] = &[
    "title",
    "publisher",
    "organizer",
    "description",
    "base_url",
    "contact",
    "complaints",
    "reporting",
    "footer",
];
const CONTACT_FIELDS: &[&str] = &["department", "people", "phone", "email", "address"];
const COMPLAINT_FIELDS: &[&str] = &[
    "phone",
    "email",
    "platform_name",
    "platform_url",
    "quote",
    "quote_source",
];
const REPORTING_FIELDS: &[&str] = &["deadline_day", "months"];
const FOOTER_FIELDS: &[&str] = &["icp", "police_record", "site_code"];

pub fn site(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawSettings> {
    let root = parse(ctx, text)?;
    let mut t = TableReader::new(root.get_ref(), 0..0, "data/site.toml", SITE_FIELDS);
    let title = t.string(ctx, "title", true);
    let publisher = t.string(ctx, "publisher", true);
    let organizer = t.string(ctx, "organizer", false);
    let description = t.string(ctx, "description", false);
    let base_url = t.string(ctx, "base_url", false);

    let mut contact = RawContact::default();
    if let Some(mut c) = t.table(ctx, "contact", CONTACT_FIELDS) {
        contact.department = c.string(ctx, "department", false);
        contact.people = c.strings(ctx, "people", false).map(|f| f.value).unwrap_or_default();
        contact.phone = c.string(ctx, "phone", false);
        contact.email = c.string(ctx, "email", false);
        contact.address = c.string(ctx, "address", false);
        c.finish(ctx);
    }
    let mut complaints = RawComplaints::default();
    if let Some(mut c) = t.table(ctx, "complaints", COMPLAINT_FIELDS) {
        complaints.phone = c.string(ctx, "phone", false);
        complaints.email = c.string(ctx, "email", false);
        complaints.platform_name = c.string(ctx, "platform_name", false);
        complaints.platform_url = c.string(ctx, "platform_url", false);
        complaints.quote = c.string(ctx, "quote", false);
        complaints.quote_source = c.string(ctx, "quote_source", false);
        c.finish(ctx);
    }
    let mut reporting = RawReporting::default();
    if let Some(mut r) = t.table(ctx, "reporting", REPORTING_FIELDS) {
        reporting.deadline_day = r.integer(ctx, "deadline_day", false);
        reporting.months = r.integers(ctx, "months");
        r.finish(ctx);
    }
    let mut footer = RawFooter::default();
    if let Some(mut f) = t.table(ctx, "footer", FOOTER_FIELDS) {
        footer.icp = f.string(ctx, "icp", false);
        footer.police_record = f.string(ctx, "police_record", false);
        footer.site_code = f.string(ctx, "site_code", false);
        f.finish(ctx);
    }
    t.finish(ctx);
    Some(RawSettings {
        file: ctx.file,
        title: title?,
        publisher: publisher?,
        organizer,
        description,
        base_url,
        contact,
        complaints,
        reporting,
        footer,
    })
}

const UNITS_FIELDS: &[&str] = &["unit"];
const UNIT_FIELDS: &[&str] = &["id", "name", "kind", "parent", "website"];

/// None when the file does not parse.
pub fn units(ctx: &mut FileCtx<'_>, text: &str) -> Option<Vec<RawUnit>> {
    let root = parse(ctx, text)?;
    let mut t = TableReader::new(root.get_ref(), 0..0, "data/units.toml", UNITS_FIELDS);
    let mut out = Vec::new();
    for mut u in t.tables(ctx, "unit", UNIT_FIELDS) {
        let id = u.string(ctx, "id", true);
        let name = u.string(ctx, "name", true);
        let kind = u.string(ctx, "kind", true);
        let parent = u.string(ctx, "parent", false);
        let website = u.string(ctx, "website", false);
        let loc = ctx.loc(u.span());
        u.finish(ctx);
        if let (Some(id), Some(name), Some(kind)) = (id, name, kind) {
            out.push(RawUnit {
                loc,
                id,
                name,
                kind,
                parent,
                website,
            });
        }
    }
    t.finish(ctx);
    Some(out)
}

const QUOTAS_FIELDS: &[&str] = &["document", "issued", "total", "quota"];
const QUOTA_FIELDS: &[&str] = &["unit", "quota"];

pub fn quotas(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawQuotas> {
    let root = parse(ctx, text)?;
    let mut t = TableReader::new(root.get_ref(), 0..0, "quotas.toml", QUOTAS_FIELDS);
    let document = t.string(ctx, "document", false);
    let issued = t.date(ctx, "issued", false);
    let total = t.integer(ctx, "total", false);
    let mut quotas = Vec::new();
    for mut q in t.tables(ctx, "quota", QUOTA_FIELDS) {
        let unit = q.string(ctx, "unit", true);
        let quota = q.integer(ctx, "quota", true);
        let loc = ctx.loc(q.span());
        q.finish(ctx);
        if let (Some(unit), Some(quota)) = (unit, quota) {
            quotas.push(RawQuota { loc, unit, quota });
        }
    }
    t.finish(ctx);
    Some(RawQuotas {
        file: ctx.file,
        document,
        issued,
        total,
        quotas,
    })
}

const REPORT_FIELDS: &[&str] = &["as_of", "sample", "note", "row"];
const ROW_FIELDS: &[&str] = &[
    "unit",
    "three_year",
    "three_plus_two",
    "five_year",
    "one_year",
    "total",
    "submitted",
    "note",
];

pub fn report(ctx: &mut FileCtx<'_>, text: &str, month: u32) -> Option<RawReport> {
    let root = parse(ctx, text)?;
    let mut t = TableReader::new(root.get_ref(), 0..0, "月报文件", REPORT_FIELDS);
    let as_of = t.date(ctx, "as_of", true);
    let sample = t.boolean(ctx, "sample").is_some_and(|f| f.value);
    let note = t.string(ctx, "note", false);
    let mut rows = Vec::new();
    for mut r in t.tables(ctx, "row", ROW_FIELDS) {
        let unit = r.string(ctx, "unit", true);
        let three_year = r.integer(ctx, "three_year", true);
        let three_plus_two = r.integer(ctx, "three_plus_two", true);
        let five_year = r.integer(ctx, "five_year", true);
        let one_year = r.integer(ctx, "one_year", true);
        let total = r.integer(ctx, "total", false);
        let submitted = r.date(ctx, "submitted", false);
        let row_note = r.string(ctx, "note", false);
        let loc = ctx.loc(r.span());
        r.finish(ctx);
        if let (Some(unit), Some(three_year), Some(three_plus_two), Some(five_year), Some(one_year)) =
            (unit, three_year, three_plus_two, five_year, one_year)
        {
            rows.push(RawRow {
                loc,
                unit,
                three_year,
                three_plus_two,
                five_year,
                one_year,
                total,
                submitted,
                note: row_note,
            });
        }
    }
    t.finish(ctx);
    Some(RawReport {
        file: ctx.file,
        month,
        as_of,
        sample,
        note,
        rows,
    })
}

const ACTIONS_FIELDS: &[&str] = &["warning", "circular"];
const WARNING_FIELDS: &[&str] = &["unit", "date", "reason", "measure", "issuer", "document", "lifted"];
const CIRCULAR_FIELDS: &[&str] = &["kind", "date", "title", "document", "units"];

pub fn actions(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawActions> {
    let root = parse(ctx, text)?;
    let mut t = TableReader::new(root.get_ref(), 0..0, "actions.toml", ACTIONS_FIELDS);
    let mut out = RawActions::default();
    for mut w in t.tables(ctx, "warning", WARNING_FIELDS) {
        let unit = w.string(ctx, "unit", true);
        let date = w.date(ctx, "date", true);
        let reason = w.string(ctx, "reason", true);
        let measure = w.string(ctx, "measure", false);
        let issuer = w.string(ctx, "issuer", false);
        let document = w.string(ctx, "document", false);
        let lifted = w.date(ctx, "lifted", false);
        let loc = ctx.loc(w.span());
        w.finish(ctx);
        if let (Some(unit), Some(date), Some(reason)) = (unit, date, reason) {
            out.warnings.push(RawWarning {
                loc,
                unit,
                date,
                reason,
                measure,
                issuer,
                document,
                lifted,
            });
        }
    }
    for mut c in t.tables(ctx, "circular", CIRCULAR_FIELDS) {
        let kind = c.string(ctx, "kind", true);
        let date = c.date(ctx, "date", true);
        let title = c.string(ctx, "title", true);
        let document = c.string(ctx, "document", false);
        let units = c.strings(ctx, "units", true);
        let loc = ctx.loc(c.span());
        c.finish(ctx);
        if let (Some(kind), Some(date), Some(title), Some(units)) = (kind, date, title, units) {
            out.circulars.push(RawCircular {
                loc,
                kind,
                date,
                title,
                document,
                units: units.value,
            });
        }
    }
    t.finish(ctx);
    Some(out)
}

const PAGE_FIELDS: &[&str] = &["title", "date", "updated", "unit", "description", "document", "issuer"];

/// Splits `+++` front matter from a markdown file and reads it.
pub fn page(ctx: &mut FileCtx<'_>, text: &str, slug: String) -> Option<RawPage> {
    let file_start = Loc::file_start(ctx.file);
    let hint = "Markdown 文件要以一行 +++ 开头，写 title = \"…\" 等字段，再以一行 +++ 结束，正文写在后面";
    // The loader turns a BOM into spaces so that offsets stay put.
    let after_bom = text.trim_start_matches(['\u{feff}', ' ']);
    let bom = text.len() - after_bom.len();
    let Some(rest) = after_bom
        .strip_prefix("+++")
        .filter(|r| r.starts_with('\n') || r.starts_with("\r\n"))
    else {
        ctx.diags
            .error(ctx.sources, file_start, "缺少页首（front matter）", hint);
        return None;
    };
    let fm_start = bom + 3;
    // The closing `+++` must stand alone on its line.
    let mut search = 0;
    let close = loop {
        let Some(i) = rest[search..].find("\n+++") else {
            ctx.diags.error(ctx.sources, file_start, "页首没有结束的 +++ 行", hint);
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
    let mut t = TableReader::new(root.get_ref(), 0..0, "页首", PAGE_FIELDS);
    let title = t.string(&mut inner, "title", true);
    let date = t.date(&mut inner, "date", false);
    let updated = t.date(&mut inner, "updated", false);
    let unit = t.string(&mut inner, "unit", false);
    let description = t.string(&mut inner, "description", false);
    let document = t.string(&mut inner, "document", false);
    let issuer = t.string(&mut inner, "issuer", false);
    t.finish(&mut inner);
    Some(RawPage {
        file: ctx.file,
        slug,
        title: title?,
        date,
        updated,
        unit,
        description,
        document,
        issuer,
        body_start,
    })
}
