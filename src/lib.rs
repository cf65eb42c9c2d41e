//! sunshine (阳光招生): turns an education bureau's TOML data into a static transparency site.
//!
//! The pipeline, one module per stage:
//! `load` (files → raw records with spans) → `validate` (rules → diagnostics) →
//! `model` (figures) → `render` (pages, charts, feeds, open data) → `output` (atomic write).
//!
//! Every public item is documented (`missing_docs`), but for the modules allowed below, each with
//! the count of items still owed when the lint was turned on (issue 27): document a module's
//! items, then remove its `allow`.
#![warn(missing_docs)]

// missing_docs: 34 items owed (the charts' rows and sizes).
#[allow(missing_docs)]
pub mod charts;
pub mod diagnostics;
pub mod edit;
mod error;
pub mod fmt;
pub mod hash;
// missing_docs: 24 items owed (the import requests and outcomes).
#[allow(missing_docs)]
pub mod import;
// missing_docs: 29 items owed (the raw records' fields, declared by `record!`).
#[allow(missing_docs)]
pub mod load;
// missing_docs: 66 items owed (the model's fields, named as the data's keys).
#[allow(missing_docs)]
pub mod model;
pub mod names;
pub mod output;
// missing_docs: 25 items owed (the output layout's path functions).
#[allow(missing_docs)]
pub mod paths;
pub mod placeholders;
pub mod published;
// missing_docs: 229 items owed (the views' fields, named for the templates that read them).
#[allow(missing_docs)]
pub mod render;
pub mod scaffold;
// missing_docs: 4 items owed (the preview's entry points).
#[allow(missing_docs)]
pub mod serve;
pub mod source;
pub mod text_rules;
pub mod tree;
pub mod validate;
// missing_docs: 21 items owed (the vocabulary's variants, named as the data writes them).
#[allow(missing_docs)]
pub mod vocab;
pub mod workbench;

use std::path::{Path, PathBuf};

use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use error::Error;

/// The outcome of checking a site: the model, and every diagnostic found.
pub struct Checked {
    /// The records as read, with their positions, for messages and the published-figure check.
    pub raw: load::raw::RawSite,
    /// The model when the site is valid, or when its only errors are stand-ins left from an
    /// example (see [`diagnostics::rules::PLACEHOLDERS`]), which [`Checked::passes`] refuses.
    pub site: Option<model::Site>,
    /// Every error and warning found, sorted (errors first, then by file and position).
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// The errors: any one refuses the site.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The warnings: errors only under `--strict`.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// The stand-ins left from an example: errors that the preview shows in a banner.
    pub fn placeholders(&self) -> impl Iterator<Item = &Diagnostic> {
        self.errors().filter(|d| d.rule.is_placeholder())
    }

    /// True when the site may be published: no errors, and no warnings under `strict`.
    pub fn passes(&self, strict: bool) -> bool {
        self.errors().next().is_none() && !(strict && self.warnings().next().is_some())
    }
}

/// Loads, validates and models the site under `root`.
pub fn check(root: &Path) -> Result<Checked, Error> {
    check_with(root, None)
}

/// As [`check`], and then, like `build`, compares the data with what was published: the record
/// kept with the data (`published.lock`) and the site already published in `out`. A published
/// figure changed without a `[[correction]]` (or a quota without an `[[adjustment]]`, a year or a
/// round withdrawn without a `[[withdrawal]]`) is an error here too, so `check` passing means
/// `build` will not refuse it. The comparison runs whatever else is wrong, so that every error
/// comes in one run.
pub fn check_against(root: &Path, out: &Path) -> Result<Checked, Error> {
    let mut checked = check(root)?;
    let found = against_published(
        &checked.raw,
        checked.site.as_ref(),
        root,
        out,
        output::Manifest::is_in(out),
        None,
    )
    .0;
    checked.add_published(found);
    if let Err(found) = published::releases::kept(root) {
        checked.add_published(found);
    }
    Ok(checked)
}

