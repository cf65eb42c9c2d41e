//! `sunshine build`: the pages of the output layout, their figures, safety, links and atomicity.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{cell, TestSite};

fn build(site: &TestSite, out: &Path) -> crate::common::Run {
    site.run(&["build", "--out", out.to_str().unwrap()])
}

/// Every file and folder under `root`, by its path from there with `/` separators.
fn entries(root: &Path) -> Vec<(String, walkdir::DirEntry)> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, e)
        })
        .collect()
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn built(site: &TestSite) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = build(site, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, out)
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|_| panic!("{rel} missing"))
}

#[test]
fn every_page_of_the_output_layout_exists() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    for rel in [
        "index.html",
        "2024/index.html",
        "2024/units/east/index.html",
        "2024/units/east-school-a/index.html",
        "2024/units/city-tech/index.html",
        "2024/units/others/index.html",
        "2024/reports/2024-07/index.html",
        "2024/reports/2024-08/index.html",
        "notices/index.html",
        "notices/2024-1/index.html",
        "city-tech-brochure/index.html",
        "contact/index.html",
        "data/index.html",
        "data/2024/quotas.csv",
        "data/2024/reports.csv",
        "data/2024.json",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ] {
        assert!(out.join(rel).is_file(), "{rel} missing");
    }
}

/// Every folder of the output answers with a page: an address cut short (`…/2024/units/`) never
/// ends on the 404 page. The folders that list nothing of their own send the reader, at once and
/// by a link, to where their contents are listed, and are not in sitemap.xml.
#[test]
fn every_folder_of_the_output_has_a_page() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let mut without = Vec::new();
    for (rel, entry) in entries(&out) {
        if entry.file_type().is_dir() && rel != "assets" && !entry.path().join("index.html").is_file() {
            without.push(rel);
        }
    }
    assert!(without.is_empty(), "folders without a page: {without:?}");
    for (folder, to) in [
        ("2024/units/", "../#units-title"),
        ("2024/reports/", "../#rounds-title"),
        ("data/2024/", "../#y2024"),
    ] {
        let html = page(&out, &format!("{folder}index.html"));
        assert!(
            html.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={to}\">")),
            "{html}"
        );
        assert!(html.contains(&format!("<a href=\"{to}\">")), "{html}");
        assert!(
            !page(&out, "sitemap.xml").contains(&format!("/{folder}<")),
            "{folder} in the sitemap"
        );
    }
    // The anchors they point at are there.
    let year = page(&out, "2024/index.html");
    assert!(year.contains("id=\"units-title\"") && year.contains("id=\"rounds-title\""));
    assert!(page(&out, "data/index.html").contains("id=\"y2024\""));
}

#[test]
fn pages_show_the_models_figures() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let overview = page(&out, "index.html");
    assert!(overview.contains(">1,600</span> 人"), "city quota");
    assert!(overview.contains(">1,340</span> 人"), "city cumulative");
    assert!(overview.contains(">83.8%</span>"), "city completion");
    let tech = page(&out, "2024/units/city-tech/index.html");
    assert!(
        tech.contains(">550</span> 人，完成率 <span class=\"big\">110.0%</span>"),
        "{tech}"
    );
    let east = page(&out, "2024/units/east/index.html");
    assert!(east.contains(">720</span> 人"), "east rolled up from its schools");
    assert!(east.contains("下属单位汇总"));
    assert!(east.contains("东区第一职业中专"), "children listed");
    assert!(overview.contains(">按区县（市）查看（含下属学校）：</p>"), "{overview}");
    let report = page(&out, "2024/reports/2024-07/index.html");
    assert!(report.contains("全市累计招生 <strong>640</strong> 人"), "{report}");
    assert!(report.contains("<strong>40.0%</strong>"));
}

#[test]
fn actions_and_content_reach_the_unit_pages() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let others = page(&out, "2024/units/others/index.html");
    assert!(others.contains("招生宣传中承诺不实的就业待遇") && others.contains("限制报名人数"));
    let tech = page(&out, "2024/units/city-tech/index.html");
    assert!(tech.contains("通报表扬") && tech.contains("示例市技术学校 2024 年招生简章"));
}

