//! Criterion benchmarks: each tokenizer, and corpus BLEU / chrF / chrF++ on a real test set.
//!
//! Data: `$MTMETER_SHARED/corpora` or `../shared/corpora` (wmt22.en-de and wmt22.en-zh); the
//! benchmarks that need it are left out, with a note, when it is missing.
//! Run: `cargo bench --bench metrics` (or `-- tokenize` for one group).

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use mtmeter::corpus::{Corpus, CorpusDir, LoadOptions, Loader};
use mtmeter::metrics::{Bleu, BleuConfig, Chrf, ChrfConfig, MetricSpec, Ter, TerConfig};
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
            &zh.systems[0].lines
        } else {
            &de.systems[0].lines
        };
        let tok = kind.build();
        g.bench_function(kind.name(), |b| {
            let mut out = String::new();
            b.iter(|| {
                for l in lines {
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
    let specs = [
        (
            "bleu",
            MetricSpec::Bleu(Bleu::new(BleuConfig::default()).unwrap()),
        ),
        (
            "chrf",
            MetricSpec::Chrf(Chrf::new(ChrfConfig::default()).unwrap()),
        ),
        (
            "chrf++",
            MetricSpec::Chrf(Chrf::new(ChrfConfig::chrf_plus_plus()).unwrap()),
        ),
        ("ter", MetricSpec::Ter(Ter::new(TerConfig::default()))),
    ];
    for (name, spec) in &specs {
        g.bench_function(*name, |b| {
            b.iter(|| run_metric(name, spec, &de, false).systems[0].score)
        });
    }
    g.finish();
}

criterion_group!(benches, tokenizers, corpus_metrics);
criterion_main!(benches);
