//! Forms out and in: the blank forms to download; a returned form uploaded, checked by `import`
//! as a dry run and shown with every problem at its cell, or with what it would change per unit;
//! then 导入, the same request written. A changed published figure asks for the correction's
//! date and reason; a late form may be accepted with a reason.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};

use super::auth::{self, Session};
use super::page::{self, e};
use super::{Bench, Request};
use crate::diagnostics::{rules, Diagnostic, Severity};
use crate::import::{self, Cell, Outcome};
use crate::model::{Site, Status};

/// The largest upload read: the import's own limit on a file, and room for the form around it.
const MAX_FILE: usize = 20 * 1024 * 1024;
const MAX_UPLOAD: usize = MAX_FILE + 64 * 1024;
/// Uploads kept for 导入 at most (the oldest goes first).
const MAX_PENDING: usize = 8;
/// Rows of a sheet shown on the page at most.
const MAX_SHOWN_ROWS: usize = 300;

/// An uploaded form, checked and waiting.
pub(super) struct Pending {
    session: String,
    /// The browser's name for the file, reduced to a plain name: it names the sheet in messages
    /// and in the report's comment, and is never used as a path.
    name: String,
    bytes: Arc<Vec<u8>>,
    year: i32,
    month: u32,
    as_of: NaiveDate,
    /// The pages the last dry run would change, rendered with its figures, by path.
    pages: HashMap<String, Arc<[u8]>>,
}

/// What the clerk chose beside the file.
#[derive(Default)]
struct Choices {
    reason: Option<String>,
    date: Option<NaiveDate>,
    accept_late: Option<String>,
}

pub(super) fn blank_form(bench: &Bench, programs: bool) -> Response {
    let checked = crate::check(&bench.root).ok();
    let site = checked.as_ref().and_then(|c| c.site.as_ref());
    let Some((site, year)) = site.and_then(|s| Some((s, s.years.last()?.year))) else {
        return page::refusal(
            StatusCode::CONFLICT,
            "还没有年度的招生任务，或数据有错误，生成不了表格",
            "先在“本月”页面看数据的错误；新的一年先写 data/<年度>/quotas.toml",
        );
    };
    let (bytes, name) = if programs {
        (
            import::form::programs_xlsx(site, year),
            format!("招生专业与计划-{year}.xlsx"),
        )
    } else {
        (import::form::xlsx(site, year), format!("招生情况统计表-{year}.xlsx"))
    };
    let Ok(Some(bytes)) = bytes else {
        return page::refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "生成表格时出错",
            "在终端里运行 sunshine form 看详细信息",
        );
    };
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"form-{year}.xlsx\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// The month an upload is most likely for: the next one due, else the latest round.
fn default_month(site: Option<&Site>) -> (i32, u32, NaiveDate) {
    let today = crate::published::today();
    let Some(year) = site.and_then(|s| s.years.last()) else {
        return (today.year(), today.month(), today);
    };
    if let Some(next) = year.next_due {
        return (year.year, next.month(), next);
    }
    match year.rounds.last() {
        Some(r) => (year.year, r.month, r.as_of),
        None => (year.year, today.month(), today),
    }
}

pub(super) fn form_page(bench: &Bench, session: &Session, problem: Option<&str>) -> Response {
    let checked = crate::check(&bench.root).ok();
    let (year, month, as_of) = default_month(checked.as_ref().and_then(|c| c.site.as_ref()));
    let mut body = String::new();
    if let Some(problem) = problem {
        body.push_str(&format!(
            "<div class=\"box bad\"><p><strong>{}</strong></p><p>没有写入任何文件。</p></div>\n",
            e(problem)
        ));
    }
    body.push_str(&format!(
        "<p>上传各单位交回的招生情况统计表（.xlsx 或 .csv，最大 20 MB）。先检查，不写任何文件：有问题就在表格的格子上标出来；没有问题就列出每个单位的数字将怎样变化，确认后再点“导入”。</p>\n\
<form class=\"stack\" method=\"post\" action=\"{}/upload\" enctype=\"multipart/form-data\">{}\n\
<label>年度<input type=\"number\" name=\"year\" value=\"{year}\" min=\"2000\" max=\"2100\" required></label>\n\
<label>月份<input type=\"number\" name=\"month\" value=\"{month}\" min=\"1\" max=\"12\" required></label>\n\
<label>截止日期（表格统计到哪一天）<input type=\"date\" name=\"as_of\" value=\"{as_of}\" required></label>\n\
<label>表格文件<input type=\"file\" name=\"file\" accept=\".xlsx,.csv\" required></label>\n\
<div class=\"actions\"><button type=\"submit\">上传并检查</button></div>\n</form>\n",
        super::PREFIX,
        page::csrf(session)
    ));
    page::ok("导入报表", "/upload", &body)
}

