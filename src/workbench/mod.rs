//! 工作台: the clerk's month in a browser, served by `sunshine serve` beside the preview under
//! `/_workbench/` — this month's reports, warnings and what the next build changes; the blank
//! forms; a returned form uploaded, checked at its cells and imported; the site published.
//!
//! Everything it writes goes through the commands' own code: `import::import` (a dry run first,
//! then the same request written), `crate::build`, and rclone with fixed arguments. Nothing from
//! the browser names a path, a file or a command. Safety (see `auth`): a secret printed on the
//! terminal, exchanged for an HttpOnly cookie; every change a POST with the session's token from
//! the same origin; loopback only.
//!
//! The pages are plain HTML forms (no JavaScript needed), built in `page` with every value from
//! the data escaped. The records editor (units, quotas, blacklist… in forms) is to come as
//! another module here, linked from the navigation (`page::NAV`).

// A refusal is the page to answer with, built once per request: its size does not matter.
#![allow(clippy::result_large_err)]

mod auth;
mod month;
mod page;
mod publish;
mod records;
mod upload;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State as Shared;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::serve::State as Preview;

/// Where the 工作台 is served.
pub const PREFIX: &str = "/_workbench";

/// What the 工作台 shares between requests.
pub(crate) struct Bench {
    root: PathBuf,
    /// The output folder: where `build` writes by default, and what the preview compares with.
    out: PathBuf,
    preview: Arc<Preview>,
    auth: auth::Auth,
    /// Uploaded forms checked and waiting for 导入, by a random token.
    uploads: Mutex<Vec<(String, upload::Pending)>>,
}

/// Serves the preview and, on a loopback address, the 工作台 (until the process is stopped).
/// `ready` is given the bound address and, when the 工作台 is served, its opening URL's path
/// with the secret (`/_workbench/?key=…`).
pub fn serve(
    root: &Path,
    addr: SocketAddr,
    quiet: bool,
    ready: impl FnOnce(SocketAddr, Option<String>),
) -> Result<Infallible, crate::Error> {
    let loopback = addr.ip().is_loopback();
    let key = auth::random_token();
    let opening = loopback.then(|| format!("{PREFIX}/?key={key}"));
    crate::serve::serve_with(
        root,
        addr,
        quiet,
        |preview, root| {
            if !loopback {
                return axum::Router::new();
            }
            router(Arc::new(Bench {
                root: root.to_path_buf(),
                out: root.join("public"),
                preview,
                auth: auth::Auth::new(key),
                uploads: Mutex::new(Vec::new()),
            }))
        },
        |bound| ready(bound, opening),
    )
}

fn router(bench: Arc<Bench>) -> axum::Router {
    axum::Router::new()
        .route(PREFIX, axum::routing::any(handle))
        .route(&format!("{PREFIX}/"), axum::routing::any(handle))
        .route(&format!("{PREFIX}/{{*rest}}"), axum::routing::any(handle))
        .with_state(bench)
}

/// The request as the pages need it.
pub(crate) struct Request {
    pub method: Method,
    pub path: String,
    pub query: HashMap<String, String>,
    pub headers: HeaderMap,
}

async fn handle(
    Shared(bench): Shared<Arc<Bench>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let path = uri.path().strip_prefix(PREFIX).unwrap_or_default().to_string();
    let query: HashMap<String, String> = form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let req = Request {
        method,
        path,
        query,
        headers,
    };
    if req.path.is_empty() {
        return page::redirect(&format!("{PREFIX}/"), None);
    }
    if req.path == "/style.css" {
        return (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            page::CSS,
        )
            .into_response();
    }
    // The secret from the terminal, once: a cookie from now on, and the address without it.
    if let Some(key) = req.query.get("key") {
        return match bench.auth.login(key) {
            Some(cookie) => page::redirect(&format!("{PREFIX}/"), Some(cookie)),
            None => page::refusal(
                StatusCode::FORBIDDEN,
                "这个工作台地址的密钥不对（可能是上次启动时的地址）",
                "用终端里 sunshine serve 刚打印的“工作台”地址打开；重新启动 serve 后要用新地址",
            ),
        };
    }
    let Some(session) = bench.auth.session(&req.headers) else {
        return page::refusal(
            StatusCode::FORBIDDEN,
            "需要工作台密钥才能打开",
            "用终端里 sunshine serve 打印的“工作台”地址（带 ?key=…）打开；同一台电脑上的其他人没有这个地址就打不开工作台",
        );
    };
    let post = req.method == Method::POST;
    if post {
        if let Err(why) = auth::same_origin(&req.headers) {
            return page::refusal(
                StatusCode::FORBIDDEN,
                &why,
                "从工作台自己的页面提交；别的网页不能替你提交",
            );
        }
    } else if req.method != Method::GET && req.method != Method::HEAD {
        return page::refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            "工作台只接受 GET 和 POST 请求",
            "用工作台页面上的按钮",
        );
    }
    if !post && auth::has_body(&req.headers) {
        return page::too_large("工作台的页面不接受请求正文");
    }
    let bench2 = Arc::clone(&bench);
    match (post, req.path.as_str()) {
        (false, "/") => blocking(move || month::page(&bench2, &session)).await,
        (false, "/form/monthly.xlsx") => blocking(move || upload::blank_form(&bench2, false)).await,
        (false, "/form/programs.xlsx") => blocking(move || upload::blank_form(&bench2, true)).await,
        (false, "/upload") => blocking(move || upload::form_page(&bench2, &session, None)).await,
        (true, "/upload") => upload::receive(bench, session, req, body).await,
        (true, "/check" | "/import") => {
            let fields = match auth::read_form(&req.headers, body, &session).await {
                Ok(fields) => fields,
                Err(refusal) => return refusal,
            };
            let write = req.path == "/import";
            blocking(move || upload::again(&bench2, &session, &fields, write)).await
        }
        (false, p) if p.starts_with("/preview/") => {
            let rest = p["/preview/".len()..].to_string();
            blocking(move || upload::preview(&bench2, &session, &rest)).await
        }
        (false, "/publish") => blocking(move || publish::page(&bench2, &session, None)).await,
        (true, "/publish") => {
            if let Err(refusal) = auth::read_form(&req.headers, body, &session).await {
                return refusal;
            }
            blocking(move || publish::publish(&bench2, &session)).await
        }
        (_, p) if p == "/records" || p.starts_with("/records/") => records::handle(bench, session, req, body).await,
        _ => page::refusal(StatusCode::NOT_FOUND, "工作台没有这个页面", "从工作台首页进入"),
    }
}

/// Runs `work` (reading and checking the site, importing, building) off the thread that serves
/// the preview's pages.
async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        page::refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "工作台处理这个请求时出了意外",
            "没有写入不完整的文件；重试一次，仍然出错请把终端里的信息发给维护人员",
        )
    })
}
