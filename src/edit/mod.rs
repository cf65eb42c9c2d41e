//! Records in forms (issue 28): the library under the 工作台's forms. A record of the data
//! (a unit, a quota, the site's details and complaint channels, a measure, a blacklist entry,
//! an admission result, a notice) is opened as a [`Form`] — its fields read off the record's
//! declaration (`load/raw.rs`: label, input, required, help) with their current values and a
//! version token — and saved with [`save`], which
//!
//! 1. refuses when the file changed on disk since the form was opened (the token is the
//!    SHA-256 of its bytes), handing the values back;
//! 2. writes the values into the file with `toml_edit`, keeping comments, order and layout of
//!    everything else;
//! 3. checks the whole site with the changed file in memory (load, validate, model, and the
//!    published record: a published quota changed needs its `[[adjustment]]`) and maps each
//!    diagnostic to its field; refuses to write when the change brings an error;
//! 4. writes the file atomically. The file is chosen by the kind and the year only, never by a
//!    path from the browser: keys are checked as slugs, and only data/ and content/ are written.

mod change;
mod check;
mod doc;
mod fields;
mod keys;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml_edit::DocumentMut;

use crate::diagnostics::{rules, Diagnostic, Diagnostics, Severity};
use crate::load;
use crate::output::atomic::write_atomically;
use change::*;
use check::check;
use doc::Place;
use fields::Spec;
use keys::*;

/// The form's values, by field name (`name`, `responsible.title`, `adjustment.reason`), as
/// typed: numbers and dates as text, lists separated by commas, a checkbox "true" or empty.
pub type Values = BTreeMap<String, String>;

/// What kind of record a form edits; the year names the file of a year's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `[[unit]]` of data/units.toml, by its id.
    Unit,
    /// `[[quota]]` of `data/<year>/quotas.toml`, by its unit's id.
    Quota(i32),
    /// data/site.toml: the site's details, contact, complaint channels (`complaints.*`) and
    /// footer; one record (key [`Key::Only`]).
    Site,
    /// `[[warning]]` of `data/<year>/actions.toml` (警示与处理措施), by position.
    Measure(i32),
    /// `[[blacklist]]` of `data/<year>/actions.toml`, by position.
    Blacklist(i32),
    /// `[[admission]]` of `data/<year>/admissions.toml`, by position.
    Admission(i32),
    /// `content/<slug>.md`: front matter and markdown body (field `body`), by slug.
    Notice,
}

impl Kind {
    /// The Chinese name of the record, for titles.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Unit => "单位",
            Kind::Quota(_) => "招生任务",
            Kind::Site => "网站信息与举报渠道",
            Kind::Measure(_) => "警示与处理措施",
            Kind::Blacklist(_) => "校企合作黑名单",
            Kind::Admission(_) => "录取结果",
            Kind::Notice => "通知公告",
        }
    }

    fn year(self) -> Option<i32> {
        match self {
            Kind::Quota(y) | Kind::Measure(y) | Kind::Blacklist(y) | Kind::Admission(y) => Some(y),
            _ => None,
        }
    }

    /// The data file of this kind (relative to the root); None for notices (one file each).
    pub fn file(self) -> Option<String> {
        Some(match self {
            Kind::Unit => "data/units.toml".into(),
            Kind::Site => "data/site.toml".into(),
            Kind::Quota(y) => format!("data/{y}/quotas.toml"),
            Kind::Measure(y) | Kind::Blacklist(y) => format!("data/{y}/actions.toml"),
            Kind::Admission(y) => format!("data/{y}/admissions.toml"),
            Kind::Notice => return None,
        })
    }

    /// The array of tables the records are in, and the key that names one (None: by position).
    fn array(self) -> Option<(&'static str, Option<&'static str>)> {
        match self {
            Kind::Unit => Some(("unit", Some("id"))),
            Kind::Quota(_) => Some(("quota", Some("unit"))),
            Kind::Measure(_) => Some(("warning", None)),
            Kind::Blacklist(_) => Some(("blacklist", None)),
            Kind::Admission(_) => Some(("admission", None)),
            Kind::Site | Kind::Notice => None,
        }
    }
}

/// Which record of its kind: a new one, one named by its id (a unit's id, a quota's unit, a
/// notice's slug such as `notices/2024-432`), one by its position among its kind in the file
/// (measures, blacklist entries, admissions; from 0), or the only one (site).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// A record not yet in the file.
    New,
    /// Named by its id or slug.
    Id(String),
    /// By its position among its kind in the file, from 0.
    Index(usize),
    /// The file's only record (the site's details).
    Only,
}

