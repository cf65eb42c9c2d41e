//! Open data: CSV (UTF-8 with BOM, for Excel on Chinese Windows) and JSON per year.

use serde::Serialize;

use chrono::NaiveDate;

use super::view::{DateView, Link};
use super::OutputFile;
use crate::hash::sha256_hex;
use crate::model::disclosure::{AdmissionRecord, ProgramRecord, Track};
use crate::model::{
    BlacklistKind, CircularKind, CircularRecord, Counts, Rate, Site, Status, UnitId, UnitKind, WarningRecord,
};
use crate::paths;
use crate::vocab::CountField;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Declares an open-data row once: the struct serialized into the CSV (header from the field
/// names), `COLUMNS`, each field's name with its Chinese label, listed on the data page, and
/// `schema()`, its Table Schema: each field's type from its Rust type (see [`table_type`]) and,
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

mod years;

/// A column of a CSV file as a Frictionless Table Schema describes it.
#[derive(Debug, Serialize)]
pub(super) struct SchemaField {
    name: &'static str,
    /// A short Chinese title, where the file's declaration gives one (units-years.csv).
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'static str>,
    r#type: &'static str,
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
    pub(super) fn new(
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

/// A date cell: ISO 8601, `2024-08-15` (a Table Schema `date`, a string in JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IsoDate(String);

impl From<NaiveDate> for IsoDate {
    fn from(d: NaiveDate) -> Self {
        Self(DateView::from(d).iso)
    }
}

impl Serialize for IsoDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A completion rate in percent with one decimal, as the pages show it: a number, `110.0` in
/// JSON and the same text in CSV (a Table Schema `number`), so that it sorts as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Percent(Rate);

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // One decimal, exactly as `percent_string` writes it: the shortest form of the nearest
        // f64 is that text again (serde_json and csv both write floats that way).
        let n: f64 = self.0.percent_string().parse().unwrap_or(f64::NAN);
        serializer.serialize_f64(n)
    }
}

/// The words of `status` in reports.csv and in the year's JSON.
const STATUSES: [&str; 3] = ["reported", "rolled_up", "missing"];

csv_row! {
    /// A row of quotas.csv: one unit's 招生任务.
    QuotaRow {
        year: i32 => "年度",
        seq: usize => "序号",
        unit_id: CsvText => "单位代码",
        unit_name: CsvText => "单位名称",
        kind: &'static str => "单位类别"; one_of UnitKind::ALL.map(UnitKind::as_str),
        parent_id: CsvText => "上级单位代码",
        quota: u64 => "招生任务（人）",
        document: CsvText => "下达文件",
        phone: CsvText => "招生咨询电话（空为未公布）",
        responsible_name: CsvText => "招生第一责任人姓名（空为未公布）",
        responsible_title: CsvText => "招生第一责任人职务",
    }
}

csv_row! {
    /// A row of reports.csv: one unit's cumulative figures in one monthly round.
    ReportRow {
        year: i32 => "年度",
        month: u32 => "月份",
        as_of: IsoDate => "截止日期",
        sample: bool => "是否示例数据",
        seq: usize => "序号",
        unit_id: CsvText => "单位代码",
        unit_name: CsvText => "单位名称",
        quota: u64 => "招生任务（人）：截止日期当天的招生任务，完成率按此计算（此后调整的见 adjustments.csv）",
        three_year: Option<u64> => CountField::ThreeYear.csv_doc(),
        three_plus_two: Option<u64> => CountField::ThreePlusTwo.csv_doc(),
        five_year: Option<u64> => CountField::FiveYear.csv_doc(),
        one_year: Option<u64> => CountField::OneYear.csv_doc(),
        total: Option<u64> => CountField::Total.csv_doc(),
        completion_rate_percent: Option<Percent> => "招生任务完成率（%，一位小数）",
        status: &'static str => "报送情况：reported 已报送 / rolled_up 下属汇总 / missing 未报送"; one_of STATUSES,
        submitted: Option<IsoDate> => "报送日期",
        late: bool => "是否逾期",
        corrected: CsvText => "已更正的项目（空格分隔，如 three_year total；空为未更正）：本行数字是或含有更正过的数字，上级单位的汇总含下属单位的更正，原数字见 corrections.csv",
    }
}

csv_row! {
    /// A row of programs.csv: one program of a school, with its plan.
    ProgramRow {
        year: i32 => "年度",
        sample: bool => "是否示例数据",
        unit_id: CsvText => "单位代码",
        unit_name: CsvText => "单位名称",
        name: CsvText => "专业名称",
        code: CsvText => "专业代码（六位）",
        track: &'static str => "招生类型：three_year 中专 / three_plus_two 3+2 / five_year 五年一贯制 / one_year 一年制"; one_of Track::ALL.map(Track::as_str),
        plan: u64 => "计划招生人数",
        years: Option<i64> => "学制（年）",
        fee: Option<i64> => "学费（元/年，0 为免学费）",
        partner: CsvText => "合作院校",
        note: CsvText => "备注",
    }
}

csv_row! {
    /// A row of admissions.csv: one school's result of one admission round.
    AdmissionRow {
        year: i32 => "年度",
        sample: bool => "是否示例数据",
        unit_id: CsvText => "单位代码",
        unit_name: CsvText => "单位名称",
        round: CsvText => "录取批次",
        date: IsoDate => "公布日期",
        admitted: u64 => "录取人数",
        list_url: CsvText => "录取名单网址",
        note: CsvText => "备注",
    }
}

csv_row! {
    /// A row of disclosure.csv: one unit's disclosure record in one year (信息公开情况).
    DisclosureCsvRow {
        year: i32 => "年度",
        seq: usize => "序号",
        unit: CsvText => "单位代码",
        name: CsvText => "单位名称",
        kind: &'static str => "单位类别"; one_of UnitKind::ALL.map(UnitKind::as_str),
        brochure: u8 => "招生简章：1 已公开 / 0 未公开",
        brochure_date: Option<IsoDate> => "招生简章日期",
        policy: u8 => "招生政策：1 已公开 / 0 未公开",
        policy_date: Option<IsoDate> => "招生政策日期",
        programs: u8 => "招生专业：1 已公开 / 0 未公开",
        plan: u8 => "招生计划：1 已公开 / 0 未公开",
        admissions: u8 => "录取结果：1 已公开 / 0 未公开",
        admissions_date: Option<IsoDate> => "录取结果最近公布日期",
        items_missing: usize => "五项中未公开的项数",
        forms_due: usize => "应报月报次数",
        forms_on_time: usize => "按时报送次数",
        forms_late: usize => "逾期报送次数",
        forms_missing: usize => "未报送次数",
        forms_rolled_up: usize => "由下属单位汇总的次数",
        warnings: usize => "警示标注次数（含已解除）",
        warnings_in_force: usize => "未解除的警示标注次数",
        sample: bool => "是否含示例数据（示例月报的报送记录，或只见于示例数据的专业、计划、录取结果）",
    }
}

csv_row! {
    /// A row of warnings.csv: one measure (警示标注 and the measures that follow it).
    WarningRow {
        year: i32 => "年度",
        unit_id: CsvText => "单位代码",
        unit_name: CsvText => "单位名称",
        date: IsoDate => "作出日期",
        reason: CsvText => "原因",
        measure: CsvText => "处理措施：警示标注 / 限制报名人数 / 压缩招生人数 / 停止招生 等",
        limit: Option<i64> => "人数上限（限制报名人数为最多受理人数，压缩招生人数为压缩后的招生人数）",
        issuer: CsvText => "作出单位",
        document: CsvText => "依据文件文号",
        lifted: Option<IsoDate> => "解除日期（空为仍在执行）",
        in_force: bool => "是否仍在执行",
    }
}

csv_row! {
    /// A row of adjustments.csv: one change of a unit's quota during the year.
    AdjustmentRow {
        year: i32 => "年度",
        unit_id: CsvText => "单位代码",
        unit_name: CsvText => "单位名称",
        date: IsoDate => "调整日期",
        was: u64 => "调整前的招生任务（人）",
        now: u64 => "调整后的招生任务（人）",
        quota: u64 => "当前招生任务（人；各月完成率按当月截止日当天的招生任务计算）",
        reason: CsvText => "调整原因",
        document: CsvText => "文号",
    }
}

csv_row! {
    /// A row of circulars.csv: one 通报.
    CircularRow {
        year: i32 => "年度",
        kind: &'static str => "类别：praise 通报表扬 / criticism 通报批评"; one_of CircularKind::ALL.map(CircularKind::as_str),
        date: IsoDate => "日期",
        title: CsvText => "标题",
        document: CsvText => "文号",
        unit_ids: CsvText => "涉及单位代码（空格分隔）",
        unit_names: CsvText => "涉及单位名称（、分隔）",
    }
}

csv_row! {
    /// A row of blacklist.csv: one entry of the 校企合作黑名单, every year. A person's row holds
    /// only the name, the date, the reason and the document.
    BlacklistRow {
        year: i32 => "列入年度",
        name: CsvText => "名称或姓名",
        kind: &'static str => "类别：agency 中介组织 / company 企业 / person 个人"; one_of BlacklistKind::ALL.map(BlacklistKind::as_str),
        credit_code: CsvText => "统一社会信用代码（仅组织）",
        date: IsoDate => "列入日期",
        reason: CsvText => "原因",
        document: CsvText => "依据文件文号",
        unit_ids: CsvText => "涉及学校代码（空格分隔；个人不公开）",
        removed: Option<IsoDate> => "移出日期（个人不公开）",
        in_force: bool => "是否仍在名单上",
    }
}

csv_row! {
    /// A row of corrections.csv: one figure of a published round that was corrected.
    CorrectionRow {
        year: i32 => "年度",
        month: u32 => "月份",
        unit_id: CsvText => "单位代码",
        unit_name: CsvText => "单位名称",
        date: IsoDate => "更正日期",
        field: &'static str => "更正的项目：three_year 中专人数 / three_plus_two 3+2人数 / five_year 五年一贯制人数 / one_year 一年制人数 / total 总数"; one_of Counts::NAMES,
        was: u64 => "原公布的数字",
        now: u64 => "更正后的数字",
        reason: CsvText => "更正原因",
    }
}

/// A text cell of a CSV file that a spreadsheet will never run as a formula (OWASP's CSV
/// injection guidance): a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets
/// a leading `'`. Numbers are separate typed cells and stay as they are; JSON keeps the exact text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CsvText(pub String);

impl CsvText {
    pub(super) fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
}

impl Serialize for CsvText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            serializer.serialize_str(&format!("'{}", self.0))
        } else {
            serializer.serialize_str(&self.0)
        }
    }
}

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

