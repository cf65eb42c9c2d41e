//! 本月: the latest round's reports (reported, late, missing), the open warnings, what the next
//! build would change in the output folder, and whether the site is ready to publish.

use axum::response::Response;

use super::auth::Session;
use super::page::{self, e};
use super::Bench;
use crate::diagnostics::Severity;
use crate::model::{Site, Status};

/// The files the next build would add, change and remove in the output folder: the preview's
/// files (rendered as `build` renders them) against the output's manifest.
pub(super) struct Pending {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    /// False while the preview shows no site (its data has errors).
    pub known: bool,
}

pub(super) fn pending(bench: &Bench) -> Pending {
    let snapshot = bench.preview.snapshot.read().map(|s| std::sync::Arc::clone(&s.0)).ok();
    let Some(crate::serve::Snapshot::Site(files) | crate::serve::Snapshot::Draft(files, _)) = snapshot.as_deref()
    else {
        return Pending {
            added: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
            known: false,
        };
    };
    let manifest = crate::output::Manifest::read(&bench.out)
        .ok()
        .flatten()
        .unwrap_or_default();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for (path, bytes) in files {
        match manifest.files.binary_search_by(|f| f.path.as_str().cmp(path)) {
            Err(_) => added.push(path.clone()),
            Ok(i) if manifest.files[i].sha256 != crate::hash::sha256_hex(bytes) => changed.push(path.clone()),
            Ok(_) => {}
        }
    }
    let removed = manifest
        .files
        .iter()
        .filter(|f| !files.contains_key(&f.path))
        .map(|f| f.path.clone())
        .collect();
    added.sort();
    changed.sort();
    Pending {
        added,
        changed,
        removed,
        known: true,
    }
}

/// A file of the site in words: which page it is.
pub(super) fn describe(site: Option<&Site>, path: &str) -> String {
    let parts: Vec<&str> = path
        .trim_end_matches("index.html")
        .trim_end_matches('/')
        .split('/')
        .collect();
    let unit_name = |id: &str| {
        site.and_then(|s| s.units.iter().find(|u| u.id == id))
            .map(|u| u.name.clone())
    };
    let what = match parts.as_slice() {
        [""] => "首页".to_string(),
        [year, "units", id] => match unit_name(id) {
            Some(name) => format!("{year} 年 {name} 的页面"),
            None => format!("{year} 年单位页面"),
        },
        [year] if year.chars().all(|c| c.is_ascii_digit()) => format!("{year} 年总览"),
        [first, ..] if first.ends_with(".xml") => "订阅或站点地图".to_string(),
        ["data", ..] => "开放数据".to_string(),
        ["assets", ..] => "样式或脚本".to_string(),
        _ => "页面或文件".to_string(),
    };
    format!("{what}（{path}）")
}

/// The change list in words, for this page and the publish page.
pub(super) fn pending_html(p: &Pending, site: Option<&Site>) -> String {
    if !p.known {
        return "<p>数据有错误，预览没有生成网站，暂时不知道下次生成会改动什么。</p>\n".into();
    }
    if p.added.is_empty() && p.changed.is_empty() && p.removed.is_empty() {
        return "<div class=\"box good\"><p>网站文件夹已是最新：下次生成不会改动任何文件。</p></div>\n".into();
    }
    let mut out = format!(
        "<p>下次生成将<strong>新增 {} 个、改动 {} 个、删除 {} 个</strong>文件：</p>\n",
        p.added.len(),
        p.changed.len(),
        p.removed.len()
    );
    for (label, list) in [("新增", &p.added), ("改动", &p.changed), ("删除", &p.removed)] {
        if list.is_empty() {
            continue;
        }
        // Pages first: what a reader sees.
        let mut shown: Vec<&String> = list.iter().filter(|p| p.ends_with(".html")).collect();
        shown.extend(list.iter().filter(|p| !p.ends_with(".html")));
        out.push_str(&format!(
            "<details><summary>{label}（{}）</summary><ul class=\"files\">",
            list.len()
        ));
        for path in shown.iter().take(200) {
            out.push_str(&format!("<li>{}</li>", e(&describe(site, path))));
        }
        if shown.len() > 200 {
            out.push_str(&format!("<li>……共 {} 个</li>", shown.len()));
        }
        out.push_str("</ul></details>\n");
    }
    out
}