#[test]
fn sample_figures_carry_the_banner_and_official_ones_do_not() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    assert!(!page(&out, "index.html").contains("sample-banner"));
    // A round published as official may not become sample (C11): another copy, never built.
    let site = TestSite::new("valid");
    site.replace(
        "data/2024/reports/2024-08.toml",
        "as_of = 2024-08-15",
        "as_of = 2024-08-15\nsample = true",
    );
    let (_dir2, out2) = built(&site);
    assert!(page(&out2, "index.html").contains("<strong>示例数据</strong>"));
    assert!(page(&out2, "2024/reports/2024-08/index.html").contains("<strong>示例数据</strong>"));
    assert!(!page(&out2, "2024/reports/2024-07/index.html").contains("sample-banner"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::new("valid");
    let (_a, out_a) = built(&site);
    let (_b, out_b) = built(&site);
    assert_eq!(read_tree(&out_a), read_tree(&out_b));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    std::fs::write(out.join("marker.txt"), "old").unwrap();
    let before = read_tree(&out);
    site.replace("data/2024/quotas.toml", "total = 1600", "total = 1");
    let run = build(&site, &out);
    assert_eq!(run.code, 1);
    assert_eq!(read_tree(&out), before);
    let parent = out.parent().unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "staging folders left behind: {leftovers:?}");
}

#[test]
fn a_page_no_longer_produced_is_removed_but_a_file_sunshine_did_not_write_is_kept() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    assert!(out.join("city-tech-brochure/index.html").exists());
    std::fs::write(out.join("stale.html"), "old").unwrap();
    site.remove("content/city-tech-brochure.md");
    let run = build(&site, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!out.join("city-tech-brochure/index.html").exists());
    assert_eq!(std::fs::read(out.join("stale.html")).unwrap(), b"old");
    assert!(run.stderr.contains("stale.html"), "{}", run.stderr);
}