/// One part of a multipart body: its field name, its file name if any, its bytes.
struct Part<'a> {
    name: String,
    filename: Option<String>,
    data: &'a [u8],
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len())
        .find(|&i| haystack[i] == needle[0] && &haystack[i..i + needle.len()] == needle)
}

/// A parameter of a header value: `name="value"`.
fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The parts of a multipart/form-data body, or None when it is not one.
fn multipart<'a>(content_type: &str, body: &'a [u8]) -> Option<Vec<Part<'a>>> {
    if !content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        return None;
    }
    let boundary = format!("--{}", parameter(content_type, "boundary")?);
    let delimiter = format!("\r\n{boundary}");
    let mut at = find(body, boundary.as_bytes(), 0)? + boundary.len();
    let mut parts = Vec::new();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Some(parts);
        }
        let head_start = at + 2;
        let head_end = find(body, b"\r\n\r\n", head_start)?;
        let head = std::str::from_utf8(&body[head_start..head_end]).ok()?;
        let data_start = head_end + 4;
        let data_end = find(body, delimiter.as_bytes(), data_start)?;
        let disposition = head
            .split("\r\n")
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
            })
            .map(|(_, v)| v)?;
        parts.push(Part {
            name: parameter(disposition, "name")?,
            filename: parameter(disposition, "filename"),
            data: &body[data_start..data_end],
        });
        at = data_end + delimiter.len();
    }
}

/// The browser's file name reduced to a plain name (its last component, no control
/// characters, at most 80 characters), or None when it is not .xlsx or .csv.
fn plain_name(filename: &str) -> Option<String> {
    let last = filename.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let lower = clean.to_lowercase();
    if !(lower.ends_with(".xlsx") || lower.ends_with(".csv")) {
        return None;
    }
    let keep = clean.chars().count().saturating_sub(80);
    Some(clean.chars().skip(keep).collect())
}

pub(super) async fn receive(bench: Arc<Bench>, session: Session, req: Request, body: Body) -> Response {
    let bytes = match auth::read_body(&req.headers, body, MAX_UPLOAD, "上传的文件超过 20 MB，没有读取").await
    {
        Ok(b) => b,
        Err(refusal) => return refusal,
    };
    let content_type = req
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let Some(parts) = multipart(&content_type, &bytes) else {
        return page::refusal(
            StatusCode::BAD_REQUEST,
            "上传的内容不是表单",
            "用“导入报表”页面上的表单上传",
        );
    };
    let field = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name && p.filename.is_none())
            .map(|p| String::from_utf8_lossy(p.data).trim().to_string())
    };
    let fields: HashMap<String, String> = ["csrf", "year", "month", "as_of"]
        .iter()
        .filter_map(|n| Some((n.to_string(), field(n)?)))
        .collect();
    if let Err(refusal) = auth::check_token(&fields, &session) {
        return refusal;
    }
    let problem = |text: &str| {
        let (bench, session, text) = (Arc::clone(&bench), session.clone(), text.to_string());
        super::blocking(move || form_page(&bench, &session, Some(&text)))
    };
    let Some(file) = parts.iter().find(|p| p.name == "file" && p.filename.is_some()) else {
        return problem("没有选择文件").await;
    };
    if file.data.is_empty() {
        return problem("选择的文件是空的").await;
    }
    let Some(name) = file.filename.as_deref().and_then(plain_name) else {
        return problem("只能上传 Excel 文件（.xlsx）或 CSV 文件（.csv）：在 Excel 或 WPS 中“另存为”其中一种再上传")
            .await;
    };
    if file.data.len() > MAX_FILE {
        return page::too_large("上传的文件超过 20 MB，没有读取");
    }
    let year = fields.get("year").and_then(|y| y.parse::<i32>().ok());
    let month = fields.get("month").and_then(|m| m.parse::<u32>().ok());
    let as_of = fields
        .get("as_of")
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let (Some(year), Some(month), Some(as_of)) = (year, month, as_of) else {
        return problem("年度、月份或截止日期没有填对").await;
    };
    let pending = Pending {
        session: session.id.clone(),
        name,
        bytes: Arc::new(file.data.to_vec()),
        year,
        month,
        as_of,
        pages: HashMap::new(),
    };
    let token = auth::random_token();
    if let Ok(mut uploads) = bench.uploads.lock() {
        if uploads.len() >= MAX_PENDING {
            uploads.remove(0);
        }
        uploads.push((token.clone(), pending));
    }
    super::blocking(move || run(&bench, &session, &token, Choices::default(), false)).await
}

