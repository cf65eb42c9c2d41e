//! Releases of the open data: a build whose open data differs from the last release kept under
//! the site root (`releases/`, read by `load::releases`) is a new release, named by the data's
//! date (`2024-08-20`, then `2024-08-20-2` on the same day). Every release is published under
//! `data/releases/<release>/` with its own datapackage.json; what each changed is found by
//! comparing its CSV files with the release before (never typed by hand), listed on the
//! 更新记录 page (`data/releases/`) and in `data/releases/changes.csv`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::opendata::{csv_file, CsvText, SchemaField, Unwritable};
use super::view::DateView;
use super::OutputFile;
use crate::hash::sha256_hex;
use crate::load::releases::{KeptRelease, PACKAGE};
use crate::paths;

/// The release of the current open data (`files`: each file under `data/` by its path inside
/// the folder, without datapackage.json): the last kept one when the files are the same,
/// otherwise a new name from `date` (true: new). None without a date (no data yet).
pub(super) fn current(
    kept: &[KeptRelease],
    files: &[(String, Vec<u8>)],
    date: Option<NaiveDate>,
) -> Option<(String, bool)> {
    if let Some(last) = kept.last() {
        let same = last.files.len() == files.len() + 1
            && files
                .iter()
                .all(|(path, bytes)| last.file(path) == Some(bytes.as_slice()));
        if same {
            return Some((last.name.clone(), false));
        }
    }
    let date = date?.format("%Y-%m-%d").to_string();
    let taken = |name: &str| kept.iter().any(|r| r.name == name);
    if !taken(&date) {
        return Some((date, true));
    }
    (2..)
        .map(|n| format!("{date}-{n}"))
        .find(|n| !taken(n))
        .map(|n| (n, true))
}

/// A row of changes.csv: one thing a release added or changed.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChangeRow {
    release: String,
    date: String,
    kind: &'static str,
    year: Option<i32>,
    month: Option<u32>,
    unit_id: CsvText,
    unit_name: CsvText,
    field: CsvText,
    old: CsvText,
    new: CsvText,
    reason: CsvText,
    description: CsvText,
}

/// changes.csv's columns and their meanings, for the 更新记录 page.
pub(super) const CHANGE_COLUMNS: &[(&str, &str)] = &[
    ("release", "版本（发布日期，同一天第二次发布加 -2）"),
    ("date", "发布日期"),
    ("kind", "变动类别：history_starts 记录开始 / new_year 新增年度 / year_withdrawn 撤回年度 / new_round 新增月报 / correction 更正 / quota_adjustment 招生任务调整 / quota_changed 招生任务改动（公布月报之前）/ unit_added 新增单位 / measure_added 新增处理措施 / measure_lifted 解除处理措施 / circular_added 新增通报 / blacklist_added 列入黑名单 / blacklist_removed 移出黑名单 / programs_changed 招生专业与计划变动 / admissions_changed 录取结果变动 / other 其他"),
    ("year", "年度"),
    ("month", "月份（月报）"),
    ("unit_id", "单位代码"),
    ("unit_name", "单位名称"),
    ("field", "变动的项目"),
    ("old", "原来的值"),
    ("new", "现在的值"),
    ("reason", "原因（更正、调整、措施的原因）"),
    ("description", "说明"),
];

/// changes.csv as a Table Schema, for the data package: the release's date is a date, the year
/// and month are whole numbers (empty where a change has none), the rest text.
pub(super) fn change_schema() -> Vec<SchemaField> {
    CHANGE_COLUMNS
        .iter()
        .map(|&(name, description)| {
            let rust = match name {
                "date" => "IsoDate",
                "year" => "Option<i32>",
                "month" => "Option<u32>",
                _ => "CsvText",
            };
            SchemaField::new(name, rust, description, None)
        })
        .collect()
}

type Row = BTreeMap<String, String>;

