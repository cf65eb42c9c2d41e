//! The data page's listing of the open data: each year's files with their sizes, hashes and
//! columns, and how to cite them.

use serde::Serialize;

use chrono::NaiveDate;

use super::datapackage::license_url;
use super::json::JSON_TABLES;
use super::rows::{
    AdjustmentRow, AdmissionRow, BlacklistRow, CircularRow, CorrectionRow, DisclosureCsvRow, ProgramRow, QuotaRow,
    ReportRow, WarningRow,
};
use super::FileSummary;
use crate::model::Site;
use crate::paths;
use crate::render::view::DateView;
use crate::render::view::Link;
use crate::render::OutputFile;

#[derive(Debug, Serialize)]
pub(in crate::render) struct FileInfo {
    pub name: String,
    pub path: String,
    pub format: &'static str,
    pub size: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub(in crate::render) struct YearData {
    pub year: i32,
    pub overview: Link,
    pub files: Vec<FileInfo>,
    pub source: String,
    pub as_of: Option<DateView>,
    /// What of the year is sample data ("月报、录取结果"), empty when nothing is.
    pub sample: String,
    /// 建议引用: publisher, title, date, version and (when the site has a full address) the
    /// address of the year's data.
    pub citation: String,
}

#[derive(Debug, Serialize)]
pub(in crate::render) struct Listing {
    pub years: Vec<YearData>,
    /// One table of column names and meanings per kind of CSV file.
    pub columns: Vec<ColumnTable>,
    /// Files over every year: blacklist.csv.
    pub site_files: Vec<FileInfo>,
    /// corrections.csv, every year's corrections together.
    pub corrections: FileInfo,
    pub correction_columns: Vec<(&'static str, &'static str)>,
    /// datapackage.json, the description of every file.
    pub datapackage: FileInfo,
    /// `[open_data] license`, and its address when it is a well-known licence.
    pub license: Option<String>,
    pub license_url: Option<&'static str>,
    /// How the year's JSON lays out its tables (columns + data).
    pub json_tables: &'static str,
    /// datapackage.json's `version`: the release of the open data (`2024-08-20`).
    pub version: Option<String>,
    /// Whether the citations end with the site's full address; when not (a relative
    /// `base_url`), the page asks the reader to add the page's address.
    pub citation_has_address: bool,
}

#[derive(Debug, Serialize)]
pub(in crate::render) struct ColumnTable {
    /// The table's id on the page.
    pub id: &'static str,
    /// "quotas.csv（招生任务分解表）"
    pub caption: &'static str,
    pub columns: &'static [(&'static str, &'static str)],
}

fn human_size(n: usize) -> String {
    if n < 1024 {
        format!("{n} 字节")
    } else {
        format!("{:.1} KB", n as f64 / 1024.0)
    }
}

/// Whether `base` is a full address (`https://…`), which a citation may name.
fn is_absolute(base: &str) -> bool {
    base.starts_with("https://") || base.starts_with("http://")
}

/// 建议引用 of a dataset: publisher, title, date, the data package's version and the address —
/// only a full one (`https://…`): a relative address is no citation, and the page asks the
/// reader to add the page's own address instead.
fn citation(site: &Site, what: &str, date: Option<NaiveDate>, version: Option<&str>, address: &str) -> String {
    let s = &site.settings;
    let date = date
        .map(|d| format!("，数据截至{}", DateView::from(d).cn))
        .unwrap_or_default();
    let version = version.map(|v| format!("，版本 {v}")).unwrap_or_default();
    let address = if is_absolute(address) { address } else { "" };
    format!("{}：《{}》{what}{date}{version}。{address}", s.publisher, s.title)
}

pub(in crate::render) fn listing(site: &Site, files: &[FileSummary], base: &str, version: Option<&str>) -> Listing {
    let empty = FileSummary::of(&OutputFile {
        path: String::new(),
        bytes: Vec::new(),
    });
    let version = version.map(str::to_string);
    // A citation names the release, at its own address (kept unchanged under data/releases/).
    let address = version
        .as_deref()
        .map_or_else(|| paths::OPEN_DATA.to_string(), paths::release);
    let info = |path: String, name: &str, format: &'static str| {
        let file = files.iter().find(|f| f.path == path).unwrap_or(&empty);
        FileInfo {
            name: name.into(),
            size: human_size(file.size),
            sha256: file.sha256.clone(),
            path,
            format,
        }
    };
    Listing {
        years: site
            .years
            .iter()
            .rev()
            .map(|y| YearData {
                year: y.year,
                overview: Link {
                    name: format!("{}年概览", y.year),
                    path: paths::year(y.year),
                },
                files: {
                    let mut files = vec![
                        info(paths::quotas_csv(y.year), "招生任务分解表", "CSV"),
                        info(paths::reports_csv(y.year), "各月招生情况统计表", "CSV"),
                    ];
                    if !y.schools.programs.is_empty() {
                        files.push(info(paths::programs_csv(y.year), "招生专业与计划", "CSV"));
                    }
                    if !y.schools.admissions.is_empty() {
                        files.push(info(paths::admissions_csv(y.year), "录取结果", "CSV"));
                    }
                    files.push(info(paths::disclosure_csv(y.year), "各单位信息公开情况", "CSV"));
                    files.push(info(paths::adjustments_csv(y.year), "招生任务调整", "CSV"));
                    files.push(info(paths::warnings_csv(y.year), "警示标注与处理措施", "CSV"));
                    files.push(info(paths::circulars_csv(y.year), "通报表扬与通报批评", "CSV"));
                    files.push(info(
                        paths::year_json(y.year),
                        "全年数据（任务、月报、警示、通报、专业、录取、信息公开）",
                        "JSON",
                    ));
                    files
                },
                source: y.document.clone().unwrap_or_else(|| site.settings.publisher.clone()),
                as_of: y.rounds.last().map(|r| r.as_of.into()),
                sample: {
                    let mut what = Vec::new();
                    if y.has_sample() {
                        what.push("月报");
                    }
                    if y.schools.programs_sample && !y.schools.programs.is_empty() {
                        what.push("招生专业与计划");
                    }
                    if y.schools.admissions_sample && !y.schools.admissions.is_empty() {
                        what.push("录取结果");
                    }
                    what.join("、")
                },
                citation: citation(
                    site,
                    &format!("{}年开放数据", y.year),
                    y.rounds.last().map(|r| r.as_of),
                    version.as_deref(),
                    &format!("{base}{address}"),
                ),
            })
            .collect(),
        columns: column_tables(),
        site_files: {
            let mut files = vec![info(
                paths::BLACKLIST_CSV.to_string(),
                "校企合作黑名单（各年度）",
                "CSV",
            )];
            if !site.years.is_empty() {
                files.push(info(
                    paths::UNITS_YEARS_CSV.to_string(),
                    "各单位历年情况（招生任务、完成率、月报报送、处理措施、录取人数）",
                    "CSV",
                ));
            }
            files
        },
        corrections: info(paths::corrections_csv(), "更正记录（全部年度）", "CSV"),
        correction_columns: CorrectionRow::COLUMNS.to_vec(),
        datapackage: info(paths::datapackage(), "数据包说明（Frictionless Data Package）", "JSON"),
        license: site.settings.open_data.license.clone(),
        license_url: site.settings.open_data.license.as_deref().and_then(license_url),
        json_tables: JSON_TABLES,
        citation_has_address: is_absolute(base),
        version,
    }
}

