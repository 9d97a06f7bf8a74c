//! The paired test of every system against a baseline, for every metric: sacreBLEU's
//! `PairedTest` with `_paired_bs_test` and `_paired_ar_test`. Options, outcomes and the loop
//! over (metric, system) pairs; the draws come from `draws`, the numbers from
//! [`super::bootstrap`] and `randomization`. Statistics only, never text.

use std::sync::Arc;

use rayon::prelude::*;

use super::bootstrap::{p_value_of, paired_bs_p_value, scores_from_sums};
use super::draws::{BoolDraws, ChoiceDraws, Draws, PairedDraws};
use super::numpy32::{self, Num, ScoreArray};
use super::randomization::{ar_abs_diffs, ar_abs_diffs_from_sums, ar_shared_sums};
use super::resample::{Rows32, bootstrap_sums};
use super::{Seed, SignificanceError};
use crate::metrics::{MetricSpec, Signature};
use crate::scoring::MetricResult;

/// The paired test to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairedTestKind {
    /// Paired bootstrap resampling (`--paired-bs`, Koehn 2004).
    Bootstrap,
    /// Paired approximate randomization (`--paired-ar`, Riezler & Maxwell 2005).
    ApproximateRandomization,
}

impl PairedTestKind {
    /// sacreBLEU's `test_type` and signature key: `bs` or `ar`.
    pub fn key(self) -> &'static str {
        match self {
            PairedTestKind::Bootstrap => "bs",
            PairedTestKind::ApproximateRandomization => "ar",
        }
    }
    /// `PairedTest._DEFAULT_SAMPLES`: 1000 resamples or 10000 trials.
    pub fn default_samples(self) -> usize {
        match self {
            PairedTestKind::Bootstrap => 1000,
            PairedTestKind::ApproximateRandomization => 10000,
        }
    }
}

/// Options of a paired test, as `PairedTest.__init__` takes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedOptions {
    /// Bootstrap or approximate randomization.
    pub kind: PairedTestKind,
    /// Resamples (bootstrap) or trials (AR); `None` = the kind's default.
    pub n_samples: Option<usize>,
    /// AR only: bootstrap resamples for confidence intervals (sacreBLEU's `n_ar_confidence`);
    /// `None` = no intervals, as on sacreBLEU's command line.
    pub n_ar_confidence: Option<usize>,
    /// Explicit seed; `None` = `SACREBLEU_SEED` or 12345.
    pub seed: Option<Seed>,
}

impl PairedOptions {
    /// Defaults of the sacreBLEU command line for `kind`.
    pub fn new(kind: PairedTestKind) -> Self {
        Self {
            kind,
            n_samples: None,
            n_ar_confidence: None,
            seed: None,
        }
    }
    /// Resamples or trials actually used.
    pub fn samples(&self) -> usize {
        self.n_samples.unwrap_or(self.kind.default_samples())
    }
    /// AR confidence resamples actually used (0 = off).
    pub fn ar_confidence(&self) -> usize {
        match self.kind {
            PairedTestKind::ApproximateRandomization => self.n_ar_confidence.unwrap_or(0),
            PairedTestKind::Bootstrap => 0,
        }
    }
    /// Resamples for the baseline's confidence interval (`confidence_n`).
    pub(super) fn baseline_confidence(&self) -> usize {
        match self.kind {
            PairedTestKind::Bootstrap => self.samples(),
            PairedTestKind::ApproximateRandomization => self.ar_confidence(),
        }
    }

    /// The metric signature of a paired test: sacreBLEU adds `seed`, `bs:N` or `ar:N`, and
    /// `bs:N` for AR confidence intervals (which overwrites `bs` of a bootstrap test).
    pub fn signature(&self, base: &Signature, seed: Seed) -> Signature {
        let mut sig = base.clone();
        let mut bs = None;
        let mut ar = None;
        match self.kind {
            PairedTestKind::Bootstrap => bs = Some(self.samples()),
            PairedTestKind::ApproximateRandomization => ar = Some(self.samples()),
        }
        if self.ar_confidence() > 0 {
            bs = Some(self.ar_confidence());
        }
        if let Some(n) = bs {
            sig.insert_after_nrefs("bs", "bs", n.to_string());
        }
        if let Some(n) = ar {
            sig.insert_after_nrefs("ar", "ar", n.to_string());
        }
        sig.insert_after_nrefs("seed", "rs", seed.signature_value());
        sig
    }
}

