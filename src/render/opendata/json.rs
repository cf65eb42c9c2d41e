//! The JSON of a year: its tables in pandas' split orientation, escaped so that a file stays
//! inert inside a page ([`HtmlSafe`]).

use serde::Serialize;

use super::rows::{status_name, IsoDate, Percent, ReportRow};
use super::Unwritable;
use crate::model::disclosure::{AdmissionRecord, ProgramRecord};
use crate::model::{CircularRecord, Site, Status, UnitId, WarningRecord};
use crate::paths;
use crate::render::OutputFile;

/// Writes JSON with `<`, `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026`: they only occur in
/// strings, and escaping them keeps a file inert even where a careless reader embeds it in a page.
pub(super) struct HtmlSafe;

impl serde_json::ser::Formatter for HtmlSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, b) in fragment.bytes().enumerate() {
            let escaped: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escaped)?;
            start = i + 1;
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// Serializes `value` as compact, HTML-safe JSON followed by a newline.
pub(super) fn json_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, HtmlSafe);
    value.serialize(&mut serializer)?;
    out.push(b'\n');
    Ok(out)
}

/// A JSON file of the open data or the search index: `value` as [`json_bytes`] writes it.
pub(in crate::render) fn json_file<T: Serialize>(path: String, value: &T) -> Result<OutputFile, Unwritable> {
    match json_bytes(value) {
        Ok(bytes) => Ok(OutputFile { path, bytes }),
        Err(e) => Err(Unwritable {
            path,
            error: e.to_string(),
        }),
    }
}

#[derive(Serialize)]
struct ColumnDoc {
    name: &'static str,
    label: &'static str,
}

/// Declares a row of a long table of the year's JSON once: the struct, its column names (the
/// field names, in order) and its serialization as the list of its values in that order. A list
/// of rows is written by [`Table`].
macro_rules! json_row {
    ($(#[$meta:meta])* $name:ident $(<$lt:lifetime>)? { $($field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        pub(super) struct $name $(<$lt>)? {
            $(pub(super) $field: $ty,)*
        }

        impl $(<$lt>)? JsonRow for $name $(<$lt>)? {
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field),)*];
        }

        impl $(<$lt>)? Serialize for $name $(<$lt>)? {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeTuple;
                let mut row = serializer.serialize_tuple(Self::COLUMNS.len())?;
                $(row.serialize_element(&self.$field)?;)*
                row.end()
            }
        }
    };
}

/// A row of a long table of the year's JSON (declared with `json_row!`): it serializes as the
/// list of its values, in the order of `COLUMNS`.
pub(super) trait JsonRow: Serialize {
    /// The column names, in the order of the values.
    const COLUMNS: &'static [&'static str];
}

/// How the tables of the year's JSON are laid out, for readers: on the data page (after "JSON
/// 文件供程序读取，") and in the JSON's entry of datapackage.json.
pub(super) const JSON_TABLES: &str = "其中的长表格（units 各单位、rounds 里每月的 rows、disclosure 信息公开情况）按 columns（列名）+ data（各行的值）排列，即 pandas 的 split 格式，pandas 可直接读取：pandas.DataFrame(t[\"data\"], columns=t[\"columns\"])；不用 pandas 时，每行转成带列名的记录：[dict(zip(t[\"columns\"], row)) for row in t[\"data\"]]";

/// A long table of the year's JSON, in pandas' "split" orientation:
/// `{"columns": [names…], "data": [[values…], …]}`, so that `pandas.DataFrame(t["data"],
/// columns=t["columns"])` reads it and a row does not repeat its keys.
struct Table<R>(Vec<R>);

impl<R: JsonRow> Serialize for Table<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut table = serializer.serialize_struct("Table", 2)?;
        table.serialize_field("columns", R::COLUMNS)?;
        table.serialize_field("data", &self.0)?;
        table.end()
    }
}

json_row! {
    /// A row of `units`: a unit of the year and its quota.
    UnitDoc<'a> {
        id: &'a str,
        name: &'a str,
        kind: &'static str,
        parent: Option<&'a str>,
        quota: u64,
        phone: Option<&'a str>,
        responsible_name: Option<&'a str>,
        responsible_title: Option<&'a str>,
    }
}

