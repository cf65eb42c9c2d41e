//! Text hygiene, in one place: which characters a file and a text value may carry.
//!
//! Two passes, both in `load`, so that every later stage sees clean text:
//! - [`clean_file`] runs over every file before it is parsed. Windows line endings become `\n`;
//!   a raw control character (what a paste from Word, WPS or a PDF brings) is refused where it
//!   stands and replaced by spaces of the same length, so that the rest of the file is still read
//!   and every position stays right; in a markdown body a soft line break (`\x0b`, Word's and
//!   WPS's Shift+Enter), a form feed or a lone carriage return becomes a line break, with a
//!   warning.
//! - [`check_line`] and [`check_block`] run over every TOML string value (the reader calls them
//!   for each), and see what a TOML escape (`\u0001`) writes. A one-line value (a name, a title,
//!   a phone number) refuses control characters, and also the characters that change the
//!   direction of the text after them (U+202A–202E, U+2066–2069) or are invisible (U+200B–200D,
//!   U+FEFF): `\u202E` shows "2024" as "4202" in a title and a search result, and a zero-width
//!   space gives two units the same visible name. A multi-line value (markdown) is treated as a
//!   body.
//!
//! A control character is any of Unicode's `Cc` other than tab and line feed (C0, DEL and C1),
//! and the noncharacters U+FFFE and U+FFFF: none is allowed in XML, and browsers and feed readers
//! refuse or mangle them. The renderer strips them again before writing (defence in depth).

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::rules;
use crate::load::toml_reader::FileCtx;
use crate::placeholders;

use crate::text_rules::{is_control, is_invisible_format};

/// A soft line break a word processor writes, that a body takes as a line break.
fn is_soft_break(c: char) -> bool {
    matches!(c, '\u{0b}' | '\u{0c}' | '\r')
}

/// How a clerk can recognise the character: its code and, when known, where it comes from.
pub fn describe(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    let what = match c {
        '\u{0b}' => "软回车，Word/WPS 中按 Shift+Enter 产生",
        '\u{0c}' => "分页符",
        '\r' => "回车符",
        '\0' => "空字符",
        '\u{200b}' => "零宽空格，常从网页复制带来",
        '\u{200c}' | '\u{200d}' => "零宽连接符",
        '\u{feff}' => "零宽不换行空格（BOM）",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "文字方向控制符，会让后面的文字倒着显示",
        _ => return code,
    };
    format!("{code}（{what}）")
}

/// Where a file's text may contain line breaks as text rather than as TOML syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileText {
    /// A TOML data file: every raw control character is refused.
    Toml,
    /// A markdown page: its front matter is TOML, its body takes soft breaks as line breaks.
    Page,
}

/// Something [`clean_file`] found, at a byte range of the cleaned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Range<usize>,
    pub found: char,
    /// True when it was turned into a line break (a warning), false when refused.
    pub normalised: bool,
}

/// The text with `\r\n` as `\n`, raw control characters as spaces (refused) and, in a page body,
/// soft breaks as `\n` (normalised); every other byte keeps its offset relative to the lines, so
/// that positions found later are the positions in the file.
pub fn clean_file(text: &str, kind: FileText) -> (String, Vec<Finding>) {
    if !text.chars().any(is_control) {
        return (text.to_string(), Vec::new());
    }
    let text = text.replace("\r\n", "\n");
    let body_start = match kind {
        FileText::Toml => usize::MAX,
        FileText::Page => body_start(&text).unwrap_or(usize::MAX),
    };
    // Text between """ or ''' is several lines already: the complaint page's quote pasted from
    // the Word notice keeps its soft breaks as line breaks there too.
    let blocks = multiline_strings(&text[..body_start.min(text.len())]);
    let in_block = |i: usize| blocks.iter().any(|b| b.contains(&i));
    let mut out = String::with_capacity(text.len());
    let mut findings = Vec::new();
    for (i, c) in text.char_indices() {
        if !is_control(c) {
            out.push(c);
            continue;
        }
        let span = i..i + c.len_utf8();
        if (i >= body_start || in_block(i)) && is_soft_break(c) {
            out.push('\n');
            findings.push(Finding {
                span: i..i + 1,
                found: c,
                normalised: true,
            });
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            findings.push(Finding {
                span,
                found: c,
                normalised: false,
            });
        }
    }
    (out, findings)
}

