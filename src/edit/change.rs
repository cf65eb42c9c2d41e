//! A record's change applied to its file's text: the record found (or appended), the form's
//! values written with `toml_edit`, a quota's `[[adjustment]]` added when one is asked for.

use super::*;

/// A notice's file split at its front matter: (front matter TOML, body), the body without the
/// blank line after the closing `+++`. Lines may end in `\r\n`, as a file saved on Windows does.
pub(super) fn split_page(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end_matches(['\r', '\n']) != "+++" || !first.ends_with('\n') {
        return None;
    }
    let mut at = first.len();
    for line in lines {
        if line.trim_end_matches(['\r', '\n']) == "+++" {
            let body = &text[at + line.len()..];
            let body = body
                .strip_prefix("\r\n")
                .or_else(|| body.strip_prefix('\n'))
                .unwrap_or(body);
            return Some((&text[first.len()..at], body));
        }
        at += line.len();
    }
    None
}

pub(super) fn parse_doc(text: &str, file: &str, values: &Values) -> Result<DocumentMut, Refused> {
    text.parse::<DocumentMut>().map_err(|e| {
        refused(
            Why::Unreadable,
            format!(
                "{file} 有格式错误，表单不能修改它：{}。请先用 sunshine check 找到并改正这个错误",
                e.message()
            ),
            values,
        )
    })
}

/// The changed text with the line ends of the old one: a file saved on Windows (`\r\n`) keeps
/// them on every line, the new ones included.
pub(super) fn with_line_ends_of(old: &str, mut changed: Changed) -> Changed {
    if old.contains("\r\n") {
        changed.text = changed.text.replace("\r\n", "\n").replace('\n', "\r\n");
        for (_, _, offset) in &mut changed.places {
            if *offset > 0 {
                // The front matter starts after the first line, `+++\r\n` now.
                *offset = changed.text.find('\n').map_or(0, |i| i + 1);
            }
        }
    }
    changed
}

/// The record's place in the document, or NotFound.
pub(super) fn place_of(
    kind: Kind,
    key: &Key,
    doc: &DocumentMut,
    file: &str,
    values: &Values,
) -> Result<Place, Refused> {
    let Some((array, by)) = kind.array() else {
        return Ok(Place::Root);
    };
    let at = match (key, by) {
        (Key::Id(id), Some(by)) => doc::find(doc, array, by, id),
        (Key::Index(i), None) => (*i < doc::count(doc, array)).then_some(*i),
        _ => None,
    };
    at.map(|i| Place::Array(array, i)).ok_or_else(|| {
        refused(
            Why::NotFound,
            format!(
                "{file} 里找不到这条{}，可能已被改名或删除；请回到列表重新打开",
                kind.label()
            ),
            values,
        )
    })
}

pub(super) fn current_values(kind: Kind, key: &Key, file: &str, text: &str) -> Result<Values, Refused> {
    let none = Values::new();
    let specs = fields::specs(kind);
    if kind == Kind::Notice {
        let (front, body) =
            split_page(text).ok_or_else(|| refused(Why::Unreadable, format!("{file} 缺少 +++ 页首"), &none))?;
        let doc = parse_doc(front, file, &none)?;
        let mut values = doc::values_of(doc.as_table(), &specs);
        values.insert("body".into(), body.to_string());
        return Ok(values);
    }
    let doc = parse_doc(text, file, &none)?;
    let place = place_of(kind, key, &doc, file, &none)?;
    Ok(doc::table(&doc, place).map_or_else(Values::new, |t| doc::values_of(t, &specs)))
}

/// The quota of `unit` in `year` as published (the record kept with the data, or the site in
/// `root/public/`), if it was.
pub(super) fn published_quota(root: &Path, year: i32, unit: &str) -> Option<u64> {
    let from = |p: &crate::published::Published| {
        p.year(year)
            .and_then(|y| y.units.iter().find(|u| u.id == unit))
            .map(|u| u.quota)
    };
    if let Ok(Some(lock)) = crate::published::lock::read(root) {
        if let Some(q) = from(&lock.record) {
            return Some(q);
        }
    }
    let out = root.join("public");
    crate::output::Manifest::is_in(&out)
        .then(|| from(&crate::published::Published::read_years(&out)))
        .flatten()
}

/// The new text of the file and the places to point diagnostics at.
pub(super) struct Changed {
    pub text: String,
    pub key: Key,
    /// (prefix of form names, place in the document, offset of the document in the file)
    pub places: Vec<(String, Place, usize)>,
}

