//! `published.lock`: the record of every figure published, kept with the data under the site
//! root like a lock file, written by every successful `build` and committed by the clerk.
//!
//! The file is valid TOML, one line per figure, in a fixed order (same data → same bytes):
//!
//! ```toml
//! # comments
//! format = 1
//! history_starts = { date = 2026-12-06, reason = "……" }   # only when `--history-starts-here` began it
//! sha256 = "…"                                            # of every other line: a hand edit shows
//! release.2024-08-20 = "…"                                # sha256 of each kept release's datapackage.json, oldest first
//!
//! [year.2024]
//! total_quota = 1600
//! quota.east = 900
//!
//! [year.2024.round.8]
//! sample = false
//! city_total = 1340
//! row.east-school-a = { status = "reported", three_year = 250, three_plus_two = 40, five_year = 20, one_year = 10, total = 320 }
//! row.west = { status = "missing" }
//! ```
//!
//! It is read line by line against exactly that shape: anything else (an unknown line, a figure
//! that is not a number, a total that is not the sum, a year or unit twice, a checksum that does
//! not match) is an error at its line (rule C15), never skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::{Published, PublishedRound, PublishedRow, PublishedUnit, PublishedYear};
use crate::diagnostics::{rules, Diagnostics};
use crate::load::raw::Counts;
use crate::source::{Loc, Sources};

/// The file's name under the site root.
pub const FILE: &str = "published.lock";

/// The largest record read: far above any real site's (a line per unit and round).
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

const FORMAT: &str = "format = 1";

const HEADER: &str =
    "# 已公布数字的记录：sunshine build 每次成功生成网站后写入，请与 data/ 一起提交（git add published.lock）。
# 不要手改：改动已公布的数字要在数据里写更正记录 [[correction]]、调整记录 [[adjustment]] 或撤回记录 [[withdrawal]]。
# 删除这个文件不能绕过检查：没有它时，早已公布的月报要加 --history-starts-here \"原因\" 才能生成。";

/// Where the record began when no earlier record existed (`--history-starts-here`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The day the record began.
    pub date: NaiveDate,
    /// Why it began there (the text given to `--history-starts-here`).
    pub reason: String,
}

/// The record read from `published.lock`.
#[derive(Debug)]
pub struct Lock {
    /// Every figure published so far.
    pub record: Published,
    /// Where the record began, when it did not begin with the first round.
    pub history: Option<History>,
    /// The releases of the open data kept under `releases/`, oldest first: each name with the
    /// sha256 of its datapackage.json.
    pub releases: Vec<(String, String)>,
}

/// The record's text for `record` (sample rounds by their flag alone) and the kept releases
/// (name and the sha256 of its datapackage.json, oldest first).
pub fn render(record: &Published, history: Option<&History>, releases: &[(String, String)]) -> String {
    let mut body = String::new();
    for (year, y) in &record.years {
        let _ = write!(body, "\n[year.{year}]\n");
        if let Some(total) = y.quota {
            let _ = writeln!(body, "total_quota = {total}");
        }
        for u in &y.units {
            let _ = writeln!(body, "quota.{} = {}", u.id, u.quota);
        }
        let mut rounds: Vec<&PublishedRound> = y.rounds.iter().collect();
        rounds.sort_by_key(|r| r.month);
        for round in rounds {
            let _ = write!(
                body,
                "\n[year.{year}.round.{}]\nsample = {}\n",
                round.month, round.sample
            );
            if round.sample {
                continue;
            }
            if let Some(total) = round.city_total {
                let _ = writeln!(body, "city_total = {total}");
            }
            for row in &round.rows {
                let _ = write!(body, "row.{} = {{ status = \"{}\"", row.unit, row.status);
                if let Some(f) = &row.figures {
                    for name in Counts::NAMES {
                        let _ = write!(body, ", {name} = {}", f.get(name).copied().unwrap_or(0));
                    }
                }
                body.push_str(" }\n");
            }
        }
    }
    let history = history.map_or_else(String::new, |h| {
        format!(
            "history_starts = {{ date = {}, reason = {} }}\n",
            h.date.format("%Y-%m-%d"),
            serde_json::to_string(&h.reason).unwrap_or_default()
        )
    });
    let releases: String = releases
        .iter()
        .map(|(name, sha)| format!("release.{name} = \"{sha}\"\n"))
        .collect();
    let sum = checksum(&format!("{FORMAT}\n{history}{releases}{body}"));
    format!("{HEADER}\n{FORMAT}\n{history}sha256 = \"{sum}\"\n{releases}{body}")
}

