//! Rule P10 knows every file the program writes: a file of static/ (or a page of content/) at a
//! generated path is refused, never copied over the generated one or silently dropped.

use crate::common::TestSite;
use sunshine::paths::{clash_with_generated, Clash};

/// Every file of `dir`, relative to it, with `/` separators.
fn files_below(dir: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

#[test]
fn every_file_a_build_writes_is_guarded_by_p10() {
    for fixture in ["valid", "bare", "hostile"] {
        let site = TestSite::new(fixture);
        let run = site.run(&["build"]);
        assert_eq!(run.code, 0, "{fixture}: {}", run.stderr);
        // The pages of content/ are the clerk's own (a static file there is P12's business).
        let pages: Vec<String> = files_below(&site.root().join("content"))
            .iter()
            .filter_map(|f| f.strip_suffix(".md"))
            .map(|slug| format!("{}/index.html", slug.strip_suffix("/index").unwrap_or(slug)))
            .collect();
        let written = files_below(&site.root().join("public"));
        assert!(written.len() > 20, "{fixture}: {written:?}");
        let unguarded: Vec<&String> = written
            .iter()
            .filter(|f| !pages.contains(f))
            .filter(|f| !matches!(clash_with_generated(f), Some(Clash::Exact(_))))
            .collect();
        assert!(
            unguarded.is_empty(),
            "{fixture}: written but not refused by P10: {unguarded:?}"
        );
    }
}

#[test]
fn a_static_file_at_a_generated_path_is_refused() {
    let site = TestSite::new("valid");
    for (rel, text) in [
        ("static/data/datapackage.json", "{}"),
        ("static/data/corrections.csv", "x"),
        ("static/sitemap.xml", "<urlset/>"),
    ] {
        site.write(rel, text);
    }
    let run = site.run(&["check"]);
    for at in [
        "static/data/datapackage.json",
        "static/data/corrections.csv",
        "static/sitemap.xml",
    ] {
        run.assert_error(&format!("{at}:1:1"), &["程序生成的文件", "规则 P10"]);
    }
    assert_eq!(run.error_count(), 3, "{}", run.stderr);
}
