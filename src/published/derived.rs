//! The rules about what a unit's own rows do not show: published years that disappear (C12),
//! figures that become a unit's own row where the published one was rolled up from its schools or
//! missing, rolled-up figures and city totals that move other than by their parts (C13), and two
//! records of one publication that disagree (C16).

use super::*;
use crate::model::{Entry, Year};

/// Every year published that is gone from data/ (deleted or renamed) without a `[[withdrawal]]`.
pub(super) fn check_years(raw: &RawSite, published: &Published) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (year, _) in published.years() {
        if raw.years.iter().any(|y| y.year == year) || withdrawn(raw, year, None) {
            continue;
        }
        diags.push_raw_error(
            rules::PUBLISHED_YEAR_REMOVED,
            &format!("data/{year}"),
            1,
            1,
            format!("{year} 年的招生数据已经公布过，现在 data/{year}/ 不见了（被删除或改名）"),
            format!(
                "已公布的年度不能悄悄撤下：从备份或 git 里恢复 data/{year}/（改了名就改回来）；确实要撤回整个年度，在 data/site.toml 末尾写撤回记录：{}",
                withdrawal_block(year, None)
            ),
        );
    }
    diags
}

/// Figures are compared five at a time, in [`Counts::NAMES`] order.
type Five = [u64; 5];

pub(super) fn figures(f: &crate::model::Figures) -> Five {
    [f.three_year, f.three_plus_two, f.five_year, f.one_year, f.total()]
}

pub(super) fn status_name(status: Status) -> &'static str {
    match status {
        Status::Reported => "reported",
        Status::RolledUp => "rolled_up",
        Status::Missing => "missing",
    }
}

/// In every published (non-sample) round still in the data and still official:
/// - a unit that has its own row now, where the published figures were its schools' sum or it
///   had none, needs a `[[correction]]` recording each published figure that differs;
/// - a figure rolled up from schools, then and now, may move only by as much as its schools'
///   figures did (a school moved to another district, or a quota's parent changed, is refused);
/// - the city total likewise may move only by as much as the top-level units' figures did.
pub(super) fn check_derived(raw: &RawSite, site: &Site, published: &Published) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for year in &site.years {
        let Some(was) = published.year(year.year) else {
            continue;
        };
        let raw_year = raw.years.iter().find(|y| y.year == year.year);
        // 全市招生任务: the sum over top-level units moves only by as much as their quotas did.
        if let (Some(was_total), Some(loc)) = (was.quota, raw_year.map(|y| y.loc.clone())) {
            let was_quota = |unit: &str| was.units.iter().find(|u| u.id == unit).map_or(0, |u| u.quota);
            let moved: i128 = year
                .entries
                .iter()
                .filter(|e| e.quota_parent.is_none())
                .map(|e| i128::from(e.quota) - i128::from(was_quota(&site.units[e.unit].id)))
                .sum();
            if year.quota != was_total && i128::from(year.quota) - i128::from(was_total) != moved {
                diags.error(
                    rules::PUBLISHED_DERIVED_CHANGED,
                    &raw.sources,
                    loc,
                    format!(
                        "{} 年的全市招生任务已经公布为 {was_total}，现在是 {}，这个变化不是各单位招生任务的调整带来的",
                        year.year, year.quota
                    ),
                    "已公布的全市招生任务不能悄悄改变：是不是改了 data/units.toml 里的上级单位（parent）？把它改回原样；任务确实调整了，就改各单位的 [[quota]] 并加上调整记录 [[adjustment]]",
                );
            }
        }
        for (r, round) in year.rounds.iter().enumerate() {
            let Some(old) = was.rounds.iter().find(|p| p.month == round.month) else {
                continue;
            };
            if old.sample || round.sample {
                continue;
            }
            let report = raw_year.and_then(|y| y.reports.iter().find(|x| x.month == round.month));
            let mut rows = std::collections::HashMap::with_capacity(old.rows.len());
            for row in &old.rows {
                rows.entry(row.unit.as_str()).or_insert(row);
            }
            let ctx = RoundCtx {
                site,
                year,
                r,
                old,
                rows,
            };
            for entry in &year.entries {
                ctx.own_row_where_none_was(&mut diags, raw, report, entry);
            }
            let Some(loc) = raw_year.map(|y| y.loc.clone()) else {
                continue;
            };
            let path = format!("data/{0}/reports/{0}-{1:02}.toml", year.year, round.month);
            for entry in &year.entries {
                let p = &entry.progress[r];
                let unit = ctx.id(entry);
                if p.status != Status::RolledUp || ctx.old_row(unit).is_none_or(|x| x.status != "rolled_up") {
                    continue;
                }
                let parts: Vec<&Entry> = entry.children.iter().map(|&c| &year.entries[c]).collect();
                if let Some((was, now)) = ctx.moved_apart(entry, &parts) {
                    diags.error(
                        rules::PUBLISHED_DERIVED_CHANGED,
                        &raw.sources,
                        loc.clone(),
                        format!(
                            "单位 \"{unit}\" 在 {path} 中由下属单位汇总的总数已经公布为 {was}，现在是 {now}，这个变化不是下属单位数据行的更正带来的"
                        ),
                        "已公布的汇总数不能悄悄改变：是不是改了 data/units.toml 里的上级单位（parent）或 quotas.toml 里的单位？把它们改回原样；数字确实有误，就改正下属学校的数据行并加上更正记录 [[correction]]",
                    );
                }
            }
            if let Some(was_total) = old.city_total {
                let top: Vec<&Entry> = year.entries.iter().filter(|e| e.quota_parent.is_none()).collect();
                let now_total = round.city.total();
                let moved: i128 = top.iter().map(|e| ctx.delta(e)[4]).sum();
                if now_total != was_total && i128::from(now_total) - i128::from(was_total) != moved {
                    diags.error(
                        rules::PUBLISHED_DERIVED_CHANGED,
                        &raw.sources,
                        loc.clone(),
                        format!(
                            "{path} 的全市合计已经公布为 {was_total}，现在是 {now_total}，这个变化不是各单位数据行的更正带来的"
                        ),
                        "已公布的全市合计不能悄悄改变：是不是改了 data/units.toml 里的上级单位（parent）或删掉了 quotas.toml 里的单位？把它们改回原样",
                    );
                }
            }
        }
    }
    diags
}

