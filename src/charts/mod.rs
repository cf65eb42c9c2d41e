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
}

/// The chart's figures as a table.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Texts shared by every chart.
pub struct Labels {
    pub id: String,
    pub title: String,
    pub subtitle: String,
    pub source: String,
}

impl Chart {
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
        }
    }
}
