//! Runs one chart's drawing code on both backends and packages the result as a [`Chart`].

use plotters::coord::Shift;
use plotters::prelude::*;

use super::text::{Target, ensure_fonts};
use super::{Chart, ChartError};

/// A chart's drawing code, generic over the backend so SVG and PNG come from the same lines.
pub(crate) trait Plot {
    /// Draws the whole chart (title included) on `root`, preparing every label for `target`.
    /// Errors are plain messages; [`render`] adds the chart's name.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), String>;
}

/// Turns any plotters error into the message kept in [`ChartError::Drawing`].
pub(crate) fn drawing<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Draws `plot` into an SVG string and a PNG of `width` × `height` pixels.
pub(crate) fn render(
    name: &str,
    title: &str,
    (width, height): (u32, u32),
    plot: &impl Plot,
) -> Result<Chart, ChartError> {
    ensure_fonts()?;
    let failed = |message: String| ChartError::Drawing {
        chart: name.to_string(),
        message,
    };

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| failed(e.to_string()))?;
        plot.draw(&root, Target::Svg).map_err(failed)?;
        root.present().map_err(|e| failed(e.to_string()))?;
    }
    let svg = with_title(svg, title);

    // 3 bytes (RGB) per pixel, the layout BitMapBackend::with_buffer draws into.
    let mut pixels = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| failed(e.to_string()))?;
        plot.draw(&root, Target::Png).map_err(failed)?;
        root.present().map_err(|e| failed(e.to_string()))?;
    }
    let png = encode_png(&pixels, width, height).map_err(|message| ChartError::Png {
        chart: name.to_string(),
        message,
    })?;

    Ok(Chart {
        name: name.to_string(),
        title: title.to_string(),
        svg,
        png,
        width,
        height,
    })
}

/// Inserts `<title>` (escaped) as the first child of `<svg>`: plotters emits none, and screen
/// readers announce an inline SVG by it. Also marks the SVG as one image (`role="img"`).
fn with_title(svg: String, title: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg;
    };
    let Some(end) = svg[start..].find('>').map(|i| start + i) else {
        return svg;
    };
    let mut out = String::with_capacity(svg.len() + title.len() + 32);
    out.push_str(&svg[..end]);
    out.push_str(" role=\"img\">\n<title>");
    for c in title.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters even when escaped.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push_str("</title>");
    out.push_str(&svg[end + 1..]);
    out
}

/// Encodes an RGB buffer as PNG. The encoder's settings are fixed, so the bytes are too.
fn encode_png(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(pixels).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}
