//! Tab-separated test sets: one segment per line, one column per text (`src`, `ref`, `ref:B`,
//! `hyp:sysA`, …), named by a header line or given with `--columns`.
//!
//! A line whose TAB count differs from the header's is refused with its line number. sacreBLEU's
//! TSV mode (`-nr N` on a tab-joined reference) splits silently and shifts columns instead; real
//! system outputs do contain TABs inside a segment (WMT24 en-is), so a TAB is never taken as a
//! segment's content nor guessed around: such data belongs in JSON Lines.

use std::path::PathBuf;

use super::error::CorpusError;
use super::meta::SegmentMeta;
use super::{Corpus, LoadOptions, Loader, TextFile, read_text_file};

/// What one column (TSV) or field (JSON Lines) holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The source (`src` or `source`).
    Source,
    /// A reference (`ref`, or `ref:NAME`).
    Reference(Option<String>),
    /// A system output (`hyp:NAME`).
    System(String),
    /// Document id (`docid`).
    DocId,
    /// Original language of the document (`origlang`).
    OrigLang,
    /// Domain of the document (`domain`).
    Domain,
    /// A column to skip (`-`).
    Ignore,
}

/// The role names accepted, for messages.
pub const ROLES: &str = "src, ref, ref:NAME, hyp:NAME, docid, origlang, domain, or - to skip";

impl Role {
    /// Parse one role word.
    pub fn parse(word: &str) -> Result<Role, String> {
        let w = word.trim();
        Ok(match w {
            "src" | "source" => Role::Source,
            "ref" | "reference" => Role::Reference(None),
            "docid" => Role::DocId,
            "origlang" => Role::OrigLang,
            "domain" => Role::Domain,
            "-" => Role::Ignore,
            _ => match w.split_once(':') {
                Some(("ref", n)) if !n.is_empty() => Role::Reference(Some(n.to_owned())),
                Some(("hyp" | "sys", n)) if !n.is_empty() => Role::System(n.to_owned()),
                _ => return Err(format!("unknown column '{w}' (expected {ROLES})")),
            },
        })
    }
}

/// Texts collected column by column, then turned into a validated [`Corpus`].
pub(crate) struct Columns {
    roles: Vec<Role>,
    cols: Vec<Vec<String>>,
}

