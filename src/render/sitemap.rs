//! sitemap.xml (every page written) and robots.txt, which points crawlers at it.

use super::text::xml_escape;
use super::{OutputFile, Renderer};

impl Renderer<'_> {
    pub(super) fn sitemap(&self) {
        let base = self.public_base();
        let mut urls: Vec<String> = self
            .pages
            .lock()
            .map(|pages| {
                pages
                    .iter()
                    .filter_map(|p| p.strip_suffix("index.html"))
                    .map(|d| format!("{base}{d}"))
                    .collect()
            })
            .unwrap_or_default();
        urls.sort();
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for url in &urls {
            xml.push_str(&format!("  <url><loc>{}</loc></url>\n", xml_escape(url)));
        }
        xml.push_str("</urlset>\n");
        self.emit(OutputFile {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
        });
        let mut robots = String::from("User-agent: *\nAllow: /\n");
        if let Some(abs) = &self.absolute_base {
            robots.push_str(&format!("Sitemap: {abs}sitemap.xml\n"));
        }
        self.emit(OutputFile {
            path: "robots.txt".into(),
            bytes: robots.into_bytes(),
        });
    }
}
