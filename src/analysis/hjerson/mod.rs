//! Hjerson's error classification (Popović & Ney 2011) on token slices, reproducing
//! `hjerson.py` of m-popovic/hjerson at commit def709b4 pass by pass (line numbers below are of
//! that file; `/work/shared/HJERSON.md` reads it line by line).
//!
//! Per segment: a WER alignment against every reference (lines 394–521), the reference with the
//! lowest WER ratio (524–547), PER passes on the hypothesis and on the reference over surface and
//! base forms (91–116, 582, 596), then missing/extra/lexical (119–140), reordering (142–162) and
//! block counts (164–178). Everything here works on tokens that are already split; it never
//! tokenizes, lowercases or normalises.
//!
//! Files: this one holds the result types (categories, counts, rates, one segment's analysis);
//! `segment` the per-segment classification (WER alignment, PER passes, the categories);
//! [`base_forms`] the base forms (stems, four-letter prefixes, lemmas) the passes compare. The
//! corpus-level analysis (tokenizing, reports) is in [`crate::analysis`].

pub mod base_forms;
mod segment;

pub use segment::{PerLabel, WerAlignment, WerLabel, classify, per_pass, wer_alignment};

/// The most tokens of a hypothesis or reference line the error analysis accepts.
///
/// Hjerson's WER alignment is quadratic in time (its memory is kept to about
/// `5 · cols · √rows` bytes by [`wer_alignment`]) and its PER and reordering passes
/// search lists linearly: at this length one segment takes seconds, and a line twice as long
/// four times as many. A 300 KB line of news text is about 50,000 tokens; no sentence, and no
/// document analysed as one line, comes near it.
pub const MAX_SEGMENT_WORDS: usize = 60_000;

use std::ops::AddAssign;

/// The category of one token after classification, with Hjerson's own labels in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Category {
    /// `x`: not an error of any class (including PER errors on WER-matched words, lines 134–137).
    #[serde(rename = "x")]
    Correct,
    /// `infl`: the base form is found on the other side but not the full form.
    #[serde(rename = "infl")]
    Inflection,
    /// `reord`: the word is in both, but WER could not align it where it is.
    #[serde(rename = "reord")]
    Reordering,
    /// `miss`: a reference word with no counterpart in the hypothesis.
    #[serde(rename = "miss")]
    Missing,
    /// `ext`: a hypothesis word with no counterpart in the reference.
    #[serde(rename = "ext")]
    Extra,
    /// `lex`: a wrong word choice (PER error on a WER substitution).
    #[serde(rename = "lex")]
    Lexical,
}

impl Category {
    /// Hjerson's label (`x`, `infl`, `reord`, `miss`, `ext`, `lex`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Correct => "x",
            Self::Inflection => "infl",
            Self::Reordering => "reord",
            Self::Missing => "miss",
            Self::Extra => "ext",
            Self::Lexical => "lex",
        }
    }
}

/// One side of a segment: its words and their base forms, token-aligned.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// Full (surface) forms.
    pub words: &'a [&'a str],
    /// Base forms (lemmas, stems or prefixes), one per word.
    pub bases: &'a [&'a str],
}

impl<'a> Side<'a> {
    /// A side; panics if `bases` is not token-aligned with `words` (callers validate user files
    /// first and report the file and line).
    pub fn new(words: &'a [&'a str], bases: &'a [&'a str]) -> Self {
        assert_eq!(
            words.len(),
            bases.len(),
            "base forms must be token-aligned with the words"
        );
        Self { words, bases }
    }
}

