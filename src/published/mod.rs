//! What an earlier build published, and the rule that a published figure never changes without
//! a trace.
//!
//! When `--out` holds a site built by sunshine (its manifest says so), its open-data JSON
//! (`data/<year>.json`) holds every figure the public has seen. [`Published::read`] reads it
//! back; [`unrecorded`] compares any list of published figures with the current ones and keeps
//! the changes that no record (a `[[correction]]`, an `[[adjustment]]`, …) accounts for. The
//! rule for report rounds is [`check_reports`], the one for quotas [`check_quotas`] (records:
//! `[[adjustment]]`); [`check`] runs both.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::diagnostics::{rules, Diagnostic, Diagnostics};
use crate::load::raw::{Counts, RawReport, RawSite};
use crate::model::{Site, Status};
use crate::output::Manifest;

mod derived;
pub mod lock;
pub mod releases;
pub use derived::disagreement;
use derived::{figures, status_name, withdrawal_block, withdrawn};
mod table;
use table::table;

/// The compact record of the figures a build published, written beside the manifest in the
/// output (the text of `published.lock` without its history line) and listed in the manifest
/// with its SHA-256: the guard reads it instead of every `data/<year>.json`.
pub const OUT_RECORD: &str = crate::paths::PUBLISHED_RECORD_NAME;

/// The figures of a site built earlier, by year.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Published {
    years: BTreeMap<i32, PublishedYear>,
}

/// The part of `data/<year>.json` that holds published figures. Its long tables (`units`, each
/// round's `rows`) are read in either shape sunshine has written: a list of objects, or pandas'
/// "split" orientation (`{"columns": [...], "data": [[...], ...]}`) — see `table.rs`.
#[derive(Debug, PartialEq, Eq, Deserialize)]
pub struct PublishedYear {
    #[serde(default, deserialize_with = "table")]
    /// Each unit's quota (招生任务).
    pub units: Vec<PublishedUnit>,
    #[serde(default)]
    /// The monthly rounds (月报), in the order published.
    pub rounds: Vec<PublishedRound>,
    /// 全市招生任务: the sum over top-level units (absent in a record that lacks it).
    #[serde(default)]
    pub quota: Option<u64>,
}

/// A unit's quota as published.
#[derive(Debug, PartialEq, Eq, Deserialize)]
pub struct PublishedUnit {
    /// The unit's id (单位代码).
    pub id: String,
    /// Its quota (招生任务).
    pub quota: u64,
}

/// One monthly round as published.
#[derive(Debug, PartialEq, Eq, Deserialize)]
pub struct PublishedRound {
    /// The round's month, 1–12.
    pub month: u32,
    #[serde(default)]
    /// Published as sample data (示例数据): its figures may change without a correction.
    pub sample: bool,
    #[serde(default, deserialize_with = "table")]
    /// One row per unit.
    pub rows: Vec<PublishedRow>,
    /// The city's total (sum over top-level units).
    #[serde(default)]
    pub city_total: Option<u64>,
}

/// One unit's figures of a round, as published: an object with its counts under `figures`
/// (null when missing), or a split row with a column per count (each null when missing).
#[derive(Debug, PartialEq, Eq)]
pub struct PublishedRow {
    /// The unit's id (单位代码).
    pub unit: String,
    /// `reported` (its own row), `rolled_up` (its children's sum) or `missing`.
    pub status: String,
    /// Count field → figure; absent when missing.
    pub figures: Option<BTreeMap<String, u64>>,
}

impl Published {
    /// Reads the figures published under `out`; None when `out` holds no site built by sunshine.
    pub fn read(out: &Path) -> Option<Self> {
        Manifest::is_in(out).then(|| Self::read_output(out).0)
    }

