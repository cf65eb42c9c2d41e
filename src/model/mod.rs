//! Stage 3 — model: every figure the site shows, computed once from validated records.
//!
//! Nothing here knows about HTML; pages and charts only read these values.

pub mod across_years;
mod build;
pub mod disclosure;
mod figures;
mod ids;
mod warnings;

pub use crate::vocab::{BlacklistKind, CircularKind, UnitKind, PROGRAM_TYPES};
pub use across_years::{AcrossYears, LastFigures, UnitYears, YearFigures};
pub(crate) use build::build;
pub use disclosure::{
    Admission, Category, Disclosure, DisclosureItem, EntrySchools, FormRecord, Program, ProgramGroup, Schools, Track,
};
pub use figures::{Figures, Rate};
pub use ids::{EntryId, UnitId};
pub use warnings::warnings;

use chrono::NaiveDate;
use serde::Serialize;

pub use crate::load::raw::{
    AdjustmentRecord, BlacklistRecord, CircularRecord, Complaints, Contact, CorrectionRecord, Counts, Footer, OpenData,
    Responsible, WarningRecord,
};
use crate::source::{Loc, SourceId};

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub settings: Settings,
    /// Every unit, in the order of data/units.toml (the notice's 序号).
    pub units: Vec<Unit>,
    /// Ascending by year.
    pub years: Vec<Year>,
    /// Content pages, sorted by slug.
    pub pages: Vec<Page>,
    /// 最后更新: the latest date found anywhere in the data (never the build clock).
    pub last_updated: Option<NaiveDate>,
    /// The latest date the data records (quotas, rounds, corrections, adjustments, measures,
    /// circulars, admissions, the blacklist), without the articles': the open data's version.
    pub data_updated: Option<NaiveDate>,
    /// 校企合作黑名单 of every year, newest first (in force and removed).
    pub blacklist: Vec<Blacklisted>,
    /// Every unit and the city across the years (历年情况), from the years above.
    pub across_years: AcrossYears,
}

impl Site {
    pub fn latest_year(&self) -> Option<&Year> {
        self.years.last()
    }

    /// The unit's parent, its parent's parent, … up to the top.
    pub fn ancestors(&self, unit: UnitId) -> impl Iterator<Item = UnitId> + '_ {
        ids::ancestors(self.units[unit].parent, |p| self.units[p].parent)
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub title: String,
    /// 主办单位
    pub publisher: String,
    /// 承办单位
    pub organizer: Option<String>,
    pub description: Option<String>,
    pub base_url: String,
    pub contact: Contact,
    pub complaints: Complaints,
    /// Forms are due by this day of each month.
    pub deadline_day: u32,
    /// A round is due for publication this many days after its forms (`[reporting] publish_days`).
    pub publish_days: u32,
    /// Months in which a form is due.
    pub months: Vec<u32>,
    pub footer: Footer,
    /// The site's own icon under static/ (favicon.svg, favicon.png or favicon.ico), if any;
    /// else pages link the generated one.
    pub icon: Option<String>,
    /// `[open_data]`: the licence of the downloads.
    pub open_data: OpenData,
}

/// 单位: a district bureau, a school or the bucket of other schools.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    /// In display order.
    pub children: Vec<UnitId>,
    pub website: Option<String>,
    /// 招生咨询电话, as written (checked by S08).
    pub phone: Option<String>,
    /// 招生第一责任人, when both the name and the title are given (U10).
    pub responsible: Option<Responsible>,
}