json_row! {
    /// A row of a round's `rows`: a unit's cumulative figures (null when it is missing).
    RowDoc<'a> {
        unit: &'a str,
        status: &'static str,
        three_year: Option<u64>,
        three_plus_two: Option<u64>,
        five_year: Option<u64>,
        one_year: Option<u64>,
        total: Option<u64>,
        completion_rate_percent: Option<Percent>,
        submitted: Option<IsoDate>,
        late: bool,
        quota: u64,
        corrected: Vec<&'static str>,
    }
}

#[derive(Serialize)]
struct CorrectionDoc<'a> {
    /// As written in the report file: date, reason and `was` (the figures as first published).
    #[serde(flatten)]
    record: &'a crate::model::CorrectionRecord,
    /// The corrected figures now published, for the same fields as `was`.
    now: std::collections::BTreeMap<&'static str, u64>,
}

#[derive(Serialize)]
struct RoundDoc<'a> {
    month: u32,
    as_of: String,
    due: String,
    /// 发布日期: the day the round was first published, when recorded.
    published: Option<String>,
    sample: bool,
    city_total: u64,
    /// 全市招生任务 in force on `as_of`, which the rates are measured against.
    city_quota: u64,
    city_completion_rate_percent: Option<Percent>,
    /// The figures of `corrections` that the city total includes (empty when none).
    city_corrected: Vec<&'static str>,
    rows: Table<RowDoc<'a>>,
    corrections: Vec<CorrectionDoc<'a>>,
}

#[derive(Serialize)]
struct YearDoc<'a> {
    year: i32,
    /// `[open_data] license` of site.toml.
    license: Option<&'a str>,
    document: Option<&'a str>,
    issued: Option<String>,
    quota: u64,
    sample: bool,
    columns: Vec<ColumnDoc>,
    units: Table<UnitDoc<'a>>,
    rounds: Vec<RoundDoc<'a>>,
    /// As written in actions.toml: the same keys, units by id.
    warnings: Vec<&'a WarningRecord>,
    circulars: Vec<&'a CircularRecord>,
    /// 校企合作黑名单 entries listed this year; a person's with name, date, reason, document only.
    blacklist: Vec<crate::model::BlacklistRecord>,
    /// As written in quotas.toml: each an earlier quota of a unit (`was`), with its date.
    adjustments: Vec<&'a crate::model::AdjustmentRecord>,
    /// As written in programs.toml and admissions.toml.
    programs_sample: bool,
    programs: Vec<&'a ProgramRecord>,
    admissions_sample: bool,
    admissions: Vec<&'a AdmissionRecord>,
    /// Each unit's disclosure record, in the order of `units`.
    disclosure: Table<DisclosureDoc<'a>>,
}

json_row! {
    /// A row of `disclosure`: a unit's disclosure record, the five items (in the notice's
    /// order, [`crate::model::Category::DISCLOSED`]) published or not, its monthly forms and its warnings.
    DisclosureDoc<'a> {
        unit: &'a str,
        brochure: bool,
        policy: bool,
        programs: bool,
        plan: bool,
        admissions: bool,
        forms_due: usize,
        forms_on_time: usize,
        forms_late: usize,
        forms_missing: usize,
        forms_rolled_up: usize,
        warnings: usize,
        warnings_in_force: usize,
        sample: bool,
    }
}