/// How a field is typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// One line of text.
    Text,
    /// A whole number.
    Number,
    /// YYYY-MM-DD
    Date,
    /// "true" when ticked, empty when not.
    Checkbox,
    /// Markdown, several lines ([`preview`] renders it).
    Markdown,
    /// Several values separated by commas.
    List,
    /// One of these (value written, Chinese label shown).
    Select(Vec<(&'static str, &'static str)>),
    /// Free text, with these usual values offered.
    Suggest(Vec<&'static str>),
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct FormField {
    /// The name the form posts it under.
    pub name: String,
    /// The group it belongs to (`招生第一责任人`, `联系方式`, `调整记录`), empty for the record's own.
    pub group: &'static str,
    /// The label shown beside it, in Chinese.
    pub label: &'static str,
    /// How it is typed in.
    pub input: Input,
    /// Whether the record needs it.
    pub required: bool,
    /// A line of help under it (what to type, an example).
    pub help: &'static str,
    /// The current value (empty for a new record).
    pub value: String,
}

/// A record opened for editing.
#[derive(Debug, Clone)]
pub struct Form {
    /// The kind of record.
    pub kind: Kind,
    /// Which record of its kind.
    pub key: Key,
    /// The file it is in, relative to the site root (`data/units.toml`).
    pub file: String,
    /// Its fields, in the form's order.
    pub fields: Vec<FormField>,
    /// The version of the file the values come from: give it back to [`save`].
    pub token: String,
    /// What the form should say above its fields (a quota already published, whose change
    /// needs the 调整记录 fields filled in).
    pub notes: Vec<String>,
}

/// One diagnostic of the check, at its field where it is about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The form field it is about; None when about the record as a whole or another file.
    pub field: Option<String>,
    /// Error (refuses the save) or warning.
    pub severity: Severity,
    /// The rule's code (`A09`).
    pub rule: &'static str,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// `path:line:col`.
    pub at: String,
}

/// A record saved.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The file written, relative to the site root.
    pub file: String,
    /// The record's key now (a new unit's id, a new entry's position, a new notice's slug).
    pub key: Key,
    /// The file's new version, for editing on.
    pub token: String,
    /// Warnings the change brings or the record has (saved all the same).
    pub warnings: Vec<Problem>,
}

/// Why a save was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The file changed on disk since the form was opened.
    Changed,
    /// The key or the year is not one a record can have (a path, an absolute name…).
    BadKey,
    /// No such record (removed or renamed since).
    NotFound,
    /// The file cannot be read as TOML, so it cannot be edited in a form.
    Unreadable,
    /// The change brings errors (in `problems`).
    Invalid,
    /// Reading or writing failed.
    Io,
}

/// A save refused: nothing was written; the values typed are handed back.
#[derive(Debug, Clone)]
pub struct Refused {
    /// The kind of refusal.
    pub why: Why,
    /// What happened and what to do, in Chinese.
    pub message: String,
    /// The check's problems, at their fields (for `Invalid`).
    pub problems: Vec<Problem>,
    /// The values as typed, to show again: nothing is lost.
    pub values: Values,
}

/// The version token of a file: the SHA-256 of its bytes, or `absent` when there is none.
pub fn token_of(bytes: Option<&[u8]>) -> String {
    bytes.map_or_else(|| "absent".to_string(), crate::hash::sha256_hex)
}

/// The check character (GB 32100-2015) that the first 17 characters of a 统一社会信用代码
/// call for; None when one of them cannot be in a code. The same function as rule A09's.
pub fn expected_check_character(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    crate::validate::credit_check_character(first17)
}

/// A markdown body as the site shows it (the renderer's sanitized markdown), for a preview
/// beside the editor.
pub fn preview(markdown: &str) -> String {
    crate::render::markdown::to_html(markdown)
}

fn refused(why: Why, message: impl Into<String>, values: &Values) -> Refused {
    Refused {
        why,
        message: message.into(),
        problems: Vec::new(),
        values: values.clone(),
    }
}

