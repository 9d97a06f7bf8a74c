//! Bootstrap resampling: the float32 scores of resampled statistics, single-system confidence
//! intervals (`--confidence`), the paired bootstrap p-value (`_paired_bs_test`) and every pair
//! of systems compared at once ([`pairwise_bootstrap`]). Works on statistics rows only.

use rayon::prelude::*;

use super::draws::ChoiceDraws;
use super::numpy32::{self, Num, ScoreArray};
use super::resample::{Rows32, bootstrap_sums};
use super::{Seed, SignificanceError};
use crate::metrics::MetricSpec;
use crate::scoring::MetricResult;

/// Confidence interval from bootstrap resampling: mean of the resampled scores and half the
/// width of the 95 % interval (sacreBLEU's `μ ± ci`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Confidence {
    /// Mean of the bootstrap scores.
    pub mean: f64,
    /// Half-width of the 95 % interval.
    pub half_width: f64,
}

/// A float32 scorer over a statistics row: `metric._compute_score_from_stats(row).score`.
pub(super) fn score_f32(spec: &MetricSpec, row: &[f32]) -> Num {
    match spec {
        MetricSpec::Bleu(m) => Num::Py(numpy32::bleu_score_f32(m.config(), row)),
        MetricSpec::Chrf(m) => numpy32::chrf_score_f32(m.config(), row),
        MetricSpec::Ter(_) => numpy32::ter_score_f32(row),
        MetricSpec::External(m) => m.score_f32(row),
    }
}

/// Scores of every resample of system `s`: `[metric._compute_score_from_stats(_s.sum(0)).score
/// for _s in stats_np[idxs]]`, with `stats_np` the system's rows as float32.
pub(super) fn bootstrap_scores(
    spec: &MetricSpec,
    rows: &Rows32,
    s: usize,
    width: usize,
    draws: &ChoiceDraws,
) -> Vec<Num> {
    let sums = bootstrap_sums(rows, s * width..(s + 1) * width, draws);
    scores_from_sums(spec, &sums, width, 0..width)
}

/// The bootstrap scores of one system from [`bootstrap_sums`] of several side by side: each
/// resample's sums are `stride` values, the system's are `at`.
pub(super) fn scores_from_sums(
    spec: &MetricSpec,
    sums: &[f32],
    stride: usize,
    at: std::ops::Range<usize>,
) -> Vec<Num> {
    sums.chunks_exact(stride)
        .map(|row| score_f32(spec, &row[at.clone()]))
        .collect()
}

/// Single-system bootstrap confidence interval, as `sacrebleu --confidence` computes it
/// (`metric.corpus_score(..., n_bootstrap)`: `_bootstrap_resample` with
/// `default_rng(SACREBLEU_SEED)`, then `Score.estimate_ci`).
pub fn confidence(
    spec: &MetricSpec,
    rows: &[f64],
    width: usize,
    n_samples: usize,
    seed: Option<Seed>,
) -> Result<Confidence, SignificanceError> {
    let seed = Seed::resolve(seed)?;
    let n = rows.len() / width;
    if n == 0 || n_samples == 0 {
        return Err(SignificanceError::Empty("confidence"));
    }
    let draws = ChoiceDraws::new(&mut seed.generator(), n, n_samples);
    let scores = bootstrap_scores(spec, &Rows32::new(&[rows], width), 0, width, &draws);
    let (mean, half_width) = numpy32::estimate_ci_python(&scores);
    Ok(Confidence { mean, half_width })
}

