//! Warnings read off the model: the build goes on, `--strict` makes them errors.

use super::{EntryId, Site, Status, Year, PROGRAM_TYPES};
use crate::diagnostics::rules;
use crate::diagnostics::Diagnostics;
use crate::source::{Loc, Sources};

/// Completion above this (in tenths of a percent) is likely a typo.
const IMPLAUSIBLE_PERMILLE: u64 = 1500;

pub fn warnings(site: &Site, sources: &Sources) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let latest = site.years.last().and_then(|y| Some((y.year, y.rounds.last()?.month)));
    for year in &site.years {
        for (r, round) in year.rounds.iter().enumerate() {
            let first = diags.len();
            let mut missing_names = Vec::new();
            for entry in &year.entries {
                let unit = &site.units[entry.unit];
                let p = &entry.progress[r];
                let row = p.row.clone().unwrap_or_else(|| Loc::file_start(round.file));
                if p.status == Status::Missing {
                    missing_names.push(format!("{}（{}）", unit.name, unit.id));
                }
                if p.late && !p.late_ok {
                    let at = p.submitted_loc.clone().unwrap_or(row.clone());
                    let submitted = p.submitted.map(|d| d.to_string()).unwrap_or_default();
                    diags.warning(rules::LATE_FORM,
                        sources,
                        at,
                        format!(
                            "{} 的报表 {} 才报送，晚于截止日 {}（逾期）",
                            unit.name, submitted, round.due
                        ),
                        "如日期填错请改正；确属逾期则保留，网站会标注“逾期”；已认可的逾期在这一行加 late_ok = true，不再提示",
                    );
                }
                if !p.dropped.is_empty() {
                    let prev = entry.progress[..r].iter().rev().find(|p| p.status == Status::Reported);
                    let labels: Vec<String> = p
                        .dropped
                        .iter()
                        .map(|name| {
                            let i = PROGRAM_TYPES.iter().position(|(n, _)| n == name).unwrap_or(0);
                            let (a, b) = (prev.map_or(0, |q| q.figures.by_type()[i]), p.figures.by_type()[i]);
                            format!("{}人数 {a} → {b}", PROGRAM_TYPES[i].1)
                        })
                        .collect();
                    diags.warning(
                        rules::COUNT_FELL,
                        sources,
                        row.clone(),
                        format!("{} 的累计人数比上月少：{}", unit.name, labels.join("，")),
                        "月报填的是截至当日的累计数，一般不会减少；请核对是否填成了当月新增数",
                    );
                }
                if let Some((own, children)) = p.below_children {
                    diags.warning(rules::BELOW_CHILDREN,
                        sources,
                        row.clone(),
                        format!(
                            "{} 自己这一行的累计总数 {own} 少于下属单位合计 {children}；网站按下属单位合计 {children} 显示",
                            unit.name
                        ),
                        "上级单位的人数应当包含下属学校：改正这一行，或删掉这一行让网站自动汇总下属单位",
                    );
                }
                if p.status != Status::Missing {
                    if let Some(rate) = p.completion.filter(|c| c.permille > IMPLAUSIBLE_PERMILLE) {
                        let whose = if p.status == Status::RolledUp {
                            "（下属汇总）"
                        } else {
                            ""
                        };
                        diags.warning(
                            rules::RATE_OVER_150,
                            sources,
                            row,
                            format!(
                                "{}{whose} 的完成率 {rate} 超过 150%（{} / {}），可能填错",
                                unit.name,
                                p.figures.total(),
                                entry.quota
                            ),
                            "核对人数是否多打了一位；数字无误可以忽略此提示",
                        );
                    }
                }
            }
            if !missing_names.is_empty() {
                diags.warning(
                    rules::FORMS_MISSING,
                    sources,
                    Loc::file_start(round.file),
                    format!(
                        "{} 个单位没有报送这个月的报表（未报送）：{}",
                        missing_names.len(),
                        missing_names.join("、")
                    ),
                    "收到报表后补上 [[row]]；网站会把它们标为“未报送”",
                );
            }
            if latest != Some((year.year, round.month)) {
                // Said when that month was current; repeated in full only by `check`.
                diags.mark_earlier_round(first);
            }
        }
        plans_against_quotas(&mut diags, site, year, sources);
    }
    diags
}

/// A school's programs should add up to its quota: the plan is how the quota is split.
fn plans_against_quotas(diags: &mut Diagnostics, site: &Site, year: &Year, sources: &Sources) {
    for (e, entry) in year.entries.iter().enumerate() {
        let Some(plans) = year.schools.by_entry[e].plans else {
            continue;
        };
        let Some(first) = year.schools.programs_of(EntryId(e)).next() else {
            continue;
        };
        let sum = plans.total();
        if sum == entry.quota {
            continue;
        }
        let parts: Vec<String> = PROGRAM_TYPES
            .iter()
            .zip(plans.by_type())
            .filter(|(_, n)| *n > 0)
            .map(|((_, label), n)| format!("{label} {n}"))
            .collect();
        let diff = i128::from(sum) - i128::from(entry.quota);
        diags.warning(
            rules::PLANS_DIFFER_FROM_QUOTA,
            sources,
            first.loc.clone(),
            format!(
                "{} 各专业计划招生人数之和 {sum}（{}）与 {} 年招生任务 {} 不符（相差 {diff:+}）",
                site.units[entry.unit].name,
                parts.join("，"),
                year.year,
                entry.quota
            ),
            "招生计划是招生任务的分解，两者应当一致：核对各专业的 plan，或 quotas.toml 中的招生任务",
        );
    }
}
