//! Views of what schools disclose: programs and plans, admission results, the disclosure record
//! (a unit's own sections, the year's programs page and the year's disclosure table).

use serde::Serialize;

use super::view::{page_link, DateView, Link, PageLink};
use crate::charts::{self, Chart, Labels};
use crate::model::{self, Category, Disclosure, EntryId, FormRecord, Program, Site, Year};
use crate::paths;

/// What the 示例数据 banner names, when a page shows sample figures of that kind.
pub const SAMPLE_ROUNDS: &str = "月度招生人数与报送情况";
pub const SAMPLE_PROGRAMS: &str = "招生专业与计划";
pub const SAMPLE_ADMISSIONS: &str = "录取结果";

/// What of a page is sample data, in the banner's words and order: the rounds' figures, the
/// programs and plans, the admission results — each when the page shows sample ones. The one
/// place every page kind (year, unit, disclosure) gets it from.
pub fn sample_parts(rounds: bool, programs: bool, admissions: bool) -> Vec<&'static str> {
    [
        (rounds, SAMPLE_ROUNDS),
        (programs, SAMPLE_PROGRAMS),
        (admissions, SAMPLE_ADMISSIONS),
    ]
    .into_iter()
    .filter_map(|(shown, what)| shown.then_some(what))
    .collect()
}

/// What of a year-wide page (the year's overview, the disclosure record) is sample data.
pub fn year_sample_parts(year: &Year) -> Vec<&'static str> {
    let s = &year.schools;
    sample_parts(
        year.has_sample(),
        s.programs_sample && !s.programs.is_empty(),
        s.admissions_sample && !s.admissions.is_empty(),
    )
}

/// Rows per page of the year-wide tables (disclosure, programs): past it they are split into
/// numbered pages, so that no page grows with the number of units.
pub const ROWS_PER_PAGE: usize = super::view::FULL_TABLE_LIMIT;

/// Links between the numbered pages of one table.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// The pages linked (not all of them when there are many).
    pub pages: Vec<PagerLink>,
    pub count: usize,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    pub label: String,
    pub path: String,
    pub current: bool,
    /// Pages left out before this one ("…").
    pub gap_before: bool,
}

/// The path of page `n` (0-based) of a table whose first page is at `base`.
fn page_path(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}{}/", n + 1)
    }
}

/// One page of a paged table: its path, the rows it lists (indices into the table's source),
/// and its pager when there are several. Views are built from it page by page, so a table of
/// any size never sits in memory as views all at once.
#[derive(Debug, Clone)]
pub struct PagePlan {
    pub path: String,
    pub rows: Vec<usize>,
    pub pager: Option<Pager>,
}

/// Splits `rows` into pages of [`ROWS_PER_PAGE`] under `base`.
fn paginate(base: &str, rows: Vec<usize>) -> Vec<PagePlan> {
    let count = rows.len().div_ceil(ROWS_PER_PAGE).max(1);
    let link = |n: usize| Link {
        name: format!("第 {} 页", n + 1),
        path: page_path(base, n),
    };
    let mut chunks = rows.chunks(ROWS_PER_PAGE).map(<[usize]>::to_vec).collect::<Vec<_>>();
    chunks.resize(count, Vec::new());
    chunks
        .into_iter()
        .enumerate()
        .map(|(n, rows)| {
            // The first, the last and three either side of the current one: a pager of fixed
            // size however many pages there are.
            let shown = |k: usize| k == 0 || k + 1 == count || k.abs_diff(n) <= 3;
            let pager = (count > 1).then(|| Pager {
                pages: (0..count)
                    .filter(|&k| shown(k))
                    .map(|k| PagerLink {
                        label: (k + 1).to_string(),
                        path: page_path(base, k),
                        current: k == n,
                        gap_before: k > 0 && !shown(k - 1),
                    })
                    .collect(),
                count,
                prev: n.checked_sub(1).map(link),
                next: (n + 1 < count).then(|| link(n + 1)),
            });
            PagePlan {
                path: page_path(base, n),
                rows,
                pager,
            }
        })
        .collect()
}

/// One program as a table row.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramView {
    pub unit: Link,
    pub name: String,
    pub code: Option<String>,
    /// 中专, 3+2, …
    pub track: &'static str,
    /// 学制, "3年"
    pub years: Option<String>,
    pub plan: u64,
    /// "免学费", "2000 元/年", or "—" when not given.
    pub fee: String,
    pub partner: Option<String>,
    pub note: Option<String>,
    /// The school's gravest measure in force, beside its name in every row.
    pub measure: Option<super::view::MeasureFlag>,
}

fn unit_link(site: &Site, year: &Year, unit: model::UnitId) -> Link {
    Link {
        name: site.units[unit].name.clone(),
        path: paths::unit(year.year, &site.units[unit].id),
    }
}

