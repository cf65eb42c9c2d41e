//! Answers one HTTP request from the in-memory snapshot.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State as Shared;
use axum::http::header::{ALLOW, CACHE_CONTROL, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};

use super::{Snapshot, State};
use crate::fmt::xml_escape;

/// Reloads the page once the preview shows a newer build than the page came from. Each message
/// is the number of the build the server now shows; the page's own number comes in its
/// Server-Timing header, so a rebuild that finished between loading the page and connecting
/// here reloads it too, and so does a reconnection after the preview was restarted.
const RELOAD_JS: &str = "(function () {
  var nav = performance.getEntriesByType ? performance.getEntriesByType('navigation')[0] : null;
  var own = nav && nav.serverTiming ? nav.serverTiming.filter(function (t) { return t.name === 'sunshine'; })[0] : null;
  var shown = own ? own.description : null;
  new EventSource('/__sunshine/events').onmessage = function (e) {
    if (shown === null) shown = e.data;
    else if (e.data !== shown) location.reload();
  };
})();
";
const EVENTS: &str = "/__sunshine/events";
const SCRIPT: &str = "/__sunshine/reload.js";
const BANNER_CSS: &str = "/__sunshine/preview.css";
/// The banner's look, from a file of the preview's own (a site's CSP allows only 'self' styles).
const PREVIEW_CSS: &str = ".sunshine-draft{margin:0;padding:.75rem 1rem;background:#fff4ce;color:#3d2e00;\
border-bottom:3px solid #b58100;font:15px/1.5 system-ui,sans-serif;overflow-wrap:anywhere}\
.sunshine-draft summary{font-weight:700;cursor:pointer;color:#3d2e00}\
.sunshine-draft p{margin:.25rem 0}\
.sunshine-draft ol{margin:.5rem 0 0;padding-left:1.5rem;max-height:40vh;overflow-y:auto}\
.sunshine-draft li{margin:.25rem 0}\
.sunshine-draft code{font:13px/1.4 ui-monospace,monospace;background:#fff;padding:0 .2em}\
.sunshine-draft .fix{display:block;color:#5c4700;font-size:13px}\n";
/// The event stream writes a comment this often: more often than an idle connection is closed
/// (`net::IDLE`), and it is how a closed tab's stream is noticed.
const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(4);

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script to a served page (never to public/). Works on whatever a site's own
/// base.html writes: every CSP meta, however spelled, is made to allow the script and its
/// event stream, and the script goes before the last `</body>` (or at the end).
pub(super) fn inject_reload(html: &str) -> String {
    let html = allow_reload_in_csp(html);
    let tag = format!("<script src=\"{SCRIPT}\"></script>\n");
    // ASCII lower-casing keeps every byte offset, so an index into it is one into `html`.
    match html.to_ascii_lowercase().rfind("</body") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => html + &tag,
    }
}

/// One attribute of a start tag.
struct Attribute {
    /// Lower-cased.
    name: String,
    /// Where `=value` stands (empty, just after the name, for an attribute without a value).
    value_span: std::ops::Range<usize>,
    /// The value with its quotes taken off and its character references for quotes and `&` read.
    value: String,
}

/// The attributes of the tag whose name ends at `i`, and where the tag's `>` is (or the end).
fn attributes(html: &str, mut i: usize) -> (Vec<Attribute>, usize) {
    let b = html.as_bytes();
    let space = |i: usize| i < b.len() && b[i].is_ascii_whitespace();
    let mut found = Vec::new();
    loop {
        while space(i) || (i < b.len() && b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (found, i);
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let name_end = i;
        while space(i) {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            found.push(Attribute {
                name,
                value_span: name_end..name_end,
                value: String::new(),
            });
            continue;
        }
        i += 1;
        while space(i) {
            i += 1;
        }
        let raw = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
            let quote = b[i] as char;
            let close = html[i + 1..].find(quote).map_or(b.len(), |e| i + 1 + e);
            let raw = &html[i + 1..close];
            i = (close + 1).min(b.len());
            raw
        } else {
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                i += 1;
            }
            &html[start..i]
        };
        found.push(Attribute {
            name,
            value_span: name_end..i,
            value: decode_quotes(raw),
        });
    }
}

