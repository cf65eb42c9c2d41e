//! The 工作台's pages: one layout, every value from the data or the browser escaped.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::diagnostics::{Diagnostic, Severity};

pub(super) const CSS: &str = include_str!("workbench.css");

/// The navigation: (path under the prefix, label). The records editor goes here when it comes.
pub(super) const NAV: [(&str, &str); 4] = [
    ("/", "本月"),
    ("/upload", "导入报表"),
    ("/records", "记录"),
    ("/publish", "发布"),
];

/// HTML-escaped.
pub(super) fn e(s: &str) -> String {
    crate::fmt::xml_escape(s)
}

/// A whole page: `active` is the path of its navigation entry.
pub(super) fn layout(title: &str, active: &str, body: &str) -> String {
    let nav: String = NAV
        .iter()
        .map(|(path, label)| {
            let current = if *path == active { " aria-current=\"page\"" } else { "" };
            format!("<a href=\"{}{path}\"{current}>{label}</a>", super::PREFIX)
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'\">\n\
<title>{} · 工作台</title>\n<link rel=\"stylesheet\" href=\"{}/style.css\">\n</head>\n<body>\n\
<header class=\"bar\"><strong>阳光招生 · 工作台</strong><nav>{nav}<a href=\"/\">看预览</a></nav></header>\n<main>\n<h1>{}</h1>\n{body}</main>\n</body>\n</html>\n",
        e(title),
        super::PREFIX,
        e(title)
    )
}

/// An HTML answer that is never cached and never framed.
pub(super) fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_FRAME_OPTIONS, "DENY"),
            // frame-ancestors works only in a header (a meta policy ignores it).
            (header::CONTENT_SECURITY_POLICY, "frame-ancestors 'none'"),
        ],
        body,
    )
        .into_response()
}

pub(super) fn ok(title: &str, active: &str, body: &str) -> Response {
    html(StatusCode::OK, layout(title, active, body))
}

/// A refusal: what happened and what to do, and nothing done.
pub(super) fn refusal(status: StatusCode, what: &str, hint: &str) -> Response {
    let body = format!(
        "<div class=\"box bad\"><p><strong>{}</strong></p><p>{}</p><p>没有写入任何文件。</p></div>\n",
        e(what),
        e(hint)
    );
    html(status, layout("没有执行", "", &body))
}

/// A body refused for its size, on a connection then closed (the rest is never read).
pub(super) fn too_large(what: &str) -> Response {
    let mut response = refusal(
        StatusCode::PAYLOAD_TOO_LARGE,
        what,
        "统计表每个单位一行，不会这么大：检查是否选错了文件（上限 20 MB）",
    );
    response
        .headers_mut()
        .insert(header::CONNECTION, axum::http::HeaderValue::from_static("close"));
    response
}

/// 303 to `to`, setting `cookie` when given.
pub(super) fn redirect(to: &str, cookie: Option<String>) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response();
    if let Some(c) = cookie.and_then(|c| c.parse().ok()) {
        response.headers_mut().insert(header::SET_COOKIE, c);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    response
}

/// Where a diagnostic is, in words: the file and line, or the sheet's cell.
pub(super) fn place(d: &Diagnostic) -> String {
    if d.line == 0 {
        d.path.clone()
    } else {
        format!("{}:{}", d.path, d.line)
    }
}

/// A list of diagnostics: code, message, where, what to do.
pub(super) fn diagnostics(list: &[&Diagnostic], link: &dyn Fn(&Diagnostic) -> Option<String>) -> String {
    let mut out = String::from("<ol class=\"diags\">\n");
    for d in list {
        let kind = if d.severity == Severity::Error {
            "错误"
        } else {
            "警告"
        };
        let class = if d.severity == Severity::Error { "bad" } else { "warn" };
        let at = match link(d) {
            Some(href) => {
                let text = match href.strip_prefix("#cell-") {
                    Some(cell) => format!("表格的单元格 {cell}"),
                    None => place(d),
                };
                format!("<a href=\"{}\">{}</a>", e(&href), e(&text))
            }
            None => format!("<code>{}</code>", e(&place(d))),
        };
        out.push_str(&format!(
            "<li class=\"{class}\"><span class=\"tag\">{kind} {}</span> {}<br><span class=\"where\">{at}</span><span class=\"fix\">{}</span></li>\n",
            e(d.rule.code),
            e(&d.message),
            e(&d.hint)
        ));
    }
    out.push_str("</ol>\n");
    out
}

/// The hidden token field every form carries.
pub(super) fn csrf(session: &super::auth::Session) -> String {
    format!("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", e(&session.csrf))
}
