//! Significance: bootstrap confidence intervals, paired bootstrap resampling and paired
//! approximate randomization, with sacreBLEU 2.6.0's exact numbers.
//!
//! A port of sacreBLEU's `significance.py` (Apache-2.0): `_bootstrap_resample`,
//! `estimate_ci`, `_compute_p_value`, `_paired_bs_test`, `_paired_ar_test`, `PairedTest`, and of
//! `Score.estimate_ci` (`metrics/base.py`). Everything works on flat statistics rows
//! (`n_segments × width`, [`crate::metrics::SufficientStats::write_row`]) and a
//! [`MetricSpec`]; text is never seen here.
//!
//! Exactness rests on two ports:
//! * [`rng`]: numpy's `default_rng(seed)` (SeedSequence → PCG64) and the two samplers sacreBLEU
//!   calls, `choice(n, size=(n_samples, n))` and `integers(2, size=(n_samples, n), dtype=bool)`;
//! * [`numpy32`]: where float32 matters. Bootstrap resamples are summed and scored in float32
//!   (sacreBLEU's `np.array(stats, dtype='float32')` under NumPy 2's NEP 50 promotion), so chrF
//!   and TER bootstrap scores, their means, half-widths and the paired-bootstrap comparison are
//!   float32; BLEU bootstrap scores are float64 computed from float32 precisions. Approximate
//!   randomization instead sums the original integer statistics (`pos_sel @ bl_stats`, int64)
//!   and scores them on the float64 path ([`MetricSpec::score_row`]).
//!
//! Seeding follows sacreBLEU: the seed comes from `SACREBLEU_SEED` (default `12345`, `none` =
//! OS entropy) unless given explicitly. `PairedTest` seeds each comparison with
//! `seed if seed else None`, so a seed of **0 means OS entropy** for the comparisons, while the
//! baseline's confidence interval (`_bootstrap_resample`, fresh generator) uses `default_rng(0)`.
//! With a fixed seed every comparison draws the same resamples; they are drawn once and shared.
//!
//! Work is parallel over (metric, system) pairs with rayon; every pair has its own generator
//! seeded as sacreBLEU seeds it, so results do not depend on the number of threads. When one
//! draw is shared (a fixed seed), the resample sums of all systems come from one blocked matrix
//! product per metric (`resample`), taken only where float32 makes the result independent of
//! the order of additions; elsewhere rows are added in sacreBLEU's order. The draws depend on
//! no score, so [`PairedDraws`] lets a caller make them while the metrics are scored.

pub mod numpy32;
mod resample;
pub mod rng;

use std::sync::Arc;

use rayon::prelude::*;

use crate::metrics::{MetricSpec, Signature};
use crate::scoring::MetricResult;
use numpy32::{Num, ScoreArray};
use resample::combined_bootstrap_sums;
use rng::Generator;

/// Why a significance test or interval could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignificanceError {
    /// A seed that is neither a non-negative integer nor `none`.
    #[error("invalid seed {0:?}: expected a non-negative integer or 'none'")]
    InvalidSeed(String),
    /// Nothing to resample.
    #[error("{0}: need at least one segment and one resample")]
    Empty(&'static str),
    /// A paired test with fewer than two systems.
    #[error(
        "paired tests need at least two systems: the baseline and the systems compared with it"
    )]
    TooFewSystems,
    /// Draws and statistics that do not belong together (a caller's mistake).
    #[error("paired test: {0}")]
    Mismatch(String),
}

/// Confidence interval from bootstrap resampling: mean of the resampled scores and half the
/// width of the 95 % interval (sacreBLEU's `μ ± ci`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Confidence {
    /// Mean of the bootstrap scores.
    pub mean: f64,
    /// Half-width of the 95 % interval.
    pub half_width: f64,
}

/// Where the random generator's seed comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// `default_rng(seed)`.
    Fixed(u64),
    /// `default_rng(None)`: OS entropy, not reproducible.
    Entropy,
}

impl Seed {
    /// sacreBLEU's default seed.
    pub const DEFAULT: Seed = Seed::Fixed(12345);

