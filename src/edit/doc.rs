//! A record's values read from and written into a TOML document with `toml_edit`, so that
//! comments, order and layout of everything not edited stay as they were.

use std::ops::Range;

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::fields::Spec;
use super::Values;

/// Where a record stands in its file: the root table, or the n-th table of an array `[[name]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Root,
    Array(&'static str, usize),
}

/// The record's table at `place`, if there.
pub(super) fn table(doc: &DocumentMut, place: Place) -> Option<&Table> {
    match place {
        Place::Root => Some(doc.as_table()),
        Place::Array(name, i) => doc.get(name)?.as_array_of_tables()?.get(i),
    }
}

pub(super) fn table_mut(doc: &mut DocumentMut, place: Place) -> Option<&mut Table> {
    match place {
        Place::Root => Some(doc.as_table_mut()),
        Place::Array(name, i) => doc.get_mut(name)?.as_array_of_tables_mut()?.get_mut(i),
    }
}

/// The index of the table of `[[name]]` whose `key` is `value`.
pub(super) fn find(doc: &DocumentMut, name: &str, key: &str, value: &str) -> Option<usize> {
    let tables = doc.get(name)?.as_array_of_tables()?;
    tables
        .iter()
        .position(|t| t.get(key).and_then(Item::as_str).is_some_and(|v| v.trim() == value))
}

/// How many tables `[[name]]` has.
pub(super) fn count(doc: &DocumentMut, name: &str) -> usize {
    doc.get(name)
        .and_then(Item::as_array_of_tables)
        .map_or(0, toml_edit::ArrayOfTables::len)
}

/// Appends an empty table to `[[name]]` (created at the end of the file when absent), set off
/// by a blank line; returns its index.
pub(super) fn push(doc: &mut DocumentMut, name: &'static str) -> usize {
    let mut new = Table::new();
    if !doc.as_table().is_empty() {
        new.decor_mut().set_prefix("\n");
    }
    let item = doc
        .as_table_mut()
        .entry(name)
        .or_insert_with(|| Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    match item.as_array_of_tables_mut() {
        Some(tables) => {
            tables.push(new);
            tables.len() - 1
        }
        None => {
            // `name` is there but not as [[name]]: the loader says so once the file is checked.
            *item = Item::ArrayOfTables(toml_edit::ArrayOfTables::new());
            item.as_array_of_tables_mut().map_or(0, |t| {
                t.push(new);
                0
            })
        }
    }
}

/// The text a form shows for a value: strings as they are, numbers and dates as written,
/// lists joined with "，".
pub(super) fn text_of(item: Option<&Item>) -> String {
    let Some(value) = item.and_then(Item::as_value) else {
        return String::new();
    };
    value_text(value)
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.value().clone(),
        Value::Integer(i) => i.value().to_string(),
        Value::Float(f) => f.value().to_string(),
        Value::Boolean(b) => if *b.value() { "true" } else { "" }.to_string(),
        Value::Datetime(d) => d.value().to_string(),
        Value::Array(a) => a.iter().map(value_text).collect::<Vec<_>>().join("，"),
        Value::InlineTable(t) => t.to_string().trim().to_string(),
    }
}

/// Every field's current text, by form name.
pub(super) fn values_of(table: &Table, specs: &[Spec]) -> Values {
    let mut out = Values::new();
    for spec in specs {
        let item = match spec.table {
            None => table.get(spec.key()),
            Some(sub) => table
                .get(sub)
                .and_then(|s| s.as_table_like())
                .and_then(|s| s.get(spec.key())),
        };
        out.insert(spec.name.clone(), text_of(item));
    }
    out
}

/// The TOML value a form's text becomes for a field of this declaration; None when empty (the
/// key is removed). Text that does not read as the field's type is written as a string, so
/// that the loader reports it with its own rule.
fn value_for(spec: &Spec, text: &str) -> Option<Value> {
    let one_line = spec.decl.kind != "multiline";
    let text = if one_line {
        text.trim().to_string()
    } else {
        text.replace("\r\n", "\n")
    };
    if text.trim().is_empty() {
        return None;
    }
    if spec.is_list() {
        let mut array = Array::new();
        for part in text
            .split([',', '，', '、', '\n', ';', '；'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match (spec.decl.ty, part.parse::<i64>()) {
                ("i64", Ok(n)) => array.push(n),
                _ => array.push(part),
            }
        }
        return Some(Value::Array(array));
    }
    Some(match spec.decl.ty {
        "i64" => text
            .parse::<i64>()
            .map_or_else(|_| Value::from(text.as_str()), Value::from),
        "bool" => Value::from(matches!(text.as_str(), "true" | "on" | "1" | "是")),
        "NaiveDate" => match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(_) => text
                .parse::<toml_edit::Datetime>()
                .map_or_else(|_| Value::from(text.as_str()), Value::from),
            Err(_) => Value::from(text.as_str()),
        },
        _ => Value::from(text.as_str()),
    })
}