/// The byte ranges of TOML text inside multi-line strings (`"""…"""`, `'''…'''`), found by a
/// small scan of strings and comments (the file is not parsed yet: it may not parse).
fn multiline_strings(toml: &str) -> Vec<Range<usize>> {
    #[derive(PartialEq)]
    enum State {
        Normal,
        Comment,
        Basic,
        Literal,
        Block(&'static [u8]),
    }
    let b = toml.as_bytes();
    let mut state = State::Normal;
    let mut start = 0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        match state {
            State::Normal => {
                if rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''") {
                    state = State::Block(if b[i] == b'"' { b"\"\"\"" } else { b"'''" });
                    i += 3;
                    start = i;
                    continue;
                }
                state = match b[i] {
                    b'#' => State::Comment,
                    b'"' => State::Basic,
                    b'\'' => State::Literal,
                    _ => State::Normal,
                };
            }
            State::Comment | State::Basic | State::Literal if b[i] == b'\n' => state = State::Normal,
            State::Basic if b[i] == b'\\' => i += 1,
            State::Basic if b[i] == b'"' => state = State::Normal,
            State::Literal if b[i] == b'\'' => state = State::Normal,
            State::Block(b"\"\"\"") if b[i] == b'\\' => i += 1,
            State::Block(close) if rest.starts_with(close) => {
                out.push(start..i);
                state = State::Normal;
                i += 3;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if matches!(state, State::Block(_)) {
        out.push(start..b.len());
    }
    out
}

/// Where a page's body starts: after the line `+++` that closes the front matter (the loader's
/// reader finds the same place; a page without one is reported there).
fn body_start(text: &str) -> Option<usize> {
    let start = text.len() - text.trim_start_matches(['\u{feff}', ' ']).len();
    let rest = text[start..].strip_prefix("+++\n")?;
    let mut search = 0;
    loop {
        let at = search + rest[search..].find("\n+++")? + 1;
        let after = &rest[at + 3..];
        if after.is_empty() || after.starts_with('\n') {
            return Some(start + 4 + at + 3);
        }
        search = at;
    }
}

/// Reports what [`clean_file`] found, in the file `ctx` reads.
pub fn report_file(ctx: &mut FileCtx<'_>, findings: &[Finding]) {
    for f in findings {
        if f.normalised {
            let loc = ctx.loc(f.span.clone());
            ctx.diags.warning(
                rules::SOFT_BREAK,
                ctx.sources,
                loc,
                format!("正文里的 {} 已当作换行处理", describe(f.found)),
                "不必修改；想去掉这条提示，就在这里删掉它，直接按回车换行",
            );
        } else {
            ctx.error(
                rules::CONTROL_CHARACTER,
                f.span.clone(),
                format!("这里有一个看不见的控制字符 {}，网页和订阅会因此出错", describe(f.found)),
                "删掉它（可以删掉这一处前后的几个字再重新输入）；要换行请直接按回车，且只在 \"\"\" 三引号的文字或正文里换行",
            );
        }
    }
}

/// The characters of a TOML string literal (`"…"`, `"""…"""`, `'…'`, `'''…'''`) with the byte
/// range each was written with in it: an escape such as `\u0001` is one character at six bytes.
fn literal_chars(literal: &str) -> Vec<(char, Range<usize>)> {
    let (quote, literal_string) = if literal.starts_with("\"\"\"") {
        (3, false)
    } else if literal.starts_with("'''") {
        (3, true)
    } else if literal.starts_with('"') {
        (1, false)
    } else {
        (1, true)
    };
    let end = literal.len().saturating_sub(quote).max(quote.min(literal.len()));
    let inner = literal.get(quote..end).unwrap_or_default();
    let mut out = Vec::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = quote + i;
        if literal_string || c != '\\' {
            out.push((c, at..at + c.len_utf8()));
            continue;
        }
        let Some((_, e)) = chars.next() else { break };
        let hex = |n: usize, chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| {
            let digits: String = (0..n).filter_map(|_| chars.next().map(|(_, d)| d)).collect();
            u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32)
        };
        let decoded = match e {
            'u' => hex(4, &mut chars),
            'U' => hex(8, &mut chars),
            'x' => hex(2, &mut chars),
            'b' => Some('\u{08}'),
            'f' => Some('\u{0c}'),
            'e' => Some('\u{1b}'),
            't' => Some('\t'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            // A backslash at the end of a line joins the lines: no character.
            _ => None,
        };
        let end = chars.peek().map_or(quote + inner.len(), |(j, _)| quote + j);
        if let Some(d) = decoded {
            out.push((d, at..end));
        }
    }
    out
}

/// The first character of a string value that `bad` selects, with its range in the file (the
/// whole value when it cannot be found in the literal), and how many there are.
fn find_in_value(
    ctx: &FileCtx<'_>,
    span: &Range<usize>,
    value: &str,
    bad: impl Fn(char) -> bool,
) -> Option<(char, Range<usize>, usize)> {
    let count = value.chars().filter(|c| bad(*c)).count();
    if count == 0 {
        return None;
    }
    let text = &ctx.sources.get(ctx.file).text;
    // `span` counts from the front matter; `literal_chars` from the literal's first byte.
    let literal = text
        .get(span.start + ctx.offset..span.end + ctx.offset)
        .unwrap_or_default();
    let found = literal_chars(literal)
        .into_iter()
        .find(|(c, _)| bad(*c))
        .map(|(c, r)| (c, span.start + r.start..span.start + r.end));
    let first = value.chars().find(|c| bad(*c)).unwrap_or_default();
    let (c, range) = found.unwrap_or((first, span.clone()));
    Some((c, range, count))
}

fn more(count: usize) -> String {
    if count > 1 {
        format!("（这个值里共有 {count} 处）")
    } else {
        String::new()
    }
}

/// A value that is still the explanation a printed example asks to replace: wholly in
/// full-width brackets and telling what to write (`（写明更正原因）`, `（调整文件的文号，可选）`).
fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.starts_with('（')
        && v.ends_with('）')
        && v.chars().filter(|&c| c == '（').count() == 1
        && ["写明", "填写", "可选", "请写", "请填"].iter().any(|w| v.contains(w))
}

