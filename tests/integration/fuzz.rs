//! Fuzzing the text loaders, every tokenizer, every metric's segment statistics and Hjerson
//! with arbitrary bytes and strings (proptest): no panic and no endless loop, on any input.
//!
//! Each target runs a bounded number of cases under a deadline (a case that hangs fails the
//! test instead of stalling CI); together they take a few seconds. Strings mix arbitrary code
//! points with the characters the code treats specially (spaces of every kind, line breaks,
//! combining marks, CJK, punctuation, `&`-entities, digits with separators), so that the
//! special paths are reached far more often than by uniform code points.

use std::sync::mpsc;
use std::time::Duration;

use mtmeter::analysis::{HjersonConfig, analyze_corpus};
use mtmeter::corpus::{Corpus, LoadOptions, Normalization, TextFile, decode_text, is_nfc_fast};
use mtmeter::metrics::{MetricOptions, MetricSpec, TerConfig};
use mtmeter::scoring::run_metric;
use mtmeter::tokenize::ter::TercomTokenizer;
use mtmeter::tokenize::{Tokenizer, TokenizerKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Run `f` on another thread and fail if it does not finish within `limit`.
fn within(limit: Duration, name: &str, f: impl FnOnce() + Send + 'static) {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        f();
        let _ = tx.send(());
    });
    match rx.recv_timeout(limit) {
        Ok(()) => handle.join().unwrap(),
        // The thread panicked: join to re-raise its panic (with proptest's minimal input).
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(e) = handle.join() {
                std::panic::resume_unwind(e)
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name}: still running after {limit:?}: an endless loop or a blow-up")
        }
    }
}

const DEADLINE: Duration = Duration::from_secs(120);

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// One character, often a special one.
fn character() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        4 => prop::char::range('a', 'z'),
        3 => prop::sample::select(vec![
            ' ', ' ', '\t', '\n', '\r', '\u{0b}', '\u{0c}', '\u{1c}', '\u{1f}', '\u{85}',
            '\u{a0}', '\u{2028}', '\u{3000}', '\u{feff}', '\u{200b}',
        ]),
        3 => prop::sample::select(vec![
            '.', ',', '-', '\'', '"', '&', ';', '<', '>', '!', '?', '(', ')', '$', '%', '/',
            '0', '1', '9', '«', '»', '—', '…', '。', '，', '、', '「', '」', '！', '？', '＄',
        ]),
        2 => prop::sample::select(vec![
            '\u{301}', '\u{300}', '\u{308}', '\u{327}', '\u{3099}', 'é', 'É', 'ß', 'İ', 'ﬁ',
            '北', '京', '中', 'の', 'カ', '한', 'ע', 'ب', '\u{1F600}', '２', 'Ａ',
        ]),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(character(), 0..max).prop_map(String::from_iter),
        // Entity-like and number-like fragments the 13a and intl tokenizers rewrite.
        2 => prop::collection::vec(
            prop::sample::select(vec![
                "&quot;", "&amp;", "&lt;", "&gt;", "&apos;", "<skipped>", "-\n", "1,000.5",
                "3.14", "U.S.", "e.g.", "a-b", "'s", "n't", " ", "\u{301}", "北京",
            ]),
            0..max / 4 + 1,
        )
        .prop_map(|v| v.concat()),
    ]
}

/// Bytes: arbitrary, or text with BOMs, NULs, stray continuation bytes and cut sequences.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => text(16).prop_map(String::into_bytes),
        2 => prop::collection::vec(any::<u8>(), 0..8),
        1 => prop::sample::select(vec![
            b"\xEF\xBB\xBF".to_vec(),
            b"\0".to_vec(),
            b"\r\n".to_vec(),
            b"\n".to_vec(),
            b"\r".to_vec(),
            b"\xC3".to_vec(),
            b"\x80".to_vec(),
            b"\xF0\x9F\x98".to_vec(),
            b"\xED\xA0\x80".to_vec(),
            b"\xFF\xFE".to_vec(),
        ]),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

