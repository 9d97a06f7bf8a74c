//! `--scores NAME=FILE`: segment scores from other tools (COMET, MetricX, BLEURT) as a metric.
//!
//! Golden numbers: `tests/golden/scores/scores.json`, from `scores.py`, which runs sacreBLEU
//! 2.6.0's own `PairedTest` and `_bootstrap_resample` on a sacreBLEU metric whose statistics are
//! `[score, 1]` per segment (real values: sentence chrF of wmt21bio.en-fr systems written as
//! COMET-, MetricX- and BLEURT-like files). The files' text is in the JSON, so these tests need
//! no shared corpus: the systems' text plays no part in an external metric.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mtmeter::corpus::{Corpus, TextFile};
use mtmeter::evaluation::{Request, SignificanceRequest, SignificanceTest, evaluate};
use mtmeter::gate::{Baseline, GateOptions, MetricThresholds, Status, check};
use mtmeter::metrics::external::{ScoresRequest, ScoresSource};
use mtmeter::metrics::{External, MetricSpec};
use serde_json::Value;

fn golden() -> Value {
    let path = crate::common::root().join("tests/golden/scores/scores.json");
    serde_json::from_str(&std::fs::read_to_string(&path).expect("scores.json")).unwrap()
}

fn systems(g: &Value) -> Vec<String> {
    g["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// Write a metric's files into `dir/<system>.txt`; returns the folder.
fn write_files(dir: &Path, metric: &Value, names: &[String]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for s in names {
        let lines: Vec<&str> = metric["files"][s]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        std::fs::write(dir.join(format!("{s}.txt")), lines.join("\n") + "\n").unwrap();
    }
    dir.to_owned()
}

/// A test set of `n` segments whose systems are named `names` (text irrelevant here).
fn corpus(names: &[String], n: usize) -> Corpus {
    let lines: Vec<String> = (0..n).map(|i| format!("segment {i}")).collect();
    Corpus {
        references: vec![TextFile::new(
            "ref",
            "ref.txt",
            lines.iter().map(String::as_str),
        )],
        systems: names
            .iter()
            .map(|s| TextFile::new(s, format!("{s}.txt"), lines.iter().map(String::as_str)))
            .collect(),
        ..Corpus::default()
    }
    .validated()
    .unwrap()
}

fn close(got: Option<f64>, want: &Value, ctx: &str) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-9, "{ctx}: {a} vs {b}"),
        (a, b) => panic!("{ctx}: {a:?} vs {b:?}"),
    }
}

fn load(name: &str, folder: &Path, names: &[String], n: usize) -> External {
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    External::load(
        &ScoresRequest {
            name: name.into(),
            source: ScoresSource::Folder {
                path: folder.to_owned(),
                field: None,
            },
            scale: None,
            higher_is_better: None,
        },
        &refs,
        n,
    )
    .unwrap()
}