    /// Reads the figures published under `out`, known to hold a site built by sunshine: its
    /// compact record ([`OUT_RECORD`]) when the manifest lists it and the file has the size and
    /// SHA-256 listed and reads whole; else every `data/<year>.json`, as sites built before the
    /// compact record are read. A record that the manifest lists but that is missing, altered or
    /// unreadable is never trusted: the open data is read instead, and a warning says so.
    pub fn read_output(out: &Path) -> (Self, Diagnostics) {
        let mut diags = Diagnostics::new();
        let Some(listed) = Manifest::entry_in(out, OUT_RECORD) else {
            return (Self::read_years(out), diags);
        };
        let path = out.join(OUT_RECORD);
        let text = std::fs::read(&path)
            .ok()
            .filter(|bytes| bytes.len() as u64 == listed.size && crate::hash::sha256_hex(bytes) == listed.sha256)
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let record = text.and_then(|text| {
            let mut found = Diagnostics::new();
            lock::parse(&text, &mut found).filter(|_| !found.has_errors())
        });
        if let Some(lock) = record {
            return (lock.record, diags);
        }
        diags.push(Diagnostic::at_file(
            crate::diagnostics::Severity::Warning,
            rules::RECORDS_DISAGREE,
            path.display().to_string(),
            format!(
                "输出目录里已公布数字的简要记录 {OUT_RECORD} 不见了、被改动过或读不出来（与 {} 记下的大小和哈希不符），这次改为逐个读取 data/ 下各年度的开放数据来核对已公布的数字",
                crate::output::MANIFEST_NAME
            ),
            "核对照常进行，只是慢一些；重新生成网站会重写这个文件。不是你改的，就查一下谁动过输出目录",
        ));
        (Self::read_years(out), diags)
    }

    /// The figures published from the site under `root`, for `import`: the record kept with the
    /// data (`published.lock`) when it reads, else the site in `<root>/public` (None without
    /// either). `build` compares with both and refuses a record that does not read.
    pub fn recorded(root: &Path) -> Option<Self> {
        match lock::read(root) {
            Ok(Some(lock)) => Some(lock.record),
            _ => Self::read(&root.join("public")),
        }
    }

    /// Reads the figures published under `out`, known to hold a site built by sunshine (the
    /// output guard has read its manifest). A year whose JSON is absent or unreadable is left
    /// out (nothing to compare with).
    pub fn read_years(out: &Path) -> Self {
        let mut years = BTreeMap::new();
        let Ok(entries) = std::fs::read_dir(out.join("data")) else {
            return Self { years };
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(year) = name.strip_suffix(".json").and_then(|y| y.parse::<i32>().ok()) else {
                continue;
            };
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            if let Ok(doc) = serde_json::from_slice::<PublishedYear>(&bytes) {
                years.insert(year, doc);
            }
        }
        Self { years }
    }

    /// What a build of `site` publishes: the record written to `published.lock` (rows of sample
    /// rounds left out: they are not compared).
    pub fn of_site(site: &Site) -> Self {
        let id = |u: crate::model::UnitId| site.units[u].id.clone();
        let years = site
            .years
            .iter()
            .map(|y| {
                let rounds = y
                    .rounds
                    .iter()
                    .enumerate()
                    .map(|(r, round)| PublishedRound {
                        month: round.month,
                        sample: round.sample,
                        city_total: Some(round.city.total()),
                        rows: if round.sample {
                            Vec::new()
                        } else {
                            y.entries
                                .iter()
                                .map(|e| {
                                    let p = &e.progress[r];
                                    PublishedRow {
                                        unit: id(e.unit),
                                        status: status_name(p.status).to_string(),
                                        figures: (p.status != Status::Missing).then(|| {
                                            Counts::NAMES
                                                .into_iter()
                                                .map(String::from)
                                                .zip(figures(&p.figures))
                                                .collect()
                                        }),
                                    }
                                })
                                .collect()
                        },
                    })
                    .collect();
                let units = y
                    .entries
                    .iter()
                    .map(|e| PublishedUnit {
                        id: id(e.unit),
                        quota: e.quota,
                    })
                    .collect();
                (
                    y.year,
                    PublishedYear {
                        units,
                        rounds,
                        quota: Some(y.quota),
                    },
                )
            })
            .collect();
        Self { years }
    }

    /// The years recorded.
    pub fn years(&self) -> impl Iterator<Item = (i32, &PublishedYear)> {
        self.years.iter().map(|(y, d)| (*y, d))
    }

