//! compare-mt-style breakdowns (Neubig et al., 2019, `neulab/compare-mt`): where and on what
//! systems differ, with sacreBLEU-exact tokenization and scores.
//!
//! [`analyze`] turns a validated [`Corpus`] into one serializable [`Breakdown`];
//! `crate::report::text::render_breakdown` prints it as terminal tables. Four breakdowns, each
//! following compare-mt's definition and defaults:
//!
//! 1. **Sentence length** (compare-mt `--compare_sentence_buckets bucket_type=length,
//!    statistic_type=score`): segments bucketed by reference length in tokens, boundaries
//!    `10:20:30:40:50:60`; per bucket the number of segments and, per system, corpus BLEU over
//!    the bucket (the sum of sacreBLEU's segment statistics, scored), the mean sentence BLEU
//!    and the mean sentence chrF.
//! 2. **Word accuracy by frequency** (`--compare_word_accuracies bucket_type=freq`): every word
//!    is bucketed by its frequency (boundaries `1:2:3:4:5:10:100:1000`) in the references or in
//!    a training file; per bucket, matched output words give precision, recall and F-measure.
//! 3. **Characteristic n-grams** (`--compare_ngrams compare_type=match`): for lengths 1–4, the
//!    n-grams whose reference-matched counts differ most between two systems, ranked by the
//!    smoothed ratio `(left + α) / (left + right + 2α)` with α = 1.
//! 4. **Sentence examples** (`--compare_sentence_examples`): the segments where two systems'
//!    sentence BLEU differ most, each way.
//!
//! Tokens are what sacreBLEU's BLEU sees: the configured tokenizer (13a by default, after
//! optional lowercasing) on the right-stripped line, split with Python's `str.split()`.
//!
//! # Multiple references
//! compare-mt takes one reference; with several, mtmeter defines:
//! - **Reference length** of a segment is the *mean* reference length. sacreBLEU's closest
//!   reference length depends on the hypothesis, so buckets would hold different segments for
//!   different systems and their scores could not be compared side by side; the mean is the
//!   same for every system (and it is what sacreBLEU's TER uses as reference length).
//! - **The reference bag of words** of a segment holds each word as many times as the reference
//!   with the most occurrences of it: the clipping counts of BLEU. Output words match up to that
//!   count; recall divides by the size of that bag. Reference word frequencies are counted over
//!   these bags, so a word found once in each of four references counts once, not four times.
//! - **Reference n-grams** for the n-gram comparison are clipped the same way (max over
//!   references), exactly as BLEU clips.
//!
//! With one reference every definition reduces to compare-mt's.
//!
//! # Where mtmeter deviates from compare-mt, and why
//! - Scores are sacreBLEU's: corpus BLEU of a bucket is sacreBLEU BLEU (exp smoothing, no
//!   per-sentence `max(1, total)` denominators as in compare-mt's `BleuScorer`), sentence BLEU
//!   is `sacrebleu --sentence-level` (effective order, exp smoothing) rather than NLTK's
//!   `sentence_bleu` with Chen & Cherry method 2. Being sacreBLEU-exact is this tool's purpose.
//! - An empty line has no tokens (compare-mt's `line.strip().split(' ')` gives one empty token).
//! - An empty length bucket has no scores (`null`) instead of compare-mt's score of nothing.
//! - Ties are broken deterministically: n-grams with equal ratios by more total matches first,
//!   then alphabetically; sentence examples with equal differences by segment order.
//!   compare-mt keeps Python's set order, which changes with the string hash seed.
//! - Only n-grams (sentences) that one system actually matches more often (scores higher) are
//!   listed on its side: with few candidates compare-mt's lists run into ties and the other
//!   side. The "right better" lists are ordered from the largest difference down, where
//!   compare-mt prints the last `k` entries of its ascending list.
//! - Every pair of systems is compared (compare-mt's default direction is `0-1` only).
//! - Examples show the lines as given (right-stripped), not the token sequences.
//!
//! # Files
//! This file holds the configuration, the result types and [`analyze`], which tokenizes once and
//! calls the breakdowns: [`buckets`] (compare-mt's bucket boundaries and labels), `length`
//! (sentence-length buckets), `words` (bags of words and word accuracy by frequency), `ngrams`
//! (characteristic n-grams) and `examples` (sentences where two systems differ most). None of
//! them renders anything: text and JSON renderers live in `crate::report`.

pub mod buckets;
mod examples;
mod length;
mod ngrams;
mod words;

use buckets::bucket_of_mean;
pub use buckets::{bucket_index, bucket_labels};

