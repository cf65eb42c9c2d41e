//! What a TOML syntax error is, in Chinese, for a clerk.
//!
//! Two passes, run only when a file does not parse:
//! - [`full_width`] finds the characters a Chinese input method types in place of TOML's own
//!   (full-width digits `５２０`, `－`, `．`, `＝`, `，`, `［ ］`, `【 】`, the full-width space, and
//!   “ ” ‘ ’ used as quotes) where TOML syntax stands, that is outside strings and comments, and
//!   says which they are and how the line reads with them typed in English. Full-width text inside
//!   quotes (a name, a document number such as 〔2024〕) is text and is left alone.
//! - [`explain`] turns the parser's own (English) message into what is wrong and how to write
//!   it, in Chinese; the parser's words never reach the clerk, only its position.

use std::ops::Range;

/// A line with full-width characters where TOML syntax stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FullWidth {
    /// The first such character.
    pub(super) at: Range<usize>,
    /// The whole line, with its line break: the parser's errors on it say the same again.
    pub(super) line: Range<usize>,
    pub(super) message: String,
    pub(super) hint: String,
}

/// The character a full-width one stands for, when it stands where TOML syntax is.
fn ascii_of(c: char) -> Option<char> {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0),
        '\u{3000}' => Some(' '),
        '“' | '”' | '‘' | '’' => Some('"'),
        '【' => Some('['),
        '】' => Some(']'),
        _ => None,
    }
}

/// A quote a Chinese input method types (a string opened with one may be closed with another).
fn is_wide_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '＂' | '＇')
}

/// What the character is called, and what to type instead.
fn kind(c: char) -> (&'static str, &'static str) {
    match c {
        '０'..='９' => ("数字", "半角数字"),
        '－' => ("减号（横线）", "半角减号"),
        '＋' => ("加号", "半角加号"),
        '．' => ("小数点", "半角小数点"),
        '“' | '”' | '‘' | '’' | '＂' | '＇' => ("引号", "英文双引号"),
        '＝' => ("等号", "半角等号"),
        '［' | '］' | '【' | '】' => ("方括号", "英文方括号"),
        '｛' | '｝' => ("花括号", "英文花括号"),
        '，' => ("逗号", "英文逗号"),
        '\u{3000}' => ("空格", "半角空格（或删掉）"),
        'Ａ'..='Ｚ' | 'ａ'..='ｚ' => ("字母", "半角字母"),
        '＃' => ("井号", "半角井号"),
        _ => ("符号", "半角符号"),
    }
}

enum State {
    Normal,
    /// `"…"`; `wide` when opened with a full-width quote, which a full-width quote closes.
    Basic {
        wide: bool,
    },
    Literal,
    /// `"""…"""` or `'''…'''`, which go on over lines.
    Block(&'static str),
}

/// Every line of `text` with full-width characters where TOML syntax stands.
pub(super) fn full_width(text: &str) -> Vec<FullWidth> {
    let mut out = Vec::new();
    let mut state = State::Normal;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let range = line_start..line_start + line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let mut fixed = String::with_capacity(body.len());
        let mut found: Vec<(usize, char)> = Vec::new();
        // In a string opened with an English quote: the first full-width closing quote that no
        // full-width opening one came before (its byte in `body`, its byte in `fixed`), which
        // ends the string when no English quote does (`"东区”`).
        let mut closing: Option<(usize, usize, char)> = None;
        let mut open_wide = 0;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match state {
                State::Block(close) => {
                    if body[i..].starts_with(close) {
                        fixed.push_str(close);
                        chars.nth(1);
                        state = State::Normal;
                    } else {
                        fixed.push(c);
                        if c == '\\' && close == "\"\"\"" {
                            if let Some((_, e)) = chars.next() {
                                fixed.push(e);
                            }
                        }
                    }
                }
                State::Basic { wide } => {
                    if c == '\\' {
                        fixed.push(c);
                        if let Some((_, e)) = chars.next() {
                            fixed.push(e);
                        }
                    } else if c == '"' {
                        fixed.push(c);
                        state = State::Normal;
                    } else if wide && is_wide_quote(c) {
                        found.push((i, c));
                        fixed.push('"');
                        state = State::Normal;
                    } else {
                        match c {
                            '“' | '‘' => open_wide += 1,
                            '”' | '’' if open_wide > 0 => open_wide -= 1,
                            '”' | '’' | '＂' if closing.is_none() => closing = Some((i, fixed.len(), c)),
                            _ => {}
                        }
                        fixed.push(c);
                    }
                }
                State::Literal => {
                    fixed.push(c);
                    if c == '\'' {
                        state = State::Normal;
                    }
                }
                State::Normal => {
                    let rest = &body[i..];
                    if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
                        let close = if c == '"' { "\"\"\"" } else { "'''" };
                        fixed.push_str(close);
                        chars.nth(1);
                        state = State::Block(close);
                        continue;
                    }
                    // A thousands separator (`1，200`: three digits after it) is not a comma to
                    // type in English: the parser's error says to drop it (see `explain`). In a
                    // list (`[7，8]`) it is a comma.
                    let digit = |n: &char| n.is_ascii_digit() || ('０'..='９').contains(n);
                    let in_number = c == '，'
                        && fixed.ends_with(|p: char| p.is_ascii_digit())
                        && body[i + c.len_utf8()..].chars().take(4).filter(digit).count() == 3
                        && body[i + c.len_utf8()..].chars().take(3).all(|n| digit(&n));
                    let a = match ascii_of(c).filter(|_| !in_number) {
                        Some(a) => {
                            found.push((i, c));
                            a
                        }
                        None => c,
                    };
                    fixed.push(a);
                    match a {
                        '"' => {
                            state = State::Basic { wide: a != c };
                            closing = None;
                            open_wide = 0;
                        }
                        '\'' => state = State::Literal,
                        '#' => {
                            fixed.push_str(&body[i + c.len_utf8()..]);
                            break;
                        }
                        _ => {}
                    }
                }
            }
        }
        // A one-line string the line ends in: closed with a full-width quote (`"东区”`), or
        // opened with one and not closed.
        match state {
            State::Basic { wide: false } => {
                if let Some((i, at, c)) = closing {
                    found.push((i, c));
                    found.sort_unstable();
                    fixed.replace_range(at..at + c.len_utf8(), "\"");
                }
                state = State::Normal;
            }
            State::Basic { wide: true } => {
                let end = fixed.trim_end().len();
                fixed.insert(end, '"');
                state = State::Normal;
            }
            State::Literal => state = State::Normal,
            _ => {}
        }
        if let Some(&(first, c)) = found.first() {
            let mut what: Vec<&str> = Vec::new();
            let mut fix: Vec<&str> = Vec::new();
            for (_, c) in &found {
                let (w, f) = kind(*c);
                if !what.contains(&w) {
                    what.push(w);
                    fix.push(f);
                }
            }
            out.push(FullWidth {
                at: line_start + first..line_start + first + c.len_utf8(),
                line: range.clone(),
                message: format!("`{}` 里的{}是全角字符", body.trim_matches([' ', '\t']), what.join("、")),
                hint: format!("改成{}：`{}`（输入法切换到英文再输入）", fix.join("、"), fixed.trim()),
            });
        }
        line_start = range.end;
    }
    out
}

