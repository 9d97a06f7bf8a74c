//! Chart 1: one metric's corpus score per system, a dot with its 95 % confidence interval.
//!
//! A dot plot rather than bars: BLEU scores of competing systems sit close together far from
//! zero, and bars from zero would hide exactly the differences (and interval overlaps) that
//! matter.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::render::{Plot, render};
use super::rows::RowFrame;
use super::style::{BETTER, Shape, line, marker, padded_range, tick_decimals};
use super::text::{Target, clean_name, number};
use super::{Chart, ChartError};

/// What a metric's axis says: `BLEU (0–100, higher is better)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricAxis<'a> {
    /// Display name, e.g. `BLEU`, `chrF++`, `TER`.
    pub name: &'a str,
    /// Scale or unit, e.g. `0–100`; empty for none.
    pub unit: &'a str,
    /// Whether larger scores are better (false for TER).
    pub higher_is_better: bool,
}

impl MetricAxis<'_> {
    /// The axis description: name, unit and direction.
    pub fn label(&self) -> String {
        let direction = if self.higher_is_better {
            "higher is better"
        } else {
            "lower is better"
        };
        if self.unit.is_empty() {
            format!("{} ({direction})", self.name)
        } else {
            format!("{} ({}, {direction})", self.name, self.unit)
        }
    }

    /// The metric's name as a file-name part: ASCII letters and digits lowercased, `+` as `p`
    /// (`chrF++` → `chrfpp`), everything else dropped.
    pub fn slug(&self) -> String {
        let slug: String = self
            .name
            .chars()
            .filter_map(|c| match c {
                c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
                '+' => Some('p'),
                _ => None,
            })
            .collect();
        if slug.is_empty() {
            "metric".to_string()
        } else {
            slug
        }
    }
}

/// One system's corpus score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SystemScore<'a> {
    /// System name.
    pub name: &'a str,
    /// Corpus score.
    pub score: f64,
    /// 95 % confidence interval `(low, high)`, if computed.
    pub interval: Option<(f64, f64)>,
}

/// Draws one metric's score per system (rows in the given order) with interval whiskers; the
/// score and interval are also printed at the end of each row. The chart is named
/// `scores-<metric slug>`. Fails with [`ChartError::NoData`] when `systems` is empty.
pub fn scores(metric: MetricAxis<'_>, systems: &[SystemScore<'_>]) -> Result<Chart, ChartError> {
    let name = format!("scores-{}", metric.slug());
    if systems.is_empty() {
        return Err(ChartError::NoData {
            chart: name,
            what: "no systems given",
        });
    }
    let intervals: Vec<Option<(f64, f64)>> = systems
        .iter()
        .map(|s| s.interval.and_then(finite_interval))
        .collect();
    let mut extent: Vec<f64> = systems.iter().map(|s| s.score).collect();
    extent.extend(intervals.iter().flatten().flat_map(|&(lo, hi)| [lo, hi]));
    let x_range = padded_range(&extent, 0.04, (0.0, 100.0));
    let decimals = (tick_decimals(x_range.1 - x_range.0) + 1).min(3);

    let values = systems
        .iter()
        .zip(&intervals)
        .map(|(s, ci)| match ci {
            Some((lo, hi)) => format!(
                "{} ({}–{})",
                number(s.score, decimals),
                number(*lo, decimals),
                number(*hi, decimals)
            ),
            None => number(s.score, decimals),
        })
        .collect();
    let title = if intervals.iter().any(Option::is_some) {
        format!("{} per system, with 95 % confidence intervals", metric.name)
    } else {
        format!("{} per system", metric.name)
    };
    let frame = RowFrame::new(
        &title,
        systems.iter().map(|s| clean_name(s.name)).collect(),
        values,
        x_range,
        &metric.label(),
        0,
    )?;
    let plot = ScoresPlot {
        frame,
        scores: systems.iter().map(|s| s.score).collect(),
        intervals,
    };
    render(&name, plot.frame.title(), plot.frame.size(), &plot)
}

/// `(low, high)` in order, or nothing when either end is not a number.
pub(crate) fn finite_interval((lo, hi): (f64, f64)) -> Option<(f64, f64)> {
    (lo.is_finite() && hi.is_finite()).then(|| (lo.min(hi), lo.max(hi)))
}

struct ScoresPlot {
    frame: RowFrame,
    scores: Vec<f64>,
    intervals: Vec<Option<(f64, f64)>>,
}

impl Plot for ScoresPlot {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), String> {
        let geometry = self.frame.draw(root, target)?;
        for (i, (&score, ci)) in self.scores.iter().zip(&self.intervals).enumerate() {
            let y = geometry.y(i);
            if let Some((lo, hi)) = ci {
                whisker(root, geometry.x(*lo), geometry.x(*hi), y, BETTER)?;
            }
            if score.is_finite() {
                marker(root, Shape::Circle, (geometry.x(score), y), 6, BETTER, true)?;
            }
        }
        Ok(())
    }
}

/// A horizontal interval line with end caps.
pub(crate) fn whisker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    x0: i32,
    x1: i32,
    y: i32,
    color: RGBColor,
) -> Result<(), String> {
    let style = color.stroke_width(2);
    line(root, (x0, y), (x1, y), style)?;
    line(root, (x0, y - 6), (x0, y + 6), style)?;
    line(root, (x1, y - 6), (x1, y + 6), style)
}
