//! sacreBLEU's `-d/--detail` table (`utils.print_subset_results`): one line per row (original
//! language, subset) and metric, the label padded to the longest plus one, the segment count
//! padded to 6, the metric's name to the longest:
//!
//! ```text
//! origlang=de domain=ALL      : sentences=90     BLEU  = 68.6
//! origlang=de domain=ALL      : sentences=90     chrF2 = 80.3
//! ```
//!
//! The groups' scores are computed before ([`crate::report::json::ScoreJson::groups`], from
//! summed statistics rows); this only formats them. sacreBLEU prints the table for a single
//! system; with several, every label starts with `system=NAME`.

use std::fmt::Write;

use indexmap::IndexMap;

use super::json::GroupJson;
use super::terminal::sanitize;
use crate::evaluation::Evaluation;

/// What sacreBLEU prints when the test set has no original languages.
pub const NO_SUBSETS: &str = "No subset information found. Consider using --origlang argument.\n";

/// The table; `rows` maps each label to its group, scored for every metric of `e` by key.
pub fn render(e: &Evaluation, rows: &IndexMap<String, GroupJson>, width: usize) -> String {
    if rows.is_empty() {
        return NO_SUBSETS.to_owned();
    }
    let many = e.systems.len() > 1;
    let label = |s: usize, row: &str| {
        let row = sanitize(row);
        if many {
            format!("system={} {row}", sanitize(&e.systems[s].name))
        } else {
            row.into_owned()
        }
    };
    let label_width = (0..e.systems.len())
        .flat_map(|s| rows.keys().map(move |r| (s, r)))
        .map(|(s, r)| label(s, r).chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    let name_width = e
        .metrics
        .iter()
        .map(|m| m.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for s in 0..e.systems.len() {
        for (row, group) in rows {
            let l = label(s, row);
            for m in &e.metrics {
                let score = group.scores.get(&m.key).map_or(f64::NAN, |v| v[s]);
                let _ = writeln!(
                    out,
                    "{l:<label_width$}: sentences={:<6} {:<name_width$} = {score:.width$}",
                    group.segments, m.name
                );
            }
        }
    }
    out
}
