//! Source files and positions: every raw record keeps a `Loc` so that a rule found much later
//! can still point at the exact line and column.

use std::ops::Range;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub usize);

/// A byte range in one source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Loc {
    /// The file.
    pub file: SourceId,
    /// Byte range in the file's text.
    pub span: Range<usize>,
}

impl Loc {
    /// The range `span` of `file`.
    pub fn new(file: SourceId, span: Range<usize>) -> Self {
        Self { file, span }
    }

    /// The start of a file.
    pub fn file_start(file: SourceId) -> Self {
        Self { file, span: 0..0 }
    }
}

/// A value read from a file, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<T> {
    /// The value read.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

impl<T> Field<T> {
    /// `value`, written at `loc`.
    pub fn new(value: T, loc: Loc) -> Self {
        Self { value, loc }
    }
}

/// One file that was read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root with `/` separators, as printed in diagnostics.
    pub path: String,
    /// The file's text as read (UTF-8).
    pub text: String,
    /// Byte offset where each line starts, so that a position is found in O(log lines).
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// All files read in one run.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Keeps a file's text; returns its id.
    pub fn add(&mut self, path: String, text: String) -> SourceId {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.files.push(SourceFile {
            path,
            text,
            line_starts,
        });
        SourceId(self.files.len() - 1)
    }

    /// Every file read, in the order read.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    /// The file of `id`.
    pub fn get(&self, id: SourceId) -> &SourceFile {
        &self.files[id.0]
    }

    /// The path of `id`'s file, relative to the site root.
    pub fn path(&self, id: SourceId) -> &str {
        &self.files[id.0].path
    }

    /// (path, line, column), 1-based; the column counts characters, not bytes.
    pub fn position(&self, loc: Loc) -> (String, usize, usize) {
        let file = &self.files[loc.file.0];
        let (line, col) = file.line_col(loc.span.start);
        (file.path.clone(), line, col)
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "a = 1\nname = \"新密市\" x";
        let offset = text.find('x').unwrap();
        assert_eq!(line_col(text, offset), (2, 14));
    }

    #[test]
    fn the_line_index_agrees_with_a_plain_scan() {
        let text = "a = 1\nname = \"新密市\" x\n\n[[row]]\nunit = \"y\"\n";
        let mut sources = Sources::default();
        let id = sources.add("f.toml".into(), text.to_string());
        for offset in 0..=text.len() + 2 {
            let (_, line, col) = sources.position(Loc::new(id, offset..offset));
            assert_eq!((line, col), line_col(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        assert_eq!(line_col("ab\ncd", 99), (2, 3));
        assert_eq!(line_col("", 5), (1, 1));
    }
}
