//! The random draws of a paired test: bootstrap index matrices (`rng.choice`) and approximate
//! randomization's selections (`rng.integers(2)`), seeded as sacreBLEU seeds them. The draws
//! depend only on the options, the seed and the numbers of segments and systems, never on a
//! score or a statistic.

use std::sync::Arc;

use rayon::prelude::*;

use super::paired::{PairedOptions, PairedTestKind};
use super::rng::Generator;
use super::{Seed, SignificanceError};

/// `rng.choice(n, size=(n_samples, n), replace=True)` as a row-major `u32` matrix.
pub(super) fn choice_matrix(g: &mut Generator, n: usize, n_samples: usize) -> Vec<u32> {
    let n = u32::try_from(n).expect("too many segments for u32 indices");
    let mut out = vec![0u32; n as usize * n_samples];
    g.choice_into_u32(n, &mut out);
    out
}

/// The random draws of a paired test.
///
/// They depend only on the options, the seed and the numbers of segments and systems, never on
/// a score, so a caller can make them while the metrics are being scored
/// ([`PairedDraws::new`], then [`paired_test_with`](super::paired_test_with)).
#[derive(Clone)]
pub struct PairedDraws {
    pub(super) n_segments: usize,
    pub(super) n_systems: usize,
    /// The baseline's own resamples, for its confidence interval (`_bootstrap_resample` with a
    /// fresh generator).
    pub(super) base_idx: Option<Arc<Vec<u32>>>,
    /// The draws of each comparison, system 1 onwards.
    pub(super) draws: Vec<Arc<Draws>>,
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

/// The random draws of one comparison.
#[derive(Clone)]
pub(super) enum Draws {
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
    pub(super) fn new(seed: Seed, options: &PairedOptions, n: usize) -> Draws {
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
