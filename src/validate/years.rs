//! Rules for one year: quotas.toml, the monthly reports and actions.toml.

use crate::diagnostics::rules;
use std::collections::{HashMap, HashSet};

use super::units::UnitTree;
use super::{UnitIndex, Validator};
use crate::diagnostics::suggestion_hint;
use crate::load::raw::{RawActions, RawAdjustment, RawQuota, RawQuotas, RawReport, RawRow, RawYear};
use crate::source::Field;
use crate::tree;
use crate::vocab::{takes_limit, CircularKind, CountField, Track};

/// The largest count (quota or number of students) accepted: sums of them fit in a u64.
pub(crate) const MAX_COUNT: i64 = u32::MAX as i64;

/// At most this many unit ids are named in one message.
const IDS_SHOWN: usize = 10;

/// A year's quotas as checked.
pub(super) struct Quotas {
    /// Each unit's valid quota.
    of: HashMap<usize, u32>,
    /// Units with a [[quota]] that was refused: rows naming them are not refused again for it.
    refused: HashSet<usize>,
}

impl Quotas {
    /// The unit has a [[quota]], valid or refused (a refused one is not reported twice).
    pub(super) fn has(&self, unit: usize) -> bool {
        self.of.contains_key(&unit) || self.refused.contains(&unit)
    }
}

pub(super) fn check(v: &mut Validator<'_>, year: &RawYear, tree: &UnitTree, index: &UnitIndex<'_>) {
    let quotas = match &year.quotas {
        Some(q) => Some(check_quotas(v, year.year, q, tree, index)),
        None if year.quotas_unreadable => None,
        None => {
            v.diags.error(
                rules::NO_QUOTAS_FILE,
                v.sources,
                year.loc.clone(),
                format!(
                    "data/{}/ 没有 quotas.toml（招生任务分解表），这一年的月报和通报无法核对",
                    year.year
                ),
                format!("新建 data/{}/quotas.toml，每个单位写一段 [[quota]]", year.year),
            );
            None
        }
    };
    for report in &year.reports {
        check_report(v, year.year, report, quotas.as_ref(), index);
        super::corrections::check(v, report, index);
    }
    if let Some(actions) = &year.actions {
        check_actions(v, actions, index);
    }
    if let Some(programs) = &year.programs {
        super::programs::check_programs(v, year.year, programs, quotas.as_ref(), index);
    }
    if let Some(admissions) = &year.admissions {
        super::programs::check_admissions(v, year.year, admissions, quotas.as_ref(), index);
    }
}

