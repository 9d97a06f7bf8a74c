//! sacreBLEU's `-f latex`: the multi-system table as `tabulate(..., tablefmt="latex_booktabs",
//! colalign=("right",), stralign="center", numalign="center")` prints it (sacreBLEU 2.6.0,
//! `utils.print_results_table`), then the paired-test explanation and the signatures, as
//! sacreBLEU prints them after the table.
//!
//! Differences, on purpose: rows are named by mtmeter's system names (sacreBLEU uses the paths
//! given to `-i`), signatures are mtmeter's (`version:mtmeter-…`), and a single system gets a
//! one-row table (sacreBLEU prints its text line instead).

use std::fmt::Write;

use crate::evaluation::{Evaluation, MetricEvaluation, PValue, SignificanceTest};

/// sacreBLEU computes metrics in `sorted()` order of their names: BLEU, CHRF, TER.
fn metric_rank(key: &str) -> usize {
    match key {
        "bleu" => 0,
        "chrf" | "chrf++" => 1,
        "ter" => 2,
        _ => 3,
    }
}

/// The metrics of the evaluation in sacreBLEU's order.
pub(crate) fn sacrebleu_order(e: &Evaluation) -> Vec<&MetricEvaluation> {
    let mut metrics: Vec<&MetricEvaluation> = e.metrics.iter().collect();
    metrics.sort_by_key(|m| metric_rank(&m.key));
    metrics
}

/// tabulate's LaTeX escapes (`LATEX_ESCAPE_RULES`), applied after padding as tabulate does.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("\\&"),
            '%' => out.push_str("\\%"),
            '$' => out.push_str("\\$"),
            '#' => out.push_str("\\#"),
            '_' => out.push_str("\\_"),
            '^' => out.push_str("\\^{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '<' => out.push_str("\\ensuremath{<}"),
            '>' => out.push_str("\\ensuremath{>}"),
            c if super::terminal::is_unsafe(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Python's `format(s, "^{w}")`: extra space goes to the right.
fn center(s: &str, w: usize) -> String {
    let n = s.chars().count();
    let extra = w.saturating_sub(n);
    let left = extra / 2;
    format!("{}{s}{}", " ".repeat(left), " ".repeat(extra - left))
}

fn right(s: &str, w: usize) -> String {
    let n = s.chars().count();
    format!("{}{s}", " ".repeat(w.saturating_sub(n)))
}

/// Render the evaluation as sacreBLEU's `-f latex` output.
pub fn render(e: &Evaluation, width: usize, short: bool) -> String {
    let keys = sacrebleu_order(e);
    let paired = e
        .significance
        .as_ref()
        .filter(|s| s.test != SignificanceTest::Confidence);
    let has_ci = e
        .metrics
        .iter()
        .any(|m| m.systems.iter().any(|s| s.confidence.is_some()));
    let mut header = vec!["System".to_owned()];
    for k in &keys {
        let mut h = k.name.clone();
        if has_ci {
            h.push_str(" (μ ± 95% CI)");
        }
        header.push(h);
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, s) in e.systems.iter().enumerate() {
        let name = if paired.is_some() && i == e.baseline {
            format!("Baseline: {}", s.name)
        } else {
            s.name.clone()
        };
        let mut row = vec![name];
        for m in &keys {
            let mut cell = format!("{:.*}", width, m.score(i));
            if let Some(c) = m.systems[i].confidence {
                let _ = write!(cell, " ({:.*} ± {:.*})", width, c.mean, width, c.half_width);
            }
            if let PValue::Value(p) = m.systems[i].p_value {
                let _ = write!(cell, " (p = {p:.4})");
                if p <= 0.05 {
                    cell.push('*');
                }
            }
            row.push(cell);
        }
        rows.push(row);
    }
    // tabulate: a column is as wide as its widest cell, and its header plus 2.
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
                .max(header[c].chars().count() + 2)
        })
        .collect();
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let padded = if c == 0 {
                    right(cell, widths[c])
                } else {
                    center(cell, widths[c])
                };
                format!(" {} ", escape(&padded))
            })
            .collect();
        format!("{}\\\\\n", parts.join("&"))
    };
    let mut out = format!(
        "\\begin{{tabular}}{{r{}}}\n\\toprule\n",
        "c".repeat(keys.len())
    );
    out.push_str(&line(&header));
    out.push_str("\\midrule\n");
    for r in &rows {
        out.push_str(&line(r));
    }
    out.push_str("\\bottomrule\n\\end{tabular}\n\n");
    if let Some(sig) = paired {
        let bs = sig.test == SignificanceTest::PairedBootstrap;
        let msg = if bs {
            format!(
                "Paired bootstrap resampling test with {} resampling trials",
                sig.samples
            )
        } else {
            format!(
                "Paired approximate randomization test with {} trials",
                sig.samples
            )
        };
        let rule = "-".repeat(msg.chars().count());
        let _ = writeln!(out, "{rule}\n{msg}\n{rule}");
        let _ = writeln!(
            out,
            " - Each system is pairwise compared to Baseline: {}.",
            e.systems[e.baseline].name.as_str()
        );
        if bs {
            out.push_str("   Actual system score / bootstrap estimated true mean / 95% CI are provided for each metric.\n");
        } else {
            out.push_str("   Actual system score is provided for each metric.\n");
        }
        out.push_str(concat!(
            "\n",
            " - Null hypothesis: the system and the baseline translations are essentially\n",
            "   generated by the same underlying process. For a given system and the baseline,\n",
            "   the p-value is roughly the probability of the absolute score difference (delta)\n",
            "   or higher occurring due to chance, under the assumption that the null hypothesis is correct.\n",
            "\n",
            " - Assuming a significance threshold of 0.05, the null hypothesis can be rejected\n",
            "   for p-values < 0.05 (marked with \"*\"). This means that the delta is unlikely to be attributed\n",
            "   to chance, hence the system is significantly \"different\" than the baseline.\n",
            "   Otherwise, the p-values are highlighted in red.\n",
            "\n",
            " - NOTE: Significance does not tell whether a system is \"better\" than the baseline but rather\n",
            "   emphasizes the \"difference\" of the systems in terms of the replicability of the delta.\n",
            "\n",
        ));
    }
    out.push_str("-----------------\nMetric signatures\n-----------------\n");
    for m in &keys {
        let _ = writeln!(
            out,
            " - {:<10} {}",
            m.name,
            super::terminal::sanitize(&m.signature.format(short))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centering_and_escaping_follow_tabulate() {
        assert_eq!(center("8.2", 5), " 8.2 ");
        assert_eq!(center("26.4", 5), "26.4 ");
        assert_eq!(center("92.5", 7), " 92.5  ");
        assert_eq!(escape("95% a_b"), "95\\% a\\_b");
    }
}
