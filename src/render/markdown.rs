//! Markdown to safe HTML: pulldown-cmark renders, ammonia keeps only harmless markup.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::load::text::markdown_options as options;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .attribute_filter(|element, attribute, value| {
            // Nothing may load from another host: images must be on this site.
            if element == "img" && attribute == "src" && !is_local_image(value) {
                return None;
            }
            // Only the alignment that markdown tables produce survives in a style attribute.
            if attribute == "style" {
                return matches!(value, "text-align: left" | "text-align: center" | "text-align: right")
                    .then(|| value.into());
            }
            Some(value.into())
        });
    b
});

/// Renders a page body. Headings are shifted so that the body's highest level becomes `<h2>`
/// (the page title is the only `<h1>`, and no level is skipped), and get ids from their text so
/// that sections can be linked. Tables scroll inside a focusable, labelled region.
pub fn to_html(markdown: &str) -> String {
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let top = events
        .iter()
        .filter_map(|e| {
            if let Event::Start(Tag::Heading { level, .. }) = e {
                Some(*level as usize)
            } else {
                None
            }
        })
        .min()
        .unwrap_or(2);
    unwrap_unsafe(&mut events);
    let mut used: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level;
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let id = unique_id(&text, &mut used);
            let lower = shift(level, top);
            events[i] = Event::Start(Tag::Heading {
                level: lower,
                id: Some(CowStr::from(id)),
                classes: vec![],
                attrs: vec![],
            });
            if j < events.len() {
                events[j] = Event::End(TagEnd::Heading(lower));
            }
        }
        i += 1;
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // The page's Content-Security-Policy refuses style attributes: alignment becomes a class.
    // Only these three values survive the cleaner, so the mapping is complete.
    CLEANER
        .clean(&html)
        .to_string()
        .replace(" style=\"text-align: right\"", " class=\"num\"")
        .replace(" style=\"text-align: center\"", " class=\"center\"")
        .replace(" style=\"text-align: left\"", "")
        .replace(
            "<table>",
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"表格（可左右滑动）\" tabindex=\"0\"><table>",
        )
        .replace("</table>", "</table></div>")
}

/// The target as a browser reads it: surrounding spaces trimmed, and the tabs and line breaks
/// inside removed (browsers drop them, so `java\tscript:` is `javascript:`), lowercased.
fn as_browser_reads(url: &str) -> String {
    url.trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The scheme of a URL (`http` of `HTTP:evil.example` or `http://…`), if it has one: letters,
/// digits, `+`, `-` or `.` before the first `:`, starting with a letter, with no `/`, `?` or `#`
/// before it. With or without `//` after it, a URL with a scheme is absolute.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    let candidate = &url[..end];
    (url.as_bytes()[end] == b':'
        && candidate.starts_with(|c: char| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then_some(candidate)
}

/// `//host/…`, and the backslash forms browsers read the same way (`/\host`, `\\host`).
fn is_protocol_relative(url: &str) -> bool {
    let b = url.as_bytes();
    b.len() >= 2 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\')
}

/// True for a link target the site may carry: the web, mail, phone, or this site.
fn is_safe_link(url: &str) -> bool {
    let lower = as_browser_reads(url);
    match scheme(&lower) {
        Some(s) => ["http", "https", "mailto", "tel"].contains(&s),
        None => !is_protocol_relative(&lower),
    }
}

/// An image may only load from this site: any scheme (`http:evil.example/x.png` included, with
/// or without slashes) or a protocol-relative address makes it absolute, so it is refused.
fn is_local_image(url: &str) -> bool {
    let lower = as_browser_reads(url);
    scheme(&lower).is_none() && !is_protocol_relative(&lower)
}

/// Raw HTML becomes visible text; a link or image whose target is unsafe (or an image from another
/// host) is unwrapped to its text. Ammonia cleans the result again as a second line of defence.
fn unwrap_unsafe(events: &mut Vec<Event<'_>>) {
    let mut out = Vec::with_capacity(events.len());
    let mut dropped_ends: Vec<bool> = Vec::new();
    for event in events.drain(..) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => out.push(Event::Text(html)),
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let keep = is_safe_link(dest_url);
                dropped_ends.push(!keep);
                if keep {
                    out.push(event);
                }
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                let keep = is_local_image(dest_url);
                dropped_ends.push(!keep);
                if keep {
                    out.push(event);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !dropped_ends.pop().unwrap_or(false) {
                    out.push(event);
                }
            }
            other => out.push(other),
        }
    }
    *events = out;
}

