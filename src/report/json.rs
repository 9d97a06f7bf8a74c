//! JSON renderings: the stable contracts for CI scripts and for mtmeter's own later commands.
//! Numbers are never rounded.
//!
//! # `score` ([`render_score`])
//! ```text
//! {"systems": [
//!   {"name": "Online-A", "path": "systems/Online-A.de",
//!    "metrics": {
//!      "bleu":  {"score": f64, "counts": [u64; N], "totals": [u64; N], "sys_len": u64, "ref_len": u64,
//!                "bp": f64, "precisions": [f64; N], "signature": str},
//!      "chrf":  {"score": f64, "signature": str},
//!      "chrf++": {"score": f64, "signature": str},
//!      "ter":   {"score": f64, "num_edits": f64, "ref_length": f64, "signature": str},
//!      "comet22": {"score": f64, "scale": f64, "higher_is_better": bool, "signature": str}},
//!                                  // --scores NAME=FILE: mean of the segment scores × scale
//!    "segments": [{"bleu": f64, "chrf": f64, ...}, ...]          // only with --sentence-level
//!   }, ...],
//!  "sentence_signatures": {"bleu": str, ...},                       // only with --sentence-level
//!  "domains": {NAME: {"segments": usize, "bleu": [f64; systems], ...}},   // inputs with domains
//!  "documents": {DOCID: {"segments": usize, "bleu": [f64; systems], ...}}, // --by-document
//!  "significance": {"test": "paired-bs" | "paired-ar" | "confidence",  // only with a test
//!                   "samples": usize, "seed": str, "baseline": str,
//!                   "confidence_samples": usize}                  // when intervals were computed
//! }
//! ```
//! - Metric keys are the names the metrics were requested by, in request order.
//! - `signature` is sacreBLEU's format, short (`#:1|c:mixed|...`) with `--short`. With a
//!   paired test or intervals it carries sacreBLEU's `bs`, `ar` and `seed` fields.
//! - `p_value` (paired tests only): the p-value against the baseline, `null` for the baseline
//!   itself; absent without a paired test.
//! - `confidence` (bootstrap intervals only): `{"mean": f64, "half_width": f64}`, the mean of
//!   the bootstrap scores and half the width of their 95 % interval (sacreBLEU's `μ ± ci`).
//! - `statistics` (with `--statistics`): `[[f64; width]; segments]`, each segment's sufficient
//!   statistics in sacreBLEU's layout (BLEU `[hyp_len, ref_len, matches…, totals…]`, chrF
//!   `[hyp, ref, match]` per order, TER `[edits, average reference length]`).
//! - BLEU `counts` are the sufficient statistics (sacreBLEU's own `counts` include the add-k
//!   increments).
//!
//! # `evaluate`'s `report.json` ([`render_report`])
//! Schema `mtmeter.report/1`: the [`ReportModel`] serialised field by field (every field is
//! documented on its type in [`crate::report::model`]). Full precision, never rounded.
//! ```text
//! {"schema": "mtmeter.report/1", "mtmeter": "mtmeter-0.1.0", "generated": RFC 3339 UTC,
//!  "test_set": {"name", "language_pair", "segments",
//!               "source": FILE | null, "references": [FILE]},     // FILE = {"name", "path", "sha256"}
//!  "systems": [FILE], "baseline": index,
//!  "significance": {"test": "paired-bs", "samples", "seed", "confidence_samples"} | null,
//!  "metrics": [{"key", "name", "higher_is_better", "signature", "sentence_signature",
//!               "systems": [{"score", "ci": [lo, hi] | null, "delta" | null, "quality_delta" | null,
//!                            "delta_ci": [lo, hi] | null, "p_value" | null, "significant",
//!                            "agreement": percent | null}],          // Kocmi et al. 2024; null for TER
//!               "pairwise": [[p | null]] | null,                     // every pair of systems
//!               "clusters": [[system index]]}],                      // best first
//!  "error_rates": [{"missing", "extra", "lexical", "reordering", "inflection"}] | null,  // percent
//!  "error_rates_signature": "nrefs:1|method:hjerson|tok:13a|base:prefix4|version:…",  // if analysed
//!  "breakdown": {...} | null,                                        // as in `analyze --breakdowns`
//!  "warnings": [str],
//!  "segments": [[{"scores": [per metric], "analysis": {"reference", "counts",
//!                 "reference_labels", "hypothesis_labels"} | null}]],  // per system, per segment
//!  "explorer_order": [segment index], "explorer_cap": usize,
//!  "gate_baseline": BASELINE}   // the baseline system as `mtmeter baseline` stores it
//!                               // (schema mtmeter.baseline/1): `check --baseline report.json`
//! ```
//! `sha256` is over the segments as read, each followed by `\n`. Δ is candidate − baseline;
//! `quality_delta` is Δ signed so that positive is better (TER reversed); `delta_ci` is the
//! 95 % percentile interval of the paired bootstrap's resampled differences.
//!
//! # `analyze` ([`render_analysis`])
//! Documented in [`crate::analysis`]: pretty-printed, except that each segment is one compact
//! line (a test set has thousands).

