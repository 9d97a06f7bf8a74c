//! Huge input lines: every metric and `analyze` either succeed with the right result or refuse
//! with one error line naming file, line and limit (exit 2), under a 2 GB address-space limit
//! and a wall-clock guard — never an allocation abort (exit 134), never hours of work.
//!
//! The line pairs are generated here into a temporary folder (never committed): news-like
//! words and punctuation from a fixed vocabulary, the hypothesis the reference with every
//! 17th word replaced by a word the reference never uses, so that TER has exact edits to find.

use std::path::Path;
use std::process::Command;

/// Address space of every run: 2 GB (`ulimit -v` counts KiB).
const ULIMIT_KB: u64 = 2_097_152;
/// Wall-clock guard of every run (`timeout`, exit 124): generous for a 2-core CI machine
/// running an opt-level-1 binary.
const GUARD_SECONDS: u64 = 600;

const VOCABULARY: &[&str] = &[
    "the",
    "government",
    "said",
    "on",
    "Tuesday",
    "that",
    "it",
    "would",
    "not",
    "allow",
    "new",
    "talks",
    "before",
    "elections",
    "in",
    "March",
    ",",
    ".",
    "and",
    "a",
    "spokesman",
    "for",
    "ministry",
    "added",
    "(",
    ")",
    "was",
    "expected",
    "to",
    "announce",
    "measures",
    "of",
    "economy",
    "after",
    "months",
    "growth",
    "slowed",
    "while",
    "prices",
    "rose",
    "by",
    "3.5",
    "%",
    "last",
    "year",
    "according",
    "figures",
    "published",
    "agency",
    "\"",
    "we",
    "are",
    "ready",
    "he",
    "told",
    "reporters",
    "city",
    "council",
    "voted",
    "against",
    "plan",
    "build",
    "bridge",
    "river",
    "which",
    "cost",
    "million",
    "euros",
    "residents",
    "protested",
    "weeks",
    "police",
    "arrested",
    "two",
    "men",
    "suspected",
    "robbery",
    "bank",
    "centre",
    "Friday",
];

