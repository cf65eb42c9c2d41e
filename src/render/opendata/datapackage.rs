//! The data package: each CSV file's Frictionless Table Schema ([`SchemaField`]) and
//! `datapackage.json`, which lists the files with their sizes and hashes.

use serde::Serialize;

use super::json::JSON_TABLES;
use super::rows::{
    AdjustmentRow, AdmissionRow, BlacklistRow, CircularRow, CorrectionRow, DisclosureCsvRow, ProgramRow, QuotaRow,
    ReportRow, WarningRow,
};
use super::{json_file, FileSummary, Unwritable};
use crate::model::Site;
use crate::paths;
use crate::render::view::DateView;
use crate::render::OutputFile;

/// A column of a CSV file as a Frictionless Table Schema describes it.
#[derive(Debug, Serialize)]
pub(in crate::render) struct SchemaField {
    pub(super) name: &'static str,
    /// A short Chinese title, where the file's declaration gives one (units-years.csv).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) title: Option<&'static str>,
    pub(super) r#type: &'static str,
    description: &'static str,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    constraints: Constraints,
}

/// The constraints of a Table Schema field.
#[derive(Debug, Default, Serialize)]
struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    r#enum: Option<Vec<&'static str>>,
}

impl Constraints {
    fn is_empty(&self) -> bool {
        self.minimum.is_none() && self.r#enum.is_none()
    }
}

