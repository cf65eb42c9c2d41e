//! The CSV files of the open data: each row declared once with [`csv_row!`], its typed cells
//! ([`CsvText`], [`IsoDate`], [`Percent`]) and the writer ([`csv_file`]).

use serde::Serialize;

use chrono::NaiveDate;

use super::{SchemaField, Unwritable};
use crate::model::disclosure::Track;
use crate::model::{BlacklistKind, CircularKind, Counts, Rate, Site, Status, UnitKind};
use crate::paths;
use crate::render::view::DateView;
use crate::render::OutputFile;
use crate::vocab::CountField;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A date cell: ISO 8601, `2024-08-15` (a Table Schema `date`, a string in JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IsoDate(pub(super) String);

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
pub(super) struct Percent(pub(super) Rate);

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // One decimal, exactly as `percent_string` writes it: the shortest form of the nearest
        // f64 is that text again (serde_json and csv both write floats that way).
        let n: f64 = self.0.percent_string().parse().unwrap_or(f64::NAN);
        serializer.serialize_f64(n)
    }
}

/// The words of `status` in reports.csv and in the year's JSON.
pub(super) const STATUSES: [&str; 3] = ["reported", "rolled_up", "missing"];

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
pub(in crate::render) struct CsvText(pub String);

impl CsvText {
    pub(in crate::render) fn new(text: impl Into<String>) -> Self {
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

/// A CSV file of the open data: the header from the declaration (so an empty year still has
/// one), then a line per row.
pub(in crate::render) fn csv_file<R: Serialize>(
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
pub(super) fn corrections_csv(site: &Site) -> Result<OutputFile, Unwritable> {
    let rows: Vec<CorrectionRow> = crate::render::corrections::all(site)
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

/// warnings.csv and circulars.csv of a year, with their headers even when empty.
pub(super) fn action_files(site: &Site, year: &crate::model::Year) -> Result<Vec<OutputFile>, Unwritable> {
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
pub(super) fn blacklist_file(site: &Site) -> Result<OutputFile, Unwritable> {
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

pub(super) fn text(s: &Option<String>) -> CsvText {
    CsvText::new(s.clone().unwrap_or_default())
}

/// programs.csv and admissions.csv when the year has them; disclosure.csv always.
pub(super) fn school_files(
    site: &Site,
    year: &crate::model::Year,
    emit: &mut dyn FnMut(OutputFile),
) -> Result<(), Unwritable> {
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

pub(super) fn status_name(s: Status) -> &'static str {
    match s {
        Status::Reported => STATUSES[0],
        Status::RolledUp => STATUSES[1],
        Status::Missing => STATUSES[2],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::opendata::json::json_bytes;

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
}