/// One year: its quotas, its form rounds and its actions.
#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// The document that set the quotas (发文字号).
    pub document: Option<String>,
    pub issued: Option<NaiveDate>,
    /// 全市招生任务: the sum over top-level units.
    pub quota: u64,
    /// One entry per unit with a quota, in display order.
    pub entries: Vec<Entry>,
    /// Form rounds, ascending by month.
    pub rounds: Vec<Round>,
    pub warnings: Vec<Warning>,
    pub circulars: Vec<Circular>,
    /// The measures in force for each unit in this year: this year's not lifted, and those of
    /// earlier years never lifted (a measure stays until it is lifted). Most severe first.
    /// Computed once here; pages only read it through [`Year::measures_of`].
    pub measures: std::collections::HashMap<UnitId, Vec<MeasureInForce>>,
    /// Each unit's entry, for the units with a quota.
    pub entry_by_unit: std::collections::HashMap<UnitId, EntryId>,
    /// Programs, admission results and each entry's disclosure record.
    pub schools: Schools,
    /// The year's release calendar: one entry per month a form is due (`[reporting] months`),
    /// and any other month with a round, in month order.
    pub calendar: Vec<CalendarEntry>,
    /// 下次更新: the due date of the first month due after the latest round; None when the
    /// year's rounds are all in.
    pub next_due: Option<NaiveDate>,
}

/// One month of a year's release calendar: when its round was due and when it was published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    pub month: u32,
    /// The reporting rule's deadline in that month.
    pub due: NaiveDate,
    /// The day the round should be published by: `due` plus `[reporting] publish_days`.
    pub publish_by: NaiveDate,
    /// The round of that month (index into `Year::rounds`), when there is one.
    pub round: Option<usize>,
    /// 发布日期 as recorded in the report file.
    pub published: Option<NaiveDate>,
}

impl CalendarEntry {
    /// Days published after `publish_by` (0 when on time); None when not published or not recorded.
    pub fn days_late(&self) -> Option<i64> {
        self.published.map(|p| (p - self.publish_by).num_days().max(0))
    }
}

impl Year {
    /// The entry's `quota_parent`, its `quota_parent`, … up to a top-level entry.
    pub fn quota_ancestors(&self, entry: EntryId) -> impl Iterator<Item = EntryId> + '_ {
        ids::ancestors(self.entries[entry].quota_parent, |p| self.entries[p].quota_parent)
    }

    /// The entries below `entry` (its children, their children, …), depth first in display
    /// order: a parent's page lists what its whole subtree publishes.
    pub fn entries_below(&self, entry: EntryId) -> Vec<EntryId> {
        let mut out = Vec::new();
        let mut stack: Vec<EntryId> = self.entries[entry].children.iter().rev().copied().collect();
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(self.entries[e].children.iter().rev().copied());
        }
        out
    }

    /// The earlier quota values recorded for `unit` this year by `[[adjustment]]`, oldest first.
    pub fn earlier_quotas(&self, unit: UnitId) -> Vec<u64> {
        self.entry_of(unit)
            .map(|e| e.earlier_quotas().collect())
            .unwrap_or_default()
    }

    /// The measures in force for `unit` this year, most severe first; empty when none.
    pub fn measures_of(&self, unit: UnitId) -> &[MeasureInForce] {
        self.measures.get(&unit).map_or(&[], Vec::as_slice)
    }

    pub fn entry_of(&self, unit: UnitId) -> Option<&Entry> {
        self.entry_by_unit.get(&unit).map(|&e| &self.entries[e])
    }

    pub fn latest_round(&self) -> Option<(usize, &Round)> {
        self.rounds.iter().enumerate().next_back()
    }

    /// True when any round shows demonstration figures.
    pub fn has_sample(&self) -> bool {
        self.rounds.iter().any(|r| r.sample)
    }

    /// The year's city completion rate as of a round: the reference shown beside a unit's.
    pub fn city_completion(&self, round: usize) -> Option<Rate> {
        self.rounds.get(round).and_then(|r| r.city_completion)
    }

    /// 全市招生任务 in force on `date`: the sum of the top-level entries' quotas then.
    pub fn city_quota_on(&self, date: NaiveDate) -> u64 {
        self.entries
            .iter()
            .filter(|e| e.quota_parent.is_none())
            .map(|e| e.quota_on(date))
            .fold(0, u64::saturating_add)
    }

    /// The city's quota after each day after `date` on which a top-level quota was adjusted,
    /// in date order (a day whose changes leave the sum as it was is left out): what a round
    /// as of `date` notes, its own figures being measured against the quota before them.
    pub fn city_changes_after(&self, date: NaiveDate) -> Vec<(NaiveDate, u64)> {
        let mut days: Vec<NaiveDate> = self
            .entries
            .iter()
            .filter(|e| e.quota_parent.is_none())
            .flat_map(|e| e.changes_after(date).iter().map(|a| a.record.date))
            .collect();
        days.sort_unstable();
        days.dedup();
        let mut before = self.city_quota_on(date);
        let mut out = Vec::new();
        for day in days {
            let now = self.city_quota_on(day);
            if now != before {
                out.push((day, now));
                before = now;
            }
        }
        out
    }
}

