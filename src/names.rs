//! One notion of "the same name", shared by `units.toml` validation and the importer.
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

#[cfg(test)]
mod tests {
    use super::normalize_name;

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
