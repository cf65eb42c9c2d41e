//! Stage 4 — render: the model becomes files in memory (pages, charts, feeds, open data).
//! Nothing is written here; `output` writes the whole set at once. This file runs the pass
//! (`render*`, the `Renderer` and its pages); each other kind of output has a file of its own.

mod across_years;
mod actions;
mod blacklist;
mod collect;
pub mod corrections;
mod feed;
mod fingerprint;
mod icon;
pub mod markdown;
mod nav;
mod opendata;
mod releases;
pub mod schools;
mod search;
mod sitemap;
pub mod templates;
mod text;
pub mod view;

use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::hash::sha256_hex;
pub use collect::{Collect, OutputFile, Sink};
pub use fingerprint::site_input;
pub use text::pinyin_initials;

use crate::diagnostics::Diagnostic;
use crate::load::releases::{KeptRelease, PACKAGE};
use crate::model::Site;
use crate::paths;
use nav::{Nav, NavItem};
use templates::Engine;
use view::*;

/// The `<head>` and frame data every page template reads as `page`.
#[derive(Debug, Clone, Serialize)]
struct PageMeta {
    /// Relative prefix back to the site root ("" or "../../").
    root: String,
    /// The page's folder from the site root ("" or "2024/units/s1/"), for the `link` filter.
    dir: String,
    css: String,
    title: String,
    head_title: String,
    description: String,
    canonical: Option<String>,
    /// Key of the active navigation entry ("" outside any), for site templates that test it.
    nav: &'static str,
    /// The header's links, the current one marked.
    nav_items: Vec<NavItem>,
    /// Shows the 示例数据 banner.
    sample: bool,
    /// What the banner says is sample data: "月度招生人数", "招生专业与计划", "录取结果".
    sample_what: String,
    /// When the page shows sample and real rounds together, the sample ones ("7月、8月");
    /// empty otherwise.
    sample_rounds: String,
    /// Government-site meta: ColumnName.
    column: &'static str,
    /// Government-site meta for articles: PubDate.
    pub_date: Option<String>,
    content_source: Option<String>,
    /// A folder page's destination (address from this page): the head sends the reader there
    /// at once (`<meta http-equiv="refresh" content="0; …">`, an instant redirect, not a timed
    /// one), and the page links it for a browser that does not follow.
    redirect: Option<String>,
    /// The feed's autodiscovery link in the head: on every page but the thousands of unit pages,
    /// where a reader does not subscribe (their footer still links the feed).
    feed_link: bool,
    /// A script of our own for this page (path from the root); the page's CSP allows only it.
    script: Option<String>,
    /// The 大字模式 toggle's script (address from this page), on every page.
    textsize: String,
    /// The site icon's address and MIME type.
    icon: String,
    icon_type: &'static str,
    /// Government-site meta: SiteDomain (the host of an absolute base_url) and ColumnType.
    site_domain: Option<String>,
    column_type: &'static str,
    /// On a page with figures: their cut-off, publication date and the next round's due date.
    dates: Option<DataDates>,
}

/// The dates of a page's figures, shown apart: 数据截至 (as_of), 发布日期 (published), 下次更新.
#[derive(Debug, Clone, Serialize)]
struct DataDates {
    as_of: DateView,
    published: Option<DateView>,
    next_due: Option<DateView>,
}

impl DataDates {
    /// The dates of `year`'s round `r`, or of its latest round; None without rounds.
    fn of(year: &crate::model::Year, r: Option<usize>) -> Option<Self> {
        let round = match r {
            Some(r) => year.rounds.get(r)?,
            None => year.rounds.last()?,
        };
        Some(Self {
            as_of: round.as_of.into(),
            published: round.published.map(DateView::from),
            next_due: year.next_due.map(DateView::from),
        })
    }
}

/// The months of the sample rounds among `rounds` of `year`, when real ones are there too
/// ("7月、8月"); empty when all or none are sample.
fn mixed_sample_months(year: &crate::model::Year, rounds: impl Iterator<Item = usize>) -> String {
    let (sample, real): (Vec<usize>, Vec<usize>) = rounds.partition(|&r| year.rounds[r].sample);
    if sample.is_empty() || real.is_empty() {
        return String::new();
    }
    sample
        .iter()
        .map(|&r| format!("{}月", year.rounds[r].month))
        .collect::<Vec<_>>()
        .join("、")
}