/// One system's result for one metric in a paired test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedOutcome {
    /// Corpus score (float64 path).
    pub score: f64,
    /// p-value against the baseline (`None` for the baseline).
    pub p_value: Option<f64>,
    /// Mean of the bootstrap scores, where computed.
    pub mean: Option<f64>,
    /// Half-width of the 95 % interval, where computed.
    pub half_width: Option<f64>,
}

/// Run a paired test of every system against system 0 (the baseline) for every metric.
///
/// `metrics` pairs each metric with its scoring result (all systems, statistics rows). Returns,
/// per metric, per system, sacreBLEU's `Result(score, p_value, mean, ci)`; system 0 has no
/// p-value, and its mean/half-width come from its own bootstrap (`_bootstrap_resample`).
pub fn paired_test(
    metrics: &[(&MetricSpec, &MetricResult)],
    options: &PairedOptions,
) -> Result<Vec<Vec<PairedOutcome>>, SignificanceError> {
    let Some((_, first)) = metrics.first() else {
        return Ok(Vec::new());
    };
    let n = first
        .systems
        .first()
        .map_or(0, |s| s.rows.len() / first.row_width.max(1));
    let draws = PairedDraws::new(options, n, first.systems.len())?;
    paired_test_with(metrics, &draws)
}

/// [`paired_test`] with draws made beforehand by [`PairedDraws::new`] (with the same options).
pub fn paired_test_with(
    metrics: &[(&MetricSpec, &MetricResult)],
    draws: &PairedDraws,
) -> Result<Vec<Vec<PairedOutcome>>, SignificanceError> {
    let Some((_, first)) = metrics.first() else {
        return Ok(Vec::new());
    };
    let (n, n_systems) = (draws.n_segments, draws.n_systems);
    if first.systems.len() != n_systems {
        return Err(SignificanceError::Mismatch(format!(
            "drawn for {n_systems} systems but {} were scored",
            first.systems.len()
        )));
    }
    for (_, r) in metrics {
        if r.systems.len() != n_systems || r.systems.iter().any(|s| s.rows.len() != n * r.row_width)
        {
            return Err(SignificanceError::Mismatch(
                "metrics disagree on systems or segments".to_owned(),
            ));
        }
    }
    let (base_idx, draws) = (&draws.base_idx, &draws.draws);

    // Every metric's and system's rows side by side, for bootstrap resampling only (AR without
    // intervals sums the originals): one read per drawn segment serves them all.
    let resamples = base_idx.is_some()
        || draws
            .iter()
            .any(|d| !matches!(&**d, Draws::Randomization { bs_idx: None, .. }));
    let rows32 = resamples.then(|| {
        let blocks: Vec<(&[f64], usize)> = metrics
            .iter()
            .flat_map(|(_, r)| r.systems.iter().map(|s| (s.rows.as_slice(), r.row_width)))
            .collect();
        Rows32::from_blocks(&blocks)
    });

    let sums = ResampleSums::new(metrics, base_idx, draws, rows32, n_systems);

    let tasks: Vec<(usize, usize)> = (0..metrics.len())
        .flat_map(|m| (1..n_systems).map(move |s| (m, s)))
        .collect();
    // sacreBLEU's `_paired_bs_test` / `_paired_ar_test` per (metric, system); `sums` supplies the
    // resampled scores, from one shared pass where the draws allow it.
    let outcomes: Vec<PairedOutcome> = tasks
        .par_iter()
        .map(|&(m, s)| {
            let r = metrics[m].1;
            let sys_score = r.systems[s].score;
            let diff = (r.systems[0].score - sys_score).abs();
            match &*draws[s - 1] {
                Draws::Bootstrap(idx) => {
                    let bl = ScoreArray::from_nums(&sums.baseline_scores(m, idx));
                    let sys = ScoreArray::from_nums(&sums.bootstrap_scores(m, s, idx));
                    let (mean, ci) = numpy32::estimate_ci_numpy(&sys);
                    PairedOutcome {
                        score: sys_score,
                        p_value: Some(paired_bs_p_value(&sys, &bl, diff)),
                        mean: Some(mean),
                        half_width: Some(ci),
                    }
                }
                Draws::Randomization { sel, bs_idx } => {
                    let abs_diffs = sums.ar_abs_diffs(m, s, sel);
                    let ci = bs_idx.as_ref().map(|idx| {
                        let sc = sums.ar_confidence_scores(m, s, idx);
                        numpy32::estimate_ci_numpy(&ScoreArray::from_nums(&sc))
                    });
                    PairedOutcome {
                        score: sys_score,
                        p_value: Some(p_value_of(abs_diffs.iter().copied(), diff, abs_diffs.len())),
                        mean: ci.map(|c| c.0),
                        half_width: ci.map(|c| c.1),
                    }
                }
            }
        })
        .collect();

    Ok(metrics
        .iter()
        .enumerate()
        .map(|(m, (_, r))| {
            let base_ci = sums.base_scores[m]
                .as_ref()
                .map(|sc| numpy32::estimate_ci_numpy(&ScoreArray::from_nums(sc)));
            let mut v = vec![PairedOutcome {
                score: r.systems[0].score,
                p_value: None,
                mean: base_ci.map(|c| c.0),
                half_width: base_ci.map(|c| c.1),
            }];
            v.extend_from_slice(&outcomes[m * (n_systems - 1)..(m + 1) * (n_systems - 1)]);
            v
        })
        .collect())
}

