//! The charts' SVG: well-formed, accessible, honest, and robust to odd inputs.

use sunshine::charts::{
    completion_chart, mix_chart, progress_chart, Completion, Labels, MixRow, ProgressBar, LARGE_NUMBER_PX,
};
use sunshine::model::Rate;

fn labels(id: &str) -> Labels {
    Labels {
        id: id.into(),
        title: "标题".into(),
        subtitle: "说明".into(),
        source: "来源".into(),
    }
}

/// Parses the SVG and returns every text's content (a `<text>`, or each `<tspan>` of one), in
/// document order.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    // The name and the description are the SVG's first children, as SVG-AAM reads them.
    let mut children = root.children().filter(|n| n.is_element());
    let title = children.next().expect("title");
    let desc = children.next().expect("desc");
    assert!(title.has_tag_name("title") && !title.text().unwrap_or_default().trim().is_empty());
    assert!(desc.has_tag_name("desc") && !desc.text().unwrap_or_default().trim().is_empty());
    assert!(root.attribute("viewBox").is_some());
    // A tspan without its own x would go on from where the text before it ended, not at its place.
    for tspan in doc.descendants().filter(|n| n.has_tag_name("tspan")) {
        assert!(tspan.attribute("x").is_some(), "a tspan without x: {svg}");
    }
    doc.descendants()
        .filter(|n| (n.has_tag_name("text") || n.has_tag_name("tspan")) && n.children().all(|c| c.is_text()))
        .map(|n| n.text().unwrap_or_default().trim().to_string())
        .collect()
}

/// The bar of a round as of the 15th of `month` 2024.
fn bar(month: u32, total: u64) -> ProgressBar {
    ProgressBar {
        label: format!("{month}月"),
        as_of: format!("2024年{month}月15日"),
        total,
    }
}

fn unit(name: &str, total: u64, quota: u64) -> Completion {
    Completion {
        name: name.into(),
        total,
        quota,
        quota_note: None,
    }
}

#[test]
fn completion_bars_are_sorted_highest_first_with_counts_and_a_100_percent_mark() {
    let chart = completion_chart(
        labels("c"),
        &[unit("甲", 50, 100), unit("乙", 110, 100), unit("丙", 75, 100)],
        Rate::of(235, 300),
    )
    .unwrap();
    let t = texts(&chart.svg.markup());
    let names: Vec<&String> = t.iter().filter(|s| ["甲", "乙", "丙"].contains(&s.as_str())).collect();
    assert_eq!(names, ["乙", "丙", "甲"]);
    assert!(t.contains(&"110.0% 110/100".to_string()), "{t:?}");
    assert!(t.contains(&"100%".to_string()));
    assert!(
        chart.desc.contains("最高的是乙，110.0%") && chart.desc.contains("最低的是甲，50.0%"),
        "{}",
        chart.desc
    );
    assert!(chart.desc.contains("全市 78.3%"), "{}", chart.desc);
    assert_eq!(chart.table.rows[0], ["乙", "110", "100", "110.0%"]);
}

/// The widths of the bars drawn as the path of `class` (`M{x} {y}h{width}` for each bar: a
/// line as thick as the bar).
fn bar_widths(svg: &str, class: &str) -> Vec<f64> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let path = doc
        .descendants()
        .find(|n| n.has_tag_name("path") && n.attribute("class") == Some(class))
        .unwrap_or_else(|| panic!("no path of class {class} in {svg}"));
    path.attribute("d")
        .unwrap()
        .split('M')
        .filter(|s| !s.is_empty())
        .map(|s| s[s.find('h').expect("h") + 1..].parse().unwrap())
        .collect()
}

#[test]
fn a_rate_far_above_100_percent_is_drawn_not_clipped() {
    let chart = completion_chart(labels("c"), &[unit("甲", 900, 100), unit("乙", 50, 100)], None).unwrap();
    let widths = bar_widths(&chart.svg.markup(), "bar");
    assert_eq!(widths.len(), 2);
    let (widest, narrowest) = (
        widths.iter().copied().fold(0.0, f64::max),
        widths.iter().copied().fold(f64::MAX, f64::min),
    );
    // Bars are proportional to the rate from zero: 900% is 18 times 50%.
    assert!((widest / narrowest - 18.0).abs() < 1.5, "{widest} vs {narrowest}");
}