#[test]
fn hostile_names_and_markdown_come_out_inert() {
    let site = TestSite::new("valid");
    site.replace(
        "data/units.toml",
        "name = \"示例市技术学校\"",
        "name = \"<script>alert(1)</script>&\\\"'\"",
    );
    site.replace(
        "data/2024/actions.toml",
        "reason = \"招生宣传中承诺不实的就业待遇\"",
        "reason = \"<img src=x onerror=alert(2)></textarea>\"",
    );
    site.append(
        "content/notices/2024-1.md",
        "\n<script>alert(3)</script>\n\n[x](javascript:alert(4))\n\n<a href=\"#\" onclick=\"alert(5)\">y</a>\n",
    );
    let (_dir, out) = built(&site);
    for (path, bytes) in read_tree(&out) {
        if path.ends_with(".csv") {
            continue; // CSV keeps the text as typed; it is data, not markup
        }
        let text = String::from_utf8_lossy(&bytes);
        // Escaped text such as `&lt;img src=x onerror=…&gt;` is inert; a live tag or attribute is not.
        let live = crate::common::live_tags(&text);
        assert!(live.is_empty(), "live markup in {path}: {live:?}");
    }
    let tech = page(&out, "2024/units/city-tech/index.html");
    assert!(tech.contains("&lt;script&gt;alert(1)"), "the name is shown as text");
    let csv = page(&out, "data/2024/quotas.csv");
    assert!(
        csv.contains("\"<script>alert(1)</script>&\"\"'\""),
        "CSV keeps the name as typed: {csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&page(&out, "data/2024.json")).unwrap();
    assert_eq!(cell(&json["units"], 3, "name"), "<script>alert(1)</script>&\"'");
}

/// Every href/src of every page, as written.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

fn assert_links_resolve(out: &Path, base_path: &str) {
    let mut checked = 0;
    for (path, bytes) in read_tree(out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
            {
                continue;
            }
            let target = link.split('#').next().unwrap();
            if target.is_empty() {
                continue;
            }
            let resolved = if let Some(abs) = target.strip_prefix(base_path) {
                assert!(target.starts_with('/'), "{path}: {link}");
                out.join(abs)
            } else {
                assert!(
                    !target.starts_with('/'),
                    "{path}: root-absolute link {link} outside {base_path}"
                );
                out.join(&path).parent().unwrap().join(target)
            };
            let file = if target.ends_with('/') || resolved.is_dir() {
                resolved.join("index.html")
            } else {
                resolved
            };
            assert!(file.is_file(), "{path}: broken link {link}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn every_internal_link_resolves() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    assert_links_resolve(&out, "/");
}

#[test]
fn every_internal_link_resolves_under_a_sub_path() {
    let site = TestSite::new("valid");
    site.replace(
        "data/site.toml",
        "base_url = \"/\"",
        "base_url = \"https://example.gov.cn/zhaosheng/\"",
    );
    let (_dir, out) = built(&site);
    assert_links_resolve(&out, "/zhaosheng/");
    let index = page(&out, "2024/index.html");
    assert!(index.contains("<link rel=\"canonical\" href=\"https://example.gov.cn/zhaosheng/2024/\">"));
    assert!(page(&out, "sitemap.xml").contains("<loc>https://example.gov.cn/zhaosheng/2024/units/east/</loc>"));
}

#[test]
fn no_page_loads_anything_from_another_host() {
    let site = TestSite::new("valid");
    site.append(
        "content/notices/2024-1.md",
        "\n![外链图片](https://cdn.example.com/x.png)\n",
    );
    let (_dir, out) = built(&site);
    for (path, bytes) in read_tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(
            !html.contains("src=\"http") && !html.contains("src=\"//"),
            "{path} loads from another host"
        );
        assert!(!html.contains("url(http"), "{path}");
        for line in html.lines().filter(|l| l.contains("rel=\"stylesheet\"")) {
            assert!(!line.contains("href=\"http"), "{path}: {line}");
        }
        // Every page carries the 大字模式 toggle's script, our own under assets/; only the search
        // page and the blacklist page (whose box answers a name in place) carry the search script.
        let root = if path.contains('/') {
            "../".repeat(path.matches('/').count())
        } else {
            "./".to_string()
        };
        let scripts: Vec<&str> = crate::common::tags(&html)
            .into_iter()
            .filter(|t| t.starts_with("<script"))
            .collect();
        if path == "404.html" {
            assert!(
                scripts.len() == 1 && scripts[0].starts_with("<script src=\"/assets/textsize."),
                "{path}: {scripts:?}"
            );
            continue;
        }
        assert!(
            scripts[0].starts_with(&format!("<script src=\"{root}assets/textsize.")) && scripts[0].ends_with(".js\">"),
            "{path}: {scripts:?}"
        );
        for tag in &scripts[1..] {
            assert!(
                path == "search/index.html" || path == "blacklist/index.html",
                "{path} has a script: {tag}"
            );
            assert!(
                tag.starts_with("<script src=\"../assets/search.") && tag.ends_with("defer>"),
                "{tag}"
            );
        }
    }
}

#[test]
fn open_data_is_csv_with_bom_and_exact_figures() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let csv = std::fs::read(out.join("data/2024/reports.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.starts_with("year,month,as_of,sample,seq,unit_id,"));
    assert!(
        text.contains(
            "2024,8,2024-08-15,false,4,city-tech,示例市技术学校,500,400,100,30,20,550,110.0,reported,2024-08-15,false"
        ),
        "{text}"
    );
    assert!(
        text.contains("2024,8,2024-08-15,false,1,east,东区,1000,550,100,30,40,720,72.0,rolled_up,,false"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("data/2024.json")).unwrap()).unwrap();
    assert_eq!(json["quota"], 1600);
    assert_eq!(json["rounds"][1]["city_total"], 1340);
    // The round's rows hold the figures of reports.csv, a row per unit in the same order.
    let rows = &json["rounds"][1]["rows"];
    let row = |i: usize| -> Vec<serde_json::Value> {
        [
            "unit",
            "status",
            "three_year",
            "three_plus_two",
            "five_year",
            "one_year",
            "total",
            "completion_rate_percent",
            "submitted",
            "late",
        ]
        .iter()
        .map(|c| cell(rows, i, c).clone())
        .collect()
    };
    assert_eq!(
        row(3),
        serde_json::json!([
            "city-tech",
            "reported",
            400,
            100,
            30,
            20,
            550,
            // A number, as the pages show it: 110.0 sorts above 80.0 (the text "110.0" did not).
            110.0,
            "2024-08-15",
            false
        ])
        .as_array()
        .unwrap()
        .clone()
    );
    assert_eq!(
        row(0),
        serde_json::json!(["east", "rolled_up", 550, 100, 30, 40, 720, 72.0, null, false])
            .as_array()
            .unwrap()
            .clone()
    );
    let listing = page(&out, "data/index.html");
    let sha = sunshine::hash::sha256_hex(&std::fs::read(out.join("data/2024/reports.csv")).unwrap());
    assert!(listing.contains(&sha), "data page lists the file's SHA-256");
}

#[test]
fn the_complaint_page_quotes_the_notice_safely() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let contact = page(&out, "contact/index.html");
    assert!(
        contact.contains("对违规招生的学校将<strong>限制招生</strong>。"),
        "{contact}"
    );
    assert!(contact.contains("——示教函〔2024〕1号 第四条"));
    assert!(contact.contains("&lt;script&gt;") && !contact.contains("<script>"));
    assert!(contact.contains("tel:0000-12345679") && contact.contains("https://example.com/platform"));
}

#[test]
fn the_feed_lists_notices_rounds_and_circulars() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let feed = page(&out, "feed.xml");
    assert!(feed.contains("关于做好 2024 年中等职业学校招生工作的通知"));
    assert!(feed.contains("2024年8月招生情况统计表"));
    assert!(feed.contains("通报表扬"));
    assert!(feed.contains("<updated>2024-09-01T00:00:00+08:00</updated>"));
}

#[test]
fn a_sites_own_template_overrides_the_built_in_one() {
    let site = TestSite::new("valid");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>找不到了</h1>{% endblock content %}",
    );
    let (_dir, out) = built(&site);
    assert!(page(&out, "404.html").contains("找不到了"));
}

