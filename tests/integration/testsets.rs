//! Test sets by name (issue 16): sacreBLEU's table, its cache layout, downloads from a local
//! HTTP server (never the network), processing compared byte for byte with what sacreBLEU
//! 2.6.0's own dataset classes write (`tests/golden/testsets.json`, made by
//! `tests/golden/testsets.py` from the fixtures in `tests/data/testsets/`), `--origlang` /
//! `--subset` compared with sacreBLEU's `filter_subset`, scores equal to scoring the same text
//! files directly, and failed downloads that leave the cache clean.
#![cfg(feature = "download")]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use flate2::Compression;
use flate2::write::GzEncoder;
use md5::{Digest, Md5};
use serde_json::Value;

use crate::common::{root, shared};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub(crate) fn golden() -> Value {
    let p = root().join("tests/golden/testsets.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn fixture_table() -> Value {
    let p = root().join("tests/data/testsets/table.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A local HTTP/1.1 server on 127.0.0.1: `/sets/NAME` serves a file, `/truncated/NAME`
/// announces the whole file but sends half of it and hangs up, anything else is a 404.
pub(crate) fn serve(files: HashMap<String, Vec<u8>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
                    break;
                }
            }
            let path = request.split(' ').nth(1).unwrap_or("").to_owned();
            let name = path.rsplit('/').next().unwrap_or("");
            let head = |status: &str, len: usize| {
                format!("HTTP/1.1 {status}\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n")
            };
            let _ = match (
                path.starts_with("/sets/"),
                path.starts_with("/truncated/"),
                files.get(name),
            ) {
                (true, _, Some(body)) => stream
                    .write_all(head("200 OK", body.len()).as_bytes())
                    .and_then(|()| stream.write_all(body)),
                (_, true, Some(body)) => stream
                    .write_all(head("200 OK", body.len()).as_bytes())
                    .and_then(|()| stream.write_all(&body[..body.len() / 2])),
                _ => stream.write_all(format!("{}not found", head("404 Not Found", 9)).as_bytes()),
            };
            let _ = stream.flush();
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    });
    port
}

/// What each fixture URL serves (by its last path segment): a .tar.gz of a folder, a gzipped
/// file or a file as is.
fn fixture_files(table: &Value) -> HashMap<String, Vec<u8>> {
    let mut files = HashMap::new();
    for d in table["datasets"].as_array().unwrap() {
        for fx in d["fixture"].as_array().unwrap() {
            let url = fx["url"].as_str().unwrap().to_owned();
            let bytes = if let Some(dir) = fx["dir"].as_str() {
                let mut tar = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::default()));
                tar.append_dir_all(".", root().join(dir)).unwrap();
                tar.into_inner().unwrap().finish().unwrap()
            } else if let Some(f) = fx["gzip"].as_str() {
                let mut gz = GzEncoder::new(Vec::new(), Compression::default());
                gz.write_all(&std::fs::read(root().join(f)).unwrap())
                    .unwrap();
                gz.finish().unwrap()
            } else {
                std::fs::read(root().join(fx["file"].as_str().unwrap())).unwrap()
            };
            files.insert(url, bytes);
        }
    }
    files
}