use std::collections::HashSet;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, TextFile};
use crate::metrics::bleu::bleu_signature;
use crate::metrics::{Bleu, BleuConfig, BleuStats, Chrf, ChrfConfig, Metric, sum_stats};
use crate::scoring::segment_stats;
use crate::tokenize::text::{py_lower, py_rstrip, py_split};
use crate::tokenize::{Tokenizer, TokenizerKind};

use examples::examples;
use length::length_buckets;
use ngrams::{characteristic_ngrams, ngrams};
use words::{counts, max_union, merge_sum, word_accuracy};

/// compare-mt's default sentence-length bucket boundaries (`LengthSentenceBucketer`).
pub const DEFAULT_LENGTH_CUTOFFS: [u64; 6] = [10, 20, 30, 40, 50, 60];
/// compare-mt's default word-frequency bucket boundaries (`FreqWordBucketer`).
pub const DEFAULT_FREQUENCY_CUTOFFS: [u64; 8] = [1, 2, 3, 4, 5, 10, 100, 1000];

/// What to break down and how; defaults are compare-mt's, tokenization is sacreBLEU's default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownConfig {
    /// Tokenizer for lengths, words, n-grams and BLEU (`13a`).
    pub tokenize: TokenizerKind,
    /// Lowercase before tokenizing (compare-mt's `case_insensitive`) and in BLEU and chrF.
    pub lowercase: bool,
    /// Sentence-length bucket boundaries, strictly increasing.
    pub length_cutoffs: Vec<u64>,
    /// Word-frequency bucket boundaries, strictly increasing.
    pub frequency_cutoffs: Vec<u64>,
    /// Shortest n-gram compared (1).
    pub min_ngram: usize,
    /// Longest n-gram compared (4).
    pub max_ngram: usize,
    /// Smoothing of the n-gram ratio (1: Laplace).
    pub ngram_alpha: f64,
    /// n-grams listed each way per pair of systems (10).
    pub ngram_count: usize,
    /// Sentence examples listed each way per pair of systems (10).
    pub example_count: usize,
    /// The pairs of systems (corpus indices) whose characteristic n-grams and examples are
    /// compared; `None`: every pair, as compare-mt does. Comparing each system with a baseline
    /// only keeps the output linear in the number of systems.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pairs: Option<Vec<(usize, usize)>>,
}

impl Default for BreakdownConfig {
    fn default() -> Self {
        Self {
            tokenize: TokenizerKind::V13a,
            lowercase: false,
            length_cutoffs: DEFAULT_LENGTH_CUTOFFS.to_vec(),
            frequency_cutoffs: DEFAULT_FREQUENCY_CUTOFFS.to_vec(),
            min_ngram: 1,
            max_ngram: 4,
            ngram_alpha: 1.0,
            ngram_count: 10,
            example_count: 10,
            pairs: None,
        }
    }
}

/// A configuration that cannot be honoured.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BreakdownError {
    /// Bucket boundaries empty or not strictly increasing.
    #[error("{what} bucket boundaries must be a non-empty, strictly increasing list, got {got:?}")]
    Cutoffs {
        /// Which boundaries (`sentence-length`, `word-frequency`).
        what: &'static str,
        /// The boundaries given.
        got: Vec<u64>,
    },
    /// n-gram lengths out of range.
    #[error("n-gram lengths must satisfy 1 <= min <= max <= 12, got min {min} and max {max}")]
    NgramRange {
        /// Shortest n-gram.
        min: usize,
        /// Longest n-gram.
        max: usize,
    },
    /// Smoothing that is negative or not a number.
    #[error("the n-gram smoothing alpha must be a finite number >= 0, got {0}")]
    Alpha(f64),
    /// A pair of systems that does not exist.
    #[error("{0}")]
    Pairs(String),
}

/// Where word frequencies were counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrequencySource {
    /// The references of the test set (one bag of words per segment, see the module docs).
    References,
    /// A training corpus (its target side), tokenized like the test set.
    Training {
        /// The file, as shown to the user.
        path: String,
    },
}

/// Every breakdown of one test set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// The configuration used.
    pub config: BreakdownConfig,
    /// System names, in corpus order; every per-system list follows this order.
    pub systems: Vec<String>,
    /// Reference names.
    pub references: Vec<String>,
    /// Number of segments.
    pub segments: usize,
    /// Signature of the bucket BLEU scores.
    pub bleu_signature: String,
    /// Signature of the sentence BLEU scores (effective order).
    pub sentence_bleu_signature: String,
    /// Signature of the sentence chrF scores.
    pub chrf_signature: String,
    /// Scores by sentence-length bucket.
    pub length_buckets: Vec<LengthBucket>,
    /// Where the word frequencies for [`Breakdown::word_accuracy`] came from.
    pub frequency_source: FrequencySource,
    /// Word accuracy by frequency bucket.
    pub word_accuracy: Vec<WordBucket>,
    /// Characteristic n-grams, one entry per pair of systems (`left` before `right`).
    pub ngrams: Vec<NgramComparison>,
    /// Sentence examples, one entry per pair of systems (`left` before `right`).
    pub examples: Vec<ExampleComparison>,
}

