//! One notion of "the same name", shared by `units.toml` validation and the importer; and one
//! reading of a name in pinyin, for sorting programs and for search by initials.
//!
//! Two unit names are the same when they are equal after [`normalize_name`]: the importer
//! matches a spreadsheet's 单位名称 to units.toml this way, so units.toml must not hold two
//! names it cannot tell apart.

/// Characters that take no room on screen: zero-width space, non-joiner, joiner, word joiner and
/// the byte-order mark (also written as "zero-width no-break space").
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Full-width letters, digits and signs to half-width (an NFKC-like folding of U+FF01–U+FF5E);
/// no white space (also the ideographic space U+3000), no zero-width characters, no `*`;
/// a trailing "（人）" or "（人数）" (a header's unit) dropped.
pub fn normalize_name(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '*' && !is_invisible(*c))
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    for unit in ["(人)", "(人数)"] {
        if let Some(stripped) = out.strip_suffix(unit) {
            out = stripped.to_string();
        }
    }
    out
}

/// Words whose characters are read otherwise than their most common reading, as they occur in
/// the names of places, schools and programs: 会计 is kuài jì, not huì jì.
const WORDS: &[(&str, &[&str])] = &[
    ("会计", &["kuai", "ji"]),
    ("财会", &["cai", "kuai"]),
    ("银行", &["yin", "hang"]),
    ("行业", &["hang", "ye"]),
    ("重庆", &["chong", "qing"]),
    ("空调", &["kong", "tiao"]),
    ("调音", &["tiao", "yin"]),
    ("音乐", &["yin", "yue"]),
    ("声乐", &["sheng", "yue"]),
    ("器乐", &["qi", "yue"]),
    ("乐器", &["yue", "qi"]),
    ("给排水", &["ji", "pai", "shui"]),
    ("成都", &["cheng", "du"]),
    ("首都", &["shou", "du"]),
    ("都市", &["du", "shi"]),
    ("厦门", &["xia", "men"]),
    ("蚌埠", &["beng", "bu"]),
    ("六安", &["lu", "an"]),
    ("中牟", &["zhong", "mu"]),
    ("西藏", &["xi", "zang"]),
    ("藏族", &["zang", "zu"]),
    ("单县", &["shan", "xian"]),
    ("朝阳", &["chao", "yang"]),
    ("模具", &["mu", "ju"]),
    ("畜牧", &["xu", "mu"]),
    ("畜禽", &["xu", "qin"]),
    ("校长", &["xiao", "zhang"]),
    ("院长", &["yuan", "zhang"]),
    ("局长", &["ju", "zhang"]),
    ("县长", &["xian", "zhang"]),
    ("市长", &["shi", "zhang"]),
];

/// Characters whose most common reading in names differs from the dictionary's first one.
const CHARACTERS: &[(char, &str)] = &[('长', "chang")];

/// One part of a name read in pinyin: a syllable (toneless, lower case) or a character that is
/// not Chinese, as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A Chinese character's syllable.
    Syllable(&'static str),
    /// A character that is not Chinese (a letter, a digit), as written.
    Other(char),
}

/// The name read in pinyin, one part per character; words of `WORDS` take their own reading.
pub fn pinyin(name: &str) -> Vec<Reading> {
    use pinyin::ToPinyin;
    let mut out = Vec::with_capacity(name.len() / 3 + 1);
    let mut rest = name;
    'outer: while let Some(c) = rest.chars().next() {
        for (word, syllables) in WORDS {
            if rest.starts_with(word) {
                out.extend(syllables.iter().map(|s| Reading::Syllable(s)));
                rest = &rest[word.len()..];
                continue 'outer;
            }
        }
        let reading = match CHARACTERS.iter().find(|(k, _)| *k == c) {
            Some((_, s)) => Reading::Syllable(s),
            None => c
                .to_pinyin()
                .map_or(Reading::Other(c), |p| Reading::Syllable(p.plain())),
        };
        out.push(reading);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The name in toneless pinyin (护理 → "hu li "), other characters kept, lower case: a sort key.
pub fn pinyin_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 3);
    for part in pinyin(name) {
        match part {
            Reading::Syllable(s) => {
                key.push_str(s);
                key.push(' ');
            }
            Reading::Other(c) => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// The first letters of the pinyin of each Chinese character, other letters and digits kept:
/// 郑州市财贸学校 → zzscmxx.
pub fn pinyin_initials(text: &str) -> String {
    pinyin(text)
        .into_iter()
        .filter_map(|part| match part {
            Reading::Syllable(s) => s.chars().next(),
            Reading::Other(c) if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            Reading::Other(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{normalize_name, pinyin_initials, pinyin_key};

    #[test]
    fn names_are_read_as_they_are_said_not_by_each_characters_first_reading() {
        assert_eq!(pinyin_key("会计事务"), "kuai ji shi wu ");
        assert_eq!(pinyin_key("护理"), "hu li ");
        assert_eq!(pinyin_initials("中牟县职业教育中心"), "zmxzyjyzx");
        assert_eq!(pinyin_initials("长垣市职业中专"), "cyszyzz");
        assert_eq!(pinyin_initials("郑州市财贸学校"), "zzscmxx");
        assert_eq!(pinyin_initials("汽车运用与维修（3+2）"), "qcyyywx32");
        assert_eq!(pinyin_key("音乐表演"), "yin yue biao yan ");
        // A word's reading applies only where the word is: 会展 stays huì.
        assert_eq!(pinyin_key("会展服务"), "hui zhan fu wu ");
    }

    #[test]
    fn spaces_full_width_forms_and_invisible_characters_do_not_make_a_new_name() {
        let name = "东区第一职业中专";
        for variant in [
            "东区第一职业中专 ",
            " 东区 第一职业中专",
            "东区\u{3000}第一职业中专",
            "东区\u{200B}第一职业中专",
            "\u{FEFF}东区第一职业中专\u{2060}",
            "东区第一\u{200C}职业\u{200D}中专",
        ] {
            assert_eq!(normalize_name(variant), normalize_name(name), "{variant:?}");
        }
        assert_eq!(normalize_name("ＡＢＣ１２３（二校）"), "ABC123(二校)");
        assert_ne!(normalize_name("东区一中"), normalize_name("东区二中"));
    }
}
