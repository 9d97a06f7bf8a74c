//! sacreBLEU's flags (issue 12): one case per row and spelling of the flag table in
//! `src/cli/compat.rs`, the README table checked against it, sacreBLEU goldens
//! (`tests/golden/flags.json`, made by `tests/golden/flags.py`) where both tools can run the
//! same command, system naming, output defaults, escaping and `analyze`'s habits of `score`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

use crate::common::{root, shared};

#[allow(dead_code)]
#[path = "../../src/cli/compat.rs"]
mod compat;

use compat::{Expect, FLAGS};

const REF: &str = "references/ref.fr";
const SYS: &str = "systems/neural-b.fr";

fn demo() -> PathBuf {
    root().join("corpora/demo")
}

fn mtmeter_in(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("mtmeter").unwrap();
    // Never the user's ~/.sacrebleu: an empty cache unless a test gives one.
    let empty = std::env::temp_dir().join("mtmeter-flags-no-sacrebleu-cache");
    c.current_dir(dir)
        .env_remove("SACREBLEU_SEED")
        .env_remove("SACREBLEU_FORMAT")
        .env_remove("MTMETER_TESTSETS_TABLE")
        .env("SACREBLEU", empty);
    c
}

/// The wmt19 de-en cache of the `Expect::TestSet` rows, as `tests/golden/flags.py`
/// `testset_cache` builds it from the demo corpus.
pub(crate) fn testset_cache(cache: &Path) {
    const DOCIDS: [&str; 4] = ["bbc.381790", "rt.com.91337", "nytimes.184853", "upi.176266"];
    let raw = cache.join("wmt19/raw");
    std::fs::create_dir_all(raw.join("sgm")).unwrap();
    std::fs::write(raw.join("wmt19.test.tgz"), "placeholder\n").unwrap();
    for (kind, path, name) in [
        ("src", "source.it", "newstest2019-deen-src.de.sgm"),
        ("ref", REF, "newstest2019-deen-ref.en.sgm"),
    ] {
        let text = std::fs::read_to_string(demo().join(path)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut out = vec![match kind {
            "src" => r#"<srcset setid="newstest2019" srclang="any">"#.to_owned(),
            _ => r#"<refset setid="newstest2019" srclang="any" trglang="en">"#.to_owned(),
        }];
        for (d, chunk) in lines.chunks(4).enumerate() {
            let origlang = if d % 2 == 0 { "de" } else { "en" };
            out.push(format!(
                r#"<doc sysid="ref" docid="{}" genre="news" origlang="{origlang}">"#,
                DOCIDS[d % 4]
            ));
            for (i, l) in chunk.iter().enumerate() {
                out.push(format!(r#"<seg id="{}">{l}</seg>"#, i + 1));
            }
            out.push("</doc>".into());
        }
        out.push(format!("</{kind}set>"));
        let text: String = out.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(raw.join("sgm").join(name), text).unwrap();
    }
}

/// The words after `score` for an `Expect::TestSet` row; `tests/golden/flags.py` builds the same.
fn testset_args(flag: &str, args: &[&str]) -> Vec<String> {
    let mut w: Vec<String> = vec!["-i".into(), SYS.into(), flag.into()];
    w.extend(args.iter().map(|s| (*s).to_owned()));
    w.extend(["-b", "-f", "text", "-w", "4"].map(String::from));
    w
}

fn run_in(dir: &Path, args: &[String]) -> Output {
    mtmeter_in(dir).arg("score").args(args).output().unwrap()
}

fn golden() -> serde_json::Value {
    let path = root().join("tests/golden/flags.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The words after `score` for a row's test; `tests/golden/flags.py` builds the same.
fn demo_args(flag: &str, args: &[&str], golden: bool) -> Vec<String> {
    let mut w: Vec<String> = if flag == "-i" || flag == "--input" {
        vec![REF.into(), flag.into(), SYS.into()]
    } else if args.contains(&"-i") {
        vec![REF.into(), flag.into()]
    } else {
        vec![REF.into(), "-i".into(), SYS.into(), flag.into()]
    };
    w.extend(args.iter().map(|s| (*s).to_owned()));
    if golden {
        w.extend(["-b", "-f", "text"].map(String::from));
        if !w.iter().any(|a| a == "-w" || a == "--width") {
            w.extend(["-w", "4"].map(String::from));
        }
    }
    w
}

/// Every row of the table, every spelling: accepted with sacreBLEU's meaning (the numbers
/// sacreBLEU prints, where both can run the command) or refused on one line naming the flag.
#[test]
fn every_sacrebleu_flag_as_the_table_says() {
    let golden = golden();
    let mut failures = Vec::new();
    let mut cases = 0;
    for row in FLAGS {
        for &flag in row.names {
            cases += 1;
            let cache = tempfile::tempdir().unwrap();
            let words = if row.expect == Expect::TestSet {
                testset_cache(cache.path());
                testset_args(flag, row.test_args)
            } else {
                demo_args(flag, row.test_args, row.expect == Expect::Golden)
            };
            let out = if flag == "-V" || flag == "--version" {
                mtmeter_in(&demo()).args(["score", flag]).output().unwrap()
            } else {
                mtmeter_in(&demo())
                    .env("SACREBLEU", cache.path())
                    .arg("score")
                    .args(&words)
                    .output()
                    .unwrap()
            };
            let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
            let code = out.status.code();
            let problem = match row.expect {
                Expect::Golden => {
                    let key = words.join(" ");
                    match golden["demo"][&key].as_str() {
                        None => Some(format!("no golden for `{key}`: run tests/golden/flags.py")),
                        Some(g) if code == Some(0) && stdout == g => None,
                        Some(g) => Some(format!("sacreBLEU prints {g:?}")),
                    }
                }
                Expect::TestSet => {
                    let key = words.join(" ");
                    match golden["testset"][&key].as_str() {
                        None => Some(format!("no golden for `{key}`: run tests/golden/flags.py")),
                        Some(g) if code == Some(0) && stdout == g => None,
                        Some(g) => Some(format!("sacreBLEU prints {g:?}")),
                    }
                }
                Expect::Stdout(s) => (code != Some(0) || !stdout.contains(s))
                    .then(|| format!("stdout should contain {s:?}")),
                Expect::Refused => {
                    let ok = code == Some(2)
                        && stderr.lines().count() == 1
                        && stderr.contains(&row.spelled())
                        && stdout.is_empty();
                    (!ok).then(|| "one-line refusal naming the flag expected".to_owned())
                }
            };
            if let Some(p) = problem {
                failures.push(format!(
                    "mtmeter score {}: {p}; got exit {code:?}, stdout {stdout:?}, stderr {stderr:?}",
                    words.join(" ")
                ));
            }
        }
    }
    assert!(cases > 70, "{cases} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The README's table is the one rendered from the code: they cannot drift.
#[test]
fn readme_flag_table_is_the_table_in_code() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let begin = "<!-- flags:begin (generated from src/cli/compat.rs; tests/integration/flags.rs checks it) -->\n";
    let end = "<!-- flags:end -->";
    let start = readme
        .find(begin)
        .expect("README has the flags:begin marker")
        + begin.len();
    let stop = readme[start..]
        .find(end)
        .expect("README has the flags:end marker")
        + start;
    let expected = compat::markdown_table();
    assert!(
        readme[start..stop] == expected,
        "README's sacreBLEU flag table differs from src/cli/compat.rs; replace it with:\n{expected}"
    );
}

/// Numbers in sacreBLEU's or mtmeter's output, in order (table cells, score lines).
fn numbers(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty()) {
            cur.push(c);
        } else {
            if cur.contains('.') && !cur.ends_with('.') {
                out.push(cur.clone());
            }
            cur.clear();
        }
    }
    out
}

/// The issue's command: `-lc` lowercases (it was read as `-l c`: case-sensitive, no warning).
#[test]
fn lc_lowercases_like_sacrebleu_on_wmt22_en_de() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpora/wmt22.en-de");
    let words: Vec<String> = [
        "references/A.de",
        "-i",
        "systems/Online-A.de",
        "-lc",
        "-f",
        "text",
        "-w",
        "4",
    ]
    .map(String::from)
    .to_vec();
    let out = run_in(&dir, &words);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("36.9489"), "{stdout}");
    assert!(stdout.contains("case:lc"), "{stdout}");
    assert!(!stdout.contains("case:mixed"), "{stdout}");
}

/// Commands both tools run on the shared corpora print the same numbers.
#[test]
fn shared_corpora_commands_print_sacrebleus_numbers() {
    let Some(shared) = shared() else { return };
    let golden = golden();
    for case in golden["shared"].as_array().unwrap() {
        let dir = shared.join("corpora").join(case["set"].as_str().unwrap());
        let mut words: Vec<String> = case["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect();
        if !words.iter().any(|w| w == "-b") {
            words.push("-b".into());
        }
        let out = run_in(&dir, &words);
        assert!(out.status.success(), "{words:?}: {}", text(&out.stderr));
        assert_eq!(
            numbers(&text(&out.stdout)),
            numbers(
                case["stdout"]
                    .as_str()
                    .unwrap()
                    .split("Metric signatures")
                    .next()
                    .unwrap_or_default()
            ),
            "{words:?}"
        );
    }
}

/// `-nr 2`: one reference file, two tab-separated references per line.
#[test]
fn num_refs_splits_the_reference_on_tabs_like_sacrebleu() {
    let dir = tempfile::tempdir().unwrap();
    let read = |p: &str| std::fs::read_to_string(demo().join(p)).unwrap();
    let (r, a) = (read(REF), read("systems/neural-a.fr"));
    let joined: String = r
        .lines()
        .zip(a.lines())
        .map(|(x, y)| format!("{}\t{}\n", x.trim_end(), y.trim_end()))
        .collect();
    let tsv = dir.path().join("refs.tsv");
    std::fs::write(&tsv, joined).unwrap();
    let words: Vec<String> = vec![
        tsv.display().to_string(),
        "-i".into(),
        demo().join(SYS).display().to_string(),
        "-nr".into(),
        "2".into(),
        "-b".into(),
        "-w".into(),
        "4".into(),
    ];
    let out = run_in(&demo(), &words);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), golden()["num_refs_2"].as_str().unwrap());
    // A line with the wrong number of fields is refused with its line number.
    std::fs::write(&tsv, "a\tb\nc\n").unwrap();
    let out = run_in(
        &demo(),
        &[
            tsv.display().to_string(),
            "-i".into(),
            tsv.display().to_string(),
            "-nr".into(),
            "2".into(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("refs.tsv:2: expected 2 tab-separated references"));
}

/// `-f latex` prints sacreBLEU's table (names given as sacreBLEU names systems: their paths).
#[test]
fn latex_is_sacrebleus_table() {
    let golden = golden();
    let systems = [
        "systems/neural-a.fr",
        "systems/neural-b.fr",
        "systems/phrase-based.fr",
    ];
    for case in golden["latex"].as_array().unwrap() {
        let mut words: Vec<String> = vec![REF.into(), "-i".into()];
        words.extend(systems.map(String::from));
        words.push("--names".into());
        words.extend(systems.map(String::from));
        words.extend(
            case["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_owned()),
        );
        words.extend(["-f", "latex"].map(String::from));
        let out = run_in(&demo(), &words);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let ours = text(&out.stdout);
        let version = format!("version:mtmeter-{}", env!("CARGO_PKG_VERSION"));
        let ours = ours.replace(&version, "version:2.6.0");
        assert_eq!(ours, case["stdout"].as_str().unwrap(), "{words:?}");
    }
}

fn refused_in(dir: &Path, sub: &str, words: &[&str], expected: &str) {
    let out = mtmeter_in(dir).arg(sub).args(words).output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{words:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{words:?}: {stderr}");
    assert!(
        stderr.contains(expected),
        "{words:?}: {stderr:?} should contain {expected:?}"
    );
}

#[test]
fn language_pair_is_xx_yy_only() {
    for bad in ["c", "english", "en", "en_de", "EN-DE", "en-de-fr"] {
        refused_in(
            &demo(),
            "score",
            &[REF, "-i", SYS, "-l", bad],
            "is not a language pair",
        );
        refused_in(
            &demo(),
            "analyze",
            &[REF, "-i", SYS, "-l", bad],
            "is not a language pair",
        );
    }
    let out = run_in(&demo(), &[REF, "-i", SYS, "-l", "it-fr"].map(String::from));
    assert!(out.status.success());
}

#[test]
fn test_set_by_name_needs_its_pair_and_tok_is_the_tokenizer() {
    refused_in(
        &demo(),
        "score",
        &["-t", "wmt22", "-i", SYS],
        "needs a language pair (-l)",
    );
    refused_in(
        &demo(),
        "score",
        &["-t", "wmt22", "-l", "xx-yy", "-i", SYS],
        "test set 'wmt22' has no language pair 'xx-yy'; it has: cs-en, cs-uk",
    );
    refused_in(
        &demo(),
        "score",
        &["-t", "nosuchset", "-l", "en-de", "-i", SYS],
        "unknown test set 'nosuchset'",
    );
    // A reference file and a test set: one or the other, as in sacreBLEU.
    refused_in(
        &demo(),
        "score",
        &[REF, "-i", SYS, "--tokenize=13a", "-t", "13a"],
        "--test-set",
    );
    let out = run_in(
        &demo(),
        &[REF, "-i", SYS, "-tok", "char", "-f", "text"].map(String::from),
    );
    assert!(text(&out.stdout).contains("tok:char"));
}

#[test]
fn unknown_and_misspelled_options_are_one_line_errors() {
    refused_in(
        &demo(),
        "score",
        &[REF, "-i", SYS, "--scoreonly"],
        "--scoreonly",
    );
    refused_in(
        &demo(),
        "score",
        &[REF, "-i", SYS, "-e", "latin-1"],
        "iconv",
    );
    refused_in(
        &demo(),
        "analyze",
        &[REF, "-i", SYS, "-lc"],
        "-lc/--lowercase",
    );
    // argparse's abbreviations of sacreBLEU's options mean what they mean there.
    let out = run_in(
        &demo(),
        &[REF, "-i", SYS, "--lower", "--score", "-w", "4"].map(String::from),
    );
    assert_eq!(
        text(&out.stdout),
        golden()["demo"][format!("{REF} -i {SYS} -lc -b -f text -w 4")]
            .as_str()
            .unwrap()
    );
}

#[test]
fn repeated_options_take_the_last_value_like_argparse() {
    let out = run_in(
        &demo(),
        &[REF, "-i", SYS, "-w", "2", "-b", "-w", "4"].map(String::from),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // sacreBLEU 2.6.0 prints 70.7153 for this system with -b -w 4 (tests/golden/flags.json).
    assert_eq!(text(&out.stdout), "70.7153\n");
}

#[test]
fn text_is_the_default_format_when_piped() {
    let out = run_in(&demo(), &[REF, "-i", SYS].map(String::from));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("System"), "{stdout}");
    assert!(serde_json::from_str::<serde_json::Value>(&stdout).is_err());
    let out = mtmeter_in(&demo())
        .args(["analyze", "--corpus", "."])
        .output()
        .unwrap();
    assert!(text(&out.stdout).starts_with("System"));
}

#[test]
fn short_signatures_in_json_too() {
    let out = run_in(
        &demo(),
        &[REF, "-i", SYS, "-m", "bleu", "ter", "-sh", "-f", "json"].map(String::from),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &v["systems"][0]["metrics"];
    assert!(
        m["bleu"]["signature"]
            .as_str()
            .unwrap()
            .starts_with("#:1|c:mixed|e:no|tok:13a|s:exp|v:")
    );
    assert!(
        m["ter"]["signature"]
            .as_str()
            .unwrap()
            .starts_with("#:1|c:lc|t:tercom|nr:no|pn:yes|as:no|v:")
    );
}

fn copy_demo_as(dir: &Path, rel: &str, from: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::copy(demo().join(from), p).unwrap();
}

fn names_of(out: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    v["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn experiment_layout_gets_the_shortest_unique_names() {
    let dir = tempfile::tempdir().unwrap();
    copy_demo_as(dir.path(), "ref.fr", REF);
    copy_demo_as(dir.path(), "exp1/hyp.fr", "systems/neural-a.fr");
    copy_demo_as(dir.path(), "exp2/hyp.fr", SYS);
    copy_demo_as(dir.path(), "other.fr", "systems/phrase-based.fr");
    let w = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let out = run_in(
        dir.path(),
        &w(&[
            "ref.fr",
            "-i",
            "exp1/hyp.fr",
            "exp2/hyp.fr",
            "other.fr",
            "-f",
            "json",
        ]),
    );
    assert_eq!(names_of(&out), ["exp1/hyp", "exp2/hyp", "other"]);
    // --names, and NAME=PATH
    let out = run_in(
        dir.path(),
        &w(&[
            "ref.fr",
            "-i",
            "exp1/hyp.fr",
            "exp2/hyp.fr",
            "--names",
            "base",
            "new",
            "-f",
            "json",
        ]),
    );
    assert_eq!(names_of(&out), ["base", "new"]);
    let out = run_in(
        dir.path(),
        &w(&[
            "ref.fr",
            "-i",
            "base=exp1/hyp.fr",
            "exp2/hyp.fr",
            "-f",
            "json",
        ]),
    );
    assert_eq!(names_of(&out), ["base", "hyp"]);
    refused_in(
        dir.path(),
        "score",
        &["ref.fr", "-i", "exp1/hyp.fr", "--names", "a", "b"],
        "--names gives 2 names for 1 systems",
    );
    // The same for references: two refs named ref in different folders.
    copy_demo_as(dir.path(), "a/ref.fr", REF);
    copy_demo_as(dir.path(), "b/ref.fr", REF);
    let out = run_in(
        dir.path(),
        &w(&["a/ref.fr", "b/ref.fr", "-i", "other.fr", "-f", "json"]),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run_in(
        dir.path(),
        &w(&["A=a/ref.fr", "B=b/ref.fr", "-i", "other.fr", "-f", "json"]),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The very same file twice is still refused.
    refused_in(
        dir.path(),
        "score",
        &["ref.fr", "-i", "other.fr", "other.fr"],
        "other.fr is given twice (as system 1 and system 2)",
    );
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    copy_demo_as(dir.path(), "ref.fr", REF);
    let hostile: String = std::fs::read_to_string(demo().join(SYS))
        .unwrap()
        .lines()
        .map(|l| format!("\x1b]0;pwned\x07{l} \x1b[2J\u{9b}31m\r\n"))
        .collect();
    std::fs::write(dir.path().join("evil.fr"), hostile).unwrap();
    copy_demo_as(dir.path(), "good.fr", "systems/neural-a.fr");
    let out = mtmeter_in(dir.path())
        .args([
            "analyze",
            "ref.fr",
            "-i",
            "evil.fr",
            "good.fr",
            "--breakdowns",
            "-f",
            "text",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        !stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{stdout:?}"
    );
    // A file name with an escape sequence, in the segment table that shows paths.
    copy_demo_as(dir.path(), "e\x1b[2Jvil.fr", SYS);
    let out = run_in(
        dir.path(),
        &["ref.fr", "-i", "e\x1b[2Jvil.fr", "-sl", "-f", "text"].map(String::from),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("e\\x1b[2Jvil"), "{stdout}");
    assert!(
        !stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{stdout:?}"
    );
    // A newline in a system name does not break the table.
    let out = run_in(
        dir.path(),
        &["ref.fr", "-i", "a\nb=good.fr", "-f", "text"].map(String::from),
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("a\\x0ab"), "{stdout}");
}

#[test]
fn cjk_text_is_detected_by_content_in_score_and_analyze() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let zh = shared.join("corpora/wmt22.en-zh");
    // No .zh extension: the content decides.
    std::fs::copy(zh.join("references/A.zh"), dir.path().join("ref.txt")).unwrap();
    std::fs::copy(zh.join("systems/Online-A.zh"), dir.path().join("sys.txt")).unwrap();
    let warned = |sub: &str, extra: &[&str]| {
        let out = mtmeter_in(dir.path())
            .args([sub, "ref.txt", "-i", "sys.txt"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stderr).contains("looks like Chinese or Japanese")
    };
    assert!(warned("score", &[]));
    assert!(warned("analyze", &[]));
    assert!(!warned("score", &["-l", "en-zh"]));
    assert!(!warned("analyze", &["-l", "en-zh"]));
    assert!(!warned("score", &["-q"]));
    // analyze -l en-zh picks the zh tokenizer.
    let out = mtmeter_in(dir.path())
        .args([
            "analyze", "ref.txt", "-i", "sys.txt", "-l", "en-zh", "-f", "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["signature"]["tokenizer"], "zh");
}

#[test]
fn help_texts_mention_only_options_that_exist() {
    let help = |sub: &str| {
        text(
            &mtmeter_in(&demo())
                .args([sub, "--help"])
                .output()
                .unwrap()
                .stdout,
        )
    };
    let analyze = help("analyze");
    assert!(!analyze.contains("--width"), "{analyze}");
    assert!(analyze.contains("--language-pair"));
    let score = help("score");
    for s in [
        "--score-only",
        "--num-refs",
        "--encoding",
        "--quiet",
        "--no-color",
        "--force",
        "--names",
        "latex",
    ] {
        assert!(score.contains(s), "score --help lacks {s}");
    }
    assert!(
        score
            .lines()
            .any(|l| l.trim_start().starts_with("-t, --test-set")),
        "-t is sacreBLEU's test set"
    );
}