/// The fields of a form of `kind`, without values (the labels, inputs, rules).
pub fn fields(kind: Kind, key: &Key) -> Vec<FormField> {
    let mut specs: Vec<(Spec, &'static str)> = fields::specs(kind)
        .into_iter()
        .map(|s| {
            let group = s.table.map_or("", |t| fields::table_label(kind, t));
            (s, group)
        })
        .collect();
    if matches!(kind, Kind::Quota(_)) {
        specs.extend(fields::adjustment_specs().into_iter().map(|s| (s, "调整记录")));
    }
    let mut out: Vec<FormField> = specs
        .into_iter()
        .map(|(spec, group)| FormField {
            input: spec.input(kind),
            // The adjustment is asked for only when a published quota changes.
            required: spec.required() && !spec.name.starts_with("adjustment."),
            name: spec.name.clone(),
            group,
            label: spec.decl.label,
            help: spec.decl.help,
            value: String::new(),
        })
        .collect();
    if kind == Kind::Notice {
        if *key == Key::New {
            out.insert(
                0,
                FormField {
                    name: "slug".into(),
                    group: "",
                    label: "文件名",
                    input: Input::Text,
                    required: true,
                    help: "只用小写字母、数字和 -，如 2024-zhaosheng；保存为 content/notices/文件名.md，网址是 notices/文件名/",
                    value: String::new(),
                },
            );
        }
        out.push(FormField {
            name: "body".into(),
            group: "",
            label: "正文",
            input: Input::Markdown,
            required: false,
            help: "Markdown：## 小标题，空一行分段，- 开头是列表",
            value: String::new(),
        });
    }
    out
}

/// One record of a kind, for a list to pick from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// How to open it.
    pub key: Key,
    /// What the list shows: a unit's name and id, an entry's name or unit and date…
    pub title: String,
}

/// The records of a kind, in file order (notices sorted by slug); empty when the file is not
/// there yet.
pub fn list(root: &Path, kind: Kind) -> Result<Vec<Entry>, Refused> {
    let none = Values::new();
    check_key(kind, &Key::New).map_err(|m| refused(Why::BadKey, m, &none))?;
    if kind == Kind::Site {
        return Ok(vec![Entry {
            key: Key::Only,
            title: kind.label().to_string(),
        }]);
    }
    let Some(file) = kind.file() else {
        return Ok(notices(root));
    };
    let Some(bytes) = read(&root.join(&file)).map_err(|e| refused(Why::Io, format!("读不了 {file}：{e}"), &none))?
    else {
        return Ok(Vec::new());
    };
    let text = String::from_utf8_lossy(&bytes);
    let doc = parse_doc(&text, &file, &none)?;
    let Some((array, by)) = kind.array() else {
        return Ok(Vec::new());
    };
    let tables = doc.get(array).and_then(toml_edit::Item::as_array_of_tables);
    Ok(tables
        .into_iter()
        .flat_map(|t| t.iter())
        .enumerate()
        .map(|(i, t)| {
            let get = |k: &str| doc::text_of(t.get(k));
            let title = match kind {
                Kind::Unit => format!("{}（{}）", get("name"), get("id")),
                Kind::Quota(_) => format!("{}：{}", get("unit"), get("quota")),
                Kind::Measure(_) => format!("{} {} {}", get("date"), get("unit"), get("measure")),
                Kind::Blacklist(_) => format!("{} {}", get("date"), get("name")),
                Kind::Admission(_) => format!("{} {} {}", get("date"), get("unit"), get("round")),
                Kind::Site | Kind::Notice => String::new(),
            };
            let key = match by {
                Some(by) => Key::Id(get(by)),
                None => Key::Index(i),
            };
            Entry {
                key,
                title: title.trim().to_string(),
            }
        })
        .collect())
}

/// The markdown pages under content/ whose slugs a form can name, with their titles.
fn notices(root: &Path) -> Vec<Entry> {
    let content = root.join("content");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&content).max_depth(4).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(slug) = entry
            .path()
            .strip_prefix(&content)
            .ok()
            .and_then(|p| p.to_str())
            .and_then(|p| p.strip_suffix(".md"))
            .map(|p| p.replace('\\', "/"))
        else {
            continue;
        };
        if !is_page_slug(&slug) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let title = split_page(&text)
            .and_then(|(front, _)| front.parse::<DocumentMut>().ok())
            .map(|d| doc::text_of(d.get("title")))
            .unwrap_or_default();
        out.push(Entry {
            key: Key::Id(slug.clone()),
            title: if title.is_empty() { slug } else { title },
        });
    }
    out
}