/// Reads the character references a policy may carry in an attribute: quotes and `&`.
fn decode_quotes(raw: &str) -> String {
    raw.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `policy` with the reload script and its event stream allowed: any directive that would
/// decide them otherwise is replaced.
fn allow_reload(policy: &str) -> String {
    let mut directives: Vec<&str> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| {
            let name = d
                .split_ascii_whitespace()
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            // script-src-elem would govern the <script src> even with script-src allowing it.
            !name.is_empty() && !matches!(name.as_str(), "script-src" | "script-src-elem" | "connect-src")
        })
        .collect();
    directives.extend(["script-src 'self'", "connect-src 'self'"]);
    directives.join("; ")
}

/// Every `<meta http-equiv="Content-Security-Policy" content=…>` (any case, order or quoting)
/// rewritten by [`allow_reload`]: a browser enforces each of them, so each must allow it.
fn allow_reload_in_csp(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = lower[from..].find("<meta").map(|i| from + i) {
        from = at + "<meta".len();
        if !lower
            .as_bytes()
            .get(from)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
        {
            continue;
        }
        let (attrs, end) = attributes(html, from);
        from = end;
        let csp = attrs
            .iter()
            .any(|a| a.name == "http-equiv" && a.value.trim().eq_ignore_ascii_case("content-security-policy"));
        let Some(content) = attrs.iter().find(|a| a.name == "content").filter(|_| csp) else {
            continue;
        };
        let policy = allow_reload(&content.value)
            .replace('&', "&amp;")
            .replace('"', "&quot;");
        out.push_str(&html[copied..content.value_span.start]);
        out.push_str(&format!("=\"{policy}\""));
        copied = content.value_span.end;
    }
    out.push_str(&html[copied..]);
    out
}

/// The preview's banner over every page of a site that still has stand-ins from `sunshine new`:
/// each one with where it is and what to write, so the clerk sees the site and what is left.
fn banner(placeholders: &[crate::diagnostics::Diagnostic]) -> String {
    let mut items = String::new();
    for d in placeholders {
        items.push_str(&format!(
            "<li><code>{}:{}:{}</code> {}<span class=\"fix\">{}（规则 {}）</span></li>\n",
            xml_escape(&d.path),
            d.line,
            d.col,
            xml_escape(&d.message),
            xml_escape(&d.hint),
            d.rule.code
        ));
    }
    format!(
        "<link rel=\"stylesheet\" href=\"{BANNER_CSS}\">\n<details class=\"sunshine-draft\" id=\"sunshine-draft\" open>\n\
         <summary>预览：还有 {} 处示例内容要换成真实内容，sunshine build 在换掉之前不会生成网站</summary>\n\
         <p>这条提示只在预览中显示，下面就是网站现在的样子；改好并保存后本页自动刷新。</p>\n<ol>\n{items}</ol>\n</details>\n",
        placeholders.len()
    )
}

/// `html` with the banner just inside its `<body>` (or first, when it has none).
fn inject_banner(html: &str, banner: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let open = lower
        .find("<body")
        .filter(|&i| {
            lower
                .as_bytes()
                .get(i + 5)
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b'>')
        })
        .and_then(|i| lower[i..].find('>').map(|j| i + j + 1));
    match open {
        Some(at) => format!("{}\n{banner}{}", &html[..at], &html[at..]),
        None => format!("{banner}{html}"),
    }
}

/// The error page's look: a long message, path or pasted block wraps at any width (a line of
/// a hint can be longer than a tablet's or a 1280 px screen's) instead of running off the page.
const ERROR_CSS: &str = "body{font:17px/1.6 system-ui,sans-serif;margin:1rem;max-width:80rem}\
ol{padding-left:1.5rem}li{margin:.75rem 0}\
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal;\
font:14px/1.5 ui-monospace,monospace;background:#f6f6f6;padding:.5rem;border-radius:4px}";

fn error_page(diags: &[crate::diagnostics::Diagnostic]) -> String {
    let mut items = String::new();
    for d in diags {
        items.push_str(&format!("<li><pre>{}</pre></li>\n", xml_escape(&d.to_string())));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>数据有错误 - sunshine 预览</title>\n<style>{ERROR_CSS}</style>\n</head>\n<body>\n\
         <h1>数据有错误，网站没有更新</h1>\n<p>改正下面的问题并保存，本页会自动刷新。</p>\n<ol>\n{items}</ol>\n\
         <script src=\"{SCRIPT}\"></script>\n</body>\n</html>\n"
    )
}

