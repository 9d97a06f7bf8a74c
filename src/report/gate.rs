//! The terminal table and the JSON of a [`GateReport`].
//!
//! JSON (`mtmeter check --format json`) is the report serialised as it is, schema
//! `mtmeter.check/1`:
//!
//! ```text
//! {"schema": "mtmeter.check/1", "decision": "pass"|"warn"|"fail", "test_set": str,
//!  "segments": n, "references": [{"name", "sha256"}], "source": {…}|null,
//!  "baseline_system": {"name", "sha256"}, "candidate_system": {"name", "sha256"},
//!  "test": "paired-bs"|"paired-ar", "samples": n, "seed": n, "alpha": f64, "fail_on_warn": bool,
//!  "metrics": [{"key", "name", "signature", "baseline", "candidate", "delta", "quality_delta",
//!               "delta_ci": [lo, hi]|null, "p_value", "agreement": f64|null,
//!               "thresholds": {"fail", "warn"}, "status", "explanation"}],
//!  "lost_metric": str|null, "lost_segments": [{"line", "baseline", "candidate",
//!               "quality_delta", "hypothesis", "reference"}]}
//! ```

use std::fmt::Write as _;

use crate::gate::{GateReport, Status};

/// Pretty JSON with a trailing newline.
pub fn render_json(report: &GateReport) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("gate report is always serialisable");
    s.push('\n');
    s
}

/// The terminal table: verdict, one row per metric, and each non-passing metric's explanation.
/// `color` adds ANSI colours to statuses (the caller decides: a terminal and no `NO_COLOR`).
pub fn render_text(report: &GateReport, color: bool) -> String {
    let paint = |s: Status, text: &str| -> String {
        if !color {
            return text.to_owned();
        }
        let code = match s {
            Status::Pass => "32",
            Status::Warn => "33",
            Status::Fail => "1;31",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(report.decision, &report.verdict()));
    let header = [
        "metric",
        "baseline",
        "candidate",
        "delta",
        "95% CI",
        "p",
        "agree",
        "warn/fail",
        "status",
    ];
    let rows: Vec<[String; 9]> = report
        .metrics
        .iter()
        .map(|m| {
            [
                m.name.clone(),
                format!("{:.2}", m.baseline),
                format!("{:.2}", m.candidate),
                format!("{:+.2}", m.delta),
                m.delta_ci
                    .map_or_else(|| "-".to_owned(), |[a, b]| format!("[{a:+.2}, {b:+.2}]")),
                format!("{:.4}", m.p_value),
                m.agreement
                    .map_or_else(|| "n/a".to_owned(), |a| format!("{a:.0}%")),
                format!("{:.2}/{:.2}", m.thresholds.warn, m.thresholds.fail),
                m.status.as_str().to_owned(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String], status: Option<Status>| -> String {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = w - c.chars().count();
            let text = if i == 0 || i == 8 {
                format!("{c}{}", " ".repeat(pad))
            } else {
                format!("{}{c}", " ".repeat(pad))
            };
            match (i, status) {
                (8, Some(st)) => s.push_str(&paint(st, &text)),
                _ => s.push_str(&text),
            }
        }
        s.trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(&header.map(str::to_owned), None));
    for (r, m) in rows.iter().zip(&report.metrics) {
        let _ = writeln!(out, "{}", line(r, Some(m.status)));
    }
    for m in report.metrics.iter().filter(|m| m.status != Status::Pass) {
        let _ = writeln!(out, "{}: {}", m.status.as_str(), m.explanation);
    }
    out
}