/// A CSV file of the open data: the header from the declaration (so an empty year still has
/// one), then a line per row.
pub(super) fn csv_file<R: Serialize>(
    path: String,
    rows: &[R],
    columns: &[(&str, &str)],
) -> Result<OutputFile, Unwritable> {
    match csv_bytes(rows, columns) {
        Ok(bytes) => Ok(OutputFile { path, bytes }),
        Err(error) => Err(Unwritable { path, error }),
    }
}

fn csv_bytes<R: Serialize>(rows: &[R], columns: &[(&str, &str)]) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(BOM.to_vec());
    w.write_record(columns.iter().map(|(name, _)| *name))
        .map_err(|e| e.to_string())?;
    for (n, row) in rows.iter().enumerate() {
        w.serialize(row).map_err(|e| format!("第 {} 行：{e}", n + 1))?;
    }
    w.into_inner().map_err(|e| e.error().to_string())
}

/// corrections.csv: every corrected figure of every year, newest correction first.
fn corrections_csv(site: &Site) -> Result<OutputFile, Unwritable> {
    let rows: Vec<CorrectionRow> = super::corrections::all(site)
        .into_iter()
        .flat_map(|c| {
            c.changes
                .iter()
                .map(|ch| CorrectionRow {
                    year: c.year,
                    month: c.month,
                    unit_id: CsvText::new(c.unit_id.as_str()),
                    unit_name: CsvText::new(c.unit.name.as_str()),
                    date: IsoDate(c.date.iso.clone()),
                    field: ch.field,
                    was: ch.old,
                    now: ch.new,
                    reason: CsvText::new(c.reason.as_str()),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    csv_file(paths::corrections_csv(), &rows, CorrectionRow::COLUMNS)
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

/// warnings.csv and circulars.csv of a year, with their headers even when empty.
fn action_files(site: &Site, year: &crate::model::Year) -> Result<Vec<OutputFile>, Unwritable> {
    let warnings: Vec<WarningRow> = year
        .warnings
        .iter()
        .map(|w| {
            let u = &site.units[w.unit];
            let r = &w.record;
            WarningRow {
                year: year.year,
                unit_id: CsvText::new(u.id.as_str()),
                unit_name: CsvText::new(u.name.as_str()),
                date: r.date.into(),
                reason: CsvText::new(r.reason.as_str()),
                measure: text(&r.measure),
                limit: r.limit,
                issuer: text(&r.issuer),
                document: text(&r.document),
                lifted: r.lifted.map(IsoDate::from),
                in_force: w.in_force(),
            }
        })
        .collect();
    let circulars: Vec<CircularRow> = year
        .circulars
        .iter()
        .map(|c| CircularRow {
            year: year.year,
            kind: c.kind.as_str(),
            date: c.record.date.into(),
            title: CsvText::new(c.record.title.as_str()),
            document: text(&c.record.document),
            unit_ids: CsvText::new(
                c.units
                    .iter()
                    .map(|&u| site.units[u].id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            unit_names: CsvText::new(
                c.units
                    .iter()
                    .map(|&u| site.units[u].name.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
        })
        .collect();
    let adjustments: Vec<AdjustmentRow> = year
        .entries
        .iter()
        .flat_map(|e| {
            let u = &site.units[e.unit];
            e.adjustments.iter().map(move |a| AdjustmentRow {
                year: year.year,
                unit_id: CsvText::new(u.id.as_str()),
                unit_name: CsvText::new(u.name.as_str()),
                date: a.record.date.into(),
                was: a.from,
                now: a.to,
                quota: e.quota,
                reason: CsvText::new(a.record.reason.as_str()),
                document: text(&a.record.document),
            })
        })
        .collect();
    Ok(vec![
        csv_file(paths::adjustments_csv(year.year), &adjustments, AdjustmentRow::COLUMNS)?,
        csv_file(paths::warnings_csv(year.year), &warnings, WarningRow::COLUMNS)?,
        csv_file(paths::circulars_csv(year.year), &circulars, CircularRow::COLUMNS)?,
    ])
}

/// data/blacklist.csv: every year's entries, newest first, a person's with four fields only.
fn blacklist_file(site: &Site) -> Result<OutputFile, Unwritable> {
    let rows: Vec<BlacklistRow> = site
        .blacklist
        .iter()
        .map(|b| {
            let r = b.public();
            BlacklistRow {
                year: b.year,
                name: CsvText::new(r.name.as_str()),
                kind: b.kind.as_str(),
                credit_code: text(&r.credit_code),
                date: r.date.into(),
                reason: CsvText::new(r.reason.as_str()),
                document: text(&r.document),
                unit_ids: CsvText::new(
                    b.shown_units()
                        .iter()
                        .map(|&u| site.units[u].id.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                removed: r.removed.map(IsoDate::from),
                in_force: b.in_force(),
            }
        })
        .collect();
    csv_file(paths::BLACKLIST_CSV.to_string(), &rows, BlacklistRow::COLUMNS)
}

fn text(s: &Option<String>) -> CsvText {
    CsvText::new(s.clone().unwrap_or_default())
}

/// programs.csv and admissions.csv when the year has them; disclosure.csv always.
fn school_files(site: &Site, year: &crate::model::Year, emit: &mut dyn FnMut(OutputFile)) -> Result<(), Unwritable> {
    let s = &year.schools;
    if !s.programs.is_empty() {
        let rows: Vec<ProgramRow> = s
            .programs
            .iter()
            .map(|p| {
                let u = &site.units[p.unit];
                ProgramRow {
                    year: year.year,
                    sample: s.programs_sample,
                    unit_id: CsvText::new(u.id.as_str()),
                    unit_name: CsvText::new(u.name.as_str()),
                    name: CsvText::new(p.record.name.as_str()),
                    code: text(&p.record.code),
                    track: p.track.as_str(),
                    plan: p.plan(),
                    years: p.record.years,
                    fee: p.record.fee,
                    partner: text(&p.record.partner),
                    note: text(&p.record.note),
                }
            })
            .collect();
        emit(csv_file(paths::programs_csv(year.year), &rows, ProgramRow::COLUMNS)?);
    }
    if !s.admissions.is_empty() {
        let rows: Vec<AdmissionRow> = s
            .admissions
            .iter()
            .map(|a| {
                let u = &site.units[a.unit];
                AdmissionRow {
                    year: year.year,
                    sample: s.admissions_sample,
                    unit_id: CsvText::new(u.id.as_str()),
                    unit_name: CsvText::new(u.name.as_str()),
                    round: CsvText::new(a.record.round.as_str()),
                    date: a.record.date.into(),
                    admitted: a.admitted(),
                    list_url: text(&a.record.list_url),
                    note: text(&a.record.note),
                }
            })
            .collect();
        emit(csv_file(
            paths::admissions_csv(year.year),
            &rows,
            AdmissionRow::COLUMNS,
        )?);
    }
    let rows: Vec<DisclosureCsvRow> = year
        .entries
        .iter()
        .zip(s.disclosures())
        .enumerate()
        .map(|(i, (e, d))| {
            let u = &site.units[e.unit];
            let flag = |k: usize| u8::from(d.items[k].published);
            let date = |k: usize| d.items[k].date.map(IsoDate::from);
            DisclosureCsvRow {
                year: year.year,
                seq: i + 1,
                unit: CsvText::new(u.id.as_str()),
                name: CsvText::new(u.name.as_str()),
                kind: u.kind.as_str(),
                brochure: flag(0),
                brochure_date: date(0),
                policy: flag(1),
                policy_date: date(1),
                programs: flag(2),
                plan: flag(3),
                admissions: flag(4),
                admissions_date: date(4),
                items_missing: d.missing_items(),
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
        .collect();
    emit(csv_file(
        paths::disclosure_csv(year.year),
        &rows,
        DisclosureCsvRow::COLUMNS,
    )?);
    Ok(())
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Reported => STATUSES[0],
        Status::RolledUp => STATUSES[1],
        Status::Missing => STATUSES[2],
    }
}

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
pub(super) fn json_file<T: Serialize>(path: String, value: &T) -> Result<OutputFile, Unwritable> {
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
const JSON_TABLES: &str = "其中的长表格（units 各单位、rounds 里每月的 rows、disclosure 信息公开情况）按 columns（列名）+ data（各行的值）排列，即 pandas 的 split 格式，pandas 可直接读取：pandas.DataFrame(t[\"data\"], columns=t[\"columns\"])；不用 pandas 时，每行转成带列名的记录：[dict(zip(t[\"columns\"], row)) for row in t[\"data\"]]";

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

fn year_json(site: &Site, year: &crate::model::Year) -> Result<OutputFile, Unwritable> {
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

#[derive(Debug, Serialize)]
pub(super) struct FileInfo {
    pub name: String,
    pub path: String,
    pub format: &'static str,
    pub size: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub(super) struct YearData {
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
pub(super) struct Listing {
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
pub(super) struct ColumnTable {
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

pub(super) fn listing(site: &Site, files: &[FileSummary], base: &str, version: Option<&str>) -> Listing {
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
        columns: vec![
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
                columns: years::COLUMNS,
            },
            ColumnTable {
                id: "correction-columns",
                caption: "corrections.csv（更正记录，每行一个更正过的数字，各年度合并）",
                columns: CorrectionRow::COLUMNS,
            },
        ],
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
        "units-years.csv" => (years::schema(), "各单位历年情况（每个单位每年一行，含全市合计）"),
        "changes.csv" => (
            super::releases::change_schema(),
            "更新记录：开放数据的每个版本新增或改动了什么（每行一项，最新的版本在前）",
        ),
        _ => return None,
    })
}

/// Whether the data package lists the file at `path`: the files a release of the open data
/// keeps, each checked by the release's own datapackage.json.
pub(super) fn in_package(path: &str) -> bool {
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
pub(super) fn datapackage(
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
    use crate::model::{Category, FormRecord};

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
    fn a_rate_is_a_number_with_the_one_decimal_of_the_pages_in_json_and_in_csv() {
        let rates: Vec<Percent> = [(77, 70), (56, 70), (0, 70), (1, 3), (2, 3), (7, 1)]
            .into_iter()
            .map(|(total, quota)| Percent(Rate::of(total, quota).unwrap()))
            .collect();
        assert_eq!(
            String::from_utf8(json_bytes(&rates).unwrap()).unwrap(),
            "[110.0,80.0,0.0,33.3,66.7,700.0]\n"
        );
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.serialize(&rates).unwrap();
        assert_eq!(
            String::from_utf8(csv.into_inner().unwrap()).unwrap(),
            "110.0,80.0,0.0,33.3,66.7,700.0\n"
        );
        // The text the pages show, for every rate of a tenth of a percent up to 10,000%.
        for permille in 0..100_000u64 {
            let rate = Rate::of(permille, 1000).unwrap();
            assert_eq!(
                serde_json::to_string(&Percent(rate)).unwrap(),
                rate.percent_string(),
                "{permille}"
            );
        }
    }

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