/// The sha256 of the lines that are not comments, blank or the checksum itself, each ended by
/// a newline.
fn checksum(text: &str) -> String {
    let mut hasher = Sha256::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("sha256 =") {
            continue;
        }
        hasher.update(t.as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads `<root>/published.lock`: Ok(None) when there is none; every problem is an error at its
/// line, and then nothing of the record is used.
pub fn read(root: &Path) -> Result<Option<Lock>, Diagnostics> {
    let path = root.join(FILE);
    let mut diags = Diagnostics::new();
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            diags.push_raw_error(
                rules::BAD_PUBLISHED_RECORD,
                FILE,
                1,
                1,
                format!("读不出已公布数字的记录：{e}"),
                "检查这个文件的读取权限；它是已公布数字的记录，不能跳过",
            );
            return Err(diags);
        }
    };
    if !meta.is_file() || meta.len() > MAX_BYTES {
        diags.push_raw_error(
            rules::BAD_PUBLISHED_RECORD,
            FILE,
            1,
            1,
            format!("{FILE} 不是普通文件，或超过 {} MB", MAX_BYTES / 1024 / 1024),
            "从 git 里恢复 published.lock（git checkout -- published.lock）；它只由 sunshine build 写入",
        );
        return Err(diags);
    }
    let Ok(Ok(text)) = std::fs::read(&path).map(String::from_utf8) else {
        diags.push_raw_error(
            rules::BAD_PUBLISHED_RECORD,
            FILE,
            1,
            1,
            format!("{FILE} 读不出来或不是 UTF-8 编码"),
            "从 git 里恢复 published.lock（git checkout -- published.lock）；它只由 sunshine build 写入",
        );
        return Err(diags);
    };
    let lock = parse(&text, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(lock)
    }
}