/// A unit's quota and progress in one year.
#[derive(Debug, Clone)]
pub struct Entry {
    pub unit: UnitId,
    /// 招生任务（人）
    pub quota: u64,
    /// The nearest ancestor with a quota; None at the top level.
    pub quota_parent: Option<EntryId>,
    /// The entries whose `quota_parent` is this one.
    pub children: Vec<EntryId>,
    /// Number of `quota_parent` steps up to the top level (0 at the top).
    pub depth: usize,
    /// One per round of `Year::rounds`, same order.
    pub progress: Vec<Progress>,
    /// 调整招生任务: the quota's history, in date order; `quota` is the current value.
    pub adjustments: Vec<QuotaChange>,
    pub loc: Loc,
}

/// One change of a unit's quota during the year (`[[adjustment]]`).
#[derive(Debug, Clone)]
pub struct QuotaChange {
    /// The quota before the change.
    pub from: u64,
    /// The quota after it: the next change's `from`, or the current quota.
    pub to: u64,
    pub record: AdjustmentRecord,
}

impl Entry {
    /// The earlier quota values on record, oldest first (the first as first published): what a
    /// comparison with a published site accepts as the old value of a changed quota.
    pub fn earlier_quotas(&self) -> impl Iterator<Item = u64> + '_ {
        self.adjustments.iter().map(|a| a.from)
    }

    /// The quota in force on `date`: the one an adjustment dated after it replaced (the
    /// earliest such), else the current quota. A round's figures are measured against the
    /// quota in force on its `as_of`, so a later adjustment never changes a published rate.
    pub fn quota_on(&self, date: NaiveDate) -> u64 {
        self.adjustments
            .iter()
            .find(|a| a.record.date > date)
            .map_or(self.quota, |a| a.from)
    }

    /// The changes of the quota up to `date` (in force on it), in date order.
    pub fn changes_until(&self, date: NaiveDate) -> &[QuotaChange] {
        let later = self.adjustments.partition_point(|a| a.record.date <= date);
        &self.adjustments[..later]
    }

    /// The changes of the quota dated after `date`, in date order.
    pub fn changes_after(&self, date: NaiveDate) -> &[QuotaChange] {
        let later = self.adjustments.partition_point(|a| a.record.date <= date);
        &self.adjustments[later..]
    }

    /// The most recent round in which this unit has figures.
    pub fn latest(&self) -> Option<(usize, &Progress)> {
        self.progress
            .iter()
            .enumerate()
            .rev()
            .find(|(_, p)| p.status != Status::Missing)
    }
}

impl Progress {
    /// Same figures and flags as `other`, wherever in the files they were written.
    pub fn same_as(&self, other: &Progress) -> bool {
        self.status == other.status
            && self.figures == other.figures
            && self.completion == other.completion
            && self.submitted == other.submitted
            && self.late == other.late
            && self.late_ok == other.late_ok
            && self.dropped == other.dropped
            && self.note == other.note
            && self.below_children == other.below_children
            && self.quota == other.quota
            && self.corrected == other.corrected
    }
}

/// Where a unit's figures for a round come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The unit's own row.
    Reported,
    /// No own row: the sum of its children's.
    RolledUp,
    /// 未报送: no row and nothing to roll up.
    Missing,
}

