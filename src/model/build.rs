//! Builds the model from records that passed validation.
//!
//! References that validation would have refused are skipped rather than trusted, so that
//! building never panics even if called on unchecked records.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::*;
use crate::load::raw::{RawReport, RawSite, RawYear};

pub(crate) fn build(raw: &RawSite) -> Site {
    let settings = settings(raw);
    let units = units(raw);
    let by_id: HashMap<&str, usize> = units.iter().enumerate().map(|(i, u)| (u.id.as_str(), i)).collect();
    let pages: Vec<Page> = raw
        .pages
        .iter()
        .map(|p| {
            let text = &raw.sources.get(p.loc.file).text;
            Page {
                slug: p.slug.clone(),
                title: p.title.value.clone(),
                date: p.date.as_ref().map(|f| f.value),
                updated: p.updated.as_ref().map(|f| f.value),
                unit: p
                    .unit
                    .as_ref()
                    .and_then(|u| by_id.get(u.value.as_str()).copied())
                    .map(UnitId),
                description: p.description.as_ref().map(|f| f.value.clone()),
                document: p.document.as_ref().map(|f| f.value.clone()),
                issuer: p.issuer.as_ref().map(|f| f.value.clone()),
                body: text.get(p.body_start..).unwrap_or_default().to_string(),
                category: p
                    .category
                    .as_ref()
                    .and_then(|c| Category::parse(&c.value))
                    .unwrap_or(Category::Notice),
                category_given: p.category.is_some(),
                year: p
                    .year
                    .as_ref()
                    .and_then(|y| i32::try_from(y.value).ok())
                    .or_else(|| p.date.as_ref().map(|d| d.value.year())),
            }
        })
        .collect();
    let mut years: Vec<Year> = raw
        .years
        .iter()
        .map(|y| {
            let mut built = year(y, &units, &by_id, &settings);
            built.schools = disclosure::build(y, &built, &by_id, &pages);
            built
        })
        .collect();
    measures_in_force(&mut years);
    let blacklist = blacklist(raw, &by_id);
    // A person's removal date is never shown, not even as the site's 最后更新.
    let listed = blacklist
        .iter()
        .flat_map(|b| [Some(b.record.date), b.public().removed])
        .flatten();
    let data_updated = data_updated(&years).into_iter().chain(listed).max();
    let last_updated = data_updated
        .into_iter()
        .chain(pages.iter().flat_map(|p| [p.date, p.updated]).flatten())
        .max();
    let across_years = super::across_years::across_years(units.len(), &years);
    Site {
        settings,
        units,
        years,
        pages,
        last_updated,
        data_updated,
        blacklist,
        across_years,
    }
}

/// Fills each year's `measures`: a measure not lifted is in force in the year that took it and in
/// every later year. A lifted one is in force in no year, as [`Warning::in_force`] already says for
/// the year that took it (its actions page lists it 已解除): no page flags what another calls
/// lifted. `years` ascend.
fn measures_in_force(years: &mut [Year]) {
    let by_year = in_force_by_year(years.iter().map(|y| (y.year, y.warnings.as_slice())));
    for (y, measures) in years.iter_mut().zip(by_year) {
        y.measures = measures;
    }
}

/// For each `(year, warnings)` in ascending order, the measures in force per unit that year.
fn in_force_by_year<'a>(
    years: impl Iterator<Item = (i32, &'a [Warning])>,
) -> Vec<HashMap<UnitId, Vec<MeasureInForce>>> {
    let mut open: Vec<MeasureInForce> = Vec::new();
    let mut out = Vec::new();
    for (year, warnings) in years {
        open.extend(warnings.iter().filter(|w| w.in_force()).map(|w| MeasureInForce {
            unit: w.unit,
            taken: year,
            record: w.record.clone(),
        }));
        let mut by_unit: HashMap<UnitId, Vec<MeasureInForce>> = HashMap::new();
        for m in &open {
            by_unit.entry(m.unit).or_default().push(m.clone());
        }
        for list in by_unit.values_mut() {
            // Gravest first, then newest; ties keep year and file order (a stable sort).
            list.sort_by_key(|m| (m.severity(), std::cmp::Reverse(m.record.date)));
        }
        out.push(by_unit);
    }
    out
}