use std::fmt::Write as _;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::SignatureStyle;
use crate::analysis::breakdown::Breakdown;
use crate::analysis::{AnalysisReport, SystemAnalysis};
use crate::evaluation::{Evaluation, PValue, SignificanceTest};
use crate::metrics::ScoreDetails;
use crate::report::model::ReportModel;
use crate::significance::Confidence;

/// What `score`'s JSON includes beyond the corpus scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScoreJsonOptions {
    /// Signature style.
    pub signatures: SignatureStyle,
    /// Every segment's sufficient statistics.
    pub statistics: bool,
}

/// One metric's result for one system, as `score`'s JSON shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricJson {
    /// The corpus score, full precision.
    pub score: f64,
    /// Metric-specific statistics (BLEU counts, TER edits).
    #[serde(flatten)]
    pub details: ScoreDetails,
    /// sacreBLEU-format signature.
    pub signature: String,
    /// Paired-test p-value against the baseline (`null` for the baseline itself).
    #[serde(skip_serializing_if = "PValue::is_not_tested", default)]
    pub p_value: PValue,
    /// Bootstrap confidence interval, where computed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub confidence: Option<Confidence>,
    /// Every segment's sufficient statistics (with `--statistics`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub statistics: Option<Vec<Vec<f64>>>,
}

/// All metrics of one system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemJson {
    /// System name.
    pub name: String,
    /// Where its output was read from.
    pub path: String,
    /// Metric key → result.
    pub metrics: IndexMap<String, MetricJson>,
    /// Per-segment scores (with `--sentence-level`): metric key → score.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub segments: Option<Vec<IndexMap<String, f64>>>,
}

/// The significance test that ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignificanceJson {
    /// `paired-bs`, `paired-ar` or `confidence`.
    pub test: SignificanceTest,
    /// Resamples (bootstrap) or trials (approximate randomization).
    pub samples: usize,
    /// The seed, as in signatures (`12345`, `none`).
    pub seed: String,
    /// Name of the baseline system (paired tests), empty for `confidence`.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub baseline: String,
    /// Bootstrap resamples behind the confidence intervals, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub confidence_samples: Option<usize>,
}

/// The scores of one document or domain (with document metadata).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupJson {
    /// Number of segments.
    pub segments: usize,
    /// Metric key → the corpus score of the group's segments, one per system in `systems`
    /// order (statistics rows summed, then scored).
    #[serde(flatten)]
    pub scores: IndexMap<String, Vec<f64>>,
}

/// `score`'s JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreJson {
    /// One entry per system, in input order.
    pub systems: Vec<SystemJson>,
    /// Signatures of sentence-level scores (with `--sentence-level`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sentence_signatures: Option<IndexMap<String, String>>,
    /// The significance test or intervals, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub significance: Option<SignificanceJson>,
    /// Scores per domain, in order of first appearance (inputs with domain metadata).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domains: Option<IndexMap<String, GroupJson>>,
    /// Scores per document, in order of first appearance (with `--by-document`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub documents: Option<IndexMap<String, GroupJson>>,
    /// sacreBLEU's `-d/--detail` rows (`origlang=de domain=ALL`, ...), in its order (with
    /// `--detail`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub detail: Option<IndexMap<String, GroupJson>>,
}

impl ScoreJson {
    /// The document for `e`.
    pub fn of(e: &Evaluation, options: ScoreJsonOptions) -> Self {
        let short = options.signatures.short;
        let sentence = e
            .metrics
            .first()
            .is_some_and(|m| m.result.systems.iter().all(|s| s.sentence.is_some()));
        let systems = e
            .systems
            .iter()
            .enumerate()
            .map(|(s, file)| SystemJson {
                name: file.name.clone(),
                path: file.path.clone(),
                metrics: e
                    .metrics
                    .iter()
                    .map(|m| {
                        let sm = &m.result.systems[s];
                        let width = m.result.row_width.max(1);
                        let json = MetricJson {
                            score: sm.score,
                            details: sm.details.clone(),
                            signature: m.signature.format(short),
                            p_value: m.systems[s].p_value,
                            confidence: m.systems[s].confidence,
                            statistics: options
                                .statistics
                                .then(|| sm.rows.chunks(width).map(<[f64]>::to_vec).collect()),
                        };
                        (m.key.clone(), json)
                    })
                    .collect(),
                segments: sentence.then(|| {
                    (0..e.segments)
                        .map(|i| {
                            e.metrics
                                .iter()
                                .filter_map(|m| {
                                    let v = m.result.systems[s].sentence.as_ref()?;
                                    Some((m.key.clone(), v[i]))
                                })
                                .collect()
                        })
                        .collect()
                }),
            })
            .collect();
        Self {
            systems,
            sentence_signatures: sentence.then(|| {
                e.metrics
                    .iter()
                    .map(|m| (m.key.clone(), m.sentence_signature.format(short)))
                    .collect()
            }),
            significance: e.significance.as_ref().map(|s| SignificanceJson {
                test: s.test,
                samples: s.samples,
                seed: s.seed.clone(),
                baseline: if s.test == SignificanceTest::Confidence {
                    String::new()
                } else {
                    e.systems[e.baseline].name.clone()
                },
                confidence_samples: s.confidence_samples,
            }),
            domains: None,
            documents: None,
            detail: None,
        }
    }

