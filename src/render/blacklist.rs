//! 校企合作黑名单: one page over every year, a line on the home and complaint pages, the
//! entries naming a school on its page. A person's entry shows only name, date, reason and
//! document, everywhere.

use serde::Serialize;

use super::nav::Nav;
use super::view::{DateView, Link};
use super::Renderer;
use crate::model::{Blacklisted, Site, UnitId};
use crate::paths;

/// One entry as shown: `None` for what a person's entry never shows.
#[derive(Debug, Clone, Serialize)]
pub struct BlacklistView {
    /// The anchor on the blacklist page, counted from the oldest entry (stable as entries are added).
    pub anchor: String,
    pub path: String,
    pub name: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub person: bool,
    pub credit_code: Option<String>,
    pub date: DateView,
    pub reason: String,
    pub document: Option<String>,
    pub in_force: bool,
    pub removed: Option<DateView>,
    /// The schools involved, on their latest year's page (never for a person).
    pub units: Vec<Link>,
}

/// The anchor of the `i`th entry of `site.blacklist` (newest first).
pub(super) fn anchor(site: &Site, i: usize) -> String {
    format!("b-{}", site.blacklist.len() - i)
}

pub(super) fn view(site: &Site, i: usize) -> BlacklistView {
    let b: &Blacklisted = &site.blacklist[i];
    let public = b.public();
    let anchor = anchor(site, i);
    BlacklistView {
        path: format!("{}#{anchor}", paths::BLACKLIST),
        anchor,
        name: public.name,
        kind: b.kind.as_str(),
        kind_label: b.kind.label(),
        person: b.is_person(),
        credit_code: public.credit_code,
        date: DateView::from(public.date),
        reason: public.reason,
        document: public.document,
        // A removed person's entry goes with the removed ones (in the person's favour), without
        // the date: nothing but the four fields is shown of a person.
        in_force: b.in_force(),
        removed: public.removed.map(DateView::from),
        units: b.shown_units().iter().filter_map(|&u| unit_link(site, u)).collect(),
    }
}

/// A unit's page in the latest year it has one.
fn unit_link(site: &Site, unit: UnitId) -> Option<Link> {
    let year = site.years.iter().rev().find(|y| y.entry_of(unit).is_some())?;
    Some(Link {
        name: site.units[unit].name.clone(),
        path: paths::unit(year.year, &site.units[unit].id),
    })
}

/// The entries that name `unit` (a person's never do).
pub(super) fn of_unit(site: &Site, unit: UnitId) -> Vec<BlacklistView> {
    (0..site.blacklist.len())
        .filter(|&i| site.blacklist[i].shown_units().contains(&unit))
        .map(|i| view(site, i))
        .collect()
}

/// What the home and complaint pages say of the blacklist.
#[derive(Debug, Clone, Serialize)]
pub struct BlacklistSummary {
    pub path: &'static str,
    pub in_force: usize,
    pub total: usize,
}

impl BlacklistSummary {
    pub fn new(site: &Site) -> Self {
        Self {
            path: paths::BLACKLIST,
            in_force: site.blacklist.iter().filter(|b| b.in_force()).count(),
            total: site.blacklist.len(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
struct BlacklistPageView {
    /// Newest first.
    in_force: Vec<BlacklistView>,
    /// Removed, newest listing first: they stay in the record.
    removed: Vec<BlacklistView>,
}

impl Renderer<'_> {
    /// blacklist/: every year's entries, in force then removed, newest first.
    pub(super) fn blacklist_page(&self) {
        let site = self.site;
        let (in_force, removed): (Vec<BlacklistView>, Vec<BlacklistView>) = (0..site.blacklist.len())
            .map(|i| view(site, i))
            .partition(|b| b.in_force);
        let mut meta = self.meta(
            paths::BLACKLIST,
            "校企合作黑名单",
            Some("列入校企合作黑名单的中介组织、企业和个人：名称、列入日期、原因和依据，可按名称查询".into()),
            Some(Nav::Contact),
            false,
        );
        // Its search box answers in place (search/blacklist.json) with the site's script.
        meta.script = Some(self.script_path.clone());
        self.page(
            "blacklist.html",
            paths::BLACKLIST,
            meta,
            &BlacklistPageView { in_force, removed },
        );
    }
}