/// Every year's `[[blacklist]]`, newest first; ties keep year and file order.
fn blacklist(raw: &RawSite, by_id: &HashMap<&str, usize>) -> Vec<Blacklisted> {
    let mut out: Vec<Blacklisted> = raw
        .years
        .iter()
        .flat_map(|y| {
            y.actions
                .iter()
                .flat_map(move |a| a.blacklist.iter().map(move |b| (y.year, b)))
        })
        .filter_map(|(year, b)| {
            Some(Blacklisted {
                year,
                kind: BlacklistKind::parse(&b.kind.value)?,
                units: b
                    .units
                    .iter()
                    .flat_map(|l| &l.value)
                    .filter_map(|u| by_id.get(u.value.as_str()).map(|&u| UnitId(u)))
                    .collect(),
                record: b.values(),
            })
        })
        .collect();
    out.sort_by_key(|b| std::cmp::Reverse(b.record.date));
    out
}

fn settings(raw: &RawSite) -> Settings {
    let value = |f: &Option<crate::source::Field<String>>| f.as_ref().map(|f| f.value.clone());
    let Some(s) = &raw.settings else {
        return Settings {
            title: String::new(),
            publisher: String::new(),
            organizer: None,
            description: None,
            base_url: "/".into(),
            contact: Contact::default(),
            complaints: Complaints::default(),
            deadline_day: 15,
            publish_days: DEFAULT_PUBLISH_DAYS,
            months: vec![7, 8, 9, 10, 11, 12],
            footer: Footer::default(),
            icon: None,
            open_data: OpenData::default(),
        };
    };
    let mut months: Vec<u32> = match &s.reporting.months {
        Some(m) => m
            .value
            .iter()
            .filter_map(|m| u32::try_from(m.value).ok())
            .filter(|m| (1..=12).contains(m))
            .collect(),
        None => vec![7, 8, 9, 10, 11, 12],
    };
    months.sort_unstable();
    months.dedup();
    Settings {
        title: s.title.value.clone(),
        publisher: s.publisher.value.clone(),
        organizer: value(&s.organizer),
        description: value(&s.description),
        base_url: value(&s.base_url).unwrap_or_else(|| "/".into()),
        contact: s.contact.values(),
        complaints: s.complaints.values(),
        deadline_day: s
            .reporting
            .deadline_day
            .as_ref()
            .and_then(|d| u32::try_from(d.value).ok())
            .filter(|d| (1..=31).contains(d))
            .unwrap_or(15),
        publish_days: s
            .reporting
            .publish_days
            .as_ref()
            .and_then(|d| u32::try_from(d.value).ok())
            .filter(|d| *d <= crate::vocab::MAX_PUBLISH_DAYS)
            .unwrap_or(DEFAULT_PUBLISH_DAYS),
        months,
        icon: ["favicon.svg", "favicon.png", "favicon.ico"]
            .into_iter()
            .find(|name| raw.static_files.iter().any(|f| f.as_os_str() == *name))
            .map(String::from),
        footer: s.footer.values(),
        open_data: s.open_data.values(),
    }
}

fn units(raw: &RawSite) -> Vec<Unit> {
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, u) in raw.units.iter().enumerate() {
        by_id.entry(u.id.value.as_str()).or_insert(i);
    }
    let mut units: Vec<Unit> = raw
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| Unit {
            id: u.id.value.clone(),
            name: u.name.value.clone(),
            kind: UnitKind::parse(&u.kind.value).unwrap_or(UnitKind::Other),
            parent: u
                .parent
                .as_ref()
                .and_then(|p| by_id.get(p.value.as_str()).copied())
                .filter(|&p| p != i)
                .map(UnitId),
            children: Vec::new(),
            website: u.website.as_ref().map(|w| w.value.clone()),
            phone: u.phone.as_ref().map(|p| p.value.clone()),
            responsible: Some(u.responsible.values()).filter(|r| r.name.is_some() && r.title.is_some()),
        })
        .collect();
    for i in 0..units.len() {
        if let Some(p) = units[i].parent {
            units[p.0].children.push(UnitId(i));
        }
    }
    units
}

/// Days after the forms' deadline within which a round is published, when site.toml says nothing.
pub(crate) const DEFAULT_PUBLISH_DAYS: u32 = 5;

/// The day a month's form is due: the deadline day, or the month's last day when shorter.
pub(super) fn due_date(year: i32, month: u32, deadline_day: u32) -> NaiveDate {
    let mut day = deadline_day.clamp(1, 31);
    loop {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            return d;
        }
        day -= 1;
    }
}

