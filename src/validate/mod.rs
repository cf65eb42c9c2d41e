//! Stage 2 — validate: the contract's rules over the raw records, as diagnostics.
//!
//! Errors are found here, on the raw records. Warnings need figures (roll-ups, previous months),
//! so they are read off the model by `model::warnings` once it is built.

mod blacklist;
mod corrections;
mod pages;
mod programs;
mod settings;
pub use settings::destination_problem;
mod units;
mod years;

pub use blacklist::credit_check_character;

use crate::diagnostics::{rules, Rule};
use std::collections::HashMap;

use crate::diagnostics::{did_you_mean, Diagnostics};
use crate::load::raw::{RawSite, RawUnit};
use crate::source::{Field, Sources};

/// Checks every error rule; the result is empty when the model can be built.
pub fn validate(site: &RawSite) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut v = Validator {
        sources: &site.sources,
        diags: &mut diags,
    };
    if let Some(settings) = &site.settings {
        settings::check(&mut v, settings);
    }
    // units_file is set only when the file parsed, so an empty list here is a real omission.
    if let (Some(file), true) = (site.units_file, site.units.is_empty()) {
        v.diags.error(
            rules::NO_UNITS,
            v.sources,
            crate::source::Loc::file_start(file),
            "单位名单是空的",
            "每个单位写一段 [[unit]]，包含 id、name 和 kind",
        );
    }
    // When units.toml itself is broken, every reference would look dangling: say nothing of them.
    let index = UnitIndex::new(&site.units, site.units_file.is_some());
    let tree = units::check(&mut v, &site.units, &index);
    for year in &site.years {
        years::check(&mut v, year, &tree, &index);
    }
    blacklist::check(&mut v, site, &index);
    pages::check(&mut v, site, &index);
    pages::check_static(&mut v, site);
    diags
}

pub(crate) struct Validator<'a> {
    pub sources: &'a Sources,
    pub diags: &'a mut Diagnostics,
}

impl Validator<'_> {
    pub(crate) fn error<T>(
        &mut self,
        rule: &'static Rule,
        field: &Field<T>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diags.error(rule, self.sources, field.loc.clone(), message, hint);
    }

    pub(crate) fn warning<T>(
        &mut self,
        rule: &'static Rule,
        field: &Field<T>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diags.warning(rule, self.sources, field.loc.clone(), message, hint);
    }
}

/// Looks units up by id (first occurrence wins) and explains references to no unit.
pub(crate) struct UnitIndex<'a> {
    units: &'a [RawUnit],
    /// False when units.toml did not parse; unknown references are then not reported.
    complete: bool,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> UnitIndex<'a> {
    pub(crate) fn new(units: &'a [RawUnit], complete: bool) -> Self {
        let mut by_id = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            by_id.entry(u.id.value.as_str()).or_insert(i);
        }
        Self { units, complete, by_id }
    }

    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The unit a reference names, or an error that suggests the likely one.
    pub(crate) fn resolve(&self, v: &mut Validator<'_>, reference: &Field<String>, what: &str) -> Option<usize> {
        if let Some(i) = self.get(&reference.value) {
            return Some(i);
        }
        if !self.complete {
            return None;
        }
        let wrote = &reference.value;
        let hint = if let Some(u) = self.units.iter().find(|u| u.name.value == *wrote) {
            format!(
                "这里要写单位代码（id）而不是名称：写 \"{}\"（{}）",
                u.id.value, u.name.value
            )
        } else if let Some(id) = did_you_mean(wrote, self.units.iter().map(|u| u.id.value.as_str())) {
            let name = &self.units[self.by_id[id]].name.value;
            format!("是否想写 \"{id}\"（{name}）？单位代码见 data/units.toml")
        } else if let Some(name) = did_you_mean(wrote, self.units.iter().map(|u| u.name.value.as_str())) {
            let u = self
                .units
                .iter()
                .find(|u| u.name.value == name)
                .map(|u| u.id.value.as_str())
                .unwrap_or_default();
            format!("是否指 {name}？请写它的单位代码 \"{u}\"")
        } else {
            "先在 data/units.toml 中登记这个单位，或改成已有单位的代码（id）".to_string()
        };
        v.error(
            rules::UNKNOWN_UNIT,
            reference,
            format!("{what} \"{wrote}\" 不是 data/units.toml 中的任何单位"),
            hint,
        );
        None
    }
}

/// `http://` or `https://` followed by a host: no `javascript:` or other schemes reach a link.
pub(crate) fn is_web_url(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
    })
}
