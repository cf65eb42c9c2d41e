//! 完成率 of many units as sorted horizontal bars, with the 100% line and each unit's counts.

use super::canvas::{self, Font, V};
use super::{Chart, Labels, Table};
use crate::model::Rate;

#[derive(Debug, Clone, serde::Serialize)]
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
    // Room after the longest bar for the widest label, so that no label crosses a bar or the line
    // or the chart's edge, at the size 大字模式 gives it.
    let label_room = items
        .iter()
        .map(|i| canvas::ascii_width(&value_text(i), canvas::LARGE_NUMBER_PX))
        .max()
        .unwrap_or(0)
        + 6;
    let span = W - 2 * SIDE - label_room;
    let x = |permille: u64| SIDE + canvas::scale(permille, max_permille, span);

    let drawing = || super::Drawing::Completion {
        labels: labels.clone(),
        units: units.to_vec(),
        city,
    };
    let svg = super::svg(drawing, || {
        canvas::svg(&labels.title, &desc, canvas::dim(W), height, |c| {
            let x100 = x(1000);
            let top = |i: usize| HEAD + ROW * canvas::px(i);
            let end = |rate: &Rate| x(rate.permille).max(SIDE + 1);
            let units = || {
                shown
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| item.map(|item| (top(i), item)))
            };
            c.texts(
                Font {
                    class: "f14 red b c n",
                    size: 14,
                },
                V::Bottom,
                [((x100, HEAD - 8), "100%")],
            );
            // The 100% line runs through the bars' band of each row only, never through a name
            // (names may be wider than the bars' room) nor the gap's note.
            c.lines(
                "ref",
                std::iter::once(((x100, HEAD - 4), (x100, HEAD + 2)))
                    .chain(units().map(|(top, _)| ((x100, top + 25), (x100, top + ROW.min(height_px - 4 - top))))),
            );
            c.texts(
                Font {
                    class: "f16 ink",
                    size: 16,
                },
                V::Top,
                units().map(|(top, (u, _))| ((SIDE, top + 6), u.name.as_str())),
            );
            c.rects(
                "bar",
                units().map(|(top, (_, rate))| (SIDE, top + 28, end(rate), top + 44)),
            );
            c.texts(
                Font {
                    class: "f13 ink b n",
                    size: 13,
                },
                V::Center,
                units().map(|(top, item)| ((end(&item.1).max(x100) + 6, top + 36), value_text(item))),
            );
            c.texts(
                Font {
                    class: "f14 mut c",
                    size: 14,
                },
                V::Center,
                shown
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.is_none())
                    .map(|(i, _)| {
                        (
                            (W / 2, top(i) + ROW / 2),
                            format!("…… 中间 {omitted} 个单位从略，见下表 ……"),
                        )
                    }),
            );
        })
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
