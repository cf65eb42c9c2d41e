//! A single-pass SVG writer in pixel coordinates, and the accessible `<svg>` wrapper.
//!
//! The SVG carries no presentation attributes: each group of alike elements has classes that the
//! page's stylesheet (`.chart …` in style.css) turns into colours, sizes, weights and anchors, and
//! the bars and lines of one colour are one `<path>`. The page's Content-Security-Policy allows no
//! inline `<style>`, so the stylesheet is the one place for them.

use std::fmt::Write;

use crate::fmt::xml_escape;

/// Where the given point is on a text, vertically (the horizontal anchor is a class).
#[derive(Clone, Copy)]
pub(super) enum V {
    /// The point is at the top of the text.
    Top,
    /// The point is at the middle of the digits and letters.
    Center,
    /// The point is at the bottom of the text.
    Bottom,
}

/// A text style: its classes (size `f13`…`f16`, colour, `b` bold, `e`/`c` end/middle anchor) and
/// its size in px, for the baseline shift.
#[derive(Clone, Copy)]
pub(super) struct Font {
    pub class: &'static str,
    pub size: u32,
}

/// A chart being drawn: elements are written in order, later ones over earlier ones.
pub(super) struct Canvas {
    body: String,
}

impl Canvas {
    /// Texts of one style in one `<g>`; `at` is the anchor point, `v` where it is on the text.
    /// Nothing is written for no texts. Texts in a row (one after another on the same baseline)
    /// are the `<tspan>`s of one `<text>`: a tspan with its own x is its own text chunk, anchored
    /// by the group's class like a `<text>` is, so the chart looks the same with fewer bytes (a row
    /// of six month labels: 198 → 158 bytes). A column gains nothing: a tspan given only a y
    /// would go on from where the text before it ended, so each would need its x again.
    pub(super) fn texts<S: AsRef<str>>(&mut self, font: Font, v: V, items: impl IntoIterator<Item = ((i32, i32), S)>) {
        // The baseline from the anchor point, in tenths of a pixel: 0.76 em below the top (the
        // cap height of common fonts), 0.28 em below the middle (half the x-height), rounded to
        // whole pixels (half a pixel either way is not seen, and saves a byte or two a text).
        let size = i64::from(font.size);
        let shift = match v {
            V::Top => size * 76 / 10,
            V::Center => size * 28 / 10,
            V::Bottom => -(size * 28 / 10),
        };
        let baseline = |y: i32| (i64::from(y) * 10 + shift + 5).div_euclid(10);
        let items: Vec<((i32, i64), S)> = items.into_iter().map(|((x, y), s)| ((x, baseline(y)), s)).collect();
        if items.is_empty() {
            return;
        }
        let _ = write!(self.body, "<g class=\"{}\">", font.class);
        let text = |body: &mut String, s: &S| body.push_str(&xml_escape(s.as_ref()));
        for line in items.chunk_by(|((_, a), _), ((_, b), _)| a == b) {
            if let [((x, y), s)] = line {
                let _ = write!(self.body, "<text x=\"{x}\" y=\"{y}\">");
                text(&mut self.body, s);
            } else {
                let _ = write!(self.body, "<text y=\"{}\">", line[0].0 .1);
                for ((x, _), s) in line {
                    let _ = write!(self.body, "<tspan x=\"{x}\">");
                    text(&mut self.body, s);
                    self.body.push_str("</tspan>");
                }
            }
            self.body.push_str("</text>");
        }
        self.body.push_str("</g>");
    }

    /// Rectangles of one class (its stroke colour), each `(x0, y0, x1, y1)` with x0 ≤ x1 and
    /// y0 ≤ y1. A chart's bars share their thickness, so each is drawn as a line that thick
    /// (butt ends: exactly the rectangle), all in one path with one `stroke-width`:
    /// `M46 22h31` instead of `M46 10h31v24H46z`. Rectangles that do not share a thickness
    /// get a path each.
    pub(super) fn rects(&mut self, class: &str, items: impl IntoIterator<Item = (i32, i32, i32, i32)>) {
        let items: Vec<(i32, i32, i32, i32)> = items.into_iter().collect();
        let Some(&(x0, y0, x1, y1)) = items.first() else {
            return;
        };
        // Half a pixel, for a line of odd thickness: its middle is between two pixel rows.
        let mid = |a: i32, b: i32| {
            let twice = a + b;
            if twice % 2 == 0 {
                format!("{}", twice / 2)
            } else {
                format!("{}.5", twice.div_euclid(2))
            }
        };
        let (h, w) = (y1 - y0, x1 - x0);
        if items.iter().all(|r| r.3 - r.1 == h) {
            let d: String = items
                .iter()
                .map(|&(x0, y0, x1, y1)| format!("M{x0} {}h{}", mid(y0, y1), x1 - x0))
                .collect();
            self.stroke(class, h, &d);
        } else if items.iter().all(|r| r.2 - r.0 == w) {
            let d: String = items
                .iter()
                .map(|&(x0, y0, x1, y1)| format!("M{} {y1}V{y0}", mid(x0, x1)))
                .collect();
            self.stroke(class, w, &d);
        } else {
            for (x0, y0, x1, y1) in items {
                self.stroke(class, y1 - y0, &format!("M{x0} {}h{}", mid(y0, y1), x1 - x0));
            }
        }
    }