impl Columns {
    /// Refuses a column list without a reference or without a system.
    pub(crate) fn new(roles: Vec<Role>, what: &str) -> Result<Self, String> {
        if !roles.iter().any(|r| matches!(r, Role::Reference(_))) {
            return Err(format!("no reference among the {what} (ref or ref:NAME)"));
        }
        if !roles.iter().any(|r| matches!(r, Role::System(_))) {
            return Err(format!("no system output among the {what} (hyp:NAME)"));
        }
        for (i, r) in roles.iter().enumerate() {
            let single = matches!(
                r,
                Role::Source | Role::DocId | Role::OrigLang | Role::Domain
            );
            if single && roles[..i].contains(r) {
                return Err(format!("{r:?} given twice among the {what}").to_lowercase());
            }
        }
        Ok(Self {
            cols: vec![Vec::new(); roles.len()],
            roles,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.roles.len()
    }

    pub(crate) fn push(&mut self, i: usize, value: String) {
        if self.roles[i] != Role::Ignore {
            self.cols[i].push(value);
        }
    }

    /// The corpus; `label(i)` says where column `i` came from (for messages).
    pub(crate) fn into_corpus(
        self,
        label: impl Fn(usize) -> String,
        warnings: Vec<String>,
    ) -> Result<Corpus, CorpusError> {
        let clean = |n: &str| crate::report::terminal::sanitize(n).into_owned();
        let unnamed_refs = self
            .roles
            .iter()
            .filter(|r| **r == Role::Reference(None))
            .count();
        let mut nth_ref = 0;
        let mut corpus = Corpus {
            warnings,
            ..Corpus::default()
        };
        let mut meta = SegmentMeta::default();
        let mut has_meta = false;
        for (i, (role, col)) in self.roles.iter().zip(self.cols).enumerate() {
            let file = |name: &str, col: &[String]| TextFile::new(clean(name), label(i), col);
            match role {
                Role::Source => corpus.source = Some(file("source", &col)),
                Role::Reference(name) => {
                    let name = match name {
                        Some(n) => n.clone(),
                        None if unnamed_refs == 1 => "ref".to_owned(),
                        None => {
                            nth_ref += 1;
                            format!("ref{nth_ref}")
                        }
                    };
                    corpus.references.push(file(&name, &col));
                }
                Role::System(name) => corpus.systems.push(file(name, &col)),
                Role::DocId => {
                    has_meta = true;
                    meta.docids = col;
                }
                Role::OrigLang => {
                    has_meta = true;
                    meta.origlang = col.into_iter().map(Some).collect();
                }
                Role::Domain => {
                    has_meta = true;
                    meta.domain = col.into_iter().map(Some).collect();
                }
                Role::Ignore => {}
            }
        }
        if has_meta {
            let n = corpus.references[0].len();
            if meta.docids.is_empty() {
                // Without document ids every segment is its own document.
                meta.docids = (1..=n).map(|i| i.to_string()).collect();
            }
            meta.origlang.resize(n, None);
            meta.domain.resize(n, None);
            corpus.meta = Some(meta);
        }
        corpus.validated()
    }
}

/// A TSV file.
#[derive(Debug, Clone, Default)]
pub struct Tsv {
    /// The file (`-`: standard input).
    pub path: PathBuf,
    /// The columns (`--columns`); `None`: the first line is a header naming them.
    pub columns: Option<Vec<Role>>,
}

impl Loader for Tsv {
    fn load(&self, opts: &LoadOptions) -> Result<Corpus, CorpusError> {
        let mut warnings = Vec::new();
        let file = read_text_file(&self.path, "", opts, &mut warnings)?;
        let shown = file.path.clone();
        let err = |line: usize, message: String| CorpusError::Malformed {
            path: shown.clone(),
            line,
            message,
        };
        if file.is_empty() {
            return Err(err(1, "empty file".into()));
        }
        let mut lines = file.lines().enumerate();
        let (roles, from_header) = match &self.columns {
            Some(r) => (r.clone(), false),
            None => {
                let Some((_, header)) = lines.next() else {
                    return Err(err(
                        1,
                        "empty file: expected a header line naming the columns".into(),
                    ));
                };
                let roles = header
                    .trim_end_matches('\r')
                    .split('\t')
                    .map(Role::parse)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| err(1, format!("header: {e}")))?;
                (roles, true)
            }
        };
        let what = if from_header {
            "header's columns"
        } else {
            "--columns"
        };
        let mut cols = Columns::new(roles, what).map_err(|e| err(1, e))?;
        let n = cols.len();
        for (i, line) in lines {
            let fields = memchr::memchr_iter(b'\t', line.as_bytes()).count() + 1;
            if fields != n {
                let expected = if from_header {
                    format!("the header has {n}")
                } else {
                    format!("--columns names {n}")
                };
                return Err(err(
                    i + 1,
                    format!(
                        "{fields} TAB-separated fields but {expected}; a TAB inside a segment is refused, never shifted (convert such data to JSON Lines)"
                    ),
                ));
            }
            for (c, f) in line.split('\t').enumerate() {
                cols.push(c, f.to_owned());
            }
        }
        cols.into_corpus(|c| format!("{shown} (column {})", c + 1), warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse() {
        assert_eq!(Role::parse("hyp:A").unwrap(), Role::System("A".into()));
        assert_eq!(
            Role::parse("ref:B").unwrap(),
            Role::Reference(Some("B".into()))
        );
        assert_eq!(Role::parse(" src ").unwrap(), Role::Source);
        assert!(Role::parse("hyp:").is_err());
        assert!(
            Role::parse("translation")
                .unwrap_err()
                .contains("unknown column 'translation'")
        );
    }

    #[test]
    fn columns_need_a_reference_and_a_system() {
        assert!(Columns::new(vec![Role::Source, Role::System("a".into())], "x").is_err());
        assert!(Columns::new(vec![Role::Reference(None)], "x").is_err());
        assert!(
            Columns::new(
                vec![
                    Role::Source,
                    Role::Source,
                    Role::Reference(None),
                    Role::System("a".into())
                ],
                "x"
            )
            .is_err()
        );
    }
}
