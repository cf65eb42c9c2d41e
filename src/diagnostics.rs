//! Diagnostics are values: a path, a position, what is wrong and how to fix it.
//! They are collected by every stage and printed once, by the caller.

use std::fmt;

use crate::source::{Loc, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about the input, already resolved to a file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{level}: {}:{}:{}: {} — {}",
            self.path, self.line, self.col, self.message, self.hint
        )
    }
}

/// Collects diagnostics in the order they are found; sorted for printing.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, sources: &Sources, loc: Loc, message: impl Into<String>, hint: impl Into<String>) {
        self.push(sources, Severity::Error, loc, message.into(), hint.into());
    }

    pub fn warning(&mut self, sources: &Sources, loc: Loc, message: impl Into<String>, hint: impl Into<String>) {
        self.push(sources, Severity::Warning, loc, message.into(), hint.into());
    }

    /// An error at a known position of a file that is not (or cannot be) in [`Sources`]:
    /// a missing file, or one that is not UTF-8.
    pub fn push_raw_error(
        &mut self,
        path: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity: Severity::Error,
            path: path.to_string(),
            line,
            col,
            message: message.into(),
            hint: hint.into(),
        });
    }

    fn push(&mut self, sources: &Sources, severity: Severity, loc: Loc, message: String, hint: String) {
        let (path, line, col) = sources.position(loc);
        self.items.push(Diagnostic {
            severity,
            path,
            line,
            col,
            message,
            hint,
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

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
    fn suggests_a_chinese_name_containing_the_typed_part() {
        assert_eq!(did_you_mean("新密", ["新郑市", "新密市"]), Some("新密市"));
    }
}