fn program_view(site: &Site, year: &Year, p: &Program) -> ProgramView {
    let r = &p.record;
    ProgramView {
        unit: unit_link(site, year, p.unit),
        name: r.name.clone(),
        code: r.code.clone(),
        track: p.track.label(),
        years: r.years.map(|y| format!("{y}年")),
        plan: p.plan(),
        fee: match r.fee {
            Some(0) => "免学费".into(),
            Some(n) => format!("{n} 元/年"),
            None => "—".into(),
        },
        partner: r.partner.clone(),
        note: r.note.clone(),
        measure: super::view::MeasureFlag::gravest(year, p.unit),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AdmissionView {
    pub unit: Link,
    pub round: String,
    pub date: DateView,
    pub admitted: u64,
    pub list_url: Option<String>,
    pub note: Option<String>,
}

/// One of the five items, as a cell or a list entry.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// 招生简章, …
    pub label: &'static str,
    /// brochure, … (the open data's column name)
    pub key: &'static str,
    pub published: bool,
    pub date: Option<DateView>,
    pub pages: Vec<PageLink>,
    /// Where it is published when not (only) as pages: "本页"
    pub from_data: bool,
    /// Published only in sample rows: said so beside it.
    pub sample: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisclosureView {
    pub items: Vec<ItemView>,
    pub published: usize,
    pub missing: usize,
    pub forms: FormRecord,
    pub warnings: usize,
    pub warnings_in_force: usize,
}

fn disclosure_view(site: &Site, d: &Disclosure) -> DisclosureView {
    let items = Category::DISCLOSED
        .iter()
        .zip(&d.items)
        .map(|(c, item)| ItemView {
            label: c.label(),
            key: c.as_str(),
            published: item.published,
            date: item.date.map(DateView::from),
            pages: item.pages.iter().map(|&p| page_link(&site.pages[p])).collect(),
            from_data: item.from_data,
            sample: item.sample,
        })
        .collect();
    DisclosureView {
        items,
        published: 5 - d.missing_items(),
        missing: d.missing_items(),
        forms: d.forms,
        warnings: d.warnings,
        warnings_in_force: d.warnings_in_force,
    }
}

/// A unit page's sections on what it discloses.
#[derive(Debug, Clone, Serialize)]
pub struct UnitSchoolsView {
    pub programs: Vec<ProgramView>,
    /// The unit's plans: by track and in all, when it lists programs.
    pub plans: Option<([u64; 4], u64)>,
    /// For a unit with units below it: the programs of those units, when they fit a page.
    pub programs_below: Vec<ProgramView>,
    /// Programs below it in all (also when too many to list here).
    pub programs_below_count: usize,
    pub admissions: Vec<AdmissionView>,
    pub admitted: u64,
    pub disclosure: DisclosureView,
    /// The date the record is stated as of (the latest date in the data).
    pub as_of: Option<DateView>,
    /// The page shows programs (its own or its units') from a programs.toml marked sample.
    pub sample_programs: bool,
    /// The page shows admission results from an admissions.toml marked sample.
    pub sample_admissions: bool,
    pub programs_path: String,
    pub disclosure_path: String,
}

impl UnitSchoolsView {
    pub fn new(site: &Site, year: &Year, e: usize) -> Self {
        let s = &year.schools;
        let entry = EntryId(e);
        let programs: Vec<ProgramView> = s.programs_of(entry).map(|p| program_view(site, year, p)).collect();
        let below = year.entries_below(entry);
        let programs_below_count: usize = below.iter().map(|&c| s.of(c).programs.len()).sum();
        // Past a page's worth, a parent's page says how many and links to the programs pages.
        let programs_below: Vec<ProgramView> = if programs_below_count <= ROWS_PER_PAGE {
            below
                .into_iter()
                .flat_map(|c| s.programs_of(c))
                .map(|p| program_view(site, year, p))
                .collect()
        } else {
            Vec::new()
        };
        let admissions: Vec<AdmissionView> = s
            .admissions_of(entry)
            .map(|a| AdmissionView {
                unit: unit_link(site, year, a.unit),
                round: a.record.round.clone(),
                date: a.record.date.into(),
                admitted: a.admitted(),
                list_url: a.record.list_url.clone(),
                note: a.record.note.clone(),
            })
            .collect();
        let sample_programs = s.programs_sample && !(programs.is_empty() && programs_below.is_empty());
        let sample_admissions = s.admissions_sample && !admissions.is_empty();
        Self {
            plans: s.by_entry[e].plans.map(|f| (f.by_type(), f.total())),
            admitted: admissions.iter().map(|a| a.admitted).sum(),
            programs,
            programs_below,
            programs_below_count,
            admissions,
            disclosure: disclosure_view(site, &s.by_entry[e].disclosure),
            as_of: site.last_updated.map(DateView::from),
            sample_programs,
            sample_admissions,
            programs_path: paths::programs(year.year),
            disclosure_path: paths::disclosure(year.year),
        }
    }
}

/// The chart of a unit's or the city's plans by track.
pub fn plan_chart(site: &Site, year: &Year, whose: &str, plans: [u64; 4]) -> Option<Chart> {
    let sample = if year.schools.programs_sample {
        "（示例数据，非官方统计）"
    } else {
        ""
    };
    charts::plan_chart(
        Labels {
            id: "chart-plan".into(),
            title: format!("{whose} {}年招生计划的类型构成", year.year),
            subtitle: format!("各专业计划招生人数之和，按{}分段", crate::vocab::Track::labels()),
            source: format!(
                "数据来源：各学校公布的招生专业与计划，{}汇总{sample}。",
                site.settings.publisher
            ),
        },
        plans,
    )
}

/// Programs of one name across schools.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub name: String,
    /// In-page anchor.
    pub anchor: String,
    /// Its own page when the year's programs are split by name; None when listed in place.
    pub path: Option<String>,
    pub plan: u64,
    pub units: usize,
    pub programs: usize,
    /// The rows shown on this page (none on the index of a split year).
    pub rows: Vec<ProgramView>,
}

/// `<year>/programs/`: every program of the year, by name.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramsPageView {
    pub year: i32,
    pub year_path: String,
    pub groups: Vec<GroupView>,
    pub programs: usize,
    pub schools: usize,
    pub plans: [u64; 4],
    pub plan: u64,
    pub quota: u64,
    pub sample: bool,
    pub charts: Vec<Chart>,
    /// On the page of one program name: the link back to the index of names.
    pub index: Option<Link>,
    pub pager: Option<Pager>,
}

