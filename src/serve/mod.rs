//! `sunshine serve`: builds the site in memory, serves it on 127.0.0.1, rebuilds when a source
//! file changes and tells open pages to reload (Server-Sent Events). It never writes public/.
//! While the data is invalid it keeps running and shows the errors as a page.

mod http;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diagnostics::{Diagnostic, Severity};

/// What the server currently has to show.
pub enum Snapshot {
    Site(HashMap<String, Vec<u8>>),
    Invalid(Vec<Diagnostic>),
}

pub struct State {
    pub snapshot: RwLock<Arc<Snapshot>>,
    /// One sender per open page waiting for a reload.
    pub listeners: Mutex<Vec<Sender<()>>>,
}

/// Renders the site under `root` into memory; prints a summary or the diagnostics.
pub fn rebuild(root: &Path, quiet: bool) -> Snapshot {
    let started = Instant::now();
    let snapshot = match crate::render_site(root, false) {
        Err(e) => {
            let diagnostic = Diagnostic {
                severity: Severity::Error,
                path: root.display().to_string(),
                line: 1,
                col: 1,
                message: e.to_string(),
                hint: "检查站点目录是否存在、能否读取".into(),
            };
            Snapshot::Invalid(vec![diagnostic])
        }
        Ok(Err(checked)) => Snapshot::Invalid(checked.diagnostics),
        Ok(Ok((checked, files))) => {
            for d in checked
                .diagnostics
                .iter()
                .filter(|d| !quiet || d.severity == Severity::Error)
            {
                eprintln!("{d}");
            }
            let mut map: HashMap<String, Vec<u8>> = files.into_iter().map(|f| (f.path, f.bytes)).collect();
            for rel in &checked.raw.static_files {
                let key = rel.to_string_lossy().replace('\\', "/");
                if let (false, Ok(bytes)) = (map.contains_key(&key), std::fs::read(root.join("static").join(rel))) {
                    map.insert(key, bytes);
                }
            }
            if !quiet {
                let pages = map.keys().filter(|k| k.ends_with(".html")).count();
                println!(
                    "已重新生成 {pages} 个页面，用时 {} 毫秒。",
                    started.elapsed().as_millis()
                );
            }
            Snapshot::Site(map)
        }
    };
    if let Snapshot::Invalid(diags) = &snapshot {
        for d in diags {
            eprintln!("{d}");
        }
        eprintln!("数据有错误：浏览器中显示错误列表；改正并保存后会自动恢复。");
    }
    snapshot
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

/// Serves until the process is stopped. `ready` is called with the bound address.
pub fn serve(root: &Path, addr: SocketAddr, quiet: bool, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let root: PathBuf = root.canonicalize().map_err(|e| format!("{}: {e}", root.display()))?;
    let state = Arc::new(State {
        snapshot: RwLock::new(Arc::new(rebuild(&root, quiet))),
        listeners: Mutex::new(Vec::new()),
    });
    let server = tiny_http::Server::http(addr).map_err(|e| format!("无法在 {addr} 上启动预览：{e}"))?;
    let bound = server.server_addr().to_ip().ok_or("预览地址不是 IP 地址")?;

    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| format!("无法监视文件变化：{e}"))?;
    for dir in ["data", "content", "templates", "static"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    // A folder created later (e.g. templates/) is picked up through the root, non-recursively.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("{}: {e}", root.display()))?;
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

/// A change to a source file's content or existence. Reading files (as every rebuild does) raises
/// access and metadata events; reacting to those would rebuild forever.
fn is_change(event: &notify::Result<notify::Event>, root: &Path) -> bool {
    use notify::event::{EventKind, ModifyKind};
    let Ok(event) = event else { return false };
    let kind = matches!(
        event.kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
    );
    kind && event.paths.iter().any(|p| relevant(root, p))
}

fn watch_loop(root: &Path, rx: &Receiver<notify::Result<notify::Event>>, state: &State, quiet: bool) {
    while let Ok(event) = rx.recv() {
        let mut changed = is_change(&event, root);
        // Editors write a file in several steps: wait until changes stop for a moment.
        while let Ok(event) = rx.recv_timeout(Duration::from_millis(60)) {
            changed |= is_change(&event, root);
        }
        if !changed {
            continue;
        }
        let snapshot = rebuild(root, quiet);
        if let Ok(mut current) = state.snapshot.write() {
            *current = Arc::new(snapshot);
        }
        if let Ok(mut listeners) = state.listeners.lock() {
            listeners.retain(|l| l.send(()).is_ok());
        }
    }
}
