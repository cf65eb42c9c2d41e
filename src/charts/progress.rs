//! Cumulative enrolment by form round against the quota (a reference line at 100%).

use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, BAR, INK, MUTED, REFERENCE};
use super::{Chart, Labels, Table};
use crate::model::Rate;

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
/// Room on the left for the "100%" and "0" marks.
const LEFT: i32 = 50;
const RIGHT: i32 = 8;

/// None when there is nothing to draw (no form round yet).
pub fn progress_chart(labels: Labels, bars: &[ProgressBar], quota: u64) -> Option<Chart> {
    let last = bars.last()?;
    let rate = |n: u64| Rate::of(n, quota).map_or_else(|| "—".into(), |r| r.to_string());
    let desc = format!(
        "截至{}累计招生 {} 人，为招生任务 {} 人的 {}。{}。详细数据见下表。",
        last.as_of,
        last.total,
        quota,
        rate(last.total),
        bars.iter()
            .map(|b| format!("{} {} 人", b.label, b.total))
            .collect::<Vec<_>>()
            .join("，")
    );
    let max = bars.iter().map(|b| b.total).max().unwrap_or(0).max(quota).max(1);
    // Bars start at zero; a little headroom above the taller of the bars and the quota line.
    let scale_max = canvas::count_f64(max) * 1.1;
    let plot_h = H - TOP - BOTTOM;
    let base = H - BOTTOM;
    let y = |v: u64| base - canvas::round_px(canvas::count_f64(v) / scale_max * f64::from(plot_h));
    let slot = (W - LEFT - RIGHT) / canvas::px(bars.len().max(1));
    let bar_w = (slot * 3 / 5).clamp(8, 64);

    let svg = canvas::svg(
        &labels.id,
        &labels.title,
        &desc,
        canvas::dim(W),
        canvas::dim(H),
        |area| {
            let qy = y(quota);
            canvas::line(area, (LEFT, base), (W - RIGHT, base), &MUTED, 1);
            canvas::text(
                area,
                "0",
                (LEFT - 6, base),
                (14, &MUTED, false),
                (HPos::Right, VPos::Center),
            );
            for (i, b) in bars.iter().enumerate() {
                let cx = LEFT + slot * canvas::px(i) + slot / 2;
                let top = y(b.total);
                if b.total > 0 {
                    canvas::rect(area, (cx - bar_w / 2, top), (cx + bar_w / 2, base), &BAR);
                }
                canvas::text(
                    area,
                    &b.label,
                    (cx, base + 6),
                    (15, &INK, false),
                    (HPos::Center, VPos::Top),
                );
                canvas::text(
                    area,
                    &canvas::count(b.total),
                    (cx, base + 26),
                    (13, &MUTED, false),
                    (HPos::Center, VPos::Top),
                );
            }
            canvas::line(area, (LEFT, qy), (W - RIGHT, qy), &REFERENCE, 2);
            canvas::text(
                area,
                "100%",
                (LEFT - 6, qy),
                (14, &REFERENCE, true),
                (HPos::Right, VPos::Center),
            );
            // Each bar's rate under its month and count: never on the bar or the reference line.
            for (i, b) in bars.iter().enumerate() {
                let cx = LEFT + slot * canvas::px(i) + slot / 2;
                canvas::text(
                    area,
                    &rate(b.total),
                    (cx, base + 46),
                    (13, &INK, true),
                    (HPos::Center, VPos::Top),
                );
            }
        },
    );
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