/// The rule for a stand-in of this kind.
fn placeholder_rule(kind: placeholders::Kind) -> &'static rules::Rule {
    match kind {
        placeholders::Kind::Name => rules::PLACEHOLDER_NAME,
        placeholders::Kind::Contact => rules::PLACEHOLDER_CONTACT,
        placeholders::Kind::Text => rules::PLACEHOLDER_TEXT,
    }
}

/// Refuses a stand-in `sunshine new` wrote (某某市, 0000-00000000, 张老师…) left in a value,
/// at the stand-in itself when the literal spells it out. `span` is the value's.
fn check_stand_in(ctx: &mut FileCtx<'_>, key: &str, span: &Range<usize>, value: &str) {
    let Some((p, _)) = placeholders::find(value) else {
        return;
    };
    let text = &ctx.sources.get(ctx.file).text;
    let literal = text
        .get(span.start + ctx.offset..span.end + ctx.offset)
        .unwrap_or_default();
    let at = match literal.find(p.text) {
        Some(i) => span.start + i..span.start + i + p.text.len(),
        None => span.clone(),
    };
    let shown: String = value.trim().chars().take(40).collect();
    ctx.error(
        placeholder_rule(p.kind),
        at,
        format!("`{key}` 还是 sunshine new 写的示例“{shown}”，不能公布"),
        p.instead,
    );
}

