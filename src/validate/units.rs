//! data/units.toml rules: ids, names, kinds, parents.

use std::collections::HashMap;

use super::{settings::check_url, UnitIndex, Validator};
use crate::diagnostics::suggestion_hint;
use crate::load::raw::RawUnit;
use crate::model::UnitKind;

pub(super) fn check(v: &mut Validator<'_>, units: &[RawUnit], index: &UnitIndex<'_>) {
    let mut ids: HashMap<&str, &RawUnit> = HashMap::new();
    let mut names: HashMap<&str, &RawUnit> = HashMap::new();
    for unit in units {
        let id = &unit.id.value;
        if !is_slug(id) {
            v.error(
                &unit.id,
                format!("单位代码 id = \"{id}\" 不合规"),
                "只用小写英文字母、数字和连字符（-），不超过 64 个字符，如 \"xinmi\" 或 \"zz-jinrong\"；它会出现在网址里",
            );
        }
        if let Some(first) = ids.get(id.as_str()) {
            let (_, line, _) = v.sources.position(first.id.loc.clone());
            v.error(
                &unit.id,
                format!("单位代码 \"{id}\" 重复（第 {line} 行已用过）"),
                "每个单位的 id 必须不同",
            );
        } else {
            ids.insert(id, unit);
        }
        let name = &unit.name.value;
        if name.trim().is_empty() {
            v.error(&unit.name, "单位名称不能为空", "按文件中的写法填写单位全称");
        } else if let Some(first) = names.get(name.as_str()) {
            let (_, line, _) = v.sources.position(first.name.loc.clone());
            v.error(
                &unit.name,
                format!("单位名称 \"{name}\" 重复（第 {line} 行已用过）"),
                "每个单位只登记一次",
            );
        } else {
            names.insert(name, unit);
        }
        if UnitKind::parse(&unit.kind.value).is_none() {
            let kinds = UnitKind::ALL.map(UnitKind::as_str);
            let hint = suggestion_hint(&unit.kind.value, kinds).unwrap_or_default();
            v.error(
                &unit.kind,
                format!("单位类别 kind = \"{}\" 不认识", unit.kind.value),
                format!(
                    "{hint}kind 只能是 \"district\"（区县（市）教育局）、\"school\"（学校）或 \"other\"（其他学校）"
                ),
            );
        }
        if let Some(parent) = &unit.parent {
            if parent.value == *id {
                v.error(
                    parent,
                    "单位的上级不能是它自己",
                    "删掉 parent，或写它真正的上级单位的 id",
                );
            } else {
                index.resolve(v, parent, "上级单位 parent");
            }
        }
        if let Some(site) = &unit.website {
            check_url(v, site, "website");
        }
    }
    check_cycles(v, units, index);
}

/// A chain of parents that returns to where it started (a → b → a) has no top.
fn check_cycles(v: &mut Validator<'_>, units: &[RawUnit], index: &UnitIndex<'_>) {
    let parent_of = |i: usize| -> Option<usize> {
        let p = units[i].parent.as_ref()?;
        index.get(&p.value).filter(|&p| p != i)
    };
    let mut reported = vec![false; units.len()];
    for start in 0..units.len() {
        let mut chain = vec![start];
        let mut at = start;
        while let Some(p) = parent_of(at) {
            if p == start {
                if !chain.iter().any(|&i| reported[i]) {
                    let names: Vec<&str> = chain
                        .iter()
                        .chain([&start])
                        .map(|&i| units[i].id.value.as_str())
                        .collect();
                    let parent = units[start].parent.as_ref().expect("in a cycle");
                    v.error(
                        parent,
                        format!("上级单位形成了循环：{}", names.join(" → ")),
                        "上下级关系必须有一个最上级；删掉其中一个单位的 parent",
                    );
                }
                chain.iter().for_each(|&i| reported[i] = true);
                break;
            }
            if chain.contains(&p) || chain.len() > units.len() {
                break; // a cycle further up; reported when its own start is visited
            }
            chain.push(p);
            at = p;
        }
    }
}

/// ^[a-z0-9]+(-[a-z0-9]+)*$, at most 64 characters.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::is_slug;

    #[test]
    fn unit_ids_are_lowercase_slugs_of_at_most_64_characters() {
        assert!(is_slug("xinmi"));
        assert!(is_slug("zz-jinrong-2"));
        assert!(!is_slug("Xinmi"));
        assert!(!is_slug("xin_mi"));
        assert!(!is_slug("-xinmi"));
        assert!(!is_slug("xin--mi"));
        assert!(!is_slug("新密"));
        assert!(!is_slug(&"a".repeat(65)));
        assert!(is_slug(&"a".repeat(64)));
    }
}