/// 重新检查 (with a correction's reason and date) or 导入 (`write`), of an upload checked before.
pub(super) fn again(bench: &Bench, session: &Session, fields: &HashMap<String, String>, write: bool) -> Response {
    let text = |name: &str| fields.get(name).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let choices = Choices {
        reason: text("reason"),
        date: text("date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        accept_late: fields
            .get("accept_late")
            .filter(|v| v.as_str() == "1")
            .and_then(|_| text("late_reason")),
    };
    if fields.get("accept_late").is_some_and(|v| v == "1") && choices.accept_late.is_none() {
        return page::refusal(
            StatusCode::BAD_REQUEST,
            "认可逾期要写明原因",
            "返回上一页，在“认可逾期的原因”里写明原因（会写进月报文件），再点导入",
        );
    }
    let token = text("token").unwrap_or_default();
    run(bench, session, &token, choices, write)
}

/// Runs the import of the upload `token` (a dry run unless `write`) and shows the outcome.
fn run(bench: &Bench, session: &Session, token: &str, choices: Choices, write: bool) -> Response {
    let found = bench.uploads.lock().ok().and_then(|uploads| {
        uploads
            .iter()
            .find(|(t, p)| t == token && p.session == session.id)
            .map(|(_, p)| (p.name.clone(), Arc::clone(&p.bytes), p.year, p.month, p.as_of))
    });
    let Some((name, bytes, year, month, as_of)) = found else {
        return page::refusal(
            StatusCode::GONE,
            "找不到这次上传的表格（工作台重新启动过，或之后又上传了很多表格）",
            "回到“导入报表”重新上传",
        );
    };
    let request = import::Request {
        force: true,
        upload: Some(bytes.to_vec()),
        dry_run: !write,
        reason: choices.reason.clone(),
        correction_date: choices.date,
        accept_late: choices.accept_late.clone(),
        ..import::Request::new(PathBuf::from(&name), bench.root.clone(), year, month, as_of)
    };
    let outcome = match import::import(&request) {
        Ok(o) => o,
        Err(err) => {
            return page::refusal(StatusCode::BAD_REQUEST, &err.to_string(), "按提示改正后重新上传");
        }
    };
    if write {
        if let (Outcome::Written { .. }, Ok(mut uploads)) = (&outcome, bench.uploads.lock()) {
            uploads.retain(|(t, _)| t != token);
        }
    }
    let sheet = || import::read_upload(std::path::Path::new(&name), &bytes, None);
    let mut body = format!(
        "<p class=\"muted\">表格：<strong>{}</strong>（{} 年 {} 月，截至 {}）</p>\n",
        e(&name),
        year,
        month,
        as_of
    );
    let notes = |notes: &[String]| -> String {
        notes
            .iter()
            .map(|n| format!("<p class=\"muted\">{}</p>\n", e(n)))
            .collect()
    };
    match outcome {
        Outcome::Refused {
            diagnostics, notes: n, ..
        } => {
            body.push_str(&notes(&n));
            let only_published = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .all(|d| d.rule == rules::PUBLISHED_CHANGED);
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            if only_published && errors > 0 && choices.reason.is_none() {
                body.push_str(&format!(
                    "<div class=\"box warn\"><p><strong>表格改动了已经公布过的数字。</strong>数字确实有误，就写明更正日期和原因：导入时会在月报里写下更正记录，网站标注“已更正”并列出原数字。不是有意改动，就把表格改回原数字再上传。</p></div>\n\
<form class=\"stack\" method=\"post\" action=\"{}/check\">{}<input type=\"hidden\" name=\"token\" value=\"{}\">\n\
<label>更正日期<input type=\"date\" name=\"date\" value=\"{}\" required></label>\n\
<label>更正原因<input type=\"text\" name=\"reason\" required placeholder=\"如：学校将当月新增数误填为累计数，已核实更正\"></label>\n\
<div class=\"actions\"><button type=\"submit\">写明更正，重新检查</button></div></form>\n",
                    super::PREFIX,
                    page::csrf(session),
                    e(token),
                    crate::published::today()
                ));
            } else {
                body.push_str(&format!(
                    "<div class=\"box bad\"><p><strong>没有导入：有 {errors} 个问题。</strong>按每条的提示改正表格后重新上传；没有写入任何文件。</p></div>\n"
                ));
            }
            body.push_str(&problems(&diagnostics, &name, sheet().as_ref()));
            body.push_str(&format!(
                "<p><a class=\"button secondary\" href=\"{}/upload\">重新上传</a></p>\n",
                super::PREFIX
            ));
            page::html(
                StatusCode::UNPROCESSABLE_ENTITY,
                page::layout("检查结果：要改正", "/upload", &body),
            )
        }
        Outcome::Ready(ready) => {
            let import::Ready {
                path,
                text,
                diagnostics,
                notes: n,
                corrected,
                ..
            } = *ready;
            body.push_str(&notes(&n));
            body.push_str(&format!(
                "<div class=\"box good\"><p><strong>检查通过，还没有写入。</strong>确认下表的变化后点“导入”，写入 <code>{}</code>。</p></div>\n",
                e(&path)
            ));
            let (table, pages) = change_table(bench, &path, &text, year, month);
            body.push_str(&table);
            let mut shown: Vec<&String> = pages.keys().filter(|p| p.ends_with(".html")).collect();
            shown.sort();
            if !shown.is_empty() {
                body.push_str("<p>导入后这些页面的样子（新窗口打开，用的是表格里的数字）：</p><ul>");
                let checked = crate::check(&bench.root).ok();
                for p in shown {
                    body.push_str(&format!(
                        "<li><a href=\"{}/preview/{}/{}\" target=\"_blank\">{}</a></li>",
                        super::PREFIX,
                        e(token),
                        e(p.trim_end_matches("index.html")),
                        e(&super::month::describe(
                            checked.as_ref().and_then(|c| c.site.as_ref()),
                            p
                        ))
                    ));
                }
                body.push_str("</ul>\n");
            }
            if let Ok(mut uploads) = bench.uploads.lock() {
                if let Some((_, p)) = uploads.iter_mut().find(|(t, _)| t == token) {
                    p.pages = pages;
                }
            }
            let warnings: Vec<&Diagnostic> = diagnostics.iter().collect();
            let late = diagnostics.iter().any(|d| d.rule == rules::LATE_FORM);
            let mut form = format!(
                "<form class=\"stack\" method=\"post\" action=\"{}/import\">{}<input type=\"hidden\" name=\"token\" value=\"{}\">\n",
                super::PREFIX,
                page::csrf(session),
                e(token)
            );
            if let Some(reason) = &choices.reason {
                form.push_str(&format!(
                    "<input type=\"hidden\" name=\"reason\" value=\"{}\"><input type=\"hidden\" name=\"date\" value=\"{}\">\n<p>将为 {} 个单位写下更正记录（{}，原因：{}）。</p>\n",
                    e(reason),
                    choices.date.unwrap_or_else(crate::published::today),
                    corrected.len(),
                    choices.date.unwrap_or_else(crate::published::today),
                    e(reason)
                ));
            }
            if late {
                form.push_str(
                    "<fieldset><legend>逾期报送</legend><label class=\"check\"><input type=\"checkbox\" name=\"accept_late\" value=\"1\"> 认可逾期（网站照样标注“逾期”，不再警告）</label>\n\
<label>认可逾期的原因<input type=\"text\" name=\"late_reason\" placeholder=\"如：系统故障，经科室同意延期报送\"></label></fieldset>\n",
                );
            }
            form.push_str(&format!(
                "<p>点“导入”写入 <code>{}</code>（已有的这个月的文件被替换；原来的发布日期和更正记录保留），预览随即更新；网站要“发布”后才会改变。</p>\n<div class=\"actions\"><button type=\"submit\">导入</button></div></form>\n",
                e(&path)
            ));
            body.push_str(&form);
            if !warnings.is_empty() {
                body.push_str(&format!("<h2>提醒（{}）</h2>\n", warnings.len()));
                body.push_str(&problems(&diagnostics, &name, sheet().as_ref()));
            }
            page::ok("检查结果：可以导入", "/upload", &body)
        }
        Outcome::Written {
            path,
            rows,
            diagnostics,
            notes: n,
            ..
        } => {
            body.push_str(&format!(
                "<div class=\"box good\"><p><strong>已导入 {rows} 个单位的数据到 <code>{}</code>，全站检查通过。</strong></p></div>\n",
                e(&path)
            ));
            body.push_str(&notes(&n));
            if !diagnostics.is_empty() {
                let list: Vec<&Diagnostic> = diagnostics.iter().collect();
                body.push_str(&page::diagnostics(&list, &|_| None));
            }
            body.push_str(&format!(
                "<div class=\"actions\"><a class=\"button\" href=\"{0}/publish\">去发布</a><a class=\"button secondary\" href=\"{0}/\">回到本月</a></div>\n",
                super::PREFIX
            ));
            page::ok("已导入", "/upload", &body)
        }
    }
}

/// The problems of an upload: on the sheet's grid, each cell marked, and as a list whose
/// entries link to their cells.
fn problems(diagnostics: &[Diagnostic], name: &str, table: Option<&import::Table>) -> String {
    // The commands' hints name their options and files; here the same fix is on the screen.
    let diagnostics: Vec<Diagnostic> = diagnostics
        .iter()
        .cloned()
        .map(|mut d| {
            if d.rule == rules::PUBLISHED_CHANGED {
                d.hint = "数字确实有误：在上面写明更正日期和原因，重新检查后导入；不是有意改动：把表格改回原来的数字再上传".into();
            } else if d.rule == rules::LATE_FORM {
                d.hint = "日期填错了就改正表格再上传；确属逾期就保留，网站会标注“逾期”；已认可的逾期，在上面勾选“认可逾期”并写明原因，就不再提醒".into();
            }
            d
        })
        .collect();
    let diagnostics = diagnostics.as_slice();
    let at_sheet = |d: &Diagnostic| d.path == name && d.line > 0;
    let cell_id = |d: &Diagnostic| format!("cell-{}", import::cell_name(d.line - 1, d.col.saturating_sub(1)));
    let list: Vec<&Diagnostic> = diagnostics.iter().collect();
    let mut out = page::diagnostics(&list, &|d| at_sheet(d).then(|| format!("#{}", cell_id(d))));
    let Some(table) = table else { return out };
    let mut marks: HashMap<(usize, usize), Severity> = HashMap::new();
    for d in diagnostics.iter().filter(|d| at_sheet(d)) {
        let key = (d.line - 1, d.col.saturating_sub(1));
        let worst = marks.get(&key).map_or(d.severity, |s| (*s).min(d.severity));
        marks.insert(key, worst);
    }
    let rows = table.rows.len().min(MAX_SHOWN_ROWS);
    let cols = table
        .rows
        .iter()
        .take(rows)
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .min(import::MAX_COLS);
    out.push_str("<h2>表格</h2>\n<div class=\"scroll\"><table class=\"sheet\"><thead><tr><th></th>");
    for c in 0..cols {
        out.push_str(&format!("<th>{}</th>", import::column_name(c)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for r in 0..rows {
        out.push_str(&format!("<tr><th class=\"rn\">{}</th>", r + 1));
        for c in 0..cols {
            let text = match table.get(r, c) {
                Cell::Empty => String::new(),
                Cell::Number(n) => n.to_string(),
                Cell::Text(t) => t.clone(),
                Cell::Date(d) => d.to_string(),
            };
            let id = format!("cell-{}", import::cell_name(r, c));
            let class = match marks.get(&(r, c)) {
                Some(Severity::Error) => " class=\"bad\"",
                Some(_) => " class=\"warn\"",
                None => "",
            };
            out.push_str(&format!("<td id=\"{id}\"{class}>{}</td>", e(&text)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    if table.rows.len() > rows {
        out.push_str(&format!("<p class=\"muted\">只显示前 {rows} 行。</p>\n"));
    }
    out
}

/// Per unit: the figures now and after the import, and the flags the new figures raise.
fn change_table(bench: &Bench, rel: &str, text: &str, year: i32, month: u32) -> (String, Pages) {
    let before = crate::check(&bench.root).ok().and_then(|c| c.site);
    let Some(checked) = crate::check_with(&bench.root, Some((rel, text))).ok() else {
        return (String::new(), Pages::new());
    };
    let Some(after) = checked.site.as_ref() else {
        return (String::new(), Pages::new());
    };
    fn round_of(site: &Site, year: i32, month: u32) -> Option<(&crate::model::Year, usize)> {
        let y = site.years.iter().find(|y| y.year == year)?;
        let r = y.rounds.iter().position(|r| r.month == month)?;
        Some((y, r))
    }
    let Some((ay, ar)) = round_of(after, year, month) else {
        return (String::new(), Pages::new());
    };
    let mut wanted: Vec<String> = vec!["index.html".into(), format!("{}index.html", crate::paths::year(year))];
    let old_round = before
        .as_ref()
        .and_then(|b| round_of(b, year, month).map(|(y, r)| (b, y, r)));
    // A round replaced is compared with itself; a new one with the month before it.
    let replacing = old_round.is_some();
    let mut rows = String::new();
    let mut changed = 0;
    for entry in &ay.entries {
        let unit = &after.units[entry.unit];
        let p = &entry.progress[ar];
        let old = match old_round {
            Some((b, y, r)) => y.entries.iter().find(|e| b.units[e.unit].id == unit.id).and_then(|e| {
                let p = &e.progress[r];
                (p.status != Status::Missing).then_some(p.figures.total())
            }),
            None => ar
                .checked_sub(1)
                .and_then(|r| entry.progress.get(r))
                .filter(|p| p.status != Status::Missing)
                .map(|p| p.figures.total()),
        };
        let new = (p.status != Status::Missing).then_some(p.figures.total());
        let show = |n: Option<u64>| n.map_or("—".to_string(), |n| n.to_string());
        let mut flags = Vec::new();
        if old != new {
            wanted.push(format!("{}index.html", crate::paths::unit(year, &unit.id)));
        }
        if replacing && old != new {
            changed += 1;
            flags.push(if old.is_none() {
                "<span class=\"flag good\">新报送</span>"
            } else {
                "<span class=\"flag warn\">改动了本月的数字</span>"
            });
        } else if !replacing && new.is_some() {
            changed += 1;
        }
        if p.status == Status::Missing {
            flags.push("<span class=\"flag bad\">未报送</span>");
        }
        if p.status == Status::RolledUp {
            flags.push("<span class=\"flag\">由下属学校汇总</span>");
        }
        if p.late {
            flags.push(if p.late_ok {
                "<span class=\"flag\">逾期（已认可）</span>"
            } else {
                "<span class=\"flag warn\">逾期</span>"
            });
        }
        if !p.dropped.is_empty() {
            flags.push("<span class=\"flag warn\">比上月少</span>");
        }
        if p.completion.is_some_and(|c| c.permille > 1500) {
            flags.push("<span class=\"flag bad\">完成率超过 150 %</span>");
        }
        let rate = p.completion.map_or("—".to_string(), |c| {
            format!("{}.{} %", c.permille / 10, c.permille % 10)
        });
        rows.push_str(&format!(
            "<tr><td>{}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{rate}</td><td>{}</td></tr>\n",
            "　".repeat(entry.depth),
            e(&unit.name),
            show(old),
            show(new),
            flags.join("")
        ));
    }
    let (what, old_label) = if replacing {
        (
            format!("替换 {year} 年 {month} 月已有的数字：{changed} 个单位有变化"),
            "原来的数字",
        )
    } else {
        (format!("{year} 年 {month} 月的新数字：{changed} 个单位"), "上月累计")
    };
    let sink = crate::render::Collect::default();
    // Unit pages are asked for by their folder; every other file is rendered anyway. The pages
    // kept are the ones that change, and every file that is not a page (styles, charts).
    let rendered = crate::render::render_selected(after, &checked.raw.templates, &sink, &|p| {
        wanted.iter().any(|w| w.strip_suffix("index.html") == Some(p))
    });
    let pages: Pages = match rendered {
        Ok(_) => sink
            .into_files()
            .into_iter()
            .filter(|f| !f.path.ends_with(".html") || wanted.contains(&f.path))
            .map(|f| (f.path, f.bytes.into()))
            .collect(),
        Err(_) => Pages::new(),
    };
    let table = format!(
        "<h2>导入后的变化</h2>\n<p>{what}。</p>\n<div class=\"scroll\"><table class=\"changes\"><thead><tr><th>单位</th><th>{old_label}</th><th>导入后累计</th><th>完成率</th><th>说明</th></tr></thead><tbody>\n{rows}</tbody></table></div>\n"
    );
    (table, pages)
}

/// Pages rendered with an upload's figures, by path.
type Pages = HashMap<String, Arc<[u8]>>;

/// A page of the site as an upload's dry run would make it (`/_workbench/preview/<token>/<path>`);
/// the files it links to (styles, charts) come from the preview.
pub(super) fn preview(bench: &Bench, session: &Session, rest: &str) -> Response {
    // The address as the browser sent it, %-escaped (a unit's id may be Chinese).
    let escaped = rest.replace('+', "%2B").replace('&', "%26");
    let rest: String = form_urlencoded::parse(format!("p={escaped}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let (token, path) = rest.split_once('/').unwrap_or((&rest, ""));
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let found = bench.uploads.lock().ok().and_then(|uploads| {
        let (_, p) = uploads.iter().find(|(t, p)| t == token && p.session == session.id)?;
        Some(p.pages.get(&path).cloned())
    });
    let Some(own) = found else {
        return page::refusal(StatusCode::GONE, "找不到这次上传的预览", "回到“导入报表”重新上传");
    };
    let bytes = own.or_else(|| {
        let snapshot = bench.preview.snapshot.read().ok()?;
        match snapshot.0.as_ref() {
            crate::serve::Snapshot::Site(files) | crate::serve::Snapshot::Draft(files, _) => files.get(&path).cloned(),
            crate::serve::Snapshot::Invalid(_) => None,
        }
    });
    let Some(bytes) = bytes else {
        return page::refusal(
            StatusCode::NOT_FOUND,
            "预览里没有这个页面",
            "预览只包括这次导入会改变的页面",
        );
    };
    let bytes: Vec<u8> = if path.ends_with(".html") {
        mark_as_preview(&String::from_utf8_lossy(&bytes)).into_bytes()
    } else {
        bytes.to_vec()
    };
    let kind = match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        bytes,
    )
        .into_response()
}

/// A banner at the top of a previewed page: these figures are not imported yet. Styled by the
/// preview's own stylesheet (a site's CSP allows only 'self' styles).
fn mark_as_preview(html: &str) -> String {
    let banner = "<link rel=\"stylesheet\" href=\"/__sunshine/preview.css\"><div class=\"sunshine-draft\" role=\"note\"><p><strong>导入前的预览：</strong>这一页用的是刚上传的表格里的数字，还没有导入，网站上也还没有。</p></div>\n";
    let lower = html.to_ascii_lowercase();
    match lower
        .find("<body")
        .and_then(|at| lower[at..].find('>').map(|end| at + end + 1))
    {
        Some(i) => format!("{}{banner}{}", &html[..i], &html[i..]),
        None => format!("{banner}{html}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multipart_body_is_split_into_its_fields_and_file() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\x\\\\\xe8\xa1\xa8.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\r\n--X\r\n--XyZ--\r\n";
        let parts = multipart("multipart/form-data; boundary=XyZ", body).expect("parts");
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].data), ("csrf", &b"abc"[..]));
        assert_eq!(parts[1].data, b"\x00\r\n--X");
        assert_eq!(
            plain_name(parts[1].filename.as_deref().unwrap()).as_deref(),
            Some("表.xlsx")
        );
        assert!(multipart("text/plain", body).is_none());
    }

    #[test]
    fn only_spreadsheets_are_taken_and_their_names_never_as_paths() {
        assert_eq!(plain_name("../../data/x.csv").as_deref(), Some("x.csv"));
        assert_eq!(plain_name("a\nb.XLSX").as_deref(), Some("ab.XLSX"));
        assert_eq!(plain_name("run.sh"), None);
        assert_eq!(plain_name("form.xls"), None);
    }
}
