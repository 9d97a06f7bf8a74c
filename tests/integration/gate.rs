//! The CI gate end to end on a real test set (wmt22.en-de, 2,037 segments, 2 references):
//! baseline from Online-B; the same system passes, a worse real system fails, degraded copies
//! warn or pass on either side of each threshold, other references or tokenizer are refused
//! (exit 3); reports validate (JUnit against the Ant XSD) and the stored-baseline p-value is
//! the one `score --paired-bs` gives with both texts.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use mtmeter::corpus::{Corpus, CorpusDir, LoadOptions, Loader, TextFile};
use mtmeter::gate::{Baseline, GateOptions, GateReport, Status, check};
use mtmeter::metrics::{Bleu, BleuConfig, Chrf, ChrfConfig, MetricSpec, Ter, TerConfig};
use mtmeter::scoring::run_metric;

use crate::common::{root, shared};

const BASE: &str = "Online-B";
const WORSE: &str = "Online-Y";

fn mtmeter() -> Command {
    Command::cargo_bin("mtmeter").unwrap()
}

fn set() -> Option<PathBuf> {
    shared().map(|s| s.join("corpora/wmt22.en-de"))
}

fn sys(set: &Path, name: &str) -> String {
    set.join(format!("systems/{name}.de")).display().to_string()
}

/// A scratch folder kept for the whole test run (tests share the baseline files in it).
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap().keep())
}

/// The baseline of Online-B (BLEU, chrF, TER), written once by the command line.
fn baseline_file(set: &Path) -> PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let out = scratch().join("baseline.json.gz");
        mtmeter()
            .args(["baseline", "--corpus"])
            .arg(set)
            .args(["--system", BASE, "--out"])
            .arg(&out)
            .assert()
            .code(0);
        out
    })
    .clone()
}

fn check_cmd(set: &Path, candidate: &str) -> Command {
    let mut c = mtmeter();
    c.arg("check")
        .arg("--baseline")
        .arg(baseline_file(set))
        .arg("--corpus")
        .arg(set)
        .args(["-i", candidate])
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .current_dir(scratch());
    c
}

fn json_report(out: &[u8]) -> GateReport {
    serde_json::from_slice(out).expect("check --format json is a GateReport")
}

