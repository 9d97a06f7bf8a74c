//! Per-segment document metadata (document id, original language, domain) and the subset
//! selection sacreBLEU offers on it (`--origlang`, `--subset`).
//!
//! Formats that carry documents (WMT XML, SGML, sacreBLEU's `.docid`/`.origlang` caches) fill a
//! [`SegmentMeta`]; plain text files have none. Selection keeps whole segments of every file, so
//! the selected corpus is validated like any other.

use std::collections::BTreeSet;

use super::error::CorpusError;
use super::{Corpus, TextFile};

/// Document metadata of every segment, index-aligned with the corpus' segments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentMeta {
    /// Document id of each segment.
    pub docids: Vec<String>,
    /// Original language of each segment's document (`origlang` attribute), where known.
    pub origlang: Vec<Option<String>>,
    /// Domain of each segment's document (`domain` attribute, WMT22 on), where known.
    pub domain: Vec<Option<String>>,
}

impl SegmentMeta {
    /// Number of segments described.
    pub fn len(&self) -> usize {
        self.docids.len()
    }

    /// Whether no segment is described.
    pub fn is_empty(&self) -> bool {
        self.docids.is_empty()
    }

    /// Whether the three columns have the same length.
    fn consistent(&self) -> bool {
        self.origlang.len() == self.docids.len() && self.domain.len() == self.docids.len()
    }

    /// The metadata of the segments whose index is in `keep` (ascending).
    fn subset(&self, keep: &[usize]) -> Self {
        Self {
            docids: keep.iter().map(|&i| self.docids[i].clone()).collect(),
            origlang: keep.iter().map(|&i| self.origlang[i].clone()).collect(),
            domain: keep.iter().map(|&i| self.domain[i].clone()).collect(),
        }
    }

    /// Distinct values of a column in order of first appearance (`None` left out).
    fn distinct(column: &[Option<String>]) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for v in column.iter().flatten() {
            if !seen.contains(&v.as_str()) {
                seen.push(v);
            }
        }
        seen
    }

    /// Groups of segment indices by a key, in order of first appearance.
    pub fn groups<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<(String, Vec<usize>)> {
        let mut index: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut out: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, k) in keys.enumerate() {
            let g = *index.entry(k).or_insert_with(|| {
                out.push((k.to_owned(), Vec::new()));
                out.len() - 1
            });
            out[g].1.push(i);
        }
        out
    }

    /// Segment indices of every document, in order of first appearance.
    pub fn documents(&self) -> Vec<(String, Vec<usize>)> {
        Self::groups(self.docids.iter().map(String::as_str))
    }

    /// Segment indices of every domain, in order of first appearance (empty if no domain is
    /// known).
    pub fn domains(&self) -> Vec<(String, Vec<usize>)> {
        if self.domain.iter().all(Option::is_none) {
            return Vec::new();
        }
        Self::groups(self.domain.iter().map(|d| d.as_deref().unwrap_or("")))
    }
}

/// The corpus score of every group of segments (a document, a domain), from one system's
/// per-segment statistics rows (`width` values each): each group's rows are summed and the sum
/// scored with `score_row`, as the corpus score is, so nothing is tokenized again.
pub fn group_scores(
    rows: &[f64],
    width: usize,
    groups: &[(String, Vec<usize>)],
    score_row: impl Fn(&[f64]) -> f64,
) -> Vec<f64> {
    let mut sum = vec![0.0; width];
    groups
        .iter()
        .map(|(_, segments)| {
            sum.iter_mut().for_each(|v| *v = 0.0);
            for &i in segments {
                for (a, b) in sum.iter_mut().zip(&rows[i * width..(i + 1) * width]) {
                    *a += b;
                }
            }
            score_row(&sum)
        })
        .collect()
}

/// One row of sacreBLEU's `-d/--detail` table: the segments of documents originally in one
/// language, all of them or those of one subset (a domain, or for wmt18/wmt19 a country or
/// domain of sacreBLEU's annotation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailRow {
    /// The original language (`--origlang`), as compared (`non-xx` when asked so).
    pub origlang: String,
    /// The subset (`--subset`): `None` for all the language's documents, `country:XX` for a
    /// country of sacreBLEU's annotation, else a domain.
    pub subset: Option<String>,
    /// The segments of the row, ascending (never empty: sacreBLEU skips empty rows).
    pub segments: Vec<usize>,
}

