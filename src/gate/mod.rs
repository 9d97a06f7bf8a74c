//! The CI gate: compare a candidate system with a stored baseline and decide pass, warn or fail.
//!
//! [`check`] scores the candidate now, pairs its per-segment statistics with the baseline's
//! stored ones ([`baseline`]) and runs sacreBLEU's paired test on them (bootstrap by default),
//! exactly as `mtmeter score --paired-bs` would with both texts. Per metric it then decides:
//!
//! * **fail** when quality dropped by at least the fail threshold **and** p < α (0.05);
//! * **warn** when it dropped by at least the warn threshold, or by the fail threshold without
//!   significance;
//! * **pass** otherwise (improvements are reported as such).
//!
//! Thresholds ([`thresholds`]) default to Kocmi et al. 2024's 70 % / 60 % agreement deltas.
//! Quality deltas are sign-adjusted: for TER, an error rate, a rise is a drop.
//!
//! Comparing different things is refused with [`GateError::Mismatch`] (exit code 3), never a
//! silent pass: another test set (content hashes of references and source), another segment
//! count, a metric the baseline lacks, or another signature. Signatures are compared field by
//! field **without** the version field: mtmeter's metrics are sacreBLEU-exact, so a baseline
//! written by an older mtmeter stays comparable; every other field (tokenizer, case, smoothing,
//! chrF orders, nrefs…) must match.
//!
//! This module computes; renderers in [`crate::report`] only format its [`GateReport`].

pub mod baseline;
pub mod thresholds;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::metrics::calibration::human_agreement;
use crate::metrics::{Bleu, MetricSpec};
use crate::scoring::{MetricResult, ScoreDetails, SystemMetric, run_metric};
use crate::significance::{PairedOptions, PairedTestKind, Seed, paired_test, pairwise_bootstrap};
pub use baseline::{Baseline, ContentHash};
pub use thresholds::{CheckConfig, GateOptions, GateTest, MetricThresholds};

/// Why the gate could not decide.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    /// Baseline and candidate are not comparable (exit code 3).
    #[error("baseline and candidate are not comparable: {0}")]
    Mismatch(String),
    /// The baseline file is broken.
    #[error("{path}: {message}")]
    Baseline {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Options or config file that cannot be honoured.
    #[error("{0}")]
    Config(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl GateError {
    /// Exit code: 3 for a mismatch, 2 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            GateError::Mismatch(_) => 3,
            _ => 2,
        }
    }
}

/// The outcome of one metric, or of the whole check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No drop worth a warning (improvements included).
    Pass,
    /// A drop worth looking at.
    Warn,
    /// A significant regression.
    Fail,
}

impl Status {
    /// `pass`, `warn`, `fail`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// One metric's comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricCheck {
    /// Metric key (`bleu`, `chrf`, `chrf++`, `ter`).
    pub key: String,
    /// sacreBLEU's score name.
    pub name: String,
    /// The (shared) signature of both scores.
    pub signature: String,
    /// Baseline corpus score.
    pub baseline: f64,
    /// Candidate corpus score.
    pub candidate: f64,
    /// `candidate − baseline`, in metric points.
    pub delta: f64,
    /// The delta in quality: `delta` for BLEU and chrF, `−delta` for TER. Negative = worse.
    pub quality_delta: f64,
    /// 95 % percentile interval of `delta` over the paired bootstrap resamples.
    pub delta_ci: Option<[f64; 2]>,
    /// Paired-test p-value (sacreBLEU's, two-sided).
    pub p_value: f64,
    /// Estimated agreement with humans of a delta this size, in percent (Kocmi et al. 2024,
    /// [`crate::metrics::calibration`]; chrF++ uses chrF's curve); `None` for uncalibrated
    /// metrics (TER).
    pub agreement: Option<f64>,
    /// Thresholds applied.
    pub thresholds: MetricThresholds,
    /// This metric's status.
    pub status: Status,
    /// One sentence saying why.
    pub explanation: String,
}

/// A segment that lost quality, for the report's "lost most" list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentLoss {
    /// 1-based line number.
    pub line: usize,
    /// Sentence score of the baseline.
    pub baseline: f64,
    /// Sentence score of the candidate.
    pub candidate: f64,
    /// Quality delta (negative = worse).
    pub quality_delta: f64,
    /// The candidate's hypothesis (at most 300 characters).
    pub hypothesis: String,
    /// The first reference (at most 300 characters).
    pub reference: String,
}

