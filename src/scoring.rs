//! Scoring a whole test set: every requested metric, every system, every segment.
//!
//! References are digested once per metric and segment and shared by all systems (segment by
//! segment, while they are hot in cache); segments are scored in parallel (rayon) and collected
//! in order, so results do not depend on the number of threads. The output keeps every segment's sufficient statistics as a flat row,
//! which is all that significance tests, reports and the CI gate need.

use rayon::prelude::*;

use crate::corpus::Corpus;
pub use crate::metrics::ScoreDetails;
use crate::metrics::{Metric, MetricSpec, Signature, SufficientStats, with_metric};

/// Receives progress notifications from long computations. The library never draws anything:
/// the command line turns these into a progress bar, tests and library users ignore them.
pub trait Progress: Sync {
    /// `units` more units of work are done (one unit: one system scored with one metric).
    fn advance(&self, _units: u64) {}
}

/// Progress that nobody watches.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// One metric on one system.
#[derive(Debug, Clone)]
pub struct SystemMetric {
    /// Corpus score.
    pub score: f64,
    /// Details of the corpus score.
    pub details: ScoreDetails,
    /// Per-segment statistics rows, `row_width` values each, concatenated.
    pub rows: Vec<f64>,
    /// Sentence-level scores, if asked for.
    pub sentence: Option<Vec<f64>>,
}

/// One metric on every system.
#[derive(Debug, Clone)]
pub struct MetricResult {
    /// The key the metric was requested by (`bleu`, `chrf`, `chrf++`, `ter`).
    pub key: String,
    /// sacreBLEU's score name.
    pub name: String,
    /// Signature of the corpus scores.
    pub signature: Signature,
    /// Signature of sentence scores (differs for BLEU: effective order).
    pub sentence_signature: Signature,
    /// Width of one statistics row.
    pub row_width: usize,
    /// Per system, in corpus order.
    pub systems: Vec<SystemMetric>,
}

/// Segment statistics of every system for one metric (systems in corpus order).
pub fn segment_stats<M: Metric>(metric: &M, corpus: &Corpus) -> Vec<Vec<M::Stats>> {
    let nsys = corpus.systems.len();
    let mut out: Vec<Vec<M::Stats>> = (0..nsys)
        .map(|_| Vec::with_capacity(corpus.len()))
        .collect();
    for_each_chunk(metric, corpus, &NoProgress, |chunk| {
        // Transposing is mostly first touches of fresh memory (page faults): one system per
        // task, so that it does not run on one thread while the others wait.
        out.par_iter_mut()
            .enumerate()
            .for_each(|(k, sys)| sys.extend(chunk.chunks_exact(nsys).map(|row| row[k])));
    });
    out
}

/// Segments scored per chunk: the chunk's statistics (every system's, per segment) are the
/// only ones held before they are written out, so memory does not hold a second copy of the
/// test set's statistics.
const CHUNK: usize = 1 << 16;

/// Score the segments chunk by chunk and hand each chunk's statistics (per segment, every
/// system's: `nsys` values per segment) to `sink`, in segment order.
///
/// Segment-major: each task digests one segment's references and scores every system's
/// hypothesis against them while they are hot in cache, then drops them, instead of keeping the
/// references of the whole test set and streaming through them once per system. Progress
/// advances by one unit per system's worth of segments.
fn for_each_chunk<M: Metric>(
    metric: &M,
    corpus: &Corpus,
    progress: &dyn Progress,
    mut sink: impl FnMut(&[M::Stats]),
) {
    let n = corpus.len();
    let nsys = corpus.systems.len();
    if nsys == 0 {
        return;
    }
    let nrefs = corpus.references.len();
    let mut reported = 0;
    let mut done = 0;
    // Reused for every chunk: `chunk[k * nsys + s]` is system `s`'s statistics of segment
    // `done + k`.
    let mut chunk = vec![M::Stats::default(); CHUNK.min(n) * nsys];
    while done < n {
        let end = (done + CHUNK).min(n);
        let out = &mut chunk[..(end - done) * nsys];
        // One reference digest per task, refilled segment after segment: no allocation per
        // segment once the task's first segment has sized it.
        out.par_chunks_mut(nsys).enumerate().for_each_init(
            || {
                (
                    None::<M::RefCache>,
                    Vec::with_capacity(nrefs),
                    Vec::with_capacity(nsys),
                )
            },
            |(cache, refs, hyps), (k, stats)| {
                let i = done + k;
                refs.clear();
                refs.extend(corpus.references.iter().map(|r| Corpus::metric_view(r, i)));
                let digest = metric.prepare_references_into(refs, cache);
                hyps.clear();
                hyps.extend(corpus.systems.iter().map(|sys| Corpus::metric_view(sys, i)));
                for k in 0..nsys {
                    // Systems often agree on a segment (a fifth of the WMT22 en-zh hypotheses
                    // and nearly a third of the en-de ones repeat another system's), and
                    // statistics depend on the hypothesis and references only. Comparing
                    // strings is cheap next to scoring them: most differ in length.
                    stats[k] = match hyps[..k].iter().position(|h| *h == hyps[k]) {
                        Some(j) => stats[j],
                        None => metric.segment_stats(hyps[k], digest),
                    };
                }
            },
        );
        sink(out);
        done = end;
        let units = (done * nsys / n) as u64;
        progress.advance(units - reported);
        reported = units;
    }
    progress.advance(nsys as u64 - reported);
}

