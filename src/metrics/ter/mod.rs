//! TER (Snover et al., 2006) exactly as sacreBLEU 2.6.0 computes it.
//!
//! A port of `sacrebleu/metrics/ter.py` and `sacrebleu/metrics/lib_ter.py` (Apache-2.0,
//! © 2020 Memsource), which re-implement TERCOM (<https://github.com/jhclark/tercom>). Where
//! sacreBLEU deviates from TERCOM (its edit distance only explores a beam around a length-scaled
//! "pseudo-diagonal", its shift search stops after 1000 candidates, shifts are inserted *before*
//! the aligned index), this module reproduces sacreBLEU.
//!
//! Words are compared as per-segment `u32` ids ([`SegmentVocab`]); a hypothesis word no
//! reference contains becomes [`UNKNOWN`](super::ngrams::UNKNOWN). TER only ever compares a hypothesis word with a
//! reference word, never two hypothesis words, so lumping unknown words together is exact.
//!
//! Files: this one holds the configuration, the statistics and the [`Metric`] implementation
//! (tokenizing, references, scores); `tercom` the edit distance with shifts
//! ([`translation_edit_rate`], [`TerScratch`]), which sees word ids only, never text; `literal`
//! (tests only) a literal transcription of `lib_ter.py`, the oracle the property tests compare
//! the optimized search with.

#[cfg(test)]
mod literal;
mod tercom;

use tercom::SCRATCH;
pub use tercom::{TerScratch, translation_edit_rate};

use std::cell::RefCell;
use std::ops::AddAssign;

use super::ngrams::SegmentVocab;
use super::registry::MetricError;
use super::signature::{Signature, yes_no};
use super::{Metric, ScoreDetails, SufficientStats};
use crate::corpus::Corpus;
use crate::tokenize::Tokenizer;
use crate::tokenize::ter::TercomTokenizer;
use crate::tokenize::text::py_rstrip;

/// The most words (after TER's tokenization) of a hypothesis or reference line TER scores.
///
/// The edit distance only stores its beam (about 52 cells a word, 9 bytes each), but the shift
/// search may recompute it up to 1000 times per segment: at this length that is at most 100 MB
/// and, in the worst case, a few minutes; longer lines are refused before scoring starts
/// ([`Ter::check_corpus`]). A 1 MB line of news text is about 160,000 words; no sentence, and
/// no document scored as one line, comes near it.
pub const MAX_SEGMENT_WORDS: usize = 250_000;

/// TER options, with sacreBLEU's defaults (TERCOM behaviour).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TerConfig {
    /// `--ter-normalized`.
    pub normalized: bool,
    /// `--ter-no-punct`.
    pub no_punct: bool,
    /// `--ter-asian-support`.
    pub asian_support: bool,
    /// `--ter-case-sensitive`.
    pub case_sensitive: bool,
}

/// TER sufficient statistics: edits of the best reference and the average reference length.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct TerStats {
    /// Edits against the closest reference (integer-valued).
    pub num_edits: f64,
    /// Average length of the segment's references.
    pub ref_length: f64,
}

impl AddAssign for TerStats {
    fn add_assign(&mut self, o: Self) {
        self.num_edits += o.num_edits;
        self.ref_length += o.ref_length;
    }
}

impl SufficientStats for TerStats {
    fn write_row(&self, _width: usize, row: &mut Vec<f64>) {
        row.push(self.num_edits);
        row.push(self.ref_length);
    }
}

/// One segment's references, tokenized once and turned into word ids.
#[derive(Debug, Clone, Default)]
pub struct TerRefs {
    vocab: SegmentVocab,
    refs: Vec<Vec<u32>>,
}

/// The TER metric.
#[derive(Debug, Clone)]
pub struct Ter {
    config: TerConfig,
    tokenizer: TercomTokenizer,
}

impl Ter {
    /// Build TER from its configuration.
    pub fn new(config: TerConfig) -> Self {
        let tokenizer = TercomTokenizer::new(
            config.normalized,
            config.no_punct,
            config.asian_support,
            config.case_sensitive,
        );
        Self { config, tokenizer }
    }

