//! `sunshine serve`: builds the site in memory, serves it on 127.0.0.1, rebuilds when a source
//! file changes and tells open pages to reload (Server-Sent Events). It never writes public/;
//! it reads the site published there, and refuses a changed published figure as `build` does.
//! While the data is invalid it keeps running and shows the errors as a page; when the only
//! errors are stand-ins a new site still has (某某市, 0000-00000000), it shows the site under a
//! banner that lists them.
//!
//! HTTP is axum on hyper, on one tokio thread (`net` bounds and times out connections); the
//! watching and rebuilding run on their own thread (`watch`), so a long rebuild never holds up
//! a page view.

mod http;
pub mod incremental;
mod net;
mod watch;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Site;

/// Every file of the site, by path; pages are shared so that a rebuild keeps unchanged ones.
pub type Files = HashMap<String, Arc<[u8]>>;

/// What the server currently has to show.
pub enum Snapshot {
    Site(Files),
    /// A site whose only errors are stand-ins left from `sunshine new` (which `build` refuses):
    /// shown, every page under a banner listing them.
    Draft(Files, Vec<Diagnostic>),
    Invalid(Vec<Diagnostic>),
}

/// The model and files of the last good build, for incremental rebuilds.
pub type LastBuild = Mutex<Option<(Site, Files)>>;

pub struct State {
    /// What is shown, and its build number (see `reload`).
    pub snapshot: RwLock<(Arc<Snapshot>, u64)>,
    pub last: LastBuild,
    /// The number of the build shown, for open pages to compare with theirs. It starts from the
    /// clock, so a page left open across a restart of the preview sees a new number too.
    pub reload: tokio::sync::watch::Sender<u64>,
}

impl State {
    /// Shows `snapshot` from now on and tells every open page.
    /// Only the watching thread calls it, so the number cannot move in between; the page is in
    /// place before any open page hears of it and asks for it.
    fn show(&self, snapshot: Snapshot) {
        let build = *self.reload.borrow() + 1;
        if let Ok(mut current) = self.snapshot.write() {
            *current = (Arc::new(snapshot), build);
        }
        self.reload.send_replace(build);
    }
}

fn invalid(diags: Vec<Diagnostic>) -> Snapshot {
    crate::diagnostics::print(&diags, crate::diagnostics::Printing::ALL);
    eprintln!("数据有错误：浏览器中显示错误列表；改正并保存后会自动恢复。");
    Snapshot::Invalid(diags)
}

fn error(path: String, message: String, hint: &str) -> Diagnostic {
    Diagnostic::at_file(Severity::Error, crate::diagnostics::rules::PREVIEW, path, message, hint)
}

/// Renders the site under `root` into memory and prints a summary or the diagnostics. When only
/// report files changed and a previous good build is at hand, only the unit pages whose figures
/// changed are rendered again; every other file is rendered anew.
///
/// The data is compared with the site published in `root/public/` (where `build` writes by
/// default), as `build` compares it: a published figure changed without a record is an error
/// in the page, as it is when building, and with any other error in the same run.
pub fn rebuild(root: &Path, quiet: bool, last: &LastBuild, reports_only: bool) -> Snapshot {
    let started = Instant::now();
    let mut checked = match crate::check(root) {
        Ok(c) => c,
        Err(e) => {
            return invalid(vec![error(
                root.display().to_string(),
                e.to_string(),
                "检查站点目录是否存在、能否读取",
            )])
        }
    };
    let published = root.join("public");
    let mut previous = last.lock().ok();
    let plan = match (previous.as_deref(), &checked.site) {
        (Some(Some((old, files))), Some(site)) if reports_only => {
            incremental::changed_unit_pages(old, site).map(|set| (set, files))
        }
        _ => None,
    };
    let sink = crate::render::Collect::default();
    // Compared while the site is rendered, as `build` does (and when the data has other errors
    // too, so that all come in one run); a refusal drops what was rendered.
    let (found, result) = rayon::join(
        || crate::published_in(&checked.raw, checked.site.as_ref(), root, &published),
        || match (&plan, &checked.site) {
            (_, None) => Ok(0),
            (Some((set, _)), Some(site)) => {
                crate::render::render_selected(site, &checked.raw.templates, &sink, &|p| set.contains(p))
            }
            (None, Some(site)) => crate::render::render_into(site, &checked.raw.templates, &sink),
        },
    );
    checked.add_published(found);
    let Some(site) = checked.site.take() else {
        return invalid(checked.diagnostics);
    };
    let placeholders: Vec<Diagnostic> = checked.placeholders().cloned().collect();
    let shown: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| !quiet || d.severity == Severity::Error)
        .cloned()
        .collect();
    // Printed on every save: warnings about earlier months only once, as a count.
    crate::diagnostics::print(
        &shown,
        crate::diagnostics::Printing {
            limit: usize::MAX,
            earlier_in_full: false,
        },
    );
    if let Err(e) = result {
        return invalid(e.into_diagnostics());
    }
    let rendered = sink.into_files();
    let count = rendered.len();
    let mut files: Files = match &plan {
        Some((_, old_files)) => (*old_files).clone(),
        None => HashMap::with_capacity(count),
    };
    for f in rendered {
        files.insert(f.path, f.bytes.into());
    }
    if plan.is_none() {
        for rel in &checked.raw.static_files {
            let key = rel.to_string_lossy().replace('\\', "/");
            if let (false, Ok(bytes)) = (files.contains_key(&key), std::fs::read(root.join("static").join(rel))) {
                files.insert(key, bytes.into());
            }
        }
    }
    if !quiet {
        let ms = started.elapsed().as_millis();
        match &plan {
            Some((set, _)) => println!(
                "已更新：重新生成 {count} 个文件（其中单位页面 {} 个），用时 {ms} 毫秒。",
                set.len()
            ),
            None => {
                let pages = files.keys().filter(|k| k.ends_with(".html")).count();
                println!("已重新生成 {pages} 个页面，用时 {ms} 毫秒。");
            }
        }
    }
    if let Some(slot) = previous.as_deref_mut() {
        *slot = Some((site, files.clone()));
    }
    if placeholders.is_empty() {
        Snapshot::Site(files)
    } else {
        eprintln!(
            "还有 {} 处示例内容没有换掉：预览照常显示（每页顶上列出它们），sunshine build 不会生成网站。",
            placeholders.len()
        );
        Snapshot::Draft(files, placeholders)
    }
}