fn run_one<M: Metric>(
    metric: &M,
    corpus: &Corpus,
    sentence: bool,
    progress: &dyn Progress,
) -> Vec<SystemMetric> {
    let width = metric.row_width();
    let (n, nsys) = (corpus.len(), corpus.systems.len());
    // Per system: running total (added in segment order, as `sum_stats` adds), rows, sentence
    // scores; each chunk's statistics are written out and dropped.
    let mut acc: Vec<(M::Stats, Vec<f64>, Vec<f64>)> = (0..nsys)
        .map(|_| {
            (
                M::Stats::default(),
                Vec::with_capacity(n * width),
                Vec::with_capacity(if sentence { n } else { 0 }),
            )
        })
        .collect();
    for_each_chunk(metric, corpus, progress, |chunk| {
        acc.par_iter_mut()
            .enumerate()
            .for_each(|(k, (total, rows, sent))| {
                for seg in chunk.chunks_exact(nsys) {
                    let s = &seg[k];
                    *total += *s;
                    s.write_row(width, rows);
                }
                if sentence {
                    sent.par_extend(
                        chunk
                            .par_chunks_exact(nsys)
                            .map(|seg| metric.sentence_score(&seg[k])),
                    );
                }
            });
    });
    acc.into_iter()
        .map(|(total, rows, sent)| SystemMetric {
            score: metric.score(&total),
            details: metric.details(&total),
            rows,
            sentence: sentence.then_some(sent),
        })
        .collect()
}

/// Score `corpus` with one metric.
pub fn run_metric(key: &str, spec: &MetricSpec, corpus: &Corpus, sentence: bool) -> MetricResult {
    run_metric_observed(key, spec, corpus, sentence, &NoProgress)
}

/// Score `corpus` with one metric, reporting one unit of progress per system.
pub fn run_metric_observed(
    key: &str,
    spec: &MetricSpec,
    corpus: &Corpus,
    sentence: bool,
    progress: &dyn Progress,
) -> MetricResult {
    let nrefs = corpus.references.len();
    let systems = with_metric!(spec, m => run_one(m, corpus, sentence, progress), e => {
        // Scores read from files: the caller checked that they cover every system
        // (`External::check_systems`); a system without them gets no rows and a NaN score.
        let out = corpus
            .systems
            .iter()
            .map(|sys| match e.system(&sys.name) {
                Some(s) => e.system_metric(&s.values, sentence),
                None => SystemMetric {
                    score: f64::NAN,
                    details: ScoreDetails::None {},
                    rows: Vec::new(),
                    sentence: None,
                },
            })
            .collect();
        progress.advance(corpus.systems.len() as u64);
        out
    });
    MetricResult {
        key: key.to_owned(),
        name: spec.display_name(),
        signature: spec
            .signature(nrefs)
            .with_normalization(corpus.normalization),
        sentence_signature: spec
            .sentence_signature(nrefs)
            .with_normalization(corpus.normalization),
        row_width: spec.row_width(),
        systems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::TextFile;
    use crate::metrics::{Chrf, ChrfConfig};

    /// Systems repeating each other's hypotheses get exactly the statistics of scoring every
    /// hypothesis on its own (the shortcut only skips recomputing them).
    #[test]
    fn repeated_hypotheses_get_their_own_statistics() {
        let file = |name: &str, lines: &[&str]| {
            TextFile::new(name, format!("{name}.txt"), lines.iter().copied())
        };
        let corpus = Corpus {
            references: vec![
                file("r1", &["the cat sat", "a dog", "x"]),
                file("r2", &["a cat sat", "the dog barked", "y"]),
            ],
            systems: vec![
                file("a", &["the cat sat", "a dog", "z"]),
                file("b", &["the cat sat ", "dog", "z"]),
                file("c", &["a cat", "dog", "z"]),
            ],
            ..Corpus::default()
        };
        let m = Chrf::new(ChrfConfig::chrf_plus_plus()).unwrap();
        let stats = segment_stats(&m, &corpus);
        for (sys, got) in corpus.systems.iter().zip(&stats) {
            for (i, s) in got.iter().enumerate() {
                let refs = m.prepare_references(&corpus.segment_references(i));
                assert_eq!(*s, m.segment_stats(Corpus::metric_view(sys, i), &refs));
            }
        }
    }
}
