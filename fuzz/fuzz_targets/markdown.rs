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
        assert!(!tag.contains(" on"), "event attribute in <{tag}>");
        // `tel:javascript:…` is a phone link, harmless; only a URL whose scheme is javascript runs.
        assert!(!tag.contains("=\"javascript:"), "script URL in <{tag}>");
    }
});
