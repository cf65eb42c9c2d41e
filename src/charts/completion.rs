//! 完成率 of many units as sorted horizontal bars, with the 100% line and each unit's counts.

use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, BAR, INK, MUTED, REFERENCE};
use super::{Chart, Labels, Table};
use crate::model::Rate;

pub struct Completion {
    pub name: String,
    pub total: u64,
    pub quota: u64,
    /// The quota's history, shown beside it in the chart's table.
    pub quota_note: Option<String>,
}

const W: i32 = 340;
const SIDE: i32 = 8;
const HEAD: i32 = 30;
const ROW: i32 = 48;
/// Above this many units the chart shows the top and bottom `SHOWN / 2`.
const SHOWN: usize = 40;

pub fn completion_chart(labels: Labels, units: &[Completion], city: Option<Rate>) -> Option<Chart> {
    let mut items: Vec<(&Completion, Rate)> = units
        .iter()
        .filter_map(|u| Rate::of(u.total, u.quota).map(|r| (u, r)))
        .collect();
    if items.is_empty() {
        return None;
    }
    // Highest first; equal rates keep the notice's order.
    items.sort_by_key(|item| std::cmp::Reverse(item.1));
    let (best, worst) = (items[0], items[items.len() - 1]);
    let city_text = city.map_or(String::new(), |c| format!("全市 {c}。"));
    let desc = format!(
        "共 {} 个单位。完成率最高的是{}，{}（{} / {} 人）；最低的是{}，{}（{} / {} 人）。{}详细数据见下表。",
        items.len(),
        best.0.name,
        best.1,
        best.0.total,
        best.0.quota,
        worst.0.name,
        worst.1,
        worst.0.total,
        worst.0.quota,
        city_text
    );
    let omitted = items.len().saturating_sub(SHOWN);
    let shown: Vec<Option<&(&Completion, Rate)>> = if omitted > 0 {
        let half = SHOWN / 2;
        items[..half]
            .iter()
            .map(Some)
            .chain([None])
            .chain(items[items.len() - half..].iter().map(Some))
            .collect()
    } else {
        items.iter().map(Some).collect()
    };
    let height_px = HEAD + ROW * canvas::px(shown.len()) + 8;
    let height = canvas::dim(height_px);
    let max_permille = items.iter().map(|(_, r)| r.permille).max().unwrap_or(0).max(1000);
    let value_text =
        |(u, rate): &(&Completion, Rate)| format!("{rate} {}/{}", canvas::count(u.total), canvas::count(u.quota));
    // Room after the longest bar for the widest label, so that no label crosses a bar or the line.
    let label_room = items
        .iter()
        .map(|i| canvas::ascii_width(&value_text(i), 13))
        .max()
        .unwrap_or(0)
        + 6;
    let span = W - 2 * SIDE - label_room;
    let x = |permille: u64| {
        SIDE + canvas::round_px(canvas::count_f64(permille) / canvas::count_f64(max_permille) * f64::from(span))
    };

    let svg = canvas::svg(&labels.id, &labels.title, &desc, canvas::dim(W), height, |area| {
        let x100 = x(1000);
        canvas::text(
            area,
            "100%",
            (x100, HEAD - 8),
            (14, &REFERENCE, true),
            (HPos::Center, VPos::Bottom),
        );
        // The 100% line runs through the bars' band of each row only, never through a name
        // (names may be wider than the bars' room) nor the gap's note.
        canvas::line(area, (x100, HEAD - 4), (x100, HEAD + 2), &REFERENCE, 2);
        for (i, item) in shown.iter().enumerate() {
            let top = HEAD + ROW * canvas::px(i);
            match item {
                Some(item @ (u, rate)) => {
                    canvas::line(
                        area,
                        (x100, top + 25),
                        (x100, top + ROW.min(height_px - 4 - top)),
                        &REFERENCE,
                        2,
                    );
                    canvas::text(
                        area,
                        &u.name,
                        (SIDE, top + 6),
                        (16, &INK, false),
                        (HPos::Left, VPos::Top),
                    );
                    let end = x(rate.permille).max(SIDE + 1);
                    canvas::rect(area, (SIDE, top + 28), (end, top + 44), &BAR);
                    let value = value_text(item);
                    canvas::text(
                        area,
                        &value,
                        (end.max(x100) + 6, top + 36),
                        (13, &INK, true),
                        (HPos::Left, VPos::Center),
                    );
                }
                None => {
                    let gap = format!("…… 中间 {omitted} 个单位从略，见下表 ……");
                    canvas::text(
                        area,
                        &gap,
                        (W / 2, top + ROW / 2),
                        (14, &MUTED, false),
                        (HPos::Center, VPos::Center),
                    );
                }
            }
        }
    });
    let table = Table {
        caption: format!("{}（按完成率从高到低）", labels.title),
        head: vec![
            "单位".into(),
            "累计招生（人）".into(),
            "招生任务（人）".into(),
            "完成率".into(),
        ],
        rows: items
            .iter()
            .map(|(u, r)| {
                let quota = match &u.quota_note {
                    Some(note) => format!("{}（{note}）", u.quota),
                    None => u.quota.to_string(),
                };
                vec![u.name.clone(), u.total.to_string(), quota, r.to_string()]
            })
            .collect(),
    };
    Some(Chart::new(labels, desc, svg, table, Vec::new()))
}