impl DetailRow {
    /// sacreBLEU's label: `origlang=de domain=ALL`, `origlang=de country=GB`,
    /// `origlang=de domain=news`.
    pub fn label(&self) -> String {
        match self.subset.as_deref() {
            None => format!("origlang={} domain=ALL", self.origlang),
            Some(s) => match s.strip_prefix("country:") {
                Some(c) => format!("origlang={} country={c}", self.origlang),
                None => format!("origlang={} domain={s}", self.origlang),
            },
        }
    }
}

/// The rows of sacreBLEU's `print_subset_results` in its order: for every original language
/// (sorted; only `origlang` if given) the language's segments, then those of every subset
/// (sorted; only `subset` if given), leaving out rows without segments. `select(origlang,
/// subset)` gives the segments `--origlang origlang --subset subset` would keep.
pub fn detail_rows<E>(
    origlangs: &BTreeSet<String>,
    subsets: &BTreeSet<String>,
    origlang: Option<&str>,
    subset: Option<&str>,
    mut select: impl FnMut(&str, Option<&str>) -> Result<Vec<usize>, E>,
) -> Result<Vec<DetailRow>, E> {
    let langs: Vec<&str> = match origlang {
        Some(o) => vec![o],
        None => origlangs.iter().map(String::as_str).collect(),
    };
    let mut wanted: Vec<Option<&str>> = vec![None];
    match subset {
        Some(s) => wanted.push(Some(s)),
        None => wanted.extend(subsets.iter().map(|s| Some(s.as_str()))),
    }
    let mut rows = Vec::new();
    for lang in langs {
        for &sub in &wanted {
            let segments = select(lang, sub)?;
            if !segments.is_empty() {
                rows.push(DetailRow {
                    origlang: lang.to_owned(),
                    subset: sub.map(str::to_owned),
                    segments,
                });
            }
        }
    }
    Ok(rows)
}

impl SegmentMeta {
    /// sacreBLEU's `-d/--detail` rows from this metadata: original languages and domains as
    /// the documents give them, a domain row holding the documents whose domain contains a
    /// match of the domain as a regular expression (`--subset`, as sacreBLEU selects a test
    /// set's domains). `origlang` / `subset` narrow the rows as sacreBLEU's `--origlang` /
    /// `--subset` do.
    pub fn detail(
        &self,
        origlang: Option<&str>,
        subset: Option<&str>,
    ) -> Result<Vec<DetailRow>, CorpusError> {
        let origlangs: BTreeSet<String> = self.origlang.iter().flatten().cloned().collect();
        if origlangs.is_empty() && origlang.is_none() {
            return Ok(Vec::new());
        }
        let subsets: BTreeSet<String> = self.domain.iter().flatten().cloned().collect();
        detail_rows(&origlangs, &subsets, origlang, subset, |lang, sub| {
            let re = sub
                .map(|s| {
                    let s = s.strip_prefix("country:").unwrap_or(s);
                    regex::Regex::new(s).map_err(|e| {
                        CorpusError::Selection(format!(
                            "-d/--detail: the domain {s:?} is not a regular expression: {}",
                            e.to_string().lines().last().unwrap_or_default().trim()
                        ))
                    })
                })
                .transpose()?;
            Ok((0..self.len())
                .filter(|&i| {
                    let lang_ok = match lang.strip_prefix("non-") {
                        Some(not) => self.origlang[i].as_deref() != Some(not),
                        None => self.origlang[i].as_deref() == Some(lang),
                    };
                    lang_ok
                        && re.as_ref().is_none_or(|re| {
                            self.domain[i].as_deref().is_some_and(|d| re.is_match(d))
                        })
                })
                .collect())
        })
    }
}

/// Which segments to keep. Every criterion given must hold (they combine with "and").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// sacreBLEU's `--origlang`/`-ol`: `xx` keeps documents whose original language is `xx`;
    /// `non-xx` keeps all others (including documents with no original language).
    pub origlang: Option<String>,
    /// `--domain NAME`: documents whose domain is exactly `NAME`.
    pub domain: Option<String>,
    /// sacreBLEU's `--subset`: documents whose domain contains a match of this regular
    /// expression (Python `re.search`; a leading `country:` is dropped, as sacreBLEU does).
    pub subset: Option<String>,
}

