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

/// Adds the reload script to a served page (never to public/): the page's CSP gets a
/// `script-src 'self'` for it.
pub(super) fn inject_reload(html: &str) -> String {
    let html = html.replacen(
        "default-src 'none';",
        "default-src 'none'; script-src 'self'; connect-src 'self';",
        1,
    );
    let tag = format!("<script src=\"{SCRIPT}\"></script>\n");
    match html.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => html + &tag,
    }
}

fn error_page(diags: &[crate::diagnostics::Diagnostic]) -> String {
    let mut items = String::new();
    for d in diags {
        items.push_str(&format!("<li><code>{}</code></li>\n", xml_escape(&d.to_string())));
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

    #[test]
    fn the_reload_script_goes_before_body_end_and_the_csp_allows_it() {
        let page = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'\"><body>x</body>";
        let served = inject_reload(page);
        assert!(served.contains("script-src 'self'"));
        assert!(served.ends_with("<script src=\"/__sunshine/reload.js\"></script>\n</body>"));
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("files/%E7%AE%80%E7%AB%A0.pdf"), "files/简章.pdf");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%"), "%");
    }
}