/// Parses the record's text; problems go to `diags` at their lines.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Lock> {
    let mut sources = Sources::default();
    let file = sources.add(FILE.to_string(), text.to_string());
    let mut p = Parser {
        sources: &sources,
        diags,
        file,
    };
    let mut years: BTreeMap<i32, PublishedYear> = BTreeMap::new();
    let mut history = None;
    let mut releases: Vec<(String, String)> = Vec::new();
    let mut sum: Option<(String, std::ops::Range<usize>)> = None;
    let mut seen_format = false;
    // Where the lines being read go: the header, a year's quotas, or a round.
    let mut at: Option<(i32, Option<u32>)> = None;
    let mut units_seen: BTreeSet<String> = BTreeSet::new();
    // The rounds whose `sample = ` line has been read.
    let mut sample_set: BTreeSet<(i32, u32)> = BTreeSet::new();
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let span = offset..offset + raw_line.trim_end().len();
        offset += raw_line.len();
        let line = raw_line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !seen_format {
            if line != FORMAT {
                p.error(span, "第一行（说明之后）应当是 format = 1");
                return None;
            }
            seen_format = true;
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let Some((year, month)) = parse_header(header) else {
                p.error(span, format!("不认识的段落 [{header}]"));
                continue;
            };
            units_seen.clear();
            match month {
                None => {
                    if years.keys().next_back().is_some_and(|&y| y >= year) {
                        p.error(span, format!("年度 {year} 重复或顺序不对"));
                        continue;
                    }
                    years.insert(
                        year,
                        PublishedYear {
                            units: Vec::new(),
                            rounds: Vec::new(),
                            quota: None,
                        },
                    );
                }
                Some(m) => {
                    let Some(y) = years.get_mut(&year).filter(|_| at.is_some_and(|(ay, _)| ay == year)) else {
                        p.error(span, format!("[year.{year}.round.{m}] 应当写在 [year.{year}] 之后"));
                        continue;
                    };
                    if y.rounds.last().is_some_and(|r| r.month >= m) {
                        p.error(span, format!("{year} 年 {m} 月重复或顺序不对"));
                        continue;
                    }
                    y.rounds.push(PublishedRound {
                        month: m,
                        sample: false,
                        rows: Vec::new(),
                        city_total: None,
                    });
                }
            }
            at = Some((year, month));
            continue;
        }
        let Some((key, value)) = line.split_once(" = ") else {
            p.error(span, "不是 键 = 值 的一行");
            continue;
        };
        match at {
            None => match key {
                "history_starts" if history.is_none() => match parse_history(value) {
                    Some(h) => history = Some(h),
                    None => p.error(span, "history_starts 应当是 { date = 日期, reason = \"原因\" }"),
                },
                "sha256" if sum.is_none() => match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                    Some(v) if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) => {
                        sum = Some((v.to_string(), span))
                    }
                    _ => p.error(span, "sha256 应当是 64 位十六进制数"),
                },
                _ => match key.strip_prefix("release.") {
                    Some(name) if crate::load::releases::is_name(name) => {
                        match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                            Some(v) if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) => {
                                if releases.iter().any(|(n, _)| n == name) {
                                    p.error(span, format!("发布版本 {name} 写了两次"));
                                } else {
                                    releases.push((name.to_string(), v.to_string()));
                                }
                            }
                            _ => p.error(span, "发布版本的校验值应当是 64 位十六进制数"),
                        }
                    }
                    _ => p.error(span, format!("不认识的一行：{key}")),
                },
            },
            Some((year, None)) => {
                let y = years.get_mut(&year).expect("year opened");
                if key == "total_quota" && y.quota.is_none() {
                    match parse_count(value) {
                        Some(n) => y.quota = Some(n),
                        None => p.error(span, "total_quota 应当是非负整数"),
                    }
                } else if let Some(unit) = key.strip_prefix("quota.").filter(|u| is_id(u)) {
                    if !units_seen.insert(unit.to_string()) {
                        p.error(span, format!("单位 {unit} 的招生任务写了两次"));
                    } else if let Some(n) = parse_count(value) {
                        y.units.push(PublishedUnit {
                            id: unit.to_string(),
                            quota: n,
                        });
                    } else {
                        p.error(span, format!("单位 {unit} 的招生任务应当是非负整数"));
                    }
                } else {
                    p.error(span, format!("不认识的一行：{key}"));
                }
            }
            Some((year, Some(month))) => {
                let y = years.get_mut(&year).expect("year opened");
                let round = y.rounds.iter_mut().find(|r| r.month == month).expect("round opened");
                match key {
                    "sample" if !sample_set.contains(&(year, month)) => match value {
                        "true" | "false" => {
                            round.sample = value == "true";
                            sample_set.insert((year, month));
                        }
                        _ => p.error(span, "sample 应当是 true 或 false"),
                    },
                    "city_total"
                        if sample_set.contains(&(year, month)) && !round.sample && round.city_total.is_none() =>
                    {
                        match parse_count(value) {
                            Some(n) => round.city_total = Some(n),
                            None => p.error(span, "city_total 应当是非负整数"),
                        }
                    }
                    _ => match key.strip_prefix("row.").filter(|u| is_id(u)) {
                        Some(unit) if sample_set.contains(&(year, month)) && !round.sample => {
                            if units_seen.insert(unit.to_string()) {
                                match parse_row(unit, value) {
                                    Ok(row) => round.rows.push(row),
                                    Err(why) => p.error(span, why),
                                }
                            } else {
                                p.error(span, format!("单位 {unit} 的数据行写了两次"));
                            }
                        }
                        _ => p.error(span, format!("不认识的一行或位置不对：{key}")),
                    },
                }
            }
        }
    }
    if !seen_format {
        p.error(0..0, "没有 format = 1 这一行");
        return None;
    }
    for (year, y) in &years {
        if let Some(r) = y.rounds.iter().find(|r| !sample_set.contains(&(*year, r.month))) {
            p.error(0..0, format!("{year} 年 {} 月缺少 sample = 这一行", r.month));
        }
    }
    match &sum {
        None => p.error(0..0, "缺少校验和 sha256 这一行"),
        Some((sum, span)) if *sum != checksum(text) => p.error(
            span.clone(),
            "校验和不对：这个文件被手工改过（已公布的数字不能在这里改）",
        ),
        Some(_) => {}
    }
    Some(Lock {
        record: Published { years },
        history,
        releases,
    })
}

