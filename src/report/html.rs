//! Placeholder until the HTML renderer lands (same API).

use crate::report::model::ReportModel;

/// A chart to inline.
#[derive(Debug, Clone)]
pub struct ChartSvg {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// The SVG element.
    pub svg: String,
    /// Relative link to the PNG.
    pub png_path: String,
}

/// Render the page.
pub fn render(model: &ReportModel, charts: &[ChartSvg]) -> String {
    let mut s = format!(
        "<!doctype html><html lang=\"en\"><title>{}</title>",
        model.schema
    );
    for c in charts {
        s.push_str(&c.svg);
    }
    s
}
