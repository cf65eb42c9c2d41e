//! 记录: the records of the data in forms (issue 28) — units, the year's quotas, the site's
//! details and complaint channels, measures, blacklist entries, admissions and notices — over
//! the record editor (`crate::edit`): an index of kinds, a list of a kind's records, and a form
//! generated from the record's declaration.
//!
//! Nothing from the browser names a file: the URL gives a kind, a year and a key
//! (`/_workbench/records/blacklist/2024/edit/3`), parsed into `edit::Kind` and `edit::Key`,
//! which `edit` checks. Saving is a POST with the session's token (checked by `auth::read_form`,
//! the Origin by the handler before this) and the file's version token from when the form was
//! opened: `edit::save` refuses a file changed since, and a change that brings an error, and
//! the values typed are shown back in either case. The pages work without JavaScript.

mod html;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth::{self, Session};
use super::page::{self, e};
use super::{Bench, Request, PREFIX};
use crate::edit::{self, FormField, Input, Key, Kind, Values, Why};
use html::View;

const CSS: &str = include_str!("records/records.css");
/// The credit code checked as it is typed (progressive: the server checks it again on save).
const CREDIT_CODE_JS: &str = include_str!("records/credit_code.js");
/// The navigation entry the pages are under.
const ACTIVE: &str = "/records";

/// The kinds, by the name in the URL: (name, per year, what it holds).
const KINDS: [(&str, bool, &str); 7] = [
    (
        "units",
        false,
        "学校、区县：名称、类别、上级单位、网址、招生电话、招生第一责任人",
    ),
    ("site", false, "网站名称、发布单位、联系方式、举报电话和平台、页脚"),
    ("notices", false, "通知公告、学校公开信息等页面（Markdown，可预览）"),
    ("quotas", true, "各单位当年的招生任务；已公布的任务改动时记下调整"),
    ("measures", true, "对学校的警示、限招、压减、停招等措施"),
    ("blacklist", true, "校企合作黑名单：机构、统一社会信用代码、原因"),
    ("admissions", true, "录取结果：批次、日期、人数"),
];

fn kind_of(name: &str, year: Option<i32>) -> Option<Kind> {
    Some(match (name, year) {
        ("units", None) => Kind::Unit,
        ("site", None) => Kind::Site,
        ("notices", None) => Kind::Notice,
        ("quotas", Some(y)) => Kind::Quota(y),
        ("measures", Some(y)) => Kind::Measure(y),
        ("blacklist", Some(y)) => Kind::Blacklist(y),
        ("admissions", Some(y)) => Kind::Admission(y),
        _ => return None,
    })
}

fn name_of(kind: Kind) -> (&'static str, Option<i32>) {
    match kind {
        Kind::Unit => ("units", None),
        Kind::Site => ("site", None),
        Kind::Notice => ("notices", None),
        Kind::Quota(y) => ("quotas", Some(y)),
        Kind::Measure(y) => ("measures", Some(y)),
        Kind::Blacklist(y) => ("blacklist", Some(y)),
        Kind::Admission(y) => ("admissions", Some(y)),
    }
}

/// Records of this kind are named by their position in the file.
fn by_position(kind: Kind) -> bool {
    matches!(kind, Kind::Measure(_) | Kind::Blacklist(_) | Kind::Admission(_))
}

/// The list of a kind's records (the site's one form).
fn list_url(kind: Kind) -> String {
    match name_of(kind) {
        (name, Some(year)) => format!("{PREFIX}/records/{name}/{year}/"),
        (name, None) => format!("{PREFIX}/records/{name}/"),
    }
}

/// The form of one record.
fn form_url(kind: Kind, key: &Key) -> String {
    let list = list_url(kind);
    match key {
        Key::New => format!("{list}new"),
        Key::Id(id) => format!("{list}edit/{id}"),
        Key::Index(i) => format!("{list}edit/{i}"),
        Key::Only => list,
    }
}

/// The title of a kind with its year: `2024 年招生任务`.
fn kind_title(kind: Kind) -> String {
    match name_of(kind).1 {
        Some(year) => format!("{year} 年{}", kind.label()),
        None => kind.label().to_string(),
    }
}