/// Every chart is styled by classes the page's stylesheet defines (`.chart .name`), with no
/// presentation attribute or inline style repeated on its elements (issue 14).
#[test]
fn charts_draw_with_the_stylesheets_classes_not_attributes() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/style.css")).unwrap();
    let bars = [bar(7, 300), bar(8, 1100)];
    let units: Vec<Completion> = (0..50).map(|i| unit(&format!("学校{i}"), i * 3, 100)).collect();
    let charts = [
        progress_chart(labels("p"), &bars, 1000).unwrap(),
        completion_chart(labels("c"), &units, None).unwrap(),
        mix_chart(
            labels("m"),
            &[MixRow {
                label: "8月".into(),
                by_type: [600, 200, 150, 50],
            }],
        )
        .unwrap(),
    ];
    for chart in &charts {
        let markup = chart.svg.markup();
        let doc = roxmltree::Document::parse(&markup).unwrap();
        for node in doc.descendants().filter(roxmltree::Node::is_element) {
            // A bar's thickness is its geometry: once on the path that draws a chart's bars.
            let bars = node.has_tag_name("path")
                && ["bar", "t0", "t1", "t2", "t3"].contains(&node.attribute("class").unwrap_or_default());
            for attr in node.attributes().filter(|a| !(bars && a.name() == "stroke-width")) {
                assert!(
                    ![
                        "style",
                        "fill",
                        "stroke",
                        "stroke-width",
                        "font-size",
                        "font-weight",
                        "font-family",
                        "text-anchor",
                        "opacity",
                        "dy"
                    ]
                    .contains(&attr.name()),
                    "{} on <{}> in {}",
                    attr.name(),
                    node.tag_name().name(),
                    chart.svg.markup()
                );
            }
            for class in node.attribute("class").unwrap_or_default().split_whitespace() {
                let selector = format!(".chart .{class}");
                assert!(
                    [" ", ","].iter().any(|end| css.contains(&format!("{selector}{end}"))),
                    "no {selector} in style.css"
                );
            }
        }
        // Texts and shapes all have a class of their own or their group's.
        for node in doc
            .descendants()
            .filter(|n| n.has_tag_name("text") || n.has_tag_name("path"))
        {
            assert!(
                node.ancestors().any(|a| a.attribute("class").is_some()),
                "an unstyled <{}> in {}",
                node.tag_name().name(),
                chart.svg.markup()
            );
        }
    }
}

#[test]
fn ten_thousand_units_show_the_top_and_bottom_twenty() {
    let units: Vec<Completion> = (0..10_000).map(|i| unit(&format!("学校{i}"), i, 10_000)).collect();
    let chart = completion_chart(labels("c"), &units, None).unwrap();
    let t = texts(&chart.svg.markup());
    assert_eq!(t.iter().filter(|s| s.starts_with("学校")).count(), 40);
    assert!(t.iter().any(|s| s.contains("中间 9960 个单位从略")), "{t:?}");
    assert!(chart.svg.markup().len() < 50_000, "{} bytes", chart.svg.markup().len());
    assert_eq!(chart.table.rows.len(), 10_000, "the table keeps every unit");
}

#[test]
fn a_thirty_character_name_and_hostile_text_stay_text() {
    let long = "郑".repeat(30);
    let chart = completion_chart(labels("c"), &[unit(&long, 1, 2), unit("<script>&\"'", 1, 2)], None).unwrap();
    let t = texts(&chart.svg.markup());
    assert!(t.contains(&long));
    assert!(
        t.contains(&"<script>&\"'".to_string()),
        "escaped in the SVG, read back as text"
    );
    assert!(!chart.svg.markup().contains("<script>"));
}

#[test]
fn units_without_a_quota_or_figures_are_left_out_and_nothing_left_is_none() {
    assert!(completion_chart(labels("c"), &[unit("甲", 5, 0)], None).is_none());
    assert!(completion_chart(labels("c"), &[], None).is_none());
}

#[test]
fn all_zero_figures_draw_zero_bars() {
    let chart = completion_chart(labels("c"), &[unit("甲", 0, 100)], None).unwrap();
    assert!(texts(&chart.svg.markup()).contains(&"0.0% 0/100".to_string()));
}

#[test]
fn progress_shows_each_round_against_the_quota() {
    let bars = [bar(7, 300), bar(8, 1100)];
    let chart = progress_chart(labels("p"), &bars, 1000).unwrap();
    let t = texts(&chart.svg.markup());
    for want in ["7月", "8月", "300", "1,100", "30.0%", "110.0%", "100%", "0"] {
        assert!(t.contains(&want.to_string()), "{want} missing from {t:?}");
    }
    assert!(
        chart
            .desc
            .contains("截至2024年8月15日累计招生 1100 人，为招生任务 1000 人的 110.0%"),
        "{}",
        chart.desc
    );
}

#[test]
fn progress_desc_names_the_smallest_and_the_largest_month_even_after_a_drop() {
    // A correction lowered September's cumulative figure below August's.
    let bars = [bar(7, 120), bar(8, 400), bar(9, 380), bar(10, 300)];
    let chart = progress_chart(labels("p"), &bars, 1000).unwrap();
    assert_eq!(
        chart.desc,
        "截至2024年10月15日累计招生 300 人，为招生任务 1000 人的 30.0%。最少为7月 120 人，最多为8月 400 人。详细数据见下表。"
    );
    let one = progress_chart(labels("p"), &bars[..1], 1000).unwrap();
    assert_eq!(
        one.desc,
        "截至2024年7月15日累计招生 120 人，为招生任务 1000 人的 12.0%。详细数据见下表。"
    );
}

