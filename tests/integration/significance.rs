//! Differential test of the significance layer against sacreBLEU 2.6.0's own numbers.
//!
//! Corpora: `../shared/corpora` relative to the crate root, or `$MTMETER_SHARED/corpora`.
//! Golden numbers: the `significance` block of `tests/golden/<set>.json` (regenerate.py).
//! Every metric present in both the golden file and this build is compared: p-values, means and
//! half-widths must agree within 1e-9 (float32 values are stored widened).

use std::path::PathBuf;

use mtmeter::corpus::{CorpusDir, LoadOptions, Loader};
use mtmeter::metrics::{MetricOptions, MetricSpec};
use mtmeter::scoring::{MetricResult, run_metric};
use mtmeter::significance::{
    PairedOptions, PairedTestKind, Seed, confidence, confidence_intervals, paired_test,
};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared folder, or `None` (with a note) outside CI when it is missing.
fn shared() -> Option<PathBuf> {
    crate::common::shared()
}

fn golden(set: &str) -> Value {
    let path = root().join("tests/golden").join(format!("{set}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (regenerate with tests/golden/regenerate.py)",
            path.display()
        )
    });
    let v: Value = serde_json::from_str(&text).expect("golden JSON");
    v.get("significance")
        .cloned()
        .unwrap_or_else(|| panic!("{set}: no significance block in {}", path.display()))
}

/// The metrics, keyed by sacreBLEU's score name.
fn metrics() -> Vec<(&'static str, &'static str, MetricSpec)> {
    [("BLEU", "bleu"), ("chrF2", "chrf"), ("TER", "ter")]
        .into_iter()
        .map(|(name, key)| {
            let spec = MetricSpec::from_name(key, &MetricOptions::default()).unwrap();
            assert_eq!(spec.display_name(), name);
            (name, key, spec)
        })
        .collect()
}

/// Equal within 1e-9 (float32 results differ from any neighbour by far more than that, so
/// this only absorbs the last-bit rounding of JSON float parsing).
fn same(got: Option<f64>, want: &Value, ctx: &str) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-9, "{ctx}: {a} vs {b}"),
        (a, b) => panic!("{ctx}: {a:?} vs {b:?}"),
    }
}

fn check_set(set: &str) {
    let Some(shared) = shared() else { return };
    let corpus = CorpusDir {
        path: shared.join("corpora").join(set),
    }
    .load(&LoadOptions::default())
    .unwrap_or_else(|e| panic!("{set}: {e}"));
    let g = golden(set);
    let specs = metrics();
    let results: Vec<MetricResult> = specs
        .iter()
        .map(|(_, key, spec)| run_metric(key, spec, &corpus, false))
        .collect();
    let mut compared = 0;
    for (block, kind, seed) in [
        ("paired_bs", PairedTestKind::Bootstrap, 12345),
        ("paired_bs_seed7", PairedTestKind::Bootstrap, 7),
        ("paired_ar", PairedTestKind::ApproximateRandomization, 12345),
        // PairedTest(n_ar_confidence=1000): AR with bootstrap intervals.
        (
            "paired_ar_ci",
            PairedTestKind::ApproximateRandomization,
            12345,
        ),
    ] {
        let Some(b) = g.get(block) else { continue };
        assert_eq!(b["seed"].as_u64(), Some(seed), "{set} {block}");
        let mut options = PairedOptions::new(kind);
        options.n_samples = Some(b["n"].as_u64().unwrap() as usize);
        if let Some(k) = b.get("n_ar_confidence") {
            options.n_ar_confidence = Some(k.as_u64().unwrap() as usize);
        }
        options.seed = Some(Seed::Fixed(seed));
        let pairs: Vec<(&MetricSpec, &MetricResult)> = specs
            .iter()
            .zip(&results)
            .map(|((_, _, s), r)| (s, r))
            .collect();
        let out = paired_test(&pairs, &options).unwrap();
        for (m, (name, _, _)) in specs.iter().enumerate() {
            let want = &b["metrics"][name]["results"];
            let want = want
                .as_array()
                .unwrap_or_else(|| panic!("{set} {block} {name}"));
            assert_eq!(want.len(), out[m].len(), "{set} {block} {name}: systems");
            for (s, (w, got)) in want.iter().zip(&out[m]).enumerate() {
                let ctx = format!("{set} {block} {name} system {s} ({})", w["system"]);
                same(Some(got.score), &w["score"], &format!("{ctx}: score"));
                same(got.p_value, &w["p_value"], &format!("{ctx}: p-value"));
                same(got.mean, &w["mean"], &format!("{ctx}: mean"));
                same(got.half_width, &w["ci"], &format!("{ctx}: half-width"));
                compared += 1;
            }
        }
    }
    if let Some(c) = g.get("confidence") {
        let n = c["n"].as_u64().unwrap() as usize;
        let seed = c["seed"].as_u64().unwrap();
        for ((name, _, spec), r) in specs.iter().zip(&results) {
            let w = &c["metrics"][name];
            let sys = &r.systems[0];
            let got = confidence(spec, &sys.rows, r.row_width, n, Some(Seed::Fixed(seed))).unwrap();
            // All systems at once (shared draws, one pass) give each system's own numbers.
            let all = confidence_intervals(spec, r, n, Some(Seed::Fixed(seed))).unwrap();
            assert_eq!(all.len(), r.systems.len());
            for (k, (c, s)) in all.iter().zip(&r.systems).enumerate() {
                let one =
                    confidence(spec, &s.rows, r.row_width, n, Some(Seed::Fixed(seed))).unwrap();
                assert_eq!(
                    (c.mean.to_bits(), c.half_width.to_bits()),
                    (one.mean.to_bits(), one.half_width.to_bits()),
                    "{set} confidence {name} system {k}"
                );
            }
            let ctx = format!("{set} confidence {name}");
            same(Some(sys.score), &w["score"], &format!("{ctx}: score"));
            same(Some(got.mean), &w["mean"], &format!("{ctx}: mean"));
            same(
                Some(got.half_width),
                &w["ci"],
                &format!("{ctx}: half-width"),
            );
            compared += 1;
        }
    }
    assert!(compared > 0, "{set}: nothing compared");
}

#[test]
fn significance_matches_sacrebleu_wmt21bio_en_fr() {
    check_set("wmt21bio.en-fr");
}

#[test]
fn significance_matches_sacrebleu_wmt22_de_fr() {
    check_set("wmt22.de-fr");
}

#[test]
fn significance_matches_sacrebleu_wmt22_en_de() {
    check_set("wmt22.en-de");
}
