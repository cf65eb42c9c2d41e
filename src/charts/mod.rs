//! Charts drawn at build time as inline SVG.
//!
//! Layout is computed here in pixels and written by a small SVG writer (canvas.rs) that never
//! measures text: the output is the same on a machine with no fonts at all, and the reader's
//! browser draws the CJK glyphs. Colours, sizes and anchors are classes styled by the page's
//! stylesheet (the Okabe–Ito colours, safe for colour-blind readers, for the program types). Every chart carries a `<title>`, a `<desc>` with its
//! main finding, and the same figures as a table for the page to show beside it.

// Pixel arithmetic goes through the checked helpers of canvas.rs.
#![warn(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss
)]

mod canvas;
mod completion;
mod mix;
mod progress;

pub use completion::{completion_chart, Completion};
pub use mix::{mix_chart, plan_chart, MixRow};
pub use progress::{progress_chart, ProgressBar};

use std::cell::Cell;

use serde::Serialize;

/// A chart ready for a page.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique on its page; prefixes the ids of the SVG's title and desc.
    pub id: String,
    pub title: String,
    /// What is counted, and over which period.
    pub subtitle: String,
    /// The main finding in words (also the SVG's `<desc>`).
    pub desc: String,
    /// Source and 数据截至, for the caption.
    pub source: String,
    pub svg: String,
    /// Legend entries (label, CSS class of the swatch), when colours carry categories.
    pub legend: Vec<(String, String)>,
    pub table: Table,
    /// When a table of the page already holds every figure of the chart: its id and its
    /// heading. The chart links to it instead of repeating the figures in a table of its own.
    pub table_at: Option<(String, String)>,
}

/// The chart's figures as a table.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Texts shared by every chart.
#[derive(Serialize)]
pub struct Labels {
    pub id: String,
    pub title: String,
    pub subtitle: String,
    pub source: String,
}

impl Chart {
    /// A sketched chart: there (a chart with nothing to show is None either way), standing as
    /// the fingerprint of its kind, its labels and its other arguments.
    fn sketch(kind: &str, labels: Labels, inputs: &impl Serialize) -> Self {
        let mut bytes = kind.as_bytes().to_vec();
        bytes.push(0);
        // Plain structs of strings and numbers: serializing them cannot fail.
        let _ = serde_json::to_writer(&mut bytes, &(&labels, inputs));
        let svg = format!("sketch:{}", crate::render::sha256_hex(&bytes));
        let table = Table {
            caption: String::new(),
            head: Vec::new(),
            rows: Vec::new(),
        };
        Chart::new(labels, String::new(), svg, table, Vec::new())
    }

    /// A chart from its labels, its finding, the drawn SVG and its figures.
    fn new(labels: Labels, desc: String, svg: String, table: Table, legend: Vec<(String, String)>) -> Self {
        Chart {
            id: labels.id,
            title: labels.title,
            subtitle: labels.subtitle,
            desc,
            source: labels.source,
            svg,
            legend,
            table,
            table_at: None,
        }
    }
}

thread_local! {
    static SKETCHING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `build` with every chart it makes sketched: neither drawn nor described, the chart
/// stands as the SHA-256 of its arguments (a chart is a pure function of them). A page's
/// fingerprint is taken of the sketched view, so that a page kept from the previous build costs
/// no chart; the page is built again, drawn, only when it is rendered.
pub fn sketched<T>(build: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            SKETCHING.set(self.0);
        }
    }
    let _reset = Reset(SKETCHING.replace(true));
    build()
}

fn sketching() -> bool {
    SKETCHING.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(quota: u64) -> Option<Chart> {
        let labels = Labels {
            id: "c".into(),
            title: "累计招生".into(),
            subtitle: String::new(),
            source: String::new(),
        };
        let bars = [ProgressBar {
            label: "8月".into(),
            as_of: "2024年8月15日".into(),
            total: 320,
        }];
        progress_chart(labels, &bars, quota)
    }

    #[test]
    fn a_sketched_chart_stands_for_its_inputs_and_is_drawn_outside_a_sketch() {
        let drawn = chart(400).unwrap();
        assert!(drawn.svg.starts_with("<svg"), "{}", drawn.svg);
        let sketch = sketched(|| chart(400)).unwrap();
        assert!(sketch.svg.starts_with("sketch:"), "{}", sketch.svg);
        assert_eq!(
            sketch.svg,
            sketched(|| chart(400)).unwrap().svg,
            "the same inputs, the same sketch"
        );
        assert_ne!(
            sketch.svg,
            sketched(|| chart(401)).unwrap().svg,
            "another quota, another sketch"
        );
        // Drawing resumes after the sketch.
        assert!(chart(400).unwrap().svg.starts_with("<svg"));
    }
}
