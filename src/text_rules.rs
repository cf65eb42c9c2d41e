//! Pure rules about text, shared by the loader (which reports through a file's diagnostics) and
//! the diagnostics' snippets (which show a source line): which characters no output may carry
//! or a reader cannot see, and where a line holds an identity number and how it is masked. A
//! leaf: what is refused and how it is reported stays in `load::text` and `load::privacy`.

/// A character no output may carry: a control other than tab and line feed, or U+FFFE/U+FFFF.
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || c == '\u{fffe}' || c == '\u{ffff}'
}

/// A character that reorders the text after it (bidi embedding, override, isolate) or that
/// cannot be seen (zero-width space, joiners, the byte order mark).
pub fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200d}' | '\u{feff}')
}

/// Finding and masking mainland resident identity numbers (GB 11643), as `load::privacy`
/// describes them.
pub mod identity {
    use std::ops::Range;

    use chrono::NaiveDate;
    use unicode_normalization::UnicodeNormalization;

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

    /// One character of a text as the guard reads it, with the bytes it is written with.
    #[derive(Debug, Clone)]
    pub(crate) struct Unit {
        pub(crate) c: char,
        pub(crate) at: Range<usize>,
    }

    /// Named HTML entities that stand for a space, a hyphen or nothing.
    fn named_entity(name: &str) -> Option<char> {
        match name {
            "nbsp" | "ensp" | "emsp" | "thinsp" => Some(' '),
            "zwsp" | "zwj" | "zwnj" | "shy" => Some('\u{200B}'),
            "hyphen" | "dash" | "ndash" | "mdash" | "minus" => Some('-'),
            _ => None,
        }
    }

