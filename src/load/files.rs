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

/// Text read as one slice when cutting a long file of `[[…]]` tables (see [`file_of_tables`]).
const SLICE: usize = 64 * 1024;

/// Where a file of `[[key]]` tables can be cut: at lines that are exactly a `[[key]]` header of
/// one of `keys`, at least [`SLICE`] bytes apart; the first cut is the first such header.
fn cuts(text: &str, keys: &[&str]) -> Vec<usize> {
    let mut cuts: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let header = line
            .trim_end_matches(['\n', '\r', ' ', '\t'])
            .strip_prefix("[[")
            .and_then(|l| l.strip_suffix("]]"));
        if header.is_some_and(|h| keys.contains(&h)) && cuts.last().is_none_or(|&last| at - last >= SLICE) {
            cuts.push(at);
        }
        at += line.len();
    }
    cuts
}

/// How the tables of one `[[key]]` array are read into the record: the key, and a function that
/// reads the tables and appends them to the record's list.
pub(super) type Tables<R> = (
    &'static str,
    for<'t, 'i, 'c> fn(&mut R, TableReader<'t, 'i>, &mut FileCtx<'c>),
);

/// As [`file`], for a file that is mostly `[[…]]` tables (programs, admissions, units, a
/// report's rows): a long one is parsed a slice of about [`SLICE`] bytes at a time, cut before
/// a `[[key]]` header line, so that the parsed tree of a 5 MB file (its tokens, tables and
/// positions: about 35 times the text) is never in memory whole. The slices are read exactly
/// as the whole file would be (same records, same positions, same messages); whenever slicing
/// could change anything — a slice that does not parse alone, the preamble holding one of the
/// keys, a slice with any other key — the whole file is read as it is.
fn file_of_tables<R: Record>(ctx: &mut FileCtx<'_>, text: &str, what: &str, arrays: &[Tables<R>]) -> Option<R> {
    let keys: Vec<&str> = arrays.iter().map(|(k, _)| *k).collect();
    let cuts = cuts(text, &keys);
    if cuts.len() < 2 {
        return file(ctx, text, what);
    }
    let mut diags = crate::diagnostics::Diagnostics::new();
    let sliced = {
        let mut sub = FileCtx {
            sources: ctx.sources,
            diags: &mut diags,
            file: ctx.file,
            offset: ctx.offset,
        };
        read_slices(&mut sub, text, what, arrays, &cuts)
    };
    match sliced {
        Some(record) => {
            ctx.diags.extend(diags);
            Some(record)
        }
        None => file(ctx, text, what),
    }
}

/// The slices of [`file_of_tables`]; None as soon as one of them cannot stand for its part of
/// the whole file (or the record is refused: the whole file is read again for its messages).
fn read_slices<R: Record>(
    ctx: &mut FileCtx<'_>,
    text: &str,
    what: &str,
    arrays: &[Tables<R>],
    cuts: &[usize],
) -> Option<R> {
    let base = ctx.offset;
    let (preamble, errors) = toml::de::DeTable::parse_recoverable(&text[..cuts[0]]);
    if !errors.is_empty() || arrays.iter().any(|(k, _)| preamble.get_ref().contains_key(*k)) {
        return None;
    }
    let mut record = R::read(TableReader::new(preamble.get_ref(), 0..0, what, R::FIELDS), ctx)?;
    drop(preamble);
    for (i, &start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).copied().unwrap_or(text.len());
        let (slice, errors) = toml::de::DeTable::parse_recoverable(&text[start..end]);
        let only_arrays = slice.get_ref().iter().all(|(k, v)| {
            arrays.iter().any(|(a, _)| *a == k.get_ref().as_ref()) && matches!(v.get_ref(), toml::de::DeValue::Array(_))
        });
        if !errors.is_empty() || !only_arrays {
            return None;
        }
        ctx.offset = base + start;
        for (key, read) in arrays {
            if slice.get_ref().contains_key(*key) {
                read(
                    &mut record,
                    TableReader::new(slice.get_ref(), 0..0, what, R::FIELDS),
                    ctx,
                );
            }
        }
    }
    ctx.offset = base;
    Some(record)
}

