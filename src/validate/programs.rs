//! Rules for a year's programs.toml (招生专业与计划) and admissions.toml (录取结果).

use std::collections::HashMap;

use super::years::{check_count, non_empty, Quotas, MAX_COUNT};
use super::{is_web_url, UnitIndex, Validator};
use crate::diagnostics::{rules, suggestion_hint};
use crate::load::raw::{RawAdmissions, RawPrograms};
use crate::source::Field;
use crate::vocab::Track;

/// 学费 above this (元/年) is a typo: no secondary vocational school charges more.
const MAX_FEE: i64 = 1_000_000;

/// A `unit` that names a unit: known, and with a quota that year. True when it may be used.
fn unit_with_quota(
    v: &mut Validator<'_>,
    unit: &Field<String>,
    index: &UnitIndex<'_>,
    quotas: Option<&Quotas>,
    year: i32,
    what: &str,
    rule: &'static crate::diagnostics::Rule,
) -> Option<usize> {
    let u = index.resolve(v, unit, what)?;
    if let Some(q) = quotas {
        if !q.has(u) {
            v.error(
                rule,
                unit,
                format!("单位 \"{}\" 在 {year} 年没有招生任务", unit.value),
                format!("只有当年有招生任务的单位才公开这些信息：先在 data/{year}/quotas.toml 中给它写招生任务，或删掉这一段"),
            );
            return None;
        }
    }
    Some(u)
}

pub(super) fn check_programs(
    v: &mut Validator<'_>,
    year: i32,
    file: &RawPrograms,
    quotas: Option<&Quotas>,
    index: &UnitIndex<'_>,
) {
    // (unit, normalised name, track) → the line of its first program, for pointing back from a duplicate.
    let mut first: HashMap<(usize, String, &str), usize> = HashMap::new();
    for p in &file.programs {
        non_empty(v, &p.name, "专业名称 name");
        let track = Track::parse(&p.track.value);
        if track.is_none() {
            let wrote = p.track.value.trim();
            let hint = Track::ALL
                .iter()
                .find(|t| t.label() == wrote || (wrote == "中职" && **t == Track::ThreeYear))
                .map(|t| format!("这里要写英文代码：写 \"{}\"（{}）；", t.as_str(), t.label()))
                .or_else(|| suggestion_hint(wrote, Track::ALL.map(Track::as_str)))
                .unwrap_or_default();
            v.error(
                rules::BAD_TRACK,
                &p.track,
                format!("招生类型 track = \"{}\" 不认识", p.track.value),
                format!("{hint}track 只能是 {}", crate::vocab::Track::spelled_out()),
            );
        }
        if let Some(code) = &p.code {
            if code.value.len() != 6 || !code.value.bytes().all(|b| b.is_ascii_digit()) {
                v.error(
                    rules::BAD_PROGRAM_CODE,
                    code,
                    format!("专业代码 code = \"{}\" 不是六位数字", code.value),
                    "按《职业教育专业目录》填六位数字的专业代码，如 code = \"730301\"；不知道代码可以删掉这一行",
                );
            }
        }
        if p.plan.value <= 0 || p.plan.value > MAX_COUNT {
            let why = if p.plan.value <= 0 {
                "不是正整数"
            } else {
                "大得不合理"
            };
            v.error(
                rules::PLAN_NOT_POSITIVE,
                &p.plan,
                format!("计划招生人数 plan = {} {why}", p.plan.value),
                "plan 是这个专业计划招收的人数，大于 0 的整数；不招生的专业不写这一段",
            );
        }
        if let Some(years) = &p.years {
            if !(1..=6).contains(&years.value) {
                v.error(
                    rules::BAD_PROGRAM_YEARS,
                    years,
                    format!("学制 years = {} 不在 1–6 年之间", years.value),
                    "中专一般 3 年，3+2 和五年一贯制 5 年，一年制 1 年；写整数年数",
                );
            }
        }
        if let Some(fee) = &p.fee {
            if fee.value < 0 || fee.value > MAX_FEE {
                v.error(
                    rules::BAD_FEE,
                    fee,
                    format!("学费 fee = {} 不合理", fee.value),
                    "fee 是每年学费（元），不小于 0 的整数；免学费写 0，不清楚可以删掉这一行",
                );
            }
        }
        let Some(unit) = unit_with_quota(
            v,
            &p.unit,
            index,
            quotas,
            year,
            "专业的单位",
            rules::PROGRAM_WITHOUT_QUOTA,
        ) else {
            continue;
        };
        let Some(track) = track else { continue };
        // Compared as unit names are (`护　理` with an ideographic space is 护理): the programs
        // page lists programs by name, and the importer matches names this way.
        let key = (unit, crate::names::normalize_name(&p.name.value), track.as_str());
        if let Some(line) = first.get(&key) {
            v.error(
                rules::DUPLICATE_PROGRAM,
                &p.name,
                format!(
                    "\"{}\" 的 {}（{}）已经在第 {line} 行写过",
                    p.unit.value,
                    p.name.value,
                    track.label()
                ),
                "同一单位的同一专业、同一招生类型只写一段：合并两段的计划人数，或删掉重复的一段",
            );
        } else {
            let line = v.sources.position(p.name.loc.clone()).1;
            first.insert(key, line);
        }
    }
}

pub(super) fn check_admissions(
    v: &mut Validator<'_>,
    year: i32,
    file: &RawAdmissions,
    quotas: Option<&Quotas>,
    index: &UnitIndex<'_>,
) {
    let mut first: HashMap<(usize, &str), usize> = HashMap::new();
    for a in &file.admissions {
        non_empty(v, &a.round, "录取批次 round");
        check_count(v, &a.admitted, "录取人数 admitted");
        if let Some(url) = &a.list_url {
            if !is_web_url(&url.value) {
                v.error(
                    rules::BAD_LIST_URL,
                    url,
                    format!(
                        "录取名单网址 list_url = \"{}\" 不是 http:// 或 https:// 开头的网址",
                        url.value
                    ),
                    "从浏览器地址栏复制完整网址，如 \"https://www.example.edu.cn/lq/2024.html\"；没有就删掉这一行",
                );
            }
        }
        let Some(unit) = unit_with_quota(
            v,
            &a.unit,
            index,
            quotas,
            year,
            "录取结果的单位",
            rules::ADMISSION_WITHOUT_QUOTA,
        ) else {
            continue;
        };
        let key = (unit, a.round.value.trim());
        if let Some(line) = first.get(&key) {
            v.error(
                rules::DUPLICATE_ADMISSION,
                &a.round,
                format!(
                    "\"{}\" 的 {} 录取结果已经在第 {line} 行写过",
                    a.unit.value, a.round.value
                ),
                "每个单位每个录取批次只写一段；更正人数请改原来那一段，不同批次请写不同的 round（如 第二次补录）",
            );
        } else {
            let line = v.sources.position(a.round.loc.clone()).1;
            first.insert(key, line);
        }
    }
}
