//! Chart 3: Hjerson error-category rates per system as stacked bars.
//!
//! The legend runs left to right in stacking order, each segment wide enough for it carries
//! its rate as text, and the total is printed at the row's end, so the colours are a help,
//! not the only key.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::render::{Plot, render};
use super::rows::{ROW_HEIGHT, RowFrame};
use super::style::{LABEL_SIZE, MARGIN, PALETTE, TICK_SIZE, anchored, text, text_on};
use super::text::{Target, clean_name, max_width, number, text_width};
use super::{Chart, ChartError};

/// Hjerson's error categories, in the order of [`ErrorRates::rates`] and of the stacking.
pub const ERROR_CATEGORIES: [&str; 5] = ["missing", "extra", "lexical", "reordering", "inflection"];

/// One system's error rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorRates<'a> {
    /// System name.
    pub name: &'a str,
    /// Rates in percent of words, in [`ERROR_CATEGORIES`] order. Negative and non-finite
    /// rates are drawn as zero (and the total printed as `n/a` if any is non-finite).
    pub rates: [f64; 5],
}

const LEGEND_HEIGHT: u32 = 26;
const BAR_HEIGHT: i32 = 18;

/// Draws stacked error-rate bars, one row per system in the given order. Named
/// `error-rates`. Fails with [`ChartError::NoData`] when `systems` is empty.
pub fn error_rates(systems: &[ErrorRates<'_>]) -> Result<Chart, ChartError> {
    let name = "error-rates";
    if systems.is_empty() {
        return Err(ChartError::NoData {
            chart: name.to_string(),
            what: "no systems given",
        });
    }
    let rates: Vec<[f64; 5]> = systems
        .iter()
        // The cap keeps the sum and the axis finite whatever the input.
        .map(|s| {
            s.rates.map(|r| {
                if r.is_finite() {
                    r.clamp(0.0, 1e15)
                } else {
                    0.0
                }
            })
        })
        .collect();
    let max_total = rates
        .iter()
        .map(|r| r.iter().sum::<f64>())
        .fold(0.0, f64::max);
    let x_range = (
        0.0,
        if max_total > 0.0 {
            max_total * 1.04
        } else {
            1.0
        },
    );
    let values = systems
        .iter()
        .map(|s| {
            let total: f64 = s.rates.iter().sum();
            format!("{} %", number(total, 1))
        })
        .collect();
    let frame = RowFrame::new(
        "Word error rates by category (Hjerson)",
        systems.iter().map(|s| clean_name(s.name)).collect(),
        values,
        x_range,
        "error rate (% of words), stacked by category",
        LEGEND_HEIGHT,
    )?;

    let mut legend = Vec::new();
    let mut x = MARGIN as i32;
    for category in ERROR_CATEGORIES {
        legend.push(x);
        x += 22 + max_width([category], LABEL_SIZE)?.ceil() as i32 + 24;
    }
    // Segment labels: measured here so both backends decide identically what fits.
    let labels = rates
        .iter()
        .map(|row| {
            row.iter()
                .map(|&r| {
                    let s = number(r, 1);
                    let w = text_width(&s, TICK_SIZE)?.ceil() as i32;
                    Ok((s, w))
                })
                .collect::<Result<Vec<_>, ChartError>>()
        })
        .collect::<Result<Vec<_>, ChartError>>()?;
    let plot = ErrorPlot {
        frame,
        rates,
        labels,
        legend,
    };
    render(name, plot.frame.title(), plot.frame.size(), &plot)
}

struct ErrorPlot {
    frame: RowFrame,
    rates: Vec<[f64; 5]>,
    labels: Vec<Vec<(String, i32)>>,
    legend: Vec<i32>,
}

impl Plot for ErrorPlot {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), String> {
        let geometry = self.frame.draw(root, target)?;
        let legend_y = self.frame.legend_top() + LEGEND_HEIGHT as i32 / 2;
        let legend_style = anchored(LABEL_SIZE, HPos::Left, VPos::Center);
        for (k, (category, &x)) in ERROR_CATEGORIES.iter().zip(&self.legend).enumerate() {
            root.draw(&Rectangle::new(
                [(x, legend_y - 7), (x + 14, legend_y + 7)],
                PALETTE[k].filled(),
            ))
            .map_err(super::render::drawing)?;
            text(root, category, (x + 22, legend_y), &legend_style)?;
        }

        debug_assert!(ROW_HEIGHT as i32 > BAR_HEIGHT);
        for (i, (row, labels)) in self.rates.iter().zip(&self.labels).enumerate() {
            let y = geometry.y(i);
            let mut start = 0.0;
            for (k, (&rate, (label, label_width))) in row.iter().zip(labels).enumerate() {
                if rate <= 0.0 {
                    continue;
                }
                let x0 = geometry.x(start);
                let x1 = geometry.x(start + rate);
                start += rate;
                let color = PALETTE[k];
                root.draw(&Rectangle::new(
                    [(x0, y - BAR_HEIGHT / 2), (x1, y + BAR_HEIGHT / 2)],
                    color.filled(),
                ))
                .map_err(super::render::drawing)?;
                // A white seam between segments, so neighbours never blend.
                root.draw(&Rectangle::new(
                    [(x1 - 1, y - BAR_HEIGHT / 2), (x1, y + BAR_HEIGHT / 2)],
                    WHITE.filled(),
                ))
                .map_err(super::render::drawing)?;
                if x1 - x0 >= label_width + 8 {
                    let ink = text_on(color);
                    let style = anchored(TICK_SIZE, HPos::Center, VPos::Center).color(&ink);
                    text(root, label, ((x0 + x1) / 2, y), &style)?;
                }
            }
        }
        Ok(())
    }
}