    fn stroke(&mut self, class: &str, width: i32, d: &str) {
        let _ = write!(
            self.body,
            "<path class=\"{class}\" stroke-width=\"{width}\" d=\"{d}\"/>"
        );
    }

    /// Horizontal or vertical lines of one class (its stroke), as one path.
    pub(super) fn lines(&mut self, class: &str, items: impl IntoIterator<Item = ((i32, i32), (i32, i32))>) {
        self.path(
            class,
            items.into_iter().map(|((x0, y0), (x1, y1))| {
                if y0 == y1 {
                    format!("M{x0} {y0}H{x1}")
                } else if x0 == x1 {
                    format!("M{x0} {y0}V{y1}")
                } else {
                    format!("M{x0} {y0}L{x1} {y1}")
                }
            }),
        );
    }

    fn path(&mut self, class: &str, parts: impl Iterator<Item = String>) {
        let d: String = parts.collect();
        if !d.is_empty() {
            let _ = write!(self.body, "<path class=\"{class}\" d=\"{d}\"/>");
        }
    }
}

/// Draws with `paint` on a `width`×`height` canvas (white) and returns the inline SVG with role,
/// title and desc. The `<title>` child names a `role="img"` SVG and its `<desc>` describes it
/// (SVG-AAM), so no ids and aria references are repeated for them.
pub(super) fn svg(title: &str, desc: &str, width: u32, height: u32, paint: impl FnOnce(&mut Canvas)) -> String {
    let mut canvas = Canvas { body: String::new() };
    paint(&mut canvas);
    format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         role=\"img\"><title>{}</title><desc>{}</desc>\
         <rect class=\"bg\" width=\"{width}\" height=\"{height}\"/>{}</svg>",
        xml_escape(title),
        xml_escape(desc),
        canvas.body
    )
}

/// The size of a chart's numbers (the texts of class `n`) in 大字模式: style.css's
/// `.large-text .chart .n` draws them at 16 px instead of 13 or 14, so whatever room a chart
/// leaves for a number (after a bar, inside a segment) is measured at this size.
pub const LARGE_NUMBER_PX: u32 = 16;

/// A count as a chart shows it: `67686` → `67,686`, like the pages' tables.
pub(super) fn count(n: u64) -> String {
    crate::fmt::group_thousands(&n.to_string()).unwrap_or_default()
}

/// A safe upper estimate of the width of ASCII digits and signs at `size` px (bold digits and
/// "%" run to about 0.65 em in common system fonts), to decide whether a label fits.
pub(super) fn ascii_width(s: &str, size: u32) -> i32 {
    round_px((count_f64(s.chars().count()) * f64::from(size) * 0.68).ceil())
}

// Chart geometry is a few hundred pixels and at most a few thousand rows: the conversions below
// never lose anything in practice, and saturate rather than wrap if they ever would.

/// A row, bar or slot count as a pixel multiplier.
pub(super) fn px(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A pixel width or height as the `u32` an SVG canvas takes (negative is 0).
pub(super) fn dim(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// Where `value` falls on an axis from 0 to `max` that is `span` pixels long: plotters' linear
/// ranged coordinate does the mapping (the markup is ours, see the module's head).
pub(super) fn scale(value: u64, max: u64, span: i32) -> i32 {
    use plotters::coord::ranged1d::Ranged;
    plotters::coord::types::RangedCoordu64::from(0..max.max(1)).map(&value, (0, span))
}

/// A fractional position rounded to a pixel; `as` from a float saturates (NaN is 0).
#[allow(clippy::cast_possible_truncation)]
pub(super) fn round_px(x: f64) -> i32 {
    x.round() as i32
}

/// A count or figure as a float, for scaling (exact below 2^53).
#[allow(clippy::cast_precision_loss)]
pub(super) fn count_f64(n: impl TryInto<u64>) -> f64 {
    n.try_into().unwrap_or(u64::MAX) as f64
}
