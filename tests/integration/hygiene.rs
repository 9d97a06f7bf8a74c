//! Input hygiene through the binary: Unicode normalization, what a corpus folder takes, inputs
//! given twice, and one table of hostile inputs refused by every command with one line naming
//! the file (and line), exit 2 and nothing written.

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::common::shared;

fn mtmeter() -> Command {
    Command::cargo_bin("mtmeter").unwrap()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Run and return (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = mtmeter().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Per system name, per metric key, (score, signature).
type Scores = Vec<(String, Vec<(String, f64, String)>)>;

/// What `score --format json` printed.
fn scores(json: &str) -> Scores {
    let v: Value = serde_json::from_str(json).unwrap();
    v["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sys| {
            let metrics = sys["metrics"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, m)| {
                    (
                        k.clone(),
                        m["score"].as_f64().unwrap(),
                        m["signature"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            (sys["name"].as_str().unwrap().to_owned(), metrics)
        })
        .collect()
}

fn score_of(all: &Scores, system: &str, metric: &str) -> f64 {
    let (_, m) = all.iter().find(|(n, _)| n == system).unwrap();
    m.iter().find(|(k, _, _)| k == metric).unwrap().1
}

/// A French reference in NFC and one system twice: as shipped (NFC) and decomposed (NFD), as
/// macOS tools write it. Without `--normalize` the NFD copy loses on every metric and its file
/// gets one warning; with `--normalize nfc` both score exactly what the NFC system scores
/// unnormalized, and every signature says `unicode:nfc`.
#[test]
fn decomposed_system_warns_scores_lower_and_normalizes_to_the_composed_score() {
    let Some(shared) = shared() else { return };
    let set = shared.join("corpora/wmt22.de-fr");
    let reference = set.join("references/A.fr");
    let system = std::fs::read_to_string(set.join("systems/Online-B.fr")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let nfc = dir.path().join("Online-B.fr");
    let nfd = dir.path().join("Online-B-nfd.fr");
    std::fs::write(&nfc, &system).unwrap();
    let decomposed: String = system.nfd().collect();
    assert_ne!(decomposed, system, "the system has accents to decompose");
    let changed = system
        .lines()
        .zip(decomposed.lines())
        .filter(|(a, b)| a != b)
        .count();
    std::fs::write(&nfd, &decomposed).unwrap();

    let base = [
        "score",
        &s(&reference),
        "-i",
        &s(&nfc),
        &s(&nfd),
        "-m",
        "bleu",
        "chrf",
        "ter",
        "--format",
        "json",
    ];
    let (code, out, err) = run(&base);
    assert_eq!(code, 0, "{err}");
    let warnings: Vec<&str> = err.lines().collect();
    assert_eq!(warnings.len(), 1, "one warning, for the NFD file: {err}");
    assert!(
        warnings[0].contains(&format!(
            "{}:1: {changed} lines are not in Unicode NFC",
            s(&nfd)
        )),
        "{err}"
    );
    let raw = scores(&out);
    for (metric, worse) in [("bleu", -1.0), ("chrf", -1.0), ("ter", 1.0)] {
        let (a, b) = (
            score_of(&raw, "Online-B", metric),
            score_of(&raw, "Online-B-nfd", metric),
        );
        assert!((b - a) * worse > 1.0, "{metric}: NFC {a}, NFD {b}");
    }
    for (_, m) in &raw {
        assert!(m.iter().all(|(_, _, sig)| !sig.contains("unicode")));
    }

    // -q silences the warning.
    let (code, _, err) = run(&[&base[..], &["-q"]].concat());
    assert_eq!((code, err.as_str()), (0, ""));

    let (code, out, err) = run(&[&base[..], &["--normalize", "nfc"]].concat());
    assert_eq!((code, err.as_str()), (0, ""), "no warning once normalized");
    let normalized = scores(&out);
    for metric in ["bleu", "chrf", "ter"] {
        let want = score_of(&raw, "Online-B", metric);
        assert_eq!(score_of(&normalized, "Online-B", metric), want, "{metric}");
        assert_eq!(
            score_of(&normalized, "Online-B-nfd", metric),
            want,
            "{metric}"
        );
    }
    for (_, m) in &normalized {
        for (k, _, sig) in m {
            assert!(
                sig.ends_with("|unicode:nfc|version:mtmeter-0.1.0"),
                "{k}: {sig}"
            );
        }
    }
    // Short signatures too.
    let (code, out, _) = run(&[
        "score",
        &s(&reference),
        "-i",
        &s(&nfd),
        "-m",
        "bleu",
        "chrf",
        "--normalize",
        "nfc",
        "-sh",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("|s:exp|u:nfc|v:") && out.contains("|s:no|u:nfc|v:"),
        "{out}"
    );
}

/// The gate compares signatures: a baseline made on normalized text is not comparable with a
/// candidate scored on the text as read (exit 3, naming the field), and is with one normalized
/// the same way.
#[test]
fn gate_refuses_a_normalized_baseline_against_an_unnormalized_candidate() {
    let Some(shared) = shared() else { return };
    let set = shared.join("corpora/wmt22.de-fr");
    let reference = s(&set.join("references/A.fr"));
    let dir = tempfile::tempdir().unwrap();
    let baseline = s(&dir.path().join("base.json"));
    let base_sys = s(&set.join("systems/Online-A.fr"));
    let cand = s(&set.join("systems/Online-B.fr"));
    let (code, _, err) = run(&[
        "baseline",
        &reference,
        "-i",
        &base_sys,
        "-m",
        "bleu",
        "--normalize",
        "nfc",
        "--out",
        &baseline,
    ]);
    assert_eq!(code, 0, "{err}");
    let stored = std::fs::read_to_string(&baseline).unwrap();
    assert!(
        stored.contains("|unicode:nfc|version:"),
        "recorded in the baseline"
    );
    let (code, _, err) = run(&[
        "check",
        "--baseline",
        &baseline,
        &reference,
        "-i",
        &cand,
        "-m",
        "bleu",
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("unicode nfc only in the baseline"), "{err}");
    let (code, _, err) = run(&[
        "check",
        "--baseline",
        &baseline,
        &reference,
        "-i",
        &cand,
        "-m",
        "bleu",
        "--normalize",
        "nfc",
    ]);
    assert!(code == 0 || code == 1, "comparable: {code} {err}");
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

/// A corpus folder built from a real test set, with the strays people leave in one: only the
/// systems in the references' language are scored (exactly as when given as files), the rest
/// is named in warnings; a second reference in another language is refused.
#[test]
fn corpus_folder_takes_only_the_references_language_and_skips_strays() {
    let Some(shared) = shared() else { return };
    let set = shared.join("corpora/wmt22.en-de");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy(&set.join("source.en"), &d.join("source.en"));
    copy(&set.join("references/A.de"), &d.join("references/A.de"));
    copy(
        &set.join("systems/Online-A.de"),
        &d.join("systems/Online-A.de"),
    );
    copy(
        &set.join("systems/Online-B.de"),
        &d.join("systems/Online-B.de"),
    );
    copy(
        &set.join("systems/Online-G.de"),
        &d.join("systems/PROMT.de~"),
    );
    copy(&set.join("systems/Online-G.de"), &d.join("systems/.x.de"));
    std::fs::write(d.join("systems/README"), "how these were made\n").unwrap();
    copy(&set.join("source.en"), &d.join("systems/Online-B.en"));

    let (code, out, err) = run(&["score", "--corpus", &s(d), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let got = scores(&out);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Online-A", "Online-B"]);
    assert!(err.contains("skipped backup files PROMT.de~"), "{err}");
    assert!(err.contains("skipped hidden files .x.de"), "{err}");
    assert!(
        err.contains("skipped Online-B.en, README (not .de, the references' extension)"),
        "{err}"
    );
    let (_, explicit, _) = run(&[
        "score",
        &s(&set.join("references/A.de")),
        "-i",
        &s(&set.join("systems/Online-A.de")),
        &s(&set.join("systems/Online-B.de")),
        "--format",
        "json",
    ]);
    assert_eq!(got, scores(&explicit), "the same scores as the files");

    copy(&set.join("references/B.de"), &d.join("references/B.fr"));
    let (code, _, err) = run(&["score", "--corpus", &s(d)]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "the references must share one language extension, found .de: A.de; .fr: B.fr"
        ),
        "{err}"
    );
}

/// `ref.de r2/ref.de`: two references with the same file stem in different folders are two
/// references (named `ref` and `r2/ref`), as sacreBLEU takes them.
#[test]
fn references_with_the_same_stem_in_different_folders_are_both_used() {
    let Some(shared) = shared() else { return };
    let set = shared.join("corpora/wmt22.en-de");
    let dir = tempfile::tempdir().unwrap();
    copy(&set.join("references/A.de"), &dir.path().join("ref.de"));
    copy(&set.join("references/B.de"), &dir.path().join("r2/ref.de"));
    let sys = s(&set.join("systems/Online-A.de"));
    let out = mtmeter()
        .current_dir(dir.path())
        .args([
            "score",
            "ref.de",
            "r2/ref.de",
            "-i",
            &sys,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let (_, want, _) = run(&[
        "score",
        &s(&set.join("references/A.de")),
        &s(&set.join("references/B.de")),
        "-i",
        &sys,
        "--format",
        "json",
    ]);
    assert_eq!(
        scores(&String::from_utf8(out.stdout).unwrap()),
        scores(&want)
    );
    assert!(scores(&want)[0].1[0].2.starts_with("nrefs:2|"));

    let corpus = mtmeter::corpus::TextFiles {
        references: vec![dir.path().join("ref.de"), dir.path().join("r2/ref.de")],
        systems: vec![PathBuf::from(&sys)],
        ..Default::default()
    };
    let names: Vec<String> = mtmeter::corpus::Loader::load(&corpus, &Default::default())
        .unwrap()
        .references
        .into_iter()
        .map(|r| r.name)
        .collect();
    // Absolute paths: the names grow until they differ (relative ones give `ref`, `r2/ref`).
    assert_eq!(names[1], "r2/ref");
    assert!(
        names[0].ends_with("/ref") && names[0] != names[1],
        "{names:?}"
    );
}

/// Run with a deadline: a hang is a failure, not a stuck test.
fn run_with_deadline(args: &[&str], limit: Duration) -> (i32, String) {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("mtmeter"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mtmeter {args:?} still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_same_fifo_twice_is_refused_before_opening_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    let made = StdCommand::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reference = dir.path().join("ref.txt");
    std::fs::write(&reference, "a b\n").unwrap();
    let (r, f) = (s(&reference), s(&fifo));
    let same = s(&dir.path().join(".").join("out.fifo"));
    for (args, expected) in [
        (
            vec!["score", &r, "-i", &f, &f],
            format!(
                "{f} is given twice (as system 1 and system 2): a pipe or device can be read only once"
            ),
        ),
        (
            vec!["score", &r, "-i", &f, &same],
            format!("{f} and {same} are the same file (as system 1 and system 2)"),
        ),
        (
            vec!["score", &f, "-i", &f],
            format!(
                "{f} is given twice (as reference 1 and system 1): a pipe or device can be read only once"
            ),
        ),
        (
            vec!["analyze", &r, "-i", &f, &f],
            format!("{f} is given twice"),
        ),
    ] {
        // Nobody writes to the FIFO: opening it would block forever.
        let (code, err) = run_with_deadline(&args, Duration::from_secs(30));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(&expected),
            "{err:?} should contain {expected:?}"
        );
    }
}

#[test]
fn a_plain_file_given_twice_is_refused_but_may_be_reference_and_system() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("ref.txt");
    let sys = dir.path().join("sys.txt");
    std::fs::write(&reference, "the cat sat on the mat today\n").unwrap();
    std::fs::write(&sys, "a cat sat\n").unwrap();
    let (r, y) = (s(&reference), s(&sys));
    for (args, expected) in [
        (
            vec!["score", &r, "-i", &y, &y],
            format!("{y} is given twice (as system 1 and system 2): give each input once"),
        ),
        (
            vec!["score", &r, &r, "-i", &y],
            format!("{r} is given twice (as reference 1 and reference 2)"),
        ),
        (
            vec!["score", &r, "-i", "-", "-"],
            "<stdin> is given twice (as system 1 and system 2): standard input can be read only once".to_owned(),
        ),
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&expected), "{err:?} should contain {expected:?}");
    }
    // A reference scored against itself: the usual sanity check, 100 BLEU.
    let (code, out, err) = run(&["score", &r, "-i", &r, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let bleu = score_of(&scores(&out), "ref", "bleu");
    assert!((bleu - 100.0).abs() < 1e-9, "{bleu}");
}

/// One hostile input.
struct Hostile {
    name: &'static str,
    /// Writes the system input into the folder; returns its path.
    make: fn(&Path) -> PathBuf,
    /// What stderr must say, `{sys}` and `{ref}` replaced by the paths.
    expected: &'static str,
    /// The reference is empty too.
    empty_reference: bool,
}

fn write(dir: &Path, bytes: &[u8]) -> PathBuf {
    let p = dir.join("sys.txt");
    std::fs::write(&p, bytes).unwrap();
    p
}

const HOSTILE: &[Hostile] = &[
    Hostile {
        name: "byte-order mark",
        make: |d| write(d, b"\xEF\xBB\xBFa b\nc d\n"),
        expected: "{sys}:1: file starts with a UTF-8 byte-order mark",
        empty_reference: false,
    },
    Hostile {
        name: "invalid UTF-8",
        make: |d| write(d, b"a b\nc \xff d\n"),
        expected: "{sys}:2: invalid UTF-8 at byte 3 of the line",
        empty_reference: false,
    },
    Hostile {
        name: "NUL byte",
        make: |d| write(d, b"a b\nc\0d\n"),
        expected: "{sys}:2: NUL byte at byte 2 of the line",
        empty_reference: false,
    },
    Hostile {
        name: "UTF-16 without BOM",
        make: |d| {
            let b: Vec<u8> = "a b\nc d\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect();
            write(d, &b)
        },
        expected: "{sys}:1: NUL byte at byte 2 of the line",
        empty_reference: false,
    },
    Hostile {
        name: "empty file",
        make: |d| write(d, b""),
        expected: "{sys} is empty but {ref} has 2 lines",
        empty_reference: false,
    },
    Hostile {
        name: "everything empty",
        make: |d| write(d, b""),
        expected: "all input files are empty ({ref}, {sys})",
        empty_reference: true,
    },
    Hostile {
        name: "mismatched line counts",
        make: |d| write(d, b"a b\nc d\ne f\n"),
        expected: "{sys} has 3 lines but {ref} has 2",
        empty_reference: false,
    },
    Hostile {
        name: "directory given as a file",
        make: |d| {
            let p = d.join("sys.txt");
            std::fs::create_dir(&p).unwrap();
            p
        },
        expected: "{sys}: cannot read: Is a directory",
        empty_reference: false,
    },
    Hostile {
        name: "missing file",
        make: |d| d.join("sys.txt"),
        expected: "{sys}: cannot read: No such file or directory",
        empty_reference: false,
    },
    Hostile {
        name: "unreadable file",
        make: |d| {
            use std::os::unix::fs::PermissionsExt;
            let p = write(d, b"a b\nc d\n");
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
            p
        },
        expected: "{sys}: cannot read: Permission denied",
        empty_reference: false,
    },
];

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walk(dir).iter().map(|p| s(p)).collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

/// Every hostile input, through every command that reads a test set: exit 2, one line on
/// stderr naming the file (and the line), and nothing written (no report folder, no baseline,
/// no temporary file left beside them).
#[test]
fn hostile_inputs_are_one_line_errors_with_exit_2_and_nothing_written() {
    let good = tempfile::tempdir().unwrap();
    let good_sys = write(good.path(), b"a b\nc e\n");
    let good_ref = good.path().join("ref.txt");
    std::fs::write(&good_ref, "a b\nc d\n").unwrap();
    let stored = s(&good.path().join("base.json"));
    let (code, _, err) = run(&[
        "baseline",
        &s(&good_ref),
        "-i",
        &s(&good_sys),
        "--out",
        &stored,
    ]);
    assert_eq!(code, 0, "{err}");

    let mut checked = 0;
    for h in HOSTILE {
        let dir = tempfile::tempdir().unwrap();
        let reference = dir.path().join("ref.txt");
        std::fs::write(
            &reference,
            if h.empty_reference { "" } else { "a b\nc d\n" },
        )
        .unwrap();
        let sys = (h.make)(dir.path());
        if h.name == "unreadable file" && std::fs::read(&sys).is_ok() {
            // Root reads any file whatever its mode (CI runs as root): nothing to test here.
            eprintln!(
                "NOTE: not run: {}: this user can read a file of mode 000",
                h.name
            );
            continue;
        }
        let (r, y) = (s(&reference), s(&sys));
        let expected = h.expected.replace("{sys}", &y).replace("{ref}", &r);
        let out = dir.path().join("out");
        let o = s(&out);
        let before = listing(dir.path());
        let commands: [Vec<&str>; 5] = [
            vec!["score", &r, "-i", &y],
            vec!["analyze", &r, "-i", &y],
            vec!["evaluate", &r, "-i", &y, "--out", &o],
            vec!["baseline", &r, "-i", &y, "--out", &o],
            vec!["check", "--baseline", &stored, &r, "-i", &y],
        ];
        for args in commands {
            let (code, stdout, err) = run(&args);
            assert_eq!(code, 2, "{}: {args:?}: {err}", h.name);
            assert_eq!(
                err.lines().count(),
                1,
                "{}: {args:?}: one line expected: {err:?}",
                h.name
            );
            assert!(
                err.contains(&expected),
                "{}: {args:?}: {err:?} should contain {expected:?}",
                h.name
            );
            assert_eq!(stdout, "", "{}: {args:?}", h.name);
            assert!(!out.exists(), "{}: {args:?} wrote {o}", h.name);
            assert_eq!(listing(dir.path()), before, "{}: {args:?}", h.name);
            checked += 1;
        }
    }
    assert!(checked >= 45, "{checked}");
}

/// A system that output nothing (every line empty) is not an error: every command scores it.
#[test]
fn a_system_of_empty_lines_is_scored_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("ref.txt");
    std::fs::write(&reference, "a b\nc d\n").unwrap();
    let sys = write(dir.path(), b"\n\n");
    let (r, y) = (s(&reference), s(&sys));
    let o = s(&dir.path().join("out"));
    let b = s(&dir.path().join("b.json"));
    for args in [
        vec!["score", &r, "-i", &y, "-m", "bleu", "chrf", "chrf++", "ter"],
        vec!["analyze", &r, "-i", &y],
        // evaluate compares systems: the empty one and a real one.
        vec!["evaluate", &r, "-i", &y, &r, "--out", &o],
        vec!["baseline", &r, "-i", &y, "--out", &b],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
}
