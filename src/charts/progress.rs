//! Cumulative enrolment by form round against the quota (a reference line at 100%).

use super::canvas::{self, Font, V};
use super::{Chart, Labels, Table};
use crate::model::Rate;

#[derive(Debug, Clone, serde::Serialize)]
pub struct ProgressBar {
    /// "8月"
    pub label: String,
    /// "2024年8月15日"
    pub as_of: String,
    pub total: u64,
}

const W: i32 = 340;
const H: i32 = 276;
const TOP: i32 = 16;
const BOTTOM: i32 = 70;
/// Room on the left for the "100%" and "0" marks, at the size 大字模式 gives them (bold "100%" at
/// 16 px is about 50 px wide in common fonts, and it ends 6 px before the axis).
const LEFT: i32 = 58;
const RIGHT: i32 = 8;

/// None when there is nothing to draw (no form round yet).
pub fn progress_chart(labels: Labels, bars: &[ProgressBar], quota: u64) -> Option<Chart> {
    let last = bars.last()?;
    let rate = |n: u64| Rate::of(n, quota).map_or_else(|| "—".into(), |r| r.to_string());
    // The smallest and the largest month (for cumulative figures, usually the first and the
    // latest); every month's figure is in the page's table.
    let low = bars.iter().min_by_key(|b| b.total).unwrap_or(last);
    let high = bars.iter().rev().max_by_key(|b| b.total).unwrap_or(last);
    let range = if bars.len() < 2 {
        String::new()
    } else {
        format!(
            "最少为{} {} 人，最多为{} {} 人。",
            low.label, low.total, high.label, high.total
        )
    };
    let desc = format!(
        "截至{}累计招生 {} 人，为招生任务 {} 人的 {}。{range}详细数据见下表。",
        last.as_of,
        last.total,
        quota,
        rate(last.total),
    );
    let max = bars.iter().map(|b| b.total).max().unwrap_or(0).max(quota).max(1);
    // Bars start at zero; a little headroom above the taller of the bars and the quota line.
    let scale_max = max + max.div_ceil(10);
    let plot_h = H - TOP - BOTTOM;
    let base = H - BOTTOM;
    let y = |v: u64| base - canvas::scale(v, scale_max, plot_h);
    let slot = (W - LEFT - RIGHT) / canvas::px(bars.len().max(1));
    let bar_w = (slot * 3 / 5).clamp(8, 64);

    let drawing = || super::Drawing::Progress {
        labels: labels.clone(),
        bars: bars.to_vec(),
        quota,
    };
    let svg = super::svg(drawing, || {
        canvas::svg(&labels.title, &desc, canvas::dim(W), canvas::dim(H), |c| {
            let qy = y(quota);
            let cx = |i: usize| LEFT + slot * canvas::px(i) + slot / 2;
            c.lines("axis", [((LEFT, base), (W - RIGHT, base))]);
            c.texts(
                Font {
                    class: "f14 mut e n",
                    size: 14,
                },
                V::Center,
                [((LEFT - 6, base), "0")],
            );
            c.rects(
                "bar",
                bars.iter()
                    .enumerate()
                    .filter(|(_, b)| b.total > 0)
                    .map(|(i, b)| (cx(i) - bar_w / 2, y(b.total), cx(i) + bar_w / 2, base)),
            );
            // Under each bar its month, its count and its rate: never on the bar or the line.
            c.texts(
                Font {
                    class: "f15 ink c",
                    size: 15,
                },
                V::Top,
                bars.iter()
                    .enumerate()
                    .map(|(i, b)| ((cx(i), base + 6), b.label.as_str())),
            );
            c.texts(
                Font {
                    class: "f13 mut c n",
                    size: 13,
                },
                V::Top,
                bars.iter()
                    .enumerate()
                    .map(|(i, b)| ((cx(i), base + 26), canvas::count(b.total))),
            );
            c.lines("ref", [((LEFT, qy), (W - RIGHT, qy))]);
            c.texts(
                Font {
                    class: "f14 red b e n",
                    size: 14,
                },
                V::Center,
                [((LEFT - 6, qy), "100%")],
            );
            c.texts(
                Font {
                    class: "f13 ink b c n",
                    size: 13,
                },
                V::Top,
                bars.iter()
                    .enumerate()
                    .map(|(i, b)| ((cx(i), base + 46), rate(b.total))),
            );
        })
    });
    let table = Table {
        caption: format!("{}（单位：人）", labels.title),
        head: vec![
            "月报".into(),
            "截止日期".into(),
            "累计招生".into(),
            "招生任务".into(),
            "完成率".into(),
        ],
        rows: bars
            .iter()
            .map(|b| {
                vec![
                    b.label.clone(),
                    b.as_of.clone(),
                    b.total.to_string(),
                    quota.to_string(),
                    rate(b.total),
                ]
            })
            .collect(),
    };
    Some(Chart::new(labels, desc, svg, table, Vec::new()))
}
