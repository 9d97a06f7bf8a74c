//! sacreBLEU's `-b/--score-only`: only the numbers, rounded to `--width`.
//!
//! One system: one line per metric in sacreBLEU's order (BLEU, chrF, TER), with
//! ` (μ = mean ± half-width)` when a confidence interval was computed, exactly as sacreBLEU
//! prints them; with `--sentence-level` only the segment scores, one line per segment (the
//! metrics of a segment separated by spaces). Several systems (sacreBLEU prints its table
//! there): one line per system, its name and its scores separated by tabs (with
//! `--sentence-level`, one line per system and segment).

use std::fmt::Write;

use super::latex::sacrebleu_order;
use super::terminal::sanitize;
use crate::evaluation::Evaluation;

/// Render the scores only.
pub fn render(e: &Evaluation, width: usize) -> String {
    let keys = sacrebleu_order(e);
    let many = e.systems.len() > 1;
    let mut out = String::new();
    for (i, s) in e.systems.iter().enumerate() {
        let name = sanitize(&s.name);
        let sentence: Vec<&Vec<f64>> = keys
            .iter()
            .filter_map(|m| m.result.systems[i].sentence.as_ref())
            .collect();
        if !sentence.is_empty() {
            for seg in 0..e.segments {
                let scores: Vec<String> = sentence
                    .iter()
                    .map(|v| format!("{:.width$}", v[seg]))
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
            .map(|m| {
                let mut cell = format!("{:.*}", width, m.score(i));
                if let Some(c) = m.systems[i].confidence {
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