    /// The year as published.
    pub fn year(&self, year: i32) -> Option<&PublishedYear> {
        self.years.get(&year)
    }

    /// The round of `year` and `month` as published.
    pub fn round(&self, year: i32, month: u32) -> Option<&PublishedRound> {
        self.year(year)?.rounds.iter().find(|r| r.month == month)
    }
}

/// The text of [`OUT_RECORD`] for a build of `site`: the lines of `published.lock` (its
/// checksum included) under a comment of its own, without a history line.
pub fn out_record(site: &Site) -> String {
    let text = lock::render(&Published::of_site(site), None, &[]);
    let body = text
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    format!("# sunshine 生成网站时写下的已公布数字（与 sunshine-manifest.json 一起核对），不要手改。\n{body}\n")
}

/// A published figure that is no longer what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<K> {
    /// What the figure belongs to (a unit's id, …).
    pub key: K,
    /// Which figure: a count field (`three_year`, …, `total`) or `quota`.
    pub field: String,
    /// The figure as published.
    pub old: u64,
    /// None when the figure is gone.
    pub new: Option<u64>,
}

/// Every published figure `(key, field, old)` whose current value (`current`) differs, unless
/// `recorded(key, field, old)` says a record keeps the old value. In the order given.
pub fn unrecorded<K: Clone>(
    published: impl IntoIterator<Item = (K, String, u64)>,
    current: impl Fn(&K, &str) -> Option<u64>,
    recorded: impl Fn(&K, &str, u64) -> bool,
) -> Vec<Change<K>> {
    published
        .into_iter()
        .filter_map(|(key, field, old)| {
            let new = current(&key, &field);
            (new != Some(old) && !recorded(&key, &field, old)).then_some(Change { key, field, old, new })
        })
        .collect()
}

/// The day a correction made now is dated: `SOURCE_DATE_EPOCH` when set (reproducible runs and
/// tests), else today.
pub fn today() -> NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map_or_else(|| chrono::Local::now().date_naive(), |t| t.date_naive())
}

/// How many days after its `published` date a round is surely out: a round imported today (or
/// a few days ago, not yet built) is not, and finds nothing to compare with before its first
/// build.
const SURELY_PUBLISHED_AFTER_DAYS: i64 = 3;

/// With no record of what was published (no `published.lock`, no site built by sunshine in
/// `out`), nothing can be compared: rounds that were published days ago (non-sample, with a
/// `published` date) are then refused (rule C14), at their date, unless the clerk says that the
/// record starts here (`build --history-starts-here "原因"`). With the site's usual `public/`
/// holding a site when `out` is another folder, the message asks whether `--out` was mistyped.
pub fn unrecorded_history(raw: &RawSite, root: &Path, out: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let usual = root.join("public");
    let mistyped = !same_folder(&usual, out) && Manifest::is_in(&usual);
    let today = today();
    for year in &raw.years {
        for report in &year.reports {
            let Some(published) = &report.published else {
                continue;
            };
            if report.sample || (today - published.value).num_days() < SURELY_PUBLISHED_AFTER_DAYS {
                continue;
            }
            let why = if mistyped {
                format!("，而 {} 里有上次生成的网站：是不是 --out 写错了", usual.display())
            } else {
                String::new()
            };
            diags.error(
                rules::NO_PUBLISHED_RECORD,
                &raw.sources,
                published.loc.clone(),
                format!(
                    "{} 年 {} 月的月报已于 {} 公布，但站点目录里没有已公布数字的记录 {}，输出目录 {} 里也没有上次发布的网站，无法核对已公布的数字有没有被改动{why}",
                    year.year,
                    report.month,
                    published.value.format("%Y-%m-%d"),
                    lock::FILE,
                    out.display()
                ),
                format!(
                    "从 git 里恢复 {0}（git checkout -- {0}）或把服务器上的网站复制到 public/ 再生成；确实是第一次用 sunshine 生成这些已公布的数字，就写明原因：sunshine build --history-starts-here \"原因\"，原因会记在 {0} 里",
                    lock::FILE
                ),
            );
        }
    }
    diags
}

