//! `mtmeter evaluate`: the report folder, its numbers against `score`, and its refusals.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{data, root, shared};

fn mtmeter() -> Command {
    Command::cargo_bin("mtmeter").unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn evaluate(corpus: &Path, out: &Path) {
    mtmeter()
        .args(["evaluate", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// The numbers of report.json are those of `score --paired-bs` (the same library call), and
/// its hashes are the files' contents.
fn report_equals_score(corpus: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    evaluate(corpus, &out);
    let report = read_json(&out.join("report.json"));
    assert_eq!(report["schema"], "mtmeter.report/1");
    let score = mtmeter()
        .args(["score", "--corpus"])
        .arg(corpus)
        .args(["-m", "bleu", "chrf", "ter", "--paired-bs", "-f", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let score: Value = serde_json::from_slice(&score).unwrap();
    let systems = score["systems"].as_array().unwrap();
    assert_eq!(report["systems"].as_array().unwrap().len(), systems.len());
    for (m, key) in ["bleu", "chrf", "ter"].iter().enumerate() {
        let metric = &report["metrics"][m];
        assert_eq!(metric["key"], *key);
        for (s, sys) in systems.iter().enumerate() {
            let want = &sys["metrics"][*key];
            let got = &metric["systems"][s];
            assert_eq!(got["score"], want["score"], "{key} {}", sys["name"]);
            let p = if s == 0 {
                Value::Null
            } else {
                want["p_value"].clone()
            };
            assert_eq!(got["p_value"], p, "{key} {}", sys["name"]);
            assert_eq!(
                metric["signature"], want["signature"],
                "signatures are the same string"
            );
            // Pairwise p-values against the baseline are the paired test's.
            assert_eq!(metric["pairwise"][0][s], p);
        }
    }
    for (file, digest) in std::iter::once(&report["test_set"]["references"][0])
        .chain(report["systems"].as_array().unwrap())
        .map(|f| (f["path"].as_str().unwrap(), f["sha256"].as_str().unwrap()))
    {
        let text = std::fs::read_to_string(file).unwrap();
        let mut h = Sha256::new();
        for line in text.split_terminator('\n') {
            h.update(line.trim_end_matches('\r').as_bytes());
            h.update(b"\n");
        }
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, digest, "{file}");
    }
}

#[test]
fn demo_report_has_every_file_and_the_numbers_of_score() {
    let demo = root().join("corpora/demo");
    report_equals_score(&demo);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    evaluate(&demo, &out);
    for f in ["index.html", "report.json", "summary.md"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let charts: Vec<String> = std::fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for stem in [
        "scores-bleu",
        "delta-bleu",
        "error-rates",
        "length-buckets-bleu",
        "frequency-buckets",
        "sentence-distribution-chrf2",
    ] {
        for ext in ["png", "svg"] {
            assert!(
                charts.contains(&format!("{stem}.{ext}")),
                "{stem}.{ext} in {charts:?}"
            );
        }
    }
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary.contains("| neural-a (baseline) |"), "{summary}");
    let report = read_json(&out.join("report.json"));
    // Every segment of every system has its sentence scores and Hjerson labels.
    assert_eq!(report["segments"][0].as_array().unwrap().len(), 178);
    assert!(report["segments"][3][0]["analysis"]["hypothesis_labels"].is_array());
    // neural-a and neural-c are not significantly different: one cluster holds both.
    let bleu_clusters = &report["metrics"][0]["clusters"];
    assert_eq!(bleu_clusters[0], serde_json::json!([0, 2]));
    // Human agreement: BLEU and chrF have one, TER none.
    assert!(report["metrics"][0]["systems"][1]["agreement"].is_f64());
    assert!(report["metrics"][2]["systems"][1]["agreement"].is_null());
}

#[test]
fn report_numbers_equal_score_on_a_real_test_set() {
    let Some(shared) = shared() else { return };
    report_equals_score(&shared.join("corpora/wmt22.de-fr"));
}

#[test]
fn a_folder_that_is_not_a_report_is_never_replaced() {
    let demo = root().join("corpora/demo");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    let assert = mtmeter()
        .args(["evaluate", "--corpus"])
        .arg(&demo)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("is not a previous mtmeter report"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );
    // Nothing is left beside it either.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_previous_report_is_replaced_whole() {
    let demo = root().join("corpora/demo");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    evaluate(&demo, &out);
    std::fs::write(out.join("charts/stale.png"), "old").unwrap();
    evaluate(&demo, &out);
    assert!(!out.join("charts/stale.png").exists());
    assert!(out.join("index.html").is_file());
    // No temporary folder is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o755);
        let mode = std::fs::metadata(out.join("report.json"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode & 0o044, 0o044, "readable by others");
    }
}

#[test]
fn bad_input_is_refused_like_score_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    for (args, expected) in [
        (
            vec![data("ref.fr"), "-i".into(), data("one_line.fr")],
            "has 1 lines but",
        ),
        (
            vec![data("ref.fr"), "-i".into(), data("bad_utf8.fr")],
            "invalid UTF-8",
        ),
    ] {
        let assert = mtmeter()
            .arg("evaluate")
            .args(&args)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

#[test]
fn files_without_a_corpus_folder_need_an_output_folder() {
    let assert = mtmeter()
        .arg("evaluate")
        .arg(data("ref.fr"))
        .arg("-i")
        .arg(data("ref.fr"))
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("--out DIR"), "{stderr}");
}

/// `check` accepts evaluate's report.json as its baseline: the report's baseline system.
#[test]
fn report_json_is_a_baseline_for_check() {
    let demo = root().join("corpora/demo");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    evaluate(&demo, &out);
    let check = |system: &str| {
        mtmeter()
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["check", "--baseline"])
            .arg(out.join("report.json"))
            .arg("--corpus")
            .arg(&demo)
            .arg("-i")
            .arg(demo.join("systems").join(system))
            .output()
            .unwrap()
    };
    // The report's baseline is neural-a: itself passes, phrase-based is a regression.
    let same = check("neural-a.fr");
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    let worse = check("phrase-based.fr");
    assert_eq!(
        worse.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&worse.stdout)
    );
    // The statistics are the baseline system's and sum to its scores.
    let report = read_json(&out.join("report.json"));
    let gb = &report["gate_baseline"];
    assert_eq!(gb["system"]["name"], "neural-a");
    assert_eq!(
        gb["metrics"][0]["score"],
        report["metrics"][0]["systems"][0]["score"]
    );
}
