//! The JSON rendering of a [`ScoreReport`]: a stable contract for CI scripts and for mtmeter's
//! own later commands. Numbers are never rounded.
//!
//! ```text
//! {"systems": [
//!   {"name": "Online-A", "path": "systems/Online-A.de",
//!    "metrics": {
//!      "bleu":  {"score": f64, "counts": [u64; N], "totals": [u64; N], "sys_len": u64, "ref_len": u64,
//!                "bp": f64, "precisions": [f64; N], "signature": str},
//!      "chrf":  {"score": f64, "signature": str},
//!      "chrf++": {"score": f64, "signature": str},
//!      "ter":   {"score": f64, "num_edits": f64, "ref_length": f64, "signature": str}},
//!    "segments": [{"bleu": f64, "chrf": f64, ...}, ...]          // only with --sentence-level
//!   }, ...],
//!  "sentence_signatures": {"bleu": str, ...}                        // only with --sentence-level
//! }
//! ```
//! With `--statistics`, every metric object also has `"statistics": [[f64; width]; segments]`,
//! each segment's sufficient statistics in sacreBLEU's layout.
//! Metric keys are the names the metrics were requested by, in request order. BLEU `counts` are
//! the sufficient statistics (sacreBLEU's own `counts` include the add-k increments).

use super::ScoreReport;

/// Serialise the report (pretty-printed, trailing newline).
pub fn render(report: &ScoreReport) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("report is always serialisable");
    s.push('\n');
    s
}