    /// Refuse a line of `corpus` (any reference or system) longer than [`MAX_SEGMENT_WORDS`]
    /// words after tokenization, naming its file and line. A line of fewer bytes than the limit
    /// cannot exceed it (every word takes a byte), so only longer lines are tokenized here.
    pub fn check_corpus(&self, corpus: &Corpus) -> Result<(), MetricError> {
        let mut tokenized = String::new();
        for file in corpus.references.iter().chain(&corpus.systems) {
            for i in 0..file.len() {
                let line = Corpus::metric_view(file, i);
                if line.len() <= MAX_SEGMENT_WORDS {
                    continue;
                }
                self.preprocess_into(line, &mut tokenized);
                let words = tokens(&tokenized).count();
                if words > MAX_SEGMENT_WORDS {
                    return Err(MetricError::SegmentTooLong {
                        path: file.path.clone(),
                        line: i + 1,
                        words,
                        metric: "TER",
                        limit: MAX_SEGMENT_WORDS,
                        why: "its shift search repeats the edit distance up to 1000 times",
                    });
                }
            }
        }
        Ok(())
    }

    /// `TER._preprocess_segment`: `self.tokenizer(sent.rstrip())`.
    fn preprocess_into(&self, sent: &str, out: &mut String) {
        out.clear();
        self.tokenizer.tokenize_into(py_rstrip(sent), out);
    }
}

/// `str.split()` of a tokenizer output: `' '.join(sent.split())` leaves single spaces between
/// tokens that contain no whitespace, so splitting on `' '` (memchr) gives the same words.
fn tokens(tokenized: &str) -> impl Iterator<Item = &str> {
    tokenized.split(' ').filter(|w| !w.is_empty())
}

thread_local! {
    static SEGMENT_BUFS: RefCell<(String, Vec<u32>)> =
        const { RefCell::new((String::new(), Vec::new())) };
}

impl Metric for Ter {
    type Stats = TerStats;
    type RefCache = TerRefs;

