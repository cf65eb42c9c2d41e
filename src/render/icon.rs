//! The site's icon: a neutral generated one (a sun on the header's red), linked from every page
//! so that no browser asks for a missing /favicon.ico. A site's own static/favicon.svg, .png or
//! .ico replaces it.

/// 32 × 32, no text (no font needed), the header's brand colour.
pub(super) const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#8a1c14"/><circle cx="16" cy="16" r="6" fill="#fff"/><path d="M16 3.5v4M16 24.5v4M3.5 16h4M24.5 16h4M7.2 7.2l2.8 2.8M22 22l2.8 2.8M7.2 24.8l2.8-2.8M22 10l2.8-2.8" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>
"##;

/// The MIME type a `<link rel="icon">` names for an icon file.
pub(super) fn mime(path: &str) -> &'static str {
    if path.ends_with(".svg") {
        "image/svg+xml"
    } else if path.ends_with(".png") {
        "image/png"
    } else {
        "image/x-icon"
    }
}
