//! 完成率 of one unit (or the city) year by year: horizontal bars in year order, with the 100%
//! line and each year's counts. The rates are the model's, never computed here.

use super::canvas::{self, Font, V};
use super::{Chart, Labels, Svg, Table};
use crate::model::Rate;

/// One year's bar.
#[derive(Debug, Clone, serde::Serialize)]
pub struct YearBar {
    /// "2024年"
    pub label: String,
    pub total: u64,
    /// The quota the rate is measured against.
    pub quota: u64,
    pub rate: Rate,
}

const W: i32 = 340;
const SIDE: i32 = 8;
const HEAD: i32 = 30;
const ROW: i32 = 48;

/// The chart, or None when no year has a rate. `table_at` names the page's table that holds
/// the same figures (the chart links to it rather than repeating them).
pub fn years_chart(labels: Labels, bars: &[YearBar], table_at: (String, String)) -> Option<Chart> {
    let (first, last) = (bars.first()?, bars.last()?);
    let desc = if bars.len() == 1 {
        format!(
            "{}完成率 {}（{} / {} 人）。详细数据见下表。",
            first.label, first.rate, first.total, first.quota
        )
    } else {
        format!(
            "共 {} 个年度。{}完成率 {}（{} / {} 人），{}完成率 {}（{} / {} 人）。详细数据见下表。",
            bars.len(),
            first.label,
            first.rate,
            first.total,
            first.quota,
            last.label,
            last.rate,
            last.total,
            last.quota
        )
    };
    let height_px = HEAD + ROW * canvas::px(bars.len()) + 8;
    let height = canvas::dim(height_px);
    let max_permille = bars.iter().map(|b| b.rate.permille).max().unwrap_or(0).max(1000);
    let value_text = |b: &YearBar| format!("{} {}/{}", b.rate, canvas::count(b.total), canvas::count(b.quota));
    // Room after the longest bar for the widest label at the size 大字模式 gives it.
    let label_room = bars
        .iter()
        .map(|b| canvas::ascii_width(&value_text(b), canvas::LARGE_NUMBER_PX))
        .max()
        .unwrap_or(0)
        + 6;
    let span = W - 2 * SIDE - label_room;
    let x = |permille: u64| SIDE + canvas::scale(permille, max_permille, span);
    let svg = canvas::svg(&labels.title, &desc, canvas::dim(W), height, |c| {
        let x100 = x(1000);
        let top = |i: usize| HEAD + ROW * canvas::px(i);
        let end = |rate: &Rate| x(rate.permille).max(SIDE + 1);
        let rows = || bars.iter().enumerate().map(|(i, b)| (top(i), b));
        c.texts(
            Font {
                class: "f14 red b c n",
                size: 14,
            },
            V::Bottom,
            [((x100, HEAD - 8), "100%")],
        );
        c.lines(
            "ref",
            std::iter::once(((x100, HEAD - 4), (x100, HEAD + 2)))
                .chain(rows().map(|(top, _)| ((x100, top + 25), (x100, top + ROW.min(height_px - 4 - top))))),
        );
        c.texts(
            Font {
                class: "f16 ink",
                size: 16,
            },
            V::Top,
            rows().map(|(top, b)| ((SIDE, top + 6), b.label.as_str())),
        );
        c.rects("bar", rows().map(|(top, b)| (SIDE, top + 28, end(&b.rate), top + 44)));
        c.texts(
            Font {
                class: "f13 ink b n",
                size: 13,
            },
            V::Center,
            rows().map(|(top, b)| ((end(&b.rate).max(x100) + 6, top + 36), value_text(b))),
        );
    });
    let table = Table {
        caption: labels.title.clone(),
        head: vec![
            "年度".into(),
            "累计招生（人）".into(),
            "招生任务（人）".into(),
            "完成率".into(),
        ],
        rows: bars
            .iter()
            .map(|b| {
                vec![
                    b.label.clone(),
                    b.total.to_string(),
                    b.quota.to_string(),
                    b.rate.to_string(),
                ]
            })
            .collect(),
    };
    let mut chart = Chart::new(labels, desc, Svg::Drawn(svg), table, Vec::new());
    chart.table_at = Some(table_at);
    Some(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bars_keep_the_year_order_and_say_each_rate() {
        let bar = |y: i32, total: u64, quota: u64| YearBar {
            label: format!("{y}年"),
            total,
            quota,
            rate: Rate::of(total, quota).unwrap(),
        };
        let labels = Labels {
            id: "c".into(),
            title: "历年完成率".into(),
            subtitle: String::new(),
            source: String::new(),
        };
        let chart = years_chart(
            labels,
            &[bar(2024, 330, 300), bar(2025, 70, 100)],
            ("t".into(), "表".into()),
        )
        .unwrap();
        let svg = chart.svg.markup();
        let (a, b) = (svg.find("2024年").unwrap(), svg.find("2025年").unwrap());
        assert!(a < b, "years in order");
        assert!(svg.contains("110.0% 330/300") && svg.contains("70.0% 70/100"), "{svg}");
        assert!(chart.desc.contains("2024年完成率 110.0%") && chart.desc.contains("2025年完成率 70.0%"));
        assert!(svg.contains("<title>") && svg.contains("<desc>"));
    }

    #[test]
    fn no_chart_without_a_rate() {
        let labels = Labels {
            id: "c".into(),
            title: String::new(),
            subtitle: String::new(),
            source: String::new(),
        };
        assert!(years_chart(labels, &[], ("t".into(), "表".into())).is_none());
    }
}