#[test]
fn a_sites_own_robots_txt_overrides_the_built_in_one() {
    let site = TestSite::new("valid");
    site.write(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /\n{% if sitemap %}Sitemap: {{ sitemap }}\n{% endif %}",
    );
    let (_dir, out) = built(&site);
    assert_eq!(page(&out, "robots.txt"), "User-agent: *\nDisallow: /\n");
}

/// The main navigation's links that carry aria-current, with its value.
fn current_nav(html: &str) -> Vec<String> {
    let start = html.find("<nav aria-label=\"主导航\">").expect("the main navigation");
    let nav = &html[start..];
    let nav = &nav[..nav.find("</nav>").expect("the navigation ends")];
    nav.split("<a ")
        .filter(|a| a.contains("aria-current"))
        .map(|a| a[..a.find('>').unwrap_or(a.len())].to_string())
        .collect()
}

#[test]
fn the_header_marks_a_sections_own_page_as_the_page_and_a_page_inside_it_as_in_it() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    assert_eq!(
        current_nav(&page(&out, "index.html")),
        ["href=\"./\" aria-current=\"page\""]
    );
    assert_eq!(
        current_nav(&page(&out, "data/index.html")),
        ["href=\"../data/\" aria-current=\"page\""]
    );
    assert_eq!(
        current_nav(&page(&out, "2024/units/east/index.html")),
        ["href=\"../../../\" aria-current=\"true\""]
    );
    assert_eq!(
        current_nav(&page(&out, "notices/2024-1/index.html")),
        ["href=\"../../notices/\" aria-current=\"true\""]
    );
    assert!(current_nav(&page(&out, "city-tech-brochure/index.html")).is_empty());
}

#[test]
fn robots_txt_names_the_sitemap_only_at_an_absolute_address() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    assert_eq!(page(&out, "robots.txt"), "User-agent: *\nAllow: /\n");
    site.replace(
        "data/site.toml",
        "base_url = \"/\"",
        "base_url = \"https://example.gov.cn/zs/\"",
    );
    let (_dir, out) = built(&site);
    assert_eq!(
        page(&out, "robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.gov.cn/zs/sitemap.xml\n"
    );
}