    fn higher_is_better(&self) -> bool {
        false
    }
    fn details(&self, t: &TerStats) -> ScoreDetails {
        ScoreDetails::Ter {
            num_edits: t.num_edits,
            ref_length: t.ref_length,
        }
    }
    fn display_name(&self) -> String {
        "TER".to_owned()
    }
    fn signature(&self, nrefs: usize) -> Signature {
        // TERSignature: case, tok, norm, punct, asian (after sacreBLEU's leading nrefs).
        let c = &self.config;
        let mut s = Signature::new(nrefs);
        s.push("case", "c", if c.case_sensitive { "mixed" } else { "lc" })
            .push("tok", "t", self.tokenizer.signature())
            .push("norm", "nr", yes_no(c.normalized))
            .push("punct", "pn", yes_no(!c.no_punct))
            .push("asian", "as", yes_no(c.asian_support));
        s
    }
    fn row_width(&self) -> usize {
        2
    }
    fn prepare_references(&self, refs: &[&str]) -> TerRefs {
        // References are tokenized TWICE in sacreBLEU: `Metric._cache_references` applies
        // `_preprocess_segment` to every reference, then `TER._extract_reference_info` applies
        // it again before `str.split()`. With `normalized` this is not idempotent (`Squire's,`
        // → `squire's ,` → `squire 's ,`), so a hypothesis equal to its reference can score
        // above 0. Without it the second pass changes nothing (lowercasing, punctuation removal
        // and squeezing are idempotent, checked for every character in the tokenizer's tests),
        // so it is skipped. Hypotheses are tokenized once.
        let mut vocab = SegmentVocab::default();
        let (mut once, mut twice) = (String::new(), String::new());
        let refs = refs
            .iter()
            .map(|r| {
                self.preprocess_into(r, &mut once);
                let tokenized = if self.config.normalized {
                    self.preprocess_into(&once, &mut twice);
                    &twice
                } else {
                    &once
                };
                tokens(tokenized).map(|w| vocab.intern(w)).collect()
            })
            .collect();
        TerRefs { vocab, refs }
    }
    fn segment_stats(&self, hyp: &str, refs: &TerRefs) -> TerStats {
        // TER._compute_segment_statistics.
        SEGMENT_BUFS.with(|bufs| {
            let mut bufs = bufs.borrow_mut();
            let (tok, ids) = &mut *bufs;
            self.preprocess_into(hyp, tok);
            ids.clear();
            ids.extend(tokens(tok).map(|w| refs.vocab.lookup(w)));
            SCRATCH.with(|scratch| {
                let mut scratch = scratch.borrow_mut();
                let mut ref_lengths = 0usize;
                let mut best_num_edits = usize::MAX;
                for words_ref in &refs.refs {
                    let (num_edits, ref_len) = scratch.translation_edit_rate(ids, words_ref);
                    ref_lengths += ref_len;
                    // Strict `<`: the first reference with the fewest edits wins.
                    if num_edits < best_num_edits {
                        best_num_edits = num_edits;
                    }
                }
                TerStats {
                    num_edits: best_num_edits as f64,
                    // `ref_lengths / len(ref_words)`: Python's true division of two ints, which
                    // is the correctly rounded quotient, as is f64 division of exact integers.
                    ref_length: ref_lengths as f64 / refs.refs.len() as f64,
                }
            })
        })
    }
    fn score(&self, s: &TerStats) -> f64 {
        self.score_row(&[s.num_edits, s.ref_length])
    }
    fn score_row(&self, row: &[f64]) -> f64 {
        // TER._compute_score_from_stats.
        let (edits, len) = (row[0], row[1]);
        let score = if len > 0.0 {
            edits / len
        } else if edits > 0.0 {
            1.0
        } else {
            0.0
        };
        100.0 * score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ngrams::UNKNOWN;
    use crate::tokenize::text::py_split;
    use proptest::prelude::*;

    /// `translation_edit_rate(hyp.split(), ref.split())` through word ids.
    fn ter_str(hyp: &str, reference: &str) -> (usize, usize) {
        let mut vocab = SegmentVocab::default();
        let r: Vec<u32> = py_split(reference).map(|w| vocab.intern(w)).collect();
        let h: Vec<u32> = py_split(hyp).map(|w| vocab.lookup(w)).collect();
        translation_edit_rate(&h, &r)
    }

    fn words(prefix: &str, n: usize) -> String {
        (0..n)
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn spaced(chars: &str) -> String {
        chars
            .chars()
            .map(String::from)
            .collect::<Vec<_>>()
            .join(" ")
    }

    // Expected values: sacreBLEU 2.6.0 `lib_ter.translation_edit_rate(hyp.split(), ref.split())`.

    #[test]
    fn basic_cases() {
        let cases = [
            ("identical", "a b c d", "a b c d", (0, 4)),
            ("one_word_shift", "b c a", "a b c", (1, 3)),
            ("block_shift", "d e f a b c", "a b c d e f", (1, 6)),
            (
                "swap_blocks",
                "a0 a1 a2 b0 b1 b2",
                "b0 b1 b2 a0 a1 a2",
                (1, 6),
            ),
            ("substitution", "a x c", "a b c", (1, 3)),
            ("empty_hypothesis", "", "a b c", (3, 3)),
            ("empty_reference", "a b", "", (2, 0)),
            ("both_empty", "", "", (0, 0)),
        ];
        for (name, h, r, expected) in cases {
            assert_eq!(ter_str(h, r), expected, "{name}");
        }
    }

    #[test]
    fn shift_size_is_limited_to_ten_words() {
        // A 10-word block moves in one shift; 11 words need two shifts.
        let h = format!("{} x y", words("w", 10));
        let r = format!("x y {}", words("w", 10));
        assert_eq!(ter_str(&h, &r), (1, 12));
        let (a, b) = (words("a", 11), words("b", 11));
        assert_eq!(ter_str(&format!("{a} {b}"), &format!("{b} {a}")), (2, 22));
    }

    #[test]
    fn shift_distance_is_limited_to_fifty_positions() {
        // Moving `z` 40 positions is one shift; 60 positions is refused (delete + insert).
        let near = words("f", 40);
        assert_eq!(ter_str(&format!("z {near}"), &format!("{near} z")), (1, 41));
        let far = words("f", 60);
        assert_eq!(ter_str(&format!("z {far}"), &format!("{far} z")), (2, 61));
    }

    #[test]
    fn candidate_budget_discards_the_last_shift() {
        // sacreBLEU reaches 1000 evaluated candidates in the 5th `_shift` call, whose best shift
        // (delta 2) is then dropped.
        let h = "e e d e b e b e e a d b e a b b b d e f a e a c f e e e d a e a b b c a a e d e a";
        let r = "a d c e e e e b f c d e e d e b f e c e b d b d a d d c a f b d a b f c a b f f f c b c";
        assert_eq!(ter_str(h, r), (26, 44));
        let h =
            "a b d d f c f a a b c b b f e f d a c f f d c c d b a a a c a c d a e b d c c d a a";
        let r =
            "d b c e d b c c f d a f d b f d a d a d a a c b f a e c c c c e a c f f f c c c a f";
        assert_eq!(ter_str(h, r), (22, 42));
    }

    #[test]
    fn beam_stays_around_the_pseudo_diagonal() {
        // sacreBLEU's edit distance is 70 here where full Levenshtein (TERCOM) gives 60: the
        // best alignment leaves the 25-cell beam. We reproduce sacreBLEU.
        let h = format!("{} {}", words("c", 40), words("x", 30));
        let r = format!("{} {}", words("y", 30), words("c", 40));
        assert_eq!(ter_str(&h, &r), (70, 70));
        let h = words("c", 60);
        let r = format!("{} {h}", words("y", 30));
        assert_eq!(ter_str(&h, &r), (39, 90));
        // Very different lengths: the pseudo-diagonal is scaled by the length ratio.
        let h = spaced(
            "bacaddddbadaddadcbacaaaadbdabddbcbbdcadabcacdbccddadbddbccadabdcdadacdbbbabbdccdcadbbdadcbddcdcacdabbbacaaaadacbcabccabb",
        );
        let r = spaced("cbccdcddaacdcdbcacbdabadbabddb");
        assert_eq!(ter_str(&h, &r), (91, 30));
        assert_eq!(ter_str(&r, &h), (91, 120));
        // A length ratio above 50 widens the beam (`beam_width = ceil(ratio / 2 + 25)`).
        let r = spaced(
            "eadecdacbbacaaccbdecbaeaebedbeeadbcabedebdadcedacedcabbcebcdbcadecedebaaabbbebcceeccccacbedbeeacadadbbcaeedaeebeaccceeadcaacaeaadaabbedbadbbbaddececdcabcaaacecddcdaacedacbeedccbebcbbcacadaecbdcacbcecb",
        );
        assert_eq!(ter_str("e d b", &r), (197, 200));
    }

    fn seg(config: TerConfig, hyp: &str, refs: &[&str]) -> (TerStats, f64) {
        let ter = Ter::new(config);
        let stats = ter.segment_stats(hyp, &ter.prepare_references(refs));
        (stats, ter.sentence_score(&stats))
    }

    fn stats(num_edits: f64, ref_length: f64) -> TerStats {
        TerStats {
            num_edits,
            ref_length,
        }
    }

    #[test]
    fn segment_statistics() {
        // sacreBLEU: `TER()._extract_corpus_statistics([hyp], [[r] for r in refs])` and
        // `sentence_score(hyp, refs).score`.
        let d = TerConfig::default();
        let cases: [(&str, &[&str], TerStats, f64); 6] = [
            // Multiple references of different lengths: best edits, average length.
            (
                "The cat sat",
                &["the cat sat on the mat", "a cat sat"],
                stats(1.0, 4.5),
                22.22222222222222,
            ),
            ("", &["a b", "c d e"], stats(2.0, 2.5), 80.0),
            // Empty references only: edits count, score 100.
            ("x", &["", ""], stats(1.0, 0.0), 100.0),
            // Everything empty.
            ("", &[""], stats(0.0, 0.0), 0.0),
            ("x y", &["", "x y z"], stats(1.0, 1.5), 66.66666666666666),
            // Punctuation-only line.
            (". , !", &["!"], stats(2.0, 1.0), 200.0),
        ];
        for (hyp, refs, expected, score) in cases {
            let (s, sc) = seg(d.clone(), hyp, refs);
            assert_eq!(s, expected, "{hyp:?} {refs:?}");
            assert_eq!(sc, score, "{hyp:?} {refs:?}");
        }
    }

    #[test]
    fn options_change_segment_scores() {
        let cs = TerConfig {
            case_sensitive: true,
            ..TerConfig::default()
        };
        assert_eq!(seg(cs, "The Cat", &["the cat"]).1, 100.0);
        assert_eq!(seg(TerConfig::default(), "The Cat", &["the cat"]).1, 0.0);

        let norm = TerConfig {
            normalized: true,
            ..TerConfig::default()
        };
        let asian = TerConfig {
            asian_support: true,
            ..norm.clone()
        };
        assert_eq!(seg(asian, "我爱北京", &["我爱上海"]).1, 50.0);
        assert_eq!(seg(norm, "我爱北京", &["我爱上海"]).1, 100.0);

        let no_punct = TerConfig {
            no_punct: true,
            ..TerConfig::default()
        };
        assert_eq!(seg(no_punct, ". , !", &["! ?"]).1, 0.0);

        // References are tokenized twice (`_cache_references`, then `_extract_reference_info`):
        // `squire's ,` (hypothesis) vs `squire 's , x` (reference).
        let norm = TerConfig {
            normalized: true,
            ..TerConfig::default()
        };
        assert_eq!(
            seg(norm, "Squire's, x", &["Squire's, x"]),
            (stats(2.0, 4.0), 50.0)
        );
        assert_eq!(seg(TerConfig::default(), ". , !", &["! ?"]).1, 150.0);
    }

    #[test]
    fn signature_matches_sacrebleu() {
        let ter = Ter::new(TerConfig {
            no_punct: true,
            case_sensitive: true,
            ..TerConfig::default()
        });
        assert_eq!(
            ter.signature(2)
                .format(false)
                .rsplit_once("|version:")
                .unwrap()
                .0,
            "nrefs:2|case:mixed|tok:tercom|norm:no|punct:no|asian:no"
        );
    }

    #[test]
    fn corpus_score_handles_empty_references() {
        let ter = Ter::new(TerConfig::default());
        assert_eq!(ter.score_row(&[3.0, 0.0]), 100.0);
        assert_eq!(ter.score_row(&[0.0, 0.0]), 0.0);
        assert_eq!(ter.score_row(&[1.0, 4.0]), 25.0);
    }

    #[test]
    fn literal_port_agrees_with_python_on_hand_cases() {
        let mut vocab = SegmentVocab::default();
        let mut ids = |s: &str| -> Vec<u32> { py_split(s).map(|w| vocab.intern(w)).collect() };
        let h = ids(
            "e e d e b e b e e a d b e a b b b d e f a e a c f e e e d a e a b b c a a e d e a",
        );
        let r = ids(
            "a d c e e e e b f c d e e d e b f e c e b d b d a d d c a f b d a b f c a b f f f c b c",
        );
        assert_eq!(literal::translation_edit_rate(&h, &r), (26, 44));
        let h = ids(&format!("{} {}", words("c", 40), words("x", 30)));
        let r = ids(&format!("{} {}", words("y", 30), words("c", 40)));
        assert_eq!(literal::translation_edit_rate(&h, &r), (70, 70));
    }

    fn seq(alphabet: u32, max_len: usize) -> impl Strategy<Value = Vec<u32>> {
        prop::collection::vec(0..alphabet, 0..=max_len)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn optimized_equals_literal_port_short(h in seq(4, 30), r in seq(4, 30)) {
            prop_assert_eq!(translation_edit_rate(&h, &r), literal::translation_edit_rate(&h, &r));
        }

        #[test]
        fn optimized_equals_literal_port_long(h in seq(6, 90), r in seq(6, 90)) {
            // Long enough for the beam to matter and for shifts far apart.
            prop_assert_eq!(translation_edit_rate(&h, &r), literal::translation_edit_rate(&h, &r));
        }

        #[test]
        fn optimized_equals_literal_port_very_different_lengths(
            h in seq(5, 4), r in seq(5, 260), swap in any::<bool>()
        ) {
            // A length ratio above 50 widens the beam; the banded storage must follow it.
            let (h, r) = if swap { (r, h) } else { (h, r) };
            prop_assert_eq!(translation_edit_rate(&h, &r), literal::translation_edit_rate(&h, &r));
        }

        #[test]
        fn unknown_words_can_share_one_id(h in seq(8, 40), r in seq(5, 40)) {
            // Words 5..8 occur in no reference: sacreBLEU sees distinct strings, mtmeter one id.
            let lumped: Vec<u32> = h.iter().map(|&w| if w >= 5 { UNKNOWN } else { w }).collect();
            prop_assert_eq!(translation_edit_rate(&lumped, &r), literal::translation_edit_rate(&h, &r));
        }
    }
}
