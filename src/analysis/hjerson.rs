//! Hjerson's error classification (Popović & Ney 2011) on token slices, reproducing
//! `hjerson.py` of m-popovic/hjerson at commit def709b4 pass by pass (line numbers below are of
//! that file; `/work/shared/HJERSON.md` reads it line by line).
//!
//! Per segment: a WER alignment against every reference (lines 394–521), the reference with the
//! lowest WER ratio (524–547), PER passes on the hypothesis and on the reference over surface and
//! base forms (91–116, 582, 596), then missing/extra/lexical (119–140), reordering (142–162) and
//! block counts (164–178). Everything here works on tokens that are already split; it never
//! tokenizes, lowercases or normalises.

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

/// A word's label in the WER alignment (Hjerson's `x`/`sub`/`del`/`ins`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WerLabel {
    /// Aligned to an identical word.
    Match,
    /// Aligned to a different word.
    Substitution,
    /// Reference word aligned to nothing.
    Deletion,
    /// Hypothesis word aligned to nothing.
    Insertion,
}

/// The WER alignment of one hypothesis with one reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WerAlignment {
    /// Label of every reference word.
    pub reference: Vec<WerLabel>,
    /// Label of every hypothesis word.
    pub hypothesis: Vec<WerLabel>,
    /// Substitutions + deletions + insertions.
    pub edits: u64,
}

const DIAGONAL: u8 = 0;
const DELETION: u8 = 2;
const INSERTION: u8 = 3;

/// Unit-cost Levenshtein alignment with Hjerson's tie order and back-trace (lines 394–521):
/// candidates are tried diagonal, deletion, insertion, each replacing the best only if strictly
/// cheaper (435–445), and the back-trace starts at the last cell (468).
///
/// Hjerson caps costs at 1000 (`minQ`, line 422) and crashes with a `KeyError` when the
/// back-trace meets a capped cell (a segment needing 1000 edits or more); this function has no cap,
/// and agrees with Hjerson everywhere Hjerson does not crash.
pub fn wer_alignment(reference: &[&str], hypothesis: &[&str]) -> WerAlignment {
    let (nr, nh) = (reference.len(), hypothesis.len());
    let width = nh + 1;
    let mut cost = vec![0u32; (nr + 1) * width];
    let mut back = vec![DIAGONAL; (nr + 1) * width];
    for h in 0..=nh {
        cost[h] = h as u32;
        back[h] = INSERTION;
    }
    for r in 1..=nr {
        cost[r * width] = r as u32;
        back[r * width] = DELETION;
        let rw = reference[r - 1];
        for h in 1..=nh {
            let s = u32::from(hypothesis[h - 1] != rw);
            let mut best = cost[(r - 1) * width + h - 1] + s;
            let mut op = DIAGONAL;
            let del = cost[(r - 1) * width + h] + 1;
            if del < best {
                best = del;
                op = DELETION;
            }
            let ins = cost[r * width + h - 1] + 1;
            if ins < best {
                best = ins;
                op = INSERTION;
            }
            cost[r * width + h] = best;
            back[r * width + h] = op;
        }
    }
    let mut ref_labels = vec![WerLabel::Match; nr];
    let mut hyp_labels = vec![WerLabel::Match; nh];
    let mut edits = 0;
    let (mut r, mut h) = (nr, nh);
    // Cell (0, 0) is the end of the back-trace (its pointer is (-1, -1), line 409).
    while r > 0 || h > 0 {
        match back[r * width + h] {
            DIAGONAL => {
                if hypothesis[h - 1] != reference[r - 1] {
                    ref_labels[r - 1] = WerLabel::Substitution;
                    hyp_labels[h - 1] = WerLabel::Substitution;
                    edits += 1;
                }
                r -= 1;
                h -= 1;
            }
            DELETION => {
                ref_labels[r - 1] = WerLabel::Deletion;
                edits += 1;
                r -= 1;
            }
            _ => {
                hyp_labels[h - 1] = WerLabel::Insertion;
                edits += 1;
                h -= 1;
            }
        }
    }
    WerAlignment {
        reference: ref_labels,
        hypothesis: hyp_labels,
        edits,
    }
}