/// The published-figure guard of `serve`, to add with [`Checked::add_published`]: the data
/// compared with the record kept with it and with the site in `out`, as `build` compares. That
/// no record starts the history (C14) is for `build` and `check` to say: the preview writes
/// nothing, and a site being set up must still be seen.
pub(crate) fn published_in(
    raw: &load::raw::RawSite,
    site: Option<&model::Site>,
    root: &Path,
    out: &Path,
) -> Diagnostics {
    let (found, _) = against_published(raw, site, root, out, output::Manifest::is_in(out), None);
    let mut kept = Diagnostics::new();
    for d in found.into_sorted() {
        if d.rule != diagnostics::rules::NO_PUBLISHED_RECORD {
            kept.push(d);
        }
    }
    kept
}

impl Checked {
    /// Adds the comparison with the published site: its errors refuse the site. With errors in
    /// the data already, every changed figure read is said with them, but a published record
    /// said to be gone (C06) only when the file it was in has no error of its own: a row or a
    /// file that could not be read is not gone, and is compared once it is fixed.
    pub(crate) fn add_published(&mut self, found: Diagnostics) {
        let errors: std::collections::BTreeSet<&str> = self
            .errors()
            .map(|d| d.path.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        let unread = |d: &Diagnostic| {
            d.rule == diagnostics::rules::PUBLISHED_ROW_REMOVED
                && errors.iter().any(|path| d.path == *path || d.message.contains(path))
        };
        let found: Vec<Diagnostic> = found.into_sorted().into_iter().filter(|d| !unread(d)).collect();
        if found.iter().any(|d| d.severity == Severity::Error) {
            self.site = None;
        }
        self.diagnostics.extend(found);
    }
}

/// The data against what was published: the record kept with the data (`<root>/published.lock`)
/// and, when `out` holds our manifest (`ours`), the open data of the site there; both are
/// compared, and a disagreement between them is said. With neither, rounds published days ago
/// are refused unless `history` says the record starts here. Figures derived by the model
/// (rolled-up rows, totals) are compared when the data gave a model (`site`). Returns the
/// diagnostics and the history line the record keeps (the old record's, or the one `history`
/// starts).
fn against_published(
    raw: &load::raw::RawSite,
    site: Option<&model::Site>,
    root: &Path,
    out: &Path,
    ours: bool,
    history: Option<&str>,
) -> (Diagnostics, Option<published::lock::History>) {
    let lock = match published::lock::read(root) {
        Ok(lock) => lock,
        Err(diags) => return (diags, None),
    };
    // The site in `out`: its compact record when the manifest vouches for it (else its open
    // data, with a warning when the record was tampered with).
    let (json, mut diags) = match ours.then(|| published::Published::read_output(out)) {
        Some((record, note)) => (Some(record), note),
        None => (None, Diagnostics::new()),
    };
    if let Some(lock) = &lock {
        diags.extend(published::check(raw, site, &lock.record));
    }
    if let Some(json) = &json {
        // The same record twice (the usual case: the lock and the site were written by the same
        // build) gives the same diagnostics twice: compared once.
        if lock.as_ref().is_none_or(|lock| lock.record != *json) {
            diags.extend(published::check(raw, site, json));
            if let Some(lock) = &lock {
                diags.extend(published::disagreement(&lock.record, json, out));
            }
        }
    }
    let kept = lock.as_ref().and_then(|l| l.history.clone());
    match (history.map(str::trim), &lock, &json) {
        (Some(_), Some(_), _) => diags.push_raw_error(
            diagnostics::rules::NO_PUBLISHED_RECORD,
            published::lock::FILE,
            1,
            1,
            format!("已经有已公布数字的记录 {}，不能再从这里重新开始记录", published::lock::FILE),
            "去掉 --history-starts-here；已公布的数字要改，就在数据里写更正记录 [[correction]]",
        ),
        (Some(""), None, _) => diags.push_raw_error(
            diagnostics::rules::NO_PUBLISHED_RECORD,
            published::lock::FILE,
            1,
            1,
            "--history-starts-here 要写明原因",
            "写成 --history-starts-here \"原因\"，如 --history-starts-here \"从旧网站迁移，2024 年已公布的数字以旧网站为准\"",
        ),
        (Some(reason), None, _) => {
            return (
                diags,
                Some(published::lock::History {
                    date: published::today(),
                    reason: reason.to_string(),
                }),
            )
        }
        (None, None, None) => diags.extend(published::unrecorded_history(raw, root, out)),
        (None, _, _) => {}
    }
    (diags, kept)
}

/// As [`check`], with one data file (path relative to the root, and its text) taken as if it
/// were written: a new file is checked with the whole site before it is written.
pub fn check_with(root: &Path, overlay: Option<(&str, &str)>) -> Result<Checked, Error> {
    if !root.is_dir() {
        let why = if root.exists() {
            "不是一个目录 (not a folder)"
        } else {
            "站点目录不存在 (site root not found)"
        };
        let error = std::io::Error::new(std::io::ErrorKind::NotFound, why);
        return Err(Error::Load(load::IoError {
            path: root.to_path_buf(),
            error,
        }));
    }
    let mut diags = Diagnostics::new();
    let raw = load::load_site_with(root, &mut diags, overlay)?;
    diags.extend(validate::validate(&raw));
    // A site whose only errors are stand-ins still makes a model: `serve` shows it under a banner,
    // while `passes` refuses it, so `check` and `build` never publish it.
    let site = if diags.errors().any(|d| !d.rule.is_placeholder()) {
        None
    } else {
        let site = model::build(&raw);
        diags.extend(model::warnings(&site, &raw.sources));
        Some(site)
    };
    Ok(Checked {
        raw,
        site,
        diagnostics: diags.into_sorted(),
    })
}

/// Once per build, when base_url is only a path: sitemap.xml and feed.xml hold no absolute
/// addresses then, and search engines and feed readers cannot use them. Said after the site is
/// written (a preview build is fine), so `--strict` is not about it.
fn base_url_warning(raw: &load::raw::RawSite) -> Vec<Diagnostic> {
    let Some(settings) = &raw.settings else {
        return Vec::new();
    };
    let base = settings.base_url.as_ref();
    if base.is_some_and(|b| b.value.starts_with("http")) {
        return Vec::new();
    }
    let loc = base.map_or_else(|| settings.loc.clone(), |b| b.loc.clone());
    let mut d = Diagnostics::new();
    d.warning(
        diagnostics::rules::BASE_URL_NOT_ABSOLUTE,
        &raw.sources,
        loc,
        "base_url 只是网站内的路径，sitemap.xml 和 feed.xml 里的地址不完整，搜索引擎和订阅软件用不了；开放数据的建议引用也没有网址，记者引用时无法指向发布的版本",
        "上线前在 data/site.toml 里把 base_url 写成完整网址，如 base_url = \"https://zsxx.example.gov.cn/\"；本机预览可以不管",
    );
    d.into_sorted()
}

/// What a build did.
pub struct Built {
    /// Every error and warning of the build, sorted, the comparison with the published figures included.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages and files written; None when the data or templates were refused (nothing written).
    pub written: Option<(usize, usize)>,
    /// Files in the output that sunshine did not write and kept as they were.
    pub kept: Vec<String>,
    /// Pages (`.html`) rendered by this build; the others were kept from the previous build
    /// unrendered, their input unchanged.
    pub rendered: usize,
    /// The files this build added, changed and removed in the output (empty when nothing was
    /// written).
    pub changes: output::Changes,
    /// The release of the open data this build kept under `releases/`, and whether it is the
    /// first (the history of releases starts there); None when the open data is the last
    /// release's.
    pub release: Option<(String, bool)>,
}

/// Checks, renders and writes the site under `root` into `out`. `out` must be a new or empty
/// folder or a site built before (see `output::guard`); nothing in it changes unless the whole
/// site was rendered and written, and no file sunshine did not write is removed or overwritten.
pub fn build(root: &Path, out: &Path, strict: bool) -> Result<Built, Error> {
    build_with(root, out, strict, None)
}

/// As [`build`]; `history_starts_here` is the reason given for starting the published record
/// (`published.lock`) afresh where none exists (`--history-starts-here`). After the site is
/// written, the record is updated with what this build published.
pub fn build_with(root: &Path, out: &Path, strict: bool, history_starts_here: Option<&str>) -> Result<Built, Error> {
    // The data is read while the output folder is looked at (both only read; the guard may
    // put back a site a killed build left half-replaced, outside the sources).
    let (checked, target) = rayon::join(|| check(root), || output::check_out(root, out));
    let checked = checked.map_err(|e| match e {
        Error::Load(e) => Error::BuildLoad(e),
        e => e,
    })?;
    let target = target.map_err(Error::Out)?;
    let ours = target.has_manifest();
    let Some(site) = checked.site.as_ref().filter(|_| checked.passes(strict)) else {
        // Refused already: the published figures are compared all the same, so that every
        // error comes in this one run.
        let mut checked = checked;
        let found = against_published(
            &checked.raw,
            checked.site.as_ref(),
            root,
            out,
            ours,
            history_starts_here,
        )
        .0;
        checked.add_published(found);
        if let Err(found) = published::releases::kept(root) {
            checked.add_published(found);
        }
        return Ok(Built {
            diagnostics: checked.diagnostics,
            written: None,
            kept: Vec::new(),
            rendered: 0,
            changes: output::Changes::default(),
            release: None,
        });
    };
    // The releases of the open data kept under the site root, each checked against its hashes
    // and the record: one gone or altered refuses the build.
    let (releases_kept, kept_errors) = match published::releases::kept(root) {
        Ok(kept) => (kept, Diagnostics::new()),
        Err(found) => (Vec::new(), found),
    };
    let baseline = output::Baseline::of(&target);
    // Made from the same input as the site in `out`, whose files are all as that build wrote
    // them: every generated file is kept unrendered (static files are still compared).
    // The kept releases are published too: their names and hashes are part of the input.
    // The kept releases are published too: their names and hashes are part of the input (the
    // next build's input holds the release this one makes, so it is sealed with it).
    let site_input = render::site_input(&checked.raw);
    let with_releases = |releases: &mut dyn Iterator<Item = &load::releases::KeptRelease>| {
        releases.fold(site_input.clone(), |input, r| {
            hash::sha256_hex(format!("{input}\n{}\n{}", r.name, r.package_sha256()).as_bytes())
        })
    };
    let input = with_releases(&mut releases_kept.iter());
    let static_paths: std::collections::HashSet<String> = checked
        .raw
        .static_files
        .iter()
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .collect();
    let kept = baseline.same_site(&input, &static_paths);
    let mut staging = output::Staging::new(target).map_err(Error::Write)?;
    let sink = output::DirSink::new(staging.path(), baseline);
    // A figure the public has seen changes only with a record that keeps the old value: a
    // [[correction]] for a report's figure, an [[adjustment]] for a quota. Compared while the
    // site is rendered into the staging folder, which a refusal drops unseen.
    let ((mut found, history), rendered) = rayon::join(
        || against_published(&checked.raw, Some(site), root, out, ours, history_starts_here),
        || match kept {
            Some(kept) => {
                let kept: Vec<_> = kept.into_iter().filter(|e| e.path != published::OUT_RECORD).collect();
                let pages = kept.iter().filter(|e| e.path.ends_with(".html")).count();
                sink.keep(kept);
                Ok(render::Rendered {
                    pages,
                    new_release: None,
                })
            }
            None => render::render_releases(site, &checked.raw.templates, &sink, &|_| true, &releases_kept),
        },
    );
    found.extend(kept_errors);
    if found.has_errors() || (strict && found.warnings().next().is_some()) {
        let mut diagnostics = checked.diagnostics;
        diagnostics.extend(found.into_sorted());
        return Ok(Built {
            diagnostics,
            written: None,
            kept: Vec::new(),
            rendered: 0,
            changes: output::Changes::default(),
            release: None,
        });
    }
    let rendered = match rendered {
        Ok(rendered) => rendered,
        Err(render::RenderError::Templates(errors)) => {
            let mut diagnostics = checked.diagnostics;
            diagnostics.extend(errors);
            return Ok(Built {
                diagnostics,
                written: None,
                kept: Vec::new(),
                rendered: 0,
                changes: output::Changes::default(),
                release: None,
            });
        }
        Err(render::RenderError::Io(path, error)) => {
            return Err(Error::Write(output::WriteError {
                path: out.join(path),
                error,
            }))
        }
    };
    // The compact record of what this site publishes, beside the manifest: the next `check`
    // and `build` compare with it instead of reading every data/<year>.json.
    if let Err(error) = render::Sink::put(
        &sink,
        render::OutputFile {
            path: published::OUT_RECORD.to_string(),
            bytes: published::out_record(site).into_bytes(),
        },
    ) {
        return Err(Error::Write(output::WriteError {
            path: out.join(published::OUT_RECORD),
            error,
        }));
    }
    let rendered_count = sink.rendered();
    let (mut written, mut staged, baseline) = sink.into_parts();
    let generated: std::collections::BTreeSet<String> = written.iter().map(|e| e.path.clone()).collect();
    let static_dir: PathBuf = root.join("static");
    let (copied, copied_staged) = staging
        .copy_static(&static_dir, &checked.raw.static_files, &generated, &baseline)
        .map_err(Error::Write)?;
    written.extend(copied);
    staged.extend(copied_staged);
    let paths: std::collections::BTreeSet<String> = written.iter().map(|e| e.path.clone()).collect();
    staging.target_mut().settle(root, &paths).map_err(Error::Out)?;
    let kept = staging.target().foreign.clone();
    // The input is kept for the next build only when no static file has the path of a
    // generated one (then every file of the manifest at a static file's path is its copy).
    let input = with_releases(&mut releases_kept.iter().chain(rendered.new_release.as_ref()));
    let input = (!static_paths.iter().any(|p| generated.contains(p)))
        .then(|| output::incremental::seal(&input, written.iter().filter(|e| !static_paths.contains(&e.path))));
    let files = written.len() + 1; // and the manifest
    let changes = staging.commit(written, &staged, input).map_err(Error::Write)?;
    // A new release of the open data is kept under the site root, whole or not at all, and
    // never over one kept (after the site, before the record that lists it).
    let mut releases: Vec<(String, String)> = releases_kept
        .iter()
        .map(|r| (r.name.clone(), r.package_sha256()))
        .collect();
    if let Some(new) = &rendered.new_release {
        published::releases::write(root, new).map_err(|error| {
            Error::Write(output::WriteError {
                path: root.join(load::releases::DIR).join(&new.name),
                error,
            })
        })?;
        releases.push((new.name.clone(), new.package_sha256()));
    }
    // What this build published becomes the record kept with the data, written whole or not at
    // all (after the site: a record ahead of the site would be stricter, never laxer).
    let record = published::lock::render(&published::Published::of_site(site), history.as_ref(), &releases);
    published::lock::write(root, &record).map_err(|error| {
        Error::Write(output::WriteError {
            path: root.join(published::lock::FILE),
            error,
        })
    })?;
    let mut diagnostics = checked.diagnostics;
    diagnostics.extend(found.into_sorted());
    diagnostics.extend(base_url_warning(&checked.raw));
    Ok(Built {
        diagnostics,
        written: Some((rendered.pages, files)),
        kept,
        rendered: rendered_count,
        changes,
        release: rendered.new_release.map(|r| (r.name, releases.len() == 1)),
    })
}
