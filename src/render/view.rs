//! Views: what templates read. Built from the model, formatted for display, no logic left to
//! templates but loops and conditions. Paths are relative to the site root, without a leading `/`.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::charts::{self, Chart, Completion, Labels, MixRow, ProgressBar};
use crate::model::{self, Entry, Progress, Site, Status, UnitId, Year};
use crate::paths;

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// 2024-08-15
    pub iso: String,
    /// 2024年8月15日
    pub cn: String,
    /// 8月15日, for table cells where the year is known.
    pub md: String,
}

impl From<NaiveDate> for DateView {
    fn from(d: NaiveDate) -> Self {
        // Every row of every table shows dates: written directly, not through chrono's
        // format strings (the same text for the years a site can hold, 0–9999).
        let (y, m, day) = (d.year(), d.month(), d.day());
        let iso = if (0..=9999).contains(&y) {
            format!("{y:04}-{m:02}-{day:02}")
        } else {
            d.format("%Y-%m-%d").to_string()
        };
        Self {
            iso,
            cn: format!("{y}年{m}月{day}日"),
            md: format!("{m}月{day}日"),
        }
    }
}

pub fn month_label(year: i32, month: u32) -> String {
    format!("{year}年{month}月")
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub label: &'static str,
    /// CSS class; the label carries the meaning, the colour only repeats it.
    pub class: &'static str,
}

const LATE: Flag = Flag {
    label: "逾期",
    class: "flag-late",
};
const MISSING: Flag = Flag {
    label: "未报送",
    class: "flag-missing",
};
const WARNED: Flag = Flag {
    label: "警示",
    class: "flag-warning",
};
const DONE: Flag = Flag {
    label: "已完成",
    class: "flag-done",
};
const ROLLED_UP: Flag = Flag {
    label: "下属汇总",
    class: "flag-info",
};

/// Figures as shown in a table row.
#[derive(Debug, Clone, Serialize)]
pub struct FiguresView {
    pub by_type: [u64; crate::vocab::Track::ALL.len()],
    pub total: u64,
    /// "110.0%", or "—" without a quota.
    pub completion: String,
    /// Tenths of a percent, for bars.
    pub permille: u64,
}

impl FiguresView {
    fn of(figures: &model::Figures, rate: Option<model::Rate>) -> Self {
        Self {
            by_type: figures.by_type(),
            total: figures.total(),
            completion: rate.map_or_else(|| "—".into(), |r| r.to_string()),
            permille: rate.map_or(0, |r| r.permille),
        }
    }
}

/// 报送情况 in words, the same on every page.
fn status_label(status: Status) -> &'static str {
    match status {
        Status::Reported => "已报送",
        Status::RolledUp => "下属单位汇总",
        Status::Missing => "未报送",
    }
}

fn progress_view(p: &Progress) -> Option<FiguresView> {
    (p.status != Status::Missing).then(|| FiguresView::of(&p.figures, p.completion))
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub publisher: String,
    pub organizer: Option<String>,
    pub description: String,
    pub contact: model::Contact,
    pub complaints: model::Complaints,
    /// The complaint page's quote, rendered and sanitized.
    pub complaints_quote: Option<String>,
    /// The 如何举报 box's own text, when the site gives it (else the template's default).
    pub complaints_what: Option<String>,
    pub complaints_include: Option<String>,
    pub footer: model::Footer,
    pub last_updated: Option<DateView>,
    pub years: Vec<Link>,
    pub has_notices: bool,
    /// The five newest notices, for the overview.
    pub notices: Vec<PageLink>,
    pub deadline_day: u32,
    /// A round is due for publication this many days after its forms.
    pub publish_days: u32,
    pub months: String,
    /// 校企合作黑名单, for the line on the home and complaint pages.
    pub blacklist: super::blacklist::BlacklistSummary,
}

