//! The privacy guard: nothing that identifies a student is ever published.
//!
//! Every file under data/ and content/ is scanned whole, before it is parsed, so that a value of
//! any field, a list item, a front matter line or a body cannot slip through:
//! - a mainland resident identity number (GB 11643): 18 characters, 17 digits and a digit or X,
//!   with a valid date of birth and check character; or the old 15-digit form with a valid date.
//!   Both start with a province code. The number stands alone: digits or Latin letters right
//!   before or after it make it part of something else (a longer number, a 统一社会信用代码);
//! - a markdown table with a column headed 身份证号, 身份证, 考生号 or 准考证号: an admission list
//!   pasted into a notice.
//!
//! Ordinary long numbers — a 文号, a phone number, a credit code, an amount, a date-like number
//! whose check character is wrong — are not identity numbers and pass.

use std::ops::Range;

use chrono::NaiveDate;

use crate::diagnostics::rules;
use crate::load::toml_reader::FileCtx;

/// The first two digits of an identity number: the province (GB/T 2260), 11 北京 … 82 澳门.
fn is_province(code: &[u8]) -> bool {
    let n = u32::from(code[0] - b'0') * 10 + u32::from(code[1] - b'0');
    matches!(n, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
}

fn is_date(digits: &[u8]) -> bool {
    let s = std::str::from_utf8(digits).unwrap_or_default();
    let (Ok(y), Ok(m), Ok(d)) = (s[..4].parse::<i32>(), s[4..6].parse::<u32>(), s[6..8].parse::<u32>()) else {
        return false;
    };
    (1900..=2099).contains(&y) && NaiveDate::from_ymd_opt(y, m, d).is_some()
}

/// The check character of the first 17 digits (GB 11643: weights 2^(17-i) mod 11).
pub fn check_character(first17: &[u8]) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    char::from(CODES[(sum % 11) as usize])
}

/// Whether `s` (ASCII) is an identity number: the 18-character form with a valid date of birth
/// and check character, or the 15-digit form with a valid date.
pub fn is_identity_number(s: &[u8]) -> bool {
    match s.len() {
        18 => {
            s[..17].iter().all(u8::is_ascii_digit)
                && is_province(s)
                && is_date(&s[6..14])
                && char::from(s[17].to_ascii_uppercase()) == check_character(&s[..17])
        }
        15 => {
            s.iter().all(u8::is_ascii_digit) && is_province(s) && {
                let mut date = b"19".to_vec();
                date.extend_from_slice(&s[6..12]);
                is_date(&date)
            }
        }
        _ => false,
    }
}

/// The number with its middle hidden: 410105********123X, 410105******123.
pub fn mask(s: &str) -> String {
    let (head, tail) = if s.len() == 18 { (6, 4) } else { (6, 3) };
    format!(
        "{}{}{}",
        &s[..head],
        "*".repeat(s.len() - head - tail),
        &s[s.len() - tail..]
    )
}

/// The byte ranges of identity numbers in `text`.
pub fn identity_numbers(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let mut end = i;
        if end - start == 17 && end < b.len() && matches!(b[end], b'X' | b'x') {
            end += 1;
        }
        let alone = end >= b.len() || !b[end].is_ascii_alphanumeric();
        if alone && is_identity_number(&b[start..end]) {
            out.push(start..end);
        }
        i = end.max(start + 1);
    }
    out
}

/// Column headings that mark a list of students.
const PERSONAL_COLUMNS: [&str; 4] = ["身份证号", "身份证", "考生号", "准考证号"];

/// The heading cells of markdown tables whose column names a student's identity, with their
/// byte ranges: a row of cells followed by a delimiter row (`|---|:--:|`).
pub fn personal_columns(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        lines.push((at, line));
        at += line.len() + 1;
    }
    let is_delimiter = |line: &str| {
        let t = line.trim();
        t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
    };
    for pair in lines.windows(2) {
        let ((start, header), (_, next)) = (pair[0], pair[1]);
        if !header.contains('|') || !is_delimiter(next) {
            continue;
        }
        let mut offset = 0;
        for cell in header.split('|') {
            let cell_start = start + offset;
            offset += cell.len() + 1;
            let name: String = cell
                .chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '`'))
                .collect();
            if PERSONAL_COLUMNS.iter().any(|w| name.contains(w)) {
                let lead = cell.len() - cell.trim_start().len();
                let range = cell_start + lead..cell_start + lead + cell.trim().len();
                out.push((range, cell.trim().to_string()));
            }
        }
    }
    out
}

