//! Bags of words and word accuracy by frequency bucket: counting helpers (clipped reference bags,
//! merged counts) and compare-mt's precision, recall and F-measure per bucket. Works on token
//! slices; never tokenizes or renders.

use super::*;

/// Count of each item, as a map.
pub(super) fn counts<'a, K: std::hash::Hash + Eq + 'a>(
    items: impl Iterator<Item = K>,
) -> FxHashMap<K, u64> {
    let mut m = FxHashMap::default();
    for k in items {
        *m.entry(k).or_insert(0) += 1;
    }
    m
}

/// Keep, for every key, the largest count of any map: BLEU's clipping counts over references.
pub(super) fn max_union<K: std::hash::Hash + Eq>(
    maps: impl Iterator<Item = FxHashMap<K, u64>>,
) -> FxHashMap<K, u64> {
    let mut out: FxHashMap<K, u64> = FxHashMap::default();
    for m in maps {
        for (k, c) in m {
            let e = out.entry(k).or_insert(0);
            *e = (*e).max(c);
        }
    }
    out
}

pub(super) fn merge_sum<K: std::hash::Hash + Eq>(
    mut a: FxHashMap<K, u64>,
    b: FxHashMap<K, u64>,
) -> FxHashMap<K, u64> {
    if a.len() < b.len() {
        return merge_sum(b, a);
    }
    for (k, c) in b {
        *a.entry(k).or_insert(0) += c;
    }
    a
}

/// Per-bucket counts for one segment: `[reference, output, matched]` per bucket.
pub(super) fn word_accuracy(
    config: &BreakdownConfig,
    frequencies: &FxHashMap<String, u64>,
    ref_bags: &[FxHashMap<&str, u64>],
    sys_tokens: &[Vec<Vec<&str>>],
) -> Vec<WordBucket> {
    let labels = bucket_labels(&config.frequency_cutoffs);
    let nb = labels.len();
    let bucket = |w: &str| {
        bucket_index(
            frequencies.get(w).copied().unwrap_or(0),
            &config.frequency_cutoffs,
        )
    };
    let add = |mut a: Vec<u64>, b: Vec<u64>| {
        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        a
    };
    let reference_words = ref_bags
        .par_iter()
        .map(|bag| {
            let mut t = vec![0u64; nb];
            for (w, &c) in bag {
                t[bucket(w)] += c;
            }
            t
        })
        .reduce(|| vec![0; nb], add);
    // Per system: output words then matched words, per bucket, side by side in one vector.
    let per_system: Vec<Vec<u64>> = sys_tokens
        .par_iter()
        .map(|sys| {
            sys.par_iter()
                .zip(ref_bags)
                .map(|(toks, bag)| {
                    let mut t = vec![0u64; 2 * nb];
                    for (w, c) in counts(toks.iter().copied()) {
                        let b = bucket(w);
                        t[b] += c;
                        // compare-mt matches each output word to a distinct reference position,
                        // so a word matches min(output count, reference count) times.
                        t[nb + b] += c.min(bag.get(w).copied().unwrap_or(0));
                    }
                    t
                })
                .reduce(|| vec![0; 2 * nb], add)
        })
        .collect();
    labels
        .into_iter()
        .enumerate()
        .map(|(b, label)| WordBucket {
            label,
            reference_words: reference_words[b],
            systems: per_system
                .iter()
                .map(|t| accuracy(t[nb + b], t[b], reference_words[b]))
                .collect(),
        })
        .collect()
}

/// compare-mt's `calc_statistics`, operation for operation (so F-measures are bit-identical).
pub(super) fn accuracy(matched: u64, output_words: u64, reference_words: u64) -> WordAccuracy {
    let (precision, recall, f_measure) = if matched == 0 {
        (0.0, 0.0, 0.0)
    } else {
        let rec = matched as f64 / reference_words as f64;
        let prec = matched as f64 / output_words as f64;
        (prec, rec, 2.0 * prec * rec / (prec + rec))
    };
    WordAccuracy {
        output_words,
        matched,
        precision,
        recall,
        f_measure,
    }
}
