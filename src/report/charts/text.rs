//! The chart font and everything about text: registration, measuring, and making labels safe
//! for each backend.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, ScaleFont};
use plotters::style::FontStyle;

use super::ChartError;

/// Longest system name drawn as is; longer names keep this many characters minus one and end
/// in `…`, so a column of 15 names still fits beside the plot.
pub const MAX_NAME_CHARS: usize = 30;

/// The one family every text style uses; it is bound to DejaVu Sans in [`ensure_fonts`].
pub(crate) const FAMILY: &str = "sans-serif";

/// DejaVu Sans, parsed once: for glyph coverage and text widths.
fn font() -> Result<&'static FontRef<'static>, ChartError> {
    static FONT: OnceLock<Result<FontRef<'static>, String>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(dejavu::sans::regular()).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| ChartError::Font(e.clone()))
}

/// Registers DejaVu Sans (regular and bold) as plotters' `"sans-serif"`, once per process.
/// Done here rather than in `main` so that every library user gets it; without it plotters
/// answers `FontUnavailable`.
pub(crate) fn ensure_fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular())
                .map_err(|_| "regular face rejected".to_string())?;
            plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold())
                .map_err(|_| "bold face rejected".to_string())
        })
        .clone()
        .map_err(ChartError::Font)
}

/// Which backend a label is prepared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The browser draws SVG text with its own fonts: keep every character.
    Svg,
    /// The PNG is rasterised with DejaVu only: characters it lacks become `?`.
    Png,
}

impl Target {
    /// `s` as it should be drawn on this backend.
    pub(crate) fn label(self, s: &str) -> String {
        match self {
            Target::Svg => s.to_string(),
            Target::Png => match font() {
                Ok(font) => s
                    .chars()
                    .map(|c| if has_glyph(font, c) { c } else { '?' })
                    .collect(),
                // Without the font nothing is drawn anyway; rendering reports the error.
                Err(_) => s.to_string(),
            },
        }
    }
}

fn has_glyph(font: &FontRef<'_>, c: char) -> bool {
    c == ' ' || font.glyph_id(c).0 != 0
}

/// A system or bucket name made fit to draw: control characters (newlines, tabs) become
/// spaces, and names over [`MAX_NAME_CHARS`] characters end in `…`.
pub(crate) fn clean_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.chars().count() > MAX_NAME_CHARS {
        let mut cut: String = cleaned.chars().take(MAX_NAME_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        cleaned.to_string()
    }
}

/// Width in pixels of `s` drawn at plotters text size `size`. Characters DejaVu lacks count as
/// one full em: that is what a browser's CJK font takes in the SVG, so the layout leaves room
/// for them (the PNG's `?` is narrower, which only adds white space).
pub(crate) fn text_width(s: &str, size: f64) -> Result<f64, ChartError> {
    let font = font()?;
    let scaled = font.as_scaled(size as f32);
    Ok(s.chars()
        .map(|c| {
            if has_glyph(font, c) {
                f64::from(scaled.h_advance(font.glyph_id(c)))
            } else {
                size
            }
        })
        .sum())
}

/// Widest of `labels` in pixels at `size`.
pub(crate) fn max_width<'a>(
    labels: impl IntoIterator<Item = &'a str>,
    size: f64,
) -> Result<f64, ChartError> {
    let mut widest = 0f64;
    for label in labels {
        widest = widest.max(text_width(label, size)?);
    }
    Ok(widest)
}

/// `s` cut (with `…`) so that it is at most `max_px` wide at `size`; for titles that embed a
/// user-given name.
pub(crate) fn fit_width(s: &str, size: f64, max_px: f64) -> Result<String, ChartError> {
    if text_width(s, size)? <= max_px {
        return Ok(s.to_string());
    }
    let chars: Vec<char> = s.chars().collect();
    let mut keep = chars.len();
    while keep > 0 {
        keep -= 1;
        let candidate: String = chars[..keep].iter().chain(std::iter::once(&'…')).collect();
        if text_width(&candidate, size)? <= max_px {
            return Ok(candidate);
        }
    }
    Ok("…".to_string())
}

/// A number for labels, with a real minus sign (U+2212, as typeset); `n/a` for NaN and
/// infinities.
pub(crate) fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "n/a".to_string();
    }
    // Absurd magnitudes (a broken metric, a unit mix-up) would print hundreds of digits and
    // squeeze the plot to nothing; scientific notation keeps them short.
    let s = if value.abs() >= 1e9 {
        format!("{value:.2e}")
    } else {
        format!("{value:.decimals$}")
    };
    match s.strip_prefix('-') {
        // "-0.0" for a value that rounds to zero reads as a sign that is not there.
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// A signed number (`+1.2`, `−0.4`); `n/a` when not finite, no sign for zero.
pub(crate) fn signed(value: f64, decimals: usize) -> String {
    let s = number(value, decimals);
    if !value.is_finite() || s.starts_with('−') || s.chars().all(|c| c == '0' || c == '.') {
        s
    } else {
        format!("+{s}")
    }
}

/// `s` with its first letter upper-cased, for titles that start with a metric's name.
pub(crate) fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_a_real_minus_and_never_a_negative_zero() {
        assert_eq!(number(-1.25, 1), "−1.2");
        assert_eq!(number(-0.01, 1), "0.0");
        assert_eq!(number(f64::NAN, 1), "n/a");
        assert_eq!(signed(0.5, 2), "+0.50");
        assert_eq!(signed(-0.5, 2), "−0.50");
        assert_eq!(signed(0.0, 2), "0.00");
        assert_eq!(signed(f64::NEG_INFINITY, 2), "n/a");
        assert_eq!(number(-f64::MAX, 1), "−1.80e308");
    }

    #[test]
    fn names_lose_control_characters_and_get_cut_at_the_limit() {
        assert_eq!(clean_name("a\tb\n"), "a b");
        let long = "x".repeat(MAX_NAME_CHARS + 5);
        let cut = clean_name(&long);
        assert_eq!(cut.chars().count(), MAX_NAME_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(
            clean_name(&"y".repeat(MAX_NAME_CHARS)),
            "y".repeat(MAX_NAME_CHARS)
        );
    }
}
