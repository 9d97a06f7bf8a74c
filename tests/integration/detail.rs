//! sacreBLEU's `-d/--detail`: the table of scores by original language and subset, against
//! what sacreBLEU 2.6.0 prints (`tests/golden/detail.json`, made by `tests/golden/detail.py`
//! on offline caches this file builds the same way), from a test set by name, from the same
//! WMT XML file given directly and from a TSV with origlang/domain columns; its JSON, several
//! systems, and its refusals.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

use crate::common::{root, shared};
use crate::flags::testset_cache;

const SYS: &str = "systems/neural-b.fr";
const WMT22_XML: &str = "wmttest2022.de-fr.all.xml";

fn golden() -> serde_json::Value {
    let path = root().join("tests/golden/detail.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn demo() -> PathBuf {
    root().join("corpora/demo")
}

fn run(dir: &Path, cache: &Path, words: &[String]) -> Output {
    Command::cargo_bin("mtmeter")
        .unwrap()
        .current_dir(dir)
        .env("SACREBLEU", cache)
        .env_remove("MTMETER_TESTSETS_TABLE")
        .env_remove("SACREBLEU_FORMAT")
        .arg("score")
        .arg("-q")
        .args(words)
        .output()
        .unwrap()
}

fn ok(dir: &Path, cache: &Path, words: &[String]) -> String {
    let out = run(dir, cache, words);
    assert!(
        out.status.success(),
        "{words:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn words(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_owned).collect()
}

/// The wmt22 cache of `tests/golden/detail.py`: the real XML where the download unpacks it.
fn wmt22_cache(cache: &Path, corpus: &Path) {
    let xml = cache.join("wmt22/raw/wmt22-news-systems-1.1/xml");
    std::fs::create_dir_all(&xml).unwrap();
    std::fs::copy(corpus.join(WMT22_XML), xml.join(WMT22_XML)).unwrap();
}

/// The rows of sacreBLEU's `-d` table in its output (after the `-b` score lines).
fn table(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.starts_with("origlang="))
        .collect()
}

#[test]
fn wmt19_sgml_test_set_prints_sacrebleus_table() {
    let golden = golden();
    let cases = golden["wmt19"].as_object().unwrap();
    assert_eq!(cases.len(), 4);
    let cache = tempfile::tempdir().unwrap();
    testset_cache(cache.path());
    for (args, expected) in cases {
        let got = ok(&demo(), cache.path(), &words(args));
        assert_eq!(got, expected.as_str().unwrap(), "sacrebleu {args}");
    }
}

#[test]
fn wmt22_xml_by_name_by_file_and_as_tsv_print_sacrebleus_table() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpora/wmt22.de-fr");
    let golden = golden();
    let cases = golden["wmt22"].as_object().unwrap();
    assert_eq!(
        cases.len(),
        2,
        "run tests/golden/detail.py with the shared corpora"
    );
    let cache = tempfile::tempdir().unwrap();
    wmt22_cache(cache.path(), &corpus);
    for (args, expected) in cases {
        let expected = expected.as_str().unwrap();
        assert_eq!(ok(&corpus, cache.path(), &words(args)), expected, "{args}");
        // The same XML given as a file: the same rows, from the document metadata.
        let system = args.split(' ').skip_while(|w| *w != "-i").nth(1).unwrap();
        let name = system
            .trim_start_matches("systems/")
            .trim_end_matches(".fr");
        let rest: Vec<String> = words(args).into_iter().skip_while(|w| w != "-d").collect();
        let mut direct = words(&format!("--wmt-xml {WMT22_XML} --system {name}"));
        direct.extend(rest.iter().cloned());
        assert_eq!(ok(&corpus, cache.path(), &direct), expected, "{direct:?}");
        // And as a TSV with origlang and domain columns (written from the test set's fields).
        let tsv_dir = tempfile::tempdir().unwrap();
        let tsv = tsv_dir.path().join("set.tsv");
        let echo = ok(
            &corpus,
            cache.path(),
            &words(&format!(
                "-t wmt22 -l de-fr --echo src ref docid origlang domain {name}"
            )),
        );
        std::fs::write(&tsv, echo).unwrap();
        let mut by_tsv = vec![
            "--tsv".to_owned(),
            tsv.to_str().unwrap().to_owned(),
            "--columns".to_owned(),
            format!("src,ref,docid,origlang,domain,hyp:{name}"),
        ];
        by_tsv.extend(rest);
        assert_eq!(ok(&corpus, cache.path(), &by_tsv), expected, "{by_tsv:?}");
    }
}

