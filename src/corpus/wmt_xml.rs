//! WMT XML (`wmttest2022.de-fr.all.xml`, WMT21 on): one file holding, per `<doc id origlang
//! domain>`, the source (`<src>`), the references (`<ref translator="A">`) and every system
//! (`<hyp system="X">`), each as `<seg id="N">` elements.
//!
//! Segments are aligned by document and segment id exactly as sacreBLEU's reader
//! (`sacrebleu/dataset/wmt_xml.py`) aligns them: documents in file order, segments of each
//! document by numeric id; test-suite documents (`testsuite=` attribute) are skipped; a source
//! segment that no translator translated (every reference empty or absent) is left out; a
//! reference missing for one translator where another has it counts as an empty reference.
//! Those two are kept from sacreBLEU (with a warning) because real WMT files have partial second
//! references and published scores rely on that handling. Where sacreBLEU crashes or silently
//! misaligns, the file is refused instead, naming line and id: a system without a segment of the
//! source, a segment id given twice, a reference or system segment that is not in the source, a
//! document id given twice, malformed XML.

use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::error::CorpusError;
use super::meta::SegmentMeta;
use super::{Corpus, LoadOptions, Loader, TextFile, read_text_file};

/// A WMT XML file, optionally limited to some translators' references and some systems.
#[derive(Debug, Clone, Default)]
pub struct WmtXml {
    /// The file (`-`: standard input).
    pub path: PathBuf,
    /// Translators whose references to use (`--ref A`); empty: all, in file order.
    pub references: Vec<String>,
    /// Systems to use (`--system NAME`); empty: all, in file order.
    pub systems: Vec<String>,
    /// More system outputs as text files, one line per segment of the XML (after the segments
    /// without reference are left out), as sacreBLEU's `-t` reads `-i` files: for a test-set
    /// XML without `<hyp>`.
    pub outputs: Vec<PathBuf>,
}

#[derive(Debug, Default)]
struct Seg {
    id: i64,
    text: String,
    offset: usize,
}

#[derive(Debug)]
struct Block {
    /// Index into the translators (for `ref`) or systems (for `hyp`); unused for `src`.
    who: usize,
    kind: Kind,
    segs: Vec<Seg>,
    offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Src,
    Ref,
    Hyp,
}

#[derive(Debug, Default)]
struct Doc {
    id: String,
    origlang: Option<String>,
    domain: Option<String>,
    offset: usize,
    blocks: Vec<Block>,
}

/// What the parser has found, before alignment.
#[derive(Debug, Default)]
struct Parsed {
    docs: Vec<Doc>,
    translators: Vec<String>,
    systems: Vec<String>,
}

/// Byte offsets to 1-based line numbers.
struct Lines<'a>(&'a [(usize, usize)]);

impl Lines<'_> {
    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|&(start, _)| start <= offset).max(1)
    }
}

fn index_of(names: &mut Vec<String>, name: &str) -> usize {
    names.iter().position(|n| n == name).unwrap_or_else(|| {
        names.push(name.to_owned());
        names.len() - 1
    })
}

fn attr(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(key) {
        Ok(None) => Ok(None),
        Ok(Some(a)) => a
            .normalized_value(XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|e| format!("malformed XML: attribute {key}: {e}")),
        Err(e) => Err(format!("malformed XML: {e}")),
    }
}

fn kind_label(kind: Kind, who: usize, p: &Parsed) -> String {
    match kind {
        Kind::Src => "<src>".to_owned(),
        Kind::Ref => format!("<ref translator=\"{}\">", p.translators[who]),
        Kind::Hyp => format!("<hyp system=\"{}\">", p.systems[who]),
    }
}

