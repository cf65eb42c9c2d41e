//! The commit step both imports share: the generated file, already checked with the whole site
//! as if it were in place, is refused on any error, or (a dry run) reported ready, or written
//! beside its target and renamed over it, so that at any moment the file is the old one or the
//! new, checked one.

use std::path::Path;

use super::{refused, Outcome, Ready};
use crate::diagnostics::{Diagnostic, Severity};
use crate::output::atomic::write_atomically;
use crate::Error;

/// A generated data file and what the site check found with it in place.
pub(super) struct Commit<'a> {
    /// The site's root, and the file relative to it.
    pub(super) root: &'a Path,
    pub(super) rel: String,
    /// The file's text, as it is written.
    pub(super) text: String,
    /// The sheet as messages name it.
    pub(super) display: &'a str,
    /// The site check's findings, with the file in place.
    pub(super) checked: Vec<Diagnostic>,
    /// Each finding as the clerk acts on it: one in the generated file moved to the sheet's cell.
    pub(super) at_sheet: &'a dyn Fn(Diagnostic) -> Diagnostic,
    /// The import's own findings, added as they are.
    pub(super) extra: Vec<Diagnostic>,
    /// The records read from the sheet.
    pub(super) rows: usize,
    /// What the user should know so far.
    pub(super) notes: Vec<String>,
    /// The note that the file replaced was a template or `new`'s sample, said once it is
    /// written, or would be.
    pub(super) template: Option<String>,
    /// Notes said only once the file is written (the corrections recorded).
    pub(super) recorded: Vec<String>,
    /// Check everything and write nothing: [`Outcome::Ready`].
    pub(super) dry_run: bool,
    /// For a dry run: the units a `[[correction]]` would be written for, and those whose late
    /// form would be accepted.
    pub(super) corrected: Vec<String>,
    pub(super) accepted_late: Vec<String>,
    /// What a failed write left unchanged, and what to do.
    pub(super) io_hint: &'static str,
}

/// Commits `c`: its findings set aside (the site's stand-ins), moved to the sheet and sorted;
/// then the refusal on any error, the dry run's [`Ready`], or the file written.
pub(super) fn commit(c: Commit<'_>) -> Result<Outcome, Error> {
    let Commit {
        root,
        rel,
        text,
        display,
        checked,
        at_sheet,
        extra,
        rows,
        mut notes,
        template,
        recorded,
        dry_run,
        corrected,
        accepted_late,
        io_hint,
    } = c;
    let (kept, placeholders) = set_aside_placeholders(checked, &rel);
    let failed = kept.iter().any(|d| d.severity == Severity::Error);
    let mut diagnostics: Vec<Diagnostic> = kept.into_iter().map(at_sheet).chain(extra).collect();
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.path, a.line, a.col, &a.message).cmp(&(b.severity, &b.path, b.line, b.col, &b.message))
    });
    if failed {
        return Ok(refused(diagnostics, &notes, display));
    }
    if dry_run {
        notes.extend(template);
        return Ok(Outcome::Ready(Box::new(Ready {
            path: rel,
            text,
            rows,
            diagnostics,
            notes,
            placeholders,
            corrected,
            accepted_late,
        })));
    }
    let target = root.join(&rel);
    write_atomically(&target, text.as_bytes()).map_err(|error| Error::Io {
        path: target.clone(),
        error,
        hint: Some(io_hint),
    })?;
    notes.extend(template);
    notes.extend(recorded);
    Ok(Outcome::Written {
        path: rel,
        rows,
        diagnostics,
        notes,
        placeholders,
    })
}

/// The site's own stand-ins from `sunshine new` (某某市, 0000-00000000 in site.toml…) do not stop
/// an import, only `build`: they are left out of what the import prints, and counted. One in the
/// file being imported (`rel`) came from the table and stays an error.
pub(crate) fn set_aside_placeholders(diagnostics: Vec<Diagnostic>, rel: &str) -> (Vec<Diagnostic>, usize) {
    let (aside, kept): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
        .into_iter()
        .partition(|d| d.severity == Severity::Error && d.rule.is_placeholder() && d.path != rel);
    (kept, aside.len())
}
