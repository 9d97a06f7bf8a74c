//! The terminal table: one row per system, one column per metric, rounded to `--width`
//! decimals, signatures under the table.

use std::fmt::Write;

use super::ScoreReport;
use crate::scoring::ScoreDetails;

/// Render the corpus-level table.
pub fn render(report: &ScoreReport, width: usize) -> String {
    let Some(first) = report.systems.first() else {
        return String::new();
    };
    let keys: Vec<&String> = first.metrics.keys().collect();
    let mut header = vec!["System".to_owned()];
    header.extend(keys.iter().map(|k| column_name(k)));
    let mut rows: Vec<Vec<String>> = vec![header];
    for s in &report.systems {
        let mut row = vec![s.name.clone()];
        for k in &keys {
            let m = &s.metrics[k.as_str()];
            let mut cell = format!("{:.*}", width, m.score);
            if let Some(c) = m.confidence {
                let _ = write!(
                    cell,
                    " (μ = {:.*} ± {:.*})",
                    width, c.mean, width, c.half_width
                );
            }
            if let Some(p) = m.p_value {
                match p {
                    Some(p) => {
                        let _ = write!(cell, " (p = {p:.4}){}", if p < 0.05 { "*" } else { " " });
                    }
                    None => cell.push_str(" (baseline)   "),
                }
            }
            row.push(cell);
        }
        rows.push(row);
    }
    let mut out = table(&rows);
    out.push_str(&bleu_details(report, width));
    if let Some(sig) = &report.significance {
        let what = match sig.test.as_str() {
            "bs" => format!("paired bootstrap resampling ({} resamples)", sig.samples),
            "ar" => format!("paired approximate randomization ({} trials)", sig.samples),
            _ => format!("bootstrap confidence intervals ({} resamples)", sig.samples),
        };
        let _ = writeln!(out, "\n{what}, seed {}.", sig.seed);
        if !sig.baseline.is_empty() {
            let _ = writeln!(
                out,
                "p-values against the baseline {}; * marks p < 0.05.",
                sig.baseline
            );
        }
        if sig.confidence_samples.is_some() {
            let _ = writeln!(
                out,
                "μ ± x: mean of the bootstrap scores and half-width of their 95% interval."
            );
        }
    }
    out.push('\n');
    for k in &keys {
        let _ = writeln!(
            out,
            "{:<8} {}",
            column_name(k),
            first.metrics[k.as_str()].signature
        );
    }
    if let Some(sigs) = &report.sentence_signatures {
        for (k, sig) in sigs {
            let _ = writeln!(out, "{:<8} {sig} (sentence level)", column_name(k));
        }
    }
    out
}

/// sacreBLEU's verbose BLEU line for every system and BLEU column: n-gram precisions, brevity
/// penalty, length ratio and lengths.
fn bleu_details(report: &ScoreReport, width: usize) -> String {
    let mut out = String::new();
    let name_width = report
        .systems
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    for s in &report.systems {
        for (key, m) in &s.metrics {
            if let ScoreDetails::Bleu {
                sys_len,
                ref_len,
                bp,
                precisions,
                ..
            } = &m.details
            {
                let prec: Vec<String> = precisions.iter().map(|p| format!("{p:.1}")).collect();
                let ratio = if *ref_len > 0 {
                    *sys_len as f64 / *ref_len as f64
                } else {
                    0.0
                };
                let label = if key == "bleu" {
                    String::new()
                } else {
                    format!(" [{key}]")
                };
                if out.is_empty() {
                    out.push('\n');
                }
                let _ = writeln!(
                    out,
                    "{:<name_width$}{label}  BLEU {:.*} = {} (BP = {bp:.3} ratio = {ratio:.3} hyp_len = {sys_len} ref_len = {ref_len})",
                    s.name,
                    width,
                    m.score,
                    prec.join("/")
                );
            }
        }
    }
    out
}

/// Render per-segment scores: one block per system.
pub fn render_segments(report: &ScoreReport, width: usize) -> String {
    let mut out = String::new();
    for s in &report.systems {
        let Some(segs) = &s.segments else { continue };
        let _ = writeln!(out, "== {} ({})", s.name, s.path);
        let keys: Vec<&String> = segs.first().map(|m| m.keys().collect()).unwrap_or_default();
        let mut rows = vec![
            std::iter::once("Segment".to_owned())
                .chain(keys.iter().map(|k| column_name(k)))
                .collect::<Vec<_>>(),
        ];
        for (i, seg) in segs.iter().enumerate() {
            rows.push(
                std::iter::once((i + 1).to_string())
                    .chain(
                        keys.iter()
                            .map(|k| format!("{:.*}", width, seg[k.as_str()])),
                    )
                    .collect(),
            );
        }
        out.push_str(&table(&rows));
        out.push('\n');
    }
    out
}

fn column_name(key: &str) -> String {
    match key {
        "bleu" => "BLEU".into(),
        "chrf" => "chrF2".into(),
        "chrf++" => "chrF2++".into(),
        "ter" => "TER".into(),
        other => other.to_owned(),
    }
}

/// A plain-text table: the first row is the header (underlined), the first column is
/// left-aligned and the others right-aligned.
pub fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1)));
            out.push('\n');
        }
    }
    out
}
