//! Raw downloads → sacreBLEU's processed text files, byte for byte: one port per dataset class
//! (`dataset/fake_sgml.py`, `plain_text.py`, `tsv.py`, `wmt_xml.py`), quirks included, and the
//! segment filter of `--origlang` / `--subset` (`utils.filter_subset`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use indexmap::IndexMap;
use quick_xml::events::Event;
use regex::Regex;

use super::TestSetError;
use super::cache::{SetDir, write_lines};
use super::table::{Dataset, Format, LangPair};
use crate::tokenize::text::{is_py_whitespace, py_rstrip, py_strip};

/// A raw file as text: gunzipped if its name ends in `.gz` (sacreBLEU's `smart_open`), UTF-8.
pub fn read_raw(path: &Path) -> Result<String, TestSetError> {
    let shown = path.display().to_string();
    let io = |source| TestSetError::Io {
        path: shown.clone(),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    let bytes = if shown.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .map_err(io)?;
        out
    } else {
        bytes
    };
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        TestSetError::Raw {
            path: shown.clone(),
            line,
            message: "invalid UTF-8".into(),
        }
    })
}

/// Python's `for line in open(..., newline="\n")`: lines split after `\n`, each keeping it.
pub fn py_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
}

/// `Dataset._clean`: strip, and every run of whitespace becomes one space (Python's `\s` and
/// `str.strip` agree on what whitespace is).
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in py_strip(s).chars() {
        if is_py_whitespace(c) {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The field names of a language pair, in sacreBLEU's order (`Dataset.fieldnames`). WMT XML
/// sets read them from the raw file, which must be present.
pub fn fieldnames(ds: &Dataset, lp: &LangPair, dir: &SetDir) -> Result<Vec<String>, TestSetError> {
    match ds.format {
        Format::FakeSgml | Format::WmtAddition | Format::IwsltXml => {
            let mut fields = vec!["src".to_owned()];
            if lp.files.len() == 2 {
                fields.push("ref".into());
            } else {
                fields.extend((0..lp.files.len() - 1).map(|i| format!("ref:{i}")));
            }
            if !ds.name.starts_with("wmt08") {
                fields.extend(["docid", "genre", "origlang"].map(String::from));
            }
            Ok(fields)
        }
        Format::PlainText | Format::Tsv => Ok(vec!["src".into(), "ref".into()]),
        Format::WmtXml => Ok(unwrap_wmt_xml(&dir.raw_file(&lp.files[0]))?
            .into_keys()
            .collect()),
    }
}

/// The fields scored as references: WMT XML sets name their translators (the pair's override,
/// else the set's default; `""` is the unnamed `ref`), the others take every `ref*` field.
pub fn reference_fields(ds: &Dataset, fields: &[String], lp: &LangPair) -> Vec<String> {
    if ds.format == Format::WmtXml {
        let allowed: Vec<String> = lp
            .refs
            .as_ref()
            .unwrap_or(&ds.refs)
            .iter()
            .map(|t| ref_field(Some(t)))
            .collect();
        fields
            .iter()
            .filter(|f| allowed.contains(f))
            .cloned()
            .collect()
    } else {
        fields
            .iter()
            .filter(|f| f.starts_with("ref"))
            .cloned()
            .collect()
    }
}

/// `_get_field_by_translator`.
fn ref_field(translator: Option<&str>) -> String {
    match translator {
        None | Some("") => "ref".into(),
        Some(t) => format!("ref:{t}"),
    }
}

/// Write the processed text files of one language pair (`process_to_text`).
pub fn process(ds: &Dataset, lp: &LangPair, dir: &SetDir) -> Result<(), TestSetError> {
    let fields = fieldnames(ds, lp, dir)?;
    match ds.format {
        Format::FakeSgml | Format::WmtAddition | Format::IwsltXml => {
            // The source file three more times, for docid, genre and origlang.
            let sources = lp.files.iter().chain(std::iter::repeat_n(&lp.files[0], 3));
            for (field, file) in fields.iter().zip(sources) {
                let raw = dir.raw_file(file);
                let text = read_raw(&raw)?;
                let lines = if field.starts_with("src") || field.starts_with("ref") {
                    if ds.format == Format::WmtAddition && !file.ends_with(".sgm") {
                        py_lines(&text).map(|l| py_rstrip(l).to_owned()).collect()
                    } else {
                        sgml_segments(&text)
                    }
                } else {
                    sgml_meta(&text, field)
                };
                write_lines(&dir.text_file(&lp.pair, field), &lines)?;
            }
        }
        Format::PlainText => {
            for (field, file) in fields.iter().zip(&lp.files) {
                let text = read_raw(&dir.raw_file(file))?;
                let lines: Vec<&str> = py_lines(&text).map(py_rstrip).collect();
                write_lines(&dir.text_file(&lp.pair, field), &lines)?;
            }
        }
        Format::Tsv => {
            for (field, meta) in fields.iter().zip(&lp.files) {
                let (column, file) = match meta.split_once(':') {
                    Some((n, f)) => (
                        n.parse::<usize>().map_err(|_| TestSetError::Table {
                            message: format!("{}: invalid TSV column in {meta:?}", ds.name),
                        })?,
                        f,
                    ),
                    None => (usize::from(field != "src"), meta.as_str()),
                };
                let raw = dir.raw_file(file);
                let text = read_raw(&raw)?;
                let mut lines = Vec::new();
                for (i, line) in py_lines(&text).enumerate() {
                    let line = line.strip_suffix('\n').unwrap_or(line);
                    let Some(cell) = line.split('\t').nth(column) else {
                        return Err(TestSetError::Raw {
                            path: raw.display().to_string(),
                            line: i + 1,
                            message: format!(
                                "has no column {column} (0-based) for the {field} field"
                            ),
                        });
                    };
                    lines.push(cell);
                }
                write_lines(&dir.text_file(&lp.pair, field), &lines)?;
            }
        }
        Format::WmtXml => {
            let unwrapped = unwrap_wmt_xml(&dir.raw_file(&lp.files[0]))?;
            for (field, values) in &unwrapped {
                let path = dir.text_file(&lp.pair, field);
                // sacreBLEU keeps a non-empty file it finds.
                if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
                    continue;
                }
                let lines: Vec<String> = values.iter().map(|v| clean(v)).collect();
                write_lines(&path, &lines)?;
            }
        }
    }
    Ok(())
}

fn seg_regex() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"<seg.*?>(.*)</seg>.*?").expect("valid regex"))
}

