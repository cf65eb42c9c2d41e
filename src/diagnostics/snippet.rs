//! The offending source line under a message, with `^^^` under the exact value, as rustc and
//! typst print it. Columns are counted in display width: a Chinese character takes two.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

/// A tab is shown as this many spaces, so that the underline stays under its value.
const TAB: usize = 4;

/// One source line and the part of it a diagnostic is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// 1-based line number.
    pub line: usize,
    /// The line, without its line break.
    pub text: String,
    /// Byte range within `text`; empty for a position between two characters.
    pub span: Range<usize>,
}

impl Snippet {
    /// The line of `text` holding `span.start`, when the span points somewhere (a diagnostic about
    /// a whole file, at offset 0 with nothing under it, has no snippet).
    pub fn of(text: &str, span: Range<usize>) -> Option<Self> {
        if span.start == 0 && span.end == 0 {
            return None;
        }
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        // A span may start on the line's own `\r` or `\n`: it then points just past the text.
        let line_end = line_start + line_text.len();
        let start = start.min(line_end);
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        // An identity number on the line is shown masked, like in the message: a terminal's
        // scrollback and a CI log are published places too.
        let (line_text, moved) = crate::text_rules::identity::mask_line(text, line_start..line_start + line_text.len());
        Some(Self {
            line: text[..line_start].matches('\n').count() + 1,
            text: line_text,
            span: moved(start - line_start)..moved(end - line_start),
        })
    }

    /// The lines printed under the message: a gutter, the source line, the underline. `label`
    /// follows the underline (the rule's code); `paint` colours the underline.
    pub fn render(&self, label: &str, paint: impl Fn(&str) -> String) -> String {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        let shown: String = self
            .text
            .chars()
            .map(|c| match c {
                '\t' => " ".repeat(TAB),
                c if hidden(c) => SHOWN_FOR_HIDDEN.to_string(),
                c => c.to_string(),
            })
            .collect();
        let before = width(&self.text[..self.span.start]);
        let under = width(&self.text[self.span.clone()]).max(1);
        let carets = paint(&"^".repeat(under));
        format!(
            "{pad} |\n{number} | {shown}\n{pad} | {}{carets} {label}",
            " ".repeat(before)
        )
    }
}

/// What stands for a character the line carries but a terminal would not show, or would obey
/// (a direction override reverses the rest of the printed line): the message is about it.
const SHOWN_FOR_HIDDEN: char = '\u{fffd}';

fn hidden(c: char) -> bool {
    crate::text_rules::is_control(c) || crate::text_rules::is_invisible_format(c)
}

/// Display width of `s` in terminal columns (CJK = 2, tab = [`TAB`]).
pub(super) fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '\t' => TAB,
            c if hidden(c) => 1,
            c => c.width().unwrap_or(0),
        })
        .sum()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_direction_override_is_shown_not_obeyed() {
        let text = "name = \"东区\u{202e}2024\"";
        let at = text.find('\u{202e}').unwrap();
        let shown = Snippet::of(text, at..at + 3).unwrap().render("H02", str::to_string);
        assert!(!shown.contains('\u{202e}'), "{shown}");
        assert!(shown.contains("东区\u{fffd}2024"), "{shown}");
        assert!(shown.ends_with("|             ^ H02"), "{shown}");
    }

    fn plain(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn the_underline_stands_under_the_value_in_display_columns() {
        let text = "[[row]]\nunit = \"新密市\"\nthree_year = -5\n";
        let at = text.find("-5").unwrap_or_default();
        let s = Snippet::of(text, at..at + 2).unwrap_or_else(|| unreachable!());
        assert_eq!(
            s.render("R05", plain),
            "  |\n3 | three_year = -5\n  |              ^^ R05"
        );

        let at = text.find('"').unwrap_or_default();
        let s = Snippet::of(text, at..at + "\"新密市\"".len()).unwrap_or_else(|| unreachable!());
        // Three Chinese characters and two quotes: eight columns.
        assert_eq!(
            s.render("U01", plain),
            "  |\n2 | unit = \"新密市\"\n  |        ^^^^^^^^ U01"
        );
    }

    #[test]
    fn a_span_over_several_lines_is_underlined_to_the_end_of_its_first() {
        let text = "a = 1\nunits = [\n  \"x\",\n]\n";
        let at = text.find('[').unwrap_or_default();
        let s = Snippet::of(text, at..text.len()).unwrap_or_else(|| unreachable!());
        assert_eq!(s.render("A03", plain), "  |\n2 | units = [\n  |         ^ A03");
    }

    #[test]
    fn an_empty_span_gets_one_caret_and_a_whole_file_none() {
        let text = "title = \"x\"\n";
        let s = Snippet::of(text, 5..5).unwrap_or_else(|| unreachable!());
        assert!(s.render("", plain).ends_with("|      ^ "));
        assert_eq!(Snippet::of(text, 0..0), None);
    }

    #[test]
    fn a_span_on_a_line_break_points_past_the_line() {
        let text = "a = \r\nb = 1\n";
        for at in [4, 5] {
            let s = Snippet::of(text, at..at + 1).unwrap_or_else(|| unreachable!());
            assert_eq!(s.render("T01", plain), "  |\n1 | a = \n  |     ^ T01", "at {at}");
        }
    }

    #[test]
    fn tabs_and_crlf_keep_the_underline_in_place() {
        let text = "\tquota = x\r\n";
        let at = text.find('x').unwrap_or_default();
        let s = Snippet::of(text, at..at + 1).unwrap_or_else(|| unreachable!());
        assert_eq!(s.render("T03", plain), "  |\n1 |     quota = x\n  |             ^ T03");
    }
}