/// One sentence-length bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LengthBucket {
    /// compare-mt's label (`<10`, `[10,20)`, `>=60`).
    pub label: String,
    /// Segments whose (mean) reference length falls here.
    pub sentences: usize,
    /// Scores per system; `None` where the bucket is empty.
    pub systems: Vec<BucketScores>,
}

/// One system's scores on one length bucket (`None` for an empty bucket).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BucketScores {
    /// Corpus BLEU over the bucket's segments.
    pub bleu: Option<f64>,
    /// Mean sentence BLEU.
    pub mean_sentence_bleu: Option<f64>,
    /// Mean sentence chrF.
    pub mean_sentence_chrf: Option<f64>,
}

/// One word-frequency bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordBucket {
    /// compare-mt's label (`<1`, `1`, `[5,10)`, `>=1000`).
    pub label: String,
    /// Reference words in the bucket (the recall denominator).
    pub reference_words: u64,
    /// Accuracy per system.
    pub systems: Vec<WordAccuracy>,
}

/// One system's word accuracy on one frequency bucket.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WordAccuracy {
    /// Output words in the bucket (the precision denominator).
    pub output_words: u64,
    /// Output words matched in the reference.
    pub matched: u64,
    /// `matched / output_words` (0 when nothing matched, as compare-mt).
    pub precision: f64,
    /// `matched / reference_words` (0 when nothing matched).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when nothing matched).
    pub f_measure: f64,
}

/// Characteristic n-grams of two systems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NgramComparison {
    /// Name of the first system.
    pub left: String,
    /// Name of the second system.
    pub right: String,
    /// n-grams `left` matches more often, most characteristic first.
    pub left_better: Vec<CharacteristicNgram>,
    /// n-grams `right` matches more often, most characteristic first.
    pub right_better: Vec<CharacteristicNgram>,
}

/// One n-gram with its matched counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CharacteristicNgram {
    /// Tokens joined by single spaces.
    pub ngram: String,
    /// `(left + α) / (left + right + 2α)`: above 0.5 favours `left`.
    pub score: f64,
    /// Reference-matched occurrences in `left`'s output.
    pub left_matches: u64,
    /// Reference-matched occurrences in `right`'s output.
    pub right_matches: u64,
}

/// Sentences where two systems differ most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExampleComparison {
    /// Name of the first system.
    pub left: String,
    /// Name of the second system.
    pub right: String,
    /// Segments where `left` scores higher, largest difference first.
    pub left_better: Vec<SentenceExample>,
    /// Segments where `right` scores higher, largest difference first.
    pub right_better: Vec<SentenceExample>,
}

/// One segment shown as an example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceExample {
    /// Segment index, 0-based (line `segment + 1` of every input file).
    pub segment: usize,
    /// The source segment, when the test set has a source.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    /// The references, in corpus order.
    pub references: Vec<String>,
    /// `left`'s output.
    pub left_output: String,
    /// `right`'s output.
    pub right_output: String,
    /// `left`'s sentence BLEU.
    pub left_bleu: f64,
    /// `right`'s sentence BLEU.
    pub right_bleu: f64,
}

fn check(config: &BreakdownConfig) -> Result<(), BreakdownError> {
    for (what, c) in [
        ("sentence-length", &config.length_cutoffs),
        ("word-frequency", &config.frequency_cutoffs),
    ] {
        if c.is_empty() || c.windows(2).any(|w| w[0] >= w[1]) {
            return Err(BreakdownError::Cutoffs {
                what,
                got: c.clone(),
            });
        }
    }
    if config.min_ngram == 0
        || config.min_ngram > config.max_ngram
        || config.max_ngram > crate::metrics::bleu::MAX_SUPPORTED_ORDER
    {
        return Err(BreakdownError::NgramRange {
            min: config.min_ngram,
            max: config.max_ngram,
        });
    }
    if !(config.ngram_alpha.is_finite() && config.ngram_alpha >= 0.0) {
        return Err(BreakdownError::Alpha(config.ngram_alpha));
    }
    Ok(())
}

/// Tokenize every line of `file` as BLEU does (`BLEU._preprocess_segment`).
pub(super) fn tokenize_lines<'a>(
    tokenizer: &dyn Tokenizer,
    lowercase: bool,
    lines: impl IndexedParallelIterator<Item = &'a str>,
) -> Vec<String> {
    lines
        .map(|line| {
            if lowercase {
                tokenizer.tokenize(py_rstrip(&py_lower(line)))
            } else {
                tokenizer.tokenize(py_rstrip(line))
            }
        })
        .collect()
}