/// Why the preview could not listen on `addr`, in Chinese, with what to do instead (the system's
/// own words are English: only its error number is kept, for the rare case not named here).
fn bind_error(addr: SocketAddr, error: &std::io::Error) -> crate::Error {
    use std::io::ErrorKind;
    let port = addr.port();
    let other = if port == 8000 { 8001 } else { 8000 };
    let any = "--port 0 自动选一个空闲端口";
    crate::Error::Serve(match error.kind() {
        ErrorKind::AddrInUse => format!(
            "端口 {port} 已被占用（可能已经开着一个预览） — 关掉另一个预览，或换一个端口：sunshine serve --port {}（{any}）",
            port.checked_add(1).unwrap_or(other)
        ),
        ErrorKind::PermissionDenied => format!(
            "没有权限使用端口 {port}（1024 以下的端口要管理员权限） — 换一个 1024 以上的端口：sunshine serve --port {other}（{any}）"
        ),
        ErrorKind::AddrNotAvailable => format!(
            "这台电脑没有地址 {} — --bind 只能写本机的地址：不写 --bind 就只在本机预览（127.0.0.1），写 --bind 0.0.0.0 则局域网内的电脑也能打开",
            addr.ip()
        ),
        _ => match error.raw_os_error() {
            Some(code) => format!(
                "无法在 {addr} 上启动预览（系统错误代码 {code}） — 换一个端口再试：sunshine serve --port 0 自动选一个空闲端口"
            ),
            None => format!("无法在 {addr} 上启动预览 — 换一个端口再试：sunshine serve --port 0 自动选一个空闲端口"),
        },
    })
}

/// Serves until the process is stopped (it never returns otherwise). `ready` is called with the
/// bound address.
pub fn serve(
    root: &Path,
    addr: SocketAddr,
    quiet: bool,
    ready: impl FnOnce(SocketAddr),
) -> Result<Infallible, crate::Error> {
    serve_with(root, addr, quiet, |_, _| axum::Router::new(), ready)
}

/// As [`serve`], with more routes beside the preview on the same port (the 工作台's): `extra`
/// is given the preview's state and the site root (canonical) and returns them.
pub fn serve_with(
    root: &Path,
    addr: SocketAddr,
    quiet: bool,
    extra: impl FnOnce(Arc<State>, &Path) -> axum::Router,
    ready: impl FnOnce(SocketAddr),
) -> Result<Infallible, crate::Error> {
    let root: PathBuf = root.canonicalize().map_err(|error| crate::Error::Io {
        path: root.to_path_buf(),
        error,
        hint: None,
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| crate::Error::Serve(format!("无法启动预览：{e}")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| bind_error(addr, &e))?;
    let bound = listener.local_addr().map_err(|e| bind_error(addr, &e))?;

    let last = Mutex::new(None);
    let first = rebuild(&root, quiet, &last, false);
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let state = Arc::new(State {
        snapshot: RwLock::new((Arc::new(first), started)),
        last,
        reload: tokio::sync::watch::Sender::new(started),
    });
    watch::start(&root, Arc::clone(&state), quiet)?;
    let extra = extra(Arc::clone(&state), &root);
    ready(bound);
    runtime.block_on(net::accept_loop(listener, extra.merge(http::router(state))))
}
