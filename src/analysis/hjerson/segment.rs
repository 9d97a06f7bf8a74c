//! Hjerson's classification of one segment: the WER alignment against every reference, the
//! choice of reference, the PER passes over surface and base forms, then missing/extra/lexical,
//! reordering and block counts. Works on tokens already split and base forms already computed;
//! never tokenizes, lowercases or normalises.

use rustc_hash::FxHashMap;

use super::{Category, ErrorCounts, SegmentAnalysis, Side};

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
///
/// Memory is bounded whatever the lengths: up to `FULL_MATRIX_CELLS` cells the whole
/// back-pointer matrix is kept; beyond, only every `k`-th row of costs is kept (`k` about
/// √rows), and the back pointers of one band of `k` rows at a time are recomputed from the
/// kept row above it as the back-trace walks up: `O(cols · (rows / k + k))` memory for twice
/// the time, and the very same back pointers, hence the very same alignment.
pub fn wer_alignment(reference: &[&str], hypothesis: &[&str]) -> WerAlignment {
    // Words as ids: one integer comparison per cell instead of a string comparison.
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut id = |w| {
        let next = ids.len() as u32;
        *ids.entry(w).or_insert(next)
    };
    let reference_ids: Vec<u32> = reference.iter().map(|&w| id(w)).collect();
    let hypothesis_ids: Vec<u32> = hypothesis.iter().map(|&w| id(w)).collect();
    let (reference, hypothesis) = (&reference_ids[..], &hypothesis_ids[..]);
    let cells = (reference.len() + 1).saturating_mul(hypothesis.len() + 1);
    let band = if cells <= FULL_MATRIX_CELLS {
        reference.len().max(1)
    } else {
        (reference.len() as f64).sqrt().ceil() as usize
    };
    wer_alignment_banded(reference, hypothesis, band)
}

/// Matrices up to this many cells (5 bytes each) are kept whole: every sentence, and
/// documents-as-lines of up to ~2000 words.
pub const FULL_MATRIX_CELLS: usize = 1 << 22;

/// Row `r` (1-based) of the cost matrix from row `r - 1`, with its back pointers if asked.
#[inline]
fn wer_row(
    prev: &[u32],
    cur: &mut [u32],
    back: Option<&mut [u8]>,
    r: usize,
    rw: u32,
    hypothesis: &[u32],
) {
    cur[0] = r as u32;
    let mut back = back;
    if let Some(b) = back.as_deref_mut() {
        b[0] = DELETION;
    }
    for h in 1..cur.len() {
        let s = u32::from(hypothesis[h - 1] != rw);
        let mut best = prev[h - 1] + s;
        let mut op = DIAGONAL;
        let del = prev[h] + 1;
        if del < best {
            best = del;
            op = DELETION;
        }
        let ins = cur[h - 1] + 1;
        if ins < best {
            best = ins;
            op = INSERTION;
        }
        cur[h] = best;
        if let Some(b) = back.as_deref_mut() {
            b[h] = op;
        }
    }
}

/// [`wer_alignment`] keeping the cost rows `0, band, 2 · band, …` and the back pointers of
/// `band` rows at a time (`band >= reference.len()`: one band, the whole matrix).
fn wer_alignment_banded(reference: &[u32], hypothesis: &[u32], band: usize) -> WerAlignment {
    let (nr, nh) = (reference.len(), hypothesis.len());
    let width = nh + 1;
    let band = band.max(1);
    // Forward pass: the kept rows.
    let mut kept: Vec<u32> = Vec::with_capacity((nr / band + 1) * width);
    kept.extend(0..=nh as u32);
    let (mut prev, mut cur) = (kept.clone(), vec![0u32; width]);
    // The last row the back-trace starts a band from (none when one band holds every row).
    let last_kept = nr.saturating_sub(1) / band * band;
    for r in 1..=last_kept {
        wer_row(&prev, &mut cur, None, r, reference[r - 1], hypothesis);
        std::mem::swap(&mut prev, &mut cur);
        if r % band == 0 {
            kept.extend_from_slice(&prev);
        }
    }
    drop(cur);

    let mut ref_labels = vec![WerLabel::Match; nr];
    let mut hyp_labels = vec![WerLabel::Match; nh];
    let mut edits = 0;
    let (mut r, mut h) = (nr, nh);
    let mut back = vec![DIAGONAL; band.min(nr.max(1)) * width];
    let (mut row_a, mut row_b) = (vec![0u32; width], vec![0u32; width]);
    // Cell (0, 0) is the end of the back-trace (its pointer is (-1, -1), line 409).
    while r > 0 || h > 0 {
        if r == 0 {
            // Row 0: insertions only.
            hyp_labels[h - 1] = WerLabel::Insertion;
            edits += 1;
            h -= 1;
            continue;
        }
        // The band holding rows top + 1 ..= r, recomputed from kept row `top`.
        let top = (r - 1) / band * band;
        row_a.copy_from_slice(&kept[top / band * width..(top / band + 1) * width]);
        for q in top + 1..=r {
            let b = &mut back[(q - top - 1) * width..(q - top) * width];
            wer_row(&row_a, &mut row_b, Some(b), q, reference[q - 1], hypothesis);
            std::mem::swap(&mut row_a, &mut row_b);
        }
        while r > top && (r > 0 || h > 0) {
            let op = if h == 0 {
                DELETION
            } else {
                back[(r - top - 1) * width + h]
            };
            match op {
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
    use proptest::prelude::*;

    /// The whole-matrix alignment as it was before rows were kept sparsely (string
    /// comparisons, every back pointer stored): the oracle of the banded one.
    fn full_matrix(reference: &[&str], hypothesis: &[&str]) -> WerAlignment {
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
            for h in 1..=nh {
                let s = u32::from(hypothesis[h - 1] != reference[r - 1]);
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

    fn words() -> impl Strategy<Value = Vec<&'static str>> {
        prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "d"]), 0..40)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn banded_alignment_equals_the_full_matrix(r in words(), h in words(), band in 1usize..8) {
            let expected = full_matrix(&r, &h);
            prop_assert_eq!(&wer_alignment(&r, &h), &expected);
            let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
            for &w in r.iter().chain(&h) {
                let n = ids.len() as u32;
                ids.entry(w).or_insert(n);
            }
            let ri: Vec<u32> = r.iter().map(|w| ids[w]).collect();
            let hi: Vec<u32> = h.iter().map(|w| ids[w]).collect();
            prop_assert_eq!(&wer_alignment_banded(&ri, &hi, band), &expected);
        }
    }

    #[test]
    fn long_segments_take_the_banded_path_with_the_same_alignment() {
        // 2100 × 2100 cells are more than FULL_MATRIX_CELLS.
        let r: Vec<String> = (0..2100).map(|i| format!("w{}", (i * 7) % 113)).collect();
        let h: Vec<String> = (0..2100).map(|i| format!("w{}", (i * 5) % 97)).collect();
        let (r, h): (Vec<&str>, Vec<&str>) = (
            r.iter().map(String::as_str).collect(),
            h.iter().map(String::as_str).collect(),
        );
        assert!((r.len() + 1) * (h.len() + 1) > FULL_MATRIX_CELLS);
        assert_eq!(wer_alignment(&r, &h), full_matrix(&r, &h));
    }
}
