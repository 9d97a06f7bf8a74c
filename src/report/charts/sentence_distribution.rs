//! Chart 6: the distribution of sentence-level scores per system, as horizontal box plots.
//!
//! Box = quartiles (linear interpolation, numpy's default), thick line = median, whiskers =
//! the furthest scores within 1.5 × IQR of the box (Tukey), small circles = scores beyond.
//! The median and the number of scored sentences are printed at the row's end.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::render::{Plot, drawing, render};
use super::rows::RowFrame;
use super::scores::MetricAxis;
use super::style::{
    INK, MUTED, PALETTE, TICK_SIZE, anchored, line, padded_range, text, tick_decimals,
};
use super::text::{Target, clean_name, number};
use super::{Chart, ChartError};

/// One system's sentence-level scores (non-finite ones are left out).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceScores<'a> {
    /// System name.
    pub name: &'a str,
    /// One score per segment.
    pub scores: &'a [f64],
}

/// Box-plot statistics of one system.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    q1: f64,
    median: f64,
    q3: f64,
    low_whisker: f64,
    high_whisker: f64,
    outliers: Vec<f64>,
    count: usize,
}

const LEGEND_HEIGHT: u32 = 24;
const BOX_HEIGHT: i32 = 16;

/// Draws one box plot per system (rows in the given order) of its sentence scores. Named
/// `sentence-distribution-<metric slug>`. Fails with [`ChartError::NoData`] when `systems` is
/// empty; a system without finite scores gets an empty row marked `no scores`.
pub fn sentence_distribution(
    metric: MetricAxis<'_>,
    systems: &[SentenceScores<'_>],
) -> Result<Chart, ChartError> {
    let name = format!("sentence-distribution-{}", metric.slug());
    if systems.is_empty() {
        return Err(ChartError::NoData {
            chart: name,
            what: "no systems given",
        });
    }
    let summaries: Vec<Option<Summary>> = systems.iter().map(|s| summarize(s.scores)).collect();
    let extent: Vec<f64> = summaries
        .iter()
        .flatten()
        .flat_map(|s| {
            let (lo, hi) = s
                .outliers
                .iter()
                .fold((s.low_whisker, s.high_whisker), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                });
            [lo, hi]
        })
        .collect();
    let x_range = padded_range(&extent, 0.03, (0.0, 100.0));
    let decimals = (tick_decimals(x_range.1 - x_range.0) + 1).min(3);
    let values = summaries
        .iter()
        .map(|s| match s {
            Some(s) => format!("median {} · n = {}", number(s.median, decimals), s.count),
            None => "no scores".to_string(),
        })
        .collect();
    let frame = RowFrame::new(
        &format!("Distribution of sentence-level {} per system", metric.name),
        systems.iter().map(|s| clean_name(s.name)).collect(),
        values,
        x_range,
        &format!("sentence {}", metric.label()),
        LEGEND_HEIGHT,
    )?;
    let plot = DistributionPlot { frame, summaries };
    render(&name, plot.frame.title(), plot.frame.size(), &plot)
}

/// Quantile `q` of sorted `v` by linear interpolation (numpy's default method).
fn quantile(v: &[f64], q: f64) -> f64 {
    let pos = q * (v.len() - 1) as f64;
    let below = pos.floor() as usize;
    let above = pos.ceil() as usize;
    v[below] + (v[above] - v[below]) * (pos - below as f64)
}

fn summarize(scores: &[f64]) -> Option<Summary> {
    let mut v: Vec<f64> = scores.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let (q1, median, q3) = (quantile(&v, 0.25), quantile(&v, 0.5), quantile(&v, 0.75));
    let reach = 1.5 * (q3 - q1);
    let inside = |x: &&f64| **x >= q1 - reach && **x <= q3 + reach;
    let low_whisker = v.iter().find(inside).copied().unwrap_or(q1);
    let high_whisker = v.iter().rev().find(inside).copied().unwrap_or(q3);
    let mut outliers: Vec<f64> = v
        .iter()
        .copied()
        .filter(|x| *x < low_whisker || *x > high_whisker)
        .collect();
    // Thousands of segments can be outliers; equal values draw the same circle, so keep one.
    outliers.dedup();
    Some(Summary {
        q1,
        median,
        q3,
        low_whisker,
        high_whisker,
        outliers,
        count: v.len(),
    })
}

struct DistributionPlot {
    frame: RowFrame,
    summaries: Vec<Option<Summary>>,
}

impl Plot for DistributionPlot {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), String> {
        let geometry = self.frame.draw(root, target)?;
        let legend_style = anchored(TICK_SIZE, HPos::Left, VPos::Center).color(&MUTED);
        text(
            root,
            // Separators, not runs of spaces: SVG collapses whitespace.
            "box: middle 50 % · thick line: median · whiskers: 1.5 × IQR · circles: outliers",
            (
                super::style::MARGIN as i32,
                self.frame.legend_top() + LEGEND_HEIGHT as i32 / 2,
            ),
            &legend_style,
        )?;

        let fill = PALETTE[4];
        for (i, summary) in self.summaries.iter().enumerate() {
            let Some(s) = summary else { continue };
            let y = geometry.y(i);
            let (b0, b1) = (geometry.x(s.q1), geometry.x(s.q3));
            let (w0, w1) = (geometry.x(s.low_whisker), geometry.x(s.high_whisker));
            let thin = INK.stroke_width(1);
            // Outliers are deduplicated by pixel: identical circles add bytes, not information.
            let mut last_px = None;
            for &o in &s.outliers {
                let px = geometry.x(o);
                if last_px != Some(px) {
                    root.draw(&Circle::new((px, y), 3, MUTED.stroke_width(1)))
                        .map_err(drawing)?;
                    last_px = Some(px);
                }
            }
            line(root, (w0, y), (b0, y), thin)?;
            line(root, (b1, y), (w1, y), thin)?;
            line(root, (w0, y - 5), (w0, y + 5), thin)?;
            line(root, (w1, y - 5), (w1, y + 5), thin)?;
            root.draw(&Rectangle::new(
                [(b0, y - BOX_HEIGHT / 2), (b1, y + BOX_HEIGHT / 2)],
                fill.filled(),
            ))
            .map_err(drawing)?;
            root.draw(&Rectangle::new(
                [(b0, y - BOX_HEIGHT / 2), (b1, y + BOX_HEIGHT / 2)],
                thin,
            ))
            .map_err(drawing)?;
            let m = geometry.x(s.median);
            line(
                root,
                (m, y - BOX_HEIGHT / 2 - 2),
                (m, y + BOX_HEIGHT / 2 + 2),
                INK.stroke_width(3),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_match_numpy_linear_interpolation() {
        // numpy.percentile([1, 2, 3, 4, 10], [25, 50, 75]) == [2, 3, 4]; 10 is beyond 4 + 1.5 × 2.
        let s = summarize(&[10.0, 1.0, f64::NAN, 3.0, 2.0, 4.0]).expect("finite scores");
        assert_eq!((s.q1, s.median, s.q3), (2.0, 3.0, 4.0));
        assert_eq!((s.low_whisker, s.high_whisker), (1.0, 4.0));
        assert_eq!(s.outliers, vec![10.0]);
        assert_eq!(s.count, 5);
    }

    #[test]
    fn no_finite_scores_have_no_summary() {
        assert!(summarize(&[f64::NAN, f64::INFINITY]).is_none());
        assert!(summarize(&[]).is_none());
    }
}
