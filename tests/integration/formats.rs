//! Input formats: WMT XML, SGML, TSV and JSON Lines give the same corpus, statistics and scores
//! as the line-aligned text files; every malformed input is a one-line error naming file, line
//! and id or field (exit 2); no loader panics on arbitrary or mutated bytes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mtmeter::corpus::{
    Corpus, CorpusDir, Field, JsonLines, LoadOptions, Loader, Role, Selection, Sgml, TextFile,
    TextFiles, Tsv, WmtXml, group_scores, parse_fields,
};
use mtmeter::metrics::{MetricOptions, MetricSpec};
use mtmeter::scoring::run_metric;
use proptest::prelude::*;

use crate::common::shared;

const METRICS: [&str; 4] = ["bleu", "chrf", "chrf++", "ter"];

fn mtmeter() -> Command {
    Command::cargo_bin("mtmeter").unwrap()
}

fn de_fr(shared: &Path) -> PathBuf {
    shared.join("corpora/wmt22.de-fr")
}

/// Same names, same segments, and for every metric the same per-segment statistics and corpus
/// score for every system (matched by name: the formats may order systems differently).
fn assert_same_scores(a: &Corpus, b: &Corpus) {
    assert_eq!(a.len(), b.len());
    let lines = |f: &TextFile| f.lines().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(a.references.len(), b.references.len());
    for (x, y) in a.references.iter().zip(&b.references) {
        assert_eq!(lines(x), lines(y), "reference {}", x.name);
    }
    assert_eq!(
        a.source.as_ref().map(lines),
        b.source.as_ref().map(lines),
        "source"
    );
    let mut names_a: Vec<&str> = a.systems.iter().map(|s| s.name.as_str()).collect();
    let mut names_b: Vec<&str> = b.systems.iter().map(|s| s.name.as_str()).collect();
    names_a.sort_unstable();
    names_b.sort_unstable();
    assert_eq!(names_a, names_b);
    for key in METRICS {
        let spec = MetricSpec::from_name(key, &MetricOptions::default()).unwrap();
        let ra = run_metric(key, &spec, a, false);
        let rb = run_metric(key, &spec, b, false);
        assert_eq!(ra.signature.to_string(), rb.signature.to_string());
        for (i, sys) in a.systems.iter().enumerate() {
            let j = b.systems.iter().position(|s| s.name == sys.name).unwrap();
            assert_eq!(lines(sys), lines(&b.systems[j]), "system {}", sys.name);
            assert_eq!(ra.systems[i].rows, rb.systems[j].rows, "{key} {}", sys.name);
            assert_eq!(
                ra.systems[i].score.to_bits(),
                rb.systems[j].score.to_bits(),
                "{key} {}",
                sys.name
            );
        }
    }
}

fn opts() -> LoadOptions {
    LoadOptions::default()
}

#[test]
fn wmt_xml_of_wmt22_de_fr_scores_as_its_text_files() {
    let Some(shared) = shared() else { return };
    let dir = de_fr(&shared);
    let xml = WmtXml {
        path: dir.join("wmttest2022.de-fr.all.xml"),
        ..WmtXml::default()
    }
    .load(&opts())
    .unwrap();
    let text = CorpusDir { path: dir.clone() }.load(&opts()).unwrap();
    assert_eq!(xml.len(), 1984);
    assert_eq!(xml.systems.len(), 6);
    assert!(xml.warnings.is_empty(), "{:?}", xml.warnings);
    assert_same_scores(&xml, &text);
    let meta = xml.meta.as_ref().unwrap();
    assert_eq!(meta.documents().len(), 271);
    let domains: Vec<String> = meta.domains().into_iter().map(|(d, _)| d).collect();
    assert_eq!(domains, ["conversation", "ecommerce", "news", "social"]);
    assert!(meta.origlang.iter().all(|o| o.as_deref() == Some("de")));

    // --system picks (in the order asked), --ref picks the translator.
    let two = WmtXml {
        path: dir.join("wmttest2022.de-fr.all.xml"),
        references: vec!["A".into()],
        systems: vec!["Online-W".into(), "LT22".into()],
        outputs: Vec::new(),
    }
    .load(&opts())
    .unwrap();
    let names: Vec<&str> = two.systems.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Online-W", "LT22"]);
    let e = WmtXml {
        path: dir.join("wmttest2022.de-fr.all.xml"),
        references: vec!["B".into()],
        ..WmtXml::default()
    }
    .load(&opts())
    .unwrap_err()
    .to_string();
    assert!(
        e.ends_with("no reference translator 'B' (the file has: A)"),
        "{e}"
    );
}

