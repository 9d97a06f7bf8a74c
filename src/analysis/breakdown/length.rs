//! Sentence-length buckets: segments bucketed by mean reference length; per bucket corpus BLEU
//! (summed sacreBLEU statistics), mean sentence BLEU and mean sentence chrF per system. Works
//! on token slices and statistics computed by [`super::analyze`]; never tokenizes or renders.

use super::*;

pub(super) fn length_buckets(
    config: &BreakdownConfig,
    ref_tokens: &[Vec<Vec<&str>>],
    n: usize,
    bleu: &Bleu,
    bleu_stats: &[Vec<BleuStats>],
    sentence_bleu: &[Vec<f64>],
    sentence_chrf: &[Vec<f64>],
) -> Vec<LengthBucket> {
    let labels = bucket_labels(&config.length_cutoffs);
    let nrefs = ref_tokens.len() as u64;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); labels.len()];
    for i in 0..n {
        let total: u64 = ref_tokens.iter().map(|r| r[i].len() as u64).sum();
        members[bucket_of_mean(total, nrefs, &config.length_cutoffs)].push(i);
    }
    // Means are summed in segment order so that they equal Python's `sum(xs) / len(xs)`.
    let mean =
        |xs: &[f64], idx: &[usize]| idx.iter().map(|&i| xs[i]).sum::<f64>() / idx.len() as f64;
    labels
        .into_iter()
        .zip(&members)
        .map(|(label, idx)| LengthBucket {
            label,
            sentences: idx.len(),
            systems: (0..bleu_stats.len())
                .map(|s| {
                    if idx.is_empty() {
                        return BucketScores {
                            bleu: None,
                            mean_sentence_bleu: None,
                            mean_sentence_chrf: None,
                        };
                    }
                    let stats: Vec<BleuStats> = idx.iter().map(|&i| bleu_stats[s][i]).collect();
                    BucketScores {
                        bleu: Some(bleu.score(&sum_stats(&stats))),
                        mean_sentence_bleu: Some(mean(&sentence_bleu[s], idx)),
                        mean_sentence_chrf: Some(mean(&sentence_chrf[s], idx)),
                    }
                })
                .collect(),
        })
        .collect()
}
