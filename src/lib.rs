//! sunshine (阳光招生): turns an education bureau's TOML data into a static transparency site.
//!
//! The pipeline, one module per stage:
//! `load` (files → raw records with spans) → `validate` (rules → diagnostics) →
//! `model` (figures) → `render` (pages, charts, feeds, open data) → `output` (atomic write).

pub mod diagnostics;
pub mod load;
pub mod model;
pub mod paths;
pub mod source;
pub mod validate;

use std::path::Path;

use diagnostics::{Diagnostic, Diagnostics, Severity};

/// The outcome of checking a site: the model when it is valid, and every diagnostic found.
pub struct Checked {
    pub raw: load::raw::RawSite,
    pub site: Option<model::Site>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// True when the site may be published: no errors, and no warnings under `strict`.
    pub fn passes(&self, strict: bool) -> bool {
        self.errors().next().is_none() && !(strict && self.warnings().next().is_some())
    }
}

/// Loads, validates and models the site under `root`.
pub fn check(root: &Path) -> Result<Checked, load::IoError> {
    if !root.is_dir() {
        let error = std::io::Error::new(std::io::ErrorKind::NotFound, "站点目录不存在 (site root not found)");
        return Err(load::IoError {
            path: root.to_path_buf(),
            error,
        });
    }
    let mut diags = Diagnostics::new();
    let raw = load::load_site(root, &mut diags)?;
    diags.extend(validate::validate(&raw));
    let site = if diags.has_errors() {
        None
    } else {
        let site = model::build(&raw);
        diags.extend(validate::warnings(&site, &raw.sources));
        Some(site)
    };
    Ok(Checked {
        raw,
        site,
        diagnostics: diags.into_sorted(),
    })
}