/// Opens a record for editing: its fields with their current values and the file's version.
pub fn open(root: &Path, kind: Kind, key: &Key) -> Result<Form, Refused> {
    let none = Values::new();
    check_key(kind, key).map_err(|m| refused(Why::BadKey, m, &none))?;
    if kind == Kind::Notice && *key == Key::New {
        // Its file is named by the form's `slug` when saved; until then it does not exist.
        return Ok(Form {
            kind,
            key: Key::New,
            file: "content/notices/".into(),
            fields: fields(kind, key),
            token: token_of(None),
            notes: Vec::new(),
        });
    }
    let file = file_of(kind, key, &none).map_err(|m| refused(Why::BadKey, m, &none))?;
    let bytes = read(&root.join(&file)).map_err(|e| refused(Why::Io, format!("读不了 {file}：{e}"), &none))?;
    let token = token_of(bytes.as_deref());
    let mut fields = fields(kind, key);
    if *key != Key::New {
        let text = bytes
            .as_deref()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .ok_or_else(|| refused(Why::NotFound, format!("找不到 {file}"), &none))?;
        let values = current_values(kind, key, &file, &text)?;
        for f in &mut fields {
            if let Some(v) = values.get(&f.name) {
                f.value = v.clone();
            }
        }
    }
    let mut notes = Vec::new();
    if let (Kind::Quota(year), Key::Id(unit)) = (kind, key) {
        if let Some(quota) = published_quota(root, year, unit) {
            notes.push(format!(
                "{year} 年单位 {unit} 的招生任务已经公布为 {quota}：改动时要在“调整记录”里写明调整日期和原因，保存时会记下调整前公布的数"
            ));
        }
    }
    Ok(Form {
        kind,
        key: key.clone(),
        file,
        fields,
        token,
        notes,
    })
}

/// Saves a record: refused when the file changed since `token`, when the key is not a record's
/// name, or when the change brings an error (each at its field); otherwise the file is written
/// atomically with everything not edited kept as it was.
pub fn save(root: &Path, kind: Kind, key: &Key, values: &Values, token: &str) -> Result<Saved, Refused> {
    check_key(kind, key).map_err(|m| refused(Why::BadKey, m, values))?;
    let file = file_of(kind, key, values).map_err(|m| refused(Why::BadKey, m, values))?;
    no_link(root, &file).map_err(|m| refused(Why::BadKey, m, values))?;
    let path = root.join(&file);
    let bytes = read(&path).map_err(|e| refused(Why::Io, format!("读不了 {file}：{e}"), values))?;
    if token_of(bytes.as_deref()) != token {
        return Err(refused(
            Why::Changed,
            format!(
                "{file} 在打开表单之后被改动过（可能是别人或别的程序改的），为了不覆盖那些改动，这次没有保存。\
                 您填写的内容都还在：请复制下来，重新打开表单，再填一次"
            ),
            values,
        ));
    }
    if kind == Kind::Notice && *key == Key::New && bytes.is_some() {
        return Err(refused(
            Why::BadKey,
            format!("已经有 {file} 了：换一个文件名，或打开那篇修改"),
            values,
        ));
    }
    let old = match &bytes {
        // A byte-order mark (added by editors on Windows) is not TOML: dropped, as the loader does.
        Some(b) => String::from_utf8(b.strip_prefix("\u{feff}".as_bytes()).unwrap_or(b).to_vec()).map_err(|_| {
            refused(
                Why::Unreadable,
                format!("{file} 不是 UTF-8 编码，表单不能修改它；请先用 sunshine check 看怎么改"),
                values,
            )
        })?,
        None if *key == Key::New || kind == Kind::Site => String::new(),
        None => return Err(refused(Why::NotFound, format!("找不到 {file}"), values)),
    };
    let changed = with_line_ends_of(&old, change(root, kind, key, &file, &old, values)?);
    let problems = check(root, &file, &changed).map_err(|e| refused(Why::Io, e, values))?;
    let (errors, warnings): (Vec<Problem>, Vec<Problem>) =
        problems.into_iter().partition(|p| p.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(Refused {
            why: Why::Invalid,
            message: format!("有 {} 处需要改正，改正后再保存；文件没有改动", errors.len()),
            problems: errors,
            values: values.clone(),
        });
    }
    if changed.text.as_bytes() != old.as_bytes() || bytes.is_none() {
        write_atomically(&path, changed.text.as_bytes())
            .map_err(|e| refused(Why::Io, format!("写不了 {file}：{e}"), values))?;
    }
    Ok(Saved {
        file,
        key: changed.key,
        token: token_of(Some(changed.text.as_bytes())),
        warnings,
    })
}

#[cfg(test)]
mod tests;
