//! data/units-years.csv: one row per unit and year (and the city's own rows), the figures of
//! the 历年情况 pages ([`Site::across_years`]), each column typed in the data package.

use serde::Serialize;

use super::{csv_file, CsvText, IsoDate, Percent, SchemaField, Unwritable};
use crate::model::{Site, Status, UnitKind, YearFigures};
use crate::paths;
use crate::render::OutputFile;

/// The `kind` of the city's own rows.
const CITY: &str = "city";

csv_row! {
    /// A row of units-years.csv: one unit (or the city) in one year.
    UnitYearRow {
        year: i32 => "年度",
        unit_id: CsvText => "单位代码（全市合计行为空）",
        unit_name: CsvText => "单位名称（全市合计行为“全市”）",
        kind: &'static str => "单位类别：district 区县（市）/ school 学校 / other 其他学校 / city 全市合计"; one_of UnitKind::ALL.map(UnitKind::as_str).into_iter().chain([CITY]),
        quota: u64 => "招生任务（人）：该年度最后一次月报截止日当天的招生任务（当年还没有月报的，为当前招生任务）",
        quota_now: u64 => "当前招生任务（人）：该年度全部调整之后的招生任务",
        total: Option<u64> => "累计招生（人）：该年度最后一次报送的累计总数，与年度页面相同（空为当年没有报送）",
        completion_rate_percent: Option<Percent> => "招生任务完成率（%，一位小数）：累计招生 ÷ 其截止日当天的招生任务，与年度页面相同",
        as_of: Option<IsoDate> => "累计招生的数据截止日期",
        rolled_up: bool => "累计招生是否由下属单位汇总（本单位未单独报送；全市合计行为 true）",
        forms_due: usize => "应报月报次数（全市合计行为各单位之和）",
        forms_on_time: usize => "按时报送次数",
        forms_late: usize => "逾期报送次数",
        forms_missing: usize => "未报送次数",
        forms_rolled_up: usize => "由下属单位汇总的次数",
        measures_taken: usize => "当年作出的处理措施项数（警示标注、限制报名人数、压缩招生人数、停止招生等，含已解除的）",
        measure_kinds: CsvText => "当年作出的处理措施类别（、分隔，最重的在前；空为没有）",
        measures_in_force: usize => "当年执行中的处理措施项数（含以前年度作出、尚未解除的）",
        admitted: Option<u64> => "录取人数：当年公布的录取结果之和（空为未公布）",
        sample: bool => "是否含示例数据（当年有示例月报，或录取结果为示例数据）",
    }
}

/// Short Chinese titles of the columns (the data package's `title`; the label is its description).
const TITLES: [(&str, &str); 20] = [
    ("year", "年度"),
    ("unit_id", "单位代码"),
    ("unit_name", "单位名称"),
    ("kind", "单位类别"),
    ("quota", "招生任务"),
    ("quota_now", "当前招生任务"),
    ("total", "累计招生"),
    ("completion_rate_percent", "完成率（%）"),
    ("as_of", "数据截至"),
    ("rolled_up", "下属单位汇总"),
    ("forms_due", "应报月报次数"),
    ("forms_on_time", "按时报送次数"),
    ("forms_late", "逾期报送次数"),
    ("forms_missing", "未报送次数"),
    ("forms_rolled_up", "下属汇总次数"),
    ("measures_taken", "处理措施项数"),
    ("measure_kinds", "处理措施类别"),
    ("measures_in_force", "执行中的措施项数"),
    ("admitted", "录取人数"),
    ("sample", "示例数据"),
];

/// The Table Schema of units-years.csv, each field with its Chinese title.
pub(super) fn schema() -> Vec<SchemaField> {
    let mut fields = UnitYearRow::schema();
    for f in &mut fields {
        f.title = TITLES.iter().find(|(n, _)| *n == f.name).map(|(_, t)| *t);
    }
    fields
}

pub(super) const COLUMNS: &[(&str, &str)] = UnitYearRow::COLUMNS;

fn row(f: &YearFigures, unit_id: &str, unit_name: &str, kind: &'static str) -> UnitYearRow {
    let last = f.last.as_ref();
    UnitYearRow {
        year: f.year,
        unit_id: CsvText::new(unit_id),
        unit_name: CsvText::new(unit_name),
        kind,
        quota: f.quota,
        quota_now: f.quota_now,
        total: last.map(|l| l.figures.total()),
        completion_rate_percent: last.and_then(|l| l.completion).map(Percent),
        as_of: last.map(|l| IsoDate::from(l.as_of)),
        rolled_up: last.is_some_and(|l| l.status == Status::RolledUp),
        forms_due: f.forms.due,
        forms_on_time: f.forms.on_time,
        forms_late: f.forms.late,
        forms_missing: f.forms.missing,
        forms_rolled_up: f.forms.rolled_up,
        measures_taken: f.measures_taken,
        measure_kinds: CsvText::new(f.measure_kinds.join("、")),
        measures_in_force: f.measures_in_force,
        admitted: f.admitted,
        sample: f.sample,
    }
}

/// units-years.csv: the city's rows (one per year), then each unit's, in the order of
/// data/units.toml, each ascending by year.
pub(super) fn units_years_csv(site: &Site) -> Result<OutputFile, Unwritable> {
    let across = &site.across_years;
    let mut rows: Vec<UnitYearRow> = across.city.iter().map(|f| row(f, "", "全市", CITY)).collect();
    for u in &across.units {
        let unit = &site.units[u.unit];
        rows.extend(u.years.iter().map(|f| row(f, &unit.id, &unit.name, unit.kind.as_str())));
    }
    csv_file(paths::UNITS_YEARS_CSV.into(), &rows, UnitYearRow::COLUMNS)
}
