//! Diagnostics are values: a path, a position, what is wrong and how to fix it.
//! They are collected by every stage and printed once, by the caller.

mod print;
pub mod rules;
mod snippet;

use std::fmt;

pub use print::{lines, print, Printing};
pub use rules::Rule;
pub use snippet::Snippet;

use crate::source::{Loc, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
/// How bad a finding is.
pub enum Severity {
    /// 错误: the site is refused (exit 1).
    Error,
    /// 警告: said, and refused only under `--strict`.
    Warning,
}

/// One finding about the input, already resolved to a file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The rule that found it; its code is printed with the message.
    pub rule: &'static Rule,
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (a Chinese character is one column).
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// The source line and the span in it, kept until the message is printed.
    pub snippet: Option<Box<Snippet>>,
    /// About a monthly round before the latest one: already said when that month was current,
    /// so `build`, `serve` and `import` count it in one line instead of repeating it.
    pub earlier_round: bool,
}

impl Diagnostic {
    /// A diagnostic with no source line to show (a missing file, a whole folder).
    pub fn at_file(
        severity: Severity,
        rule: &'static Rule,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            rule,
            path: path.into(),
            line: 1,
            col: 1,
            message: message.into(),
            hint: hint.into(),
            snippet: None,
            earlier_round: false,
        }
    }

    /// The first line, `error: path:line:col: what — how to fix`, exactly: tools and people
    /// read it, so it never changes shape.
    pub fn headline(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{level}: {}:{}:{}: {} — {}",
            self.path, self.line, self.col, self.message, self.hint
        )
    }

    /// The headline, then the source line with `^^^` under the value and the rule's code;
    /// coloured for a terminal when `color`.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        let accent = match self.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
        };
        let headline = self.headline();
        let headline = match headline.split_once(':') {
            Some((level, rest)) => format!("{}:{rest}", paint(accent, level)),
            None => headline,
        };
        let label = format!("规则 {}", self.rule.code);
        match &self.snippet {
            Some(snippet) => format!("{headline}\n{}", snippet.render(&label, |s| paint(accent, s))),
            None => format!("{headline}\n  = {label}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Collects diagnostics in the order they are found; sorted for printing.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No findings yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// An error at `loc`, with its source line kept for the snippet.
    pub fn error(
        &mut self,
        rule: &'static Rule,
        sources: &Sources,
        loc: Loc,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push_at(sources, Severity::Error, rule, loc, message.into(), hint.into());
    }

    /// A warning at `loc`, with its source line kept for the snippet.
    pub fn warning(
        &mut self,
        rule: &'static Rule,
        sources: &Sources,
        loc: Loc,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push_at(sources, Severity::Warning, rule, loc, message.into(), hint.into());
    }

    /// An error at a known position of a file that is not (or cannot be) in [`Sources`]:
    /// a missing file, or one that is not UTF-8.
    pub fn push_raw_error(
        &mut self,
        rule: &'static Rule,
        path: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity: Severity::Error,
            rule,
            path: path.to_string(),
            line,
            col,
            message: message.into(),
            hint: hint.into(),
            snippet: None,
            earlier_round: false,
        });
    }

    /// Adds a diagnostic made elsewhere (a template error, an import's cell).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    fn push_at(
        &mut self,
        sources: &Sources,
        severity: Severity,
        rule: &'static Rule,
        loc: Loc,
        message: String,
        hint: String,
    ) {
        let snippet = Snippet::of(&sources.get(loc.file).text, loc.span.clone()).map(Box::new);
        let (path, line, col) = sources.position(loc);
        self.items.push(Diagnostic {
            severity,
            rule,
            path,
            line,
            col,
            message,
            hint,
            snippet,
            earlier_round: false,
        });
    }

    /// Adds every finding of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Marks the diagnostics from index `first` on as about an earlier round.
    pub fn mark_earlier_round(&mut self, first: usize) {
        for d in self.items.iter_mut().skip(first) {
            d.earlier_round = true;
        }
    }

    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The errors, in the order found.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The warnings, in the order found.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Errors first, then by file and position, so that output is stable and grouped by file.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.severity, &a.path, a.line, a.col, &a.message).cmp(&(b.severity, &b.path, b.line, b.col, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// The closest of `candidates` to `word`, when close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        // An empty name (itself an error) is contained in every word: never suggest it.
        if candidate.trim().is_empty() {
            continue;
        }
        let score = strsim::jaro_winkler(&lower, &candidate.to_lowercase());
        // Names typed in Chinese are short; a shared prefix or containment also counts.
        let contained = !word.is_empty() && (candidate.contains(word) || word.contains(candidate));
        let score = if contained { score.max(0.85) } else { score };
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// " — 是否想写 `x`？" or nothing.
pub fn suggestion_hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|c| format!("是否想写 `{c}`？"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_field_name() {
        assert_eq!(did_you_mean("nmae", ["id", "name", "kind"]), Some("name"));
        assert_eq!(did_you_mean("quotaa", ["unit", "quota"]), Some("quota"));
    }

    #[test]
    fn suggests_nothing_for_a_distant_word() {
        assert_eq!(did_you_mean("zzzz", ["id", "name", "kind"]), None);
    }

    #[test]
    fn never_suggests_an_empty_name() {
        assert_eq!(did_you_mean("zz-nowhere", ["", " ", "east"]), None);
    }

    #[test]
    fn suggests_a_chinese_name_containing_the_typed_part() {
        assert_eq!(did_you_mean("新密", ["新郑市", "新密市"]), Some("新密市"));
    }
}