/// The level of `level` when the body's highest heading `top` becomes h2.
fn shift(level: HeadingLevel, top: usize) -> HeadingLevel {
    match (level as usize + 2).saturating_sub(top) {
        0..=2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn unique_id(text: &str, used: &mut HashSet<String>) -> String {
    let base: String = text
        .trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() => Some(c.to_lowercase().next().unwrap_or(c)),
            ' ' | '-' | '_' | '　' => Some('-'),
            _ => None,
        })
        .collect();
    let base = if base.is_empty() { "section".to_string() } else { base };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// Plain text of the first paragraph, for a description when the page has none.
pub fn summary(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !text.is_empty() => break,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            _ => {}
        }
    }
    if text.chars().count() > max_chars {
        text = text.chars().take(max_chars).collect::<String>() + "…";
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text_never_as_markup() {
        let html =
            to_html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n文字 <b onclick=\"x()\">b</b>");
        assert!(
            !html.contains("<script") && !html.contains("<img") && !html.contains("<b "),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    }

    #[test]
    fn link_targets_are_checked_by_scheme() {
        assert!(is_safe_link("https://example.com") && is_safe_link("mailto:a@b.cn") && is_safe_link("tel:0371"));
        assert!(is_safe_link("/files/a.pdf") && is_safe_link("../x/") && is_safe_link("#part"));
        assert!(!is_safe_link("a:b/"), "an unknown scheme is refused");
        assert!(
            !is_safe_link("javascript:alert(1)") && !is_safe_link(" JavaScript:x") && !is_safe_link("data:text/html,x")
        );
        assert!(!is_safe_link("//evil.example/x") && !is_safe_link("vbscript:x"));
    }

    #[test]
    fn any_scheme_makes_an_image_absolute_with_or_without_slashes() {
        for src in [
            "http:evil.example/x.png",
            "HTTPS:evil.example/x.png",
            "Http://evil.example/x.png",
            "ftp:x.png",
            "//evil.example/x.png",
            "/\\evil.example/x.png",
            "\\\\evil.example/x.png",
        ] {
            assert!(!is_local_image(src), "{src}");
            // A backslash is markdown's escape: doubled, the destination keeps it.
            let html = to_html(&format!("![外链](<{}>)", src.replace('\\', "\\\\")));
            assert!(!html.contains("<img") && html.contains("外链"), "{src}: {html}");
        }
        assert!(is_local_image("/files/a.png") && is_local_image("../a.png") && is_local_image("a.png"));
    }

    #[test]
    fn tabs_and_line_breaks_inside_a_scheme_do_not_hide_it() {
        assert!(!is_safe_link("java\tscript:alert(1)") && !is_safe_link("java\nscript:alert(1)"));
        assert!(!is_safe_link("JAVASCRIPT:alert(1)"));
    }

    #[test]
    fn javascript_links_become_plain_text() {
        let html = to_html("[点我](javascript:alert(1)) [官网](https://example.com/)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(
            html.contains("点我") && !html.contains("<a>") && !html.contains("<a rel"),
            "{html}"
        );
        assert!(html.contains("href=\"https://example.com/\""), "{html}");
    }

    #[test]
    fn images_from_other_hosts_are_not_loaded() {
        let html = to_html("![外链](https://evil.example/x.png) ![本站](/local.png)");
        assert!(!html.contains("evil.example") && html.contains("外链"), "{html}");
        assert!(html.contains("<img src=\"/local.png\" alt=\"本站\">"), "{html}");
    }

    #[test]
    fn the_highest_heading_becomes_h2_and_headings_get_ids() {
        let html = to_html("# 一、总则\n\n## 附件 1\n\n## 附件 1");
        assert!(html.contains("<h2 id=\"一总则\">"), "{html}");
        assert!(html.contains("<h3 id=\"附件-1\">"), "{html}");
        assert!(html.contains("<h3 id=\"附件-1-2\">"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
        let html = to_html("## 一、总则\n\n### 细则");
        assert!(
            html.contains("<h2 id=\"一总则\">") && html.contains("<h3 id=\"细则\">"),
            "{html}"
        );
    }

    #[test]
    fn tables_keep_their_alignment() {
        let html = to_html("| a | b |\n|---|---:|\n| 1 | 2 |");
        assert!(html.contains("tabindex=\"0\"><table>"), "{html}");
        assert!(html.contains("<td class=\"num\">2</td>"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        assert_eq!(summary("# t\n\n第一段**加粗**。\n\n第二段", 50), "第一段加粗。");
    }
}