fn year(raw: &RawYear, units: &[Unit], by_id: &HashMap<&str, usize>, settings: &Settings) -> Year {
    let mut entries: Vec<Entry> = Vec::new();
    let mut entry_of_unit: HashMap<usize, usize> = HashMap::new();
    if let Some(q) = &raw.quotas {
        // Entries follow the display order of units.toml, not the order of quotas.toml.
        let mut quota_by_unit: HashMap<usize, (u64, crate::source::Loc)> = HashMap::new();
        for entry in &q.quotas {
            // Quotas are at most u32::MAX (validation refuses more), so sums of them fit in a u64.
            if let (Some(&u), Ok(n)) = (by_id.get(entry.unit.value.as_str()), u32::try_from(entry.quota.value)) {
                quota_by_unit.entry(u).or_insert((u64::from(n), entry.loc.clone()));
            }
        }
        for (u, _) in units.iter().enumerate() {
            if let Some((quota, loc)) = quota_by_unit.remove(&u) {
                entry_of_unit.insert(u, entries.len());
                entries.push(Entry {
                    unit: UnitId(u),
                    quota,
                    quota_parent: None,
                    children: Vec::new(),
                    depth: 0,
                    progress: Vec::new(),
                    adjustments: Vec::new(),
                    loc,
                });
            }
        }
    }
    if let Some(q) = &raw.quotas {
        for a in &q.adjustments {
            let entry = by_id.get(a.unit.value.as_str()).and_then(|u| entry_of_unit.get(u));
            if let (Some(&e), Ok(was)) = (entry, u32::try_from(a.was.value)) {
                entries[e].adjustments.push(QuotaChange {
                    from: u64::from(was),
                    to: 0,
                    record: a.values(),
                });
            }
        }
        for e in &mut entries {
            // In date order; each changed the quota to the next one's `was`, the last to the quota.
            e.adjustments.sort_by_key(|a| a.record.date);
            let mut to = e.quota;
            for a in e.adjustments.iter_mut().rev() {
                a.to = to;
                to = a.from;
            }
        }
    }
    // The nearest ancestor with a quota is where a unit's figures roll up to: one pass over the
    // units, parents first, so any depth costs the same per unit.
    let parents: Vec<Option<usize>> = units.iter().map(|u| u.parent.map(|p| p.0)).collect();
    let forest = crate::tree::forest(&parents);
    let nearest = crate::tree::nearest_marked_ancestor(&parents, &forest, |u| entry_of_unit.contains_key(&u));
    for &u in &forest.order {
        let Some(&e) = entry_of_unit.get(&u) else { continue };
        if let Some(pe) = nearest[u].and_then(|p| entry_of_unit.get(&p).copied()) {
            entries[e].quota_parent = Some(EntryId(pe));
            entries[e].depth = entries[pe].depth + 1;
            entries[pe].children.push(EntryId(e));
        }
    }
    // Children in display order (the forest visits them in another).
    for entry in &mut entries {
        entry.children.sort_unstable();
    }
    let order = bottom_up_order(&entries);

    let mut rounds = Vec::new();
    for report in &raw.reports {
        let Some(as_of) = &report.as_of else { continue };
        let round_index = rounds.len();
        rounds.push(round(
            raw.year,
            report,
            as_of.value,
            &mut entries,
            &entry_of_unit,
            by_id,
            &order,
            settings,
        ));
        mark_drops(&mut entries, round_index);
    }

    let quota = entries
        .iter()
        .filter(|e| e.quota_parent.is_none())
        .map(|e| e.quota)
        .fold(0, u64::saturating_add);
    let mut warnings = Vec::new();
    let mut circulars = Vec::new();
    if let Some(actions) = &raw.actions {
        for w in &actions.warnings {
            let Some(&unit) = by_id.get(w.unit.value.as_str()) else {
                continue;
            };
            warnings.push(Warning {
                unit: UnitId(unit),
                record: w.values(),
            });
        }
        for c in &actions.circulars {
            let Some(kind) = CircularKind::parse(&c.kind.value) else {
                continue;
            };
            circulars.push(Circular {
                kind,
                units: c
                    .units
                    .value
                    .iter()
                    .filter_map(|u| by_id.get(u.value.as_str()).map(|&u| UnitId(u)))
                    .collect(),
                record: c.values(),
            });
        }
    }
    // Newest first, as a notice board reads; ties keep file order.
    warnings.sort_by_key(|w| std::cmp::Reverse(w.record.date));
    circulars.sort_by_key(|c| std::cmp::Reverse(c.record.date));

    Year {
        year: raw.year,
        document: raw
            .quotas
            .as_ref()
            .and_then(|q| q.document.as_ref())
            .map(|f| f.value.clone()),
        issued: raw.quotas.as_ref().and_then(|q| q.issued.as_ref()).map(|f| f.value),
        quota,
        entries,
        warnings,
        circulars,
        measures: HashMap::new(),
        entry_by_unit: entry_of_unit.iter().map(|(&u, &e)| (UnitId(u), EntryId(e))).collect(),
        schools: Schools::default(),
        next_due: next_due(raw.year, &rounds, settings),
        calendar: calendar(raw.year, &rounds, settings),
        rounds,
    }
}

