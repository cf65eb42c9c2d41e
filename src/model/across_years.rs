//! 历年情况: each unit, and the city, year by year — the figures the year pages show, side by
//! side. Nothing is computed here that the year's model has not computed already: the quota in
//! force at the year's last round ([`super::Progress::quota`]), the figures and rate the year's
//! overview shows ([`super::Entry::latest`]), the forms of the disclosure record
//! ([`super::disclosure::FormRecord`]), the year's measures and its admission results.

use chrono::NaiveDate;

use super::disclosure::FormRecord;
use super::{Figures, MeasureInForce, Rate, Status, UnitId, Year};

/// One unit's (or the city's) figures in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearFigures {
    pub year: i32,
    /// 招生任务 in force on the year's last round's `as_of` (the year's current quota when the
    /// year has no round yet).
    pub quota: u64,
    /// The year's current quota, after every adjustment (what the year's overview lists).
    pub quota_now: u64,
    /// The figures the year's pages show as the unit's latest: the last round with figures of
    /// its own or rolled up (None when it never reported). For the city, the last round's.
    pub last: Option<LastFigures>,
    /// The unit's monthly forms (for the city: every unit's forms added up).
    pub forms: FormRecord,
    /// Measures taken this year (警示标注 and those that follow it), lifted ones included.
    pub measures_taken: usize,
    /// Their kinds (`MeasureInForce::measure`), gravest first, each once.
    pub measure_kinds: Vec<String>,
    /// Measures in force in this year ([`Year::measures_of`]): this year's not lifted and those
    /// of earlier years never lifted. For the city, over every unit.
    pub measures_in_force: usize,
    /// 录取人数 over the year's admission results; None when none are published.
    pub admitted: Option<u64>,
    /// Some figure of the year is sample data (a sample round or sample admissions).
    pub sample: bool,
}

/// The final cumulative figures of a year, as its pages show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastFigures {
    /// The round's month and 截止日期.
    pub month: u32,
    pub as_of: NaiveDate,
    pub figures: Figures,
    /// 完成率, measured against the quota in force on `as_of`; None without a quota.
    pub completion: Option<Rate>,
    /// The quota the rate is measured against.
    pub quota: u64,
    pub status: Status,
}

/// A unit across every year it has a quota.
#[derive(Debug, Clone)]
pub struct UnitYears {
    pub unit: UnitId,
    /// Ascending by year; only the years in which the unit has a quota.
    pub years: Vec<YearFigures>,
}

/// Every unit across years, and the city's own row.
#[derive(Debug, Clone)]
pub struct AcrossYears {
    /// One per year of the site, ascending.
    pub city: Vec<YearFigures>,
    /// Units with a quota in at least one year, in the order of data/units.toml.
    pub units: Vec<UnitYears>,
}

impl AcrossYears {
    pub fn of(&self, unit: UnitId) -> Option<&UnitYears> {
        self.units.iter().find(|u| u.unit == unit)
    }
}

/// Kinds of `measures`, gravest first, each once.
fn kinds<'a>(measures: impl Iterator<Item = &'a MeasureInForce>) -> Vec<String> {
    let mut all: Vec<&MeasureInForce> = measures.collect();
    all.sort_by_key(|m| m.severity());
    let mut out: Vec<String> = Vec::new();
    for m in all {
        if !out.iter().any(|k| k == m.measure()) {
            out.push(m.measure().to_string());
        }
    }
    out
}

/// The year's measures taken (from its actions.toml) for the units `keep` accepts.
fn taken(year: &Year, keep: impl Fn(UnitId) -> bool) -> Vec<MeasureInForce> {
    year.warnings
        .iter()
        .filter(|w| keep(w.unit))
        .map(|w| MeasureInForce {
            unit: w.unit,
            taken: year.year,
            record: w.record.clone(),
        })
        .collect()
}

fn unit_year(year: &Year, unit: UnitId) -> Option<YearFigures> {
    let e = *year.entry_by_unit.get(&unit)?;
    let entry = &year.entries[e];
    let quota = year
        .latest_round()
        .map_or(entry.quota, |(r, _)| entry.progress[r].quota);
    let last = entry.latest().map(|(r, p)| LastFigures {
        month: year.rounds[r].month,
        as_of: year.rounds[r].as_of,
        figures: p.figures,
        completion: p.completion,
        quota: p.quota,
        status: p.status,
    });
    let schools = year.schools.of(e);
    let measures = taken(year, |u| u == unit);
    let admissions: Vec<u64> = year.schools.admissions_of(e).map(|a| a.admitted()).collect();
    Some(YearFigures {
        year: year.year,
        quota,
        quota_now: entry.quota,
        last,
        forms: schools.disclosure.forms,
        measures_taken: measures.len(),
        measure_kinds: kinds(measures.iter()),
        measures_in_force: year.measures_of(unit).len(),
        admitted: (!admissions.is_empty()).then(|| admissions.into_iter().fold(0, u64::saturating_add)),
        sample: year.rounds.iter().any(|r| r.sample)
            || (year.schools.admissions_sample && !schools.admissions.is_empty()),
    })
}

fn city_year(year: &Year) -> YearFigures {
    let last = year.latest_round().map(|(_, round)| LastFigures {
        month: round.month,
        as_of: round.as_of,
        figures: round.city,
        completion: round.city_completion,
        quota: round.quota,
        status: Status::RolledUp,
    });
    let mut forms = FormRecord::default();
    for d in year.schools.disclosures() {
        forms.due += d.forms.due;
        forms.on_time += d.forms.on_time;
        forms.late += d.forms.late;
        forms.missing += d.forms.missing;
        forms.rolled_up += d.forms.rolled_up;
    }
    let measures = taken(year, |_| true);
    let admissions: Vec<u64> = year.schools.admissions.iter().map(|a| a.admitted()).collect();
    YearFigures {
        year: year.year,
        quota: last.map_or(year.quota, |l| l.quota),
        quota_now: year.quota,
        last,
        forms,
        measures_taken: measures.len(),
        measure_kinds: kinds(measures.iter()),
        measures_in_force: year.measures.values().map(Vec::len).sum(),
        admitted: (!admissions.is_empty()).then(|| admissions.into_iter().fold(0, u64::saturating_add)),
        sample: year.rounds.iter().any(|r| r.sample)
            || (year.schools.admissions_sample && !year.schools.admissions.is_empty()),
    }
}

/// Every unit and the city across the years: what the 历年情况 pages, units-years.csv and the
/// search show, read from each year's model. Computed once, when the model is built
/// ([`crate::model::Site::across_years`]).
pub(crate) fn across_years(units: usize, years: &[Year]) -> AcrossYears {
    let units = (0..units)
        .map(UnitId)
        .filter_map(|unit| {
            let years: Vec<YearFigures> = years.iter().filter_map(|y| unit_year(y, unit)).collect();
            (!years.is_empty()).then_some(UnitYears { unit, years })
        })
        .collect();
    AcrossYears {
        city: years.iter().map(city_year).collect(),
        units,
    }
}
