//! The search page and its index: one JSON shard per 2000 entries, fetched by search.js only
//! when a reader searches, so pages stay light.

use serde::Serialize;

use super::nav::Nav;
use super::text::pinyin_initials;
use super::{opendata, Renderer};
use crate::paths;

impl Renderer<'_> {
    /// The search page and its index, in shards loaded only when a reader searches.
    pub(super) fn search(&self) {
        const SHARD: usize = 2000;
        let site = self.site;
        // [name, id or document number or other words it is found by, path, what it is, pinyin
        // initials of the name, figures shown with it (a unit's quota, cumulative and rate),
        // 已更正: the corrections page's entry when those figures are or include a corrected one,
        // measures in force (a unit's gravest; for a program, its schools')]
        let mut entries: Vec<[String; 8]> = Vec::new();
        let measure = |year: &crate::model::Year, unit| {
            super::view::MeasureFlag::gravest(year, unit)
                .map(|m| {
                    if m.stops {
                        format!("{}：{}", m.label, m.detail)
                    } else {
                        m.citation
                    }
                })
                .unwrap_or_default()
        };
        let num = |n: u64| crate::fmt::group_thousands(&n.to_string()).unwrap_or_default();
        if let Some(year) = site.latest_year() {
            for entry in &year.entries {
                let unit = &site.units[entry.unit];
                let what = match unit.parent {
                    Some(p) => format!("{}，{}", unit.kind.label(), site.units[p].name),
                    None => unit.kind.label().to_string(),
                };
                let initials = pinyin_initials(&unit.name);
                let figures = match entry.latest() {
                    // A result is read away from the page's banner: sample figures say so, and a
                    // rate measured against a quota adjusted since says which.
                    Some((r, p)) => format!(
                        "{}年招生任务 {} 人，截至{}累计招生 {} 人，完成率 {}{}{}",
                        year.year,
                        num(entry.quota),
                        super::view::DateView::from(year.rounds[r].as_of).cn,
                        num(p.figures.total()),
                        p.completion.map_or_else(|| "—".to_string(), |c| c.to_string()),
                        if p.quota == entry.quota {
                            String::new()
                        } else {
                            format!("（按当时的招生任务 {} 人计）", num(p.quota))
                        },
                        if year.rounds[r].sample {
                            "（示例数据）"
                        } else {
                            ""
                        }
                    ),
                    None => format!("{}年招生任务 {} 人，尚无月报", year.year, num(entry.quota)),
                };
                let corrected = entry
                    .latest()
                    .and_then(|(r, p)| super::view::corrected_mark(year, r, &p.corrected))
                    .map(|m| m.path)
                    .unwrap_or_default();
                entries.push([
                    unit.name.clone(),
                    unit.id.clone(),
                    paths::unit(year.year, &unit.id),
                    what,
                    initials,
                    figures,
                    corrected,
                    measure(year, entry.unit),
                ]);
            }
        }
        let units = entries.len();
        // A parent types 护理 and gets the schools that teach it: one entry per program name,
        // leading to its place on the year's programs page.
        if let Some(year) = site.latest_year() {
            let s = &year.schools;
            for (i, group) in s.program_groups.iter().enumerate() {
                let mut schools: Vec<&str> = Vec::new();
                let mut codes: Vec<&str> = Vec::new();
                // Every school of the group under a measure, named with it: a parent choosing a
                // program sees which schools may not enrol before opening the list.
                let mut measures: Vec<String> = Vec::new();
                for &p in &group.programs {
                    let p = &s.programs[p];
                    let name = site.units[p.unit].name.as_str();
                    if !schools.contains(&name) {
                        schools.push(name);
                        if let Some(m) = super::view::MeasureFlag::gravest(year, p.unit) {
                            measures.push(format!("{}：{}", super::text::isolate(name), m.citation));
                        }
                    }
                    if let Some(code) = p.record.code.as_deref() {
                        if !codes.contains(&code) {
                            codes.push(code);
                        }
                    }
                }
                let shown = schools.iter().take(3).copied().collect::<Vec<_>>().join("、");
                let what = if schools.len() > 3 {
                    format!("招生专业：{shown} 等 {} 所学校", schools.len())
                } else {
                    format!("招生专业：{shown}")
                };
                entries.push([
                    group.name.clone(),
                    codes.join(" "),
                    super::schools::group_path(year, i),
                    what,
                    pinyin_initials(&group.name),
                    String::new(),
                    String::new(),
                    measures.join("；"),
                ]);
            }
        }
        let programs = entries.len() - units;
        // A parent approached by an agent types part of its name: the blacklist, every year.
        for i in 0..site.blacklist.len() {
            let b = super::blacklist::view(site, i);
            let what = format!(
                "校企合作黑名单：{}{}",
                if b.person { "个人" } else { b.kind_label },
                if b.in_force { "" } else { "（已移出）" }
            );
            entries.push([
                b.name.clone(),
                b.credit_code.clone().unwrap_or_default(),
                b.path.clone(),
                what,
                pinyin_initials(&b.name),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        let blacklisted = entries.len() - units - programs;
        for p in &site.pages {
            let what = if p.is_notice() { "通知公告" } else { "文章" };
            let id = p.document.clone().unwrap_or_default();
            entries.push([
                p.title.clone(),
                id,
                paths::page(&p.slug),
                what.to_string(),
                pinyin_initials(&p.title),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        let keyword_pages = self.keyword_entries();
        let keywords = keyword_pages.len();
        entries.extend(keyword_pages);
        // 举报 and the words a parent would type for it lead to the complaint page's box.
        entries.push([
            "如何举报（举报电话、举报平台、微信小程序）".into(),
            "举报 投诉 违规招生 有偿招生 人头费 买卖生源 虚假宣传 举报电话 举报邮箱 小程序".into(),
            format!("{}#report", paths::CONTACT),
            "举报与咨询".into(),
            "jb rhjb tszx".into(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        self.blacklist_answers();
        let shards = entries.chunks(SHARD).count();
        for (n, chunk) in entries.chunks(SHARD).enumerate() {
            self.emit_data(opendata::json_file(paths::search_shard(n), &chunk));
        }
        #[derive(Serialize)]
        struct SearchView {
            shards: usize,
            count: usize,
            units: usize,
            programs: usize,
            blacklisted: usize,
            articles: usize,
        }
        let view = SearchView {
            shards,
            count: entries.len(),
            units,
            programs,
            blacklisted,
            articles: entries.len() - units - programs - blacklisted - keywords - 1,
        };
        let mut meta = self.meta(
            paths::SEARCH,
            "搜索",
            Some("按名称查找单位、专业、文章和校企合作黑名单".into()),
            Some(Nav::Search),
            false,
        );
        meta.script = Some(self.script_path.clone());
        self.page("search.html", paths::SEARCH, meta, &view);
    }
}

/// One blacklist entry as the search and the blacklist page answer with it. A person's entry
/// carries only what is published of a person: name, date, reason, document.
#[derive(Serialize)]
struct BlacklistAnswer {
    name: String,
    /// The name as compared with a query: [`crate::names::normalize_name`], as for unit names.
    key: String,
    /// The unified social credit code (an organisation's), or "".
    code: String,
    /// 中介组织, 企业 or 个人.
    kind: &'static str,
    date: String,
    reason: String,
    document: String,
    /// Still on the list (a removed person's entry has no removal date shown).
    listed: bool,
    /// The date it was removed, or "" (listed, or a person's removal, whose date is not shown).
    removed: String,
    path: String,
}

/// search/blacklist.json: every entry, and what a "no" says.
#[derive(Serialize)]
struct BlacklistIndex {
    /// The date the list stands at: its latest listing or removal (else the site's last update).
    as_of: String,
    /// Entries in force.
    count: usize,
    /// Whom to ask when in doubt: the bureau and its department; their phone ("" without).
    ask: String,
    phone: String,
    /// The phone's `tel:` target.
    tel: String,
    ask_path: &'static str,
    entries: Vec<BlacklistAnswer>,
}

impl Renderer<'_> {
    /// The pages the words a reader types for them (黑名单, 更正, 举报…) lead to, ahead of every
    /// name that merely contains the word: [name, the words, path, what, initials, "", "", ""]. search.js
    /// puts an entry first when the query is one of its words.
    fn keyword_entries(&self) -> Vec<[String; 8]> {
        let site = self.site;
        let mut entries = vec![[
            "校企合作黑名单".to_string(),
            "黑名单 校企合作黑名单 查黑名单 中介 招生中介".to_string(),
            paths::BLACKLIST.to_string(),
            "查询中介组织、企业或个人是否在黑名单上".to_string(),
            "hmd xqhzhmd".to_string(),
            String::new(),
            String::new(),
            String::new(),
        ]];
        entries.push([
            "更正记录".to_string(),
            "更正 更正记录 改正 勘误 数字改了".to_string(),
            paths::CORRECTIONS.to_string(),
            "已公布的数字改动过的记录".to_string(),
            "gz gzjl".to_string(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        if let Some(year) = site.latest_year() {
            entries.push([
                format!("{}年警示与处理", year.year),
                "警示 警示与处理 警示标注 处理 通报 停止招生 限制招生 压缩招生".to_string(),
                paths::actions(year.year),
                "对违规学校的警示、处理和通报".to_string(),
                "js jsycl".to_string(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        // 历年情况: the index, and each unit across the years (also a unit that has no quota in
        // the latest year, whose year pages the search does not list).
        if !site.years.is_empty() {
            entries.push([
                "各单位历年情况".to_string(),
                "历年 往年 去年 历史 对比 比较 各年 历年完成率 历年招生任务".to_string(),
                paths::UNITS.to_string(),
                "全市和各单位历年的招生任务、完成率、月报报送和处理措施".to_string(),
                "lnqk gdwlnqk".to_string(),
                String::new(),
                String::new(),
                String::new(),
            ]);
            for u in &site.across_years.units {
                let unit = &site.units[u.unit];
                let span = match (u.years.first(), u.years.last()) {
                    (Some(a), Some(b)) if a.year != b.year => format!("{}—{}年", a.year, b.year),
                    (Some(a), _) => format!("{}年", a.year),
                    _ => String::new(),
                };
                entries.push([
                    format!("{}历年情况", unit.name),
                    format!("{} 历年 往年", unit.id),
                    paths::unit_years(&unit.id),
                    format!("历年招生任务、完成率与报送情况（{span}）"),
                    format!("{} lnqk", pinyin_initials(&unit.name)),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        entries
    }

    /// search/blacklist.json, read by search.js on the search page and on the blacklist page to
    /// answer a name with "在黑名单上" or "不在黑名单上（截至…，共 N 条）".
    fn blacklist_answers(&self) {
        let site = self.site;
        let entries: Vec<BlacklistAnswer> = (0..site.blacklist.len())
            .map(|i| {
                let b = super::blacklist::view(site, i);
                BlacklistAnswer {
                    key: crate::names::normalize_name(&b.name),
                    name: b.name,
                    code: b.credit_code.unwrap_or_default(),
                    kind: if b.person { "个人" } else { b.kind_label },
                    date: b.date.cn,
                    reason: b.reason,
                    document: b.document.unwrap_or_default(),
                    listed: b.in_force,
                    removed: b.removed.map(|d| d.cn).unwrap_or_default(),
                    path: b.path,
                }
            })
            .collect();
        let latest = site
            .blacklist
            .iter()
            .flat_map(|b| [Some(b.record.date), b.record.removed])
            .flatten()
            .max()
            .or(site.last_updated);
        let contact = &site.settings.contact;
        let who = format!(
            "{}{}",
            site.settings.publisher,
            contact.department.as_deref().unwrap_or_default()
        );
        let ask = format!("拿不准时，请向{who}咨询");
        let phone = contact.phone.clone().unwrap_or_default();
        let tel = contact
            .phone
            .as_deref()
            .map(super::templates::tel_target)
            .unwrap_or_default();
        let index = BlacklistIndex {
            as_of: latest.map(|d| super::view::DateView::from(d).cn).unwrap_or_default(),
            count: site.blacklist.iter().filter(|b| b.in_force()).count(),
            ask,
            phone,
            tel,
            ask_path: paths::CONTACT,
            entries,
        };
        self.emit_data(opendata::json_file(paths::BLACKLIST_INDEX.to_string(), &index));
    }
}
