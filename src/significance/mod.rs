//! Significance: bootstrap confidence intervals, paired bootstrap resampling and paired
//! approximate randomization, with sacreBLEU 2.6.0's exact numbers.
//!
//! A port of sacreBLEU's `significance.py` (Apache-2.0): `_bootstrap_resample`,
//! `estimate_ci`, `_compute_p_value`, `_paired_bs_test`, `_paired_ar_test`, `PairedTest`, and of
//! `Score.estimate_ci` (`metrics/base.py`). Everything works on flat statistics rows
//! (`n_segments × width`, [`crate::metrics::SufficientStats::write_row`]) and a
//! [`MetricSpec`](crate::metrics::MetricSpec); text is never seen here.
//!
//! Exactness rests on two ports:
//! * [`rng`]: numpy's `default_rng(seed)` (SeedSequence → PCG64) and the two samplers sacreBLEU
//!   calls, `choice(n, size=(n_samples, n))` and `integers(2, size=(n_samples, n), dtype=bool)`;
//! * [`numpy32`]: where float32 matters. Bootstrap resamples are summed and scored in float32
//!   (sacreBLEU's `np.array(stats, dtype='float32')` under NumPy 2's NEP 50 promotion), so chrF
//!   and TER bootstrap scores, their means, half-widths and the paired-bootstrap comparison are
//!   float32; BLEU bootstrap scores are float64 computed from float32 precisions. Approximate
//!   randomization instead sums the original integer statistics (`pos_sel @ bl_stats`, int64)
//!   and scores them on the float64 path ([`MetricSpec::score_row`](crate::metrics::MetricSpec::score_row)).
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
//! product (`resample`), taken only where float32 makes the result independent of the order of
//! additions; elsewhere rows are added in sacreBLEU's order, read from compact integer records
//! that hold every metric and system of a segment (`compact`), so one read per drawn segment
//! serves a whole paired test. The draws depend on
//! no score, so [`PairedDraws`] lets a caller make them while the metrics are scored.
//!
//! Files, by concept (each works on statistics rows and scores only: never text, never report
//! or CLI types):
//! * [`seed`]: where the generator's seed comes from ([`Seed`], `SACREBLEU_SEED`);
//! * `draws`: the random draws of a paired test, made before any score is known
//!   ([`PairedDraws`]);
//! * [`bootstrap`]: bootstrap scores, confidence intervals, the paired bootstrap p-value and
//!   [`pairwise_bootstrap`];
//! * `randomization`: approximate randomization's shuffled sums and score differences;
//! * `resample` and `compact`: the resample sums, and the compact records they read at scale;
//! * [`paired`]: the paired test itself ([`paired_test`], [`paired_test_with`]);
//! * [`error`]: the layer's error, [`SignificanceError`].

pub mod bootstrap;
mod compact;
mod draws;
pub mod error;
pub mod numpy32;
pub mod paired;
mod randomization;
mod resample;
pub mod rng;
pub mod seed;

pub use bootstrap::{
    Confidence, PairwiseBootstrap, confidence, confidence_intervals, pairwise_bootstrap,
};
pub use draws::PairedDraws;
pub use error::SignificanceError;
pub use paired::{PairedOptions, PairedOutcome, PairedTestKind, paired_test, paired_test_with};
pub use seed::Seed;
