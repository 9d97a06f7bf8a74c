//! Differential tests: mtmeter against goldens from the real sacreBLEU 2.6.0 on every real test
//! set (tests/golden/<set>.json, written by tests/golden/regenerate.py). Scores must agree within
//! 1e-9 and sufficient statistics exactly.

use std::collections::BTreeMap;

use mtmeter::corpus::{CorpusDir, LoadOptions, Loader};
use mtmeter::metrics::signature::VERSION_FIELD;
use mtmeter::metrics::{
    Bleu, BleuConfig, Chrf, ChrfConfig, MetricOptions, MetricSpec, SmoothMethod, TerConfig,
};
use mtmeter::scoring::{ScoreDetails, run_metric};
use mtmeter::tokenize::TokenizerKind;
use serde::Deserialize;
use serde_json::Value;

use crate::common::{SETS, root, shared};

#[derive(Debug, Deserialize)]
struct Golden {
    references: Vec<String>,
    systems: BTreeMap<String, GoldenSystem>,
}

#[derive(Debug, Deserialize)]
struct GoldenSystem {
    file: String,
    cells: BTreeMap<String, Cell>,
    #[serde(default)]
    sentence: BTreeMap<String, Vec<f64>>,
}

#[derive(Debug, Deserialize)]
struct Cell {
    metric: String,
    kw: serde_json::Map<String, Value>,
    score: f64,
    signature: String,
    counts: Option<Vec<f64>>,
    totals: Option<Vec<f64>>,
    sys_len: Option<u64>,
    ref_len: Option<u64>,
    bp: Option<f64>,
    num_edits: Option<f64>,
    ref_length: Option<f64>,
}

const TOLERANCE: f64 = 1e-9;

