//! 发布: `build` into the output folder (all of its guarantees: nothing changes unless the whole
//! site was rendered, published figures guarded), then, where data/site.toml names a
//! `[publish] destination`, `rclone sync` of the output folder to it — run with fixed arguments,
//! no shell, nothing from the browser. Every publish is logged in `publish.log` at the site
//! root: when, who (the computer's user), what changed and where it went.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use axum::http::StatusCode;
use axum::response::Response;

use super::auth::Session;
use super::page::{self, e};
use super::Bench;
use crate::diagnostics::Severity;

/// The log of publishes, at the site root beside published.lock.
pub(super) const LOG: &str = "publish.log";

/// The destination data/site.toml names, if it names a valid one.
fn destination(bench: &Bench) -> Result<Option<String>, String> {
    let mut diags = crate::diagnostics::Diagnostics::new();
    let raw = crate::load::load_site(&bench.root, &mut diags).map_err(|e| e.to_string())?;
    let Some(d) = raw.settings.and_then(|s| s.publish.destination).map(|d| d.value) else {
        return Ok(None);
    };
    match crate::validate::destination_problem(&d) {
        Some(problem) => Err(format!(
            "data/site.toml 中 [publish] 的 destination \"{d}\" {problem}（规则 S14）"
        )),
        None => Ok(Some(d)),
    }
}

/// The last publishes logged, newest first.
fn recent(root: &Path, count: usize) -> Vec<String> {
    let text = std::fs::read_to_string(root.join(LOG)).unwrap_or_default();
    let mut entries: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with(['\t', ' ']) && !l.is_empty())
        .map(str::to_string)
        .collect();
    entries.reverse();
    entries.truncate(count);
    entries
}

pub(super) fn page(bench: &Bench, session: &Session, done: Option<String>) -> Response {
    let mut body = done.unwrap_or_default();
    let checked = crate::check(&bench.root).ok();
    let site = checked.as_ref().and_then(|c| c.site.as_ref());
    body.push_str("<h2>这次发布会改动什么</h2>\n");
    body.push_str(&super::month::pending_html(&super::month::pending(bench), site));
    let target = match destination(bench) {
        Ok(Some(d)) => format!("生成到网站文件夹 <code>public/</code>，再用 rclone 同步到 <code>{}</code>（data/site.toml 的 [publish]）。", e(&d)),
        Ok(None) => "生成到网站文件夹 <code>public/</code>。要同时上传到服务器或对象存储，在 data/site.toml 里写 [publish] destination（见 README“发布”）。".into(),
        Err(problem) => format!("<strong>{}</strong> — 改正后才能同步；生成到 public/ 不受影响。", e(&problem)),
    };
    body.push_str(&format!(
        "<form class=\"stack\" method=\"post\" action=\"{}/publish\">{}<p>{target}</p><div class=\"actions\"><button type=\"submit\">发布</button></div></form>\n",
        super::PREFIX,
        page::csrf(session)
    ));
    let log = recent(&bench.root, 10);
    if !log.is_empty() {
        body.push_str(&format!("<h2>最近的发布（{LOG}）</h2>\n<ul>"));
        for line in log {
            body.push_str(&format!("<li>{}</li>", e(&line.replace('\t', " · "))));
        }
        body.push_str("</ul>\n");
    }
    page::ok("发布", "/publish", &body)
}

