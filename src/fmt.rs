//! Text formatting shared by the pages and the charts: escaping for XML/HTML and numbers with
//! thousands separators. A leaf: it knows nothing of the stages.

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

/// `-1234567` → `-1,234,567`; `None` unless the text is an optional `-` and ASCII digits.
pub fn group_thousands(text: &str) -> Option<String> {
    let (sign, digits) = text.strip_prefix('-').map_or(("", text), |d| ("-", d));
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn whole_numbers_get_thousands_separators_and_nothing_else_changes() {
        for (n, want) in [
            ("0", "0"),
            ("999", "999"),
            ("1000", "1,000"),
            ("67686", "67,686"),
            ("1234567", "1,234,567"),
            ("-1234", "-1,234"),
        ] {
            assert_eq!(group_thousands(n).as_deref(), Some(want));
        }
        for other in ["", "-", "—", "97.3%", "12a", "1 000"] {
            assert_eq!(group_thousands(other), None, "{other}");
        }
    }
}
