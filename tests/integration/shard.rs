//! Sharded runs end to end: shards of a real test set (wmt22.en-de: 9 systems, 2 references,
//! 2,037 segments) merged by `mtmeter merge` print exactly what one `mtmeter score` prints,
//! byte for byte, with paired bootstrap, approximate randomization and confidence intervals
//! run on the merged statistics; shards that do not belong together are refused (exit 2, one
//! line naming the file); a `score` inside a job array without `--shard` says so.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use mtmeter::corpus::{Corpus, CorpusDir, LoadOptions, Loader};
use mtmeter::metrics::MetricOptions;
use mtmeter::shard::{ShardSpec, score_shard};

use crate::common::{root, shared};

const METRICS: [&str; 3] = ["bleu", "chrf", "ter"];

fn mtmeter() -> Command {
    let mut c = Command::cargo_bin("mtmeter").unwrap();
    // A test run inside a job array must not see its variables.
    for v in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_MAX",
        "SLURM_ARRAY_TASK_STEP",
        "JOB_COMPLETION_INDEX",
        "SACREBLEU_SEED",
    ] {
        c.env_remove(v);
    }
    c
}

fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap().keep())
}

fn en_de() -> Option<PathBuf> {
    shared().map(|s| s.join("corpora/wmt22.en-de"))
}

fn demo() -> PathBuf {
    root().join("corpora/demo")
}

fn load(dir: &Path) -> Corpus {
    CorpusDir {
        path: dir.to_owned(),
    }
    .load(&LoadOptions::default())
    .unwrap()
}

/// Shards `0/n` … `n-1/n` of `dir`, scored by the library and written to files (as the
/// command line writes them: `score --shard` prints `Shard::to_json`).
fn write_shards(dir: &Path, n: usize, tag: &str, options: &MetricOptions) -> Vec<PathBuf> {
    let corpus = load(dir);
    let metrics: Vec<String> = METRICS.iter().map(|m| (*m).to_owned()).collect();
    (0..n)
        .map(|index| {
            let shard =
                score_shard(&corpus, &metrics, options, ShardSpec { index, count: n }).unwrap();
            let path = scratch().join(format!("{tag}-{index}-of-{n}.json"));
            std::fs::write(&path, shard.to_json()).unwrap();
            path
        })
        .collect()
}

fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn single(dir: &Path, extra: &[&str]) -> Vec<u8> {
    stdout_of(
        mtmeter()
            .arg("score")
            .arg("--corpus")
            .arg(dir)
            .arg("-m")
            .args(METRICS)
            .args(extra),
    )
}

fn merged(files: &[PathBuf], extra: &[&str]) -> Vec<u8> {
    stdout_of(mtmeter().arg("merge").args(files).args(extra))
}

/// The significance variants compared: each runs on the merged statistics.
const VARIANTS: [&[&str]; 3] = [
    &["--paired-bs", "--format", "json"],
    &[
        "--paired-ar",
        "--paired-ar-n",
        "2000",
        "--confidence",
        "--baseline",
        "Online-B",
        "--format",
        "json",
    ],
    &["--confidence", "--format", "json"],
];

#[test]
fn merged_shards_equal_one_score_run_byte_for_byte() {
    let Some(set) = en_de() else { return };
    let singles: Vec<Vec<u8>> = VARIANTS.iter().map(|v| single(&set, v)).collect();
    let options = MetricOptions::default();
    for n in [1, 2, 7] {
        let files = write_shards(&set, n, "en-de", &options);
        // Shards in any order.
        let mut shuffled = files.clone();
        shuffled.reverse();
        for (v, expected) in VARIANTS.iter().zip(&singles) {
            let got = merged(&shuffled, v);
            assert!(
                got == *expected,
                "{n} shards, {v:?}: merged output differs from a single run:\n{}",
                first_difference(&got, expected)
            );
        }
    }
    // Every segment, every statistic and the text table, from 7 shards.
    let files = write_shards(&set, 7, "en-de", &options);
    for v in [
        &["--sentence-level", "--statistics", "--format", "json"][..],
        &["--paired-bs", "--sentence-level", "-w", "4"][..],
    ] {
        let got = merged(&files, v);
        assert!(got == single(&set, v), "7 shards, {v:?}");
    }
}

