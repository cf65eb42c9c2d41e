//! What each school discloses (notice, section 四: 招生简章、招生政策、招生专业、招生计划、录取结果):
//! its programs and plans, its admission results, and the disclosure record computed from them,
//! the content pages and the monthly forms.

use chrono::NaiveDate;
use serde::Serialize;

use super::{EntryId, Figures, UnitId};
pub use crate::load::raw::{AdmissionRecord, ProgramRecord};
use crate::source::Loc;
pub use crate::vocab::{Category, Track};

/// 招生专业: one `[[program]]` of programs.toml, with its unit and track resolved.
#[derive(Debug, Clone)]
pub struct Program {
    pub unit: UnitId,
    pub track: Track,
    pub record: ProgramRecord,
    pub loc: Loc,
}

impl Program {
    /// 计划招生人数 (validated positive and at most u32::MAX).
    pub fn plan(&self) -> u64 {
        u64::try_from(self.record.plan).unwrap_or(0)
    }
}

/// Every program of a year that bears one name (专业名称), across schools: how a parent goes
/// from 护理 to the schools that teach it.
#[derive(Debug, Clone)]
pub struct ProgramGroup {
    pub name: String,
    /// Indices into `Year::programs`, in the display order of their units.
    pub programs: Vec<usize>,
    /// The group's plans by track.
    pub plans: Figures,
    /// Distinct units teaching it.
    pub units: usize,
}

/// 录取结果: one `[[admission]]` of admissions.toml.
#[derive(Debug, Clone)]
pub struct Admission {
    pub unit: UnitId,
    pub record: AdmissionRecord,
}

impl Admission {
    /// 录取人数 (validated non-negative and at most u32::MAX).
    pub fn admitted(&self) -> u64 {
        u64::try_from(self.record.admitted).unwrap_or(0)
    }
}

/// One of the five items of the disclosure record: published or not, and from where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisclosureItem {
    pub published: bool,
    /// The latest date known for it: a page's date or an admission result's date.
    pub date: Option<NaiveDate>,
    /// Content pages of this category for the unit and year, indices into `Site::pages`.
    pub pages: Vec<usize>,
    /// Published through data rows (programs.toml, admissions.toml), not only through pages.
    pub from_data: bool,
    /// Shown as published only because of sample rows (`sample = true` in programs.toml or
    /// admissions.toml) and no page: a demonstration, not a fact about the unit.
    pub sample: bool,
}

/// A unit's monthly forms in one year (报送情况).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FormRecord {
    /// Form rounds of the year (one per report file).
    pub due: usize,
    /// Its own form, on or before the deadline (or with no arrival date recorded).
    pub on_time: usize,
    /// Its own form, after the deadline (逾期), accepted or not.
    pub late: usize,
    /// No form and nothing to roll up (未报送).
    pub missing: usize,
    /// No form of its own; its figures are the sum of its units' forms (下属汇总).
    pub rolled_up: usize,
}

/// 信息公开情况: what one unit with a quota has published in one year.
#[derive(Debug, Clone, Default)]
pub struct Disclosure {
    /// In the order of [`Category::DISCLOSED`].
    pub items: [DisclosureItem; 5],
    pub forms: FormRecord,
    /// 警示标注 of the year, lifted ones included.
    pub warnings: usize,
    /// Those not lifted.
    pub warnings_in_force: usize,
    /// The record rests on sample data somewhere: a form round marked `sample = true` counted
    /// in `forms`, or an item published only in sample rows.
    pub sample: bool,
}

impl Disclosure {
    /// Items of the five not published.
    pub fn missing_items(&self) -> usize {
        self.items.iter().filter(|i| !i.published).count()
    }
}

/// A year's programs, admissions and disclosure records.
#[derive(Debug, Clone, Default)]
pub struct Schools {
    /// In the display order of units, then file order.
    pub programs: Vec<Program>,
    /// programs.toml says `sample = true`.
    pub programs_sample: bool,
    /// Grouped by name, sorted by name.
    pub program_groups: Vec<ProgramGroup>,
    /// The city's plans by track (every program counted once, at the unit that teaches it).
    pub plans: Figures,
    /// In the display order of units, then by date.
    pub admissions: Vec<Admission>,
    /// admissions.toml says `sample = true`.
    pub admissions_sample: bool,
    /// One per entry of `Year::entries`, same order: what that unit publishes.
    pub by_entry: Vec<EntrySchools>,
}

/// What one entry (a unit with a quota that year) publishes: its programs and plans, its
/// admission results and its disclosure record.
#[derive(Debug, Clone, Default)]
pub struct EntrySchools {
    /// Indices into `Schools::programs`.
    pub programs: Vec<usize>,
    /// Plans by track, None when the unit lists no program.
    pub plans: Option<Figures>,
    /// Indices into `Schools::admissions`.
    pub admissions: Vec<usize>,
    pub disclosure: Disclosure,
}

impl Schools {
    /// What `entry` publishes.
    pub fn of(&self, entry: EntryId) -> &EntrySchools {
        &self.by_entry[entry.0]
    }

    /// Every unit's disclosure record, in the order of `Year::entries`.
    pub fn disclosures(&self) -> impl Iterator<Item = &Disclosure> {
        self.by_entry.iter().map(|e| &e.disclosure)
    }

    pub fn programs_of(&self, entry: EntryId) -> impl Iterator<Item = &Program> {
        self.of(entry).programs.iter().map(|&i| &self.programs[i])
    }