/// `FakeSGMLDataset._convert_format`: every line starting with `<seg `, the tag removed with
/// sacreBLEU's regex (a segment broken over lines keeps its tag), cleaned.
pub fn sgml_segments(text: &str) -> Vec<String> {
    py_lines(text)
        .filter(|l| l.starts_with("<seg "))
        .map(|l| clean(&seg_regex().replace_all(l, "$1")))
        .collect()
}

/// `FakeSGMLDataset._convert_meta`: the `field="..."` value of the last `<doc ` line that had
/// one (a document without it inherits the previous document's value), once per segment.
pub fn sgml_meta(text: &str, field: &str) -> Vec<String> {
    let re = Regex::new(&format!(r#"{}="(.*?)""#, regex::escape(field))).expect("valid regex");
    let mut value = String::new();
    let mut out = Vec::new();
    for line in py_lines(text) {
        if line.starts_with("<doc ") {
            if let Some(c) = re.captures(line) {
                value = c[1].to_owned();
            }
        } else if line.starts_with("<seg ") {
            out.push(value.clone());
        }
    }
    out
}

/// One `<doc>` of a WMT XML file.
#[derive(Debug, Default)]
struct XmlDoc {
    attrs: IndexMap<String, String>,
    /// Source segments by id (the last of a repeated id wins, as in sacreBLEU's dict).
    src: BTreeMap<i64, Option<String>>,
    /// References by translator (`None`: no translator attribute), segments by id.
    refs: Vec<(Option<String>, BTreeMap<i64, String>)>,
    /// System outputs by system name.
    hyps: IndexMap<Option<String>, BTreeMap<i64, String>>,
}

/// `WMTXMLDataset._unwrap_wmt21_or_later`: field → one value per kept segment (segments no
/// reference translates are dropped), fields in the order sacreBLEU writes them: src, the
/// references, docid, origlang, the systems, and domain if the last document has one.
///
/// One deliberate difference: sacreBLEU orders the reference fields by iterating a Python set
/// (an order that changes from run to run with string hashing); here they are sorted.
pub fn unwrap_wmt_xml(path: &Path) -> Result<IndexMap<String, Vec<String>>, TestSetError> {
    let text = read_raw(path)?;
    let shown = path.display().to_string();
    let line_at = |pos: u64| {
        let end = usize::try_from(pos).unwrap_or(usize::MAX).min(text.len());
        text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().trim_text(false);
    let err = |pos: u64, message: String| TestSetError::Raw {
        path: shown.clone(),
        line: line_at(pos),
        message,
    };

    let mut src_langs = BTreeSet::new();
    let mut ref_langs = BTreeSet::new();
    let mut translators: BTreeSet<Option<String>> = BTreeSet::new();
    let mut docs: Vec<XmlDoc> = Vec::new();
    // Where we are: inside a doc, inside its src/ref/hyp, inside a seg (id, text so far, and
    // whether a child element ended lxml's `.text`).
    let mut in_doc = false;
    let mut side = Side::None;
    let mut seg: Option<(i64, String, bool)> = None;
    let attrs_of = |e: &quick_xml::events::BytesStart, pos: u64| {
        let mut m = IndexMap::new();
        for a in e.attributes() {
            let a = a.map_err(|x| err(pos, format!("malformed attribute: {x}")))?;
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|x| err(pos, format!("malformed attribute: {x}")))?;
            m.insert(a.key.as_ref().to_owned(), v.into_owned());
        }
        Ok::<_, TestSetError>(m)
    };
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| err(reader.error_position(), format!("malformed XML: {e}")))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.name().as_ref().to_owned();
                let attrs = attrs_of(e, pos)?;
                match name.as_str() {
                    "src" => {
                        src_langs.insert(attrs.get("lang").cloned());
                        if !empty {
                            side = Side::Src;
                        }
                    }
                    "ref" => {
                        ref_langs.insert(attrs.get("lang").cloned());
                        let t = attrs.get("translator").cloned();
                        translators.insert(t.clone());
                        if in_doc && let Some(d) = docs.last_mut() {
                            d.refs.push((t, BTreeMap::new()));
                            if !empty {
                                side = Side::Ref;
                            }
                        }
                    }
                    "hyp" => {
                        let system = attrs.get("system").cloned();
                        if in_doc && let Some(d) = docs.last_mut() {
                            // A repeated system replaces the earlier one in its place, as a
                            // Python dict does.
                            d.hyps.insert(system.clone(), BTreeMap::new());
                            if !empty {
                                side = Side::Hyp(system);
                            }
                        }
                    }
                    "doc" => {
                        docs.push(XmlDoc {
                            attrs,
                            ..XmlDoc::default()
                        });
                        in_doc = !empty;
                    }
                    "seg" if in_doc && side != Side::None => {
                        let id = attrs
                            .get("id")
                            .and_then(|v| v.trim().parse::<i64>().ok())
                            .ok_or_else(|| err(pos, "a <seg> without an integer id".into()))?;
                        if empty {
                            store(&mut docs, &side, id, None);
                        } else {
                            seg = Some((id, String::new(), false));
                        }
                    }
                    _ => {
                        // lxml's `.text` is the text before the first child element.
                        if let Some(s) = seg.as_mut() {
                            s.2 = true;
                        }
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, s, false)) = seg.as_mut() {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((_, s, false)) = seg.as_mut() {
                    s.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, s, false)) = seg.as_mut() {
                    let c = if r.is_char_ref() {
                        r.resolve_char_ref().ok().flatten().map(String::from)
                    } else {
                        quick_xml::escape::resolve_xml_entity(&r.xml10_content()).map(String::from)
                    };
                    let c = c.ok_or_else(|| {
                        err(pos, format!("unknown entity &{};", r.xml10_content()))
                    })?;
                    s.push_str(&c);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "seg" => {
                    if let Some((id, s, _)) = seg.take() {
                        store(&mut docs, &side, id, Some(s));
                    }
                }
                "src" | "ref" | "hyp" => side = Side::None,
                "doc" => in_doc = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if src_langs.len() != 1 {
        return Err(err(
            0,
            format!("{} source languages, expected 1", src_langs.len()),
        ));
    }
    if ref_langs.len() != 1 {
        return Err(err(
            0,
            format!("{} reference languages, expected 1", ref_langs.len()),
        ));
    }

    let mut src = Vec::new();
    let mut docids = Vec::new();
    let mut origlangs = Vec::new();
    let mut domains = Vec::new();
    let mut refs: IndexMap<String, Vec<String>> = translators
        .iter()
        .map(|t| (ref_field(t.as_deref()), Vec::new()))
        .collect();
    let mut systems: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut seen_domain = false;
    for doc in docs.iter().filter(|d| !d.attrs.contains_key("testsuite")) {
        let docid = doc.attrs.get("id").cloned().unwrap_or_default();
        for (&id, text) in &doc.src {
            // No reference translates this segment.
            if !doc
                .refs
                .iter()
                .any(|(_, r)| r.get(&id).is_some_and(|s| !s.is_empty()))
            {
                continue;
            }
            for t in &translators {
                // The last <ref> of that translator in the document (a Python dict keeps the
                // last of a repeated key).
                let v = doc
                    .refs
                    .iter()
                    .rev()
                    .find(|(rt, _)| rt == t)
                    .and_then(|(_, r)| r.get(&id).cloned())
                    .unwrap_or_default();
                refs[&ref_field(t.as_deref())].push(v);
            }
            let Some(text) = text else {
                return Err(err(
                    0,
                    format!("document {docid}: source segment {id} has no text"),
                ));
            };
            src.push(text.clone());
            for (system, hyp) in &doc.hyps {
                let Some(h) = hyp.get(&id) else {
                    return Err(err(
                        0,
                        format!(
                            "document {docid}: system {} has no segment {id}",
                            system.as_deref().unwrap_or("(unnamed)")
                        ),
                    ));
                };
                systems
                    .entry(system.clone().unwrap_or_else(|| "None".into()))
                    .or_default()
                    .push(h.clone());
            }
            docids.push(docid.clone());
            let Some(o) = doc.attrs.get("origlang") else {
                return Err(err(
                    0,
                    format!("document {docid} has no origlang attribute"),
                ));
            };
            origlangs.push(o.clone());
            let domain = doc.attrs.get("domain");
            domains.push(domain.cloned().unwrap_or_default());
            seen_domain = domain.is_some();
        }
    }
    let mut fields: IndexMap<String, Vec<String>> = IndexMap::new();
    fields.insert("src".into(), src);
    fields.extend(refs);
    fields.insert("docid".into(), docids);
    fields.insert("origlang".into(), origlangs);
    fields.extend(systems);
    if seen_domain {
        fields.insert("domain".into(), domains);
    }
    Ok(fields)
}

/// Which part of a document the parser is in.
#[derive(Debug, PartialEq)]
enum Side {
    None,
    Src,
    Ref,
    Hyp(Option<String>),
}

/// Put a finished `<seg>` where it belongs (`None`: no text; lxml's `seg.text` is `None`).
fn store(docs: &mut [XmlDoc], side: &Side, id: i64, text: Option<String>) {
    let Some(doc) = docs.last_mut() else { return };
    match side {
        Side::None => {}
        Side::Src => {
            doc.src.insert(id, text);
        }
        Side::Ref => {
            if let Some((_, r)) = doc.refs.last_mut() {
                r.insert(id, text.unwrap_or_default());
            }
        }
        Side::Hyp(system) => {
            if let Some(h) = doc.hyps.get_mut(system) {
                h.insert(id, text.unwrap_or_default());
            }
        }
    }
}

/// What `utils.filter_subset` compares, per segment of one test set, read once from its raw
/// file (WMT XML sets: the XML; SGML sets: the `.sgm` source).
#[derive(Debug, Clone)]
pub struct DocLabels {
    /// The set's name, for messages.
    set: String,
    /// Each segment's document's original language as compared: WMT XML's attribute; for
    /// SGML what `re.sub` makes of the `<doc ` line (the line itself where it has no
    /// `origlang`, so that it equals no code). `None`: a segment before any `<doc `, never kept.
    origlang: Vec<Option<String>>,
    /// What `--subset` searches in each segment: the document's domain (WMT XML; `None` where
    /// it has none) or sacreBLEU's `SUBSETS` annotation of the document (`COUNTRY-domain`,
    /// wmt18/wmt19; `""` for a document it does not list). `None` for an SGML set `SUBSETS`
    /// has no entry for: `--subset` is refused there.
    tags: Option<Vec<Option<String>>>,
    /// `utils.get_available_subsets`: the domains (WMT XML) or `country:XX` and the domain of
    /// every annotation (`SUBSETS`).
    subsets: BTreeSet<String>,
}

impl DocLabels {
    /// Read the labels of `lp`'s raw file. Formats without document metadata are refused
    /// with sacreBLEU's reason.
    pub fn read(
        ds: &Dataset,
        lp: &LangPair,
        dir: &SetDir,
        subsets: Option<&IndexMap<String, String>>,
    ) -> Result<Self, TestSetError> {
        let rawfile = dir.raw_file(&lp.files[0]);
        let mut labels = DocLabels {
            set: ds.name.clone(),
            origlang: Vec::new(),
            tags: None,
            subsets: BTreeSet::new(),
        };
        if ds.format == Format::WmtXml {
            let mut fields = unwrap_wmt_xml(&rawfile)?;
            let origlang = fields.swap_remove("origlang").unwrap_or_default();
            let domains = fields.swap_remove("domain");
            labels.tags = Some(match &domains {
                Some(d) => d.iter().cloned().map(Some).collect(),
                None => vec![None; origlang.len()],
            });
            labels.subsets.extend(domains.unwrap_or_default());
            labels.origlang = origlang.into_iter().map(Some).collect();
        } else if lp.files[0].ends_with(".sgm") {
            static DOCID: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
            let re_id =
                DOCID.get_or_init(|| Regex::new(r#".* docid="([^"]+)".*\n"#).expect("valid regex"));
            if let Some(table) = subsets {
                for v in table.values() {
                    let mut parts = v.split('-');
                    labels
                        .subsets
                        .insert(format!("country:{}", parts.next().unwrap_or_default()));
                    // sacreBLEU indexes `split("-")[1]`; every annotation it ships has one.
                    if let Some(d) = parts.next() {
                        labels.subsets.insert(d.to_owned());
                    }
                }
            }
            let text = read_raw(&rawfile)?;
            let mut tags = Vec::new();
            let mut doc: Option<(String, String)> = None;
            for line in py_lines(&text) {
                if line.starts_with("<doc ") {
                    let id = sub_whole_line(re_id, line);
                    let tag = subsets
                        .and_then(|t| t.get(&id))
                        .map_or("", String::as_str)
                        .to_owned();
                    doc = Some((sub_whole_line(origlang_regex(), line), tag));
                }
                if line.starts_with("<seg ") {
                    labels.origlang.push(doc.as_ref().map(|d| d.0.clone()));
                    tags.push(doc.as_ref().map(|d| d.1.clone()));
                }
            }
            labels.tags = subsets.is_some().then_some(tags);
        } else {
            return Err(TestSetError::Selection {
                message: format!(
                    "--origlang and --subset need WMT *.xml or *.sgm files (document metadata); {} is neither",
                    lp.files[0]
                ),
            });
        }
        Ok(labels)
    }

    /// `utils.get_available_origlangs` (of the documents that have segments).
    pub fn origlangs(&self) -> BTreeSet<String> {
        self.origlang.iter().flatten().cloned().collect()
    }

    /// `utils.get_available_subsets`.
    pub fn subsets(&self) -> &BTreeSet<String> {
        &self.subsets
    }

    /// Which segments `--origlang origlang --subset subset` keep (`subset` compiled by
    /// [`subset_regex`]).
    pub fn mask(
        &self,
        origlang: Option<&str>,
        subset: Option<&Regex>,
    ) -> Result<Vec<bool>, TestSetError> {
        let tags = match (subset, &self.tags) {
            (Some(_), None) => {
                return Err(TestSetError::Selection {
                    message: format!("no subset annotation available for test set {}", self.set),
                });
            }
            (_, tags) => tags.as_deref(),
        };
        Ok(self
            .origlang
            .iter()
            .enumerate()
            .map(|(i, doc)| {
                let Some(doc) = doc else { return false };
                let by_lang = match origlang {
                    None => true,
                    Some(o) => match o.strip_prefix("non-") {
                        Some(not) => doc != not,
                        None => doc == o,
                    },
                };
                let by_subset = subset.is_none_or(|re| {
                    tags.and_then(|t| t[i].as_deref())
                        .is_some_and(|t| re.is_match(t))
                });
                by_lang && by_subset
            })
            .collect())
    }
}

/// `--subset`'s regular expression (a leading `country:` dropped, as sacreBLEU does).
pub fn subset_regex(subset: &str) -> Result<Regex, TestSetError> {
    let s = subset.strip_prefix("country:").unwrap_or(subset);
    Regex::new(s).map_err(|e| TestSetError::Selection {
        message: format!(
            "--subset {s:?} is not a valid regular expression: {}",
            // The regex crate's message spans lines (pattern, caret, error).
            e.to_string().lines().last().unwrap_or_default().trim()
        ),
    })
}

fn origlang_regex() -> &'static Regex {
    static ORIGLANG: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    ORIGLANG.get_or_init(|| Regex::new(r#".* origlang="([^"]+)".*\n"#).expect("valid regex"))
}

/// `re.sub` of a whole-line pattern: the captured value, or the line itself if it does not
/// match (a document without the attribute compares unequal to every code).
fn sub_whole_line(re: &Regex, line: &str) -> String {
    match re.captures(line) {
        Some(c) => {
            let m = c.get(0).expect("group 0");
            format!("{}{}{}", &line[..m.start()], &c[1], &line[m.end()..])
        }
        None => line.to_owned(),
    }
}

/// `utils.filter_subset` for one test set: which segments `--origlang` / `--subset` keep.
///
/// `origlang` is a language code, or `non-` and a code; `subset` a regular expression searched
/// in the document's domain (WMT XML) or in sacreBLEU's `SUBSETS` annotation of the document
/// (`COUNTRY-domain`, wmt18/wmt19; `country:XX` means `XX`). WMT XML sets read the raw XML
/// file, SGML sets the raw `.sgm` source; other formats have no document metadata.
pub fn keep_mask(
    ds: &Dataset,
    lp: &LangPair,
    dir: &SetDir,
    subsets: Option<&IndexMap<String, String>>,
    origlang: Option<&str>,
    subset: Option<&str>,
) -> Result<Vec<bool>, TestSetError> {
    let subset_re = subset.map(subset_regex).transpose()?;
    DocLabels::read(ds, lp, dir, subsets)?.mask(origlang, subset_re.as_ref())
}
