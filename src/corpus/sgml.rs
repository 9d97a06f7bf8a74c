//! The mteval SGML format of WMT up to 2020: one file per text, `<srcset>` (source),
//! `<refset>` (references) or `<tstset>` (system outputs), holding `<doc docid=.. sysid=..>`
//! elements with one `<seg id=..>text</seg>` per line.
//!
//! These files are not XML (unescaped `&`, `<` in text), so they are read as sacreBLEU reads
//! them (`sacrebleu/dataset/fake_sgml.py`): line by line, a segment's text is what lies between
//! its `<seg ...>` and the last `</seg>` of the line, entities left as written, whitespace
//! stripped and runs of it squeezed to one space (sacreBLEU's `_clean`). Unlike sacreBLEU, the
//! files are aligned by document and segment id (the source's order, else the first
//! reference's), and a segment missing from a file, a segment id given twice or a segment that
//! spans lines is refused with the file, line and id.

use std::path::PathBuf;

use rustc_hash::FxHashMap;

use super::error::CorpusError;
use super::meta::SegmentMeta;
use super::{Corpus, LoadOptions, Loader, TextFile, read_text_file, stem_name};
use crate::tokenize::text::squeeze_spaces_into;

/// SGML files, each a `<srcset>`, `<refset>` or `<tstset>`.
#[derive(Debug, Clone, Default)]
pub struct Sgml {
    /// The files, in any order (`-`: standard input, once).
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    Src,
    Ref,
    Tst,
}

#[derive(Debug)]
struct SegLine {
    doc: usize,
    id: String,
    text: String,
    line: usize,
}

#[derive(Debug, Default)]
struct DocInfo {
    docid: String,
    origlang: Option<String>,
    genre: Option<String>,
}

/// One text found in a file: a set kind, a name (sysid or file stem) and its segments.
#[derive(Debug)]
struct Text {
    set: Set,
    name: String,
    path: String,
    docs: Vec<DocInfo>,
    segs: Vec<SegLine>,
}

/// Attribute `key` of a tag line (`key="v"` or `key='v'`).
fn attribute(tag: &str, key: &str) -> Option<String> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(pos) = tag[from..].find(key) {
        let start = from + pos;
        from = start + key.len();
        let before_ok =
            start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let quote = rest.chars().next()?;
        if quote == '"' || quote == '\'' {
            let body = &rest[1..];
            return body.find(quote).map(|end| body[..end].to_owned());
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>')
            .unwrap_or(rest.len());
        return Some(rest[..end].to_owned());
    }
    None
}

fn read_one(
    path: &std::path::Path,
    opts: &LoadOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<Text>, CorpusError> {
    let file = read_text_file(path, "", opts, warnings)?;
    let shown = file.path.clone();
    let err = |line: usize, message: String| CorpusError::Malformed {
        path: shown.clone(),
        line,
        message,
    };
    let mut set: Option<(Set, Option<String>)> = None;
    let mut texts: Vec<Text> = Vec::new();
    // Index of the text the open document belongs to.
    let mut open: Option<usize> = None;
    for (i, raw) in file.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_start();
        let lower = line.get(..8).unwrap_or(line).to_ascii_lowercase();
        if lower.starts_with("<srcset")
            || lower.starts_with("<refset")
            || lower.starts_with("<tstset")
        {
            if set.is_some() {
                return Err(err(
                    n,
                    "a second <srcset>, <refset> or <tstset> in one file".into(),
                ));
            }
            let kind = match &lower[..4] {
                "<src" => Set::Src,
                "<ref" => Set::Ref,
                _ => Set::Tst,
            };
            set = Some((kind, attribute(line, "sysid")));
        } else if lower.starts_with("<doc ") || lower.starts_with("<doc>") {
            let Some((kind, set_sysid)) = &set else {
                return Err(err(n, "<doc> before <srcset>, <refset> or <tstset>".into()));
            };
            if open.is_some() {
                return Err(err(n, "<doc> inside a <doc> (missing </doc>)".into()));
            }
            let Some(docid) = attribute(line, "docid") else {
                return Err(err(n, "<doc> without a docid".into()));
            };
            let name = attribute(line, "sysid")
                .or_else(|| set_sysid.clone())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| stem_name(path));
            let t = match texts.iter().position(|t| t.name == name) {
                Some(t) => t,
                None => {
                    texts.push(Text {
                        set: *kind,
                        name: name.clone(),
                        path: shown.clone(),
                        docs: Vec::new(),
                        segs: Vec::new(),
                    });
                    texts.len() - 1
                }
            };
            if texts[t].docs.iter().any(|d| d.docid == docid) {
                return Err(err(n, format!("document id {docid} given twice")));
            }
            texts[t].docs.push(DocInfo {
                docid,
                origlang: attribute(line, "origlang"),
                genre: attribute(line, "genre"),
            });
            open = Some(t);
        } else if lower.starts_with("</doc") {
            if open.take().is_none() {
                return Err(err(n, "</doc> without <doc>".into()));
            }
        } else if lower.starts_with("<seg") {
            let Some(t) = open else {
                return Err(err(n, "<seg> outside a <doc>".into()));
            };
            let Some(close) = line.find('>') else {
                return Err(err(n, "<seg without its closing '>'".into()));
            };
            let Some(id) = attribute(&line[..close], "id") else {
                return Err(err(n, "<seg> without an id".into()));
            };
            let Some(end) = line.rfind("</seg>").filter(|&e| e > close) else {
                return Err(err(
                    n,
                    format!(
                        "segment id {id} has no </seg> on its line (a segment must fit one line)"
                    ),
                ));
            };
            let mut text = String::new();
            squeeze_spaces_into(&line[close + 1..end], &mut text);
            let doc = texts[t].docs.len() - 1;
            texts[t].segs.push(SegLine {
                doc,
                id,
                text,
                line: n,
            });
        }
    }
    if set.is_none() {
        return Err(err(
            1,
            "no <srcset>, <refset> or <tstset>: not an mteval SGML file".into(),
        ));
    }
    if open.is_some() {
        return Err(err(
            file.len().max(1),
            "unexpected end of file inside a <doc>".into(),
        ));
    }
    if texts.is_empty() {
        return Err(err(file.len().max(1), "no <doc> in the file".into()));
    }
    Ok(texts)
}