/// Reports every identity number and every personal column of the file `ctx` reads.
pub fn check_file(ctx: &mut FileCtx<'_>, text: &str) {
    for span in identity_numbers(text) {
        let masked = mask(&text[span.clone()]);
        ctx.error(
            rules::IDENTITY_NUMBER,
            span,
            format!("这里有一个居民身份证号码 {masked}，网站不能公开任何人的身份证号码"),
            "删掉这个号码；录取名单、考生名单不要贴进网站，只写人数，名单由学校按规定另行公示",
        );
    }
    for (span, heading) in personal_columns(text) {
        ctx.error(
            rules::PERSONAL_COLUMN,
            span,
            format!("表格有一列“{heading}”，这是考生名单，网站不能公开学生的身份信息"),
            "删掉这一列（连同每行的这一格），或不贴这张表，只写各校录取人数",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up number with a valid date and the right check character.
    fn valid18() -> String {
        let first = "41010519900307123";
        format!("{first}{}", check_character(first.as_bytes()))
    }

    #[test]
    fn an_identity_number_is_found_where_it_stands() {
        let id = valid18();
        let text = format!("考生 张三（{id}）已录取");
        let found = identity_numbers(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].clone()], id);
        assert_eq!(mask(&id), format!("410105********{}", &id[14..]));
        // The check character X, in either case.
        let x = "11010519491231002X";
        assert_eq!(check_character(&x.as_bytes()[..17]), 'X');
        let only = |text: &str| {
            let found = identity_numbers(text);
            assert_eq!(found.len(), 1, "{text}");
            found[0].clone()
        };
        assert_eq!(only(x), 0..18);
        assert_eq!(only(&x.to_lowercase()), 0..18);
        // The 15-digit form: a valid date is enough.
        assert_eq!(only("号码 410105900307123。"), 7..22);
        assert_eq!(mask("410105900307123"), "410105******123");
    }

    #[test]
    fn ordinary_long_numbers_are_not_identity_numbers() {
        let id = valid18();
        let wrong = (b'0'..=b'9')
            .map(char::from)
            .find(|c| *c != id.chars().last().unwrap())
            .unwrap();
        let bad_check = format!("{}{wrong}", &id[..17]);
        for text in [
            "郑教职成函〔2024〕432号",
            "电话 0371-66983858、13812345678",
            // 统一社会信用代码, all digits but one letter, and one that is digits only with a bad date.
            "91410100MA44ABCD1X",
            "914101007126543210",
            // An amount, a serial number, a date-like number with a wrong check character.
            "金额 123456789012345678 元",
            "流水号 20240705000123456789",
            &bad_check,
            // 15 digits with no valid date, and one with a province code that does not exist.
            "410105901307123",
            "990105900307123",
            // Part of a longer word.
            &format!("A{id}"),
            &format!("{id}7"),
        ] {
            assert!(identity_numbers(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_table_with_a_personal_column_is_found_at_its_heading() {
        let text = "名单：\n\n| 序号 | 姓名 | **身份证号** |\n|---|:--|---|\n| 1 | 张三 | 略 |\n";
        let found = personal_columns(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0.clone()], "**身份证号**");
        assert_eq!(personal_columns("准考证号|姓名\n--|--\n").len(), 1);
        // A heading row needs its delimiter row; words in running text or other columns pass.
        assert!(personal_columns("| 考生号 |\n| 1 |\n").is_empty());
        assert!(personal_columns("请携带身份证、准考证报到。\n\n| 单位 | 人数 |\n|---|---|\n").is_empty());
    }
}
