//! The frame shared by the one-row-per-system charts (scores, delta, error rates, sentence
//! distribution): title, optional legend band, system names on the left, a numeric x axis,
//! and each row's value printed on the right so nothing depends on colour or on reading the
//! axis.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::render::drawing;
use super::style::{
    GRID, LABEL_SIZE, MARGIN, MUTED, STRIPE, TICK_SIZE, TITLE_BAND, TITLE_SIZE, WIDTH, anchored,
    font, text, tick_decimals, title,
};
use super::text::{Target, fit_width, max_width, number};

/// Height of one system's row in pixels.
pub(crate) const ROW_HEIGHT: u32 = 28;
/// Below the plot: tick labels and the axis description.
const X_AXIS_BAND: u32 = 58;
/// Widest the name column may grow, so the plot keeps at least half the width.
const MAX_NAME_COLUMN: f64 = 300.0;

/// Layout of a row chart, measured before drawing so both backends get the same geometry.
pub(crate) struct RowFrame {
    title: String,
    drawn_title: String,
    names: Vec<String>,
    values: Vec<String>,
    x_range: (f64, f64),
    x_desc: String,
    legend_height: u32,
    name_width: u32,
    value_width: u32,
}

/// Where things are, in pixels, once the frame is drawn.
pub(crate) struct RowGeometry {
    x_range: (f64, f64),
    left: i32,
    right: i32,
    top: i32,
}

impl RowGeometry {
    /// Pixel column of data value `v` (clamped to the plot, so out-of-range whiskers stop at
    /// the edge instead of spilling over the names).
    pub(crate) fn x(&self, v: f64) -> i32 {
        let (lo, hi) = self.x_range;
        let t = ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
        self.left + (t * f64::from(self.right - self.left)).round() as i32
    }

    /// Pixel row of the centre of row `i` (0 at the top).
    pub(crate) fn y(&self, i: usize) -> i32 {
        self.top + (i as i32) * ROW_HEIGHT as i32 + ROW_HEIGHT as i32 / 2
    }
}

impl RowFrame {
    /// Measures the name and value columns. `names` must already be cleaned; `values` is the
    /// text printed right of each row.
    pub(crate) fn new(
        title: &str,
        names: Vec<String>,
        values: Vec<String>,
        x_range: (f64, f64),
        x_desc: &str,
        legend_height: u32,
    ) -> Result<Self, ChartError> {
        let names = names
            .iter()
            .map(|n| fit_width(n, LABEL_SIZE, MAX_NAME_COLUMN))
            .collect::<Result<Vec<_>, _>>()?;
        let name_width = max_width(names.iter().map(String::as_str), LABEL_SIZE)?.max(40.0) + 14.0;
        let value_width =
            max_width(values.iter().map(String::as_str), LABEL_SIZE)?.max(20.0) + 14.0;
        let drawn_title = fit_width(title, TITLE_SIZE, f64::from(WIDTH - 2 * MARGIN))?;
        let title = title.to_string();
        let x_desc = fit_width(x_desc, LABEL_SIZE, f64::from(WIDTH) * 0.8)?;
        Ok(RowFrame {
            title,
            drawn_title,
            names,
            values,
            x_range,
            x_desc,
            legend_height,
            name_width: name_width.ceil() as u32,
            value_width: value_width.ceil() as u32,
        })
    }

    /// The chart's full title (the drawn one may be cut to the width).
    pub(crate) fn title(&self) -> &str {
        &self.title
    }

    fn top(&self) -> u32 {
        TITLE_BAND + self.legend_height + 8
    }

    /// Total height: grows by [`ROW_HEIGHT`] per system.
    pub(crate) fn size(&self) -> (u32, u32) {
        let rows = self.names.len().max(1) as u32;
        (WIDTH, self.top() + rows * ROW_HEIGHT + X_AXIS_BAND + 8)
    }

    /// Top of the legend band (just under the title).
    pub(crate) fn legend_top(&self) -> i32 {
        TITLE_BAND as i32
    }

    /// Draws title, row stripes, grid, axis, names and values; returns the geometry for the
    /// chart's own marks.
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<RowGeometry, String> {
        title(root, &target.label(&self.drawn_title))?;
        let rows = self.names.len().max(1);
        let (lo, hi) = self.x_range;
        let decimals = tick_decimals(hi - lo);
        let formatter = |v: &f64| number(*v, decimals);
        let x_desc = target.label(&self.x_desc);

        let mut chart = ChartBuilder::on(root)
            .margin_top(self.top())
            .margin_left(MARGIN)
            .margin_right(MARGIN)
            .margin_bottom(8)
            .x_label_area_size(X_AXIS_BAND)
            .y_label_area_size(self.name_width)
            .right_y_label_area_size(self.value_width)
            .build_cartesian_2d(lo..hi, 0f64..rows as f64)
            .map_err(drawing)?;

        let top_left = chart.backend_coord(&(lo, rows as f64));
        let bottom_right = chart.backend_coord(&(hi, 0.0));
        let geometry = RowGeometry {
            x_range: (lo, hi),
            left: top_left.0,
            right: bottom_right.0,
            top: top_left.1,
        };

        for i in (1..self.names.len()).step_by(2) {
            let y = geometry.y(i);
            let half = ROW_HEIGHT as i32 / 2;
            root.draw(&Rectangle::new(
                [(geometry.left, y - half), (geometry.right, y + half)],
                STRIPE.filled(),
            ))
            .map_err(drawing)?;
        }

        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(8)
            .x_label_formatter(&formatter)
            .x_desc(x_desc)
            .label_style(font(TICK_SIZE))
            .axis_desc_style(font(LABEL_SIZE))
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .draw()
            .map_err(drawing)?;

        let name_style = anchored(LABEL_SIZE, HPos::Right, VPos::Center);
        let value_style = anchored(LABEL_SIZE, HPos::Left, VPos::Center);
        for (i, (name, value)) in self.names.iter().zip(&self.values).enumerate() {
            let y = geometry.y(i);
            text(
                root,
                &target.label(name),
                (geometry.left - 8, y),
                &name_style,
            )?;
            text(
                root,
                &target.label(value),
                (geometry.right + 8, y),
                &value_style,
            )?;
        }
        Ok(geometry)
    }
}