fn same_folder(a: &Path, b: &Path) -> bool {
    use crate::output::guard::resolve;
    resolve(a).is_some() && resolve(a) == resolve(b)
}

/// Every rule of this module: published report figures, their sample status, rolled-up figures
/// and totals, published quotas and published years.
/// Figures the model derives (rolled-up rows, totals) are compared when there is a model: with
/// errors in the data there is none, and what was read is compared all the same.
pub fn check(raw: &RawSite, site: Option<&Site>, published: &Published) -> Diagnostics {
    let mut diags = check_reports(raw, published);
    diags.extend(check_quotas(raw, published));
    diags.extend(derived::check_years(raw, published));
    if let Some(site) = site {
        diags.extend(derived::check_derived(raw, site, published));
    }
    diags
}

/// Every quota published: a quota that differs now without an `[[adjustment]]` recording the
/// published value is an error at the quota, with the `[[adjustment]]` to add; a published unit
/// whose `[[quota]]` is gone is an error at the file.
pub fn check_quotas(raw: &RawSite, published: &Published) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for year in &raw.years {
        let (Some(quotas), Some(was_published)) = (&year.quotas, published.year(year.year)) else {
            continue;
        };
        // By unit, the first [[quota]] of each (a unit's second is an error of its own).
        let mut by_unit = std::collections::HashMap::with_capacity(quotas.quotas.len());
        for q in &quotas.quotas {
            by_unit.entry(q.unit.value.as_str()).or_insert(q);
        }
        let quota_of = |unit: &str| by_unit.get(unit).copied();
        let changes = unrecorded(
            was_published
                .units
                .iter()
                .map(|u| (u.id.clone(), "quota".to_string(), u.quota)),
            |unit, _| quota_of(unit).and_then(|q| u64::try_from(q.quota.value).ok()),
            |unit, _, old| {
                quotas
                    .adjustments
                    .iter()
                    .any(|a| a.unit.value == *unit && u64::try_from(a.was.value).ok() == Some(old))
            },
        );
        let path = format!("data/{}/quotas.toml", year.year);
        for change in changes {
            let unit = &change.key;
            let Some(quota) = quota_of(unit) else {
                diags.error(
                    rules::PUBLISHED_ROW_REMOVED,
                    &raw.sources,
                    quotas.loc.clone(),
                    format!(
                        "单位 \"{unit}\" 的招生任务 {} 已经公布过，现在 {path} 里没有它的 [[quota]] 了",
                        change.old
                    ),
                    "已公布的招生任务不能悄悄撤下：把这个单位的 [[quota]] 恢复原样；任务有调整就改数字并加上调整记录 [[adjustment]]",
                );
                continue;
            };
            let block = format!(
                "\n    [[adjustment]]\n    unit = \"{unit}\"\n    date = {}\n    was = {}\n    reason = \"（写明调整原因）\"\n    document = \"（调整文件的文号，可选）\"",
                today(),
                change.old
            );
            diags.error(
                rules::PUBLISHED_QUOTA_CHANGED,
                &raw.sources,
                quota.quota.loc.clone(),
                format!(
                    "单位 \"{unit}\" 的招生任务已经公布为 {}，现在是 {}，改动要留下调整记录",
                    change.old, quota.quota.value
                ),
                format!("任务确实调整了，就在 {path} 末尾加上下面这段，写明调整日期、原因和文号（was 照抄原任务，不要改）；不是有意改动，就把数字改回 {}：{block}", change.old),
            );
        }
    }
    diags
}

