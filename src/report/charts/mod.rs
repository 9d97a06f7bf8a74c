//! Charts for the HTML report: every chart is drawn once per backend from the same code, giving
//! an SVG string (to inline in HTML) and a PNG (to save beside it).
//!
//! This module takes plain data (names and numbers), never mtmeter's result types: the report
//! maps its model into these inputs, so the charts can be tested and reused on their own.
//!
//! Conventions shared by every chart:
//! - Text uses the family `"sans-serif"`, which is DejaVu Sans (Bitstream Vera licence) from
//!   the `dejavu` crate, registered with plotters once, here, so library users need no system
//!   font and no fontconfig.
//! - Colours are the Okabe–Ito colour-blind-safe palette, and never carry meaning alone: values
//!   are printed beside rows, series differ by marker shape and line dash, significance by a
//!   filled/hollow marker and a `*`.
//! - System names longer than [`MAX_NAME_CHARS`] characters are cut with `…`; control
//!   characters become spaces. DejaVu has no CJK (or other missing) glyphs: the SVG keeps such
//!   names as they are (the browser draws them with its own fonts), the PNG shows each
//!   character the font lacks as `?` rather than an empty box.
//! - Empty input (no systems, no buckets) is refused with [`ChartError::NoData`], so the report
//!   leaves the chart out instead of showing an empty frame. Non-finite numbers (NaN, ±inf) are
//!   skipped when drawing and printed as `n/a`.
//! - Output is deterministic: the same input gives the same bytes.
//! - The SVG carries a `<title>` element (the chart title) for screen readers.

mod buckets;
mod delta;
mod error_rates;
mod frequency_buckets;
mod length_buckets;
mod render;
mod rows;
mod scores;
mod sentence_distribution;
mod style;
mod text;

#[cfg(test)]
mod tests;

pub use buckets::{Bucket, BucketSeries};
pub use delta::{DeltaRow, SIGNIFICANCE_LEVEL, delta};
pub use error_rates::{ERROR_CATEGORIES, ErrorRates, error_rates};
pub use frequency_buckets::frequency_buckets;
pub use length_buckets::length_buckets;
pub use scores::{MetricAxis, SystemScore, scores};
pub use sentence_distribution::{SentenceScores, sentence_distribution};
pub use text::MAX_NAME_CHARS;

/// One rendered chart: the same drawing as SVG text and as PNG bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// File stem to save it under, e.g. `scores-bleu` (`.svg` / `.png` appended by the caller).
    pub name: String,
    /// Human-readable title, drawn at the top and in the SVG `<title>`.
    pub title: String,
    /// A complete standalone SVG document (valid XML, text escaped).
    pub svg: String,
    /// The PNG file's bytes (8-bit RGB).
    pub png: Vec<u8>,
    /// Width in pixels of both renderings.
    pub width: u32,
    /// Height in pixels of both renderings.
    pub height: u32,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// Nothing to draw: no systems, or no buckets.
    #[error("chart `{chart}` has no data to draw: {what}")]
    NoData {
        /// The chart's file stem.
        chart: String,
        /// What was missing, e.g. "no systems given".
        what: &'static str,
    },
    /// A system's series does not have one value per bucket.
    #[error(
        "chart `{chart}`: system `{system}` has {found} values but there are {expected} buckets"
    )]
    SeriesLength {
        /// The chart's file stem.
        chart: String,
        /// The system whose series is off.
        system: String,
        /// Number of buckets.
        expected: usize,
        /// Number of values given for this system.
        found: usize,
    },
    /// The embedded font could not be registered or read.
    #[error("chart font (DejaVu Sans) unusable: {0}")]
    Font(String),
    /// plotters failed while drawing.
    #[error("chart `{chart}`: drawing failed: {message}")]
    Drawing {
        /// The chart's file stem.
        chart: String,
        /// plotters' error message.
        message: String,
    },
    /// The PNG encoder failed.
    #[error("chart `{chart}`: PNG encoding failed: {message}")]
    Png {
        /// The chart's file stem.
        chart: String,
        /// The encoder's error message.
        message: String,
    },
}