impl PageMeta {
    /// The 示例数据 banner, naming what on the page is sample data; none when `what` is empty.
    fn set_sample(&mut self, what: &[&str]) {
        self.sample = !what.is_empty();
        if self.sample {
            self.sample_what = what.join("、");
        }
    }
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    /// A template failed (a site's own override, usually).
    Templates(Vec<Diagnostic>),
    /// The sink could not take a file.
    Io(String, std::io::Error),
}

impl RenderError {
    /// As diagnostics, for callers that report rather than abort (tests, `serve`).
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        match self {
            RenderError::Templates(errors) => errors,
            // Only a sink that writes files can fail; in memory it means a rendering thread panicked.
            RenderError::Io(path, e) => vec![Diagnostic::at_file(
                crate::diagnostics::Severity::Error,
                crate::diagnostics::rules::WRITE,
                path,
                format!("无法写出这个文件：{e}"),
                "检查磁盘空间和输出目录的写入权限后重试；仍然出错请把这条信息告诉维护者",
            )],
        }
    }
}

struct Renderer<'a> {
    site: &'a Site,
    engine: Engine,
    site_view: SiteView,
    css_path: String,
    script_path: String,
    textsize_path: String,
    /// The icon pages link: the site's own under static/, or the generated one under assets/.
    icon_path: String,
    /// The path part of base_url ("/" or "/zhaosheng/"), for pages served at any address (404).
    base_path: String,
    /// base_url when it is absolute, for canonical links, the feed and the sitemap.
    absolute_base: Option<String>,
    sink: &'a dyn Sink,
    /// What every page's fingerprint starts with (the program, the site's templates, the
    /// data every page reads), when the sink can keep pages of a previous build.
    salt: Option<Vec<u8>>,
    /// Which unit pages to render (the others are kept from a previous run by the caller).
    wanted: &'a (dyn Fn(&str) -> bool + Sync),
    /// Paths of the pages written, for sitemap.xml.
    pages: Mutex<Vec<String>>,
    errors: Mutex<Vec<Diagnostic>>,
    io_error: Mutex<Option<(String, std::io::Error)>>,
    /// The releases of the open data kept under the site root, oldest first.
    kept: &'a [KeptRelease],
    /// The release this build makes, when its open data differs from the last kept one.
    new_release: Mutex<Option<KeptRelease>>,
    /// Each release (name, date, what changed) for the feed, oldest first.
    release_entries: Mutex<Vec<(String, String, String)>>,
}

/// What a render made: the number of pages, and the new release of the open data to keep
/// under the site root once the site is written (none when the open data is the last
/// release's).
pub struct Rendered {
    pub pages: usize,
    pub new_release: Option<KeptRelease>,
}

/// Renders every output file of the site into memory, sorted by path.
pub fn render(site: &Site, overrides: &[(String, String)]) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let sink = Collect::default();
    match render_into(site, overrides, &sink) {
        Ok(_) => Ok(sink.into_files()),
        Err(e) => Err(e.into_diagnostics()),
    }
}

/// Renders every output file of the site into `sink`; returns the number of pages.
pub fn render_into(site: &Site, overrides: &[(String, String)], sink: &dyn Sink) -> Result<usize, RenderError> {
    render_selected(site, overrides, sink, &|_| true)
}