impl Selection {
    /// Whether nothing is selected against (the whole corpus is kept).
    pub fn is_empty(&self) -> bool {
        self.origlang.is_none() && self.domain.is_none() && self.subset.is_none()
    }

    /// As the user would type it, for messages.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(o) = &self.origlang {
            parts.push(format!("--origlang {o}"));
        }
        if let Some(d) = &self.domain {
            parts.push(format!("--domain {d}"));
        }
        if let Some(s) = &self.subset {
            parts.push(format!("--subset {s}"));
        }
        parts.join(" ")
    }
}

impl Corpus {
    /// The segments a [`Selection`] keeps, from every file (and the metadata), in order.
    ///
    /// An empty selection returns the corpus unchanged. Refused: a selection on a corpus
    /// without metadata, an invalid `subset` expression, and a selection that keeps no segment
    /// (the message lists the values that exist).
    pub fn select(&self, sel: &Selection) -> Result<Corpus, CorpusError> {
        if sel.is_empty() {
            return Ok(self.clone());
        }
        let what = sel.describe();
        let Some(meta) = &self.meta else {
            return Err(CorpusError::Selection(format!(
                "{what} needs document metadata (WMT XML, SGML or a test set by name); these inputs have none"
            )));
        };
        if !meta.consistent() || meta.len() != self.len() {
            return Err(CorpusError::Selection(format!(
                "{what}: the document metadata describes {} segments but the corpus has {}",
                meta.len(),
                self.len()
            )));
        }
        let subset = match &sel.subset {
            None => None,
            Some(s) => {
                let s = s.strip_prefix("country:").unwrap_or(s);
                Some(regex::Regex::new(s).map_err(|e| {
                    CorpusError::Selection(format!("--subset {s}: not a regular expression: {e}"))
                })?)
            }
        };
        let keep: Vec<usize> = (0..meta.len())
            .filter(|&i| {
                let lang = meta.origlang[i].as_deref();
                let domain = meta.domain[i].as_deref();
                let by_lang = match sel.origlang.as_deref() {
                    None => true,
                    // sacreBLEU compares the document's attribute with the rest of the word;
                    // a document without one is "not xx".
                    Some(o) => match o.strip_prefix("non-") {
                        Some(not) => lang != Some(not),
                        None => lang == Some(o),
                    },
                };
                let by_domain = sel.domain.as_deref().is_none_or(|d| domain == Some(d));
                let by_subset = subset
                    .as_ref()
                    .is_none_or(|re| domain.is_some_and(|d| re.is_match(d)));
                by_lang && by_domain && by_subset
            })
            .collect();
        if keep.is_empty() {
            let list = |v: Vec<&str>| {
                if v.is_empty() {
                    "none".to_owned()
                } else {
                    v.join(", ")
                }
            };
            return Err(CorpusError::Selection(format!(
                "{what} keeps no segment (original languages: {}; domains: {})",
                list(SegmentMeta::distinct(&meta.origlang)),
                list(SegmentMeta::distinct(&meta.domain))
            )));
        }
        let pick = |f: &TextFile| TextFile::new(&f.name, &f.path, keep.iter().map(|&i| f.line(i)));
        Corpus {
            source: self.source.as_ref().map(pick),
            references: self.references.iter().map(pick).collect(),
            systems: self.systems.iter().map(pick).collect(),
            warnings: self.warnings.clone(),
            meta: Some(meta.subset(&keep)),
            normalization: self.normalization,
        }
        .validated()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let f = |n: &str| TextFile::new(n, format!("{n}.txt"), ["a", "b", "c", "d"]);
        Corpus {
            references: vec![f("ref")],
            systems: vec![f("sys")],
            meta: Some(SegmentMeta {
                docids: ["d1", "d1", "d2", "d3"].map(String::from).to_vec(),
                origlang: vec![
                    Some("de".into()),
                    Some("de".into()),
                    Some("fr".into()),
                    None,
                ],
                domain: vec![
                    Some("news".into()),
                    Some("news".into()),
                    None,
                    Some("social".into()),
                ],
            }),
            ..Corpus::default()
        }
    }