    /// Parse a `SACREBLEU_SEED` value: `none` (any case) or a non-negative integer.
    pub fn parse(s: &str) -> Result<Seed, SignificanceError> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("none") {
            return Ok(Seed::Entropy);
        }
        t.parse::<u64>()
            .map(Seed::Fixed)
            .map_err(|_| SignificanceError::InvalidSeed(s.to_owned()))
    }

    /// The explicit seed if given, else `SACREBLEU_SEED` if set, else 12345.
    pub fn resolve(explicit: Option<Seed>) -> Result<Seed, SignificanceError> {
        if let Some(s) = explicit {
            return Ok(s);
        }
        match std::env::var("SACREBLEU_SEED") {
            Ok(v) => Seed::parse(&v),
            Err(_) => Ok(Seed::DEFAULT),
        }
    }

    /// The signature's `seed` value (`str(seed).lower()`: `12345`, `none`).
    pub fn signature_value(self) -> String {
        match self {
            Seed::Fixed(s) => s.to_string(),
            Seed::Entropy => "none".to_owned(),
        }
    }

    /// The seed of one paired comparison: `self._seed if self._seed else None`.
    fn for_comparison(self) -> Seed {
        match self {
            Seed::Fixed(0) => Seed::Entropy,
            s => s,
        }
    }

    /// `np.random.default_rng(seed)`.
    fn generator(self) -> Generator {
        match self {
            Seed::Fixed(s) => Generator::new(u128::from(s)),
            Seed::Entropy => Generator::new(os_entropy()),
        }
    }
}

/// 128 bits from the OS, as `SeedSequence(None)` draws (`secrets.randbits(128)`).
fn os_entropy() -> u128 {
    use std::io::Read;
    let mut b = [0u8; 16];
    if std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut b))
        .is_ok()
    {
        return u128::from_le_bytes(b);
    }
    // No /dev/urandom: std's randomly keyed hasher plus the clock.
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    let a = h.finish();
    h.write_u64(a);
    (u128::from(a) << 64) | u128::from(h.finish())
}

