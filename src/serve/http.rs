//! Answers one HTTP request from the in-memory snapshot.

use std::io::Read;
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

use tiny_http::{Header, Request, Response, StatusCode};

use super::{Snapshot, State};
use crate::render::xml_escape;

const RELOAD_JS: &str = "new EventSource('/__sunshine/events').onmessage = function () { location.reload(); };\n";
const EVENTS: &str = "/__sunshine/events";
const SCRIPT: &str = "/__sunshine/reload.js";

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header")
}

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

fn error_page(diags: &[crate::diagnostics::Diagnostic]) -> String {
    let mut items = String::new();
    for d in diags {
        items.push_str(&format!(
            "<li><pre style=\"overflow-x: auto\">{}</pre></li>\n",
            xml_escape(&d.to_string())
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>数据有错误 - sunshine 预览</title>\n</head>\n<body style=\"font: 17px/1.6 system-ui, sans-serif; margin: 1rem;\">\n\
         <h1>数据有错误，网站没有更新</h1>\n<p>改正下面的问题并保存，本页会自动刷新。</p>\n<ol>\n{items}</ol>\n\
         <script src=\"{SCRIPT}\"></script>\n</body>\n</html>\n"
    )
}

/// Blocks until the next rebuild, then yields one event; ends when the server drops the sender.
struct Events {
    rx: Receiver<()>,
    pending: Vec<u8>,
}

impl Read for Events {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            match self.rx.recv() {
                Ok(()) => self.pending = b"data: reload\n\n".to_vec(),
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

pub(super) fn respond(request: Request, state: &State) {
    let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if url == EVENTS {
        let (tx, rx) = mpsc::channel();
        if let Ok(mut listeners) = state.listeners.lock() {
            listeners.push(tx);
        }
        let body = Events {
            rx,
            pending: b": connected\n\n".to_vec(),
        };
        let response = Response::new(
            StatusCode(200),
            vec![
                header("Content-Type", "text/event-stream"),
                header("Cache-Control", "no-cache"),
            ],
            body,
            None,
            None,
        );
        let _ = request.respond(response);
        return;
    }
    if url == SCRIPT {
        let response =
            Response::from_string(RELOAD_JS).with_header(header("Content-Type", "text/javascript; charset=utf-8"));
        let _ = request.respond(response);
        return;
    }
    let snapshot: Arc<Snapshot> = match state.snapshot.read() {
        Ok(s) => Arc::clone(&s),
        Err(_) => return,
    };
    let path = percent_decode(url.trim_start_matches('/'));
    let response = match snapshot.as_ref() {
        Snapshot::Invalid(diags) => Response::from_string(error_page(diags))
            .with_status_code(500)
            .with_header(header("Content-Type", "text/html; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store")),
        Snapshot::Site(files) => {
            let candidates = if path.is_empty() || path.ends_with('/') {
                vec![format!("{path}index.html")]
            } else {
                vec![path.clone(), format!("{path}/index.html")]
            };
            let found = candidates.iter().find_map(|p| files.get(p).map(|b| (p.as_str(), b)));
            let (status, name, bytes) = match found {
                Some((name, bytes)) => (200, name, bytes.to_vec()),
                None => (
                    404,
                    "404.html",
                    files.get("404.html").map(|b| b.to_vec()).unwrap_or_default(),
                ),
            };
            let bytes = if name.ends_with(".html") {
                inject_reload(&String::from_utf8_lossy(&bytes)).into_bytes()
            } else {
                bytes
            };
            Response::from_data(bytes)
                .with_status_code(status)
                .with_header(header("Content-Type", content_type(name)))
                .with_header(header("Cache-Control", "no-store"))
        }
    };
    let _ = request.respond(response);
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