/// The anchor of a program group on the programs page.
pub fn group_anchor(i: usize) -> String {
    format!("p{}", i + 1)
}

/// True when a year has too many programs for one page: each name then has pages of its own.
fn programs_split(year: &Year) -> bool {
    year.schools.programs.len() > ROWS_PER_PAGE
}

/// Where program group `i` of `year` is listed: its place on the programs page, or its own page.
pub fn group_path(year: &Year, i: usize) -> String {
    if programs_split(year) {
        format!("{}{}/", paths::programs(year.year), group_anchor(i))
    } else {
        format!("{}#{}", paths::programs(year.year), group_anchor(i))
    }
}

impl ProgramsPageView {
    /// The pages of the year's programs: one page with every program, or, past
    /// [`ROWS_PER_PAGE`] programs, an index of names (no rows) and the pages of each name
    /// (`group` set, rows as indices into `Schools::programs`).
    pub fn plan(year: &Year) -> Vec<(Option<usize>, PagePlan)> {
        let s = &year.schools;
        let index = PagePlan {
            path: paths::programs(year.year),
            rows: Vec::new(),
            pager: None,
        };
        let mut out = vec![(None, index)];
        if programs_split(year) {
            for (i, g) in s.program_groups.iter().enumerate() {
                out.extend(
                    paginate(&group_path(year, i), g.programs.clone())
                        .into_iter()
                        .map(|p| (Some(i), p)),
                );
            }
        }
        out
    }

    /// The view of one planned page.
    pub fn new(site: &Site, year: &Year, group: Option<usize>, page: PagePlan) -> Self {
        let s = &year.schools;
        let split = programs_split(year);
        let view_of = |i: usize, rows: Vec<ProgramView>| {
            let g = &s.program_groups[i];
            GroupView {
                name: g.name.clone(),
                anchor: group_anchor(i),
                path: split.then(|| group_path(year, i)),
                plan: g.plans.total(),
                units: g.units,
                programs: g.programs.len(),
                rows,
            }
        };
        let rows_of = |programs: &[usize]| -> Vec<ProgramView> {
            programs
                .iter()
                .map(|&p| program_view(site, year, &s.programs[p]))
                .collect()
        };
        let groups = match group {
            Some(i) => vec![view_of(i, rows_of(&page.rows))],
            None => (0..s.program_groups.len())
                .map(|i| {
                    view_of(
                        i,
                        if split {
                            Vec::new()
                        } else {
                            rows_of(&s.program_groups[i].programs)
                        },
                    )
                })
                .collect(),
        };
        Self {
            year: year.year,
            year_path: paths::year(year.year),
            groups,
            programs: s.programs.len(),
            schools: s.by_entry.iter().filter(|e| e.plans.is_some()).count(),
            plans: s.plans.by_type(),
            plan: s.plans.total(),
            quota: year.quota,
            sample: s.programs_sample,
            charts: match group {
                Some(_) => Vec::new(),
                None => plan_chart(site, year, "全市", s.plans.by_type()).into_iter().collect(),
            },
            index: group.map(|_| Link {
                name: format!("{}年招生专业与计划", year.year),
                path: paths::programs(year.year),
            }),
            pager: page.pager,
        }
    }
}