/// JSON keeps the table under `detail`: the same rows, segment counts and (rounded) scores.
#[test]
fn json_detail_holds_the_tables_numbers() {
    let golden = golden();
    let args = "-i systems/neural-b.fr -d -t wmt19 -l de-en -m ter chrf bleu -w 3 -b -f text";
    let expected = golden["wmt19"][args].as_str().unwrap();
    let cache = tempfile::tempdir().unwrap();
    testset_cache(cache.path());
    let json_args = words(&args.replace(" -w 3 -b -f text", " -f json"));
    let doc: serde_json::Value =
        serde_json::from_str(&ok(&demo(), cache.path(), &json_args)).unwrap();
    let detail = doc["detail"].as_object().unwrap();
    let mut lines = Vec::new();
    for (label, group) in detail {
        let n = group["segments"].as_u64().unwrap();
        for (key, name) in [("ter", "TER  "), ("chrf", "chrF2"), ("bleu", "BLEU ")] {
            let score = group[key][0].as_f64().unwrap();
            lines.push(format!("{label:<28}: sentences={n:<6} {name} = {score:.3}"));
        }
    }
    assert_eq!(lines, table(expected));
}

/// Several systems (sacreBLEU prints the table for one only): every system's rows, labelled.
#[test]
fn several_systems_get_one_labelled_table_each() {
    let cache = tempfile::tempdir().unwrap();
    testset_cache(cache.path());
    let one = |sys: &str| {
        let out = ok(
            &demo(),
            cache.path(),
            &words(&format!("-i {sys} -d -t wmt19 -l de-en -b -w 4")),
        );
        table(&out).join("\n")
    };
    let both = ok(
        &demo(),
        cache.path(),
        &words("-i systems/neural-a.fr systems/neural-b.fr -d -t wmt19 -l de-en -b -w 4"),
    );
    for (name, path) in [("neural-a", "systems/neural-a.fr"), ("neural-b", SYS)] {
        let prefix = format!("system={name} ");
        let mine: Vec<String> = both
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .map(|l| l.replacen("  :", ":", 1))
            .collect();
        // The labels are padded to the longest of both systems: compare without the padding.
        let alone: Vec<String> = one(path)
            .lines()
            .map(|l| {
                l.split_once(':')
                    .map(|(a, b)| format!("{} :{b}", a.trim_end()))
                    .unwrap()
            })
            .collect();
        let mine: Vec<String> = mine
            .iter()
            .map(|l| {
                l.split_once(':')
                    .map(|(a, b)| format!("{} :{b}", a.trim_end()))
                    .unwrap()
            })
            .collect();
        assert_eq!(mine, alone, "{name}");
    }
}

#[test]
fn detail_without_metadata_or_with_domain_is_refused_on_one_line() {
    let cache = tempfile::tempdir().unwrap();
    testset_cache(cache.path());
    for (args, says) in [
        (
            "references/ref.fr -i systems/neural-b.fr -d",
            "needs document metadata",
        ),
        (
            "-i systems/neural-b.fr -d -t wmt19 -l de-en --domain news",
            "--subset",
        ),
        ("-i - -d -t wmt19 -l de-en --subset politics", "not '-'"),
    ] {
        let out = run(&demo(), cache.path(), &words(args));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args}: {stderr}");
        assert!(stderr.contains(says), "{args}: {stderr}");
        assert!(out.stdout.is_empty(), "{args}");
    }
}