pub(super) fn router(state: Arc<State>) -> axum::Router {
    axum::Router::new().fallback(respond).with_state(state)
}

/// The Server-Timing header that tells the reload script which build a page came from.
fn build_header(build: u64) -> (&'static str, String) {
    ("server-timing", format!("sunshine;desc=\"{build}\""))
}

/// True when the request says a body follows. The preview has nothing to post to, so any body
/// is refused before a byte of it is read, whatever length it claims.
fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(TRANSFER_ENCODING)
        || headers
            .get_all(CONTENT_LENGTH)
            .iter()
            .any(|v| v.to_str().map_or(true, |v| v.trim() != "0"))
}

async fn respond(
    Shared(state): Shared<Arc<State>>,
    slot: Option<axum::Extension<super::net::Slot>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if has_body(&headers) {
        // Closing is the only way not to read what the client goes on sending.
        let refusal = (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(CONNECTION, "close"), (CONTENT_TYPE, "text/plain; charset=utf-8")],
            "预览不接受请求正文。\n",
        );
        return refusal.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        let refusal = (
            StatusCode::METHOD_NOT_ALLOWED,
            [(ALLOW, "GET, HEAD"), (CONTENT_TYPE, "text/plain; charset=utf-8")],
            "预览只接受 GET 和 HEAD 请求。\n",
        );
        return refusal.into_response();
    }
    match uri.path() {
        EVENTS => match slot.map(|axum::Extension(slot)| slot.into_stream()) {
            Some(None) => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                "预览打开的页面太多，自动刷新暂停；关掉几个预览页面即可恢复。\n",
            )
                .into_response(),
            Some(Some(permit)) => events(&state, Some(permit)),
            None => events(&state, None),
        },
        SCRIPT => (
            [
                (CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (CACHE_CONTROL, "no-store"),
            ],
            RELOAD_JS,
        )
            .into_response(),
        BANNER_CSS => (
            [(CONTENT_TYPE, "text/css; charset=utf-8"), (CACHE_CONTROL, "no-store")],
            PREVIEW_CSS,
        )
            .into_response(),
        path => page(&state, path),
    }
}