/// A domain subset scores exactly as the same segments written out as text files.
#[test]
fn domain_and_origlang_subsets_score_as_their_lines() {
    let Some(shared) = shared() else { return };
    let xml = WmtXml {
        path: de_fr(&shared).join("wmttest2022.de-fr.all.xml"),
        ..WmtXml::default()
    }
    .load(&opts())
    .unwrap();
    let news = xml
        .select(&Selection {
            domain: Some("news".into()),
            ..Selection::default()
        })
        .unwrap();
    let meta = xml.meta.as_ref().unwrap();
    let keep: Vec<usize> = (0..xml.len())
        .filter(|&i| meta.domain[i].as_deref() == Some("news"))
        .collect();
    assert_eq!(news.len(), keep.len());
    assert!(news.len() > 100 && news.len() < xml.len());
    let tmp = tempfile::tempdir().unwrap();
    let write = |f: &TextFile, name: &str| {
        let p = tmp.path().join(name);
        let mut s = String::new();
        for &i in &keep {
            s.push_str(f.line(i));
            s.push('\n');
        }
        std::fs::write(&p, s).unwrap();
        p
    };
    let files = TextFiles {
        references: vec![write(&xml.references[0], "A.fr")],
        systems: xml
            .systems
            .iter()
            .map(|s| write(s, &format!("{}.fr", s.name)))
            .collect(),
        source: Some(write(xml.source.as_ref().unwrap(), "source.de")),
        warnings: Vec::new(),
    };
    assert_same_scores(&news, &files.load(&opts()).unwrap());

    let all = xml
        .select(&Selection {
            origlang: Some("de".into()),
            ..Selection::default()
        })
        .unwrap();
    assert_eq!(all.len(), xml.len());
    let e = xml
        .select(&Selection {
            origlang: Some("non-de".into()),
            ..Selection::default()
        })
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "--origlang non-de keeps no segment (original languages: de; domains: conversation, ecommerce, news, social)"
    );
}