/// The command line's own shards (`score --shard I/3`), as a Slurm task writes them.
#[test]
fn shards_from_the_command_line_merge_to_the_single_run() {
    let Some(set) = en_de() else { return };
    let files: Vec<PathBuf> = (0..3)
        .map(|i| {
            let out = stdout_of(
                mtmeter()
                    .arg("score")
                    .arg("--corpus")
                    .arg(&set)
                    .arg("-m")
                    .args(METRICS)
                    .args(["--shard", &format!("{i}/3")]),
            );
            let path = scratch().join(format!("cli-{i}-of-3.json"));
            std::fs::write(&path, out).unwrap();
            path
        })
        .collect();
    let library = write_shards(&set, 3, "lib", &MetricOptions::default());
    for (a, b) in files.iter().zip(&library) {
        assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    }
    let v = VARIANTS[0];
    assert!(merged(&files, v) == single(&set, v));
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    a.lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
        .map_or("(one is a prefix of the other)".into(), |(i, (x, y))| {
            format!("line {}: {x}\n  vs: {y}", i + 1)
        })
}

/// Shards of the demo set (in the repository, 178 segments), for the refusals.
fn demo_shards() -> &'static [PathBuf] {
    static FILES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| write_shards(&demo(), 3, "demo", &MetricOptions::default()))
}

/// `merge FILES` fails with exit 2, nothing on stdout, one line on stderr containing all of
/// `expected`.
fn refused(files: &[PathBuf], expected: &[&str]) {
    let out = mtmeter().arg("merge").args(files).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{files:?}: {err}");
    assert!(out.stdout.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    for e in expected {
        assert!(err.contains(e), "expected '{e}' in: {err}");
    }
}

fn name(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn a_missing_shard_is_refused_naming_its_segments() {
    let s = demo_shards();
    refused(
        &[s[0].clone(), s[2].clone()],
        &["segments 59..118 of 178 are in no shard given", "shard 1/3"],
    );
    refused(&s[..2], &["segments 118..178 of 178", "shard 2/3"]);
}

#[test]
fn duplicate_files_and_shards_are_refused() {
    let s = demo_shards();
    refused(
        &[s[0].clone(), s[1].clone(), s[1].clone(), s[2].clone()],
        &[&name(&s[1]), "given twice"],
    );
    let copy = scratch().join("demo-copy-of-1.json");
    std::fs::copy(&s[1], &copy).unwrap();
    refused(
        &[s[0].clone(), s[1].clone(), copy.clone(), s[2].clone()],
        &[&name(&copy), "shard 1/3 again", &name(&s[1])],
    );
}

#[test]
fn overlapping_ranges_are_refused() {
    // Shard 1/3 (segments 59..118) edited to start at 50: nine segments twice.
    let s = demo_shards();
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&s[1]).unwrap()).unwrap();
    v["shard"]["start"] = 50.into();
    for m in v["metrics"].as_array_mut().unwrap() {
        for rows in m["systems"].as_array_mut().unwrap() {
            let rows = rows.as_array_mut().unwrap();
            let extra: Vec<_> = rows[..9].to_vec();
            rows.splice(0..0, extra);
        }
    }
    let edited = scratch().join("demo-overlap-1.json");
    std::fs::write(&edited, serde_json::to_string(&v).unwrap()).unwrap();
    refused(
        &[s[0].clone(), edited.clone(), s[2].clone()],
        &[
            &name(&edited),
            "segments 50..118 overlap those of",
            &name(&s[0]),
        ],
    );
}