pub(super) fn publish(bench: &Bench, session: &Session) -> Response {
    let destination = destination(bench);
    let built = match crate::build(&bench.root, &bench.out, false) {
        Ok(b) => b,
        Err(err) => {
            return page::refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("没有发布：{err}"),
                "网站文件夹保持原样；按提示处理后再发布",
            )
        }
    };
    let Some((pages, files)) = built.written else {
        let errors: Vec<&crate::diagnostics::Diagnostic> = built
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let body = format!(
            "<div class=\"box bad\"><p><strong>没有发布：有 {} 个错误。</strong>网站文件夹保持原样，没有上传任何文件。</p></div>\n{}",
            errors.len(),
            page::diagnostics(&errors, &|_| None)
        );
        return page::html(
            StatusCode::UNPROCESSABLE_ENTITY,
            page::layout("没有发布", "/publish", &body),
        );
    };
    let c = &built.changes;
    let mut done = format!(
        "<div class=\"box good\"><p><strong>已生成网站：{pages} 个页面（共 {files} 个文件）。</strong>新增 {} 个、改动 {} 个、删除 {} 个文件，{} 个没有变化。</p>",
        c.added.len(),
        c.changed.len(),
        c.removed.len(),
        c.unchanged
    );
    let synced = match &destination {
        Ok(Some(d)) => Some(sync(bench, d)),
        Ok(None) => None,
        Err(problem) => Some(Err(problem.clone())),
    };
    match &synced {
        Some(Ok(summary)) => done.push_str(&format!(
            "<p>已同步到 <code>{}</code>：{}</p>",
            e(destination.as_ref().ok().and_then(|d| d.as_deref()).unwrap_or_default()),
            e(summary)
        )),
        Some(Err(problem)) => done.push_str(&format!(
            "</div><div class=\"box bad\"><p><strong>同步没有完成：</strong>{}</p><p>网站文件夹已是新的；按提示处理后再点一次“发布”，只会上传还不一样的文件。</p>",
            e(problem)
        )),
        None => {}
    }
    done.push_str("</div>\n");
    let outcome = match (&synced, &destination) {
        (None, _) => "只生成到 public/".to_string(),
        (Some(Ok(s)), Ok(Some(d))) => format!("已同步到 {d}：{s}"),
        (Some(Err(p)), _) => format!("同步失败：{p}"),
        _ => String::new(),
    };
    if let Err(err) = log(&bench.root, c, &outcome) {
        done.push_str(&format!(
            "<div class=\"box warn\"><p>发布记录没有写入 {LOG}：{}</p></div>\n",
            e(&err.to_string())
        ));
    }
    if !c.is_empty() {
        let mut list = String::from("<details><summary>改动的文件</summary><ul class=\"files\">");
        for (mark, paths) in [("新增", &c.added), ("改动", &c.changed), ("删除", &c.removed)] {
            for p in paths.iter().take(300) {
                list.push_str(&format!("<li>{mark}：{}</li>", e(p)));
            }
        }
        list.push_str("</ul></details>\n");
        done.push_str(&list);
    }
    page(bench, session, Some(done))
}

/// `rclone sync` of the output folder to `destination`, with fixed arguments; what it did, in
/// words, or why it failed. A local folder is taken relative to the site root.
fn sync(bench: &Bench, destination: &str) -> Result<String, String> {
    let run = Command::new("rclone")
        .current_dir(&bench.root)
        .arg("sync")
        .arg("-v")
        .arg("--")
        .arg(&bench.out)
        .arg(destination)
        .stdin(std::process::Stdio::null())
        .output();
    let run = match run {
        Ok(r) => r,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err("这台电脑没有安装 rclone：安装后（https://rclone.org/ 或 apt-get install rclone）再发布".into())
        }
        Err(err) => return Err(format!("无法运行 rclone：{err}")),
    };
    let log = String::from_utf8_lossy(&run.stderr);
    if !run.status.success() {
        let last: Vec<&str> = log.lines().rev().take(3).collect();
        return Err(format!(
            "rclone 出错（{}）：{}",
            run.status,
            last.into_iter().rev().collect::<Vec<_>>().join(" / ")
        ));
    }
    let count = |what: &str| log.lines().filter(|l| l.contains(what)).count();
    Ok(format!(
        "上传新文件 {} 个、替换 {} 个、删除 {} 个",
        count(": Copied (new)"),
        count(": Copied (replaced existing)"),
        count(": Deleted")
    ))
}

/// Appends one publish to the log: a line with when, who, what and where, then the files.
fn log(root: &Path, c: &crate::output::Changes, outcome: &str) -> std::io::Result<()> {
    let who = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .or_else(|| {
            let home = std::path::PathBuf::from(std::env::var_os("HOME")?);
            Some(home.file_name()?.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "未知用户".into());
    let when = chrono::Local::now().format("%Y-%m-%d %H:%M:%S %z");
    let mut text = format!(
        "{when}\t{who}\t新增 {} 个、改动 {} 个、删除 {} 个文件\t{outcome}\n",
        c.added.len(),
        c.changed.len(),
        c.removed.len()
    );
    for (mark, paths) in [("A", &c.added), ("M", &c.changed), ("D", &c.removed)] {
        for p in paths {
            text.push_str(&format!("\t{mark}\t{p}\n"));
        }
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(root.join(LOG))?;
    file.write_all(text.as_bytes())
}
