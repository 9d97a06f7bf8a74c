//! Breakdowns against real compare-mt on its own example data (ted.sk-en, one reference).
//!
//! The golden (`tests/golden/compare_mt/ted.sk-en.json`) is written by `regenerate.sh`, which runs
//! compare-mt on the 13a-tokenized corpus and sacreBLEU on the same buckets and examples; here
//! mtmeter runs on the raw files with `tokenize = 13a`. Expected agreement:
//! - length-bucket counts and word-accuracy counts exactly; F-measures bit for bit (same
//!   arithmetic); the top characteristic n-grams with their ratios and counts;
//! - bucket BLEU, mean sentence BLEU and mean sentence chrF with sacreBLEU's (the numbers
//!   mtmeter claims), and bucket BLEU only approximately with compare-mt's own BLEU, which
//!   divides by `max(1, n-gram total)` per sentence (so short sentences differ) and does not
//!   smooth;
//! - sentence examples with compare-mt's procedure fed sacreBLEU sentence BLEU (compare-mt's
//!   own ranking uses NLTK's smoothed sentence BLEU, a different score).
//!
//! Where compare-mt ranks equal scores in Python's set order, the golden keeps every entry tied
//! with the last one shown, and the checks accept any of them.

use std::path::PathBuf;

use mtmeter::analysis::breakdown::{Breakdown, BreakdownConfig, analyze};
use mtmeter::corpus::{LoadOptions, Loader, TextFiles};
use serde::Deserialize;

#[derive(Deserialize)]
struct Golden {
    tokenize: String,
    segments: usize,
    length_buckets: Vec<GoldenLength>,
    word_accuracy: Vec<GoldenWords>,
    ngrams: GoldenSides<GoldenNgram>,
    examples: GoldenSides<GoldenExample>,
}

#[derive(Deserialize)]
struct GoldenLength {
    label: String,
    sentences: usize,
    systems: Vec<GoldenLengthScores>,
}

#[derive(Deserialize)]
struct GoldenLengthScores {
    compare_mt_bleu: f64,
    sacrebleu_bleu: Option<f64>,
    sacrebleu_mean_sentence_bleu: Option<f64>,
    sacrebleu_mean_sentence_chrf: Option<f64>,
}

#[derive(Deserialize)]
struct GoldenWords {
    label: String,
    reference_words: u64,
    systems: Vec<GoldenAccuracy>,
}

#[derive(Deserialize)]
struct GoldenAccuracy {
    matched: u64,
    output_words: u64,
    precision: f64,
    recall: f64,
    f_measure: f64,
}