/// [`confidence`] for every system of one metric's result, in system order.
///
/// With a fixed seed every system resamples with the same draws (sacreBLEU seeds a fresh
/// `default_rng(seed)` per call), so they are drawn once and every system's resample sums
/// come from one pass (`bootstrap_sums`); the numbers are those of [`confidence`]
/// called system by system. With OS entropy each system draws its own resamples.
pub fn confidence_intervals(
    spec: &MetricSpec,
    result: &MetricResult,
    n_samples: usize,
    seed: Option<Seed>,
) -> Result<Vec<Confidence>, SignificanceError> {
    let seed = Seed::resolve(seed)?;
    let width = result.row_width.max(1);
    let n = result.systems.first().map_or(0, |s| s.rows.len() / width);
    if n == 0 || n_samples == 0 {
        return Err(SignificanceError::Empty("confidence"));
    }
    let ci = |scores: &[Num]| {
        let (mean, half_width) = numpy32::estimate_ci_python(scores);
        Confidence { mean, half_width }
    };
    match seed {
        Seed::Fixed(_) => {
            let draws = ChoiceDraws::new(&mut seed.generator(), n, n_samples);
            let (rows, n_systems) = (all_rows(result), result.systems.len());
            let sums = bootstrap_sums(&rows, 0..n_systems * result.row_width, &draws);
            Ok((0..n_systems)
                .into_par_iter()
                .map(|s| {
                    let w = result.row_width;
                    ci(&scores_from_sums(
                        spec,
                        &sums,
                        n_systems * w,
                        s * w..(s + 1) * w,
                    ))
                })
                .collect())
        }
        Seed::Entropy => result
            .systems
            .par_iter()
            .map(|s| confidence(spec, &s.rows, result.row_width, n_samples, Some(seed)))
            .collect(),
    }
}

/// Every system's rows of one metric's result, side by side in float32.
pub(super) fn all_rows(result: &MetricResult) -> Rows32 {
    let systems: Vec<&[f64]> = result.systems.iter().map(|s| s.rows.as_slice()).collect();
    Rows32::new(&systems, result.row_width)
}

/// `_compute_p_value`: `(sum(stats > real_difference) + 1) / (len(stats) + 1)`.
pub(super) fn p_value_of<T: numpy32::Float>(
    stats: impl Iterator<Item = T>,
    real: T,
    len: usize,
) -> f64 {
    let c = stats.filter(|&s| s > real).count();
    (c + 1) as f64 / (len + 1) as f64
}

/// The paired bootstrap p-value: `sample_diffs = abs(sys - bl)`, `stats = sample_diffs -
/// sample_diffs.mean()`, compared with `diff` (a Python float, weak against float32 arrays).
pub(super) fn paired_bs_p_value(sys: &ScoreArray, bl: &ScoreArray, diff: f64) -> f64 {
    fn go<T: numpy32::Float>(
        sys: &[T],
        bl: &[T],
        real: T,
        abs: impl Fn(T) -> T,
        div: impl Fn(T, usize) -> T,
    ) -> f64 {
        let d: Vec<T> = sys.iter().zip(bl).map(|(&a, &b)| abs(a - b)).collect();
        let mean = div(T::ZERO + numpy32::pairwise_sum(&d), d.len());
        p_value_of(d.iter().map(|&x| x - mean), real, d.len())
    }
    match (sys, bl) {
        (ScoreArray::F32(s), ScoreArray::F32(b)) => {
            go(s, b, diff as f32, f32::abs, |x, n| x / n as f32)
        }
        _ => {
            let wide = |a: &ScoreArray| match a {
                ScoreArray::F32(v) => v.iter().map(|&x| f64::from(x)).collect(),
                ScoreArray::F64(v) => v.clone(),
            };
            go(&wide(sys), &wide(bl), diff, f64::abs, |x, n| x / n as f64)
        }
    }
}

/// Every pair of systems compared by paired bootstrap resampling ([`pairwise_bootstrap`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PairwiseBootstrap {
    /// `[i][j]`: the p-value sacreBLEU's `PairedTest` prints for system `j` with system `i` as
    /// the baseline (`None` on the diagonal). Symmetric: `_paired_bs_test` compares
    /// `abs(sys - bl)` with `abs(score_sys - score_bl)`.
    pub p_values: Vec<Vec<Option<f64>>>,
    /// `[i][j]`: the 95 % percentile interval of the resampled `score_j - score_i` (linear
    /// interpolation between order statistics, numpy's default), `None` on the diagonal.
    pub delta_intervals: Vec<Vec<Option<(f64, f64)>>>,
}