/// Checks quotas.toml and returns each unit's quota.
fn check_quotas(v: &mut Validator<'_>, year: i32, q: &RawQuotas, tree: &UnitTree, index: &UnitIndex<'_>) -> Quotas {
    let mut quota_of: HashMap<usize, u32> = HashMap::new();
    let mut refused: HashSet<usize> = HashSet::new();
    // Each unit's first [[quota]]: duplicates point back to it, and it carries the unit's errors.
    let mut first: HashMap<usize, &RawQuota> = HashMap::new();
    for entry in &q.quotas {
        let value = entry.quota.value;
        let valid = if value <= 0 {
            v.error(
                rules::QUOTA_NOT_POSITIVE,
                &entry.quota,
                format!("招生任务 quota = {value} 不是正整数"),
                "招生任务是大于 0 的整数（人）；没有任务的单位不写这一段",
            );
            None
        } else if value > MAX_COUNT {
            v.error(
                rules::QUOTA_TOO_LARGE,
                &entry.quota,
                format!("招生任务 quota = {value} 大得不合理（最多 {MAX_COUNT}）"),
                "检查是否多打了数字，填实际的招生任务人数",
            );
            None
        } else {
            u32::try_from(value).ok()
        };
        let Some(unit) = index.resolve(v, &entry.unit, "单位") else {
            continue;
        };
        if let Some(earlier) = first.get(&unit) {
            let line = v.sources.position(earlier.unit.loc.clone()).1;
            v.error(
                rules::DUPLICATE_QUOTA,
                &entry.unit,
                format!(
                    "单位 \"{}\" 在 {year} 年有两个招生任务（第 {line} 行已有一个）",
                    entry.unit.value
                ),
                "每个单位每年只写一个 [[quota]]，删掉或合并重复的一段",
            );
            continue;
        }
        first.insert(unit, entry);
        match valid {
            Some(n) => drop(quota_of.insert(unit, n)),
            None => drop(refused.insert(unit)),
        }
    }
    // Where a unit's quota is counted: in the nearest ancestor that has a quota, or at the top.
    // Units whose place in the tree was refused are left out of both rules below.
    let nearest = tree::nearest_marked_ancestor(&tree.parent, &tree.forest, |u| quota_of.contains_key(&u));
    let in_tree = |u: usize| !tree.rejected.get(u).copied().unwrap_or(true);
    if let Some(total) = &q.total {
        let complete = q.quotas.len() == quota_of.len() && quota_of.keys().all(|&u| in_tree(u));
        // A u64 sum of u32 quotas: it cannot overflow.
        let sum: u64 = quota_of
            .iter()
            .filter(|(&u, _)| nearest[u].is_none())
            .map(|(_, &n)| u64::from(n))
            .sum();
        if complete && i128::from(total.value) != i128::from(sum) {
            v.error(
                rules::QUOTA_TOTAL_MISMATCH,
                total,
                format!(
                    "声明的合计 total = {}，但各单位招生任务之和是 {sum}（相差 {}）",
                    total.value,
                    i128::from(total.value) - i128::from(sum)
                ),
                "核对每个单位的任务数，或把 total 改成正确的合计",
            );
        }
    }
    // Quotas below a unit must fit in its own: each counts in its nearest ancestor with a quota,
    // so a school under a county without a quota still counts in the city's.
    let mut below: HashMap<usize, (u64, Vec<usize>)> = HashMap::new();
    for (&u, &n) in &quota_of {
        if let Some(p) = nearest[u].filter(|_| in_tree(u)) {
            let (sum, children) = below.entry(p).or_default();
            *sum += u64::from(n);
            children.push(u);
        }
    }
    for (unit, entry) in &first {
        if let (Some((sum, children)), Some(&own)) = (below.get_mut(unit), quota_of.get(unit)) {
            if *sum > u64::from(own) {
                children.sort_unstable();
                let mut ids: Vec<&str> = children
                    .iter()
                    .take(IDS_SHOWN)
                    .filter_map(|&c| first.get(&c).map(|q| q.unit.value.as_str()))
                    .collect();
                if children.len() > IDS_SHOWN {
                    ids.push("…");
                }
                v.error(
                    rules::CHILDREN_OVER_PARENT,
                    &entry.quota,
                    format!(
                        "下属单位的招生任务之和 {sum} 超过了 \"{}\" 自己的任务 {own}（{} 个下属单位：{}）",
                        entry.unit.value,
                        children.len(),
                        ids.join("、")
                    ),
                    "调高这个单位的任务，或调低下属单位的任务",
                );
            }
        }
    }
    check_adjustments(v, year, q, &quota_of, &refused, index);
    Quotas { of: quota_of, refused }
}