/// The text corpus written as TSV, JSON Lines and SGML, read back.
#[test]
fn tsv_jsonl_and_sgml_score_as_the_text_files() {
    let Some(shared) = shared() else { return };
    let text = CorpusDir {
        path: de_fr(&shared),
    }
    .load(&opts())
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let src = text.source.as_ref().unwrap();
    let refs = &text.references[0];
    let n = text.len();

    // TSV with a header line.
    let mut tsv = String::from("src\tref");
    for s in &text.systems {
        tsv.push_str(&format!("\thyp:{}", s.name));
    }
    tsv.push('\n');
    for i in 0..n {
        tsv.push_str(src.line(i));
        tsv.push('\t');
        tsv.push_str(refs.line(i));
        for s in &text.systems {
            tsv.push('\t');
            tsv.push_str(s.line(i));
        }
        tsv.push('\n');
    }
    let p = tmp.path().join("set.tsv");
    std::fs::write(&p, &tsv).unwrap();
    let t = Tsv {
        path: p.clone(),
        columns: None,
    }
    .load(&opts())
    .unwrap();
    let renamed = |c: Corpus| Corpus {
        references: c
            .references
            .into_iter()
            .map(|r| TextFile::new("A", r.path.clone(), r.lines()))
            .collect(),
        ..c
    };
    assert_same_scores(&renamed(t), &text);
    // The same without its header, columns given.
    let body = tsv.split_once('\n').unwrap().1;
    std::fs::write(&p, body).unwrap();
    let mut columns = vec![Role::Source, Role::Reference(Some("A".into()))];
    columns.extend(text.systems.iter().map(|s| Role::System(s.name.clone())));
    let t = Tsv {
        path: p,
        columns: Some(columns),
    }
    .load(&opts())
    .unwrap();
    assert_same_scores(&t, &text);

    // JSON Lines with nested fields (the Hugging Face translation layout).
    let mut jsonl = String::new();
    for i in 0..n {
        let hyps: serde_json::Map<String, serde_json::Value> = text
            .systems
            .iter()
            .map(|s| (s.name.clone(), s.line(i).into()))
            .collect();
        let rec = serde_json::json!({
            "id": i,
            "translation": {"de": src.line(i), "fr": refs.line(i)},
            "hyps": hyps,
        });
        jsonl.push_str(&rec.to_string());
        jsonl.push('\n');
    }
    let p = tmp.path().join("set.jsonl");
    std::fs::write(&p, &jsonl).unwrap();
    let mut spec = String::from("src=translation.de,ref:A=translation.fr");
    for s in &text.systems {
        spec.push_str(&format!(",hyp:{0}=hyps.{0}", s.name));
    }
    let j = JsonLines {
        path: p,
        fields: parse_fields(&spec).unwrap(),
    }
    .load(&opts())
    .unwrap();
    assert_same_scores(&j, &text);

    // SGML: one file per text, documents of 7 segments; sacreBLEU squeezes whitespace.
    let squeeze = |f: &TextFile, name: &str| {
        TextFile::new(
            name,
            name,
            f.lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")),
        )
    };
    let sgml = |f: &TextFile, set: &str, sysid: &str| {
        let mut s = format!("<{set} setid=\"t\" srclang=\"de\" trglang=\"fr\">\n");
        for i in 0..n {
            if i % 7 == 0 {
                if i > 0 {
                    s.push_str("</doc>\n");
                }
                s.push_str(&format!(
                    "<doc sysid=\"{sysid}\" docid=\"d{}\" genre=\"{}\" origlang=\"de\">\n",
                    i / 7,
                    if i % 2 == 0 { "news" } else { "talk" }
                ));
            }
            s.push_str(&format!("<seg id=\"{}\">{}</seg>\n", i % 7 + 1, f.line(i)));
        }
        s.push_str(&format!("</doc>\n</{set}>\n"));
        let p = tmp.path().join(format!("{sysid}.sgm"));
        std::fs::write(&p, s).unwrap();
        p
    };
    let mut paths = vec![sgml(src, "srcset", "source"), sgml(refs, "refset", "A")];
    paths.extend(text.systems.iter().map(|s| sgml(s, "tstset", &s.name)));
    // Given in any order: the source anchors the alignment.
    paths.reverse();
    let g = Sgml { paths }.load(&opts()).unwrap();
    let expected = Corpus {
        source: Some(squeeze(src, "source")),
        references: vec![squeeze(refs, "A")],
        systems: text.systems.iter().map(|s| squeeze(s, &s.name)).collect(),
        ..Corpus::default()
    };
    assert_same_scores(&g, &expected);
    assert_eq!(g.meta.as_ref().unwrap().documents().len(), n.div_ceil(7));
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

const XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<dataset id="t">
  <collection id="general">
    <doc origlang="de" id="d1" domain="news">
      <src lang="de"><p>
        <seg id="1">Ein Satz &amp; mehr.</seg>
        <seg id="2">Zwei.</seg>
      </p></src>
      <ref lang="fr" translator="A"><p>
        <seg id="1">Une phrase &amp; plus.</seg>
        <seg id="2">Deux.</seg>
      </p></ref>
      <hyp system="S" lang="fr"><p>
        <seg id="2">Deux.</seg>
        <seg id="1">Une phrase et plus.</seg>
      </p></hyp>
    </doc>
    <doc origlang="fr" id="d2" domain="social">
      <src lang="de"><p><seg id="1">Drei.</seg></p></src>
      <ref lang="fr" translator="A"><p><seg id="1">Trois.</seg></p></ref>
      <hyp system="S" lang="fr"><p><seg id="1">Trois !</seg></p></hyp>
    </doc>
  </collection>
</dataset>
"#;

const SGML_SRC: &str = "<srcset setid=\"t\" srclang=\"de\">\n<doc docid=\"d1\" genre=\"news\" origlang=\"de\">\n<seg id=\"1\">Ein Satz.</seg>\n<seg id=\"2\">Zwei.</seg>\n</doc>\n</srcset>\n";
const SGML_REF: &str = "<refset setid=\"t\" trglang=\"fr\">\n<doc sysid=\"ref\" docid=\"d1\" genre=\"news\" origlang=\"de\">\n<seg id=\"1\">Une phrase.</seg>\n<seg id=\"2\">Deux.</seg>\n</doc>\n</refset>\n";
const SGML_TST: &str = "<tstset setid=\"t\" trglang=\"fr\">\n<doc sysid=\"S\" docid=\"d1\">\n<seg id=\"2\">Deux.</seg>\n<seg id=\"1\">Une  phrase.</seg>\n</doc>\n</tstset>\n";

const TSV: &str = "src\tref\thyp:S\nEin Satz.\tUne phrase.\tUne phrase.\nZwei.\tDeux.\tDeux !\n";
const JSONL: &str = "{\"s\":\"Ein Satz.\",\"t\":{\"fr\":\"Une phrase.\"},\"h\":[\"Une phrase.\"]}\n{\"s\":\"Zwei.\",\"t\":{\"fr\":\"Deux.\"},\"h\":[\"Deux !\"]}\n";
const FIELDS: &str = "src=s,ref=t.fr,hyp:S=h.0";

#[test]
fn small_files_of_every_format_load_and_align() {
    let tmp = tempfile::tempdir().unwrap();
    let c = WmtXml {
        path: write(tmp.path(), "t.xml", XML),
        ..WmtXml::default()
    }
    .load(&opts())
    .unwrap();
    let lines = |f: &TextFile| f.lines().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(
        lines(&c.systems[0]),
        ["Une phrase et plus.", "Deux.", "Trois !"]
    );
    assert_eq!(
        lines(&c.references[0]),
        ["Une phrase & plus.", "Deux.", "Trois."]
    );
    assert_eq!(c.references[0].name, "A");
    let m = c.meta.unwrap();
    assert_eq!(m.docids, ["d1", "d1", "d2"]);
    assert_eq!(m.origlang[2].as_deref(), Some("fr"));

    let g = Sgml {
        paths: vec![
            write(tmp.path(), "t.sgm", SGML_TST),
            write(tmp.path(), "r.sgm", SGML_REF),
            write(tmp.path(), "s.sgm", SGML_SRC),
        ],
    }
    .load(&opts())
    .unwrap();
    assert_eq!(lines(&g.systems[0]), ["Une phrase.", "Deux."]);
    assert_eq!(g.systems[0].name, "S");
    assert_eq!(g.references[0].name, "ref");
    assert_eq!(g.meta.unwrap().domain[0].as_deref(), Some("news"));

    let t = Tsv {
        path: write(tmp.path(), "t.tsv", TSV),
        columns: None,
    }
    .load(&opts())
    .unwrap();
    assert_eq!(lines(&t.systems[0]), ["Une phrase.", "Deux !"]);
    let j = JsonLines {
        path: write(tmp.path(), "t.jsonl", JSONL),
        fields: parse_fields(FIELDS).unwrap(),
    }
    .load(&opts())
    .unwrap();
    assert_eq!(lines(&j.systems[0]), ["Une phrase.", "Deux !"]);
    assert_eq!(
        j.references[0].lines().collect::<Vec<_>>(),
        t.references[0].lines().collect::<Vec<_>>()
    );
}

/// Runs the binary on a file of one format and returns standard error; exit 2 is required.
fn refused(args: &[&str]) -> String {
    let out = mtmeter().arg("score").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "nothing on stdout for {args:?}");
    let e = String::from_utf8(out.stderr).unwrap();
    assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
    e.trim_end().to_owned()
}