/// A unit's cumulative figures as of one round.
#[derive(Debug, Clone)]
pub struct Progress {
    pub status: Status,
    /// Zero when missing.
    pub figures: Figures,
    /// 完成率 against `quota`; None when missing.
    pub completion: Option<Rate>,
    /// 招生任务 in force on the round's `as_of` ([`Entry::quota_on`]): what the round's rate is
    /// measured against, and what its page shows.
    pub quota: u64,
    /// 已更正: the round's corrections (indices into [`Round::corrections`]) of figures these
    /// figures are or include: the unit's own row, and when they are its children's sum, every
    /// correction below. Empty when none.
    pub corrected: Vec<usize>,
    pub submitted: Option<NaiveDate>,
    /// 逾期: submitted after the deadline.
    pub late: bool,
    /// The late form was accepted (`late_ok = true`): still 逾期 on the site, no warning.
    pub late_ok: bool,
    /// Program types (field names) whose cumulative count fell since the previous round.
    pub dropped: Vec<&'static str>,
    /// The own row, when there is one.
    pub row: Option<Loc>,
    pub submitted_loc: Option<Loc>,
    pub note: Option<String>,
    /// The own row's total and the sum of the children's, when the own row is the smaller: the
    /// figures are then the children's sum (a parent cannot have enrolled fewer than its schools).
    pub below_children: Option<(u64, u64)>,
}

/// One monthly form round (招生情况统计表, 截止 a date).
#[derive(Debug, Clone)]
pub struct Round {
    pub month: u32,
    /// 截止日期
    pub as_of: NaiveDate,
    /// The day forms were due.
    pub due: NaiveDate,
    /// Demonstration figures, not official.
    pub sample: bool,
    pub note: Option<String>,
    /// City figures: the sum over top-level entries.
    pub city: Figures,
    /// 全市招生任务 in force on `as_of`: the sum of the top-level entries' quotas then.
    pub quota: u64,
    pub city_completion: Option<Rate>,
    /// The corrections the city figures include (every correction of the round that reaches a
    /// top-level entry's figures), as in [`Progress::corrected`].
    pub city_corrected: Vec<usize>,
    pub late: Vec<EntryId>,
    pub missing: Vec<EntryId>,
    pub file: SourceId,
    /// 发布日期: the day the round was first published, when the report file says.
    pub published: Option<NaiveDate>,
    /// 更正记录 of this round's figures, in file order.
    pub corrections: Vec<Correction>,
}

impl Round {
    /// The figures the corrections `corrected` (indices into `corrections`) changed, in the row's
    /// field order, `total` included whenever a count changed (it is their sum).
    pub fn corrected_fields(&self, corrected: &[usize]) -> Vec<&'static str> {
        let changed = |name: &str| {
            corrected
                .iter()
                .filter_map(|&c| self.corrections.get(c))
                .any(|c| c.changes.iter().any(|&(f, _, _)| f == name))
        };
        let counts: Vec<&'static str> = PROGRAM_TYPES
            .map(|(f, _)| f)
            .into_iter()
            .filter(|f| changed(f))
            .collect();
        let total = !counts.is_empty() || changed("total");
        counts.into_iter().chain(total.then_some("total")).collect()
    }
}

/// 更正: published figures of a unit in one round that were changed, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub unit: UnitId,
    /// As written: date, reason and the old figures.
    pub record: CorrectionRecord,
    /// Each figure corrected: (field, as first published, now), in the row's field order.
    pub changes: Vec<(&'static str, u64, u64)>,
}

impl Correction {
    /// The Chinese name of a count field.
    pub fn label(field: &str) -> &'static str {
        crate::load::raw::Counts::label(field)
    }
}

/// 警示标注: the record as written, and the unit it names.
#[derive(Debug, Clone)]
pub struct Warning {
    pub unit: UnitId,
    pub record: WarningRecord,
}

