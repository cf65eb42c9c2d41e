//! Markdown rendering on arbitrary text: a body that passes the nesting check renders, and what
//! comes out never carries live markup.
//! Run (stable toolchain): `RUSTC_BOOTSTRAP=1 cargo fuzz run markdown fuzz/corpus/markdown -- -max_total_time=60`
#![no_main]

use libfuzzer_sys::fuzz_target;
use sunshine::load::text::too_deep;
use sunshine::render::markdown::to_html;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if too_deep(text).is_some() {
        return; // refused by `check` before it is rendered
    }
    let html = to_html(text).to_ascii_lowercase();
    // Text never holds a raw `<` (it is escaped), so every `<` starts a real tag.
    for tag in html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or_default()) {
        let name = tag.split([' ', '/']).find(|s| !s.is_empty()).unwrap_or_default();
        assert!(!["script", "iframe", "object", "embed", "style", "base"].contains(&name), "<{tag}>");
        for (attribute, value) in attributes(tag) {
            // Words in a quoted value (an image's alt text "… onhttp …") are text, not attributes.
            assert!(!attribute.starts_with("on"), "event attribute in <{tag}>");
            // `tel:javascript:…` is a phone link, harmless; only a URL whose scheme is javascript runs.
            assert!(!value.trim_start().starts_with("javascript:"), "script URL in <{tag}>");
        }
    }
});

/// The attributes of a tag's text (`img src="…" alt="…"`) as (name, value), values unquoted.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    // Past the tag's name.
    let mut rest = tag.trim_start_matches('/').trim_start();
    rest = rest.find([' ', '/']).map_or("", |i| &rest[i..]);
    loop {
        rest = rest.trim_start_matches([' ', '/', '\n', '\t']);
        if rest.is_empty() {
            return found;
        }
        let end = rest.find(['=', ' ', '/']).unwrap_or(rest.len());
        let name = &rest[..end];
        rest = &rest[end..];
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            if let Some(quoted) = after.strip_prefix('"') {
                let close = quoted.find('"').unwrap_or(quoted.len());
                value = &quoted[..close];
                rest = quoted.get(close + 1..).unwrap_or("");
            } else {
                let close = after.find(' ').unwrap_or(after.len());
                value = &after[..close];
                rest = &after[close..];
            }
        }
        found.push((name, value));
    }
}