/// A word's label in the PER passes (Hjerson's `x`, `herr`/`rerr`, `iherr`/`irerr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerLabel {
    /// The full form is found on the other side.
    Match,
    /// Not found, neither as full form nor as base form.
    Error,
    /// Not found as full form, but its base form is.
    Inflection,
}

/// One PER pass (`hyp_ref_errors`, lines 91–116) over `this` side against `other`.
///
/// Full forms first, left to right: a word still among the other side's remaining words matches
/// and removes the *first* remaining occurrence together with the base form at the same index.
/// Then base forms, left to right: an unmatched word whose base form is still among the
/// remaining base forms becomes an inflection error and removes the first such base form.
/// Returns the labels, the number of PER errors (inflection errors included) and of inflection
/// errors.
pub fn per_pass(this: Side<'_>, other: Side<'_>) -> (Vec<PerLabel>, u64, u64) {
    let mut words: Vec<&str> = other.words.to_vec();
    let mut bases: Vec<&str> = other.bases.to_vec();
    let mut labels = Vec::with_capacity(this.words.len());
    let mut errors = 0;
    for w in this.words {
        if let Some(n) = words.iter().position(|x| x == w) {
            labels.push(PerLabel::Match);
            words.remove(n);
            bases.remove(n);
        } else {
            labels.push(PerLabel::Error);
            errors += 1;
        }
    }
    let mut inflections = 0;
    for (label, b) in labels.iter_mut().zip(this.bases) {
        if *label == PerLabel::Error
            && let Some(n) = bases.iter().position(|x| x == b)
        {
            *label = PerLabel::Inflection;
            bases.remove(n);
            inflections += 1;
        }
    }
    (labels, errors, inflections)
}

/// Missing/extra, lexical and inflection labels of one side (`miss_ext_lex`, lines 119–140).
/// Returns the categories, the missing-or-extra count and the lexical count.
fn miss_ext_lex(
    wer: &[WerLabel],
    per: &[PerLabel],
    omission: Category,
) -> (Vec<Category>, u64, u64) {
    let (mut omitted, mut lexical) = (0, 0);
    let cats = wer
        .iter()
        .zip(per)
        .map(|(w, p)| match (p, w) {
            (PerLabel::Inflection, _) => Category::Inflection,
            (PerLabel::Error, WerLabel::Deletion | WerLabel::Insertion) => {
                omitted += 1;
                omission
            }
            (PerLabel::Error, WerLabel::Substitution) => {
                lexical += 1;
                Category::Lexical
            }
            // A PER error on a WER-matched word is counted nowhere (lines 134–135).
            _ => Category::Correct,
        })
        .collect();
    (cats, omitted, lexical)
}

/// Reordering (`reord`, lines 142–162): the other side's WER-error words, in order; each word of
/// this side with a WER error whose form is among them becomes `reord` and removes the first
/// occurrence. Returns the number relabelled.
fn reordering(
    this_words: &[&str],
    this_wer: &[WerLabel],
    other_words: &[&str],
    other_wer: &[WerLabel],
    cats: &mut [Category],
) -> u64 {
    let mut pool: Vec<&str> = other_words
        .iter()
        .zip(other_wer)
        .filter(|(_, l)| **l != WerLabel::Match)
        .map(|(w, _)| *w)
        .collect();
    let mut count = 0;
    for (i, (w, l)) in this_words.iter().zip(this_wer).enumerate() {
        if *l != WerLabel::Match
            && let Some(n) = pool.iter().position(|x| x == w)
        {
            // Overwrites whatever the word was, as line 156 does; it can only be `x` here
            // (HJERSON.md, "Properties").
            cats[i] = Category::Reordering;
            count += 1;
            pool.remove(n);
        }
    }
    count
}

/// Number of runs of consecutive `cat` labels (`block_count`, lines 164–178).
fn blocks(cats: &[Category], cat: Category) -> u64 {
    let mut count = 0;
    let mut previous = false;
    for &c in cats {
        let this = c == cat;
        if this && !previous {
            count += 1;
        }
        previous = this;
    }
    count
}

