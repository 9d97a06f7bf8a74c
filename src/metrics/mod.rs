//! Metrics, each in sacreBLEU's shape: segment → sufficient statistics → score + signature.
//!
//! A metric is a configuration implementing [`Metric`]. For every segment it first digests the
//! references once ([`Metric::prepare_references`], reused by every system), then turns a
//! hypothesis into plain, additive [`SufficientStats`]. Corpus scores, sentence scores, bootstrap
//! resamples and merged shards are all "sum some statistics, then score them"; nothing
//! downstream (significance, reports, the CI gate) ever sees text again.
//!
//! Inputs are lines as the sacreBLEU command line reads them: already right-stripped with
//! Python's `str.rstrip()` (see [`crate::corpus::Corpus::metric_view`]).

pub mod bleu;
pub mod calibration;
pub mod chrf;
pub mod external;
pub mod ngrams;
pub mod registry;
pub mod signature;
pub mod ter;

use std::fmt::Debug;
use std::ops::AddAssign;

pub use bleu::{BadOrder, Bleu, BleuConfig, BleuStats, SmoothMethod};
pub use chrf::{BadOrders, Chrf, ChrfConfig, ChrfStats};
pub use external::{External, ScoresError, ScoresRequest, ScoresSource};
pub use registry::{METRIC_NAMES, MetricError, MetricOptions};
pub use signature::Signature;
pub use ter::{Ter, TerConfig, TerStats};

/// Additive per-segment statistics. Summing segment statistics and scoring the sum gives the
/// corpus score; the flat row layout is sacreBLEU's list layout for that metric.
pub trait SufficientStats:
    Copy + Default + AddAssign + PartialEq + Debug + Send + Sync + 'static
{
    /// sacreBLEU's flat statistics list for this segment (the numbers its significance tests
    /// put into numpy arrays), `width` long.
    fn write_row(&self, width: usize, row: &mut Vec<f64>);
}

/// One metric configuration.
pub trait Metric: Send + Sync {
    /// Per-segment sufficient statistics.
    type Stats: SufficientStats;
    /// What the metric keeps of one segment's references (tokenized, n-grams counted).
    type RefCache: Send + Sync;

    /// The score's name as sacreBLEU prints it (`BLEU`, `chrF2`, `chrF2++`, `TER`).
    fn display_name(&self) -> String;
    /// Reproducibility signature for `nrefs` references per segment.
    fn signature(&self, nrefs: usize) -> Signature;
    /// Signature of sentence scores (BLEU's differs: sentence BLEU uses effective order).
    fn sentence_signature(&self, nrefs: usize) -> Signature {
        self.signature(nrefs)
    }
    /// Whether a higher score is better (false for error rates such as TER).
    fn higher_is_better(&self) -> bool {
        true
    }
    /// What sacreBLEU reports beside a corpus score computed from `total`.
    fn details(&self, _total: &Self::Stats) -> ScoreDetails {
        ScoreDetails::None {}
    }
    /// Number of values in the flat statistics row.
    fn row_width(&self) -> usize;

    /// Digest one segment's references (one string per reference).
    fn prepare_references(&self, refs: &[&str]) -> Self::RefCache;
    /// [`Metric::prepare_references`] into `cache`, which may hold an earlier segment's
    /// digest: a metric that can reuse its memory does, so that the scoring loop (one cache
    /// per task, millions of segments) allocates nothing per segment. Returns the digest.
    fn prepare_references_into<'c>(
        &self,
        refs: &[&str],
        cache: &'c mut Option<Self::RefCache>,
    ) -> &'c Self::RefCache {
        cache.insert(self.prepare_references(refs))
    }
    /// Statistics of one hypothesis against its digested references.
    fn segment_stats(&self, hyp: &str, refs: &Self::RefCache) -> Self::Stats;
    /// Score of (summed) statistics: the corpus score when given the corpus sum.
    fn score(&self, stats: &Self::Stats) -> f64;
    /// Score of one segment as sacreBLEU's `--sentence-level` prints it (BLEU switches on
    /// effective order there; other metrics score the segment statistics as they are).
    fn sentence_score(&self, stats: &Self::Stats) -> f64 {
        self.score(stats)
    }
    /// Score from a flat statistics row in sacreBLEU's layout (float64 path, as its corpus and
    /// approximate-randomization code computes it).
    fn score_row(&self, row: &[f64]) -> f64;
}