#[test]
fn text_decoding_never_panics_and_either_splits_or_names_the_line() {
    within(DEADLINE, "decode_text", || {
        runner(1500)
            .run(&(bytes(), any::<bool>()), |(b, strip_bom)| {
                let opts = LoadOptions {
                    strip_bom,
                    ..LoadOptions::default()
                };
                let mut warnings = Vec::new();
                match decode_text(b.clone(), "f.txt", &opts, &mut warnings) {
                    Ok((text, spans)) => {
                        let body = if strip_bom {
                            b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b)
                        } else {
                            &b[..]
                        };
                        prop_assert_eq!(text.as_bytes(), body);
                        let lines: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
                        let want: Vec<&str> = if text.is_empty() {
                            Vec::new()
                        } else {
                            text.strip_suffix('\n')
                                .unwrap_or(&text)
                                .split('\n')
                                .collect()
                        };
                        prop_assert_eq!(lines, want);
                    }
                    Err(e) => {
                        let m = e.to_string();
                        prop_assert!(m.starts_with("f.txt:"), "{}", m);
                        prop_assert_eq!(m.lines().count(), 1);
                        // The line named exists in the file.
                        let line: usize = m["f.txt:".len()..]
                            .split(':')
                            .next()
                            .unwrap()
                            .parse()
                            .unwrap();
                        prop_assert!(line >= 1 && line <= b.split(|&c| c == b'\n').count());
                    }
                }
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn every_tokenizer_takes_any_string() {
    within(DEADLINE, "tokenizers", || {
        let mut tokenizers: Vec<Box<dyn Tokenizer>> =
            TokenizerKind::ALL.iter().map(|k| k.build()).collect();
        for bits in 0..16u8 {
            tokenizers.push(Box::new(TercomTokenizer::new(
                bits & 1 != 0,
                bits & 2 != 0,
                bits & 4 != 0,
                bits & 8 != 0,
            )));
        }
        runner(600)
            .run(&text(120), |s| {
                for t in &tokenizers {
                    let once = t.tokenize(&s);
                    // Tokenizing appends: what was in the buffer stays.
                    let mut out = String::from("x");
                    t.tokenize_into(&s, &mut out);
                    prop_assert_eq!(&out[1..], once.as_str(), "{}", t.signature());
                }
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn normalization_takes_any_string_and_is_idempotent() {
    within(DEADLINE, "normalization", || {
        runner(1000)
            .run(&text(80), |s| {
                for form in [Normalization::Nfc, Normalization::Nfkc] {
                    let once = form.apply(&s).into_owned();
                    let twice = form.apply(&once);
                    prop_assert_eq!(twice.as_ref(), once.as_str());
                    // NFKC text is in NFC too.
                    prop_assert!(is_nfc_fast(&once));
                }
                let nfc = Normalization::Nfc.apply(&s);
                prop_assert_eq!(is_nfc_fast(&s), nfc.as_ref() == s.as_str());
                Ok(())
            })
            .unwrap();
    });
}

fn file(name: &str, lines: &[String]) -> TextFile {
    TextFile::new(name, name, lines.iter().cloned())
}

/// A test set of 1 to 4 segments with one or two references.
fn segments() -> impl Strategy<Value = (Vec<String>, Vec<String>, Vec<String>)> {
    (1usize..4).prop_flat_map(|n| {
        (
            prop::collection::vec(text(60), n),
            prop::collection::vec(text(60), n),
            prop::collection::vec(text(60), n),
        )
    })
}

fn corpus(r1: &[String], r2: &[String], hyp: &[String], two_refs: bool) -> Corpus {
    let mut references = vec![file("r1", r1)];
    if two_refs {
        references.push(file("r2", r2));
    }
    Corpus {
        references,
        systems: vec![file("sys", hyp), file("copy", r1)],
        ..Corpus::default()
    }
}

#[test]
fn every_metric_scores_any_strings() {
    within(DEADLINE, "metrics", || {
        let mut specs: Vec<(&str, MetricSpec)> = Vec::new();
        for kind in TokenizerKind::ALL {
            for lowercase in [false, true] {
                let o = MetricOptions {
                    tokenize: Some(kind),
                    lowercase,
                    ..MetricOptions::default()
                };
                specs.push(("bleu", MetricSpec::from_name("bleu", &o).unwrap()));
            }
        }
        for key in ["chrf", "chrf++"] {
            for whitespace in [false, true] {
                let mut o = MetricOptions::default();
                o.chrf.whitespace = whitespace;
                specs.push((key, MetricSpec::from_name(key, &o).unwrap()));
            }
        }
        for bits in 0..16u8 {
            let o = MetricOptions {
                ter: TerConfig {
                    normalized: bits & 1 != 0,
                    no_punct: bits & 2 != 0,
                    asian_support: bits & 4 != 0,
                    case_sensitive: bits & 8 != 0,
                },
                ..MetricOptions::default()
            };
            specs.push(("ter", MetricSpec::from_name("ter", &o).unwrap()));
        }
        runner(120)
            .run(&(segments(), any::<bool>()), |((r1, r2, hyp), two)| {
                let c = corpus(&r1, &r2, &hyp, two);
                for (key, spec) in &specs {
                    let r = run_metric(key, spec, &c, true);
                    prop_assert_eq!(r.systems.len(), 2);
                    for sys in &r.systems {
                        prop_assert_eq!(sys.rows.len(), r1.len() * r.row_width);
                        prop_assert!(sys.rows.iter().all(|x| x.is_finite()));
                    }
                }
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn hjerson_classifies_any_pair() {
    within(DEADLINE, "hjerson", || {
        let configs: Vec<HjersonConfig> = TokenizerKind::ALL
            .iter()
            .map(|&tokenize| HjersonConfig {
                tokenize,
                ..HjersonConfig::default()
            })
            .collect();
        runner(120)
            .run(&(segments(), any::<bool>()), |((r1, r2, hyp), two)| {
                let c = corpus(&r1, &r2, &hyp, two);
                for config in &configs {
                    let report = analyze_corpus(&c, config, None);
                    prop_assert!(report.is_ok(), "{:?}", report.err());
                }
                Ok(())
            })
            .unwrap();
    });
}