/// Hjerson's reference choice (lines 524–547): the lowest WER ratio `edits / length` wins,
/// ties keep the earlier reference; an empty reference has length 1e-8 (527–530); a ratio of
/// 1000 or more is never chosen (`minSentWer = 1000`, line 328).
fn choose_reference(alignments: &[WerAlignment], references: &[Side<'_>]) -> Option<usize> {
    let mut min = 1000.0_f64;
    let mut best = None;
    for (i, (a, r)) in alignments.iter().zip(references).enumerate() {
        let len = if r.words.is_empty() {
            0.000_000_01
        } else {
            r.words.len() as f64
        };
        // The same floating-point division as line 532, so ties are ties exactly when they are
        // in Python.
        let ratio = a.edits as f64 / len;
        if ratio < min {
            min = ratio;
            best = Some(i);
        }
    }
    best
}

/// Classify one segment: `hypothesis` against one or more `references`.
///
/// Panics if `references` is empty.
pub fn classify(hypothesis: Side<'_>, references: &[Side<'_>]) -> SegmentAnalysis {
    assert!(!references.is_empty(), "at least one reference is needed");
    let alignments: Vec<WerAlignment> = references
        .iter()
        .map(|r| wer_alignment(r.words, hypothesis.words))
        .collect();
    let chosen = choose_reference(&alignments, references);
    // With no reference chosen, PER runs against `refs[-1]`, the last one (lines 566, 582).
    let reference = references[chosen.unwrap_or(references.len() - 1)];

    let (hyp_per, hper, hyp_infl) = per_pass(hypothesis, reference);
    let (ref_per, rper, ref_infl) = per_pass(reference, hypothesis);

    let mut counts = ErrorCounts {
        hypothesis_length: hypothesis.words.len() as u64,
        rper,
        hper,
        // Inflection counts come from the PER passes (lines 603–604), not from the labels.
        reference_inflection: ref_infl,
        hypothesis_inflection: hyp_infl,
        ..ErrorCounts::default()
    };
    let Some(index) = chosen else {
        // No WER alignment was kept: the segment adds nothing but its hypothesis length and PER
        // counts (the best-reference lists stay empty, lines 331–334, 634–658).
        return SegmentAnalysis {
            reference: None,
            counts,
            reference_labels: vec![Category::Correct; reference.words.len()],
            hypothesis_labels: vec![Category::Correct; hypothesis.words.len()],
        };
    };
    let wer = &alignments[index];
    counts.reference_length = reference.words.len() as u64;
    counts.wer = wer.edits;

    let (mut ref_cats, missing, ref_lex) =
        miss_ext_lex(&wer.reference, &ref_per, Category::Missing);
    let (mut hyp_cats, extra, hyp_lex) = miss_ext_lex(&wer.hypothesis, &hyp_per, Category::Extra);
    counts.missing = missing;
    counts.extra = extra;
    counts.reference_lexical = ref_lex;
    counts.hypothesis_lexical = hyp_lex;
    counts.hypothesis_reordering = reordering(
        hypothesis.words,
        &wer.hypothesis,
        reference.words,
        &wer.reference,
        &mut hyp_cats,
    );
    counts.reference_reordering = reordering(
        reference.words,
        &wer.reference,
        hypothesis.words,
        &wer.hypothesis,
        &mut ref_cats,
    );

    counts.reference_inflection_blocks = blocks(&ref_cats, Category::Inflection);
    counts.hypothesis_inflection_blocks = blocks(&hyp_cats, Category::Inflection);
    counts.missing_blocks = blocks(&ref_cats, Category::Missing);
    counts.extra_blocks = blocks(&hyp_cats, Category::Extra);
    counts.reference_reordering_blocks = blocks(&ref_cats, Category::Reordering);
    counts.hypothesis_reordering_blocks = blocks(&hyp_cats, Category::Reordering);
    counts.reference_lexical_blocks = blocks(&ref_cats, Category::Lexical);
    counts.hypothesis_lexical_blocks = blocks(&hyp_cats, Category::Lexical);

    SegmentAnalysis {
        reference: Some(index),
        counts,
        reference_labels: ref_cats,
        hypothesis_labels: hyp_cats,
    }
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
