//! data/units.toml rules: ids, names, kinds, parents.

use crate::diagnostics::rules;
use std::collections::HashMap;

use super::{settings::check_phone, settings::check_url, UnitIndex, Validator};
use crate::diagnostics::suggestion_hint;
use crate::load::raw::RawUnit;
use crate::names::{is_invisible, normalize_name};
use crate::tree;
use crate::vocab::UnitKind;

/// The units' parent links as checked: later rules walk these, never the raw `parent` texts.
pub(crate) struct UnitTree {
    /// Each unit's parent, when it names a unit (a unit naming itself included).
    pub parent: Vec<Option<usize>>,
    pub forest: tree::Forest,
    /// Units whose place in the tree was refused (its parent names no unit, is itself, is on a
    /// cycle), and units below them: rules that depend on the tree say nothing about them.
    pub rejected: Vec<bool>,
}

/// At most this many ids of a cycle are listed.
const CYCLE_IDS_SHOWN: usize = 10;

pub(super) fn check(v: &mut Validator<'_>, units: &[RawUnit], index: &UnitIndex<'_>) -> UnitTree {
    let mut ids: HashMap<&str, &RawUnit> = HashMap::new();
    let mut names: HashMap<String, &RawUnit> = HashMap::new();
    let mut rejected = vec![false; units.len()];
    let mut parent: Vec<Option<usize>> = vec![None; units.len()];
    for (i, unit) in units.iter().enumerate() {
        let id = &unit.id.value;
        if !is_slug(id) {
            v.error(rules::BAD_UNIT_ID,
                &unit.id,
                format!("单位代码 id = \"{id}\" 不合规"),
                "只用小写英文字母、数字和连字符（-），不超过 64 个字符，如 \"xinmi\" 或 \"zz-jinrong\"；它会出现在网址里",
            );
        }
        if let Some(first) = ids.get(id.as_str()) {
            let (_, line, _) = v.sources.position(first.id.loc.clone());
            v.error(
                rules::DUPLICATE_UNIT_ID,
                &unit.id,
                format!("单位代码 \"{id}\" 重复（第 {line} 行已用过）"),
                "每个单位的 id 必须不同",
            );
        } else {
            ids.insert(id, unit);
        }
        let name = &unit.name.value;
        let key = normalize_name(name);
        if key.is_empty() {
            v.error(
                rules::EMPTY_TEXT,
                &unit.name,
                "单位名称不能为空",
                "按文件中的写法填写单位全称",
            );
        } else if let Some(first) = names.get(&key) {
            let (_, line, _) = v.sources.position(first.name.loc.clone());
            if first.name.value == *name {
                v.error(
                    rules::DUPLICATE_UNIT_NAME,
                    &unit.name,
                    format!("单位名称 \"{name}\" 重复（第 {line} 行已用过）"),
                    "每个单位只登记一次",
                );
            } else {
                v.error(rules::LOOKALIKE_UNIT_NAME,
                    &unit.name,
                    format!(
                        "单位名称 \"{}\" 与第 {line} 行的 \"{}\" 只差空格、全角/半角或看不见的字符，导入统计表时无法区分",
                        visible(name),
                        visible(&first.name.value)
                    ),
                    "删掉多余的空格和看不见的字符；确是两个单位，就把名称写得能区分开",
                );
            }
        } else {
            names.insert(key, unit);
        }
        if UnitKind::parse(&unit.kind.value).is_none() {
            let kinds = UnitKind::ALL.map(UnitKind::as_str);
            let hint = suggestion_hint(&unit.kind.value, kinds).unwrap_or_default();
            v.error(
                rules::BAD_UNIT_KIND,
                &unit.kind,
                format!("单位类别 kind = \"{}\" 不认识", unit.kind.value),
                format!(
                    "{hint}kind 只能是 \"district\"（区县（市）教育局）、\"school\"（学校）或 \"other\"（其他学校）"
                ),
            );
        }
        if let Some(p) = &unit.parent {
            if p.value == *id {
                v.error(
                    rules::SELF_PARENT,
                    p,
                    "单位的上级不能是它自己",
                    "删掉 parent，或写它真正的上级单位的 id",
                );
                parent[i] = Some(i);
            } else {
                parent[i] = index.resolve(v, p, "上级单位 parent");
            }
            rejected[i] = parent[i].is_none() || parent[i] == Some(i);
        }
        if let Some(site) = &unit.website {
            check_url(v, site, "website");
        }
        if let Some(phone) = &unit.phone {
            check_phone(v, phone, false);
        }
        check_responsible(v, unit);
    }
    let forest = tree::forest(&parent);
    check_cycles(v, units, &forest);
    for (r, &topless) in rejected.iter_mut().zip(&forest.topless) {
        *r |= topless;
    }
    // Below a refused unit the tree is wrong too (parents come first in the order).
    for &u in &forest.order {
        if let Some(p) = parent[u] {
            rejected[u] |= rejected[p];
        }
    }
    UnitTree {
        parent,
        forest,
        rejected,
    }
}

/// 招生第一责任人 is a person in an office: a name without the title (or the title without the
/// name) would be shown as half an answer, so both are asked for. Empty text is reported too.
fn check_responsible(v: &mut Validator<'_>, unit: &RawUnit) {
    let r = &unit.responsible;
    for field in [&r.name, &r.title].into_iter().flatten() {
        if field.value.trim().is_empty() {
            v.error(
                rules::EMPTY_TEXT,
                field,
                "招生第一责任人的姓名和职务不能为空",
                "写上姓名和职务，如 responsible = { name = \"王某某\", title = \"校长\" }；没有就删掉 responsible",
            );
        }
    }
    let (given, missing) = match (&r.name, &r.title) {
        (Some(name), None) => (name, "职务 title"),
        (None, Some(title)) => (title, "姓名 name"),
        _ => return,
    };
    v.error(
        rules::HALF_RESPONSIBLE,
        given,
        format!("招生第一责任人缺少{missing}"),
        "姓名和职务一起写，如 responsible = { name = \"王某某\", title = \"校长\" }",
    );
}

/// A name as written, with its invisible characters shown as <U+200B> and so on.
fn visible(name: &str) -> String {
    name.chars()
        .map(|c| {
            if is_invisible(c) {
                format!("<U+{:04X}>", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A chain of parents that returns to where it started (a → b → a) has no top. A unit that
/// is its own parent is reported by its own rule.
fn check_cycles(v: &mut Validator<'_>, units: &[RawUnit], forest: &tree::Forest) {
    for cycle in forest.cycles.iter().filter(|c| c.len() > 1) {
        let mut names: Vec<&str> = cycle
            .iter()
            .take(CYCLE_IDS_SHOWN)
            .map(|&i| units[i].id.value.as_str())
            .collect();
        let listed = if cycle.len() > CYCLE_IDS_SHOWN {
            format!("{} → …共 {} 个单位", names.join(" → "), cycle.len())
        } else {
            names.push(units[cycle[0]].id.value.as_str());
            names.join(" → ")
        };
        if let Some(parent) = units[cycle[0]].parent.as_ref() {
            v.error(
                rules::PARENT_CYCLE,
                parent,
                format!("上级单位形成了循环：{listed}"),
                "上下级关系必须有一个最上级；删掉其中一个单位的 parent",
            );
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
