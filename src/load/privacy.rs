//! The privacy guard: nothing that identifies a student is ever published.
//!
//! Every file under data/ and content/ is scanned whole, before it is parsed, so that a value of
//! any field, a list item, a front matter line or a body cannot slip through; so are the text
//! files of static/ (csv, txt, html, json, md, xml), which are published byte for byte, and the
//! name of every file and folder under content/ and static/, which becomes an address.
//!
//! What is refused:
//! - a mainland resident identity number (GB 11643): 18 characters, 17 digits and a digit or X,
//!   with a valid date of birth and check character; or the old 15-digit form with a valid date
//!   and a label near it (身份证, 证件): without one, 15 digits are a 工商注册号 or a 税务登记号.
//!   Both start with a province code. The number is read as a reader sees it: full-width and
//!   other compatibility digits are digits (NFKC), `&#49;` and `\u0031` are the digit they
//!   stand for, and spaces, hyphens, zero-width characters, emphasis (`*`, `_`) and inline HTML
//!   tags between digits do not split it. Digits right before or after it make it part of a
//!   longer number; a letter does not (学籍号 is `G` + the identity number);
//! - a table with a column headed 身份证号, 证件号码, 学籍号, 考生号, 准考证号 (a markdown or
//!   HTML table, or a CSV file's first row): an admission list pasted into a notice.
//!
//! Ordinary long numbers — a 文号, a phone number, a credit code, an amount, a date-like number
//! whose check character is wrong — are not identity numbers and pass. A true false positive is
//! let through by a marker on its line, `sunshine:allow-id` and a reason (see [`ALLOW_MARKER`]);
//! every marked line is reported as a warning, so that it stays visible.

use std::ops::Range;

use crate::diagnostics::rules;
use crate::load::toml_reader::FileCtx;
use crate::text_rules::identity::*;

/// The marker that lets a line through, followed by why: `# sunshine:allow-id 原因：…` in TOML,
/// `<!-- sunshine:allow-id 原因：… -->` in markdown and HTML, a last cell in CSV, anywhere on
/// the line in a text file.
pub const ALLOW_MARKER: &str = "sunshine:allow-id";

/// A marked line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    /// The line, without its line break.
    pub line: Range<usize>,
    /// The marker itself.
    pub marker: Range<usize>,
    /// Why, as written after the marker; empty when nothing is.
    pub reason: String,
}

/// The marked lines of `text`.
pub fn allow_markers(text: &str) -> Vec<Allowed> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        if let Some(at) = line.find(ALLOW_MARKER) {
            let after = &line[at + ALLOW_MARKER.len()..];
            let after = after.split("-->").next().unwrap_or_default();
            let trim = |s: &str| {
                s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '"' | ',' | '，' | '\r'))
                    .to_string()
            };
            let reason = trim(after);
            let reason = reason.strip_prefix("原因").map(trim).unwrap_or(reason);
            out.push(Allowed {
                line: offset..offset + line.len(),
                marker: offset + at..offset + at + ALLOW_MARKER.len(),
                reason,
            });
        }
        offset += line.len() + 1;
    }
    out
}

/// Words in a column heading that make the table a list of students.
const PERSONAL_COLUMNS: [&str; 7] = ["身份证", "身份号码", "证件号", "学籍号", "考生号", "准考证号", "考籍号"];

/// Whether a heading names a student's identity, read as [`identity_numbers`] reads digits.
fn names_a_student(heading: &str) -> bool {
    let name: String = read_units(heading, 0)
        .into_iter()
        .map(|u| u.c)
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '`') && !crate::names::is_invisible(*c))
        .collect();
    PERSONAL_COLUMNS.iter().any(|w| name.contains(w))
}

/// The text without its HTML tags.
fn without_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// How a file's tables are written, beyond markdown and HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Data, a page, a text file: markdown and HTML tables.
    Text,
    /// A CSV file: its first row is a heading too.
    Csv,
}