/// Each month due by the reporting rule, and each month with a round, with its due date and the
/// round's publication date.
fn calendar(year: i32, rounds: &[Round], settings: &Settings) -> Vec<CalendarEntry> {
    let mut months: Vec<u32> = settings.months.clone();
    months.extend(rounds.iter().map(|r| r.month));
    months.sort_unstable();
    months.dedup();
    months
        .into_iter()
        .filter(|m| (1..=12).contains(m))
        .map(|month| {
            let round = rounds.iter().position(|r| r.month == month);
            CalendarEntry {
                month,
                due: due_date(year, month, settings.deadline_day),
                publish_by: due_date(year, month, settings.deadline_day)
                    + chrono::Duration::days(i64::from(settings.publish_days)),
                round,
                published: round.and_then(|r| rounds[r].published),
            }
        })
        .collect()
}

/// The due date of the first month of the reporting rule after the latest round's.
fn next_due(year: i32, rounds: &[Round], settings: &Settings) -> Option<NaiveDate> {
    let latest = rounds.iter().map(|r| r.month).max().unwrap_or(0);
    let month = settings
        .months
        .iter()
        .copied()
        .filter(|&m| m > latest && m <= 12)
        .min()?;
    Some(due_date(year, month, settings.deadline_day))
}

/// Entries ordered so that every child comes before its parent.
fn bottom_up_order(entries: &[Entry]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&e| std::cmp::Reverse(entries[e].depth));
    order
}