fn golden(set: &str) -> Golden {
    let path = root().join("tests/golden").join(format!("{set}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (regenerate with tests/golden/regenerate.py)",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

fn kw_bool(kw: &serde_json::Map<String, Value>, k: &str) -> bool {
    kw.get(k).and_then(Value::as_bool).unwrap_or(false)
}

fn kw_usize(kw: &serde_json::Map<String, Value>, k: &str, default: usize) -> usize {
    kw.get(k)
        .and_then(Value::as_u64)
        .map_or(default, |v| v as usize)
}

/// The metric sacreBLEU's keyword arguments describe, built by the library's registry.
fn spec(metric: &str, kw: &serde_json::Map<String, Value>) -> MetricSpec {
    let text = |k: &str| kw.get(k).and_then(Value::as_str);
    let d = MetricOptions::default();
    let options = MetricOptions {
        tokenize: Some(text("tokenize").unwrap_or("13a").parse().unwrap()),
        target_language: None,
        lowercase: kw_bool(kw, "lowercase"),
        smooth_method: text("smooth_method").unwrap_or("exp").parse().unwrap(),
        smooth_value: kw.get("smooth_value").and_then(Value::as_f64),
        max_ngram_order: kw_usize(kw, "max_ngram_order", d.max_ngram_order),
        effective_order: kw_bool(kw, "effective_order"),
        chrf: ChrfConfig {
            char_order: kw_usize(kw, "char_order", d.chrf.char_order),
            word_order: kw_usize(kw, "word_order", d.chrf.word_order),
            beta: kw_usize(kw, "beta", d.chrf.beta as usize) as u32,
            lowercase: kw_bool(kw, "lowercase"),
            whitespace: kw_bool(kw, "whitespace"),
            eps_smoothing: kw_bool(kw, "eps_smoothing"),
        },
        ter: TerConfig {
            normalized: kw_bool(kw, "normalized"),
            no_punct: kw_bool(kw, "no_punct"),
            asian_support: kw_bool(kw, "asian_support"),
            case_sensitive: kw_bool(kw, "case_sensitive"),
        },
    };
    MetricSpec::from_name(metric, &options).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE
}

/// Compare every corpus cell of `metric` kind, every system of every set; collect all failures.
fn corpus_cells(metric_kind: &str) {
    let Some(shared) = shared() else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    for set in SETS {
        let g = golden(set);
        let corpus = CorpusDir {
            path: shared.join("corpora").join(set),
        }
        .load(&LoadOptions::default())
        .unwrap();
        let refs: Vec<String> = corpus.references.iter().map(|r| r.path.clone()).collect();
        let expected_refs: Vec<String> = g
            .references
            .iter()
            .map(|r| {
                shared
                    .join("corpora")
                    .join(set)
                    .join(r)
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(refs, expected_refs, "{set}: reference order");
        let first = g.systems.values().next().unwrap();
        for (cell_name, cell) in first.cells.iter().filter(|(_, c)| c.metric == metric_kind) {
            let m = spec(&cell.metric, &cell.kw);
            let result = run_metric(cell_name, &m, &corpus, false);
            let sig = result
                .signature
                .format(false)
                .replace(VERSION_FIELD, "2.6.0");
            if sig != cell.signature {
                failures.push(format!(
                    "{set} {cell_name}: signature {sig} != {}",
                    cell.signature
                ));
            }
            for (i, sys) in corpus.systems.iter().enumerate() {
                let gs = &g.systems[&sys.name];
                assert!(sys.path.ends_with(&gs.file), "{set}: system order");
                // Every cell covers every system: a missing one is a broken golden file.
                let Some(want) = gs.cells.get(cell_name) else {
                    failures.push(format!("{set} {} {cell_name}: no golden value", sys.name));
                    continue;
                };
                let got = &result.systems[i];
                checked += 1;
                if !close(got.score, want.score) {
                    failures.push(format!(
                        "{set} {} {cell_name}: score {} != {}",
                        sys.name, got.score, want.score
                    ));
                }
                match &got.details {
                    ScoreDetails::Bleu {
                        counts,
                        totals,
                        sys_len,
                        ref_len,
                        bp,
                        ..
                    } => {
                        // sacreBLEU's add-k adds the smoothing value to its own counts for n > 1.
                        let k = if matches!(&m, MetricSpec::Bleu(b) if b.config().smooth_method == SmoothMethod::AddK)
                        {
                            cell.kw
                                .get("smooth_value")
                                .and_then(Value::as_f64)
                                .unwrap_or(1.0)
                        } else {
                            0.0
                        };
                        let bump = |v: &[u64]| {
                            v.iter()
                                .enumerate()
                                .map(|(n, &c)| {
                                    c as f64 + if n > 0 && c_nonzero(counts) { k } else { 0.0 }
                                })
                                .collect::<Vec<_>>()
                        };
                        if Some(bump(counts)) != want.counts || Some(bump(totals)) != want.totals {
                            failures.push(format!(
                                "{set} {} {cell_name}: counts {counts:?}/{totals:?} != {:?}/{:?}",
                                sys.name, want.counts, want.totals
                            ));
                        }
                        if Some(*sys_len) != want.sys_len
                            || Some(*ref_len) != want.ref_len
                            || !close(*bp, want.bp.unwrap())
                        {
                            failures
                                .push(format!("{set} {} {cell_name}: lengths/bp differ", sys.name));
                        }
                    }
                    ScoreDetails::Ter {
                        num_edits,
                        ref_length,
                    } => {
                        if Some(*num_edits) != want.num_edits
                            || Some(*ref_length) != want.ref_length
                        {
                            failures.push(format!(
                                "{set} {} {cell_name}: edits {num_edits}/{ref_length} != {:?}/{:?}",
                                sys.name, want.num_edits, want.ref_length
                            ));
                        }
                    }
                    ScoreDetails::None {} | ScoreDetails::External { .. } => {}
                }
            }
        }
    }
    assert!(checked > 0, "no {metric_kind} cell found in the goldens");
    assert!(
        failures.is_empty(),
        "{} of {checked} {metric_kind} cells differ from sacreBLEU:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// sacreBLEU returns early (before add-k) when no n-gram matches at all.
fn c_nonzero(counts: &[u64]) -> bool {
    counts.iter().any(|&c| c > 0)
}

/// Compare sentence scores of every system that has them in the goldens.
fn sentence_cells(cells: &[(&str, &str, serde_json::Map<String, Value>)]) {
    let Some(shared) = shared() else { return };
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for set in SETS {
        let g = golden(set);
        let corpus = CorpusDir {
            path: shared.join("corpora").join(set),
        }
        .load(&LoadOptions::default())
        .unwrap();
        for (name, metric, kw) in cells {
            if !g.systems.values().any(|s| s.sentence.contains_key(*name)) {
                continue;
            }
            let result = run_metric(name, &spec(metric, kw), &corpus, true);
            for (i, sys) in corpus.systems.iter().enumerate() {
                let Some(want) = g.systems[&sys.name].sentence.get(*name) else {
                    continue;
                };
                let got = result.systems[i].sentence.as_ref().unwrap();
                assert_eq!(got.len(), want.len());
                for (j, (a, b)) in got.iter().zip(want).enumerate() {
                    checked += 1;
                    if !close(*a, *b) {
                        failures.push(format!(
                            "{set} {} {name} segment {}: {a} != {b}",
                            sys.name,
                            j + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no sentence golden found");
    let shown: Vec<_> = failures.iter().take(30).cloned().collect();
    assert!(
        failures.is_empty(),
        "{} of {checked} sentence scores differ:\n{}",
        failures.len(),
        shown.join("\n")
    );
}

fn kw(pairs: &[(&str, Value)]) -> serde_json::Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

#[test]
fn corpus_bleu_matches_sacrebleu_on_every_set_system_and_option() {
    corpus_cells("bleu");
}

#[test]
fn corpus_chrf_matches_sacrebleu_on_every_set_system_and_option() {
    corpus_cells("chrf");
}

#[test]
fn corpus_ter_matches_sacrebleu_on_every_set_system_and_option() {
    corpus_cells("ter");
}

#[test]
fn sentence_ter_matches_sacrebleu_on_every_segment() {
    sentence_cells(&[
        ("ter", "ter", kw(&[])),
        (
            "ter.asian",
            "ter",
            kw(&[("asian_support", Value::from(true))]),
        ),
    ]);
}

#[test]
fn sentence_bleu_and_chrf_match_sacrebleu_on_every_segment() {
    sentence_cells(&[
        ("bleu", "bleu", kw(&[])),
        ("bleu.zh", "bleu", kw(&[("tokenize", Value::from("zh"))])),
        ("chrf", "chrf", kw(&[])),
        ("chrf++", "chrf", kw(&[("word_order", Value::from(2))])),
    ]);
}

/// The `intl` tokenizer's classes must be the Python `regex` module's, code point by code point.
#[test]
fn intl_unicode_categories_match_python_regex() {
    let path = root().join("tests/golden/unicode/python_regex_categories.json");
    let cats: BTreeMap<String, Vec<[u32; 2]>> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut differences = Vec::new();
    for (cat, ranges) in &cats {
        let c0 = cat.chars().next().unwrap();
        let class =
            regex::Regex::new(&format!("^{}$", mtmeter::tokenize::intl_class(c0, false))).unwrap();
        let negated =
            regex::Regex::new(&format!("^{}$", mtmeter::tokenize::intl_class(c0, true))).unwrap();
        let py = |cp: u32| ranges.iter().any(|r| r[0] <= cp && cp <= r[1]);
        for cp in (0..0x110000u32).filter(|cp| !(0xD800..=0xDFFF).contains(cp)) {
            let mut buf = [0; 4];
            let s = char::from_u32(cp).unwrap().encode_utf8(&mut buf);
            let (is, is_not) = (class.is_match(s), negated.is_match(s));
            if is != py(cp) || is_not == is {
                differences.push(format!(
                    "U+{cp:04X} \\p{{{cat}}}: python {} rust {is} (negated {is_not})",
                    py(cp)
                ));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// Every tokenizer on 3,000 adversarial strings, against sacreBLEU's own output
/// (tests/golden/tokenizers.py).
#[test]
fn tokenizers_match_sacrebleu_on_adversarial_strings() {
    #[derive(Deserialize)]
    struct Cases {
        cases: Vec<BTreeMap<String, String>>,
    }
    let text = std::fs::read_to_string(root().join("tests/golden/tokenizers.json")).unwrap();
    let cases: Cases = serde_json::from_str(&text).unwrap();
    let tokenizers: Vec<_> = TokenizerKind::ALL
        .iter()
        .map(|k| (k.name(), k.build()))
        .collect();
    let mut failures = Vec::new();
    for case in &cases.cases {
        let input = &case["input"];
        if mtmeter::tokenize::text::py_lower(input) != case["lower"] {
            failures.push(format!(
                "lower({input:?}) = {:?}, Python {:?}",
                mtmeter::tokenize::text::py_lower(input),
                case["lower"]
            ));
        }
        for (name, tok) in &tokenizers {
            let got = tok.tokenize(input);
            if got != case[*name] {
                failures.push(format!(
                    "{name}({input:?}) = {got:?}, sacreBLEU {:?}",
                    case[*name]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Hand-picked edge cases; expected values printed by sacreBLEU 2.6.0's `sentence_score`
/// (BLEU with effective order, chrF, chrF++), e.g.
/// `BLEU(effective_order=True).sentence_score('... !!!', ['?? ...'])`.
#[test]
fn edge_cases_match_sacrebleu_sentence_scores() {
    let bleu = Bleu::new(BleuConfig {
        effective_order: true,
        ..BleuConfig::default()
    })
    .unwrap();
    let chrf = Chrf::new(ChrfConfig::default()).unwrap();
    let chrfpp = Chrf::new(ChrfConfig::chrf_plus_plus()).unwrap();
    /// hypothesis, references, BLEU, counts, totals, sys_len, ref_len, chrF, chrF++
    type Case<'a> = (
        &'a str,
        &'a [&'a str],
        f64,
        [u64; 4],
        [u64; 4],
        u64,
        u64,
        f64,
        f64,
    );
    #[rustfmt::skip]
    let cases: [Case; 5] = [
        // all punctuation
        ("!!! ... ???", &["!!! ... ???"], 100.00000000000004, [9, 8, 7, 6], [9, 8, 7, 6], 9, 9, 100.0, 100.0),
        ("... !!!", &["?? ..."], 30.213753973567677, [3, 2, 1, 0], [6, 5, 4, 3], 6, 5, 27.32044198895028, 31.48148148148148),
        // mixed scripts: Latin, Hebrew, CJK
        ("Der Hund שלום 中文 bellt.", &["Der Hund 中文 שלום bellt laut."], 18.084532109881547, [6, 1, 0, 0], [6, 5, 4, 3], 6, 7, 45.986714402005404, 47.67804981203159),
        // case differences are errors unless lowercasing
        ("ÉCOLE été", &["école Été"], 0.0, [0, 0, 0, 0], [2, 1, 0, 0], 2, 2, 10.714285714285714, 8.035714285714285),
        // three references of different lengths: closest is 3 (|5-3| < |5-8|)
        ("a b c d e", &["a b c", "a b c d e f g h", "x"], 100.00000000000004, [5, 4, 3, 2], [5, 4, 3, 2], 5, 3, 82.06106870229006, 83.70044052863437),
    ];
    use mtmeter::metrics::Metric;
    for (hyp, refs, bleu_score, counts, totals, sys_len, ref_len, chrf_score, chrfpp_score) in cases
    {
        let s = bleu.segment_stats(hyp, &bleu.prepare_references(refs));
        assert_eq!(
            (&s.matches[..4], &s.totals[..4], s.hyp_len, s.ref_len),
            (&counts[..], &totals[..], sys_len, ref_len),
            "{hyp:?}"
        );
        assert!(
            close(bleu.score(&s), bleu_score),
            "{hyp:?}: BLEU {} != {bleu_score}",
            bleu.score(&s)
        );
        let c = chrf.score(&chrf.segment_stats(hyp, &chrf.prepare_references(refs)));
        assert!(close(c, chrf_score), "{hyp:?}: chrF {c} != {chrf_score}");
        let c = chrfpp.score(&chrfpp.segment_stats(hyp, &chrfpp.prepare_references(refs)));
        assert!(
            close(c, chrfpp_score),
            "{hyp:?}: chrF++ {c} != {chrfpp_score}"
        );
    }
    let intl = Bleu::new(BleuConfig {
        tokenize: TokenizerKind::Intl,
        effective_order: true,
        ..BleuConfig::default()
    })
    .unwrap();
    let s = intl.segment_stats(
        "« Bonjour ! » dit-il, 3,5 €.",
        &intl.prepare_references(&["«Bonjour!» dit-il, 3,5 €."]),
    );
    assert!(close(intl.score(&s), 100.00000000000004));
    let lc = Bleu::new(BleuConfig {
        lowercase: true,
        effective_order: true,
        ..BleuConfig::default()
    })
    .unwrap();
    let s = lc.segment_stats(
        "ÉCOLE ÉTÉ İstanbul",
        &lc.prepare_references(&["école été i\u{307}stanbul"]),
    );
    assert!(close(lc.score(&s), 100.00000000000004));
}
