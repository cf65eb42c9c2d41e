//! The templates: built-in defaults embedded in the binary (the repo's templates/ is their one
//! source), overridden by file name from a site's own templates/.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Severity};

/// The built-in templates, by file name.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("year.html", include_str!("../../templates/year.html")),
    ("unit.html", include_str!("../../templates/unit.html")),
    ("unit_years.html", include_str!("../../templates/unit_years.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("notices.html", include_str!("../../templates/notices.html")),
    ("contact.html", include_str!("../../templates/contact.html")),
    ("data.html", include_str!("../../templates/data.html")),
    ("glossary.html", include_str!("../../templates/glossary.html")),
    ("sitemap.html", include_str!("../../templates/sitemap.html")),
    ("folder.html", include_str!("../../templates/folder.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("empty.html", include_str!("../../templates/empty.html")),
    ("chart.html", include_str!("../../templates/chart.html")),
    ("contact_box.html", include_str!("../../templates/contact_box.html")),
    ("terms.html", include_str!("../../templates/terms.html")),
    ("warning_item.html", include_str!("../../templates/warning_item.html")),
    (
        "correction_item.html",
        include_str!("../../templates/correction_item.html"),
    ),
    ("corrections.html", include_str!("../../templates/corrections.html")),
    ("releases.html", include_str!("../../templates/releases.html")),
    ("figures_cells.html", include_str!("../../templates/figures_cells.html")),
    (
        "corrected_mark.html",
        include_str!("../../templates/corrected_mark.html"),
    ),
    ("measure_flag.html", include_str!("../../templates/measure_flag.html")),
    ("programs.html", include_str!("../../templates/programs.html")),
    ("program_table.html", include_str!("../../templates/program_table.html")),
    ("pager.html", include_str!("../../templates/pager.html")),
    ("disclosure.html", include_str!("../../templates/disclosure.html")),
    ("actions.html", include_str!("../../templates/actions.html")),
    ("blacklist.html", include_str!("../../templates/blacklist.html")),
    (
        "blacklist_item.html",
        include_str!("../../templates/blacklist_item.html"),
    ),
    (
        "disclosure_record.html",
        include_str!("../../templates/disclosure_record.html"),
    ),
    ("unit_programs.html", include_str!("../../templates/unit_programs.html")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("robots.txt", include_str!("../../templates/robots.txt")),
    ("style.css", include_str!("../../templates/style.css")),
    ("search.html", include_str!("../../templates/search.html")),
    ("search.js", include_str!("../../templates/search.js")),
    ("textsize.js", include_str!("../../templates/textsize.js")),
];

pub struct Engine {
    tera: Tera,
    stylesheet: String,
    script: String,
    textsize: String,
    /// The site's own templates, to show the line of an error in one.
    overrides: Vec<(String, String)>,
    /// The size of the last page rendered with each template: the next page's buffer starts at
    /// it, instead of growing from tera's guess by doubling (a unit page is about 40 KB).
    sizes: HashMap<String, AtomicUsize>,
}

/// A template error at its line and column when tera names them (`--> page.html:2:26`) and the
/// template is the site's own, with the line shown; else at the file.
fn template_error(name: &str, error: &tera::Error, overrides: &[(String, String)]) -> Diagnostic {
    let full = error.to_string();
    let lines: Vec<&str> = full.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    // tera prints its own snippet after the first line; ours replaces it.
    let message = lines.first().map_or("", |l| l.trim_start_matches("error: "));
    let mut d = Diagnostic::at_file(
        Severity::Error,
        crate::diagnostics::rules::TEMPLATE,
        format!("templates/{name}"),
        format!("模板错误：{message}"),
        "检查模板语法；删掉 templates/ 下的这个文件即可恢复内置模板",
    );
    let at = lines.iter().find_map(|l| {
        let (file, pos) = l.strip_prefix("--> ")?.split_once(':')?;
        let (line, col) = pos.split_once(':')?;
        Some((
            file.to_string(),
            line.parse::<usize>().ok()?,
            col.parse::<usize>().ok()?,
        ))
    });
    if let Some((file, line, col)) = at {
        if let Some((_, text)) = overrides.iter().find(|(n, _)| *n == file) {
            let line_start: usize = text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum();
            let offset = line_start
                + text[line_start.min(text.len())..]
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum::<usize>();
            d.path = format!("templates/{file}");
            (d.line, d.col) = (line, col);
            d.snippet = crate::diagnostics::Snippet::of(text, offset..offset + 1).map(Box::new);
        }
    }
    d
}

/// What tera's own escaping writes (`&<>"'` as entities), written a run of plain bytes at a time
/// instead of a byte at a time: every value on every page passes here.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// `2024-08-20` → `2024年8月20日`; anything else is shown as it is.
fn date_cn(value: &str, _: tera::Kwargs, _: &tera::State) -> String {
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) => super::view::DateView::from(d).cn,
        Err(_) => value.to_string(),
    }
}

/// A whole number for reading: `67686` → `67,686` (thousands separators, as the notice's tables
/// and most readers expect). Anything that is not a plain integer ("—", "95.3%") is shown as it
/// is. Only pages use it: CSV and JSON keep plain numbers.
fn num(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> String {
    // Integers (most of what it sees) are written directly, not through tera's Display.
    let text: std::borrow::Cow<'_, str> = match (value.as_str(), value.as_u64(), value.as_i64()) {
        (Some(s), _, _) => s.into(),
        (None, Some(n), _) if value.is_u64() => n.to_string().into(),
        (None, _, Some(n)) if value.is_i64() => n.to_string().into(),
        _ => value.to_string().into(),
    };
    crate::fmt::group_thousands(&text).unwrap_or_else(|| text.into_owned())
}

/// `{{ path | link(from=page.dir) }}`: a site path (from the root, as views give them) as the
/// shortest address from the page in folder `from`. Links between neighbours stay short — from
/// `2024/units/s1/`, the round `2024/reports/2024-07/` is `../../reports/2024-07/` — and the site
/// still works under any base path. An address with `://` or a leading `/` is
/// left as it is, and so is a `mailto:` or `tel:` address.
fn link(value: &str, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let from: &str = kwargs.must_get("from")?;
    Ok(relative_link(from, value))
}

/// The address of `to` (a path from the site root) from a page in folder `from` (`""` or
/// ending in `/`).
pub fn relative_link(from: &str, to: &str) -> String {
    if to.starts_with('/') || to.contains("://") || to.starts_with("mailto:") || to.starts_with("tel:") {
        return to.to_string();
    }
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    // Only folders can be shared: every part of `to` but its last (a file name, a fragment or "").
    let shared = from
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - shared);
    out.push_str(&to_parts[shared..].join("/"));
    // "./" where the address would otherwise be empty, start with a fragment or a query, or
    // read as a scheme (a page `a:b/` at the root).
    if out.is_empty() || out.starts_with(['#', '?']) || out.split('/').next().is_some_and(|first| first.contains(':')) {
        out.insert_str(0, "./");
    }
    out
}

/// A checked phone number (S08) as a `tel:` target: its digits and `+`, and the extension
/// after a `,` (a pause, then the extension is dialled), with no spaces or 转 in the link.
fn tel(value: &str, _: tera::Kwargs, _: &tera::State) -> String {
    tel_target(value)
}

/// The `tel:` target of a checked phone number; see the `tel` filter.
pub(super) fn tel_target(value: &str) -> String {
    let lower = value.to_ascii_lowercase();
    let (number, extension) = match lower.split_once('转').or_else(|| lower.split_once("ext")) {
        Some((n, e)) => (n, Some(e)),
        None => (lower.as_str(), None),
    };
    let keep = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-')
            .collect::<String>()
    };
    match extension {
        Some(e) => format!("{},{}", keep(number), keep(e)),
        None => keep(number),
    }
}