#[test]
fn the_sitemap_and_the_feed_escape_markup_in_addresses_and_titles() {
    let site = TestSite::new("valid");
    site.replace("data/site.toml", "base_url = \"/\"", "base_url = \"/a&b']]/\"");
    site.replace(
        "content/notices/2024-1.md",
        "title = \"关于做好",
        "title = \"<&]]> 关于做好",
    );
    let (_dir, out) = built(&site);
    let sitemap = page(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let first = doc.descendants().find(|n| n.has_tag_name("loc")).and_then(|n| n.text());
    assert_eq!(first, Some("/a&b']]/"));
    let feed = page(&out, "feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed.xml is well-formed XML");
    assert!(doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .any(|n| n.text().is_some_and(|t| t.starts_with("<&]]> 关于做好"))));
}

#[test]
fn a_broken_template_is_an_error_with_its_path() {
    let site = TestSite::new("valid");
    site.write("templates/404.html", "{% if %}");
    let dir = tempfile::tempdir().unwrap();
    let run = build(&site, &dir.path().join("public"));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: templates/404.html:"), "{}", run.stderr);
}

#[test]
fn static_files_are_copied_as_they_are() {
    let site = TestSite::new("valid");
    site.write("static/files/简章.pdf", b"%PDF-1.4 test");
    let (_dir, out) = built(&site);
    assert_eq!(std::fs::read(out.join("files/简章.pdf")).unwrap(), b"%PDF-1.4 test");
}

#[test]
fn the_shipped_site_builds_with_the_notice_quota_and_sample_banner() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // Built from a copy: a build writes its record (published.lock, a new release under
    // releases/) into the root, and the test suite leaves the repository as it is.
    let root = dir.path().join("site");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["data", "content", "static", "templates", "published.lock", "releases"] {
        for entry in walkdir::WalkDir::new(repo.join(part)).into_iter().flatten() {
            let to = root.join(entry.path().strip_prefix(repo).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
    }
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let index = page(&out, "index.html");
    assert!(index.contains(">67,686</span> 人"));
    // Pages group thousands; open data keeps plain numbers.
    assert!(page(&out, "data/2024/quotas.csv").contains(",10000"));
    assert!(!page(&out, "data/2024/quotas.csv").contains("10,000"));
    // 如何举报 on the overview: the WeChat mini-program named in the notice, the platform by name.
    assert!(index.contains("<h2 id=\"report-title\">如何举报</h2>"));
    assert!(index.contains("<strong>河南省中职教育统一招生平台</strong>"));
    assert!(index.contains("\">河南省中等职业教育统一招生平台</a>"));
    assert!(index.contains("<strong>示例数据</strong>"));
    assert!(index.contains("郑州商业中等专业学校"));
    // The notice lists its counties and schools side by side: a county's page holds no schools.
    assert!(index.contains(">按区县（市）查看：</p>"), "{index}");
    assert!(out.join("notices/2024-432/index.html").is_file());
    assert_links_resolve(&out, "/");
    // The releases kept with the shipped data are published, and a build of the same data makes
    // none: the record in the repository is the site's.
    for entry in std::fs::read_dir(repo.join("releases")).unwrap() {
        let name = entry.unwrap().file_name();
        assert!(out.join("data/releases").join(&name).join("datapackage.json").is_file());
    }
    assert_eq!(
        std::fs::read(root.join("published.lock")).unwrap(),
        std::fs::read(repo.join("published.lock")).unwrap(),
        "the shipped data's published.lock and releases/ are not what a build of it makes: rebuild the shipped site (cargo run -- build) and commit them"
    );
}

#[test]
fn every_chart_on_every_page_is_well_formed_with_unique_ids() {
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let mut charts = 0;
    for (path, bytes) in read_tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let mut ids: Vec<String> = Vec::new();
        let mut rest = html.as_str();
        while let Some(start) = rest.find("<svg") {
            let end = rest[start..].find("</svg>").unwrap() + start + 6;
            let svg = &rest[start..end];
            let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{path}: {e}"));
            let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
            assert!(
                !title.text().unwrap_or_default().is_empty(),
                "{path}: empty chart title"
            );
            ids.extend(doc.descendants().filter_map(|n| n.attribute("id")).map(str::to_string));
            charts += 1;
            rest = &rest[end..];
        }
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "{path}: duplicate ids {ids:?}");
    }
    // Overview ×2 (root and year) with 3 charts, 5 units with 2, 东区 also charts its 2 schools,
    // 2 reports with 1; the 3 schools with programs chart their plans, and so does the
    // programs page; the pages across years (units/ and the 5 units) chart their rates.
    assert_eq!(charts, 2 * 3 + 5 * 2 + 1 + 2 + 3 + 1 + 6, "charts found");
}