/// Bootstrap scores of columns `at` of `rows` (one metric's system) over `idx`.
fn column_scores(
    spec: &MetricSpec,
    rows: &Rows32,
    at: std::ops::Range<usize>,
    idx: &ChoiceDraws,
) -> Vec<Num> {
    let w = at.len();
    scores_from_sums(spec, &bootstrap_sums(rows, at, idx), w, 0..w)
}

/// The resampled scores of a paired test, with the shortcuts a shared draw allows hidden inside:
/// when every comparison uses one draw (a fixed seed), all systems' resample sums of a metric
/// come from one pass (`bootstrap_sums`, `ar_shared_sums`); otherwise each system is
/// resampled on its own. Either way the numbers are the same bits.
struct ResampleSums<'a> {
    metrics: &'a [(&'a MetricSpec, &'a MetricResult)],
    base_idx: &'a Option<Arc<ChoiceDraws>>,
    /// Rows of every metric and system side by side (`None` when nothing is bootstrapped):
    /// metric `m`'s systems from column `offsets[m]`, `row_width` columns each.
    rows32: Option<Rows32>,
    offsets: Vec<usize>,
    /// Columns of `rows32`.
    total: usize,
    n_systems: usize,
    /// Bootstrap sums of every metric and system over the baseline's own draws.
    shared_sums: Option<Vec<f32>>,
    /// Approximate randomization's shuffled sums of every system, per metric, where exact.
    shared_ar: Vec<Option<Vec<f32>>>,
    /// AR confidence intervals' bootstrap sums of every metric and system.
    shared_ar_ci: Option<Vec<f32>>,
    /// The baseline's own bootstrap scores per metric (for its interval).
    base_scores: Vec<Option<Vec<Num>>>,
}