impl Engine {
    pub fn new(overrides: &[(String, String)]) -> Result<Self, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("date_cn", date_cn);
        tera.register_filter("tel", tel);
        tera.register_filter("num", num);
        tera.register_filter("link", link);
        let mut stylesheet = String::new();
        let mut script = String::new();
        let mut textsize = String::new();
        let mut sources: Vec<(String, String)> = Vec::new();
        for (name, text) in DEFAULTS {
            let text = overrides
                .iter()
                .find(|(n, _)| n == name)
                .map_or(*text, |(_, t)| t.as_str());
            if *name == "style.css" {
                stylesheet = text.to_string();
            } else if *name == "search.js" {
                script = text.to_string();
            } else if *name == "textsize.js" {
                textsize = text.to_string();
            } else {
                sources.push((name.to_string(), text.to_string()));
            }
        }
        // A site may add templates of its own (e.g. partials its overrides include).
        for (name, text) in overrides {
            if !DEFAULTS.iter().any(|(n, _)| n == name) {
                sources.push((name.clone(), text.clone()));
            }
        }
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            let name = sources
                .iter()
                .map(|(n, _)| n.as_str())
                .find(|n| e.to_string().contains(n) && overrides.iter().any(|(o, _)| o == n))
                .unwrap_or("base.html");
            return Err(vec![template_error(name, &e, overrides)]);
        }
        let sizes = sources.iter().map(|(n, _)| (n.clone(), AtomicUsize::new(0))).collect();
        Ok(Self {
            tera,
            stylesheet,
            script,
            textsize,
            overrides: overrides.to_vec(),
            sizes,
        })
    }

    pub fn stylesheet(&self) -> String {
        self.stylesheet.clone()
    }

    /// A value every template sees, serialized once instead of once per page.
    pub fn set_global<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.tera.global_context().insert(key, value);
    }

    /// The search page's script.
    pub fn script(&self) -> String {
        self.script.clone()
    }

    /// The 大字模式 toggle's script, on every page.
    pub fn textsize_script(&self) -> String {
        self.textsize.clone()
    }

    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(name, &e, &self.overrides))
    }

    /// As [`Engine::render`], as bytes: no UTF-8 check of the whole page (tera writes only
    /// strings), and a buffer the size of the template's last page.
    pub fn render_bytes(&self, name: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        let size = self.sizes.get(name);
        let mut out = Vec::with_capacity(size.map_or(0, |s| s.load(Ordering::Relaxed)));
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| template_error(name, &e, &self.overrides))?;
        if let Some(size) = size {
            size.store(out.len() + out.len() / 16, Ordering::Relaxed);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::relative_link;

    #[test]
    fn values_are_escaped_as_tera_escapes_them() {
        for text in ["", "plain 文字", "<a href=\"x\">O'Neil & co</a>", "&&", "尾<", ">首"] {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            super::escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut theirs).unwrap();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn links_between_pages_are_the_shortest_relative_address() {
        let unit = "2024/units/s1/";
        assert_eq!(relative_link(unit, "2024/reports/2024-07/"), "../../reports/2024-07/");
        assert_eq!(relative_link(unit, "2024/units/k2/"), "../k2/");
        assert_eq!(relative_link(unit, "2024/units/s1/"), "./");
        assert_eq!(relative_link(unit, "2024/"), "../../");
        assert_eq!(relative_link(unit, ""), "../../../");
        assert_eq!(relative_link(unit, "blacklist/#b-2"), "../../../blacklist/#b-2");
        assert_eq!(
            relative_link(unit, "data/2024/reports.csv"),
            "../../../data/2024/reports.csv"
        );
        assert_eq!(relative_link("", "2024/units/s1/"), "2024/units/s1/");
        assert_eq!(relative_link("", ""), "./");
        assert_eq!(relative_link("", "#top"), "./#top");
        // A folder of the same name deeper down is not the page's own.
        assert_eq!(relative_link("a/b/", "b/c/"), "../../b/c/");
        assert_eq!(
            relative_link(unit, "https://example.gov.cn/x"),
            "https://example.gov.cn/x"
        );
        assert_eq!(relative_link(unit, "/abs/"), "/abs/");
        assert_eq!(relative_link(unit, "mailto:a@example.com"), "mailto:a@example.com");
        // A site path with a colon stays a path, never a scheme.
        assert_eq!(relative_link("", "a:b/"), "./a:b/");
        assert_eq!(relative_link(unit, "a:b/"), "../../../a:b/");
    }
}