#[test]
fn a_site_with_no_year_yet_builds_with_its_notices() {
    let site = TestSite::new("bare");
    let (_dir, out) = built(&site);
    assert!(page(&out, "index.html").contains("尚未公布招生任务"));
    let notices = page(&out, "notices/index.html");
    assert!(notices.contains("href=\"../notices/招生简章/\""), "{notices}");
    assert!(out.join("notices/招生简章/index.html").is_file());
    assert!(
        !page(&out, "data/index.html").contains("<h2 id=\"y"),
        "no year, no data section"
    );
    assert_links_resolve_loosely(&out);
}

/// Every relative link of every page points at a file (no minimum count: a bare site is small).
fn assert_links_resolve_loosely(out: &Path) {
    for (path, bytes) in read_tree(out) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in links(&html) {
            let target = link.split('#').next().unwrap();
            if target.is_empty() || target.contains(':') {
                continue;
            }
            let resolved = out.join(&path).parent().unwrap().join(target);
            let file = if target.ends_with('/') || resolved.is_dir() {
                resolved.join("index.html")
            } else {
                resolved
            };
            assert!(file.is_file(), "{path}: broken link {link}");
        }
    }
}

#[test]
fn the_search_index_finds_units_by_name_id_and_pinyin_initials() {
    assert_eq!(sunshine::render::pinyin_initials("郑州市财贸学校"), "zzscmxx");
    assert_eq!(sunshine::render::pinyin_initials("3+2 班"), "32b");
    let site = TestSite::new("valid");
    let (_dir, out) = built(&site);
    let index: serde_json::Value = serde_json::from_str(&page(&out, "search/index-0.json")).unwrap();
    let tech = index
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[1] == "city-tech")
        .expect("city-tech indexed");
    assert_eq!(tech[0], "示例市技术学校");
    assert_eq!(tech[2], "2024/units/city-tech/");
    assert_eq!(tech[4], "slsjsxx");
}

#[test]
fn a_rows_status_is_said_once() {
    let site = TestSite::new("valid");
    // others sends nothing in August: 未报送 on the form page, and as a flag on the overview.
    let august = site.read("data/2024/reports/2024-08.toml");
    let cut = august.find("[[row]]\nunit = \"others\"").unwrap();
    site.write("data/2024/reports/2024-08.toml", &august[..cut]);
    let (_dir, out) = built(&site);
    let east = page(&out, "2024/units/east/index.html");
    assert!(
        east.contains("<td data-h=\"状态\">下属单位汇总</td>"),
        "rolled-up rounds say so once: {east}"
    );
    assert!(
        !east.contains("flag-info"),
        "no second 下属汇总 flag beside the status words"
    );
    let report = page(&out, "2024/reports/2024-08/index.html");
    assert_eq!(
        report.matches("<td class=\"t\" data-h=\"状态\">未报送</td>").count(),
        1,
        "one missing row, said once"
    );
    assert!(
        report.contains("<td class=\"t\" data-h=\"状态\">已报送 <span class=\"flag flag-done\">已完成</span></td>"),
        "city-tech at 110%"
    );
    let overview = page(&out, "2024/index.html");
    assert!(overview.contains("<span class=\"flag flag-missing\">未报送</span>"));
    assert!(
        overview.contains("<span class=\"flag flag-warning\">警示</span>"),
        "警示 lives on the overview"
    );
    // Not in the form's status column: the measure itself stands beside the school's name.
    assert!(
        !report.contains("<span class=\"flag flag-warning\">警示</span>"),
        "and not in the form's status column"
    );
}

#[test]
fn office_hours_stand_beside_the_number_and_the_extension_is_dialled_after_a_pause() {
    let site = TestSite::new("valid");
    site.replace(
        "data/site.toml",
        "phone = \"0000-12345679\"",
        "phone = \"0000-12345679 转 8001\"\nhours = \"工作日 8:30–17:30\"",
    );
    let (_dir, out) = built(&site);
    let contact = page(&out, "contact/index.html");
    assert!(
        contact.contains("<a href=\"tel:0000-12345679,8001\">0000-12345679 转 8001</a>（工作日 8:30–17:30）"),
        "{contact}"
    );
}

