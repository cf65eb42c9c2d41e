//! Which pages an edit changed: after an edit to report files, only the unit pages whose
//! figures moved (and their ancestors, whose pages list their children) are rendered again.

use std::collections::HashSet;

use crate::model::Site;
use crate::paths;

/// The unit pages whose content differs between `old` and `new`, or None when anything else
/// may have changed and the whole site must be rendered again.
pub fn changed_unit_pages(old: &Site, new: &Site) -> Option<HashSet<String>> {
    // Every page shows the last-update date; a new one means every page changes.
    if old.last_updated != new.last_updated
        || old.units.len() != new.units.len()
        || old.years.len() != new.years.len()
        || old.pages.len() != new.pages.len()
    {
        return None;
    }
    let same_unit = |(a, b): (&crate::model::Unit, &crate::model::Unit)| {
        a.id == b.id
            && a.name == b.name
            && a.parent == b.parent
            && a.kind == b.kind
            && a.website == b.website
            && a.phone == b.phone
            && a.responsible == b.responsible
    };
    if !old.units.iter().zip(&new.units).all(same_unit) {
        return None;
    }
    let mut changed = HashSet::new();
    for (oy, ny) in old.years.iter().zip(&new.years) {
        let same_rounds = oy.rounds.len() == ny.rounds.len()
            && oy.rounds.iter().zip(&ny.rounds).all(|(a, b)| {
                a.month == b.month
                    && a.as_of == b.as_of
                    && a.sample == b.sample
                    && a.published == b.published
                    && a.corrections == b.corrections
            });
        if oy.year != ny.year
            || oy.entries.len() != ny.entries.len()
            || !same_rounds
            || oy.quota != ny.quota
            || oy.next_due != ny.next_due
        {
            return None;
        }
        for (e, (oe, ne)) in oy.entries.iter().zip(&ny.entries).enumerate() {
            if oe.unit != ne.unit || oe.quota != ne.quota {
                return None;
            }
            if oe.progress.iter().zip(&ne.progress).all(|(a, b)| a.same_as(b)) {
                continue;
            }
            let e = crate::model::EntryId(e);
            for i in std::iter::once(e).chain(ny.quota_ancestors(e)) {
                if !changed.insert(paths::unit(ny.year, &new.units[ny.entries[i].unit].id)) {
                    break; // this ancestor and those above it are in already
                }
            }
        }
    }
    Some(changed)
}
