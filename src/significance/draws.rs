//! The random draws of a paired test: bootstrap index matrices (`rng.choice`) and approximate
//! randomization's selections (`rng.integers(2)`), seeded as sacreBLEU seeds them. The draws
//! depend only on the options, the seed and the numbers of segments and systems, never on a
//! score or a statistic.

use std::sync::Arc;

use rayon::prelude::*;

use super::paired::{PairedOptions, PairedTestKind};
use super::rng::Generator;
use super::{Seed, SignificanceError};

/// Resamples per block: the unit of parallel work, and how often the generator's state is
/// saved ([`ChoiceDraws`]).
pub(super) const BLOCK: usize = 32;

/// `rng.choice(n, size=(n_samples, n), replace=True)`, kept as a recipe instead of a matrix.
///
/// numpy draws the matrix sample-major, so resample `k` is the `k`-th run of `n` draws of one
/// stream. Lemire's method rejects a draw now and then, so where a run starts is only known by
/// drawing up to it: [`ChoiceDraws::new`] draws the stream once, keeping the generator's state
/// at the start of every block of [`BLOCK`] resamples (a few dozen bytes each), and
/// [`ChoiceDraws::block`] hands out a generator that replays a block. Memory is O(n_samples /
/// BLOCK), not the `n_samples × n` indices (4 GB for 1000 resamples of a million segments).
#[derive(Clone)]
pub(super) struct ChoiceDraws {
    n: u32,
    n_samples: usize,
    starts: Vec<Generator>,
}

impl ChoiceDraws {
    /// The draws `g` would make, advancing `g` past them as drawing would.
    pub(super) fn new(g: &mut Generator, n: usize, n_samples: usize) -> Self {
        let n = u32::try_from(n).expect("too many segments for u32 indices");
        let mut starts = Vec::with_capacity(n_samples.div_ceil(BLOCK));
        let mut scratch = vec![0u32; (n as usize).min(CHUNK)];
        for k in 0..n_samples {
            if k % BLOCK == 0 {
                starts.push(g.clone());
            }
            let mut left = n as usize;
            while left > 0 {
                let m = left.min(CHUNK);
                g.choice_into_u32(n, &mut scratch[..m]);
                left -= m;
            }
        }
        Self {
            n,
            n_samples,
            starts,
        }
    }

    /// Number of segments (each resample draws this many).
    pub(super) fn n(&self) -> usize {
        self.n as usize
    }

    /// Number of resamples.
    pub(super) fn samples(&self) -> usize {
        self.n_samples
    }

    /// Block `b`: its first resample, its number of resamples, and a generator that draws
    /// them (resample after resample, [`ChoiceDraws::draw`]).
    pub(super) fn block(&self, b: usize) -> (usize, usize, Generator) {
        let first = b * BLOCK;
        (
            first,
            BLOCK.min(self.n_samples - first),
            self.starts[b].clone(),
        )
    }

    /// One resample from `g` (positioned by [`ChoiceDraws::block`]), in drawing order, handed to
    /// `f` in pieces of at most [`CHUNK`] indices (the same draws: `choice` draws element by
    /// element).
    pub(super) fn draw(&self, g: &mut Generator, buf: &mut Vec<u32>, mut f: impl FnMut(&[u32])) {
        buf.resize(self.n().min(CHUNK), 0);
        let mut left = self.n();
        while left > 0 {
            let m = left.min(CHUNK);
            g.choice_into_u32(self.n, &mut buf[..m]);
            f(&buf[..m]);
            left -= m;
        }
    }

    /// The whole index matrix (tests only: what numpy returns).
    #[cfg(test)]
    pub(super) fn matrix(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.n() * self.n_samples);
        let mut buf = Vec::new();
        for b in 0..self.starts.len() {
            let (_, count, mut g) = self.block(b);
            for _ in 0..count {
                self.draw(&mut g, &mut buf, |c| out.extend_from_slice(c));
            }
        }
        out
    }
}

/// Indices drawn at a time: a small buffer that stays in cache.
pub(super) const CHUNK: usize = 1 << 13;

/// Approximate randomization's selections, `rng.integers(2, size=(n_samples, n), dtype=bool)`,
/// as a recipe: the generator before them. Booleans are 32 to a 32-bit draw with no rejection,
/// so any block of rows is reached by jumping the generator
/// ([`Generator::bool_rows_packed_range`]); nothing of size `n_samples × n` is kept.
#[derive(Clone)]
pub(super) struct BoolDraws {
    n: usize,
    trials: usize,
    start: Generator,
}

impl BoolDraws {
    /// The selections `g` would draw, advancing `g` past them.
    pub(super) fn new(g: &mut Generator, trials: usize, n: usize) -> Self {
        let start = g.clone();
        g.skip_bools(trials as u64 * n as u64);
        Self { n, trials, start }
    }

    /// Number of trials.
    pub(super) fn trials(&self) -> usize {
        self.trials
    }

    /// Trials `first..first + count` as packed rows ([`Generator::bool_rows_packed`]).
    pub(super) fn rows(&self, first: usize, count: usize) -> Vec<u64> {
        self.start.bool_rows_packed_range(first, count, self.n)
    }
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
    pub(super) base_idx: Option<Arc<ChoiceDraws>>,
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
        let base_idx: Option<Arc<ChoiceDraws>> =
            (conf_n > 0).then(|| Arc::new(ChoiceDraws::new(&mut seed.generator(), n, conf_n)));

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
    Bootstrap(Arc<ChoiceDraws>),
    /// `pos_sel = rng.integers(2, size=(n_samples, n), dtype=bool)`, then, with AR confidence,
    /// `bs_idxs = rng.choice(n, size=(n_ar_confidence, n))`.
    Randomization {
        sel: BoolDraws,
        bs_idx: Option<ChoiceDraws>,
    },
}

impl Draws {
    pub(super) fn new(seed: Seed, options: &PairedOptions, n: usize) -> Draws {
        let mut g = seed.generator();
        match options.kind {
            PairedTestKind::Bootstrap => {
                Draws::Bootstrap(Arc::new(ChoiceDraws::new(&mut g, n, options.samples())))
            }
            PairedTestKind::ApproximateRandomization => {
                let sel = BoolDraws::new(&mut g, options.samples(), n);
                let k = options.ar_confidence();
                let bs_idx = (k > 0).then(|| ChoiceDraws::new(&mut g, n, k));
                Draws::Randomization { sel, bs_idx }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replayed_blocks_are_the_drawn_matrix() {
        for (n, samples) in [(1, 3), (7, 2 * BLOCK + 1), (CHUNK + 3, 2), (1000, BLOCK)] {
            let mut g = Generator::new(12345);
            let draws = ChoiceDraws::new(&mut g, n, samples);
            let mut want = vec![0u32; n * samples];
            let mut plain = Generator::new(12345);
            plain.choice_into_u32(n as u32, &mut want);
            assert!(draws.matrix() == want, "n {n}, samples {samples}");
            // The generator is left where drawing the matrix leaves it.
            let (mut a, mut b) = ([0u32; 4], [0u32; 4]);
            g.choice_into_u32(10, &mut a);
            plain.choice_into_u32(10, &mut b);
            assert_eq!(a, b);
        }
    }
}