#[test]
fn same_system_passes_with_exit_0() {
    let Some(set) = set() else { return };
    let out = check_cmd(&set, &sys(&set, BASE))
        .args(["--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let r = json_report(&out);
    assert_eq!(r.decision, Status::Pass);
    assert_eq!(r.metrics.len(), 3);
    for m in &r.metrics {
        assert_eq!(m.delta, 0.0, "{}", m.key);
        assert_eq!(m.status, Status::Pass);
    }
    assert_eq!(r.candidate_system.sha256, r.baseline_system.sha256);
}

#[test]
fn worse_real_system_fails_with_exit_1_naming_the_metric() {
    let Some(set) = set() else { return };
    let out = check_cmd(&set, &sys(&set, WORSE))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("FAIL: Online-Y vs baseline Online-B"),
        "{first}"
    );
    assert!(first.contains("BLEU fail by 1.80"), "{first}");
    assert!(!text.contains("\x1b["), "no colour when not on a terminal");

    let out = check_cmd(&set, &sys(&set, WORSE))
        .args(["--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let r = json_report(&out);
    assert_eq!(r.decision, Status::Fail);
    let bleu = r.metrics.iter().find(|m| m.key == "bleu").unwrap();
    assert_eq!(bleu.status, Status::Fail);
    assert!(bleu.p_value < 0.05);
    let [lo, hi] = bleu.delta_ci.unwrap();
    assert!(lo < bleu.delta && bleu.delta < hi && hi < 0.0, "{lo} {hi}");
    assert!(bleu.agreement.unwrap() > 70.0);
    let ter = r.metrics.iter().find(|m| m.key == "ter").unwrap();
    assert!(
        ter.delta > 0.0 && ter.quality_delta < 0.0,
        "a TER rise is a drop"
    );
    assert_eq!(ter.agreement, None);
}

/// The stored-baseline paired test equals `score --paired-bs` (and `--paired-ar`) run on both
/// texts, exactly.
#[test]
fn stored_baseline_p_value_equals_score_paired_bs_and_ar_with_both_texts() {
    let Some(set) = set() else { return };
    let refs = [set.join("references/A.de"), set.join("references/B.de")];
    for (score_flag, check_flags) in [
        ("--paired-bs", &[][..]),
        ("--paired-ar", &["--paired-ar"][..]),
    ] {
        let score = mtmeter()
            .arg("score")
            .args(&refs)
            .args(["-i", &sys(&set, BASE), &sys(&set, WORSE)])
            .args(["-m", "bleu", "chrf", "ter", score_flag, "--format", "json"])
            .env_remove("SACREBLEU_SEED")
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let score: serde_json::Value = serde_json::from_slice(&score).unwrap();
        let out = check_cmd(&set, &sys(&set, WORSE))
            .args(check_flags)
            .args(["--format", "json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let r = json_report(&out);
        assert_eq!(r.test, score_flag.trim_start_matches("--"));
        for m in &r.metrics {
            let want = &score["systems"][1]["metrics"][&m.key];
            let ctx = format!("{score_flag} {}", m.key);
            assert_eq!(Some(m.p_value), want["p_value"].as_f64(), "{ctx} p-value");
            assert_eq!(Some(m.candidate), want["score"].as_f64(), "{ctx} score");
            let base = score["systems"][0]["metrics"][&m.key]["score"].as_f64();
            assert_eq!(Some(m.baseline), base, "{ctx} baseline score");
        }
    }
}

fn load(set: &Path) -> Corpus {
    CorpusDir {
        path: set.to_path_buf(),
    }
    .load(&LoadOptions::default())
    .unwrap()
}

fn only(corpus: &Corpus, system: TextFile) -> Corpus {
    Corpus {
        systems: vec![system],
        ..corpus.clone()
    }
}

/// Online-B with its first `k` lines emptied.
fn degraded(base: &TextFile, k: usize) -> TextFile {
    let lines: Vec<&str> = base
        .lines()
        .enumerate()
        .map(|(i, l)| if i < k { "" } else { l })
        .collect();
    TextFile::new(format!("{BASE}-minus-{k}"), "degraded", lines)
}

/// Degrading more and more segments crosses warn, then fail: one segment either side of each
/// threshold gives the other status, for BLEU, chrF and TER (library path: no process per step).
#[test]
fn degraded_segments_warn_or_pass_on_either_side_of_each_threshold() {
    let Some(set) = set() else { return };
    let corpus = load(&set);
    let base = corpus
        .systems
        .iter()
        .find(|s| s.name == BASE)
        .unwrap()
        .clone();
    let metrics: Vec<(String, MetricSpec)> = vec![
        (
            "bleu".into(),
            MetricSpec::Bleu(Bleu::new(BleuConfig::default()).unwrap()),
        ),
        (
            "chrf".into(),
            MetricSpec::Chrf(Chrf::new(ChrfConfig::default()).unwrap()),
        ),
        (
            "ter".into(),
            MetricSpec::Ter(Ter::new(TerConfig::default())),
        ),
    ];
    let one = only(&corpus, base.clone());
    for (key, spec) in metrics {
        let spec_list = vec![(key.clone(), spec)];
        let spec = &spec_list[0].1;
        let results = vec![run_metric(&key, spec, &one, false)];
        let baseline = Baseline::from_results("wmt22.en-de", &one, 0, &results).unwrap();
        let base_score = results[0].systems[0].score;
        let opts = GateOptions::default();
        let t = opts.thresholds_for(&key);
        // Quality drop after emptying k lines (corpus score only: cheap); TER rises.
        let sign = if spec.higher_is_better() { 1.0 } else { -1.0 };
        let drop = |k: usize| {
            let c = only(&corpus, degraded(&base, k));
            sign * (base_score - run_metric(&key, spec, &c, false).systems[0].score)
        };
        let first_k = |threshold: f64| {
            (1..400)
                .find(|&k| drop(k) >= threshold)
                .expect("threshold crossed")
        };
        let status = |k: usize| {
            let c = only(&corpus, degraded(&base, k));
            let r = check(&baseline, &c, &spec_list, &opts).unwrap();
            (r.metrics[0].status, r.metrics[0].p_value, r.decision)
        };
        let kw = first_k(t.warn);
        let kf = first_k(t.fail);
        assert!(kw < kf, "{key}: warn at {kw}, fail at {kf}");
        assert_eq!(
            status(kw - 1).0,
            Status::Pass,
            "{key}: k={} just under warn",
            kw - 1
        );
        assert_eq!(status(kw).0, Status::Warn, "{key}: k={kw} at warn");
        assert_eq!(
            status(kf - 1).0,
            Status::Warn,
            "{key}: k={} under fail",
            kf - 1
        );
        let (s, p, decision) = status(kf);
        assert!(
            p < 0.05,
            "{key}: emptied lines are a significant loss, p={p}"
        );
        assert_eq!((s, decision), (Status::Fail, Status::Fail), "{key}: k={kf}");
        // warn exits 0 unless warnings fail.
        let mut fail_on_warn = opts.clone();
        fail_on_warn.fail_on_warn = true;
        let c = only(&corpus, degraded(&base, kw));
        let r = check(&baseline, &c, &spec_list, &fail_on_warn).unwrap();
        assert_eq!(
            (r.metrics[0].status, r.decision),
            (Status::Warn, Status::Fail)
        );
        assert_eq!(r.exit_code(), 1);
    }
}

#[test]
fn warning_exits_0_unless_fail_on_warn() {
    let Some(set) = set() else { return };
    // Online-Y's TER rise (1.83) is past TER's warn threshold; BLEU and chrF are relaxed here
    // so that only TER speaks, and TER's fail threshold so that it warns.
    let relax = [
        "--fail-threshold",
        "ter=5",
        "--fail-threshold",
        "bleu=5",
        "--warn-threshold",
        "bleu=5",
        "--fail-threshold",
        "chrf=5",
        "--warn-threshold",
        "chrf=5",
    ];
    let out = check_cmd(&set, &sys(&set, WORSE))
        .args(relax)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(out).unwrap().starts_with("WARN: "));
    check_cmd(&set, &sys(&set, WORSE))
        .args(relax)
        .args(["--fail-on", "warn"])
        .assert()
        .code(1);
}

#[test]
fn config_file_sets_thresholds_and_the_command_line_wins() {
    let Some(set) = set() else { return };
    let cfg = scratch().join("relaxed.toml");
    std::fs::write(
        &cfg,
        "[check]\n[check.thresholds.bleu]\nfail = 9\nwarn = 9\n[check.thresholds.chrf]\nfail = 9\nwarn = 9\n[check.thresholds.ter]\nfail = 9\nwarn = 9\n",
    )
    .unwrap();
    check_cmd(&set, &sys(&set, WORSE))
        .arg("--config")
        .arg(&cfg)
        .assert()
        .code(0);
    check_cmd(&set, &sys(&set, WORSE))
        .arg("--config")
        .arg(&cfg)
        .args([
            "--fail-threshold",
            "bleu=1.39",
            "--warn-threshold",
            "bleu=0.78",
        ])
        .assert()
        .code(1);
}

fn mismatch(cmd: &mut Command, expected: &str) {
    let out = cmd.assert().code(3).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(
        stderr.contains(expected),
        "{stderr:?} should say {expected:?}"
    );
}

#[test]
fn other_references_or_tokenizer_are_refused_with_exit_3() {
    let Some(set) = set() else { return };
    let b = baseline_file(&set);
    // Other references: A.de and another system's output in place of B.de.
    mismatch(
        mtmeter()
            .args(["check", "--baseline"])
            .arg(&b)
            .arg(set.join("references/A.de"))
            .arg(set.join("systems/Online-A.de"))
            .args(["-i", &sys(&set, BASE)]),
        "reference #2 differs: baseline B (sha256 ",
    );
    // The same references in another order (ties between references could change statistics).
    mismatch(
        mtmeter()
            .args(["check", "--baseline"])
            .arg(&b)
            .arg(set.join("references/B.de"))
            .arg(set.join("references/A.de"))
            .args(["-i", &sys(&set, BASE)]),
        "the same references in another order",
    );
    // Another source (the baseline recorded source.en's hash).
    mismatch(
        mtmeter()
            .args(["check", "--baseline"])
            .arg(&b)
            .arg(set.join("references/A.de"))
            .arg(set.join("references/B.de"))
            .args(["-i", &sys(&set, BASE), "--source"])
            .arg(set.join("systems/Online-A.de")),
        "the source differs: baseline sha256 ",
    );
    // One reference instead of two.
    mismatch(
        mtmeter()
            .args(["check", "--baseline"])
            .arg(&b)
            .arg(set.join("references/A.de"))
            .args(["-i", &sys(&set, BASE)]),
        "scored against 2 reference(s), the candidate against 1",
    );
    // Other tokenizer.
    mismatch(
        check_cmd(&set, &sys(&set, BASE)).args(["--tokenize", "intl"]),
        "bleu signature differs: tok 13a (baseline) vs intl (candidate)",
    );
    // chrF++ is not in the baseline.
    mismatch(
        check_cmd(&set, &sys(&set, BASE)).args(["-m", "chrf++"]),
        "metric chrf++ is not in the baseline (it has bleu, chrf, ter)",
    );
    // Fewer segments.
    let short_ref = scratch().join("short-a.de");
    let short_ref2 = scratch().join("short-b.de");
    let short_sys = scratch().join("short-sys.de");
    let text = std::fs::read_to_string(set.join("references/A.de")).unwrap();
    let head: String = text.lines().take(100).map(|l| format!("{l}\n")).collect();
    std::fs::write(&short_ref, &head).unwrap();
    std::fs::write(&short_ref2, &head).unwrap();
    std::fs::write(&short_sys, &head).unwrap();
    mismatch(
        mtmeter()
            .args(["check", "--baseline"])
            .arg(&b)
            .arg(&short_ref)
            .arg(&short_ref2)
            .arg("-i")
            .arg(&short_sys),
        "the baseline has 2037 segments, the candidate's test set 100",
    );
}

#[test]
fn baseline_bytes_are_deterministic_and_gzip_round_trips() {
    let Some(set) = set() else { return };
    let write = |name: &str| {
        let out = scratch().join(name);
        mtmeter()
            .args(["baseline", "--corpus"])
            .arg(&set)
            .args(["--system", BASE, "-m", "bleu", "chrf", "ter", "--out"])
            .arg(&out)
            .assert()
            .code(0);
        std::fs::read(&out).unwrap()
    };
    let (a, b) = (write("det-a.json"), write("det-b.json"));
    assert_eq!(a, b, "same input, same bytes");
    let gz = write("det.json.gz");
    assert_eq!(gz, std::fs::read(baseline_file(&set)).unwrap());
    assert!(gz.len() * 3 < a.len(), "{} vs {}", gz.len(), a.len());
    let plain = Baseline::from_bytes(&a, "det-a.json").unwrap();
    let packed = Baseline::from_bytes(&gz, "det.json.gz").unwrap();
    assert_eq!(plain, packed);
    assert_eq!(plain.test_set.segments, 2037);
    assert_eq!(plain.test_set.references.len(), 2);
    assert!(plain.test_set.source.is_some());
    // One statistics row per line: a committed baseline diffs by segment.
    let text = String::from_utf8(a).unwrap();
    assert!(text.lines().count() > 3 * 2037, "{}", text.lines().count());
}

fn xmllint_validates(xml: &Path) {
    let xsd = root().join("tests/data/junit/JUnit.xsd");
    let run = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(xml)
        .output();
    match run {
        Ok(o) => assert!(
            o.status.success(),
            "{} does not validate against JUnit.xsd: {}",
            xml.display(),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => {
            let msg = format!(
                "xmllint not available ({e}): install libxml2-utils to validate JUnit reports"
            );
            if std::env::var_os("CI").is_some()
                || std::env::var_os("MTMETER_REQUIRE_SHARED").is_some()
            {
                panic!("{msg}");
            }
            eprintln!("NOTE: not run: {msg}");
        }
    }
}

#[test]
fn junit_and_markdown_reports_validate_and_stay_small() {
    let Some(set) = set() else { return };
    let dir = scratch();
    let summary = dir.join("step-summary.md");
    std::fs::write(&summary, "").unwrap();
    let (junit, md) = (dir.join("fail.xml"), dir.join("fail.md"));
    // TER's fail threshold raised so that the report also has a warning.
    let out = check_cmd(&set, &sys(&set, WORSE))
        .args(["--fail-threshold", "ter=5"])
        .arg("--junit")
        .arg(&junit)
        .arg("--markdown")
        .arg(&md)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    xmllint_validates(&junit);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains(
        "<testcase classname=\"mtmeter.wmt22.en-de\" name=\"bleu:Online-Y\" time=\"0\">"
    ));
    assert!(
        xml.contains("tests=\"3\" failures=\"2\" errors=\"0\""),
        "{xml}"
    );
    assert!(xml.contains("<failure type=\"regression\""));
    assert!(xml.contains("name=\"sha256.reference.A\""));
    let md_text = std::fs::read_to_string(&md).unwrap();
    assert!(md_text.starts_with("❌ **FAIL: "), "verdict line first");
    assert!(md_text.contains("<details>"));
    assert!(md_text.len() < mtmeter::report::markdown::MAX_BYTES);
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), md_text);
    let stdout = String::from_utf8(out).unwrap();
    assert_eq!(stdout.matches("::error title=").count(), 2, "{stdout}");
    assert_eq!(stdout.matches("::warning title=").count(), 1, "{stdout}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&junit).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }

    // A passing check and a refused one validate too.
    let pass = dir.join("pass.xml");
    check_cmd(&set, &sys(&set, BASE))
        .arg("--junit")
        .arg(&pass)
        .assert()
        .code(0);
    xmllint_validates(&pass);
    let err = dir.join("error.xml");
    check_cmd(&set, &sys(&set, BASE))
        .args(["--tokenize", "intl", "--junit"])
        .arg(&err)
        .assert()
        .code(3);
    xmllint_validates(&err);
    let xml = std::fs::read_to_string(&err).unwrap();
    assert!(xml.contains("errors=\"1\""));
    assert!(xml.contains("<error type=\"mismatch\""));
}

#[test]
fn ci_examples_are_valid_yaml_and_run_the_gate() {
    for name in ["github-actions.yml", "gitlab-ci.yml"] {
        let path = root().join("examples/ci").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let flat = serde_yaml::to_string(&doc).unwrap();
        assert!(flat.contains("mtmeter check --baseline"), "{name}");
        assert!(flat.contains("--junit mt-gate.xml"), "{name}");
        assert!(flat.contains("--markdown mt-gate.md"), "{name}");
    }
}

/// The README shows the CI examples verbatim, so what users copy is what the test above parses.
#[test]
fn readme_shows_the_ci_examples_verbatim() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for name in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = std::fs::read_to_string(root().join("examples/ci").join(name)).unwrap();
        assert!(
            readme.contains(&format!("```yaml\n{text}```")),
            "README.md does not show examples/ci/{name} verbatim"
        );
    }
}