/// Every published address (sitemap `<loc>`, feed ids and links, canonical links) of a built
/// site: each must be a URL as written on the wire, percent-encoded.
fn published_addresses(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for name in ["sitemap.xml", "feed.xml"] {
        let text = page(out, name);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
        for node in doc.descendants() {
            if node.has_tag_name("loc") || node.has_tag_name("id") {
                found.extend(node.text().map(str::to_string));
            }
            if node.has_tag_name("link") {
                found.extend(node.attribute("href").map(str::to_string));
            }
        }
    }
    for (path, bytes) in read_tree(out) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            if let Some(at) = html.find("<link rel=\"canonical\" href=\"") {
                let rest = &html[at + 28..];
                found.push(rest[..rest.find('"').unwrap()].to_string());
            }
        }
    }
    found
}

#[test]
fn feeds_and_sitemaps_of_every_fixture_are_well_formed_with_encoded_addresses_and_no_control_character() {
    for (fixture, base) in [
        ("valid", None),
        ("valid", Some("https://example.gov.cn/zs/")),
        ("hostile", None),
        ("hostile", Some("https://example.gov.cn/zs/")),
        ("bare", None),
    ] {
        let site = TestSite::new(fixture);
        if let Some(base) = base {
            site.replace("data/site.toml", "base_url = \"/\"", &format!("base_url = \"{base}\""));
        }
        let (_dir, out) = built(&site);
        let addresses = published_addresses(&out);
        assert!(addresses.len() > 3, "{fixture}: {addresses:?}");
        for a in &addresses {
            assert!(
                a.bytes().all(|b| b.is_ascii_graphic()),
                "{fixture}: not percent-encoded: {a:?}"
            );
        }
        if fixture == "hostile" {
            let encoded = "notices/%E6%8B%9B%E7%94%9F%E7%AE%80%E7%AB%A0/";
            assert!(addresses.iter().any(|a| a.ends_with(encoded)), "{addresses:?}");
        }
        for (path, bytes) in read_tree(&out) {
            let Ok(text) = String::from_utf8(bytes) else { continue };
            let bad = text
                .chars()
                .find(|&c| sunshine::text_rules::is_control(c) && !(c == '\r' && path.ends_with(".csv")));
            assert_eq!(bad, None, "{fixture}: {path} carries a control character");
        }
    }
}

/// The head of every page carries the government-site meta tags and an icon that exists, so no
/// browser asks for a missing /favicon.ico; a site's own static/favicon.svg replaces ours.
#[test]
fn every_page_links_an_icon_and_carries_the_government_site_meta_tags() {
    let site = TestSite::new("valid");
    site.replace(
        "data/site.toml",
        "base_url = \"/\"",
        "base_url = \"https://example.gov.cn/zhaosheng/\"",
    );
    let (_dir, out) = built(&site);
    for (rel, entry) in entries(&out) {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = page(&out, &rel);
        let head = &html[..html.find("</head>").unwrap()];
        for tag in [
            "<meta name=\"SiteName\" content=\"",
            "<meta name=\"SiteDomain\" content=\"example.gov.cn\">",
            "<meta name=\"SiteIDCode\" content=\"0000000000\">",
            "<meta name=\"ColumnName\" content=\"",
            "<meta name=\"ColumnType\" content=\"",
        ] {
            assert!(head.contains(tag), "{rel} lacks {tag}");
        }
        let at = head
            .find("<link rel=\"icon\" href=\"")
            .unwrap_or_else(|| panic!("{rel}: no icon"))
            + 23;
        let href = &head[at..at + head[at..].find('"').unwrap()];
        let icon = entry.path().parent().unwrap().join(href);
        assert!(icon.is_file(), "{rel}: icon {href} missing");
    }
    let round = page(&out, "2024/reports/2024-08/index.html");
    assert!(
        round.contains("<meta name=\"PubDate\" content=\"2024-08-15 00:00\">"),
        "{round}"
    );
    assert!(round.contains("<meta name=\"ArticleTitle\" content=\"2024年8月招生情况统计表\">"));
    assert!(round.contains("<meta name=\"ContentSource\" content=\""));

    site.write("static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let (_dir, out) = built(&site);
    assert!(page(&out, "index.html").contains("<link rel=\"icon\" href=\"./favicon.svg\" type=\"image/svg+xml\">"));
    assert!(!std::fs::read_dir(out.join("assets")).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("icon.")));
}