impl Warning {
    /// Not yet lifted (解除): the unit is marked 警示.
    pub fn in_force(&self) -> bool {
        self.record.lifted.is_none()
    }

    /// Every date the record carries, for the site's 最后更新.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> {
        [Some(self.record.date), self.record.lifted].into_iter().flatten()
    }
}

/// A measure in force for a unit in some year: taken that year, or taken in an earlier year and
/// never lifted.
#[derive(Debug, Clone)]
pub struct MeasureInForce {
    pub unit: UnitId,
    /// The year whose actions.toml records it.
    pub taken: i32,
    pub record: WarningRecord,
}

impl MeasureInForce {
    /// The measures by severity, gravest first; any other word ranks after them.
    pub const SEVERITY: [&'static str; 4] = ["停止招生", "压缩招生人数", "限制报名人数", "警示标注"];

    /// The measure as written, 警示标注 when none is written.
    pub fn measure(&self) -> &str {
        self.record.measure.as_deref().map_or("警示标注", str::trim)
    }

    /// 停止招生: the school may not enrol at all.
    pub fn stops_enrolment(&self) -> bool {
        self.measure() == "停止招生"
    }

    /// 0 for the gravest; measures in other words rank with 警示标注's successors.
    pub fn severity(&self) -> usize {
        let m = self.measure();
        Self::SEVERITY
            .iter()
            .position(|s| *s == m)
            .unwrap_or(Self::SEVERITY.len())
    }

    /// Taken in an earlier year than `year`: carried over because never lifted.
    pub fn carried_into(&self, year: i32) -> bool {
        self.taken < year
    }
}

/// 通报: the record as written, its kind and the units it names.
#[derive(Debug, Clone)]
pub struct Circular {
    pub kind: CircularKind,
    pub units: Vec<UnitId>,
    pub record: CircularRecord,
}

/// One entry of the 校企合作黑名单, from `data/<year>/actions.toml`.
#[derive(Debug, Clone)]
pub struct Blacklisted {
    /// The year whose actions.toml lists it.
    pub year: i32,
    pub kind: BlacklistKind,
    /// The schools involved (never shown for a person).
    pub units: Vec<UnitId>,
    pub record: BlacklistRecord,
}

impl Blacklisted {
    /// Not removed (移出).
    pub fn in_force(&self) -> bool {
        self.record.removed.is_none()
    }

    pub fn is_person(&self) -> bool {
        self.kind == BlacklistKind::Person
    }

    /// The schools to show it on: none for a person.
    pub fn shown_units(&self) -> &[UnitId] {
        if self.is_person() {
            &[]
        } else {
            &self.units
        }
    }

    /// The record as it may be published: a person's keeps only name, date, reason, document.
    pub fn public(&self) -> BlacklistRecord {
        if self.is_person() {
            BlacklistRecord {
                name: self.record.name.clone(),
                kind: self.record.kind.clone(),
                date: self.record.date,
                reason: self.record.reason.clone(),
                document: self.record.document.clone(),
                ..BlacklistRecord::default()
            }
        } else {
            self.record.clone()
        }
    }
}

/// A markdown page from content/.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub unit: Option<UnitId>,
    pub description: Option<String>,
    pub document: Option<String>,
    pub issuer: Option<String>,
    /// Markdown source of the body.
    pub body: String,
    /// What the page publishes, as its front matter says (`Notice` when it says nothing).
    pub category: Category,
    /// The front matter names the category.
    pub category_given: bool,
    /// The enrolment year it belongs to: front matter `year`, else the year of `date`.
    pub year: Option<i32>,
}

impl Page {
    /// Listed as 通知公告: pages under content/notices/, and any page that says
    /// `category = "notice"`.
    pub fn is_notice(&self) -> bool {
        self.slug.starts_with("notices/") || (self.category_given && self.category == Category::Notice)
    }

    /// Counts for `year`'s disclosure record: its year, or any year when it names none.
    pub fn belongs_to(&self, year: i32) -> bool {
        self.year.is_none_or(|y| y == year)
    }
}
