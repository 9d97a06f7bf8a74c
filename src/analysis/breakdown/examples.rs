//! Sentence examples: the segments where two systems' sentence BLEU differ most, each way,
//! shown as the lines were given. Works on tokenized lines and sentence scores; never renders.

use super::*;

pub(super) fn examples(
    corpus: &Corpus,
    config: &BreakdownConfig,
    ref_text: &[Vec<String>],
    sys_text: &[Vec<String>],
    sentence_bleu: &[Vec<f64>],
    a: usize,
    b: usize,
) -> ExampleComparison {
    // compare-mt shows each (output, output, reference) combination once.
    let mut seen: HashSet<Vec<&str>> = HashSet::new();
    let mut diffs: Vec<(f64, usize)> = Vec::new();
    for i in 0..corpus.len() {
        let mut key = vec![sys_text[a][i].as_str(), sys_text[b][i].as_str()];
        key.extend(ref_text.iter().map(|r| r[i].as_str()));
        if seen.insert(key) {
            // compare-mt's `s2 - s1`.
            diffs.push((sentence_bleu[b][i] - sentence_bleu[a][i], i));
        }
    }
    let example = |i: usize| SentenceExample {
        segment: i,
        source: corpus.source.as_ref().map(|s| s.line(i).to_owned()),
        references: corpus
            .segment_references(i)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        left_output: Corpus::metric_view(&corpus.systems[a], i).to_owned(),
        right_output: Corpus::metric_view(&corpus.systems[b], i).to_owned(),
        left_bleu: sentence_bleu[a][i],
        right_bleu: sentence_bleu[b][i],
    };
    let mut left: Vec<(f64, usize)> = diffs.iter().copied().filter(|d| d.0 < 0.0).collect();
    left.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    let mut right: Vec<(f64, usize)> = diffs.iter().copied().filter(|d| d.0 > 0.0).collect();
    right.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    ExampleComparison {
        left: corpus.systems[a].name.clone(),
        right: corpus.systems[b].name.clone(),
        left_better: left
            .iter()
            .take(config.example_count)
            .map(|d| example(d.1))
            .collect(),
        right_better: right
            .iter()
            .take(config.example_count)
            .map(|d| example(d.1))
            .collect(),
    }
}