#[test]
fn every_malformed_input_is_one_line_naming_file_line_and_id() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let s = |p: &Path| p.to_str().unwrap().to_owned();

    let bad = write(d, "bad.xml", &XML.replace("</p></src>", "</src>"));
    let e = refused(&["--wmt-xml", &s(&bad)]);
    assert!(
        e.contains(&format!(
            "{}:8: malformed XML: ill-formed document: expected `</p>`, but `</src>` was found",
            s(&bad)
        )),
        "{e}"
    );

    let gap = write(
        d,
        "gap.xml",
        &XML.replace(
            "<seg id=\"2\">Deux.</seg>\n        <seg id=\"1\">Une phrase et plus.",
            "<seg id=\"1\">Une phrase et plus.",
        ),
    );
    let e = refused(&["--wmt-xml", &s(&gap)]);
    assert!(
        e.ends_with(&format!(
            "{}:13: system S has no segment id 2 in document d1",
            s(&gap)
        )),
        "{e}"
    );

    let dup = write(
        d,
        "dup.xml",
        &XML.replace(
            "<seg id=\"2\">Deux.</seg>\n      </p></ref>",
            "<seg id=\"1\">Deux.</seg>\n      </p></ref>",
        ),
    );
    let e = refused(&["--wmt-xml", &s(&dup)]);
    assert!(
        e.ends_with(&format!(
            "{}:11: segment id 1 given twice in <ref translator=\"A\"> of document d1",
            s(&dup)
        )),
        "{e}"
    );
    let dupdoc = write(d, "dupdoc.xml", &XML.replace("id=\"d2\"", "id=\"d1\""));
    let e = refused(&["--wmt-xml", &s(&dupdoc)]);
    assert!(
        e.ends_with("dupdoc.xml:18: document id d1 given twice (first on line 4)"),
        "{e}"
    );
    // By extension, a single reference .xml file.
    let e = refused(&[&s(&gap)]);
    assert!(e.contains("system S has no segment id 2"), "{e}");

    let tsv = write(d, "t.tsv", &TSV.replace("Deux !", "Deux\t!"));
    let e = refused(&["--tsv", &s(&tsv)]);
    assert!(
        e.ends_with(&format!("{}:3: 4 TAB-separated fields but the header has 3; a TAB inside a segment is refused, never shifted (convert such data to JSON Lines)", s(&tsv))),
        "{e}"
    );
    let e = refused(&["--tsv", &s(&tsv), "--columns", "src,ref,hyp:S"]);
    assert!(
        e.contains("t.tsv:3: 4 TAB-separated fields but --columns names 3"),
        "{e}"
    );

    let missing = write(
        d,
        "m.jsonl",
        &JSONL.replace("\"h\":[\"Deux !\"]", "\"g\":1"),
    );
    let e = refused(&["--jsonl", &s(&missing), "--fields", FIELDS]);
    assert!(
        e.ends_with(&format!("{}:2: no field h.0", s(&missing))),
        "{e}"
    );
    let number = write(d, "n.jsonl", &JSONL.replace("\"Deux.\"", "2"));
    let e = refused(&["--jsonl", &s(&number), "--fields", FIELDS]);
    assert!(
        e.ends_with("n.jsonl:2: field t.fr is a number, not a string"),
        "{e}"
    );
    let broken = write(
        d,
        "b.jsonl",
        &JSONL.replace("{\"s\":\"Zwei.\"", "{\"s\":\"Zwei.\"\""),
    );
    let e = refused(&["--jsonl", &s(&broken), "--fields", FIELDS]);
    assert!(e.contains("b.jsonl:2: not valid JSON:"), "{e}");

    let src = write(d, "s.sgm", SGML_SRC);
    let refs = write(d, "r.sgm", SGML_REF);
    let tst = write(
        d,
        "t.sgm",
        &SGML_TST.replace("<seg id=\"2\">Deux.</seg>\n", ""),
    );
    let e = refused(&["--sgml", &s(&src), &s(&refs), &s(&tst)]);
    assert!(
        e.ends_with(&format!(
            "{}:3: S has no segment id 2 of document d1 (see {}:4)",
            s(&tst),
            s(&src)
        )),
        "{e}"
    );
    // By extension: REF and -i files all .sgm.
    let e = refused(&[&s(&src), &s(&refs), "-i", &s(&tst)]);
    assert!(e.contains("S has no segment id 2 of document d1"), "{e}");
    let span = write(d, "sp.sgm", &SGML_TST.replace("Deux.</seg>", "Deux."));
    let e = refused(&["--sgml", &s(&src), &s(&refs), &s(&span)]);
    assert!(
        e.ends_with(
            "sp.sgm:3: segment id 2 has no </seg> on its line (a segment must fit one line)"
        ),
        "{e}"
    );

    // Selections name what exists.
    let xml = write(d, "ok.xml", XML);
    let e = refused(&["--wmt-xml", &s(&xml), "--domain", "sports"]);
    assert!(
        e.ends_with(
            "--domain sports keeps no segment (original languages: de, fr; domains: news, social)"
        ),
        "{e}"
    );
    let e = refused(&["--tsv", &s(&write(d, "ok.tsv", TSV)), "--domain", "news"]);
    assert!(e.ends_with("--domain news needs document metadata (WMT XML, SGML or a test set by name); these inputs have none"), "{e}");
}