#[test]
fn texts_in_one_row_share_a_text_element_and_keep_their_places() {
    let bars = [bar(7, 300), bar(8, 600)];
    let chart = progress_chart(labels("p"), &bars, 1000).unwrap();
    let svg = chart.svg.markup();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let month = |m: &str| {
        doc.descendants()
            .find(|n| n.is_element() && n.text() == Some(m))
            .unwrap()
    };
    let (july, august) = (month("7月"), month("8月"));
    // One <text> carries the row's baseline; each tspan its own x.
    assert!(july.has_tag_name("tspan") && august.has_tag_name("tspan"));
    assert_eq!(july.parent(), august.parent());
    let row = july.parent().unwrap();
    assert!(row.has_tag_name("text") && row.attribute("y").is_some() && row.attribute("x").is_none());
    assert_ne!(july.attribute("x"), august.attribute("x"));
}

#[test]
fn progress_with_no_round_is_none_and_with_one_round_draws() {
    assert!(progress_chart(labels("p"), &[], 1000).is_none());
    let one = [bar(7, 0)];
    let chart = progress_chart(labels("p"), &one, 1000).unwrap();
    assert!(texts(&chart.svg.markup()).contains(&"0.0%".to_string()));
}

#[test]
fn the_mix_names_every_type_in_its_legend_and_desc() {
    let rows = [MixRow {
        label: "8月".into(),
        by_type: [600, 200, 150, 50],
    }];
    let chart = mix_chart(labels("m"), &rows).unwrap();
    texts(&chart.svg.markup());
    let legend: Vec<&str> = chart.legend.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(legend, ["中专", "3+2", "五年一贯制", "一年制"]);
    assert!(
        chart.desc.contains("中专 600 人（60.0%）") && chart.desc.contains("一年制 50 人（5.0%）"),
        "{}",
        chart.desc
    );
    assert!(mix_chart(
        labels("m"),
        &[MixRow {
            label: "7月".into(),
            by_type: [0; 4]
        }]
    )
    .is_none());
}

#[test]
fn charts_are_byte_identical_across_runs() {
    let make = || {
        completion_chart(labels("c"), &[unit("甲", 50, 100), unit("乙", 60, 100)], None)
            .unwrap()
            .svg
            .markup()
            .into_owned()
    };
    assert_eq!(make(), make());
}

#[test]
fn the_site_builds_identically_with_no_fonts_configured() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let build = |out: &str, no_fonts: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_sunshine"));
        cmd.args(["build", "--root", root, "--out"]).arg(dir.path().join(out));
        if no_fonts {
            cmd.env("FONTCONFIG_FILE", "/dev/null")
                .env("FONTCONFIG_PATH", "/nonexistent");
        }
        assert!(cmd.output().unwrap().status.success());
        std::fs::read_to_string(dir.path().join(out).join("index.html")).unwrap()
    };
    let with = build("a", false);
    let without = build("b", true);
    assert!(with.contains("<svg"));
    assert_eq!(with, without);
}

/// 大字模式 draws a chart's numbers (class `n`) at LARGE_NUMBER_PX, 16 px, as the stylesheet says;
/// the completion chart leaves room after its longest bar for the widest count at that size
/// ("110.0% 11,000/10,000": 20 characters, 218 px estimated), so it ends inside the chart's 340.
#[test]
fn chart_numbers_in_large_text_mode_have_room_to_grow() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/style.css")).unwrap();
    assert_eq!(LARGE_NUMBER_PX, 16);
    assert!(
        css.contains(".large-text .chart .n { font-size: 16px; }"),
        "no 16 px .n in style.css"
    );
    let chart = completion_chart(labels("c"), &[unit("甲", 11_000, 10_000), unit("乙", 5, 10)], None).unwrap();
    let markup = chart.svg.markup();
    let doc = roxmltree::Document::parse(&markup).unwrap();
    let group = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("f13 ink b n"))
        .expect("the counts' group");
    let widest = group
        .descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("tspan"))
        .filter_map(|n| {
            let text = n.text()?.trim().to_string();
            let x: f64 = n.attribute("x")?.parse().ok()?;
            Some((text, x))
        })
        .find(|(text, _)| text == "110.0% 11,000/10,000")
        .expect("the widest count");
    // 20 characters at 16 px × 0.68 em: 218 px (rounded up), from the count's start (at 114;
    // with room measured at 13 px it started at 155 and ran to 373).
    assert!(
        widest.1 + 218.0 <= 340.0,
        "the count starts at {} and ends past 340",
        widest.1
    );
}
