//! sitemap.xml (every page written) and robots.txt, which points crawlers at it; both from
//! templates a site may override like any page.

use tera::Context;

use super::text::encode_url;
use super::Renderer;

impl Renderer<'_> {
    /// Runs after every page is emitted: the sitemap lists what was written.
    pub(super) fn sitemap(&self) {
        let base = encode_url(&self.public_base());
        let mut urls: Vec<String> = self
            .pages
            .lock()
            .map(|pages| {
                pages
                    .iter()
                    .filter(|p| !crate::paths::is_folder_page(p))
                    .filter_map(|p| p.strip_suffix("index.html"))
                    .map(|d| format!("{base}{}", encode_url(d)))
                    .collect()
            })
            .unwrap_or_default();
        urls.sort();
        let mut ctx = Context::new();
        ctx.insert("base", &base);
        ctx.insert("absolute_base", &self.absolute_base);
        ctx.insert("urls", &urls);
        // Crawlers need an absolute address; with a relative base_url robots.txt names none.
        let sitemap = self
            .absolute_base
            .as_ref()
            .map(|abs| format!("{}sitemap.xml", encode_url(abs)));
        ctx.insert("sitemap", &sitemap);
        self.file("sitemap.xml", &ctx);
        self.file("robots.txt", &ctx);
    }
}
