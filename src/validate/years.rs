//! Rules for one year: quotas.toml, the monthly reports and actions.toml.

use std::collections::HashMap;

use super::{UnitIndex, Validator};
use crate::diagnostics::suggestion_hint;
use crate::load::raw::{RawActions, RawQuota, RawQuotas, RawReport, RawRow, RawUnit, RawYear};
use crate::model::CircularKind;
use crate::source::Field;

pub(super) fn check(v: &mut Validator<'_>, year: &RawYear, units: &[RawUnit], index: &UnitIndex<'_>) {
    let quotas = match &year.quotas {
        Some(q) => Some(check_quotas(v, year.year, q, units, index)),
        None if year.quotas_unreadable => None,
        None => {
            v.diags.error(
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
    }
    if let Some(actions) = &year.actions {
        check_actions(v, actions, index);
    }
}

/// Checks quotas.toml and returns each unit's quota.
fn check_quotas(
    v: &mut Validator<'_>,
    year: i32,
    q: &RawQuotas,
    units: &[RawUnit],
    index: &UnitIndex<'_>,
) -> HashMap<usize, i64> {
    let mut quota_of: HashMap<usize, i64> = HashMap::new();
    // Each unit's first [[quota]]: duplicates point back to it, and it carries the unit's errors.
    let mut first: HashMap<usize, &RawQuota> = HashMap::new();
    for entry in &q.quotas {
        let positive = entry.quota.value > 0;
        if !positive {
            v.error(
                &entry.quota,
                format!("招生任务 quota = {} 不是正整数", entry.quota.value),
                "招生任务是大于 0 的整数（人）；没有任务的单位不写这一段",
            );
        } else if entry.quota.value > i64::from(u32::MAX) {
            v.error(
                &entry.quota,
                format!("招生任务 quota = {} 大得不合理", entry.quota.value),
                "检查是否多打了数字",
            );
        }
        let Some(unit) = index.resolve(v, &entry.unit, "单位") else {
            continue;
        };
        if let Some(earlier) = first.get(&unit) {
            let line = v.sources.position(earlier.unit.loc.clone()).1;
            v.error(
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
        if positive {
            quota_of.insert(unit, entry.quota.value);
        }
    }
    let has_quota_ancestor = |mut i: usize| -> bool {
        let mut steps = 0;
        while let Some(p) = units[i].parent.as_ref().and_then(|p| index.get(&p.value)) {
            if quota_of.contains_key(&p) {
                return true;
            }
            steps += 1;
            if steps > units.len() {
                return false; // a parent cycle, reported by the unit rules
            }
            i = p;
        }
        false
    };
    if let Some(total) = &q.total {
        let sum: i64 = quota_of
            .iter()
            .filter(|(&u, _)| !has_quota_ancestor(u))
            .map(|(_, &n)| n)
            .sum();
        let complete = q.quotas.len() == quota_of.len();
        if complete && total.value != sum {
            v.error(
                total,
                format!(
                    "声明的合计 total = {}，但各单位招生任务之和是 {sum}（相差 {}）",
                    total.value,
                    total.value - sum
                ),
                "核对每个单位的任务数，或把 total 改成正确的合计",
            );
        }
    }
    // Children's quotas must fit in their parent's.
    let mut children_sum: HashMap<usize, i64> = HashMap::new();
    for (&u, &n) in &quota_of {
        if let Some(p) = units[u].parent.as_ref().and_then(|p| index.get(&p.value)) {
            *children_sum.entry(p).or_default() += n;
        }
    }
    for (unit, entry) in &first {
        if let (Some(&sum), Some(&own)) = (children_sum.get(unit), quota_of.get(unit)) {
            if sum > own {
                v.error(
                    &entry.quota,
                    format!(
                        "下属单位的招生任务之和 {sum} 超过了 \"{}\" 自己的任务 {own}",
                        entry.unit.value
                    ),
                    "调高这个单位的任务，或调低下属单位的任务",
                );
            }
        }
    }
    quota_of
}

fn check_report(
    v: &mut Validator<'_>,
    year: i32,
    r: &RawReport,
    quotas: Option<&HashMap<usize, i64>>,
    index: &UnitIndex<'_>,
) {
    if let Some(as_of) = &r.as_of {
        use chrono::Datelike;
        if as_of.value.year() != year || as_of.value.month() != r.month {
            v.error(
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
        for (field, label) in [
            (&row.three_year, "中专人数 three_year"),
            (&row.three_plus_two, "3+2 人数 three_plus_two"),
            (&row.five_year, "五年一贯制人数 five_year"),
            (&row.one_year, "一年制人数 one_year"),
        ] {
            if field.value < 0 {
                v.error(
                    field,
                    format!("{label} = {} 是负数", field.value),
                    "人数不能小于 0，没有就填 0",
                );
            }
        }
        if let Some(total) = &row.total {
            let sum = row.three_year.value + row.three_plus_two.value + row.five_year.value + row.one_year.value;
            if total.value != sum {
                v.error(
                    total,
                    format!(
                        "总数 total = {}，但四类人数之和是 {sum}（{} + {} + {} + {}）",
                        total.value,
                        row.three_year.value,
                        row.three_plus_two.value,
                        row.five_year.value,
                        row.one_year.value
                    ),
                    "核对四类人数，或把 total 改成它们的和（也可以删掉 total，程序会自动相加）",
                );
            }
        }
        let Some(unit) = index.resolve(v, &row.unit, "单位") else {
            continue;
        };
        if let Some(earlier) = first.get(&unit) {
            let line = v.sources.position(earlier.unit.loc.clone()).1;
            v.error(
                &row.unit,
                format!("单位 \"{}\" 在这份月报中出现了两次（第 {line} 行已有）", row.unit.value),
                "每个单位每月只报一行，删掉或合并重复的一段",
            );
            continue;
        }
        first.insert(unit, row);
        if let Some(quotas) = quotas {
            if !quotas.contains_key(&unit) {
                v.error(
                    &row.unit,
                    format!("单位 \"{}\" 在 {year} 年没有招生任务，不能报送月报", row.unit.value),
                    format!("先在 data/{year}/quotas.toml 中给它写招生任务，或删掉这一行"),
                );
            }
        }
    }
}

fn check_actions(v: &mut Validator<'_>, actions: &RawActions, index: &UnitIndex<'_>) {
    for w in &actions.warnings {
        index.resolve(v, &w.unit, "警示标注的单位");
        non_empty(v, &w.reason, "警示原因 reason");
        if let Some(lifted) = &w.lifted {
            if lifted.value < w.date.value {
                v.error(
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
                &c.kind,
                format!("通报类别 kind = \"{}\" 不认识", c.kind.value),
                format!("{hint}kind 只能是 \"praise\"（通报表扬）或 \"criticism\"（通报批评）"),
            );
        }
        non_empty(v, &c.title, "通报标题 title");
        if c.units.is_empty() {
            v.diags.error(
                v.sources,
                c.loc.clone(),
                "通报没有列出任何单位",
                "写 units = [\"单位代码\", …]",
            );
        }
        for u in &c.units {
            index.resolve(v, u, "通报的单位");
        }
    }
}

fn non_empty(v: &mut Validator<'_>, field: &Field<String>, label: &str) {
    if field.value.trim().is_empty() {
        v.error(field, format!("{label} 不能为空"), "写上具体内容");
    }
}
