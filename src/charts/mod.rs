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
pub use canvas::LARGE_NUMBER_PX;
mod completion;
mod mix;
mod progress;
mod years;

pub use completion::{completion_chart, Completion};
pub use mix::{mix_chart, plan_chart, MixRow};
pub use progress::{progress_chart, ProgressBar};
pub use years::{years_chart, YearBar};

use std::cell::Cell;

use serde::Serialize;

/// A chart ready for a page.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique on its page: the id of its `<figure>`.
    pub id: String,
    pub title: String,
    /// What is counted, and over which period.
    pub subtitle: String,
    /// The main finding in words (also the SVG's `<desc>`).
    pub desc: String,
    /// Source and 数据截至, for the caption.
    pub source: String,
    /// The `<svg>` element: drawn, or sketched and drawn when the page is rendered.
    pub svg: Svg,
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
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub id: String,
    pub title: String,
    pub subtitle: String,
    pub source: String,
}

impl Chart {
    /// A chart from its labels, its finding, the drawn SVG and its figures.
    fn new(labels: Labels, desc: String, svg: Svg, table: Table, legend: Vec<(String, String)>) -> Self {
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

/// A chart's `<svg>`. A sketched one keeps what it is drawn from (a chart is a pure function
/// of its arguments) and is drawn only when the page is rendered; a page's fingerprint takes
/// those arguments instead of the markup, so a page kept from the previous build costs no
/// drawing, and one that is rendered builds its view once.
#[derive(Debug, Clone)]
pub enum Svg {
    Drawn(String),
    Sketched(Box<Drawing>),
}

/// The arguments a chart is drawn from.
#[derive(Debug, Clone, Serialize)]
pub enum Drawing {
    Progress {
        labels: Labels,
        bars: Vec<ProgressBar>,
        quota: u64,
    },
    Completion {
        labels: Labels,
        units: Vec<Completion>,
        city: Option<crate::model::Rate>,
    },
    Stacked {
        labels: Labels,
        rows: Vec<MixRow>,
        row_head: String,
        word: String,
    },
}

impl Svg {
    /// The markup, drawn now if it was sketched.
    pub fn markup(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Svg::Drawn(s) => s.into(),
            Svg::Sketched(d) => d.draw().into(),
        }
    }
}

impl Drawing {
    /// Draws the chart: the same function with the same arguments, not sketching.
    fn draw(&self) -> String {
        let _drawing = Mode::set(&SKETCHING, false);
        let chart = match self {
            Drawing::Progress { labels, bars, quota } => progress_chart(labels.clone(), bars, *quota),
            Drawing::Completion { labels, units, city } => completion_chart(labels.clone(), units, *city),
            Drawing::Stacked {
                labels,
                rows,
                row_head,
                word,
            } => mix::stacked(labels.clone(), rows, row_head, word),
        };
        chart.map(|c| c.svg.markup().into_owned()).unwrap_or_default()
    }
}

impl Serialize for Svg {
    /// The markup for a page; the arguments for a fingerprint (see [`fingerprinting`]).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Svg::Sketched(d) if FINGERPRINTING.get() => d.serialize(s),
            _ => s.serialize_str(&self.markup()),
        }
    }
}

thread_local! {
    static SKETCHING: Cell<bool> = const { Cell::new(false) };
    static FINGERPRINTING: Cell<bool> = const { Cell::new(false) };
}

/// A thread-local flag set for a while, and put back as it was.
struct Mode(&'static std::thread::LocalKey<Cell<bool>>, bool);

impl Mode {
    fn set(key: &'static std::thread::LocalKey<Cell<bool>>, on: bool) -> Self {
        Mode(key, key.replace(on))
    }
}

impl Drop for Mode {
    fn drop(&mut self) {
        self.0.set(self.1);
    }
}

/// Runs `build` with every chart it makes sketched (see [`Svg`]).
pub fn sketched<T>(build: impl FnOnce() -> T) -> T {
    let _sketching = Mode::set(&SKETCHING, true);
    build()
}

/// Runs `serialize` with sketched charts serialized as their arguments, for a fingerprint.
pub fn fingerprinting<T>(serialize: impl FnOnce() -> T) -> T {
    let _fingerprinting = Mode::set(&FINGERPRINTING, true);
    serialize()
}

/// The chart's `<svg>`: sketched while [`sketched`] runs, else drawn by `draw`.
fn svg(drawing: impl FnOnce() -> Drawing, draw: impl FnOnce() -> String) -> Svg {
    if SKETCHING.get() {
        Svg::Sketched(Box::new(drawing()))
    } else {
        Svg::Drawn(draw())
    }
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
    fn a_sketched_chart_is_drawn_as_the_same_chart_and_fingerprinted_by_its_arguments() {
        let drawn = chart(400).unwrap();
        assert!(matches!(drawn.svg, Svg::Drawn(_)));
        let sketch = sketched(|| chart(400)).unwrap();
        assert!(matches!(sketch.svg, Svg::Sketched(_)));
        // The page gets the same markup, the table and description as drawn.
        assert_eq!(sketch.svg.markup(), drawn.svg.markup());
        assert_eq!(
            serde_json::to_string(&sketch).unwrap(),
            serde_json::to_string(&drawn).unwrap()
        );
        // A fingerprint sees the arguments: another quota, another fingerprint.
        let print = |c: &Chart| fingerprinting(|| serde_json::to_string(c).unwrap());
        assert!(!print(&sketch).contains("<svg"));
        assert_eq!(print(&sketch), print(&sketched(|| chart(400)).unwrap()));
        assert_ne!(print(&sketch), print(&sketched(|| chart(401)).unwrap()));
        assert!(
            matches!(chart(400).unwrap().svg, Svg::Drawn(_)),
            "drawing resumes after a sketch"
        );
    }
}
