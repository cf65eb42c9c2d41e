//! 校企合作黑名单: `[[blacklist]]` of every year's actions.toml.

use std::collections::BTreeMap;

use super::years::non_empty;
use super::{UnitIndex, Validator};
use crate::diagnostics::{rules, suggestion_hint};
use crate::load::raw::{RawBlacklisted, RawSite};
use crate::vocab::BlacklistKind;

/// The 31 characters of a 统一社会信用代码 (GB 32100-2015): digits and capitals without I O Z S V.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// The check character the first 17 characters call for; None when one is not of the alphabet.
pub fn credit_check_character(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.bytes().zip(WEIGHTS) {
        sum += ALPHABET.iter().position(|&a| a == c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(char::from(ALPHABET[check]))
}

pub(super) fn check(v: &mut Validator<'_>, site: &RawSite, index: &UnitIndex<'_>) {
    let mut by_name: BTreeMap<String, Vec<&RawBlacklisted>> = BTreeMap::new();
    for year in &site.years {
        for b in year.actions.iter().flat_map(|a| &a.blacklist) {
            check_entry(v, b, index);
            by_name.entry(b.name.value.trim().to_string()).or_default().push(b);
        }
    }
    // The same name twice: the earlier listing must have been removed before the later one.
    for entries in by_name.values_mut() {
        entries.sort_by_key(|b| b.date.value);
        for pair in entries.windows(2) {
            let (first, then) = (pair[0], pair[1]);
            if first.removed.as_ref().is_some_and(|r| r.value <= then.date.value) {
                continue;
            }
            let file = v.sources.get(first.name.loc.file);
            let at = file.path.clone();
            let (line, _) = file.line_col(first.name.loc.span.start);
            v.error(
                rules::LISTED_TWICE,
                &then.name,
                format!(
                    "“{}”已经在 {at} 第 {line} 行列入黑名单（{}），那一条没有在 {} 之前移出",
                    then.name.value, first.date.value, then.date.value
                ),
                "同一名称只列入一次：仍在名单上就删掉这一段，把新情况写进原来那一段的 reason；已经移出过的，在原来那一段写上 removed = 移出日期",
            );
        }
    }
}

fn check_entry(v: &mut Validator<'_>, b: &RawBlacklisted, index: &UnitIndex<'_>) {
    non_empty(v, &b.name, "名称 name");
    non_empty(v, &b.reason, "列入原因 reason");
    if let Some(d) = &b.document {
        non_empty(v, d, "文号 document");
    }
    let kind = BlacklistKind::parse(&b.kind.value);
    if kind.is_none() {
        let hint = suggestion_hint(&b.kind.value, BlacklistKind::ALL.map(BlacklistKind::as_str)).unwrap_or_default();
        v.error(
            rules::BAD_BLACKLIST_KIND,
            &b.kind,
            format!("黑名单类别 kind = \"{}\" 不认识", b.kind.value),
            format!("{hint}kind 只能是 \"agency\"（中介组织）、\"company\"（企业）或 \"person\"（个人）"),
        );
    }
    if let Some(code) = &b.credit_code {
        if kind == Some(BlacklistKind::Person) {
            v.error(
                rules::CREDIT_CODE_ON_PERSON,
                code,
                "个人没有统一社会信用代码，这里不能写 credit_code",
                "删掉这一行；个人只公开姓名、列入日期、原因和文号，不写身份证号等任何其他信息",
            );
        } else {
            check_credit_code(v, code);
        }
    }
    if let Some(removed) = &b.removed {
        if removed.value < b.date.value {
            v.error(
                rules::REMOVED_BEFORE_DATE,
                removed,
                format!("移出日期 {} 早于列入日期 {}", removed.value, b.date.value),
                "核对两个日期：removed 是移出黑名单的日期，不能早于 date",
            );
        }
    }
    for u in b.units.iter().flat_map(|l| &l.value) {
        index.resolve(v, u, "黑名单涉及的学校");
    }
}

fn check_credit_code(v: &mut Validator<'_>, code: &crate::source::Field<String>) {
    let value = code.value.trim();
    let bad: Vec<char> = value
        .chars()
        .filter(|c| !c.is_ascii() || !ALPHABET.contains(&(*c as u8)))
        .collect();
    if value.chars().count() != 18 || !bad.is_empty() {
        let what = if bad.is_empty() {
            format!("有 {} 位", value.chars().count())
        } else {
            let shown: String = bad
                .iter()
                .take(3)
                .map(|c| format!("“{c}”"))
                .collect::<Vec<_>>()
                .join("、");
            format!("含有代码里不会出现的字符 {shown}")
        };
        v.error(
            rules::BAD_CREDIT_CODE,
            code,
            format!("统一社会信用代码 \"{}\" {what}", code.value),
            "统一社会信用代码是 18 位，由数字和大写字母组成（不含 I、O、Z、S、V）；照营业执照或“国家企业信用信息公示系统”抄写，不确定就删掉这一行",
        );
        return;
    }
    let expected = credit_check_character(&value[..17]).unwrap_or('0');
    let wrote = value.chars().last().unwrap_or_default();
    if expected != wrote {
        v.error(
            rules::CREDIT_CODE_CHECK,
            code,
            format!("统一社会信用代码 \"{value}\" 的最后一位（校验码）应为 “{expected}”，这里是 “{wrote}”"),
            "前 17 位中很可能有一位抄错了：照营业执照或“国家企业信用信息公示系统”重新核对整个代码",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_character_follows_gb_32100() {
        // The standard's own example and a code of a registered company.
        assert_eq!(credit_check_character("91350100M000100Y4"), Some('3'));
        assert_eq!(credit_check_character("91110000100006485"), Some('K'));
        assert_eq!(credit_check_character("91410100MA44ABCD1"), Some('F'));
        // I, O, Z, S and V are not in the alphabet.
        assert_eq!(credit_check_character("91410100MA44ABCDO"), None);
    }
}