/// Deterministic words (a linear congruential generator): `bytes` bytes of reference text and
/// its hypothesis with `edits` substituted words (`UNSEEN{k}`, never in the reference).
fn line_pair(bytes: usize) -> (String, String, usize, usize) {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let (mut reference, mut hypothesis) = (String::new(), String::new());
    let (mut words, mut edits) = (0, 0);
    while reference.len() < bytes {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let w = VOCABULARY[(state >> 33) as usize % VOCABULARY.len()];
        if words > 0 {
            reference.push(' ');
            hypothesis.push(' ');
        }
        reference.push_str(w);
        if words % 17 == 16 {
            hypothesis.push_str(&format!("UNSEEN{edits}"));
            edits += 1;
        } else {
            hypothesis.push_str(w);
        }
        words += 1;
    }
    reference.push('\n');
    hypothesis.push('\n');
    (reference, hypothesis, words, edits)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `mtmeter ARGS` in `dir` under `ulimit -v` and the wall-clock guard.
fn mtmeter_limited(dir: &Path, args: &[&str]) -> Run {
    let script = format!("ulimit -v {ULIMIT_KB}; exec timeout {GUARD_SECONDS} \"$0\" \"$@\"");
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_mtmeter"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sh runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_ne!(run.code, 124, "mtmeter {args:?} ran past {GUARD_SECONDS} s");
    assert!(
        run.code == 0 || run.code == 2,
        "mtmeter {args:?} exited {} (134: allocation abort): {}",
        run.code,
        run.stderr
    );
    run
}

/// The one error line of a refused run, checked for file, line and limit.
fn assert_refused(run: &Run, file: &str, limit: &str) {
    assert_eq!(run.code, 2, "expected a refusal: {}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one error line, got: {}", run.stderr);
    assert!(
        lines[0].starts_with(&format!("mtmeter: error: {file}:1: segment of "))
            && lines[0].contains(limit),
        "{}",
        lines[0]
    );
    assert!(
        run.stdout.is_empty(),
        "nothing printed on refusal: {}",
        run.stdout
    );
}

fn write_pair(bytes: usize) -> (tempfile::TempDir, usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let (r, h, words, edits) = line_pair(bytes);
    std::fs::write(dir.path().join("ref.txt"), r).unwrap();
    std::fs::write(dir.path().join("hyp.txt"), h).unwrap();
    (dir, words, edits)
}

fn score_only(dir: &Path, metric: &str, extra: &[&str]) -> Run {
    let mut args = vec!["score", "ref.txt", "-i", "hyp.txt", "-m", metric, "-b"];
    args.extend_from_slice(extra);
    mtmeter_limited(dir, &args)
}

fn number(run: &Run) -> f64 {
    run.stdout
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a score, got {:?} / {}", run.stdout, run.stderr))
}

/// The library's scores of the same pair, in this process and without the address-space
/// limit: the command line must print these, whatever path the long line took.
fn library_score(dir: &Path, metric: &str) -> f64 {
    use mtmeter::metrics::{MetricOptions, MetricSpec};
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let (r, h) = (read("ref.txt"), read("hyp.txt"));
    let corpus = mtmeter::corpus::Corpus {
        references: vec![mtmeter::corpus::TextFile::new(
            "ref",
            "ref.txt",
            [r.trim_end()],
        )],
        systems: vec![mtmeter::corpus::TextFile::new(
            "hyp",
            "hyp.txt",
            [h.trim_end()],
        )],
        ..Default::default()
    };
    let spec = MetricSpec::from_name(metric, &MetricOptions::default()).unwrap();
    mtmeter::scoring::run_metric(metric, &spec, &corpus, false).systems[0].score
}

fn rounded(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[test]
fn ten_megabyte_line_pair_is_scored_or_refused_under_two_gigabytes() {
    let (dir, words, _) = write_pair(10_000_000);
    let dir = dir.path();
    assert!(words > 1_000_000);
    for metric in ["bleu", "chrf", "chrf++"] {
        let expected = rounded(library_score(dir, metric));
        assert!(expected > 0.0 && expected < 100.0, "{metric}: {expected}");
        assert_eq!(number(&score_only(dir, metric, &[])), expected, "{metric}");
        // One segment: its sentence score is the corpus score (BLEU: with effective order,
        // which changes nothing when every order has matches).
        let run = mtmeter_limited(
            dir,
            &[
                "score",
                "ref.txt",
                "-i",
                "hyp.txt",
                "-m",
                metric,
                "--sentence-level",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.contains(&format!("{expected}")),
            "{metric}: {}",
            run.stdout
        );
    }
    // TER and the error analysis refuse, naming the first file with the line (the reference).
    assert_refused(
        &score_only(dir, "ter", &[]),
        "ref.txt",
        "exceeds TER's limit of 250,000 words",
    );
    assert_refused(
        &score_only(dir, "ter", &["--sentence-level"]),
        "ref.txt",
        "exceeds TER's limit of 250,000 words",
    );
    assert_refused(
        &mtmeter_limited(dir, &["analyze", "ref.txt", "-i", "hyp.txt"]),
        "ref.txt",
        "exceeds Hjerson's limit of 60,000 words",
    );
    // `evaluate` with BLEU and chrF only (no TER, no error analysis): the whole report, with
    // its paired test against a second system (a copy of the first).
    std::fs::copy(dir.join("hyp.txt"), dir.join("hyp2.txt")).unwrap();
    let run = mtmeter_limited(
        dir,
        &[
            "evaluate",
            "ref.txt",
            "-i",
            "hyp.txt",
            "hyp2.txt",
            "-m",
            "bleu",
            "chrf",
            "--no-analysis",
            "--out",
            "report",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("report/report.json").is_file());
}

#[test]
fn three_hundred_kilobyte_line_pair_is_scored_by_ter_and_analyzed() {
    let (dir, words, edits) = write_pair(300_000);
    let dir = dir.path();
    // Substitutions only, same length: TER finds exactly them (no shift can help, as the
    // substituted words occur nowhere in the reference).
    let ter = number(&score_only(dir, "ter", &[]));
    assert_eq!(ter, rounded(100.0 * edits as f64 / words as f64));
    assert_eq!(ter, rounded(library_score(dir, "ter")));
    let run = mtmeter_limited(
        dir,
        &["analyze", "ref.txt", "-i", "hyp.txt", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let counts = &json["systems"][0]["totals"]["counts"];
    assert_eq!(counts["wer"], edits as u64, "{counts}");
    assert_eq!(counts["hypothesis_length"], words as u64);
}

/// The limits are checked by the library, before scoring, as typed errors.
#[test]
fn library_refuses_long_segments_with_file_and_line() {
    use mtmeter::metrics::{MetricError, MetricOptions, MetricSpec};
    let long = "w ".repeat(250_001);
    let corpus = mtmeter::corpus::Corpus {
        references: vec![mtmeter::corpus::TextFile::new(
            "r",
            "r.txt",
            ["a b", long.trim_end()],
        )],
        systems: vec![mtmeter::corpus::TextFile::new("h", "h.txt", ["a b", "a"])],
        ..Default::default()
    };
    let ter = MetricSpec::from_name("ter", &MetricOptions::default()).unwrap();
    let err = ter.check_lengths(&corpus).unwrap_err();
    assert!(
        matches!(&err, MetricError::SegmentTooLong { path, line: 2, words: 250_001, limit: 250_000, .. } if path == "r.txt"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "r.txt:2: segment of 250,001 words exceeds TER's limit of 250,000 words (its shift search repeats the edit distance up to 1000 times); split the line or leave TER out"
    );
    let bleu = MetricSpec::from_name("bleu", &MetricOptions::default()).unwrap();
    assert!(bleu.check_lengths(&corpus).is_ok());
    let analysis = mtmeter::analysis::analyze_corpus(
        &corpus,
        &mtmeter::analysis::HjersonConfig::default(),
        None,
    );
    assert!(
        matches!(
            analysis,
            Err(mtmeter::analysis::AnalysisError::SegmentTooLong {
                line: 2,
                words: 250_001,
                ..
            })
        ),
        "{analysis:?}"
    );
}