pub(super) fn site(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawSettings> {
    file(ctx, text, "data/site.toml")
}

/// None when the file does not parse.
pub(super) fn units(ctx: &mut FileCtx<'_>, text: &str) -> Option<Vec<RawUnit>> {
    file_of_tables::<RawUnits>(
        ctx,
        text,
        "data/units.toml",
        &[("unit", |r, mut t, ctx| {
            r.units.extend(read_all::<RawUnit>(&mut t, ctx, "unit"))
        })],
    )
    .map(|u| u.units)
}

pub(super) fn quotas(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawQuotas> {
    file(ctx, text, "quotas.toml")
}

pub(super) fn report(ctx: &mut FileCtx<'_>, text: &str, month: u32) -> Option<RawReport> {
    let mut report: RawReport = file_of_tables(
        ctx,
        text,
        "月报文件",
        &[
            ("row", |r: &mut RawReport, mut t, ctx| {
                r.rows.extend(read_all::<RawRow>(&mut t, ctx, "row"))
            }),
            ("correction", |r: &mut RawReport, mut t, ctx| {
                r.corrections
                    .extend(read_all::<RawCorrection>(&mut t, ctx, "correction"))
            }),
        ],
    )?;
    report.month = month;
    Some(report)
}

pub(super) fn actions(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawActions> {
    file(ctx, text, "actions.toml")
}

pub(super) fn programs(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawPrograms> {
    file_of_tables(
        ctx,
        text,
        "programs.toml",
        &[("program", |r: &mut RawPrograms, mut t, ctx| {
            r.programs.extend(read_all::<RawProgram>(&mut t, ctx, "program"))
        })],
    )
}

pub(super) fn admissions(ctx: &mut FileCtx<'_>, text: &str) -> Option<RawAdmissions> {
    file_of_tables(
        ctx,
        text,
        "admissions.toml",
        &[("admission", |r: &mut RawAdmissions, mut t, ctx| {
            r.admissions.extend(read_all::<RawAdmission>(&mut t, ctx, "admission"))
        })],
    )
}

/// The `[[key]]` tables of a slice, read as the record macro reads a `tables` field.
fn read_all<T: Record>(table: &mut TableReader<'_, '_>, ctx: &mut FileCtx<'_>, key: &'static str) -> Vec<T> {
    table
        .tables(ctx, key, T::FIELDS)
        .into_iter()
        .filter_map(|item| T::read(item, ctx))
        .collect()
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
    super::text::check_body(ctx, body_start, &text[body_start..]);
    page.loc = file_start;
    page.slug = slug;
    page.body_start = body_start;
    Some(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::source::Sources;

    /// Reads `text` whole and through the slices; both must give the same records and messages.
    fn same_either_way(text: &str) -> usize {
        let mut sources = Sources::default();
        let id = sources.add("data/2024/programs.toml".into(), text.to_string());
        let read = |sliced: bool| {
            let mut diags = Diagnostics::new();
            let mut ctx = FileCtx {
                sources: &sources,
                diags: &mut diags,
                file: id,
                offset: 0,
            };
            let record: Option<RawPrograms> = if sliced {
                programs(&mut ctx, text)
            } else {
                file(&mut ctx, text, "programs.toml")
            };
            (format!("{record:?}"), diags.into_sorted())
        };
        let (whole, sliced) = (read(false), read(true));
        assert_eq!(whole.0, sliced.0);
        assert_eq!(whole.1, sliced.1);
        whole.1.len()
    }

    fn programs_text(n: usize, odd: impl Fn(usize) -> Option<String>) -> String {
        let mut text = String::from("sample = true\nsampel = 1\n\n");
        for i in 0..n {
            text.push_str(&format!(
                "[[program]]\nunit = \"s{i}\"\nname = \"汽车运用与维修\"\ntrack = \"three_year\"\nplan = {}\n",
                i % 50
            ));
            if let Some(extra) = odd(i) {
                text.push_str(&extra);
            }
            text.push('\n');
        }
        text
    }

    #[test]
    fn a_long_file_of_tables_reads_the_same_in_slices() {
        let text = programs_text(3000, |i| match i {
            5 => Some("plann = 3\n".into()),
            1500 => Some("fee = \"免\"\n".into()),
            2999 => Some("[program.extra]\nx = 1\n".into()),
            _ => None,
        });
        assert!(cuts(&text, &["program"]).len() > 2, "the test text must be cut");
        assert!(same_either_way(&text) >= 3);
        // …and read in slices indeed, not whole after all.
        let mut sources = Sources::default();
        let id = sources.add("data/2024/programs.toml".into(), text.clone());
        let mut diags = Diagnostics::new();
        let mut ctx = FileCtx {
            sources: &sources,
            diags: &mut diags,
            file: id,
            offset: 0,
        };
        let arrays: &[Tables<RawPrograms>] = &[("program", |r, mut t, ctx| {
            r.programs.extend(read_all::<RawProgram>(&mut t, ctx, "program"))
        })];
        let sliced = read_slices(&mut ctx, &text, "programs.toml", arrays, &cuts(&text, &["program"]));
        assert_eq!(sliced.map(|r| r.programs.len()), Some(3000));
    }

    #[test]
    fn whatever_slices_cannot_stand_for_is_read_whole() {
        // A multi-line string holding a header line, a table of another name between the
        // arrays, a syntax error, and a header in the preamble's key: each is read whole.
        let cases: Vec<String> = vec![
            programs_text(3000, |i| {
                (i == 900).then(|| format!("note = \"\"\"\n{}\n\"\"\"\n", "[[program]]\n".repeat(2000)))
            }),
            programs_text(3000, |i| (i == 1200).then(|| "[meta]\nx = 1\n".into())),
            programs_text(3000, |i| (i == 2000).then(|| "plan = = 3\n".into())),
            format!("program = []\n{}", programs_text(3000, |_| None)),
        ];
        for text in cases {
            same_either_way(&text);
        }
    }
}