/// One unit's row of the year's disclosure table.
#[derive(Debug, Clone, Serialize)]
pub struct DisclosureRow {
    pub seq: usize,
    pub unit: Link,
    pub kind: &'static str,
    pub record: DisclosureView,
}

/// `<year>/disclosure/` and `<year>/disclosure/missing/`.
#[derive(Debug, Clone, Serialize)]
pub struct DisclosurePageView {
    pub year: i32,
    pub year_path: String,
    /// "notice" (the notice's order) or "missing" (most items missing first).
    pub order: &'static str,
    pub by_notice_path: String,
    pub by_missing_path: String,
    pub rows: Vec<DisclosureRow>,
    /// Per item: units that published it.
    pub counts: Vec<(&'static str, usize)>,
    pub units: usize,
    /// Units that published all five.
    pub complete: usize,
    pub heads: Vec<&'static str>,
    pub as_of: Option<DateView>,
    pub sample: Vec<&'static str>,
    pub pager: Option<Pager>,
}

impl DisclosurePageView {
    /// The pages of the table in one order; rows are indices into `Year::entries`.
    pub fn plan(year: &Year, by_missing: bool) -> Vec<PagePlan> {
        let s = &year.schools;
        let mut order: Vec<usize> = (0..year.entries.len()).collect();
        if by_missing {
            // Most items missing first, then most forms missing, then the notice's order.
            order.sort_by_key(|&e| {
                let d = &s.by_entry[e].disclosure;
                (
                    std::cmp::Reverse(d.missing_items()),
                    std::cmp::Reverse(d.forms.missing),
                    e,
                )
            });
        }
        let base = if by_missing {
            paths::disclosure_by_missing(year.year)
        } else {
            paths::disclosure(year.year)
        };
        paginate(&base, order)
    }

    /// The view of one planned page.
    pub fn new(site: &Site, year: &Year, by_missing: bool, page: PagePlan) -> Self {
        let s = &year.schools;
        let rows: Vec<DisclosureRow> = page
            .rows
            .iter()
            .map(|&e| {
                let entry = &year.entries[e];
                DisclosureRow {
                    seq: e + 1,
                    unit: unit_link(site, year, entry.unit),
                    kind: site.units[entry.unit].kind.label(),
                    record: disclosure_view(site, &s.by_entry[e].disclosure),
                }
            })
            .collect();
        let counts = Category::DISCLOSED
            .iter()
            .enumerate()
            .map(|(k, c)| (c.label(), s.disclosures().filter(|d| d.items[k].published).count()))
            .collect();
        let sample = year_sample_parts(year);
        Self {
            year: year.year,
            year_path: paths::year(year.year),
            order: if by_missing { "missing" } else { "notice" },
            by_notice_path: paths::disclosure(year.year),
            by_missing_path: paths::disclosure_by_missing(year.year),
            counts,
            units: year.entries.len(),
            complete: s.disclosures().filter(|d| d.missing_items() == 0).count(),
            rows,
            heads: Category::DISCLOSED.iter().map(|c| c.label()).collect(),
            as_of: site.last_updated.map(DateView::from),
            sample,
            pager: page.pager,
        }
    }
}

/// A short summary of a year's programs for the overview: how many, and where to look.
#[derive(Debug, Clone, Serialize)]
pub struct YearSchoolsSummary {
    pub programs: usize,
    pub names: usize,
    pub schools: usize,
    pub plan: u64,
    pub admitted: u64,
    pub admissions: usize,
    /// Units that published all five items, of all units.
    pub complete: usize,
    pub programs_path: String,
    pub disclosure_path: String,
    pub by_missing_path: String,
}

impl YearSchoolsSummary {
    pub fn new(year: &Year) -> Self {
        let s = &year.schools;
        Self {
            programs: s.programs.len(),
            names: s.program_groups.len(),
            schools: s.by_entry.iter().filter(|e| e.plans.is_some()).count(),
            plan: s.plans.total(),
            admitted: s.admissions.iter().map(model::Admission::admitted).sum(),
            admissions: s.admissions.len(),
            complete: s.disclosures().filter(|d| d.missing_items() == 0).count(),
            programs_path: paths::programs(year.year),
            disclosure_path: paths::disclosure(year.year),
            by_missing_path: paths::disclosure_by_missing(year.year),
        }
    }
}