impl SiteView {
    pub fn new(site: &Site) -> Self {
        let s = &site.settings;
        Self {
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            organizer: s.organizer.clone(),
            description: s
                .description
                .clone()
                .unwrap_or_else(|| format!("{}：招生任务、招生进展与举报渠道", s.title)),
            contact: s.contact.clone(),
            complaints: s.complaints.clone(),
            complaints_quote: s.complaints.quote.as_deref().map(crate::render::markdown::to_html),
            complaints_what: s
                .complaints
                .report_what
                .as_deref()
                .map(crate::render::markdown::to_html),
            complaints_include: s
                .complaints
                .report_include
                .as_deref()
                .map(crate::render::markdown::to_html),
            footer: s.footer.clone(),
            last_updated: site.last_updated.map(DateView::from),
            years: site
                .years
                .iter()
                .rev()
                .map(|y| Link {
                    name: format!("{}年", y.year),
                    path: paths::year(y.year),
                })
                .collect(),
            has_notices: site.pages.iter().any(model::Page::is_notice),
            notices: {
                let mut list: Vec<&model::Page> = site.pages.iter().filter(|p| p.is_notice()).collect();
                list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
                list.into_iter().take(5).map(page_link).collect()
            },
            deadline_day: s.deadline_day,
            publish_days: s.publish_days,
            months: s.months.iter().map(|m| format!("{m}月")).collect::<Vec<_>>().join("、"),
            blacklist: super::blacklist::BlacklistSummary::new(site),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundSummary {
    pub month: u32,
    pub label: String,
    pub path: String,
    pub as_of: DateView,
    pub due: DateView,
    /// 发布日期, when the report file records it.
    pub published: Option<DateView>,
    pub sample: bool,
    pub city: FiguresView,
    /// 全市招生任务 in force on `as_of`, which `city.completion` is measured against.
    pub quota: u64,
    /// The city's quota as adjusted after `as_of`: "此后 2025年8月20日 全市招生任务调整为 1,750".
    pub quota_note: Option<String>,
    /// 已更正: the city figures include a corrected figure.
    pub corrected: Option<CorrectedMark>,
    pub reported: usize,
    pub late: usize,
    pub missing: usize,
}

fn round_summary(year: &Year, r: usize) -> RoundSummary {
    let round = &year.rounds[r];
    let later: Vec<String> = year
        .city_changes_after(round.as_of)
        .into_iter()
        .map(|(date, quota)| {
            format!(
                "此后 {} 全市招生任务调整为 {}",
                DateView::from(date).cn,
                thousands(quota)
            )
        })
        .collect();
    RoundSummary {
        month: round.month,
        label: month_label(year.year, round.month),
        path: paths::report(year.year, round.month),
        as_of: round.as_of.into(),
        due: round.due.into(),
        published: round.published.map(DateView::from),
        sample: round.sample,
        city: FiguresView::of(&round.city, round.city_completion),
        quota: round.quota,
        quota_note: (!later.is_empty()).then(|| later.join("；")),
        corrected: corrected_mark(year, r, &round.city_corrected),
        reported: year.entries.len() - round.missing.len(),
        late: round.late.len(),
        missing: round.missing.len(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    /// The quota's history (调整), when it was adjusted.
    pub quota_note: Option<String>,
    pub seq: usize,
    pub name: String,
    pub path: String,
    pub kind: &'static str,
    /// 0 at the top level; a child is indented.
    pub depth: usize,
    pub quota: u64,
    pub figures: Option<FiguresView>,
    /// The form round the figures come from.
    pub as_of: Option<DateView>,
    pub flags: Vec<Flag>,
    /// 已更正: the figures are or include a corrected one.
    pub corrected: Option<CorrectedMark>,
    /// The gravest measure in force, shown beside the name.
    pub measure: Option<MeasureFlag>,
}

/// 已更正 beside a figure that is, or sums, a corrected one: a link to the correction's entry on
/// the corrections page (the first, when the figure sums several).
#[derive(Debug, Clone, Serialize)]
pub struct CorrectedMark {
    /// The entry on the corrections page (`corrections/#c-2024-08-1`).
    pub path: String,
    /// How many corrections the figure includes.
    pub count: usize,
}

/// The mark of figures that include the corrections `corrected` of `year`'s round `r`; None
/// when they include none.
pub(crate) fn corrected_mark(year: &Year, r: usize, corrected: &[usize]) -> Option<CorrectedMark> {
    let &first = corrected.first()?;
    Some(CorrectedMark {
        path: format!(
            "{}#{}",
            paths::CORRECTIONS,
            super::corrections::anchor(year.year, year.rounds[r].month, first)
        ),
        count: corrected.len(),
    })
}

/// A number with thousands separators, as pages show figures: "1,750".
fn thousands(n: u64) -> String {
    let text = n.to_string();
    crate::fmt::group_thousands(&text).unwrap_or(text)
}

/// A warning as written, with a link to its unit's page. Dates stay ISO (`2024-08-20`);
/// templates show them with the `date_cn` filter.
#[derive(Debug, Clone, Serialize)]
pub struct WarningView {
    pub link: Link,
    /// Not lifted: the unit is marked 警示.
    pub in_force: bool,
    /// The measure with its effect, basis and end, in one sentence:
    /// "压缩招生人数至 800 人，2024年8月20日起，依据 …；2024年10月1日解除".
    pub effect: String,
    #[serde(flatten)]
    pub record: model::WarningRecord,
}

/// A circular as written, with its kind's label and links to the units it names.
#[derive(Debug, Clone, Serialize)]
pub struct CircularView {
    pub label: &'static str,
    pub links: Vec<Link>,
    #[serde(flatten)]
    pub record: model::CircularRecord,
}

/// A quota's history in words, shown after the quota wherever it is shown: "2024年9月10日由 4000
/// 调整" (earlier changes first, "…由 4000 调整为 3800；…由 3800 调整"); None when never adjusted.
pub(crate) fn quota_note(entry: &Entry) -> Option<String> {
    let steps = history_steps(&entry.adjustments);
    (!steps.is_empty()).then(|| steps.join("；"))
}

/// The quota's note in a round as of `as_of`, beside the quota in force then: its history up
/// to that day as [`quota_note`] says it, then each later change, "此后 2025年8月20日 招生任务调整为
/// 1,750" (the round's figures stay measured against the quota it shows).
pub(crate) fn round_quota_note(entry: &Entry, as_of: NaiveDate) -> Option<String> {
    let mut steps = history_steps(entry.changes_until(as_of));
    steps.extend(entry.changes_after(as_of).iter().map(|a| {
        format!(
            "此后 {} 招生任务调整为 {}",
            DateView::from(a.record.date).cn,
            thousands(a.to)
        )
    }));
    (!steps.is_empty()).then(|| steps.join("；"))
}

/// "2024年9月10日由 4000 调整为 3800", …, the last step without its "为": the quota shown beside
/// the note is where it ended.
fn history_steps(changes: &[model::QuotaChange]) -> Vec<String> {
    let Some(last) = changes.len().checked_sub(1) else {
        return Vec::new();
    };
    changes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let to = if i == last {
                String::new()
            } else {
                format!("为 {}", a.to)
            };
            format!("{}由 {} 调整{to}", DateView::from(a.record.date).cn, a.from)
        })
        .collect()
}

fn entry_depth(year: &Year, e: usize) -> usize {
    year.entries[e].depth
}

fn unit_link(site: &Site, year: i32, unit: UnitId) -> Link {
    let u = &site.units[unit];
    Link {
        name: u.name.clone(),
        path: paths::unit(year, &u.id),
    }
}

pub(crate) fn warning_view(site: &Site, year: &Year, w: &model::Warning) -> WarningView {
    WarningView {
        link: unit_link(site, year.year, w.unit),
        in_force: w.in_force(),
        effect: measure_effect(&w.record),
        record: w.record.clone(),
    }
}

/// "压缩招生人数至 800 人，2024年8月20日起，依据 示教函〔2024〕9号（示例省教育厅）；2024年10月1日解除".
pub fn measure_effect(r: &model::WarningRecord) -> String {
    let mut s = r.measure.clone().unwrap_or_else(|| "警示标注".into());
    if let Some(limit) = r.limit {
        s.push_str(&format!("至 {limit} 人"));
    }
    s.push_str(&format!("，{}起", DateView::from(r.date).cn));
    match (&r.document, &r.issuer) {
        (Some(d), Some(i)) => s.push_str(&format!("，依据 {d}（{i}）")),
        (Some(d), None) => s.push_str(&format!("，依据 {d}")),
        (None, Some(i)) => s.push_str(&format!("，{i}作出")),
        (None, None) => {}
    }
    if let Some(lifted) = r.lifted {
        s.push_str(&format!("；{}解除", DateView::from(lifted).cn));
    }
    s
}

pub(crate) fn circular_view(site: &Site, year: &Year, c: &model::Circular) -> CircularView {
    CircularView {
        label: c.kind.label(),
        links: c.units.iter().map(|&u| unit_link(site, year.year, u)).collect(),
        record: c.record.clone(),
    }
}

fn is_warned(year: &Year, unit: UnitId) -> bool {
    !year.measures_of(unit).is_empty()
}

/// A measure in force, as shown beside its unit wherever the unit is listed or found. Text, not
/// colour: the label and the date say it.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureFlag {
    /// The measure in actions.toml's words, with its number: "停止招生", "压缩招生人数至 450 人".
    pub label: String,
    /// "2024年8月28日起"
    pub since: String,
    pub date: String,
    /// The year that took it (its actions page's year).
    pub taken: i32,
    /// Taken in an earlier year and never lifted.
    pub carried: bool,
    /// "停止招生（2024年8月28日起，2024年度处理，未解除）": read away from any page.
    pub citation: String,
    /// What follows the label in a list: "2024年8月28日起" (with "，2024年度处理，未解除" when
    /// carried); for 停止招生 "该校已被停止招生，不得招生（2024年8月28日起，依据 示教函〔2024〕15号）".
    pub note: String,
    /// The date alone: "2024年8月28日起" (with "，2024年度处理，未解除" when carried). What a
    /// table of units shows, where the programs are not.
    pub when: String,
    /// As `note`, always with the year that took it, 未解除 and the document: the unit's own page.
    pub detail: String,
    /// 停止招生: the unit may not enrol.
    pub stops: bool,
    /// The actions page of the year that took it.
    pub path: String,
}

impl MeasureFlag {
    /// `m` as shown on `year`'s pages.
    pub fn new(m: &model::MeasureInForce, year: i32) -> Self {
        let r = &m.record;
        let mut label = m.measure().to_string();
        if let Some(limit) = r.limit {
            label.push_str(&format!("至 {limit} 人"));
        }
        let carried = m.carried_into(year);
        let since = format!("{}起", DateView::from(r.date).cn);
        let cited = format!("{since}，{}年度处理，未解除", m.taken);
        let basis = match (&r.document, &r.issuer) {
            (Some(d), _) => format!("，依据 {d}"),
            (None, Some(i)) => format!("，{i}作出"),
            (None, None) => String::new(),
        };
        let words = |when: &str| {
            if m.stops_enrolment() {
                format!("该校已被停止招生，不得招生（{when}{basis}）")
            } else {
                when.to_string()
            }
        };
        let when = if carried { cited.clone() } else { since.clone() };
        let note = words(&when);
        let detail = if m.stops_enrolment() {
            words(&cited)
        } else {
            format!("{cited}{basis}")
        };
        MeasureFlag {
            citation: format!("{label}（{cited}）"),
            label,
            since,
            date: r.date.to_string(),
            taken: m.taken,
            carried,
            note,
            when,
            detail,
            stops: m.stops_enrolment(),
            path: paths::actions(m.taken),
        }
    }

    /// Every measure in force for `unit` in `year`, gravest first.
    pub fn all(year: &Year, unit: UnitId) -> Vec<Self> {
        year.measures_of(unit).iter().map(|m| Self::new(m, year.year)).collect()
    }

    /// The gravest measure in force for `unit` in `year`: the one a list shows.
    pub fn gravest(year: &Year, unit: UnitId) -> Option<Self> {
        year.measures_of(unit).first().map(|m| Self::new(m, year.year))
    }
}

/// 逾期 and 已完成 for one round: what a row's status words (已报送, 未报送, 下属单位汇总) don't say.
fn round_flags(p: &Progress) -> Vec<Flag> {
    let mut flags = Vec::new();
    if p.late {
        flags.push(LATE);
    }
    if p.completion.is_some_and(|c| c.permille >= 1000) {
        flags.push(DONE);
    }
    flags
}

/// The overview's 状态 column, which has no status words of its own: the latest round's status
/// as a flag, that round's flags, and 警示.
fn overview_flags(year: &Year, e: usize, latest: Option<usize>) -> Vec<Flag> {
    let entry = &year.entries[e];
    let mut flags = Vec::new();
    if let Some(p) = latest.map(|r| &entry.progress[r]) {
        match p.status {
            Status::Missing => flags.push(MISSING),
            Status::RolledUp => flags.push(ROLLED_UP),
            Status::Reported => {}
        }
        flags.extend(round_flags(p));
    }
    if is_warned(year, entry.unit) {
        flags.push(WARNED);
    }
    flags
}

#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: i32,
    pub path: String,
    pub document: Option<String>,
    pub issued: Option<DateView>,
    pub quota: u64,
    pub latest: Option<RoundSummary>,
    pub rounds: Vec<RoundSummary>,
    pub rows: Vec<UnitRow>,
    /// Some rate shown is measured against a quota adjusted since its round (the table shows
    /// current quotas).
    pub rates_on_earlier_quota: bool,
    /// Units with a quota not listed in `rows` (they appear on their parents' pages).
    pub unlisted: usize,
    /// Units with a quota this year.
    pub units: usize,
    pub warnings: Vec<WarningView>,
    pub circulars: Vec<CircularView>,
    /// The year's 警示与处理 page.
    pub actions_path: String,
    /// 各单位历年情况: the city and every unit across years.
    pub years_path: String,
    pub sample: bool,
    pub charts: Vec<Chart>,
    pub schools: super::schools::YearSchoolsSummary,
    /// 发布日程: each month's due date, publication date, on time or late.
    pub calendar: Vec<CalendarRow>,
}

/// "数据来源：…；数据截至 …" under a chart.
fn chart_source(site: &Site, year: &Year, round: Option<usize>) -> String {
    let document = year
        .document
        .clone()
        .unwrap_or_else(|| format!("{}下达的招生任务", site.settings.publisher));
    match round.map(|r| &year.rounds[r]) {
        Some(r) => format!(
            "数据来源：{document}（招生任务），各单位报送的招生情况统计表；数据截至{}{}。",
            DateView::from(r.as_of).cn,
            if r.sample {
                "（示例数据，非官方统计）"
            } else {
                ""
            }
        ),
        None => format!("数据来源：{document}。"),
    }
}

fn completion_items(site: &Site, year: &Year, r: usize, top_level_only: bool) -> Vec<Completion> {
    year.entries
        .iter()
        .filter(|e| !top_level_only || e.quota_parent.is_none())
        .filter(|e| e.progress[r].status != Status::Missing)
        .map(|e| Completion {
            name: site.units[e.unit].name.clone(),
            total: e.progress[r].figures.total(),
            quota: e.progress[r].quota,
            quota_note: round_quota_note(e, year.rounds[r].as_of),
        })
        .collect()
}

fn year_charts(site: &Site, year: &Year) -> Vec<Chart> {
    let Some((last, round)) = year.latest_round() else {
        return Vec::new();
    };
    let source = chart_source(site, year, Some(last));
    let mut out = Vec::new();
    let bars: Vec<ProgressBar> = year
        .rounds
        .iter()
        .map(|r| ProgressBar {
            label: format!("{}月", r.month),
            as_of: DateView::from(r.as_of).cn,
            total: r.city.total(),
        })
        .collect();
    out.extend(charts::progress_chart(
        Labels {
            id: "chart-progress".into(),
            title: format!("{}年全市累计招生与招生任务", year.year),
            subtitle: "每月截止日的累计招生人数；红线为全年招生任务（100%）".into(),
            source: source.clone(),
        },
        &bars,
        year.quota,
    ));
    out.extend(charts::completion_chart(
        Labels {
            id: "chart-completion".into(),
            title: format!("各单位招生任务完成率（截至{}）", DateView::from(round.as_of).cn),
            subtitle: "完成率 = 累计招生 ÷ 招生任务，按从高到低排列；红线为 100%".into(),
            source: source.clone(),
        },
        &completion_items(site, year, last, true),
        round.city_completion,
    ));
    let rows: Vec<MixRow> = year
        .rounds
        .iter()
        .map(|r| MixRow {
            label: format!("{}月", r.month),
            by_type: r.city.by_type(),
        })
        .collect();
    out.extend(charts::mix_chart(
        Labels {
            id: "chart-mix".into(),
            title: format!("{}年全市招生的类型构成", year.year),
            subtitle: format!("每月截止日累计招生人数，按{}分段", crate::vocab::Track::labels()),
            source,
        },
        &rows,
    ));
    out
}

/// Up to this many units a year's tables list every unit, children indented under parents;
/// above it they list the top-level units, and each parent's page lists its own children.
pub const FULL_TABLE_LIMIT: usize = 200;

/// Names listed in a round's 逾期 / 未报送 lists before "等 N 个单位".
const NAME_LIST_LIMIT: usize = 100;

/// The entries a year-wide table lists (see [`FULL_TABLE_LIMIT`]).
fn listed_entries(year: &Year) -> Vec<usize> {
    let all = year.entries.len() <= FULL_TABLE_LIMIT;
    (0..year.entries.len())
        .filter(|&e| all || year.entries[e].quota_parent.is_none())
        .collect()
}

/// One month of the release calendar (发布日程), as the overview lists it.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarRow {
    pub label: String,
    /// The round's page, when the round is in.
    pub path: Option<String>,
    /// The forms' deadline.
    pub due: DateView,
    /// The day the round should be published by.
    pub publish_by: DateView,
    pub published: Option<DateView>,
    /// 按时 / 晚 N 天 / 未记录发布日期 / 未发布
    pub status: String,
    pub late: bool,
}