/// Integer counts of one segment or of a whole corpus; they add up.
///
/// Names map to Hjerson's output as follows: `wer` = `Wer`, `rper` = `Rper`, `hper` = `Hper`,
/// `reference_inflection` = `refINFer`, `hypothesis_inflection` = `hypINFer`,
/// `reference_reordering` = `refRer`, `hypothesis_reordering` = `hypRer`, `missing` = `MISer`,
/// `extra` = `EXTer`, `reference_lexical` = `refLEXer`, `hypothesis_lexical` = `hypLEXer`, and
/// the `_blocks` fields are the `b…` names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorCounts {
    /// Hypothesis words.
    pub hypothesis_length: u64,
    /// Words of the chosen reference (0 when none was chosen).
    pub reference_length: u64,
    /// WER edits against the chosen reference.
    pub wer: u64,
    /// Reference-side PER errors (recall).
    pub rper: u64,
    /// Hypothesis-side PER errors (precision).
    pub hper: u64,
    /// Reference words that are inflection errors.
    pub reference_inflection: u64,
    /// Hypothesis words that are inflection errors.
    pub hypothesis_inflection: u64,
    /// Reference words that are reordering errors.
    pub reference_reordering: u64,
    /// Hypothesis words that are reordering errors.
    pub hypothesis_reordering: u64,
    /// Missing words (reference side).
    pub missing: u64,
    /// Extra words (hypothesis side).
    pub extra: u64,
    /// Reference words that are lexical errors.
    pub reference_lexical: u64,
    /// Hypothesis words that are lexical errors.
    pub hypothesis_lexical: u64,
    /// Runs of consecutive reference inflection errors.
    pub reference_inflection_blocks: u64,
    /// Runs of consecutive hypothesis inflection errors.
    pub hypothesis_inflection_blocks: u64,
    /// Runs of consecutive reference reordering errors.
    pub reference_reordering_blocks: u64,
    /// Runs of consecutive hypothesis reordering errors.
    pub hypothesis_reordering_blocks: u64,
    /// Runs of consecutive missing words.
    pub missing_blocks: u64,
    /// Runs of consecutive extra words.
    pub extra_blocks: u64,
    /// Runs of consecutive reference lexical errors.
    pub reference_lexical_blocks: u64,
    /// Runs of consecutive hypothesis lexical errors.
    pub hypothesis_lexical_blocks: u64,
}

impl AddAssign for ErrorCounts {
    fn add_assign(&mut self, o: Self) {
        self.hypothesis_length += o.hypothesis_length;
        self.reference_length += o.reference_length;
        self.wer += o.wer;
        self.rper += o.rper;
        self.hper += o.hper;
        self.reference_inflection += o.reference_inflection;
        self.hypothesis_inflection += o.hypothesis_inflection;
        self.reference_reordering += o.reference_reordering;
        self.hypothesis_reordering += o.hypothesis_reordering;
        self.missing += o.missing;
        self.extra += o.extra;
        self.reference_lexical += o.reference_lexical;
        self.hypothesis_lexical += o.hypothesis_lexical;
        self.reference_inflection_blocks += o.reference_inflection_blocks;
        self.hypothesis_inflection_blocks += o.hypothesis_inflection_blocks;
        self.reference_reordering_blocks += o.reference_reordering_blocks;
        self.hypothesis_reordering_blocks += o.hypothesis_reordering_blocks;
        self.missing_blocks += o.missing_blocks;
        self.extra_blocks += o.extra_blocks;
        self.reference_lexical_blocks += o.reference_lexical_blocks;
        self.hypothesis_lexical_blocks += o.hypothesis_lexical_blocks;
    }
}

/// The three sums Hjerson prints (lines 702–707, 822–827).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorSums {
    /// `SUMerr`: hypothesis inflection + missing + hypothesis lexical + extra + hypothesis
    /// reordering (words).
    pub sum: u64,
    /// `bSUMerr`: the same with block counts.
    pub block_sum: u64,
    /// `rbSUMerr`: word counts, but hypothesis reordering counted in blocks.
    pub reordering_block_sum: u64,
}