#[allow(clippy::too_many_arguments)]
fn round(
    year: i32,
    report: &RawReport,
    as_of: NaiveDate,
    entries: &mut [Entry],
    entry_of_unit: &HashMap<usize, usize>,
    by_id: &HashMap<&str, usize>,
    order: &[usize],
    settings: &Settings,
) -> Round {
    let due = due_date(year, report.month, settings.deadline_day);
    let mut progress: Vec<Progress> = entries
        .iter()
        .map(|_| Progress {
            status: Status::Missing,
            figures: Figures::default(),
            completion: None,
            quota: 0,
            corrected: Vec::new(),
            submitted: None,
            late: false,
            late_ok: false,
            dropped: Vec::new(),
            row: None,
            submitted_loc: None,
            note: None,
            below_children: None,
        })
        .collect();
    for row in &report.rows {
        let Some(&e) = by_id.get(row.unit.value.as_str()).and_then(|u| entry_of_unit.get(u)) else {
            continue;
        };
        if progress[e].status == Status::Reported {
            continue; // a duplicate row, refused by validation
        }
        // Counts are at most u32::MAX (validation refuses more): a sum of one per unit fits in a u64.
        let count = |f: &crate::source::Field<i64>| u32::try_from(f.value).map_or(0, u64::from);
        let submitted = row.submitted.as_ref().map(|f| f.value);
        progress[e] = Progress {
            status: Status::Reported,
            figures: Track::ALL.into_iter().fold(Figures::default(), |mut f, t| {
                f.add(t, count(row.track(t)));
                f
            }),
            completion: None,
            quota: 0,
            corrected: Vec::new(),
            submitted,
            late: submitted.is_some_and(|d| d > due),
            late_ok: row.late_ok,
            dropped: Vec::new(),
            row: Some(row.loc.clone()),
            submitted_loc: row.submitted.as_ref().map(|f| f.loc.clone()),
            note: row.note.as_ref().map(|f| f.value.clone()),
            below_children: None,
        };
    }
    // 已更正: a unit's own corrected row; the roll-up below carries the marks up with the sums.
    let corrections = corrections(report, by_id);
    for (c, correction) in corrections.iter().enumerate() {
        if let Some(&e) = entry_of_unit.get(&correction.unit.0) {
            progress[e].corrected.push(c);
        }
    }
    // Roll up, children before parents, so that a grandparent sees its grandchildren's sums.
    // A parent's own row below its children's sum cannot be the whole truth (it would hide
    // enrolled students): the larger, the children's sum, is used, and a warning names both.
    for &e in order {
        if entries[e].children.is_empty() {
            continue;
        }
        let mut sum = Figures::default();
        let mut any = false;
        let mut corrected: Vec<usize> = Vec::new();
        for &EntryId(c) in &entries[e].children {
            if progress[c].status != Status::Missing {
                sum += progress[c].figures;
                corrected.extend(&progress[c].corrected);
                any = true;
            }
        }
        if !any {
            continue;
        }
        match progress[e].status {
            Status::Missing => {
                progress[e].status = Status::RolledUp;
                progress[e].figures = sum;
                corrected.sort_unstable();
                progress[e].corrected = corrected;
            }
            _ => {
                let own = progress[e].figures.total();
                if own < sum.total() {
                    progress[e].below_children = Some((own, sum.total()));
                    progress[e].figures = sum;
                    // The figures are the children's sum; the own row's correction is kept
                    // too (its page names it).
                    progress[e].corrected.extend(corrected);
                    progress[e].corrected.sort_unstable();
                    progress[e].corrected.dedup();
                }
            }
        }
    }
    let mut city = Figures::default();
    let mut city_corrected = Vec::new();
    let mut late = Vec::new();
    let mut missing = Vec::new();
    for (e, p) in progress.iter_mut().enumerate() {
        // Measured against the quota in force on the round's date: an adjustment made later
        // changes the quota from then on, never a rate already published.
        p.quota = entries[e].quota_on(as_of);
        if p.status == Status::Missing {
            missing.push(EntryId(e));
        } else {
            p.completion = Rate::of(p.figures.total(), p.quota);
            if entries[e].quota_parent.is_none() {
                city += p.figures;
                city_corrected.extend(&p.corrected);
            }
        }
        if p.late {
            late.push(EntryId(e));
        }
    }
    for (entry, p) in entries.iter_mut().zip(progress) {
        entry.progress.push(p);
    }
    city_corrected.sort_unstable();
    city_corrected.dedup();
    let city_quota: u64 = entries
        .iter()
        .filter(|e| e.quota_parent.is_none())
        .map(|e| e.quota_on(as_of))
        .fold(0, u64::saturating_add);
    Round {
        month: report.month,
        as_of,
        due,
        sample: report.sample,
        note: report.note.as_ref().map(|f| f.value.clone()),
        city,
        quota: city_quota,
        city_completion: Rate::of(city.total(), city_quota),
        city_corrected,
        late,
        missing,
        file: report.loc.file,
        published: report.published.as_ref().map(|f| f.value),
        corrections,
    }
}

/// The report's corrections, each with its old and current figures.
fn corrections(report: &RawReport, by_id: &HashMap<&str, usize>) -> Vec<Correction> {
    report
        .corrections
        .iter()
        .filter_map(|c| {
            let unit = UnitId(*by_id.get(c.unit.value.as_str())?);
            let row = report.rows.iter().find(|r| r.unit.value == c.unit.value)?;
            let record = c.values();
            let changes = Counts::NAMES
                .into_iter()
                .filter_map(|name| {
                    let old = u64::try_from(record.was.get(name)?).ok()?;
                    let new = u64::try_from(row.count(name)?).ok()?;
                    Some((name, old, new))
                })
                .collect();
            Some(Correction { unit, record, changes })
        })
        .collect()
}

/// Flags program types whose cumulative count fell since the unit's previous own row.
fn mark_drops(entries: &mut [Entry], round: usize) {
    if round == 0 {
        return;
    }
    for entry in entries.iter_mut() {
        let (before, now) = entry.progress.split_at_mut(round);
        let now = &mut now[0];
        let Some(prev) = before.iter().rev().find(|p| p.status == Status::Reported) else {
            continue;
        };
        if now.status != Status::Reported {
            continue;
        }
        let names = PROGRAM_TYPES.map(|(name, _)| name);
        for ((name, a), b) in names.iter().zip(prev.figures.by_type()).zip(now.figures.by_type()) {
            if b < a {
                now.dropped.push(name);
            }
        }
    }
}