/// Paired bootstrap, paired AR (with and without bootstrap intervals) and `--confidence` on
/// external scores give sacreBLEU's p-values, means and half-widths.
#[test]
fn significance_equals_sacrebleu_on_a_mean_metric() {
    let g = golden();
    let names = systems(&g);
    let tmp = tempfile::tempdir().unwrap();
    let mut compared = 0;
    for (name, m) in g["metrics"].as_object().unwrap() {
        let n = m["files"][&names[0]].as_array().unwrap().len();
        let folder = write_files(&tmp.path().join(name), m, &names);
        let ext = load(name, &folder, &names, n);
        assert_eq!(ext.scale(), m["scale"].as_f64().unwrap(), "{name}");
        let c = corpus(&names, n);
        for (block, test, ar_ci) in [
            ("paired_bs", SignificanceTest::PairedBootstrap, None),
            (
                "paired_ar",
                SignificanceTest::PairedApproximateRandomization,
                None,
            ),
            (
                "paired_ar_ci",
                SignificanceTest::PairedApproximateRandomization,
                Some(1000),
            ),
            ("confidence", SignificanceTest::Confidence, None),
        ] {
            let mut sig = SignificanceRequest::new(test);
            sig.ar_confidence = ar_ci;
            let r = evaluate(
                &c,
                &Request {
                    external: vec![ext.clone()],
                    significance: Some(sig),
                    ..Request::default()
                },
            )
            .unwrap();
            let me = &r.metrics[0];
            assert_eq!(me.key, *name);
            for (s, sys) in names.iter().enumerate() {
                let ctx = format!("{name} {block} {sys}");
                let want = if block == "confidence" {
                    &m["confidence"][sys]
                } else {
                    let w = &m[block][s];
                    assert_eq!(w["system"], *sys);
                    close(me.systems[s].p_value.value(), &w["p_value"], &ctx);
                    w
                };
                close(Some(me.score(s)), &want["score"], &ctx);
                close(
                    me.systems[s].confidence.map(|c| c.mean),
                    &want["mean"],
                    &ctx,
                );
                close(
                    me.systems[s].confidence.map(|c| c.half_width),
                    &want["ci"],
                    &ctx,
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 3 * 4 * 5);
}

fn bin() -> Command {
    Command::cargo_bin("mtmeter").unwrap()
}

/// Reference and system files for the CLI (text is irrelevant to the external metric).
fn text_files(dir: &Path, names: &[String], n: usize) -> (PathBuf, Vec<PathBuf>) {
    let body: String = (0..n).map(|i| format!("segment {i}\n")).collect();
    let r = dir.join("ref.fr");
    std::fs::write(&r, &body).unwrap();
    let sys = names
        .iter()
        .map(|s| {
            let p = dir.join(format!("{s}.fr"));
            std::fs::write(&p, &body).unwrap();
            p
        })
        .collect();
    (r, sys)
}

/// `score --scores NAME=FOLDER -f json`: the metric's key, name, direction, signature (with
/// the scale) and the paired-bootstrap p-values, as the library computed them.
#[test]
fn score_json_shows_the_metric_like_the_others() {
    let g = golden();
    let names = systems(&g);
    let tmp = tempfile::tempdir().unwrap();
    let m = &g["metrics"]["metricx24"];
    let n = m["files"][&names[0]].as_array().unwrap().len();
    let folder = write_files(&tmp.path().join("mx"), m, &names);
    let (r, sys) = text_files(tmp.path(), &names, n);
    let out = bin()
        .arg("score")
        .arg(&r)
        .arg("-i")
        .args(&sys)
        .arg("-m")
        .arg("chrf")
        .arg(format!("--scores=metricx24={}", folder.display()))
        .args(["--paired-bs", "-f", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = serde_json::to_string(&v).unwrap();
    assert!(
        text.contains("metric:metricx24|agg:mean|scale:1|"),
        "{text}"
    );
    assert!(text.contains("\"higher_is_better\":false"), "{text}");
    // Both p-values against the baseline appear, sacreBLEU's.
    for (s, w) in m["paired_bs"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .skip(1)
    {
        let p = w["p_value"].as_f64().unwrap();
        assert!(
            text.contains(&serde_json::to_string(&p).unwrap()),
            "{s}: {p}"
        );
    }
    // -b: one line per system, chrF then the external score.
    let out = bin()
        .arg("score")
        .arg(&r)
        .arg("-i")
        .args(&sys)
        .args(["-m", "chrf", "-b", "-w", "4"])
        .arg(format!("--scores=metricx24={}", folder.display()))
        .output()
        .unwrap();
    assert!(out.status.success());
    let first = String::from_utf8(out.stdout).unwrap();
    let want = format!("{:.4}", m["paired_bs"][0]["score"].as_f64().unwrap());
    assert!(first.lines().next().unwrap().ends_with(&want), "{first}");
}

/// A missing, extra, non-numeric or non-finite line is one line naming file and line, exit 2,
/// nothing on standard output.
#[test]
fn bad_score_files_are_refused_naming_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    let names = vec!["a".to_owned()];
    let (r, sys) = text_files(tmp.path(), &names, 3);
    for (body, want) in [
        ("0.1\n0.2\n", "a.comet:3: missing score"),
        ("0.1\n0.2\n0.3\n0.4\n", "a.comet:4: extra score"),
        ("0.1\nx\n0.3\n", "a.comet:2: \"x\" is not a number"),
        (
            "0.1\nnan\n0.3\n",
            "a.comet:2: \"nan\" is not a finite number",
        ),
        (
            "0.1\n-inf\n0.3\n",
            "a.comet:2: \"-inf\" is not a finite number",
        ),
    ] {
        let f = tmp.path().join("a.comet");
        std::fs::write(&f, body).unwrap();
        let out = bin()
            .arg("score")
            .arg(&r)
            .arg("-i")
            .args(&sys)
            .arg(format!("--scores=comet22={}", f.display()))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{body:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(want), "{body:?}: {err}");
    }
    // Wrong number of files for the systems.
    let names = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
    let (r, sys) = text_files(tmp.path(), &names, 3);
    let f = tmp.path().join("a.comet");
    std::fs::write(&f, "0.1\n0.2\n0.3\n").unwrap();
    let out = bin()
        .arg("score")
        .arg(&r)
        .arg("-i")
        .args(&sys)
        .arg(format!("--scores=comet22={}", f.display()))
        .arg(format!("--scores=comet22={}", f.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("2 score files for 3 systems"), "{err}");
}

/// The gate on external scores: a stored baseline with per-segment values, a candidate that
/// lost 0.6 COMET points fails (COMET-22's calibrated 0.35-point threshold), an equal one
/// passes; an uncalibrated name needs explicit thresholds.
#[test]
fn gate_fails_a_comet_regression_and_passes_an_equal_candidate() {
    let n = 400;
    let names = |s: &str| vec![s.to_owned()];
    // Deterministic, varied segment scores around 0.8.
    let base: Vec<f64> = (0..n)
        .map(|i| 0.8 + 0.1 * (((i * 7919) % 101) as f64 / 100.0 - 0.5))
        .collect();
    let worse: Vec<f64> = base
        .iter()
        .enumerate()
        .map(|(i, v)| v - if i % 2 == 0 { 0.012 } else { 0.0 })
        .collect();
    let ext = |name: &str, sys: &str, v: &[f64]| {
        External::new(
            name,
            None,
            None,
            vec![mtmeter::metrics::external::SystemScores {
                system: sys.into(),
                values: v.to_vec(),
            }],
        )
        .unwrap()
    };
    let base_corpus = corpus(&names("base"), n);
    let spec = MetricSpec::External(ext("comet22", "base", &base));
    let result = mtmeter::scoring::run_metric("comet22", &spec, &base_corpus, false);
    let baseline = Baseline::from_results("t", &base_corpus, 0, &[result]).unwrap();
    // The baseline keeps every segment's value, and survives its file format.
    let stored = &baseline.metrics[0];
    assert_eq!(stored.row_width, 2);
    assert_eq!(stored.statistics.0[3], vec![base[3], 1.0]);
    let baseline = Baseline::from_bytes(&baseline.to_bytes(false).unwrap(), "b.json").unwrap();

    let run = |sys: &str, v: &[f64], name: &str, opts: &GateOptions| {
        let c = corpus(&names(sys), n);
        let specs = vec![(name.to_owned(), MetricSpec::External(ext(name, sys, v)))];
        check(&baseline, &c, &specs, opts)
    };
    let opts = GateOptions::default();
    let r = run("cand", &worse, "comet22", &opts).unwrap();
    let m = &r.metrics[0];
    assert!((m.delta - -0.6).abs() < 1e-9, "{}", m.delta);
    assert_eq!(
        m.thresholds,
        MetricThresholds {
            fail: 0.35,
            warn: 0.18
        }
    );
    assert!(m.p_value < 0.05);
    assert!(m.agreement.unwrap() > 70.0);
    assert_eq!(r.decision, Status::Fail);
    let r = run("cand", &base, "comet22", &opts).unwrap();
    assert_eq!(r.decision, Status::Pass);
    assert_eq!(r.metrics[0].delta, 0.0);

    // A name the calibration does not know: refused without thresholds, decided with them.
    let mut base_mx = base_corpus.clone();
    base_mx.systems[0].name = "base".into();
    let spec = MetricSpec::External(ext("mycomet", "base", &base));
    let result = mtmeter::scoring::run_metric("mycomet", &spec, &base_mx, false);
    let b2 = Baseline::from_results("t", &base_mx, 0, &[result]).unwrap();
    let c = corpus(&names("cand"), n);
    let specs = vec![(
        "mycomet".to_owned(),
        MetricSpec::External(ext("mycomet", "cand", &worse)),
    )];
    let e = check(&b2, &c, &specs, &opts).unwrap_err();
    assert!(
        e.to_string()
            .contains("mycomet has no calibrated thresholds"),
        "{e}"
    );
    let mut opts = GateOptions::default();
    opts.thresholds.insert(
        "mycomet".into(),
        MetricThresholds {
            fail: 1.0,
            warn: 0.5,
        },
    );
    let r = check(&b2, &c, &specs, &opts).unwrap();
    assert_eq!(r.decision, Status::Warn);
    assert_eq!(r.metrics[0].agreement, None);
}

/// The CLI gate: `baseline --scores` stores the values, `check` without the candidate's scores
/// is refused (exit 2) naming the flag, and with a worse candidate fails (exit 1).
#[test]
fn cli_gate_needs_the_candidates_scores_and_fails_a_drop() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = crate::common::root().join("corpora/demo");
    let n = 178;
    let good: String = (0..n)
        .map(|i| format!("{}\n", 0.80 + 0.001 * (i % 50) as f64))
        .collect();
    let bad: String = (0..n)
        .map(|i| format!("{}\n", 0.79 + 0.001 * (i % 50) as f64))
        .collect();
    let (g, b) = (tmp.path().join("a.comet"), tmp.path().join("c.comet"));
    std::fs::write(&g, good).unwrap();
    std::fs::write(&b, bad).unwrap();
    let base = tmp.path().join("base.json");
    let out = bin()
        .args(["baseline", "--corpus"])
        .arg(&demo)
        .args(["--system", "neural-a", "-m", "chrf", "-o"])
        .arg(&base)
        .arg(format!("--scores=comet22={}", g.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = |scores: Option<&Path>| {
        let mut c = bin();
        c.args(["check", "--baseline"])
            .arg(&base)
            .arg("--corpus")
            .arg(&demo)
            .args(["--system", "neural-a"]);
        if let Some(s) = scores {
            c.arg(format!("--scores=comet22={}", s.display()));
        }
        c.output().unwrap()
    };
    let out = check(None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--scores comet22=FILE"));
    let out = check(Some(&g));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = check(Some(&b));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("comet22 fail by 1.00"));
}

/// Scores without a calibration (bleurt20) need both thresholds: one alone is refused on one
/// line (its other half used to be BLEU's number, in BLEU's points), both decide; a name of
/// sacreBLEU's (chrF2) cannot be taken by scores from elsewhere.
#[test]
fn cli_gate_wants_both_thresholds_of_an_uncalibrated_metric() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = crate::common::root().join("corpora/demo");
    let values = |base: f64| -> String {
        (0..178)
            .map(|i| format!("{}\n", base + 0.001 * (i % 50) as f64))
            .collect()
    };
    let (g, b) = (tmp.path().join("a.bleurt"), tmp.path().join("c.bleurt"));
    std::fs::write(&g, values(0.60)).unwrap();
    std::fs::write(&b, values(0.59)).unwrap();
    let base = tmp.path().join("base.json");
    let out = bin()
        .args(["baseline", "--corpus"])
        .arg(&demo)
        .args(["--system", "neural-a", "-m", "chrf", "-o"])
        .arg(&base)
        .arg(format!("--scores=bleurt20={}", g.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = |thresholds: &[&str]| {
        bin()
            .args(["check", "--baseline"])
            .arg(&base)
            .arg("--corpus")
            .arg(&demo)
            .args(["--system", "neural-a"])
            .arg(format!("--scores=bleurt20={}", b.display()))
            .args(thresholds)
            .output()
            .unwrap()
    };
    for (one, says) in [
        ("--fail-threshold", "only a fail threshold is given"),
        ("--warn-threshold", "only a warn threshold is given"),
    ] {
        let out = check(&[one, "bleurt20=2"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{one}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(
            stderr.contains("bleurt20 has no calibrated thresholds"),
            "{stderr}"
        );
    }
    // A drop of 1 point (BLEURT × 100): past warn 0.5, short of fail 2.
    let out = check(&[
        "--fail-threshold",
        "bleurt20=2",
        "--warn-threshold",
        "bleurt20=0.5",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("bleurt20 warn"), "{stdout}");
    let out = bin()
        .args(["score", "corpora/demo/references/ref.fr", "-i"])
        .arg(demo.join("systems/neural-a.fr"))
        .arg(format!("--scores=chrF2={}", g.display()))
        .current_dir(crate::common::root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("\"chrF2\" is a built-in metric"),
        "{stderr}"
    );
}