impl SchemaField {
    pub(in crate::render) fn new(
        name: &'static str,
        rust: &str,
        description: &'static str,
        vocabulary: Option<Vec<&'static str>>,
    ) -> Self {
        let (r#type, unsigned) = table_type(rust);
        Self {
            name,
            title: None,
            r#type,
            description,
            constraints: Constraints {
                minimum: unsigned.then_some(0),
                r#enum: vocabulary,
            },
        }
    }
}

/// The Table Schema type of a `csv_row!` field's Rust type (`Option<T>` is T with empty cells,
/// which the schema declares missing values), and whether it is never negative.
fn table_type(rust: &str) -> (&'static str, bool) {
    let inner = rust
        .trim()
        .strip_prefix("Option<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(rust)
        .trim();
    match inner {
        "i32" | "i64" => ("integer", false),
        "u8" | "u32" | "u64" | "usize" => ("integer", true),
        "Percent" => ("number", true),
        "IsoDate" => ("date", false),
        "bool" => ("boolean", false),
        _ => ("string", false),
    }
}

/// The Table Schema of a CSV file of the open data, by its file name.
fn schema_of(path: &str) -> Option<(Vec<SchemaField>, &'static str)> {
    let name = path.rsplit('/').next()?;
    Some(match name {
        "quotas.csv" => (QuotaRow::schema(), "招生任务分解表"),
        "reports.csv" => (ReportRow::schema(), "各月招生情况统计表（累计数）"),
        "programs.csv" => (ProgramRow::schema(), "招生专业与计划"),
        "admissions.csv" => (AdmissionRow::schema(), "录取结果"),
        "disclosure.csv" => (DisclosureCsvRow::schema(), "各单位信息公开情况"),
        "corrections.csv" => (CorrectionRow::schema(), "更正记录"),
        "adjustments.csv" => (AdjustmentRow::schema(), "招生任务调整"),
        "warnings.csv" => (WarningRow::schema(), "警示标注与处理措施"),
        "circulars.csv" => (CircularRow::schema(), "通报表扬与通报批评"),
        "blacklist.csv" => (BlacklistRow::schema(), "校企合作黑名单"),
        "units-years.csv" => (super::years::schema(), "各单位历年情况（每个单位每年一行，含全市合计）"),
        "changes.csv" => (
            crate::render::releases::change_schema(),
            "更新记录：开放数据的每个版本新增或改动了什么（每行一项，最新的版本在前）",
        ),
        _ => return None,
    })
}

/// Whether the data package lists the file at `path`: the files a release of the open data
/// keeps, each checked by the release's own datapackage.json.
pub(in crate::render) fn in_package(path: &str) -> bool {
    path.starts_with("data/") && (schema_of(path).is_some() || path.ends_with(".json"))
}

#[derive(Serialize)]
struct PackageSchema {
    fields: Vec<SchemaField>,
    /// An empty cell is a missing value (a count of a unit that did not report, a date not
    /// recorded), not an invalid number or date.
    #[serde(rename = "missingValues")]
    missing_values: [&'static str; 1],
}

#[derive(Serialize)]
struct Resource {
    name: String,
    path: String,
    profile: &'static str,
    title: String,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<PackageSchema>,
}

#[derive(Serialize)]
struct License {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    title: String,
}

#[derive(Serialize)]
struct Source {
    title: String,
}

#[derive(Serialize)]
struct Contributor {
    title: String,
    role: &'static str,
}

#[derive(Serialize)]
struct Package {
    profile: &'static str,
    name: &'static str,
    title: String,
    description: String,
    /// The release of the open data, `2024-08-20` (`2024-08-20-2` for a second one that day).
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    /// The same day as a time, `2024-08-20T00:00:00Z`: from the data, never the clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    homepage: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<License>,
    sources: Vec<Source>,
    contributors: Vec<Contributor>,
    resources: Vec<Resource>,
}

/// The licence as a Data Package licence: an SPDX-like id is its `name` (with the licence's
/// address for the Creative Commons and ODC ones), other words its title only.
fn package_license(license: &str) -> License {
    let id_like = !license.is_empty() && license.chars().all(|c| c.is_ascii_alphanumeric() || "-.+".contains(c));
    let path = id_like.then(|| license_url(license)).flatten();
    License {
        name: id_like.then(|| license.to_string()),
        path: path.map(str::to_string),
        title: license.to_string(),
    }
}

/// The address of a well-known open licence, by its SPDX id.
pub(super) fn license_url(id: &str) -> Option<&'static str> {
    Some(match id {
        "CC-BY-4.0" => "https://creativecommons.org/licenses/by/4.0/",
        "CC-BY-SA-4.0" => "https://creativecommons.org/licenses/by-sa/4.0/",
        "CC0-1.0" => "https://creativecommons.org/publicdomain/zero/1.0/",
        "ODC-By-1.0" => "https://opendatacommons.org/licenses/by/1-0/",
        "PDDL-1.0" => "https://opendatacommons.org/licenses/pddl/1-0/",
        "ODbL-1.0" => "https://opendatacommons.org/licenses/odbl/1-0/",
        _ => return None,
    })
}

/// data/datapackage.json: a Frictionless Data Package describing every file of the open data —
/// each CSV with its Table Schema (from its `csv_row!` declaration), bytes and sha256 hash.
/// `version` is the release of the open data (a release's own package has no `homepage`).
pub(in crate::render) fn datapackage(
    site: &Site,
    files: &[FileSummary],
    absolute_base: Option<&str>,
    version: Option<&str>,
) -> Result<OutputFile, Unwritable> {
    let mut resources = Vec::new();
    let mut sorted: Vec<&FileSummary> = files.iter().filter(|f| f.path.starts_with("data/")).collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in sorted {
        let rel = f.path.trim_start_matches("data/").to_string();
        let name = rel.replace(['/', '.'], "-").to_ascii_lowercase();
        let (schema, title, format, mediatype, encoding, profile) = match schema_of(&f.path) {
            Some((fields, title)) => (
                Some(PackageSchema {
                    fields,
                    missing_values: [""],
                }),
                title.to_string(),
                "csv",
                "text/csv",
                // The CSV files start with a byte order mark, for Excel.
                "utf-8-sig",
                "tabular-data-resource",
            ),
            None if rel.ends_with(".json") => (
                None,
                format!("{}年全年数据", rel.trim_end_matches(".json")),
                "json",
                "application/json",
                "utf-8",
                "data-resource",
            ),
            None => continue,
        };
        // A year's folder names its files' year; releases/ is no year.
        let title = match rel.split_once('/') {
            Some((year, _)) if year.parse::<i32>().is_ok() => format!("{year}年{title}"),
            _ => title,
        };
        resources.push(Resource {
            name,
            path: rel,
            profile,
            title,
            format,
            mediatype,
            encoding,
            bytes: f.size,
            hash: format!("sha256:{}", f.sha256),
            description: (format == "json")
                .then(|| format!("招生任务、月报、警示、通报、专业、录取和信息公开情况。{JSON_TABLES}。")),
            schema,
        });
    }
    let settings = &site.settings;
    let mut sources: Vec<Source> = site
        .years
        .iter()
        .filter_map(|y| y.document.clone())
        .map(|title| Source { title })
        .collect();
    sources.push(Source {
        title: format!("{}（各单位报送的招生情况统计表）", settings.publisher),
    });
    let package = Package {
        profile: "data-package",
        name: "sunshine-open-data",
        title: format!("{}：开放数据", settings.title),
        description:
            "招生任务及其调整、各月招生情况统计表、招生专业与计划、录取结果、信息公开情况、警示与处理、通报、校企合作黑名单和更正记录。CSV 为 UTF-8（带 BOM）。"
                .into(),
        version: version.map(str::to_string),
        created: site.data_updated.map(|d| format!("{}T00:00:00Z", DateView::from(d).iso)),
        homepage: absolute_base.map(|b| format!("{b}{}", paths::OPEN_DATA)),
        licenses: settings.open_data.license.iter().map(|l| package_license(l)).collect(),
        sources,
        contributors: vec![Contributor {
            title: settings.publisher.clone(),
            role: "publisher",
        }],
        resources,
    };
    json_file(paths::datapackage(), &package)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Counts;

    #[test]
    fn the_schema_types_each_column_by_its_declaration_with_constraints() {
        let field = |fields: &[SchemaField], name: &str| {
            serde_json::to_value(fields.iter().find(|f| f.name == name).unwrap()).unwrap()
        };
        let reports = ReportRow::schema();
        let names: Vec<&str> = reports.iter().map(|f| f.name).collect();
        let columns: Vec<&str> = ReportRow::COLUMNS.iter().map(|c| c.0).collect();
        assert_eq!(names, columns);
        let kind = |name: &str| field(&reports, name)["type"].clone();
        assert_eq!(kind("completion_rate_percent"), "number");
        assert_eq!(kind("as_of"), "date");
        assert_eq!(kind("submitted"), "date");
        assert_eq!(kind("total"), "integer");
        assert_eq!(kind("late"), "boolean");
        assert_eq!(kind("unit_name"), "string");
        assert_eq!(
            field(&reports, "three_year")["constraints"],
            serde_json::json!({"minimum": 0})
        );
        assert_eq!(
            field(&reports, "completion_rate_percent")["constraints"],
            serde_json::json!({"minimum": 0})
        );
        assert_eq!(
            field(&reports, "status")["constraints"],
            serde_json::json!({"enum": ["reported", "rolled_up", "missing"]})
        );
        assert!(field(&reports, "year").get("constraints").is_none());
        assert_eq!(
            field(&ProgramRow::schema(), "track")["constraints"]["enum"],
            serde_json::json!(["three_year", "three_plus_two", "five_year", "one_year"])
        );
        assert_eq!(
            field(&QuotaRow::schema(), "kind")["constraints"]["enum"],
            serde_json::json!(["district", "school", "other"])
        );
        assert_eq!(
            field(&CorrectionRow::schema(), "field")["constraints"]["enum"],
            serde_json::json!(Counts::NAMES)
        );
        assert_eq!(field(&CorrectionRow::schema(), "date")["type"], "date");
        assert_eq!(field(&BlacklistRow::schema(), "removed")["type"], "date");
    }
}
