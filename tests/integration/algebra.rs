//! Properties of the statistics algebra (proptest): corpus statistics are sums of segment
//! statistics, whatever the order or split; identical hypothesis and reference score perfectly.

use mtmeter::corpus::{Corpus, TextFile};
use mtmeter::metrics::{MetricOptions, MetricSpec};
use mtmeter::scoring::run_metric;
use proptest::prelude::*;

fn file(name: &str, lines: &[String]) -> TextFile {
    TextFile::new(name, name, lines.iter().cloned())
}

fn corpus(refs: &[String], hyps: &[String]) -> Corpus {
    Corpus {
        references: vec![file("ref", refs)],
        systems: vec![file("sys", hyps)],
        ..Corpus::default()
    }
    .validated()
    .unwrap()
}

fn specs() -> Vec<(&'static str, MetricSpec)> {
    ["bleu", "chrf", "chrf++"]
        .into_iter()
        .map(|k| {
            (
                k,
                MetricSpec::from_name(k, &MetricOptions::default()).unwrap(),
            )
        })
        .collect()
}

/// Sentences from a small vocabulary with punctuation, so that n-grams repeat and match.
fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "le", "chat", "noir", "dort", ",", ".", "l'", "été", "Été", "1,5", "-", "«", "»",
        ]),
        0..12,
    )
    .prop_map(|w| w.join(" "))
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((sentence(), sentence()), 1..12)
}

fn column_sums(rows: &[f64], width: usize) -> Vec<f64> {
    let mut s = vec![0.0; width];
    for row in rows.chunks(width) {
        for (a, b) in s.iter_mut().zip(row) {
            *a += b;
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn statistics_of_a_concatenation_are_the_sum_of_the_parts(a in pairs(), b in pairs()) {
        let (ra, ha): (Vec<_>, Vec<_>) = a.iter().cloned().unzip();
        let (rb, hb): (Vec<_>, Vec<_>) = b.iter().cloned().unzip();
        let whole = corpus(&[ra.clone(), rb.clone()].concat(), &[ha.clone(), hb.clone()].concat());
        for (key, spec) in specs() {
            let w = run_metric(key, &spec, &whole, false);
            let pa = run_metric(key, &spec, &corpus(&ra, &ha), false);
            let pb = run_metric(key, &spec, &corpus(&rb, &hb), false);
            let width = w.row_width;
            let sum: Vec<f64> = column_sums(&pa.systems[0].rows, width).iter().zip(column_sums(&pb.systems[0].rows, width)).map(|(x, y)| x + y).collect();
            prop_assert_eq!(column_sums(&w.systems[0].rows, width), sum.clone());
            prop_assert_eq!(w.systems[0].score, spec.score_row(&sum));
        }
    }

    #[test]
    fn segment_order_does_not_change_corpus_scores(a in pairs()) {
        let (r, h): (Vec<_>, Vec<_>) = a.iter().cloned().unzip();
        let (rr, hr): (Vec<_>, Vec<_>) = a.iter().rev().cloned().unzip();
        for (key, spec) in specs() {
            prop_assert_eq!(run_metric(key, &spec, &corpus(&r, &h), false).systems[0].score, run_metric(key, &spec, &corpus(&rr, &hr), false).systems[0].score);
        }
    }

    #[test]
    fn identical_hypothesis_and_reference_score_perfectly(s in prop::collection::vec(sentence(), 1..10)) {
        let c = corpus(&s, &s);
        let bleu = run_metric("bleu", &specs()[0].1, &c, true);
        let has_four_grams = s.iter().any(|l| l.split(' ').filter(|w| !w.is_empty()).count() >= 4);
        if has_four_grams {
            prop_assert!((bleu.systems[0].score - 100.0).abs() < 1e-9);
        }
        for (key, spec) in specs().into_iter().skip(1) {
            let r = run_metric(key, &spec, &c, true);
            let nonempty = s.iter().any(|l| !l.trim().is_empty());
            prop_assert_eq!(r.systems[0].score, if nonempty { 100.0 } else { 0.0 });
        }
    }
}
