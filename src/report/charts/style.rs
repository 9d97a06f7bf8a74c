//! Shared look: palette, text sizes, marker shapes, and small drawing helpers in pixels.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::render::drawing;
use super::text::FAMILY;

/// Width of every chart: readable at 100 % zoom in a report column.
pub(crate) const WIDTH: u32 = 900;

/// plotters text sizes. The SVG backend writes `font-size` = size / 1.24, so 17 is ≈ 13.7 px
/// in the browser, the smallest text used (the brief's floor is 13 px).
pub(crate) const TICK_SIZE: f64 = 17.0;
/// Names, values, legend entries.
pub(crate) const LABEL_SIZE: f64 = 18.0;
/// Chart title (bold).
pub(crate) const TITLE_SIZE: f64 = 22.0;

/// Space from the top edge to the first thing below the title.
pub(crate) const TITLE_BAND: u32 = 44;
/// Outer margin left and right.
pub(crate) const MARGIN: u32 = 16;

/// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour
/// vision deficiency. Order chosen so that neighbours contrast; yellow last (weak on white).
pub(crate) const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];
/// Improvements (Okabe–Ito blue).
pub(crate) const BETTER: RGBColor = PALETTE[0];
/// Regressions (Okabe–Ito vermillion).
pub(crate) const WORSE: RGBColor = PALETTE[5];
/// Non-significant results and secondary text.
pub(crate) const MUTED: RGBColor = RGBColor(0x6E, 0x6E, 0x6E);
/// Text.
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Every other row's background, to follow a row from its name to its value.
pub(crate) const STRIPE: RGBColor = RGBColor(0xF3, 0xF5, 0xF8);

/// A text style in the chart family.
pub(crate) fn font(size: f64) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&INK)
}

/// A text style anchored at `h`/`v`.
pub(crate) fn anchored(size: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    font(size).pos(Pos::new(h, v))
}

/// Draws `s` at pixel `at`.
pub(crate) fn text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: &str,
    at: (i32, i32),
    style: &TextStyle<'_>,
) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    root.draw(&Text::new(s.to_string(), at, style.clone()))
        .map_err(drawing)
}

/// Draws the chart title at the top left, in bold.
pub(crate) fn title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: &str,
) -> Result<(), String> {
    let style = (FAMILY, TITLE_SIZE, FontStyle::Bold)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Top));
    text(root, s, (MARGIN as i32, 12), &style)
}

/// Marker shapes, so that series differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
}

/// Shapes in the order series take them.
pub(crate) const SHAPES: [Shape; 5] = [
    Shape::Circle,
    Shape::Square,
    Shape::TriangleUp,
    Shape::Diamond,
    Shape::TriangleDown,
];

/// Draws a marker of radius `r` centred at pixel `c`, filled or as an outline.
pub(crate) fn marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    shape: Shape,
    (x, y): (i32, i32),
    r: i32,
    color: RGBColor,
    filled: bool,
) -> Result<(), String> {
    let style = if filled {
        color.filled()
    } else {
        color.stroke_width(2)
    };
    let points: Vec<(i32, i32)> = match shape {
        Shape::Circle => {
            if filled {
                root.draw(&Circle::new((x, y), r, style)).map_err(drawing)?;
            } else {
                // Fill white first so a hollow marker hides the whisker behind it.
                root.draw(&Circle::new((x, y), r, WHITE.filled()))
                    .map_err(drawing)?;
                root.draw(&Circle::new((x, y), r, style)).map_err(drawing)?;
            }
            return Ok(());
        }
        Shape::Square => {
            let s = r * 8 / 10;
            vec![
                (x - s, y - s),
                (x + s, y - s),
                (x + s, y + s),
                (x - s, y + s),
            ]
        }
        Shape::TriangleUp => vec![(x, y - r), (x + r, y + r * 7 / 10), (x - r, y + r * 7 / 10)],
        Shape::TriangleDown => vec![(x, y + r), (x + r, y - r * 7 / 10), (x - r, y - r * 7 / 10)],
        Shape::Diamond => vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
    };
    if filled {
        root.draw(&Polygon::new(points, style)).map_err(drawing)
    } else {
        root.draw(&Polygon::new(points.clone(), WHITE.filled()))
            .map_err(drawing)?;
        let mut closed = points.clone();
        closed.push(points[0]);
        root.draw(&PathElement::new(closed, style)).map_err(drawing)
    }
}

/// A straight line between two pixels.
pub(crate) fn line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
    style: ShapeStyle,
) -> Result<(), String> {
    root.draw(&PathElement::new(vec![from, to], style))
        .map_err(drawing)
}

/// A polyline, solid or dashed (dashes of 8 px with 5 px gaps, measured along the line).
pub(crate) fn polyline<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[(i32, i32)],
    style: ShapeStyle,
    dashed: bool,
) -> Result<(), String> {
    if points.len() < 2 {
        return Ok(());
    }
    if !dashed {
        return root
            .draw(&PathElement::new(points.to_vec(), style))
            .map_err(drawing);
    }
    const DASH: f64 = 8.0;
    const GAP: f64 = 5.0;
    // Position within the dash pattern carries over from one segment to the next.
    let mut phase = 0.0;
    for pair in points.windows(2) {
        let (x0, y0) = (f64::from(pair[0].0), f64::from(pair[0].1));
        let (x1, y1) = (f64::from(pair[1].0), f64::from(pair[1].1));
        let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
        if len == 0.0 {
            continue;
        }
        let mut at = 0.0;
        while at < len {
            let in_dash = phase < DASH;
            let step = if in_dash {
                DASH - phase
            } else {
                DASH + GAP - phase
            };
            let end = (at + step).min(len);
            if in_dash {
                let p = |t: f64| {
                    (
                        (x0 + (x1 - x0) * t / len).round() as i32,
                        (y0 + (y1 - y0) * t / len).round() as i32,
                    )
                };
                line(root, p(at), p(end), style)?;
            }
            phase = (phase + end - at) % (DASH + GAP);
            at = end;
        }
    }
    Ok(())
}

/// Text colour readable on a fill of `bg`: ink or white, whichever has the higher WCAG
/// contrast ratio.
pub(crate) fn text_on(bg: RGBColor) -> RGBColor {
    fn luminance(c: RGBColor) -> f64 {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }
    let l = luminance(bg);
    let on_white = 1.05 / (l + 0.05);
    let on_ink = (l + 0.05) / (luminance(INK) + 0.05);
    if on_ink > on_white { INK } else { WHITE }
}

/// An axis range covering the finite `values` with `pad` (a fraction of the span) on each
/// side; a small range around a lone value; `fallback` when nothing is finite.
pub(crate) fn padded_range(values: &[f64], pad: f64, fallback: (f64, f64)) -> (f64, f64) {
    // Beyond ±1e15 the span itself can overflow and plotters' tick maths with it; such values
    // are pinned to the plot's edge instead.
    const LIMIT: f64 = 1e15;
    let finite = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .map(|v| v.clamp(-LIMIT, LIMIT));
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return fallback;
    }
    if hi - lo < 1e-9 {
        let half = if lo.abs() > 1.0 { lo.abs() * 0.05 } else { 0.5 };
        return (lo - half, hi + half);
    }
    let pad = (hi - lo) * pad;
    (lo - pad, hi + pad)
}

/// Decimals for tick labels on an axis spanning `span`: whole numbers from spans of 10 up.
pub(crate) fn tick_decimals(span: f64) -> usize {
    if !span.is_finite() || span >= 10.0 {
        0
    } else if span >= 1.0 {
        1
    } else {
        2
    }
}