/// Error rates in percent: each count over the length of its side (reference side: the chosen
/// references; hypothesis side: the hypotheses), `100 × count / length` on totals (Hjerson lines
/// 800–827), never a mean of segment rates. A side of length 0 has rate 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ErrorRates {
    /// WER over the reference length.
    pub wer: f64,
    /// Reference-side PER.
    pub rper: f64,
    /// Hypothesis-side PER.
    pub hper: f64,
    /// `SUMerr`: a sum of rates with different denominators, as Hjerson adds them.
    pub sum: f64,
    /// `bSUMerr`.
    pub block_sum: f64,
    /// `rbSUMerr`.
    pub reordering_block_sum: f64,
    /// `refINFer`.
    pub reference_inflection: f64,
    /// `hypINFer`.
    pub hypothesis_inflection: f64,
    /// `refRer`.
    pub reference_reordering: f64,
    /// `hypRer`.
    pub hypothesis_reordering: f64,
    /// `MISer`.
    pub missing: f64,
    /// `EXTer`.
    pub extra: f64,
    /// `refLEXer`.
    pub reference_lexical: f64,
    /// `hypLEXer`.
    pub hypothesis_lexical: f64,
    /// `brefINFer`.
    pub reference_inflection_blocks: f64,
    /// `bhypINFer`.
    pub hypothesis_inflection_blocks: f64,
    /// `brefRer`.
    pub reference_reordering_blocks: f64,
    /// `bhypRer`.
    pub hypothesis_reordering_blocks: f64,
    /// `bMISer`.
    pub missing_blocks: f64,
    /// `bEXTer`.
    pub extra_blocks: f64,
    /// `brefLEXer`.
    pub reference_lexical_blocks: f64,
    /// `bhypLEXer`.
    pub hypothesis_lexical_blocks: f64,
}

fn percent(count: u64, len: u64) -> f64 {
    if len == 0 {
        0.0
    } else {
        100.0 * count as f64 / len as f64
    }
}

impl ErrorCounts {
    /// Hjerson's three sums.
    pub fn sums(&self) -> ErrorSums {
        ErrorSums {
            sum: self.hypothesis_inflection
                + self.missing
                + self.hypothesis_lexical
                + self.extra
                + self.hypothesis_reordering,
            block_sum: self.hypothesis_inflection_blocks
                + self.missing_blocks
                + self.hypothesis_lexical_blocks
                + self.extra_blocks
                + self.hypothesis_reordering_blocks,
            reordering_block_sum: self.hypothesis_inflection
                + self.missing
                + self.hypothesis_lexical
                + self.extra
                + self.hypothesis_reordering_blocks,
        }
    }

    /// Rates in percent, computed as Hjerson computes its corpus rates (lines 800–827).
    ///
    /// On a single segment these are the correct per-segment rates; Hjerson's own `-s` output
    /// differs for `Rper` and `refINFer` (lines 597–598, see the module docs).
    pub fn rates(&self) -> ErrorRates {
        let r = |c| percent(c, self.reference_length);
        let h = |c| percent(c, self.hypothesis_length);
        let hyp_infl = h(self.hypothesis_inflection);
        let hyp_reord = h(self.hypothesis_reordering);
        let hyp_reord_blocks = h(self.hypothesis_reordering_blocks);
        let missing = r(self.missing);
        let extra = h(self.extra);
        let hyp_lex = h(self.hypothesis_lexical);
        let hyp_infl_blocks = h(self.hypothesis_inflection_blocks);
        let missing_blocks = r(self.missing_blocks);
        let extra_blocks = h(self.extra_blocks);
        let hyp_lex_blocks = h(self.hypothesis_lexical_blocks);
        ErrorRates {
            wer: r(self.wer),
            rper: r(self.rper),
            hper: h(self.hper),
            // The addition order of lines 823, 825, 827 (floating point is not associative).
            sum: hyp_infl + hyp_reord + missing + extra + hyp_lex,
            block_sum: hyp_infl_blocks
                + hyp_reord_blocks
                + missing_blocks
                + extra_blocks
                + hyp_lex_blocks,
            reordering_block_sum: hyp_infl + hyp_reord_blocks + missing + extra + hyp_lex,
            reference_inflection: r(self.reference_inflection),
            hypothesis_inflection: hyp_infl,
            reference_reordering: r(self.reference_reordering),
            hypothesis_reordering: hyp_reord,
            missing,
            extra,
            reference_lexical: r(self.reference_lexical),
            hypothesis_lexical: hyp_lex,
            reference_inflection_blocks: r(self.reference_inflection_blocks),
            hypothesis_inflection_blocks: hyp_infl_blocks,
            reference_reordering_blocks: r(self.reference_reordering_blocks),
            hypothesis_reordering_blocks: hyp_reord_blocks,
            missing_blocks,
            extra_blocks,
            reference_lexical_blocks: r(self.reference_lexical_blocks),
            hypothesis_lexical_blocks: hyp_lex_blocks,
        }
    }
}