pub(super) fn page(bench: &Bench, session: &Session) -> Response {
    let _ = session;
    let checked = match crate::check_against(&bench.root, &bench.out) {
        Ok(c) => c,
        Err(err) => {
            return page::refusal(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                &format!("读不了站点：{err}"),
                "检查站点文件夹是否还在、能否读取",
            )
        }
    };
    let site = checked.site.as_ref();
    let mut body = String::new();
    let latest = site.and_then(|s| {
        let y = s.years.last()?;
        Some((s, y, y.rounds.len().checked_sub(1)))
    });
    match latest {
        None => body.push_str("<div class=\"box warn\"><p>还没有任何年度的数据（或数据有错误，见下）。</p></div>\n"),
        Some((site, year, round)) => {
            let title = match round {
                Some(r) => format!(
                    "{} 年 {} 月（截至 {}，报送截止日 {}）",
                    year.year, year.rounds[r].month, year.rounds[r].as_of, year.rounds[r].due
                ),
                None => format!("{} 年：还没有月报", year.year),
            };
            body.push_str(&format!("<h2>{}</h2>\n", e(&title)));
            if let Some(next) = year.next_due {
                body.push_str(&format!(
                    "<p class=\"muted\">下一次报送截止：{next}。收到各单位的报表后，在“<a href=\"{}/upload\">导入报表</a>”上传。</p>\n",
                    super::PREFIX
                ));
            }
            if let Some(r) = round {
                body.push_str(&units_table(site, year, r));
            }
        }
    }
    let errors: Vec<&crate::diagnostics::Diagnostic> = checked.errors().collect();
    let warnings: Vec<&crate::diagnostics::Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && !d.earlier_round)
        .collect();
    body.push_str("<h2>能否发布</h2>\n");
    if errors.is_empty() {
        body.push_str(&format!(
            "<div class=\"box good\"><p><strong>可以发布。</strong>数据检查通过。</p><p><a class=\"button\" href=\"{}/publish\">去发布</a></p></div>\n",
            super::PREFIX
        ));
    } else {
        body.push_str(&format!(
            "<div class=\"box bad\"><p><strong>还不能发布：有 {} 个错误。</strong>按每条的提示改正后，这里会自动更新。</p></div>\n",
            errors.len()
        ));
        body.push_str(&page::diagnostics(&errors, &|d| link(&bench.root, d)));
    }
    body.push_str(&format!("<h2>待处理的警告（{}）</h2>\n", warnings.len()));
    if warnings.is_empty() {
        body.push_str("<p>没有。</p>\n");
    } else {
        body.push_str(&page::diagnostics(&warnings, &|d| link(&bench.root, d)));
    }
    body.push_str("<h2>下次生成会改动什么</h2>\n");
    body.push_str(&pending_html(&pending(bench), site));
    body.push_str(&format!(
        "<h2>表格</h2>\n<p><a class=\"button secondary\" href=\"{0}/form/monthly.xlsx\" download>下载空白月报表（招生情况统计表）</a> \
<a class=\"button secondary\" href=\"{0}/form/programs.xlsx\" download>下载招生专业与计划表</a></p>\n",
        super::PREFIX
    ));
    page::ok("本月", "/", &body)
}

/// Where to fix a diagnostic: a monthly report is fixed by importing its form again.
/// Where a problem is fixed: a round's file by uploading the form again, a record in its form.
fn link(root: &std::path::Path, d: &crate::diagnostics::Diagnostic) -> Option<String> {
    if d.path.contains("/reports/") {
        return Some(format!("{}/upload", super::PREFIX));
    }
    super::records::link_for(root, &d.path, d.line)
}

fn units_table(site: &Site, year: &crate::model::Year, r: usize) -> String {
    let (mut reported, mut late, mut missing) = (0, 0, 0);
    let mut rows = String::new();
    for entry in &year.entries {
        let Some(p) = entry.progress.get(r) else { continue };
        let unit = &site.units[entry.unit];
        let mut flags = Vec::new();
        match p.status {
            Status::Reported => {
                reported += 1;
                flags.push("<span class=\"flag good\">已报送</span>".to_string());
            }
            Status::RolledUp => flags.push("<span class=\"flag\">由下属学校汇总</span>".to_string()),
            Status::Missing => {
                missing += 1;
                flags.push("<span class=\"flag bad\">未报送</span>".to_string());
            }
        }
        if p.late {
            late += 1;
            flags.push(if p.late_ok {
                "<span class=\"flag\">逾期（已认可）</span>".to_string()
            } else {
                "<span class=\"flag warn\">逾期</span>".to_string()
            });
        }
        let total = if p.status == Status::Missing {
            "—".to_string()
        } else {
            p.figures.total().to_string()
        };
        let rate = p.completion.map_or("—".to_string(), |c| {
            format!("{}.{} %", c.permille / 10, c.permille % 10)
        });
        let indent = "　".repeat(entry.depth);
        rows.push_str(&format!(
            "<tr><td>{indent}{}</td><td>{}</td><td>{}</td><td class=\"n\">{total}</td><td class=\"n\">{}</td><td class=\"n\">{rate}</td></tr>\n",
            e(&unit.name),
            flags.join(""),
            p.submitted.map(|d| d.to_string()).unwrap_or_default(),
            p.quota
        ));
    }
    format!(
        "<p>已报送 <strong>{reported}</strong> 个单位，逾期 <strong>{late}</strong> 个，未报送 <strong>{missing}</strong> 个。</p>\n\
<div class=\"scroll\"><table><thead><tr><th>单位</th><th>状态</th><th>报送日期</th><th>累计招生</th><th>招生任务</th><th>完成率</th></tr></thead><tbody>\n{rows}</tbody></table></div>\n"
    )
}