/// The latest date the data of `years` records (the blacklist's are added by the caller).
fn data_updated(years: &[Year]) -> Option<NaiveDate> {
    let mut dates: Vec<NaiveDate> = Vec::new();
    for y in years {
        dates.extend(y.issued);
        for r in &y.rounds {
            dates.push(r.as_of);
            dates.extend(r.published);
            dates.extend(r.corrections.iter().map(|c| c.record.date));
        }
        for e in &y.entries {
            dates.extend(e.progress.iter().filter_map(|p| p.submitted));
        }
        dates.extend(y.warnings.iter().flat_map(Warning::dates));
        dates.extend(
            y.entries
                .iter()
                .flat_map(|e| e.adjustments.iter().map(|a| a.record.date)),
        );
        dates.extend(y.circulars.iter().map(|c| c.record.date));
        dates.extend(y.schools.admissions.iter().map(|a| a.record.date));
    }
    dates.into_iter().max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_date_is_clamped_to_the_end_of_short_months() {
        assert_eq!(due_date(2024, 8, 15), NaiveDate::from_ymd_opt(2024, 8, 15).unwrap());
        assert_eq!(due_date(2024, 2, 31), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(due_date(2023, 9, 31), NaiveDate::from_ymd_opt(2023, 9, 30).unwrap());
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn warning(unit: usize, measure: &str, date: NaiveDate, lifted: Option<NaiveDate>) -> Warning {
        Warning {
            unit: UnitId(unit),
            record: WarningRecord {
                unit: format!("u{unit}"),
                date,
                reason: "r".into(),
                measure: Some(measure.into()),
                lifted,
                ..WarningRecord::default()
            },
        }
    }

    /// (unit, measure, year taken) of each year's measures in force, units in id order.
    fn in_force(years: &[(i32, Vec<Warning>)]) -> Vec<Vec<(usize, String, i32)>> {
        in_force_by_year(years.iter().map(|(y, w)| (*y, w.as_slice())))
            .into_iter()
            .map(|by_unit| {
                let mut units: Vec<_> = by_unit.into_iter().collect();
                units.sort_by_key(|(u, _)| u.0);
                units
                    .into_iter()
                    .flat_map(|(u, ms)| ms.into_iter().map(move |m| (u.0, m.measure().to_string(), m.taken)))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_measure_never_lifted_stays_in_force_in_every_later_year() {
        let years = [
            (2024, vec![warning(1, "停止招生", day(2024, 9, 1), None)]),
            (2025, vec![]),
            (2026, vec![]),
        ];
        let stop = vec![(1, "停止招生".to_string(), 2024)];
        assert_eq!(in_force(&years), vec![stop.clone(), stop.clone(), stop]);
    }

    #[test]
    fn a_lifted_measure_is_in_force_in_no_year() {
        let years = [
            (
                2024,
                vec![warning(1, "压缩招生人数", day(2024, 7, 20), Some(day(2024, 8, 25)))],
            ),
            (
                2025,
                vec![warning(2, "限制报名人数", day(2025, 7, 1), Some(day(2026, 3, 1)))],
            ),
            (2026, vec![]),
        ];
        assert_eq!(in_force(&years), vec![vec![], vec![], vec![]]);
    }

    #[test]
    fn a_measure_is_not_in_force_before_the_year_that_took_it() {
        let years = [
            (2024, vec![]),
            (2025, vec![warning(3, "警示标注", day(2025, 8, 1), None)]),
        ];
        assert_eq!(in_force(&years), vec![vec![], vec![(3, "警示标注".to_string(), 2025)]]);
    }

    #[test]
    fn the_gravest_measure_comes_first_whatever_its_year() {
        let years = [
            (2024, vec![warning(1, "停止招生", day(2024, 8, 28), None)]),
            (
                2025,
                vec![
                    warning(1, "警示标注", day(2025, 9, 1), None),
                    warning(1, "压缩招生人数", day(2025, 7, 1), None),
                ],
            ),
        ];
        assert_eq!(
            in_force(&years)[1],
            vec![
                (1, "停止招生".to_string(), 2024),
                (1, "压缩招生人数".to_string(), 2025),
                (1, "警示标注".to_string(), 2025),
            ]
        );
    }
}