// Over 120 lines on purpose: one struct literal, a field per part of the file in file order, so
// that the function reads as the layout of the year's JSON; split, the layout would be scattered.
pub(super) fn year_json(site: &Site, year: &crate::model::Year) -> Result<OutputFile, Unwritable> {
    let id = |u: UnitId| site.units[u].id.as_str();
    let doc = YearDoc {
        year: year.year,
        license: site.settings.open_data.license.as_deref(),
        document: year.document.as_deref(),
        issued: year.issued.map(|d| d.to_string()),
        quota: year.quota,
        sample: year.has_sample(),
        columns: ReportRow::COLUMNS
            .iter()
            .map(|&(name, label)| ColumnDoc { name, label })
            .collect(),
        units: Table(
            year.entries
                .iter()
                .map(|e| {
                    let u = &site.units[e.unit];
                    UnitDoc {
                        id: &u.id,
                        name: &u.name,
                        kind: u.kind.as_str(),
                        parent: u.parent.map(id),
                        quota: e.quota,
                        phone: u.phone.as_deref(),
                        responsible_name: u.responsible.as_ref().and_then(|r| r.name.as_deref()),
                        responsible_title: u.responsible.as_ref().and_then(|r| r.title.as_deref()),
                    }
                })
                .collect(),
        ),
        rounds: year
            .rounds
            .iter()
            .enumerate()
            .map(|(r, round)| RoundDoc {
                month: round.month,
                as_of: round.as_of.to_string(),
                due: round.due.to_string(),
                published: round.published.map(|d| d.to_string()),
                sample: round.sample,
                city_total: round.city.total(),
                city_quota: round.quota,
                city_completion_rate_percent: round.city_completion.map(Percent),
                city_corrected: round.corrected_fields(&round.city_corrected),
                rows: Table(
                    year.entries
                        .iter()
                        .map(|e| {
                            let p = &e.progress[r];
                            let f = p.figures;
                            let count = |n: u64| (p.status != Status::Missing).then_some(n);
                            RowDoc {
                                unit: id(e.unit),
                                status: status_name(p.status),
                                three_year: count(f.three_year),
                                three_plus_two: count(f.three_plus_two),
                                five_year: count(f.five_year),
                                one_year: count(f.one_year),
                                total: count(f.total()),
                                completion_rate_percent: p.completion.map(Percent),
                                submitted: p.submitted.map(IsoDate::from),
                                late: p.late,
                                quota: p.quota,
                                corrected: round.corrected_fields(&p.corrected),
                            }
                        })
                        .collect(),
                ),
                corrections: round
                    .corrections
                    .iter()
                    .map(|c| CorrectionDoc {
                        record: &c.record,
                        now: c.changes.iter().map(|&(f, _, new)| (f, new)).collect(),
                    })
                    .collect(),
            })
            .collect(),
        warnings: year.warnings.iter().map(|w| &w.record).collect(),
        circulars: year.circulars.iter().map(|c| &c.record).collect(),
        blacklist: site
            .blacklist
            .iter()
            .filter(|b| b.year == year.year)
            .map(|b| {
                let mut r = b.public();
                r.units = b.shown_units().iter().map(|&u| site.units[u].id.clone()).collect();
                r
            })
            .collect(),
        adjustments: year
            .entries
            .iter()
            .flat_map(|e| e.adjustments.iter().map(|a| &a.record))
            .collect(),
        programs_sample: year.schools.programs_sample,
        programs: year.schools.programs.iter().map(|p| &p.record).collect(),
        admissions_sample: year.schools.admissions_sample,
        admissions: year.schools.admissions.iter().map(|a| &a.record).collect(),
        disclosure: Table(
            year.entries
                .iter()
                .zip(year.schools.disclosures())
                .map(|(e, d)| {
                    // In the order of Category::DISCLOSED.
                    let [brochure, policy, programs, plan, admissions] = d.items.each_ref().map(|i| i.published);
                    DisclosureDoc {
                        unit: id(e.unit),
                        brochure,
                        policy,
                        programs,
                        plan,
                        admissions,
                        forms_due: d.forms.due,
                        forms_on_time: d.forms.on_time,
                        forms_late: d.forms.late,
                        forms_missing: d.forms.missing,
                        forms_rolled_up: d.forms.rolled_up,
                        warnings: d.warnings,
                        warnings_in_force: d.warnings_in_force,
                        sample: d.sample,
                    }
                })
                .collect(),
        ),
    };
    json_file(paths::year_json(year.year), &doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Counts, FormRecord, Rate};
    use chrono::NaiveDate;

    #[test]
    fn the_tables_of_the_year_json_keep_the_names_of_the_fields_they_had_as_objects() {
        // New columns go at the end: a reader that takes the first five by position still works.
        assert_eq!(
            UnitDoc::COLUMNS,
            [
                "id",
                "name",
                "kind",
                "parent",
                "quota",
                "phone",
                "responsible_name",
                "responsible_title"
            ]
        );
        // The published-figure check reads the counts by these names.
        assert_eq!(&RowDoc::COLUMNS[..2], ["unit", "status"]);
        assert_eq!(RowDoc::COLUMNS[2..7], Counts::NAMES);
        assert_eq!(
            &RowDoc::COLUMNS[7..],
            ["completion_rate_percent", "submitted", "late", "quota", "corrected"]
        );
        assert_eq!(DisclosureDoc::COLUMNS[0], "unit");
        let items: Vec<&str> = Category::DISCLOSED.iter().map(|c| c.as_str()).collect();
        assert_eq!(DisclosureDoc::COLUMNS[1..6], items);
        // The forms record's fields, flattened with a prefix (as in disclosure.csv).
        let serde_json::Value::Object(forms) = serde_json::to_value(FormRecord::default()).unwrap() else {
            panic!("FormRecord is a struct");
        };
        let mut flattened: Vec<String> = forms.keys().map(|k| format!("forms_{k}")).collect();
        let mut columns: Vec<String> = DisclosureDoc::COLUMNS[6..11].iter().map(|c| c.to_string()).collect();
        flattened.sort();
        columns.sort();
        assert_eq!(columns, flattened);
        assert_eq!(
            &DisclosureDoc::COLUMNS[11..],
            ["warnings", "warnings_in_force", "sample"]
        );
    }

    #[test]
    fn a_table_is_written_in_the_split_orientation_each_row_in_the_order_of_its_columns() {
        let row = |unit, status, n: Option<u64>| RowDoc {
            unit,
            status,
            three_year: n,
            three_plus_two: n.map(|n| n + 1),
            five_year: n.map(|n| n + 2),
            one_year: n.map(|n| n + 3),
            total: n.map(|n| 4 * n + 6),
            completion_rate_percent: n.map(|_| Percent(Rate::of(101, 700).unwrap())),
            submitted: n.map(|_| IsoDate("2024-08-05".into())),
            late: n.is_none(),
            quota: 70,
            corrected: if n.is_some() {
                vec!["one_year", "total"]
            } else {
                Vec::new()
            },
        };
        let table = Table(vec![row("c0", "reported", Some(1)), row("c<1>", "missing", None)]);
        assert_eq!(
            String::from_utf8(json_bytes(&table).unwrap()).unwrap(),
            concat!(
                r#"{"columns":["unit","status","three_year","three_plus_two","five_year","one_year","total","#,
                r#""completion_rate_percent","submitted","late","quota","corrected"],"data":["#,
                r#"["c0","reported",1,2,3,4,10,14.4,"2024-08-05",false,70,["one_year","total"]],"#,
                r#"["c\u003c1\u003e","missing",null,null,null,null,null,null,null,true,70,[]]]}"#,
                "\n"
            )
        );
        let empty: Table<UnitDoc> = Table(Vec::new());
        assert_eq!(
            json_bytes(&empty).unwrap(),
            b"{\"columns\":[\"id\",\"name\",\"kind\",\"parent\",\"quota\",\"phone\",\"responsible_name\",\"responsible_title\"],\"data\":[]}\n"
        );
    }

    #[test]
    fn each_column_of_a_round_in_the_json_has_the_type_reports_csv_declares_for_it() {
        let row = RowDoc {
            unit: "c0",
            status: "reported",
            three_year: Some(1),
            three_plus_two: Some(2),
            five_year: Some(3),
            one_year: Some(4),
            total: Some(10),
            completion_rate_percent: Some(Percent(Rate::of(10, 10).unwrap())),
            submitted: Some(IsoDate::from(NaiveDate::from_ymd_opt(2024, 8, 5).unwrap())),
            late: false,
            quota: 10,
            corrected: Vec::new(),
        };
        let serde_json::Value::Array(values) = serde_json::to_value(&row).unwrap() else {
            panic!("a row is a list");
        };
        let schema = ReportRow::schema();
        let mut checked = Vec::new();
        for (name, value) in RowDoc::COLUMNS.iter().zip(&values) {
            let Some(field) = schema.iter().find(|f| f.name == *name) else {
                continue;
            };
            let fits = match field.r#type {
                // The CSV joins the list of corrected fields with spaces.
                _ if *name == "corrected" => value.is_array(),
                "integer" => value.is_u64() || value.is_i64(),
                "number" => value.is_f64(),
                "boolean" => value.is_boolean(),
                "date" => value
                    .as_str()
                    .is_some_and(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()),
                _ => value.is_string(),
            };
            assert!(fits, "{name}: {value} is no {}", field.r#type);
            checked.push(*name);
        }
        assert_eq!(
            checked.len(),
            RowDoc::COLUMNS.len() - 1,
            "all but unit (unit_id in the CSV): {checked:?}"
        );
        assert_eq!(values[7], serde_json::json!(100.0));
    }
}
