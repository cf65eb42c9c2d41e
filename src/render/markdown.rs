//! Markdown to safe HTML: pulldown-cmark renders, ammonia keeps only harmless markup.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
            if element == "img" && attribute == "src" && (value.contains("://") || value.starts_with("//")) {
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

/// Renders a page body. Headings move one level down (the page title is the only `<h1>`) and get
/// ids from their text so that sections can be linked.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
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
            let lower = lower(level);
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
    CLEANER.clean(&html).to_string()
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
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
    fn raw_html_scripts_and_event_handlers_are_removed() {
        let html = to_html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<b onclick=\"x()\">b</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_href() {
        let html = to_html("[点我](javascript:alert(1))");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn images_from_other_hosts_are_not_loaded() {
        let html = to_html("![x](https://evil.example/x.png) ![y](/local.png)");
        assert!(!html.contains("evil.example"), "{html}");
        assert!(html.contains("/local.png"), "{html}");
    }

    #[test]
    fn headings_move_down_a_level_and_get_ids() {
        let html = to_html("# 一、总则\n\n## 附件 1\n\n## 附件 1");
        assert!(html.contains("<h2 id=\"一总则\">"), "{html}");
        assert!(html.contains("<h3 id=\"附件-1\">"), "{html}");
        assert!(html.contains("<h3 id=\"附件-1-2\">"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
    }

    #[test]
    fn tables_keep_their_alignment() {
        let html = to_html("| a | b |\n|---|---:|\n| 1 | 2 |");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("text-align: right"), "{html}");
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        assert_eq!(summary("# t\n\n第一段**加粗**。\n\n第二段", 50), "第一段加粗。");
    }
}