/// `[[adjustment]]`: each records an earlier quota of a unit with one this year; a unit's
/// adjustments in date order, then its current quota, are its history: no step repeats a value.
fn check_adjustments(
    v: &mut Validator<'_>,
    year: i32,
    q: &RawQuotas,
    quota_of: &HashMap<usize, u32>,
    refused: &HashSet<usize>,
    index: &UnitIndex<'_>,
) {
    use chrono::Datelike;
    let mut by_unit: HashMap<usize, Vec<&RawAdjustment>> = HashMap::new();
    for a in &q.adjustments {
        non_empty(v, &a.reason, "调整原因 reason");
        if let Some(d) = &a.document {
            non_empty(v, d, "文号 document");
        }
        if a.date.value.year() != year {
            v.error(
                rules::ADJUSTMENT_OUTSIDE_YEAR,
                &a.date,
                format!("调整日期 {} 不在 {year} 年内", a.date.value),
                format!("这是 data/{year}/quotas.toml，只记录 {year} 年内的调整；核对年份"),
            );
        }
        let valid_was = if a.was.value <= 0 || a.was.value > MAX_COUNT {
            v.error(
                rules::WAS_NOT_POSITIVE,
                &a.was,
                format!("调整前的招生任务 was = {} 不是合理的正整数", a.was.value),
                "was 写调整之前公布的招生任务（人），大于 0 的整数，如 was = 4000",
            );
            false
        } else {
            true
        };
        let Some(unit) = index.resolve(v, &a.unit, "调整招生任务的单位") else {
            continue;
        };
        if !quota_of.contains_key(&unit) {
            if !refused.contains(&unit) {
                v.error(
                    rules::ADJUSTMENT_WITHOUT_QUOTA,
                    &a.unit,
                    format!("单位 \"{}\" 在 {year} 年没有招生任务，无从调整", a.unit.value),
                    "先在这个文件里给它写 [[quota]]（调整后的任务），再用 [[adjustment]] 记下调整前的任务",
                );
            }
            continue;
        }
        if valid_was {
            by_unit.entry(unit).or_default().push(a);
        }
    }
    let mut units: Vec<usize> = by_unit.keys().copied().collect();
    units.sort_unstable();
    for unit in units {
        let mut list = by_unit.remove(&unit).unwrap_or_default();
        list.sort_by_key(|a| a.date.value);
        let current = i64::from(quota_of[&unit]);
        for (i, a) in list.iter().enumerate() {
            let (next, what) = match list.get(i + 1) {
                Some(n) => (n.was.value, format!("下一次调整（{}）前的任务", n.date.value)),
                None => (current, "现在的招生任务 quota".to_string()),
            };
            if a.was.value == next {
                v.error(
                    rules::ADJUSTMENT_CHANGES_NOTHING,
                    &a.was,
                    format!(
                        "调整前的任务 was = {} 与{what}（{next}）相同，这次调整什么也没有改变",
                        a.was.value
                    ),
                    "was 写调整之前公布的数；[[quota]] 里写调整后的数。没有调整就删掉这一段",
                );
            }
        }
    }
}

fn check_report(v: &mut Validator<'_>, year: i32, r: &RawReport, quotas: Option<&Quotas>, index: &UnitIndex<'_>) {
    if let Some(as_of) = &r.as_of {
        use chrono::Datelike;
        if as_of.value.year() != year || as_of.value.month() != r.month {
            v.error(
                rules::AS_OF_OUTSIDE_MONTH,
                as_of,
                format!(
                    "截止日期 as_of = {} 不在文件名所示的 {year} 年 {} 月内",
                    as_of.value, r.month
                ),
                format!(
                    "把 as_of 改成 {year}-{:02}-xx，或把文件改名为 {}-{:02}.toml",
                    r.month,
                    as_of.value.year(),
                    as_of.value.month()
                ),
            );
        }
    }
    // Each unit's first row, for pointing back at it from a duplicate.
    let mut first: HashMap<usize, &RawRow> = HashMap::new();
    for row in &r.rows {
        let mut counts_valid = true;
        for track in Track::ALL {
            counts_valid &= check_count(v, row.track(track), &track.field().help());
        }
        if let Some(total) = &row.total {
            // A total that is itself refused, or four counts of which one is, cannot be compared.
            if check_count(v, total, &CountField::Total.help()) && counts_valid {
                // A u64 sum of four counts of at most u32::MAX each: it cannot overflow.
                let sum: u64 = Track::ALL
                    .iter()
                    .map(|&t| u64::try_from(row.track(t).value).unwrap_or(0))
                    .sum();
                if u64::try_from(total.value).ok() != Some(sum) {
                    let parts: Vec<String> = Track::ALL.iter().map(|&t| row.track(t).value.to_string()).collect();
                    v.error(
                        rules::TOTAL_NOT_SUM,
                        total,
                        format!(
                            "{} = {}，但四类人数之和是 {sum}（{}）",
                            CountField::Total.help(),
                            total.value,
                            parts.join(" + ")
                        ),
                        "核对四类人数，或把 total 改成它们的和（也可以删掉 total，程序会自动相加）",
                    );
                }
            }
        }
        let Some(unit) = index.resolve(v, &row.unit, "单位") else {
            continue;
        };
        if let Some(earlier) = first.get(&unit) {
            let line = v.sources.position(earlier.unit.loc.clone()).1;
            v.error(
                rules::DUPLICATE_ROW,
                &row.unit,
                format!("单位 \"{}\" 在这份月报中出现了两次（第 {line} 行已有）", row.unit.value),
                "每个单位每月只报一行，删掉或合并重复的一段",
            );
            continue;
        }
        first.insert(unit, row);
        if let Some(quotas) = quotas {
            // A unit whose [[quota]] was refused has one: its rows are not refused for lacking it.
            if !quotas.of.contains_key(&unit) && !quotas.refused.contains(&unit) {
                v.error(
                    rules::ROW_WITHOUT_QUOTA,
                    &row.unit,
                    format!("单位 \"{}\" 在 {year} 年没有招生任务，不能报送月报", row.unit.value),
                    format!("先在 data/{year}/quotas.toml 中给它写招生任务，或删掉这一行"),
                );
            }
        }
    }
}