#[test]
fn the_binary_scores_a_selection_and_extra_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let xml = write(tmp.path(), "ok.xml", XML);
    let sys = write(tmp.path(), "mine.fr", "Une phrase & plus.\nDeux.\nTrois.\n");
    let out = mtmeter()
        .args(["score", "-m", "bleu", "--score-only", "--wmt-xml"])
        .arg(&xml)
        .args(["--system", "S", "-i"])
        .arg(&sys)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 2, "{s}");
    assert!(lines[0].starts_with("S\t"), "{s}");
    assert_eq!(
        lines[1], "mine\t100.0",
        "the reference itself scores 100: {s}"
    );
    let out = mtmeter()
        .args([
            "score",
            "-m",
            "bleu",
            "chrf",
            "--score-only",
            "--domain",
            "news",
            "--wmt-xml",
        ])
        .arg(&xml)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let news: Vec<f64> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim().parse().unwrap())
        .collect();

    // JSON: scores per domain always, per document with --by-document, from the statistics.
    let out = mtmeter()
        .args([
            "score",
            "-m",
            "bleu",
            "chrf",
            "-f",
            "json",
            "--by-document",
            "--wmt-xml",
        ])
        .arg(&xml)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let domains = v["domains"].as_object().unwrap();
    assert_eq!(domains.keys().collect::<Vec<_>>(), ["news", "social"]);
    assert_eq!(v["domains"]["news"]["segments"], 2);
    for (k, metric) in ["bleu", "chrf"].iter().enumerate() {
        let got = v["domains"]["news"][metric][0].as_f64().unwrap();
        assert!(
            (got - news[k]).abs() < 0.051,
            "{metric}: {got} vs {}",
            news[k]
        );
    }
    let docs = v["documents"].as_object().unwrap();
    assert_eq!(docs.keys().collect::<Vec<_>>(), ["d1", "d2"]);
    assert_eq!(
        v["documents"]["d2"]["bleu"][0],
        v["domains"]["social"]["bleu"][0]
    );
    let out = mtmeter()
        .args(["score", "-f", "json", "--by-document", "--tsv"])
        .arg(write(tmp.path(), "ok.tsv", TSV))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Per-domain scores from summed statistics rows equal the scores of the domain's subset.