/// The columns of each CSV file, in the order the data page lists them.
fn column_tables() -> Vec<ColumnTable> {
    vec![
        ColumnTable {
            id: "quota-columns",
            caption: "quotas.csv（招生任务分解表）",
            columns: QuotaRow::COLUMNS,
        },
        ColumnTable {
            id: "report-columns",
            caption: "reports.csv（各月招生情况统计表，累计数）",
            columns: ReportRow::COLUMNS,
        },
        ColumnTable {
            id: "program-columns",
            caption: "programs.csv（招生专业与计划，每行一个专业）",
            columns: ProgramRow::COLUMNS,
        },
        ColumnTable {
            id: "admission-columns",
            caption: "admissions.csv（录取结果，每行一个学校的一个录取批次；不含学生名单）",
            columns: AdmissionRow::COLUMNS,
        },
        ColumnTable {
            id: "disclosure-columns",
            caption: "disclosure.csv（各单位信息公开情况，每行一个单位）",
            columns: DisclosureCsvRow::COLUMNS,
        },
        ColumnTable {
            id: "adjustment-columns",
            caption: "adjustments.csv（招生任务调整，每行一次调整；完成率按当前招生任务计算）",
            columns: AdjustmentRow::COLUMNS,
        },
        ColumnTable {
            id: "warning-columns",
            caption: "warnings.csv（警示标注与处理措施，每行一项措施，含已解除的）",
            columns: WarningRow::COLUMNS,
        },
        ColumnTable {
            id: "circular-columns",
            caption: "circulars.csv（通报表扬与通报批评，每行一份通报）",
            columns: CircularRow::COLUMNS,
        },
        ColumnTable {
            id: "blacklist-columns",
            caption: "blacklist.csv（校企合作黑名单，各年度合并，最新的在前）",
            columns: BlacklistRow::COLUMNS,
        },
        ColumnTable {
            id: "units-years-columns",
            caption: "units-years.csv（各单位历年情况，每个单位每年一行，全市合计行在前）",
            columns: super::years::COLUMNS,
        },
        ColumnTable {
            id: "correction-columns",
            caption: "corrections.csv（更正记录，每行一个更正过的数字，各年度合并）",
            columns: CorrectionRow::COLUMNS,
        },
    ]
}