/// The heading cells whose column names a student's identity, with their byte ranges: the
/// heading row of a markdown table (a row of cells followed by a delimiter row `|---|:--:|`),
/// an HTML `<th>`, and in a CSV file the first row.
pub fn personal_columns(text: &str, format: Format) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        lines.push((at, line));
        at += line.len() + 1;
    }
    let cell = |start: usize, cell: &str| {
        let lead = cell.len() - cell.trim_start().len();
        (start + lead..start + lead + cell.trim().len(), cell.trim().to_string())
    };
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
        for text in header.split('|') {
            if names_a_student(&without_tags(text)) {
                out.push(cell(start + offset, text));
            }
            offset += text.len() + 1;
        }
    }
    // HTML: each <th>, up to its </th> (or the next cell, row or line).
    let lower = text.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower[search..].find("<th") {
        let tag = search + found;
        search = tag + 3;
        if !lower[search..].starts_with(['>', ' ', '\t', '\n']) {
            continue;
        }
        let Some(open_end) = lower[search..].find('>').map(|i| search + i + 1) else {
            break;
        };
        let rest = &lower[open_end..];
        let end = ["</th", "<th", "</tr", "<td", "\n"]
            .iter()
            .filter_map(|s| rest.find(s))
            .min()
            .map_or(text.len(), |i| open_end + i);
        if names_a_student(&without_tags(&text[open_end..end])) {
            out.push(cell(open_end, &text[open_end..end]));
        }
        search = end.max(search);
    }
    if format == Format::Csv {
        if let Some((start, line)) = lines.iter().find(|(_, l)| !l.trim().is_empty()) {
            let mut offset = 0;
            for text in line.split([',', ';', '\t']) {
                if names_a_student(text.trim_matches(|c: char| c == '"' || c.is_whitespace() || c == '\u{feff}')) {
                    out.push(cell(start + offset, text));
                }
                offset += text.len() + 1;
            }
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out.dedup();
    out
}

/// What the guard found in one file, before it is reported: a static file is kept as a source
/// only when there is something to say about it.
#[derive(Debug, Default)]
pub struct Findings {
    numbers: Vec<Found>,
    columns: Vec<(Range<usize>, String)>,
    allowed: Vec<Allowed>,
}

impl Findings {
    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty() && self.columns.is_empty() && self.allowed.is_empty()
    }
}

/// Scans one file's text.
pub fn scan(text: &str, format: Format) -> Findings {
    Findings {
        numbers: identity_numbers(text),
        columns: personal_columns(text, format),
        allowed: allow_markers(text),
    }
}

/// Reports every identity number and every personal column of the file `ctx` reads, except on a
/// line marked with a reason; and every marked line (a warning), or marker without a reason (an
/// error).
pub fn report(ctx: &mut FileCtx<'_>, findings: Findings) {
    let allowed = |at: usize| {
        findings
            .allowed
            .iter()
            .any(|a| !a.reason.is_empty() && a.line.start <= at && at <= a.line.end)
    };
    for found in &findings.numbers {
        if allowed(found.span.start) {
            continue;
        }
        let masked = mask(&found.number);
        ctx.error(
            rules::IDENTITY_NUMBER,
            found.span.clone(),
            format!("这里有一个居民身份证号码 {masked}，网站不能公开任何人的身份证号码"),
            "删掉这个号码；录取名单、考生名单不要贴进网站，只写人数，名单由学校按规定另行公示",
        );
    }
    for (span, heading) in &findings.columns {
        if allowed(span.start) {
            continue;
        }
        ctx.error(
            rules::PERSONAL_COLUMN,
            span.clone(),
            format!("表格有一列“{heading}”，这是考生名单，网站不能公开学生的身份信息"),
            "删掉这一列（连同每行的这一格），或不贴这张表，只写各校录取人数",
        );
    }
    for a in &findings.allowed {
        if a.reason.is_empty() {
            ctx.error(
                rules::ALLOW_WITHOUT_REASON,
                a.marker.clone(),
                format!("{ALLOW_MARKER} 后面没有写原因，这一行照样检查"),
                format!("在标记后面写上为什么这不是身份信息，如 {ALLOW_MARKER} 原因：这是工商注册号；或删掉这个标记"),
            );
        } else {
            let loc = ctx.loc(a.marker.clone());
            ctx.diags.warning(
                rules::ALLOWED_LINE,
                ctx.sources,
                loc,
                format!("这一行标了 {ALLOW_MARKER}，不检查身份证号码（原因：{}）", a.reason),
                "发布前再核对一次：这一行确实没有任何人的身份证号码、考生号或学籍号",
            );
        }
    }
}

/// Scans and reports one file of data/ or content/.
pub fn check_file(ctx: &mut FileCtx<'_>, text: &str) {
    report(ctx, scan(text, Format::Text));
}