/// The classification of one segment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SegmentAnalysis {
    /// Index of the chosen reference, or `None` when Hjerson chooses none (every reference needs
    /// at least 1000 edits per reference word: in practice, all references are empty and the
    /// hypothesis is not).
    pub reference: Option<usize>,
    /// Counts (from the passes, as Hjerson counts them).
    pub counts: ErrorCounts,
    /// Category of every word of the chosen reference, by token index. When no reference is
    /// chosen: of the last reference (the one Hjerson's PER uses, line 566), all `x`.
    pub reference_labels: Vec<Category>,
    /// Category of every hypothesis word, by token index (all `x` when no reference is chosen).
    pub hypothesis_labels: Vec<Category>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::base_forms::{BaseFormer, BaseForms};
    use crate::tokenize::text::py_split;
    use Category::{Correct as X, Extra, Inflection, Lexical, Missing, Reordering};

    /// Classify pre-tokenized lines with base forms from `kind`.
    fn run_with(kind: &str, refs: &[&str], hyp: &str) -> SegmentAnalysis {
        let former = BaseFormer::new(kind.parse::<BaseForms>().unwrap()).unwrap();
        let split = |s: &'static str| -> (Vec<&'static str>, Vec<String>) {
            let w: Vec<&str> = py_split(s).collect();
            let b = w.iter().map(|w| former.base_form(w).into_owned()).collect();
            (w, b)
        };
        let hyp: &'static str = Box::leak(hyp.to_owned().into_boxed_str());
        let (hw, hb) = split(hyp);
        let hb: Vec<&str> = hb.iter().map(String::as_str).collect();
        let refs: Vec<(Vec<&str>, Vec<String>)> = refs
            .iter()
            .map(|r| split(Box::leak(r.to_string().into_boxed_str())))
            .collect();
        let rb: Vec<Vec<&str>> = refs
            .iter()
            .map(|(_, b)| b.iter().map(String::as_str).collect())
            .collect();
        let sides: Vec<Side<'_>> = refs
            .iter()
            .zip(&rb)
            .map(|((w, _), b)| Side::new(w, b))
            .collect();
        classify(Side::new(&hw, &hb), &sides)
    }

    fn run(reference: &str, hypothesis: &str) -> SegmentAnalysis {
        run_with("prefix4", &[reference], hypothesis)
    }

    /// Counts with only the given non-zero fields; lengths from the sentences.
    fn counts(refs_len: u64, hyp_len: u64, f: impl FnOnce(&mut ErrorCounts)) -> ErrorCounts {
        let mut c = ErrorCounts {
            reference_length: refs_len,
            hypothesis_length: hyp_len,
            ..ErrorCounts::default()
        };
        f(&mut c);
        c
    }

    #[test]
    fn identical_hypothesis_and_reference_have_no_error() {
        let s = run("the cat sleeps .", "the cat sleeps .");
        assert_eq!(s.reference, Some(0));
        assert_eq!(s.counts, counts(4, 4, |_| {}));
        assert_eq!(s.reference_labels, [X; 4]);
        assert_eq!(s.hypothesis_labels, [X; 4]);
    }

    #[test]
    fn one_missing_word() {
        // WER: the=the, cat deleted, sleeps=sleeps (1 edit). PER: "cat" is not in the hypothesis
        // (rerr), nor is its base form "cat" → rerr + del = missing.
        let s = run("the cat sleeps", "the sleeps");
        assert_eq!(s.reference_labels, [X, Missing, X]);
        assert_eq!(s.hypothesis_labels, [X, X]);
        assert_eq!(
            s.counts,
            counts(3, 2, |c| {
                c.wer = 1;
                c.rper = 1;
                c.missing = 1;
                c.missing_blocks = 1;
            })
        );
    }

    #[test]
    fn one_extra_word() {
        // WER: "black" inserted (cell (1,2): insertion 1 < diagonal 2). PER: "black" not in the
        // reference (herr), base "blac" neither → herr + ins = extra.
        let s = run("the cat sleeps", "the black cat sleeps");
        assert_eq!(s.reference_labels, [X, X, X]);
        assert_eq!(s.hypothesis_labels, [X, Extra, X, X]);
        assert_eq!(
            s.counts,
            counts(3, 4, |c| {
                c.wer = 1;
                c.hper = 1;
                c.extra = 1;
                c.extra_blocks = 1;
            })
        );
    }

    #[test]
    fn one_substitution_is_lexical_on_both_sides() {
        // WER: cat/dog substituted. PER: "dog" and "cat" unmatched on their sides, base forms
        // differ → herr/rerr + sub = lexical on both sides.
        let s = run("the cat sleeps", "the dog sleeps");
        assert_eq!(s.reference_labels, [X, Lexical, X]);
        assert_eq!(s.hypothesis_labels, [X, Lexical, X]);
        assert_eq!(
            s.counts,
            counts(3, 3, |c| {
                c.wer = 1;
                c.rper = 1;
                c.hper = 1;
                c.reference_lexical = 1;
                c.hypothesis_lexical = 1;
                c.reference_lexical_blocks = 1;
                c.hypothesis_lexical_blocks = 1;
            })
        );
    }

    #[test]
    fn swapped_pair_is_reordering() {
        // WER of "a b" → "b a": cells (1,1) sub 1, (1,2) match 1, (2,1) match 1, (2,2) all three
        // candidates cost 2 → diagonal (sub). Back-trace: (2,2) sub, (1,1) sub: 2 edits, every
        // word a WER error. PER matches everything (x), so no miss/ext/lex. Reordering: the
        // reference's WER-error words {a, b} contain both hypothesis words → 2 reord, one block;
        // the same on the reference side.
        let s = run("a b", "b a");
        assert_eq!(s.reference_labels, [Reordering, Reordering]);
        assert_eq!(s.hypothesis_labels, [Reordering, Reordering]);
        assert_eq!(
            s.counts,
            counts(2, 2, |c| {
                c.wer = 2;
                c.reference_reordering = 2;
                c.hypothesis_reordering = 2;
                c.reference_reordering_blocks = 1;
                c.hypothesis_reordering_blocks = 1;
            })
        );
    }

    #[test]
    fn plural_against_singular_is_inflection_under_french_stems() {
        // WER: maisons/maison substituted. PER full forms: both unmatched; base forms: the
        // French stems are equal → iherr / irerr = inflection on both sides, not lexical.
        let s = run_with("stem:fr", &["les maisons"], "les maison");
        assert_eq!(s.reference_labels, [X, Inflection]);
        assert_eq!(s.hypothesis_labels, [X, Inflection]);
        assert_eq!(
            s.counts,
            counts(2, 2, |c| {
                c.wer = 1;
                c.rper = 1;
                c.hper = 1;
                c.reference_inflection = 1;
                c.hypothesis_inflection = 1;
                c.reference_inflection_blocks = 1;
                c.hypothesis_inflection_blocks = 1;
            })
        );
    }

    #[test]
    fn prefix4_makes_inflection_only_when_the_first_four_code_points_agree() {
        // "maisons"/"maison": both "mais" → inflection.
        let s = run("les maisons", "les maison");
        assert_eq!(s.hypothesis_labels, [X, Inflection]);
        // "parle"/"parti": "parl" ≠ "part" (first three agree) → lexical.
        let s = run("il parle", "il parti");
        assert_eq!(s.hypothesis_labels, [X, Lexical]);
        assert_eq!(s.reference_labels, [X, Lexical]);
        // "Übersetzung"/"Übersetzer": "Über" = "Über" in code points → inflection.
        let s = run("die Übersetzung", "die Übersetzer");
        assert_eq!(s.hypothesis_labels, [X, Inflection]);
        // "für"/"fürs": "für" (3 code points, its own prefix) ≠ "fürs" → lexical (with bytes,
        // as under Python 2, both would be "fü" + half of nothing: "f\xc3\xbcr"; not reproduced).
        let s = run("für alle", "fürs alle");
        assert_eq!(s.hypothesis_labels, [Lexical, X]);
    }

    #[test]
    fn consecutive_missing_words_are_one_block() {
        // "a b c d" → "a d": back-trace (4,2) match d, (3,1) del c, (2,1) del b, (1,1) match a.
        let s = run("a b c d", "a d");
        assert_eq!(s.reference_labels, [X, Missing, Missing, X]);
        assert_eq!(s.counts.missing, 2);
        assert_eq!(s.counts.missing_blocks, 1);
    }

    #[test]
    fn wer_ties_prefer_the_diagonal_over_deletion() {
        // "a b" → "c": cell (1,1) sub 1; cell (2,1): diagonal Q(1,0)+1 = 2 ties deletion
        // Q(1,1)+1 = 2 and wins (strict <, line 439). So "b" is substituted and "a" deleted,
        // not the other way round: a = missing, b = lexical, c = lexical.
        let a = wer_alignment(&["a", "b"], &["c"]);
        assert_eq!(a.reference, [WerLabel::Deletion, WerLabel::Substitution]);
        assert_eq!(a.hypothesis, [WerLabel::Substitution]);
        let s = run("a b", "c");
        assert_eq!(s.reference_labels, [Missing, Lexical]);
        assert_eq!(s.hypothesis_labels, [Lexical]);
    }

    #[test]
    fn wer_and_per_can_match_different_occurrences() {
        // "w" → "w w w": WER matches the reference "w" with the *last* hypothesis "w" (cells
        // (1,2) and (1,3): diagonal ties insertion and wins) and inserts the first two; PER
        // matches the *first* hypothesis "w". Hypothesis: w1 PER x → x; w2 herr + ins → extra;
        // w3 herr on a WER match → counted nowhere (x). WER 2, HPER 2, but only 1 extra.
        let s = run("w", "w w w");
        assert_eq!(s.hypothesis_labels, [X, Extra, X]);
        assert_eq!(
            s.counts,
            counts(1, 3, |c| {
                c.wer = 2;
                c.hper = 2;
                c.extra = 1;
                c.extra_blocks = 1;
            })
        );
    }

    #[test]
    fn several_references_lowest_wer_ratio_wins() {
        let s = run_with(
            "prefix4",
            &["the cat sleeps", "a cat sleeps"],
            "a cat sleeps",
        );
        assert_eq!(s.reference, Some(1));
        assert_eq!(s.counts, counts(3, 3, |_| {}));
        // Ratio, not edits: "a b" needs 2 insertions (2/2 = 1.0), "a b c d e f g h" needs 4
        // deletions (4/8 = 0.5) → the second, despite more edits.
        let s = run_with("prefix4", &["a b", "a b c d e f g h"], "a b c d");
        assert_eq!(s.reference, Some(1));
        assert_eq!(s.counts.wer, 4);
        assert_eq!(s.counts.missing, 4);
    }

    #[test]
    fn several_references_ties_keep_the_earlier_one() {
        // 1 substitution over 2 words each: ratios 0.5 = 0.5, strict < (line 534) keeps index 0.
        let s = run_with("prefix4", &["the dog", "a dog"], "one dog");
        assert_eq!(s.reference, Some(0));
        // "a b c d" against "a b c" (1 insertion, 1/3) and "a b c d x y" (2 deletions, 2/6):
        // 1/3 and 2/6 are the same double, as in Python, so a tie in either order.
        let s = run_with("prefix4", &["a b c", "a b c d x y"], "a b c d");
        assert_eq!((s.reference, s.counts.wer), (Some(0), 1));
        let s = run_with("prefix4", &["a b c d x y", "a b c"], "a b c d");
        assert_eq!((s.reference, s.counts.wer), (Some(0), 2));
    }

    #[test]
    fn empty_reference_with_non_empty_hypothesis_chooses_no_reference() {
        // Ratio 2 / 1e-8 ≥ 1000 (lines 527–534): no reference; WER and every class get 0, the
        // hypothesis words count only in HPER (against refs[-1], line 582), the reference
        // length adds nothing.
        let s = run("", "a b");
        assert_eq!(s.reference, None);
        assert_eq!(s.counts, counts(0, 2, |c| c.hper = 2));
        assert_eq!(s.hypothesis_labels, [X, X]);
        assert!(s.reference_labels.is_empty());
        // With a non-empty second reference, that one is chosen.
        let s = run_with("prefix4", &["", "a c"], "a b");
        assert_eq!(s.reference, Some(1));
        assert_eq!(s.counts.reference_length, 2);
        // Empty reference and empty hypothesis: 0 / 1e-8 = 0 < 1000, chosen, no error.
        let s = run("", "");
        assert_eq!(s.reference, Some(0));
        assert_eq!(s.counts, ErrorCounts::default());
    }

    #[test]
    fn reference_and_hypothesis_reordering_and_inflection_counts_agree() {
        // HJERSON.md "Properties": refRer = hypRer and refINFer = hypINFer per segment.
        for (r, h) in [
            ("a b c d e", "e d c b a"),
            ("les maisons blanches sont là", "là sont les maison blanche"),
            ("x x y y z", "y x z x y"),
        ] {
            let s = run(r, h);
            assert_eq!(
                s.counts.reference_reordering, s.counts.hypothesis_reordering,
                "{r} / {h}"
            );
            assert_eq!(
                s.counts.reference_inflection, s.counts.hypothesis_inflection,
                "{r} / {h}"
            );
        }
    }

    #[test]
    fn rates_use_each_side_length_and_sum_as_hjerson_adds_them() {
        let c = counts(10, 8, |c| {
            c.wer = 5;
            c.missing = 2;
            c.extra = 1;
            c.hypothesis_lexical = 2;
            c.hypothesis_inflection = 1;
            c.hypothesis_reordering = 2;
            c.hypothesis_reordering_blocks = 1;
        });
        let r = c.rates();
        assert_eq!(r.wer, 50.0);
        assert_eq!(r.missing, 20.0);
        assert_eq!(r.extra, 12.5);
        // SUMerr rate: 12.5 (infl) + 25 (reord) + 20 (missing, over 10) + 12.5 + 25.
        assert_eq!(r.sum, 95.0);
        assert_eq!(r.reordering_block_sum, 82.5);
        assert_eq!(c.sums().sum, 8);
        assert_eq!(c.sums().reordering_block_sum, 7);
        assert_eq!(ErrorCounts::default().rates(), ErrorRates::default());
    }
}