pub(super) fn change(
    root: &Path,
    kind: Kind,
    key: &Key,
    file: &str,
    old: &str,
    values: &Values,
) -> Result<Changed, Refused> {
    let specs = fields::specs(kind);
    if kind == Kind::Notice {
        let (front, body) = if *key == Key::New {
            ("", "")
        } else {
            split_page(old).ok_or_else(|| refused(Why::Unreadable, format!("{file} 缺少 +++ 页首"), values))?
        };
        let mut doc = parse_doc(front, file, values)?;
        doc::apply(doc.as_table_mut(), &specs, values, false);
        let body = values.get("body").map_or(body.to_string(), |b| b.replace("\r\n", "\n"));
        let mut front = doc.to_string();
        if !front.is_empty() && !front.ends_with('\n') {
            front.push('\n');
        }
        let mut text = format!("+++\n{front}+++\n\n{body}");
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let slug = file
            .strip_prefix("content/")
            .and_then(|f| f.strip_suffix(".md"))
            .unwrap_or_default()
            .to_string();
        return Ok(Changed {
            text,
            key: Key::Id(slug),
            places: vec![(String::new(), Place::Root, 4)],
        });
    }
    let mut doc = parse_doc(old, file, values)?;
    let place = match (kind.array(), key) {
        (Some((array, _)), Key::New) => Place::Array(array, doc::push(&mut doc, array)),
        _ => place_of(kind, key, &doc, file, values)?,
    };
    let mut adjustment = None;
    if let (Kind::Quota(year), Place::Array(_, i)) = (kind, place) {
        adjustment = quota_adjustment(root, year, &doc, i, values);
    }
    let inline = place != Place::Root;
    if let Some(table) = doc::table_mut(&mut doc, place) {
        doc::apply(table, &specs, values, inline);
    }
    let mut places = vec![(String::new(), place, 0)];
    if let Some(adj) = adjustment {
        let i = doc::push(&mut doc, "adjustment");
        if let Some(t) = doc::table_mut(&mut doc, Place::Array("adjustment", i)) {
            doc::apply(t, &adjustment_record_specs(), &adj, true);
        }
        places.push(("adjustment.".into(), Place::Array("adjustment", i), 0));
    }
    let new_key = match (kind.array(), place) {
        (Some((_, Some(by))), Place::Array(_, i)) => Key::Id(
            doc::table(&doc, Place::Array(kind.array().map_or("", |a| a.0), i))
                .map(|t| doc::text_of(t.get(by)))
                .unwrap_or_default(),
        ),
        (Some((_, None)), Place::Array(_, i)) => Key::Index(i),
        _ => key.clone(),
    };
    Ok(Changed {
        text: doc.to_string(),
        key: new_key,
        places,
    })
}

/// Every field of `[[adjustment]]` (the unit and `was` included), for writing one.
pub(super) fn adjustment_record_specs() -> Vec<Spec> {
    use crate::load::record::Record as _;
    crate::load::raw::RawAdjustment::DECLS
        .iter()
        .map(|d| Spec {
            name: d.key.to_string(),
            table: None,
            decl: *d,
        })
        .collect()
}

/// The `[[adjustment]]` to append when a quota changes and the form gave a date or a reason:
/// `was` is the published quota, or the one in the file when none was published.
pub(super) fn quota_adjustment(root: &Path, year: i32, doc: &DocumentMut, i: usize, values: &Values) -> Option<Values> {
    let given = |k: &str| values.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    if given("adjustment.date").is_none() && given("adjustment.reason").is_none() {
        return None;
    }
    let table = doc::table(doc, Place::Array("quota", i))?;
    let unit = given("unit")
        .map(str::to_string)
        .or_else(|| table.get("unit")?.as_str().map(str::to_string))?;
    let old = table.get("quota").and_then(toml_edit::Item::as_integer);
    let new = given("quota").and_then(|q| q.parse::<i64>().ok())?;
    let was = published_quota(root, year, &unit)
        .and_then(|q| i64::try_from(q).ok())
        .or(old)?;
    if was == new {
        return None;
    }
    let mut adj = Values::new();
    adj.insert("unit".into(), unit);
    adj.insert("was".into(), was.to_string());
    for k in ["date", "reason", "document"] {
        adj.insert(k.into(), given(&format!("adjustment.{k}")).unwrap_or("").to_string());
    }
    Some(adj)
}
