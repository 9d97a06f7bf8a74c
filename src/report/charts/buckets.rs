//! The line chart shared by the bucket breakdowns (score by sentence length, word F-measure by
//! word frequency): buckets along x, one line per system.
//!
//! Lines, not grouped bars: with up to 15 systems × 9 buckets, bars become slivers, while lines
//! keep each system's trend readable. Series differ by colour, marker shape and (after the
//! first seven) dashing, and the legend sits in columns below the plot, so it never covers
//! data and the plot keeps the full width for bucket labels.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::render::{Plot, drawing};
use super::scores::MetricAxis;
use super::style::{
    GRID, LABEL_SIZE, MARGIN, MUTED, PALETTE, SHAPES, Shape, TICK_SIZE, TITLE_BAND, TITLE_SIZE,
    WIDTH, anchored, font, marker, padded_range, polyline, text, tick_decimals, title,
};
use super::text::{Target, clean_name, fit_width, max_width, number};
use super::{Chart, ChartError};

/// One bucket on the x axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket<'a> {
    /// Label, e.g. `<10`, `[10,20)`.
    pub label: &'a str,
    /// How many segments (or words) fall in it, printed under the label as `n = …`.
    pub count: Option<usize>,
}

/// One system's values, one per bucket; a non-finite value (NaN for an empty bucket) leaves a
/// gap in the line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BucketSeries<'a> {
    /// System name.
    pub name: &'a str,
    /// One value per bucket, in bucket order.
    pub values: &'a [f64],
}

/// Seven colours per round: Okabe–Ito yellow is too faint for thin lines on white.
const LINE_COLOURS: usize = 7;
const LEGEND_ROW: u32 = 24;
const X_AXIS_BAND: u32 = 74;
const Y_AXIS_BAND: u32 = 78;
const PLOT_HEIGHT: u32 = 320;
const MAX_LEGEND_NAME: f64 = 260.0;
/// Legend sample (line + marker) and the gaps around it.
const LEGEND_SAMPLE: u32 = 36;

/// What a bucket chart shows, besides the data.
pub(crate) struct BucketText<'a> {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) x_desc: String,
    pub(crate) metric: MetricAxis<'a>,
}