/// Corpus-level details that sacreBLEU reports beside the score.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum ScoreDetails {
    /// BLEU's counts, lengths and brevity penalty.
    Bleu {
        /// Clipped n-gram matches per order (the sufficient statistics, never smoothed).
        counts: Vec<u64>,
        /// Hypothesis n-grams per order.
        totals: Vec<u64>,
        /// Hypothesis length.
        sys_len: u64,
        /// Closest-reference length.
        ref_len: u64,
        /// Brevity penalty.
        bp: f64,
        /// n-gram precisions in percent, after smoothing.
        precisions: Vec<f64>,
    },
    /// TER's edit count and average reference length.
    Ter {
        /// Total edits.
        num_edits: f64,
        /// Sum of average reference lengths.
        ref_length: f64,
    },
    /// Scores from another tool ([`external`]): the corpus score is the mean of the segment
    /// scores times `scale`, as the signature says too.
    External {
        /// Factor applied to the mean (100: COMET's 0–1 scores as points).
        scale: f64,
        /// Whether a higher score is better (false for MetricX).
        higher_is_better: bool,
    },
    /// chrF reports nothing beyond the score.
    None {},
}

/// Sum of segment statistics (integer sums are exact, so order and threads don't matter).
pub fn sum_stats<S: SufficientStats>(stats: &[S]) -> S {
    let mut total = S::default();
    for s in stats {
        total += *s;
    }
    total
}

/// A configured metric of any kind, as chosen on the command line. Also the scorer that
/// significance tests use on flat statistics rows.
#[derive(Debug)]
pub enum MetricSpec {
    /// BLEU.
    Bleu(Bleu),
    /// chrF or chrF++.
    Chrf(Chrf),
    /// TER.
    Ter(Ter),
    /// Segment scores computed by another tool (COMET, MetricX, …), read from files.
    External(External),
}

/// Call `$body` with `$m` bound to the concrete metric inside a [`MetricSpec`]: the one place
/// that lists the metric kinds for dispatch. [`External`] has the same methods as [`Metric`]
/// except those that read text; `$ext` handles it where the text metrics' body cannot.
macro_rules! with_metric {
    ($spec:expr, $m:ident => $body:expr) => {
        with_metric!($spec, $m => $body, $m => $body)
    };
    ($spec:expr, $m:ident => $body:expr, $e:ident => $ext:expr) => {
        match $spec {
            $crate::metrics::MetricSpec::Bleu($m) => $body,
            $crate::metrics::MetricSpec::Chrf($m) => $body,
            $crate::metrics::MetricSpec::Ter($m) => $body,
            $crate::metrics::MetricSpec::External($e) => $ext,
        }
    };
}
pub(crate) use with_metric;

impl MetricSpec {
    /// sacreBLEU's score name (`BLEU`, `chrF2++`, `TER`).
    pub fn display_name(&self) -> String {
        with_metric!(self, m => m.display_name())
    }
    /// Signature for `nrefs` references.
    pub fn signature(&self, nrefs: usize) -> Signature {
        with_metric!(self, m => m.signature(nrefs))
    }
    /// Signature of sentence scores for `nrefs` references.
    pub fn sentence_signature(&self, nrefs: usize) -> Signature {
        with_metric!(self, m => m.sentence_signature(nrefs))
    }
    /// Width of a statistics row.
    pub fn row_width(&self) -> usize {
        with_metric!(self, m => m.row_width())
    }
    /// Score of a statistics row (float64 path).
    pub fn score_row(&self, row: &[f64]) -> f64 {
        with_metric!(self, m => m.score_row(row))
    }
    /// Whether a higher score is better (false for TER, an error rate).
    pub fn higher_is_better(&self) -> bool {
        with_metric!(self, m => m.higher_is_better())
    }
    /// The human-agreement calibration of this metric (Kocmi et al. 2024), if there is one.
    pub fn calibration(&self) -> Option<calibration::Calibration> {
        match self {
            MetricSpec::External(e) => e.calibration(),
            _ => calibration::Calibration::for_metric(&self.display_name()),
        }
    }
}
