//! The `.zip` downloads of sacreBLEU's table (wmt20/robust, wmt17/ms) go through mtmeter's own
//! unpacker (`src/testsets/zip.rs`). A zip built here (a folder entry, a stored and a deflated
//! file, like the real archives) is served from a local server as a plain-text set laid out as
//! wmt20/robust is: the processed files must be what sacreBLEU makes of the same text
//! (`tests/golden/testsets.json`, set fix-txt: the demo corpus), and the scores those of the
//! files themselves. Damaged archives are one line, exit 2, and leave the cache empty.
#![cfg(feature = "download")]

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use flate2::Compression;
use flate2::write::DeflateEncoder;

use crate::common::root;
use crate::testsets::{files_under, golden, serve};

/// One archive member: its name, its bytes, and whether it is deflated (else stored).
struct Member<'a> {
    name: &'a str,
    data: &'a [u8],
    deflate: bool,
}

/// A zip archive as `zip`/Python's `zipfile` write it: local headers with the data, the
/// central directory, the end record (no ZIP64, no data descriptors).
fn zip(members: &[Member<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for m in members {
        let mut crc = flate2::Crc::new();
        crc.update(m.data);
        let (method, body): (u16, Vec<u8>) = if m.deflate {
            let mut e = DeflateEncoder::new(Vec::new(), Compression::best());
            e.write_all(m.data).unwrap();
            (8, e.finish().unwrap())
        } else {
            (0, m.data.to_vec())
        };
        let offset = out.len() as u32;
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(method.to_le_bytes());
            v.extend(0u32.to_le_bytes()); // time, date
            v.extend(crc.sum().to_le_bytes());
            v.extend((body.len() as u32).to_le_bytes());
            v.extend((m.data.len() as u32).to_le_bytes());
            v.extend((m.name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra field length
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend(m.name.as_bytes());
        out.extend(&body);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend(0u16.to_le_bytes()); // comment length
        central.extend(0u16.to_le_bytes()); // disk
        central.extend(0u16.to_le_bytes()); // internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(m.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend(0u32.to_le_bytes()); // disks
    out.extend((members.len() as u16).to_le_bytes());
    out.extend((members.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // comment length
    out
}

fn demo(path: &str) -> Vec<u8> {
    std::fs::read(root().join("corpora/demo").join(path)).unwrap()
}

/// The demo source (stored) and reference (deflated) in a `robust/` folder, as wmt20/robust's
/// archive holds its sets.
fn good_zip() -> Vec<u8> {
    let (src, reference) = (demo("source.it"), demo("references/ref.fr"));
    zip(&[
        Member {
            name: "robust/",
            data: b"",
            deflate: false,
        },
        Member {
            name: "robust/set.it",
            data: &src,
            deflate: false,
        },
        Member {
            name: "robust/set.fr",
            data: &reference,
            deflate: true,
        },
    ])
}

/// A cache and a one-set table (`fix-zip`, it-fr, the archive at `/sets/NAME`) served with
/// `archive` as its only download.
struct ZipSet {
    dir: tempfile::TempDir,
}

impl ZipSet {
    fn new(archive: Vec<u8>) -> Self {
        let port = serve(HashMap::from([("set.zip".to_owned(), archive)]));
        let table = serde_json::json!({
            "sacrebleu_version": "2.6.0",
            "datasets": [{
                "name": "fix-zip",
                "format": "PlainTextDataset",
                "description": "zip fixture: the demo corpus",
                "citation": null,
                "data": [format!("http://127.0.0.1:{port}/sets/set.zip")],
                "md5": null,
                "langpairs": [{"pair": "it-fr", "files": ["robust/set.it", "robust/set.fr"], "refs": null}]
            }],
            "subsets": {}
        });
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("table.json"), table.to_string()).unwrap();
        std::fs::create_dir(dir.path().join("cache")).unwrap();
        Self { dir }
    }

    fn cache(&self) -> std::path::PathBuf {
        self.dir.path().join("cache")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("mtmeter")
            .unwrap()
            .env("MTMETER_TESTSETS_TABLE", self.dir.path().join("table.json"))
            .env("SACREBLEU", self.cache())
            .env_remove("SACREBLEU_FORMAT")
            .current_dir(root())
            .args(args)
            .output()
            .unwrap()
    }
}

fn stdout_of(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn a_zip_download_is_unpacked_and_processed_like_sacrebleu() {
    let set = ZipSet::new(good_zip());
    let sys = root().join("corpora/demo/systems/neural-b.fr");
    let sys = sys.to_str().unwrap();
    let metrics = ["-m", "bleu", "chrf", "ter", "-b", "-w", "4"];
    let by_name = stdout_of(
        &set.run(
            &[
                &["score", "-t", "fix-zip", "-l", "it-fr", "-i", sys][..],
                &metrics,
            ]
            .concat(),
        ),
    );
    let direct = stdout_of(
        &set.run(
            &[
                &["score", "corpora/demo/references/ref.fr", "-i", sys][..],
                &metrics,
            ]
            .concat(),
        ),
    );
    assert_eq!(by_name, direct);
    // The members unpacked byte for byte where sacreBLEU's own unzip puts them, the archive
    // itself under sacreBLEU's download name.
    let raw = set.cache().join("fix-zip/raw");
    assert_eq!(
        std::fs::read(raw.join("robust/set.it")).unwrap(),
        demo("source.it")
    );
    assert_eq!(
        std::fs::read(raw.join("robust/set.fr")).unwrap(),
        demo("references/ref.fr")
    );
    assert!(raw.join("fix-zip.set.zip").is_file());
    // The processed files are what sacreBLEU writes for the same text (set fix-txt).
    let g = golden();
    let files = &g["sets"]["fix-txt"]["it-fr"]["files"];
    for field in ["src", "ref"] {
        assert_eq!(
            read(&set.cache().join(format!("fix-zip/fix-zip.it-fr.{field}"))),
            files[field].as_str().unwrap(),
            "{field}"
        );
    }
    let left = files_under(&set.cache());
    assert!(
        !left
            .iter()
            .any(|p| p.to_string_lossy().contains(".mtmeter-")),
        "{left:?}"
    );
}

#[test]
fn a_damaged_zip_is_one_line_and_leaves_the_cache_empty() {
    let good = good_zip();
    // A byte of the deflated member flipped: its CRC no longer matches (or it does not
    // inflate); the stored member before it is fine, and must not be left behind either.
    let mut flipped = good.clone();
    let at = good
        .windows(13)
        .position(|w| w == b"robust/set.fr")
        .unwrap()
        + 13
        + 40;
    flipped[at] ^= 0xff;
    let reference = demo("references/ref.fr");
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (flipped, "robust/set.fr: "),
        (good[..good.len() / 2].to_vec(), "not a zip archive"),
        (b"PK\x03\x04 no more".to_vec(), "not a zip archive"),
        (
            zip(&[Member {
                name: "../escape.fr",
                data: &reference,
                deflate: true,
            }]),
            "unsafe path \"../escape.fr\"",
        ),
    ];
    let sys = root().join("corpora/demo/systems/neural-b.fr");
    for (archive, says) in cases {
        let set = ZipSet::new(archive);
        let out = set.run(&[
            "score",
            "-t",
            "fix-zip",
            "-l",
            "it-fr",
            "-i",
            sys.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{says}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("cannot unpack"), "{stderr}");
        assert!(stderr.contains(says), "{stderr:?} should contain {says:?}");
        assert!(
            stderr.contains("nothing was written to the cache"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
        let left = files_under(&set.cache());
        assert!(left.is_empty(), "{says}: left {left:?}");
        assert!(!set.dir.path().join("escape.fr").exists());
        assert!(!set.cache().join("fix-zip/escape.fr").exists());
    }
}
