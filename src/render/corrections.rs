//! 更正记录: corrections of published figures as the pages show them — on the round's page, on
//! the unit's page, and all together on `corrections/`, newest first. Every view keeps the figure
//! as first published beside the current one.

use serde::Serialize;

use super::nav::Nav;
use super::view::{month_label, DateView, Link};
use super::Renderer;
use crate::model::{Correction, Site, UnitId, Year};
use crate::paths;

/// One figure corrected: 中专人数 250 → 251.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub field: &'static str,
    pub label: &'static str,
    pub old: u64,
    pub new: u64,
}

/// One correction, as listed.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    /// Its entry's id on the corrections page ([`anchor`]).
    pub anchor: String,
    pub year: i32,
    pub month: u32,
    /// The round's page: "2024年8月".
    pub round: Link,
    pub unit: Link,
    pub unit_id: String,
    pub date: DateView,
    pub reason: String,
    pub changes: Vec<ChangeView>,
}

/// The id of the `index`th correction (0-based, in file order) of `year`'s round of `month` on
/// the corrections page: `c-2024-08-1`. The 已更正 marks link to it.
pub fn anchor(year: i32, month: u32, index: usize) -> String {
    format!("c-{year}-{month:02}-{}", index + 1)
}

fn view(site: &Site, year: &Year, r: usize, i: usize, c: &Correction) -> CorrectionView {
    let round = &year.rounds[r];
    let unit = &site.units[c.unit];
    CorrectionView {
        anchor: anchor(year.year, round.month, i),
        year: year.year,
        month: round.month,
        round: Link {
            name: month_label(year.year, round.month),
            path: paths::report(year.year, round.month),
        },
        unit: Link {
            name: unit.name.clone(),
            path: paths::unit(year.year, &unit.id),
        },
        unit_id: unit.id.clone(),
        date: c.record.date.into(),
        reason: c.record.reason.clone(),
        changes: c
            .changes
            .iter()
            .map(|&(field, old, new)| ChangeView {
                field,
                label: Correction::label(field),
                old,
                new,
            })
            .collect(),
    }
}

/// The corrections of one round, in file order.
pub fn of_round(site: &Site, year: &Year, r: usize) -> Vec<CorrectionView> {
    year.rounds[r]
        .corrections
        .iter()
        .enumerate()
        .map(|(i, c)| view(site, year, r, i, c))
        .collect()
}

/// The corrections of one unit's figures in a year, in round order.
pub fn of_unit(site: &Site, year: &Year, unit: UnitId) -> Vec<CorrectionView> {
    (0..year.rounds.len())
        .flat_map(|r| {
            year.rounds[r]
                .corrections
                .iter()
                .enumerate()
                .filter(move |(_, c)| c.unit == unit)
                .map(move |(i, c)| view(site, year, r, i, c))
        })
        .collect()
}

/// Every correction of the site, newest first (by date, then the latest round first).
pub fn all(site: &Site) -> Vec<CorrectionView> {
    let mut list: Vec<CorrectionView> = site
        .years
        .iter()
        .flat_map(|y| (0..y.rounds.len()).flat_map(move |r| of_round(site, y, r)))
        .collect();
    list.sort_by(|a, b| {
        (b.date.iso.as_str(), b.year, b.month)
            .cmp(&(a.date.iso.as_str(), a.year, a.month))
            .then_with(|| a.unit.path.cmp(&b.unit.path))
    });
    list
}

impl Renderer<'_> {
    /// corrections/: every correction, newest first (a page even when there are none: it says so).
    pub(super) fn corrections_page(&self, list: &[CorrectionView]) {
        let meta = self.meta(
            paths::CORRECTIONS,
            "更正记录",
            Some("已公布数字的每一次更正：原数字、更正后的数字、日期和原因".into()),
            Some(Nav::Corrections),
            false,
        );
        self.page("corrections.html", paths::CORRECTIONS, meta, &list);
    }
}