impl<'a> ResampleSums<'a> {
    fn new(
        metrics: &'a [(&'a MetricSpec, &'a MetricResult)],
        base_idx: &'a Option<Arc<ChoiceDraws>>,
        draws: &[Arc<Draws>],
        rows32: Option<Rows32>,
        n_systems: usize,
    ) -> Self {
        let offsets: Vec<usize> = metrics
            .iter()
            .scan(0, |at, (_, r)| {
                let o = *at;
                *at += n_systems * r.row_width;
                Some(o)
            })
            .collect();
        let total: usize = metrics.iter().map(|(_, r)| n_systems * r.row_width).sum();
        let rows = || rows32.as_ref().expect("rows for resampling");
        // When every comparison resamples with the baseline's own draws (a fixed seed, the usual
        // case), all systems' resample sums come from one pass over those draws per metric.
        let shared_sums: Option<Vec<f32>> = match (&base_idx, draws.first().map(|d| &**d)) {
            (Some(b), Some(Draws::Bootstrap(idx)))
                if Arc::ptr_eq(b, idx)
                    && draws
                        .iter()
                        .all(|d| matches!(&**d, Draws::Bootstrap(i) if Arc::ptr_eq(i, b))) =>
            {
                Some(bootstrap_sums(rows(), 0..total, b))
            }
            _ => None,
        };

        // Approximate randomization with one draw shared by every comparison (a fixed seed): per
        // metric, every system's shuffled sums in one product, where that is exact.
        let shared_ar: Vec<Option<Vec<f32>>> = match draws.first().map(|d| &**d) {
            Some(Draws::Randomization { sel, .. })
                if draws.iter().all(|d| Arc::ptr_eq(d, &draws[0])) =>
            {
                metrics
                    .par_iter()
                    .map(|(_, r)| ar_shared_sums(r, sel))
                    .collect()
            }
            _ => vec![None; metrics.len()],
        };

        // AR confidence intervals (`--paired-ar --confidence`) from one bootstrap draw shared by
        // every comparison: all systems' resample sums in one pass per metric, as for `--paired-bs`.
        let shared_ar_ci: Option<Vec<f32>> = match draws.first().map(|d| &**d) {
            Some(Draws::Randomization {
                bs_idx: Some(idx), ..
            }) if draws.iter().all(|d| Arc::ptr_eq(d, &draws[0])) => {
                Some(bootstrap_sums(rows(), 0..total, idx))
            }
            _ => None,
        };

        // Baseline bootstrap scores per metric.
        let base_scores: Vec<Option<Vec<Num>>> = metrics
            .par_iter()
            .enumerate()
            .map(|(m, (spec, r))| {
                let at = offsets[m]..offsets[m] + r.row_width;
                match &shared_sums {
                    Some(sums) => Some(scores_from_sums(spec, sums, total, at)),
                    None => base_idx
                        .as_ref()
                        .map(|idx| column_scores(spec, rows(), at, idx)),
                }
            })
            .collect();

        Self {
            metrics,
            base_idx,
            rows32,
            offsets,
            total,
            n_systems,
            shared_sums,
            shared_ar,
            shared_ar_ci,
            base_scores,
        }
    }

    /// Columns of metric `m`, system `s` in `rows32` and in shared sums.
    fn columns(&self, m: usize, s: usize) -> std::ops::Range<usize> {
        let w = self.metrics[m].1.row_width;
        let at = self.offsets[m] + s * w;
        at..at + w
    }

    /// Metric `m`, system `s`'s bootstrap scores over `idx`, resampled on their own.
    fn own_scores(&self, m: usize, s: usize, idx: &ChoiceDraws) -> Vec<Num> {
        let rows = self.rows32.as_ref().expect("rows for resampling");
        column_scores(self.metrics[m].0, rows, self.columns(m, s), idx)
    }

    /// The baseline's bootstrap scores over `idx` (its own, when `idx` is the baseline's draw).
    fn baseline_scores(&self, m: usize, idx: &Arc<ChoiceDraws>) -> Vec<Num> {
        match (self.base_idx, &self.base_scores[m]) {
            (Some(b), Some(sc)) if Arc::ptr_eq(b, idx) => sc.clone(),
            _ => self.own_scores(m, 0, idx),
        }
    }