/// Everything a renderer needs about one check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateReport {
    /// `mtmeter.check/1`.
    pub schema: String,
    /// The overall decision (after `fail_on_warn`).
    pub decision: Status,
    /// Test set name.
    pub test_set: String,
    /// Segments compared.
    pub segments: usize,
    /// Reference hashes.
    pub references: Vec<ContentHash>,
    /// Source hash, if known.
    pub source: Option<ContentHash>,
    /// The baseline system.
    pub baseline_system: ContentHash,
    /// The candidate system.
    pub candidate_system: ContentHash,
    /// `paired-bs` or `paired-ar`.
    pub test: String,
    /// Resamples or trials.
    pub samples: usize,
    /// Seed.
    pub seed: u64,
    /// Significance level.
    pub alpha: f64,
    /// Whether warnings fail.
    pub fail_on_warn: bool,
    /// Per metric, in the baseline's order.
    pub metrics: Vec<MetricCheck>,
    /// Which metric's sentence scores rank `lost_segments`.
    pub lost_metric: Option<String>,
    /// The segments that lost most (at most 10), worst first.
    pub lost_segments: Vec<SegmentLoss>,
}

impl GateReport {
    /// The process exit code: 1 on failure, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.decision == Status::Fail)
    }

    /// A one-line verdict: `FAIL: BLEU dropped 2.10 (p = 0.001) …`.
    pub fn verdict(&self) -> String {
        let failing: Vec<&MetricCheck> = self
            .metrics
            .iter()
            .filter(|m| m.status != Status::Pass)
            .collect();
        let head = match self.decision {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
        };
        let what = if failing.is_empty() {
            let improved: Vec<&str> = self
                .metrics
                .iter()
                .filter(|m| m.quality_delta > 0.0 && m.p_value < self.alpha)
                .map(|m| m.name.as_str())
                .collect();
            if improved.is_empty() {
                "no metric dropped past its warn threshold".to_owned()
            } else {
                format!(
                    "no regression; significantly better on {}",
                    improved.join(", ")
                )
            }
        } else {
            failing
                .iter()
                .map(|m| {
                    format!(
                        "{} {} by {:.2} (p = {:.4})",
                        m.name,
                        m.status.as_str(),
                        -m.quality_delta,
                        m.p_value
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        format!(
            "{head}: {} vs baseline {} on {}: {what}",
            self.candidate_system.name, self.baseline_system.name, self.test_set
        )
    }
}

/// Compare `corpus`'s only system with `baseline` for every metric in `specs` (keyed as in
/// the baseline).
pub fn check(
    baseline: &Baseline,
    corpus: &Corpus,
    specs: &[(String, MetricSpec)],
    opts: &GateOptions,
) -> Result<GateReport, GateError> {
    opts.validate()?;
    let [candidate] = corpus.systems.as_slice() else {
        return Err(GateError::Config(format!(
            "check compares one candidate system with the baseline; {} were given",
            corpus.systems.len()
        )));
    };
    compare_identity(baseline, corpus)?;
    let nrefs = corpus.references.len();
    let mut stored = Vec::with_capacity(specs.len());
    for (key, spec) in specs {
        let m = baseline.metric(key).ok_or_else(|| {
            let have: Vec<&str> = baseline.metrics.iter().map(|m| m.key.as_str()).collect();
            GateError::Mismatch(format!(
                "metric {key} is not in the baseline (it has {}); re-create the baseline with it",
                have.join(", ")
            ))
        })?;
        let sig = spec
            .signature(nrefs)
            .with_normalization(corpus.normalization);
        if sig != m.signature.fields {
            return Err(GateError::Mismatch(format!(
                "{key} signature differs: {}",
                signature_difference(&m.signature.fields, &sig)
            )));
        }
        if m.row_width != spec.row_width() {
            return Err(GateError::Mismatch(format!(
                "{key}: baseline rows have {} statistics, this configuration {}",
                m.row_width,
                spec.row_width()
            )));
        }
        stored.push(m);
    }
    if specs.is_empty() {
        return Err(GateError::Config("check: no metric to compare".to_owned()));
    }
    for (key, spec) in specs {
        if let MetricSpec::External(e) = spec {
            if e.calibration().is_none() && !opts.thresholds.contains_key(key) {
                return Err(GateError::Config(format!(
                    "{key} has no calibrated thresholds (Kocmi et al. 2024 calibrate COMET-22, CometKiwi-22 and xCOMET-XL); give its fail and warn thresholds, in points of the score as reported"
                )));
            }
            let names = [candidate.name.as_str()];
            e.check_systems(&names, corpus.len())
                .map_err(|e| GateError::Config(e.to_string()))?;
        }
    }

    let n = corpus.len();
    let kind = match opts.test {
        GateTest::Bs => PairedTestKind::Bootstrap,
        GateTest::Ar => PairedTestKind::ApproximateRandomization,
    };
    let mut popts = PairedOptions::new(kind);
    popts.n_samples = (opts.samples > 0).then_some(opts.samples);
    popts.seed = Some(Seed::Fixed(opts.seed));

    for (_, spec) in specs {
        spec.check_lengths(corpus)
            .map_err(|e| GateError::Config(e.to_string()))?;
    }
    let cand: Vec<MetricResult> = specs
        .iter()
        .map(|(key, spec)| run_metric(key, spec, corpus, false))
        .collect();

    // The pairs: system 0 the stored baseline, system 1 the candidate.
    let mut pairs: Vec<MetricResult> = Vec::with_capacity(specs.len());
    for (((key, spec), m), r) in specs.iter().zip(&stored).zip(cand) {
        let rows = m.flat_rows();
        let recomputed = spec.score_row(&column_sums(&rows, m.row_width));
        if (recomputed - m.score).abs() > 1e-9 * m.score.abs().max(1.0) {
            return Err(GateError::Config(format!(
                "baseline {key}: stored score {} but its statistics give {recomputed}; the file was edited or is corrupt",
                m.score
            )));
        }
        let base = SystemMetric {
            score: m.score,
            details: ScoreDetails::None {},
            rows,
            sentence: None,
        };
        let mut r = r;
        r.systems.insert(0, base);
        pairs.push(r);
    }
    let refs: Vec<(&MetricSpec, &MetricResult)> =
        specs.iter().map(|(_, s)| s).zip(pairs.iter()).collect();
    // One pass of paired bootstrap resampling per metric gives sacreBLEU's p-value (the
    // resamples `score --paired-bs` draws) and the interval of the difference. With AR the
    // p-value is AR's and the interval comes from 1000 bootstrap resamples.
    let sig_err = |e: crate::significance::SignificanceError| GateError::Config(e.to_string());
    let ci_samples = match kind {
        PairedTestKind::Bootstrap => popts.samples(),
        PairedTestKind::ApproximateRandomization => 1000,
    };
    let mut tested: Vec<(f64, [f64; 2])> = refs
        .par_iter()
        .map(|(spec, r)| {
            let pw = pairwise_bootstrap(spec, r, ci_samples, popts.seed).map_err(sig_err)?;
            let (lo, hi) = pw.delta_intervals[0][1].unwrap_or((0.0, 0.0));
            Ok((pw.p_values[0][1].unwrap_or(1.0), [lo, hi]))
        })
        .collect::<Result<_, GateError>>()?;
    if kind == PairedTestKind::ApproximateRandomization {
        let outcomes = paired_test(&refs, &popts).map_err(sig_err)?;
        for (t, out) in tested.iter_mut().zip(&outcomes) {
            t.0 = out[1].p_value.unwrap_or(1.0);
        }
    }

    let mut metrics = Vec::with_capacity(specs.len());
    for (((key, spec), r), &(p_value, ci)) in specs.iter().zip(&pairs).zip(&tested) {
        let thresholds = opts.thresholds_for(key);
        let baseline_score = r.systems[0].score;
        let candidate_score = r.systems[1].score;
        let delta = candidate_score - baseline_score;
        let sign = if spec.higher_is_better() { 1.0 } else { -1.0 };
        let quality_delta = sign * delta;
        let agreement = human_agreement(&r.name, delta);
        let status = decide(quality_delta, p_value, &thresholds, opts.alpha);
        let explanation = explain(
            &r.name,
            baseline_score,
            candidate_score,
            quality_delta,
            ci,
            p_value,
            agreement,
            &thresholds,
            status,
            opts.alpha,
        );
        metrics.push(MetricCheck {
            key: key.clone(),
            name: r.name.clone(),
            signature: r.signature.format(false),
            baseline: baseline_score,
            candidate: candidate_score,
            delta,
            quality_delta,
            delta_ci: Some(ci),
            p_value,
            agreement,
            thresholds,
            status,
            explanation,
        });
    }

    let worst = metrics
        .iter()
        .map(|m| m.status)
        .max()
        .unwrap_or(Status::Pass);
    let decision = if worst == Status::Warn && opts.fail_on_warn {
        Status::Fail
    } else {
        worst
    };
    let (lost_metric, lost_segments) = lost_segments(specs, &pairs, corpus, candidate);
    Ok(GateReport {
        schema: "mtmeter.check/1".to_owned(),
        decision,
        test_set: baseline.test_set.name.clone(),
        segments: n,
        references: baseline.test_set.references.clone(),
        source: baseline.test_set.source.clone(),
        baseline_system: baseline.system.clone(),
        candidate_system: ContentHash::of(candidate),
        test: format!("paired-{}", kind.key()),
        samples: popts.samples(),
        seed: opts.seed,
        alpha: opts.alpha,
        fail_on_warn: opts.fail_on_warn,
        metrics,
        lost_metric,
        lost_segments,
    })
}

/// The decision for one metric (see the module documentation).
pub fn decide(quality_delta: f64, p_value: f64, t: &MetricThresholds, alpha: f64) -> Status {
    let drop = -quality_delta;
    if drop <= 0.0 {
        Status::Pass
    } else if drop >= t.fail && p_value < alpha {
        Status::Fail
    } else if drop >= t.warn {
        Status::Warn
    } else {
        Status::Pass
    }
}

#[allow(clippy::too_many_arguments)]
fn explain(
    name: &str,
    base: f64,
    cand: f64,
    qd: f64,
    ci: [f64; 2],
    p: f64,
    agreement: Option<f64>,
    t: &MetricThresholds,
    status: Status,
    alpha: f64,
) -> String {
    let moved = if qd < 0.0 {
        "dropped"
    } else if qd > 0.0 {
        "improved"
    } else {
        "did not change"
    };
    let agree = agreement.map_or_else(
        || "no human-agreement calibration for this metric".to_owned(),
        |a| format!("humans agree with a delta this size {a:.0}% of the time"),
    );
    let why = match status {
        Status::Fail => format!(
            "the drop reaches the fail threshold {:.2} and is significant (p < {alpha})",
            t.fail
        ),
        Status::Warn if -qd >= t.fail => format!(
            "the drop reaches the fail threshold {:.2} but is not significant (p >= {alpha})",
            t.fail
        ),
        Status::Warn => format!("the drop reaches the warn threshold {:.2}", t.warn),
        Status::Pass if qd < 0.0 => format!("below the warn threshold {:.2}", t.warn),
        Status::Pass => "no drop".to_owned(),
    };
    format!(
        "{name} {moved} by {:.2} ({base:.2} -> {cand:.2}, 95% CI of the change [{:.2}, {:.2}], p = {p:.4}); {agree}; {why}",
        qd.abs(),
        ci[0],
        ci[1]
    )
}

fn compare_identity(b: &Baseline, corpus: &Corpus) -> Result<(), GateError> {
    let ts = &b.test_set;
    if ts.segments != corpus.len() {
        return Err(GateError::Mismatch(format!(
            "the baseline has {} segments, the candidate's test set {}",
            ts.segments,
            corpus.len()
        )));
    }
    let now: Vec<ContentHash> = corpus.references.iter().map(ContentHash::of).collect();
    if now.len() != ts.references.len() {
        return Err(GateError::Mismatch(format!(
            "the baseline was scored against {} reference(s), the candidate against {}",
            ts.references.len(),
            now.len()
        )));
    }
    for (i, (a, c)) in ts.references.iter().zip(&now).enumerate() {
        if a.sha256 != c.sha256 {
            let moved = ts.references.iter().any(|r| r.sha256 == c.sha256);
            return Err(GateError::Mismatch(format!(
                "reference #{} differs: baseline {} (sha256 {}), candidate {} (sha256 {}){}",
                i + 1,
                a.name,
                short(&a.sha256),
                c.name,
                short(&c.sha256),
                if moved {
                    "; the same references in another order"
                } else {
                    ""
                }
            )));
        }
    }
    // A source is optional on either side; when both have one it must be the same.
    if let (Some(a), Some(src)) = (&ts.source, &corpus.source) {
        let c = ContentHash::of(src);
        if a.sha256 != c.sha256 {
            return Err(GateError::Mismatch(format!(
                "the source differs: baseline sha256 {}, candidate {} (sha256 {})",
                short(&a.sha256),
                src.path,
                short(&c.sha256)
            )));
        }
    }
    Ok(())
}

fn short(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

/// `field baseline→candidate` for every field that differs.
fn signature_difference(
    base: &crate::metrics::Signature,
    cand: &crate::metrics::Signature,
) -> String {
    let b = base.format(false);
    let c = cand.format(false);
    let fields = |s: &str| -> Vec<(String, String)> {
        s.split('|')
            .filter_map(|f| f.split_once(':'))
            .filter(|(k, _)| *k != "version")
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    };
    let (fb, fc) = (fields(&b), fields(&c));
    let mut out = Vec::new();
    for (k, v) in &fb {
        match fc.iter().find(|(kc, _)| kc == k) {
            Some((_, vc)) if vc != v => out.push(format!("{k} {v} (baseline) vs {vc} (candidate)")),
            None => out.push(format!("{k} {v} only in the baseline")),
            _ => {}
        }
    }
    for (k, v) in &fc {
        if !fb.iter().any(|(kb, _)| kb == k) {
            out.push(format!("{k} {v} only in the candidate"));
        }
    }
    if out.is_empty() {
        out.push(format!("baseline {b} vs candidate {c}"));
    }
    out.join(", ")
}

fn column_sums(rows: &[f64], width: usize) -> Vec<f64> {
    let mut acc = vec![0.0; width];
    for row in rows.chunks_exact(width.max(1)) {
        for (a, x) in acc.iter_mut().zip(row) {
            *a += x;
        }
    }
    acc
}

/// The ten segments whose sentence score lost most, ranked by chrF (a sound sentence-level
/// metric) if checked, else by the first metric (BLEU with effective order, as sacreBLEU's
/// sentence BLEU).
fn lost_segments(
    specs: &[(String, MetricSpec)],
    pairs: &[MetricResult],
    corpus: &Corpus,
    candidate: &crate::corpus::TextFile,
) -> (Option<String>, Vec<SegmentLoss>) {
    let pick = specs
        .iter()
        .position(|(_, s)| matches!(s, MetricSpec::Chrf(_)))
        .unwrap_or(0);
    let (Some((key, spec)), Some(r)) = (specs.get(pick), pairs.get(pick)) else {
        return (None, Vec::new());
    };
    let sentence_bleu;
    let scorer: &MetricSpec = match spec {
        MetricSpec::Bleu(b) => {
            let mut c = b.config().clone();
            c.effective_order = true;
            match Bleu::new(c) {
                Ok(m) => {
                    sentence_bleu = MetricSpec::Bleu(m);
                    &sentence_bleu
                }
                Err(_) => spec,
            }
        }
        _ => spec,
    };
    let w = r.row_width.max(1);
    let sign = if spec.higher_is_better() { 1.0 } else { -1.0 };
    let mut losses: Vec<(usize, f64, f64, f64)> = r.systems[0]
        .rows
        .chunks_exact(w)
        .zip(r.systems[1].rows.chunks_exact(w))
        .enumerate()
        .filter_map(|(i, (a, b))| {
            let (sa, sb) = (scorer.score_row(a), scorer.score_row(b));
            let qd = sign * (sb - sa);
            (qd < 0.0).then_some((i, sa, sb, qd))
        })
        .collect();
    losses.sort_by(|x, y| x.3.total_cmp(&y.3).then(x.0.cmp(&y.0)));
    let clip = |s: &str| -> String { s.chars().take(300).collect() };
    let out = losses
        .into_iter()
        .take(10)
        .map(|(i, sa, sb, qd)| SegmentLoss {
            line: i + 1,
            baseline: sa,
            candidate: sb,
            quality_delta: qd,
            hypothesis: clip(candidate.line(i)),
            reference: corpus
                .references
                .first()
                .map_or_else(String::new, |r| clip(r.line(i))),
        })
        .collect();
    (Some(key.clone()), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: MetricThresholds = MetricThresholds {
        fail: 1.39,
        warn: 0.78,
    };

    /// Both sides of each threshold, with and without significance.
    #[test]
    fn decision_table() {
        let cases = [
            (0.5, 0.001, Status::Pass),   // improvement, significant
            (3.0, 0.001, Status::Pass),   // big improvement
            (0.0, 1.0, Status::Pass),     // identical
            (-0.77, 0.001, Status::Pass), // just under warn
            (-0.78, 0.5, Status::Warn),   // at warn, not significant
            (-1.38, 0.001, Status::Warn), // just under fail, significant
            (-1.39, 0.001, Status::Fail), // at fail, significant
            (-1.39, 0.05, Status::Warn),  // at fail, p not below alpha
            (-5.0, 0.2, Status::Warn),    // large but noisy
        ];
        for (qd, p, want) in cases {
            assert_eq!(decide(qd, p, &T, 0.05), want, "Δ {qd}, p {p}");
        }
    }

    #[test]
    fn signature_difference_names_the_field() {
        let mut a = crate::metrics::Signature::new(2);
        a.push("tok", "tok", "13a");
        let mut b = crate::metrics::Signature::new(2);
        b.push("tok", "tok", "intl");
        assert_eq!(
            signature_difference(&a, &b),
            "tok 13a (baseline) vs intl (candidate)"
        );
    }
}
