//! Raw records as read from the files: typed, with positions, not yet checked against each other.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::source::{Field, Loc, SourceId, Sources};

/// Everything read from one site root.
#[derive(Debug, Default)]
pub struct RawSite {
    pub root: PathBuf,
    pub sources: Sources,
    pub settings: Option<RawSettings>,
    pub units: Vec<RawUnit>,
    /// data/units.toml, when it was read.
    pub units_file: Option<SourceId>,
    /// Sorted by year.
    pub years: Vec<RawYear>,
    /// Sorted by path.
    pub pages: Vec<RawPage>,
    /// Template overrides from the site's templates/, by file name, sorted.
    pub templates: Vec<(String, String)>,
    /// Files under static/, relative to it, sorted.
    pub static_files: Vec<PathBuf>,
}

/// data/site.toml
#[derive(Debug, Clone)]
pub struct RawSettings {
    pub file: SourceId,
    pub title: Field<String>,
    pub publisher: Field<String>,
    /// 承办单位, optional.
    pub organizer: Option<Field<String>>,
    pub description: Option<Field<String>>,
    pub base_url: Option<Field<String>>,
    pub contact: RawContact,
    pub complaints: RawComplaints,
    pub reporting: RawReporting,
    pub footer: RawFooter,
}

#[derive(Debug, Clone, Default)]
pub struct RawContact {
    pub department: Option<Field<String>>,
    pub people: Vec<Field<String>>,
    pub phone: Option<Field<String>>,
    pub email: Option<Field<String>>,
    pub address: Option<Field<String>>,
}

/// 举报渠道
#[derive(Debug, Clone, Default)]
pub struct RawComplaints {
    pub phone: Option<Field<String>>,
    pub email: Option<Field<String>>,
    pub platform_name: Option<Field<String>>,
    pub platform_url: Option<Field<String>>,
    /// The notice's own words on 阳光招生 and violations (markdown), shown on the complaint page.
    pub quote: Option<Field<String>>,
    /// Where the quote comes from, e.g. the document number and section.
    pub quote_source: Option<Field<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct RawReporting {
    pub deadline_day: Option<Field<i64>>,
    pub months: Option<Field<Vec<Field<i64>>>>,
}

#[derive(Debug, Clone, Default)]
pub struct RawFooter {
    pub icp: Option<Field<String>>,
    pub police_record: Option<Field<String>>,
    pub site_code: Option<Field<String>>,
}

/// One `[[unit]]` of data/units.toml.
#[derive(Debug, Clone)]
pub struct RawUnit {
    pub loc: Loc,
    pub id: Field<String>,
    pub name: Field<String>,
    pub kind: Field<String>,
    pub parent: Option<Field<String>>,
    pub website: Option<Field<String>>,
}

/// data/<year>/
#[derive(Debug, Clone)]
pub struct RawYear {
    pub year: i32,
    /// Where to point when something about the whole year is wrong (the year's quotas file, or its first file).
    pub loc: Loc,
    pub quotas: Option<RawQuotas>,
    /// quotas.toml exists but could not be read (already reported).
    pub quotas_unreadable: bool,
    /// Sorted by month.
    pub reports: Vec<RawReport>,
    pub actions: Option<RawActions>,
}

/// data/<year>/quotas.toml — 招生任务分解表
#[derive(Debug, Clone)]
pub struct RawQuotas {
    pub file: SourceId,
    pub document: Option<Field<String>>,
    pub issued: Option<Field<NaiveDate>>,
    pub total: Option<Field<i64>>,
    pub quotas: Vec<RawQuota>,
}

#[derive(Debug, Clone)]
pub struct RawQuota {
    pub loc: Loc,
    pub unit: Field<String>,
    pub quota: Field<i64>,
}

/// data/<year>/reports/<year>-<MM>.toml — one 招生情况统计表 round.
#[derive(Debug, Clone)]
pub struct RawReport {
    pub file: SourceId,
    pub month: u32,
    pub as_of: Option<Field<NaiveDate>>,
    pub sample: bool,
    pub note: Option<Field<String>>,
    pub rows: Vec<RawRow>,
}

#[derive(Debug, Clone)]
pub struct RawRow {
    pub loc: Loc,
    pub unit: Field<String>,
    pub three_year: Field<i64>,
    pub three_plus_two: Field<i64>,
    pub five_year: Field<i64>,
    pub one_year: Field<i64>,
    pub total: Option<Field<i64>>,
    pub submitted: Option<Field<NaiveDate>>,
    pub note: Option<Field<String>>,
}

/// data/<year>/actions.toml
#[derive(Debug, Clone, Default)]
pub struct RawActions {
    pub warnings: Vec<RawWarning>,
    pub circulars: Vec<RawCircular>,
}

/// 警示标注
#[derive(Debug, Clone)]
pub struct RawWarning {
    pub loc: Loc,
    pub unit: Field<String>,
    pub date: Field<NaiveDate>,
    pub reason: Field<String>,
    pub measure: Option<Field<String>>,
    pub issuer: Option<Field<String>>,
    pub document: Option<Field<String>>,
    /// 解除日期: a lifted warning stays in the record.
    pub lifted: Option<Field<NaiveDate>>,
}

/// 通报
#[derive(Debug, Clone)]
pub struct RawCircular {
    pub loc: Loc,
    pub kind: Field<String>,
    pub date: Field<NaiveDate>,
    pub title: Field<String>,
    pub document: Option<Field<String>>,
    pub units: Vec<Field<String>>,
}

/// One content/**/*.md file.
#[derive(Debug, Clone)]
pub struct RawPage {
    pub file: SourceId,
    /// Path under content/ without the `.md`, with `/` separators, e.g. "notices/2024-432".
    pub slug: String,
    pub title: Field<String>,
    pub date: Option<Field<NaiveDate>>,
    pub updated: Option<Field<NaiveDate>>,
    pub unit: Option<Field<String>>,
    pub description: Option<Field<String>>,
    /// 发文字号
    pub document: Option<Field<String>>,
    /// 发文机关
    pub issuer: Option<Field<String>>,
    /// Byte offset where the markdown body starts.
    pub body_start: usize,
}