/// The form of the record at `line` (from 1; 0: the file as a whole) of `file` (relative to the
/// site root, as diagnostics name it), or the list of the file's records; None when no form edits
/// that file. For the 工作台's pages that list diagnostics: a link to where to fix each one.
pub(super) fn link_for(root: &Path, file: &str, line: usize) -> Option<String> {
    let file = file.replace('\\', "/");
    if let Some(slug) = file.strip_prefix("content/").and_then(|f| f.strip_suffix(".md")) {
        return Some(form_url(Kind::Notice, &Key::Id(slug.to_string())));
    }
    let rest = file.strip_prefix("data/")?;
    let (kinds, year): (&[(&str, Kind)], Option<i32>) = match rest.split_once('/') {
        None => match rest {
            "units.toml" => (&[("unit", Kind::Unit)], None),
            "site.toml" => return Some(form_url(Kind::Site, &Key::Only)),
            _ => return None,
        },
        Some((year, name)) => {
            let y = year_of(year)?;
            match name {
                "quotas.toml" => (&[("quota", Kind::Quota(0))], Some(y)),
                "actions.toml" => (
                    &[("warning", Kind::Measure(0)), ("blacklist", Kind::Blacklist(0))],
                    Some(y),
                ),
                "admissions.toml" => (&[("admission", Kind::Admission(0))], Some(y)),
                _ => return None,
            }
        }
    };
    let with_year = |kind: Kind| match (kind, year) {
        (Kind::Quota(_), Some(y)) => Kind::Quota(y),
        (Kind::Measure(_), Some(y)) => Kind::Measure(y),
        (Kind::Blacklist(_), Some(y)) => Kind::Blacklist(y),
        (Kind::Admission(_), Some(y)) => Kind::Admission(y),
        (kind, _) => kind,
    };
    let first = with_year(kinds[0].1);
    let index = || list_url(first);
    // The table header above the line, and how many of its kind come before it.
    let text = std::fs::read_to_string(root.join(&file)).ok();
    let Some(text) = text.filter(|_| line > 0) else {
        return Some(if kinds.len() > 1 {
            format!("{PREFIX}/records/")
        } else {
            index()
        });
    };
    let mut last: Option<(&str, usize)> = None;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in text.lines().take(line) {
        let Some(name) = l
            .trim()
            .strip_prefix("[[")
            .and_then(|r| r.split_once("]]"))
            .map(|(n, _)| n.trim())
        else {
            continue;
        };
        let n = counts.entry(name).or_insert(0);
        last = Some((name, *n));
        *n += 1;
    }
    let Some((name, i)) = last else {
        return Some(index());
    };
    let Some(kind) = kinds.iter().find(|(n, _)| *n == name).map(|(_, k)| with_year(*k)) else {
        return Some(format!("{PREFIX}/records/"));
    };
    if by_position(kind) {
        return Some(form_url(kind, &Key::Index(i)));
    }
    match edit::list(root, kind).ok()?.into_iter().nth(i) {
        Some(entry) => Some(form_url(kind, &entry.key)),
        None => Some(list_url(kind)),
    }
}

/// What the URL asks for.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    Index,
    Css,
    Js,
    /// `go?kind=quotas&year=2025`: the index's form for another year.
    Go(Kind),
    List(Kind),
    Form(Kind, Key),
}

fn year_of(text: &str) -> Option<i32> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The target of a path under the 工作台 (`/records/…`); None when it names none.
fn parse(path: &str, query: &HashMap<String, String>) -> Option<Target> {
    let rest = path.strip_prefix("/records")?;
    if rest.is_empty() || rest == "/" {
        return Some(Target::Index);
    }
    let rest = rest.strip_prefix('/')?;
    match rest {
        "style.css" => return Some(Target::Css),
        "credit_code.js" => return Some(Target::Js),
        "go" => {
            let name = query.get("kind")?;
            let year = year_of(query.get("year")?.trim())?;
            return kind_of(name, Some(year)).map(Target::Go);
        }
        _ => {}
    }
    let (name, rest) = rest.split_once('/').unwrap_or((rest, ""));
    let yearly = KINDS.iter().any(|(n, y, _)| *n == name && *y);
    let (year, rest) = if yearly {
        let (year, rest) = rest.split_once('/').unwrap_or((rest, ""));
        (Some(year_of(year)?), rest)
    } else {
        (None, rest)
    };
    let kind = kind_of(name, year)?;
    if kind == Kind::Site {
        return rest.is_empty().then_some(Target::Form(Kind::Site, Key::Only));
    }
    Some(match rest {
        "" => Target::List(kind),
        "new" => Target::Form(kind, Key::New),
        _ => {
            let key = rest.strip_prefix("edit/").filter(|k| !k.is_empty())?;
            if by_position(kind) {
                if !key.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                Target::Form(kind, Key::Index(key.parse().ok()?))
            } else {
                Target::Form(kind, Key::Id(key.to_string()))
            }
        }
    })
}