#[test]
fn group_scores_equal_the_scores_of_the_subset() {
    let Some(shared) = shared() else { return };
    let xml = WmtXml {
        path: de_fr(&shared).join("wmttest2022.de-fr.all.xml"),
        ..WmtXml::default()
    }
    .load(&opts())
    .unwrap();
    let domains = xml.meta.as_ref().unwrap().domains();
    for key in METRICS {
        let spec = MetricSpec::from_name(key, &MetricOptions::default()).unwrap();
        let all = run_metric(key, &spec, &xml, false);
        for (s, sys) in all.systems.iter().enumerate() {
            let by = group_scores(&sys.rows, all.row_width, &domains, |r| spec.score_row(r));
            for ((name, _), got) in domains.iter().zip(by) {
                let sub = xml
                    .select(&Selection {
                        domain: Some(name.clone()),
                        ..Selection::default()
                    })
                    .unwrap();
                let want = run_metric(key, &spec, &sub, false).systems[s].score;
                assert_eq!(
                    got.to_bits(),
                    want.to_bits(),
                    "{key} {name} {}: {got} vs {want}",
                    xml.systems[s].name
                );
            }
        }
    }
}

fn load_any(kind: usize, path: &Path) {
    let o = LoadOptions {
        strip_bom: kind.is_multiple_of(2),
        ..LoadOptions::default()
    };
    let _ = match kind / 2 % 4 {
        0 => WmtXml {
            path: path.into(),
            ..WmtXml::default()
        }
        .load(&o),
        1 => Sgml {
            paths: vec![path.into()],
        }
        .load(&o),
        2 => Tsv {
            path: path.into(),
            columns: None,
        }
        .load(&o),
        _ => JsonLines {
            path: path.into(),
            fields: vec![
                Field {
                    role: Role::Reference(None),
                    path: "t.fr".into(),
                },
                Field {
                    role: Role::System("S".into()),
                    path: "h.0".into(),
                },
            ],
        }
        .load(&o),
    };
}