    fn kept(sel: Selection) -> Vec<String> {
        let c = corpus().select(&sel).unwrap();
        assert_eq!(c.meta.as_ref().unwrap().len(), c.len());
        c.systems[0].lines().map(str::to_owned).collect()
    }

    #[test]
    fn origlang_and_non_origlang_like_sacrebleu() {
        let ol = |s: &str| Selection {
            origlang: Some(s.into()),
            ..Selection::default()
        };
        assert_eq!(kept(ol("de")), ["a", "b"]);
        assert_eq!(
            kept(ol("non-de")),
            ["c", "d"],
            "a document without origlang is non-de"
        );
        assert_eq!(kept(ol("non-xx")), ["a", "b", "c", "d"]);
    }

    #[test]
    fn domain_is_exact_and_subset_is_a_search() {
        let dom = Selection {
            domain: Some("news".into()),
            ..Selection::default()
        };
        assert_eq!(kept(dom), ["a", "b"]);
        let sub = Selection {
            subset: Some("country:ew|soc".into()),
            ..Selection::default()
        };
        assert_eq!(kept(sub), ["a", "b", "d"]);
        let both = Selection {
            origlang: Some("non-de".into()),
            subset: Some("soc".into()),
            ..Selection::default()
        };
        assert_eq!(kept(both), ["d"]);
    }

    #[test]
    fn refusals_say_why() {
        let none = Selection {
            origlang: Some("cs".into()),
            ..Selection::default()
        };
        assert_eq!(
            corpus().select(&none).unwrap_err().to_string(),
            "--origlang cs keeps no segment (original languages: de, fr; domains: news, social)"
        );
        let plain = Corpus {
            meta: None,
            ..corpus()
        };
        assert!(
            plain
                .select(&none)
                .unwrap_err()
                .to_string()
                .starts_with("--origlang cs needs document metadata")
        );
        assert_eq!(plain.select(&Selection::default()).unwrap().len(), 4);
    }

    #[test]
    fn detail_rows_are_sacrebleus_sorted_non_empty_rows() {
        let mut m = corpus().meta.unwrap();
        m.domain[2] = Some("newswire".into());
        let rows = m.detail(None, None).unwrap();
        let got: Vec<(String, Vec<usize>)> = rows
            .iter()
            .map(|r| (r.label(), r.segments.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("origlang=de domain=ALL", vec![0, 1]),
                // "news" is searched, as sacreBLEU's --subset does: it also finds "newswire"
                // (not in de's documents here).
                ("origlang=de domain=news", vec![0, 1]),
                ("origlang=fr domain=ALL", vec![2]),
                ("origlang=fr domain=news", vec![2]),
                ("origlang=fr domain=newswire", vec![2]),
            ]
            .map(|(l, s)| (l.to_owned(), s))
            .to_vec(),
            "sorted languages, then ALL and the sorted domains; empty rows left out; \
             a segment without origlang is in no row"
        );
        let narrowed = m.detail(Some("non-de"), Some("country:soc")).unwrap();
        let got: Vec<String> = narrowed.iter().map(DetailRow::label).collect();
        assert_eq!(
            got,
            ["origlang=non-de domain=ALL", "origlang=non-de country=soc"]
        );
        assert_eq!(narrowed[1].segments, [3]);
        let none = SegmentMeta {
            origlang: vec![None; 4],
            ..m.clone()
        };
        assert!(none.detail(None, None).unwrap().is_empty());
        m.domain[0] = Some("(".into());
        assert!(
            m.detail(None, None)
                .unwrap_err()
                .to_string()
                .contains("not a regular expression")
        );
    }

    #[test]
    fn groups_keep_first_appearance_order() {
        let m = corpus().meta.unwrap();
        assert_eq!(
            m.documents(),
            vec![
                ("d1".to_owned(), vec![0, 1]),
                ("d2".to_owned(), vec![2]),
                ("d3".to_owned(), vec![3])
            ]
        );
        assert_eq!(m.domains()[1], ("".to_owned(), vec![2]));
    }
}