#[test]
fn shards_with_other_signatures_are_refused() {
    let s = demo_shards();
    let options = MetricOptions {
        tokenize: Some(mtmeter::tokenize::TokenizerKind::Intl),
        ..MetricOptions::default()
    };
    let intl = write_shards(&demo(), 3, "demo-intl", &options);
    refused(
        &[s[0].clone(), intl[1].clone(), s[2].clone()],
        &[&name(&intl[1]), "bleu signature", "tok:intl vs tok:13a"],
    );
}

#[test]
fn shards_of_other_content_or_another_test_set_are_refused() {
    // The same demo set with one system's segment 170 changed: shard 0/3 (segments 0..59) has
    // the same lines, but the whole file's hash differs.
    let dir = scratch().join("demo-edited");
    for sub in ["references", "systems"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for e in std::fs::read_dir(demo().join(sub)).unwrap() {
            let e = e.unwrap().path();
            std::fs::copy(&e, dir.join(sub).join(e.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(demo().join("source.it"), dir.join("source.it")).unwrap();
    let sys = dir.join("systems/neural-b.fr");
    let mut lines: Vec<String> = std::fs::read_to_string(&sys)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    lines[170].push_str(" (edited)");
    std::fs::write(&sys, lines.join("\n") + "\n").unwrap();
    let edited = write_shards(&dir, 3, "demo-edited", &MetricOptions::default());
    let s = demo_shards();
    refused(
        &[edited[0].clone(), s[1].clone(), s[2].clone()],
        &["system neural-b has other content than in", "sha256"],
    );

    let Some(set) = en_de() else { return };
    let other = scratch().join("en-de-1-of-3-bleu.json");
    std::fs::write(
        &other,
        stdout_of(
            mtmeter()
                .arg("score")
                .arg("--corpus")
                .arg(&set)
                .arg("-m")
                .args(METRICS)
                .args(["--shard", "1/3"]),
        ),
    )
    .unwrap();
    refused(
        &[s[0].clone(), other.clone(), s[2].clone()],
        &[&name(&other), "a test set of 2037 segments", "one of 178"],
    );
}

#[test]
fn other_json_and_broken_shards_are_refused() {
    let s = demo_shards();
    let score_json = scratch().join("demo-score.json");
    std::fs::write(&score_json, single(&demo(), &["--format", "json"])).unwrap();
    refused(
        &[s[0].clone(), score_json.clone()],
        &[&name(&score_json), "not an mtmeter shard"],
    );
    // A statistic that is not a count.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&s[2]).unwrap()).unwrap();
    v["metrics"][0]["systems"][1][3][0] = 1.5.into();
    let broken = scratch().join("demo-broken-2.json");
    std::fs::write(&broken, serde_json::to_string(&v).unwrap()).unwrap();
    refused(
        &[s[0].clone(), s[1].clone(), broken.clone()],
        &[
            &name(&broken),
            "bleu statistics of system",
            "segment 122",
            "1.5 is not a count",
        ],
    );
    let truncated = scratch().join("demo-truncated.json");
    let text = std::fs::read_to_string(&s[0]).unwrap();
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    refused(
        std::slice::from_ref(&truncated),
        &[&name(&truncated), "not JSON"],
    );
}

/// Inside a job array, `score` without `--shard` scores the whole test set (the same output)
/// and says so on stderr; `--shard auto` reads the Slurm variables.
#[test]
fn job_array_variables_are_noted_not_guessed() {
    let demo = demo();
    let run = |vars: &[(&str, &str)], extra: &[&str]| {
        let mut c = mtmeter();
        c.arg("score").arg("--corpus").arg(&demo).args(extra);
        for (k, v) in vars {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let plain = run(&[], &["-b"]).stdout;
    let slurm = [
        ("SLURM_ARRAY_TASK_ID", "2"),
        ("SLURM_ARRAY_TASK_COUNT", "4"),
    ];
    let out = run(&slurm, &["-b"]);
    assert!(out.status.success());
    assert_eq!(out.stdout, plain);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("SLURM_ARRAY_TASK_ID=2 is set")
            && err.contains("running the whole test set")
            && err.contains("--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT"),
        "{err}"
    );
    assert!(run(&slurm, &["-b", "-q"]).stderr.is_empty());

    let k8s = [("JOB_COMPLETION_INDEX", "1")];
    let out = run(&k8s, &["-b"]);
    assert_eq!(out.stdout, plain);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("JOB_COMPLETION_INDEX=1 is set") && err.contains("no count variable"),
        "{err}"
    );
    let out = run(&k8s, &["--shard", "auto"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gives no shard count"));

    // --shard auto in task 2 of --array=1-4 is shard 1/4.
    let auto = run(
        &[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "4"),
        ],
        &["-m", "bleu", "chrf", "ter", "--shard", "auto"],
    );
    assert!(auto.status.success());
    let explicit = single(&demo, &["--shard", "1/4"]);
    assert_eq!(auto.stdout, explicit);
    assert!(String::from_utf8_lossy(&explicit).contains("\"index\": 1"));
}

#[test]
fn shards_refuse_what_needs_the_whole_test_set() {
    for extra in [
        &["--paired-bs"][..],
        &["--confidence"],
        &["--sentence-level"],
        &["--baseline", "neural-a"],
        &["-b"],
        &["-d"],
        &["--by-document"],
        &["--shard", "3/3"],
        &["--shard", "x"],
    ] {
        let out = mtmeter()
            .arg("score")
            .arg("--corpus")
            .arg(demo())
            .args(["--shard", "0/3"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(out.stdout.is_empty());
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    }
}

/// The Slurm example scripts parse, and the README shows the recipe they implement.
#[test]
fn slurm_examples_are_valid_shell() {
    for f in [
        "examples/slurm/score-shard.sbatch",
        "examples/slurm/merge.sbatch",
        "examples/slurm/submit.sh",
        "examples/parallel/score.sh",
        "tests/slurm/run.sh",
    ] {
        let ok = std::process::Command::new("bash")
            .arg("-n")
            .arg(root().join(f))
            .status()
            .unwrap();
        assert!(ok.success(), "{f}");
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("## Sharded runs (Slurm, Kubernetes, GNU parallel)"));
    assert!(readme.contains("examples/slurm/submit.sh"));
}

/// Segment scores "from another tool" for every system of `dir` (a number per line, from the
/// line's length), written once to a folder named after the systems, as `--scores NAME=DIR`
/// reads them.
fn tool_scores(dir: &Path, tag: &str) -> PathBuf {
    let out = scratch().join(format!("scores-{tag}"));
    if out.is_dir() {
        return out;
    }
    let tmp = scratch().join(format!("scores-{tag}.partial"));
    std::fs::create_dir_all(&tmp).unwrap();
    for sys in load(dir).systems {
        let lines: String = sys
            .lines()
            .map(|l| format!("{:.6}\n", (l.chars().count() % 97) as f64 / 97.0))
            .collect();
        std::fs::write(tmp.join(format!("{}.txt", sys.name)), lines).unwrap();
    }
    std::fs::rename(&tmp, &out).unwrap();
    out
}

/// `score --shard I/n` of `dir` with `extra` (metrics, normalization, scores) for every I.
fn cli_shards(dir: &Path, n: usize, tag: &str, extra: &[String]) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let out = stdout_of(
                mtmeter()
                    .arg("score")
                    .arg("--corpus")
                    .arg(dir)
                    .args(extra)
                    .args(["--shard", &format!("{i}/{n}")]),
            );
            let path = scratch().join(format!("{tag}-{i}-of-{n}.json"));
            std::fs::write(&path, out).unwrap();
            path
        })
        .collect()
}

/// `--normalize` and `--scores` in shards: the merge prints what the single run prints, byte
/// for byte, with the significance tests on the merged rows (the demo, always; wmt22.en-de,
/// whose references and Online-B have lines NFKC changes, with the shared corpora).
#[test]
fn normalized_shards_with_scores_from_other_tools_merge_to_the_single_run() {
    let mut sets = vec![(demo(), "demo", 3)];
    if let Some(en_de) = en_de() {
        sets.push((en_de, "en-de", 4));
    }
    for (dir, tag, n) in sets {
        let scores = tool_scores(&dir, tag);
        let extra: Vec<String> = [
            "-m",
            "bleu",
            "chrf",
            "ter",
            "--normalize",
            "nfkc",
            "--scores",
            &format!("comet22={}", scores.display()),
            "--scores",
            &format!("metricx24={}", scores.display()),
        ]
        .map(String::from)
        .to_vec();
        let files = cli_shards(&dir, n, &format!("{tag}-nfkc-scores"), &extra);
        let shard = std::fs::read_to_string(&files[0]).unwrap();
        assert!(
            shard.contains("\"normalization\": \"nfkc\""),
            "{shard:.300}"
        );
        assert!(shard.contains("unicode:nfkc"));
        assert!(shard.contains("\"higher_is_better\": false"), "metricx24");
        let mut shuffled = files.clone();
        shuffled.reverse();
        for v in [
            &["--paired-bs", "--format", "json"][..],
            &["--paired-ar", "--paired-ar-n", "500", "-w", "3"],
            &[
                "--confidence",
                "--sentence-level",
                "--statistics",
                "--format",
                "json",
            ],
        ] {
            let expected = stdout_of(
                mtmeter()
                    .arg("score")
                    .arg("--corpus")
                    .arg(&dir)
                    .args(&extra)
                    .args(v),
            );
            let text = String::from_utf8_lossy(&expected);
            assert!(text.contains("unicode:nfkc") && text.contains("metricx24"));
            let got = merged(&shuffled, v);
            assert!(
                got == expected,
                "{tag}, {v:?}: merged output differs from a single run:\n{}",
                first_difference(&got, &expected)
            );
        }
    }
}

/// Shards normalized differently, or whose scores are scaled differently, are not merged.
#[test]
fn shards_normalized_or_scaled_differently_are_refused() {
    let scores = tool_scores(&demo(), "demo");
    let with = |tag: &str, words: &[&str]| {
        let extra: Vec<String> = ["-m", "bleu", "--scores"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain([format!("bleurt20={}", scores.display())])
            .chain(words.iter().map(|s| (*s).to_owned()))
            .collect();
        cli_shards(&demo(), 2, tag, &extra)
    };
    let nfc = with("refuse-nfc", &["--normalize", "nfc"]);
    let plain = with("refuse-plain", &[]);
    let scaled = with(
        "refuse-scaled",
        &["--normalize", "nfc", "--scores-scale", "bleurt20=1"],
    );
    refused(
        &[nfc[0].clone(), plain[1].clone()],
        &[
            &name(&plain[1]),
            "inputs not normalized",
            "nfc",
            "shards of different runs",
        ],
    );
    refused(
        &[nfc[0].clone(), scaled[1].clone()],
        &[&name(&scaled[1]), "bleurt20 is scored otherwise"],
    );
    // A row that is not [value, 1] names its file and segment.
    let mut broken = std::fs::read_to_string(&nfc[1]).unwrap();
    let at = broken.rfind(",1]").unwrap();
    broken.replace_range(at..at + 3, ",2]");
    let broken_file = scratch().join("refuse-broken-row.json");
    std::fs::write(&broken_file, broken).unwrap();
    refused(
        &[nfc[0].clone(), broken_file.clone()],
        &[
            &name(&broken_file),
            "bleurt20 statistics of system",
            "is not a row [value, 1]",
        ],
    );
}
