//! The program-type mix (中专 / 3+2 / 五年一贯制 / 一年制) as stacked horizontal bars, one per round.

use super::canvas::{self, Font, V};
use super::{Chart, Labels, Table};
use crate::model::PROGRAM_TYPES;

#[derive(Debug, Clone, serde::Serialize)]
pub struct MixRow {
    /// "8月"
    pub label: String,
    pub by_type: [u64; 4],
}

const W: i32 = 340;
const LABEL_W: i32 = 46;
const SIDE: i32 = 8;
const ROW: i32 = 40;
/// The stylesheet's fill of each program type (the colours of `TYPE_COLOURS`).
const TYPE_CLASSES: [&str; 4] = ["t0", "t1", "t2", "t3"];

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
pub(super) fn stacked(labels: Labels, rows: &[MixRow], row_head: &str, word: &str) -> Option<Chart> {
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

    // Each row's segments (type, x0, x1) and where its middle is.
    let segments: Vec<Vec<(usize, i32, i32)>> = rows
        .iter()
        .map(|row| {
            let mut acc = 0u64;
            let at = |acc: u64| LABEL_W + canvas::scale(acc, max, span);
            row.by_type
                .iter()
                .enumerate()
                .filter_map(|(t, n)| {
                    let x0 = at(acc);
                    acc += n;
                    let x1 = at(acc);
                    (x1 > x0).then_some((t, x0, x1))
                })
                .collect()
        })
        .collect();
    let top = |i: usize| 4 + ROW * canvas::px(i);

    let drawing = || super::Drawing::Stacked {
        labels: labels.clone(),
        rows: rows.to_vec(),
        row_head: row_head.into(),
        word: word.into(),
    };
    let svg = super::svg(drawing, || {
        canvas::svg(&labels.title, &desc, canvas::dim(W), height, |c| {
            for (t, class) in TYPE_CLASSES.iter().enumerate() {
                c.rects(
                    class,
                    segments.iter().enumerate().flat_map(|(i, row)| {
                        row.iter()
                            .filter(move |s| s.0 == t)
                            .map(move |&(_, x0, x1)| (x0, top(i) + 6, x1, top(i) + ROW - 10))
                    }),
                );
            }
            c.texts(
                Font {
                    class: "f15 ink e",
                    size: 15,
                },
                V::Center,
                rows.iter()
                    .enumerate()
                    .map(|(i, row)| ((LABEL_W - 6, top(i) + ROW / 2 - 2), row.label.as_str())),
            );
            // Each segment's count where it fits, in 大字模式 too: white on the dark blue, black on
            // the lighter colours (both above 4.5:1).
            for (class, dark) in [("f14 wht c n", true), ("f14 blk c n", false)] {
                c.texts(
                    Font { class, size: 14 },
                    V::Center,
                    segments.iter().enumerate().flat_map(|(i, row)| {
                        row.iter().filter_map(move |&(t, x0, x1)| {
                            let label = canvas::count(rows[i].by_type[t]);
                            ((t == 0) == dark && canvas::ascii_width(&label, canvas::LARGE_NUMBER_PX) + 6 <= x1 - x0)
                                .then(|| (((x0 + x1) / 2, top(i) + ROW / 2 - 2), label))
                        })
                    }),
                );
            }
        })
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
