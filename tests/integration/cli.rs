//! The command line: refusals (one line naming file, line and counts; exit code 2) and output.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::common::{data, root};

fn mtmeter() -> Command {
    Command::cargo_bin("mtmeter").unwrap()
}

fn refused(args: &[&str], expected: &str) {
    let out = mtmeter().args(args).assert().code(2).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line expected, got {stderr:?}"
    );
    assert!(
        stderr.contains(expected),
        "{stderr:?} should contain {expected:?}"
    );
}

fn p(name: &str) -> String {
    data(name).display().to_string()
}

#[test]
fn mismatched_line_counts_are_refused_naming_both_files_and_counts() {
    refused(
        &["score", &p("ref.fr"), "-i", &p("one_line.fr")],
        &format!("{} has 1 lines but {} has 2", p("one_line.fr"), p("ref.fr")),
    );
}

#[test]
fn invalid_utf8_is_refused_with_file_line_and_byte() {
    refused(
        &["score", &p("ref.fr"), "-i", &p("bad_utf8.fr")],
        &format!(
            "{}:2: invalid UTF-8 at byte 8 of the line",
            p("bad_utf8.fr")
        ),
    );
}

#[test]
fn missing_file_is_refused_with_its_name() {
    refused(
        &["score", &p("ref.fr"), "-i", &p("nope.fr")],
        &format!("{}: cannot read:", p("nope.fr")),
    );
}

#[test]
fn bom_in_hypothesis_is_refused_with_file_name_and_hint() {
    refused(
        &["score", &p("ref.fr"), "-i", &p("bom.fr")],
        &format!(
            "{}:1: file starts with a UTF-8 byte-order mark",
            p("bom.fr")
        ),
    );
    refused(&["score", &p("ref.fr"), "-i", &p("bom.fr")], "--strip-bom");
}

#[test]
fn strip_bom_removes_it_and_warns() {
    let out = mtmeter()
        .args([
            "score",
            &p("ref.fr"),
            "-i",
            &p("bom.fr"),
            "--strip-bom",
            "-f",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed a UTF-8 byte-order mark"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["systems"][0]["metrics"]["bleu"]["score"], 100.00000000000004,
        "sacreBLEU prints exp(ln 100) too"
    );
}

#[test]
fn empty_file_among_non_empty_is_refused() {
    refused(
        &["score", &p("ref.fr"), "-i", &p("empty.fr")],
        &format!("{} is empty but {} has 2 lines", p("empty.fr"), p("ref.fr")),
    );
}

#[test]
fn all_empty_files_are_refused() {
    refused(
        &["score", &p("empty.fr"), "-i", &p("empty.fr")],
        "there is no segment to score",
    );
}

#[test]
fn unsupported_tokenizer_is_a_clear_error() {
    refused(
        &[
            "score",
            &p("ref.fr"),
            "-i",
            &p("crlf.fr"),
            "--tokenize",
            "ja-mecab",
        ],
        "tokenizer 'ja-mecab' is not supported yet",
    );
}

#[test]
fn paired_test_with_one_system_is_refused() {
    for test in ["--paired-bs", "--paired-ar"] {
        refused(
            &["score", &p("ref.fr"), "-i", &p("crlf.fr"), test],
            "paired tests need at least two systems",
        );
    }
}

#[test]
fn duplicate_system_names_are_refused() {
    refused(
        &[
            "score",
            &p("ref.fr"),
            "-i",
            &p("crlf.fr"),
            &p("ref.fr"),
            "--names",
            "s",
            "s",
        ],
        "two systems are named 's'",
    );
}

#[test]
fn corpus_folder_without_systems_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("references")).unwrap();
    std::fs::write(dir.path().join("references/ref.fr"), "a\n").unwrap();
    refused(
        &["score", "--corpus", dir.path().to_str().unwrap()],
        "no systems/ folder",
    );
}