    /// Scores of groups of segments (documents, domains); `specs[m]` is metric `m` of
    /// `e.metrics`, which scores the summed statistics rows.
    pub fn groups(
        e: &Evaluation,
        groups: &[(String, Vec<usize>)],
        specs: &[crate::metrics::MetricSpec],
    ) -> IndexMap<String, GroupJson> {
        let per_metric: Vec<Vec<Vec<f64>>> = e
            .metrics
            .iter()
            .zip(specs)
            .map(|(m, spec)| {
                m.result
                    .systems
                    .iter()
                    .map(|s| {
                        crate::corpus::group_scores(
                            &s.rows,
                            m.result.row_width.max(1),
                            groups,
                            |r| spec.score_row(r),
                        )
                    })
                    .collect()
            })
            .collect();
        groups
            .iter()
            .enumerate()
            .map(|(g, (name, segments))| {
                let scores = e
                    .metrics
                    .iter()
                    .zip(&per_metric)
                    .map(|(m, by_sys)| (m.key.clone(), by_sys.iter().map(|v| v[g]).collect()))
                    .collect();
                (
                    name.clone(),
                    GroupJson {
                        segments: segments.len(),
                        scores,
                    },
                )
            })
            .collect()
    }
}

/// `score`'s JSON (pretty-printed, trailing newline).
pub fn render_score(e: &Evaluation, options: ScoreJsonOptions) -> String {
    let mut s = serde_json::to_string_pretty(&ScoreJson::of(e, options))
        .expect("a score report is always serialisable");
    s.push('\n');
    s
}

fn indent(s: &str, spaces: usize) -> String {
    s.replace('\n', &format!("\n{}", " ".repeat(spaces)))
}

fn json<T: Serialize + ?Sized>(v: &T, pretty: bool) -> String {
    let s = if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    };
    s.expect("analysis reports are always serialisable")
}

/// How much of each segment `analyze`'s JSON holds ([`render_analysis_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnalysisSegments {
    /// Everything: chosen reference, counts, and the category of every token.
    #[default]
    All,
    /// Chosen reference and counts, no per-token labels (about a tenth of the size).
    Counts,
    /// No segments: totals only (`"segments"` is left out).
    None,
}

/// `analyze`'s JSON, the contract documented in [`crate::analysis`]: pretty-printed, except
/// that each segment is one compact line.
pub fn render_analysis(report: &AnalysisReport, breakdown: Option<&Breakdown>) -> String {
    render_analysis_with(report, breakdown, AnalysisSegments::All)
}

/// [`render_analysis`] with only part of each segment: the per-token labels are most of the
/// output (3.6 times the input on news text), and a million segments need not carry them.
pub fn render_analysis_with(
    report: &AnalysisReport,
    breakdown: Option<&Breakdown>,
    detail: AnalysisSegments,
) -> String {
    #[derive(Serialize)]
    struct Counts<'a> {
        reference: Option<usize>,
        counts: &'a crate::analysis::ErrorCounts,
    }
    let mut out = String::from("{\n  \"signature\": ");
    out.push_str(&indent(&json(&report.signature, true), 2));
    out.push_str(",\n  \"systems\": [");
    for (k, s) in report.systems.iter().enumerate() {
        let SystemAnalysis {
            name,
            path,
            totals,
            segments,
        } = s;
        let _ = write!(
            out,
            "{}\n    {{\n      \"name\": {},\n      \"path\": {},\n      \"totals\": {}",
            if k == 0 { "" } else { "," },
            json(name, false),
            json(path, false),
            indent(&json(totals, true), 6),
        );
        if detail != AnalysisSegments::None {
            out.push_str(",\n      \"segments\": [");
            for (i, seg) in segments.iter().enumerate() {
                let line = match detail {
                    AnalysisSegments::Counts => json(
                        &Counts {
                            reference: seg.reference,
                            counts: &seg.counts,
                        },
                        false,
                    ),
                    _ => json(seg, false),
                };
                let _ = write!(out, "{}\n        {line}", if i == 0 { "" } else { "," });
            }
            out.push_str("\n      ]");
        }
        out.push_str("\n    }");
    }
    out.push_str("\n  ]");
    if let Some(b) = breakdown {
        out.push_str(",\n  \"breakdown\": ");
        out.push_str(&indent(&json(b, true), 2));
    }
    out.push_str("\n}\n");
    out
}

/// `evaluate`'s `report.json`: compact (it holds every segment's labels: 13 systems × 2,037
/// segments of character-level Chinese are 56 MB pretty-printed, 23 MB compact), one trailing
/// newline; `jq .` pretty-prints it.
pub fn render_report(model: &ReportModel) -> String {
    let mut s = serde_json::to_string(model).expect("a report is always serialisable");
    s.push('\n');
    s
}