    pub fn admissions_of(&self, entry: EntryId) -> impl Iterator<Item = &Admission> {
        self.of(entry).admissions.iter().map(|&i| &self.admissions[i])
    }
}

/// Builds a year's [`Schools`] from its validated files, its entries (with their progress) and
/// warnings, and the site's pages. Rows naming no unit with an entry were refused by validation
/// and are skipped here.
pub(super) fn build(
    raw: &crate::load::raw::RawYear,
    year: &super::Year,
    by_id: &std::collections::HashMap<&str, usize>,
    pages: &[super::Page],
) -> Schools {
    let entry_of = |unit: &str| -> Option<EntryId> {
        by_id
            .get(unit)
            .and_then(|&u| year.entry_by_unit.get(&UnitId(u)).copied())
    };
    let n = year.entries.len();
    let mut s = Schools {
        by_entry: vec![EntrySchools::default(); n],
        ..Schools::default()
    };

    if let Some(file) = &raw.programs {
        s.programs_sample = file.sample;
        let mut programs: Vec<(EntryId, Program)> = file
            .programs
            .iter()
            .filter_map(|p| {
                let entry = entry_of(&p.unit.value)?;
                let track = Track::parse(&p.track.value)?;
                Some((
                    entry,
                    Program {
                        unit: year.entries[entry].unit,
                        track,
                        record: p.values(),
                        loc: p.loc.clone(),
                    },
                ))
            })
            .collect();
        // Display order of units; a stable sort keeps each school's own order of programs.
        programs.sort_by_key(|(e, _)| *e);
        for (i, (entry, program)) in programs.into_iter().enumerate() {
            s.by_entry[entry.0].programs.push(i);
            let plans = s.by_entry[entry.0].plans.get_or_insert_with(Figures::default);
            plans.add(program.track, program.plan());
            s.plans.add(program.track, program.plan());
            s.programs.push(program);
        }
        // One group per name as unit names are compared (`护　理` with an ideographic space is
        // 护理), shown as the first program spells it.
        let mut groups: std::collections::BTreeMap<String, ProgramGroup> = std::collections::BTreeMap::new();
        for (i, p) in s.programs.iter().enumerate() {
            let key = crate::names::normalize_name(&p.record.name);
            let group = groups.entry(key).or_insert_with(|| ProgramGroup {
                name: p.record.name.clone(),
                programs: Vec::new(),
                plans: Figures::default(),
                units: 0,
            });
            if group
                .programs
                .last()
                .is_none_or(|&last| s.programs[last].unit != p.unit)
            {
                group.units += 1;
            }
            group.programs.push(i);
            group.plans.add(p.track, p.plan());
        }
        s.program_groups = groups.into_values().collect();
        // A reader looks a name up the way a dictionary lists it: by its pinyin.
        s.program_groups
            .sort_by_cached_key(|g| (crate::names::pinyin_key(&g.name), g.name.clone()));
    }

    if let Some(file) = &raw.admissions {
        s.admissions_sample = file.sample;
        let mut admissions: Vec<(EntryId, Admission)> = file
            .admissions
            .iter()
            .filter_map(|a| {
                let entry = entry_of(&a.unit.value)?;
                Some((
                    entry,
                    Admission {
                        unit: year.entries[entry].unit,
                        record: a.values(),
                    },
                ))
            })
            .collect();
        admissions.sort_by(|(e1, a1), (e2, a2)| (e1, a1.record.date).cmp(&(e2, a2.record.date)));
        for (i, (entry, admission)) in admissions.into_iter().enumerate() {
            s.by_entry[entry.0].admissions.push(i);
            s.admissions.push(admission);
        }
    }

    for (e, entry) in year.entries.iter().enumerate() {
        let mut d = Disclosure::default();
        for (p, page) in pages.iter().enumerate() {
            if page.unit != Some(entry.unit) || !page.belongs_to(year.year) {
                continue;
            }
            if let Some(k) = Category::DISCLOSED.iter().position(|&c| c == page.category) {
                let item = &mut d.items[k];
                item.published = true;
                item.pages.push(p);
                item.date = item.date.max(page.updated.or(page.date));
            }
        }
        let [_, _, programs, plan, admissions] = &mut d.items;
        if !s.by_entry[e].programs.is_empty() {
            // A program row names the program and its plan: both items are published.
            for item in [programs, plan] {
                item.published = true;
                item.from_data = true;
                item.sample = s.programs_sample && item.pages.is_empty();
            }
        }
        if let Some(last) = s.by_entry[e]
            .admissions
            .iter()
            .map(|&a| s.admissions[a].record.date)
            .max()
        {
            admissions.published = true;
            admissions.from_data = true;
            admissions.sample = s.admissions_sample && admissions.pages.is_empty();
            admissions.date = admissions.date.max(Some(last));
        }
        d.forms.due = entry.progress.len();
        for p in &entry.progress {
            match p.status {
                super::Status::Reported if p.late => d.forms.late += 1,
                super::Status::Reported => d.forms.on_time += 1,
                super::Status::RolledUp => d.forms.rolled_up += 1,
                super::Status::Missing => d.forms.missing += 1,
            }
        }
        for w in year.warnings.iter().filter(|w| w.unit == entry.unit) {
            d.warnings += 1;
            if w.in_force() {
                d.warnings_in_force += 1;
            }
        }
        d.sample = d.items.iter().any(|i| i.sample) || year.rounds.iter().any(|r| r.sample);
        s.by_entry[e].disclosure = d;
    }
    s
}
