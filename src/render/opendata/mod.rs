//! Open data: CSV (UTF-8 with BOM, for Excel on Chinese Windows) and JSON per year.
//!
//! The pass ([`files`]) is here; the CSV rows and cells are in `rows`, the year's JSON in `json`,
//! the Table Schemas and `datapackage.json` in `datapackage`, the data page's listing in `listing`.

use super::OutputFile;
use crate::hash::sha256_hex;
use crate::model::{Site, Status};
use crate::paths;

/// Declares an open-data row once: the struct serialized into the CSV (header from the field
/// names), `COLUMNS`, each field's name with its Chinese label, listed on the data page, and
/// `schema()`, its Table Schema: each field's type from its Rust type (see `datapackage::table_type`) and,
/// after `; one_of`, the closed vocabulary of a text column.
macro_rules! csv_row {
    ($(#[$meta:meta])* $name:ident { $($field:ident: $ty:ty => $label:expr $(; one_of $vocab:expr)?,)* }) => {
        $(#[$meta])*
        #[derive(Serialize)]
        pub(super) struct $name {
            $(pub(super) $field: $ty,)*
        }

        impl $name {
            /// Column name and its Chinese label, in file order.
            pub(super) const COLUMNS: &'static [(&'static str, &'static str)] = &[$((stringify!($field), $label),)*];

            /// Each column as a Table Schema field: name, type (from the Rust type), description
            /// and constraints (`minimum: 0` for counts and rates, `enum` for a closed vocabulary).
            pub(super) fn schema() -> Vec<SchemaField> {
                vec![$(SchemaField::new(
                    stringify!($field),
                    stringify!($ty),
                    $label,
                    None::<Vec<&'static str>> $(.or(Some(Vec::from_iter($vocab))))?,
                ),)*]
            }
        }
    };
}

mod datapackage;
mod json;
mod listing;
mod rows;
mod years;

pub(super) use datapackage::{datapackage, in_package, SchemaField};
pub(super) use json::json_file;
pub(super) use listing::{listing, Listing};
pub(super) use rows::{csv_file, CsvText};

use json::year_json;
use rows::{
    action_files, blacklist_file, corrections_csv, school_files, status_name, text, IsoDate, Percent, QuotaRow,
    ReportRow,
};

/// A file of the open data (or of the search index) that could not be serialized. Our rows are
/// plain values, so this is a bug of ours, never of the data: a field type that serde or the CSV
/// writer refuses (a map or a nested struct in a CSV row, a map with non-text keys in JSON). Writing
/// into memory cannot fail otherwise; but a row must never vanish from the published data without
/// a word, so the build stops and names the file (rule X04).
#[derive(Debug)]
pub(super) struct Unwritable {
    /// The file's path in the output.
    pub(super) path: String,
    /// What serde or the CSV writer said.
    pub(super) error: String,
}

impl Unwritable {
    pub(super) fn into_diagnostic(self) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::at_file(
            crate::diagnostics::Severity::Error,
            crate::diagnostics::rules::UNWRITABLE_DATA,
            self.path,
            format!(
                "无法生成这个文件（{}），为了不让公开的数据缺行，网站没有更新",
                self.error
            ),
            "这是 sunshine 程序的问题，不是数据的问题：请把这条信息告诉维护者",
        )
    }
}

/// Every file of the open data, handed to `emit` one at a time as it is made, so that the
/// largest (a year's JSON, tens of MB at 10,000 units) are not all in memory at once.
/// Stops at the first file that cannot be serialized (see [`Unwritable`]).
pub(super) fn files(site: &Site, emit: &mut dyn FnMut(OutputFile)) -> Result<(), Unwritable> {
    emit(corrections_csv(site)?);
    if !site.years.is_empty() {
        emit(years::units_years_csv(site)?);
    }
    for year in &site.years {
        let doc = year.document.clone().unwrap_or_default();
        let quota_rows: Vec<QuotaRow> = year
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let u = &site.units[e.unit];
                QuotaRow {
                    year: year.year,
                    seq: i + 1,
                    unit_id: CsvText::new(u.id.as_str()),
                    unit_name: CsvText::new(u.name.as_str()),
                    kind: u.kind.as_str(),
                    parent_id: CsvText::new(u.parent.map(|p| site.units[p].id.clone()).unwrap_or_default()),
                    quota: e.quota,
                    document: CsvText::new(doc.as_str()),
                    phone: text(&u.phone),
                    responsible_name: text(&u.responsible.as_ref().and_then(|r| r.name.clone())),
                    responsible_title: text(&u.responsible.as_ref().and_then(|r| r.title.clone())),
                }
            })
            .collect();
        emit(csv_file(paths::quotas_csv(year.year), &quota_rows, QuotaRow::COLUMNS)?);

        let mut report_rows = Vec::new();
        for (r, round) in year.rounds.iter().enumerate() {
            for (i, e) in year.entries.iter().enumerate() {
                let u = &site.units[e.unit];
                let p = &e.progress[r];
                let missing = p.status == Status::Missing;
                let count = |n: u64| (!missing).then_some(n);
                let f = p.figures;
                report_rows.push(ReportRow {
                    year: year.year,
                    month: round.month,
                    as_of: round.as_of.into(),
                    sample: round.sample,
                    seq: i + 1,
                    unit_id: CsvText::new(u.id.as_str()),
                    unit_name: CsvText::new(u.name.as_str()),
                    quota: p.quota,
                    three_year: count(f.three_year),
                    three_plus_two: count(f.three_plus_two),
                    five_year: count(f.five_year),
                    one_year: count(f.one_year),
                    total: count(f.total()),
                    completion_rate_percent: p.completion.map(Percent),
                    status: status_name(p.status),
                    submitted: p.submitted.map(IsoDate::from),
                    late: p.late,
                    corrected: CsvText::new(round.corrected_fields(&p.corrected).join(" ")),
                });
            }
        }
        emit(csv_file(
            paths::reports_csv(year.year),
            &report_rows,
            ReportRow::COLUMNS,
        )?);
        drop(report_rows);
        school_files(site, year, emit)?;
        for file in action_files(site, year)? {
            emit(file);
        }
        emit(year_json(site, year)?);
    }
    emit(blacklist_file(site)?);
    Ok(())
}