/// The rows of a CSV file of a release, each by column name; none when the file is absent.
fn table(release: Option<&KeptRelease>, path: &str) -> Vec<Row> {
    let Some(bytes) = release.and_then(|r| r.file(path)) else {
        return Vec::new();
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let Ok(headers) = reader.headers().cloned() else {
        return Vec::new();
    };
    reader
        .records()
        .flatten()
        .map(|rec| {
            headers
                .iter()
                .map(String::from)
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn years(release: Option<&KeptRelease>) -> BTreeSet<i32> {
    release
        .map(|r| {
            r.files
                .iter()
                .filter_map(|(p, _)| p.strip_suffix("/quotas.csv")?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

fn get<'a>(row: &'a Row, key: &str) -> &'a str {
    row.get(key).map_or("", String::as_str)
}

fn key(row: &Row, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| get(row, k).to_string()).collect()
}

/// The Chinese name of a figure of a report.
fn field_label(field: &str) -> &str {
    match crate::vocab::CountField::parse(field) {
        Some(f) => f.form_header(),
        None if field == "quota" => "招生任务",
        None => field,
    }
}

struct Changes<'a> {
    release: &'a KeptRelease,
    rows: Vec<ChangeRow>,
}

#[derive(Default)]
struct Change {
    year: Option<i32>,
    month: Option<u32>,
    unit_id: String,
    unit_name: String,
    field: String,
    old: String,
    new: String,
    reason: String,
}

impl Changes<'_> {
    fn push(&mut self, kind: &'static str, c: Change, description: String) {
        self.rows.push(ChangeRow {
            release: self.release.name.clone(),
            date: self.release.date().to_string(),
            kind,
            year: c.year,
            month: c.month,
            unit_id: CsvText::new(c.unit_id),
            unit_name: CsvText::new(c.unit_name),
            field: CsvText::new(c.field),
            old: CsvText::new(c.old),
            new: CsvText::new(c.new),
            reason: CsvText::new(c.reason),
            description: CsvText::new(description),
        });
    }
}

/// A text cell as the reader should see it: the `'` a CSV puts before a formula-like cell taken off.
fn shown(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

fn unit_of(row: &Row) -> (String, String) {
    (
        shown(get(row, "unit_id")).to_string(),
        shown(get(row, "unit_name")).to_string(),
    )
}

/// Rows of `now` whose `keys` are not among those of `before`.
fn added<'a>(before: &[Row], now: &'a [Row], keys: &[&str]) -> Vec<&'a Row> {
    let old: BTreeSet<Vec<String>> = before.iter().map(|r| key(r, keys)).collect();
    now.iter().filter(|r| !old.contains(&key(r, keys))).collect()
}

/// What `release` added or changed against `prev` (None: the first release kept).
pub(super) fn changes(prev: Option<&KeptRelease>, release: &KeptRelease) -> Vec<ChangeRow> {
    let mut out = Changes {
        release,
        rows: Vec::new(),
    };
    let Some(_) = prev else {
        out.push(
            "history_starts",
            Change::default(),
            "更新记录从这个版本开始：此前公布过的数据没有保存为版本".into(),
        );
        return out.rows;
    };
    let cur = Some(release);
    let (old_years, new_years) = (years(prev), years(cur));
    for &y in old_years.difference(&new_years) {
        out.push(
            "year_withdrawn",
            Change {
                year: Some(y),
                ..Change::default()
            },
            format!("撤回 {y} 年度的数据"),
        );
    }
    for &y in &new_years {
        let file = |name: &str| format!("{y}/{name}");
        let (q0, q1) = (table(prev, &file("quotas.csv")), table(cur, &file("quotas.csv")));
        if !old_years.contains(&y) {
            let total: u64 = q1.iter().filter_map(|r| get(r, "quota").parse::<u64>().ok()).sum();
            out.push(
                "new_year",
                Change {
                    year: Some(y),
                    new: q1.len().to_string(),
                    ..Change::default()
                },
                format!("新增 {y} 年度：{} 个单位的招生任务（各单位合计 {total} 人）", q1.len()),
            );
        }
        // New rounds.
        let (r0, r1) = (table(prev, &file("reports.csv")), table(cur, &file("reports.csv")));
        let months = |rows: &[Row]| -> BTreeMap<u32, String> {
            rows.iter()
                .filter_map(|r| Some((get(r, "month").parse().ok()?, get(r, "as_of").to_string())))
                .collect()
        };
        let old_months = months(&r0);
        for (m, as_of) in months(&r1) {
            if !old_months.contains_key(&m) {
                out.push(
                    "new_round",
                    Change {
                        year: Some(y),
                        month: Some(m),
                        field: "as_of".into(),
                        new: as_of.clone(),
                        ..Change::default()
                    },
                    format!("新增 {y} 年 {m} 月月报（截至 {as_of}）"),
                );
            }
        }
        // Quotas: a unit new to a year already published, a quota changed without an adjustment.
        let (a0, a1) = (
            table(prev, &file("adjustments.csv")),
            table(cur, &file("adjustments.csv")),
        );
        let new_adjustments = added(&a0, &a1, &["unit_id", "date", "was", "now", "reason"]);
        if old_years.contains(&y) {
            let before: BTreeMap<String, &Row> = q0.iter().map(|r| (get(r, "unit_id").to_string(), r)).collect();
            for r in &q1 {
                let (id, name) = unit_of(r);
                let quota = get(r, "quota");
                match before.get(get(r, "unit_id")) {
                    None => out.push(
                        "unit_added",
                        Change {
                            year: Some(y),
                            unit_id: id,
                            unit_name: name.clone(),
                            field: "quota".into(),
                            new: quota.to_string(),
                            ..Change::default()
                        },
                        format!("{y} 年新增单位 {name}（招生任务 {quota} 人）"),
                    ),
                    Some(old)
                        if get(old, "quota") != quota
                            && !new_adjustments.iter().any(|a| get(a, "unit_id") == get(r, "unit_id")) =>
                    {
                        let was = get(old, "quota");
                        out.push(
                            "quota_changed",
                            Change {
                                year: Some(y),
                                unit_id: id,
                                unit_name: name.clone(),
                                field: "quota".into(),
                                old: was.to_string(),
                                new: quota.to_string(),
                                ..Change::default()
                            },
                            format!("{y} 年 {name} 的招生任务：{was} → {quota} 人"),
                        );
                    }
                    Some(_) => {}
                }
            }
        }
        for a in new_adjustments {
            let (id, name) = unit_of(a);
            let (was, now, reason) = (get(a, "was"), get(a, "now"), shown(get(a, "reason")));
            out.push(
                "quota_adjustment",
                Change {
                    year: Some(y),
                    unit_id: id,
                    unit_name: name.clone(),
                    field: "quota".into(),
                    old: was.to_string(),
                    new: now.to_string(),
                    reason: reason.to_string(),
                    ..Change::default()
                },
                format!("调整 {y} 年 {name} 的招生任务：{was} → {now} 人（{reason}）"),
            );
        }
        // Measures added and lifted.
        let (w0, w1) = (table(prev, &file("warnings.csv")), table(cur, &file("warnings.csv")));
        let wkey = ["unit_id", "date", "measure", "reason"];
        let before: BTreeMap<Vec<String>, &Row> = w0.iter().map(|r| (key(r, &wkey), r)).collect();
        for w in &w1 {
            let (id, name) = unit_of(w);
            let (measure, reason, date) = (shown(get(w, "measure")), shown(get(w, "reason")), get(w, "date"));
            let lifted = get(w, "lifted");
            let change = |old: &str, new: &str| Change {
                year: Some(y),
                unit_id: id.clone(),
                unit_name: name.clone(),
                field: "measure".into(),
                old: old.to_string(),
                new: new.to_string(),
                reason: reason.to_string(),
                ..Change::default()
            };
            match before.get(&key(w, &wkey)) {
                None => out.push(
                    "measure_added",
                    change("", measure),
                    format!("{name}：{measure}（{date}，{reason}）"),
                ),
                Some(old) if get(old, "lifted").is_empty() && !lifted.is_empty() => out.push(
                    "measure_lifted",
                    change(measure, &format!("{lifted} 解除")),
                    format!("{name}：解除{measure}（{date} 作出，{lifted} 解除）"),
                ),
                Some(_) => {}
            }
        }
        // Circulars.
        let (c0, c1) = (table(prev, &file("circulars.csv")), table(cur, &file("circulars.csv")));
        for c in added(&c0, &c1, &["kind", "date", "title", "document"]) {
            let kind = if get(c, "kind") == "praise" {
                "通报表扬"
            } else {
                "通报批评"
            };
            let title = shown(get(c, "title"));
            out.push(
                "circular_added",
                Change {
                    year: Some(y),
                    unit_id: shown(get(c, "unit_ids")).to_string(),
                    unit_name: shown(get(c, "unit_names")).to_string(),
                    field: get(c, "kind").to_string(),
                    new: title.to_string(),
                    ..Change::default()
                },
                format!("{kind}：{title}（{}）", get(c, "date")),
            );
        }
        // Programs and admissions, per school.
        for (name, what, sum_of, label) in [
            ("programs.csv", "programs_changed", "plan", "招生专业与计划"),
            ("admissions.csv", "admissions_changed", "admitted", "录取结果"),
        ] {
            let group = |rows: Vec<Row>| -> BTreeMap<String, Vec<Row>> {
                let mut by: BTreeMap<String, Vec<Row>> = BTreeMap::new();
                for r in rows {
                    by.entry(get(&r, "unit_id").to_string()).or_default().push(r);
                }
                by
            };
            let (g0, g1) = (group(table(prev, &file(name))), group(table(cur, &file(name))));
            let ids: BTreeSet<&String> = g0.keys().chain(g1.keys()).collect();
            for id in ids {
                let (before, now) = (g0.get(id), g1.get(id));
                if before == now {
                    continue;
                }
                let summary = |rows: Option<&Vec<Row>>| {
                    let rows = rows.map_or(&[][..], Vec::as_slice);
                    let sum: u64 = rows.iter().filter_map(|r| get(r, sum_of).parse::<u64>().ok()).sum();
                    match sum_of {
                        "plan" => format!("{} 个专业，计划 {sum} 人", rows.len()),
                        _ => format!("{} 个批次，录取 {sum} 人", rows.len()),
                    }
                };
                let (id, unit) = unit_of(now.or(before).and_then(|r| r.first()).expect("a school with rows"));
                let (old, new) = (summary(before), summary(now));
                out.push(
                    what,
                    Change {
                        year: Some(y),
                        unit_id: id,
                        unit_name: unit.clone(),
                        field: sum_of.into(),
                        old: old.clone(),
                        new: new.clone(),
                        ..Change::default()
                    },
                    format!("{y} 年 {unit} 的{label}：{old} → {new}"),
                );
            }
        }
    }
    // Corrections, every year in one file.
    let (k0, k1) = (table(prev, "corrections.csv"), table(cur, "corrections.csv"));
    for c in added(&k0, &k1, &["year", "month", "unit_id", "date", "field", "was", "now"]) {
        let (id, name) = unit_of(c);
        let (field, was, now, reason) = (get(c, "field"), get(c, "was"), get(c, "now"), shown(get(c, "reason")));
        let (year, month) = (get(c, "year").parse().ok(), get(c, "month").parse().ok());
        out.push(
            "correction",
            Change {
                year,
                month,
                unit_id: id,
                unit_name: name.clone(),
                field: field.to_string(),
                old: was.to_string(),
                new: now.to_string(),
                reason: reason.to_string(),
            },
            format!(
                "更正 {} 年 {} 月 {name} 的{}：{was} → {now}（{reason}）",
                get(c, "year"),
                get(c, "month"),
                field_label(field)
            ),
        );
    }
    // The blacklist, every year in one file.
    let (b0, b1) = (table(prev, "blacklist.csv"), table(cur, "blacklist.csv"));
    let bkey = ["name", "kind", "date"];
    let before: BTreeMap<Vec<String>, &Row> = b0.iter().map(|r| (key(r, &bkey), r)).collect();
    for b in &b1 {
        let name = shown(get(b, "name")).to_string();
        let reason = shown(get(b, "reason")).to_string();
        let removed = get(b, "removed");
        let year = get(b, "year").parse().ok();
        match before.get(&key(b, &bkey)) {
            None => out.push(
                "blacklist_added",
                Change {
                    year,
                    field: "blacklist".into(),
                    new: name.clone(),
                    reason: reason.clone(),
                    ..Change::default()
                },
                format!("{name} 列入校企合作黑名单（{}，{reason}）", get(b, "date")),
            ),
            Some(old) if get(old, "removed").is_empty() && !removed.is_empty() => out.push(
                "blacklist_removed",
                Change {
                    year,
                    field: "blacklist".into(),
                    old: name.clone(),
                    new: format!("{removed} 移出"),
                    ..Change::default()
                },
                format!("{name} 移出校企合作黑名单（{removed}）"),
            ),
            Some(_) => {}
        }
    }
    if out.rows.is_empty() {
        out.push(
            "other",
            Change::default(),
            "其他数据有变动（如联系电话、负责人、信息公开情况或文件格式）".into(),
        );
    }
    out.rows
}

/// Every release's changes, oldest first.
pub(super) fn all_changes(releases: &[KeptRelease]) -> Vec<ChangeRow> {
    releases
        .iter()
        .enumerate()
        .flat_map(|(i, r)| changes(i.checked_sub(1).map(|p| &releases[p]), r))
        .collect()
}

/// changes.csv, the newest release first (as on the page; in the record's order of releases,
/// not by name).
pub(super) fn changes_csv(rows: &[ChangeRow]) -> Result<OutputFile, Unwritable> {
    // `rows` come release by release, oldest first: the releases reversed, each's rows in order.
    let mut groups: Vec<&[ChangeRow]> = rows.chunk_by(|a, b| a.release == b.release).collect();
    groups.reverse();
    let newest_first: Vec<&ChangeRow> = groups.into_iter().flatten().collect();
    csv_file(paths::changes_csv(), &newest_first, CHANGE_COLUMNS)
}

/// A release as the 更新记录 page lists it.
#[derive(Debug, Serialize)]
pub(super) struct ReleaseView {
    pub name: String,
    pub date: DateView,
    /// data/releases/<name>/
    pub path: String,
    pub package: String,
    pub package_sha256: String,
    pub files: usize,
    pub current: bool,
    pub changes: Vec<String>,
    pub citation: String,
}

#[derive(Debug, Default, Serialize)]
pub(super) struct ReleasesView {
    /// Newest first.
    pub releases: Vec<ReleaseView>,
    pub changes_csv: String,
    pub changes_sha256: String,
    pub columns: &'static [(&'static str, &'static str)],
    /// Whether the citations end with a full address; when not, the page says the citation
    /// needs the site's address.
    pub citation_has_address: bool,
}

/// 建议引用 of a release: publisher, title, the release, and its full address when the site
/// has one (a relative address is never a citation).
pub(super) fn citation(publisher: &str, title: &str, name: &str, absolute_base: Option<&str>) -> String {
    let address = absolute_base
        .map(|b| format!("{b}{}", paths::release(name)))
        .unwrap_or_default();
    format!("{publisher}：《{title}》开放数据，版本 {name}。{address}")
}

pub(super) fn view(
    releases: &[KeptRelease],
    rows: &[ChangeRow],
    changes_csv: &OutputFile,
    site: &crate::model::Site,
    absolute_base: Option<&str>,
) -> ReleasesView {
    let last = releases.len().saturating_sub(1);
    ReleasesView {
        releases: releases
            .iter()
            .enumerate()
            .rev()
            .map(|(i, r)| ReleaseView {
                name: r.name.clone(),
                date: NaiveDate::parse_from_str(r.date(), "%Y-%m-%d").map_or_else(
                    |_| DateView {
                        iso: r.date().to_string(),
                        cn: r.date().to_string(),
                        md: r.date().to_string(),
                    },
                    DateView::from,
                ),
                path: paths::release(&r.name),
                package: format!("{}{PACKAGE}", paths::release(&r.name)),
                package_sha256: r.package_sha256(),
                files: r.files.len(),
                current: i == last,
                changes: rows
                    .iter()
                    .filter(|c| c.release == r.name)
                    .map(|c| c.description.0.clone())
                    .collect(),
                citation: citation(&site.settings.publisher, &site.settings.title, &r.name, absolute_base),
            })
            .collect(),
        changes_csv: changes_csv.path.clone(),
        changes_sha256: sha256_hex(&changes_csv.bytes),
        columns: CHANGE_COLUMNS,
        citation_has_address: absolute_base.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_figure_is_named_as_the_forms_column() {
        for f in crate::vocab::CountField::ALL {
            assert_eq!(field_label(f.key()), f.form_header());
        }
        assert_eq!(field_label("quota"), "招生任务");
    }

    fn release(name: &str, files: &[(&str, &str)]) -> KeptRelease {
        KeptRelease {
            name: name.into(),
            files: files
                .iter()
                .map(|(p, t)| (p.to_string(), format!("\u{feff}{t}").into_bytes()))
                .collect(),
        }
    }

    const QUOTAS: &str = "year,seq,unit_id,unit_name,kind,parent_id,quota\r\n2024,1,a,甲校,school,,100\r\n";
    const REPORTS: &str = "year,month,as_of,unit_id,total\r\n2024,7,2024-07-15,a,10\r\n";
    const WARNING: &str = "2024,a,甲校,2024-07-20,虚假宣传,限制报名人数,80,市教育局,示教〔2024〕1号,";
    const WARNINGS_HEADER: &str =
        "year,unit_id,unit_name,date,reason,measure,limit,issuer,document,lifted,in_force\r\n";

    #[test]
    fn each_kind_of_change_is_found_by_comparing_a_release_with_the_one_before() {
        let before = release(
            "2024-07-20",
            &[
                ("2024/quotas.csv", QUOTAS),
                ("2024/reports.csv", REPORTS),
                ("2024/warnings.csv", &format!("{WARNINGS_HEADER}{WARNING},true\r\n")),
                (
                    "2024/programs.csv",
                    "year,unit_id,unit_name,name,plan\r\n2024,a,甲校,护理,50\r\n",
                ),
                (
                    "blacklist.csv",
                    "year,name,kind,date,reason,removed\r\n2024,某中介,agency,2024-07-01,有偿招生,\r\n",
                ),
            ],
        );
        let after = release(
            "2024-08-20",
            &[
                (
                    "2024/quotas.csv",
                    "year,seq,unit_id,unit_name,kind,parent_id,quota\r\n2024,1,a,甲校,school,,120\r\n2024,2,b,乙校,school,,60\r\n",
                ),
                ("2024/reports.csv", &format!("{REPORTS}2024,8,2024-08-15,a,30\r\n")),
                (
                    "2024/adjustments.csv",
                    "year,unit_id,unit_name,date,was,now,quota,reason,document\r\n2024,a,甲校,2024-08-01,100,120,120,扩建校舍,示教〔2024〕2号\r\n",
                ),
                (
                    "2024/warnings.csv",
                    &format!(
                        "{WARNINGS_HEADER}{WARNING}2024-08-10,false\r\n2024,a,甲校,2024-08-12,违规收费,警示标注,,市教育局,,,true\r\n"
                    ),
                ),
                (
                    "2024/programs.csv",
                    "year,unit_id,unit_name,name,plan\r\n2024,a,甲校,护理,50\r\n2024,a,甲校,会计,40\r\n",
                ),
                (
                    "blacklist.csv",
                    "year,name,kind,date,reason,removed\r\n2024,某中介,agency,2024-07-01,有偿招生,2024-08-02\r\n2024,'=某公司,company,2024-08-03,虚假承诺,\r\n",
                ),
                ("2025/quotas.csv", QUOTAS),
            ],
        );
        let rows = changes(Some(&before), &after);
        let found: Vec<(&str, &str)> = rows.iter().map(|r| (r.kind, r.description.0.as_str())).collect();
        assert_eq!(
            found,
            [
                ("new_round", "新增 2024 年 8 月月报（截至 2024-08-15）"),
                ("unit_added", "2024 年新增单位 乙校（招生任务 60 人）"),
                (
                    "quota_adjustment",
                    "调整 2024 年 甲校 的招生任务：100 → 120 人（扩建校舍）"
                ),
                (
                    "measure_lifted",
                    "甲校：解除限制报名人数（2024-07-20 作出，2024-08-10 解除）"
                ),
                ("measure_added", "甲校：警示标注（2024-08-12，违规收费）"),
                (
                    "programs_changed",
                    "2024 年 甲校 的招生专业与计划：1 个专业，计划 50 人 → 2 个专业，计划 90 人"
                ),
                ("new_year", "新增 2025 年度：1 个单位的招生任务（各单位合计 100 人）"),
                ("blacklist_removed", "某中介 移出校企合作黑名单（2024-08-02）"),
                ("blacklist_added", "=某公司 列入校企合作黑名单（2024-08-03，虚假承诺）"),
            ]
        );
        // A cell a spreadsheet could run stays guarded in changes.csv.
        let csv = String::from_utf8(changes_csv(&rows).expect("change rows serialize").bytes).unwrap();
        assert!(csv.contains(",'=某公司,"), "{csv}");
        // Nothing found to name: the release still says that something changed.
        let mut other = before.clone();
        other.name = "2024-08-21".into();
        other.files[0].1 = QUOTAS.replace(",school,", ",district,").into_bytes();
        let rows = changes(Some(&before), &other);
        assert_eq!(rows.iter().map(|r| r.kind).collect::<Vec<_>>(), ["other"]);
    }

    #[test]
    fn the_release_is_the_last_kept_when_the_files_are_the_same_and_a_new_name_otherwise() {
        let date = NaiveDate::from_ymd_opt(2024, 8, 20);
        let files = vec![("2024/quotas.csv".to_string(), b"a".to_vec())];
        assert_eq!(current(&[], &files, date), Some(("2024-08-20".into(), true)));
        assert_eq!(current(&[], &files, None), None);
        let mut kept = vec![KeptRelease {
            name: "2024-08-20".into(),
            files: vec![
                ("2024/quotas.csv".to_string(), b"a".to_vec()),
                (PACKAGE.to_string(), b"{}".to_vec()),
            ],
        }];
        assert_eq!(current(&kept, &files, date), Some(("2024-08-20".into(), false)));
        let changed = vec![("2024/quotas.csv".to_string(), b"b".to_vec())];
        assert_eq!(current(&kept, &changed, date), Some(("2024-08-20-2".into(), true)));
        kept.push(KeptRelease {
            name: "2024-08-20-2".into(),
            files: kept[0].files.clone(),
        });
        assert_eq!(current(&kept, &changed, date), Some(("2024-08-20-3".into(), true)));
    }
}