    /// The character written at byte `i` of `text` and how many bytes it takes: an HTML character
    /// reference (`&#49;`, `&#x31;`, `&nbsp;`) or a TOML/JSON escape (`\u0031`, `\U00000031`) is the
    /// character it stands for.
    fn decode_at(text: &str, i: usize) -> (char, usize) {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '&' {
            if let Some(end) = rest.bytes().take(12).position(|b| b == b';') {
                let body = &rest[1..end];
                let decoded = match body.strip_prefix('#') {
                    Some(number) => {
                        let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                            Some(hex) => (hex, 16),
                            None => (number, 10),
                        };
                        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit()))
                            .then(|| u32::from_str_radix(digits, radix).ok())
                            .flatten()
                            .and_then(char::from_u32)
                    }
                    None => named_entity(body),
                };
                if let Some(d) = decoded {
                    return (d, end + 1);
                }
            }
        }
        if c == '\\' {
            for (marker, n) in [("u", 4), ("U", 8)] {
                let hex = rest[1..].strip_prefix(marker).and_then(|r| r.get(..n));
                if let Some(d) = hex
                    .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                {
                    return (d, 2 + n);
                }
            }
        }
        (c, c.len_utf8())
    }

    /// The characters of `line` (at byte `offset` of its text) as read: references and escapes
    /// decoded, each character NFKC-normalised (full-width １ is 1, the ideographic space a space).
    pub(crate) fn read_units(line: &str, offset: usize) -> Vec<Unit> {
        let mut out = Vec::with_capacity(line.len());
        let mut i = 0;
        while i < line.len() {
            let (c, len) = decode_at(line, i);
            let at = offset + i..offset + i + len;
            if c.is_ascii() {
                out.push(Unit { c, at });
            } else {
                out.extend(std::iter::once(c).nfkc().map(|c| Unit { c, at: at.clone() }));
            }
            i += len;
        }
        out
    }

    /// Characters that may stand between the digits of one number as it is written: spaces,
    /// hyphens and dashes, zero-width characters, and markdown emphasis.
    fn is_joiner(c: char) -> bool {
        matches!(
            c,
            ' ' | '\t' | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{00AD}' | '*' | '_' | '~' | '`'
        ) || crate::names::is_invisible(c)
    }

    /// Inline HTML elements: a tag of one of them between digits (`4101<b>05</b>…`) does not split
    /// a number; a table cell or a paragraph does.
    const INLINE_TAGS: [&str; 16] = [
        "b", "i", "u", "s", "em", "strong", "span", "font", "a", "sub", "sup", "small", "mark", "code", "wbr", "del",
    ];

    /// Where an inline tag starting at unit `k` ends (the unit after its `>`).
    fn inline_tag_end(units: &[Unit], k: usize) -> Option<usize> {
        if units.get(k)?.c != '<' {
            return None;
        }
        let close = (k + 1..units.len().min(k + 200)).find(|&j| units[j].c == '>')?;
        let inside: String = units[k + 1..close].iter().map(|u| u.c).collect();
        let name: String = inside
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        INLINE_TAGS.contains(&name.as_str()).then_some(close + 1)
    }

    /// Words that make 15 digits near them an old identity number rather than a 工商注册号.
    const LABELS: [&str; 4] = ["身份证", "证件", "身份号码", "公民身份"];

    /// Whether a label stands within 40 characters before `span` or on the rest of its line.
    fn labelled(text: &str, span: &Range<usize>) -> bool {
        let from = text[..span.start].char_indices().rev().nth(39).map_or(0, |(i, _)| i);
        let line_end = text[span.end..].find('\n').map_or(text.len(), |i| span.end + i);
        let near = |s: &str| LABELS.iter().any(|l| s.contains(l));
        near(&text[from..span.start]) || near(&text[span.end..line_end])
    }

    /// An identity number found in a text.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Found {
        /// Where it is written, from its first digit to its last.
        pub span: Range<usize>,
        /// Its 18 or 15 characters as read (ASCII, X upper case).
        pub number: String,
        /// Where the characters that [`mask`] hides are written.
        pub hidden: Vec<Range<usize>>,
    }

    /// The identity numbers in `text`, line by line (a number never spans lines).
    pub fn identity_numbers(text: &str) -> Vec<Found> {
        let mut out = Vec::new();
        let mut offset = 0;
        for line in text.split('\n') {
            if may_hold_a_number(line) {
                numbers_in_line(text, &read_units(line, offset), &mut out);
            }
            offset += line.len() + 1;
        }
        out
    }

    /// Whether `line` has digits enough for a number in any spelling: ASCII digits, and other
    /// numeric characters (full-width, circled ⑳ that NFKC makes two digits), or references and
    /// escapes; most lines of Chinese text have none, and are not read character by character.
    fn may_hold_a_number(line: &str) -> bool {
        let digits: usize = line
            .chars()
            .map(|c| match c {
                '0'..='9' => 1,
                '&' | '\\' => 15,
                c if !c.is_ascii() && c.is_numeric() => 2,
                _ => 0,
            })
            .sum();
        digits >= 15
    }

    /// Finds the numbers among `units` (one line of `text`): each run of digits, split into groups
    /// by joiners, is tried from every group on, group by group, so that a number is found whole
    /// however it is spaced, and never as part of a longer one.
    fn numbers_in_line(text: &str, units: &[Unit], out: &mut Vec<Found>) {
        let mut k = 0;
        while k < units.len() {
            if !units[k].c.is_ascii_digit() {
                k += 1;
                continue;
            }
            let mut groups: Vec<Vec<usize>> = Vec::new();
            loop {
                let mut group = Vec::new();
                while k < units.len() && units[k].c.is_ascii_digit() {
                    group.push(k);
                    k += 1;
                }
                if k < units.len() && matches!(units[k].c, 'X' | 'x') {
                    group.push(k);
                    k += 1;
                }
                groups.push(group);
                let mut j = k;
                loop {
                    if j < units.len() && is_joiner(units[j].c) {
                        j += 1;
                    } else if let Some(end) = inline_tag_end(units, j) {
                        j = end;
                    } else {
                        break;
                    }
                }
                if j < units.len() && units[j].c.is_ascii_digit() {
                    k = j;
                } else {
                    break;
                }
            }
            let mut i = 0;
            while i < groups.len() {
                let mut chars: Vec<usize> = Vec::new();
                let mut hit = None;
                for (j, group) in groups.iter().enumerate().skip(i) {
                    chars.extend(group);
                    let n = chars.len();
                    if n == 15 || n == 18 {
                        let number: String = chars.iter().map(|&u| units[u].c.to_ascii_uppercase()).collect();
                        let span = units[chars[0]].at.start..units[chars[n - 1]].at.end;
                        if is_identity_number(number.as_bytes()) && (n == 18 || labelled(text, &span)) {
                            let tail = if n == 18 { 4 } else { 3 };
                            let mut hidden: Vec<Range<usize>> =
                                chars[6..n - tail].iter().map(|&u| units[u].at.clone()).collect();
                            hidden.dedup();
                            hit = Some((j, Found { span, number, hidden }));
                        }
                    }
                    if n >= 18 {
                        break;
                    }
                }
                match hit {
                    Some((j, found)) => {
                        out.push(found);
                        i = j + 1;
                    }
                    None => i += 1,
                }
            }
        }
    }

    /// `text` with the hidden characters of every identity number in it replaced by `*`, and a
    /// function from byte offsets of `text` to offsets of the result (for an underline).
    pub fn mask_text(text: &str) -> (String, impl Fn(usize) -> usize) {
        mask_line(text, 0..text.len())
    }

    /// The line `line` of `text` (without its line break) masked as [`mask_text`] masks a text, the
    /// label of an old 15-digit number read in the whole text: the line a message shows hides what
    /// the message does.
    pub fn mask_line(text: &str, line: Range<usize>) -> (String, impl Fn(usize) -> usize) {
        let mut found = Vec::new();
        for part in text[line.clone()].split('\n').scan(line.start, |at, part| {
            let start = *at;
            *at += part.len() + 1;
            Some(start..start + part.len())
        }) {
            numbers_in_line(text, &read_units(&text[part.clone()], part.start), &mut found);
        }
        let mut hidden: Vec<Range<usize>> = found.into_iter().flat_map(|f| f.hidden).collect();
        hidden.sort_by_key(|r| r.start);
        let mut kept: Vec<Range<usize>> = Vec::new();
        for r in hidden {
            if kept.last().is_none_or(|last| r.start >= last.end) {
                kept.push(r.start - line.start..r.end - line.start);
            }
        }
        let mut out = String::with_capacity(line.len());
        let mut at = 0;
        let own = &text[line];
        for r in &kept {
            out.push_str(&own[at..r.start]);
            out.push('*');
            at = r.end;
        }
        out.push_str(&own[at..]);
        let map = move |p: usize| {
            let mut shift = 0;
            for r in &kept {
                if p >= r.end {
                    shift += r.len() - 1;
                } else if p > r.start {
                    return r.start - shift;
                }
            }
            p - shift
        };
        (out, map)
    }
}
