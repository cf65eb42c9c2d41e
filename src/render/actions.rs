//! The year's 警示与处理 page: every measure with its effect (in force first, lifted ones kept
//! and marked 已解除) and the circulars beside them.

use serde::Serialize;

use super::view::{circular_view, warning_view, CircularView, DateView, Link, WarningView};
use crate::model::{Site, Year};
use crate::paths;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ActionsPageView {
    pub year: i32,
    pub year_path: String,
    /// Measures in force, newest first.
    pub in_force: Vec<WarningView>,
    /// Lifted measures, the latest lifted first: they stay in the record.
    pub lifted: Vec<WarningView>,
    /// Circulars, newest first.
    pub circulars: Vec<CircularView>,
    /// 调整招生任务, newest first.
    pub adjustments: Vec<AdjustmentView>,
}

/// One change of a unit's quota.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AdjustmentView {
    pub link: Link,
    pub date: DateView,
    pub from: u64,
    pub to: u64,
    /// The unit's current quota (after every change of the year).
    pub quota: u64,
    pub reason: String,
    pub document: Option<String>,
}

impl ActionsPageView {
    pub(crate) fn new(site: &Site, year: &Year) -> Self {
        let mut in_force: Vec<&crate::model::Warning> = year.warnings.iter().filter(|w| w.in_force()).collect();
        in_force.sort_by_key(|w| std::cmp::Reverse(w.record.date));
        let mut lifted: Vec<&crate::model::Warning> = year.warnings.iter().filter(|w| !w.in_force()).collect();
        lifted.sort_by_key(|w| std::cmp::Reverse((w.record.lifted, w.record.date)));
        let mut circulars: Vec<&crate::model::Circular> = year.circulars.iter().collect();
        circulars.sort_by_key(|c| std::cmp::Reverse(c.record.date));
        let mut adjustments: Vec<AdjustmentView> = year
            .entries
            .iter()
            .flat_map(|e| {
                e.adjustments.iter().map(move |a| AdjustmentView {
                    link: Link {
                        name: site.units[e.unit].name.clone(),
                        path: paths::unit(year.year, &site.units[e.unit].id),
                    },
                    date: DateView::from(a.record.date),
                    from: a.from,
                    to: a.to,
                    quota: e.quota,
                    reason: a.record.reason.clone(),
                    document: a.record.document.clone(),
                })
            })
            .collect();
        adjustments.sort_by(|a, b| b.date.iso.cmp(&a.date.iso));
        Self {
            adjustments,
            year: year.year,
            year_path: paths::year(year.year),
            in_force: in_force.into_iter().map(|w| warning_view(site, year, w)).collect(),
            lifted: lifted.into_iter().map(|w| warning_view(site, year, w)).collect(),
            circulars: circulars.into_iter().map(|c| circular_view(site, year, c)).collect(),
        }
    }
}
