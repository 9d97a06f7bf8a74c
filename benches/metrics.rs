//! Criterion benchmarks: each tokenizer; corpus BLEU / chrF / chrF++ / TER on a real test set;
//! paired bootstrap (one resample, and sacreBLEU's default 1000).
//!
//! Data: `$MTMETER_SHARED/corpora` or `../shared/corpora` (wmt22.en-de and wmt22.en-zh); the
//! benchmarks that need it are left out, with a note, when it is missing.
//! Run: `cargo bench --bench metrics` (or `-- tokenize` for one group).

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use mtmeter::corpus::{Corpus, CorpusDir, LoadOptions, Loader};
use mtmeter::metrics::{MetricOptions, MetricSpec};
use mtmeter::scoring::run_metric;
use mtmeter::tokenize::TokenizerKind;

fn corpus(set: &str) -> Option<Corpus> {
    let shared = std::env::var_os("MTMETER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = shared.join("corpora").join(set);
    if !dir.is_dir() {
        eprintln!(
            "note: {} missing; set MTMETER_SHARED to benchmark on real data",
            dir.display()
        );
        return None;
    }
    Some(
        CorpusDir { path: dir }
            .load(&LoadOptions::default())
            .expect("corpus loads"),
    )
}

fn tokenizers(c: &mut Criterion) {
    let Some(de) = corpus("wmt22.en-de") else {
        return;
    };
    let Some(zh) = corpus("wmt22.en-zh") else {
        return;
    };
    let mut g = c.benchmark_group("tokenize");
    for kind in TokenizerKind::ALL {
        let lines = if kind == TokenizerKind::Zh {
            &zh.systems[0]
        } else {
            &de.systems[0]
        };
        let tok = kind.build();
        g.bench_function(kind.name(), |b| {
            let mut out = String::new();
            b.iter(|| {
                for l in lines.lines() {
                    out.clear();
                    tok.tokenize_into(l, &mut out);
                }
                out.len()
            })
        });
    }
    g.finish();
}

fn corpus_metrics(c: &mut Criterion) {
    let Some(mut de) = corpus("wmt22.en-de") else {
        return;
    };
    de.systems.truncate(1);
    let mut g = c.benchmark_group("corpus (wmt22.en-de, 1 system, 2 refs)");
    g.sample_size(20);
    let specs: Vec<(&str, MetricSpec)> = ["bleu", "chrf", "chrf++", "ter"]
        .into_iter()
        .map(|k| {
            (
                k,
                MetricSpec::from_name(k, &MetricOptions::default()).unwrap(),
            )
        })
        .collect();
    for (name, spec) in &specs {
        g.bench_function(*name, |b| {
            b.iter(|| run_metric(name, spec, &de, false).systems[0].score)
        });
    }
    g.finish();
}

fn significance(c: &mut Criterion) {
    use mtmeter::significance::{PairedOptions, PairedTestKind, Seed, paired_test};
    let Some(de) = corpus("wmt22.en-de") else {
        return;
    };
    let specs: Vec<(&str, MetricSpec)> = ["bleu", "chrf", "ter"]
        .into_iter()
        .map(|k| {
            (
                k,
                MetricSpec::from_name(k, &MetricOptions::default()).unwrap(),
            )
        })
        .collect();
    let results: Vec<_> = specs
        .iter()
        .map(|(k, s)| run_metric(k, s, &de, false))
        .collect();
    let pairs: Vec<_> = specs.iter().map(|(_, s)| s).zip(&results).collect();
    let mut g = c.benchmark_group("significance (wmt22.en-de, 9 systems, BLEU+chrF+TER)");
    g.sample_size(10);
    for (name, kind, n) in [
        (
            "paired bootstrap, one resample",
            PairedTestKind::Bootstrap,
            1,
        ),
        (
            "paired bootstrap, 1000 resamples",
            PairedTestKind::Bootstrap,
            1000,
        ),
    ] {
        let mut opts = PairedOptions::new(kind);
        opts.n_samples = Some(n);
        opts.seed = Some(Seed::DEFAULT);
        g.bench_function(name, |b| {
            b.iter(|| paired_test(&pairs, &opts).unwrap().len())
        });
    }
    g.finish();
}

criterion_group!(benches, tokenizers, corpus_metrics, significance);
criterion_main!(benches);