fn valid(kind: usize) -> &'static str {
    [XML, SGML_TST, TSV, JSONL][kind / 2 % 4]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Arbitrary bytes: an error or a corpus, never a panic.
    #[test]
    fn loaders_never_panic_on_arbitrary_bytes(kind in 0usize..8, bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("f");
        std::fs::write(&p, &bytes).unwrap();
        load_any(kind, &p);
    }

    /// Valid files with bytes replaced, inserted or removed (markup characters, TABs, quotes,
    /// invalid UTF-8, a BOM): an error or a corpus, never a panic.
    #[test]
    fn loaders_never_panic_on_mutated_files(
        kind in 0usize..8,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, prop::sample::select(vec![
            &b"<"[..], b">", b"\"", b"\t", b"\n", b"&", b"&#0;", b"&#x110000;", b"\xff", b"\xEF\xBB\xBF",
            b"</seg>", b"<seg id=\"1\">", b"<doc docid=\"d1\">", b"</doc>", b"{", b"}", b"\\u", b"]", b"",
        ])), 1..6),
    ) {
        let mut bytes = valid(kind).as_bytes().to_vec();
        for (at, op, piece) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 => { bytes.splice(i..i, piece.iter().copied()); }
                1 => { let end = (i + piece.len().max(1)).min(bytes.len()); bytes.drain(i..end); }
                _ => { let end = (i + piece.len()).min(bytes.len()); bytes.splice(i..end, piece.iter().copied()); }
            }
        }
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("f");
        std::fs::write(&p, &bytes).unwrap();
        load_any(kind, &p);
    }
}

#[test]
fn hostile_inputs_are_refused_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let err = |kind: usize, content: &[u8]| {
        let p = d.join(format!("h{kind}"));
        std::fs::write(&p, content).unwrap();
        let o = LoadOptions::default();
        match kind {
            0 => WmtXml {
                path: p,
                ..WmtXml::default()
            }
            .load(&o),
            1 => Sgml { paths: vec![p] }.load(&o),
            2 => Tsv {
                path: p,
                columns: None,
            }
            .load(&o),
            _ => JsonLines {
                path: p,
                fields: parse_fields(FIELDS).unwrap(),
            }
            .load(&o),
        }
        .unwrap_err()
        .to_string()
    };
    for kind in 0..4 {
        let e = err(kind, b"");
        assert!(
            e.starts_with(&format!("{}:", d.join(format!("h{kind}")).display())),
            "{kind}: {e}"
        );
        let e = err(kind, &[valid(kind * 2).as_bytes(), b"\xff\n"].concat());
        assert!(e.contains("invalid UTF-8"), "{kind}: {e}");
        let e = err(
            kind,
            &[b"\xEF\xBB\xBF", valid(kind * 2).as_bytes()].concat(),
        );
        assert!(e.contains("byte-order mark"), "{kind}: {e}");
    }
    assert!(
        err(
            0,
            b"<dataset><doc id=\"x\"><src><seg id=\"1\">a<b/></seg></src></doc></dataset>"
        )
        .contains(":1: element <b> inside segment id 1")
    );
    assert!(err(0, b"<dataset>").contains("malformed XML"));
    assert!(
        err(
            0,
            b"<dataset><doc id=\"x\"><src><seg id=\"one\">a</seg></src></doc></dataset>"
        )
        .contains("segment id \"one\" in document x is not a whole number")
    );
    assert!(err(0, b"<d>&bogus;</d>").contains("no reference"));
    assert!(err(2, b"src\tref\tbogus\n").contains(":1: header: unknown column 'bogus'"));
    assert!(err(3, b"\n").contains(":1: blank line"));
}

#[test]
fn columns_name_unnamed_references_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "r.tsv", "a\tb\tc\n");
    let c = Tsv {
        path: p,
        columns: Some(vec![
            Role::Reference(None),
            Role::Reference(None),
            Role::System("x".into()),
        ]),
    }
    .load(&opts())
    .unwrap();
    let names: Vec<&str> = c.references.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["ref1", "ref2"]);
}
