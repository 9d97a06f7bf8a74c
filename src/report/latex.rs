//! sacreBLEU's `-f latex`: the multi-system table as `tabulate(..., tablefmt="latex_booktabs",
//! colalign=("right",), stralign="center", numalign="center")` prints it (sacreBLEU 2.6.0,
//! `utils.print_results_table`), then the paired-test explanation and the signatures, as
//! sacreBLEU prints them after the table.
//!
//! Differences, on purpose: rows are named by mtmeter's system names (sacreBLEU uses the paths
//! given to `-i`), signatures are mtmeter's (`version:mtmeter-…`), and a single system gets a
//! one-row table (sacreBLEU prints its text line instead).

use std::fmt::Write;

use super::ScoreReport;

/// sacreBLEU's column name of a metric key.
fn column_name(key: &str) -> &str {
    match key {
        "bleu" => "BLEU",
        "chrf" => "chrF2",
        "chrf++" => "chrF2++",
        "ter" => "TER",
        other => other,
    }
}

/// sacreBLEU computes metrics in `sorted()` order of their names: BLEU, CHRF, TER.
fn metric_rank(key: &str) -> usize {
    match key {
        "bleu" => 0,
        "chrf" | "chrf++" => 1,
        "ter" => 2,
        _ => 3,
    }
}

/// Metric keys of the report in sacreBLEU's order.
pub(crate) fn sacrebleu_order(report: &ScoreReport) -> Vec<&str> {
    let mut keys: Vec<&str> = report
        .systems
        .first()
        .map(|s| s.metrics.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_by_key(|k| metric_rank(k));
    keys
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

/// Render the report as sacreBLEU's `-f latex` output.
pub fn render(report: &ScoreReport, width: usize) -> String {
    let keys = sacrebleu_order(report);
    let paired = report
        .significance
        .as_ref()
        .filter(|s| !s.baseline.is_empty());
    let has_ci = report
        .systems
        .iter()
        .any(|s| s.metrics.values().any(|m| m.confidence.is_some()));
    let mut header = vec!["System".to_owned()];
    for k in &keys {
        let mut h = column_name(k).to_owned();
        if has_ci {
            h.push_str(" (μ ± 95% CI)");
        }
        header.push(h);
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, s) in report.systems.iter().enumerate() {
        let name = if paired.is_some() && i == 0 {
            format!("Baseline: {}", s.name)
        } else {
            s.name.clone()
        };
        let mut row = vec![name];
        for k in &keys {
            let m = &s.metrics[*k];
            let mut cell = format!("{:.*}", width, m.score);
            if let Some(c) = m.confidence {
                let _ = write!(cell, " ({:.*} ± {:.*})", width, c.mean, width, c.half_width);
            }
            if let Some(Some(p)) = m.p_value {
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
        let bs = sig.test == "bs";
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
            report.systems.first().map_or("", |s| s.name.as_str())
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
    if let Some(first) = report.systems.first() {
        for k in &keys {
            let _ = writeln!(
                out,
                " - {:<10} {}",
                column_name(k),
                super::terminal::sanitize(&first.metrics[*k].signature)
            );
        }
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
