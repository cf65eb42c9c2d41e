//! 历年情况: a page per unit across every year (`units/<id>/`), and their index (`units/`) with
//! the city's own row. The figures are the model's ([`Site::across_years`]); this file only
//! shapes them for the template `unit_years.html`.

use rayon::prelude::*;
use serde::Serialize;

use super::nav::Nav;
use super::view::{DateView, Link};
use super::Renderer;
use crate::charts::{self, Chart, Labels, YearBar};
use crate::model::{AcrossYears, Site, Status, YearFigures};
use crate::paths;

/// What the 示例数据 banner names when some year's figures are sample data.
const SAMPLE: &str = "部分年度的月度招生人数或录取结果";

/// One year in the table of a unit (or of the city).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct YearRow {
    pub year: i32,
    /// The year's page of the unit (the year's overview for the city).
    pub path: String,
    pub quota: u64,
    /// "8月15日调整为 330" when the quota changed after the last round.
    pub quota_note: Option<String>,
    pub total: Option<u64>,
    /// "110.0%", or "—".
    pub completion: String,
    pub as_of: Option<DateView>,
    /// 下属单位汇总: the figures are the sum of the unit's schools'.
    pub rolled_up: bool,
    pub forms_due: usize,
    pub forms_on_time: usize,
    pub forms_late: usize,
    pub forms_missing: usize,
    pub forms_rolled_up: usize,
    pub measures_taken: usize,
    /// "警示标注、限制报名人数"; empty when none.
    pub measure_kinds: String,
    pub measures_in_force: usize,
    pub admitted: Option<u64>,
    pub sample: bool,
}

/// A 历年情况 page: a unit's, or the index's with the city's rows and every unit listed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnitYearsView {
    pub name: String,
    /// 学校 / 县区教育局 …; empty for the city.
    pub kind: &'static str,
    pub city: bool,
    pub index_path: String,
    pub rows: Vec<YearRow>,
    pub charts: Vec<Chart>,
    /// The city's page only: every unit's page, in the order of data/units.toml.
    pub units: Vec<Link>,
    pub csv_path: String,
    pub any_admitted: bool,
    pub any_sample: bool,
}

fn row(f: &YearFigures, path: String) -> YearRow {
    let last = f.last.as_ref();
    YearRow {
        year: f.year,
        path,
        quota: f.quota,
        quota_note: (f.quota_now != f.quota).then(|| format!("其后调整为 {}", f.quota_now)),
        total: last.map(|l| l.figures.total()),
        completion: last
            .and_then(|l| l.completion)
            .map_or_else(|| "—".into(), |r| r.to_string()),
        as_of: last.map(|l| l.as_of.into()),
        rolled_up: last.is_some_and(|l| l.status == Status::RolledUp),
        forms_due: f.forms.due,
        forms_on_time: f.forms.on_time,
        forms_late: f.forms.late,
        forms_missing: f.forms.missing,
        forms_rolled_up: f.forms.rolled_up,
        measures_taken: f.measures_taken,
        measure_kinds: f.measure_kinds.join("、"),
        measures_in_force: f.measures_in_force,
        admitted: f.admitted,
        sample: f.sample,
    }
}

fn chart(name: &str, figures: &[YearFigures], source: String) -> Vec<Chart> {
    let bars: Vec<YearBar> = figures
        .iter()
        .filter_map(|f| {
            let last = f.last.as_ref()?;
            Some(YearBar {
                label: format!("{}年", f.year),
                total: last.figures.total(),
                quota: last.quota,
                rate: last.completion?,
            })
        })
        .collect();
    charts::years_chart(
        Labels {
            id: "chart-years".into(),
            // SVG text, where <bdi> cannot stand.
            title: format!("{}历年招生任务完成率", super::text::isolate(name)),
            subtitle: "每年最后一次月报的累计招生 ÷ 当时的招生任务；红线为 100%".into(),
            source,
        },
        &bars,
        ("years-caption".into(), "历年情况".into()),
    )
    .into_iter()
    .collect()
}

fn view(
    site: &Site,
    name: String,
    kind: &'static str,
    figures: &[YearFigures],
    path: impl Fn(i32) -> String,
) -> UnitYearsView {
    let source = format!(
        "数据来源：{}下达的招生任务，各单位报送的招生情况统计表；各年度数字与该年度页面相同。",
        site.settings.publisher
    );
    UnitYearsView {
        charts: chart(&name, figures, source),
        name,
        kind,
        city: false,
        index_path: paths::UNITS.into(),
        rows: figures.iter().map(|f| row(f, path(f.year))).collect(),
        units: Vec::new(),
        csv_path: paths::UNITS_YEARS_CSV.into(),
        any_admitted: figures.iter().any(|f| f.admitted.is_some()),
        any_sample: figures.iter().any(|f| f.sample),
    }
}

impl Renderer<'_> {
    /// The 历年情况 pages: `units/` (the city and the list) and one per unit.
    pub(super) fn across_years_pages(&self, across: &AcrossYears) {
        let site = self.site;
        if site.years.is_empty() {
            return;
        }
        let mut index = view(site, "全市".into(), "", &across.city, paths::year);
        index.city = true;
        index.units = across
            .units
            .iter()
            .map(|u| Link {
                name: site.units[u.unit].name.clone(),
                path: paths::unit_years(&site.units[u.unit].id),
            })
            .collect();
        let mut meta = self.meta(
            paths::UNITS,
            "各单位历年情况",
            Some("全市和各单位历年招生任务、完成率、月报报送、处理措施与录取人数".into()),
            Some(Nav::Home),
            false,
        );
        meta.set_sample(if index.any_sample { &[SAMPLE] } else { &[] });
        self.page("unit_years.html", paths::UNITS, meta, &index);
        across.units.par_iter().for_each(|u| {
            let unit = &site.units[u.unit];
            let path = paths::unit_years(&unit.id);
            let id = unit.id.clone();
            let data = view(site, unit.name.clone(), unit.kind.label(), &u.years, |y| {
                paths::unit(y, &id)
            });
            let name = super::text::isolate(&unit.name);
            let mut meta = self.meta(
                &path,
                &format!("{name}历年情况"),
                Some(format!("{name}历年招生任务、完成率、月报报送、处理措施与录取人数")),
                Some(Nav::Home),
                false,
            );
            meta.feed_link = false;
            meta.set_sample(if data.any_sample { &[SAMPLE] } else { &[] });
            self.page("unit_years.html", &path, meta, &data);
        });
    }
}
