//! Rules of `[[correction]]` in a report file: each names a unit with a row in that file, records
//! at least one earlier figure that differs from the current one, and is dated on or after the
//! round's cut-off.

use std::collections::HashMap;

use super::years::{check_count, non_empty};
use super::{UnitIndex, Validator};
use crate::diagnostics::rules;
use crate::load::raw::{RawReport, RawRow};
use crate::vocab::CountField;

pub(super) fn check(v: &mut Validator<'_>, r: &RawReport, index: &UnitIndex<'_>) {
    let rows: HashMap<&str, &RawRow> = r.rows.iter().map(|row| (row.unit.value.as_str(), row)).collect();
    for c in &r.corrections {
        non_empty(v, &c.reason, "更正原因 reason");
        if let Some(as_of) = &r.as_of {
            if c.date.value < as_of.value {
                v.error(
                    rules::CORRECTION_BEFORE_AS_OF,
                    &c.date,
                    format!(
                        "更正日期 date = {} 早于这份月报的截止日期 {}",
                        c.date.value, as_of.value
                    ),
                    "更正是在数字公布之后做的：写更正的那一天（不早于截止日期）",
                );
            }
        }
        let fields: Vec<_> = c.was.fields().collect();
        if fields.is_empty() {
            v.diags.error(
                rules::CORRECTION_WAS_EMPTY,
                v.sources,
                c.was.loc.clone(),
                format!("单位 \"{}\" 的更正记录没有写原来的数字（was）", c.unit.value),
                format!(
                    "写上公布过的原数字，例如 was = {{ three_year = 250, total = 400 }}；可用的字段：{}",
                    CountField::KEYS.join(", ")
                ),
            );
        }
        for (_, f) in &fields {
            check_count(v, f, "原数字 was");
        }
        if index.resolve(v, &c.unit, "更正记录的单位").is_none() {
            continue;
        }
        let Some(row) = rows.get(c.unit.value.as_str()) else {
            v.error(
                rules::CORRECTION_WITHOUT_ROW,
                &c.unit,
                format!("更正记录的单位 \"{}\" 在这份月报中没有 [[row]]", c.unit.value),
                "更正记录写在这个单位有数据行的那份月报里；核对单位代码或月份",
            );
            continue;
        };
        for (name, f) in fields {
            if row.count(name) == Some(f.value) {
                v.error(
                    rules::CORRECTION_WAS_SAME,
                    f,
                    format!(
                        "更正记录说 {name} 原为 {}，但这一行现在的 {name} 也是 {}：没有更正任何数字",
                        f.value, f.value
                    ),
                    "was 里只写改动过的数字，写公布时的原数字；没改动的字段删掉",
                );
            }
        }
    }
}