#[test]
fn crlf_and_missing_final_newline_read_like_sacrebleu() {
    // CRLF: the \r is stripped with the trailing whitespace, as sacreBLEU's rstrip() does.
    let out = mtmeter()
        .args([
            "score",
            &p("ref.fr"),
            "-i",
            &p("crlf.fr"),
            &p("no_final_newline.fr"),
            "-f",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["systems"][0]["metrics"]["bleu"]["score"], 100.00000000000004,
        "sacreBLEU prints exp(ln 100) too"
    );
    assert_eq!(v["systems"][1]["metrics"]["bleu"]["sys_len"], 8);
}

#[test]
fn stdin_is_read_for_a_single_system() {
    let out = mtmeter()
        .args(["score", &p("ref.fr"), "-i", "-", "-f", "json"])
        .write_stdin("Le chat est noir.\nIl dort.\n")
        .assert()
        .success()
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["systems"][0]["name"], "stdin");
    assert_eq!(
        v["systems"][0]["metrics"]["bleu"]["score"], 100.00000000000004,
        "sacreBLEU prints exp(ln 100) too"
    );
}

#[test]
fn json_contract_has_requested_metric_keys_and_segments() {
    let demo = root().join("corpora/demo");
    let out = mtmeter()
        .args([
            "score",
            "--corpus",
            demo.to_str().unwrap(),
            "-m",
            "bleu",
            "chrf",
            "chrf++",
            "--sentence-level",
            "-f",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let systems = v["systems"].as_array().unwrap();
    assert_eq!(systems.len(), 4);
    for s in systems {
        let m = s["metrics"].as_object().unwrap();
        assert_eq!(m.keys().collect::<Vec<_>>(), ["bleu", "chrf", "chrf++"]);
        for key in [
            "score",
            "counts",
            "totals",
            "sys_len",
            "ref_len",
            "bp",
            "signature",
        ] {
            assert!(m["bleu"].get(key).is_some(), "bleu.{key} missing");
        }
        assert_eq!(m["bleu"]["counts"].as_array().unwrap().len(), 4);
        assert!(m["chrf++"]["signature"].as_str().unwrap().contains("nw:2"));
        let segs = s["segments"].as_array().unwrap();
        assert_eq!(segs.len(), 178);
        assert!(segs[0]["bleu"].is_f64() && segs[0]["chrf++"].is_f64());
    }
}

#[test]
fn text_table_rounds_to_width_and_lists_signatures() {
    let demo = root().join("corpora/demo");
    mtmeter()
        .args([
            "score",
            "--corpus",
            demo.to_str().unwrap(),
            "-m",
            "bleu",
            "chrf",
            "-f",
            "text",
            "-w",
            "2",
        ])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"neural-a\s+\d+\.\d\d\s+\d+\.\d\d\n").unwrap())
        .stdout(predicate::str::contains(
            "BLEU     nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:mtmeter-",
        ));
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let demo = root().join("corpora/demo");
    let demo = demo.to_str().unwrap();
    let run = |args: &[&str], threads: &str| {
        mtmeter()
            .args(["score", "--corpus", demo, "-f", "json", "-j", threads])
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let sentences = ["-m", "bleu", "chrf++", "--sentence-level"];
    assert_eq!(run(&sentences, "1"), run(&sentences, "3"));
    // The paired test's draws are made while the metrics score: still the same numbers.
    let paired = ["-m", "bleu", "chrf", "ter", "--paired-bs"];
    let one = run(&paired, "1");
    assert!(String::from_utf8_lossy(&one).contains("\"p_value\""));
    assert_eq!(one, run(&paired, "3"));
}

#[test]
fn analyze_reports_error_categories_and_breakdowns_for_the_demo() {
    let demo = root().join("corpora/demo");
    let out = mtmeter()
        .args([
            "analyze",
            "--corpus",
            demo.to_str().unwrap(),
            "--breakdowns",
            "-f",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let systems = v["systems"].as_array().unwrap();
    let names: Vec<_> = systems
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["neural-a", "neural-b", "neural-c", "phrase-based"]);
    let missing = |i: usize| systems[i]["totals"]["counts"]["missing"].as_u64().unwrap();
    let extra = |i: usize| systems[i]["totals"]["counts"]["extra"].as_u64().unwrap();
    let inflection = |i: usize| {
        systems[i]["totals"]["counts"]["hypothesis_inflection"]
            .as_u64()
            .unwrap()
    };
    // The demo's systems were written with these errors: neural-b drops words, phrase-based
    // gets agreement wrong, neural-c adds words; neural-a is close to the reference.
    assert!(
        [0, 2, 3].iter().all(|&i| missing(1) > missing(i)),
        "neural-b should miss most"
    );
    assert!(
        [0, 1, 2].iter().all(|&i| inflection(3) > inflection(i)),
        "phrase-based should have most inflection errors"
    );
    assert!(
        extra(2) > extra(0) && extra(2) > extra(1),
        "neural-c should add more words than neural-a and neural-b"
    );
    assert_eq!(systems[0]["segments"].as_array().unwrap().len(), 178);
    let b = &v["breakdown"];
    assert_eq!(
        b["length_buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["sentences"].as_u64().unwrap())
            .sum::<u64>(),
        178
    );
    let pairs: Vec<(String, String)> = b["ngrams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["left"].as_str().unwrap().to_owned(),
                c["right"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("neural-a".to_owned(), "neural-b".to_owned()),
            ("neural-a".to_owned(), "neural-c".to_owned()),
            ("neural-a".to_owned(), "phrase-based".to_owned())
        ],
        "by default each system is compared with the baseline, the first"
    );
    // The examples show the source, which the corpus folder gives.
    assert!(b["examples"][0]["left_better"][0]["source"].is_string());
}

/// `--baseline` and `--pairs` choose the breakdowns' comparisons; `--pairs all` is compare-mt's
/// every pair.
#[test]
fn analyze_pairs_follow_baseline_and_pairs_options() {
    let demo = root().join("corpora/demo");
    let pairs = |extra: &[&str]| -> Vec<String> {
        let out = mtmeter()
            .args([
                "analyze",
                "--corpus",
                demo.to_str().unwrap(),
                "--breakdowns",
            ])
            .args(["-f", "json"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        v["breakdown"]["ngrams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{}:{}",
                    c["left"].as_str().unwrap(),
                    c["right"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        pairs(&["--baseline", "neural-c"]),
        [
            "neural-a:neural-c",
            "neural-b:neural-c",
            "neural-c:phrase-based"
        ]
    );
    assert_eq!(
        pairs(&["--pairs", "neural-b:phrase-based"]),
        ["neural-b:phrase-based"]
    );
    assert_eq!(pairs(&["--pairs", "all"]).len(), 6);
    refused(
        &[
            "analyze",
            "--corpus",
            demo.to_str().unwrap(),
            "--breakdowns",
            "--baseline",
            "zz",
        ],
        "no system is named 'zz'",
    );
}

#[test]
fn text_output_shows_bleu_details_like_sacrebleu() {
    // sacreBLEU 2.6.0 on the same files prints
    // "BLEU|... = 84.9 93.4/87.6/82.2/77.3 (BP = 1.000 ratio = 1.009 hyp_len = 4376 ref_len = 4337)".
    let demo = root().join("corpora/demo");
    mtmeter()
        .args(["score", "--corpus", demo.to_str().unwrap(), "-m", "bleu", "-f", "text"])
        .assert()
        .success()
        .stdout(predicate::str::contains("neural-a      BLEU 84.9 = 93.4/87.6/82.2/77.3 (BP = 1.000 ratio = 1.009 hyp_len = 4376 ref_len = 4337)"));
}

#[test]
fn statistics_in_json_add_up_to_the_corpus_numbers() {
    let demo = root().join("corpora/demo");
    let out = mtmeter()
        .args([
            "score",
            "--corpus",
            demo.to_str().unwrap(),
            "-m",
            "bleu",
            "ter",
            "--statistics",
            "-f",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for s in v["systems"].as_array().unwrap() {
        let bleu = &s["metrics"]["bleu"];
        let rows = bleu["statistics"].as_array().unwrap();
        assert_eq!(rows.len(), 178);
        let col = |c: usize| rows.iter().map(|r| r[c].as_f64().unwrap()).sum::<f64>();
        assert_eq!(col(0), bleu["sys_len"].as_f64().unwrap());
        assert_eq!(col(1), bleu["ref_len"].as_f64().unwrap());
        for n in 0..4 {
            assert_eq!(col(2 + n), bleu["counts"][n].as_f64().unwrap());
            assert_eq!(col(6 + n), bleu["totals"][n].as_f64().unwrap());
        }
        let ter = &s["metrics"]["ter"];
        let rows = ter["statistics"].as_array().unwrap();
        let edits: f64 = rows.iter().map(|r| r[0].as_f64().unwrap()).sum();
        assert_eq!(edits, ter["num_edits"].as_f64().unwrap());
    }
}

/// sacreBLEU names the chrF column after its beta and word order (`chrF3`, `chrF2++`); the
/// table used to hard-code `chrF2` for `-m chrf` whatever the options.
#[test]
fn chrf_column_is_named_after_beta_and_word_order() {
    let demo = root().join("corpora/demo");
    let demo = demo.to_str().unwrap();
    for (extra, header) in [
        (&["--chrf-beta", "3"][..], "chrF3"),
        (&["--chrf-word-order", "2"][..], "chrF2++"),
        (&[][..], "chrF2"),
    ] {
        let out = mtmeter()
            .args(["score", "--corpus", demo, "-m", "chrf", "-f", "text"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .clone();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let first = stdout.lines().next().unwrap();
        assert_eq!(
            first.split_whitespace().collect::<Vec<_>>(),
            ["System", header],
            "{extra:?}"
        );
    }
}

/// `--short` abbreviates the signatures in JSON as in the text table (it used to apply to the
/// table only).
#[test]
fn short_signatures_apply_to_json_too() {
    let demo = root().join("corpora/demo");
    let run = |short: bool| -> serde_json::Value {
        let mut cmd = mtmeter();
        cmd.args([
            "score",
            "--corpus",
            demo.to_str().unwrap(),
            "-m",
            "bleu",
            "chrf",
        ])
        .args(["--paired-bs", "-f", "json"]);
        if short {
            cmd.arg("--short");
        }
        serde_json::from_slice(&cmd.assert().success().get_output().stdout).unwrap()
    };
    let (long, short) = (run(false), run(true));
    let sig = |v: &serde_json::Value, m: &str| {
        v["systems"][0]["metrics"][m]["signature"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(sig(&long, "bleu").starts_with("nrefs:1|bs:1000|seed:12345|case:mixed"));
    assert!(sig(&short, "bleu").starts_with("#:1|bs:1000|rs:12345|c:mixed"));
    assert!(sig(&short, "chrf").contains("|nc:6|nw:0|s:no|v:mtmeter-"));
    assert_eq!(long["significance"]["test"], "paired-bs");
}

/// Text is the default output even when stdout is not a terminal, as in sacreBLEU
/// (`mtmeter score ... | tee log` logs the table).
#[test]
fn text_is_the_default_format_when_piped() {
    let demo = root().join("corpora/demo");
    mtmeter()
        .args(["score", "--corpus", demo.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("System"));
}

/// The README's JSON example shows real output: every number in it is what the command prints
/// for the first demo system.
#[test]
fn readme_json_example_is_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("### JSON output").unwrap();
    let block = &readme[start..];
    let block = &block[block.find("```json\n").unwrap()..];
    let block = &block[..block[8..].find("```").unwrap()];
    let out = mtmeter()
        .current_dir(root())
        .args([
            "score",
            "--corpus",
            "corpora/demo",
            "-m",
            "bleu",
            "chrf",
            "ter",
        ])
        .args(["--sentence-level", "-f", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let s = &v["systems"][0];
    let m = &s["metrics"];
    for (what, value) in [
        ("\"score\": ", &m["bleu"]["score"]),
        ("\"sys_len\": ", &m["bleu"]["sys_len"]),
        ("\"ref_len\": ", &m["bleu"]["ref_len"]),
        ("\"bp\": ", &m["bleu"]["bp"]),
        ("\"score\": ", &m["chrf"]["score"]),
        ("\"score\": ", &m["ter"]["score"]),
        ("\"num_edits\": ", &m["ter"]["num_edits"]),
        ("\"ref_length\": ", &m["ter"]["ref_length"]),
        ("\"bleu\": ", &s["segments"][0]["bleu"]),
    ] {
        let shown = format!("{what}{value}");
        assert!(block.contains(&shown), "README JSON example lacks {shown}");
    }
    assert!(block.contains(&format!("\"name\": {}", s["name"])));
}
