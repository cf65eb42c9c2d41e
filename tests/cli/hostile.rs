//! tests/fixtures/hostile: names, reasons, titles and markdown carrying scripts, event attributes,
//! javascript: URLs, </textarea>, quotes and ampersands reach every output as inert text; Word's
//! soft line break, direction controls in a body, a right-to-left name and a Chinese file name
//! reach them well-formed.

use crate::common::{cell, TestSite};

#[test]
fn hostile_input_is_inert_in_every_output() {
    let site = TestSite::new("hostile");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut seen_html = 0;
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
    {
        let path = entry.path().strip_prefix(&out).unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if path.ends_with(".csv") {
            // Data keeps what was typed; it is never markup.
            continue;
        }
        let live = crate::common::live_tags(&text);
        assert!(live.is_empty(), "live markup in {path}: {live:?}");
        if path.ends_with(".xml") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}"));
        }
        if path.ends_with(".html") {
            seen_html += 1;
            let mut rest = text.as_str();
            while let Some(start) = rest.find("<svg") {
                let end = rest[start..].find("</svg>").unwrap() + start + 6;
                roxmltree::Document::parse(&rest[start..end])
                    .unwrap_or_else(|e| panic!("{path}: SVG not well-formed: {e}"));
                rest = &rest[end..];
            }
        }
    }
    assert!(seen_html > 10);
    let tech = std::fs::read_to_string(out.join("2024/units/city-tech/index.html")).unwrap();
    assert!(
        tech.contains("示例市技术学校&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;"),
        "the name is shown as text"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/2024.json")).unwrap()).unwrap();
    assert_eq!(
        cell(&json["units"], 3, "name"),
        "示例市技术学校<script>alert(\"name\")</script><img src=x onerror=alert(1)>&amp;\"'</textarea>"
    );
    let csv = std::fs::read_to_string(out.join("data/2024/quotas.csv")).unwrap();
    assert!(
        csv.contains("\"示例市技术学校<script>alert(\"\"name\"\")</script>"),
        "{csv}"
    );
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("通知&lt;script&gt;"), "{feed}");
    // Word's soft line break is a line break; images with a scheme but no slashes stay off.
    let notice = std::fs::read_to_string(out.join("notices/2024-1/index.html")).unwrap();
    assert!(notice.contains("第一行\n第二行"), "{notice}");
    assert!(!notice.contains("evil.example/x.png") && notice.contains("不加斜杠的外站图片"));
    assert!(!notice.contains("evil.example/y.png") && notice.contains("大写"));
    // A right-to-left name is isolated, so it does not reorder the figures beside it.
    let year = std::fs::read_to_string(out.join("2024/index.html")).unwrap();
    assert!(year.contains("<bdi>东区第二职业中专 مدرسة 2024</bdi>"), "{year}");
    // Where <bdi> cannot stand (the <title>), Unicode's isolates do the same.
    let unit = std::fs::read_to_string(out.join("2024/units/east-school-b/index.html")).unwrap();
    assert!(
        unit.contains("<title>\u{2068}东区第二职业中专 مدرسة 2024\u{2069}（2024年）"),
        "{unit}"
    );
}

#[test]
fn the_live_markup_detector_finds_what_it_should() {
    assert_eq!(
        crate::common::live_tags("<p>a</p><script>x</script>"),
        ["<script>"],
        "an inline script"
    );
    assert_eq!(
        crate::common::live_tags("<script src=\"https://cdn.example/x.js\"></script>").len(),
        1,
        "a foreign script"
    );
    assert_eq!(crate::common::live_tags("<img src=\"a.png\" onerror=\"x()\">").len(), 1);
    assert_eq!(crate::common::live_tags("<a href=\" JavaScript:x\">a</a>").len(), 1);
    assert!(crate::common::live_tags("<meta content=\"javascript: onload=&quot;x\">").is_empty());
    assert!(crate::common::live_tags("<p>&lt;script&gt; onclick=\"x\"</p>").is_empty());
    assert!(crate::common::live_tags("<!DOCTYPE html><a href=\"https://x/\" rel=\"noopener\">x</a>").is_empty());
}

/// Every cell of a CSV file, parsed as a spreadsheet would read it.
fn csv_cells(path: &std::path::Path) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

#[test]
fn no_csv_cell_starts_a_spreadsheet_formula_and_json_keeps_the_exact_text() {
    let site = TestSite::new("valid");
    let formula = "=HYPERLINK(\"http://x\",\"财经\")";
    let text = site.read("data/units.toml");
    let first_name = text.lines().find(|l| l.starts_with("name = ")).unwrap().to_string();
    site.replace(
        "data/units.toml",
        &first_name,
        &format!("name = {}", toml_string(formula)),
    );
    site.replace("data/2024/quotas.toml", "document = \"", "document = \"@SUM(1+1)");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for csv in ["data/2024/quotas.csv", "data/2024/reports.csv"] {
        let cells = csv_cells(&out.join(csv));
        assert!(
            cells.iter().any(|c| c == &format!("'{formula}")),
            "{csv}: name not guarded"
        );
        for cell in &cells {
            let cell = cell.trim_start_matches('\u{feff}');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{csv}: formula cell {cell:?}"
            );
        }
    }
    assert!(csv_cells(&out.join("data/2024/quotas.csv"))
        .iter()
        .any(|c| c.starts_with("'@SUM(1+1)")));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("data/2024.json")).unwrap()).unwrap();
    assert!(
        json.to_string().contains(&serde_json::to_string(formula).unwrap()),
        "JSON keeps the exact name"
    );
    let data_page = std::fs::read_to_string(out.join("data/index.html")).unwrap();
    assert!(
        data_page.contains("公式"),
        "the data page explains the leading apostrophe"
    );
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