/// Sets `key` of a table to `new` (None: removes it), keeping the old value's surrounding
/// spaces and comment when it had one; an unchanged value is left byte for byte.
fn set(table: &mut dyn TableLike, key: &str, new: Option<Value>) {
    match (table.get_mut(key), new) {
        (Some(Item::Value(old)), Some(mut new)) => {
            if value_text(old) == value_text(&new) && std::mem::discriminant(old) == std::mem::discriminant(&new) {
                return;
            }
            let decor = old.decor().clone();
            *new.decor_mut() = decor;
            *old = new;
        }
        (Some(item), Some(new)) => *item = Item::Value(new),
        (Some(_), None) => {
            table.remove(key);
        }
        (None, Some(new)) => {
            table.insert(key, Item::Value(new));
        }
        (None, None) => {}
    }
}

/// Writes the form's `values` into `table`, field by field in declaration order; a field the
/// form did not send is left as it is. Sub-tables (`responsible.name`) are set inside the
/// sub-table, created inline (`responsible = { … }`) in an array's table or as `[contact]` at
/// the root.
pub(super) fn apply(table: &mut Table, specs: &[Spec], values: &Values, inline_subtables: bool) {
    for spec in specs {
        let Some(text) = values.get(&spec.name) else {
            continue;
        };
        let new = value_for(spec, text);
        match spec.table {
            None => set(table, spec.key(), new),
            Some(sub) => {
                if table.get(sub).is_none() {
                    if new.is_none() {
                        continue;
                    }
                    if inline_subtables {
                        table.insert(sub, Item::Value(Value::InlineTable(InlineTable::new())));
                    } else {
                        let mut t = Table::new();
                        t.decor_mut().set_prefix("\n");
                        table.insert(sub, Item::Table(t));
                    }
                }
                if let Some(sub_table) = table.get_mut(sub).and_then(Item::as_table_like_mut) {
                    set(sub_table, spec.key(), new);
                }
            }
        }
    }
}

/// Where each field stands in a text, for pointing a diagnostic at its field: the record's
/// span and each form name's span (from its key to the end of its value), found by parsing the
/// written text again with positions. `offset` is added to every position (a page's front
/// matter starts after its `+++` line).
pub(super) struct Spans {
    pub record: Range<usize>,
    pub fields: Vec<(String, Range<usize>)>,
}

pub(super) fn spans(text: &str, offset: usize, place: Place, prefix: &str) -> Option<Spans> {
    let doc = toml_edit::Document::parse(text.to_string()).ok()?;
    let (table, record): (&Table, Range<usize>) = match place {
        Place::Root => (doc.as_table(), 0..text.len()),
        Place::Array(name, i) => {
            let tables = doc.get(name)?.as_array_of_tables()?;
            let table = tables.get(i)?;
            // From this table's header to the next one's (or the end of the file).
            let start = table.span().map_or(0, |s| s.start);
            let end = tables.get(i + 1).and_then(Table::span).map_or(text.len(), |s| s.start);
            let end = table_end(text, start, end);
            (table, start..end)
        }
    };
    let mut fields = Vec::new();
    collect(table, prefix, &mut fields);
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    Some(Spans {
        record: shift(record),
        fields: fields.into_iter().map(|(n, r)| (n, shift(r))).collect(),
    })
}

/// The end of a table that starts at `start`: the next table header (`[` at the start of a
/// line) before `limit`, or `limit`.
fn table_end(text: &str, start: usize, limit: usize) -> usize {
    let limit = limit.min(text.len());
    let mut at = start;
    for line in text[start..limit].split_inclusive('\n') {
        if at > start && line.trim_start().starts_with('[') {
            return at;
        }
        at += line.len();
    }
    limit
}

fn collect(table: &dyn TableLike, prefix: &str, out: &mut Vec<(String, Range<usize>)>) {
    for (key, item) in table.iter() {
        let Some((k, _)) = table.get_key_value(key) else {
            continue;
        };
        let name = format!("{prefix}{key}");
        if let Some(sub) = item.as_table_like() {
            collect(sub, &format!("{name}."), out);
        }
        let start = k.span().map(|s| s.start);
        let end = match item {
            Item::Value(v) => v.span().map(|s| s.end),
            Item::Table(t) => t.span().map(|s| s.end),
            _ => None,
        };
        if let (Some(start), Some(end)) = (start, end.or(start)) {
            out.push((name, start..end.max(start)));
        }
    }
}