/// A number of students: 0 ≤ n ≤ u32::MAX. False (with an error at the figure) otherwise.
pub(super) fn check_count(v: &mut Validator<'_>, field: &Field<i64>, label: &str) -> bool {
    if field.value < 0 {
        v.error(
            rules::NEGATIVE_COUNT,
            field,
            format!("{label} = {} 是负数", field.value),
            "人数不能小于 0，没有就填 0",
        );
        false
    } else if field.value > MAX_COUNT {
        v.error(
            rules::COUNT_TOO_LARGE,
            field,
            format!("{label} = {} 大得不合理（最多 {MAX_COUNT}）", field.value),
            "检查是否多打了数字，填截至当日的实际人数",
        );
        false
    } else {
        true
    }
}

fn check_actions(v: &mut Validator<'_>, actions: &RawActions, index: &UnitIndex<'_>) {
    for w in &actions.warnings {
        index.resolve(v, &w.unit, "警示标注的单位");
        non_empty(v, &w.reason, "警示原因 reason");
        for (field, label) in [(&w.issuer, "作出单位 issuer"), (&w.document, "文号 document")] {
            if let Some(f) = field {
                non_empty(v, f, label);
            }
        }
        if let Some(limit) = &w.limit {
            let measure = w.measure.as_ref().map(|m| m.value.as_str());
            if !measure.is_some_and(takes_limit) {
                let wrote = measure.map_or("没有写处理措施 measure".to_string(), |m| {
                    format!("处理措施是“{m}”")
                });
                v.error(
                    rules::LIMIT_WITH_OTHER_MEASURE,
                    limit,
                    format!("{wrote}，不能写人数上限 limit = {}", limit.value),
                    "limit 只和 measure = \"限制报名人数\"（最多受理的报名人数）或 measure = \"压缩招生人数\"（压缩后的招生人数）一起写；其他措施删掉这一行",
                );
            } else if limit.value <= 0 || limit.value > MAX_COUNT {
                v.error(
                    rules::LIMIT_NOT_POSITIVE,
                    limit,
                    format!("人数上限 limit = {} 不是合理的正整数", limit.value),
                    "limit 写措施规定的人数，大于 0 的整数，如 limit = 800；停止招生请写 measure = \"停止招生\"，不写 limit",
                );
            }
        }
        if let Some(lifted) = &w.lifted {
            if lifted.value < w.date.value {
                v.error(
                    rules::LIFTED_BEFORE_DATE,
                    lifted,
                    format!("解除日期 {} 早于警示日期 {}", lifted.value, w.date.value),
                    "核对两个日期",
                );
            }
        }
    }
    for c in &actions.circulars {
        if CircularKind::parse(&c.kind.value).is_none() {
            let hint = suggestion_hint(&c.kind.value, CircularKind::ALL.map(CircularKind::as_str)).unwrap_or_default();
            v.error(
                rules::BAD_CIRCULAR_KIND,
                &c.kind,
                format!("通报类别 kind = \"{}\" 不认识", c.kind.value),
                format!("{hint}kind 只能是 \"praise\"（通报表扬）或 \"criticism\"（通报批评）"),
            );
        }
        non_empty(v, &c.title, "通报标题 title");
        if c.units.value.is_empty() {
            // At the empty list itself: that is what the clerk has to fill.
            v.error(
                rules::CIRCULAR_WITHOUT_UNITS,
                &c.units,
                "通报没有列出任何单位",
                "写 units = [\"单位代码\", …]",
            );
        }
        for u in &c.units.value {
            index.resolve(v, u, "通报的单位");
        }
    }
}

pub(super) fn non_empty(v: &mut Validator<'_>, field: &Field<String>, label: &str) {
    if field.value.trim().is_empty() {
        v.error(rules::EMPTY_TEXT, field, format!("{label} 不能为空"), "写上具体内容");
    }
}
