//! Markdown for pull-request comments and `$GITHUB_STEP_SUMMARY`.
//!
//! [`render_summary`] renders `evaluate`'s score table (`summary.md`: what a CI job pastes into
//! a pull request).
//!
//!
//! [`render_gate`] renders a [`GateReport`]: the verdict line first (what a reader sees in a
//! notification), then one table row per metric, then the segments that lost most inside a
//! `<details>` block. The output is capped at [`MAX_BYTES`], far below GitHub's 1 MiB per step
//! summary, by dropping segment rows first.

use std::fmt::Write as _;

use crate::gate::{GateReport, Status};
use crate::report::model::ReportModel;

/// Upper bound of [`render_gate`]'s output in bytes.
pub const MAX_BYTES: usize = 256 * 1024;

/// Escape text for a Markdown table cell: HTML special characters, pipes, backslashes, and
/// characters that start Markdown formatting; line breaks become spaces.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn status_label(s: Status) -> &'static str {
    match s {
        Status::Pass => "✅ pass",
        Status::Warn => "⚠️ warn",
        Status::Fail => "❌ fail",
    }
}

/// The Markdown report of a check.
pub fn render_gate(report: &GateReport) -> String {
    let mut out = String::new();
    let icon = match report.decision {
        Status::Pass => "✅",
        Status::Warn => "⚠️",
        Status::Fail => "❌",
    };
    let _ = writeln!(out, "{icon} **{}**\n", cell(&report.verdict()));
    out.push_str(
        "| metric | baseline | candidate | Δ | 95% CI of Δ | p | human agreement | warn / fail at | status |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for m in &report.metrics {
        let ci = m
            .delta_ci
            .map_or_else(|| "–".to_owned(), |[a, b]| format!("[{a:+.2}, {b:+.2}]"));
        let agree = m
            .agreement
            .map_or_else(|| "n/a".to_owned(), |a| format!("{a:.0}%"));
        let _ = writeln!(
            out,
            "| {} | {:.2} | {:.2} | {:+.2} | {} | {:.4} | {} | {:.2} / {:.2} | {} |",
            cell(&m.name),
            m.baseline,
            m.candidate,
            m.delta,
            ci,
            m.p_value,
            agree,
            m.thresholds.warn,
            m.thresholds.fail,
            status_label(m.status)
        );
    }
    let _ = writeln!(
        out,
        "\nBaseline `{}` vs candidate `{}` on `{}` ({} segments); {} with {} samples, seed {}, α = {}. Δ is candidate − baseline (for TER lower is better). Agreement: Kocmi et al. 2024; chrF++ uses chrF's calibration; TER has none.",
        cell(&report.baseline_system.name),
        cell(&report.candidate_system.name),
        cell(&report.test_set),
        report.segments,
        report.test,
        report.samples,
        report.seed,
        report.alpha
    );
    let footer = "\n</details>\n";
    if let (Some(metric), false) = (&report.lost_metric, report.lost_segments.is_empty()) {
        let _ = writeln!(
            out,
            "\n<details><summary>Segments that lost most ({})</summary>\n\n| line | baseline | candidate | Δ | candidate output | reference |\n|---:|---:|---:|---:|---|---|",
            cell(metric)
        );
        for s in &report.lost_segments {
            let row = format!(
                "| {} | {:.2} | {:.2} | {:+.2} | {} | {} |\n",
                s.line,
                s.baseline,
                s.candidate,
                s.quality_delta,
                cell(&s.hypothesis),
                cell(&s.reference)
            );
            if out.len() + row.len() + footer.len() > MAX_BYTES {
                out.push_str("| … | | | | (cut to stay under the size cap) | |\n");
                break;
            }
            out.push_str(&row);
        }
        out.push_str(footer);
    }
    out
}

fn fmt_opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{v:.decimals$}"))
}

/// `evaluate`'s `summary.md`: one table per metric (score with 95 % interval, Δ vs the
/// baseline with its interval, p-value, estimated agreement with humans), then the signatures.
pub fn render_summary(model: &ReportModel) -> String {
    let mut out = String::new();
    let baseline = &model.systems[model.baseline].name;
    let _ = writeln!(
        out,
        "## mtmeter: {} ({} segments, {} reference{}, {} systems)\n",
        cell(&model.test_set.name),
        model.test_set.segments,
        model.test_set.references.len(),
        if model.test_set.references.len() == 1 {
            ""
        } else {
            "s"
        },
        model.systems.len()
    );
    let _ = writeln!(
        out,
        "Baseline: **{}**. * = significantly different from the baseline (paired bootstrap, p < 0.05). \
         Agreement: how often a difference of this size agrees with human judgement \
         (Kocmi et al. 2024, \"Navigating the Metrics Maze\"); none is published for TER.\n",
        cell(baseline)
    );
    for m in &model.metrics {
        let dir = if m.higher_is_better {
            "higher is better"
        } else {
            "lower is better"
        };
        let _ = writeln!(out, "### {} ({dir})\n", cell(&m.name));
        out.push_str("| System | Score | 95% CI | Δ | 95% CI of Δ | p | Agreement |\n");
        out.push_str("|---|--:|--:|--:|--:|--:|--:|\n");
        for (s, sys) in m.systems.iter().enumerate() {
            let name = if s == model.baseline {
                format!("{} (baseline)", cell(&model.systems[s].name))
            } else {
                cell(&model.systems[s].name)
            };
            let ci = sys
                .ci
                .map_or_else(|| "–".to_owned(), |(lo, hi)| format!("{lo:.2}–{hi:.2}"));
            let delta = sys
                .delta
                .map_or_else(|| "–".to_owned(), |d| format!("{d:+.2}"));
            let delta_ci = sys.delta_ci.map_or_else(
                || "–".to_owned(),
                |(lo, hi)| format!("{lo:+.2} to {hi:+.2}"),
            );
            let p = sys.p_value.map_or_else(
                || "–".to_owned(),
                |p| format!("{p:.4}{}", if sys.significant { " *" } else { "" }),
            );
            let agreement = fmt_opt(sys.agreement, 1);
            let agreement = if sys.agreement.is_some() {
                format!("{agreement}%")
            } else {
                agreement
            };
            let _ = writeln!(
                out,
                "| {name} | {:.2} | {ci} | {delta} | {delta_ci} | {p} | {agreement} |",
                sys.score
            );
        }
        out.push('\n');
    }
    out.push_str("<details><summary>Signatures</summary>\n\n");
    for m in &model.metrics {
        let _ = writeln!(out, "- {}: `{}`", cell(&m.name), m.signature);
    }
    if let Some(sig) = &model.error_rates_signature {
        let _ = writeln!(out, "- Error rates (Hjerson): `{sig}`");
    }
    out.push_str("\n</details>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_html() {
        assert_eq!(cell("a|b <script>\n*x*"), "a&#124;b &lt;script&gt; \\*x\\*");
    }
}