/// Like [`render_into`], but renders a unit page only when `wanted(path)` holds: `serve` uses it
/// to re-render just the units an edit touched. Every other file is always rendered.
pub fn render_selected(
    site: &Site,
    overrides: &[(String, String)],
    sink: &dyn Sink,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Result<usize, RenderError> {
    render_releases(site, overrides, sink, wanted, &[]).map(|r| r.pages)
}

/// Like [`render_selected`], with the releases of the open data kept under the site root
/// (`kept`, oldest first): each is published under `data/releases/` with the current one, and
/// the 更新记录 compares each with the one before.
pub fn render_releases(
    site: &Site,
    overrides: &[(String, String)],
    sink: &dyn Sink,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    kept: &[KeptRelease],
) -> Result<Rendered, RenderError> {
    let mut engine = Engine::new(overrides).map_err(RenderError::Templates)?;
    let site_view = SiteView::new(site);
    engine.set_global("site", &site_view);
    let css = engine.stylesheet();
    let css_path = format!("assets/style.{}.css", &sha256_hex(css.as_bytes())[..10]);
    let script = engine.script();
    let script_path = format!("assets/search.{}.js", &sha256_hex(script.as_bytes())[..10]);
    let textsize = engine.textsize_script();
    let textsize_path = format!("assets/textsize.{}.js", &sha256_hex(textsize.as_bytes())[..10]);
    let icon_path = match &site.settings.icon {
        Some(own) => own.clone(),
        None => format!("assets/icon.{}.svg", &sha256_hex(icon::SVG.as_bytes())[..10]),
    };
    let salt = sink
        .keeps_pages()
        .then(|| fingerprint::salt(overrides, &site_view))
        .flatten();
    let base_url = site.settings.base_url.clone();
    let absolute_base = base_url.starts_with("http").then(|| base_url.clone());
    let base_path = match &absolute_base {
        Some(abs) => abs.splitn(4, '/').nth(3).map_or("/".to_string(), |p| format!("/{p}")),
        None => base_url.clone(),
    };
    let r = Renderer {
        site,
        engine,
        site_view,
        css_path: css_path.clone(),
        script_path: script_path.clone(),
        icon_path: icon_path.clone(),
        textsize_path: textsize_path.clone(),
        base_path,
        absolute_base,
        sink,
        salt,
        wanted,
        pages: Mutex::new(Vec::new()),
        errors: Mutex::new(Vec::new()),
        io_error: Mutex::new(None),
        kept,
        new_release: Mutex::new(None),
        release_entries: Mutex::new(Vec::new()),
    };
    r.emit(OutputFile {
        path: css_path,
        bytes: css.into_bytes(),
    });
    r.emit(OutputFile {
        path: script_path,
        bytes: script.into_bytes(),
    });
    r.emit(OutputFile {
        path: textsize_path,
        bytes: textsize.into_bytes(),
    });
    if site.settings.icon.is_none() {
        r.emit(OutputFile {
            path: icon_path,
            bytes: icon::SVG.as_bytes().to_vec(),
        });
    }
    r.all_pages();
    if let Some((path, e)) = r.io_error.into_inner().ok().flatten() {
        return Err(RenderError::Io(path, e));
    }
    let mut errors = r.errors.into_inner().unwrap_or_default();
    if !errors.is_empty() {
        // Parallel rendering finds errors in any order; report them in a stable one.
        errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        errors.dedup();
        return Err(RenderError::Templates(errors));
    }
    Ok(Rendered {
        pages: r.pages.into_inner().map_or(0, |p| p.len()),
        new_release: r.new_release.into_inner().ok().flatten(),
    })
}

impl Renderer<'_> {
    fn meta(&self, path: &str, title: &str, description: Option<String>, nav: Option<Nav>, sample: bool) -> PageMeta {
        let depth = path.matches('/').count();
        let head_title = if path.is_empty() {
            self.site_view.title.clone()
        } else {
            format!("{title} - {}", self.site_view.title)
        };
        let root = if depth == 0 {
            "./".to_string()
        } else {
            "../".repeat(depth)
        };
        PageMeta {
            dir: path[..path.rfind('/').map_or(0, |i| i + 1)].to_string(),
            css: format!("{root}{}", self.css_path),
            icon: format!("{root}{}", self.icon_path),
            textsize: format!("{root}{}", self.textsize_path),
            root,
            title: title.to_string(),
            head_title,
            description: description.unwrap_or_else(|| self.site_view.description.clone()),
            canonical: self
                .absolute_base
                .as_ref()
                .map(|b| text::encode_url(&format!("{b}{path}"))),
            nav: nav.map_or("", Nav::key),
            nav_items: Nav::items(
                nav,
                path,
                self.site_view.has_notices,
                self.site.latest_year().map(|y| paths::actions(y.year)).as_deref(),
            ),
            sample,
            sample_what: schools::SAMPLE_ROUNDS.to_string(),
            sample_rounds: String::new(),
            column: Nav::column(nav),
            pub_date: None,
            content_source: None,
            script: None,
            feed_link: true,
            redirect: None,
            icon_type: icon::mime(&self.icon_path),
            site_domain: self
                .absolute_base
                .as_ref()
                .and_then(|b| b.split('/').nth(2))
                .map(str::to_string),
            column_type: Nav::column_type(nav),
            dates: None,
        }
    }

    /// The address pages are linked by in the feed and the sitemap: absolute when base_url is.
    fn public_base(&self) -> String {
        self.absolute_base.clone().unwrap_or_else(|| self.base_path.clone())
    }

    /// Hands a file to the sink, keeping the first I/O error.
    fn emit(&self, file: OutputFile) {
        self.emit_page(file, None);
    }

    /// Lists a page for sitemap.xml.
    fn note_page(&self, path: &str) {
        if path.ends_with(".html") {
            if let Ok(mut pages) = self.pages.lock() {
                pages.push(path.to_string());
            }
        }
    }

    /// Hands a file to the sink with the fingerprint of its input, if it has one.
    fn emit_page(&self, mut file: OutputFile, input: Option<String>) {
        text::strip_controls(&mut file);
        self.note_page(&file.path);
        let path = file.path.clone();
        let put = match input {
            Some(input) => self.sink.put_page(file, input),
            None => self.sink.put(file),
        };
        if let Err(e) = put {
            if let Ok(mut slot) = self.io_error.lock() {
                slot.get_or_insert((path, e));
            }
        }
    }

    /// Hands a data file to the sink, or, when it could not be serialized, refuses the build
    /// with the reason (rule X04).
    fn emit_data(&self, made: Result<OutputFile, opendata::Unwritable>) {
        match made {
            Ok(file) => self.emit(file),
            Err(e) => self.error(e.into_diagnostic()),
        }
    }

    fn error(&self, e: Diagnostic) {
        if let Ok(mut errors) = self.errors.lock() {
            errors.push(e);
        }
    }

    /// Renders `template` with `page`, `site` and `data` into `<path>index.html`.
    fn page<T: Serialize>(&self, template: &str, path: &str, meta: PageMeta, data: &T) {
        self.page_at(template, format!("{path}index.html"), meta, data);
    }

    /// Renders a page, unless the previous build rendered the same input into the same path
    /// and the file is still there as it was: then the sink keeps it.
    fn page_at<T: Serialize>(&self, template: &str, file: String, meta: PageMeta, data: &T) {
        let input = self
            .salt
            .as_ref()
            .and_then(|salt| fingerprint::page(salt, template, &file, &meta, data));
        if let Some(input) = &input {
            if self.sink.reuse(&file, input) {
                self.note_page(&file);
                return;
            }
        }
        self.render_page(template, file, &meta, data, input);
    }

    fn render_page<T: Serialize>(
        &self,
        template: &str,
        file: String,
        meta: &PageMeta,
        data: &T,
        input: Option<String>,
    ) {
        let mut ctx = Context::new();
        ctx.insert("page", meta);
        ctx.insert("data", data);
        match self.engine.render_bytes(template, &ctx) {
            Ok(bytes) => self.emit_page(OutputFile { path: file, bytes }, input),
            Err(e) => self.error(e),
        }
    }

    /// Renders a root file whose template has the same name (feed.xml, sitemap.xml, robots.txt).
    fn file(&self, name: &str, ctx: &Context) {
        match self.engine.render_bytes(name, ctx) {
            Ok(bytes) => self.emit(OutputFile {
                path: name.into(),
                bytes,
            }),
            Err(e) => self.error(e),
        }
    }

    fn all_pages(&self) {
        let site = self.site;
        let mut year_views = Vec::with_capacity(site.years.len());
        for (i, year) in site.years.iter().enumerate() {
            // Built once: the year's page, the root page and the site map all read it.
            let view = YearView::new(site, year);
            let title = format!("{}年招生任务与进展", year.year);
            let sample = schools::year_sample_parts(year);
            let mut meta = self.meta(&paths::year(year.year), &title, None, Some(Nav::Home), false);
            meta.set_sample(&sample);
            meta.sample_rounds = mixed_sample_months(year, 0..year.rounds.len());
            meta.dates = DataDates::of(year, None);
            self.page("year.html", &paths::year(year.year), meta.clone(), &view);
            if i + 1 == site.years.len() {
                let mut meta = self.meta("", &title, None, Some(Nav::Home), false);
                meta.set_sample(&sample);
                meta.sample_rounds = mixed_sample_months(year, 0..year.rounds.len());
                meta.dates = DataDates::of(year, None);
                self.page("year.html", "", meta, &view);
            }
            for (shown, folder, title, part, anchor) in [
                (
                    !year.entries.is_empty(),
                    paths::units_folder(year.year),
                    "各单位",
                    "各单位招生任务与累计招生",
                    "units-title",
                ),
                (
                    !year.rounds.is_empty(),
                    paths::reports_folder(year.year),
                    "各月月报",
                    "各月招生情况统计表",
                    "rounds-title",
                ),
            ] {
                if shown {
                    let to = Link {
                        name: format!("{}年概览 · {part}", year.year),
                        path: format!("{}#{anchor}", paths::year(year.year)),
                    };
                    self.folder_page(&folder, &format!("{}年{title}", year.year), to, Nav::Home);
                }
            }
            self.school_pages(year);
            self.actions_page(year);
            (0..year.entries.len()).into_par_iter().for_each(|e| {
                let path = paths::unit(year.year, &site.units[year.entries[e].unit].id);
                if !(self.wanted)(&path) {
                    // Kept from the previous run; still listed in sitemap.xml.
                    if let Ok(mut pages) = self.pages.lock() {
                        pages.push(format!("{path}index.html"));
                    }
                    return;
                }
                // Sketched when pages may be kept: the charts are drawn only if the page is
                // rendered (a unit page is the one kind there are thousands of).
                let unit = match self.salt {
                    Some(_) => crate::charts::sketched(|| UnitView::new(site, year, e)),
                    None => UnitView::new(site, year, e),
                };
                let name = text::isolate(&unit.name);
                let description = format!("{name} {} 年招生任务 {} 人及各月招生进展", year.year, unit.quota);
                let mut meta = self.meta(
                    &path,
                    &format!("{name}（{}年）", year.year),
                    Some(description),
                    Some(Nav::Home),
                    unit.sample,
                );
                let sample = schools::sample_parts(
                    unit.sample,
                    unit.schools.sample_programs,
                    unit.schools.sample_admissions,
                );
                meta.set_sample(&sample);
                let entry = &year.entries[e];
                meta.sample_rounds = mixed_sample_months(
                    year,
                    (0..year.rounds.len()).filter(|&r| entry.progress[r].status != crate::model::Status::Missing),
                );
                meta.dates = DataDates::of(year, None);
                meta.feed_link = false;
                self.page("unit.html", &path, meta, &unit);
            });
            (0..year.rounds.len()).into_par_iter().for_each(|r| {
                let report = ReportView::new(site, year, r);
                let path = paths::report(year.year, year.rounds[r].month);
                let title = format!("{}招生情况统计表", report.summary.label);
                let description = format!("截至{}各单位累计招生人数与招生任务完成率", report.summary.as_of.cn);
                let mut meta = self.meta(&path, &title, Some(description), Some(Nav::Home), report.summary.sample);
                // A round's figures are as of its date; the bureau compiles them from the forms.
                meta.pub_date = Some(format!("{} 00:00", year.rounds[r].as_of.format("%Y-%m-%d")));
                meta.content_source = Some(site.settings.publisher.clone());
                meta.dates = DataDates::of(year, Some(r));
                self.page("report.html", &path, meta, &report);
            });
            year_views.push(view);
        }
        self.across_years_pages(&site.across_years);
        if site.years.is_empty() {
            let meta = self.meta("", "首页", None, Some(Nav::Home), false);
            self.page("empty.html", "", meta, &());
        }
        self.content_pages();
        self.corrections_page(&corrections::all(site));
        year_views.reverse();
        self.fixed_pages(year_views);
        // Each data file is written as soon as it is made; the listing and the data package
        // need only its size and hash.
        let mut data_files = Vec::new();
        // The open data as a release holds it (the paths inside data/ of the files the data
        // package lists), to compare with the last release kept.
        let mut release_files = Vec::new();
        let made = opendata::files(site, &mut |file| {
            data_files.push(opendata::FileSummary::of(&file));
            if let Some(rel) = file
                .path
                .strip_prefix(paths::OPEN_DATA)
                .filter(|_| opendata::in_package(&file.path))
            {
                release_files.push((rel.to_string(), file.bytes.clone()));
            }
            self.emit(file);
        });
        let release = releases::current(self.kept, &release_files, site.data_updated);
        let version = release.as_ref().map(|(name, _)| name.as_str());
        // The releases first: changes.csv is one of the files the data package describes.
        let releases = self.release_pages(site, release.as_ref(), &mut data_files, release_files);
        let made = made.and_then(|()| opendata::datapackage(site, &data_files, self.absolute_base.as_deref(), version));
        match made {
            Ok(package) => {
                data_files.push(opendata::FileSummary::of(&package));
                self.emit(package);
            }
            // The build is refused (see `Unwritable`); the data page is still rendered, so that
            // a template error in it is said in the same run.
            Err(e) => self.error(e.into_diagnostic()),
        }
        let listing = opendata::listing(site, &data_files, &self.public_base(), version);
        let meta = self.meta(
            paths::OPEN_DATA,
            "开放数据",
            Some("招生任务与月报数据下载（CSV、JSON）".into()),
            Some(Nav::Data),
            false,
        );
        /// The data page's listing with the releases (newest first).
        #[derive(Serialize)]
        struct DataPage<'a> {
            #[serde(flatten)]
            listing: &'a opendata::Listing,
            releases: &'a [releases::ReleaseView],
        }
        self.page(
            "data.html",
            paths::OPEN_DATA,
            meta,
            &DataPage {
                listing: &listing,
                releases: &releases.releases,
            },
        );
        for year in &site.years {
            let to = Link {
                name: format!("开放数据 · {}年", year.year),
                path: format!("{}#y{}", paths::OPEN_DATA, year.year),
            };
            self.folder_page(
                &paths::data_folder(year.year),
                &format!("{}年开放数据", year.year),
                to,
                Nav::Data,
            );
        }
        self.feed();
        self.sitemap();
    }

    /// Every release of the open data under `data/releases/` (the kept ones and, when `release`
    /// is new, the current one, whose files are `files`), changes.csv (added to `data_files`, after
    /// the new release's own data package is made of them) and the 更新记录 page.
    fn release_pages(
        &self,
        site: &Site,
        release: Option<&(String, bool)>,
        data_files: &mut Vec<opendata::FileSummary>,
        mut files: Vec<(String, Vec<u8>)>,
    ) -> releases::ReleasesView {
        let mut all: Vec<KeptRelease> = self.kept.to_vec();
        if let Some((name, true)) = release {
            match opendata::datapackage(site, data_files, None, Some(name)) {
                Ok(package) => files.push((PACKAGE.to_string(), package.bytes)),
                // The build is refused; no release is made of what could not be written.
                Err(e) => {
                    self.error(e.into_diagnostic());
                    return releases::ReleasesView::default();
                }
            }
            files.sort_by(|a, b| a.0.cmp(&b.0));
            let new = KeptRelease {
                name: name.clone(),
                files,
            };
            all.push(new.clone());
            if let Ok(mut slot) = self.new_release.lock() {
                *slot = Some(new);
            }
        }
        for r in &all {
            for (path, bytes) in &r.files {
                self.emit(OutputFile {
                    path: format!("{}{path}", paths::release(&r.name)),
                    bytes: bytes.clone(),
                });
            }
            // The release's folder and each folder in it (a year's CSV files) send the reader to
            // the release on the 更新记录 page.
            let folders: std::collections::BTreeSet<&str> = r
                .files
                .iter()
                .filter_map(|(path, _)| path.rfind('/').map(|i| &path[..=i]))
                .collect();
            for folder in std::iter::once("").chain(folders) {
                self.folder_page(
                    &format!("{}{folder}", paths::release(&r.name)),
                    &format!("开放数据版本 {}", r.name),
                    Link {
                        name: format!("更新记录 · 版本 {}", r.name),
                        path: format!("{}#r{}", paths::RELEASES, r.name),
                    },
                    Nav::Data,
                );
            }
        }
        let rows = releases::all_changes(&all);
        let csv = match releases::changes_csv(&rows) {
            Ok(csv) => csv,
            Err(e) => {
                self.error(e.into_diagnostic());
                return releases::ReleasesView::default();
            }
        };
        let view = releases::view(&all, &rows, &csv, site, self.absolute_base.as_deref());
        if let Ok(mut entries) = self.release_entries.lock() {
            *entries = view
                .releases
                .iter()
                .rev()
                .map(|r| (r.name.clone(), r.date.iso.clone(), r.changes.join("；")))
                .collect();
        }
        data_files.push(opendata::FileSummary::of(&csv));
        self.emit(csv);
        let meta = self.meta(
            paths::RELEASES,
            "更新记录",
            Some("开放数据的每一个版本：发布日期、校验值和这一版新增或改动了什么".into()),
            Some(Nav::Data),
            false,
        );
        self.page("releases.html", paths::RELEASES, meta, &view);
        view
    }

    /// The page of a folder that has none of its own (`paths::units_folder`, …): it sends the
    /// reader to `to`, where the folder's contents are listed.
    fn folder_page(&self, path: &str, title: &str, to: Link, nav: Nav) {
        let mut meta = self.meta(path, title, None, Some(nav), false);
        let href = templates::relative_link(&meta.dir, &to.path);
        meta.redirect = Some(href.clone());
        self.page(
            "folder.html",
            path,
            meta,
            &Link {
                name: to.name,
                path: href,
            },
        );
    }

    /// A year's programs pages and its disclosure table in both orders.
    fn school_pages(&self, year: &crate::model::Year) {
        let site = self.site;
        if !year.schools.programs.is_empty() {
            schools::ProgramsPageView::plan(year)
                .into_par_iter()
                .for_each(|(group, plan)| {
                    let path = plan.path.clone();
                    let view = schools::ProgramsPageView::new(site, year, group, plan);
                    let title = match (&view.index, view.groups.first()) {
                        (Some(_), Some(g)) => format!("{}年招生专业：{}", year.year, g.name),
                        _ => format!("{}年招生专业与计划", year.year),
                    };
                    let mut meta = self.meta(
                        &path,
                        &title,
                        Some(format!(
                            "{}年各学校的招生专业、招生类型、计划人数和学费，按专业查找学校",
                            year.year
                        )),
                        Some(Nav::Home),
                        false,
                    );
                    meta.set_sample(if view.sample { &[schools::SAMPLE_PROGRAMS] } else { &[] });
                    self.page("programs.html", &path, meta, &view);
                });
        }
        // Up to 2 × units / 200 pages of a wide table: rendered in parallel like the unit pages.
        let plans: Vec<(bool, schools::PagePlan)> = [false, true]
            .into_iter()
            .flat_map(|by_missing| {
                schools::DisclosurePageView::plan(year, by_missing)
                    .into_iter()
                    .map(move |plan| (by_missing, plan))
            })
            .collect();
        plans.into_par_iter().for_each(|(by_missing, plan)| {
            let path = plan.path.clone();
            let view = schools::DisclosurePageView::new(site, year, by_missing, plan);
            let mut meta = self.meta(
                &path,
                &format!("{}年各单位信息公开情况", year.year),
                Some(format!(
                    "{}年各单位是否公开招生简章、招生政策、招生专业、招生计划和录取结果，月报报送和警示情况",
                    year.year
                )),
                Some(Nav::Home),
                false,
            );
            meta.set_sample(&view.sample);
            self.page("disclosure.html", &path, meta, &view);
        });
    }

    /// The year's 警示与处理 page.
    fn actions_page(&self, year: &crate::model::Year) {
        let path = paths::actions(year.year);
        let view = actions::ActionsPageView::new(self.site, year);
        let meta = self.meta(
            &path,
            &format!("{}年警示与处理", year.year),
            Some(format!(
                "{}年对违规招生学校的警示标注、限制报名人数、压缩招生人数、停止招生等措施及通报",
                year.year
            )),
            Some(Nav::Actions),
            false,
        );
        self.page("actions.html", &path, meta, &view);
    }

    fn content_pages(&self) {
        let site = self.site;
        #[derive(Serialize)]
        struct PageView {
            title: String,
            date: Option<DateView>,
            updated: Option<DateView>,
            document: Option<String>,
            issuer: Option<String>,
            unit: Option<Link>,
            body: String,
            notice: bool,
        }
        for p in &site.pages {
            let path = paths::page(&p.slug);
            let latest_year = site.latest_year().map(|y| y.year);
            let unit = p.unit.map(|u| {
                let name = site.units[u].name.clone();
                let year = site
                    .years
                    .iter()
                    .rev()
                    .find(|y| y.entry_of(u).is_some())
                    .map(|y| y.year)
                    .or(latest_year);
                Link {
                    name,
                    path: year.map_or(String::new(), |y| paths::unit(y, &site.units[u].id)),
                }
            });
            let view = PageView {
                title: p.title.clone(),
                date: p.date.map(DateView::from),
                updated: p.updated.map(DateView::from),
                document: p.document.clone(),
                issuer: p.issuer.clone(),
                unit,
                body: markdown::to_html(&p.body),
                notice: p.is_notice(),
            };
            let description = p.description.clone().unwrap_or_else(|| markdown::summary(&p.body, 120));
            let nav = p.is_notice().then_some(Nav::Notices);
            let mut meta = self.meta(&path, &p.title, Some(description), nav, false);
            meta.pub_date = p.date.map(|d| format!("{} 00:00", d.format("%Y-%m-%d")));
            meta.content_source = p.issuer.clone().or_else(|| Some(site.settings.publisher.clone()));
            self.page("page.html", &path, meta, &view);
        }
    }

    fn fixed_pages(&self, years: Vec<YearView>) {
        let site = self.site;
        let notices: Vec<PageLink> = {
            let mut list: Vec<&crate::model::Page> = site.pages.iter().filter(|p| p.is_notice()).collect();
            list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
            list.into_iter().map(page_link).collect()
        };
        if !notices.is_empty() {
            let meta = self.meta(
                paths::NOTICES,
                "通知公告",
                Some("招生工作通知、文件".into()),
                Some(Nav::Notices),
                false,
            );
            self.page("notices.html", paths::NOTICES, meta, &notices);
        }
        let notice_source = site
            .pages
            .iter()
            .filter(|p| p.is_notice())
            .max_by_key(|p| p.date)
            .map(page_link);
        let meta = self.meta(
            paths::CONTACT,
            "举报与咨询",
            Some("招生举报电话、邮箱、平台与咨询联系人".into()),
            Some(Nav::Contact),
            false,
        );
        self.page("contact.html", paths::CONTACT, meta, &notice_source);
        self.blacklist_page();
        let meta = self.meta(
            paths::GLOSSARY,
            "名词解释",
            Some("招生任务、完成率与四类招生的含义".into()),
            Some(Nav::Glossary),
            false,
        );
        self.page("glossary.html", paths::GLOSSARY, meta, &());

        #[derive(Serialize)]
        struct SitemapView {
            years: Vec<YearView>,
            notices: Vec<PageLink>,
            pages: Vec<PageLink>,
        }
        let map = SitemapView {
            years,
            notices: notices.clone(),
            pages: site.pages.iter().filter(|p| !p.is_notice()).map(page_link).collect(),
        };
        self.search();
        let meta = self.meta(paths::SITEMAP_PAGE, "网站地图", None, None, false);
        self.page("sitemap.html", paths::SITEMAP_PAGE, meta, &map);

        // 404 is served at any address, so its links start from the site's base path.
        let mut meta = self.meta("", "页面不存在", None, None, false);
        meta.root.clone_from(&self.base_path);
        meta.css = format!("{}{}", self.base_path, self.css_path);
        meta.icon = format!("{}{}", self.base_path, self.icon_path);
        meta.textsize = format!("{}{}", self.base_path, self.textsize_path);
        meta.head_title = format!("页面不存在 - {}", self.site_view.title);
        self.page_at("404.html", "404.html".into(), meta, &());
    }
}