/// A file of the open data as the listing and the data package describe it: made once, when
/// the file is, so that the bytes need not be kept (nor hashed again).
pub(super) struct FileSummary {
    pub path: String,
    pub size: usize,
    pub sha256: String,
}

impl FileSummary {
    pub(super) fn of(file: &OutputFile) -> Self {
        Self {
            path: file.path.clone(),
            size: file.bytes.len(),
            sha256: sha256_hex(&file.bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;

    /// A row serde refuses, as a field type added by mistake would make one.
    struct Refused;

    impl Serialize for Refused {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no such field type"))
        }
    }

    #[test]
    fn a_row_that_cannot_be_written_is_an_error_naming_the_file_and_the_row_never_a_shorter_file() {
        #[derive(Serialize)]
        struct Row {
            n: u32,
            refused: Option<Refused>,
        }
        let rows = [
            Row { n: 1, refused: None },
            Row {
                n: 2,
                refused: Some(Refused),
            },
        ];
        let e = csv_file("data/2024/x.csv".into(), &rows, &[("n", "N"), ("refused", "R")]).unwrap_err();
        assert_eq!(e.path, "data/2024/x.csv");
        assert!(e.error.starts_with("第 2 行："), "{}", e.error);
        assert!(e.error.contains("no such field type"), "{}", e.error);
        let d = e.into_diagnostic();
        assert_eq!(d.rule.code, "X04");
        assert_eq!(d.severity, crate::diagnostics::Severity::Error);
        assert_eq!(d.path, "data/2024/x.csv");
        assert!(d.message.contains("no such field type"), "{}", d.message);
        assert!(d.hint.contains("告诉维护者"), "{}", d.hint);
        // The same rows without the refused one are written whole.
        let file = csv_file("x.csv".into(), &rows[..1], &[("n", "N"), ("refused", "R")]).unwrap();
        assert_eq!(file.bytes, b"\xEF\xBB\xBFn,refused\r\n1,\r\n");
    }

    #[test]
    fn json_that_cannot_be_written_is_an_error_naming_the_file() {
        let e = json_file("data/2024.json".into(), &vec![Some(Refused)]).unwrap_err();
        assert_eq!(e.path, "data/2024.json");
        assert!(e.error.contains("no such field type"), "{}", e.error);
        // A map whose keys are not text is refused by JSON itself.
        let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(json_file("m.json".into(), &map).is_err());
    }
}