/// Compare every pair of systems by paired bootstrap resampling.
///
/// With a fixed, non-zero seed sacreBLEU draws the same resamples for every comparison and for
/// the baseline's own interval, so each system's bootstrap scores are computed once (one pass
/// over the draws for all systems) and a pair's p-value compares two of them: the p-values
/// against any baseline are sacreBLEU's. With OS entropy (or seed 0) every comparison would
/// draw anew; here they share one draw from entropy, which has the same distribution but, like
/// sacreBLEU's, is not reproducible.
pub fn pairwise_bootstrap(
    spec: &MetricSpec,
    result: &MetricResult,
    n_samples: usize,
    seed: Option<Seed>,
) -> Result<PairwiseBootstrap, SignificanceError> {
    let seed = Seed::resolve(seed)?.for_comparison();
    let width = result.row_width.max(1);
    let n_systems = result.systems.len();
    let n = result.systems.first().map_or(0, |s| s.rows.len() / width);
    if n == 0 || n_samples == 0 {
        return Err(SignificanceError::Empty("pairwise bootstrap"));
    }
    let draws = ChoiceDraws::new(&mut seed.generator(), n, n_samples);
    let sums = bootstrap_sums(&all_rows(result), 0..n_systems * result.row_width, &draws);
    let scores: Vec<ScoreArray> = (0..n_systems)
        .into_par_iter()
        .map(|s| {
            let w = result.row_width;
            ScoreArray::from_nums(&scores_from_sums(
                spec,
                &sums,
                n_systems * w,
                s * w..(s + 1) * w,
            ))
        })
        .collect();
    let wide: Vec<Vec<f64>> = scores
        .iter()
        .map(|a| match a {
            ScoreArray::F32(v) => v.iter().map(|&x| f64::from(x)).collect(),
            ScoreArray::F64(v) => v.clone(),
        })
        .collect();
    let pair = |i: usize, j: usize| {
        let diff = (result.systems[i].score - result.systems[j].score).abs();
        let p = paired_bs_p_value(&scores[j], &scores[i], diff);
        let mut deltas: Vec<f64> = wide[j].iter().zip(&wide[i]).map(|(b, a)| b - a).collect();
        deltas.sort_by(f64::total_cmp);
        (p, (percentile(&deltas, 2.5), percentile(&deltas, 97.5)))
    };
    let upper: Vec<Vec<Option<PairOutcome>>> = (0..n_systems)
        .into_par_iter()
        .map(|i| {
            (0..n_systems)
                .map(|j| (j > i).then(|| pair(i, j)))
                .collect()
        })
        .collect();
    let at = |i: usize, j: usize| match i.cmp(&j) {
        std::cmp::Ordering::Less => upper[i][j],
        // The interval of score_j - score_i is the negated interval of score_i - score_j.
        std::cmp::Ordering::Greater => upper[j][i].map(|(p, (lo, hi))| (p, (-hi, -lo))),
        std::cmp::Ordering::Equal => None,
    };
    let matrix = |f: &dyn Fn(usize, usize) -> Option<PairOutcome>| {
        (0..n_systems)
            .map(|i| (0..n_systems).map(|j| f(i, j)).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let all = matrix(&at);
    Ok(PairwiseBootstrap {
        p_values: all
            .iter()
            .map(|r| r.iter().map(|c| c.map(|c| c.0)).collect())
            .collect(),
        delta_intervals: all
            .iter()
            .map(|r| r.iter().map(|c| c.map(|c| c.1)).collect())
            .collect(),
    })
}

/// A pair's p-value and the interval of its score difference.
type PairOutcome = (f64, (f64, f64));

/// numpy's default percentile of sorted values: linear interpolation between the order
/// statistics around rank `q / 100 · (n − 1)`.
pub(super) fn percentile(sorted: &[f64], q: f64) -> f64 {
    let rank = q / 100.0 * (sorted.len() - 1) as f64;
    let (lo, frac) = (rank.floor() as usize, rank.fract());
    match sorted.get(lo + 1) {
        Some(&next) => sorted[lo] + (next - sorted[lo]) * frac,
        None => sorted[lo],
    }
}