/// Every report round that was published as real (not sample) figures: each unit's own row
/// compared with what was published; a changed figure without a `[[correction]]` recording the
/// old value is an error at the figure, with the `[[correction]]` to add.
pub fn check_reports(raw: &RawSite, published: &Published) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for year in &raw.years {
        // A published round whose file is gone altogether.
        for round in published.year(year.year).map_or(&[][..], |y| &y.rounds[..]) {
            if !round.sample
                && !year.reports.iter().any(|r| r.month == round.month)
                && !withdrawn(raw, year.year, Some(round.month))
            {
                let path = format!("data/{0}/reports/{0}-{1:02}.toml", year.year, round.month);
                diags.error(
                    rules::PUBLISHED_ROW_REMOVED,
                    &raw.sources,
                    year.loc.clone(),
                    format!(
                        "{} 年 {} 月的月报已经公布过，现在 {path} 不见了",
                        year.year, round.month
                    ),
                    format!("已公布的数字不能悄悄撤下：把 {path} 从备份中恢复；确实要撤回这一轮，在 data/site.toml 末尾写撤回记录：{}", withdrawal_block(year.year, Some(round.month))),
                );
            }
        }
        for report in &year.reports {
            let Some(round) = published.round(year.year, report.month) else {
                continue;
            };
            if round.sample {
                continue;
            }
            if report.sample {
                if !withdrawn(raw, year.year, Some(report.month)) {
                    let path = format!("data/{0}/reports/{0}-{1:02}.toml", year.year, report.month);
                    diags.error(
                        rules::PUBLISHED_MADE_SAMPLE,
                        &raw.sources,
                        report.loc.clone(),
                        format!(
                            "{} 年 {} 月的月报已经作为正式数据公布过，现在 {path} 写了 sample = true（示例数据）",
                            year.year, report.month
                        ),
                        format!(
                            "已公布的正式数字不能改成示例数据：删掉 sample = true 这一行；确实要撤回这一轮，在 data/site.toml 末尾写撤回记录：{}",
                            withdrawal_block(year.year, Some(report.month))
                        ),
                    );
                }
                continue;
            }
            check_report(&mut diags, raw, year.year, report, round);
        }
    }
    diags
}