fn md5_hex(b: &[u8]) -> String {
    Md5::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

/// A served fixture table in a temporary folder with an empty cache.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// `edit` may change the table (URLs, checksums) after ports and md5 are filled in.
    fn new(edit: impl FnOnce(&mut Value)) -> Env {
        let mut table = fixture_table();
        let files = fixture_files(&table);
        let port = serve(files.clone());
        for d in table["datasets"].as_array_mut().unwrap() {
            let urls: Vec<String> = d["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap().replace("{port}", &port.to_string()))
                .collect();
            let md5: Vec<String> = urls
                .iter()
                .map(|u| md5_hex(&files[u.rsplit('/').next().unwrap()]))
                .collect();
            d["data"] = serde_json::json!(urls);
            d["md5"] = serde_json::json!(md5);
        }
        edit(&mut table);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("table.json"), table.to_string()).unwrap();
        std::fs::create_dir(dir.path().join("cache")).unwrap();
        Env { dir }
    }

    fn cache(&self) -> PathBuf {
        self.dir.path().join("cache")
    }

    fn mtmeter(&self) -> Command {
        let mut c = Command::cargo_bin("mtmeter").unwrap();
        c.env("MTMETER_TESTSETS_TABLE", self.dir.path().join("table.json"))
            .env("SACREBLEU", self.cache())
            .env_remove("SACREBLEU_FORMAT")
            .current_dir(root());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.mtmeter().args(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }
}

/// Every regular file under `dir`.
pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn downloads_and_processes_every_format_like_sacrebleu() {
    let env = Env::new(|_| {});
    let golden = golden();
    let mut checked = 0;
    for (name, pairs) in golden["sets"].as_object().unwrap() {
        for (pair, g) in pairs.as_object().unwrap() {
            env.ok(&["score", "--download", name, "-l", pair]);
            let fields: Vec<&str> = g["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect();
            assert_eq!(
                env.ok(&["score", "--list", "-t", name, "-l", pair]),
                format!("{pair}: {}\n", fields.join(", ")),
                "{name} {pair}"
            );
            for (field, content) in g["files"].as_object().unwrap() {
                let path = env.cache().join(name).join(format!(
                    "{}.{pair}.{}",
                    name.replace('/', "_"),
                    field.replace(':', "-")
                ));
                let ours = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert_eq!(ours, content.as_str().unwrap(), "{name} {pair} {field}");
                checked += 1;
            }
            // --origlang / --subset keep what sacreBLEU's filter_subset keeps.
            let src: Vec<&str> = g["files"]["src"].as_str().unwrap().lines().collect();
            for m in g["masks"].as_array().unwrap() {
                let mut args = vec!["score", "--echo", "src", "-t", name, "-l", pair];
                if let Some(o) = m["origlang"].as_str() {
                    args.extend(["-ol", o]);
                }
                if let Some(s) = m["subset"].as_str() {
                    args.extend(["--subset", s]);
                }
                let expected: String = src
                    .iter()
                    .zip(m["keep"].as_array().unwrap())
                    .filter(|(_, k)| k.as_bool().unwrap())
                    .map(|(l, _)| format!("{}\n", l.trim_end()))
                    .collect();
                assert_eq!(env.ok(&args), expected, "{args:?}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "{checked} comparisons");
    // No temporary file is left behind, and every download is where sacreBLEU looks for it.
    let files = files_under(&env.cache());
    assert!(
        !files
            .iter()
            .any(|p| p.to_string_lossy().contains(".mtmeter-")),
        "{files:?}"
    );
    for f in [
        "fix-sgml/raw/fix-sgml.fix-sgml.tgz",
        "fix-add/raw/fix-add.extra.ref",
        "fix/xml/raw/fix_xml.fix-xml.tar.gz",
        "fix-txt/raw/fix-txt.ref.fr.gz",
    ] {
        assert!(env.cache().join(f).is_file(), "{f}");
    }
}

#[test]
fn scores_of_a_named_set_equal_scoring_the_same_files() {
    let env = Env::new(|_| {});
    let demo = root().join("corpora/demo");
    let sys = demo.join("systems/neural-b.fr");
    let sys = sys.to_str().unwrap();
    let metrics = ["-m", "bleu", "chrf", "ter", "-b", "-w", "4"];
    let by_name = env.ok(&[
        &["score", "-t", "fix-txt", "-l", "it-fr", "-i", sys][..],
        &metrics,
    ]
    .concat());
    let reference = demo.join("references/ref.fr");
    let direct = env.ok(&[
        &["score", reference.to_str().unwrap(), "-i", sys][..],
        &metrics,
    ]
    .concat());
    assert_eq!(by_name, direct);
    assert_eq!(by_name.lines().count(), 3, "{by_name}");

    // WMT XML with two references, one system, and a selection of documents.
    let g = golden();
    let xml = &g["sets"]["fix/xml"]["en-xx"]["files"];
    let tmp = tempfile::tempdir().unwrap();
    let write = |name: &str, lines: &[&str]| {
        let p = tmp.path().join(name);
        std::fs::write(
            &p,
            lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
        )
        .unwrap();
        p.to_str().unwrap().to_owned()
    };
    let col = |f: &str| -> Vec<&str> { xml[f].as_str().unwrap().lines().collect() };
    let (a, b, x) = (col("ref:A"), col("ref:B"), col("sysX"));
    let (fa, fb, fx) = (write("A.de", &a), write("B.de", &b), write("sysX.de", &x));
    let by_name = env.ok(&[
        &["score", "-t", "fix/xml", "-l", "en-xx", "-i", &fx][..],
        &metrics,
    ]
    .concat());
    let direct = env.ok(&[&["score", &fa, &fb, "-i", &fx][..], &metrics].concat());
    assert_eq!(by_name, direct);
    // -ol en keeps segments 1-3 and 6 (sacreBLEU's filter on en-de, same file).
    let keep = [0, 1, 2, 5];
    fn pick<'a>(v: &[&'a str], keep: &[usize]) -> Vec<&'a str> {
        keep.iter().map(|&i| v[i]).collect()
    }
    let all = write("sysX.all.de", &x);
    let (fa, fb, fx) = (
        write("A.en.de", &pick(&a, &keep)),
        write("B.en.de", &pick(&b, &keep)),
        write("sysX.en.de", &pick(&x, &keep)),
    );
    let by_name = env.ok(&[
        &[
            "score", "-t", "fix/xml", "-l", "en-xx", "-ol", "en", "-i", &all,
        ][..],
        &metrics,
    ]
    .concat());
    let direct = env.ok(&[&["score", &fa, &fb, "-i", &fx][..], &metrics].concat());
    assert_eq!(by_name, direct);
    // The default reference of the set (A) for en-de, and two sets concatenated.
    let one = env.ok(&[
        "score",
        "-t",
        "fix/xml",
        "-l",
        "en-de",
        "-i",
        &write("x6", &x),
        "-f",
        "json",
    ]);
    let v: Value = serde_json::from_str(&one).unwrap();
    assert!(v.to_string().contains("nrefs:1"), "{one}");
    let twice: Vec<&str> = x.iter().chain(&x).copied().collect();
    env.ok(&[
        "score",
        "-t",
        "fix/xml,fix/xml",
        "-l",
        "en-de",
        "-i",
        &write("x12", &twice),
    ]);
    // analyze and evaluate take -t as well.
    env.ok(&["analyze", "-t", "fix-txt", "-l", "it-fr", "-i", sys]);
    let out = tmp.path().join("report");
    let other = demo.join("systems/neural-a.fr");
    env.ok(&[
        "evaluate",
        "-t",
        "fix-txt",
        "-l",
        "it-fr",
        "-i",
        sys,
        other.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(out.join("index.html").is_file());
}

/// A download that fails in any way is one line, exit 2, and leaves no file in the cache.
#[test]
fn failed_downloads_leave_the_cache_clean() {
    let demo_sys = root().join("corpora/demo/systems/neural-b.fr");
    let sys = demo_sys.to_str().unwrap();
    let set_url = |to: &'static str| {
        move |t: &mut Value| {
            for d in t["datasets"].as_array_mut().unwrap() {
                if d["name"] == "fix-txt" {
                    let u = d["data"][0].as_str().unwrap().replace("/sets/", to);
                    d["data"][0] = Value::String(u);
                }
            }
        }
    };
    let cases: Vec<(Env, &str)> = vec![
        (
            Env::new(|t| {
                for d in t["datasets"].as_array_mut().unwrap() {
                    if d["name"] == "fix-txt" {
                        d["md5"][0] = Value::String("0".repeat(32));
                    }
                }
            }),
            "is not the expected 00000000000000000000000000000000",
        ),
        (Env::new(set_url("/missing/")), "HTTP status 404"),
        (Env::new(set_url("/truncated/")), "download interrupted"),
    ];
    for (env, expected) in cases {
        let out = env.run(&["score", "-t", "fix-txt", "-l", "it-fr", "-i", sys]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{expected}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(expected),
            "{stderr:?} should contain {expected:?}"
        );
        assert!(
            stderr.contains("nothing was written to the cache"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
        let left = files_under(&env.cache());
        assert!(left.is_empty(), "{expected}: left {left:?}");
    }
}

#[test]
fn test_set_errors_are_one_line() {
    let env = Env::new(|_| {});
    let six = env.dir.path().join("six.de");
    std::fs::write(&six, "a\nb\nc\nd\ne\nf\n").unwrap();
    let six = six.to_str().unwrap().to_owned();
    let sys = root().join("corpora/demo/systems/neural-b.fr");
    let sys = sys.to_str().unwrap();
    for (args, expected) in [
        (
            vec![
                "score",
                "-t",
                "fix-txt",
                "-l",
                "it-fr",
                "-i",
                "tests/data/one_line.fr",
            ],
            "tests/data/one_line.fr has 1 lines",
        ),
        (
            vec![
                "score", "-t", "fix-txt", "-l", "it-fr", "-ol", "it", "-i", sys,
            ],
            "--origlang and --subset need WMT *.xml or *.sgm files",
        ),
        (
            vec![
                "score", "-t", "fix/xml", "-l", "en-de", "-ol", "xx", "-i", &six,
            ],
            "test set 'fix/xml' contains no sentence with origlang=xx",
        ),
        (
            vec!["score", "-t", "fix-txt", "-l", "it-fr", "--echo", "docid"],
            "test set 'fix-txt' has no field 'docid' for it-fr; its fields: src, ref",
        ),
        (
            vec![
                "score", "-t", "fix-sgml", "-l", "de-en", "--subset", "(", "-i", sys,
            ],
            "is not a valid regular expression",
        ),
        (
            vec![
                "score",
                "-ol",
                "de",
                "corpora/demo/references/ref.fr",
                "-i",
                sys,
            ],
            "needs document metadata (WMT XML, SGML or a test set by name); these inputs have none",
        ),
    ] {
        let out = env.run(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        {
            assert!(
                stderr.contains(expected),
                "{args:?}: {stderr:?} should contain {expected:?}"
            );
        }
    }
}

/// Someone who used sacreBLEU has its processed files: nothing is downloaded (the table's URLs
/// are the real ones; no server runs).
#[test]
fn reads_a_sacrebleu_cache_offline() {
    let cache = tempfile::tempdir().unwrap();
    let demo = root().join("corpora/demo");
    let set = cache.path().join("wmt20/robust/set3");
    std::fs::create_dir_all(&set).unwrap();
    std::fs::copy(
        demo.join("source.it"),
        set.join("wmt20_robust_set3.de-en.src"),
    )
    .unwrap();
    std::fs::copy(
        demo.join("references/ref.fr"),
        set.join("wmt20_robust_set3.de-en.ref"),
    )
    .unwrap();
    let sys = demo.join("systems/neural-a.fr");
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("mtmeter")
            .unwrap()
            .env("SACREBLEU", cache.path())
            .env_remove("MTMETER_TESTSETS_TABLE")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let by_name = run(&[
        "score",
        "-t",
        "wmt20/robust/set3",
        "-l",
        "de-en",
        "-i",
        sys.to_str().unwrap(),
        "-b",
        "-w",
        "4",
    ]);
    let direct = run(&[
        "score",
        demo.join("references/ref.fr").to_str().unwrap(),
        "-i",
        sys.to_str().unwrap(),
        "-b",
        "-w",
        "4",
    ]);
    assert_eq!(by_name, direct);
    // Nothing was added to the cache.
    assert_eq!(files_under(cache.path()).len(), 2);
}

/// The real WMT22 de-fr XML in the shared corpora, placed where sacreBLEU's download unpacks
/// it: mtmeter processes it and scores each system as the golden (sacreBLEU on the folder's
/// files, tests/golden/wmt22.de-fr.json) says.
#[test]
fn real_wmt22_xml_in_the_cache_scores_like_the_golden() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpora/wmt22.de-fr");
    let Some(xml) = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".xml"))
    else {
        panic!("no XML in {}", corpus.display())
    };
    let cache = tempfile::tempdir().unwrap();
    let raw = cache.path().join("wmt22/raw/wmt22-news-systems-1.1/xml");
    std::fs::create_dir_all(&raw).unwrap();
    std::fs::copy(&xml, raw.join("wmttest2022.de-fr.all.xml")).unwrap();
    let sys = corpus.join("systems/Online-A.fr");
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("mtmeter")
            .unwrap()
            .env("SACREBLEU", cache.path())
            .env_remove("MTMETER_TESTSETS_TABLE")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let metrics = ["-m", "bleu", "chrf", "ter", "-b", "-w", "6"];
    let by_name = run(&[
        &[
            "score",
            "-t",
            "wmt22",
            "-l",
            "de-fr",
            "-i",
            sys.to_str().unwrap(),
        ][..],
        &metrics,
    ]
    .concat());
    let reference = corpus.join("references/A.fr");
    let direct = run(&[
        &[
            "score",
            reference.to_str().unwrap(),
            "-i",
            sys.to_str().unwrap(),
        ][..],
        &metrics,
    ]
    .concat());
    assert_eq!(by_name, direct);
    let fields = run(&["score", "--list", "-t", "wmt22", "-l", "de-fr"]);
    assert!(
        fields.starts_with("de-fr: src, ref:A, docid, origlang, "),
        "{fields}"
    );
}