struct Parser<'a> {
    sources: &'a Sources,
    diags: &'a mut Diagnostics,
    file: crate::source::SourceId,
}

impl Parser<'_> {
    fn error(&mut self, span: std::ops::Range<usize>, what: impl Into<String>) {
        self.diags.error(
            rules::BAD_PUBLISHED_RECORD,
            self.sources,
            Loc::new(self.file, span),
            format!("已公布数字的记录 {FILE} 有误：{}", what.into()),
            "这个文件只由 sunshine build 写入，不要手改：从 git 里恢复（git checkout -- published.lock），改动已公布的数字请在数据里写更正记录",
        );
    }
}

/// `year.2024` or `year.2024.round.8`.
fn parse_header(header: &str) -> Option<(i32, Option<u32>)> {
    let rest = header.strip_prefix("year.")?;
    let (year, month) = match rest.split_once(".round.") {
        Some((y, m)) => (y, Some(m)),
        None => (rest, None),
    };
    let year: i32 = number(year)?.try_into().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let month = match month {
        Some(m) => Some(u32::try_from(number(m)?).ok().filter(|m| (1..=12).contains(m))?),
        None => None,
    };
    Some((year, month))
}

/// Digits only, no sign, no leading zero, at most 15 of them.
fn number(s: &str) -> Option<u64> {
    let ok =
        !s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    ok.then(|| s.parse().ok()).flatten()
}