    /// System `s`'s bootstrap scores over `idx`.
    fn bootstrap_scores(&self, m: usize, s: usize, idx: &ChoiceDraws) -> Vec<Num> {
        match &self.shared_sums {
            Some(sums) => scores_from_sums(self.metrics[m].0, sums, self.total, self.columns(m, s)),
            None => self.own_scores(m, s, idx),
        }
    }

    /// Every trial's `|score(shuf_a) - score(shuf_b)|` of system `s` against the baseline.
    fn ar_abs_diffs(&self, m: usize, s: usize, sel: &BoolDraws) -> Vec<f64> {
        let (spec, r) = self.metrics[m];
        let w = r.row_width;
        let (bl, sys) = (&r.systems[0].rows, &r.systems[s].rows);
        match &self.shared_ar[m] {
            Some(sums) => {
                let stride = (self.n_systems - 1) * w;
                ar_abs_diffs_from_sums(spec, bl, sys, w, sums, stride, (s - 1) * w)
            }
            None => ar_abs_diffs(spec, bl, sys, w, sel),
        }
    }

    /// System `s`'s bootstrap scores for its AR confidence interval.
    fn ar_confidence_scores(&self, m: usize, s: usize, idx: &ChoiceDraws) -> Vec<Num> {
        match &self.shared_ar_ci {
            Some(sums) => scores_from_sums(self.metrics[m].0, sums, self.total, self.columns(m, s)),
            None => self.own_scores(m, s, idx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{CorpusDir, LoadOptions, Loader};
    use crate::metrics::{Bleu, BleuConfig, Chrf, ChrfConfig, Ter, TerConfig};
    use crate::scoring::run_metric;

    /// The same draws, but one copy per comparison: the shortcuts for a shared draw are not
    /// taken, so every system is resampled on its own.
    fn unshared(d: &PairedDraws) -> PairedDraws {
        let mut u = d.clone();
        u.draws = d.draws.iter().map(|x| Arc::new((**x).clone())).collect();
        u
    }

    #[test]
    fn shared_draw_shortcuts_give_the_per_system_numbers() {
        let corpus = CorpusDir {
            path: concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/demo").into(),
        }
        .load(&LoadOptions::default())
        .unwrap();
        let specs = [
            MetricSpec::Bleu(Bleu::new(BleuConfig::default()).unwrap()),
            MetricSpec::Chrf(Chrf::new(ChrfConfig::default()).unwrap()),
            MetricSpec::Ter(Ter::new(TerConfig::default())),
        ];
        let results: Vec<MetricResult> = specs
            .iter()
            .map(|m| run_metric("m", m, &corpus, false))
            .collect();
        let pairs: Vec<_> = specs.iter().zip(&results).collect();
        let mut ar = PairedOptions::new(PairedTestKind::ApproximateRandomization);
        ar.n_ar_confidence = Some(1000); // intervals too: 1000 bootstrap resamples
        for options in [PairedOptions::new(PairedTestKind::Bootstrap), ar] {
            let draws = PairedDraws::new(&options, corpus.len(), corpus.systems.len()).unwrap();
            let shared = paired_test_with(&pairs, &draws).unwrap();
            let apart = paired_test_with(&pairs, &unshared(&draws)).unwrap();
            let bits = |o: &PairedOutcome| {
                (
                    o.p_value.map(f64::to_bits),
                    o.mean.map(f64::to_bits),
                    o.half_width.map(f64::to_bits),
                )
            };
            for (m, (a, b)) in shared.iter().zip(&apart).enumerate() {
                for (s, (x, y)) in a.iter().zip(b).enumerate() {
                    assert!(
                        x.mean.is_some(),
                        "{:?}: interval of system {s}",
                        options.kind
                    );
                    assert_eq!(bits(x), bits(y), "{:?} metric {m} system {s}", options.kind);
                }
            }
        }
    }
}
