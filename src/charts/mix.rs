//! The program-type mix (中专 / 3+2 / 五年一贯制 / 一年制) as stacked horizontal bars, one per round.

use plotters::prelude::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, INK};
use super::{Chart, Labels, Table, TYPE_COLOURS};
use crate::model::PROGRAM_TYPES;

pub struct MixRow {
    /// "8月"
    pub label: String,
    pub by_type: [u64; 4],
}

const W: i32 = 340;
const LABEL_W: i32 = 46;
const SIDE: i32 = 8;
const ROW: i32 = 40;

pub fn mix_chart(labels: Labels, rows: &[MixRow]) -> Option<Chart> {
    stacked(labels, rows, "月报", "累计")
}

/// 招生计划 by track (one bar): how a school or the city splits its plan over the four tracks.
pub fn plan_chart(labels: Labels, plans: [u64; 4]) -> Option<Chart> {
    let rows = [MixRow {
        label: "计划".into(),
        by_type: plans,
    }];
    stacked(labels, &rows, "类别", "招生")
}

/// Stacked bars, one per row; the description speaks of the last row (`{label}{word} N 人`).
fn stacked(labels: Labels, rows: &[MixRow], row_head: &str, word: &str) -> Option<Chart> {
    let last = rows.last()?;
    let total: u64 = last.by_type.iter().sum();
    if total == 0 {
        return None;
    }
    let parts: Vec<String> = PROGRAM_TYPES
        .iter()
        .zip(last.by_type)
        .map(|((_, name), n)| {
            format!(
                "{name} {n} 人（{:.1}%）",
                canvas::count_f64(n) * 100.0 / canvas::count_f64(total)
            )
        })
        .collect();
    let desc = format!(
        "{}{word} {total} 人：{}。详细数据见下表。",
        last.label,
        parts.join("，")
    );
    let max = rows
        .iter()
        .map(|r| r.by_type.iter().sum::<u64>())
        .max()
        .unwrap_or(1)
        .max(1);
    let span = W - LABEL_W - SIDE;
    let height = canvas::dim(ROW * canvas::px(rows.len()) + 8);

    let svg = canvas::svg(&labels.id, &labels.title, &desc, canvas::dim(W), height, |area| {
        for (i, row) in rows.iter().enumerate() {
            let top = 4 + ROW * canvas::px(i);
            canvas::text(
                area,
                &row.label,
                (LABEL_W - 6, top + ROW / 2 - 2),
                (15, &INK, false),
                (HPos::Right, VPos::Center),
            );
            let mut acc = 0u64;
            for (t, n) in row.by_type.iter().enumerate() {
                let x0 = LABEL_W + canvas::round_px(canvas::count_f64(acc) / canvas::count_f64(max) * f64::from(span));
                acc += n;
                let x1 = LABEL_W + canvas::round_px(canvas::count_f64(acc) / canvas::count_f64(max) * f64::from(span));
                if x1 <= x0 {
                    continue;
                }
                let (r, g, b) = TYPE_COLOURS[t];
                canvas::rect(area, (x0, top + 6), (x1, top + ROW - 10), &RGBColor(r, g, b));
                let label = canvas::count(*n);
                if canvas::ascii_width(&label, 14) + 6 <= x1 - x0 {
                    // White on the dark blue, black on the lighter colours: both above 4.5:1.
                    let ink = if t == 0 {
                        RGBColor(255, 255, 255)
                    } else {
                        RGBColor(0, 0, 0)
                    };
                    canvas::text(
                        area,
                        &label,
                        ((x0 + x1) / 2, top + ROW / 2 - 2),
                        (14, &ink, false),
                        (HPos::Center, VPos::Center),
                    );
                }
            }
        }
    });
    let mut head = vec![row_head.to_string()];
    head.extend(PROGRAM_TYPES.iter().map(|(_, name)| format!("{name}（人）")));
    head.push("合计（人）".into());
    let table = Table {
        caption: format!("{}（单位：人）", labels.title),
        head,
        rows: rows
            .iter()
            .map(|r| {
                let mut cells = vec![r.label.clone()];
                cells.extend(r.by_type.iter().map(u64::to_string));
                cells.push(r.by_type.iter().sum::<u64>().to_string());
                cells
            })
            .collect(),
    };
    Some(Chart::new(
        labels,
        desc,
        svg,
        table,
        PROGRAM_TYPES
            .iter()
            .enumerate()
            .map(|(i, (_, name))| (name.to_string(), format!("sw-{i}")))
            .collect(),
    ))
}