fn parse_count(s: &str) -> Option<u64> {
    number(s)
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

fn parse_history(value: &str) -> Option<History> {
    let inner = value.strip_prefix("{ date = ")?.strip_suffix(" }")?;
    let (date, reason) = inner.split_once(", reason = ")?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let reason: String = serde_json::from_str(reason).ok()?;
    (!reason.trim().is_empty()).then_some(History { date, reason })
}

/// `{ status = "reported", three_year = 250, …, total = 320 }` or `{ status = "missing" }`.
fn parse_row(unit: &str, value: &str) -> Result<PublishedRow, String> {
    let bad = || format!("单位 {unit} 的数据行格式不对");
    let inner = value
        .strip_prefix("{ ")
        .and_then(|v| v.strip_suffix(" }"))
        .ok_or_else(bad)?;
    let mut parts = inner.split(", ");
    let status = parts
        .next()
        .and_then(|s| s.strip_prefix("status = \""))
        .and_then(|s| s.strip_suffix('"'))
        .ok_or_else(bad)?;
    let rest: Vec<&str> = parts.collect();
    match status {
        "missing" if rest.is_empty() => Ok(PublishedRow {
            unit: unit.to_string(),
            status: status.to_string(),
            figures: None,
        }),
        "reported" | "rolled_up" if rest.len() == Counts::NAMES.len() => {
            let mut figures = BTreeMap::new();
            for (part, name) in rest.iter().zip(Counts::NAMES) {
                let n = part
                    .strip_prefix(name)
                    .and_then(|p| p.strip_prefix(" = "))
                    .and_then(parse_count)
                    .ok_or_else(bad)?;
                figures.insert(name.to_string(), n);
            }
            let sum: u64 = ["three_year", "three_plus_two", "five_year", "one_year"]
                .iter()
                .map(|n| figures[*n])
                .sum();
            if figures.get("total") != Some(&sum) {
                return Err(format!("单位 {unit} 的总数不等于四类人数之和"));
            }
            Ok(PublishedRow {
                unit: unit.to_string(),
                status: status.to_string(),
                figures: Some(figures),
            })
        }
        _ => Err(bad()),
    }
}

/// Writes the record's text under `root` when it differs from what is there: to a hidden file
/// in the same folder, then renamed over it, so the record is always whole.
pub fn write(root: &Path, text: &str) -> std::io::Result<()> {
    let path = root.join(FILE);
    if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    let tmp = root.join(format!(".{FILE}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        use std::io::Write;
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_record() -> Published {
        let figures: BTreeMap<String, u64> = Counts::NAMES
            .into_iter()
            .map(String::from)
            .zip([250, 40, 20, 10, 320])
            .collect();
        let mut years = BTreeMap::new();
        years.insert(
            2024,
            PublishedYear {
                units: vec![PublishedUnit {
                    id: "east".into(),
                    quota: 900,
                }],
                quota: Some(900),
                rounds: vec![
                    PublishedRound {
                        month: 7,
                        sample: true,
                        rows: Vec::new(),
                        city_total: None,
                    },
                    PublishedRound {
                        month: 8,
                        sample: false,
                        rows: vec![
                            PublishedRow {
                                unit: "east".into(),
                                status: "rolled_up".into(),
                                figures: Some(figures),
                            },
                            PublishedRow {
                                unit: "west".into(),
                                status: "missing".into(),
                                figures: None,
                            },
                        ],
                        city_total: Some(320),
                    },
                ],
            },
        );
        Published { years }
    }

    fn history() -> History {
        History {
            date: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
            reason: "旧网站 \"迁移\"\n第二行".into(),
        }
    }

    #[test]
    fn a_written_record_reads_back_the_same_and_is_valid_toml() {
        let releases = vec![
            ("2024-08-15".to_string(), "a".repeat(64)),
            ("2024-08-15-2".to_string(), "b".repeat(64)),
        ];
        let text = render(&sample_record(), Some(&history()), &releases);
        assert!(text.contains(&format!("release.2024-08-15-2 = \"{}\"\n", "b".repeat(64))));
        assert!(text.contains(
            "row.east = { status = \"rolled_up\", three_year = 250, three_plus_two = 40, five_year = 20, one_year = 10, total = 320 }\n"
        ));
        assert!(text.contains(
            "\n[year.2024.round.7]\nsample = true\n\n[year.2024.round.8]\nsample = false\ncity_total = 320\n"
        ));
        toml::from_str::<toml::Table>(&text).expect("valid TOML");
        let mut diags = Diagnostics::new();
        let lock = parse(&text, &mut diags).unwrap();
        assert!(diags.is_empty(), "{:?}", diags.into_sorted());
        assert_eq!(lock.history, Some(history()));
        assert_eq!(lock.releases, releases);
        assert_eq!(render(&lock.record, lock.history.as_ref(), &lock.releases), text);
        // A release taken off the record is a hand edit.
        let edited = text.replace(&format!("release.2024-08-15-2 = \"{}\"\n", "b".repeat(64)), "");
        assert!(errors(&edited).iter().any(|(_, m)| m.contains("校验和不对")));
    }

    fn errors(text: &str) -> Vec<(usize, String)> {
        let mut diags = Diagnostics::new();
        parse(text, &mut diags);
        diags.into_sorted().into_iter().map(|d| (d.line, d.message)).collect()
    }

    #[test]
    fn a_hand_edited_figure_is_refused_at_the_checksum_and_a_malformed_line_at_its_own() {
        let text = render(&sample_record(), None, &[]);
        let edited = text.replace("total = 320 }", "total = 321 }");
        let found = errors(&edited);
        assert!(
            found.iter().any(|(_, m)| m.contains("总数不等于四类人数之和")),
            "{found:?}"
        );
        let edited = text.replace("quota.east = 900", "quota.east = 901");
        let found = errors(&edited);
        let sum_line = edited.lines().position(|l| l.starts_with("sha256")).unwrap() + 1;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, sum_line);
        assert!(found[0].1.contains("校验和不对"));
        let edited = text.replace("quota.east = 900", "quota.east = 900\nquota.West = 1");
        let line = edited.lines().position(|l| l.starts_with("quota.West")).unwrap() + 1;
        assert!(errors(&edited)
            .iter()
            .any(|(l, m)| *l == line && m.contains("不认识的一行")));
        assert!(errors("").iter().any(|(_, m)| m.contains("format = 1")));
        assert!(errors("format = 2\n").iter().any(|(l, _)| *l == 1));
    }
}
