//! One file per command (mdBook's `src/cmd/`): each declares its arguments (clap's `Args`) and
//! `run`s them, calling the library and printing what it did. What they share is here: the one
//! place a diagnostic is printed, and how a refusal is counted.

use sunshine::diagnostics::{Diagnostic, Printing};

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod form;
pub(crate) mod import;
pub(crate) mod new;
pub(crate) mod serve;

/// The most diagnostics a command prints; the rest are counted.
const MAX_PRINTED: usize = 50;

/// The one place the command line prints a [`Diagnostic`]: at most `limit`, then a count of the
/// rest, so that a form with a hundred broken cells does not scroll the first ones away; warnings
/// about earlier rounds in full only when `earlier_in_full`.
fn print_diagnostics(diagnostics: &[Diagnostic], limit: usize, earlier_in_full: bool) {
    sunshine::diagnostics::print(diagnostics, Printing { limit, earlier_in_full });
}

/// "3 个错误" when there are errors, else the warnings that `--strict` refused.
fn why_refused(errors: usize, warnings: usize) -> String {
    if errors > 0 {
        format!("{errors} 个错误")
    } else {
        format!("{warnings} 个警告（--strict）")
    }
}
