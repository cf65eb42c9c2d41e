//! Text helpers shared by the renderers and the charts: XML escaping, pinyin initials, the last
//! guard against control characters, and percent-encoding of published addresses.

use super::OutputFile;
use crate::load::text::is_control;

/// The text formats the renderer writes; every other file is left as it is.
const TEXT_FILES: &[&str] = &[".html", ".xml", ".csv", ".json", ".txt", ".css", ".js", ".svg"];

/// Removes control characters from a rendered text file. The loader already refuses them in
/// every value and body (rules H01–H03), so this changes nothing for checked data; it is the
/// second line of defence: a site's own template or a value that slipped past a check must not
/// make feed.xml ill-formed, which feed readers refuse whole. CSV keeps its `\r\n` record ends.
pub(super) fn strip_controls(file: &mut OutputFile) {
    if !TEXT_FILES.iter().any(|ext| file.path.ends_with(ext)) {
        return;
    }
    let keep_cr = file.path.ends_with(".csv");
    let bad = |c: char| is_control(c) && !(keep_cr && c == '\r');
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        return;
    };
    if text.chars().any(bad) {
        file.bytes = text.chars().filter(|c| !bad(*c)).collect::<String>().into_bytes();
    }
}

/// True for a letter written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms).
fn is_right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{fefe}' | '\u{10800}'..='\u{10fff}' | '\u{1e800}'..='\u{1efff}')
}

/// A name in plain text (a page's `<title>`, its description, the feed), where `<bdi>` cannot
/// stand: one with right-to-left letters is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
/// ISOLATE, so that "2024" after it is not read as part of it. Other names are left as they are
/// (names cannot carry direction controls of their own: rule H02).
pub(super) fn isolate(name: &str) -> String {
    if name.chars().any(is_right_to_left) {
        format!("\u{2068}{name}\u{2069}")
    } else {
        name.to_string()
    }
}

/// A URL with every byte a URL may not carry as it is (non-ASCII, spaces, controls, `"<>\^`{|}`)
/// percent-encoded, as sitemap.xml, feed.xml and canonical links require: `/notices/通知/` becomes
/// `/notices/%E9%80%9A%E7%9F%A5/`. `%` is kept, so an address already encoded stays the same.
pub(super) fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The first letters of the pinyin of each Chinese character, other letters and digits kept:
/// 郑州市财贸学校 → zzscmxx. A character with several readings takes its most common one.
pub fn pinyin_initials(text: &str) -> String {
    use pinyin::ToPinyin;
    text.chars()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => Some(p.first_letter().to_string()),
            None if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase().to_string()),
            None => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_leave_in_a_text_file() {
        let mut feed = OutputFile {
            path: "feed.xml".into(),
            bytes: "<title>a\u{0b}b\u{0}c\u{85}d\tx\r\n</title>".into(),
        };
        strip_controls(&mut feed);
        assert_eq!(feed.bytes, b"<title>abcd\tx\n</title>");
        let mut csv = OutputFile {
            path: "data/2024/quotas.csv".into(),
            bytes: "a\u{1}b\r\n".into(),
        };
        strip_controls(&mut csv);
        assert_eq!(csv.bytes, b"ab\r\n");
        let mut pdf = OutputFile {
            path: "files/a.pdf".into(),
            bytes: vec![0, 1, 2],
        };
        strip_controls(&mut pdf);
        assert_eq!(pdf.bytes, [0, 1, 2]);
    }

    #[test]
    fn only_right_to_left_names_are_isolated_in_plain_text() {
        assert_eq!(isolate("东区 مدرسة"), "\u{2068}东区 مدرسة\u{2069}");
        assert_eq!(isolate("东区第一职业中专"), "东区第一职业中专");
    }

    #[test]
    fn addresses_are_percent_encoded_once() {
        assert_eq!(
            encode_url("https://x.cn/notices/通知 1/"),
            "https://x.cn/notices/%E9%80%9A%E7%9F%A5%201/"
        );
        assert_eq!(encode_url("/a&b']]/"), "/a&b']]/");
        assert_eq!(encode_url("/%E9%80%9A/"), "/%E9%80%9A/");
    }
}