pub(super) fn tokenize_file(
    tokenizer: &dyn Tokenizer,
    lowercase: bool,
    file: &TextFile,
) -> Vec<String> {
    tokenize_lines(
        tokenizer,
        lowercase,
        (0..file.len())
            .into_par_iter()
            .map(|i| Corpus::metric_view(file, i)),
    )
}

/// Token slices of every tokenized line of every file.
pub(super) fn split_files(files: &[Vec<String>]) -> Vec<Vec<Vec<&str>>> {
    files
        .iter()
        .map(|f| f.par_iter().map(|l| py_split(l).collect()).collect())
        .collect()
}

/// Run every breakdown on `corpus`. Word frequencies come from `training` when given (its lines
/// tokenized like the test set), otherwise from the references.
pub fn analyze(
    corpus: &Corpus,
    config: &BreakdownConfig,
    training: Option<&TextFile>,
) -> Result<Breakdown, BreakdownError> {
    check(config)?;
    let n = corpus.len();
    let nrefs = corpus.references.len();
    let tokenizer = config.tokenize.build();
    let tok = tokenizer.as_ref();

    // Tokenize once; every breakdown below borrows these token slices.
    let ref_text: Vec<Vec<String>> = corpus
        .references
        .iter()
        .map(|f| tokenize_file(tok, config.lowercase, f))
        .collect();
    let sys_text: Vec<Vec<String>> = corpus
        .systems
        .iter()
        .map(|f| tokenize_file(tok, config.lowercase, f))
        .collect();
    let ref_tokens = split_files(&ref_text);
    let sys_tokens = split_files(&sys_text);

    let bleu = Bleu::new(BleuConfig {
        tokenize: config.tokenize,
        lowercase: config.lowercase,
        ..BleuConfig::default()
    })
    .expect("the default BLEU order is valid");
    let chrf = Chrf::new(ChrfConfig {
        lowercase: config.lowercase,
        ..ChrfConfig::default()
    })
    .expect("the default chrF orders are valid");
    let bleu_stats = segment_stats(&bleu, corpus);
    let chrf_stats = segment_stats(&chrf, corpus);
    let sentence_bleu: Vec<Vec<f64>> = bleu_stats
        .iter()
        .map(|s| s.par_iter().map(|x| bleu.sentence_score(x)).collect())
        .collect();
    let sentence_chrf: Vec<Vec<f64>> = chrf_stats
        .iter()
        .map(|s| s.par_iter().map(|x| chrf.sentence_score(x)).collect())
        .collect();

    let length_buckets = length_buckets(
        config,
        &ref_tokens,
        n,
        &bleu,
        &bleu_stats,
        &sentence_bleu,
        &sentence_chrf,
    );

    // The reference bag of words of each segment (max count over references).
    let ref_bags: Vec<FxHashMap<&str, u64>> = (0..n)
        .into_par_iter()
        .map(|i| max_union(ref_tokens.iter().map(|r| counts(r[i].iter().copied()))))
        .collect();
    let (frequencies, frequency_source) = match training {
        Some(file) => {
            let text = tokenize_file(tok, config.lowercase, file);
            let freq = text
                .par_iter()
                .map(|l| counts(py_split(l).map(str::to_owned)))
                .reduce(FxHashMap::default, merge_sum);
            (
                freq,
                FrequencySource::Training {
                    path: file.path.clone(),
                },
            )
        }
        None => {
            let freq = ref_bags
                .par_iter()
                .map(|bag| {
                    bag.iter()
                        .map(|(w, &c)| ((*w).to_owned(), c))
                        .collect::<FxHashMap<_, _>>()
                })
                .reduce(FxHashMap::default, merge_sum);
            (freq, FrequencySource::References)
        }
    };
    let word_accuracy = word_accuracy(config, &frequencies, &ref_bags, &sys_tokens);

    let n_systems = corpus.systems.len();
    let pairs: Vec<(usize, usize)> = match &config.pairs {
        Some(p) => p.clone(),
        None => (0..n_systems)
            .flat_map(|a| (a + 1..n_systems).map(move |b| (a, b)))
            .collect(),
    };
    if let Some(&(a, b)) = pairs
        .iter()
        .find(|&&(a, b)| a >= n_systems || b >= n_systems || a == b)
    {
        return Err(BreakdownError::Pairs(format!(
            "cannot compare systems #{a} and #{b}: there are {n_systems} systems"
        )));
    }

    // Matched n-grams of every system: each segment's reference n-grams (clipped over
    // references) are counted once, used by every system and dropped, so memory holds the
    // per-system totals only, never the n-grams of every segment (gigabytes at a million).
    let matched_ngrams: Vec<FxHashMap<&[&str], u64>> = if pairs.is_empty() {
        Vec::new()
    } else {
        (0..n)
            .into_par_iter()
            .fold(
                || vec![FxHashMap::default(); n_systems],
                |mut acc: Vec<FxHashMap<&[&str], u64>>, i| {
                    let ref_ngrams = max_union(
                        ref_tokens
                            .iter()
                            .map(|r| counts(ngrams(&r[i], config.min_ngram, config.max_ngram))),
                    );
                    for (m, sys) in acc.iter_mut().zip(&sys_tokens) {
                        for (g, c) in counts(ngrams(&sys[i], config.min_ngram, config.max_ngram)) {
                            let matched = c.min(ref_ngrams.get(g).copied().unwrap_or(0));
                            if matched > 0 {
                                *m.entry(g).or_insert(0) += matched;
                            }
                        }
                    }
                    acc
                },
            )
            .reduce(
                || vec![FxHashMap::default(); n_systems],
                |a, b| a.into_iter().zip(b).map(|(x, y)| merge_sum(x, y)).collect(),
            )
    };
    let ngrams = pairs
        .par_iter()
        .map(|&(a, b)| NgramComparison {
            left: corpus.systems[a].name.clone(),
            right: corpus.systems[b].name.clone(),
            left_better: characteristic_ngrams(
                &matched_ngrams[a],
                &matched_ngrams[b],
                config.ngram_alpha,
                config.ngram_count,
                true,
            ),
            right_better: characteristic_ngrams(
                &matched_ngrams[a],
                &matched_ngrams[b],
                config.ngram_alpha,
                config.ngram_count,
                false,
            ),
        })
        .collect();

    let examples = pairs
        .par_iter()
        .map(|&(a, b)| examples(corpus, config, &ref_text, &sys_text, &sentence_bleu, a, b))
        .collect();

    let norm =
        |s: crate::metrics::Signature| s.with_normalization(corpus.normalization).format(false);
    let mut sentence_config = bleu.config().clone();
    sentence_config.effective_order = true;
    Ok(Breakdown {
        config: config.clone(),
        systems: corpus.systems.iter().map(|s| s.name.clone()).collect(),
        references: corpus.references.iter().map(|r| r.name.clone()).collect(),
        segments: n,
        bleu_signature: norm(bleu.signature(nrefs)),
        sentence_bleu_signature: norm(bleu_signature(&sentence_config, nrefs)),
        chrf_signature: norm(chrf.signature(nrefs)),
        length_buckets,
        frequency_source,
        word_accuracy,
        ngrams,
        examples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, lines: &[&str]) -> TextFile {
        TextFile::new(name, format!("{name}.txt"), lines.iter().copied())
    }

    fn corpus(refs: &[&[&str]], systems: &[&[&str]]) -> Corpus {
        Corpus {
            references: refs
                .iter()
                .enumerate()
                .map(|(i, r)| file(&format!("ref{}", i + 1), r))
                .collect(),
            systems: systems
                .iter()
                .enumerate()
                .map(|(i, s)| file(&format!("sys{}", i + 1), s))
                .collect(),
            ..Corpus::default()
        }
        .validated()
        .unwrap()
    }

    fn config() -> BreakdownConfig {
        BreakdownConfig {
            tokenize: TokenizerKind::None,
            ..BreakdownConfig::default()
        }
    }

    #[test]
    fn bucket_labels_follow_compare_mt() {
        assert_eq!(
            bucket_labels(&DEFAULT_LENGTH_CUTOFFS),
            [
                "<10", "[10,20)", "[20,30)", "[30,40)", "[40,50)", "[50,60)", ">=60"
            ]
        );
        // Buckets holding a single integer are named by it.
        assert_eq!(
            bucket_labels(&DEFAULT_FREQUENCY_CUTOFFS),
            [
                "<1",
                "1",
                "2",
                "3",
                "4",
                "[5,10)",
                "[10,100)",
                "[100,1000)",
                ">=1000"
            ]
        );
    }

    #[test]
    fn a_value_on_a_boundary_goes_to_the_bucket_above() {
        let c = [10, 20];
        assert_eq!(
            [0, 9, 10, 19, 20, 99].map(|v| bucket_index(v, &c)),
            [0, 0, 1, 1, 2, 2]
        );
        // Mean of 9 and 11 is 10: on the boundary, so the middle bucket; 9 and 10 is below.
        assert_eq!(bucket_of_mean(20, 2, &c), 1);
        assert_eq!(bucket_of_mean(19, 2, &c), 0);
    }

    #[test]
    fn length_buckets_count_segments_and_score_them() {
        // Cutoffs [3, 5]: buckets <3, [3,5), >=5. Reference lengths 2, 4, 6, 2.
        let c = corpus(
            &[&["a b", "a b c d", "a b c d e f", "x y"]],
            &[&["a b", "a b c d", "u v w x y z", "p q"]],
        );
        let cfg = BreakdownConfig {
            length_cutoffs: vec![3, 5],
            ..config()
        };
        let b = analyze(&c, &cfg, None).unwrap();
        let counts: Vec<usize> = b.length_buckets.iter().map(|x| x.sentences).collect();
        assert_eq!(counts, [2, 1, 1]);
        let s = |i: usize| b.length_buckets[i].systems[0];
        // <3: segment 0 is perfect (sentence BLEU and chrF 100), segment 3 matches nothing (0),
        // so both means are 50. Corpus BLEU is 0: no 3-grams exist, and sacreBLEU scores a
        // missing order as log(0) (its corpus BLEU has no effective order).
        // (sacreBLEU's perfect sentence BLEU is 100.00000000000004, from exp(log(100)).)
        assert!((s(0).mean_sentence_bleu.unwrap() - 50.0).abs() < 1e-9);
        assert_eq!(s(0).mean_sentence_chrf, Some(50.0));
        assert_eq!(s(0).bleu, Some(0.0));
        // [3,5): one perfect 4-token segment.
        assert!((s(1).bleu.unwrap() - 100.0).abs() < 1e-9);
        assert!((s(1).mean_sentence_bleu.unwrap() - 100.0).abs() < 1e-9);
        assert_eq!(s(1).mean_sentence_chrf, Some(100.0));
        // >=5: nothing matches.
        assert_eq!(s(2).bleu, Some(0.0));
        assert_eq!(s(2).mean_sentence_chrf, Some(0.0));
    }

    #[test]
    fn an_empty_length_bucket_has_no_scores() {
        let c = corpus(&[&["a b c"]], &[&["a b c"]]);
        let b = analyze(&c, &config(), None).unwrap();
        assert_eq!(b.length_buckets[0].sentences, 1);
        assert_eq!(b.length_buckets[3].sentences, 0);
        assert_eq!(b.length_buckets[3].systems[0].bleu, None);
        assert_eq!(b.length_buckets[3].systems[0].mean_sentence_bleu, None);
    }

    #[test]
    fn with_several_references_a_segment_is_bucketed_by_mean_reference_length() {
        // Reference lengths 2 and 4: mean 3, so [3,5) with cutoffs [3, 5], whatever the system.
        let c = corpus(&[&["a b"], &["a b c d"]], &[&["a b"], &["a b c d"]]);
        let cfg = BreakdownConfig {
            length_cutoffs: vec![3, 5],
            ..config()
        };
        let b = analyze(&c, &cfg, None).unwrap();
        let counts: Vec<usize> = b.length_buckets.iter().map(|x| x.sentences).collect();
        assert_eq!(counts, [0, 1, 0]);
    }

    #[test]
    fn word_f_measure_by_reference_frequency() {
        // Reference frequencies: the 2, cat 1, sat 1, dog 1, ran 1; cutoffs [2]: <2, >=2.
        // Segment 0: ref {the, cat, sat}, out {the, cat, cat}: `the` (>=2) matches once;
        //   `cat` (<2) is output twice, matches once.
        // Segment 1: ref {the, dog, ran}, out {a, dog, ran}: `a` (frequency 0, <2) misses;
        //   `dog` and `ran` (<2) match.
        // <2:  reference cat sat dog ran = 4, output cat cat a dog ran = 5, matched 3:
        //      P = 3/5, R = 3/4, F = 2/3.
        // >=2: reference the the = 2, output the = 1, matched 1: P = 1, R = 1/2, F = 2/3.
        let c = corpus(
            &[&["the cat sat", "the dog ran"]],
            &[&["the cat cat", "a dog ran"]],
        );
        let cfg = BreakdownConfig {
            frequency_cutoffs: vec![2],
            ..config()
        };
        let b = analyze(&c, &cfg, None).unwrap();
        assert_eq!(b.frequency_source, FrequencySource::References);
        let low = &b.word_accuracy[0];
        assert_eq!(low.label, "<2");
        assert_eq!(low.reference_words, 4);
        assert_eq!(
            (low.systems[0].output_words, low.systems[0].matched),
            (5, 3)
        );
        assert_eq!(low.systems[0].precision, 0.6);
        assert_eq!(low.systems[0].recall, 0.75);
        assert!((low.systems[0].f_measure - 2.0 / 3.0).abs() < 1e-15);
        let high = &b.word_accuracy[1];
        assert_eq!(high.reference_words, 2);
        assert_eq!(
            (high.systems[0].output_words, high.systems[0].matched),
            (1, 1)
        );
        assert_eq!(high.systems[0].recall, 0.5);
        assert!((high.systems[0].f_measure - 2.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn with_several_references_words_match_up_to_the_largest_reference_count() {
        // References "the cat" and "the the dog": bag {the: 2, cat: 1, dog: 1} (4 words), which
        // also gives the frequencies. Output "the the the cat": `the` matches 2 of 3, `cat` 1.
        // <2 (cat, dog): reference 2, output 1, matched 1: P = 1, R = 1/2.
        // >=2 (the): reference 2, output 3, matched 2: P = 2/3, R = 1, F = 0.8.
        let c = corpus(&[&["the cat"], &["the the dog"]], &[&["the the the cat"]]);
        let cfg = BreakdownConfig {
            frequency_cutoffs: vec![2],
            ..config()
        };
        let b = analyze(&c, &cfg, None).unwrap();
        let (low, high) = (&b.word_accuracy[0], &b.word_accuracy[1]);
        assert_eq!((low.reference_words, high.reference_words), (2, 2));
        assert_eq!(
            (low.systems[0].recall, low.systems[0].precision),
            (0.5, 1.0)
        );
        assert_eq!(
            (high.systems[0].output_words, high.systems[0].matched),
            (3, 2)
        );
        assert!((high.systems[0].f_measure - 0.8).abs() < 1e-15);
    }

    #[test]
    fn training_frequencies_replace_reference_frequencies() {
        // Training counts: cat 3, the 1 (`sat` never seen: frequency 0). Cutoffs [1, 2]:
        // <1 {sat}, 1 {the}, >=2 {cat}. Output "the cat" matches `the` and `cat`.
        let c = corpus(&[&["the cat sat"]], &[&["the cat"]]);
        let training = file("train", &["cat cat", "the cat"]);
        let cfg = BreakdownConfig {
            frequency_cutoffs: vec![1, 2],
            ..config()
        };
        let b = analyze(&c, &cfg, Some(&training)).unwrap();
        assert_eq!(
            b.frequency_source,
            FrequencySource::Training {
                path: "train.txt".into()
            }
        );
        let refs: Vec<u64> = b.word_accuracy.iter().map(|x| x.reference_words).collect();
        assert_eq!(refs, [1, 1, 1]);
        let matched: Vec<u64> = b
            .word_accuracy
            .iter()
            .map(|x| x.systems[0].matched)
            .collect();
        assert_eq!(matched, [0, 1, 1]);
    }

    #[test]
    fn characteristic_ngrams_rank_by_smoothed_ratio_then_evidence() {
        // n = 1..2, alpha = 1. Matched n-grams:
        //   seg 0, ref "a b c":  sys1 "a b c" -> a b c "a b" "b c";  sys2 "a b d" -> a b "a b"
        //   seg 1, ref "x y":    sys1 "z z"   -> nothing;            sys2 "x y"   -> x y "x y"
        //   seg 2, ref "c c":    sys1 "c c"   -> c c "c c";          sys2 "e e"   -> nothing
        // sys1 better: c (3 vs 0): 4/5; "b c" and "c c" (1 vs 0): 2/3, same evidence, so by text.
        // sys2 better: x, "x y", y (0 vs 1): sys1's share 1/3 each; by text.
        // a, b, "a b" (1 vs 1) favour nobody.
        let c = corpus(
            &[&["a b c", "x y", "c c"]],
            &[&["a b c", "z z", "c c"], &["a b d", "x y", "e e"]],
        );
        let cfg = BreakdownConfig {
            max_ngram: 2,
            ..config()
        };
        let b = analyze(&c, &cfg, None).unwrap();
        assert_eq!(b.ngrams.len(), 1);
        let g = &b.ngrams[0];
        assert_eq!((g.left.as_str(), g.right.as_str()), ("sys1", "sys2"));
        let names =
            |l: &[CharacteristicNgram]| l.iter().map(|x| x.ngram.clone()).collect::<Vec<_>>();
        assert_eq!(names(&g.left_better), ["c", "b c", "c c"]);
        assert_eq!(g.left_better[0].score, 0.8);
        assert_eq!(
            (
                g.left_better[0].left_matches,
                g.left_better[0].right_matches
            ),
            (3, 0)
        );
        assert_eq!(names(&g.right_better), ["x", "x y", "y"]);
        assert_eq!(g.right_better[0].score, 1.0 / 3.0);
        assert_eq!(
            (
                g.right_better[0].left_matches,
                g.right_better[0].right_matches
            ),
            (0, 1)
        );
    }

    #[test]
    fn equal_ratios_put_the_ngram_with_more_matches_first() {
        // "p" matched 5 vs 1: (5+1)/(6+2) = 3/4; "q" matched 2 vs 0: (2+1)/(2+2) = 3/4.
        // Same ratio; "p" has 6 matches in all against 2, so it comes first despite the text
        // order; ngram_count = 1 keeps only it.
        let c = corpus(
            &[&["p p p p p", "q q"]],
            &[&["p p p p p", "q q"], &["p", "r"]],
        );
        let cfg = BreakdownConfig {
            max_ngram: 1,
            ngram_count: 1,
            ..config()
        };
        let g = &analyze(&c, &cfg, None).unwrap().ngrams[0];
        assert_eq!(g.left_better.len(), 1);
        assert_eq!(g.left_better[0].ngram, "p");
        assert_eq!(g.left_better[0].score, 0.75);
        assert!(g.right_better.is_empty());
    }

    #[test]
    fn sentence_examples_skip_ties_and_duplicates() {
        // Segments 0 and 2 are the same triple: only segment 0 is shown. Segment 1 has equal
        // scores and favours nobody. Segment 3 is where sys2 is better.
        let c = corpus(
            &[&["a b c d", "e f g h", "a b c d", "w x y z"]],
            &[
                &["a b c d", "e f g h", "a b c d", "q q q q"],
                &["a b q q", "e f g h", "a b q q", "w x y z"],
            ],
        );
        let b = analyze(&c, &config(), None).unwrap();
        let e = &b.examples[0];
        assert_eq!(e.left_better.len(), 1);
        let ex = &e.left_better[0];
        assert_eq!(ex.segment, 0);
        assert_eq!(ex.references, ["a b c d"]);
        assert_eq!(
            (ex.left_output.as_str(), ex.right_output.as_str()),
            ("a b c d", "a b q q")
        );
        assert!((ex.left_bleu - 100.0).abs() < 1e-9 && ex.right_bleu < 100.0);
        assert_eq!(e.right_better.len(), 1);
        assert_eq!(e.right_better[0].segment, 3);
        assert_eq!(e.right_better[0].left_bleu, 0.0);
    }

    #[test]
    fn one_system_has_no_pairwise_breakdowns() {
        let c = corpus(&[&["a b"]], &[&["a b"]]);
        let b = analyze(&c, &config(), None).unwrap();
        assert!(b.ngrams.is_empty() && b.examples.is_empty());
        assert_eq!(b.word_accuracy.len(), DEFAULT_FREQUENCY_CUTOFFS.len() + 1);
    }

    #[test]
    fn bad_configurations_are_refused() {
        let c = corpus(&[&["a"]], &[&["a"]]);
        let bad = [
            BreakdownConfig {
                length_cutoffs: vec![10, 10],
                ..config()
            },
            BreakdownConfig {
                frequency_cutoffs: vec![],
                ..config()
            },
            BreakdownConfig {
                min_ngram: 3,
                max_ngram: 2,
                ..config()
            },
            BreakdownConfig {
                ngram_alpha: f64::NAN,
                ..config()
            },
        ];
        for cfg in bad {
            assert!(analyze(&c, &cfg, None).is_err(), "{cfg:?}");
        }
        let e = analyze(
            &c,
            &BreakdownConfig {
                length_cutoffs: vec![20, 10],
                ..config()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "sentence-length bucket boundaries must be a non-empty, strictly increasing list, got [20, 10]"
        );
    }

    #[test]
    fn lowercasing_makes_case_variants_match() {
        let c = corpus(&[&["The Cat"]], &[&["the cat"]]);
        let matched = |lowercase| {
            let cfg = BreakdownConfig {
                lowercase,
                ..config()
            };
            let b = analyze(&c, &cfg, None).unwrap();
            b.word_accuracy
                .iter()
                .map(|x| x.systems[0].matched)
                .sum::<u64>()
        };
        assert_eq!((matched(false), matched(true)), (0, 2));
    }

    #[test]
    fn json_round_trips_and_text_shows_every_section() {
        let c = corpus(
            &[&["a b c", "x y"]],
            &[&["a b c", "z z"], &["a b d", "x y"]],
        );
        let b = analyze(&c, &config(), None).unwrap();
        let json = serde_json::to_string(&b).unwrap();
        let back: Breakdown = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
        let text = crate::report::text::render_breakdown(&b);
        for needle in [
            "Scores by reference length",
            "Word F-measure by frequency in the references",
            "n-grams sys1 matches more often than sys2",
            "Segments where sys2 beats sys1 most",
            "segment 1 (line 2)",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }
}
