//! sacreBLEU's `-b/--score-only`: only the numbers, rounded to `--width`.
//!
//! One system: one line per metric in sacreBLEU's order (BLEU, chrF, TER), with
//! ` (μ = mean ± half-width)` when a confidence interval was computed, exactly as sacreBLEU
//! prints them; with `--sentence-level` only the segment scores, one line per segment (the
//! metrics of a segment separated by spaces). Several systems (sacreBLEU prints its table
//! there): one line per system, its name and its scores separated by tabs (with
//! `--sentence-level`, one line per system and segment).

use std::fmt::Write;

use super::ScoreReport;
use super::latex::sacrebleu_order;
use super::terminal::sanitize;

/// Render the scores only.
pub fn render(report: &ScoreReport, width: usize) -> String {
    let keys = sacrebleu_order(report);
    let many = report.systems.len() > 1;
    let mut out = String::new();
    for s in &report.systems {
        let name = sanitize(&s.name);
        if let Some(segments) = &s.segments {
            for seg in segments {
                let scores: Vec<String> = keys
                    .iter()
                    .filter_map(|k| seg.get(*k))
                    .map(|v| format!("{v:.width$}"))
                    .collect();
                if many {
                    let _ = writeln!(out, "{name}\t{}", scores.join("\t"));
                } else {
                    let _ = writeln!(out, "{}", scores.join(" "));
                }
            }
            continue;
        }
        let scores: Vec<String> = keys
            .iter()
            .map(|k| {
                let m = &s.metrics[*k];
                let mut cell = format!("{:.*}", width, m.score);
                if let Some(c) = m.confidence {
                    let _ = write!(
                        cell,
                        " (μ = {:.*} ± {:.*})",
                        width, c.mean, width, c.half_width
                    );
                }
                cell
            })
            .collect();
        if many {
            let _ = writeln!(out, "{name}\t{}", scores.join("\t"));
        } else {
            for sc in scores {
                let _ = writeln!(out, "{sc}");
            }
        }
    }
    out
}
