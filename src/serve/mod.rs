//! `sunshine serve`: builds the site in memory, serves it on 127.0.0.1, rebuilds when a source
//! file changes and tells open pages to reload (Server-Sent Events). It never writes public/.
//! While the data is invalid it keeps running and shows the errors as a page.

mod http;
pub mod incremental;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Site;

/// Every file of the site, by path; pages are shared so that a rebuild keeps unchanged ones.
pub type Files = HashMap<String, Arc<[u8]>>;

/// What the server currently has to show.
pub enum Snapshot {
    Site(Files),
    Invalid(Vec<Diagnostic>),
}

/// The model and files of the last good build, for incremental rebuilds.
pub type LastBuild = Mutex<Option<(Site, Files)>>;

pub struct State {
    pub snapshot: RwLock<Arc<Snapshot>>,
    pub last: LastBuild,
    /// One sender per open page waiting for a reload.
    pub listeners: Mutex<Vec<Sender<()>>>,
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
    let Some(site) = checked.site.take() else {
        return invalid(checked.diagnostics);
    };
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
    let mut previous = last.lock().ok();
    let plan = match previous.as_deref() {
        Some(Some((old, files))) if reports_only => incremental::changed_unit_pages(old, &site).map(|set| (set, files)),
        _ => None,
    };
    let sink = crate::render::Collect::default();
    let result = match &plan {
        Some((set, _)) => crate::render::render_selected(&site, &checked.raw.templates, &sink, &|p| set.contains(p)),
        None => crate::render::render_into(&site, &checked.raw.templates, &sink),
    };
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
    Snapshot::Site(files)
}

/// True for a change that should trigger a rebuild: under the site's source folders only.
fn relevant(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let backup = rel.to_string_lossy().ends_with('~');
    matches!(first.as_deref(), Some("data" | "content" | "templates" | "static")) && !hidden && !backup
}

/// The source files an event changed (content or existence). Reading files, as every rebuild
/// does, raises access and metadata events; reacting to those would rebuild forever.
fn changes(event: &notify::Result<notify::Event>, root: &Path) -> Vec<PathBuf> {
    use notify::event::{EventKind, ModifyKind};
    let Ok(event) = event else { return Vec::new() };
    let kind = matches!(
        event.kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
    );
    if !kind {
        return Vec::new();
    }
    event.paths.iter().filter(|p| relevant(root, p)).cloned().collect()
}

/// data/<year>/reports/<file>: an edit there can only change figures.
fn is_report(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.len() == 4 && parts[0] == "data" && parts[2] == "reports"
}

/// Serves until the process is stopped. `ready` is called with the bound address.
pub fn serve(root: &Path, addr: SocketAddr, quiet: bool, ready: impl FnOnce(SocketAddr)) -> Result<(), crate::Error> {
    let root: PathBuf = root.canonicalize().map_err(|error| crate::Error::Io {
        path: root.to_path_buf(),
        error,
        hint: None,
    })?;
    let last = Mutex::new(None);
    let first = rebuild(&root, quiet, &last, false);
    let state = Arc::new(State {
        snapshot: RwLock::new(Arc::new(first)),
        last,
        listeners: Mutex::new(Vec::new()),
    });
    let server =
        tiny_http::Server::http(addr).map_err(|e| crate::Error::Serve(format!("无法在 {addr} 上启动预览：{e}")))?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| crate::Error::Serve("预览地址不是 IP 地址".into()))?;

    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| crate::Error::Serve(format!("无法监视文件变化：{e}")))?;
    for dir in ["data", "content", "templates", "static"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| crate::Error::Serve(format!("{}: {e}", path.display())))?;
        }
    }
    // A folder created later (e.g. templates/) is picked up through the root, non-recursively.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| crate::Error::Serve(format!("{}: {e}", root.display())))?;
    {
        let state = Arc::clone(&state);
        let root = root.clone();
        std::thread::spawn(move || watch_loop(&root, &rx, &state, quiet));
    }
    ready(bound);
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || http::respond(request, &state));
    }
    drop(watcher);
    Ok(())
}

fn watch_loop(root: &Path, rx: &Receiver<notify::Result<notify::Event>>, state: &State, quiet: bool) {
    while let Ok(event) = rx.recv() {
        let mut changed = changes(&event, root);
        // Editors write a file in several steps: wait until changes stop for a moment.
        while let Ok(event) = rx.recv_timeout(Duration::from_millis(60)) {
            changed.extend(changes(&event, root));
        }
        if changed.is_empty() {
            continue;
        }
        let reports_only = changed.iter().all(|p| is_report(root, p));
        let snapshot = rebuild(root, quiet, &state.last, reports_only);
        if let Ok(mut current) = state.snapshot.write() {
            *current = Arc::new(snapshot);
        }
        if let Ok(mut listeners) = state.listeners.lock() {
            listeners.retain(|l| l.send(()).is_ok());
        }
    }
}