fn check_report(diags: &mut Diagnostics, raw: &RawSite, year: i32, report: &RawReport, round: &PublishedRound) {
    let path = format!("data/{year}/reports/{year}-{:02}.toml", report.month);
    let figures = round
        .rows
        .iter()
        .filter(|r| r.status == "reported")
        .filter_map(|r| r.figures.as_ref().map(|f| (r.unit.as_str(), f)));
    let published = figures.flat_map(|(unit, f)| {
        Counts::NAMES
            .into_iter()
            .filter_map(move |name| f.get(name).map(|&n| (unit.to_string(), name.to_string(), n)))
    });
    let mut rows = std::collections::HashMap::with_capacity(report.rows.len());
    for row in &report.rows {
        rows.entry(row.unit.value.as_str()).or_insert(row);
    }
    let row_of = |unit: &str| rows.get(unit).copied();
    let changes = unrecorded(
        published,
        |unit, field| {
            row_of(unit)
                .and_then(|row| row.count(field))
                .and_then(|n| u64::try_from(n).ok())
        },
        |unit, field, old| {
            report
                .corrections
                .iter()
                .filter(|c| c.unit.value == *unit)
                .any(|c| c.was.values().get(field).and_then(|n| u64::try_from(n).ok()) == Some(old))
        },
    );
    // A row without a `total` line has none to correct: its total is the sum of the four, and
    // changes with them; the message and the correction name only the fields the row has.
    let changes = changes
        .into_iter()
        .filter(|c| c.field != "total" || row_of(&c.key).is_none_or(|row| row.total.is_some()));
    // One message per unit, at its first changed figure, with every field in the block.
    let mut by_unit: Vec<(String, Vec<Change<String>>)> = Vec::new();
    for change in changes {
        match by_unit.iter_mut().find(|(u, _)| *u == change.key) {
            Some((_, list)) => list.push(change),
            None => by_unit.push((change.key.clone(), vec![change])),
        }
    }
    for (unit, changes) in by_unit {
        let Some(row) = row_of(&unit) else {
            diags.error(
                rules::PUBLISHED_ROW_REMOVED,
                &raw.sources,
                report.loc.clone(),
                format!("{path} 中单位 \"{unit}\" 的数据行已经公布过，现在被删掉了"),
                "已公布的数字不能悄悄撤下：把这个单位的 [[row]] 恢复原样；数字有误就改正它并加上更正记录 [[correction]]",
            );
            continue;
        };
        let what: Vec<String> = changes
            .iter()
            .map(|c| {
                let new = c.new.map_or_else(|| "（无）".to_string(), |n| n.to_string());
                format!("{} {} 原为 {}，现为 {new}", Counts::label(&c.field), c.field, c.old)
            })
            .collect();
        let was: Vec<String> = changes.iter().map(|c| format!("{} = {}", c.field, c.old)).collect();
        let block = format!(
            "\n    [[correction]]\n    unit = \"{unit}\"\n    date = {}\n    reason = \"（写明更正原因）\"\n    was = {{ {} }}",
            today(),
            was.join(", ")
        );
        let loc = match changes[0].field.as_str() {
            "three_year" => row.three_year.loc.clone(),
            "three_plus_two" => row.three_plus_two.loc.clone(),
            "five_year" => row.five_year.loc.clone(),
            "one_year" => row.one_year.loc.clone(),
            _ => row
                .total
                .as_ref()
                .map_or_else(|| row.unit.loc.clone(), |t| t.loc.clone()),
        };
        diags.error(
            rules::PUBLISHED_CHANGED,
            &raw.sources,
            loc,
            format!(
                "单位 \"{unit}\" 的数字已经公布过，改动要留下更正记录：{}",
                what.join("；")
            ),
            format!("数字确实有误，就在这份月报末尾加上下面这段，写明更正日期和原因（原数字照抄，不要改）；不是有意改动，就把数字改回原样：{block}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A year as sunshine wrote it with its tables as lists of objects (the shape before the
    /// split orientation), abridged: the keys the check reads and some it does not.
    const OBJECTS: &str = r#"{"year":2024,"quota":1600,
        "units":[{"id":"city","name":"示例市","kind":"bureau","parent":null,"quota":1600},
                 {"id":"east","name":"东区","kind":"district","parent":"city","quota":900}],
        "rounds":[{"month":8,"as_of":"2024-08-31","sample":false,"city_total":1340,
            "rows":[{"unit":"east","status":"rolled_up","figures":{"three_year":250,"three_plus_two":40,"five_year":20,"one_year":10,"total":320},"completion_rate_percent":"35.6","submitted":null,"late":false},
                    {"unit":"west","status":"missing","figures":null,"completion_rate_percent":null,"submitted":null,"late":true}],
            "corrections":[]}],
        "disclosure":[{"unit":"east","items":{"admissions":false,"brochure":true,"plan":true,"policy":false,"programs":true},"forms":{"due":2,"on_time":2,"late":0,"missing":0,"rolled_up":0},"warnings":0,"warnings_in_force":0}]}"#;

    /// The same year with its tables in pandas' split orientation, as written now.
    const SPLIT: &str = r#"{"year":2024,"quota":1600,
        "units":{"columns":["id","name","kind","parent","quota"],
                 "data":[["city","示例市","bureau",null,1600],["east","东区","district","city",900]]},
        "rounds":[{"month":8,"as_of":"2024-08-31","sample":false,"city_total":1340,
            "rows":{"columns":["unit","status","three_year","three_plus_two","five_year","one_year","total","completion_rate_percent","submitted","late"],
                    "data":[["east","rolled_up",250,40,20,10,320,"35.6",null,false],
                            ["west","missing",null,null,null,null,null,null,null,true]]},
            "corrections":[]}],
        "disclosure":{"columns":["unit","brochure","policy","programs","plan","admissions","forms_due","forms_on_time","forms_late","forms_missing","forms_rolled_up","warnings","warnings_in_force"],
                      "data":[["east",true,false,true,true,false,2,2,0,0,0,0,0]]}}"#;

    /// The same year as written since the values are typed: rates as numbers (`35.6`, not
    /// `"35.6"`), the city's rate too, dates as ISO strings.
    const TYPED: &str = r#"{"year":2024,"quota":1600,
        "units":{"columns":["id","name","kind","parent","quota","phone","responsible_name","responsible_title"],
                 "data":[["city","示例市","bureau",null,1600,null,null,null],["east","东区","district","city",900,null,null,null]]},
        "rounds":[{"month":8,"as_of":"2024-08-31","published":"2024-09-01","sample":false,"city_total":1340,"city_quota":1600,"city_completion_rate_percent":83.8,"city_corrected":[],
            "rows":{"columns":["unit","status","three_year","three_plus_two","five_year","one_year","total","completion_rate_percent","submitted","late","quota","corrected"],
                    "data":[["east","rolled_up",250,40,20,10,320,110.0,null,false,900,[]],
                            ["west","missing",null,null,null,null,null,null,null,true,700,[]]]},
            "corrections":[]}]}"#;

    fn read(json: &str) -> PublishedYear {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_year_written_with_lists_of_objects_and_one_written_in_split_tables_read_the_same() {
        let (objects, split) = (read(OBJECTS), read(SPLIT));
        let units = |y: &PublishedYear| y.units.iter().map(|u| (u.id.clone(), u.quota)).collect::<Vec<_>>();
        assert_eq!(units(&objects), [("city".to_string(), 1600), ("east".to_string(), 900)]);
        assert_eq!(units(&split), units(&objects));
        let figures: BTreeMap<String, u64> = Counts::NAMES
            .into_iter()
            .map(String::from)
            .zip([250, 40, 20, 10, 320])
            .collect();
        for year in [&objects, &split] {
            let [round] = &year.rounds[..] else { panic!("one round") };
            assert_eq!((round.month, round.sample), (8, false));
            assert_eq!(
                round.rows,
                [
                    PublishedRow {
                        unit: "east".into(),
                        status: "rolled_up".into(),
                        figures: Some(figures.clone())
                    },
                    PublishedRow {
                        unit: "west".into(),
                        status: "missing".into(),
                        figures: None
                    },
                ]
            );
        }
    }

    #[test]
    fn a_year_with_rates_written_as_strings_and_one_with_rates_written_as_numbers_read_the_same() {
        let (strings, numbers) = (read(SPLIT), read(TYPED));
        let units = |y: &PublishedYear| y.units.iter().map(|u| (u.id.clone(), u.quota)).collect::<Vec<_>>();
        assert_eq!(units(&numbers), units(&strings));
        assert_eq!(numbers.quota, Some(1600));
        let [old] = &strings.rounds[..] else {
            panic!("one round")
        };
        let [new] = &numbers.rounds[..] else {
            panic!("one round")
        };
        assert_eq!((new.month, new.sample, new.city_total), (8, false, Some(1340)));
        assert_eq!(new.rows, old.rows);
        assert_eq!(new.rows[0].figures.as_ref().unwrap()["total"], 320);
        assert_eq!(new.rows[1].figures, None);
        // Through the file reader too, as the check reads last build's data/<year>.json.
        let dir = std::env::temp_dir().join(format!("sunshine-published-shapes-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("data")).unwrap();
        std::fs::write(dir.join("data/2023.json"), SPLIT).unwrap();
        std::fs::write(dir.join("data/2024.json"), TYPED).unwrap();
        let published = Published::read_years(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(published.years().map(|(y, _)| y).collect::<Vec<_>>(), [2023, 2024]);
        assert_eq!(
            published.round(2024, 8).unwrap().rows,
            published.round(2023, 8).unwrap().rows
        );
    }

    #[test]
    fn a_split_table_is_read_by_its_column_names_and_a_row_of_the_wrong_length_is_refused() {
        let reordered = r#"{"units":{"data":[[900,"east"]],"columns":["quota","id"]}}"#;
        assert_eq!(
            read(reordered).units,
            [PublishedUnit {
                id: "east".into(),
                quota: 900
            }]
        );
        let short = r#"{"units":{"columns":["id","quota"],"data":[["east"]]}}"#;
        assert!(serde_json::from_str::<PublishedYear>(short).is_err());
        let long = r#"{"units":{"columns":["id","quota"],"data":[["east",900,1]]}}"#;
        assert!(serde_json::from_str::<PublishedYear>(long).is_err());
        let empty = r#"{"units":{"columns":["id","quota"],"data":[]},"rounds":[{"month":7,"rows":[]}]}"#;
        let year = read(empty);
        assert!(year.units.is_empty() && year.rounds[0].rows.is_empty());
    }
}
