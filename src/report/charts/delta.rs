//! Chart 2: each system's difference from the baseline, with its interval and whether the
//! paired test found it significant.
//!
//! Significance is shown three ways at once, so no single channel carries it: marker fill
//! (filled = p < 0.05, hollow = not significant), marker shape and colour (▲ blue better,
//! ▼ vermillion worse, ○ grey not significant), and text (`*` and the p-value at the row's end).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::render::{Plot, render};
use super::rows::RowFrame;
use super::scores::{MetricAxis, finite_interval, whisker};
use super::style::{
    BETTER, INK, LABEL_SIZE, MUTED, Shape, WORSE, anchored, line, marker, padded_range, text,
    tick_decimals,
};
use super::text::{Target, clean_name, max_width, signed};
use super::{Chart, ChartError};

/// p-values below this are marked significant.
pub const SIGNIFICANCE_LEVEL: f64 = 0.05;

/// One system compared with the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeltaRow<'a> {
    /// System name.
    pub name: &'a str,
    /// Score minus the baseline's score, in the metric's units.
    pub delta: f64,
    /// 95 % confidence interval of the difference `(low, high)`, if computed.
    pub interval: Option<(f64, f64)>,
    /// Paired-test p-value, if a test was run.
    pub p_value: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Better,
    Worse,
    NotSignificant,
    /// No p-value: drawn like "not significant" but without claiming a test was run.
    Untested,
}

impl Verdict {
    fn of(row: &DeltaRow<'_>, higher_is_better: bool) -> Self {
        match row.p_value {
            Some(p) if p.is_finite() && p < SIGNIFICANCE_LEVEL && row.delta.is_finite() => {
                let improved = if higher_is_better {
                    row.delta > 0.0
                } else {
                    row.delta < 0.0
                };
                if improved {
                    Verdict::Better
                } else {
                    Verdict::Worse
                }
            }
            Some(_) => Verdict::NotSignificant,
            None => Verdict::Untested,
        }
    }

    fn look(self) -> (Shape, RGBColor, bool) {
        match self {
            Verdict::Better => (Shape::TriangleUp, BETTER, true),
            Verdict::Worse => (Shape::TriangleDown, WORSE, true),
            Verdict::NotSignificant | Verdict::Untested => (Shape::Circle, MUTED, false),
        }
    }
}

/// Draws each system's Δ from `baseline` (rows in the given order) with a zero line, interval
/// whiskers and significance marks (p < [`SIGNIFICANCE_LEVEL`]). Named `delta-<metric slug>`.
/// Fails with [`ChartError::NoData`] when `rows` is empty.
pub fn delta(
    metric: MetricAxis<'_>,
    baseline: &str,
    rows: &[DeltaRow<'_>],
) -> Result<Chart, ChartError> {
    let name = format!("delta-{}", metric.slug());
    if rows.is_empty() {
        return Err(ChartError::NoData {
            chart: name,
            what: "no systems to compare with the baseline",
        });
    }
    let baseline = clean_name(baseline);
    let intervals: Vec<Option<(f64, f64)>> = rows
        .iter()
        .map(|r| r.interval.and_then(finite_interval))
        .collect();
    let mut extent: Vec<f64> = rows.iter().map(|r| r.delta).collect();
    extent.extend(intervals.iter().flatten().flat_map(|&(lo, hi)| [lo, hi]));
    // The zero line is the point of the chart: always in view.
    extent.push(0.0);
    let x_range = padded_range(&extent, 0.08, (-1.0, 1.0));
    let decimals = (tick_decimals(x_range.1 - x_range.0) + 1).min(3);

    let verdicts: Vec<Verdict> = rows
        .iter()
        .map(|r| Verdict::of(r, metric.higher_is_better))
        .collect();
    let values = rows
        .iter()
        .zip(&verdicts)
        .map(|(r, verdict)| {
            let mut s = signed(r.delta, decimals);
            if let Some(p) = r.p_value {
                s.push_str(&format!(" · {}", p_text(p)));
            }
            if matches!(verdict, Verdict::Better | Verdict::Worse) {
                s.push_str(" *");
            }
            s
        })
        .collect();

    let direction = if metric.higher_is_better {
        "higher is better"
    } else {
        "lower is better"
    };
    let frame = RowFrame::new(
        &format!("{} difference from the baseline “{baseline}”", metric.name),
        rows.iter().map(|r| clean_name(r.name)).collect(),
        values,
        x_range,
        &format!("Δ {} vs “{baseline}” ({direction})", metric.name),
        LEGEND_HEIGHT,
    )?;
    let legend = legend_entries(rows.iter().any(|r| r.p_value.is_some()))?;
    let plot = DeltaPlot {
        frame,
        deltas: rows.iter().map(|r| r.delta).collect(),
        intervals,
        verdicts,
        legend,
    };
    render(&name, plot.frame.title(), plot.frame.size(), &plot)
}

const LEGEND_HEIGHT: u32 = 26;

/// `p = 0.012`, `p < 0.001`, or `p n/a`.
fn p_text(p: f64) -> String {
    if !p.is_finite() {
        "p n/a".to_string()
    } else if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

/// Legend entries with their x offsets, measured once.
fn legend_entries(tested: bool) -> Result<Vec<(Verdict, String, i32)>, ChartError> {
    let mut entries = vec![
        (Verdict::Better, "better, p < 0.05 (*)".to_string()),
        (Verdict::Worse, "worse, p < 0.05 (*)".to_string()),
        (
            if tested {
                Verdict::NotSignificant
            } else {
                Verdict::Untested
            },
            if tested {
                "not significant".to_string()
            } else {
                "no significance test".to_string()
            },
        ),
    ];
    if !tested {
        entries.drain(..2);
    }
    let mut x = super::style::MARGIN as i32;
    let mut out = Vec::new();
    for (verdict, label) in entries {
        let width = max_width([label.as_str()], LABEL_SIZE)?.ceil() as i32;
        out.push((verdict, label, x));
        x += 22 + width + 24;
    }
    Ok(out)
}

struct DeltaPlot {
    frame: RowFrame,
    deltas: Vec<f64>,
    intervals: Vec<Option<(f64, f64)>>,
    verdicts: Vec<Verdict>,
    legend: Vec<(Verdict, String, i32)>,
}

impl Plot for DeltaPlot {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), String> {
        let geometry = self.frame.draw(root, target)?;

        let legend_y = self.frame.legend_top() + LEGEND_HEIGHT as i32 / 2;
        let legend_style = anchored(LABEL_SIZE, HPos::Left, VPos::Center);
        for (verdict, label, x) in &self.legend {
            let (shape, color, filled) = verdict.look();
            marker(root, shape, (x + 7, legend_y), 7, color, filled)?;
            text(root, label, (x + 22, legend_y), &legend_style)?;
        }

        let zero = geometry.x(0.0);
        let first = geometry.y(0) - 14;
        let last = geometry.y(self.deltas.len().saturating_sub(1)) + 14;
        line(root, (zero, first), (zero, last), INK.stroke_width(2))?;

        for (i, ((&d, ci), verdict)) in self
            .deltas
            .iter()
            .zip(&self.intervals)
            .zip(&self.verdicts)
            .enumerate()
        {
            let y = geometry.y(i);
            let (shape, color, filled) = verdict.look();
            if let Some((lo, hi)) = ci {
                whisker(root, geometry.x(*lo), geometry.x(*hi), y, color)?;
            }
            if d.is_finite() {
                marker(root, shape, (geometry.x(d), y), 7, color, filled)?;
            }
        }
        Ok(())
    }
}