type Key = (String, String);

fn key(t: &Text, s: &SegLine) -> Key {
    (t.docs[s.doc].docid.clone(), s.id.clone())
}

/// The texts of `t` in the anchor's order (document id, segment id), refusing duplicates, gaps
/// and extras.
fn align<'a>(
    t: &'a Text,
    order: &[(Key, usize)],
    anchor: &str,
) -> Result<Vec<&'a str>, CorpusError> {
    let err = |line: usize, message: String| CorpusError::Malformed {
        path: t.path.clone(),
        line,
        message,
    };
    let mut by_key: FxHashMap<Key, &SegLine> = FxHashMap::default();
    for s in &t.segs {
        let k = key(t, s);
        if by_key.contains_key(&k) {
            return Err(err(
                s.line,
                format!(
                    "segment id {} given twice in document {} of {}",
                    k.1, k.0, t.name
                ),
            ));
        }
        by_key.insert(k, s);
    }
    if t.segs.len() != order.len() {
        let anchor_keys: rustc_hash::FxHashSet<&Key> = order.iter().map(|(k, _)| k).collect();
        if let Some(s) = t.segs.iter().find(|s| !anchor_keys.contains(&key(t, s))) {
            let k = key(t, s);
            return Err(err(
                s.line,
                format!("segment id {} of document {} is not in {anchor}", k.1, k.0),
            ));
        }
    }
    order
        .iter()
        .map(|(k, line)| {
            by_key.get(k).map(|s| s.text.as_str()).ok_or_else(|| {
                err(
                    t.segs.last().map_or(1, |s| s.line),
                    format!(
                        "{} has no segment id {} of document {} (see {anchor}:{line})",
                        t.name, k.1, k.0
                    ),
                )
            })
        })
        .collect()
}

impl Loader for Sgml {
    fn load(&self, opts: &LoadOptions) -> Result<Corpus, CorpusError> {
        let mut warnings = Vec::new();
        let mut texts = Vec::new();
        for p in &self.paths {
            texts.extend(read_one(p, opts, &mut warnings)?);
        }
        let sources: Vec<&Text> = texts.iter().filter(|t| t.set == Set::Src).collect();
        if sources.len() > 1 {
            return Err(CorpusError::MissingInput(format!(
                "two SGML sources ({} and {}); give one <srcset>",
                sources[0].path, sources[1].path
            )));
        }
        let Some(anchor) = sources
            .first()
            .copied()
            .or_else(|| texts.iter().find(|t| t.set == Set::Ref))
        else {
            return Err(CorpusError::MissingInput(
                "no SGML reference (<refset>) among the files".into(),
            ));
        };
        let order: Vec<(Key, usize)> = anchor
            .segs
            .iter()
            .map(|s| (key(anchor, s), s.line))
            .collect();
        let clean = |n: &str| crate::report::terminal::sanitize(n).into_owned();
        let mut corpus = Corpus {
            warnings,
            ..Corpus::default()
        };
        for t in &texts {
            let col = align(t, &order, &anchor.path)?;
            let name = if t.set == Set::Src {
                "source".to_owned()
            } else {
                clean(&t.name)
            };
            let f = TextFile::new(name, format!("{} ({})", t.path, t.name), col);
            match t.set {
                Set::Src => corpus.source = Some(f),
                Set::Ref => corpus.references.push(f),
                Set::Tst => corpus.systems.push(f),
            }
        }
        if corpus.systems.is_empty() {
            return Err(CorpusError::MissingInput(
                "no SGML system output (<tstset>) among the files".into(),
            ));
        }
        let doc = |s: &SegLine| &anchor.docs[s.doc];
        corpus.meta = Some(SegmentMeta {
            docids: anchor.segs.iter().map(|s| doc(s).docid.clone()).collect(),
            origlang: anchor
                .segs
                .iter()
                .map(|s| doc(s).origlang.clone())
                .collect(),
            domain: anchor.segs.iter().map(|s| doc(s).genre.clone()).collect(),
        });
        corpus.validated()
    }
}

/// Whether a path names an SGML file by its extension (`.sgm`, `.sgml`).
pub fn is_sgml(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("sgm") || e.eq_ignore_ascii_case("sgml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_like_sacrebleu() {
        let tag = r#"<doc sysid="ref" docid="abc-1" genre="news" origlang="de">"#;
        assert_eq!(attribute(tag, "docid").as_deref(), Some("abc-1"));
        assert_eq!(attribute(tag, "id"), None, "id is not the tail of docid");
        assert_eq!(attribute(tag, "origlang").as_deref(), Some("de"));
        assert_eq!(attribute("<seg id=3>", "id").as_deref(), Some("3"));
        assert_eq!(attribute("<seg id='7'>", "id").as_deref(), Some("7"));
    }
}