fn calendar_rows(year: &Year) -> Vec<CalendarRow> {
    year.calendar
        .iter()
        .map(|c| {
            let (status, late) = match (c.round, c.days_late()) {
                (None, _) => ("未发布".to_string(), false),
                (Some(_), None) => ("未记录发布日期".to_string(), false),
                (Some(_), Some(0)) => ("按时".to_string(), false),
                (Some(_), Some(n)) => (format!("晚 {n} 天"), true),
            };
            CalendarRow {
                label: format!("{}月", c.month),
                path: c.round.map(|r| paths::report(year.year, year.rounds[r].month)),
                due: c.due.into(),
                publish_by: c.publish_by.into(),
                published: c.published.map(DateView::from),
                status,
                late,
            }
        })
        .collect()
}

impl YearView {
    pub fn new(site: &Site, year: &Year) -> Self {
        let latest = year.latest_round().map(|(r, _)| r);
        let listed = listed_entries(year);
        let unlisted = year.entries.len() - listed.len();
        let rows = listed
            .into_iter()
            .map(|e| (e, &year.entries[e]))
            .map(|(e, entry)| {
                let unit = &site.units[entry.unit];
                let shown = entry.latest();
                UnitRow {
                    quota_note: quota_note(entry),
                    seq: e + 1,
                    name: unit.name.clone(),
                    path: paths::unit(year.year, &unit.id),
                    kind: unit.kind.label(),
                    depth: entry_depth(year, e),
                    quota: entry.quota,
                    figures: shown.and_then(|(_, p)| progress_view(p)),
                    as_of: shown.map(|(r, _)| year.rounds[r].as_of.into()),
                    flags: overview_flags(year, e, latest),
                    corrected: shown.and_then(|(r, p)| corrected_mark(year, r, &p.corrected)),
                    measure: MeasureFlag::gravest(year, entry.unit),
                }
            })
            .collect();
        // A rate stays measured against the quota of its round's date: say so when a quota
        // shown (the current one) is not that quota.
        let rates_on_earlier_quota = year
            .entries
            .iter()
            .any(|e| e.latest().is_some_and(|(_, p)| p.quota != e.quota))
            || latest.is_some_and(|r| year.rounds[r].quota != year.quota);
        Self {
            year: year.year,
            path: paths::year(year.year),
            document: year.document.clone(),
            issued: year.issued.map(DateView::from),
            quota: year.quota,
            latest: latest.map(|r| round_summary(year, r)),
            rounds: (0..year.rounds.len()).map(|r| round_summary(year, r)).collect(),
            rows,
            rates_on_earlier_quota,
            unlisted,
            units: year.entries.len(),
            warnings: year.warnings.iter().map(|w| warning_view(site, year, w)).collect(),
            circulars: year.circulars.iter().map(|c| circular_view(site, year, c)).collect(),
            actions_path: paths::actions(year.year),
            years_path: paths::UNITS.into(),
            sample: year.has_sample(),
            charts: year_charts(site, year),
            schools: super::schools::YearSchoolsSummary::new(year),
            calendar: calendar_rows(year),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    /// The round's name ("2024年7月"): the built-in template links the date instead, and a
    /// site's own template may still show it.
    pub label: String,
    pub path: String,
    pub as_of: DateView,
    pub sample: bool,
    pub status: &'static str,
    pub figures: Option<FiguresView>,
    pub submitted: Option<DateView>,
    pub flags: Vec<Flag>,
    pub note: Option<String>,
    /// 已更正: the figures are or include a corrected one.
    pub corrected: Option<CorrectedMark>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub title: String,
    pub path: String,
    pub date: Option<DateView>,
    pub document: Option<String>,
}

pub fn page_link(p: &model::Page) -> PageLink {
    PageLink {
        title: p.title.clone(),
        path: paths::page(&p.slug),
        date: p.date.map(DateView::from),
        document: p.document.clone(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ChildRow {
    pub link: Link,
    /// The gravest measure in force, shown beside the name.
    pub measure: Option<MeasureFlag>,
    pub quota: u64,
    pub quota_note: Option<String>,
    pub figures: Option<FiguresView>,
    /// 已更正: the figures are or include a corrected one.
    pub corrected: Option<CorrectedMark>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub year: i32,
    pub year_path: String,
    pub parent: Option<Link>,
    pub children: Vec<ChildRow>,
    pub website: Option<String>,
    /// 招生咨询电话, as written (the template makes the `tel:` link).
    pub phone: Option<String>,
    /// 招生第一责任人.
    pub responsible: Option<model::Responsible>,
    /// A school says plainly when it has published no phone or responsible person.
    pub is_school: bool,
    pub quota: u64,
    /// The quota's history (调整), when it was adjusted: each round's rate is measured against
    /// the quota in force on its date.
    pub quota_note: Option<String>,
    pub latest: Option<HistoryRow>,
    pub history: Vec<HistoryRow>,
    pub warnings: Vec<WarningView>,
    /// The measures in force this year, gravest first, carried ones included: on the first screen.
    pub measures: Vec<MeasureFlag>,
    pub circulars: Vec<CircularView>,
    /// 校企合作黑名单 entries that name this unit.
    pub blacklist: Vec<super::blacklist::BlacklistView>,
    pub pages: Vec<PageLink>,
    pub other_years: Vec<Link>,
    /// 历年情况: the unit across every year.
    pub years_path: String,
    pub sample: bool,
    pub charts: Vec<Chart>,
    /// 全市平均完成率 in the round of the unit's latest figures: a reference beside its own.
    pub city_completion: Option<String>,
    pub schools: super::schools::UnitSchoolsView,
    /// 更正记录 of the unit's figures this year.
    pub corrections: Vec<super::corrections::CorrectionView>,
}

fn unit_charts(site: &Site, year: &Year, entry: &Entry) -> Vec<Chart> {
    // Chart titles are SVG text, where <bdi> cannot stand.
    let name = &super::text::isolate(&site.units[entry.unit].name);
    let with_figures: Vec<(usize, &Progress)> = entry
        .progress
        .iter()
        .enumerate()
        .filter(|(_, p)| p.status != Status::Missing)
        .collect();
    let Some(&(last, _)) = with_figures.last() else {
        return Vec::new();
    };
    let source = chart_source(site, year, Some(last));
    let bars: Vec<ProgressBar> = with_figures
        .iter()
        .map(|&(r, p)| ProgressBar {
            label: format!("{}月", year.rounds[r].month),
            as_of: DateView::from(year.rounds[r].as_of).cn,
            total: p.figures.total(),
        })
        .collect();
    let rows: Vec<MixRow> = with_figures
        .iter()
        .map(|&(r, p)| MixRow {
            label: format!("{}月", year.rounds[r].month),
            by_type: p.figures.by_type(),
        })
        .collect();
    // The page's 各月累计招生 table holds every figure of these two charts (but not of the
    // children's): they link to it instead of repeating it.
    let on_page = |mut c: Chart| {
        c.table_at = Some(("history-title".into(), "各月累计招生".into()));
        c
    };
    let mut out = Vec::new();
    out.extend(
        charts::progress_chart(
            Labels {
                id: "chart-progress".into(),
                title: format!("{name} {}年累计招生与招生任务", year.year),
                subtitle: match quota_note(entry) {
                    Some(note) => format!(
                        "每月截止日的累计招生人数；红线为招生任务（100%）{} 人（{note}），各月完成率按当月截止日的招生任务计算",
                        entry.quota
                    ),
                    None => "每月截止日的累计招生人数；红线为招生任务（100%）".into(),
                },
                source: source.clone(),
            },
            &bars,
            entry.quota,
        )
        .map(on_page),
    );
    if entry.children.len() >= 2 {
        let children: Vec<Completion> = entry
            .children
            .iter()
            .map(|&c| &year.entries[c])
            .filter(|c| c.progress[last].status != Status::Missing)
            .map(|c| Completion {
                name: site.units[c.unit].name.clone(),
                total: c.progress[last].figures.total(),
                quota: c.progress[last].quota,
                quota_note: round_quota_note(c, year.rounds[last].as_of),
            })
            .collect();
        out.extend(charts::completion_chart(
            Labels {
                id: "chart-children".into(),
                title: format!("{name} 下属单位的招生任务完成率"),
                subtitle: "完成率 = 累计招生 ÷ 招生任务，按从高到低排列；红线为 100%".into(),
                source: source.clone(),
            },
            &children,
            entry.progress[last].completion,
        ));
    }
    out.extend(
        charts::mix_chart(
            Labels {
                id: "chart-mix".into(),
                title: format!("{name} 招生的类型构成"),
                subtitle: format!("每月截止日累计招生人数，按{}分段", crate::vocab::Track::labels()),
                source,
            },
            &rows,
        )
        .map(on_page),
    );
    out
}

impl UnitView {
    pub fn new(site: &Site, year: &Year, e: usize) -> Self {
        let entry: &Entry = &year.entries[e];
        let unit = &site.units[entry.unit];
        let history: Vec<HistoryRow> = entry
            .progress
            .iter()
            .enumerate()
            .map(|(r, p)| {
                let round = &year.rounds[r];
                HistoryRow {
                    label: month_label(year.year, round.month),
                    path: paths::report(year.year, round.month),
                    as_of: round.as_of.into(),
                    sample: round.sample,
                    status: status_label(p.status),
                    figures: progress_view(p),
                    submitted: p.submitted.map(DateView::from),
                    flags: round_flags(p),
                    note: p.note.clone(),
                    corrected: corrected_mark(year, r, &p.corrected),
                }
            })
            .collect();
        let latest = entry.latest().map(|(r, _)| history[r].clone());
        let city_completion = entry
            .latest()
            .and_then(|(r, _)| year.city_completion(r))
            .map(|c| c.to_string());
        let schools = super::schools::UnitSchoolsView::new(site, year, e);
        let mut charts = unit_charts(site, year, entry);
        if let Some((plans, _)) = schools.plans {
            charts.extend(super::schools::plan_chart(site, year, &unit.name, plans));
        }
        let parent = unit.parent.map(|p| {
            if year.entry_of(p).is_some() {
                unit_link(site, year.year, p)
            } else {
                Link {
                    name: site.units[p].name.clone(),
                    path: String::new(),
                }
            }
        });
        let children = entry
            .children
            .iter()
            .map(|&c| {
                let child = &year.entries[c];
                ChildRow {
                    link: unit_link(site, year.year, child.unit),
                    measure: MeasureFlag::gravest(year, child.unit),
                    quota: child.quota,
                    quota_note: quota_note(child),
                    figures: child.latest().and_then(|(_, p)| progress_view(p)),
                    corrected: child.latest().and_then(|(r, p)| corrected_mark(year, r, &p.corrected)),
                }
            })
            .collect();
        let sample = entry
            .progress
            .iter()
            .zip(&year.rounds)
            .any(|(p, r)| r.sample && p.status != Status::Missing);
        Self {
            id: unit.id.clone(),
            name: unit.name.clone(),
            kind: unit.kind.label(),
            year: year.year,
            year_path: paths::year(year.year),
            parent,
            children,
            website: unit.website.clone(),
            phone: unit.phone.clone(),
            responsible: unit.responsible.clone(),
            is_school: unit.kind == model::UnitKind::School,
            quota: entry.quota,
            quota_note: quota_note(entry),
            latest,
            history,
            warnings: year
                .warnings
                .iter()
                .filter(|w| w.unit == entry.unit)
                .map(|w| warning_view(site, year, w))
                .collect(),
            measures: MeasureFlag::all(year, entry.unit),
            circulars: year
                .circulars
                .iter()
                .filter(|c| c.units.contains(&entry.unit))
                .map(|c| circular_view(site, year, c))
                .collect(),
            blacklist: super::blacklist::of_unit(site, entry.unit),
            pages: site
                .pages
                .iter()
                .filter(|p| p.unit == Some(entry.unit))
                .map(page_link)
                .collect(),
            other_years: site
                .years
                .iter()
                .filter(|y| y.year != year.year && y.entry_of(entry.unit).is_some())
                .map(|y| Link {
                    name: format!("{}年", y.year),
                    path: paths::unit(y.year, &unit.id),
                })
                .collect(),
            years_path: paths::unit_years(&unit.id),
            sample,
            charts,
            city_completion,
            schools,
            corrections: super::corrections::of_unit(site, year, entry.unit),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    /// The quota's history (调整), when it was adjusted.
    pub quota_note: Option<String>,
    pub seq: usize,
    pub name: String,
    pub path: String,
    pub depth: usize,
    pub quota: u64,
    pub status: &'static str,
    pub figures: Option<FiguresView>,
    pub submitted: Option<DateView>,
    pub flags: Vec<Flag>,
    /// 已更正: the figures are or include a corrected one.
    pub corrected: Option<CorrectedMark>,
    /// The gravest measure in force, shown beside the name.
    pub measure: Option<MeasureFlag>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub year: i32,
    pub year_path: String,
    pub summary: RoundSummary,
    pub note: Option<String>,
    /// 全市招生任务 in force on the round's date (`summary.quota`).
    pub quota: u64,
    pub rows: Vec<ReportRow>,
    /// Units not listed in `rows` (see [`FULL_TABLE_LIMIT`]).
    pub unlisted: usize,
    pub late: Vec<Link>,
    /// Late units beyond those named in `late`.
    pub late_more: usize,
    pub missing: Vec<Link>,
    pub missing_more: usize,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub charts: Vec<Chart>,
    /// 更正记录 of this round.
    pub corrections: Vec<super::corrections::CorrectionView>,
}

impl ReportView {
    pub fn new(site: &Site, year: &Year, r: usize) -> Self {
        let round = &year.rounds[r];
        let listed = listed_entries(year);
        let unlisted = year.entries.len() - listed.len();
        let rows = listed
            .into_iter()
            .map(|e| (e, &year.entries[e]))
            .map(|(e, entry)| {
                let unit = &site.units[entry.unit];
                let p = &entry.progress[r];
                ReportRow {
                    quota_note: round_quota_note(entry, round.as_of),
                    seq: e + 1,
                    name: unit.name.clone(),
                    path: paths::unit(year.year, &unit.id),
                    depth: entry_depth(year, e),
                    quota: p.quota,
                    status: status_label(p.status),
                    figures: progress_view(p),
                    submitted: p.submitted.map(DateView::from),
                    flags: round_flags(p),
                    corrected: corrected_mark(year, r, &p.corrected),
                    measure: MeasureFlag::gravest(year, entry.unit),
                }
            })
            .collect();
        let link = |r: usize| Link {
            name: month_label(year.year, year.rounds[r].month),
            path: paths::report(year.year, year.rounds[r].month),
        };
        Self {
            year: year.year,
            year_path: paths::year(year.year),
            summary: round_summary(year, r),
            note: round.note.clone(),
            quota: round.quota,
            rows,
            unlisted,
            late: round
                .late
                .iter()
                .take(NAME_LIST_LIMIT)
                .map(|&e| unit_link(site, year.year, year.entries[e].unit))
                .collect(),
            late_more: round.late.len().saturating_sub(NAME_LIST_LIMIT),
            missing: round
                .missing
                .iter()
                .take(NAME_LIST_LIMIT)
                .map(|&e| unit_link(site, year.year, year.entries[e].unit))
                .collect(),
            missing_more: round.missing.len().saturating_sub(NAME_LIST_LIMIT),
            prev: r.checked_sub(1).map(link),
            next: (r + 1 < year.rounds.len()).then(|| link(r + 1)),
            corrections: super::corrections::of_round(site, year, r),
            charts: charts::completion_chart(
                Labels {
                    id: "chart-completion".into(),
                    title: format!("各单位招生任务完成率（截至{}）", DateView::from(round.as_of).cn),
                    subtitle: "完成率 = 累计招生 ÷ 招生任务，按从高到低排列；红线为 100%".into(),
                    source: chart_source(site, year, Some(r)),
                },
                &completion_items(site, year, r, year.entries.len() > FULL_TABLE_LIMIT),
                round.city_completion,
            )
            .into_iter()
            .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_chrono_writes_them() {
        let mut d = NaiveDate::from_ymd_opt(-1, 12, 25).unwrap();
        for _ in 0..800 {
            let v = DateView::from(d);
            assert_eq!(v.iso, d.format("%Y-%m-%d").to_string());
            d += chrono::Duration::days(13);
        }
        let far = NaiveDate::from_ymd_opt(12345, 1, 2).unwrap();
        assert_eq!(DateView::from(far).iso, "+12345-01-02");
        assert_eq!(
            DateView::from(NaiveDate::from_ymd_opt(2024, 8, 5).unwrap()).md,
            "8月5日"
        );
    }
}