/// One message with the current build's number at once, then one after every rebuild. The
/// stream's place (`permit`) is held for as long as the stream lives.
fn events(state: &State, permit: Option<tokio::sync::OwnedSemaphorePermit>) -> Response {
    let builds = state.reload.subscribe();
    let stream = futures_util::stream::unfold((builds, true, permit), |(mut builds, first, permit)| async move {
        if !first && builds.changed().await.is_err() {
            return None;
        }
        let build = *builds.borrow_and_update();
        Some((
            Ok::<_, Infallible>(Event::default().data(build.to_string())),
            (builds, false, permit),
        ))
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    response
}

fn page(state: &State, url: &str) -> Response {
    // The snapshot and its build number are read together, so the number is the page's own.
    let Ok((snapshot, build)) = state.snapshot.read().map(|s| (Arc::clone(&s.0), s.1)) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let path = percent_decode(url.trim_start_matches('/'));
    let (status, kind, body) = match snapshot.as_ref() {
        Snapshot::Invalid(diags) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            content_type("error.html"),
            Body::from(error_page(diags)),
        ),
        Snapshot::Site(files) | Snapshot::Draft(files, _) => {
            let candidates = if path.is_empty() || path.ends_with('/') {
                vec![format!("{path}index.html")]
            } else {
                vec![path.clone(), format!("{path}/index.html")]
            };
            let found = candidates
                .into_iter()
                .find_map(|p| files.get(&p).map(|b| (StatusCode::OK, p, Arc::clone(b))));
            let (status, name, bytes) = found.unwrap_or_else(|| {
                let bytes = files.get("404.html").map_or_else(|| Arc::from(&b""[..]), Arc::clone);
                (StatusCode::NOT_FOUND, "404.html".to_string(), bytes)
            });
            let body = if name.ends_with(".html") {
                let html = inject_reload(&String::from_utf8_lossy(&bytes));
                Body::from(match snapshot.as_ref() {
                    Snapshot::Draft(_, placeholders) => inject_banner(&html, &banner(placeholders)),
                    _ => html,
                })
            } else {
                Body::from(Bytes::from_owner(bytes))
            };
            (status, content_type(&name), body)
        }
    };
    (
        status,
        [
            (CONTENT_TYPE.as_str(), kind.to_string()),
            (CACHE_CONTROL.as_str(), "no-store".to_string()),
            build_header(build),
        ],
        body,
    )
        .into_response()
}

/// Decodes %XX escapes (a URL may carry Chinese file names).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The policy of the page's first CSP meta, as a browser reads it.
    fn policy(html: &str) -> String {
        let lower = html.to_ascii_lowercase();
        lower
            .match_indices("<meta")
            .map(|(at, _)| attributes(html, at + "<meta".len()).0)
            .find(|attrs| {
                attrs
                    .iter()
                    .any(|a| a.name == "http-equiv" && a.value.eq_ignore_ascii_case("content-security-policy"))
            })
            .and_then(|attrs| attrs.into_iter().find(|a| a.name == "content"))
            .expect("a CSP meta with a content")
            .value
    }

    const SCRIPT_TAG: &str = "<script src=\"/__sunshine/reload.js\"></script>\n";

    #[test]
    fn the_built_in_pages_get_the_script_before_body_end_and_a_csp_that_allows_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let site = crate::check(&root).expect("fixture").site.expect("a valid site");
        let files = crate::render::render(&site, &[]).expect("renders");
        for name in ["index.html", "search/index.html"] {
            let file = files.iter().find(|f| f.path == name).expect(name);
            let served = inject_reload(&String::from_utf8_lossy(&file.bytes));
            let policy = policy(&served);
            assert!(
                policy.starts_with("default-src 'none'; style-src 'self'"),
                "{name}: {policy}"
            );
            assert!(
                policy.ends_with("; script-src 'self'; connect-src 'self'"),
                "{name}: {policy}"
            );
            assert_eq!(policy.matches("script-src").count(), 1, "{name}: {policy}");
            assert!(served.ends_with(&format!("{SCRIPT_TAG}</body>\n</html>\n")), "{name}");
        }
    }

    #[test]
    fn a_csp_written_in_another_case_order_and_quoting_is_found() {
        let page = "<META CONTENT='default-src &#39;none&#39;;style-src &#39;self&#39;'  Http-Equiv = content-security-policy >\n<body>x</body>";
        let served = inject_reload(page);
        assert_eq!(
            policy(&served),
            "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'"
        );
        assert!(served.starts_with(
            "<META CONTENT=\"default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'\"  Http-Equiv"
        ));
    }

    #[test]
    fn script_src_and_connect_src_of_the_site_are_replaced() {
        let page = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none'; connect-src https://x.example; img-src 'self'\"><body></body>";
        assert_eq!(
            policy(&inject_reload(page)),
            "default-src 'none'; img-src 'self'; script-src 'self'; connect-src 'self'"
        );
    }

    #[test]
    fn other_meta_tags_are_left_alone() {
        let page = "<meta name=\"description\" content=\"script-src 'none'\"><metadata content=\"x\"><body></body>";
        assert_eq!(
            inject_reload(page),
            page.replace("</body>", &format!("{SCRIPT_TAG}</body>"))
        );
    }

    #[test]
    fn a_page_without_a_csp_only_gets_the_script() {
        let page = "<html><body><p>x</p></body></html>";
        assert_eq!(
            inject_reload(page),
            format!("<html><body><p>x</p>{SCRIPT_TAG}</body></html>")
        );
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_in_any_case() {
        let page = "<BODY><p>&lt;/body&gt; </body> in text</p></BODY>\n";
        assert_eq!(
            inject_reload(page),
            format!("<BODY><p>&lt;/body&gt; </body> in text</p>{SCRIPT_TAG}</BODY>\n")
        );
    }

    #[test]
    fn a_page_without_body_end_gets_the_script_at_the_end() {
        assert_eq!(inject_reload("<p>x</p>"), format!("<p>x</p>{SCRIPT_TAG}"));
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("files/%E7%AE%80%E7%AB%A0.pdf"), "files/简章.pdf");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%"), "%");
    }
}