/// Refuses the words to be replaced by a text (`（在这里写通知全文。）`) left in a page's markdown
/// body, every one of them:
/// `body` is the text from byte `start` of the file.
pub fn check_body(ctx: &mut FileCtx<'_>, start: usize, body: &str) {
    let mut from = 0;
    while let Some((p, at)) = placeholders::find_text(&body[from..]) {
        let range = start + from + at.start..start + from + at.end;
        let line_start = body[..from + at.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[from + at.start..]
            .find('\n')
            .map_or(body.len(), |i| from + at.start + i);
        let shown: String = body[line_start..line_end].trim().chars().take(40).collect();
        ctx.error(
            placeholder_rule(p.kind),
            range,
            format!("正文还是 sunshine new 写的示例“{shown}”，不能公布"),
            p.instead,
        );
        from += at.end;
    }
}

/// Checks a one-line text value (a name, a title, a phone number, an item of a list): no
/// control character (a TOML escape can write one), no direction control or invisible
/// character. `span` is the value's, as the reader has it.
pub fn check_line(ctx: &mut FileCtx<'_>, key: &str, span: Range<usize>, value: &str) {
    check_stand_in(ctx, key, &span, value);
    if is_placeholder(value) {
        ctx.error(
            rules::PLACEHOLDER,
            span.clone(),
            format!("`{key}` 还是示例里的说明 {value}，没有换成真正的内容"),
            "把括号连同里面的说明一起换成实际内容，如 reason = \"学校将当月新增数误填为累计数\"；这一项可以不写时（说明里有“可选”），删掉这一行",
        );
    }
    if let Some((c, at, count)) = find_in_value(ctx, &span, value, is_control) {
        ctx.error(
            rules::CONTROL_CHARACTER,
            at,
            format!("`{key}` 里有看不见的控制字符 {}{}", describe(c), more(count)),
            "删掉这个转义（\\ 开头的那几个字符）；这一项只能写一行文字",
        );
    }
    if let Some((c, at, count)) = find_in_value(ctx, &span, value, is_invisible_format) {
        ctx.error(
            rules::INVISIBLE_CHARACTER,
            at,
            format!("`{key}` 里有看不见的字符 {}{}", describe(c), more(count)),
            "删掉它：把这一项的文字删掉后重新输入，不要从网页或 Word 里复制",
        );
    }
}

/// Checks a multi-line text value (markdown such as the complaint page's quote) like a body:
/// soft breaks become line breaks, with a warning; other control characters are refused.
/// Returns the value to keep.
pub fn check_block(ctx: &mut FileCtx<'_>, key: &str, span: Range<usize>, value: &str) -> String {
    check_stand_in(ctx, key, &span, value);
    if let Some((c, at, count)) = find_in_value(ctx, &span, value, |c| is_control(c) && !is_soft_break(c)) {
        ctx.error(
            rules::CONTROL_CHARACTER,
            at,
            format!("`{key}` 里有看不见的控制字符 {}{}", describe(c), more(count)),
            "删掉这个转义（\\ 开头的那几个字符）；要换行请直接按回车",
        );
    }
    let value = value.replace("\r\n", "\n");
    if let Some((c, at, _)) = find_in_value(ctx, &span, &value, is_soft_break) {
        let loc = ctx.loc(at);
        ctx.diags.warning(
            rules::SOFT_BREAK,
            ctx.sources,
            loc,
            format!("`{key}` 里的 {} 已当作换行处理", describe(c)),
            "不必修改；想去掉这条提示，就删掉这个转义，直接按回车换行",
        );
    }
    value.replace(is_soft_break, "\n")
}

/// How deeply lists and block quotes may nest. Rendering (the HTML sanitizer in particular) costs
/// time quadratic in the nesting: 100 KB of nested `>` took 50 s. No real notice nests deeper
/// than a few levels.
pub const MAX_NESTING: usize = 32;

/// The largest content file that is rendered, in bytes (a long notice is about 50 KB).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The options every markdown text is parsed with (here, and when it is rendered).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// The byte offset in `markdown` where lists and quotes first nest deeper than
/// [`MAX_NESTING`], if they do. Parsing alone is linear; only rendering is not.
pub fn too_deep(markdown: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(range.start);
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_found_where_they_are_written() {
        let chars = literal_chars(r#""a\u000bb\tc""#);
        assert_eq!(chars[1], ('\u{0b}', 2..8));
        assert_eq!(chars[2], ('b', 8..9));
        assert_eq!(chars[3], ('\t', 9..11));
        let chars = literal_chars("'a\u{202e}b'");
        assert_eq!(chars[1], ('\u{202e}', 2..5));
    }

    #[test]
    fn a_soft_break_in_a_body_becomes_a_line_break_and_elsewhere_is_refused() {
        let page = "+++\ntitle = \"a\u{0b}b\"\n+++\n第一行\u{0b}第二行\u{01}\r\n";
        let (clean, found) = clean_file(page, FileText::Page);
        assert_eq!(clean, "+++\ntitle = \"a b\"\n+++\n第一行\n第二行 \n");
        assert_eq!(
            found.iter().map(|f| f.normalised).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert_eq!(&clean[found[1].span.clone()], "\n");
        let (clean, found) = clean_file("a = \"x\u{0b}\"\r\n", FileText::Toml);
        assert_eq!((clean.as_str(), found.len()), ("a = \"x \"\n", 1));
    }

    #[test]
    fn a_soft_break_inside_a_multi_line_toml_string_is_a_line_break() {
        // A quote, an escaped quote and a comment that look like delimiters are not.
        let toml =
            "a = \"\\\"\"\"\" # \"\"\"\nquote = \"\"\"\n甲\u{0b}乙\n\"\"\"\nb = '''x\u{0b}'''\nc = \"x\u{0b}\"\n";
        let (clean, found) = clean_file(toml, FileText::Toml);
        assert_eq!(
            clean,
            "a = \"\\\"\"\"\" # \"\"\"\nquote = \"\"\"\n甲\n乙\n\"\"\"\nb = '''x\n'''\nc = \"x \"\n"
        );
        assert_eq!(
            found.iter().map(|f| f.normalised).collect::<Vec<_>>(),
            [true, true, false]
        );
    }

    #[test]
    fn tab_and_line_feed_are_text_and_c1_and_noncharacters_are_not() {
        assert!(!is_control('\t') && !is_control('\n') && !is_control('中'));
        assert!(is_control('\0') && is_control('\u{7f}') && is_control('\u{85}') && is_control('\u{ffff}'));
        assert!(is_invisible_format('\u{202e}') && is_invisible_format('\u{200b}') && !is_invisible_format('　'));
    }
}