/// `1,200`, `1，200`, `,200` or `1 200`: digits (or none, when the parser stopped at the
/// comma), a comma or a space, and digits again.
fn split_number(at: &str) -> bool {
    let rest = at.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.strip_prefix([',', '，', ' '])
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// What the parser's message means, and how to write it instead; `at` is the rest of the line
/// from where the parser stopped.
pub(super) fn explain(message: &str, at: &str) -> (&'static str, &'static str) {
    let has = |words: &[&str]| words.iter().any(|w| message.contains(w));
    let at = at.trim();
    if has(&["string values must be quoted"]) && (at.is_empty() || at.starts_with('#')) {
        (
            "等号后面没有值",
            "在 = 后面写上值，如 quota = 100、name = \"新密市\"；没有这一项就删掉这一行",
        )
    } else if split_number(at) || (has(&["unexpected", "extra"]) && at.starts_with(|c: char| c.is_ascii_digit())) {
        // A thousands separator (`quota = 1,200`, `1，200`) or a space (`1 200`) inside a number.
        (
            "数字中间有逗号或空格",
            "人数只写半角数字，不加千分位逗号、空格和单位，如 1,200 人写成 quota = 1200",
        )
    } else if has(&["string values must be quoted"])
        && at.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
    {
        (
            "数字或日期里混有别的字符",
            "人数只写半角数字，不加引号，不带单位、空格和逗号，如 quota = 400；日期写成 年-月-日，两位月份和日子，如 2024-08-15",
        )
    } else if has(&["duplicate key"]) {
        (
            "同一个字段或表头写了两次",
            "删掉重复的那一行；一项写一段，如每个单位各写一段 [[unit]]",
        )
    } else if has(&["multi-line"]) {
        (
            "三引号 \"\"\" 括起来的文字没有结束",
            "在这段文字的最后另起一行写上 \"\"\"",
        )
    } else if has(&["string values must be quoted"]) {
        (
            "文字没有用引号括起来",
            "文字要用英文双引号括起来，如 name = \"新密市\"；人数不加引号，如 quota = 100；日期写成 2024-08-15",
        )
    } else if has(&["string", "opening quote"]) {
        (
            "文字的引号没有配对",
            "文字要用一对英文双引号括起来，写在同一行：name = \"新密市\"；要写多行就用三引号 \"\"\"",
        )
    } else if has(&["inline table", "key-value pairs"]) && !has(&["assignment"]) {
        (
            "{ … } 的写法不对",
            "写在一行里，各项用英文逗号分开，最后一项后面不加逗号，如 contact = { phone = \"0371-12345678\" }",
        )
    } else if has(&["key with no value", "assignment", "missing value"]) {
        (
            "这一行缺少等号 = 或等号后面的值",
            "每个字段一行，写成 字段 = 值，如 quota = 100",
        )
    } else if has(&["array table", "unclosed table", "table open"]) {
        (
            "表头的方括号没有配对",
            "表头单独一行，用英文方括号括起来，如 [[unit]]、[site]",
        )
    } else if has(&["array"]) {
        (
            "列表的写法不对",
            "列表用英文方括号括起来，各项用英文逗号分开，如 months = [7, 8, 9]",
        )
    } else if has(&["key"]) && !has(&["key or value", "key-value pair"]) {
        (
            "字段名的写法不对",
            "字段名写在行首，只用英文字母、数字、- 和 _，如 quota = 100；中文写在等号后面的英文双引号里",
        )
    } else if has(&[
        "number",
        "float",
        "integer",
        "leading zero",
        "sign",
        "radix",
        "`_`",
        "date",
        "time",
        "boolean",
    ]) {
        (
            "数字、日期或 true/false 的写法不对",
            "数字不加引号、不带单位和千分位逗号，如 quota = 100；日期写成 2024-08-15；是与否写 true 或 false",
        )
    } else if has(&["unexpected", "extra", "invalid key-value pair"]) {
        (
            "这一行多写了内容",
            "每个字段单独一行，写成 字段 = 值，一行里只有一个等号；说明文字写在 # 后面",
        )
    } else {
        (
            "这一行的写法不对",
            "文字要用英文双引号括起来，如 name = \"新密市\"；日期写成 2024-08-15；每个字段一行，写成 字段 = 值",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (String, String, Range<usize>) {
        let found = full_width(text);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        (f.message.clone(), f.hint.clone(), f.at.clone())
    }

    #[test]
    fn full_width_digits_are_named_and_written_half_width() {
        let (message, hint, at) = one("a = 1\nthree_year = ５２０\n");
        assert_eq!(message, "`three_year = ５２０` 里的数字是全角字符");
        assert_eq!(hint, "改成半角数字：`three_year = 520`（输入法切换到英文再输入）");
        assert_eq!(at, 19..22);
        let (message, hint, _) = one("issued = ２０２４－０７－０５\n");
        assert!(message.contains("数字、减号（横线）"), "{message}");
        assert!(hint.contains("`issued = 2024-07-05`"), "{hint}");
    }

    #[test]
    fn chinese_quotes_equals_brackets_and_commas_are_found() {
        assert!(one("unit = “east”").1.contains("`unit = \"east\"`"));
        assert!(one("unit = ‘east’").1.contains("`unit = \"east\"`"));
        assert!(one("unit = “east\"").1.contains("`unit = \"east\"`"));
        assert!(one("name = \"东区”").1.contains("`name = \"东区\"`"));
        assert!(one("quota ＝ 400").1.contains("`quota = 400`"));
        assert!(one("［［quota］］").1.contains("`[[quota]]`"));
        assert!(one("【site】").1.contains("`[site]`"));
        assert!(one("months = [7，8]  # 七月，八月")
            .1
            .contains("`months = [7,8]  # 七月，八月`"));
        let (message, hint, _) = one("people = [\"张三\"，\"李四”]");
        assert!(message.contains("逗号、引号"), "{message}");
        assert!(hint.contains("`people = [\"张三\",\"李四\"]`"), "{hint}");
    }

    #[test]
    fn full_width_text_in_strings_and_comments_is_text() {
        let text = "document = \"示教函〔2024〕１号\"\nname = \"关于“双减”\" # 注释：５２０\n\
                    quote = \"\"\"\n第１条 ＝ “甲”\n\"\"\"\nlit = '“'\nt = \"a\\\"”\"\n";
        assert_eq!(full_width(text), []);
        // A Chinese closing quote after a Chinese opening one is text.
        assert_eq!(full_width("name = \"关于“双减”"), []);
    }

    #[test]
    fn every_parser_message_is_explained_in_chinese() {
        for message in [
            "invalid basic string, expected `\"`",
            "string values must be quoted, expected literal string",
            "key with no value, expected `=`",
            "unclosed array table, expected `]]`",
            "missing comma between array elements, expected `,`",
            "invalid unquoted key, expected letters, numbers, `-`, `_`",
            "duplicate key",
            "something new",
        ] {
            let (what, hint) = explain(message, "x");
            assert!(!what.is_ascii() && !hint.is_empty(), "{message}");
        }
        assert_eq!(explain("invalid basic string", "\"东区").0, "文字的引号没有配对");
        assert_eq!(
            explain("key with no value, expected `=`", "").0,
            "这一行缺少等号 = 或等号后面的值"
        );
        assert_eq!(
            explain("unclosed array table, expected `]]`", "").0,
            "表头的方括号没有配对"
        );
        let quoted = "string values must be quoted, expected literal string";
        assert_eq!(explain(quoted, "东区").0, "文字没有用引号括起来");
        assert_eq!(explain(quoted, "400人").0, "数字或日期里混有别的字符");
        assert_eq!(explain(quoted, " # 注释").0, "等号后面没有值");
        let key = "invalid unquoted key, expected letters, numbers, `-`, `_`";
        assert_eq!(explain(key, "配额 = 400").0, "字段名的写法不对");
    }
}