struct RoundCtx<'a> {
    site: &'a Site,
    year: &'a Year,
    r: usize,
    old: &'a PublishedRound,
    /// The published rows by unit (the first of each).
    rows: std::collections::HashMap<&'a str, &'a PublishedRow>,
}

impl RoundCtx<'_> {
    fn id(&self, entry: &Entry) -> &str {
        &self.site.units[entry.unit].id
    }

    fn old_row(&self, unit: &str) -> Option<&PublishedRow> {
        self.rows.get(unit).copied()
    }

    /// The unit's figures as published (zero when missing or absent).
    fn was(&self, entry: &Entry) -> Five {
        self.old_row(self.id(entry))
            .and_then(|x| x.figures.as_ref())
            .map_or([0; 5], |f| Counts::NAMES.map(|n| f.get(n).copied().unwrap_or(0)))
    }

    /// The unit's figures now (zero when missing).
    fn now(&self, entry: &Entry) -> Five {
        let p = &entry.progress[self.r];
        if p.status == Status::Missing {
            [0; 5]
        } else {
            figures(&p.figures)
        }
    }

    fn delta(&self, entry: &Entry) -> [i128; 5] {
        let (was, now) = (self.was(entry), self.now(entry));
        std::array::from_fn(|i| i128::from(now[i]) - i128::from(was[i]))
    }

    /// When the entry's totals moved by other than the sum of its parts': (was, now) totals.
    fn moved_apart(&self, entry: &Entry, parts: &[&Entry]) -> Option<(u64, u64)> {
        let own = self.delta(entry);
        if own == [0; 5] {
            return None;
        }
        let sum = parts.iter().fold([0i128; 5], |mut acc, p| {
            for (a, d) in acc.iter_mut().zip(self.delta(p)) {
                *a += d;
            }
            acc
        });
        (own != sum).then(|| (self.was(entry)[4], self.now(entry)[4]))
    }

    /// A unit reporting its own row where the published figures were its schools' sum (or
    /// nothing): each published figure that differs needs a correction recording it.
    fn own_row_where_none_was(
        &self,
        diags: &mut Diagnostics,
        raw: &RawSite,
        report: Option<&RawReport>,
        entry: &Entry,
    ) {
        let p = &entry.progress[self.r];
        let unit = self.id(entry);
        let old_status = self.old_row(unit).map(|x| x.status.as_str());
        if p.status != Status::Reported || old_status == Some("reported") {
            return;
        }
        let (was, now) = (self.was(entry), self.now(entry));
        let uncovered: Vec<(&str, u64, u64)> = Counts::NAMES
            .into_iter()
            .zip(was.into_iter().zip(now))
            .filter(|&(_, (w, n))| w != n)
            .filter(|&(field, (w, _))| !report.is_some_and(|rep| corrected(rep, unit, field, w)))
            .map(|(field, (w, n))| (field, w, n))
            .collect();
        if uncovered.is_empty() {
            return;
        }
        let Some(loc) = p.row.clone().or_else(|| report.map(|r| r.loc.clone())) else {
            return;
        };
        let year = self.year.year;
        let path = format!("data/{year}/reports/{year}-{:02}.toml", self.old.month);
        let before = match old_status {
            Some("rolled_up") => format!("由下属单位汇总（总数 {}）", was[4]),
            _ => "未报送".to_string(),
        };
        let what: Vec<String> = uncovered
            .iter()
            .map(|(f, w, n)| format!("{} {f} 原为 {w}，现为 {n}", Counts::label(f)))
            .collect();
        let list: Vec<String> = uncovered.iter().map(|(f, w, _)| format!("{f} = {w}")).collect();
        let block = format!(
            "\n    [[correction]]\n    unit = \"{unit}\"\n    date = {}\n    reason = \"（写明更正原因）\"\n    was = {{ {} }}",
            today(),
            list.join(", ")
        );
        diags.error(
            rules::PUBLISHED_DERIVED_CHANGED,
            &raw.sources,
            loc,
            format!(
                "单位 \"{unit}\" 在已公布的 {path} 中{before}，现在有了自己的数据行，公布过的数字被改动要留下更正记录：{}",
                what.join("；")
            ),
            format!("数字确实要改，就在这份月报末尾加上下面这段，写明更正日期和原因（原数字照抄，不要改）；不是有意改动，就删掉这一行 [[row]]：{block}"),
        );
    }
}