/// Answers a request under `/_workbench/records`; the session is known, and a POST comes from
/// the 工作台's own origin (checked by the handler).
pub(super) async fn handle(bench: Arc<Bench>, session: Session, req: Request, body: Body) -> Response {
    let Some(target) = parse(&req.path, &req.query) else {
        return page::refusal(
            StatusCode::NOT_FOUND,
            "没有这个记录页面",
            "从工作台的“记录”页进入，选要改的记录",
        );
    };
    let post = req.method == Method::POST;
    match (post, target) {
        (false, Target::Css) => (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            CSS,
        )
            .into_response(),
        (false, Target::Js) => (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            CREDIT_CODE_JS,
        )
            .into_response(),
        (false, Target::Go(kind)) => page::redirect(&list_url(kind), None),
        (false, Target::Index) => super::blocking(move || index(&bench)).await,
        (false, Target::List(kind)) => super::blocking(move || list(&bench, kind)).await,
        (false, Target::Form(kind, key)) => super::blocking(move || open(&bench, &session, kind, &key)).await,
        (true, Target::Form(kind, key)) => {
            let posted = match auth::read_form(&req.headers, body, &session).await {
                Ok(posted) => posted,
                Err(refusal) => return refusal,
            };
            super::blocking(move || submit(&bench, &session, kind, &key, &posted)).await
        }
        (true, _) => page::refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            "这个页面不接受提交",
            "在记录的表单里点“保存”",
        ),
    }
}