/// `rng.choice(n, size=(n_samples, n), replace=True)` as a row-major `u32` matrix.
fn choice_matrix(g: &mut Generator, n: usize, n_samples: usize) -> Vec<u32> {
    let n = u32::try_from(n).expect("too many segments for u32 indices");
    let mut out = vec![0u32; n as usize * n_samples];
    g.choice_into_u32(n, &mut out);
    out
}

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
    fn baseline_confidence(&self) -> usize {
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

/// A float32 scorer over a statistics row: `metric._compute_score_from_stats(row).score`.
fn score_f32(spec: &MetricSpec, row: &[f32]) -> Num {
    match spec {
        MetricSpec::Bleu(m) => Num::Py(numpy32::bleu_score_f32(m.config(), row)),
        MetricSpec::Chrf(m) => numpy32::chrf_score_f32(m.config(), row),
        MetricSpec::Ter(_) => numpy32::ter_score_f32(row),
    }
}

/// Scores of every resample: `[metric._compute_score_from_stats(_s.sum(0)).score for _s in
/// stats_np[idxs]]`, with `stats_np` the rows as float32.
fn bootstrap_scores(spec: &MetricSpec, rows32: &[f32], width: usize, idx: &[u32]) -> Vec<Num> {
    let n = rows32.len() / width;
    let mut acc = vec![0f32; width];
    idx.chunks_exact(n)
        .map(|sample| {
            numpy32::sum_rows_f32(rows32, width, sample, &mut acc);
            score_f32(spec, &acc)
        })
        .collect()
}

/// The bootstrap scores of system `s` from [`combined_bootstrap_sums`].
fn scores_from_sums(
    spec: &MetricSpec,
    sums: &[f32],
    n_systems: usize,
    width: usize,
    s: usize,
) -> Vec<Num> {
    sums.chunks_exact(n_systems * width)
        .map(|row| score_f32(spec, &row[s * width..(s + 1) * width]))
        .collect()
}

fn to_f32(rows: &[f64]) -> Vec<f32> {
    rows.iter().map(|&x| x as f32).collect()
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
    let idx = choice_matrix(&mut seed.generator(), n, n_samples);
    let scores = bootstrap_scores(spec, &to_f32(rows), width, &idx);
    let (mean, half_width) = numpy32::estimate_ci_python(&scores);
    Ok(Confidence { mean, half_width })
}

/// `_compute_p_value`: `(sum(stats > real_difference) + 1) / (len(stats) + 1)`.
/// [`confidence`] for every system of one metric's result, in system order.
///
/// With a fixed seed every system resamples with the same draws (sacreBLEU seeds a fresh
/// `default_rng(seed)` per call), so they are drawn once and every system's resample sums
/// come from one pass (`combined_bootstrap_sums`); the numbers are those of [`confidence`]
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
            let idx = choice_matrix(&mut seed.generator(), n, n_samples);
            let rows32: Vec<Vec<f32>> =
                result.systems.par_iter().map(|s| to_f32(&s.rows)).collect();
            let sums = combined_bootstrap_sums(&rows32, result.row_width, &idx, n);
            Ok((0..result.systems.len())
                .into_par_iter()
                .map(|s| {
                    ci(&scores_from_sums(
                        spec,
                        &sums,
                        rows32.len(),
                        result.row_width,
                        s,
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

fn p_value_of<T: numpy32::Float>(stats: impl Iterator<Item = T>, real: T, len: usize) -> f64 {
    let c = stats.filter(|&s| s > real).count();
    (c + 1) as f64 / (len + 1) as f64
}

/// The paired bootstrap p-value: `sample_diffs = abs(sys - bl)`, `stats = sample_diffs -
/// sample_diffs.mean()`, compared with `diff` (a Python float, weak against float32 arrays).
fn paired_bs_p_value(sys: &ScoreArray, bl: &ScoreArray, diff: f64) -> f64 {
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

/// The random draws of a paired test.
///
/// They depend only on the options, the seed and the numbers of segments and systems, never on
/// a score, so a caller can make them while the metrics are being scored
/// ([`PairedDraws::new`], then [`paired_test_with`]).
#[derive(Clone)]
pub struct PairedDraws {
    n_segments: usize,
    n_systems: usize,
    /// The baseline's own resamples, for its confidence interval (`_bootstrap_resample` with a
    /// fresh generator).
    base_idx: Option<Arc<Vec<u32>>>,
    /// The draws of each comparison, system 1 onwards.
    draws: Vec<Arc<Draws>>,
}

impl PairedDraws {
    /// Draw as sacreBLEU's `PairedTest` would for `n_segments` segments and `n_systems`
    /// systems (the first being the baseline).
    pub fn new(
        options: &PairedOptions,
        n_segments: usize,
        n_systems: usize,
    ) -> Result<Self, SignificanceError> {
        let seed = Seed::resolve(options.seed)?;
        if n_systems == 0 || n_segments == 0 {
            return Err(SignificanceError::Empty("paired test"));
        }
        let n = n_segments;
        let n_samples = options.samples();
        let conf_n = options.baseline_confidence();

        // Baseline confidence interval: `_bootstrap_resample` with its own fresh generator.
        let base_idx: Option<Arc<Vec<u32>>> =
            (conf_n > 0).then(|| Arc::new(choice_matrix(&mut seed.generator(), n, conf_n)));

        // Draws of each comparison: one generator per system, seeded `seed if seed else None`.
        let cmp_seed = seed.for_comparison();
        let draw = || Arc::new(Draws::new(cmp_seed, options, n));
        let draws: Vec<Arc<Draws>> = match cmp_seed {
            Seed::Fixed(_) => {
                let shared = if options.kind == PairedTestKind::Bootstrap
                    && cmp_seed == seed
                    && conf_n == n_samples
                {
                    // Same seed, same draw: the baseline's resamples are the comparisons'.
                    Arc::new(Draws::Bootstrap(base_idx.clone().expect("conf_n > 0")))
                } else {
                    draw()
                };
                vec![shared; n_systems.saturating_sub(1)]
            }
            // Independent generators: draw them in parallel.
            Seed::Entropy => (1..n_systems).into_par_iter().map(|_| draw()).collect(),
        };
        Ok(Self {
            n_segments,
            n_systems,
            base_idx,
            draws,
        })
    }
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

    // Float32 rows, for bootstrap resampling only (AR without intervals sums the originals).
    let resamples = base_idx.is_some()
        || draws
            .iter()
            .any(|d| !matches!(&**d, Draws::Randomization { bs_idx: None, .. }));
    let rows32: Vec<Vec<Vec<f32>>> = if resamples {
        metrics
            .par_iter()
            .map(|(_, r)| r.systems.par_iter().map(|s| to_f32(&s.rows)).collect())
            .collect()
    } else {
        Vec::new()
    };

    // When every comparison resamples with the baseline's own draws (a fixed seed, the usual
    // case), all systems' resample sums come from one pass over those draws per metric.
    let shared_sums: Option<Vec<Vec<f32>>> = match (&base_idx, draws.first().map(|d| &**d)) {
        (Some(b), Some(Draws::Bootstrap(idx)))
            if Arc::ptr_eq(b, idx)
                && draws
                    .iter()
                    .all(|d| matches!(&**d, Draws::Bootstrap(i) if Arc::ptr_eq(i, b))) =>
        {
            Some(
                metrics
                    .iter()
                    .enumerate()
                    .map(|(m, (_, r))| combined_bootstrap_sums(&rows32[m], r.row_width, b, n))
                    .collect(),
            )
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
                .map(|(_, r)| ar_shared_sums(r, sel, n))
                .collect()
        }
        _ => vec![None; metrics.len()],
    };

    // AR confidence intervals (`--paired-ar --confidence`) from one bootstrap draw shared by
    // every comparison: all systems' resample sums in one pass per metric, as for `--paired-bs`.
    let shared_ar_ci: Option<Vec<Vec<f32>>> = match draws.first().map(|d| &**d) {
        Some(Draws::Randomization {
            bs_idx: Some(idx), ..
        }) if draws.iter().all(|d| Arc::ptr_eq(d, &draws[0])) => Some(
            metrics
                .iter()
                .enumerate()
                .map(|(m, (_, r))| combined_bootstrap_sums(&rows32[m], r.row_width, idx, n))
                .collect(),
        ),
        _ => None,
    };

    // Baseline bootstrap scores per metric.
    let base_scores: Vec<Option<Vec<Num>>> = metrics
        .par_iter()
        .enumerate()
        .map(|(m, (spec, r))| match &shared_sums {
            Some(sums) => Some(scores_from_sums(spec, &sums[m], n_systems, r.row_width, 0)),
            None => base_idx
                .as_ref()
                .map(|idx| bootstrap_scores(spec, &rows32[m][0], r.row_width, idx)),
        })
        .collect();

    let tasks: Vec<(usize, usize)> = (0..metrics.len())
        .flat_map(|m| (1..n_systems).map(move |s| (m, s)))
        .collect();
    let outcomes: Vec<PairedOutcome> = tasks
        .par_iter()
        .map(|&(m, s)| {
            let (spec, r) = metrics[m];
            let w = r.row_width;
            let bl_score = r.systems[0].score;
            let sys_score = r.systems[s].score;
            let diff = (bl_score - sys_score).abs();
            match &*draws[s - 1] {
                Draws::Bootstrap(idx) => {
                    let bl = match (&base_idx, &base_scores[m]) {
                        (Some(b), Some(sc)) if Arc::ptr_eq(b, idx) => sc.clone(),
                        _ => bootstrap_scores(spec, &rows32[m][0], w, idx),
                    };
                    let sys = match &shared_sums {
                        Some(sums) => scores_from_sums(spec, &sums[m], n_systems, w, s),
                        None => bootstrap_scores(spec, &rows32[m][s], w, idx),
                    };
                    let (bl, sys) = (ScoreArray::from_nums(&bl), ScoreArray::from_nums(&sys));
                    let (mean, ci) = numpy32::estimate_ci_numpy(&sys);
                    PairedOutcome {
                        score: sys_score,
                        p_value: Some(paired_bs_p_value(&sys, &bl, diff)),
                        mean: Some(mean),
                        half_width: Some(ci),
                    }
                }
                Draws::Randomization { sel, bs_idx } => {
                    let (bl, sys) = (&r.systems[0].rows, &r.systems[s].rows);
                    let abs_diffs = match &shared_ar[m] {
                        Some(sums) => {
                            let stride = (n_systems - 1) * w;
                            ar_abs_diffs_from_sums(spec, bl, sys, w, sums, stride, (s - 1) * w)
                        }
                        None => ar_abs_diffs(spec, bl, sys, w, sel, n),
                    };
                    let ci = bs_idx.as_ref().map(|idx| {
                        let sc = match &shared_ar_ci {
                            Some(sums) => scores_from_sums(spec, &sums[m], n_systems, w, s),
                            None => bootstrap_scores(spec, &rows32[m][s], w, idx),
                        };
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
            let base_ci = base_scores[m]
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
    let idx = choice_matrix(&mut seed.generator(), n, n_samples);
    let rows32: Vec<Vec<f32>> = result.systems.par_iter().map(|s| to_f32(&s.rows)).collect();
    let sums = combined_bootstrap_sums(&rows32, result.row_width, &idx, n);
    let scores: Vec<ScoreArray> = (0..n_systems)
        .into_par_iter()
        .map(|s| {
            ScoreArray::from_nums(&scores_from_sums(
                spec,
                &sums,
                n_systems,
                result.row_width,
                s,
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
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let rank = q / 100.0 * (sorted.len() - 1) as f64;
    let (lo, frac) = (rank.floor() as usize, rank.fract());
    match sorted.get(lo + 1) {
        Some(&next) => sorted[lo] + (next - sorted[lo]) * frac,
        None => sorted[lo],
    }
}

/// The random draws of one comparison.
#[derive(Clone)]
enum Draws {
    /// `idxs = rng.choice(n, size=(n_samples, n))`.
    Bootstrap(Arc<Vec<u32>>),
    /// `pos_sel = rng.integers(2, size=(n_samples, n), dtype=bool)` (packed rows), then, with
    /// AR confidence, `bs_idxs = rng.choice(n, size=(n_ar_confidence, n))`.
    Randomization {
        sel: Vec<u64>,
        bs_idx: Option<Vec<u32>>,
    },
}

impl Draws {
    fn new(seed: Seed, options: &PairedOptions, n: usize) -> Draws {
        let mut g = seed.generator();
        match options.kind {
            PairedTestKind::Bootstrap => {
                Draws::Bootstrap(Arc::new(choice_matrix(&mut g, n, options.samples())))
            }
            PairedTestKind::ApproximateRandomization => {
                let sel = g.bool_rows_packed(options.samples(), n);
                let k = options.ar_confidence();
                let bs_idx = (k > 0).then(|| choice_matrix(&mut g, n, k));
                Draws::Randomization { sel, bs_idx }
            }
        }
    }
}

/// Approximate randomization: for every trial, `shuf_a = pos_sel @ bl + neg_sel @ sys` and
/// `shuf_b = neg_sel @ bl + pos_sel @ sys`, both scored on the float64 path; returns every
/// trial's `|score(shuf_a) - score(shuf_b)|`.
fn ar_abs_diffs(
    spec: &MetricSpec,
    bl: &[f64],
    sys: &[f64],
    width: usize,
    sel: &[u64],
    n: usize,
) -> Vec<f64> {
    let words = n.div_ceil(64);
    let trials = sel.len() / words;
    let integral = bl
        .iter()
        .chain(sys)
        .all(|&x| x.fract() == 0.0 && x.abs() < 2f64.powi(53));
    let mut abs_diffs = Vec::with_capacity(trials);
    let mut a = vec![0f64; width];
    let mut b = vec![0f64; width];
    if integral {
        // int64 matrix products (exact): a = Σsys + Σ_sel (bl − sys), b = Σbl + Σsys − a.
        let tot_bl = column_sums(bl, width, |x| x as i64);
        let tot_sys = column_sums(sys, width, |x| x as i64);
        let table = NibbleTable::new(bl, sys, width, n);
        let mut acc = vec![0i64; width];
        for t in 0..trials {
            table.select_sum(&sel[t * words..(t + 1) * words], &mut acc);
            for c in 0..width {
                let va = tot_sys[c] + acc[c];
                a[c] = va as f64;
                b[c] = (tot_bl[c] + tot_sys[c] - va) as f64;
            }
            abs_diffs.push((spec.score_row(&a) - spec.score_row(&b)).abs());
        }
    } else {
        // float64 statistics (TER with averaged reference lengths): plain sums in segment
        // order. numpy uses BLAS here, whose summation order is not reproduced.
        for t in 0..trials {
            let row = &sel[t * words..(t + 1) * words];
            a.fill(0.0);
            b.fill(0.0);
            for j in 0..n {
                let (x, y) = if row[j / 64] >> (j % 64) & 1 == 1 {
                    (bl, sys)
                } else {
                    (sys, bl)
                };
                for c in 0..width {
                    a[c] += x[j * width + c];
                    b[c] += y[j * width + c];
                }
            }
            abs_diffs.push((spec.score_row(&a) - spec.score_row(&b)).abs());
        }
    }
    abs_diffs
}

/// Whether float64 sums of any `n` of these values are exact: every value a multiple of ½ and
/// `n` times the largest magnitude below 2⁵¹.
fn f64_sums_are_exact(rows: &[f64], n: usize) -> bool {
    rows.iter()
        .all(|&x| (2.0 * x).fract() == 0.0 && x.abs() * (n as f64) < 2f64.powi(51))
}

/// The shuffled sums of approximate randomization for every system of one metric at once, from
/// one draw shared by all comparisons: `a = Σsys + Σ_sel (bl − sys)`, the second term for all
/// systems in one product ([`resample::selected_sums`] over the differences side by side).
/// `None` unless every sum involved is exact, in float32 and float64 alike: then `a` and
/// `b = Σbl + Σsys − a` are the exact sums that [`ar_abs_diffs`] computes too (in int64, or in
/// float64 for halves, whose sums are exact in any order).
fn ar_shared_sums(r: &MetricResult, sel: &[u64], n: usize) -> Option<Vec<f32>> {
    let w = r.row_width;
    let (bl, others) = r.systems.split_first()?;
    if !r.systems.iter().all(|s| f64_sums_are_exact(&s.rows, n)) {
        return None;
    }
    let total = others.len() * w;
    let mut diffs = vec![0f32; n * total];
    for (k, sys) in others.iter().enumerate() {
        for (j, (b, x)) in bl
            .rows
            .chunks_exact(w)
            .zip(sys.rows.chunks_exact(w))
            .enumerate()
        {
            for c in 0..w {
                // Exact: a difference of halves, converted exactly if `sums_are_exact` passes.
                diffs[j * total + k * w + c] = (b[c] - x[c]) as f32;
            }
        }
    }
    resample::sums_are_exact(&diffs, n).then(|| resample::selected_sums(sel, &diffs, n, total))
}

/// [`ar_abs_diffs`] from [`ar_shared_sums`]: trial `t`'s `Σ_sel (bl − sys)` for this system is
/// `sums[t * stride + offset..][..width]`.
fn ar_abs_diffs_from_sums(
    spec: &MetricSpec,
    bl: &[f64],
    sys: &[f64],
    width: usize,
    sums: &[f32],
    stride: usize,
    offset: usize,
) -> Vec<f64> {
    let (tot_bl, tot_sys) = (
        column_sums(bl, width, |x| x),
        column_sums(sys, width, |x| x),
    );
    let mut a = vec![0f64; width];
    let mut b = vec![0f64; width];
    sums.chunks_exact(stride)
        .map(|trial| {
            for (c, &d) in trial[offset..offset + width].iter().enumerate() {
                a[c] = tot_sys[c] + f64::from(d);
                b[c] = tot_bl[c] + tot_sys[c] - a[c];
            }
            (spec.score_row(&a) - spec.score_row(&b)).abs()
        })
        .collect()
}

/// Column sums of statistics rows, each value converted by `conv` first (to `i64` for the
/// exact integer path, kept as `f64` for halves).
fn column_sums<T: Copy + Default + std::ops::AddAssign>(
    rows: &[f64],
    width: usize,
    conv: impl Fn(f64) -> T,
) -> Vec<T> {
    let mut t = vec![T::default(); width];
    for r in rows.chunks_exact(width) {
        for (a, &x) in t.iter_mut().zip(r) {
            *a += conv(x);
        }
    }
    t
}

/// Σ over selected segments of `bl − sys`, four segments per lookup: for every group of four
/// segments, the 16 possible partial sums.
struct NibbleTable {
    width: usize,
    groups: usize,
    table: Vec<i64>,
}

impl NibbleTable {
    fn new(bl: &[f64], sys: &[f64], width: usize, n: usize) -> Self {
        let groups = n.div_ceil(4);
        let mut table = vec![0i64; groups * 16 * width];
        for g in 0..groups {
            for mask in 1..16usize {
                let low = mask.trailing_zeros() as usize;
                let prev = mask & (mask - 1);
                let j = 4 * g + low;
                for c in 0..width {
                    let d = if j < n {
                        (bl[j * width + c] - sys[j * width + c]) as i64
                    } else {
                        0
                    };
                    table[(g * 16 + mask) * width + c] = table[(g * 16 + prev) * width + c] + d;
                }
            }
        }
        Self {
            width,
            groups,
            table,
        }
    }

    #[inline]
    fn select_sum(&self, sel: &[u64], acc: &mut [i64]) {
        acc.fill(0);
        let w = self.width;
        for g in 0..self.groups {
            let mask = (sel[g / 16] >> (4 * (g % 16)) & 0xf) as usize;
            if mask != 0 {
                let r = &self.table[(g * 16 + mask) * w..(g * 16 + mask + 1) * w];
                for (a, &v) in acc.iter_mut().zip(r) {
                    *a += v;
                }
            }
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
