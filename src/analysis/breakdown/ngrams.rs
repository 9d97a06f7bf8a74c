//! Characteristic n-grams: every n-gram of a token slice, and the n-grams one system matches
//! more often than another, ranked by compare-mt's smoothed ratio. Works on matched counts;
//! never tokenizes or renders.

use super::*;

/// Every n-gram of `tokens` with length in `min..=max`.
pub(super) fn ngrams<'t, 'a>(
    tokens: &'t [&'a str],
    min: usize,
    max: usize,
) -> impl Iterator<Item = &'t [&'a str]> {
    (min..=max).flat_map(move |n| tokens.windows(n))
}

/// The n-grams one side matches more often than the other (`left_side`: those `left` matches
/// more often), by compare-mt's `extract_salient_features` ratio, always expressed as `left`'s
/// share; most characteristic first; ties: more total matches first, then the text.
pub(super) fn characteristic_ngrams(
    left: &FxHashMap<&[&str], u64>,
    right: &FxHashMap<&[&str], u64>,
    alpha: f64,
    k: usize,
    left_side: bool,
) -> Vec<CharacteristicNgram> {
    let (mine, other) = if left_side {
        (left, right)
    } else {
        (right, left)
    };
    let mut found: Vec<CharacteristicNgram> = mine
        .iter()
        .filter_map(|(g, &m)| {
            let o = other.get(g).copied().unwrap_or(0);
            let (l, r) = if left_side { (m, o) } else { (o, m) };
            // Python: (dict1[k] + alpha) / (dict1[k] + dict2[k] + 2 * alpha).
            (m > o).then(|| CharacteristicNgram {
                ngram: g.join(" "),
                score: (l as f64 + alpha) / ((l + r) as f64 + 2.0 * alpha),
                left_matches: l,
                right_matches: r,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        let by_score = if left_side {
            b.score.total_cmp(&a.score)
        } else {
            a.score.total_cmp(&b.score)
        };
        by_score
            .then((b.left_matches + b.right_matches).cmp(&(a.left_matches + a.right_matches)))
            .then_with(|| a.ngram.cmp(&b.ngram))
    });
    found.truncate(k);
    found
}