#[derive(Deserialize)]
struct GoldenSides<T> {
    left_better: Vec<T>,
    right_better: Vec<T>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct GoldenNgram {
    ngram: String,
    score: f64,
    left_matches: u64,
    right_matches: u64,
}

#[derive(Deserialize, Debug, PartialEq)]
struct GoldenExample {
    segment: usize,
    left_bleu: f64,
    right_bleu: f64,
}

/// The shared folder, or `None` (with a note) outside CI when it is missing.
fn shared() -> Option<PathBuf> {
    crate::common::shared()
}

fn golden() -> Golden {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/compare_mt/ted.sk-en.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn ted(config: &BreakdownConfig) -> Option<Breakdown> {
    let dir = shared()?.join("corpora/ted.sk-en");
    let corpus = TextFiles {
        references: vec![dir.join("references/ref.en")],
        systems: vec![dir.join("systems/sys1.en"), dir.join("systems/sys2.en")],
        source: None,
        warnings: Vec::new(),
    }
    .load(&LoadOptions::default())
    .unwrap();
    Some(analyze(&corpus, config, None).unwrap())
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// `ours` must be the golden's first `ours.len()` entries up to reordering among equal scores:
/// the same score sequence, only golden entries, and every golden entry ranked strictly above
/// the last score shown.
fn check_top<T: std::fmt::Debug + PartialEq>(
    what: &str,
    ours: &[T],
    golden: &[T],
    score: impl Fn(&T) -> f64,
    k: usize,
) {
    assert_eq!(ours.len(), k, "{what}: {ours:#?}");
    for (i, (o, g)) in ours.iter().zip(golden).enumerate() {
        assert!(
            close(score(o), score(g), 1e-9),
            "{what} #{i}: {o:?} vs golden {g:?}"
        );
        assert!(
            golden.contains(o),
            "{what} #{i}: {o:?} not among the golden entries"
        );
    }
    let last = score(&ours[k - 1]);
    for g in golden.iter().filter(|g| !close(score(g), last, 1e-9)) {
        assert!(
            ours.contains(g),
            "{what}: golden {g:?} ranks above {last} but is missing"
        );
    }
}

#[test]
fn ted_breakdown_agrees_with_compare_mt_and_sacrebleu() {
    let g = golden();
    let config = BreakdownConfig::default();
    assert_eq!(config.tokenize.name(), g.tokenize);
    let Some(b) = ted(&config) else { return };
    assert_eq!(b.segments, g.segments);

    assert_eq!(b.length_buckets.len(), g.length_buckets.len());
    for (ours, gold) in b.length_buckets.iter().zip(&g.length_buckets) {
        assert_eq!((&ours.label, ours.sentences), (&gold.label, gold.sentences));
        for (s, (o, gs)) in ours.systems.iter().zip(&gold.systems).enumerate() {
            let at = format!("length {} system {s}", ours.label);
            let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => close(a, b, 1e-9),
                (a, b) => a == b,
            };
            assert!(same(o.bleu, gs.sacrebleu_bleu), "{at}: {o:?}");
            assert!(
                same(o.mean_sentence_bleu, gs.sacrebleu_mean_sentence_bleu),
                "{at}: {o:?}"
            );
            assert!(
                same(o.mean_sentence_chrf, gs.sacrebleu_mean_sentence_chrf),
                "{at}: {o:?}"
            );
            // compare-mt's BLEU: same counts, but max(1, total) denominators and no smoothing.
            assert!(
                close(o.bleu.unwrap(), gs.compare_mt_bleu, 0.2),
                "{at}: {o:?}"
            );
        }
    }

    assert_eq!(b.word_accuracy.len(), g.word_accuracy.len());
    for (ours, gold) in b.word_accuracy.iter().zip(&g.word_accuracy) {
        assert_eq!(
            (&ours.label, ours.reference_words),
            (&gold.label, gold.reference_words)
        );
        for (o, gs) in ours.systems.iter().zip(&gold.systems) {
            assert_eq!(
                (o.matched, o.output_words),
                (gs.matched, gs.output_words),
                "{}",
                ours.label
            );
            // Same arithmetic as compare-mt: equal to the last bit (serde_json's
            // `float_roundtrip` reads the golden exactly).
            for (a, b) in [
                (o.precision, gs.precision),
                (o.recall, gs.recall),
                (o.f_measure, gs.f_measure),
            ] {
                assert_eq!(a, b, "{}: {o:?}", ours.label);
            }
        }
    }

    let k = config.ngram_count;
    let n = &b.ngrams[0];
    let as_golden = |l: &[mtmeter::analysis::breakdown::CharacteristicNgram]| -> Vec<GoldenNgram> {
        l.iter()
            .map(|x| GoldenNgram {
                ngram: x.ngram.clone(),
                score: x.score,
                left_matches: x.left_matches,
                right_matches: x.right_matches,
            })
            .collect()
    };
    check_top(
        "sys1 n-grams",
        &as_golden(&n.left_better),
        &g.ngrams.left_better,
        |x| x.score,
        k,
    );
    check_top(
        "sys2 n-grams",
        &as_golden(&n.right_better),
        &g.ngrams.right_better,
        |x| x.score,
        k,
    );

    let k = config.example_count;
    let e = &b.examples[0];
    let as_golden = |l: &[mtmeter::analysis::breakdown::SentenceExample]| -> Vec<GoldenExample> {
        l.iter()
            .map(|x| GoldenExample {
                segment: x.segment,
                left_bleu: x.left_bleu,
                right_bleu: x.right_bleu,
            })
            .collect()
    };
    let diff = |x: &GoldenExample| x.right_bleu - x.left_bleu;
    check_top(
        "sys1 examples",
        &as_golden(&e.left_better),
        &g.examples.left_better,
        diff,
        k,
    );
    check_top(
        "sys2 examples",
        &as_golden(&e.right_better),
        &g.examples.right_better,
        diff,
        k,
    );
}

#[test]
fn ted_breakdown_does_not_depend_on_the_thread_count() {
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| ted(&BreakdownConfig::default()))
    };
    let Some(one) = run(1) else { return };
    assert_eq!(Some(one), run(3));
}
