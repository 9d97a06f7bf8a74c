//! One result model, many renderers. Renderers only format: nothing is computed in them.
//!
//! [`ScoreReport`] is what `mtmeter score` produces; [`json`] serialises it (the stable JSON
//! contract, documented there) and [`text`] prints the terminal table.

pub mod charts;
pub mod json;
pub mod text;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::scoring::{MetricResult, ScoreDetails};

/// Confidence interval from bootstrap resampling: mean of the resampled scores and half the
/// width of the 95 % interval (sacreBLEU's `μ ± ci`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Confidence {
    /// Mean of the bootstrap scores.
    pub mean: f64,
    /// Half-width of the 95 % interval.
    pub half_width: f64,
}

/// One metric's result for one system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricScore {
    /// The corpus score, full precision.
    pub score: f64,
    /// Metric-specific statistics (BLEU counts, TER edits).
    #[serde(flatten)]
    pub details: ScoreDetails,
    /// sacreBLEU-format signature.
    pub signature: String,
    /// Paired-test p-value against the baseline (`null` for the baseline itself).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub p_value: Option<Option<f64>>,
    /// Bootstrap confidence interval, where computed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub confidence: Option<Confidence>,
    /// Every segment's sufficient statistics, in sacreBLEU's layout (with `--statistics`):
    /// summing the rows and scoring the sum gives `score`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub statistics: Option<Vec<Vec<f64>>>,
}

/// All metrics of one system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemReport {
    /// System name (file stem).
    pub name: String,
    /// Where its output was read from.
    pub path: String,
    /// Metric key (as requested: `bleu`, `chrf`, `chrf++`, `ter`) → result.
    pub metrics: IndexMap<String, MetricScore>,
    /// Per-segment scores (with `--sentence-level`): metric key → score, one entry per line.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub segments: Option<Vec<IndexMap<String, f64>>>,
}

/// Which significance test or interval produced the p-values and confidence intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignificanceInfo {
    /// `paired-bs`, `paired-ar` or `confidence`.
    pub test: String,
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

/// What `mtmeter score` reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    /// One entry per system, in input order.
    pub systems: Vec<SystemReport>,
    /// Signatures of sentence-level scores, metric key → signature (with `--sentence-level`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sentence_signatures: Option<IndexMap<String, String>>,
    /// The significance test or intervals, if any were computed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub significance: Option<SignificanceInfo>,
}

impl ScoreReport {
    /// Put every segment's statistics rows into the report (`--statistics`).
    pub fn add_statistics(&mut self, results: &[MetricResult]) {
        for r in results {
            for (sys, sm) in self.systems.iter_mut().zip(&r.systems) {
                if let Some(m) = sys.metrics.get_mut(&r.key) {
                    m.statistics = Some(
                        sm.rows
                            .chunks(r.row_width.max(1))
                            .map(<[f64]>::to_vec)
                            .collect(),
                    );
                }
            }
        }
    }

    /// Assemble the report from scoring results.
    pub fn from_results(
        system_names: &[(String, String)],
        results: &[MetricResult],
        sentence: bool,
    ) -> Self {
        let systems = system_names
            .iter()
            .enumerate()
            .map(|(s, (name, path))| {
                let metrics = results
                    .iter()
                    .map(|r| {
                        let sm = &r.systems[s];
                        let score = MetricScore {
                            score: sm.score,
                            details: sm.details.clone(),
                            signature: r.signature.format(false),
                            p_value: None,
                            confidence: None,
                            statistics: None,
                        };
                        (r.key.clone(), score)
                    })
                    .collect();
                let segments = sentence.then(|| {
                    let n = results
                        .first()
                        .and_then(|r| r.systems[s].sentence.as_ref())
                        .map_or(0, Vec::len);
                    (0..n)
                        .map(|i| {
                            results
                                .iter()
                                .filter_map(|r| {
                                    r.systems[s]
                                        .sentence
                                        .as_ref()
                                        .map(|v| (r.key.clone(), v[i]))
                                })
                                .collect()
                        })
                        .collect()
                });
                SystemReport {
                    name: name.clone(),
                    path: path.clone(),
                    metrics,
                    segments,
                }
            })
            .collect();
        let sentence_signatures = sentence.then(|| {
            results
                .iter()
                .map(|r| (r.key.clone(), r.sentence_signature.format(false)))
                .collect()
        });
        Self {
            systems,
            sentence_signatures,
            significance: None,
        }
    }
}