/// The identity numbers in a file or folder name, `name` standing at byte `at` of `path`:
/// `path` with them masked, and the first one masked, for the message.
pub fn in_name(path: &str, at: usize) -> Option<(String, String)> {
    let name = &path[at..];
    let found = identity_numbers(name);
    let first = found.first()?;
    let (masked_name, _) = mask_text(name);
    Some((format!("{}{masked_name}", &path[..at]), mask(&first.number)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up number with a valid date and the right check character, X.
    const ID: &str = "41010519900307123X";
    /// Another, with a digit for its check character, as the tester wrote it.
    const ID2: &str = "410105199001011233";

    /// Every identity number of `text`, as read and masked.
    fn masked(text: &str) -> Vec<String> {
        identity_numbers(text).iter().map(|f| mask(&f.number)).collect()
    }

    #[test]
    fn the_check_character_and_the_mask() {
        assert_eq!(check_character(&ID.as_bytes()[..17]), 'X');
        assert_eq!(check_character(&ID2.as_bytes()[..17]), '3');
        assert_eq!(check_character(&b"11010519491231002X"[..17]), 'X');
        assert_eq!(mask(ID), "410105********123X");
        assert_eq!(mask("410105900307123"), "410105******123");
    }

    /// Each row: a text, and the one number found in it (masked).
    #[test]
    fn identity_numbers_are_found_however_they_are_written() {
        let fullwidth: String = ID
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
            .collect();
        let escaped: String = ID.chars().map(|c| format!("\\u{:04X}", c as u32)).collect();
        let entities: String = ID2[..6].chars().map(|c| format!("&#{};", c as u32)).collect();
        for (text, number) in [
            (format!("考生 张三（{ID}）已录取"), mask(ID)),
            (ID.to_lowercase(), mask(ID)),
            // 学籍号 is G or L and the identity number; a letter next to it hides nothing.
            (format!("学籍号 G{ID}"), mask(ID)),
            (format!("L{ID2}"), mask(ID2)),
            (format!("A{ID}"), mask(ID)),
            (format!("{ID2}abc"), mask(ID2)),
            // Spaced, hyphenated, with a no-break or ideographic space.
            ("410105 19900101 1233".to_string(), mask(ID2)),
            ("410105-19900101-1233".to_string(), mask(ID2)),
            ("410105\u{a0}19900101\u{3000}1233".to_string(), mask(ID2)),
            ("4101 0519 9001 0112 33".to_string(), mask(ID2)),
            // Full-width digits, a zero-width space, markdown emphasis, inline HTML.
            (fullwidth, mask(ID)),
            ("410105\u{200b}199001011233".to_string(), mask(ID2)),
            ("4101**05199001**011233".to_string(), mask(ID2)),
            ("410105_19900101_1233".to_string(), mask(ID2)),
            ("410105<b>19900101</b>1233".to_string(), mask(ID2)),
            // HTML character references, TOML and JSON escapes.
            (format!("{entities}199001011233"), mask(ID2)),
            ("&#x34;&#x31;0105199001011233".to_string(), mask(ID2)),
            (format!("title = \"{escaped}\""), mask(ID)),
            // Beside other numbers written the same way.
            (format!("电话 0371-66983858 {ID2}"), mask(ID2)),
            // The old 15-digit form, with a label before or after it on its line.
            ("身份证号 410105900307123".to_string(), "410105******123".to_string()),
            ("410105900307123（证件）".to_string(), "410105******123".to_string()),
            (
                "公民身份号码：410105 900307 123".to_string(),
                "410105******123".to_string(),
            ),
        ] {
            assert_eq!(masked(&text), [number], "{text:?}");
        }
    }

    /// Each row: a text in which no identity number is found.
    #[test]
    fn ordinary_long_numbers_are_not_identity_numbers() {
        let bad_check = format!("{}1", &ID[..17]);
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
            "410105 19900307 1231",
            // 15 digits with no valid date, and one with a province code that does not exist.
            "身份证 410105901307123",
            "身份证 990105900307123",
            // 15 digits with a valid date but no label: a 工商注册号, a 税务登记号.
            "工商注册号 410105730101234",
            "税务登记号：410105730101234",
            "410105900307123",
            // Digits right before or after make it part of a longer number.
            &format!("{ID2}7"),
            &format!("7{ID2}"),
            &format!("0371{ID2}"),
            // Table cells are separate numbers, and so are lines.
            "<td>410105</td><td>19900101</td><td>1233</td>",
            "410105\n199001011233",
            // Dates and ranges.
            "2024-08-05 至 2024-09-01，2024 年 1600 人",
        ] {
            assert!(identity_numbers(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_found_number_is_shown_masked_where_it_is_written() {
        let text = format!("考生 张三（{ID}）");
        let found = identity_numbers(&text);
        assert_eq!(&text[found[0].span.clone()], ID);
        let (shown, moved) = mask_text(&text);
        assert_eq!(shown, "考生 张三（410105********123X）");
        assert_eq!(moved(found[0].span.end), shown.find('）').unwrap());
        // Full-width digits become one `*` each; the underline follows.
        let (shown, moved) = mask_text("号 ４１０１０５１９９００１０１１２３３。");
        assert_eq!(shown, "号 ４１０１０５********１２３３。");
        assert_eq!(
            moved("号 ４１０１０５１９９００１０１１２３３".len()),
            shown.find('。').unwrap()
        );
        let (shown, _) = mask_text("410105 19900101 1233");
        assert_eq!(shown, "410105 ******** 1233");
        // A 15-digit number labelled on the line above is hidden on its own line too.
        let text = "企业,证件号码\n某公司,410105730101234";
        let (shown, _) = mask_line(text, text.find('\n').unwrap() + 1..text.len());
        assert_eq!(shown, "某公司,410105******234");
    }

    /// Each row: a text, and the headings found in it.
    #[test]
    fn a_table_with_a_personal_column_is_found_at_its_heading() {
        let text = "名单：\n\n| 序号 | 姓名 | **身份证号** |\n|---|:--|---|\n| 1 | 张三 | 略 |\n";
        let found = personal_columns(text, Format::Text);
        assert_eq!(&text[found[0].0.clone()], "**身份证号**");
        for (text, format, headings) in [
            ("准考证号|姓名\n--|--\n", Format::Text, vec!["准考证号"]),
            (
                "| 身份证号码 | 证件号码 | 学籍号 | 考生号 |\n|--|--|--|--|\n",
                Format::Text,
                vec!["身份证号码", "证件号码", "学籍号", "考生号"],
            ),
            ("| 身　份　证　号 |\n|---|\n", Format::Text, vec!["身　份　证　号"]),
            (
                "<table><tr><th>姓名</th><th>身份证号</th></tr>",
                Format::Text,
                vec!["身份证号"],
            ),
            (
                "<TH class=\"c\"><b>证件号码</b></TH>",
                Format::Text,
                vec!["<b>证件号码</b>"],
            ),
            (
                "\u{feff}姓名,身份证号,专业\n张三,略,护理\n",
                Format::Csv,
                vec!["身份证号"],
            ),
            ("\"姓名\"\t\"学籍号\"\n", Format::Csv, vec!["\"学籍号\""]),
            // A heading row needs its delimiter row; words in running text or other columns pass.
            ("| 考生号 |\n| 1 |\n", Format::Text, vec![]),
            (
                "请携带身份证、准考证报到。\n\n| 单位 | 人数 |\n|---|---|\n",
                Format::Text,
                vec![],
            ),
            ("<td>身份证号</td>", Format::Text, vec![]),
            ("<thead><tr><th>单位</th></tr></thead>", Format::Text, vec![]),
            // A CSV's later rows are not its heading; a text file's first row is not a heading.
            ("单位,人数\n身份证号,3\n", Format::Csv, vec![]),
            ("姓名,身份证号\n", Format::Text, vec![]),
        ] {
            let found: Vec<String> = personal_columns(text, format).into_iter().map(|(_, h)| h).collect();
            assert_eq!(found, headings, "{text:?}");
        }
    }

    /// Each row: a line with a marker, and the reason read from it.
    #[test]
    fn an_allow_marker_gives_its_reason() {
        for (text, reason) in [
            (
                "code = \"410105730101234\" # sunshine:allow-id 原因：这是工商注册号",
                "这是工商注册号",
            ),
            (
                "注册号 410105730101234 <!-- sunshine:allow-id 营业执照注册号 -->",
                "营业执照注册号",
            ),
            (
                "某公司,410105730101234,\"sunshine:allow-id 原因: 工商注册号\"",
                "工商注册号",
            ),
            ("x # sunshine:allow-id", ""),
            ("x <!-- sunshine:allow-id 原因： -->", ""),
            ("x,sunshine:allow-id,", ""),
        ] {
            let found = allow_markers(text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].reason, reason, "{text}");
            assert_eq!(&text[found[0].marker.clone()], ALLOW_MARKER);
        }
        assert!(allow_markers("sunshine allow id").is_empty());
    }

    #[test]
    fn a_number_in_a_file_name_is_masked_in_the_path() {
        assert_eq!(
            in_name(&format!("content/{ID}.md"), 8),
            Some(("content/410105********123X.md".to_string(), mask(ID)))
        );
        assert_eq!(in_name("static/files/2024-zhaosheng.pdf", 13), None);
    }
}
