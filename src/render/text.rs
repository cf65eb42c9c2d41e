//! Text helpers shared by the renderers and the charts: XML escaping, pinyin initials, the last
//! guard against control characters, and percent-encoding of published addresses.

use super::OutputFile;
use crate::text_rules::is_control;

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
    // Every page passes here, so the scan is cheap: 8 bytes at a time, a word is looked at byte
    // by byte only when it holds a byte below 0x20 (a line break, usually), 0x7F, or the lead
    // bytes 0xC2 (C1 controls: 0xC2 0x80–0x9F) and 0xEF (U+FFFE/U+FFFF: 0xEF 0xBF 0xBE/BF).
    let b = &file.bytes;
    let precise = |i: usize| match b[i] {
        b'\t' | b'\n' => false,
        b'\r' => !keep_cr,
        0..=0x1f | 0x7f => true,
        0xc2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xef => b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)),
        _ => false,
    };
    let words = b.len() / 8;
    let suspect = (0..words).any(|w| {
        let start = w * 8;
        let mut word = [0u8; 8];
        word.copy_from_slice(&b[start..start + 8]);
        may_hold_control(u64::from_le_bytes(word)) && (start..start + 8).any(precise)
    }) || (words * 8..b.len()).any(precise);
    if !suspect {
        return;
    }
    let bad = |c: char| is_control(c) && !(keep_cr && c == '\r');
    if let Ok(text) = std::str::from_utf8(&file.bytes) {
        file.bytes = text.chars().filter(|c| !bad(*c)).collect::<String>().into_bytes();
    }
}

/// A word of 8 bytes that may hold a byte below 0x20, 0x7F, 0xC2 or 0xEF. The classic
/// "has a zero byte" test: it can say yes wrongly (a borrow), never no wrongly.
fn may_hold_control(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_0x20 = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let equal = |byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    below_0x20 | equal(0x7f) | equal(0xc2) | equal(0xef) != 0
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

pub use crate::names::pinyin_initials;

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
    fn a_word_with_any_suspect_byte_in_any_place_is_looked_at() {
        for place in 0..8 {
            for byte in [0u8, 0x0b, 0x1f, 0x7f, 0xc2, 0xef, b'\n'] {
                let mut word = [b'a'; 8];
                word[place] = byte;
                assert!(may_hold_control(u64::from_le_bytes(word)), "{byte:#x} at {place}");
            }
        }
        assert!(!may_hold_control(u64::from_le_bytes(*b"<p>abc d")));
    }

    #[test]
    fn the_byte_scan_finds_each_kind_alone_and_leaves_look_alikes() {
        for (alone, expected) in [
            ("\u{7f}", ""),
            ("\u{9f}", ""),
            ("\u{fffe}", ""),
            ("\u{ffff}", ""),
            ("\r", ""),
        ] {
            // At every offset, so that a word boundary falls everywhere around it.
            for pad in 0..9 {
                let before = "x".repeat(pad);
                let mut page = OutputFile {
                    path: "a.html".into(),
                    bytes: format!("{before}甲{alone}乙").into(),
                };
                strip_controls(&mut page);
                assert_eq!(page.bytes, format!("{before}甲{expected}乙").as_bytes(), "{alone:?}");
            }
        }
        // Lead bytes 0xC2 and 0xEF in ordinary text: ¢ (C2 A2), ， (EF BC 8C), ￭ (EF BF AD).
        let text = "¢，￭\t\n";
        let mut page = OutputFile {
            path: "a.html".into(),
            bytes: text.into(),
        };
        strip_controls(&mut page);
        assert_eq!(page.bytes, text.as_bytes());
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