/// A `[[correction]]` of `report` for `unit` records `old` as the published `field`.
pub(super) fn corrected(report: &RawReport, unit: &str, field: &str, old: u64) -> bool {
    report
        .corrections
        .iter()
        .filter(|c| c.unit.value == unit)
        .any(|c| c.was.values().get(field).and_then(|n| u64::try_from(n).ok()) == Some(old))
}

/// A `[[withdrawal]]` of data/site.toml covers the year (`month` None) or that round of it (a
/// withdrawal of the whole year covers each of its rounds).
pub(super) fn withdrawn(raw: &RawSite, year: i32, month: Option<u32>) -> bool {
    raw.settings.iter().flat_map(|s| &s.withdrawals).any(|w| {
        w.year.value == i64::from(year)
            && match (&w.month, month) {
                (None, _) => true,
                (Some(m), Some(month)) => m.value == i64::from(month),
                (Some(_), None) => false,
            }
    })
}

/// The `[[withdrawal]]` to paste into data/site.toml.
pub(super) fn withdrawal_block(year: i32, month: Option<u32>) -> String {
    let month = month.map_or_else(String::new, |m| format!("\n    month = {m}"));
    format!(
        "\n    [[withdrawal]]\n    year = {year}{month}\n    date = {}\n    reason = \"（写明撤回原因）\"",
        today()
    )
}

/// Where the record kept with the data (`published.lock`) and the open data of the site in
/// `--out` disagree about a year: once per year, as a warning (both are compared).
pub fn disagreement(lock: &Published, site_json: &Published, out: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let years: std::collections::BTreeSet<i32> = lock.years().chain(site_json.years()).map(|(y, _)| y).collect();
    for year in years {
        let why = match (lock.year(year), site_json.year(year)) {
            (Some(_), None) => Some("published.lock 里有这一年，输出目录的网站里没有".to_string()),
            (None, Some(_)) => Some("输出目录的网站里有这一年，published.lock 里没有".to_string()),
            (Some(a), Some(b)) => year_differs(a, b),
            (None, None) => None,
        };
        let Some(why) = why else {
            continue;
        };
        let mut d = Diagnostic::at_file(
            crate::diagnostics::Severity::Warning,
            rules::RECORDS_DISAGREE,
            lock::FILE,
            format!(
                "已公布数字的记录 {} 与 {} 里上次发布的 {year} 年开放数据不一致：{why}",
                lock::FILE,
                out.join(format!("data/{year}.json")).display()
            ),
            "两边都会核对，改动了任一边记录的已公布数字都要有更正记录；一般是 published.lock 没有和数据一起提交，或输出目录是旧的备份：用 git log 查看 published.lock 的历史，确认后重新生成",
        );
        d.line = 1;
        diags.push(d);
    }
    diags
}

fn year_differs(a: &PublishedYear, b: &PublishedYear) -> Option<String> {
    let quotas = |y: &PublishedYear| {
        y.units
            .iter()
            .map(|u| (u.id.clone(), u.quota))
            .collect::<BTreeMap<_, _>>()
    };
    if quotas(a) != quotas(b) {
        return Some("招生任务不同".to_string());
    }
    for ra in &a.rounds {
        let Some(rb) = b.rounds.iter().find(|r| r.month == ra.month) else {
            return Some(format!("{} 月只在 published.lock 里有", ra.month));
        };
        if ra.sample != rb.sample {
            return Some(format!("{} 月一边是示例数据，一边是正式数据", ra.month));
        }
        if ra.sample {
            continue;
        }
        let rows = |r: &PublishedRound| {
            r.rows
                .iter()
                .map(|x| (x.unit.clone(), (x.status.clone(), x.figures.clone())))
                .collect::<BTreeMap<_, _>>()
        };
        if rows(ra) != rows(rb)
            || (ra.city_total.is_some() && rb.city_total.is_some() && ra.city_total != rb.city_total)
        {
            return Some(format!("{} 月的数字不同", ra.month));
        }
    }
    b.rounds
        .iter()
        .find(|rb| !a.rounds.iter().any(|r| r.month == rb.month))
        .map(|rb| format!("{} 月只在输出目录的网站里有", rb.month))
}
