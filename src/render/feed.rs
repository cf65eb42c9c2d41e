//! The Atom feed (feed.xml), rendered from the feed.xml template.

use serde::Serialize;
use tera::Context;

use super::text::encode_url;
use super::view::{month_label, DateView};
use super::{markdown, Renderer};
use crate::paths;

/// An Atom date of a day, in Beijing time.
fn day(d: chrono::NaiveDate) -> String {
    format!("{}T00:00:00+08:00", d.format("%Y-%m-%d"))
}

impl Renderer<'_> {
    /// feed.xml: notices, monthly reports, circulars, measures, quota adjustments and blacklist
    /// entries, newest first.
    pub(super) fn feed(&self) {
        let site = self.site;
        #[derive(Serialize)]
        struct Entry {
            title: String,
            path: String,
            id: String,
            updated: String,
            summary: String,
        }
        // Every address in the feed is percent-encoded: a Chinese file name is not a valid URL.
        let base = encode_url(&self.public_base());
        let mut entries: Vec<Entry> = Vec::new();
        for p in site.pages.iter().filter(|p| p.is_notice()) {
            let Some(date) = p.updated.or(p.date) else { continue };
            let path = encode_url(&paths::page(&p.slug));
            entries.push(Entry {
                title: p.title.clone(),
                id: format!("{base}{path}"),
                path,
                updated: format!("{}T00:00:00+08:00", date.format("%Y-%m-%d")),
                summary: p.description.clone().unwrap_or_else(|| markdown::summary(&p.body, 200)),
            });
        }
        for y in &site.years {
            // The measures in force that year, carried ones included, in units.toml order: each
            // monthly report's entry names them, as its table does.
            let measures: Vec<String> = (0..site.units.len())
                .map(crate::model::UnitId)
                .filter_map(|u| {
                    super::view::MeasureFlag::gravest(y, u)
                        .map(|m| format!("{} {}", super::text::isolate(&site.units[u].name), m.citation))
                })
                .collect();
            let in_force = if measures.is_empty() {
                String::new()
            } else {
                format!("正在执行的处理措施：{}。", measures.join("；"))
            };
            for round in &y.rounds {
                let path = paths::report(y.year, round.month);
                let label = month_label(y.year, round.month);
                let sample = if round.sample { "（示例数据）" } else { "" };
                entries.push(Entry {
                    title: format!("{label}招生情况统计表{sample}"),
                    id: format!("{base}{path}"),
                    path,
                    updated: format!("{}T00:00:00+08:00", round.as_of.format("%Y-%m-%d")),
                    summary: format!(
                        "截至{}，累计招生 {} 人，完成全年任务 {} 人的 {}。{in_force}",
                        DateView::from(round.as_of).cn,
                        round.city.total(),
                        round.quota,
                        round.city_completion.map_or("—".into(), |r| r.to_string())
                    ),
                });
            }
            for (r, round) in y.rounds.iter().enumerate() {
                for (i, c) in super::corrections::of_round(site, y, r).into_iter().enumerate() {
                    let what: Vec<String> = c
                        .changes
                        .iter()
                        .map(|ch| format!("{} {} → {}", ch.label, ch.old, ch.new))
                        .collect();
                    entries.push(Entry {
                        title: format!("更正：{}月报 {}", c.round.name, super::text::isolate(&c.unit.name)),
                        id: format!("{base}{}#correction-{}", paths::report(y.year, round.month), i + 1),
                        path: format!("{}#corrections-title", paths::report(y.year, round.month)),
                        updated: format!("{}T00:00:00+08:00", c.date.iso),
                        summary: format!("{}。原因：{}", what.join("，"), c.reason),
                    });
                }
            }
            for (i, c) in y.circulars.iter().enumerate() {
                let path = paths::year(y.year);
                entries.push(Entry {
                    title: format!("{}：{}", c.kind.label(), c.record.title),
                    id: format!("{base}{path}#circular-{}", y.circulars.len() - i),
                    path: format!("{path}#circulars"),
                    updated: format!("{}T00:00:00+08:00", c.record.date.format("%Y-%m-%d")),
                    summary: c
                        .units
                        .iter()
                        .map(|&u| super::text::isolate(&site.units[u].name))
                        .collect::<Vec<_>>()
                        .join("、"),
                });
            }
            let actions = paths::actions(y.year);
            for (i, w) in y.warnings.iter().enumerate() {
                let unit = super::text::isolate(&site.units[w.unit].name);
                let lifted = if w.in_force() { "" } else { "（已解除）" };
                entries.push(Entry {
                    title: format!(
                        "警示与处理：{unit} {}{lifted}",
                        w.record.measure.as_deref().unwrap_or("警示标注")
                    ),
                    id: format!("{base}{actions}#measure-{}", y.warnings.len() - i),
                    path: actions.clone(),
                    updated: day(w.record.lifted.unwrap_or(w.record.date)),
                    summary: format!("{}。{}", w.record.reason, super::view::measure_effect(&w.record)),
                });
            }
            for e in &y.entries {
                let unit = super::text::isolate(&site.units[e.unit].name);
                for a in &e.adjustments {
                    entries.push(Entry {
                        title: format!("招生任务调整：{unit} 由 {} 调整为 {}", a.from, a.to),
                        id: format!("{base}{actions}#adjustment-{}-{}", site.units[e.unit].id, a.record.date),
                        path: actions.clone(),
                        updated: day(a.record.date),
                        summary: a.record.reason.clone(),
                    });
                }
            }
        }
        for i in 0..site.blacklist.len() {
            let b = super::blacklist::view(site, i);
            let removed = if b.in_force { "" } else { "（已移出）" };
            entries.push(Entry {
                title: format!("校企合作黑名单：{}{removed}", b.name),
                id: format!("{base}{}", b.path),
                path: b.path.clone(),
                // A person's removal date is never shown: its entry keeps the listing date.
                updated: day(site.blacklist[i]
                    .public()
                    .removed
                    .unwrap_or(site.blacklist[i].record.date)),
                summary: b.reason.clone(),
            });
        }
        // Each release of the open data, with what it changed (the 更新记录).
        let releases = self.release_entries.lock().map(|l| l.clone()).unwrap_or_default();
        for (name, date, what) in releases {
            let path = format!("{}#r{name}", paths::RELEASES);
            entries.push(Entry {
                title: format!("开放数据更新：版本 {name}"),
                id: format!("{base}{path}"),
                path,
                updated: format!("{date}T00:00:00+08:00"),
                summary: what,
            });
        }
        entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
        let updated = entries
            .first()
            .map_or_else(|| "2000-01-01T00:00:00+08:00".into(), |e| e.updated.clone());
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_view);
        ctx.insert("base", &base);
        ctx.insert("entries", &entries);
        ctx.insert("updated", &updated);
        self.file("feed.xml", &ctx);
    }
}