/// Parse the XML into documents; every error carries its byte offset.
fn parse(text: &str) -> Result<Parsed, (usize, String)> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut p = Parsed::default();
    let mut doc: Option<Doc> = None;
    let mut block: Option<Block> = None;
    let mut seg: Option<Seg> = None;
    // Depth inside a skipped test-suite document (0: not skipping).
    let mut skip = 0usize;
    // Open elements: quick-xml checks that end tags match, not that all are closed at the end.
    let mut depth = 0usize;
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(offset);
            (at, format!("malformed XML: {e}"))
        })?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if skip > 0 {
            match &event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => return Err((offset, "malformed XML: unexpected end of file".into())),
                _ => {}
            }
            continue;
        }
        let at = |m: String| (offset, m);
        if let Some(e) = start {
            let name = e.name();
            let name = name.as_ref();
            if let Some(s) = &seg {
                return Err(at(format!(
                    "element <{name}> inside segment id {}: a segment holds text only",
                    s.id
                )));
            }
            match name {
                "doc" => {
                    if doc.is_some() {
                        return Err(at("a <doc> inside a <doc>".into()));
                    }
                    if attr(e, "testsuite").map_err(at)?.is_some() {
                        // sacreBLEU skips test-suite documents.
                        if !empty {
                            skip = 1;
                        }
                        continue;
                    }
                    let Some(id) = attr(e, "id").map_err(at)? else {
                        return Err(at("<doc> without an id attribute".into()));
                    };
                    let d = Doc {
                        id,
                        origlang: attr(e, "origlang").map_err(at)?,
                        domain: attr(e, "domain").map_err(at)?,
                        offset,
                        blocks: Vec::new(),
                    };
                    if !empty {
                        doc = Some(d);
                    }
                }
                "src" | "ref" | "hyp" => {
                    let Some(d) = &doc else {
                        return Err(at(format!("<{name}> outside a <doc>")));
                    };
                    if block.is_some() {
                        return Err(at(format!("<{name}> inside another <src>, <ref> or <hyp>")));
                    }
                    let (kind, who) = match name {
                        "src" => (Kind::Src, 0),
                        // sacreBLEU names a reference without translator plain "ref".
                        "ref" => {
                            let t = attr(e, "translator").map_err(at)?.unwrap_or_default();
                            let t = if t.is_empty() { "ref".to_owned() } else { t };
                            (Kind::Ref, index_of(&mut p.translators, &t))
                        }
                        _ => {
                            let Some(s) = attr(e, "system").map_err(at)? else {
                                return Err(at(format!(
                                    "<hyp> without a system attribute in document {}",
                                    d.id
                                )));
                            };
                            (Kind::Hyp, index_of(&mut p.systems, &s))
                        }
                    };
                    if d.blocks.iter().any(|b| b.kind == kind && b.who == who) {
                        return Err(at(format!(
                            "{} given twice in document {}",
                            kind_label(kind, who, &p),
                            d.id
                        )));
                    }
                    let b = Block {
                        who,
                        kind,
                        segs: Vec::new(),
                        offset,
                    };
                    if empty {
                        if let Some(d) = doc.as_mut() {
                            d.blocks.push(b);
                        }
                    } else {
                        block = Some(b);
                    }
                }
                "seg" => {
                    let (Some(d), Some(b)) = (&doc, &block) else {
                        return Err(at("<seg> outside a <src>, <ref> or <hyp> of a <doc>".into()));
                    };
                    let Some(raw) = attr(e, "id").map_err(at)? else {
                        return Err(at(format!(
                            "<seg> without an id in {} of document {}",
                            kind_label(b.kind, b.who, &p),
                            d.id
                        )));
                    };
                    let Ok(id) = raw.trim().parse::<i64>() else {
                        return Err(at(format!(
                            "segment id \"{raw}\" in document {} is not a whole number",
                            d.id
                        )));
                    };
                    let s = Seg {
                        id,
                        text: String::new(),
                        offset,
                    };
                    if empty {
                        if let Some(b) = block.as_mut() {
                            b.segs.push(s);
                        }
                    } else {
                        seg = Some(s);
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Text(t) => {
                if let Some(s) = &mut seg {
                    s.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(s) = &mut seg {
                    s.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(s) = &mut seg {
                    let c = r
                        .resolve_char_ref()
                        .map_err(|e| at(format!("malformed XML: &{};: {e}", &*r)))?;
                    match c {
                        Some(c) => s.text.push(c),
                        None => match quick_xml::escape::resolve_predefined_entity(&r) {
                            Some(v) => s.text.push_str(v),
                            None => {
                                return Err(at(format!("malformed XML: unknown entity &{};", &*r)));
                            }
                        },
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "seg" => {
                    if let (Some(s), Some(b)) = (seg.take(), &mut block) {
                        b.segs.push(s);
                    }
                }
                "src" | "ref" | "hyp" => {
                    if let (Some(b), Some(d)) = (block.take(), &mut doc) {
                        d.blocks.push(b);
                    }
                }
                "doc" => {
                    if let Some(d) = doc.take() {
                        p.docs.push(d);
                    }
                }
                _ => {}
            },
            Event::Eof => {
                if doc.is_some() || depth > 0 {
                    return Err((offset, "malformed XML: unexpected end of file".into()));
                }
                return Ok(p);
            }
            _ => {}
        }
    }
}

impl WmtXml {
    /// Read, parse and align.
    pub fn load(&self, opts: &LoadOptions) -> Result<Corpus, CorpusError> {
        let mut warnings = Vec::new();
        let file = read_text_file(&self.path, "", opts, &mut warnings)?;
        let shown = file.path.clone();
        let lines = Lines(&file.spans);
        let malformed = |offset: usize, message: String| CorpusError::Malformed {
            path: shown.clone(),
            line: lines.at(offset),
            message,
        };
        let p = parse(&file.text).map_err(|(o, m)| malformed(o, m))?;
        let pick =
            |kind: &str, asked: &[String], have: &[String]| -> Result<Vec<usize>, CorpusError> {
                if asked.is_empty() {
                    return Ok((0..have.len()).collect());
                }
                asked
                    .iter()
                    .map(|a| {
                        have.iter().position(|h| h == a).ok_or_else(|| {
                            CorpusError::MissingInput(format!(
                                "{shown}: no {kind} '{a}' (the file has: {})",
                                if have.is_empty() {
                                    "none".to_owned()
                                } else {
                                    have.join(", ")
                                }
                            ))
                        })
                    })
                    .collect()
            };
        let refs = pick("reference translator", &self.references, &p.translators)?;
        let systems = pick("system", &self.systems, &p.systems)?;
        if p.translators.is_empty() {
            return Err(CorpusError::MissingInput(format!(
                "{shown}: no reference (<ref>) in the file"
            )));
        }

        let mut seen_docs: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut src = Vec::new();
        let mut ref_cols: Vec<Vec<&str>> = vec![Vec::new(); refs.len()];
        let mut sys_cols: Vec<Vec<&str>> = vec![Vec::new(); systems.len()];
        let mut meta = SegmentMeta::default();
        let (mut untranslated, mut first_untranslated) = (0usize, None);
        let mut partial = vec![(0usize, None); refs.len()];
        for d in &p.docs {
            if let Some(&first) = seen_docs.get(d.id.as_str()) {
                return Err(malformed(
                    d.offset,
                    format!(
                        "document id {} given twice (first on line {})",
                        d.id,
                        lines.at(first)
                    ),
                ));
            }
            seen_docs.insert(&d.id, d.offset);
            // Every block's segments by id, refusing duplicates.
            let mut by_id: Vec<rustc_hash::FxHashMap<i64, &Seg>> = Vec::new();
            for b in &d.blocks {
                let mut m = rustc_hash::FxHashMap::default();
                for s in &b.segs {
                    if m.insert(s.id, s).is_some() {
                        return Err(malformed(
                            s.offset,
                            format!(
                                "segment id {} given twice in {} of document {}",
                                s.id,
                                kind_label(b.kind, b.who, &p),
                                d.id
                            ),
                        ));
                    }
                }
                by_id.push(m);
            }
            let Some(src_i) = d.blocks.iter().position(|b| b.kind == Kind::Src) else {
                if let Some(b) = d.blocks.first() {
                    return Err(malformed(
                        b.offset,
                        format!(
                            "document {} has {} but no <src>",
                            d.id,
                            kind_label(b.kind, b.who, &p)
                        ),
                    ));
                }
                continue;
            };
            for b in d.blocks.iter().filter(|b| b.kind != Kind::Src) {
                if let Some(s) = b.segs.iter().find(|s| !by_id[src_i].contains_key(&s.id)) {
                    return Err(malformed(
                        s.offset,
                        format!(
                            "segment id {} of {} in document {} is not in the source",
                            s.id,
                            kind_label(b.kind, b.who, &p),
                            d.id
                        ),
                    ));
                }
            }
            let block_of = |kind: Kind, who: usize| {
                d.blocks.iter().position(|b| b.kind == kind && b.who == who)
            };
            let ref_blocks: Vec<Option<usize>> =
                refs.iter().map(|&t| block_of(Kind::Ref, t)).collect();
            let sys_blocks: Vec<Option<usize>> =
                systems.iter().map(|&s| block_of(Kind::Hyp, s)).collect();
            let mut ids: Vec<i64> = d.blocks[src_i].segs.iter().map(|s| s.id).collect();
            ids.sort_unstable();
            for id in ids {
                // sacreBLEU: a segment no translator translated is not part of the test set
                // (all translators count here, chosen or not).
                let translated = d.blocks.iter().zip(&by_id).any(|(b, m)| {
                    b.kind == Kind::Ref && m.get(&id).is_some_and(|s| !s.text.is_empty())
                });
                if !translated {
                    untranslated += 1;
                    first_untranslated.get_or_insert_with(|| format!("{} segment {id}", d.id));
                    continue;
                }
                for (k, rb) in ref_blocks.iter().enumerate() {
                    let text = rb.and_then(|b| by_id[b].get(&id)).map(|s| s.text.as_str());
                    if text.is_none() {
                        partial[k].0 += 1;
                        partial[k]
                            .1
                            .get_or_insert_with(|| format!("{} segment {id}", d.id));
                    }
                    ref_cols[k].push(text.unwrap_or(""));
                }
                for (k, sb) in sys_blocks.iter().enumerate() {
                    let name = &p.systems[systems[k]];
                    let Some(b) = sb else {
                        return Err(malformed(
                            d.offset,
                            format!(
                                "system {name} has no <hyp> in document {} (segment id {id})",
                                d.id
                            ),
                        ));
                    };
                    let Some(s) = by_id[*b].get(&id) else {
                        return Err(malformed(
                            d.blocks[*b].offset,
                            format!("system {name} has no segment id {id} in document {}", d.id),
                        ));
                    };
                    sys_cols[k].push(s.text.as_str());
                }
                src.push(by_id[src_i][&id].text.as_str());
                meta.docids.push(d.id.clone());
                meta.origlang.push(d.origlang.clone());
                meta.domain.push(d.domain.clone());
            }
        }
        if untranslated > 0 {
            warnings.push(format!(
                "{shown}: {untranslated} source segments have no reference and are left out, as sacreBLEU does (first: document {})",
                first_untranslated.unwrap_or_default()
            ));
        }
        for (k, (n, first)) in partial.into_iter().enumerate() {
            if n > 0 {
                warnings.push(format!(
                    "{shown}: reference {} has no translation of {n} segments that another translator translated; they count as empty references, as in sacreBLEU (first: document {})",
                    p.translators[refs[k]],
                    first.unwrap_or_default()
                ));
            }
        }
        let mut outputs = Vec::with_capacity(self.outputs.len());
        for (path, name) in self.outputs.iter().zip(super::unique_names(&self.outputs)) {
            outputs.push(read_text_file(path, &name, opts, &mut warnings)?);
        }
        if systems.is_empty() && outputs.is_empty() {
            return Err(CorpusError::MissingInput(format!(
                "{shown}: no system output (<hyp>) in the file; give system outputs with -i FILE"
            )));
        }
        let clean = |n: &str| crate::report::terminal::sanitize(n).into_owned();
        let text = |label: String, name: &str, col: &[&str]| {
            TextFile::new(
                clean(name),
                format!("{shown} ({label})"),
                col.iter().copied(),
            )
        };
        Corpus {
            source: Some(text("src".into(), "source", &src)),
            references: refs
                .iter()
                .zip(&ref_cols)
                .map(|(&t, c)| {
                    let n = &p.translators[t];
                    text(format!("ref {n}"), n, c)
                })
                .collect(),
            systems: systems
                .iter()
                .zip(&sys_cols)
                .map(|(&s, c)| {
                    let n = &p.systems[s];
                    text(format!("hyp {n}"), n, c)
                })
                .chain(outputs)
                .collect(),
            warnings,
            meta: Some(meta),
            normalization: None,
        }
        .validated()
    }
}

impl Loader for WmtXml {
    fn load(&self, opts: &LoadOptions) -> Result<Corpus, CorpusError> {
        WmtXml::load(self, opts)
    }
}

/// Whether a path names a WMT XML file by its extension.
pub fn is_xml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}
