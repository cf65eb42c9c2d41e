//! The one place diagnostics are printed (to stderr), for the command line and the preview.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use super::{Diagnostic, Severity};

/// How one run prints what it found.
#[derive(Debug, Clone, Copy)]
pub struct Printing {
    /// At most this many are printed; the rest are counted.
    pub limit: usize,
    /// Warnings about earlier rounds in full (`check`, `--strict`), or counted in one line
    /// (`build`, `serve`, `import`: the clerk saw them when that month was current).
    pub earlier_in_full: bool,
}

impl Printing {
    /// Everything, in full (`check`).
    pub const ALL: Printing = Printing {
        limit: usize::MAX,
        earlier_in_full: true,
    };
}

/// Prints `diagnostics` to stderr, coloured when stderr is a terminal and `NO_COLOR` is unset.
pub fn print(diagnostics: &[Diagnostic], printing: Printing) {
    // Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org).
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    for line in lines(diagnostics, printing, color) {
        eprintln!("{line}");
    }
}

/// What [`print()`] prints, one entry per message.
pub fn lines(diagnostics: &[Diagnostic], printing: Printing, color: bool) -> Vec<String> {
    let earlier = |d: &Diagnostic| !printing.earlier_in_full && d.earlier_round && d.severity == Severity::Warning;
    let shown: Vec<&Diagnostic> = diagnostics.iter().filter(|d| !earlier(d)).collect();
    let mut out: Vec<String> = shown.iter().take(printing.limit).map(|d| d.render(color)).collect();
    let rest = shown.get(printing.limit..).unwrap_or_default();
    if !rest.is_empty() {
        let errors = rest.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = rest.len() - errors;
        let what = match (errors, warnings) {
            (e, 0) => format!("{e} 个错误"),
            (0, w) => format!("{w} 个警告"),
            (e, w) => format!("{e} 个错误和 {w} 个警告"),
        };
        out.push(format!(
            "还有 {what}没有列出（只列出前 {} 个）：先改正上面这些，再导入一次就能看到其余的。",
            printing.limit
        ));
    }
    let mut by_file: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| earlier(d)) {
        let month = d.path.rsplit('/').next().unwrap_or(&d.path);
        *by_file.entry(month.trim_end_matches(".toml")).or_default() += 1;
    }
    if !by_file.is_empty() {
        let total: usize = by_file.values().sum();
        let each: Vec<String> = by_file.iter().map(|(m, n)| format!("{m} 月报 {n} 个")).collect();
        out.push(format!(
            "note: 以前月份的月报还有 {total} 个警告（{}），当月已提示过，这里不再逐条列出；运行 sunshine check 可逐条查看",
            each.join("、")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::rules;

    #[test]
    fn colour_is_only_for_a_terminal_and_the_headline_never_changes() {
        let d = Diagnostic::at_file(
            Severity::Error,
            rules::NO_UNITS,
            "data/units.toml",
            "单位名单是空的",
            "写 [[unit]]",
        );
        let plain = lines(std::slice::from_ref(&d), Printing::ALL, false);
        assert_eq!(
            plain,
            ["error: data/units.toml:1:1: 单位名单是空的 — 写 [[unit]]\n  = 规则 U01"]
        );
        let coloured = lines(std::slice::from_ref(&d), Printing::ALL, true);
        assert!(coloured[0].starts_with("\x1b[1;31merror\x1b[0m: data/units.toml:1:1: "));
    }
}