/// Validates, measures and renders a bucket chart.
pub(crate) fn bucket_chart(
    labels: BucketText<'_>,
    buckets: &[Bucket<'_>],
    systems: &[BucketSeries<'_>],
) -> Result<Chart, ChartError> {
    if buckets.is_empty() {
        return Err(ChartError::NoData {
            chart: labels.name,
            what: "no buckets given",
        });
    }
    if systems.is_empty() {
        return Err(ChartError::NoData {
            chart: labels.name,
            what: "no systems given",
        });
    }
    if let Some(bad) = systems.iter().find(|s| s.values.len() != buckets.len()) {
        return Err(ChartError::SeriesLength {
            chart: labels.name,
            system: bad.name.to_string(),
            expected: buckets.len(),
            found: bad.values.len(),
        });
    }

    let names = systems
        .iter()
        .map(|s| fit_width(&clean_name(s.name), LABEL_SIZE, MAX_LEGEND_NAME))
        .collect::<Result<Vec<_>, _>>()?;
    // Legend in columns, filled top to bottom, as many columns as the widest name allows.
    let column_width =
        max_width(names.iter().map(String::as_str), LABEL_SIZE)?.ceil() as u32 + LEGEND_SAMPLE + 24;
    let columns = ((WIDTH - 2 * MARGIN) / column_width).clamp(1, systems.len() as u32);
    let legend_rows = (systems.len() as u32).div_ceil(columns);
    let legend_height = legend_rows * LEGEND_ROW + 16;
    let height = TITLE_BAND + 12 + PLOT_HEIGHT + X_AXIS_BAND + legend_height + 8;

    let values: Vec<f64> = systems
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .collect();
    let y_range = padded_range(&values, 0.06, (0.0, 100.0));

    // Each label gets one bucket's width. Counts drop their `n = ` when that does not fit in
    // every bucket (the axis description still says what the numbers are); only what still
    // does not fit is cut.
    let bucket_width = f64::from(WIDTH - 2 * MARGIN - Y_AXIS_BAND) / buckets.len() as f64 - 12.0;
    let bucket_labels = buckets
        .iter()
        .map(|b| fit_width(&clean_name(b.label), TICK_SIZE, bucket_width))
        .collect::<Result<Vec<_>, _>>()?;
    let long_counts: Vec<String> = buckets
        .iter()
        .map(|b| b.count.map(|n| format!("n = {n}")).unwrap_or_default())
        .collect();
    let counts = if max_width(long_counts.iter().map(String::as_str), TICK_SIZE)? <= bucket_width {
        long_counts
    } else {
        buckets
            .iter()
            .map(|b| match b.count {
                Some(n) => fit_width(&n.to_string(), TICK_SIZE, bucket_width),
                None => Ok(String::new()),
            })
            .collect::<Result<Vec<_>, _>>()?
    };

    let plot = BucketPlot {
        title: fit_width(&labels.title, TITLE_SIZE, f64::from(WIDTH - 2 * MARGIN))?,
        x_desc: labels.x_desc,
        y_desc: labels.metric.label(),
        y_range,
        bucket_labels,
        counts,
        names,
        series: systems.iter().map(|s| s.values.to_vec()).collect(),
        legend_height,
        column_width,
        legend_rows,
    };
    super::render::render(&labels.name, &labels.title, (WIDTH, height), &plot)
}

struct BucketPlot {
    title: String,
    x_desc: String,
    y_desc: String,
    y_range: (f64, f64),
    bucket_labels: Vec<String>,
    counts: Vec<String>,
    names: Vec<String>,
    series: Vec<Vec<f64>>,
    legend_height: u32,
    column_width: u32,
    legend_rows: u32,
}

/// Colour, shape and dashing of series `i`: every pair is distinct for 35 series.
fn look(i: usize) -> (RGBColor, Shape, bool) {
    (
        PALETTE[i % LINE_COLOURS],
        SHAPES[i % SHAPES.len()],
        (i / LINE_COLOURS) % 2 == 1,
    )
}

impl Plot for BucketPlot {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), String> {
        title(root, &target.label(&self.title))?;
        let m = self.bucket_labels.len();
        let (lo, hi) = self.y_range;
        let decimals = tick_decimals(hi - lo);
        let formatter = |v: &f64| number(*v, decimals);

        let mut chart = ChartBuilder::on(root)
            .margin_top(TITLE_BAND + 12)
            .margin_left(MARGIN)
            .margin_right(MARGIN)
            .margin_bottom(8 + self.legend_height)
            .x_label_area_size(X_AXIS_BAND)
            .y_label_area_size(Y_AXIS_BAND)
            .build_cartesian_2d(0f64..m as f64, lo..hi)
            .map_err(drawing)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(8)
            .y_label_formatter(&formatter)
            .y_desc(target.label(&self.y_desc))
            .x_desc(target.label(&self.x_desc))
            .label_style(font(TICK_SIZE))
            .axis_desc_style(font(LABEL_SIZE))
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .draw()
            .map_err(drawing)?;

        let bottom = chart.backend_coord(&(0.0, lo)).1;
        let x_of = |j: usize| chart.backend_coord(&(j as f64 + 0.5, lo)).0;

        // Bucket labels and counts under the axis, in place of numeric ticks.
        let label_style = anchored(TICK_SIZE, HPos::Center, VPos::Top);
        let count_style = label_style.color(&MUTED);
        for (j, (label, count)) in self.bucket_labels.iter().zip(&self.counts).enumerate() {
            let x = x_of(j);
            super::style::line(root, (x, bottom), (x, bottom + 5), MUTED.stroke_width(1))?;
            text(root, &target.label(label), (x, bottom + 8), &label_style)?;
            text(root, count, (x, bottom + 28), &count_style)?;
        }

        for (i, values) in self.series.iter().enumerate() {
            let (color, _, dashed) = look(i);
            let style = color.stroke_width(2);
            let mut run: Vec<(i32, i32)> = Vec::new();
            for (j, &v) in values.iter().enumerate() {
                if v.is_finite() {
                    // Clamped: an absurd value would otherwise give a line to a pixel billions
                    // away, which the bitmap backend walks one pixel at a time.
                    run.push(chart.backend_coord(&(j as f64 + 0.5, v.clamp(lo, hi))));
                } else {
                    polyline(root, &run, style, dashed)?;
                    run.clear();
                }
            }
            polyline(root, &run, style, dashed)?;
        }
        // Markers after all lines, so no line crosses over a marker.
        for (i, values) in self.series.iter().enumerate() {
            let (color, shape, _) = look(i);
            for (j, &v) in values.iter().enumerate() {
                if v.is_finite() {
                    let at = chart.backend_coord(&(j as f64 + 0.5, v.clamp(lo, hi)));
                    marker(root, shape, at, 5, color, true)?;
                }
            }
        }

        let legend_top = bottom + X_AXIS_BAND as i32 + 12;
        let name_style = anchored(LABEL_SIZE, HPos::Left, VPos::Center);
        for (i, name) in self.names.iter().enumerate() {
            let (color, shape, dashed) = look(i);
            let column = i as u32 / self.legend_rows;
            let row = i as u32 % self.legend_rows;
            let x = (MARGIN + column * self.column_width) as i32;
            let y = legend_top + (row * LEGEND_ROW + LEGEND_ROW / 2) as i32;
            polyline(root, &[(x, y), (x + 28, y)], color.stroke_width(2), dashed)?;
            marker(root, shape, (x + 14, y), 5, color, true)?;
            text(
                root,
                &target.label(name),
                (x + LEGEND_SAMPLE as i32, y),
                &name_style,
            )?;
        }
        Ok(())
    }
}