/// The years with a folder under data/, newest first.
fn years(root: &Path) -> Vec<i32> {
    let mut years: Vec<i32> = std::fs::read_dir(root.join("data"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|entry| entry.file_name().to_str().and_then(year_of))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years
}

fn respond(status: StatusCode, title: &str, body: &str) -> Response {
    let mut body = format!("{}{body}", html::head());
    if body.contains("name=\"credit_code\"") {
        body.push_str(&format!(
            "<script src=\"{PREFIX}/records/credit_code.js\" defer></script>\n"
        ));
    }
    // The layout's policy allows scripts from this server only: the form works without it.
    page::html(status, page::layout(title, ACTIVE, &body))
}

fn index(bench: &Bench) -> Response {
    let years = years(&bench.root);
    let card = |kind: Kind, about: &str| {
        let count = match kind {
            Kind::Site => String::new(),
            _ => match edit::list(&bench.root, kind) {
                Ok(entries) if entries.is_empty() => "还没有".to_string(),
                Ok(entries) => format!("{} 条", entries.len()),
                Err(refused) if refused.why == Why::Unreadable => "文件有格式错误".to_string(),
                Err(_) => String::new(),
            },
        };
        let file = kind.file().unwrap_or_else(|| "content/…/*.md".into());
        format!(
            "<li><a href=\"{}\"><strong>{}</strong><span class=\"count\">{}</span><span class=\"about\">{}</span><code>{}</code></a></li>\n",
            e(&list_url(kind)),
            e(kind.label()),
            e(&count),
            e(about),
            e(&file)
        )
    };
    let mut body = String::from(
        "<p>在表单里增改网站的数据。保存前会连同整个网站一起检查：有错误时不写入，并在出错的栏目旁说明怎么改；\
         文件里没有改动的内容、顺序和注释都保持原样，仍可以用文本编辑器打开核对。</p>\n<h2>全站</h2>\n<ul class=\"kinds\">\n",
    );
    for (name, yearly, about) in KINDS {
        if !yearly {
            if let Some(kind) = kind_of(name, None) {
                body.push_str(&card(kind, about));
            }
        }
    }
    body.push_str("</ul>\n");
    for year in &years {
        body.push_str(&format!("<h2>{year} 年</h2>\n<ul class=\"kinds\">\n"));
        for (name, yearly, about) in KINDS {
            if yearly {
                if let Some(kind) = kind_of(name, Some(*year)) {
                    body.push_str(&card(kind, about));
                }
            }
        }
        body.push_str("</ul>\n");
    }
    let next = years.first().map_or(2025, |y| y + 1);
    let options: String = KINDS
        .iter()
        .filter(|(_, yearly, _)| *yearly)
        .filter_map(|(name, _, _)| Some((*name, kind_of(name, Some(next))?.label())))
        .map(|(name, label)| format!("<option value=\"{name}\">{label}</option>"))
        .collect();
    body.push_str(&format!(
        "<h2>其他年份</h2>\n<form class=\"inline\" method=\"get\" action=\"{PREFIX}/records/go\">\
<label>年份 <input type=\"text\" inputmode=\"numeric\" name=\"year\" value=\"{next}\" size=\"6\" pattern=\"[0-9]{{4}}\"></label>\
<label>记录 <select name=\"kind\">{options}</select></label><button type=\"submit\" class=\"secondary\">打开</button></form>\n\
<p class=\"muted\">新的一年：先在这里打开当年的招生任务，保存第一条时会建好 data/年份/ 下的文件。</p>\n"
    ));
    respond(StatusCode::OK, "记录", &body)
}

/// The answer to an edit refused before any form can be shown.
fn refused_page(refused: &edit::Refused, kind: Kind) -> Response {
    let status = match refused.why {
        Why::BadKey => StatusCode::BAD_REQUEST,
        Why::NotFound => StatusCode::NOT_FOUND,
        Why::Unreadable => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let body = format!(
        "{}<div class=\"box bad\"><p><strong>{}</strong></p><p>没有写入任何文件。</p></div>\n",
        html::crumbs(Some(kind), None),
        e(&refused.message)
    );
    respond(status, &kind_title(kind), &body)
}

fn list(bench: &Bench, kind: Kind) -> Response {
    let entries = match edit::list(&bench.root, kind) {
        Ok(entries) => entries,
        Err(refused) => return refused_page(&refused, kind),
    };
    let file = kind.file().unwrap_or_else(|| "content/ 下的 .md 文件".into());
    let mut body = format!(
        "{}<p class=\"muted\">保存在 <code>{}</code></p>\n<p><a class=\"button\" href=\"{}\">新增一条</a></p>\n",
        html::crumbs(Some(kind), None),
        e(&file),
        e(&form_url(kind, &Key::New))
    );
    if entries.is_empty() {
        body.push_str("<p>还没有记录。</p>\n");
    } else {
        body.push_str("<div class=\"scroll\"><table class=\"entries\">\n<thead><tr><th>序号</th><th>记录</th><th>操作</th></tr></thead>\n<tbody>\n");
        for (i, entry) in entries.iter().enumerate() {
            body.push_str(&format!(
                "<tr><td class=\"n\">{}</td><td>{}</td><td><a href=\"{}\">修改</a></td></tr>\n",
                i + 1,
                e(&entry.title),
                e(&form_url(kind, &entry.key))
            ));
        }
        body.push_str("</tbody></table></div>\n");
    }
    respond(StatusCode::OK, &kind_title(kind), &body)
}

fn form_title(kind: Kind, key: &Key) -> String {
    match key {
        Key::New => format!("{} · 新增", kind_title(kind)),
        Key::Only => kind_title(kind),
        Key::Id(id) => format!("{} · {id}", kind_title(kind)),
        Key::Index(i) => format!("{} · 第 {} 条", kind_title(kind), i + 1),
    }
}

/// The values of a form as they are shown: by field name.
fn values_of(fields: &[FormField]) -> Values {
    fields.iter().map(|f| (f.name.clone(), f.value.clone())).collect()
}

/// The units a form's unit fields offer (id, name and id), from data/units.toml.
fn unit_choices(root: &Path, kind: Kind) -> Vec<(String, String)> {
    if kind == Kind::Site {
        return Vec::new();
    }
    edit::list(root, Kind::Unit)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| match entry.key {
            Key::Id(id) => Some((id, entry.title)),
            _ => None,
        })
        .collect()
}

fn open(bench: &Bench, session: &Session, kind: Kind, key: &Key) -> Response {
    let form = match edit::open(&bench.root, kind, key) {
        Ok(form) => form,
        Err(refused) => return refused_page(&refused, kind),
    };
    let values = values_of(&form.fields);
    let mut view = View::new(&form, &values, &form.token);
    view.units = unit_choices(&bench.root, kind);
    respond(StatusCode::OK, &form_title(kind, key), &view.render(session))
}

/// The values a form posted: every field of the record's form that was sent (a checkbox not
/// ticked is not sent: it is then empty), nothing else.
fn posted_values(fields: &[FormField], posted: &HashMap<String, String>) -> Values {
    fields
        .iter()
        .filter_map(|f| match posted.get(&f.name) {
            Some(v) => Some((f.name.clone(), v.clone())),
            None if f.input == Input::Checkbox => Some((f.name.clone(), String::new())),
            None => None,
        })
        .collect()
}

fn submit(bench: &Bench, session: &Session, kind: Kind, key: &Key, posted: &HashMap<String, String>) -> Response {
    let token = posted.get("token").cloned().unwrap_or_default();
    let title = form_title(kind, key);
    // The form as it is on disk now: its fields, notes, and the file's current version.
    let current = edit::open(&bench.root, kind, key);
    let fields = match &current {
        Ok(form) => form.fields.clone(),
        Err(_) => edit::fields(kind, key),
    };
    let values = posted_values(&fields, posted);
    let shell = |fields: Vec<FormField>| edit::Form {
        kind,
        key: key.clone(),
        file: kind.file().unwrap_or_default(),
        fields,
        token: token.clone(),
        notes: Vec::new(),
    };
    let form = current.clone().unwrap_or_else(|_| shell(fields.clone()));

    if posted.get("do").map(String::as_str) == Some("preview") {
        let mut view = View::new(&form, &values, &token);
        view.units = unit_choices(&bench.root, kind);
        // Every markdown field that has text, as the site shows it (sanitized by the renderer).
        view.preview = form
            .fields
            .iter()
            .filter(|f| f.input == Input::Markdown)
            .filter_map(|f| {
                let text = values.get(&f.name).filter(|t| !t.trim().is_empty())?;
                Some((f.name.clone(), f.label.to_string(), edit::preview(text)))
            })
            .collect();
        view.previewed = true;
        return respond(StatusCode::OK, &title, &view.render(session));
    }

    match edit::save(&bench.root, kind, key, &values, &token) {
        Ok(saved) => match edit::open(&bench.root, kind, &saved.key) {
            Ok(form) => {
                let shown = values_of(&form.fields);
                let mut view = View::new(&form, &shown, &form.token);
                view.units = unit_choices(&bench.root, kind);
                view.root = Some(&bench.root);
                view.saved = Some(saved.file.clone());
                view.problems.clone_from(&saved.warnings);
                respond(StatusCode::OK, &form_title(kind, &saved.key), &view.render(session))
            }
            Err(refused) => respond(
                StatusCode::OK,
                &title,
                &format!(
                    "<div class=\"box good\"><p><strong>已保存到 <code>{}</code>。</strong></p><p>{}</p><p><a href=\"{}\">回到列表</a></p></div>\n",
                    e(&saved.file),
                    e(&refused.message),
                    e(&list_url(kind))
                ),
            ),
        },
        Err(refused) => {
            let status = match refused.why {
                Why::Invalid | Why::Unreadable => StatusCode::UNPROCESSABLE_ENTITY,
                Why::Changed => StatusCode::CONFLICT,
                Why::BadKey => StatusCode::BAD_REQUEST,
                Why::NotFound => StatusCode::NOT_FOUND,
                Why::Io => StatusCode::INTERNAL_SERVER_ERROR,
            };
            let mut view = View::new(&form, &refused.values, &token);
            view.units = unit_choices(&bench.root, kind);
            view.root = Some(&bench.root);
            view.refused = Some(refused.message.clone());
            view.problems.clone_from(&refused.problems);
            if refused.why == Why::Changed {
                match &current {
                    Ok(now) => {
                        view.differences = html::differences(&now.fields, &refused.values);
                        if by_position(kind) && *key != Key::New {
                            // The file changed: the record at this position may be another one now.
                            view.can_save = false;
                        } else {
                            // Shown what is in the file now, the clerk may save over it knowingly.
                            view.token.clone_from(&now.token);
                        }
                    }
                    Err(_) => view.can_save = false,
                }
                view.changed = true;
            } else if refused.why == Why::BadKey {
                // A new notice's file name can be corrected in the form; a key in the URL cannot.
                view.can_save = *key == Key::New;
            } else if matches!(refused.why, Why::NotFound | Why::Unreadable) {
                view.can_save = false;
            }
            respond(status, &title, &view.render(session))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(path: &str) -> Option<Target> {
        parse(path, &HashMap::new())
    }

    #[test]
    fn a_place_in_a_file_links_to_the_form_of_its_record() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("data/2024")).unwrap();
        std::fs::write(
            root.join("data/units.toml"),
            "# 单位\n[[unit]]\nid = \"a\"\n\n[[unit]]\nid = \"b\"\nname = 1\n",
        )
        .unwrap();
        std::fs::write(
            root.join("data/2024/actions.toml"),
            "[[warning]]\nunit = \"a\"\n\n[[blacklist]]\nname = \"x\"\n\n[[warning]]\nunit = \"b\"\n\n[[circular]]\nkind = 1\n",
        )
        .unwrap();
        let link = |file: &str, line| link_for(root, file, line);
        let records = format!("{PREFIX}/records");
        assert_eq!(link("data/units.toml", 7), Some(format!("{records}/units/edit/b")));
        assert_eq!(link("data/units.toml", 3), Some(format!("{records}/units/edit/a")));
        assert_eq!(link("data/units.toml", 1), Some(format!("{records}/units/")));
        assert_eq!(link("data/units.toml", 0), Some(format!("{records}/units/")));
        assert_eq!(link("data/site.toml", 4), Some(format!("{records}/site/")));
        assert_eq!(
            link("data/2024/actions.toml", 2),
            Some(format!("{records}/measures/2024/edit/0"))
        );
        assert_eq!(
            link("data/2024/actions.toml", 5),
            Some(format!("{records}/blacklist/2024/edit/0"))
        );
        assert_eq!(
            link("data/2024/actions.toml", 8),
            Some(format!("{records}/measures/2024/edit/1"))
        );
        assert_eq!(link("data/2024/actions.toml", 11), Some(format!("{records}/")));
        assert_eq!(
            link("content/notices/2024-1.md", 3),
            Some(format!("{records}/notices/edit/notices/2024-1"))
        );
        assert_eq!(link("data/2024/reports/2024-09.toml", 3), None);
        assert_eq!(link("data/2024/programs.toml", 3), None);
        assert_eq!(link("templates/base.html", 3), None);
    }

    #[test]
    fn urls_name_kinds_years_and_keys_never_files() {
        assert_eq!(target("/records"), Some(Target::Index));
        assert_eq!(target("/records/"), Some(Target::Index));
        assert_eq!(target("/records/units/"), Some(Target::List(Kind::Unit)));
        assert_eq!(
            target("/records/units/edit/east-school-a"),
            Some(Target::Form(Kind::Unit, Key::Id("east-school-a".into())))
        );
        assert_eq!(target("/records/site/"), Some(Target::Form(Kind::Site, Key::Only)));
        assert_eq!(
            target("/records/blacklist/2024/new"),
            Some(Target::Form(Kind::Blacklist(2024), Key::New))
        );
        assert_eq!(
            target("/records/measures/2024/edit/3"),
            Some(Target::Form(Kind::Measure(2024), Key::Index(3)))
        );
        assert_eq!(
            target("/records/notices/edit/notices/2024-1"),
            Some(Target::Form(Kind::Notice, Key::Id("notices/2024-1".into())))
        );
        for bad in [
            "/records/quotas/",
            "/records/quotas/24/",
            "/records/quotas/../",
            "/records/blacklist/2024/edit/x",
            "/records/blacklist/2024/edit/",
            "/records/units/2024/",
            "/records/site/edit/x",
            "/records/anything/",
            "/recordsx",
        ] {
            assert_eq!(target(bad), None, "{bad}");
        }
        // A key that is a path is passed on to `edit`, which refuses it.
        assert_eq!(
            target("/records/units/edit/../site"),
            Some(Target::Form(Kind::Unit, Key::Id("../site".into())))
        );
        let go: HashMap<String, String> = [("kind", "quotas"), ("year", "2025")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(parse("/records/go", &go), Some(Target::Go(Kind::Quota(2025))));
        // Every form's URL names it back.
        for (kind, key) in [
            (Kind::Unit, Key::New),
            (Kind::Unit, Key::Id("east".into())),
            (Kind::Quota(2024), Key::Id("east".into())),
            (Kind::Notice, Key::Id("notices/2024-1".into())),
            (Kind::Blacklist(2024), Key::New),
            (Kind::Blacklist(2024), Key::Index(2)),
            (Kind::Admission(2025), Key::Index(0)),
            (Kind::Site, Key::Only),
        ] {
            let url = form_url(kind, &key);
            let path = url.strip_prefix(PREFIX).unwrap();
            assert_eq!(target(path), Some(Target::Form(kind, key)), "{url}");
        }
    }
}
