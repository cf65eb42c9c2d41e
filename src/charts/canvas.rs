//! Drawing on plotters' SVG backend in pixel coordinates, and the accessible `<svg>` wrapper.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::render::xml_escape;

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

pub(super) const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
pub(super) const MUTED: RGBColor = RGBColor(0x4a, 0x4a, 0x4a);
/// The reference (100%, quota) line: dark red, contrast above 3:1 on white.
pub(super) const REFERENCE: RGBColor = RGBColor(0x8a, 0x1c, 0x14);
pub(super) const BAR: RGBColor = RGBColor(0x00, 0x72, 0xB2);

/// Text at a point: `style` is (size in px, colour, bold), `anchor` where the point is on the text.
pub(super) fn text(area: &Area<'_>, s: &str, at: (i32, i32), style: (u32, &RGBColor, bool), anchor: (HPos, VPos)) {
    let (size, colour, bold) = style;
    let (h, v) = anchor;
    // plotters' SVG backend writes font-size as the requested size / 1.24 (its font-unit
    // convention); ask for 1.24 × the size wanted so that the SVG says exactly `size`.
    let requested = f64::from(size) * 1.24;
    let font = if bold {
        ("sans-serif", requested).into_font().style(FontStyle::Bold)
    } else {
        ("sans-serif", requested).into_font()
    };
    let style = font.color(colour).pos(Pos::new(h, v));
    // Drawing into a String cannot fail.
    let _ = area.draw(&Text::new(s.to_string(), at, style));
}

pub(super) fn rect(area: &Area<'_>, from: (i32, i32), to: (i32, i32), colour: &RGBColor) {
    let _ = area.draw(&Rectangle::new([from, to], colour.filled()));
}

pub(super) fn line(area: &Area<'_>, from: (i32, i32), to: (i32, i32), colour: &RGBColor, width: u32) {
    let _ = area.draw(&PathElement::new(vec![from, to], colour.stroke_width(width)));
}

/// Draws with `paint` on a `width`×`height` canvas and returns the SVG with role, title and desc.
pub(super) fn svg(id: &str, title: &str, desc: &str, width: u32, height: u32, paint: impl FnOnce(&Area<'_>)) -> String {
    let mut buf = String::new();
    {
        let area = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        let _ = area.fill(&WHITE);
        paint(&area);
        let _ = area.present();
    }
    let body = compact(buf.find('>').map_or(buf.as_str(), |i| &buf[i + 1..]));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        xml_escape(title),
        xml_escape(desc),
        body.trim_start()
    )
}

/// Drops what plotters writes that changes nothing here: `opacity="1"`, the font family (the
/// page's stylesheet sets the system CJK font stack) and line breaks around text.
fn compact(svg: &str) -> String {
    let mut out = svg
        .replace(" opacity=\"1\"", "")
        .replace(" font-family=\"sans-serif\"", "");
    out = out.replace(">\n", ">").replace("\n<", "<");
    // Font sizes come back as e.g. 14.000000000000002 after the 1.24 round trip.
    let mut fixed = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.find("font-size=\"") {
        let start = i + "font-size=\"".len();
        let end = rest[start..].find('"').map_or(rest.len(), |e| start + e);
        fixed.push_str(&rest[..start]);
        let size: f64 = rest[start..end].parse().unwrap_or(14.0);
        fixed.push_str(&format!("{}", size.round()));
        rest = &rest[end..];
    }
    fixed.push_str(rest);
    fixed
}

/// A count as a chart shows it: `67686` → `67,686`, like the pages' tables.
pub(super) fn count(n: u64) -> String {
    crate::render::templates::group_thousands(&n.to_string()).unwrap_or_default()
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
